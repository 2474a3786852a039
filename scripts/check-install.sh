#!/usr/bin/env bash
# Follows README.md's "Install and link" section as a newcomer would, with
# a temporary HOME: runs its install commands from the clone (into a
# temporary build folder instead of build-release/), then, in a folder of
# its own, writes the README's hello.c and runs the README's link commands
# verbatim. Then checks what the install promises:
#  - a shared link needs nothing but libclm's own headers and library: with
#    pkg-config seeing only libclm.pc (as on a machine without libxml2's,
#    SQLite's and libpq's -dev packages), Cflags is libclm's include folder
#    alone and the program links and runs; the installed headers include
#    only <clm/...> and the C library's;
#  - a static link of libclm.a works with `pkg-config --static --libs`;
#  - the commands run from PATH, have man pages, and check the installed
#    sample data; schemas and calendars are installed.
#   scripts/check-install.sh
set -euo pipefail
cd "$(dirname "$0")/.."
# has PATTERN CMD...: CMD succeeds and its output matches PATTERN. The output
# is read whole before grep sees it: `CMD | grep -q` under pipefail fails
# when grep exits at its first match while CMD is still writing (SIGPIPE).
has() { local pat=$1 out; shift; out=$("$@") || return 1; grep -q -- "$pat" <<<"$out"; }
src=$PWD
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT

# The first ```sh / ```c block after a marker line of README.md.
block() {
  python3 - "$1" "$2" <<'PY'
import sys
text = open('README.md', encoding='utf-8').read()
marker, lang = sys.argv[1], sys.argv[2]
if marker not in text:
    sys.exit('check-install: README.md has no %s' % marker)
after = text.split(marker, 1)[1]
start = after.index('```' + lang + '\n') + len(lang) + 4
print(after[start:after.index('```\n', start)], end='')
PY
}

export HOME="$root/home"
mkdir -p "$HOME" "$root/app"
echo "check-install: README install steps (HOME=$HOME)"
block '<!-- install: from the clone -->' sh | sed "s#build-release#$root/build-release#g" > "$root/install.sh"
block '<!-- install: hello.c -->' c > "$root/app/hello.c"
block '<!-- install: link and run -->' sh > "$root/app/link.sh"
# the link block sets PATH and PKG_CONFIG_PATH for what follows: source it
( bash -euo pipefail "$root/install.sh" >"$root/install.log" 2>&1 ) || { cat "$root/install.log"; exit 1; }
cd "$root/app"
out=$(set -euo pipefail; . ./link.sh)
echo "$out"
grep -q 'ends on 2026-01-12' <<<"$out"
. <(grep '^export' link.sh)

prefix="$HOME/.local"
pc=$(pkg-config --variable=pcfiledir libclm)
libdir=$(pkg-config --variable=libdir libclm)

echo "check-install: a shared link with only libclm's headers and library"
cflags=$(echo $(PKG_CONFIG_LIBDIR="$pc" PKG_CONFIG_PATH= pkg-config --cflags libclm))
[ "$cflags" = "-I$prefix/include" ] || { echo "check-install: Cflags is '$cflags'" >&2; exit 1; }
PKG_CONFIG_LIBDIR="$pc" PKG_CONFIG_PATH= pkg-config --print-requires --print-requires-private libclm \
  | grep . && { echo "check-install: libclm.pc requires other packages" >&2; exit 1; }
cc -std=c11 -Wall -Wextra -pedantic -Werror hello.c -o hello-alone \
  $(PKG_CONFIG_LIBDIR="$pc" PKG_CONFIG_PATH= pkg-config --cflags --libs libclm) -Wl,-rpath,"$libdir"
has 'ends on 2026-01-12' ./hello-alone
# installed headers include only each other and the C library's headers
python3 - "$prefix/include" <<'PY'
import os, re, sys
root = sys.argv[1]
std = {'stddef.h', 'stdint.h', 'stdbool.h', 'stdio.h', 'stdlib.h', 'stdarg.h', 'limits.h',
       'time.h', 'inttypes.h', 'string.h'}
bad = []
for d, _, files in os.walk(os.path.join(root, 'clm')):
    for f in files:
        path = os.path.join(d, f)
        for m in re.finditer(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]', open(path).read(), re.M):
            kind, name = m.groups()
            ok = (name in std if kind == '<' and not name.startswith('clm/')
                  else os.path.exists(os.path.join(root, name))
                  or (kind == '"' and os.path.exists(os.path.join(d, name))))
            if not ok:
                bad.append('%s: %s' % (os.path.relpath(path, root), m.group(0).strip()))
if bad:
    sys.exit('check-install: installed headers include what is not installed with them:\n  ' + '\n  '.join(bad))
PY

echo "check-install: a static link through pkg-config --static"
cc -std=c11 hello.c -o hello-static -I"$prefix/include" \
  -Wl,-Bstatic -L"$libdir" -lclm -Wl,-Bdynamic $(pkg-config --static --libs-only-l libclm | sed 's/-lclm//')
has 'ends on 2026-01-12' ./hello-static
has ' T clm_term_end' nm hello-static

echo "check-install: the commands from PATH, their man pages, the sample data"
ex="$prefix/share/libclm/examples"
for c in clm-discount-check clm-category-check clm-credit-check clm-claim-desk; do
  [ "$(command -v "$c")" = "$prefix/bin/$c" ]
  has "^$c (libclm) " "$c" --version
  has 'exit status' "$c" --help
  test -f "$prefix/share/man/man1/$c.1"
  if command -v man >/dev/null; then
    [ "$(MANPATH="$prefix/share/man" man -w "$c")" = "$prefix/share/man/man1/$c.1" ]
  fi
done
has 'net 291600.00 RUB' clm-discount-check "$ex/wholesale-policy.xml" "$ex/wholesale-order.xml"
has 'key        by rule key-a-margin' clm-category-check "$ex/category-policy.xml" "$ex/clients.txt"
has '-> allow' clm-credit-check "$ex/credit-policy.xml" "$ex/credit-history-healthy.xml" \
  --as-of 2025-06-30 --amount "500000.00 RUB"
has 'penalty:   1500.00 RUB' clm-claim-desk claim 2025-12-25 refund "15000.00 RUB" 2026-01-22
# the installed Russian catalogue
has 'срок:      12.01.2026' clm-claim-desk --lang ru claim 2025-12-25 refund "15000.00 RUB" 2026-01-22
test -f "$prefix/share/libclm/schemas/calendar.xsd"
test -f "$prefix/share/libclm/calendars/ru.xml"
cd "$src"
echo "check-install: the README's install path, a shared link with libclm alone, a static link, 4 commands with man pages and the sample data all work"
