# Hostile input: scores that are NaN, infinite or outside the declared range;
# labels outside the declared values (docs/hostile-inputs.md). Each is an input
# error (exit 3) located at the field; nothing is written.
A="--label label --score score --protected g --bootstrap 0"
FIRST=0.5
check() { # CSV-ROW EXPECTED-MESSAGE [OPTIONS...]; line 2 is a good row (score $FIRST)
    row=$1; msg=$2; shift 2
    printf 'score,label,g\n%s,1,a\n%s\n' "$FIRST" "$row" > v.csv
    run 3 "$FA" audit --predictions v.csv $A --out o "$@"
    expect_err "$msg"
    expect_no_file o/audit.json
}
check 'NaN,1,a' 'v.csv:3:1: column "score": "NaN" is not a finite number'
check 'nan,1,a' 'v.csv:3:1: column "score": "nan" is not a finite number'
check 'inf,0,a' 'v.csv:3:1: column "score": "inf" is not a finite number'
check '-Infinity,0,a' 'v.csv:3:1: column "score": "-Infinity" is not a finite number'
check '1e400,0,a' 'v.csv:3:1: column "score": "1e400" is not a finite number'
check '1.0000001,0,a' 'v.csv:3:1: column "score": score 1.0000001 is outside the score range [0, 1]'
check '-0.1,0,a' 'v.csv:3:1: column "score": score -0.1 is outside the score range [0, 1]'
FIRST=700
check '900,0,a' 'v.csv:3:1: column "score": score 900 is outside the score range [300, 850]' \
    --score-range 300:850 --threshold 600
FIRST=0.5
check '0x1p-2,0,a' 'v.csv:3:1: column "score": expected a number, got "0x1p-2"'
check '0.5,2,a' 'v.csv:3:2: column "label": expected 0 or 1, got "2"'
check '0.5,-1,a' 'v.csv:3:2: column "label": expected 0 or 1, got "-1"'
check '0.5,0.5,a' 'v.csv:3:2: column "label": expected 0 or 1, got "0.5"'
printf 'score,label,g\n0.5,yes,a\n0.5,maybe,a\n' > v.csv
run 3 "$FA" audit --predictions v.csv $A --out o --label-values no,yes
expect_err 'v.csv:3:2: column "label": expected "no" or "yes", got "maybe"'
check '0.5,1,a,extra' 'v.csv:3:4: record has 4 fields, expected 3'
# Weights: NaN, negative.
printf 'score,label,g,w\n0.5,1,a,1\n0.5,1,a,nan\n' > w.csv
run 3 "$FA" audit --predictions w.csv $A --weight w --out o
expect_err 'w.csv:3:4: column "w": "nan" is not a finite number'
printf 'score,label,g,w\n0.5,1,a,-2\n' > w.csv
run 3 "$FA" audit --predictions w.csv $A --weight w --out o
expect_err 'w.csv:2:4: column "w": weight -2 is negative'
# An empty score or label is a missing value: the row is skipped and counted.
printf 'score,label,g\n0.5,1,a\n,1,a\n0.3,,b\n0.2,0,b\n' > m.csv
run 0 "$FA" audit --predictions m.csv $A --out m --min-group-size 1
expect_err "warning: 2 rows skipped for a missing value"
[ "$(json_get m/audit.json 'd["input"]["rows_used"]')" = 2 ] || fail "rows_used"

# Through a dataset spec (describe, train, predict): the same rules.
cat > spec.json <<'JSON'
{"format": "fairaudit-spec", "format_version": 1, "name": "v",
 "columns": [{"name": "x", "role": "numeric"}, {"name": "g", "role": "protected"},
  {"name": "y", "role": "label", "positive": "yes", "negative": "no"}]}
JSON
printf 'x,g,y\n1,a,yes\n2,b,no\n3,a,maybe\n' > l.csv
run 3 "$FA" describe --data l.csv --spec spec.json
expect_err 'l.csv:4:3: column "y": label "maybe" is neither the positive ("yes") nor the negative ("no") value'
run 3 "$FA" train --data l.csv --spec spec.json --out m.json
expect_no_file m.json
printf 'x,g,y\n1,a,yes\ninf,b,no\n' > x.csv
run 3 "$FA" describe --data x.csv --spec spec.json
expect_err 'x.csv:3:1: column "x": "inf" is not a finite number'
# A model scoring data with a non-finite feature: refused, no predictions file.
awk 'BEGIN { print "x,g,y"; for (i = 0; i < 200; i++) printf "%d,%s,%s\n", i % 13, (i % 2 ? "a" : "b"), (i % 13 > 6 ? "yes" : "no") }' > train.csv
run 0 "$FA" train --data train.csv --spec spec.json --out model.json --quiet
run 3 "$FA" predict --model model.json --data x.csv --out p.csv
expect_err 'x.csv:3:1: column "x": "inf" is not a finite number'
expect_no_file p.csv
run 3 "$FA" audit --model model.json --data x.csv --out o
expect_no_file o/audit.json
