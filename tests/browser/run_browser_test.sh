#!/bin/sh
# run_browser_test.sh FAIRAUDIT SOURCE_DIR ARTEFACT_DIR
# Renders report.html for the fixture audits (a realistic credit audit with a
# baseline, and one with hostile group/column names) and for a real audit of
# a synthetic credit model (gen-credit -> train -> audit), and checks each page in
# headless Chromium (tests/browser/check_report.py): loads without console
# errors, every chart present, no request leaves the file, hostile strings
# shown literally. Screenshots and PDFs stay in ARTEFACT_DIR.
# Exit 77 (skip, with a message) when chromium or gnuplot is absent.
set -eu
FA=$1
SRC=$2
ART=$3
FIX="$SRC/tests/fixtures/reports"
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3

if ! command -v gnuplot >/dev/null 2>&1; then
    echo "SKIP: gnuplot not found (Debian: gnuplot-nox); the browser check needs rendered charts" >&2
    exit 77
fi
if ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1 &&
   ! command -v google-chrome >/dev/null 2>&1; then
    echo "SKIP: chromium not found (Debian: apt-get install chromium); report.html was not checked in a browser" >&2
    exit 77
fi

rm -rf "$ART"
mkdir -p "$ART"
work=$(mktemp -d "${TMPDIR:-/tmp}/fa-browser.XXXXXX")
trap 'rm -rf "$work"' EXIT

"$FA" report "$FIX/audit_credit.json" --baseline "$FIX/audit_credit_baseline.json" \
    --out "$ART/credit" --quiet
"$PY" "$SRC/tests/browser/check_report.py" --html "$ART/credit/report.html" \
    --screenshot "$ART/credit-report.png" --pdf "$ART/credit-report.pdf" --expect-charts 22 \
    --expect-text "Outcome disparities at the decision threshold" \
    --expect-text "Policy check FAILED."

# a real audit: synthetic credit model trained and audited by fairaudit itself
(cd "$work" &&
 "$FA" gen-credit --rows 6000 --seed 21 --bias 0.8 --out train.csv --quiet &&
 "$FA" gen-credit --rows 4000 --seed 22 --bias 0.8 --out test.csv --quiet &&
 "$FA" train --data train.csv --spec "$SRC/datasets/credit.json" --out model.json --quiet &&
 "$FA" audit --model model.json --data test.csv --intersections --bootstrap 50 --reproducible \
     --out audit --quiet)
"$FA" report "$work/audit/audit.json" --out "$ART/real-credit" --model "$work/model.json" \
    --intended-use "Browser test of the model card" --quiet
"$PY" "$SRC/tests/browser/check_report.py" --html "$ART/real-credit/report.html" \
    --screenshot "$ART/real-credit-report.png" --pdf "$ART/real-credit-report.pdf" \
    --expect-charts 18 --expect-text "Intersection: sex&race" \
    --expect-text "Largest coefficients"

# hostile names: shown literally, nothing injected, nothing run
(cd "$work" && "$FA" report "$FIX/audit_injection.json" --out "$ART/injection" --quiet)
"$PY" "$SRC/tests/browser/check_report.py" --html "$ART/injection/report.html" \
    --screenshot "$ART/injection-report.png" --expect-charts 12 \
    --expect-text '<script>alert(1)</script>' \
    --expect-text '"; system("touch PWNED"); "' \
    --expect-text '<img src=x onerror=alert(1)>.csv' \
    --forbid-selector 'script' --forbid-selector 'main img:not(figure.chart img)' \
    --forbid-selector 'b'
if find "$work" "$ART" -name 'PWNED*' | grep -q .; then
    echo "FAIL: a PWNED file appeared: a command from the data ran" >&2
    exit 1
fi
echo "browser check passed; artefacts in $ART"
