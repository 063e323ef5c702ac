# describe: text in a numeric column -> exit 3, located error, no output written.
cat > spec.json <<'EOF'
{"format": "fairaudit-spec", "format_version": 1, "name": "t",
 "columns": [
  {"name": "age", "role": "numeric"},
  {"name": "w", "role": "weight"},
  {"name": "y", "role": "label", "positive": "yes", "negative": "no"}]}
EOF
printf 'age,w,y\n30,1,yes\nabc,1,no\n' > data.csv
run 3 "$FA" describe --data data.csv --spec spec.json --out out.json
expect_err 'fairaudit: data.csv:3:1: column "age": expected a number, got "abc"'
expect_no_file out.json
[ ! -s out.txt ] || fail "nothing may be printed on stdout"
