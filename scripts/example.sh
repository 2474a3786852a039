#!/usr/bin/env bash
# Installs what is missing, builds libclm and runs the main example: a
# consumer's refund claim received on 25 Dec 2025, registered through the
# claim API; its 10-day deadline runs into the Russian New Year holidays
# (Mon 12 Jan 2026), and paid on 22 Jan it owes 10 days of the 1 %-a-day
# penalty on 15000.00 RUB.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
[ -f build/build.ninja ] || meson setup build >/dev/null
meson compile -C build >/dev/null
exec ./build/examples/claim-desk claim 2025-12-25 refund "15000.00 RUB" 2026-01-22
