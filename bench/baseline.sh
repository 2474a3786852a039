#!/bin/sh
# bench/baseline.sh COMMIT [ROUNDS] [GROUP] — measures this tree against the
# library as it was at COMMIT, in the same run.
#
# Builds two release clm-bench programs from this tree's bench/ sources:
# one against this tree's library, one against COMMIT's (a detached
# worktree of COMMIT with this tree's bench/ copied over it, so both run
# the same workloads and policies). Then runs GROUP (default: discount)
# ROUNDS times (default 3) with each, in turns (the order swapped every
# round), and prints each "ns/line CPU" and "lines/CPU-s" figure's median
# for both and the ratio, COMMIT over this tree. The bench sources must
# build against COMMIT's public headers.
#
# Environment: SCALE (clm-bench --scale, default 1), KEEP=1 keeps the
# temporary folder (its path is printed).
set -eu
if [ $# -lt 1 ]; then
    echo "usage: bench/baseline.sh COMMIT [ROUNDS] [GROUP]" >&2
    exit 2
fi
base=$1
rounds=${2:-3}
group=${3:-discount}
scale=${SCALE:-1}
top=$(git rev-parse --show-toplevel)
tmp=$(mktemp -d /tmp/clm-baseline-XXXXXX)
cleanup() {
    git -C "$top" worktree remove --force "$tmp/base" >/dev/null 2>&1 || true
    if [ "${KEEP:-0}" = 1 ]; then echo "kept $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT

git -C "$top" worktree add --detach "$tmp/base" "$base" >/dev/null 2>&1
rm -rf "$tmp/base/bench"
cp -r "$top/bench" "$tmp/base/bench"
opts="--buildtype=release -Dtests=false -Dexamples=false -Dtools=false -Ddocs=disabled
      -Dpython=disabled -Dlua=disabled"
# shellcheck disable=SC2086
meson setup "$tmp/build-base" "$tmp/base" $opts >/dev/null
# shellcheck disable=SC2086
meson setup "$tmp/build-cur" "$top" $opts >/dev/null
meson compile -C "$tmp/build-base" clm-bench >/dev/null
meson compile -C "$tmp/build-cur" clm-bench >/dev/null

echo "baseline $(git -C "$top" rev-parse --short "$base"), this tree $(git -C "$top" rev-parse --short HEAD)$(git -C "$top" diff --quiet HEAD -- src include || echo ' (with uncommitted changes)'); $(date -u '+%Y-%m-%d %H:%M UTC'); load $(cut -d' ' -f1-3 /proc/loadavg)"
i=0
while [ "$i" -lt "$rounds" ]; do
    if [ $((i % 2)) -eq 0 ]; then order="base cur"; else order="cur base"; fi
    for side in $order; do
        "$tmp/build-$side/clm-bench" --scale "$scale" "$group" > "$tmp/$side.$i.txt"
    done
    i=$((i + 1))
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"

python3 - "$tmp" "$rounds" <<'EOF'
import re, statistics, sys
tmp, rounds = sys.argv[1], int(sys.argv[2])
fig = re.compile(r'^(.*?(?:ns/line CPU|lines/CPU-s[^0-9]*?))\s+([0-9.]+) (ns|lines/s)$')
def figures(side):
    out = {}
    for i in range(rounds):
        for line in open(f'{tmp}/{side}.{i}.txt'):
            m = fig.match(line.rstrip())
            if m:
                out.setdefault(m.group(1).strip(), []).append(float(m.group(2)))
    return out
b, c = figures('base'), figures('cur')
print(f'{"figure (medians of %d rounds)" % rounds:<66} {"baseline":>14} {"this tree":>14} {"speed-up":>9}')
for name in b:
    if name not in c:
        continue
    mb, mc = statistics.median(b[name]), statistics.median(c[name])
    up = mb / mc if 'ns/line' in name else mc / mb
    print(f'{name:<66} {mb:>14.1f} {mc:>14.1f} {up:>8.2f}x')
EOF
