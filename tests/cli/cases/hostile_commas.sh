# Hostile input: a line of 10 million commas, as a data record and as the
# header (docs/hostile-inputs.md).
cat > spec.json <<'JSON'
{"format": "fairaudit-spec", "format_version": 1, "name": "h",
 "columns": [{"name": "score", "role": "numeric"}, {"name": "g", "role": "protected"},
  {"name": "label", "role": "label", "positive": "1", "negative": "0"}]}
JSON
{ printf 'score,label,g\n0.5,1,a\n'; repeat_char , 10000000; printf '\n'; } > row.csv
{ repeat_char , 10000000; printf '\n0.5,1,a\n'; } > header.csv

timed 20 3 "$FA" audit --predictions row.csv --label label --score score --protected g --out a
expect_err "row.csv:3:4: record has 10000001 fields, expected 3"
expect_no_file a/audit.json
timed 20 3 "$FA" describe --data row.csv --spec spec.json --out d.json
expect_err "row.csv:3:4: record has 10000001 fields, expected 3"
expect_no_file d.json
# 10 000 001 empty header names: the first duplicate is reported.
timed 20 3 "$FA" audit --predictions header.csv --label label --score score --protected g --out a
expect_err 'header.csv:1:2: duplicate column name "" (also column 1)'
timed 20 3 "$FA" describe --data header.csv --spec spec.json
expect_err 'header.csv:1:2: duplicate column name "" (also column 1)'
[ ! -s out.txt ] || fail "describe printed a summary"
