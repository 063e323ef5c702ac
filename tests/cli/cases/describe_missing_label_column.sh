# describe: the label column is absent from the header -> exit 3, located error, no output written.
cat > spec.json <<'EOF'
{"format": "fairaudit-spec", "format_version": 1, "name": "t",
 "columns": [
  {"name": "age", "role": "numeric"},
  {"name": "w", "role": "weight"},
  {"name": "y", "role": "label", "positive": "yes", "negative": "no"}]}
EOF
printf 'age,w,income\n30,1,yes\n' > data.csv
run 3 "$FA" describe --data data.csv --spec spec.json --out out.json
expect_err 'fairaudit: spec.json:5:12: label column "y" is not in the header of data.csv'
expect_no_file out.json
[ ! -s out.txt ] || fail "nothing may be printed on stdout"
