# audit.json validates against docs/format/audit.schema.json (weighted, intersections,
# bootstrap, undefined values, credit-score range). Skips when python3-jsonschema is absent.
if ! /usr/bin/python3 -c 'import jsonschema' 2>/dev/null; then
    echo "SKIP: python3-jsonschema is not installed" >&2
    exit 77
fi
F=$SRC/tests/cli/fixtures/audit_small.csv
validate() {
    /usr/bin/python3 - "$SRC/docs/format/audit.schema.json" "$1" <<'PY' || fail "$1 does not match the schema"
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
jsonschema.Draft202012Validator.check_schema(schema)
jsonschema.Draft202012Validator(schema).validate(json.load(open(sys.argv[2])))
PY
}
run 0 "$FA" audit --predictions "$F" --label label --score score --protected grp,sex \
    --intersections --bootstrap 20 --weight w --reproducible --out a --quiet
validate a/audit.json
run 0 "$FA" audit --predictions "$F" --label label --score score --decision decision \
    --protected grp --bootstrap 0 --no-fingerprint --out b --quiet
validate b/audit.json
awk -F, 'NR==1{print;next}{printf "%s,%d,%s,%s,%s,%s,%s\n",$1,300+$2*550,$3,$4,$5,$6,$7}' "$F" > credit.csv
run 0 "$FA" audit --predictions credit.csv --label label --score score --score-range 300:850 \
    --threshold 575 --protected sex --out c --quiet
validate c/audit.json
