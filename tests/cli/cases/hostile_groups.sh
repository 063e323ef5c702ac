# Hostile input: a million distinct group values (docs/hostile-inputs.md).
# The audit stops at --max-groups (default 1000) with a clear error; the
# limit is configurable; describe summarises them.
awk 'BEGIN { print "score,label,g"; for (i = 0; i < 1000000; i++) printf "0.%d,%d,v%d\n", i % 10, i % 2, i }' > million.csv
timed 10 3 "$FA" audit --predictions million.csv --label label --score score --protected g --out a
expect_err "more than 1000 distinct combinations"
expect_err "--max-groups"
expect_no_file a/audit.json
timed 10 3 "$FA" audit --predictions million.csv --label label --score score --protected g \
    --out a --max-groups 5000
expect_err "more than 5000 distinct combinations"
expect_no_file a/audit.json
# Within a raised limit the audit runs (time grows with groups x rows: docs).
head -n 2001 million.csv > two-thousand.csv
timed 20 0 "$FA" audit --predictions two-thousand.csv --label label --score score --protected g \
    --out b --max-groups 2000 --bootstrap 0 --quiet
[ "$(json_get b/audit.json 'len(d["attributes"][0]["groups"])')" = 2000 ] || fail "2000 groups"
cat > spec.json <<'JSON'
{"format": "fairaudit-spec", "format_version": 1, "name": "m",
 "columns": [{"name": "score", "role": "numeric"}, {"name": "g", "role": "protected"},
  {"name": "label", "role": "label", "positive": "1", "negative": "0"}]}
JSON
timed 20 0 "$FA" describe --data million.csv --spec spec.json --out d.json --quiet
[ "$(json_get d.json 'd["rows_used"]')" = 1000000 ] || fail "rows_used"
