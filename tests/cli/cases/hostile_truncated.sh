# Hostile input: truncated files (a copy cut short) and empty files
# (docs/hostile-inputs.md). Every cut is an input error (exit 3), located;
# nothing is written.
A="--label label --score score --protected g --bootstrap 0"
printf 'score,label,g\n0.9,1,"North East"\n0.2,0,b\n0.7,1,caf\303\251\n' > full.csv
head -c 24 full.csv > in-quotes.csv          # ends inside "North East
run 3 "$FA" audit --predictions in-quotes.csv $A --out o
expect_err 'in-quotes.csv:2:3: unterminated quoted field (the file ends inside quotes)'
expect_no_file o/audit.json
head -c 38 full.csv > mid-row.csv            # ends after "0.2,0"
run 3 "$FA" audit --predictions mid-row.csv $A --out o
expect_err 'mid-row.csv:3:3: record has 2 fields, expected 3'
head -c 51 full.csv > mid-char.csv           # ends inside the two bytes of "é"
run 3 "$FA" audit --predictions mid-char.csv $A --out o
expect_err 'mid-char.csv:4:3: column "g": value is not valid UTF-8'
head -c 10 full.csv > mid-header.csv         # "score,labe"
run 3 "$FA" audit --predictions mid-header.csv $A --out o
expect_err 'no label column "label"'
: > empty.csv
run 3 "$FA" audit --predictions empty.csv $A --out o
expect_err 'empty.csv:1:1: the file is empty (expected a header record)'
head -n 1 full.csv > header-only.csv
run 3 "$FA" audit --predictions header-only.csv $A --out o
expect_err 'header-only.csv'
expect_no_file o/audit.json

# JSON inputs cut short: spec, policy, model, audit document, batch manifest.
cat > spec.json <<'JSON'
{"format": "fairaudit-spec", "format_version": 1, "name": "t",
 "columns": [{"name": "score", "role": "numeric"}, {"name": "g", "role": "protected"},
  {"name": "label", "role": "label", "positive": "1", "negative": "0"}]}
JSON
head -c 60 spec.json > cut-spec.json
run 3 "$FA" describe --data full.csv --spec cut-spec.json
expect_err 'cut-spec.json:1:59: unterminated string'
head -c 109 spec.json > cut-spec2.json      # after '"role": "numeric"}'
run 3 "$FA" describe --data full.csv --spec cut-spec2.json
expect_err 'cut-spec2.json:2:'
run 0 "$FA" audit --predictions full.csv $A --out good --min-group-size 1 --quiet
head -c 300 good/audit.json > cut-audit.json
run 3 "$FA" gate cut-audit.json --policy "$SRC/datasets/credit-policy.json" --out g
expect_err 'cut-audit.json:'
expect_no_file g/junit.xml
run 3 "$FA" report cut-audit.json --out r
expect_no_file r/report.html
head -c 200 "$SRC/datasets/credit-policy.json" > cut-policy.json
run 3 "$FA" gate good/audit.json --policy cut-policy.json --out g
expect_err 'cut-policy.json:'
expect_no_file g/junit.xml
awk 'BEGIN { print "score,g,label"; for (i = 0; i < 100; i++) printf "%d,%s,%d\n", i % 7, (i % 2 ? "a" : "b"), (i % 7 > 3) }' > train.csv
run 0 "$FA" train --data train.csv --spec spec.json --out model.json --quiet
size=$(wc -c < model.json)
head -c $((size / 2)) model.json > cut-model.json
run 3 "$FA" predict --model cut-model.json --data train.csv --out p.csv
expect_err 'cut-model.json:'
expect_no_file p.csv
printf '{"format": "fairaudit-batch", "format_version": 1, "audits": [{"name": "a", "pre' > cut-batch.json
run 3 "$FA" batch cut-batch.json --out b
expect_err 'cut-batch.json:1:'
expect_no_file b/batch.json
