#!/bin/sh
# layering_check.sh SOURCE_DIR
# Fails when an #include crosses the layering
#   cli -> reports -> audit -> metrics -> lib
# or a third-party header appears outside the one folder that wraps it.
set -eu
cd "$1"
status=0

check() { # folder, forbidden-regex, why
    hits=$(grep -rnE "^[[:space:]]*#[[:space:]]*include[[:space:]]*[<\"]($2)" "$1" \
           --include='*.c' --include='*.h' 2>/dev/null || true)
    if [ -n "$hits" ]; then
        echo "layering: $3:"; echo "$hits"; status=1
    fi
}

# Folders may not include headers of folders above them.
check lib     'metrics/|audit/|reports/|cli/' "lib/ must not include upper layers"
check metrics 'audit/|reports/|cli/'          "metrics/ must not include upper layers"
check audit   'reports/|cli/'                  "audit/ must not include upper layers"
check reports 'cli/'                           "reports/ must not include cli/"
# The CLI sees the public API only.
hits=$(grep -rnE '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' cli --include='*.c' --include='*.h' \
       | grep -vE '#[[:space:]]*include[[:space:]]*"(fairaudit/[a-z_]+\.h|cli\.h|[a-z_]+\.h)"' || true)
if [ -n "$hits" ]; then echo "layering: cli/ includes a non-public header:"; echo "$hits"; status=1; fi
for f in $(grep -rlE '#[[:space:]]*include[[:space:]]*"' cli --include='*.c' --include='*.h'); do
    for h in $(sed -nE 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"([^"]+)".*/\1/p' "$f"); do
        case $h in fairaudit/*) ;; *) [ -e "cli/$h" ] || { echo "layering: $f includes $h (not in cli/ or include/)"; status=1; } ;; esac
    done
done
# metrics/ is pure: no I/O or third-party headers.
check metrics 'csv\.h|cjson/|cblas\.h|lbfgs\.h|stdio\.h' "metrics/ must stay pure (no I/O, no third-party)"
# Each third-party library stays inside its wrapper folder.
for spec in 'csv\.h:lib/data' 'cjson/:lib/serialize' 'cblas\.h|openblas:lib/la' 'lbfgs\.h:lib/optim' \
            'mpi\.h:cli'; do
    pat=${spec%%:*}; home=${spec#*:}
    hits=$(grep -rnE "^[[:space:]]*#[[:space:]]*include[[:space:]]*[<\"]($pat)" lib metrics audit reports cli include \
           --include='*.c' --include='*.h' | grep -v "^$home/" || true)
    if [ -n "$hits" ]; then echo "layering: third-party header outside $home:"; echo "$hits"; status=1; fi
done
# No third-party type in public headers (covered above for include/), no
# printf/exit/abort/setlocale/rand in library code.
hits=$(grep -rnE '\b(printf|puts|exit|abort|setlocale|rand|srand)[[:space:]]*\(' lib metrics audit reports \
       --include='*.c' | grep -vE '(snprintf|vsnprintf|fprintf|vfprintf)' || true)
if [ -n "$hits" ]; then echo "layering: forbidden call in library code:"; echo "$hits"; status=1; fi
[ $status -eq 0 ] && echo "layering: ok"
exit $status
