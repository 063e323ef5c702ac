# End to end: a tiny sample is inconclusive and the outcome follows the
# policy's "inconclusive" setting (warn by default: exit 0; fail: exit 1;
# pass: exit 0 without warnings).
S=$SRC/datasets/credit.json
P=$SRC/datasets/credit-policy.json
run 0 "$FA" gen-credit --rows 20000 --seed 1 --bias 1 --out train.csv --quiet
run 0 "$FA" gen-credit --rows 40 --seed 5 --bias 0 --out tiny.csv --quiet
run 0 "$FA" train --data train.csv --spec "$S" --out model.json --quiet
run 0 "$FA" predict --model model.json --data tiny.csv --threshold 0.2 --out tiny-pred.csv --quiet
AUDIT="--label default --score score --decision decision --protected sex,race --favorable 0 --seed 1"

run 0 "$FA" audit --predictions tiny-pred.csv $AUDIT --out warn --policy "$P"
expect_err "gate passed: policy credit-scoring: 0 failed, 0 warned,"
expect_err "INCONCLUSIVE (warns) four_fifths sex="
expect_err "fewer than min_group_size 30"
[ "$(json_get warn/audit.json 'sorted(set(e["verdict"] for e in d["gate"]["entries"]))')" = "['inconclusive']" ] \
    || fail "every check of a 40-row audit should be inconclusive"

sed 's/"inconclusive": "warn"/"inconclusive": "fail"/' "$P" > strict.json
run 1 "$FA" audit --predictions tiny-pred.csv $AUDIT --out fail --policy strict.json --quiet
expect_err "INCONCLUSIVE (fails) four_fifths sex="

sed 's/"inconclusive": "warn"/"inconclusive": "pass"/' "$P" > lenient.json
run 0 "$FA" audit --predictions tiny-pred.csv $AUDIT --out pass --policy lenient.json --quiet
[ ! -s err.txt ] || { cat err.txt; fail "--quiet printed although nothing warned or failed"; }
