#!/usr/bin/env bash
# The benchmark suite: builds a release tree, generates (or reuses) a
# database of N cases through the product's insert path, and measures the
# real escalate binary against the sqlite3 shell running the same SQL on the
# same file.  See bench/README.md.
#
#   bash bench/run.sh [--cases N] [--seed S] [--runs R] [--quick] [--no-tui]
#                     [--fresh] [--update-sql] [--out DIR]
#
# --quick: the CI form (fewer runs, a small database); it checks that every
# benchmark runs and prints figures, never that it beats a time.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
cases=1000000
seed=1
runs=""
quick=0
tui=1
fresh=0
update_sql=0
out=""
build="${ESCALATE_BENCH_BUILD:-$root/build-bench}"

usage() {
	sed -n '2,11p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
	exit 2
}

while [ $# -gt 0 ]; do
	case "$1" in
	--cases) cases="$2"; shift 2 ;;
	--seed) seed="$2"; shift 2 ;;
	--runs) runs="$2"; shift 2 ;;
	--quick) quick=1; shift ;;
	--no-tui) tui=0; shift ;;
	--fresh) fresh=1; shift ;;
	--update-sql) update_sql=1; shift ;;
	--out) out="$2"; shift 2 ;;
	-h | --help) usage ;;
	*) echo "run.sh: unknown option $1" >&2; usage ;;
	esac
done
case "$cases" in '' | *[!0-9]*) echo "run.sh: --cases takes a number" >&2; exit 2 ;; esac
[ -n "$runs" ] || runs=$([ "$quick" = 1 ] && echo 3 || echo 7)

for tool in meson ninja sqlite3 python3; do
	command -v "$tool" >/dev/null || { echo "run.sh: $tool is needed" >&2; exit 2; }
done
if [ "$tui" = 1 ] && ! command -v tmux >/dev/null; then
	echo "run.sh: tmux not found; skipping the interface benchmarks" >&2
	tui=0
fi

# Release build in its own directory.  Warnings are not fatal here: -O3 warns
# about things the debug and sanitizer builds (which keep -Werror) do not, and
# that must not stop a measurement.  Output is shown only when a step fails.
quiet() {
	local out
	if ! out=$("$@" 2>&1); then
		printf '%s\n' "$out" >&2
		echo "run.sh: failed: $*" >&2
		exit 1
	fi
}
if [ ! -f "$build/build.ninja" ]; then
	quiet meson setup "$build" "$root" -Dbuildtype=release -Dwerror=false
fi
quiet ninja -C "$build" escalate bench/generate bench/libsqltrace.so

# Cached per (cases, seed, schema, insert path, generator): a change to any
# of them makes a new database.
key=$(cat "$root"/data/schema/*.sql "$root"/src/core/case.c "$root"/src/core/audit.c \
	"$root"/src/core/audit_hash.c "$root"/src/core/staff.c "$root"/src/core/store.c \
	"$here"/gen.h "$here"/gen_case.c "$here"/gen_load.c "$here"/gen_text.c "$here"/generate.c |
	sha256sum | cut -c1-12)
data="${ESCALATE_BENCH_DATA:-$build/bench-data}"
mkdir -p -m 0700 "$data" # escalate refuses a database in a directory open to others
generate() { # N -> path of the database
	local n=$1 db="$data/cases-$1-seed$seed-$key.db"
	if [ "$fresh" = 1 ] || [ ! -s "$db.gen" ] || [ ! -f "$db" ]; then
		rm -f "$db" "$db-wal" "$db-shm" "$db.gen"
		echo "generating $n cases (seed $seed) into $db ..." >&2
		# The CI form also runs the product's own audit over what was written.
		"$build/bench/generate" --db "$db" --cases "$n" --seed "$seed" --force \
			$([ "$quick" = 1 ] && echo --verify) >"$db.gen.tmp"
		mv "$db.gen.tmp" "$db.gen"
	fi
	echo "$db"
}
db=$(generate "$cases")
small=$(generate 1000)
# The engine's own share of the generation: the same rows written again by
# the sqlite3 shell alone, through the same schema (engine_floor.sh).
floor() { # DB
	if [ ! -s "$1.floor" ]; then
		echo "writing the rows of $1 again with the sqlite3 shell alone ..." >&2
		if ! bash "$here/engine_floor.sh" "$1" "$1.floor.db" >"$1.floor.tmp" 2>&1; then
			cat "$1.floor.tmp" >&2
			echo "run.sh: failed: engine_floor.sh $1" >&2
			exit 1
		fi
		rm -f "$1.floor.db"
		mv "$1.floor.tmp" "$1.floor"
	fi
}
floor "$db"
floor "$small"

[ -n "$out" ] || out="$build/bench-results/cases-$cases"
mkdir -p "$out"
args=(--escalate "$build/escalate" --shim "$build/bench/libsqltrace.so" --db "$db"
	--small-db "$small" --runs "$runs" --sql-dir "$here/sql" --out "$out")
[ "$quick" = 1 ] && args+=(--quick)
[ "$tui" = 1 ] && args+=(--tui)
[ "$update_sql" = 1 ] && args+=(--update-sql)
export PYTHONDONTWRITEBYTECODE=1 # no __pycache__ in the source tree
exec python3 "$here/bench.py" "${args[@]}"
