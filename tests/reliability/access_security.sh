# Issue 11, against the real setgid install of access.sh (sourced from it:
# E, TEAM, DB, G, the logins, as/want/check/fail/content/sq come from there).
#
#  - naming: --db is a bare file name of an existing database in the team
#    directory, never a sidecar; no file is created there but by root;
#  - the race: a symlink/folder exchange (renameat2 RENAME_EXCHANGE, in a
#    loop) against --db, RACE_TRIES times as a registered and as an
#    unregistered login: no run may succeed, the attacker's decoy database
#    and the team files (owner, group, mode, inode) stay as they were;
#  - locks: a registered writer stopped (SIGSTOP) inside its transaction:
#    another writer's message names the holder and what to do, readers and
#    the interface keep working, an unregistered init needs no lock;
#  - the environment: every variable escalate(1) SECURITY lists, pointed at
#    a folder of the user's, is never looked at (strace), while the same run
#    of the unprivileged build does look (the method can see it); TZ does not
#    shift recorded times;
#  - a leaver's login made again (userdel, useradd: a new uid) is refused
#    until an admin runs staff confirm.
RACE_TRIES=${RACE_TRIES:-2000}
# strace (scripts/deps.sh installs it) must be able to trace here: a sandbox
# that forbids ptrace skips those parts and says so (locks=SKIPPED env=SKIPPED).
can_trace=no
command -v strace >/dev/null && strace -f -o /dev/null true >/dev/null 2>&1 && can_trace=yes
SW=$tmp/build/tests/reliability/swap_race
P=$tmp/build/escalate
# The team files: each database as it is (owner, group, mode, inode, links),
# and SQLite's -wal and -shm, which come and go with the connections (the
# last one to close removes them) and belong to whoever made them, by their
# group and mode only: what the attack changed was the WAL's mode and owner
# group (0600, the attacker's).
team_state() {
	find "$TEAM" -mindepth 1 -maxdepth 1 ! -name '*-wal' ! -name '*-shm' \
		-printf '%f %u %g %m %i %n\n' | sort
	find "$TEAM" -mindepth 1 -maxdepth 1 \( -name '*-wal' -o -name '*-shm' \) \
		! \( -type f -group "$G" -perm 0660 \) -printf 'BAD %f %u %g %m\n'
}
team0=$(team_state)
db0=$(content)

# --- naming --------------------------------------------------------------------
as "$FL" --db escalate.db list; want "--db as a bare name" 0
as "$FL" --db "$TEAM/escalate.db" list; want "--db as the team directory and the name" 0
for side in escalate.db-wal escalate.db-shm escalate.db-journal; do
	as "$FL" --db "$side" list; want "--db $side (a sidecar)" 4 "SQLite's own files"
	as "$UN" --db "$side" init; want "--db $side init" 4 "SQLite's own files"
done
as "$UN" --db "$TEAM/escalate.db-wal" init; want "--db TEAM/escalate.db-wal init" 4 "SQLite's own files"
as "$UN" --db new.db init; want "an unregistered login creates new.db" 7 "only root"
as "$FL" --db "$TEAM/new2.db" init; want "a frontline login creates new2.db" 7 "only root"
as "$FL" --db "$TEAM/../team/escalate.db" list; want "--db with .. in it" 4 "bare file name"
as "$ADM" init; want "init on the existing team database" 5 "already exists"
as "$UN" init; want "an unregistered init on the existing team database" 5 "already exists"
check
[ "$(team_state)" = "$team0" ] || fail "naming: the team directory changed: $(team_state)"

# --- receipts: written and read as the user -------------------------------------------
as "$FL" verify --receipt "$tmp/home/$FL/receipt.txt"; want "verify --receipt while set-id" 0 "escalate-receipt"
check
[ "$(stat -c '%U %a' "$tmp/home/$FL/receipt.txt" 2>&1)" = "$FL 600" ] ||
	fail "the receipt is not the user's own 0600 file: $(stat -c '%U:%G %a' "$tmp/home/$FL/receipt.txt" 2>&1)"
