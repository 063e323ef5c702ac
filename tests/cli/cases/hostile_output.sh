# Hostile environment: an output folder that cannot be written (read-only,
# a path through a regular file, missing), a full disk (a small tmpfs when
# this test may mount one; a file-size limit otherwise) and a full standard
# output (/dev/full). Each is exit 4 (I/O) with a message naming the file;
# no partial or temporary file is left and a previous output is untouched.
# docs/hostile-inputs.md.
P=$SRC/tests/cli/fixtures/audit_small.csv
A="--label label --score score --protected grp,sex --intersections --bootstrap 0"
cat > spec.json <<'JSON'
{"format": "fairaudit-spec", "format_version": 1, "name": "s",
 "columns": [{"name": "score", "role": "numeric"}, {"name": "grp", "role": "protected"},
  {"name": "sex", "role": "protected"},
  {"name": "label", "role": "label", "positive": "1", "negative": "0"}]}
JSON
run 0 "$FA" gen-credit --rows 3000 --seed 3 --out credit.csv --quiet
run 0 "$FA" train --data credit.csv --spec "$SRC/datasets/credit.json" --out model.json --quiet

# An input that cannot be read: a folder given as a file.
mkdir dirin
run 4 "$FA" audit --predictions dirin $A --out o
expect_err "cannot read 'dirin': Is a directory"
run 4 "$FA" describe --data dirin --spec spec.json
expect_err "cannot read 'dirin': Is a directory"

# A path through a regular file (ENOTDIR), for every command that writes.
: > blocker
run 4 "$FA" audit --predictions "$P" $A --out blocker/sub
expect_err "blocker/sub"
run 4 "$FA" describe --data "$P" --spec spec.json --out blocker/d.json
expect_err "blocker/d.json"
run 4 "$FA" gen-credit --rows 10 --out blocker/c.csv
run 4 "$FA" train --data credit.csv --spec "$SRC/datasets/credit.json" --out blocker/m.json
run 4 "$FA" predict --model model.json --data credit.csv --out blocker/p.csv
run 0 "$FA" audit --predictions "$P" $A --out good --quiet
run 4 "$FA" gate good/audit.json --policy "$SRC/datasets/credit-policy.json" --out blocker/g
run 4 "$FA" report good/audit.json --out blocker/r
[ "$(find . -name '*.tmp.*' | wc -l)" -eq 0 ] || fail "temporary files left"
# A folder that does not exist is created by the commands that take --out DIR,
# and an error for the ones that take a file path.
run 4 "$FA" describe --data "$P" --spec spec.json --out missing/d.json
expect_err "cannot create 'missing/d.json'"
run 0 "$FA" audit --predictions "$P" $A --out made/deep --quiet
expect_file made/deep/audit.json

# A folder that vanishes while the command runs: the input is a FIFO, so the
# command waits for data; the folder is removed meanwhile.
vanish() { # EXPECTED_EXIT FOLDER cmd... (reading fifo.csv)
    want=$1; dir=$2; shift 2
    rm -f fifo.csv && mkfifo fifo.csv && mkdir -p "$dir"
    set +e
    "$@" >out.txt 2>err.txt &
    pid=$!
    set -e
    sleep 0.2
    rm -rf "$dir"
    cat "$data" > fifo.csv
    set +e
    wait $pid
    got=$?
    set -e
    [ "$got" -eq "$want" ] || { cat err.txt; fail "'$*' exited $got with $dir removed, expected $want"; }
}
data=$P
vanish 4 gone "$FA" describe --data fifo.csv --spec spec.json --out gone/d.json
expect_err "cannot create 'gone/d.json': No such file or directory"
expect_no_file gone
data=credit.csv
vanish 4 gone "$FA" predict --model model.json --data fifo.csv --out gone/p.csv
expect_err "gone/p.csv"
# audit and report create their --out folder after the work: it is recreated.
data=$P
vanish 0 gone "$FA" audit --predictions fifo.csv $A --out gone --quiet
expect_file gone/audit.json

