#!/bin/sh
# demo.sh FAIRAUDIT OUT_DIR — the main job on the embedded default:
# synthetic credit data -> train -> audit -> report folder.
# Each step runs when the toolkit has it; the script grows with the toolkit.
set -eu
FA=$1
OUT=$2
has() { "$FA" --help | grep -q "^  $1 "; }
step() { printf '\ndemo: == %s\n' "$*"; }

rm -rf "$OUT"
mkdir -p "$OUT"
"$FA" version

step "synthetic credit applications (seed 42; historical bias 0.8; label: default)"
"$FA" gen-credit --rows 50000 --seed 42 --bias 0.8 --out "$OUT/train.csv" --quiet
"$FA" gen-credit --rows 100000 --seed 43 --bias 0 --out "$OUT/holdout.csv" --quiet
"$FA" describe --data "$OUT/train.csv" --spec datasets/credit.json --out "$OUT/describe.json"
echo "demo: wrote train.csv (50,000 rows), holdout.csv (100,000 rows, unbiased labels), describe.json"

step "train a logistic regression on the biased history"
"$FA" train --data "$OUT/train.csv" --spec datasets/credit.json --threshold 0.2 \
    --out "$OUT/model.json" --quiet
echo "demo: wrote model.json (approve when the predicted default probability < 0.2)"

step "score the holdout"
"$FA" predict --model "$OUT/model.json" --data "$OUT/holdout.csv" --out "$OUT/predictions.csv" --quiet
echo "demo: wrote predictions.csv"

step "audit against the credit policy (four-fifths rule, equalized odds, calibration)"
set +e
"$FA" audit --predictions "$OUT/predictions.csv" --label default --score score \
    --decision decision --favorable 0 --protected sex,race --intersections \
    --reference sex=Male --reference race=White --seed 1 \
    --policy datasets/credit-policy.json --out "$OUT/audit"
gate=$?
set -e
case $gate in
    0) echo "demo: the model passes the policy" ;;
    1) echo "demo: the model FAILS the policy (as expected for a model trained on biased labels)" ;;
    *) echo "demo: audit error (exit $gate)"; exit "$gate" ;;
esac

step "mitigation: retrain with reweighing (Kamiran & Calders) on sex and race"
"$FA" train --data "$OUT/train.csv" --spec datasets/credit.json --threshold 0.2 \
    --mitigate reweigh --protected sex,race --out "$OUT/model-reweighed.json" --quiet
"$FA" predict --model "$OUT/model-reweighed.json" --data "$OUT/holdout.csv" \
    --out "$OUT/predictions-reweighed.csv" --quiet
set +e
"$FA" audit --predictions "$OUT/predictions-reweighed.csv" --label default --score score \
    --decision decision --favorable 0 --protected sex,race --intersections \
    --reference sex=Male --reference race=White --seed 1 \
    --policy datasets/credit-policy.json --baseline "$OUT/audit/audit.json" \
    --out "$OUT/audit-mitigated" --quiet
gate_after=$?
set -e
case $gate_after in
    0) echo "demo: the reweighed model passes the policy" ;;
    1) echo "demo: the reweighed model still fails some rules (see the report)" ;;
    *) echo "demo: audit error (exit $gate_after)"; exit "$gate_after" ;;
esac
"$FA" compare "$OUT/audit/audit.json" "$OUT/audit-mitigated/audit.json" --format markdown \
    --out "$OUT/compare.md"
echo "demo: wrote compare.md (every metric before and after)"

step "compliance reports (HTML, Markdown, charts, model card)"
"$FA" report "$OUT/audit/audit.json" --out "$OUT/report-before" --model "$OUT/model.json" \
    --intended-use "Pre-screening synthetic credit applications (demonstration)" \
    --title "Synthetic credit model: fairness audit before mitigation" --quiet
"$FA" report "$OUT/audit-mitigated/audit.json" --baseline "$OUT/audit/audit.json" \
    --model "$OUT/model-reweighed.json" \
    --intended-use "Pre-screening synthetic credit applications (demonstration)" \
    --title "Synthetic credit model: before and after mitigation (reweighing)" \
    --out "$OUT/report" --quiet
echo "demo: wrote report-before/ and report/ (report.html, report.md, charts/)"

echo
echo "demo: report folder: $(cd "$OUT" && pwd)/report (open report.html)"
