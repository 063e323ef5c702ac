# describe / train / predict --threads N: the table is loaded on N threads (a 6 MB file, above
# the 4 MiB threshold) and every output is byte-identical to one thread's; a quoted field or a
# bad record deep in the file falls back to the one-thread load (same output, same located
# error); standard input is read on one thread.
S="$SRC/datasets/credit.json"
run 0 "$FA" gen-credit --rows 100000 --seed 5 --bias 0.3 --out c.csv --quiet
for t in 1 2 3; do
    run 0 "$FA" describe --data c.csv --spec "$S" --threads $t --out d$t.json
    [ $t = 1 ] || expect_err "100000 rows read (6.4 MB) on $t threads"
    cmp d1.json d$t.json || fail "describe --threads $t changes the summary"
    run 0 "$FA" train --data c.csv --spec "$S" --threads $t --out m$t.json --quiet
    cmp m1.json m$t.json || fail "train --threads $t changes the model file"
    run 0 "$FA" predict --model m1.json --data c.csv --threads $t --out p$t.csv --quiet
    cmp p1.csv p$t.csv || fail "predict --threads $t changes the predictions"
done
[ "$(json_get d1.json "d['rows_used']")" = 100000 ] || fail "rows_used"
# --threads 0 = one per CPU (at most 8): the same summary
run 0 "$FA" describe --data c.csv --spec "$S" --threads 0 --out d0.json --quiet
cmp d1.json d0.json || fail "describe --threads 0 changes the summary"
# standard input: one thread, the same summary but for the path
run 0 sh -c "'$FA' describe --data - --spec '$S' --threads 3 < c.csv > dstdin.json"
[ "$(json_get dstdin.json "d['data_sha256']")" = "$(json_get d1.json "d['data_sha256']")" ] \
    || fail "standard input fingerprint differs"
[ "$(json_get dstdin.json "d['columns']")" = "$(json_get d1.json "d['columns']")" ] \
    || fail "standard input columns differ"

# a quoted field in the last part: loaded on one thread, the same summary
awk -F, 'NR == 99000 { $0 = $1 ",\"" $2 "\"," substr($0, length($1) + length($2) + 3) } 1' \
    c.csv > q.csv
grep -q '"' q.csv || fail "q.csv has no quote"
run 0 "$FA" describe --data q.csv --spec "$S" --threads 1 --out q1.json --quiet
run 0 "$FA" describe --data q.csv --spec "$S" --threads 3 --out q3.json
grep -q "threads" err.txt && fail "a file with quotes was loaded on threads"
cmp q1.json q3.json || fail "describe --threads 3 of a quoted file differs"

# a bad number deep in the file: exit 3, the one-thread message and location
awk -F, -v OFS=, 'NR == 88888 { $2 = "12x" } 1' c.csv > bad.csv
run 3 "$FA" describe --data bad.csv --spec "$S" --threads 1 --out b1.json
cp err.txt err1.txt
run 3 "$FA" describe --data bad.csv --spec "$S" --threads 3 --out b3.json
cmp err1.txt err.txt || fail "the error differs with --threads 3"
expect_err "bad.csv:88888:2:"
expect_no_file b3.json

# usage
run 2 "$FA" describe --data c.csv --spec "$S" --threads 65
expect_err "--threads must be at most 64"
run 2 "$FA" describe --data c.csv --spec "$S" --threads x

# audit --model: --threads loads --data on threads, the same audit.json
for t in 1 3; do
    run 0 "$FA" audit --model m1.json --data c.csv --protected sex --threads $t --reproducible \
        --quiet --out a$t
done
cmp a1/audit.json a3/audit.json || fail "audit --model --threads 3 changes audit.json"
