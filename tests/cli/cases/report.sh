# fairaudit report: renders an existing audit without rereading data; usage
# errors exit 2, a bad audit document exits 3 with its location, an
# unreadable one exits 4; --format selects the outputs; without gnuplot the
# rest is written and a warning names the missing charts.
FIX="$SRC/tests/fixtures/reports"

run 0 "$FA" report --help
expect_out "usage: fairaudit report AUDIT.json --out DIR"
run 0 "$FA" --help
expect_out "report"
run 2 "$FA" report
expect_err "missing the audit document"
run 2 "$FA" report "$FIX/audit_credit.json"
expect_err "--out DIR is required"
run 2 "$FA" report "$FIX/audit_credit.json" --out o --format html,pdf
expect_err "unknown output 'pdf'"
run 2 "$FA" report "$FIX/audit_credit.json" --out o --bogus
expect_err "unknown option '--bogus'"
run 2 "$FA" report a.json b.json --out o
run 2 "$FA" report "$FIX/audit_credit.json" --out
expect_no_file o

# a malformed document: exit 3, located, nothing written
printf '{"schema_version": "1.0",\n "attributes": [{"name": "sex", "groups": "x"}]}\n' > bad.json
run 3 "$FA" report bad.json --out bad-out --no-gnuplot
expect_err "bad.json:2:"
expect_no_file bad-out/report.html
printf '{"schema_version": "9.0", "attributes": []}' > future.json
run 3 "$FA" report future.json --out f-out --no-gnuplot
expect_err "newer than this build reads"
run 4 "$FA" report no-such.json --out x-out
expect_err "no-such.json"

# every output, charts data and scripts even without gnuplot
run 0 "$FA" report "$FIX/audit_credit.json" --out out --no-gnuplot --title "Q3 credit model review" \
    --author "Model Risk <mrm@bank.example>"
expect_err "warning: charts not rendered (gnuplot disabled)"
expect_err "wrote out/report.html"
expect_file out/report.html
expect_file out/report.md
expect_file out/charts/a1-sex-selection_rate.dat
expect_file out/charts/a1-sex-selection_rate.gp
grep -F "<title>Q3 credit model review</title>" out/report.html >/dev/null || fail "title"
grep -F "Model Risk &lt;mrm@bank.example&gt;" out/report.html >/dev/null || fail "author escaped"
grep -F "# Q3 credit model review" out/report.md >/dev/null || fail "md title"

# --format md only: no HTML, no charts folder; --quiet prints nothing but warnings
run 0 "$FA" report "$FIX/audit_credit.json" --out md-only --format md --no-gnuplot --quiet
expect_file md-only/report.md
expect_no_file md-only/report.html
expect_no_file md-only/charts
[ ! -s out.txt ] || fail "stdout should be empty"

# a baseline adds the mitigation section
run 0 "$FA" report "$FIX/audit_credit.json" --out base --baseline "$FIX/audit_credit_baseline.json" \
    --format html,md --no-gnuplot --quiet
grep -F "Mitigation and trade-offs" base/report.md >/dev/null || fail "no mitigation section"

# a gnuplot that cannot be found is a warning, not an error
run 0 "$FA" report "$FIX/audit_credit.json" --out nogp --gnuplot /nonexistent/gnuplot --quiet
expect_err "gnuplot not found"
expect_file nogp/report.html

# with gnuplot (when installed): rendered images next to their data
if command -v gnuplot >/dev/null 2>&1; then
    run 0 "$FA" report "$FIX/audit_credit.json" --out gp --format charts
    expect_err "charts: 18 of 18 rendered"
    expect_file gp/charts/a2-age_band-roc.svg
    expect_file gp/charts/a2-age_band-roc.png
    expect_no_file gp/report.html
fi

# the fixtures the report tests use follow the audit.json contract exactly
if /usr/bin/python3 -c 'import jsonschema' 2>/dev/null; then
    for f in audit_credit audit_credit_baseline audit_injection; do
        /usr/bin/python3 - "$SRC/docs/format/audit.schema.json" "$FIX/$f.json" <<'PY' || fail "$f.json does not match the audit.json schema"
import json, sys, jsonschema
jsonschema.Draft202012Validator(json.load(open(sys.argv[1]))).validate(json.load(open(sys.argv[2])))
PY
    done
else
    echo "note: python3-jsonschema absent; fixture schema check skipped" >&2
fi
