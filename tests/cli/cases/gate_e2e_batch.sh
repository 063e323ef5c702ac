# End to end: a batch of three synthetic credit models under one policy —
# one fair, one trained with strong bias, one whose input file is corrupt.
# The failing model and the broken input are named, the other audits still
# run, the roll-up has one JUnit suite per audit, and the exit status is 1.
S=$SRC/datasets/credit.json
run 0 "$FA" gen-credit --rows 20000 --seed 1 --bias 0 --out train-a.csv --quiet
run 0 "$FA" gen-credit --rows 20000 --seed 1 --bias 1 --out train-b.csv --quiet
run 0 "$FA" gen-credit --rows 100000 --seed 2 --bias 0 --out holdout.csv --quiet
run 0 "$FA" train --data train-a.csv --spec "$S" --out a.model.json --quiet
run 0 "$FA" train --data train-b.csv --spec "$S" --out b.model.json --quiet
run 0 "$FA" predict --model a.model.json --data holdout.csv --threshold 0.2 --out a.csv --quiet
# Model C's data file is corrupt: a row with text in the numeric income column.
head -n 500 holdout.csv > corrupt.csv
sed -n 501p holdout.csv | sed 's/^\([^,]*\),[^,]*,/\1,12x34,/' >> corrupt.csv
cat > portfolio.json <<JSON
{"format": "fairaudit-batch", "format_version": 1,
 "policy": "$SRC/datasets/credit-policy.json",
 "defaults": {"threshold": 0.2, "seed": 1},
 "audits": [
  {"name": "scorecard-a", "predictions": "a.csv", "label": "default", "score": "score",
   "decision": "decision", "protected": ["sex", "race"], "favorable": 0},
  {"name": "scorecard-b", "model": "b.model.json", "data": "holdout.csv"},
  {"name": "scorecard-c", "model": "a.model.json", "data": "corrupt.csv", "spec": "$S"}
 ]}
JSON
run 1 "$FA" batch portfolio.json --out portfolio
expect_err "scorecard-a: gate passed (0 failed"
expect_err "scorecard-b: gate FAILED ("
expect_err "warning: scorecard-c: could not be audited: corrupt.csv:501:"
expect_err "batch FAILED: 3 audits: 1 passed, 1 failed, 1 could not be run"
[ "$(json_get portfolio/batch.json '[(a["name"], a["status"]) for a in d["audits"]]')" = \
  "[('scorecard-a', 'passed'), ('scorecard-b', 'failed'), ('scorecard-c', 'error')]" ] \
    || { cat portfolio/batch.json; fail "batch.json statuses"; }
[ "$(json_get portfolio/batch.json 'd["audits"][1]["worst"][0]["rule"], d["audits"][1]["worst"][0]["group"]')" = "('four_fifths', 'Black')" ] \
    || fail "batch.json: the biased model's worst finding is not four_fifths race=Black"
json_get portfolio/batch.json 'd["audits"][2]["error"]' | grep -F 'corrupt.csv:501:' >/dev/null \
    || fail "batch.json: the broken input's location"
for f in scorecard-a/audit.json scorecard-a/junit.xml scorecard-a/summary.md \
         scorecard-b/audit.json scorecard-b/predictions.csv batch.json summary.md junit.xml; do
    expect_file "portfolio/$f"
done
expect_no_file portfolio/scorecard-c
[ "$(grep -c '<testsuite ' portfolio/junit.xml)" = "3" ] || fail "junit.xml: one suite per audit"
grep -F '<testsuite name="scorecard-c" tests="1" failures="0" errors="1"' portfolio/junit.xml >/dev/null \
    || fail "junit.xml: the corrupt input is not an <error>"
if command -v xmllint >/dev/null 2>&1; then
    xmllint --noout --schema "$SRC/tests/fixtures/junit/junit.xsd" portfolio/junit.xml \
        || fail "junit.xml does not validate"
fi
grep -F '| scorecard-b | ❌ fail |' portfolio/summary.md | grep -F 'four\_fifths race=Black' >/dev/null \
    || { cat portfolio/summary.md; fail "summary.md: the failing model"; }
grep -F '| scorecard-c | 💥 error |' portfolio/summary.md >/dev/null || fail "summary.md: broken input"
