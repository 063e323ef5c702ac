# Baselines (fixtures): a model worse than its baseline beyond the tolerance
# fails although it is within the bound; a baseline of another schema version
# is reported and not compared (a warning, or a failure if the policy says so).
G=$SRC/tests/fixtures/gate
P=$SRC/datasets/credit-policy.json
run 0 "$FA" gate "$G/audit-regressed.json" --policy "$P" --out alone
run 1 "$FA" gate "$G/audit-regressed.json" --policy "$P" --baseline "$G/audit-fair.json" --out vs
expect_err "FAIL four_fifths sex=female: worse than the baseline: 0.84 vs 0.93 (by 0.09 > tolerance 0.02)"
[ "$(json_get vs/gate.json 'd["gate"]["baseline"]["compared"]')" = "True" ] || fail "baseline not compared"
run 0 "$FA" gate "$G/audit-fair.json" --policy "$P" --baseline "$G/audit-regressed.json" --out better
run 0 "$FA" gate "$G/audit-regressed.json" --policy "$P" --baseline "$G/audit-old-schema.json" --out old
expect_err "WARN baseline *: baseline $G/audit-old-schema.json has schema_version 0 but the audit has 1: not compared"
sed 's/"baseline_mismatch": "warn"/"baseline_mismatch": "fail"/' "$P" > strict.json
run 1 "$FA" gate "$G/audit-regressed.json" --policy strict.json --baseline "$G/audit-old-schema.json" --out old
expect_err "FAIL baseline *: baseline"
# A baseline that is not an audit at all is an input error.
echo '{"schema_version": 1}' > notaudit.json
run 3 "$FA" gate "$G/audit-fair.json" --policy "$P" --baseline notaudit.json --out x
expect_err "notaudit.json:1:1: missing required key \"attributes\""
expect_no_file x