as "$FL" verify --against "$tmp/home/$FL/receipt.txt"; want "verify --against while set-id" 0 "receipt holds"
as "$FL" verify --against "$DB"; want "--against reads as the user, not the group" 6 "permission denied"
as "$FL" verify --receipt "$TEAM/receipt.txt"; want "a receipt into the team directory" 6
check; [ ! -e "$TEAM/receipt.txt" ] || fail "a receipt was written into the team directory"

# --- the race --------------------------------------------------------------------
race_wins=0 race_runs=0
race_as() { # USER COMMAND...: RACE_TRIES runs through the swapped path
	local u=$1 h=$tmp/home/$1
	shift
	rm -rf "$h/d" "$h/link" "$h/pidfile"
	runuser -u "$u" -- mkdir -m 0700 "$h/d"
	# the decoy: the attacker's own database, where they are admin
	runuser -u "$u" -- env -u ESCALATE_NOW HOME="$h" "$P" --db "$h/d/escalate.db" init \
		--name Mallory >/dev/null 2>&1 || fail "race: $u could not make a decoy database"
	runuser -u "$u" -- ln -s "$TEAM" "$h/link"
	local decoy0; decoy0=$(content "$h/d/escalate.db")
	runuser -u "$u" -- sh -c "echo \$\$ > '$h/pidfile'; exec '$SW' '$h/link' '$h/d'" \
		>/dev/null 2>&1 &
	local swpid=""
	for _ in $(seq 50); do swpid=$(cat "$h/pidfile" 2>/dev/null) && [ -n "$swpid" ] && break; sleep 0.1; done
	# One shell as the user runs every try; a 0 exit is a win for the attacker.
	local wins
	wins=$(runuser -u "$u" -- env -u ESCALATE_NOW HOME="$h" bash -c '
		n=0
		for i in $(seq "$1"); do
			case $((i % 3)) in
			0) "$2" --db "$3/link/escalate.db" staff add "zz$i" --name Z --role named ;;
			1) "$2" --db "$3/link/escalate.db" list ;;
			2) "$2" --db "$3/link/escalate.db" init --name Z ;;
			esac >/dev/null 2>&1 && n=$((n + 1))
		done
		echo "$n"' race "$RACE_TRIES" "$E" "$h")
	[ -n "$swpid" ] && kill "$swpid" 2>/dev/null
	wait 2>/dev/null
	# the names as they were: d the folder, link the symlink
	[ -L "$h/d" ] && runuser -u "$u" -- "$SW" "$h/link" "$h/d" --count 1 >/dev/null
	race_runs=$((race_runs + RACE_TRIES))
	race_wins=$((race_wins + ${wins:-$RACE_TRIES}))
	check
	[ "${wins:-x}" = 0 ] || fail "race as $u: $wins of $RACE_TRIES runs through the swapped path succeeded"
	check
	[ "$(content "$h/d/escalate.db")" = "$decoy0" ] || fail "race as $u: the decoy database was written"
	check
	[ "$(team_state)" = "$team0" ] || fail "race as $u: the team files changed: $(team_state)"
	check
	[ "$(content)" = "$db0" ] || fail "race as $u: the team database changed"
}
race_as "$FL"
race_as "$UN"
as "$FL" list; want "the team database works after the races" 0

