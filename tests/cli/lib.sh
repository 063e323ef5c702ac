# lib.sh — helpers for CLI cases (sourced by run_case.sh).

fail() { echo "FAIL: $*" >&2; exit 1; }

# run EXPECTED_EXIT cmd args... : runs a command capturing out/err files.
run() {
    want=$1; shift
    set +e
    "$@" >out.txt 2>err.txt
    got=$?
    set -e
    if [ "$got" -ne "$want" ]; then
        echo "--- stdout"; cat out.txt; echo "--- stderr"; cat err.txt
        fail "'$*' exited $got, expected $want"
    fi
}

# expect_err PATTERN : stderr contains the fixed string.
expect_err() { grep -F -- "$1" err.txt >/dev/null || { cat err.txt; fail "stderr lacks: $1"; }; }
expect_out() { grep -F -- "$1" out.txt >/dev/null || { cat out.txt; fail "stdout lacks: $1"; }; }
expect_no_file() { [ ! -e "$1" ] || fail "file '$1' should not exist"; }
expect_file() { [ -s "$1" ] || fail "file '$1' missing or empty"; }

# need_data SUBDIR : skip visibly when the shared datasets are absent.
need_data() {
    if [ ! -d "$DATA/$1" ]; then
        echo "SKIP: shared dataset folder $DATA/$1 is absent" >&2
        exit 77
    fi
}

# json_get FILE EXPR : prints a value from a JSON file (python3 json module).
json_get() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))" "$1" "$2"; }

# timed MAX_SECONDS EXPECTED_EXIT cmd args... : as run, and fails when the
# command takes longer than MAX_SECONDS (the documented time bound).
# FA_TEST_TIME_SCALE (set in sanitizer builds, whose code runs several times
# slower) multiplies the bound.
timed() {
    limit=$(( $1 * ${FA_TEST_TIME_SCALE:-1} )); shift
    t0=$(date +%s)
    run "$@"
    t1=$(date +%s)
    [ $((t1 - t0)) -le "$limit" ] || fail "'$*' took $((t1 - t0)) s, bound ${limit} s"
}

# expect_clean DIR : DIR holds no temporary file of an atomic write
# (NAME.tmp.XXXXXX) nor a staged CI output (.NAME.fa-new).
expect_clean() {
    leftovers=$(find "$1" \( -name '*.tmp.*' -o -name '.*.fa-new' \) 2>/dev/null || true)
    [ -z "$leftovers" ] || fail "temporary files left behind: $leftovers"
}

# repeat_char CHAR COUNT : writes COUNT copies of CHAR to stdout.
repeat_char() { head -c "$2" /dev/zero | tr '\0' "$1"; }
