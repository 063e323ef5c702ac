# fairaudit batch over three existing audits (fixtures): a fair one, a biased
# one and a corrupt file. The failing model and the broken input are named,
# the others are audited, the roll-up has one suite per audit, exit 1.
G=$SRC/tests/fixtures/gate
mkdir in
cp "$G/audit-fair.json" "$G/audit-biased.json" in/
printf '{"schema_version": 1, "attributes": [{"name": "sex", "groups": [' > in/corrupt.json
cat > manifest.json <<JSON
{"format": "fairaudit-batch", "format_version": 1,
 "policy": "$SRC/datasets/credit-policy.json",
 "audits": [
  {"name": "scorecard-fair", "audit": "in/audit-fair.json"},
  {"name": "scorecard-biased", "audit": "in/audit-biased.json"},
  {"name": "scorecard-corrupt", "audit": "in/corrupt.json"}
 ]}
JSON
run 1 "$FA" batch manifest.json --out out
expect_err "scorecard-fair: gate passed"
expect_err "scorecard-biased: gate FAILED (2 failed"
expect_err "warning: scorecard-corrupt: could not be audited: in/corrupt.json:1:"
expect_err "batch FAILED: 3 audits: 1 passed, 1 failed, 1 could not be run"
for f in batch.json summary.md junit.xml scorecard-fair/audit.json scorecard-fair/junit.xml \
         scorecard-fair/summary.md scorecard-biased/audit.json; do
    expect_file "out/$f"
done
expect_no_file out/scorecard-corrupt
[ "$(json_get out/batch.json '[(a["name"], a["status"]) for a in d["audits"]]')" = \
  "[('scorecard-fair', 'passed'), ('scorecard-biased', 'failed'), ('scorecard-corrupt', 'error')]" ] \
    || { cat out/batch.json; fail "batch.json statuses"; }
[ "$(json_get out/batch.json 'd["audits"][1]["worst"][0]["group"]')" = "female" ] \
    || fail "batch.json: worst finding of the biased audit is not sex=female"
[ "$(json_get out/scorecard-biased/audit.json 'd["gate"]["passed"]')" = "False" ] \
    || fail "gate section missing from the biased audit.json"
[ "$(json_get out/scorecard-biased/audit.json 'd["attributes"][0]["groups"][1]["vs_reference"]["adverse_impact_ratio"]')" = "0.55" ] \
    || fail "the audit.json copy lost its data"
[ "$(grep -c '<testsuite ' out/junit.xml)" = "3" ] || fail "junit.xml: expected one suite per audit"
grep -F '<testsuite name="scorecard-corrupt" tests="1" failures="0" errors="1"' out/junit.xml >/dev/null \
    || { cat out/junit.xml; fail "junit.xml: the broken input is not an error"; }
if command -v xmllint >/dev/null 2>&1; then
    xmllint --noout --schema "$SRC/tests/fixtures/junit/junit.xsd" out/junit.xml || fail "junit.xml invalid"
fi
grep -F '| scorecard-biased | ❌ fail | 2 | 0 | 0 | four\_fifths sex=female: 0.55 below min 0.8 |' out/summary.md >/dev/null \
    || { cat out/summary.md; fail "summary.md roll-up row"; }
grep -F '| scorecard-corrupt | 💥 error |' out/summary.md >/dev/null || fail "summary.md: broken input"

# A later run where the corrupt input is fixed leaves no stale state; a run
# where a good input breaks removes its old outputs.
cp "$G/audit-fair.json" in/corrupt.json
echo '{' > in/audit-fair.json
run 1 "$FA" batch manifest.json --out out --quiet
expect_no_file out/scorecard-fair/audit.json
expect_file out/scorecard-corrupt/audit.json

# Baselines from a previous run's folder.
cp "$G/audit-regressed.json" in/audit-fair.json
cat > m2.json <<JSON
{"format_version": 1, "policy": "$SRC/datasets/credit-policy.json", "baseline_dir": "prev",
 "audits": [{"name": "s", "audit": "in/audit-fair.json"}]}
JSON
mkdir -p prev/s && cp "$G/audit-fair.json" prev/s/audit.json
run 1 "$FA" batch m2.json --out out2
expect_err "s: gate FAILED (1 failed"
[ "$(json_get out2/batch.json 'd["audits"][0]["baseline"]')" = "prev/s/audit.json" ] || fail "baseline not used"

# An invalid manifest or policy stops everything (exit 3), nothing written.
printf '{"format_version": 1, "policy": "p.json", "audits": [{"name": "x y", "audit": "a"}]}' > bad.json
run 3 "$FA" batch bad.json --out out3
expect_err "bad.json:1:63: audit name \"x y\""
expect_no_file out3
run 3 "$FA" batch manifest.json --out out4 --policy "$G/policy-bad.json"
expect_err "policy-bad.json:6:16: unknown metric"
expect_no_file out4
run 2 "$FA" batch manifest.json
expect_err "missing --out DIR"
run 0 "$FA" batch --help
