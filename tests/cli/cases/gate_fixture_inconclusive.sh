# A tiny sample (fixture: groups of 5-15 rows) is inconclusive, and the
# outcome follows the policy's "inconclusive" setting: warn (default) passes
# with warnings, fail fails, pass passes quietly.
G=$SRC/tests/fixtures/gate
P=$SRC/datasets/credit-policy.json
run 0 "$FA" gate "$G/audit-tiny.json" --policy "$P" --out warn
expect_err "0 failed, 0 warned, 7 inconclusive, 0 passed (7 checks)"
expect_err "INCONCLUSIVE (warns) four_fifths sex=female: group has 11 rows, fewer than min_group_size 30"
sed 's/"inconclusive": "warn"/"inconclusive": "fail"/' "$P" > fail.json
run 1 "$FA" gate "$G/audit-tiny.json" --policy fail.json --out fail
expect_err "INCONCLUSIVE (fails) four_fifths sex=female"
grep -F 'type="inconclusive"' fail/junit.xml >/dev/null || fail "junit.xml: no inconclusive failure"
sed 's/"inconclusive": "warn"/"inconclusive": "pass"/' "$P" > pass.json
run 0 "$FA" gate "$G/audit-tiny.json" --policy pass.json --out pass
[ "$(json_get pass/gate.json 'sorted(set(e["outcome"] for e in d["gate"]["entries"]))')" = "['pass']" ] \
    || fail "inconclusive=pass should make every outcome pass"
# A lower min_group_size turns the same audit into real verdicts.
sed 's/"min_group_size": 30/"min_group_size": 5/' "$P" > small.json
run 1 "$FA" gate "$G/audit-tiny.json" --policy small.json --out small
expect_err "FAIL four_fifths sex=female: 0.64 below min 0.8"
