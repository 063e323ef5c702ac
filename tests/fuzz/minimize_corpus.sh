#!/bin/sh
# minimize_corpus.sh FUZZ_BUILD [TARGET...] — refreshes the committed corpus
# tests/fuzz/corpus/<target>/ from a campaign's working corpus
# (FUZZ_BUILD/fuzz-work/<target>/): keeps seed-* and crash-* files, and
# replaces the rest with the smallest set of inputs that keeps every coverage
# feature of both (libFuzzer -set_cover_merge=1), minus copies of kept files.
# Prints each target's file count and bytes (the whole corpus should stay
# small — about 4 MB, most of it partial audits: docs/fuzzing.md).
set -eu
build=$(cd "${1:?usage: minimize_corpus.sh FUZZ_BUILD [TARGET...]}" && pwd)
shift
src=$(cd "$(dirname "$0")" && pwd)
targets=${*:-"csv_reader table_load spec policy audit_doc report_doc model batch audit_csv thresholds compare partial"}
max_bytes=${MAX_BYTES:-8192}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for t in $targets; do
    corpus=$src/corpus/$t
    mkdir -p "$tmp/$t" "$tmp/$t.out"
    (cd "$tmp" && FA_FUZZ_OUT_DIR="$tmp/$t.out" OPENBLAS_NUM_THREADS=1 nice -n 10 \
        "$build/fuzz/fuzz_$t" -set_cover_merge=1 "$tmp/$t" "$corpus" "$build/fuzz-work/$t" \
        > "$tmp/$t.log" 2>&1) || { cat "$tmp/$t.log"; exit 1; }
    find "$corpus" -type f ! -name 'seed-*' ! -name 'crash-*' -delete
    for f in "$tmp/$t"/*; do
        [ -f "$f" ] || continue
        [ "$(wc -c < "$f")" -le "$max_bytes" ] || continue
        dup=0
        for k in "$corpus"/seed-* "$corpus"/crash-*; do
            [ -f "$k" ] && cmp -s "$f" "$k" && { dup=1; break; }
        done
        [ $dup = 1 ] || cp "$f" "$corpus/"
    done
    echo "$t: $(ls "$corpus" | wc -l) files, $(cat "$corpus"/* | wc -c) bytes"
done
echo "total: $(cat "$src"/corpus/*/* | wc -c) bytes"
