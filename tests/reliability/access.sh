#!/usr/bin/env bash
# Access (SPEC §2 guards, §6 who can open the database), proved with real
# OS users: builds and installs escalate setgid to a fresh group with
# `meson install`, creates logins with useradd and runs the installed binary
# as them with runuser.
#
#  - the team database: file 0660 / directory 2770 owned by the group; staff
#    are not in the group, yet escalate works for them, and the sqlite3 shell
#    or a plain write cannot touch the file;
#  - identity is the real uid's login ($USER / $LOGNAME are ignored);
#    unregistered and deactivated logins are refused and nothing is written;
#  - every guard of the procedure through the CLI: each role (frontline
#    owner, frontline not owner, named, designated) x each level x each
#    event, against the rules of SPEC §2 written out below (not the core's
#    table), on a copy of the same database; a refusal changes nothing;
#  - the same refusals through the interface (tmux) for a frontline login;
#  - exports are written as the user (the group is dropped), --db outside
#    the team directory and ESCALATE_NOW are refused while set-id;
#  - only an admin adds staff or changes roles, and role changes are in
#    staff_history;
#  - a personal database is created 0600 in a 0700 directory; a world- or
#    other-group-writable database is refused.
#
# usage: access.sh SOURCE_DIR      (root only; otherwise SKIPPED, exit 77)
set -uo pipefail
SRC=$(cd "$1" && pwd)
if [ "$(id -u)" -ne 0 ] || ! command -v useradd >/dev/null || ! command -v runuser >/dev/null
then
	echo "access: SKIPPED: needs root with useradd and runuser (creates OS users and a setgid install)"
	exit 77
fi
tmp=$(mktemp -d /tmp/esc-access.XXXXXX)
chmod 0755 "$tmp"
id=$$
G=erg$id
ADM=era$id FL=erf$id FL2=erg2$id NM=ern$id DS=erd$id UN=eru$id DX=erx$id
USERS=($ADM $FL $FL2 $NM $DS $UN $DX)
failures=0 checks=0 guard_cases=0 guard_mismatch=0 refused_wrote=0
cleanup() {
	tmux -L "rel-$id" kill-server >/dev/null 2>&1
	for u in "${USERS[@]}"; do userdel "$u" >/dev/null 2>&1; done
	groupdel "$G" >/dev/null 2>&1
	rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "access: FAIL $*"; failures=$((failures + 1)); }
check() { checks=$((checks + 1)); }

# --- install setgid ---------------------------------------------------------
groupadd "$G" || { echo "access: groupadd failed"; exit 1; }
for u in "${USERS[@]}"; do
	useradd -m -d "$tmp/home/$u" -s /bin/sh "$u" || { echo "access: useradd $u failed"; exit 1; }
done
TEAM=$tmp/team
INST=$tmp/inst
if ! { meson setup "$tmp/build" "$SRC" -Dteam_group="$G" -Dteam_dir="$TEAM" \
	--prefix="$INST" -Dbuildtype=plain >"$tmp/setup.log" 2>&1 &&
	ninja -C "$tmp/build" escalate tests/reliability/swap_race >"$tmp/build.log" 2>&1 &&
	meson install -C "$tmp/build" --no-rebuild >"$tmp/install.log" 2>&1; }; then
	echo "access: FAIL building or installing setgid:"
	tail -20 "$tmp/setup.log" "$tmp/build.log" "$tmp/install.log"
	exit 1
fi
E=$INST/bin/escalate
check
[ "$(stat -c '%G %A' "$E")" = "$G -rwxr-sr-x" ] ||
	fail "the installed binary is not setgid $G: $(stat -c '%U:%G %A' "$E")"
team_dir_by=meson
if [ ! -d "$TEAM" ]; then
	team_dir_by=test # meson install does not create it (see the report)
	install -d -m 2770 -o root -g "$G" "$TEAM"
