# fairaudit audit --threads and --partial / fairaudit merge: the same audit.json whatever the
# number of threads (byte for byte) and whatever the shards (apart from input.path and
# input.fingerprint); mismatched shards exit 3, located.
awk 'BEGIN { srand(7); print "score,label,decision,sex,region";
             for (i = 0; i < 30000; i++) { s = rand();
               printf "%.6f,%d,%d,%s,%s\n", s, (rand() < s), (s >= 0.5),
                      (rand() < 0.45 ? "F" : "M"), substr("nsewc", int(rand() * 5) + 1, 1) } }' > p.csv
A="--label label --score score --decision decision --protected sex,region --intersections \
   --bootstrap 50 --seed 3 --reproducible --quiet"
for t in 1 2 3 7; do
    run 0 "$FA" audit --predictions p.csv $A --threads $t --out t$t
    cmp t1/audit.json t$t/audit.json || fail "--threads $t changes audit.json"
done
# standard input reads the same way
run 0 sh -c "'$FA' audit --predictions - $A --threads 2 --out tin < p.csv"
[ "$(json_get tin/audit.json "d['attributes']")" = "$(json_get t1/audit.json "d['attributes']")" ] \
    || fail "standard input audit differs"
# four shards, each with the header
head -1 p.csv > h.csv
tail -n +2 p.csv | split -l 7500 -d - body
n=0
for b in body0*; do
    cat h.csv "$b" > shard$n.csv
    run 0 "$FA" audit --predictions shard$n.csv $A --partial part$n.json
    expect_file part$n.json
    n=$((n + 1))
done
[ $n = 4 ] || fail "expected 4 shards, got $n"
run 0 "$FA" merge part0.json part1.json part2.json part3.json --out merged --reproducible
expect_err "merged 4 partial audits: 30000 rows"
norm() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); d['input']['path']=None; d['input']['fingerprint']=None; print(json.dumps(d, sort_keys=True))" "$1"; }
[ "$(norm merged/audit.json)" = "$(norm t1/audit.json)" ] || fail "merge differs from one pass"
[ "$(json_get merged/audit.json "d['input']['fingerprint']")" = None ] || fail "merged fingerprint"
[ "$(json_get merged/audit.json "d['input']['path']")" = "shard0.csv (+3 more inputs)" ] \
    || fail "merged path"
# several --predictions files audit as one input: the merge of their partials, byte for
# byte (the report names the first file "(+3 more inputs)", no fingerprint)
run 0 "$FA" audit --predictions shard0.csv --predictions shard1.csv --predictions shard2.csv \
    --predictions shard3.csv $A --out multi
cmp multi/audit.json merged/audit.json || fail "4 --predictions files differ from merging 4 partials"
run 0 "$FA" audit --predictions shard0.csv --predictions shard1.csv --predictions shard2.csv \
    --predictions shard3.csv $A --partial multi.json
run 0 "$FA" merge multi.json --out multimerged --reproducible
cmp multimerged/audit.json merged/audit.json || fail "--partial of 4 files differs"
run 2 "$FA" audit --predictions - --predictions - $A --out x
expect_err "standard input ('-') can be read once"
printf 'score,label,decision,sex,region\n0.5,1,1,F,n\n0.2,x,0,M,s\n' > badshard.csv
run 3 "$FA" audit --predictions shard0.csv --predictions badshard.csv $A --out x
expect_err 'badshard.csv:3:2: column "label"'
expect_no_file x/audit.json
# --partial - writes to standard output (Spark pipe, Hadoop streaming), from standard input
run 0 sh -c "'$FA' audit --predictions - $A --partial - < shard2.csv > p2stdout.json"
python3 -c "import json,sys; a,b=(json.load(open(f)) for f in sys.argv[1:]); a['input']['path']=b['input']['path']; sys.exit(a!=b)" \
    part2.json p2stdout.json || fail "--partial - differs from --partial FILE"
