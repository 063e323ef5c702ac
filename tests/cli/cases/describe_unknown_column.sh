# describe: a spec column that the data file's header lacks -> exit 3, located in the spec.
cat > spec.json <<'JSON'
{"format": "fairaudit-spec", "format_version": 1, "name": "t",
 "columns": [
  {"name": "agee", "role": "numeric"},
  {"name": "y", "role": "label", "positive": "yes", "negative": "no"}]}
JSON
printf 'age,y\n30,yes\n' > data.csv
run 3 "$FA" describe --data data.csv --spec spec.json --out out.json
expect_err 'fairaudit: spec.json:3:12: column "agee" is not in the header of data.csv'
expect_no_file out.json
