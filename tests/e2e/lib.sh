# Helpers for the CLI end-to-end tests (sourced; meson passes its path in
# ESC_TEST_LIB).  Each test runs the real binary against a database in its own
# temporary directory, with the clock pinned, and compares actual output with
# expected blocks in the manner of calcurse's test/*.sh.
#
#   ESC=/path/to/escalate      the binary (the test's first argument)
#   DB                         the test's database (--db is added by `esc`)
#   ME                         the login running the test (made admin by init)
#   at "YYYY-MM-DD HH:MM"      pins the clock (ESCALATE_NOW) for later commands
#   esc RC ARGS...             runs escalate --db "$DB" ARGS; the exit status
#                              must be RC; leaves $OUT and $ERR
#   esc_nodb RC ARGS...        the same without --db
#   out_has TEXT / err_has TEXT / out_lacks TEXT
#   out_is <<'EOF' ... EOF     stdout must equal the block (diff shown)
#   out_crlf                   every line of stdout must end CRLF (RFC 4180);
#                              strips the CRs from $OUT for the checks after
#   check_eq WHAT EXPECTED ACTUAL
#   finish                     prints the result; exits 1 after any failure

set -u

ESC=${1:?usage: bash TEST.sh /path/to/escalate}
case $ESC in
/*) ;;
*) ESC=$PWD/$ESC ;;
esac
[ -x "$ESC" ] || {
	echo "not executable: $ESC" >&2
	exit 1
}

TEST_NAME=$(basename "$0" .sh)
TEST_TMP=$(mktemp -d "${TMPDIR:-/tmp}/escalate-$TEST_NAME.XXXXXX")
trap 'rm -rf "$TEST_TMP"' EXIT
export XDG_DATA_HOME=$TEST_TMP/data
export HOME=$TEST_TMP/home
mkdir -p "$HOME"
unset ESCALATE_NOW NO_COLOR
export LC_ALL=C.UTF-8
DB=$TEST_TMP/escalate.db
ME=$(id -un)
OUT=
ERR=
FAILS=0
CHECKS=0
LAST_CMD=

fail() {
	FAILS=$((FAILS + 1))
	printf 'FAIL: %s\n' "$*" >&2
}

# A failure about the last command's result: shows the command and its output.
fail_cmd() {
	fail "$@"
	printf '  command: %s\n' "$LAST_CMD" >&2
	printf '  stdout:\n%s\n  stderr:\n%s\n' "$OUT" "$ERR" | sed 's/^/    /' >&2
}

at() {
	export ESCALATE_NOW="$1"
}

run_capture() {
	local want=$1
	shift
	LAST_CMD="$*"
	CHECKS=$((CHECKS + 1))
	"$@" >"$TEST_TMP/out" 2>"$TEST_TMP/err"
	local rc=$?
	OUT=$(cat "$TEST_TMP/out")
	ERR=$(cat "$TEST_TMP/err")
	if [ "$rc" != "$want" ]; then
		fail_cmd "exit status $rc, expected $want"
		return 1
	fi
	return 0
}

esc() {
	local want=$1
	shift
	run_capture "$want" "$ESC" --db "$DB" "$@"
}

esc_nodb() {
	local want=$1
	shift
	run_capture "$want" "$ESC" "$@"
}

out_has() {
	CHECKS=$((CHECKS + 1))
	case $OUT in
	*"$1"*) return 0 ;;
	esac
	fail_cmd "stdout lacks: $1"
	return 1
}

out_lacks() {
	CHECKS=$((CHECKS + 1))
	case $OUT in
	*"$1"*)
		fail_cmd "stdout should not contain: $1"
		return 1
		;;
	esac
	return 0
}

err_has() {
	CHECKS=$((CHECKS + 1))
	case $ERR in
	*"$1"*) return 0 ;;
	esac
	fail_cmd "stderr lacks: $1"
	return 1
}

# Expected stdout on standard input.
out_is() {
	CHECKS=$((CHECKS + 1))
	local expected
	expected=$(cat)
	if [ "$OUT" != "$expected" ]; then
		fail_cmd "stdout differs from the expected block (diff expected actual below)"
		diff -u <(printf '%s\n' "$expected") <(printf '%s\n' "$OUT") | sed 's/^/    /' >&2
		return 1
	fi
	return 0
}

out_crlf() {
	CHECKS=$((CHECKS + 1))
	local bare
	bare=$(printf '%s\n' "$OUT" | grep -c -v $'\r$')
	if [ "$bare" != 0 ]; then
		fail_cmd "$bare line(s) of stdout do not end in CRLF"
	fi
	OUT=$(printf '%s' "$OUT" | tr -d '\r')
}

check_eq() {
	CHECKS=$((CHECKS + 1))
	if [ "$2" != "$3" ]; then
		fail "$1: expected '$2', got '$3'"
		return 1
	fi
	return 0
}

# The reference printed by `new` (first word of its output).
new_ref() {
	printf '%s\n' "$OUT" | awk 'NR == 1 { print $1 }'
}

finish() {
	if [ "$FAILS" -gt 0 ]; then
		echo "$TEST_NAME: $FAILS of $CHECKS checks failed" >&2
		exit 1
	fi
	echo "$TEST_NAME: all $CHECKS checks passed"
	exit 0
}
