#!/usr/bin/env bash
# Installs what escalate needs to build and test on Debian (as root), and
# does nothing when it is all there already.
set -euo pipefail

# tzdata gives the procedure's civil time zone (Europe/London by default; see
# src/core/civil.c).  clang and libclang-rt-dev (libFuzzer) are for the fuzz
# suite only; without them it reports "skipped" instead of fuzzing.  strace
# is for the access suite (what a setgid escalate looks at, and stopping it
# mid-transaction).
# libinih-dev parses procedure files (data/procedures/*.ini).
# libxlsxwriter-dev builds the XLSX writer; python3-jsonschema,
# python3-openpyxl, libreoffice-calc-nogui (soffice), pandoc, cmark-gfm,
# python3-markdown and mandoc are what the tests open escalate's outputs with.
packages=(gcc meson ninja-build pkg-config python3 libncurses-dev libsqlite3-dev uuid-dev
          libssl-dev libcmocka-dev tmux sqlite3 man-db groff-base locales
          strace tzdata clang libclang-rt-dev
          libxlsxwriter-dev python3-jsonschema python3-openpyxl libreoffice-calc-nogui
          pandoc cmark-gfm python3-markdown mandoc libinih-dev)

missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "escalate needs: ${missing[*]}" >&2
	echo "install them with: sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
	exit 1
fi
echo "installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
