# End to end on synthetic credit data: gen-credit -> train -> predict -> audit
# --policy datasets/credit-policy.json. A model trained on unbiased labels
# passes (exit 0); one trained with strong --bias fails the four-fifths rule
# (exit 1) and the failing group is named. `fairaudit gate` on the written
# audit gives the same verdict without rereading the data.
S=$SRC/datasets/credit.json
P=$SRC/datasets/credit-policy.json
run 0 "$FA" gen-credit --rows 20000 --seed 1 --bias 0 --out train-fair.csv --quiet
run 0 "$FA" gen-credit --rows 20000 --seed 1 --bias 1 --out train-biased.csv --quiet
run 0 "$FA" gen-credit --rows 100000 --seed 2 --bias 0 --out holdout.csv --quiet
run 0 "$FA" train --data train-fair.csv --spec "$S" --out fair.model.json --quiet
run 0 "$FA" train --data train-biased.csv --spec "$S" --out biased.model.json --quiet
# Approve when the predicted default probability is below 0.2 (decision 0 is
# the favourable outcome: --favorable 0).
run 0 "$FA" predict --model fair.model.json --data holdout.csv --threshold 0.2 --out fair.csv --quiet
run 0 "$FA" predict --model biased.model.json --data holdout.csv --threshold 0.2 --out biased.csv --quiet
AUDIT="--label default --score score --decision decision --protected sex,race --favorable 0 --seed 1"

run 0 "$FA" audit --predictions fair.csv $AUDIT --out fair --policy "$P"
expect_err "gate passed: policy credit-scoring: 0 failed"
[ "$(json_get fair/audit.json 'd["gate"]["passed"]')" = "True" ] || fail "audit.json: gate.passed"
expect_file fair/junit.xml
expect_file fair/summary.md

run 1 "$FA" audit --predictions biased.csv $AUDIT --out biased --policy "$P" --quiet
expect_err "gate FAILED: policy credit-scoring:"
expect_err "FAIL four_fifths race=Black:"
expect_err "below min 0.8"
[ "$(json_get biased/audit.json '[e["group"] for e in d["gate"]["entries"] if e["rule"]=="four_fifths" and e["verdict"]=="fail"][0]')" = "Black" ] \
    || fail "audit.json does not name Black as the first failing group"
grep -F '<failure message="race=Black: ' biased/junit.xml >/dev/null || { cat biased/junit.xml; fail "junit.xml"; }
if command -v xmllint >/dev/null 2>&1; then
    xmllint --noout --schema "$SRC/tests/fixtures/junit/junit.xsd" biased/junit.xml fair/junit.xml \
        || fail "junit.xml does not validate"
fi
grep -F '| ❌ fail' biased/summary.md | grep -F '| four\_fifths | race | Black |' >/dev/null \
    || { cat biased/summary.md; fail "summary.md: four-fifths row"; }

# Audit once, gate many times: the same verdict from the written audit.
run 1 "$FA" gate biased/audit.json --policy "$P" --out regate
expect_err "FAIL four_fifths race=Black:"
run 0 "$FA" gate fair/audit.json --policy "$P" --out regate-fair --quiet
