#!/bin/sh
# demo.sh FAIRAUDIT OUT_DIR — the main job on the embedded default:
# synthetic credit data -> train -> audit -> report folder. Runs as far as the
# toolkit goes today.
set -eu
FA=$1
OUT=$2
mkdir -p "$OUT"
"$FA" version
echo "demo: report folder: $OUT"
