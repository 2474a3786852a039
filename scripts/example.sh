#!/usr/bin/env bash
# Installs what is missing, builds what the main example needs (the library
# and examples/claim-desk, not the tests) and runs it: a consumer's refund
# claim received on 25 Dec 2025, registered through the claim API; its
# 10-day deadline runs into the Russian New Year holidays (Mon 12 Jan 2026),
# and paid on 22 Jan it owes 10 days of the 1 %-a-day penalty on
# 15000.00 RUB. Ends with one line: the outcome and the time taken.
#   scripts/example.sh [BUILD_DIR]      (default build/)
set -euo pipefail
cd "$(dirname "$0")/.."
builddir=${1:-build}
start=$(date +%s)
echo "example: 1/3 checking the Debian packages libclm needs (scripts/install-deps.sh)"
scripts/install-deps.sh
if [ ! -f "$builddir/build.ninja" ]; then
  echo "example: 2/3 configuring $builddir/ (meson setup)"
  if ! log=$(meson setup "$builddir" 2>&1); then
    printf '%s\n' "$log" >&2
    echo "example: FAILED: meson setup $builddir" >&2
    exit 1
  fi
else
  echo "example: 2/3 $builddir/ is configured already"
fi
echo "example: 3/3 building the library and examples/claim-desk (ninja counts the steps)"
meson compile -C "$builddir" examples/claim-desk
echo
status=0
out=$("$builddir/examples/claim-desk" claim 2025-12-25 refund "15000.00 RUB" 2026-01-22) || status=$?
printf '%s\n' "$out"
secs=$(( $(date +%s) - start ))
if [ "$status" -ne 0 ]; then
  echo "example: FAILED: claim-desk exited with status $status ($secs s)"
  exit "$status"
fi
deadline=$(sed -n 's/^deadline: *\([0-9-]*\).*/\1/p' <<<"$out")
penalty=$(sed -n 's/^penalty: *//p' <<<"$out")
echo "example: ok in $secs s: the claim of 25 Dec 2025 was due on $deadline; paid on 22 Jan 2026 it owes $penalty"
