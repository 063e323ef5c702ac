# describe: NaN or infinity in a numeric column -> exit 3, located error, no output.
cat > spec.json <<'EOF'
{"format": "fairaudit-spec", "format_version": 1, "name": "t",
 "columns": [
  {"name": "age", "role": "numeric"},
  {"name": "w", "role": "weight"},
  {"name": "y", "role": "label", "positive": "yes", "negative": "no"}]}
EOF
printf 'age,w,y\n30,1,yes\nNaN,1,no\n' > data.csv
run 3 "$FA" describe --data data.csv --spec spec.json --out out.json
expect_err 'fairaudit: data.csv:3:1: column "age": "NaN" is not a finite number'
expect_no_file out.json
printf 'y,w,age\nno,1,30\nyes,inf,31\n' > data.csv
run 3 "$FA" describe --data data.csv --spec spec.json --out out.json
expect_err 'fairaudit: data.csv:3:2: column "w": "inf" is not a finite number'
expect_no_file out.json
