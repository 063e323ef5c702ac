# The report of a real audit of the synthetic credit model: a model trained on
# strongly biased data (the "before") and one trained on unbiased data (the
# "after"), both audited with intersections; the report of the second with
# the first as baseline has every section, the before/after comparison and
# every chart's data and script (and images when gnuplot is installed).
SPEC="$SRC/datasets/credit.json"
run 0 "$FA" gen-credit --rows 6000 --seed 11 --bias 0.8 --out biased.csv --quiet
run 0 "$FA" gen-credit --rows 6000 --seed 11 --bias 0 --out fair.csv --quiet
run 0 "$FA" gen-credit --rows 4000 --seed 12 --bias 0 --out test.csv --quiet
run 0 "$FA" train --data biased.csv --spec "$SPEC" --out before.json --quiet
run 0 "$FA" train --data fair.csv --spec "$SPEC" --out after.json --quiet
run 0 "$FA" audit --model before.json --data test.csv --intersections --bootstrap 50 \
    --reproducible --out before --quiet
run 0 "$FA" audit --model after.json --data test.csv --intersections --bootstrap 50 \
    --reproducible --out after --quiet
run 0 "$FA" report after/audit.json --baseline before/audit.json --out rep \
    --title "Synthetic credit model: before and after" --model after.json \
    --intended-use "Pre-screening loan applications for manual review" --quiet
expect_file rep/model_card.json
[ "$(json_get rep/model_card.json "d['model']['kind']")" = logreg ] || fail "model card kind"
[ "$(json_get rep/model_card.json "len(d['top_coefficients']) == 10")" = True ] || fail "top coefficients"
[ "$(json_get rep/model_card.json "[a['attribute'] for a in d['fairness']]")" = "['sex', 'race', 'sex&race']" ] \
    || fail "fairness by attribute"
grep -F "## Model card" rep/report.md >/dev/null || fail "model card section"
run 2 "$FA" report after/audit.json --out x --intended-use "x"
expect_err "--intended-use needs --model"
run 3 "$FA" report after/audit.json --out x --model after/audit.json
expect_err "not a fairaudit model file"
expect_file rep/report.html
expect_file rep/report.md
for s in "## Scope and provenance" "## Sample composition" \
         "## Outcome disparities at the decision threshold" "## Error-rate parity" \
         "## Calibration by group" "## Score disparity" "## Policy verdicts" \
         "## Mitigation and trade-offs" "## Definitions" "## Limitations"; do
    grep -F -- "$s" rep/report.md >/dev/null || fail "report.md lacks '$s'"
done
grep -F "| Before (baseline) | After (this audit) | Change |" rep/report.md >/dev/null || fail "before/after table"
# three attributes (sex, race, sex&race) x 6 charts, plus before/after and frontier each
n=$(ls rep/charts/*.gp | wc -l)
[ "$n" -eq 24 ] || fail "expected 24 chart scripts, got $n"
[ "$(ls rep/charts/*.dat | wc -l)" -eq 24 ] || fail "chart data files"
if command -v gnuplot >/dev/null 2>&1; then
    [ "$(ls rep/charts/*.svg | wc -l)" -eq 24 ] || fail "svg charts"
    [ "$(ls rep/charts/*.png | wc -l)" -eq 24 ] || fail "png charts"
    [ "$(grep -o 'src="data:image/svg+xml;base64,' rep/report.html | wc -l)" -eq 24 ] || fail "embedded charts"
fi
