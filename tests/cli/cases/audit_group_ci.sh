# audit --bootstrap writes per-group intervals (metrics_ci, vs_reference_ci) that the report
# draws as CI bars and prints as [lo, hi]; --bootstrap 0 writes none, and the report says so.
F=$SRC/tests/cli/fixtures/audit_small.csv

run 0 "$FA" audit --predictions "$F" --label label --score score --protected grp,sex \
    --bootstrap 200 --seed 7 --reproducible --out a --quiet
/usr/bin/python3 - a/audit.json <<'PY' || fail "group intervals in a/audit.json"
import json, sys
d = json.load(open(sys.argv[1]))
for at in d["attributes"]:
    for g in at["groups"]:
        ci, rep = g["metrics_ci"], g["metrics_ci_replicates"]
        for k in ("selection_rate", "tpr", "fpr", "tnr", "fnr", "ppv", "npv", "accuracy", "base_rate"):
            assert k in ci and k in rep, k
            assert 0 <= rep[k] <= 200
            v = g["metrics"][k]
            if ci[k] is not None and v is not None:
                assert ci[k][0] <= ci[k][1], (k, ci[k])
        assert rep["selection_rate"] == 200
        if g["reference"]:
            assert g["vs_reference_ci"] is None
        else:
            assert set(g["vs_reference_ci"]) == {"adverse_impact_ratio", "selection_rate_difference",
                                                 "tpr_difference", "fpr_difference", "smd"}
PY
# the same seed gives the same document
run 0 "$FA" audit --predictions "$F" --label label --score score --protected grp,sex \
    --bootstrap 200 --seed 7 --reproducible --out a2 --quiet
cmp -s a/audit.json a2/audit.json || fail "same seed, different audit.json"

run 0 "$FA" report a/audit.json --out r --no-gnuplot --quiet
expect_file r/charts/a1-grp-selection_rate.dat
# the reference group A (0.5 of 6 rows): ci_lo < rate < ci_hi in the chart data
awk -F'\t' '$2 == "\"A\"" { found = 1; if (!($4 < $3 && $3 < $5)) exit 1 } END { exit !found }' \
    r/charts/a1-grp-selection_rate.dat || fail "no CI bar for group A in the selection-rate chart"
# and the HTML table cell of A's selection rate reads "0.5000 [lo, hi]"
/usr/bin/python3 -c '
import re, sys
html = open(sys.argv[1]).read()
sys.exit(0 if re.search(r">0\.5000\n\[0\.[0-9]{4}, 0\.[0-9]{4}\]</td>", html) else 1)
' r/report.html || fail "no 0.5000 [lo, hi] cell in the HTML"

run 0 "$FA" audit --predictions "$F" --label label --score score --protected grp \
    --bootstrap 0 --reproducible --out b --quiet
grep -F '"metrics_ci"' b/audit.json >/dev/null && fail "metrics_ci written without --bootstrap"
grep -F '"vs_reference_ci"' b/audit.json >/dev/null && fail "vs_reference_ci written without --bootstrap"
run 0 "$FA" report b/audit.json --out rb --no-gnuplot --quiet
awk -F'\t' '$2 == "\"A\"" && $4 != $3 { exit 1 }' rb/charts/a1-grp-selection_rate.dat ||
    fail "CI columns filled without intervals"
exit 0
