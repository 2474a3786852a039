#!/usr/bin/env bash
# Builds the Debian packages (debian/: libclm0, libclm-dev, libclm-tools)
# from the tracked files of this tree with `dpkg-buildpackage -us -uc -b`,
# in a folder of its own, then runs a command of libclm-tools against the
# libclm0 it built. Needs dpkg-dev and debhelper (scripts/install-deps.sh)
# and the build dependencies of debian/control.
#
#   scripts/check-deb.sh [WORK_DIR]     (default: a new temporary folder)
set -euo pipefail
cd "$(dirname "$0")/.."
work=${1:-$(mktemp -d)}
version=$(dpkg-parsechangelog -S Version)
src="$work/libclm-$version"
rm -rf "$src"
mkdir -p "$src"
git ls-files -z | tar --null -T - -cf - | tar -C "$src" -xf -
echo "check-deb: building in $src"
(cd "$src" && dpkg-buildpackage -us -uc -b > "$work/build.log" 2>&1) || {
  tail -30 "$work/build.log"; echo "check-deb: the build failed (log $work/build.log)"; exit 1; }
arch=$(dpkg-architecture -qDEB_HOST_ARCH)
for p in libclm0 libclm-dev libclm-tools; do
  [ -f "$work/${p}_${version}_${arch}.deb" ] || { echo "check-deb: no package $p"; exit 1; }
done
root="$work/root"
rm -rf "$root"
for p in libclm0 libclm-tools; do dpkg-deb -x "$work/${p}_${version}_${arch}.deb" "$root"; done
multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
# Outputs go to files before grep reads them: `cmd | grep -q` under
# pipefail fails when grep exits at its first match and cmd is still writing
# (dpkg-deb then reports its tar killed by SIGPIPE).
LD_LIBRARY_PATH="$root/usr/lib/$multiarch" "$root/usr/bin/clm-claim-desk" \
  claim 2025-12-25 refund "15000.00 RUB" 2026-01-22 > "$work/claim-desk.out"
grep -q 'penalty:   1500.00 RUB' "$work/claim-desk.out" || {
  cat "$work/claim-desk.out"; echo "check-deb: clm-claim-desk from the package printed the wrong penalty"; exit 1; }
dpkg-deb -c "$work/libclm-dev_${version}_${arch}.deb" > "$work/dev.list"
grep -q 'usr/lib/.*/pkgconfig/libclm.pc' "$work/dev.list" || {
  echo "check-deb: libclm-dev has no pkgconfig/libclm.pc"; exit 1; }
echo "check-deb: ok: libclm0, libclm-dev and libclm-tools $version built in $work"
