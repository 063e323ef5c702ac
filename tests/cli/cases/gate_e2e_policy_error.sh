# End to end: a malformed policy exits 3 with policy.json:LINE:COLUMN before
# anything is audited or written.
S=$SRC/datasets/credit.json
run 0 "$FA" gen-credit --rows 2000 --seed 1 --out data.csv --quiet
run 0 "$FA" train --data data.csv --spec "$S" --out model.json --quiet
run 0 "$FA" predict --model model.json --data data.csv --out pred.csv --quiet
AUDIT="--label default --score score --decision decision --protected sex,race --favorable 0"
cat > policy.json <<'JSON'
{
  "format_version": 1,
  "rules": [
    {"id": "four_fifths", "metric": "adverse_impact_ratio", "min": 0.8},
    {"id": "eo", "metric": "equalized_odds_difference", "max": "0.1"}
  ]
}
JSON
run 3 "$FA" audit --predictions pred.csv $AUDIT --out out --policy policy.json
expect_err "fairaudit: policy.json:5:64: \"max\" must be a number, not a string"
expect_no_file out
printf '{"format_version": 1, "rules": [{"metric": "adverse_impact_ratio", "min": 0.8}' > cut.json
run 3 "$FA" audit --predictions pred.csv $AUDIT --out out --policy cut.json
expect_err "fairaudit: cut.json:1:"
expect_no_file out
run 4 "$FA" audit --predictions pred.csv $AUDIT --out out --policy missing.json
expect_no_file out
