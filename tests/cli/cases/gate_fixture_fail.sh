# A biased audit (fixture) fails the four-fifths rule: exit 1, the failing group
# is named on stderr, in junit.xml (<failure>) and in summary.md.
G=$SRC/tests/fixtures/gate
run 1 "$FA" gate "$G/audit-biased.json" --policy "$SRC/datasets/credit-policy.json" --out out
expect_err "gate FAILED: policy credit-scoring: 2 failed"
expect_err "FAIL four_fifths sex=female: 0.55 below min 0.8"
expect_err "FAIL equalized_odds sex: 0.21 outside max 0.1"
grep -F '<failure message="sex=female: 0.55 below min 0.8" type="fail">' out/junit.xml >/dev/null \
    || { cat out/junit.xml; fail "junit.xml lacks the failure"; }
grep -F '| ❌ fail | four\_fifths | sex | female | 0.55 |' out/summary.md >/dev/null \
    || { cat out/summary.md; fail "summary.md lacks the failing row"; }
[ "$(json_get out/gate.json 'd["gate"]["passed"]')" = "False" ] || fail "gate.json: passed"
[ "$(json_get out/gate.json '[e["group"] for e in d["gate"]["entries"] if e["verdict"]=="fail" and e["rule"]=="four_fifths"]')" = "['female']" ] \
    || fail "gate.json does not name female as the failing group"
# --quiet still prints a failing gate.
run 1 "$FA" gate "$G/audit-biased.json" --policy "$SRC/datasets/credit-policy.json" --out out --quiet
expect_err "FAIL four_fifths sex=female"