fi
check
[ "$(stat -c '%G %a' "$TEAM")" = "$G 2770" ] ||
	fail "the team directory is not 2770 $G: $(stat -c '%U:%G %a' "$TEAM")"
DB=$TEAM/escalate.db

# as USER ARGS...: runs the installed binary as USER; sets rc, out, err
as() {
	local u=$1
	shift
	out=$(cd "$tmp/home/$u" && runuser -u "$u" -- env -u ESCALATE_NOW HOME="$tmp/home/$u" \
		LANG=C.UTF-8 "$E" "$@" 2>"$tmp/err")
	rc=$?
	err=$(cat "$tmp/err")
}
want() { # NAME RC [REGEX]
	check
	if [ "$rc" -ne "$2" ]; then
		fail "$1: exit $rc, want $2: $err"
	elif [ -n "${3:-}" ] && ! printf '%s\n%s' "$out" "$err" | grep -qiE "$3"; then
		fail "$1: output does not say /$3/: $err"
	fi
}
# Reads append to the access log (issue 12): a refusal may log the reading
# that came before it, and must change nothing else.
content() { # every row of the file but the access log, as root (the sqlite3 shell: fast)
	# A busy timeout: a closing escalate may hold the file for its last
	# checkpoint a moment after its terminal has gone; a dump that failed
	# says so instead of hashing its error message.
	local f=$tmp/dump
	if ! sqlite3 -cmd ".timeout 30000" "file:${1:-$DB}?mode=ro" .dump >"$f" 2>"$f.err"; then
		echo "access: the dump of ${1:-$DB} failed: $(cat "$f.err")" >&2
		echo "dump-failed-$RANDOM"
		return
	fi
	local h
	h=$(grep -v '^INSERT INTO access_log ' "$f" | tee "$f.kept" | sha256sum | cut -d' ' -f1)
	mv "$f.kept" "$tmp/dump.$h" # kept so that a failure can show what changed
	echo "$h"
}
unchanged() { # NAME BEFORE [DB]
	check
	local now
	now=$(content "${3:-$DB}")
	[ "$now" = "$2" ] || {
		fail "$1: refused, but the database changed"
		refused_wrote=$((refused_wrote + 1))
		diff "$tmp/dump.$2" "$tmp/dump.$now" 2>&1 | head -20 | sed 's/^/    |/'
	}
}
sq() { sqlite3 "file:$DB?mode=ro" "$1"; }

# --- the team database -------------------------------------------------------
# Only root (or the install step) creates a file in the team directory
# (issue 11 item 2); root names the first admin.
as "$ADM" init --name "Ada Admin" --role designated --org "Test Trust"
want "a staff login cannot create the team database" 7 "only root"
check; [ ! -e "$DB" ] || fail "a non-root init created $DB"
out=$(cd "$tmp" && env -u ESCALATE_NOW LANG=C.UTF-8 "$E" init --admin "$ADM" --name "Ada Admin" \
	--role designated --org "Test Trust" 2>"$tmp/err")
rc=$?
err=$(cat "$tmp/err")
want "root's init with --admin" 0 "$ADM \(Ada Admin\) is its first admin"
check
[ "$(stat -c '%G %a' "$DB")" = "$G 660" ] || fail "team database is not 0660 $G: $(stat -c '%U:%G %a' "$DB")"
as "$ADM" staff add "$FL" --name "Fran Front" --role frontline --org "Test Trust"; want "add frontline" 0
as "$ADM" staff add "$FL2" --name "Fred Front" --role frontline --org "Test Trust"; want "add frontline 2" 0
as "$ADM" staff add "$NM" --name "Nia Named" --role named --org "Test Trust"; want "add named" 0
as "$ADM" staff add "$DS" --name "Dev Desig" --role designated --org "Test Trust"; want "add designated" 0
as "$ADM" staff add "$DX" --name "Dee Gone" --role designated --org "Test Trust"; want "add to deactivate" 0
as "$ADM" staff deactivate "$DX"; want "deactivate" 0

