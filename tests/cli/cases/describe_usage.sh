# describe: help, usage errors, stdin, atomic --out, missing files, spec errors.
run 0 "$FA" describe --help
expect_out "usage: fairaudit describe --data FILE --spec SPEC"
run 2 "$FA" describe
expect_err "--data and --spec are required"
run 2 "$FA" describe --data x.csv --spec
expect_err "--spec needs a value"
run 2 "$FA" describe --bogus
expect_err "unexpected argument '--bogus'"
run 2 "$FA" describe --data=x.csv --spec=s.json --max-rows=ten
expect_err "--max-rows expects a non-negative integer"

cat > spec.json <<'JSON'
{"format": "fairaudit-spec", "format_version": 1, "name": "t",
 "columns": [
  {"name": "age", "role": "numeric"},
  {"name": "y", "role": "label", "positive": "yes", "negative": "no"}]}
JSON
printf 'age,y\n30,yes\n41,no\n52,yes\n' > data.csv

# stdout and --out carry the same JSON; --max-rows limits the records read
run 0 "$FA" describe --data data.csv --spec spec.json
cp out.txt stdout.json
run 0 "$FA" describe --data=data.csv --spec=spec.json --out=file.json --quiet
cmp stdout.json file.json || fail "stdout and --out differ"
[ "$(json_get file.json "d['rows_used']")" = 3 ] || fail "rows_used"
run 0 "$FA" describe --data data.csv --spec spec.json --max-rows 2 --out two.json
[ "$(json_get two.json "d['rows_read']")" = 2 ] || fail "--max-rows"

# standard input
run 0 sh -c "cat data.csv | \"$FA\" describe --data - --spec spec.json"
expect_out '"data": "<stdin>"'
printf 'age,y\nx,yes\n' > bad.csv
run 3 sh -c "cat bad.csv | \"$FA\" describe --data - --spec spec.json"
expect_err 'fairaudit: <stdin>:2:1: column "age": expected a number, got "x"'

# a failed run leaves an existing output file untouched
printf 'old' > keep.json
run 3 "$FA" describe --data bad.csv --spec spec.json --out keep.json
[ "$(cat keep.json)" = old ] || fail "keep.json was modified"
[ -z "$(ls | grep 'keep.json.tmp')" ] || fail "temporary file left behind"

# missing files are I/O errors (exit 4); a broken spec is an input error (exit 3)
run 4 "$FA" describe --data nope.csv --spec spec.json
expect_err "fairaudit: cannot open 'nope.csv'"
run 4 "$FA" describe --data data.csv --spec nope.json
expect_err "fairaudit: cannot open 'nope.json'"
printf '{"format": "fairaudit-spec",\n "format_version": 1,\n "name": "t",\n "columns": [,]}\n' > broken.json
run 3 "$FA" describe --data data.csv --spec broken.json
expect_err 'fairaudit: broken.json:4:14: expected a value, found'
printf '{"format": "fairaudit-spec", "format_version": 1, "name": "t",\n "columns": [{"name": "y", "role": "target"}]}\n' > role.json
run 3 "$FA" describe --data data.csv --spec role.json
expect_err 'fairaudit: role.json:2:36: "role" must be one of "numeric", "categorical", "label", "protected", "weight", "ignore", not "target"'
