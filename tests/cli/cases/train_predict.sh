# train / predict on a small generated data set: options, exit codes, files,
# determinism, embedded spec, version checks.
cat > toy.json <<'JSON'
{"format": "fairaudit-spec", "format_version": 1, "name": "toy",
 "columns": [
  {"name": "x1", "role": "numeric"},
  {"name": "x2", "role": "numeric"},
  {"name": "c", "role": "categorical"},
  {"name": "g", "role": "protected"},
  {"name": "y", "role": "label", "positive": "yes", "negative": "no"}]}
JSON
# 3000 rows; y depends on x1, x2 and c through a fixed pseudo-random rule.
awk 'BEGIN { srand(7); print "x1,x2,c,g,y";
  for (i = 0; i < 3000; i++) { x1 = rand() * 4 - 2; x2 = rand() * 4 - 2; c = int(rand() * 3);
    z = 1.2 * x1 - 0.8 * x2 + (c == 2 ? 1 : -0.5) + x1 * x2;
    y = (rand() < 1 / (1 + exp(-z))) ? "yes" : "no";
    printf "%.4f,%.4f,%s,%s,%s\n", x1, x2, substr("abc", c + 1, 1), (i % 3 ? "m" : "f"), y } }' > toy.csv

run 0 "$FA" train --help
expect_out "usage: fairaudit train"
expect_out "--C C"
run 0 "$FA" predict --help
expect_out "score,decision,<label>"

# Usage errors exit 2 and write nothing.
run 2 "$FA" train --data toy.csv --spec toy.json
expect_err "--data, --spec and --out are required"
run 2 "$FA" train --data toy.csv --spec toy.json --out m.json --l2 1 --C 1
expect_err "either --l2 or --C"
run 2 "$FA" train --data toy.csv --spec toy.json --out m.json --model svm
run 2 "$FA" train --data toy.csv --spec toy.json --out m.json --model mlp --hidden 0
expect_err "--hidden expects"
run 2 "$FA" train --data toy.csv --spec toy.json --out m.json --epochs 3
expect_err "apply to --model mlp only"
run 2 "$FA" train --data toy.csv --spec toy.json --out m.json --C -1
run 2 "$FA" train --data toy.csv --spec toy.json --out m.json --bogus
expect_no_file m.json

# Logistic regression: model file, progress on stderr, --quiet silences it.
run 0 "$FA" train --data toy.csv --spec toy.json --out m.json
expect_file m.json
expect_err "trained logreg on 3000 rows x 5 features"
[ "$(json_get m.json 'd["format"]')" = "fairaudit-model" ] || fail "format"
[ "$(json_get m.json 'd["kind"]')" = "logreg" ] || fail "kind"
[ "$(json_get m.json 'd["training"]["result"]["converged"]')" = "True" ] || fail "not converged"
[ "$(json_get m.json 'd["training"]["spec"]["name"]')" = "toy" ] || fail "spec name"
[ "$(json_get m.json 'len(d["logreg"]["coef"])')" = "5" ] || fail "coef count"
run 0 "$FA" train --data toy.csv --spec toy.json --out m2.json --quiet
[ ! -s err.txt ] || fail "--quiet printed: $(cat err.txt)"
# The same fit, whatever the thread counts: identical bytes.
cmp m.json m2.json || fail "two fits differ"
run 0 "$FA" train --data toy.csv --spec toy.json --out m3.json --threads 1 --quiet
cmp m.json m3.json || fail "--threads 1 changed the model"
OPENBLAS_NUM_THREADS=1 run 0 "$FA" train --data toy.csv --spec toy.json --out m4.json --threads 3 --quiet
cmp m.json m4.json || fail "thread counts changed the model"
# --C is --l2 1/C.
run 0 "$FA" train --data toy.csv --spec toy.json --out c4.json --C 4 --quiet
run 0 "$FA" train --data toy.csv --spec toy.json --out l4.json --l2 0.25 --quiet
cmp c4.json l4.json || fail "--C 4 and --l2 0.25 differ"

# predict: embedded spec or --spec, header, one line per row, threshold.
run 0 "$FA" predict --model m.json --data toy.csv --out p.csv
[ "$(head -n 1 p.csv)" = "score,decision,y,g" ] || fail "header: $(head -n 1 p.csv)"
[ "$(wc -l < p.csv)" -eq 3001 ] || fail "rows: $(wc -l < p.csv)"
expect_err "scored 3000 rows"
run 0 "$FA" predict --model m.json --data toy.csv --spec toy.json --out p2.csv --quiet
cmp p.csv p2.csv || fail "--spec gave other predictions"
run 0 "$FA" predict --model m.json --data toy.csv --out p4.csv --threads 3 --quiet
cmp p.csv p4.csv || fail "--threads 3 changed the predictions"
run 0 "$FA" predict --model m.json --data toy.csv --out p3.csv --threshold 1 --quiet
[ "$(tail -n +2 p3.csv | cut -d, -f2 | sort -u)" = "0" ] || fail "threshold 1 gave a decision 1"
# decision = score >= 0.5 and the label column is 0/1.
tail -n +2 p.csv | awk -F, '{ if (($1 >= 0.5) != $2 || ($3 != 0 && $3 != 1)) bad++ } END { exit bad > 0 }' \
    || fail "decision or label column wrong"

# Errors: bad model version -> 3, located; missing model -> 4; no output written.
sed 's/"format_version": 1/"format_version": 9/' m.json > v9.json
run 3 "$FA" predict --model v9.json --data toy.csv --out bad.csv
expect_err "v9.json:3:"
expect_err "unsupported model format_version 9 (this build reads 1)"
expect_no_file bad.csv
run 4 "$FA" predict --model missing.json --data toy.csv --out bad.csv
expect_no_file bad.csv
# A label value outside the spec -> 3, no model written.
(cat toy.csv; echo "0.1,0.2,a,m,maybe") > badlabel.csv
run 3 "$FA" train --data badlabel.csv --spec toy.json --out bad.json
expect_err "badlabel.csv:3002"
expect_no_file bad.json

# MLP: seeded and deterministic; another seed gives another model.
run 0 "$FA" train --model mlp --hidden 8,4 --epochs 30 --data toy.csv --spec toy.json --out n1.json --quiet
run 0 "$FA" train --model mlp --hidden 8,4 --epochs 30 --data toy.csv --spec toy.json --out n2.json --quiet
cmp n1.json n2.json || fail "same seed, different MLP"
run 0 "$FA" train --model mlp --hidden 8,4 --epochs 30 --seed 5 --data toy.csv --spec toy.json --out n3.json --quiet
if cmp -s n1.json n3.json; then fail "different seeds gave the same MLP"; fi
[ "$(json_get n1.json 'len(d["mlp"]["layers"])')" = "3" ] || fail "two hidden layers expected"
run 0 "$FA" predict --model n1.json --data toy.csv --out pn.csv --quiet
[ "$(wc -l < pn.csv)" -eq 3001 ] || fail "mlp rows"