# staff can use it through escalate, and only so
as "$FL" list; want "frontline lists through the setgid binary" 0
check
id -nG "$FL" | grep -qw "$G" && fail "$FL is in the team group"
out=$(runuser -u "$FL" -- sqlite3 "$DB" "SELECT count(*) FROM staff" 2>&1); rc=$?
check; [ $rc -ne 0 ] || fail "the sqlite3 shell opened the team database as $FL: $out"
runuser -u "$FL" -- sh -c "echo x >> '$DB'" 2>/dev/null; rc=$?
check; [ $rc -ne 0 ] || fail "$FL wrote the team database file directly"
runuser -u "$FL" -- sh -c "ls '$TEAM'" >/dev/null 2>&1 && { check; fail "$FL can list the team directory"; }

# identity: the real uid, never $USER / $LOGNAME
before=$(content)
out=$(runuser -u "$FL" -- env USER="$ADM" LOGNAME="$ADM" "$E" staff add zed --name Z --role named 2>"$tmp/err"); rc=$?
err=$(cat "$tmp/err")
want "USER=admin does not make frontline an admin" 4 "admin"
unchanged "USER=admin" "$before"

# unregistered and deactivated logins
for u in "$UN" "$DX"; do
	before=$(content)
	as "$u" list; want "$u lists" 4 "not registered|deactivated"
	as "$u" new --nhs 9434765919 --la Kent --theme Other --decision d --concern c
	want "$u opens a case" 4 "not registered|deactivated"
	unchanged "$u" "$before"
done

# only an admin manages staff; role changes are recorded
for u in "$NM" "$DS" "$FL"; do
	before=$(content)
	as "$u" staff add zed --name Z --role named; want "$u adds staff" 4 "admin"
	as "$u" staff set-role "$FL" designated; want "$u changes a role" 4 "admin"
	as "$u" staff set-role "$u" designated --admin; want "$u makes itself admin" 4 "admin"
	unchanged "$u manages staff" "$before"
done
n0=$(sq "SELECT count(*) FROM staff_history")
as "$ADM" staff set-role "$FL" named; want "admin changes a role" 0
as "$ADM" staff set-role "$FL" frontline; want "admin changes it back" 0
check
[ "$(sq "SELECT count(*) FROM staff_history")" -eq $((n0 + 2)) ] ||
	fail "role changes are not in staff_history"
check
[ "$(sq "SELECT count(*) FROM staff_history h JOIN staff a ON a.id = h.actor_id JOIN staff s ON s.id = h.staff_id WHERE a.login = '$ADM' AND s.login = '$FL' AND h.role = 1")" -ge 1 ] ||
	fail "staff_history does not say who changed $FL's role"

# --- every guard through the CLI --------------------------------------------
# A case owned by $FL at each level 1..5, the concern remaining after a
# contact at that level (so escalation is refused only by role).
new_case() { # -> ref
	as "$FL" new --local-id "L-$1" --la Kent --theme Other --decision d --concern c
	printf '%s' "$out" | awk 'NR==1 { print $1 }'
}
contact_as() { as "$1" contact "$2" --with Sam --role SW --org Kent --summary "at level" --outcome concern-remains; }
declare -A REF
for level in 1 2 3 4 5; do
	ref=$(new_case "$level")
	REF[$level]=$ref
	for l in $(seq 1 $((level - 1))); do
		contact_as "$DS" "$ref"
		# Level 5 waits until the designated professional informed at level 4 is recorded.
		[ "$l" -eq 4 ] && as "$DS" inform "$ref" --whom designated --name Dr --how phone >/dev/null
		as "$DS" escalate "$ref" --reason up
	done
	contact_as "$DS" "$ref"
	want "case at level $level ($ref)" 0
done
template=$tmp/template.db
cp "$DB" "$template"
template_content=$(content "$template")

