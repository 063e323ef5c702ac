#!/bin/sh
# demo.sh FAIRAUDIT OUT_DIR — the main job on the embedded default:
# synthetic credit data -> train -> audit -> report folder.
# Each step runs when the toolkit has it; the script grows with the toolkit.
set -eu
FA=$1
OUT=$2
has() { "$FA" --help | grep -q "^  $1 "; }
step() { printf '\ndemo: == %s\n' "$*"; }

mkdir -p "$OUT"
"$FA" version

step "synthetic credit applications (seed 42, strong historical bias 0.8)"
"$FA" gen-credit --rows 50000 --seed 42 --bias 0.8 --out "$OUT/train.csv" --quiet
"$FA" gen-credit --rows 20000 --seed 43 --bias 0.8 --out "$OUT/test.csv" --quiet
"$FA" describe --data "$OUT/train.csv" --spec datasets/credit.json --out "$OUT/describe.json"
echo "demo: wrote $OUT/train.csv, $OUT/test.csv and $OUT/describe.json"

if has train && has audit; then
    step "logistic regression trained on the biased history"
    "$FA" train --data "$OUT/train.csv" --spec datasets/credit.json --out "$OUT/model.json" --quiet
    step "audit on the test applications (sex, race and their intersection)"
    policy=""
    if has gate && [ -f datasets/credit-policy.json ]; then
        policy="--policy datasets/credit-policy.json"
    fi
    # exit 1 = the policy failed: the report shows why; the demo goes on
    # shellcheck disable=SC2086
    "$FA" audit --model "$OUT/model.json" --data "$OUT/test.csv" --intersections \
        $policy --out "$OUT/audit" --quiet || [ $? -eq 1 ]
fi

if has report && [ -f "$OUT/audit/audit.json" ]; then
    step "compliance report (HTML, Markdown, charts)"
    if [ -f "$OUT/audit-mitigated/audit.json" ]; then
        # written by the mitigation step once the toolkit has one
        "$FA" report "$OUT/audit-mitigated/audit.json" --baseline "$OUT/audit/audit.json" \
            --out "$OUT/report" --title "Synthetic credit model: before and after mitigation"
    else
        "$FA" report "$OUT/audit/audit.json" --out "$OUT/report" --model "$OUT/model.json" \
            --intended-use "Pre-screening synthetic credit applications (demonstration)" \
            --title "Synthetic credit model: fairness audit"
    fi
    echo "demo: open $(cd "$OUT/report" && pwd)/report.html (also report.md and charts/)"
fi

echo
echo "demo: report folder: $(cd "$OUT" && pwd)"