# A read-only folder: chmod when not root; as root (permissions do not stop
# root) a read-only tmpfs when mounting is allowed.
mkdir ro
ro_ok=0
if [ "$(id -u)" != 0 ]; then
    chmod 555 ro && ro_ok=1
elif mount -t tmpfs -o ro,size=64k tmpfs ro 2>/dev/null; then
    ro_ok=1
fi
if [ $ro_ok = 1 ]; then
    run 4 "$FA" audit --predictions "$P" $A --out ro
    expect_err "cannot create 'ro/audit.json'"
    run 4 "$FA" gen-credit --rows 10 --out ro/c.csv
    run 4 "$FA" describe --data "$P" --spec spec.json --out ro/d.json
    [ "$(id -u)" != 0 ] && chmod 755 ro || umount ro
else
    echo "SKIP part: cannot make a read-only folder here (root without mount)" >&2
fi

# A full disk, 1: a 64 KB tmpfs (root with mount), holding a previous output.
mkdir full
if mount -t tmpfs -o size=64k tmpfs full 2>/dev/null; then
    trap 'umount full 2>/dev/null || true' EXIT
    echo previous > full/audit.json
    echo previous > full/p.csv
    run 4 "$FA" predict --model model.json --data credit.csv --out full/p.csv
    expect_err "full/p.csv"
    expect_err "No space left on device"
    [ "$(cat full/p.csv)" = previous ] || fail "a failed predict replaced the previous file"
    mkdir -p big && awk 'BEGIN { print "score,label,grp,sex"; for (i = 0; i < 20000; i++) printf "0.%03d,%d,g%d,%s\n", i % 1000, i % 2, i % 300, (i % 3 ? "F" : "M") }' > big/p.csv
    run 4 "$FA" audit --predictions big/p.csv $A --max-groups 1000 --out full
    expect_err "No space left on device"
    [ "$(cat full/audit.json)" = previous ] || fail "a failed audit replaced the previous audit.json"
    run 4 "$FA" gen-credit --rows 5000 --out full/c.csv
    expect_no_file full/c.csv
    expect_clean full
    [ "$(ls full | wc -l)" -eq 2 ] || { ls -la full; fail "files left on the full disk"; }
    umount full
    trap - EXIT
else
    echo "SKIP part: cannot mount a small tmpfs here; the file-size limit below stands in" >&2
fi

# A full disk, 2: a file-size limit (works anywhere): writes beyond it fail
# with EFBIG (SIGXFSZ ignored, as a shell would leave it).
mkdir lim
echo previous > lim/p.csv
(trap '' XFSZ; ulimit -f 16; exec "$FA" predict --model model.json --data credit.csv --out lim/p.csv) >out.txt 2>err.txt && fail "predict succeeded beyond the file-size limit"
expect_err "lim/p.csv"
[ "$(cat lim/p.csv)" = previous ] || fail "a failed predict replaced the previous file"
(trap '' XFSZ; ulimit -f 16; exec "$FA" gen-credit --rows 20000 --out lim/c.csv) >out.txt 2>err.txt && fail "gen-credit succeeded beyond the limit"
expect_no_file lim/c.csv
expect_clean lim

# A full standard output: exit 4 with a message, never a silent success.
full_stdout() { # EXPECTED_EXIT cmd... with stdout on /dev/full
    want=$1; shift
    set +e
    "$@" >/dev/full 2>err.txt
    got=$?
    set -e
    [ "$got" -eq "$want" ] || { cat err.txt; fail "'$*' > /dev/full exited $got, expected $want"; }
}
full_stdout 4 "$FA" describe --data "$P" --spec spec.json
expect_err "cannot write to standard output"
full_stdout 4 "$FA" gen-credit --rows 1000 --out -
expect_err "No space left on device"
full_stdout 4 "$FA" version
expect_err "cannot write to standard output"
full_stdout 4 "$FA" audit --help
