#!/usr/bin/env bash
# Runs every reliability suite and prints each one's closing figures line.
#
# usage: tests/reliability/run.sh [--long] [BUILD_DIR]
#   BUILD_DIR (default: build-reliability) is set up with meson if needed.
#   Short form: the sizes `meson test --suite reliability` uses.
#   --long: crash 5000 kills; concurrency 16 x 150 and 200 races; 1 MB paste
#   into the interface; 200 corruptions; 600 s per fuzz target.
# Suites that cannot run here (not root, no tmux, no clang) say SKIPPED.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
long=""
build="$src/build-reliability"
for a in "$@"; do
	case $a in
	--long) long=--long ;;
	*) build=$a ;;
	esac
done
[ -f "$build/build.ninja" ] || meson setup "$build" "$src" >/dev/null || exit 1
build=$(cd "$build" && pwd)
ninja -C "$build" escalate tests/reliability/crash_driver tests/reliability/conc_driver \
	tests/reliability/guards_lib \
	>/dev/null || { ninja -C "$build"; exit 1; }
E=$build/escalate
R=$build/tests/reliability
results=()
status=0
suite() { # NAME COMMAND...
	local name=$1 log rc t0=$SECONDS
	shift
	log=$(mktemp)
	"$@" >"$log" 2>&1
	rc=$?
	grep -E "FAIL|SKIPPED" "$log" | head -20
	local line
	line=$(grep -vE '^ ' "$log" | tail -1)
	if [ $rc -eq 77 ]; then
		results+=("$name: SKIPPED ($line)")
	elif [ $rc -ne 0 ]; then
		results+=("$name: FAILED (exit $rc) $line")
		status=1
		tail -30 "$log"
	else
		results+=("$line [$((SECONDS - t0)) s]")
	fi
	rm -f "$log"
}
suite crash bash "$here/crash.sh" "$E" "$R/crash_driver" $long
suite concurrency bash "$here/concurrency.sh" "$E" "$R/conc_driver" $long
suite hostile bash "$here/hostile.sh" "$E" $long
suite storage bash "$here/storage_faults.sh" "$E" $long
suite access bash "$here/access.sh" "$src"
suite audit bash "$here/audit.sh" "$E"
suite guards_lib bash "$here/guards_lib.sh" "$R/guards_lib"
suite fuzz bash "$src/tests/fuzz/run.sh" $long --build "$build/fuzz"
echo
echo "reliability figures ($([ -n "$long" ] && echo long || echo short) form):"
printf '  %s\n' "${results[@]}"
exit $status
