#!/bin/sh
# run_fuzzers.sh FUZZ_BUILD SECONDS [TARGET...] — a fuzzing campaign.
#
# Runs each libFuzzer target (all of tests/fuzz/CMakeLists.txt's when none is
# named) for SECONDS, one after the other (the machine is shared: one job,
# one worker, nice), starting from the committed corpus plus what earlier
# campaigns found (FUZZ_BUILD/fuzz-work/<target>/). A crash, leak, timeout
# (> 10 s per input) or out-of-memory (> 2 GB) stops that target and leaves
# FUZZ_BUILD/fuzz-work/<target>-crash-* (or -leak-, -timeout-, -oom-). Prints
# one line per target for docs/fuzzing.md. Build FUZZ_BUILD with `make fuzz`.
set -eu
build=$(cd "${1:?usage: run_fuzzers.sh FUZZ_BUILD SECONDS [TARGET...]}" && pwd)
secs=${2:?seconds}
shift 2
src=$(cd "$(dirname "$0")" && pwd)
targets=${*:-"csv_reader table_load spec policy audit_doc report_doc model batch audit_csv thresholds compare partial"}
work=$build/fuzz-work
mkdir -p "$work"
for t in $targets; do
    case $t in csv_reader|table_load|audit_csv) dict=$src/csv.dict ;; *) dict=$src/json.dict ;; esac
    mkdir -p "$work/$t" "$work/$t.run"
    start=$(date +%s)
    set +e
    (cd "$work/$t.run" && FA_FUZZ_OUT_DIR="$work/$t.run/out" OPENBLAS_NUM_THREADS=1 nice -n 10 "$build/fuzz/fuzz_$t" \
        -max_total_time="$secs" -jobs=1 -workers=1 -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 -dict="$dict" -artifact_prefix="$work/$t-" \
        "$work/$t" "$src/corpus/$t" > "$work/$t.run/libfuzzer.out" 2>&1)
    rc=$?
    set -e
    rm -rf "$work/$t.run/out"
    log=$work/$t.run/fuzz-0.log
    [ -f "$log" ] || log=$work/$t.run/libfuzzer.out
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    last=$(grep -E '^#[0-9]+' "$log" | tail -n 1)
    cov=$(echo "$last" | sed -n 's/.*cov: \([0-9]*\).*/\1/p')
    ft=$(echo "$last" | sed -n 's/.*ft: \([0-9]*\).*/\1/p')
    corp=$(echo "$last" | sed -n 's/.*corp: \([0-9]*\/[0-9A-Za-z]*\).*/\1/p')
    found=$(ls "$work" | grep -E "^$t-(crash|leak|timeout|oom|slow-unit)-" | tr '\n' ' ')
    echo "$t: rc=$rc seconds=$(( $(date +%s) - start )) execs=${execs:-?} cov=${cov:-?} ft=${ft:-?} corpus=${corp:-?} findings=${found:-none}"
done
