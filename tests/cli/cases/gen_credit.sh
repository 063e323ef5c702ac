# gen-credit: writes the synthetic credit data deterministically and atomically;
# bad arguments exit 2, unwritable outputs exit 4 without leaving files.
run 0 "$FA" gen-credit --help
expect_out "usage: fairaudit gen-credit"
expect_out "--bias B"

run 0 "$FA" gen-credit --rows 500 --seed 9 --bias 0.5 --out a.csv
expect_file a.csv
[ "$(head -n 1 a.csv)" = "id,income,debt_to_income,credit_history_years,delinquencies,utilization,loan_amount,employment_years,age,sex,race,region,default" ] \
    || fail "unexpected header: $(head -n 1 a.csv)"
[ "$(wc -l < a.csv)" -eq 501 ] || fail "expected 501 lines, got $(wc -l < a.csv)"
[ ! -s err.txt ] || fail "small outputs print no progress: $(cat err.txt)"

# Same arguments, same bytes (also with --opt=value spelling); other seed differs.
run 0 "$FA" gen-credit --rows=500 --seed=9 --bias=0.5 --out=b.csv
cmp a.csv b.csv || fail "same arguments gave different files"
run 0 "$FA" gen-credit --rows 500 --seed 10 --bias 0.5 --out c.csv
if cmp -s a.csv c.csv; then fail "different seeds gave identical files"; fi

# --out - writes standard output, byte-identical to the file.
run 0 "$FA" gen-credit --rows 500 --seed 9 --bias 0.5 --out -
cmp out.txt a.csv || fail "stdout differs from the file"

# The file loads through the credit spec (describe reads it end to end).
run 0 "$FA" describe --data a.csv --spec "$SRC/datasets/credit.json"
expect_out '"rows_used": 500'
expect_out '"positive_is_favorable": false'

# --truth adds the research columns; the spec ignores them.
run 0 "$FA" gen-credit --rows 5 --out t.csv --truth
head -n 1 t.csv | grep -q ',default,true_default_prob,true_default$' || fail "no truth columns"
run 0 "$FA" describe --data t.csv --spec "$SRC/datasets/credit.json"
expect_out '"rows_used": 5'

# Progress on stderr for large outputs, silenced by --quiet.
run 0 "$FA" gen-credit --rows 200000 --out big.csv
expect_err "gen-credit: 200000 of 200000 rows (100%)"
run 0 "$FA" gen-credit --rows 200000 --out big.csv --quiet
[ ! -s err.txt ] || fail "--quiet still printed: $(cat err.txt)"

# Usage errors: exit 2, no output file.
run 2 "$FA" gen-credit --rows 0 --out z.csv
expect_err "--rows must be at least 1"
run 2 "$FA" gen-credit --rows ten --out z.csv
expect_err "--rows expects a non-negative integer, got 'ten'"
run 2 "$FA" gen-credit --rows -5 --out z.csv
run 2 "$FA" gen-credit --rows 10 --bias 1.5 --out z.csv
expect_err "--bias must be within [0, 1], got '1.5'"
run 2 "$FA" gen-credit --rows 10 --bias -0.1 --out z.csv
run 2 "$FA" gen-credit --rows 10 --bias abc --out z.csv
expect_err "--bias expects a finite number, got 'abc'"
run 2 "$FA" gen-credit --rows 10 --bias nan --out z.csv
run 2 "$FA" gen-credit --rows 10 --seed x --out z.csv
run 2 "$FA" gen-credit --rows 10
expect_err "--out is required"
run 2 "$FA" gen-credit --out z.csv
expect_err "--rows is required"
run 2 "$FA" gen-credit --rows 10 --out z.csv --frobnicate
expect_err "unknown option '--frobnicate'"
run 2 "$FA" gen-credit --rows
expect_err "--rows needs a value"
expect_no_file z.csv

# I/O errors: exit 4 and nothing left behind.
run 4 "$FA" gen-credit --rows 10 --out no-such-dir/x.csv
expect_err "no-such-dir/x.csv"
expect_no_file no-such-dir
