#!/bin/sh
# bench/baseline.sh COMMIT [ROUNDS] [GROUP] — measures this tree against the
# library as it was at COMMIT, in the same run.
#
# Builds this tree's clm-bench (release) and COMMIT's library alone (a
# detached worktree of COMMIT, release), then runs GROUP (default:
# discount) ROUNDS times (default 3) with this tree's library and with
# COMMIT's (the same clm-bench program, COMMIT's libclm.so put first by
# LD_LIBRARY_PATH), in turns, the order swapped every round. So both
# sides run the same bench code on the same documents; only the library
# differs. It prints each "ns/line CPU" and "lines/CPU-s" figure's median
# on both sides and the speed-up, and so the explained pricing figures
# (CPU ns a line; the explained/batch ratio, with how many times lower it
# is), and the client-store group's CPU ns an operation and save/put
# ratios (how many times lower). Each side's figure is the median of its
# rounds' figures (a ratio's median is not the ratio of the medians).
# COMMIT's library must have the calls and structures the group
# uses (the same soname and public headers for them); the dynamic loader
# refuses to start the program otherwise.
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
opts="--buildtype=release -Dtests=false -Dexamples=false -Dtools=false -Ddocs=disabled
      -Dpython=disabled -Dlua=disabled"
# shellcheck disable=SC2086
meson setup "$tmp/build-base" "$tmp/base" $opts -Dbench=false >"$tmp/setup-base.log" 2>&1 ||
    { echo "baseline.sh: configuring $base failed, see $tmp/setup-base.log" >&2; KEEP=1; exit 1; }
# shellcheck disable=SC2086
meson setup "$tmp/build-cur" "$top" $opts >"$tmp/setup-cur.log" 2>&1 ||
    { echo "baseline.sh: configuring this tree failed, see $tmp/setup-cur.log" >&2; KEEP=1; exit 1; }
meson compile -C "$tmp/build-base" >"$tmp/build-base.log" 2>&1 ||
    { echo "baseline.sh: building $base failed, see $tmp/build-base.log" >&2; KEEP=1; exit 1; }
meson compile -C "$tmp/build-cur" clm-bench >"$tmp/build-cur.log" 2>&1 ||
    { echo "baseline.sh: building this tree failed, see $tmp/build-cur.log" >&2; KEEP=1; exit 1; }
run_side() {
    if [ "$1" = base ]; then
        LD_LIBRARY_PATH="$tmp/build-base" "$tmp/build-cur/clm-bench" --scale "$scale" "$group"
    else
        "$tmp/build-cur/clm-bench" --scale "$scale" "$group"
    fi
}
# the base side must load COMMIT's library
LD_LIBRARY_PATH="$tmp/build-base" ldd "$tmp/build-cur/clm-bench" | grep -q "$tmp/build-base/libclm" ||
    { echo "baseline.sh: the base side does not load $tmp/build-base/libclm.so" >&2; exit 1; }

echo "baseline $(git -C "$top" rev-parse --short "$base"), this tree $(git -C "$top" rev-parse --short HEAD)$(git -C "$top" diff --quiet HEAD -- src include || echo ' (with uncommitted changes)'); $(date -u '+%Y-%m-%d %H:%M UTC'); load $(cut -d' ' -f1-3 /proc/loadavg)"
i=0
while [ "$i" -lt "$rounds" ]; do
    if [ $((i % 2)) -eq 0 ]; then order="base cur"; else order="cur base"; fi
    for side in $order; do
        run_side "$side" > "$tmp/$side.$i.txt"
    done
    i=$((i + 1))
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"

python3 - "$tmp" "$rounds" <<'EOF'
import re, statistics, sys
tmp, rounds = sys.argv[1], int(sys.argv[2])
fig = re.compile(r'^(.*?(?:ns/line CPU|lines/CPU-s[^0-9]*?))\s+([0-9.]+) (ns|lines/s)$')
# the explained pricing figures (discount, discount-explained): CPU ns a
# line and the explained/batch ratio, both the lower the better
lower = re.compile(r'^(.*?)\s+([0-9.]+) (CPU ns/line|x \(target <= 5\))$')
# client-store: CPU ns an operation, and the save/put ratios (lower is better)
cpu_op = re.compile(r'^(.*?\(CPU\))\s+\d+ ops in .*?([0-9.]+) (ns/op)$')
ratio = re.compile(r'^(.*?save/put.*?)\s+([0-9.]+)()\s*$')
def figures(side):
    out = {}
    for i in range(rounds):
        for line in open(f'{tmp}/{side}.{i}.txt'):
            m = (fig.match(line.rstrip()) or lower.match(line.rstrip()) or
                 cpu_op.match(line.rstrip()) or ratio.match(line.rstrip()))
            if m:
                name = m.group(1).strip()
                if m.group(3).startswith('x') or m.group(3) == '':
                    name += ' (x)'
                elif m.group(3) == 'ns/op':
                    name += ', ns/op'
                elif m.group(3) == 'CPU ns/line':
                    name += ', ns/line CPU'
                out.setdefault(name, []).append(float(m.group(2)))
    return out
b, c = figures('base'), figures('cur')
print(f'{"figure (medians of %d rounds)" % rounds:<66} {"baseline":>14} {"this tree":>14} {"speed-up":>9}')
for name in b:
    if name not in c:
        continue
    mb, mc = statistics.median(b[name]), statistics.median(c[name])
    up = mb / mc if 'ns/line' in name or 'ns/op' in name or name.endswith('(x)') else mc / mb
    d = 2 if name.endswith('(x)') else 1
    print(f'{name:<66} {mb:>14.{d}f} {mc:>14.{d}f} {up:>8.2f}x')
EOF
