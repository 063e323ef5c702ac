# describe: an empty data file -> exit 3, located error, no output written.
cat > spec.json <<'EOF'
{"format": "fairaudit-spec", "format_version": 1, "name": "t",
 "columns": [
  {"name": "age", "role": "numeric"},
  {"name": "w", "role": "weight"},
  {"name": "y", "role": "label", "positive": "yes", "negative": "no"}]}
EOF
printf '' > data.csv
run 3 "$FA" describe --data data.csv --spec spec.json --out out.json
expect_err 'fairaudit: data.csv:1:1: the file is empty (expected a header record)'
expect_no_file out.json
[ ! -s out.txt ] || fail "nothing may be printed on stdout"
