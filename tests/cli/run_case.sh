#!/bin/sh
# run_case.sh CASE.sh FAIRAUDIT SOURCE_DIR SHARED_DATASETS
# Runs one end-to-end CLI case in a fresh scratch folder. The case script gets
# FA (the binary), SRC (source tree), DATA (shared datasets folder), and the
# helpers below; it exits non-zero on failure, 77 to skip (with a message).
set -eu
case_file=$1
FA=$2
SRC=$3
DATA=$4
export FA SRC DATA
scratch=$(mktemp -d "${TMPDIR:-/tmp}/fa-cli.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
cd "$scratch"
exec sh -eu -c '. "$SRC/tests/cli/lib.sh"; . "$0"' "$case_file"
