# audit.json with its "gate" section (audit --policy, with a baseline of
# another schema version so that every kind of entry appears) validates
# against docs/format/audit.schema.json; so does the gate of gate.json.
# Skips when python3-jsonschema is absent.
if ! /usr/bin/python3 -c 'import jsonschema' 2>/dev/null; then
    echo "SKIP: python3-jsonschema is not installed" >&2
    exit 77
fi
G=$SRC/tests/fixtures/gate
P=$SRC/datasets/credit-policy.json
F=$SRC/tests/cli/fixtures/audit_small.csv
run 0 "$FA" audit --predictions "$F" --label label --score score --protected grp,sex \
    --intersections --bootstrap 20 --reproducible --out a --policy "$P" \
    --baseline "$G/audit-old-schema.json" --quiet
/usr/bin/python3 - "$SRC/docs/format/audit.schema.json" a/audit.json <<'PY' || fail "audit.json does not match the schema"
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
doc = json.load(open(sys.argv[2]))
assert "gate" in doc and any(e["rule"] == "baseline" for e in doc["gate"]["entries"])
jsonschema.Draft202012Validator(schema).validate(doc)
PY
run 1 "$FA" gate "$G/audit-biased.json" --policy "$P" --out g
/usr/bin/python3 - "$SRC/docs/format/audit.schema.json" g/gate.json <<'PY' || fail "gate.json's gate does not match the schema"
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
doc = json.load(open(sys.argv[2]))
assert doc["schema_version"] == 1 and doc["audit"].endswith("audit-biased.json")
sub = dict(schema["$defs"]["gate"]); sub["$defs"] = schema["$defs"]
jsonschema.Draft202012Validator(sub).validate(doc["gate"])
PY
