#!/bin/sh
# check_install.sh SOURCE_DIR BUILD_DIR
# Installs into a scratch prefix, then builds and runs a consumer three ways:
# CMake package (shared and static targets) and pkg-config --static.
set -eu
src=$1
build=$2
tmp=$(mktemp -d "${TMPDIR:-/tmp}/fa-install.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cmake --install "$build" --prefix "$tmp/prefix" >/dev/null
for f in include/fairaudit/fairaudit.h include/fairaudit/version.h lib/pkgconfig/fairaudit.pc \
         lib/cmake/fairaudit/fairauditConfig.cmake lib/libfairaudit.a bin/fairaudit; do
    [ -e "$tmp/prefix/$f" ] || { echo "install: $f missing"; exit 1; }
done
mkdir "$tmp/consumer"
cp "$src/tests/install/consumer.c" "$tmp/consumer/"
cp "$src/tests/install/CMakeLists.txt.in" "$tmp/consumer/CMakeLists.txt"
cmake -S "$tmp/consumer" -B "$tmp/consumer/b" -DCMAKE_PREFIX_PATH="$tmp/prefix" >/dev/null
cmake --build "$tmp/consumer/b" >/dev/null
LD_LIBRARY_PATH="$tmp/prefix/lib" "$tmp/consumer/b/consumer_shared"
"$tmp/consumer/b/consumer_static"
export PKG_CONFIG_PATH="$tmp/prefix/lib/pkgconfig"
# shellcheck disable=SC2046
cc "$src/tests/install/consumer.c" -o "$tmp/consumer/c_pc" $(pkg-config --cflags --libs --static fairaudit)
LD_LIBRARY_PATH="$tmp/prefix/lib" "$tmp/consumer/c_pc"
echo "install: ok"
