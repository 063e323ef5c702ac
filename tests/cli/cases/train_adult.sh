# Adult (rows with '?' dropped, categoricals one-hot, numerics standardised,
# label >50K): logistic regression with C = 1 reaches the scikit-learn
# reference optimum and test metrics; the MLP beats its test log-loss.
need_data adult
SPEC="$SRC/datasets/adult-reference.json"

# metrics FILE: accuracy, log-loss and ROC AUC (ties get average ranks) of a
# predictions CSV, computed with the Python standard library only.
metrics() {
    python3 - "$1" <<'PY'
import csv, math, sys
rows = list(csv.DictReader(open(sys.argv[1])))
s = [float(r["score"]) for r in rows]; y = [int(r["income"]) for r in rows]
d = [int(r["decision"]) for r in rows]
acc = sum(a == b for a, b in zip(d, y)) / len(y)
ll = -sum(math.log(p) if t else math.log1p(-p) for p, t in zip(s, y)) / len(y)
order = sorted(range(len(s)), key=lambda i: s[i]); rank = [0.0] * len(s); i = 0
while i < len(order):
    j = i
    while j + 1 < len(order) and s[order[j + 1]] == s[order[i]]: j += 1
    for k in range(i, j + 1): rank[order[k]] = (i + j) / 2 + 1
    i = j + 1
npos = sum(y); nneg = len(y) - npos
auc = (sum(r for r, t in zip(rank, y) if t) - npos * (npos + 1) / 2) / (npos * nneg)
print(f"{acc:.6f} {ll:.6f} {auc:.6f}")
PY
}

run 0 "$FA" train --data "$DATA/adult/adult.data" --spec "$SPEC" --out lr.json --C 1 --quiet
obj=$(json_get lr.json 'd["training"]["result"]["objective"]')
python3 -c "import sys; o=float(sys.argv[1]); sys.exit(abs(o - 9773.0328) > 1e-6 * 9773.0328)" "$obj" \
    || fail "objective $obj is not within 1e-6 of 9773.0328"
[ "$(json_get lr.json 'd["n_inputs"]')" = "104" ] || fail "expected 104 encoded features"
[ "$(json_get lr.json 'd["training"]["result"]["rows"]')" = "30162" ] || fail "expected 30162 rows"
run 0 "$FA" predict --model lr.json --data "$DATA/adult/adult.test" --out lr.csv --quiet
[ "$(wc -l < lr.csv)" -eq 15061 ] || fail "expected 15060 test rows"
set -- $(metrics lr.csv)
echo "logreg: objective $obj, accuracy $1, log-loss $2, AUC $3" >&2
python3 -c "import sys; a,l,u=map(float,sys.argv[1:]); sys.exit(not (a >= 0.8475 and l <= 0.3262 and u >= 0.9032))" "$1" "$2" "$3" \
    || fail "logreg test metrics $1 $2 $3 miss 0.8475 / 0.3262 / 0.9032"
lr_ll=$2

run 0 "$FA" train --model mlp --data "$DATA/adult/adult.data" --spec "$SPEC" --out mlp.json --quiet
run 0 "$FA" predict --model mlp.json --data "$DATA/adult/adult.test" --out mlp.csv --quiet
set -- $(metrics mlp.csv)
echo "mlp: accuracy $1, log-loss $2, AUC $3" >&2
python3 -c "import sys; sys.exit(not float(sys.argv[1]) < float(sys.argv[2]))" "$2" "$lr_ll" \
    || fail "MLP test log-loss $2 does not beat logistic regression's $lr_ll"