[ "$(json_get p2stdout.json "d['input']['path']")" = "<stdin>" ] || fail "stdin path"
# --partial with --out also writes the shard's own audit
run 0 "$FA" audit --predictions shard0.csv $A --partial p0b.json --out shard0out
expect_file shard0out/audit.json
cmp part0.json p0b.json || fail "partial files differ between runs"
# --partial with --out on a shard with no rows: the audit fails (exit 3), nothing is written
head -1 p.csv > empty.csv
run 3 "$FA" audit --predictions empty.csv $A --partial emptypart.json --out emptyout
expect_no_file emptypart.json
expect_no_file emptyout/audit.json
run 0 "$FA" audit --predictions empty.csv $A --partial emptypart.json
expect_file emptypart.json
# a shard audited with other settings cannot be merged
run 0 "$FA" audit --predictions shard3.csv --label label --score score --decision decision \
    --protected sex,region --intersections --bootstrap 10 --seed 3 --quiet --partial odd.json
run 3 "$FA" merge part0.json odd.json --out bad
expect_err 'odd.json:'
expect_err 'the setting "bootstrap" differs'
expect_no_file bad/audit.json
# a damaged partial
sed 's/"format_version": 1/"format_version": 9/' part1.json > v9.json
run 3 "$FA" merge part0.json v9.json --out bad
expect_err "unsupported format_version 9"
# a cell whose "rows" disagrees with its state, and rows_used that disagrees with the cells
python3 - part1.json rows.json used.json <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["state"]["cells"][0]["rows"] += 1
json.dump(d, open(sys.argv[2], "w"))
d = json.load(open(sys.argv[1]))
d["input"]["rows_used"] -= 1
d["input"]["rows_read"] -= 1
json.dump(d, open(sys.argv[3], "w"))
PY
run 3 "$FA" merge part0.json rows.json --out bad
expect_err 'rows.json:1:'
expect_err 'but its state holds'
run 3 "$FA" merge used.json --out bad
expect_err '"rows_used" is 7499 but the cells hold 7500 rows'
expect_no_file bad/audit.json
# usage
run 2 "$FA" merge --out x
expect_err "at least one PART.json"
run 2 "$FA" audit --predictions p.csv $A --partial x.json --policy y.json
expect_err "--partial works with --predictions"
run 2 "$FA" audit --predictions p.csv $A --threads 100000 --out x
run 0 "$FA" merge --help
expect_out "fairaudit merge PART.json"
# the merged audit can be gated like any audit
set +e
"$FA" merge part0.json part1.json part2.json part3.json --out gated --quiet \
    --policy "$SRC/datasets/credit-policy.json" >out.txt 2>err.txt
c=$?
set -e
[ $c = 0 ] || [ $c = 1 ] || { cat err.txt; fail "merge --policy exited $c"; }
expect_file gated/junit.xml
expect_file gated/summary.md
[ "$(json_get gated/audit.json "'gate' in d")" = True ] || fail "no gate section in the merged audit"
# A bad group value deep in a file of several blocks: the fast path gives its block up and
# the reference path reports it, located, whatever the number of threads.
awk 'BEGIN { srand(11); print "score,label,decision,sex,region";
             for (i = 0; i < 120000; i++) { s = rand();
               printf "%.6f,%d,%d,%s,%s\n", s, (rand() < s), (s >= 0.5),
                      (i == 100000 ? "caf\351" : (rand() < 0.45 ? "F" : "M")), "n" } }' > big-latin1.csv
for t in 1 2; do
    run 3 "$FA" audit --predictions big-latin1.csv $A --threads $t --out bad$t
    expect_err 'big-latin1.csv:100002:4: column "sex": value is not valid UTF-8 (byte 0xE9'
    expect_no_file bad$t/audit.json
done
# per-group thresholds decide row i by its number in the whole file: not in a partial audit
run 0 "$FA" mitigate thresholds --predictions p.csv --label label --score score --protected sex \
    --target eo --bound 0.01 --out th.json --quiet
run 0 "$FA" audit --predictions p.csv --label label --score score --protected sex,region \
    --thresholds th.json --threads 1 --reproducible --quiet --out th1
run 0 "$FA" audit --predictions p.csv --label label --score score --protected sex,region \
    --thresholds th.json --threads 2 --reproducible --quiet --out th2
cmp th1/audit.json th2/audit.json || fail "--thresholds audit depends on --threads"
run 2 "$FA" audit --predictions shard1.csv --label label --score score --protected sex \
    --thresholds th.json --partial thp.json
expect_err "decide first with 'fairaudit predict --thresholds'"
expect_no_file thp.json
