# describe: a record with fewer fields than the header -> exit 3, located error, no output written.
cat > spec.json <<'EOF'
{"format": "fairaudit-spec", "format_version": 1, "name": "t",
 "columns": [
  {"name": "age", "role": "numeric"},
  {"name": "w", "role": "weight"},
  {"name": "y", "role": "label", "positive": "yes", "negative": "no"}]}
EOF
printf 'age,w,y\n1,1,yes\n2,1\n' > data.csv
run 3 "$FA" describe --data data.csv --spec spec.json --out out.json
expect_err 'fairaudit: data.csv:3:3: record has 2 fields, expected 3'
expect_no_file out.json
[ ! -s out.txt ] || fail "nothing may be printed on stdout"
