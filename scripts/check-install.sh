#!/usr/bin/env bash
# Installs a build into a temporary root and builds the deadline example
# against it through pkg-config, as a user of the installed library would.
#   scripts/check-install.sh BUILD_DIR
set -euo pipefail
cd "$(dirname "$0")/.."
builddir=${1:-build}
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
meson install -C "$builddir" --destdir "$root" --quiet
prefix=$(meson introspect "$builddir" --buildoptions | python3 -c \
  'import json,sys; print(next(o["value"] for o in json.load(sys.stdin) if o["name"]=="prefix"))')
libdir=$(meson introspect "$builddir" --buildoptions | python3 -c \
  'import json,sys; print(next(o["value"] for o in json.load(sys.stdin) if o["name"]=="libdir"))')
case "$libdir" in /*) ;; *) libdir="$prefix/$libdir" ;; esac
export PKG_CONFIG_PATH="$root$libdir/pkgconfig"
export PKG_CONFIG_SYSROOT_DIR="$root"
cc -std=c11 -Wall -Wextra -pedantic -Werror examples/deadline.c -o "$root/deadline" \
  $(pkg-config --cflags --libs libclm)
LD_LIBRARY_PATH="$root$libdir" "$root/deadline" 2025-12-25 10 days | grep -q 'deadline:  2026-01-12'
test -f "$root$prefix/share/libclm/schemas/calendar.xsd"
test -f "$root$prefix/share/libclm/calendars/ru.xml"
echo "check-install: headers, pkg-config file, shared library and data install and link"
