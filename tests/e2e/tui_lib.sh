# Helpers for the interface's end-to-end tests (sourced after lib.sh, whose
# esc/at/check_eq/finish they reuse).  The real binary runs inside a detached
# tmux session on a private socket (-S in the test's directory, so tests
# never touch the user's tmux), at a fixed size; keys go in with send-keys, and the screen comes back
# with capture-pane, in the manner of tig's test/ scripts.
#
#   tui_start [COLS ROWS]    starts `escalate --db $DB` with LANG=C.UTF-8, the
#                            pinned ESCALATE_NOW, extra environment in TUI_ENV,
#                            and TERM=screen-256color (TUI_TERM overrides): the
#                            entry whose keys match what tmux sends (End is
#                            ESC[4~ there, not xterm's ESC OF)
#   tui_keys KEY...          tmux key names: Enter Escape Tab BTab Down F2 C-c...
#   tui_type TEXT            types TEXT literally (UTF-8 included)
#   tui_wait TEXT [SECS]     waits (default 10 s) until the screen shows TEXT,
#                            then until the screen has settled (tui_settle)
#   tui_wait_gone TEXT       waits until it no longer does (and settles)
#   tui_settle               waits until every key sent has been read, the
#                            program sleeps waiting for the next, and the
#                            screen has stayed the same for a quiet period:
#                            a title drawn before its body cannot satisfy a
#                            later assertion on the body.  Every assertion
#                            below settles first when keys were sent since
#                            the last settle, so none reads a screen from
#                            before its keys took effect
#   tui_screen_is FILE [SED] the whole screen (trailing blanks cut, then the
#                            sed script SED applied, e.g. to mask a login)
#                            equals FILE; with TUI_SCREENS_UPDATE=1 in the
#                            environment it writes FILE instead (to review
#                            and commit after a change to what is shown)
#   tui_has / tui_lacks TEXT asserts on the screen as it is now
#   tui_has_words TEXT       the screen, its lines joined and runs of blanks
#                            made one space, holds TEXT (a message wrapped
#                            over several lines)
#   tui_line_has N TEXT      screen line N (0 = top) holds TEXT
#   tui_match REGEX          some screen line matches the extended REGEX
#   tui_screen               prints the screen (settled first, when keys
#                            were sent since the last settle)
#   tui_cursor               prints the terminal cursor's column and line
#                            ("X Y", 0-based), once the screen has settled
#   tui_cursor_on TEXT [DX]  the cursor is on the first screen line holding
#                            TEXT, at the column where TEXT starts (plus DX):
#                            screen readers follow the cursor, so it must sit
#                            where the focused item is drawn
#   tui_cursor_at X Y        the cursor is at column X of line Y
#   tui_resize COLS ROWS     resizes the window (the program gets SIGWINCH)
#   tui_exit_status          waits for the program to end; prints its status
#   tui_terminal_sane        after the end: the terminal is back in cooked mode
#   tui_pid                  the program's process id
#   tui_stop                 ends the tmux server
#
# A failed wait or assertion prints the screen, so the failure explains itself.

. "${ESC_TEST_LIB:-$(dirname "${BASH_SOURCE[0]}")/lib.sh}"

if ! command -v tmux >/dev/null 2>&1; then
	# The README's test command installs tmux; do it here too when we can.
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
		apt-get install -y tmux >/dev/null 2>&1 || { apt-get update >/dev/null 2>&1 &&
			apt-get install -y tmux >/dev/null 2>&1; }
	fi
	command -v tmux >/dev/null 2>&1 || {
		echo "$TEST_NAME: tmux is required (apt-get install tmux)" >&2
		exit 1
	}
fi

# The server's socket lives in the test's directory, so it goes with it.
TUI_SOCK=$TEST_TMP/tmux.sock
TUI_SESSION=t
TUI_RC=$TEST_TMP/tui_rc
TUI_ENV=${TUI_ENV:-}
TUI_TERM=${TUI_TERM:-screen-256color}
TUI_STTY=$TEST_TMP/tui_stty
TUI_TTY=