# --- a writer stopped inside its transaction -----------------------------------------
lock_result=SKIPPED
if [ "$can_trace" = yes ]; then
	lock_result=yes
	ref=${REF[1]}
	# strace -u runs the setgid binary as the user, privileges intact; the
	# injected SIGSTOP lands on the first sync of the commit, while the write
	# lock is held.
	strace -f -o /dev/null -u "$FL" -e trace=fsync,fdatasync \
		-e inject=fsync,fdatasync:signal=SIGSTOP:when=1 \
		env -u ESCALATE_NOW HOME="$tmp/home/$FL" "$E" note "$ref" --text "held" \
		>"$tmp/held.out" 2>&1 &
	tracer=$!
	holder=""
	for _ in $(seq 100); do
		for d in /proc/[0-9]*; do
			[ "$(cat "$d/comm" 2>/dev/null)" = escalate ] &&
				grep -q "^TracerPid:[[:space:]]*$tracer\$" "$d/status" 2>/dev/null &&
				grep -q '^State:.*[tT]' "$d/status" 2>/dev/null && holder=${d#/proc/}
		done
		[ -n "$holder" ] && break
		sleep 0.1
	done
	check
	if [ -z "$holder" ]; then
		lock_result=no
		fail "locks: the writer did not stop inside its transaction: $(cat "$tmp/held.out")"
	else
		as "$DS" note "$ref" --text "while held"
		want "a writer waiting on a stopped holder" 11 "held by $FL's escalate \\(process $holder\\), which is stopped"
		check
		printf '%s' "$err" | grep -q "kill -CONT $holder" || fail "locks: the message does not say what to do: $err"
		echo "access: the busy message: $err"
		as "$NM" list; want "a reader while a writer is stopped" 0 "ESC-"
		as "$UN" init; want "an unregistered init while a writer is stopped (no lock)" 5 "already exists"
		# the interface opens and shows the list
		T="tmux -L sec-$id -f /dev/null"
		$T new-session -d -s s -x 120 -y 30 \
			"runuser -u $NM -- env HOME=$tmp/home/$NM TERM=xterm-256color LANG=C.UTF-8 $E; sleep 600"
		shown=no
		for _ in $(seq 100); do $T capture-pane -p -t s | grep -q "Case list" && { shown=yes; break; }; sleep 0.1; done
		check
		[ "$shown" = yes ] || { lock_result=no; fail "locks: the interface did not open while a writer was stopped"
			$T capture-pane -p -t s | sed 's/^/    |/'; }
		$T kill-server >/dev/null 2>&1
		kill -CONT "$holder"
	fi
	wait "$tracer"; rc=$?
	check
	[ "$rc" -eq 0 ] || fail "locks: the stopped writer did not finish once continued (exit $rc): $(cat "$tmp/held.out")"
	as "$DS" note "$ref" --text "after"; want "a writer after the holder went on" 0
	team0=$(team_state) # the notes wrote the database (inodes stay)
fi

# --- the environment ---------------------------------------------------------------------
env_result=SKIPPED
if [ "$can_trace" = yes ]; then
	env_result=yes
	bait=$tmp/home/$FL/bait
	runuser -u "$FL" -- mkdir -p "$bait/zone" "$bait/terminfo/x" "$bait/locale" "$bait/tmp"
	runuser -u "$FL" -- cp /usr/share/zoneinfo/Pacific/Kiritimati "$bait/zone/Fake"
	# every variable of escalate(1) SECURITY that names a place, pointed at the bait
	steer=(TZ="$bait/zone/Fake" TZDIR="$bait/zone" SQLITE_TMPDIR="$bait/tmp" TMPDIR="$bait/tmp"
		TMP="$bait/tmp" TEMP="$bait/tmp" LOCPATH="$bait/locale" NLSPATH="$bait/locale/%N"
		GCONV_PATH="$bait/locale" I18NPATH="$bait/locale" TERMINFO="$bait/terminfo"
		TERMINFO_DIRS="$bait/terminfo" TERMCAP="$bait/terminfo/termcap" TERMPATH="$bait/terminfo"
		XDG_DATA_HOME="$bait" XDG_STATE_HOME="$bait" XDG_CONFIG_HOME="$bait"
		ENV="$bait/env.sh" BASH_ENV="$bait/env.sh" PATH="$bait:/usr/bin:/bin"
		LANG="$bait/locale" LC_ALL="$bait/locale" LC_TIME="$bait/locale" LANGUAGE="$bait")
	traced() { # BINARY ARGS...: the paths the run looked at, in $tmp/trace
		strace -f -qq -o "$tmp/trace.all" -u "$FL" -e trace=%file \
			env -u ESCALATE_NOW HOME="$tmp/home/$FL" "${steer[@]}" "$@" >/dev/null 2>"$tmp/err"
		local st=$?
		# execve lines quote the command line, which names the bait itself
		grep -v 'execve(' "$tmp/trace.all" >"$tmp/trace"
		return $st
	}
	traced "$E" note "${REF[1]}" --text "steered"
	rc=$?
	check; [ "$rc" -eq 0 ] || fail "environment: the steered note failed: $(cat "$tmp/err")"
	check
	if grep -q "$bait" "$tmp/trace"; then
		env_result=no
		fail "environment: the setgid process looked at the user's folder: $(grep "$bait" "$tmp/trace" | head -3)"
	fi
	# the control: the unprivileged build honours them (the locale at least;
	# TZ no longer: times follow the database's zone, issue 10), so the trace
	# would have shown it
	runuser -u "$FL" -- mkdir -m 0700 -p "$tmp/home/$FL/own"
	runuser -u "$FL" -- env -u ESCALATE_NOW "$P" --db "$tmp/home/$FL/own/p.db" init --name F >/dev/null 2>&1
	runuser -u "$FL" -- env -u ESCALATE_NOW "$P" --db "$tmp/home/$FL/own/p.db" new --local-id C \
		--la Kent --theme Other --decision d --concern c >/dev/null 2>&1
	traced "$P" --db "$tmp/home/$FL/own/p.db" note ESC-$(date +%Y)-0001 --text "steered"
	check
	grep -q "$bait/locale" "$tmp/trace" ||
		fail "environment: the control run did not read the locale's folder, so the trace proves nothing"
	team0=$(team_state)
fi
# TZ does not shift recorded times: three notes, at UTC+14, UTC-9 and none
out=$(runuser -u "$FL" -- env -u ESCALATE_NOW TZ=Pacific/Kiritimati "$E" note "${REF[1]}" --text tz1 2>&1)
out=$(runuser -u "$FL" -- env -u ESCALATE_NOW TZ=America/Anchorage "$E" note "${REF[1]}" --text tz2 2>&1)
out=$(runuser -u "$FL" -- env -u ESCALATE_NOW "$E" note "${REF[1]}" --text tz3 2>&1)
a=$(sq "SELECT at FROM events WHERE text = 'tz1'") b=$(sq "SELECT at FROM events WHERE text = 'tz2'")
c=$(sq "SELECT at FROM events WHERE text = 'tz3'")
lo= hi=
for t in "$a" "$b" "$c"; do
	s=$(date -u -d "$t" +%s 2>/dev/null) || s=0
	{ [ -z "$lo" ] || [ "$s" -lt "$lo" ]; } && lo=$s
	{ [ -z "$hi" ] || [ "$s" -gt "$hi" ]; } && hi=$s
done
spread=$((hi - lo))
check
[ "$spread" -lt 600 ] || { env_result=no; fail "environment: TZ shifted recorded times: $a / $b / $c"; }

# --- a leaver's login made again ------------------------------------------------------
# userdel + useradd: the same name, a new person (a new uid).  The record
# stays the old person's until an admin confirms the new one.
old_uid=$(id -u "$NM")
new_uid=$((old_uid + 5000))
userdel "$NM" && useradd -d "$tmp/home/$NM" -u "$new_uid" -s /bin/sh "$NM" &&
	chown -R "$NM" "$tmp/home/$NM" || fail "could not make $NM again"
before=$(content)
as "$NM" list; want "a new account with a leaver's login reads" 4 "escalate staff confirm $NM"
as "$NM" note "${REF[2]}" --text "as the new person"; want "...or writes" 4 "user id $old_uid"
unchanged "the new account was refused" "$before"
as "$FL" staff confirm "$NM"; want "a non-admin confirms" 4 "admin"
as "$ADM" staff confirm "$NM"; want "the admin confirms the new person" 0 "user id $new_uid"
check
[ "$(sq "SELECT uid FROM staff WHERE login = '$NM'")" = "$new_uid" ] || fail "the record is not bound to $new_uid"
as "$NM" list; want "the confirmed account" 0
as "$ADM" verify; want "verify after the confirmation" 0 "staff chain intact"
team0=$(team_state)

check
[ "$(team_state)" = "$team0" ] || fail "the team files changed: $(team_state)"
security_summary="race_runs=$race_runs race_wins=$race_wins locks=$lock_result env=$env_result"