# SPEC §2 written out: who may act at a level; then each event's rule.
rank() { case $1 in frontline) echo 1 ;; named) echo 2 ;; designated) echo 3 ;; esac; }
may_act() { # LEVEL ROLE OWNER
	local r; r=$(rank "$2")
	if [ "$1" -le 2 ]; then { [ "$3" = yes ] || [ "$r" -ge 2 ]; }
	elif [ "$1" -le 4 ]; then [ "$r" -ge 2 ]
	else [ "$r" -ge 3 ]; fi
}
allowed() { # EVENT LEVEL ROLE OWNER
	case $1 in
	contact|resolve|withdraw) may_act "$2" "$3" "$4" ;;
	escalate) [ "$2" -lt 4 ] && may_act $(($2 + 1)) "$3" "$4" ;; # level 4's case owes the designated notice
	urgent) [ "$2" -lt 4 ] && [ "$(rank "$3")" -ge 2 ] ;;
	inform) [ "$2" -ge 4 ] && may_act "$2" "$3" "$4" ;;
	note) [ "$4" = yes ] || may_act "$2" "$3" "$4" ;;
	esac
}
event_args() { # EVENT REF
	case $1 in
	contact) echo "contact $2 --with Sam --role SW --org Kent --summary s --outcome resolved" ;;
	escalate) echo "escalate $2 --reason r --chair-informed later" ;;
	urgent) echo "urgent $2 --reason r" ;;
	inform) echo "inform $2 --whom designated --name Dr --how phone" ;;
	note) echo "note $2 --text n" ;;
	resolve) echo "resolve $2 --outcome o" ;;
	withdraw) echo "withdraw $2 --reason r" ;;
	esac
}
work=$TEAM/guard.db
for actor in "$FL:frontline:yes" "$FL2:frontline:no" "$NM:named:no" "$DS:designated:no"; do
	IFS=: read -r user role owner <<<"$actor"
	for level in 1 2 3 4 5; do
		for ev in contact escalate urgent inform note resolve withdraw; do
			rm -f "$work" "$work-wal" "$work-shm"
			install -m 0660 -o root -g "$G" "$template" "$work"
			# shellcheck disable=SC2046
			as "$user" --db "$work" $(event_args "$ev" "${REF[$level]}")
			guard_cases=$((guard_cases + 1))
			check
			if allowed "$ev" "$level" "$role" "$owner"; then
				[ "$rc" -eq 0 ] || { guard_mismatch=$((guard_mismatch + 1))
					fail "$role (owner: $owner) $ev at level $level: refused ($rc) but SPEC allows it: $err"; }
			else
				if [ "$rc" -ne 4 ]; then
					guard_mismatch=$((guard_mismatch + 1))
					fail "$role (owner: $owner) $ev at level $level: exit $rc, SPEC refuses it (want 4)"
				elif ! printf '%s' "$err" | grep -qiE "frontline|named|designated|owner|level"; then
					fail "$role $ev at level $level: the refusal names no role or rule: $err"
				fi
				unchanged "$role $ev at level $level" "$template_content" "$work"
			fi
		done
	done
done
rm -f "$work" "$work-wal" "$work-shm"

# --- the same refusals through the interface ---------------------------------
tui_result=SKIPPED
if command -v tmux >/dev/null; then
	# The login's first read-write session on this file binds its user id to
	# its record (issue 11): done here, so that the snapshot is what the
	# refusals below must leave alone.
	as "$FL" note "${REF[5]}" --text "bind the uid first"
	before=$(content)
	T="tmux -L rel-$id -f /dev/null"
	# Issue 13: the editor a text area opens logs its ids and descriptors.
	H=$tmp/home/$FL
	cat >"$H/ed.sh" <<'SH'