tui_tmux() {
	tmux -S "$TUI_SOCK" -f /dev/null "$@"
}

tui_stop() {
	local server
	server=$(tui_tmux display-message -p '#{pid}' 2>/dev/null)
	tui_tmux kill-server >/dev/null 2>&1 || true
	# Wait for the server process to end: a tui_start that runs sooner can
	# reach the dying server and fail ("no server running" from then on).
	[ -n "$server" ] && for _ in $(seq 50); do [ -d "/proc/$server" ] || break; sleep 0.1; done
	return 0
}

trap 'tui_stop; rm -rf "$TEST_TMP"' EXIT

TUI_STARTS=0

tui_start() {
	local cols=${1:-80} rows=${2:-24}
	rm -f "$TUI_RC" "$TUI_STTY"
	# A new socket for each start: kill-server returns before the old server
	# has gone, and a new session on its socket could reach the dying server
	# ("server exited unexpectedly").
	TUI_STARTS=$((TUI_STARTS + 1))
	TUI_SOCK=$TEST_TMP/tmux.$TUI_STARTS.sock
	TUI_TTY=
	: >"$TUI_DIRTY"
	# The shell keeps the pane alive after the program ends, so the last
	# screen can still be read; it keeps the exit status and the terminal
	# modes the program left behind.
	local cmd
	cmd="env TERM=$TUI_TERM LANG=C.UTF-8 LC_ALL=C.UTF-8 ESCALATE_NOW='${ESCALATE_NOW:-}' $TUI_ENV"
	cmd="$cmd '$ESC' --db '$DB'; rc=\$?; stty -a > '$TUI_STTY' 2>&1; echo \$rc > '$TUI_RC'"
	cmd="$cmd; exec sleep 600"
	# From the test's directory: files the interface writes by a relative
	# name land there.
	# Straight after tui_stop the old server may still be on its way out
	# and refuse the new session: try again until one starts.
	local try
	for try in 1 2 3 4 5 6 7 8 9 10; do
		tui_tmux new-session -d -s "$TUI_SESSION" -c "$TEST_TMP" -x "$cols" -y "$rows" "$cmd" \
			2>/dev/null && break
		[ "$try" = 10 ] && echo "tui_start: tmux would not start a session" >&2
		sleep 0.2
	done
	tui_tmux set-option -t "$TUI_SESSION" status off >/dev/null
}

tui_capture() {
	tui_tmux capture-pane -p -t "$TUI_SESSION"
}

# The screen for a test to read: settled first when keys were sent since.
tui_screen() {
	tui_settled
	tui_capture
}

tui_dump() {
	echo "  screen:" >&2
	tui_capture | sed 's/^/    |/' >&2
}

tui_keys() {
	: >"$TUI_DIRTY"
	tui_tmux send-keys -t "$TUI_SESSION" "$@"
}

tui_type() {
	: >"$TUI_DIRTY"
	tui_tmux send-keys -t "$TUI_SESSION" -l "$1"
}

# Whether the program is asleep waiting for a key: state S (blocked), and,
# where the kernel says which call it is blocked in (x86_64, when
# /proc/PID/syscall may be read), a wait for input (read, poll, select,
# pselect6, ppoll) rather than, say, a sleep between database retries.
# True when it has ended, so the last screen counts as settled.
tui_idle() {
	local pid=$1 state call
	[ -n "$pid" ] && [ -r "/proc/$pid/stat" ] || return 0
	state=$(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null | cut -d' ' -f1)
	[ -z "$state" ] && return 0
	[ "$state" = S ] || return 1
	if [ "$TUI_ARCH" = x86_64 ] && call=$(cut -d' ' -f1 "/proc/$pid/syscall" 2>/dev/null) &&
		[ -n "$call" ] && [ "$call" != running ]; then
		case $call in
		0 | 7 | 23 | 270 | 271) ;;
		*) return 1 ;;
		esac
	fi
	return 0
}
TUI_ARCH=$(uname -m)

