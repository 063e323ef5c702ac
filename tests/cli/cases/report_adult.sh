# The report of a real audit on Adult: a logistic regression trained on
# adult.data, audited on adult.test with intersections (race, sex, race&sex);
# report.md and every chart's data and script are produced.
need_data adult
A=$DATA/adult
run 0 "$FA" train --data "$A/adult.data" --spec "$SRC/datasets/adult.json" --out model.json --quiet
run 0 "$FA" audit --model model.json --data "$A/adult.test" --intersections --bootstrap 20 \
    --reproducible --out audit --quiet
run 0 "$FA" report audit/audit.json --out rep --format md,charts --quiet
expect_file rep/report.md
expect_no_file rep/report.html
grep -F "## Outcome disparities at the decision threshold" rep/report.md >/dev/null || fail "outcomes"
grep -F "### Attribute: sex" rep/report.md >/dev/null || fail "sex section"
grep -F "### Intersection: race&amp;sex" rep/report.md >/dev/null || fail "intersection section"
[ "$(ls rep/charts/*.gp | wc -l)" -eq 18 ] || fail "expected 18 chart scripts"
if command -v gnuplot >/dev/null 2>&1; then
    [ "$(ls rep/charts/*.png | wc -l)" -eq 18 ] || fail "png charts"
    grep -F "](charts/a2-sex-selection_rate.png)" rep/report.md >/dev/null || fail "md image link"
fi
