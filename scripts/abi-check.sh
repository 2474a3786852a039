#!/usr/bin/env bash
# Compiles the library's sources in BUILD_DIR (a built build: it reads
# compile_commands.json and the generated headers), and each public
# header alone (tests/headers), again for x32: gcc -mx32, 64-bit
# registers and __int128 but 32-bit pointers, size_t and long; the
# build's own flags and warnings as errors. It checks what an LP64 build
# cannot: the compile-time checks of structure layouts (quick.c's
# padding guards), conversions between size_t and the 64-bit types,
# size_t in format strings. Compile only: there are no x32 builds of
# libxml2, SQLite or libpq to link against, and Debian's kernels do not
# run x32 programs by default. 32-bit ABIs without __int128 (i386, armhf)
# are not supported at all (meson.build stops).
#   scripts/abi-check.sh BUILD_DIR      (gcc with gcc-multilib installed)
set -euo pipefail
cd "$(dirname "$0")/.."
builddir=${1:?usage: scripts/abi-check.sh BUILD_DIR}
db="$builddir/compile_commands.json"
[ -f "$db" ] || { echo "abi-check: no $db (configure the build first)" >&2; exit 1; }
probe=$(mktemp -d /tmp/clm-abi.XXXXXX)
trap 'rm -rf "$probe"' EXIT
printf '#include <stddef.h>\n#include <stdint.h>\nunsigned __int128 x;\n_Static_assert(sizeof(size_t) == 4 && sizeof(void *) == 4, "x32");\n' >"$probe/p.c"
if ! gcc -mx32 -c "$probe/p.c" -o "$probe/p.o" 2>"$probe/err"; then
  echo "abi-check: gcc -mx32 does not compile (install gcc-multilib):" >&2
  cat "$probe/err" >&2
  exit 1
fi
# Each source compiled with its own command, -mx32 -Werror added.
/usr/bin/env python3 scripts/abi_check.py "$db" "$probe" "$(nproc 2>/dev/null || echo 2)"
