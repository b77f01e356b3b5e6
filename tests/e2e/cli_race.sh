#!/usr/bin/env bash
# Issue 10, item 4: two people moving one case at the same moment.  Both
# commands read the case before either writes (the test holds the write
# lock until both are waiting for it, seen in their busy handler's sleep), so
# every run is a real race; the loser must always get exit 5 and the conflict
# message, never a procedural refusal about the level the winner reached,
# and exactly one event lands.  50 races: escalate against escalate, against
# resolve, and against a contact, which is never filed at a level its author
# did not see (it lands at level 2 before the escalation, or is refused).
source "${ESC_TEST_LIB:?}"

[ -r /proc/self/syscall ] || { echo "cli_race: SKIPPED: /proc/PID/syscall unreadable"; exit 77; }
case $(uname -m) in
x86_64) SLEEPS=" 35 230 " ;;   # nanosleep, clock_nanosleep
aarch64) SLEEPS=" 101 115 " ;;
*) echo "cli_race: SKIPPED: syscall numbers unknown for $(uname -m)"; exit 77 ;;
esac

at "2026-05-04 09:00"
esc 0 init --name "Race Tester" --org "Test Trust"

# Holds the write lock from another connection until told to let go.
locker() {
	python3 -c '
import sqlite3, sys
con = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
con.execute("BEGIN IMMEDIATE")
print("held", flush=True)
sys.stdin.readline()
con.execute("ROLLBACK")
' "$DB"
}

# True once the process has been seen sleeping in a system call that only the
# busy handler makes (it is waiting for the lock, its reads done).
waiting() {
	local s
	s=$(cut -d' ' -f1 "/proc/$1/syscall" 2>/dev/null) || return 1
	[[ $SLEEPS == *" $s "* ]]
}

races=0 conflicts=0 bad=0
for i in $(seq 1 50); do
	esc 0 new --local-id "R-$i" --la Kent --theme Other --decision d --concern c
	ref=$(printf '%s\n' "$OUT" | awk 'NR==1 {print $1}')
	esc 0 contact "$ref" --with Sam --role SW --org Kent --summary s --outcome concern-remains
	esc 0 escalate "$ref" --reason "to level 2"
	esc 0 contact "$ref" --with Sam --role SW --org Kent --summary s --outcome concern-remains
	second=(escalate "$ref" --reason "user two")
	if [ $((i % 5)) -eq 0 ]; then second=(resolve "$ref" --outcome "user two"); fi
	if [ $((i % 5)) -eq 1 ]; then
		second=(contact "$ref" --with Jo --role SW --org Kent --summary "user two" --outcome resolved)
	fi

	coproc LOCK { locker; }
	read -r held <&"${LOCK[0]}"
	[ "$held" = held ] || { fail "race $i: the test could not take the lock"; break; }
	"$ESC" --db "$DB" escalate "$ref" --reason "user one" >"$TEST_TMP/o1" 2>"$TEST_TMP/e1" &
	p1=$!
	"$ESC" --db "$DB" "${second[@]}" >"$TEST_TMP/o2" 2>"$TEST_TMP/e2" &
	p2=$!
	seen1=0 seen2=0
	for _ in $(seq 1 20000); do
		waiting $p1 && seen1=1
		waiting $p2 && seen2=1
		[ $seen1 = 1 ] && [ $seen2 = 1 ] && break
		kill -0 $p1 2>/dev/null || seen1=1 # finished already: reported below
		kill -0 $p2 2>/dev/null || seen2=1
	done
	echo go >&"${LOCK[1]}"
	wait "$LOCK_PID" 2>/dev/null
	wait $p1; rc1=$?
	wait $p2; rc2=$?
	races=$((races + 1))
	if [ "${second[0]}" = contact ] && [ $rc1 -eq 0 ] && [ $rc2 -eq 0 ]; then
		# Both stand only in the order the contact's author saw: contact at 2, then up.
		lvl=$(sqlite3 "$DB" "SELECT level_after FROM events e JOIN cases c ON c.id = e.case_id
			WHERE c.ref = '$ref' AND e.kind = 'contact' ORDER BY e.seq DESC LIMIT 1")
		if [ "$lvl" = 2 ]; then conflicts=$((conflicts + 1)); else
			bad=$((bad + 1)); fail "race $i: the contact was filed at level $lvl"; fi
		continue
	fi
	if [ $((rc1 + rc2)) -ne 5 ] || { [ $rc1 -ne 0 ] && [ $rc2 -ne 0 ]; }; then
		bad=$((bad + 1))
		fail "race $i ($second): exits $rc1 and $rc2, want one 0 and one 5: $(cat "$TEST_TMP/e1" "$TEST_TMP/e2")"
		continue
	fi
	loser_err=$TEST_TMP/e1
	[ $rc1 -eq 0 ] && loser_err=$TEST_TMP/e2
	if grep -q "changed under you" "$loser_err"; then
		conflicts=$((conflicts + 1))
	else
		bad=$((bad + 1))
		fail "race $i: the loser was not told of the conflict: $(cat "$loser_err")"
	fi
	esc 0 show "$ref" --format json
	case $OUT in
	*'"seq":5,'*) ;;
	*) bad=$((bad + 1)); fail "race $i: not exactly one event landed" ;;
	esac
done
echo "races=$races loser_conflict=$conflicts bad=$bad"
check_eq "races run" 50 "$races"
check_eq "races sound (losers told of the conflict; contacts at the level seen)" 50 "$conflicts"
esc 0 verify
finish
