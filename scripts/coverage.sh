#!/usr/bin/env bash
# Builds libclm with coverage (gcc --coverage, -O0), runs the whole test
# suite, and reports line and branch coverage of src/ per file with gcovr,
# then the totals (the last two lines: "lines: N%" and "branches: N%").
#   scripts/coverage.sh [BUILD_DIR]            (default build-coverage)
# Reports land in BUILD_DIR/coverage/: lines.txt, branches.txt and an
# HTML page per file (index.html).
set -euo pipefail
cd "$(dirname "$0")/.."
builddir=${1:-build-coverage}
if [ ! -f "$builddir/build.ninja" ]; then
  CC=${CC:-gcc} meson setup "$builddir" -Db_coverage=true --buildtype=debug -Dbench=false >/dev/null
fi
meson compile -C "$builddir" >/dev/null
find "$builddir" -name '*.gcda' -delete
meson test -C "$builddir" --num-processes 2 --print-errorlogs >/dev/null || {
  echo "coverage: the test suite failed (see $builddir/meson-logs/testlog.txt)" >&2
  exit 1
}
out="$builddir/coverage"
mkdir -p "$out"
# Branches the compiler adds for itself (unreachable, exception) are not
# the code's own decisions.
common=(-r . --object-directory "$builddir" --filter 'src/' --exclude-unreachable-branches
        --exclude-throw-branches --gcov-ignore-parse-errors)
gcovr "${common[@]}" --txt "$out/lines.txt" --html-details "$out/index.html" \
  --json-summary "$out/summary.json"
gcovr "${common[@]}" --branches --txt "$out/branches.txt"
cat "$out/lines.txt"
cat "$out/branches.txt"
python3 - "$out/summary.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
print('lines: %.1f%% (%d of %d)' % (s['line_percent'], s['line_covered'], s['line_total']))
print('branches: %.1f%% (%d of %d)' % (s['branch_percent'], s['branch_covered'], s['branch_total']))
PY