# Bytes typed into the program's terminal that it has not read yet (the
# terminal's input queue, FIONREAD on the pane's tty); 0 when that cannot be
# asked.  A program asleep with keys still queued has not seen them: its
# screen is the one from before the keys.
tui_unread() {
	[ -n "$TUI_TTY" ] || TUI_TTY=$(tui_tmux display -p -t "$TUI_SESSION" '#{pane_tty}' 2>/dev/null)
	[ -n "$TUI_TTY" ] || {
		echo 0
		return
	}
	perl -e 'use Fcntl; sysopen(my $f, $ARGV[0], O_RDONLY | O_NOCTTY | O_NONBLOCK) or
		do { print 0; exit }; my $n = pack("L", 0);
		ioctl($f, 0x541B, $n) or do { print 0; exit }; print unpack("L", $n)' "$TUI_TTY" \
		2>/dev/null || echo 0
}

# Settled: every key sent has been read, the program sleeps waiting for the
# next one, and the screen has not changed for a quiet period
# (TUI_QUIET_POLLS captures TUI_POLL seconds apart, all the same, the
# program idle at each).  A title drawn before its body, or a screen drawn
# before tmux has taken in all the program wrote, cannot satisfy an
# assertion that follows.  Gives up (and says so) after TUI_SETTLE_SECS.
TUI_POLL=${TUI_POLL:-0.05}
TUI_QUIET_POLLS=${TUI_QUIET_POLLS:-2}
TUI_SETTLE_SECS=${TUI_SETTLE_SECS:-30}
# Keys sent since the last settle: a file, not a variable, so a settle
# inside $(...) counts for the shell that sent the keys too.
TUI_DIRTY=$TEST_TMP/tui_dirty
: >"$TUI_DIRTY"
tui_settle() {
	local pid prev cur quiet=0 start=$SECONDS
	pid=$(tui_pid)
	prev=$(tui_capture)
	while [ $((SECONDS - start)) -lt "$TUI_SETTLE_SECS" ]; do
		sleep "$TUI_POLL"
		cur=$(tui_capture)
		if [ "$cur" = "$prev" ] && tui_idle "$pid" && [ "$(tui_unread)" = 0 ]; then
			quiet=$((quiet + 1))
			if [ "$quiet" -ge "$TUI_QUIET_POLLS" ]; then
				rm -f "$TUI_DIRTY"
				return 0
			fi
		else
			quiet=0
		fi
		prev=$cur
	done
	echo "$TEST_NAME: the screen did not settle in ${TUI_SETTLE_SECS}s" >&2
	return 0
}

# Assertions on the screen "as it is now" first let it settle after keys
# were sent, so none can read a screen from before the keys took effect.
tui_settled() {
	[ ! -e "$TUI_DIRTY" ] || tui_settle
}

tui_wait() {
	local text=$1 secs=${2:-10}
	local tries=$((secs * 10))
	CHECKS=$((CHECKS + 1))
	while [ "$tries" -gt 0 ]; do
		case $(tui_capture) in
		*"$text"*)
			tui_settle
			return 0
			;;
		esac
		sleep 0.1
		tries=$((tries - 1))
	done
	fail "screen never showed: $text"
	tui_dump
	return 1
}

tui_wait_gone() {
	local text=$1 tries=100
	CHECKS=$((CHECKS + 1))
	while [ "$tries" -gt 0 ]; do
		case $(tui_capture) in
		*"$text"*) ;;
		*)
			tui_settle
			return 0
			;;
		esac
		sleep 0.1
		tries=$((tries - 1))
	done
	fail "screen still shows: $text"
	tui_dump
	return 1
}

tui_has() {
	tui_settled
	CHECKS=$((CHECKS + 1))
	case $(tui_capture) in
	*"$1"*) return 0 ;;
	esac
	fail "screen lacks: $1"
	tui_dump
	return 1
}

tui_lacks() {
	tui_settled
	CHECKS=$((CHECKS + 1))
	case $(tui_capture) in
	*"$1"*)
		fail "screen should not show: $1"
		tui_dump
		return 1
		;;
	esac
	return 0
}

