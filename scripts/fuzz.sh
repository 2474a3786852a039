#!/usr/bin/env bash
# Runs every libFuzzer harness of a -Dfuzz=true build for a share of a
# total time budget, from the seed corpus (tests/fuzz/corpus/<name>) and the
# recorded findings (tests/fuzz/regressions/<name>), with the schema's
# dictionary when there is one.
#   scripts/fuzz.sh BUILD_DIR [TOTAL_SECONDS] [NAME...]   (default 270 s)
# Build: CC=clang meson setup BUILD_DIR -Dfuzz=true \
#          -Db_sanitize=address,undefined -Db_lundef=false \
#          -Dc_args=-fno-sanitize-recover=all
# A crash, a leak, a sanitizer report or a broken check (tests/fuzz/fuzz.h)
# stops that harness; the input is kept and named, and the script fails.
# Make it a regression: copy it into tests/fuzz/regressions/<name>/, where
# meson test fuzz-<name> replays it on every build.
set -uo pipefail
cd "$(dirname "$0")/.."
builddir=${1:?usage: scripts/fuzz.sh BUILD_DIR [TOTAL_SECONDS] [NAME...]}
total=${2:-270}
shift 2 2>/dev/null || shift $#
names=("$@")
if [ ${#names[@]} -eq 0 ]; then
  for exe in "$builddir"/tests/fuzz/fuzz-*; do
    base=${exe##*/fuzz-}
    case "$base" in replay-*|*.p) continue ;; esac
    [ -x "$exe" ] && names+=("$base")
  done
fi
if [ ${#names[@]} -eq 0 ]; then
  echo "fuzz: no harness in $builddir/tests/fuzz (configure it with -Dfuzz=true)" >&2
  exit 1
fi
each=$(( total / ${#names[@]} ))
[ "$each" -lt 5 ] && each=5
work=$(mktemp -d /tmp/clm-fuzz.XXXXXX)
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
failed=0
for name in "${names[@]}"; do
  mkdir -p "$work/$name"
  dict=()
  [ -f "tests/fuzz/dict/$name.dict" ] && dict=(-dict="tests/fuzz/dict/$name.dict")
  log="$work/$name.log"
  "$builddir/tests/fuzz/fuzz-$name" "${dict[@]}" -max_total_time="$each" -timeout=20 \
    -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$work/$name-" \
    "$work/$name" "tests/fuzz/corpus/$name" "tests/fuzz/regressions/$name" >"$log" 2>&1
  rc=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
  if [ $rc -ne 0 ]; then
    failed=1
    echo "fuzz-$name: FAILED after ${runs:-?} runs ($cov); the log's end:"
    tail -40 "$log" | sed 's/^/    /'
    for a in "$work/$name"-*; do
      [ -e "$a" ] && echo "    input kept: $a (copy it into tests/fuzz/regressions/$name/)"
    done
  else
    echo "fuzz-$name: ${runs:-?} runs in ${each} s, $cov, no finding"
    rm -rf "${work:?}/$name"
  fi
done
[ $failed -eq 0 ] && rm -rf "$work"
exit $failed
