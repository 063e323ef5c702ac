#!/bin/sh
# install-deps.sh PACKAGE... — installs the Debian packages that are missing.
# Runs apt-get only when something is missing; needs root for that.
set -eu
missing=""
for p in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
        missing="$missing $p"
    fi
done
[ -z "$missing" ] && exit 0
if [ "${FA_NO_APT:-}" = "1" ]; then
    echo "install-deps: missing Debian packages:$missing (FA_NO_APT=1, not installing)" >&2
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "install-deps: missing Debian packages:$missing; run as root or install them" >&2
    exit 1
fi
echo "install-deps: installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
