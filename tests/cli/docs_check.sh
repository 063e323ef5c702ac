#!/bin/sh
# docs_check.sh FAIRAUDIT SOURCE_DIR
# Every command listed by `fairaudit --help` has docs/cli/<command>.md, its
# --help exits 0, and every option its --help shows is documented in that file.
set -eu
FA=$1
SRC=$2
status=0
cmds=$("$FA" --help | sed -n 's/^  \([a-z][a-z-]*\)  .*/\1/p')
[ -n "$cmds" ] || { echo "docs_check: no commands found in 'fairaudit --help'"; exit 1; }
for c in $cmds; do
    doc="$SRC/docs/cli/$c.md"
    if [ ! -f "$doc" ]; then
        echo "docs_check: command '$c' has no $doc"; status=1; continue
    fi
    if ! help=$("$FA" "$c" --help 2>&1); then
        echo "docs_check: 'fairaudit $c --help' failed"; status=1; continue
    fi
    for opt in $(printf '%s\n' "$help" | grep -oE -- '--[A-Za-z][A-Za-z0-9-]*' | sort -u); do
        if ! grep -qF -- "$opt" "$doc"; then
            echo "docs_check: 'fairaudit $c' option $opt is not documented in docs/cli/$c.md"
            status=1
        fi
    done
done
[ $status -eq 0 ] && echo "docs_check: $(echo $cmds | wc -w) commands, every option documented"
exit $status
