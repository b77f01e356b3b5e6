# The interface leaves when its terminal goes away without a SIGHUP reaching
# it (issue 11 item 9): started under setsid (a session of its own, so the
# terminal's end sends it no signal) inside a tmux pane that is then killed,
# it must be gone soon after, having spent under 0.1 s of CPU after the
# close (before the fix it spun at 100% reading EIO for ever).  CPU is read
# from /proc and from the parent shell's `times`, never from wall time; the
# wait for the process to end is generous (60 s) and only bounds the test.
. "$(dirname "${BASH_SOURCE[0]}")/tui_lib.sh"
at "2026-05-01 09:00"
esc 0 init --name "Tess Tester"
esc 0 new --nhs "943 476 5919" --la Kent --theme Other --decision d --concern c

TIMES=$TEST_TMP/times
# bash runs escalate, then writes its children's CPU times (`times`, second
# line) to a file; setsid -f puts both in a new session without a
# controlling terminal, with the pane's terminal as stdin/stdout.
cat >"$TEST_TMP/inner.sh" <<INNER
env TERM=$TUI_TERM LANG=C.UTF-8 ESCALATE_NOW='$ESCALATE_NOW' '$ESC' --db '$DB'
echo \$? > '$TUI_RC'
times > '$TIMES'
INNER
tui_tmux new-session -d -s "$TUI_SESSION" -x 100 -y 30 \
	"setsid -f bash '$TEST_TMP/inner.sh'; exec sleep 600"
tui_wait "ESC-2026-0001" 30

# The process: the escalate whose stdin is this pane's terminal.
pane_tty=$(tui_tmux display-message -p -t "$TUI_SESSION" '#{pane_tty}')
pid=
for _ in $(seq 100); do
	for d in /proc/[0-9]*; do
		[ "$(cat "$d/comm" 2>/dev/null)" = escalate ] &&
			[ "$(readlink "$d/fd/0" 2>/dev/null)" = "$pane_tty" ] && pid=${d#/proc/}
	done
	[ -n "$pid" ] && break
	sleep 0.1
done
CHECKS=$((CHECKS + 1))
[ -n "$pid" ] || { fail "no escalate process on $pane_tty"; finish; }
CHECKS=$((CHECKS + 1))
[ "$(awk '{print $6}' "/proc/$pid/stat")" != "$(awk '{print $1}' "/proc/$$/stat")" ] ||
	fail "escalate runs in the test's session: setsid did not take"

# clock ticks of user + system CPU so far (fields 14 and 15 of /proc/PID/stat)
ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat" 2>/dev/null; }
hz=$(getconf CLK_TCK)
before=$(ticks "$pid")
# The terminal goes: the whole tmux server, so the pty's master is closed.
tui_stop
gone=no
for _ in $(seq 600); do
	[ -d "/proc/$pid" ] || { gone=yes; break; }
	last=$(ticks "$pid")
	sleep 0.1
done
CHECKS=$((CHECKS + 1))
if [ "$gone" != yes ]; then
	fail "escalate (pid $pid) is still running 60 s after its terminal closed; CPU ticks since: $(( $(ticks "$pid") - before ))"
	kill "$pid" 2>/dev/null
	finish
fi
# The parent's `times` (children: user and system) once it has written them.
for _ in $(seq 100); do [ -s "$TIMES" ] && break; sleep 0.1; done
CHECKS=$((CHECKS + 1))
if [ ! -s "$TIMES" ]; then
	fail "the wrapper shell did not report its child's CPU times"
else
	# "0m0.123s 0m0.045s" on the second line -> seconds
	total=$(sed -n 2p "$TIMES" | awk '{ n = 0; for (i = 1; i <= 2; i++) { split($i, a, /[ms]/); n += a[1] * 60 + a[2] } printf "%.3f", n }')
	after=$(awk -v t="$total" -v b="$before" -v hz="$hz" 'BEGIN { printf "%.3f", t - b / hz }')
	echo "CPU before the close: $before ticks (of $hz/s); total $total s; after the close: $after s"
	awk -v a="$after" 'BEGIN { exit !(a < 0.1) }' ||
		fail "escalate used $after s of CPU after its terminal closed (want < 0.1 s)"
fi
CHECKS=$((CHECKS + 1))
rc=$(cat "$TUI_RC" 2>/dev/null)
[ "$rc" = 129 ] || fail "exit status after the terminal went: '$rc', want 129 (as on a hangup)"
# nothing half-done was written: the database still verifies, one case
esc 0 verify
esc 0 list --format csv
check_eq "cases after the hangup" 2 "$(printf '%s\n' "$OUT" | wc -l)"
finish
