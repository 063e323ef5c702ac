# Errors: a malformed policy exits 3 with policy.json:LINE:COLUMN and writes
# nothing; an audit of another schema version exits 3; usage errors exit 2;
# an unreadable audit exits 4.
G=$SRC/tests/fixtures/gate
P=$SRC/datasets/credit-policy.json
cp "$G/policy-bad.json" policy.json
run 3 "$FA" gate "$G/audit-fair.json" --policy policy.json --out out
expect_err "fairaudit: policy.json:6:16: unknown metric \"equalised_odds_difference\""
expect_no_file out
printf '{"format_version": 1, "rules": [\n  {"metric": "adverse_impact_ratio", "min": 0.8,}\n]}\n' > syntax.json
run 3 "$FA" gate "$G/audit-fair.json" --policy syntax.json --out out
expect_err "fairaudit: syntax.json:2:49: trailing comma before '}'"
expect_no_file out
printf '{"format_version": 1, "rules": [{"metric": "calibration_gap", "max": 5}]}\n' > range.json
run 3 "$FA" gate "$G/audit-fair.json" --policy range.json --out out
expect_err "range.json:1:70: \"max\": calibration_gap can only take values in [0, 1]"
run 3 "$FA" gate "$G/audit-old-schema.json" --policy "$P" --out out
expect_err "unsupported audit schema_version 0 (this build gates 1)"
expect_no_file out
run 4 "$FA" gate no-such-audit.json --policy "$P" --out out
expect_err "cannot open 'no-such-audit.json'"
run 4 "$FA" gate "$G/audit-fair.json" --policy no-such-policy.json
run 2 "$FA" gate "$G/audit-fair.json"
expect_err "missing --policy POLICY.json"
run 2 "$FA" gate --policy "$P"
expect_err "missing AUDIT.json"
run 2 "$FA" gate "$G/audit-fair.json" --policy "$P" --bogus
expect_err "unknown option '--bogus'"
run 2 "$FA" gate "$G/audit-fair.json" --policy
run 2 "$FA" gate a.json b.json --policy "$P"
