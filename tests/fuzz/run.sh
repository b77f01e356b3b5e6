#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (-fsanitize=fuzzer,address,undefined)
# against the core (and, for fuzz_args, the CLI; for fuzz_state, the
# interface's curses-free state file parser) sources, replays every saved
# regression input, then fuzzes each target from its seed corpus.
#
# usage: tests/fuzz/run.sh [--long] [--time SECONDS] [--build DIR] [TARGET...]
#   short form (CI): 5 s per target; --long: 600 s per target.
# A crash is saved under DIR/crashes/; copy it into
# tests/fuzz/regressions/TARGET/ (and fix the bug): every later run replays it.
# Needs clang and libFuzzer (scripts/deps.sh installs them: clang
# libclang-rt-dev); exits 77 (skipped) without them.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
secs=5 build="$src/build-fuzz" targets=()
while [ $# -gt 0 ]; do
	case $1 in
	--long) secs=600 ;;
	--time) secs=$2; shift ;;
	--build) build=$2; shift ;;
	-*) echo "run.sh: unknown option $1" >&2; exit 2 ;;
	*) targets+=("$1") ;;
	esac
	shift
done
[ ${#targets[@]} -gt 0 ] || targets=(fuzz_date fuzz_nhs fuzz_text fuzz_config fuzz_args fuzz_fields
	fuzz_backup fuzz_receipt fuzz_procedure fuzz_edit fuzz_state)

CC=${CC:-clang}
if ! command -v "$CC" >/dev/null; then
	echo "fuzz: SKIPPED: $CC not found (apt-get install -y clang libclang-rt-14-dev)"
	exit 77
fi
probe=$(mktemp -d)
trap 'rm -rf "$probe"' EXIT
printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n){(void)d;(void)n;return 0;}\n' \
	>"$probe/p.c"
if ! "$CC" -fsanitize=fuzzer "$probe/p.c" -o "$probe/p" 2>/dev/null; then
	echo "fuzz: SKIPPED: $CC cannot link libFuzzer (apt-get install -y libclang-rt-14-dev)"
	exit 77
fi

mkdir -p "$build/obj" "$build/crashes" "$build/corpus"
touch "$build/.started"
pkgs="sqlite3 uuid libcrypto xlsxwriter inih"
flags=(-std=c17 -D_GNU_SOURCE -g -O1 -fno-omit-frame-pointer
	-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
	-I"$src/include" -I"$src/src/core" -I"$src/src/cli" -I"$src/src/tui" -I"$here"
	-DESC_TEAM_DIR=\"/var/lib/escalate\" -DESC_TEAM_GROUP=\"\" -DESC_VERSION=\"fuzz\"
	$(pkg-config --cflags $pkgs))
libs=($(pkg-config --libs $pkgs))

# The data/ files compiled in, as meson does it (names from data/meson.build).
mapfile -t names < <(sed -n "s/^ *'\([^']*\)' : files(.*/\1/p" "$src/data/meson.build")
embed=()
for n in "${names[@]}"; do embed+=("$n=$src/data/$n"); done
python3 "$src/data/embed.py" "$build/obj/esc_data.c" "${embed[@]}"

# Objects are rebuilt when their source is newer; a changed header (a struct's
# layout) makes every object stale, so it clears them all.
if [ ! -f "$build/.headers" ] ||
	[ -n "$(find "$src/include" "$src/src" "$here" -name '*.h' -newer "$build/.headers" | head -n 1)" ]; then
	rm -f "$build"/obj/*.o
	touch "$build/.headers"
fi
objs=()
compile() { # source object [extra flags]
	local s=$1 o=$2
	shift 2
	if [ ! -f "$o" ] || [ "$s" -nt "$o" ] || [ "$0" -nt "$o" ]; then
		"$CC" "${flags[@]}" "$@" -c "$s" -o "$o"
	fi
}
for s in "$src"/src/core/*.c; do
	o="$build/obj/core_$(basename "$s" .c).o"
	compile "$s" "$o"
	objs+=("$o")
done
compile "$build/obj/esc_data.c" "$build/obj/esc_data.o"
compile "$build/obj/esc_data.c" "$build/obj/esc_data_real.o" -Desc_data_file=esc_data_file_real
cli_objs=()
for s in "$src"/src/cli/*.c; do
	o="$build/obj/cli_$(basename "$s" .c).o"
	compile "$s" "$o"
	cli_objs+=("$o")
done
# The column sizing the CLI shares with the interface (pure, no curses).
compile "$src/src/tui/columns.c" "$build/obj/tui_columns.o"
cli_objs+=("$build/obj/tui_columns.o")

# The interface's state file (src/tui/state.c) includes no curses.
compile "$src/src/tui/state.c" "$build/obj/tui_state.o" -I"$src/src/tui"

status=0
for t in "${targets[@]}"; do
	extra=("$build/obj/esc_data.o")
	[ "$t" = fuzz_config ] && extra=("$build/obj/esc_data_real.o")
	[ "$t" = fuzz_args ] && extra+=("${cli_objs[@]}")
	if [ "$t" = fuzz_edit ]; then # the interface's text field, which needs no curses
		compile "$src/src/tui/field.c" "$build/obj/tui_field.o" -I"$src/src/tui"
		extra+=("$build/obj/tui_field.o" -I"$src/src/tui")
	fi
	[ "$t" = fuzz_state ] && extra+=("$build/obj/tui_state.o" -I"$src/src/tui")
	"$CC" "${flags[@]}" -fsanitize=fuzzer "$here/$t.c" "${objs[@]}" "${extra[@]}" \
		"${libs[@]}" -o "$build/$t"

	# Saved crashes first: each must now run clean.
	reg="$here/regressions/$t"
	nreg=0
	if [ -d "$reg" ] && [ -n "$(ls -A "$reg")" ]; then
		nreg=$(ls "$reg" | wc -l)
		if ! "$build/$t" "$reg"/* >"$build/$t.regress.log" 2>&1; then
			echo "fuzz: $t: a saved regression input fails again (see $build/$t.regress.log)"
			status=1
		fi
	fi
	# Fuzz from the seeds; new inputs go to the build's corpus, not the tree.
	work="$build/corpus/$t"
	mkdir -p "$work"
	log="$build/$t.log"
	# fuzz_procedure also starts from the shipped procedure files.
	seeds=("$here/corpus/$t") max_len=4096
	[ "$t" = fuzz_procedure ] && seeds+=("$src/data/procedures") max_len=16384
	if "$build/$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=$max_len \
		-artifact_prefix="$build/crashes/$t-" -print_final_stats=1 \
		"$work" "${seeds[@]}" >"$log" 2>&1; then
		result=ok
	else
		result=CRASH
		status=1
		grep -E "ERROR|invariant|SUMMARY" "$log" | head -5
	fi
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -1 | cut -d' ' -f2)
	echo "fuzz: $t runs=${runs:-0} cov=${cov:-0} regressions=$nreg result=$result"
	total_runs=$(( ${total_runs:-0} + ${runs:-0} ))
done
crashes=$(find "$build/crashes" -type f -newer "$build/.started" | wc -l)
echo "fuzz: targets=${#targets[@]} seconds_each=$secs runs=${total_runs:-0} crashes=$crashes" \
	"status=$([ $status -eq 0 ] && echo ok || echo FAIL)"
exit $status
