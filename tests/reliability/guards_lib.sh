#!/usr/bin/env bash
# Every guard through the library calls the interfaces use (guards_lib.c),
# in a temporary directory.  usage: guards_lib.sh GUARDS_LIB
set -euo pipefail
dir=$(mktemp -d "${TMPDIR:-/tmp}/esc-guards.XXXXXX")
trap 'rm -rf "$dir"' EXIT
"$1" "$dir"
