#!/usr/bin/env bash
# Installs what libclm's build, tests and examples need on Debian 12 (bookworm),
# skipping what is already there. Run as root, or as a user with sudo.
#   scripts/install-deps.sh [--ci]
set -euo pipefail

packages=(
  meson ninja-build pkg-config gcc g++ python3
  libxml2-dev libxml2-utils libcmocka-dev
  libsqlite3-dev sqlite3
  libpq-dev postgresql
  liblua5.4-dev lua5.4
  python3-dev python3-mesonpy python3-venv patchelf
  doxygen groff-base man-db
  gettext
  dpkg-dev debhelper
)
# --ci adds what .ci/run needs beyond that: clang with libFuzzer and its
# sanitizer runtimes, llvm-symbolizer for readable reports, gcovr, and
# gcc-multilib for the x32 compile (scripts/abi-check.sh).
if [ "${1:-}" = --ci ]; then
  packages+=(clang libclang-rt-14-dev llvm gcovr gcc-multilib)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

as_root=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-deps: not root and no sudo; install: ${missing[*]}" >&2; exit 1; }
  as_root=(sudo)
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
