#!/usr/bin/env bash
# Sets up and runs escalate on the default database, creating it (with you
# as its first admin) when it does not exist yet.  Extra arguments go to
# escalate, e.g. `bash scripts/run.sh list`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
[ -f build/build.ninja ] || meson setup build >/dev/null
ninja -C build >/dev/null
db="${XDG_DATA_HOME:-$HOME/.local/share}/escalate/escalate.db"
if [ ! -e "$db" ]; then
	./build/escalate init
fi
exec ./build/escalate "$@"
