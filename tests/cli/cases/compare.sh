# fairaudit compare: two audits side by side (text, markdown, JSON, --out); usage and input
# errors.
SPEC="$SRC/datasets/credit.json"
run 0 "$FA" gen-credit --rows 3000 --seed 12 --bias 1 --out c.csv --quiet
run 0 "$FA" train --data c.csv --spec "$SPEC" --out base.json --quiet
run 0 "$FA" train --data c.csv --spec "$SPEC" --out rw.json --mitigate reweigh --protected race --quiet
run 0 "$FA" audit --model base.json --data c.csv --protected race --favorable 0 --bootstrap 20 --out before --quiet
run 0 "$FA" audit --model rw.json --data c.csv --protected race --favorable 0 --bootstrap 20 --out after --quiet

run 0 "$FA" compare before/audit.json after/audit.json
expect_out "race: disparities"
expect_out "demographic_parity_difference"
expect_out "race = Black vs the reference group"
expect_out "summary:"
python3 - out.txt <<'PY' || fail "the dp difference should improve with reweighing"
import sys
for line in open(sys.argv[1]):
    if line.split()[:1] == ["demographic_parity_difference"]:
        assert "improved" in line, line
        break
else:
    raise SystemExit("no dp line")
PY
run 0 "$FA" compare --format markdown before/audit.json after/audit.json
expect_out "| metric | before | after | change | verdict |"
run 0 "$FA" compare --format json --out cmp.json before/audit.json after/audit.json
[ "$(json_get cmp.json 'd["format"]')" = "fairaudit-compare" ] || fail "format"
[ "$(json_get cmp.json 'd["rows"][0]["scope"]')" = "overall" ] || fail "first row"
[ ! -s out.txt ] || fail "--out writes nothing to stdout"

run 2 "$FA" compare before/audit.json
expect_err "expected two audit.json files"
run 2 "$FA" compare --format pdf before/audit.json after/audit.json
run 3 "$FA" compare before/audit.json base.json
expect_err "not an audit.json report"
run 4 "$FA" compare before/audit.json missing/audit.json
run 0 "$FA" compare --help