#!/bin/sh
grep -E '^(Gid|Groups):' /proc/self/status >"$HOME/ed.ids"
for f in /proc/$$/fd/*; do readlink "$f"; done >"$HOME/ed.fds"
stat -c '%U:%G %a' "$1" "${1%/*}" >"$HOME/ed.modes"
echo "from the editor" >"$1"
SH
	chown "$FL" "$H/ed.sh" && chmod 0700 "$H/ed.sh"
	$T new-session -d -s t -x 130 -y 30 -c "$tmp/home/$FL" \
		"runuser -u $FL -- env HOME=$tmp/home/$FL XDG_STATE_HOME=$tmp/home/$FL/xdg TERM=xterm-256color LANG=C.UTF-8 VISUAL=$H/ed.sh $E; sleep 600"
	screen() { $T capture-pane -p -t t; }
	waitfor() { for _ in $(seq 50); do screen | grep -q "$1" && return 0; sleep 0.1; done; return 1; }
	tui_ok=yes
	# open_case LOCAL-ID REF; refused KEY TEXT: the key is refused with the rule on screen
	open_case() {
		# on the list first: a 'c' that lands in the case view under load
		# opens the contact form instead of clearing the search
		waitfor "Case list" || { tui_ok=no; fail "interface: not back on the case list"; }
		$T send-keys -t t c && sleep 0.3 # clear the previous search
		$T send-keys -t t / && sleep 0.3 && $T send-keys -t t -l "$1" && $T send-keys -t t Enter
		sleep 0.5
		$T send-keys -t t Enter
		waitfor "Case $2" || { tui_ok=no; fail "interface: could not open $2"; screen | sed 's/^/    |/'; }
	}
	refused() {
		$T send-keys -t t "$1"
		sleep 0.8
		check
		screen | grep -qF "Not allowed: $2" || {
			tui_ok=no; fail "interface: $FL pressing '$1' was not refused with: $2"
			screen | sed 's/^/    |/'; }
	}
	if waitfor "Case list"; then
		open_case L-2 "${REF[2]}"
		refused e "escalating to level 3 needs a named or designated professional; you are frontline"
		refused u "an urgent jump to level 4 needs a named or designated professional; you are frontline"
		$T send-keys -t t q
		sleep 0.5
		open_case L-5 "${REF[5]}"
		refused R "resolving at level 5 needs a designated professional; you are frontline"
		refused c "recording a contact at level 5 needs a designated professional"
		# Issue 13: the record entry piped and saved, and the editor, run as
		# the user with the team group dropped for good (real, effective,
		# saved and file-system gids all the user's) and no database open.
		# The pipe reads the ids of the shell escalate started ($$), not of a
		# program it ran: sh gives up an effective group by itself, but not
		# the saved one.
		$T send-keys -t t x
		waitfor "entry for the child" || { tui_ok=no; fail "interface: no record entry"; }
		$T send-keys -t t '|' && sleep 0.3
		$T send-keys -t t -l 'grep -E "^(Gid|Groups):" /proc/$$/status >$HOME/pipe.ids; for f in /proc/$$/fd/*; do readlink $f; done >$HOME/pipe.fds; true'
		$T send-keys -t t Enter
		waitfor "Press a key" || { tui_ok=no; fail "interface: the pipe did not run"; screen | sed 's/^/    |/'; }
		$T send-keys -t t Space
		waitfor "Piped the entry" || { tui_ok=no; fail "interface: not back from the pipe"; screen | sed 's/^/    |/'; }
		$T send-keys -t t s && sleep 0.3 && $T send-keys -t t C-u
		$T send-keys -t t -l "$H/entry.txt" && $T send-keys -t t Enter
		waitfor "Saved the entry" || { tui_ok=no; fail "interface: the entry was not saved"; screen | sed 's/^/    |/'; }
		$T send-keys -t t q
		waitfor "Case ${REF[5]}" && $T send-keys -t t o
		waitfor "Note" && sleep 0.3 && $T send-keys -t t F4
		waitfor "taken from the editor" ||
			{ tui_ok=no; fail "interface: the editor's text was not taken"; screen | sed 's/^/    |/'; }
		$T send-keys -t t Escape && waitfor "Discard" && $T send-keys -t t y
		ug=$(id -g "$FL") tg=$(getent group "$G" | cut -d: -f3)
		for what in pipe ed; do
			check
			gids=$(awk '$1 == "Gid:" { print $2, $3, $4, $5 }' "$H/$what.ids" 2>/dev/null)
			[ "$gids" = "$ug $ug $ug $ug" ] ||
				fail "interface: the $what ran with gids '$gids', not the user's $ug"
			check
			sed -n 's/^Groups://p' "$H/$what.ids" 2>/dev/null | grep -qw "$tg" &&
				fail "interface: the $what holds the team group $tg"
			check
			[ -s "$H/$what.fds" ] && ! grep -q "$TEAM" "$H/$what.fds" ||
				fail "interface: the $what holds a team file: $(cat "$H/$what.fds" 2>&1)"
		done
		check
		[ "$(stat -c '%U:%G %a' "$H/entry.txt" 2>&1)" = "$FL:$(id -gn "$FL") 600" ] ||
			fail "interface: the saved entry is not the user's 0600 file: $(stat -c '%U:%G %a' "$H/entry.txt" 2>&1)"
		check
		[ "$(cat "$H/ed.modes" 2>&1)" = "$FL:$(id -gn "$FL") 600
$FL:$(id -gn "$FL") 700" ] || fail "interface: the editor's file and folder: $(cat "$H/ed.modes" 2>&1)"
		$T send-keys -t t q
		sleep 0.3
		# the list's view is remembered in a file of the user's own, written
		# with the team group dropped (the user's group, 0600 in 0700), in
		# the home of the password file: XDG_STATE_HOME is not honoured set-id
		waitfor "Case list" && $T send-keys -t t c # the search off
		waitfor "\[open cases\]" && $T send-keys -t t A
		waitfor "\[all cases\]" || { tui_ok=no; fail "interface: A did not show all cases"
			screen | sed 's/^/    |/'; }
		sdir=$tmp/home/$FL/.local/state/escalate
		for _ in $(seq 50); do ls "$sdir"/list-*.state >/dev/null 2>&1 && break; sleep 0.1; done
		sfile=$(ls "$sdir"/list-*.state 2>/dev/null | head -n 1)
		check
		if [ -z "$sfile" ]; then
			tui_ok=no; fail "interface: no state file in $sdir"
		else
			got="$(stat -c '%U %G %a' "$sfile") $(stat -c '%U %a' "$sdir")"
			want_s="$FL $(id -gn "$FL") 600 $FL 700"
			[ "$got" = "$want_s" ] || { tui_ok=no; fail "interface: state file $got, want $want_s"; }
		fi
		check
		[ ! -e "$tmp/home/$FL/xdg" ] || { tui_ok=no; fail "interface: set-id, it used XDG_STATE_HOME"; }
	else
		tui_ok=no; fail "interface: did not start for $FL"; screen | sed 's/^/    |/'
	fi
	$T kill-server >/dev/null 2>&1
	# the interface has gone (closed its database) before the file is read
	for _ in $(seq 300); do pgrep -u "$FL" -x escalate >/dev/null || break; sleep 0.1; done
	pgrep -u "$FL" -x escalate >/dev/null && fail "interface: still running after its terminal closed"
	unchanged "interface refusal" "$before"
	tui_result=$tui_ok
fi

# --- files the user names; --db; the clock ------------------------------------
as "$FL" export --format json -o "$tmp/home/$FL/out.csv"
want "export to the user's file" 0
check
exp_owner=$(stat -c '%U:%G %a' "$tmp/home/$FL/out.csv" 2>/dev/null)
[ "$exp_owner" = "$FL:$(id -gn "$FL") 600" ] ||
	fail "the export is not the user's own file 0600: $exp_owner"
as "$FL" export --format json -o "$TEAM/evil.csv"
check
{ [ "$rc" -ne 0 ] && [ ! -e "$TEAM/evil.csv" ]; } ||
	fail "an export was written into the team directory (exit $rc)"
as "$FL" export --format csv --out "$TEAM/evil.d"
check
{ [ "$rc" -ne 0 ] && [ ! -e "$TEAM/evil.d" ]; } ||
	fail "an export folder was made in the team directory (exit $rc)"
as "$FL" report --format xlsx --out "$TEAM/evil.xlsx"
check; [ ! -e "$TEAM/evil.xlsx" ] || fail "a workbook was written into the team directory"
as "$FL" report --format csv -o "$TEAM/evil2.csv"
check; [ ! -e "$TEAM/evil2.csv" ] || fail "a report was written into the team directory"
for outside in "$tmp/home/$FL/mine.db" "$TEAM/../escalate.db" "/etc/passwd"; do
	as "$FL" --db "$outside" list
	check
	[ "$rc" -ne 0 ] || fail "--db $outside accepted while set-id"
done
out=$(runuser -u "$FL" -- env ESCALATE_NOW="2020-01-01" "$E" list 2>"$tmp/err"); rc=$?
err=$(cat "$tmp/err")
want "ESCALATE_NOW refused while set-id" 2 "now"
as "$FL" --now "2020-01-01" list; want "--now refused while set-id" 2 "now"
out=$(runuser -u "$FL" -- env XDG_DATA_HOME="$tmp/home/$FL" "$E" staff list 2>"$tmp/err"); rc=$?
want "XDG_DATA_HOME ignored while set-id" 0 "$ADM"
check
files_bad=$(find "$TEAM" -type f -perm /o=rwx | wc -l)
[ "$files_bad" -eq 0 ] || fail "files in the team directory open to others: $(find "$TEAM" -type f -perm /o=rwx)"

# --- unsafe modes on the team database -----------------------------------------
chmod 0666 "$DB"
as "$FL" list; want "world-writable team database" 10 "chmod"
chmod 0660 "$DB"
chgrp "$(id -gn "$FL")" "$DB"
as "$FL" list; want "team database group-writable by another group" 10 "chmod|group"
chgrp "$G" "$DB"
as "$FL" list; want "restored" 0

# --- a personal database (the binary from the build, not set-id) ---------------
P=$tmp/build/escalate
check
[ ! -g "$P" ] || fail "the build's binary is set-id"
out=$(runuser -u "$NM" -- env HOME="$tmp/home/$NM" XDG_DATA_HOME= "$P" init --name Nia 2>"$tmp/err"); rc=$?
err=$(cat "$tmp/err")
want "personal init" 0
pdb=$tmp/home/$NM/.local/share/escalate/escalate.db
check
[ "$(stat -c %a "$pdb" 2>/dev/null)" = 600 ] || fail "personal database mode: $(stat -c %a "$pdb" 2>&1)"
check
[ "$(stat -c %a "$(dirname "$pdb")" 2>/dev/null)" = 700 ] ||
	fail "personal database directory mode: $(stat -c %a "$(dirname "$pdb")" 2>&1)"
out=$(runuser -u "$FL" -- "$P" --db "$pdb" list 2>&1); rc=$?
check; [ "$rc" -ne 0 ] || fail "another login read a personal database"
chmod 0606 "$pdb"
out=$(runuser -u "$NM" -- env HOME="$tmp/home/$NM" "$P" list 2>"$tmp/err"); rc=$?
err=$(cat "$tmp/err")
want "world-writable personal database" 10 "chmod"

# --- issue 11: naming, the --db race, locks, the environment -------------------
. "$SRC/tests/reliability/access_security.sh"

echo "access: users=${#USERS[@]} checks=$checks guard_cases=$guard_cases" \
	"guard_mismatches=$guard_mismatch refused_but_written=$refused_wrote tui=$tui_result" \
	"team_dir_created_by=$team_dir_by $security_summary failures=$failures"
[ $failures -eq 0 ]
