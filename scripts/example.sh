#!/usr/bin/env bash
# Installs what is missing, builds libclm and runs the main example: the end
# of a 10-day consumer-law term that starts on 25 Dec 2025 (it runs into the
# Russian New Year holidays) and the 1 %-a-day penalty on 15000.00 RUB.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
[ -f build/build.ninja ] || meson setup build >/dev/null
meson compile -C build >/dev/null
exec ./build/examples/deadline 2025-12-25 10 days "15000.00 RUB"
