#!/usr/bin/env bash
# Installs what is missing, builds libclm and runs the whole test suite.
#   scripts/test.sh [BUILD_DIR] [extra meson setup options...]
# The PostgreSQL tests start a throwaway server on 127.0.0.1 by themselves
# when the PostgreSQL server binaries are installed.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
builddir=${1:-build}
shift || true
if [ ! -f "$builddir/build.ninja" ]; then
  meson setup "$builddir" "$@" >/dev/null
elif [ $# -gt 0 ]; then
  meson configure "$builddir" "$@" >/dev/null
fi
meson compile -C "$builddir"
status=0
meson test -C "$builddir" --print-errorlogs --num-processes 2 || status=$?
# Last, so that a CI log cut to its tail still says why: for each failed
# test, the lines of its output that name a failure (cmocka's FAILED and
# ERROR lines and the assertion before them, sanitizer reports' first
# lines, the tests' own "failed"/"FAIL" lines), at most 40 a test; then one
# closing line in the plain form CI systems read: "tests: N passed, N
# failed, N skipped", printed whether the suite passed or not; the script's
# status is the suite's.
python3 - "$builddir/meson-logs/testlog.json" <<'PY'
import json, re, sys
tests = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
why = re.compile(r'\[  (FAILED|ERROR) +\]|^(==\d+==)?ERROR: |^SUMMARY: |runtime error|: error:|'
                 r'[Ff]ailed|FAIL|Assertion|assert|[Ee]rror:')
for t in tests:
    if t['result'] in ('OK', 'EXPECTEDFAIL', 'SKIP'):
        continue
    out = ((t.get('stdout') or '') + '\n' + (t.get('stderr') or '')).splitlines()
    hits = [l for l in out if why.search(l)][:40]
    print('why %s failed (%s, exit %s):' % (t['name'], t['result'], t.get('returncode')))
    for l in hits or out[-20:]:
        print('  | ' + l[:300])
results = [t['result'] for t in tests]
passed = sum(r in ('OK', 'EXPECTEDFAIL') for r in results)
skipped = sum(r == 'SKIP' for r in results)
print('tests: %d passed, %d failed, %d skipped' % (passed, len(results) - passed - skipped, skipped))
PY
exit "$status"
