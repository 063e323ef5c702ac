# fairaudit gate on a fair audit (hand-made fixture): every rule passes, exit 0,
# junit.xml / summary.md / gate.json written into --out, junit.xml valid.
G=$SRC/tests/fixtures/gate
run 0 "$FA" gate "$G/audit-fair.json" --policy "$SRC/datasets/credit-policy.json" --out out
expect_err "gate passed: policy credit-scoring: 0 failed, 0 warned, 0 inconclusive, 7 passed (7 checks)"
expect_file out/junit.xml
expect_file out/summary.md
expect_file out/gate.json
[ "$(json_get out/gate.json 'd["gate"]["passed"]')" = "True" ] || fail "gate.json: passed is not true"
[ "$(json_get out/gate.json 'len(d["gate"]["entries"])')" = "7" ] || fail "gate.json: expected 7 entries"
grep -F "| result | rule | attribute | group | value | bound | CI | reason |" out/summary.md >/dev/null \
    || fail "summary.md has no table header"
grep -F '<testsuites name="fairaudit" tests="6" failures="0" errors="0"' out/junit.xml >/dev/null \
    || { cat out/junit.xml; fail "junit.xml counts"; }
if command -v xmllint >/dev/null 2>&1; then
    xmllint --noout --schema "$SRC/tests/fixtures/junit/junit.xsd" out/junit.xml \
        || fail "junit.xml does not validate"
else
    echo "note: xmllint absent (libxml2-utils); junit.xml schema check skipped" >&2
fi
# The default output folder is the audit's folder; --quiet keeps a pass silent.
cp "$G/audit-fair.json" audit.json
run 0 "$FA" gate audit.json --policy="$SRC/datasets/credit-policy.json" --quiet
[ ! -s err.txt ] || { cat err.txt; fail "--quiet printed on a pass"; }
expect_file junit.xml
expect_file summary.md
expect_file gate.json
run 0 "$FA" gate --help
expect_out "usage: fairaudit gate AUDIT.json --policy POLICY.json"
