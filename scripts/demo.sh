#!/bin/sh
# demo.sh FAIRAUDIT OUT_DIR — the main job on the embedded default:
# synthetic credit data -> train -> audit -> report folder.
# Each step runs when the toolkit has it; the script grows with the toolkit.
set -eu
FA=$1
OUT=$2
has() { "$FA" --help | grep -q "^  $1 "; }
step() { printf '\ndemo: == %s\n' "$*"; }

mkdir -p "$OUT"
"$FA" version

step "synthetic credit applications (seed 42, strong historical bias 0.8)"
"$FA" gen-credit --rows 50000 --seed 42 --bias 0.8 --out "$OUT/train.csv" --quiet
"$FA" gen-credit --rows 20000 --seed 43 --bias 0.8 --out "$OUT/test.csv" --quiet
"$FA" describe --data "$OUT/train.csv" --spec datasets/credit.json --out "$OUT/describe.json"
echo "demo: wrote $OUT/train.csv, $OUT/test.csv and $OUT/describe.json"

echo
echo "demo: report folder: $(cd "$OUT" && pwd)"
