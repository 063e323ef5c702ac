# fairaudit audit: usage errors exit 2, input errors exit 3 with file:line:column, and no
# output file is left behind.
F=$SRC/tests/cli/fixtures/audit_small.csv
run 2 "$FA" audit --label label --score score --protected grp --out o
expect_err "--predictions FILE is required"
run 2 "$FA" audit --predictions "$F" --label label --score score --protected grp
expect_err "--out DIR is required"
run 2 "$FA" audit --predictions "$F" --label label --score score --protected grp --out o --bogus
expect_err "unknown option '--bogus'"
run 2 "$FA" audit --predictions "$F" --label label --score score --protected grp --out o \
    --decision decision --threshold 0.3
expect_err "exclude each other"
run 2 "$FA" audit --predictions "$F" --label label --score score --protected grp --out o \
    --favorable yes
run 2 "$FA" audit --predictions "$F" --label label --score score --protected grp --out o \
    --bootstrap -1
run 2 "$FA" audit --model m.json --out o
expect_err "--model MODEL.json and --data FILE go together"
run 2 "$FA" audit --model m.json --data d.csv --label label --out o
expect_err "come from the dataset spec"
run 4 "$FA" audit --model missing-model.json --data d.csv --out o
expect_no_file o/audit.json
run 2 "$FA" audit --predictions "$F" --label label --score score --protected grp --out o \
    --score-range 300:850
expect_err "needs an explicit --threshold"
# input errors
run 3 "$FA" audit --predictions "$F" --label label --score scor --protected grp --out o
expect_err "audit_small.csv:1: no score column \"scor\""
printf 'score,label,g\n0.5,1,a\nabc,0,a\n' > bad.csv
run 3 "$FA" audit --predictions bad.csv --label label --score score --protected g --out o
expect_err 'bad.csv:3:1: column "score": expected a number, got "abc"'
printf 'score,label,g\n0.5,1,a\n0.4,2,a\n' > bad.csv
run 3 "$FA" audit --predictions bad.csv --label label --score score --protected g --out o
expect_err 'bad.csv:3:2: column "label": expected 0 or 1, got "2"'
printf 'score,label,g\n0.5,1,a\nNaN,1,a\n' > bad.csv
run 3 "$FA" audit --predictions bad.csv --label label --score score --protected g --out o
expect_err 'bad.csv:3:1: column "score": "NaN" is not a finite number'
printf 'score,label,g\n0.5,1,a\n612,1,a\n' > bad.csv
run 3 "$FA" audit --predictions bad.csv --label label --score score --protected g --out o
expect_err 'bad.csv:3:1: column "score": score 612 is outside the score range [0, 1]'
printf 'score,label,g\n0.5,1,a\n0.4,"1,a\n' > bad.csv
run 3 "$FA" audit --predictions bad.csv --label label --score score --protected g --out o
run 3 "$FA" audit --predictions "$F" --label label --score score --protected grp --out o \
    --reference grp=Z
expect_err "reference grp=Z: no row has this value"
run 3 "$FA" audit --predictions "$F" --label label --score score --protected id --out o \
    --max-groups 5
expect_err "more than 5 distinct combinations"
expect_no_file o/audit.json
# I/O
run 4 "$FA" audit --predictions missing.csv --label label --score score --protected grp --out o
expect_err "missing.csv"
expect_no_file o/audit.json
: > blocker
run 4 "$FA" audit --predictions "$F" --label label --score score --protected grp --out blocker/sub
