#!/usr/bin/env bash
# Sets up and runs the whole test suite: unit tests (cmocka) and end-to-end
# tests (the real binary, CLI scripts and the interface in tmux), first in a
# normal build, then under AddressSanitizer + UndefinedBehaviorSanitizer.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh

[ -f build/build.ninja ] || meson setup build
ninja -C build
meson test -C build --print-errorlogs

[ -f build-san/build.ninja ] || meson setup build-san -Db_sanitize=address,undefined -Db_lundef=false
ninja -C build-san
meson test -C build-san --setup sanitize --print-errorlogs