tui_has_words() {
	tui_settled
	CHECKS=$((CHECKS + 1))
	case $(tui_capture | tr '\n' ' ' | tr -s ' ') in
	*"$1"*) return 0 ;;
	esac
	fail "screen lacks (as words): $1"
	tui_dump
	return 1
}

tui_line_has() {
	local line
	tui_settled
	CHECKS=$((CHECKS + 1))
	line=$(tui_capture | sed -n "$(($1 + 1))p")
	case $line in
	*"$2"*) return 0 ;;
	esac
	fail "screen line $1 lacks: $2 (it is: $line)"
	tui_dump
	return 1
}

tui_match() {
	tui_settled
	CHECKS=$((CHECKS + 1))
	if tui_capture | grep -Eq -- "$1"; then
		return 0
	fi
	fail "no screen line matches: $1"
	tui_dump
	return 1
}

tui_screen_is() {
	tui_settled
	CHECKS=$((CHECKS + 1))
	if [ -n "${TUI_SCREENS_UPDATE:-}" ]; then
		# Writing the expected screens anew (after a change to what a
		# screen shows): review the diff before committing it.
		tui_capture | sed 's/[[:space:]]*$//' | sed -E "${2:-}" >"$1"
		echo "$TEST_NAME: wrote $1" >&2
		return 0
	fi
	if diff -u "$1" <(tui_capture | sed 's/[[:space:]]*$//' | sed -E "${2:-}") \
		>"$TEST_TMP/screen.diff"; then
		return 0
	fi
	fail "the screen differs from $1:"
	sed 's/^/    /' "$TEST_TMP/screen.diff" >&2
	return 1
}

tui_cursor() {
	tui_settled
	tui_tmux display -p -t "$TUI_SESSION" '#{cursor_x} #{cursor_y}'
}

# Where TEXT is first drawn: "X Y" in columns (each character one column;
# the texts looked for are ASCII, what comes before them need not be).
tui_find() {
	tui_capture | TEXT=$1 perl -CSD -ne 'BEGIN { $t = $ENV{TEXT}; utf8::decode($t) }
		my $i = index($_, $t); if ($i >= 0) { print "$i ", $. - 1, "\n"; exit }'
}

tui_cursor_at() {
	local got
	CHECKS=$((CHECKS + 1))
	got=$(tui_cursor)
	[ "$got" = "$1 $2" ] && return 0
	fail "the cursor is at $got, not at $1 $2"
	tui_dump
	return 1
}

tui_cursor_on() {
	local where got x y
	CHECKS=$((CHECKS + 1))
	got=$(tui_cursor)
	where=$(tui_find "$1")
	if [ -z "$where" ]; then
		fail "screen lacks (to put the cursor on): $1"
		tui_dump
		return 1
	fi
	x=$((${where% *} + ${2:-0}))
	y=${where#* }
	[ "$got" = "$x $y" ] && return 0
	fail "the cursor is at $got, not on \"$1\" at $x $y"
	tui_dump
	return 1
}

tui_resize() {
	: >"$TUI_DIRTY"
	tui_tmux resize-window -t "$TUI_SESSION" -x "$1" -y "$2"
}

tui_exit_status() {
	local tries=100
	while [ ! -s "$TUI_RC" ] && [ "$tries" -gt 0 ]; do
		sleep 0.1
		tries=$((tries - 1))
	done
	if [ -s "$TUI_RC" ]; then
		cat "$TUI_RC"
	else
		echo "still-running"
	fi
}

# After the program ended: line editing and echo are back (no raw mode left).
tui_terminal_sane() {
	CHECKS=$((CHECKS + 1))
	local modes
	modes=$(tr '\n' ' ' <"$TUI_STTY" 2>/dev/null)
	case " $modes " in
	*" -icanon "* | *" -echo "* | *" -isig "* | *" -icrnl "* | "  ")
		fail "the terminal was left broken: $modes"
		return 1
		;;
	esac
	return 0
}

tui_pid() {
	local shell
	shell=$(tui_tmux display -p -t "$TUI_SESSION" '#{pane_pid}')
	ps -o pid= --ppid "$shell" | awk 'NR == 1 { print $1 }'
}
