#!/usr/bin/env bash
# Audit: history is append-only at the schema level (UPDATE and DELETE
# refused by triggers, whoever runs them) and tamper-evident (a SHA-256
# chain over every history row); `escalate verify` names the first row where
# the chain breaks.  Each tampering below is done behind the program's back
# with the sqlite3 shell (or dd on the file) on a fresh copy of one database.
#
# usage: audit.sh ESCALATE
# Beyond the history rows, edits to what the rows do not carry must be caught
# as well (schema 003): a case's fixed fields and themes (its seal), the
# columns cached on the case (replayed from history), staff records and
# staff history (chained).  A missed edit of any kind is a failure.
#
# Prints: audit: refused_by_triggers=N/N tampers=T detected=D first_row_right=R
#         outside_chain_detected=K/K failures=0
set -uo pipefail
ESC=$1
tmp=$(mktemp -d "${TMPDIR:-/tmp}/esc-audit.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export ESCALATE_NOW="2026-05-05 09:00" LANG=C.UTF-8 LC_ALL=C.UTF-8
failures=0 triggers=0 triggers_ok=0 tampers=0 detected=0 first_ok=0
fail() { echo "audit: FAIL $*"; failures=$((failures + 1)); }
DB=$tmp/good.db
e() { "$ESC" --db "$DB" "$@" >/dev/null 2>"$tmp/err" || fail "setup: $*: $(cat "$tmp/err")"; }

e init --name "Audit Tester" --org "Test Trust"
for i in 1 2 3; do
	e new --local-id "A-$i" --la Kent --theme Other --decision "decision $i" --concern "concern $i"
	e contact "ESC-2026-000$i" --with Sam --role SW --org Kent --summary "summary $i" \
		--outcome concern-remains --action "action $i|Alex|2026-06-01"
	e escalate "ESC-2026-000$i" --reason "reason $i"
done
e note ESC-2026-0002 --text "unique-note-text-xyz"
# Open agreed actions stay live (live_actions) until done or dropped.
e contact ESC-2026-0001 --with Sam --role SW --org Kent --summary "level 2 talk" \
	--outcome concern-remains --action "live action|Alex|2026-06-10"
e resolve ESC-2026-0003 --outcome "agreed"
# A finished action leaves live_actions (one to forge back below).
e action done ESC-2026-0003 1 --note "done"
e staff add colleague1 --name "Col League" --role frontline
e staff add colleague2 --name "Sec Ond" --role named
e staff set-role colleague1 named
e staff deactivate colleague2
out=$("$ESC" --db "$DB" verify 2>&1); rc=$?
[ $rc -eq 0 ] || fail "verify on an untouched database: exit $rc: $out"
dump() { sqlite3 "file:$1?mode=ro" .dump | sha256sum; }
good=$(dump "$DB")

# --- the triggers refuse changes to history, whoever asks --------------------
for sql in "UPDATE events SET text = 'x' WHERE id = 2" "DELETE FROM events WHERE id = 2" \
	"UPDATE actions SET owner = 'x'" "DELETE FROM actions" \
	"UPDATE staff_history SET role = 3" "DELETE FROM staff_history" \
	"DELETE FROM cases WHERE id = 1" "DELETE FROM case_themes" \
	"UPDATE case_themes SET theme_id = theme_id + 1" \
	"UPDATE case_seals SET hash = 'x'" "DELETE FROM case_seals"; do
	triggers=$((triggers + 1))
	cp "$DB" "$tmp/t.db"
	out=$(sqlite3 "$tmp/t.db" "$sql" 2>&1); rc=$?
	if [ $rc -ne 0 ] && printf '%s' "$out" | grep -qE "append-only|never deleted" &&
		[ "$(dump "$tmp/t.db")" = "$good" ]; then
		triggers_ok=$((triggers_ok + 1))
	else
		fail "the schema let this through: $sql ($rc: $out)"
	fi
done

# --- tampering: verify must catch it and name the first broken row ------------
# tamper NAME EXPECTED-FIRST-ROW(or "") SQL...: applies the SQL with the
# history triggers dropped (as an attacker with the file would), then runs verify.
tamper() {
	local name=$1 want=$2
	shift 2
	tampers=$((tampers + 1))
	cp "$DB" "$tmp/t.db"
	sqlite3 "$tmp/t.db" "DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete;
		DROP TRIGGER actions_no_update; DROP TRIGGER actions_no_delete; $*" 2>"$tmp/err" ||
		{ fail "$name: could not tamper: $(cat "$tmp/err")"; return; }
	check_verify "$name" "$want"
}
check_verify() {
	local name=$1 want=$2 out rc
	out=$("$ESC" --db "$tmp/t.db" verify 2>&1); rc=$?
	if [ $rc -ne 8 ]; then
		fail "$name: verify exited $rc (want 8): $out"
		return
	fi
	detected=$((detected + 1))
	if [ -z "$want" ]; then
		first_ok=$((first_ok + 1))
	elif printf '%s' "$out" | grep -q "first broken history row: $want\$"; then
		first_ok=$((first_ok + 1))
	else
		fail "$name: verify did not name row $want as the first broken one: $out"
	fi
}
n=$(sqlite3 "$DB" "SELECT max(id) FROM events")
mid=$((n / 2))
tamper "a summary rewritten" 3 "UPDATE events SET text = 'nothing was agreed' WHERE id = 3"
tamper "a row back-dated" "$mid" "UPDATE events SET at = '2026-01-01 00:00:00' WHERE id = $mid"
tamper "the last row edited" "$n" "UPDATE events SET text = 'edited' WHERE id = $n"
tamper "a row deleted" $((mid + 1)) "DELETE FROM events WHERE id = $mid"
tamper "the first row deleted" 2 "DELETE FROM actions WHERE event_id = 1; DELETE FROM events WHERE id = 1"
tamper "a row forged at the end" $((n + 1)) "INSERT INTO events(case_id, seq, kind, at, actor_id,
	level_before, level_after, state_after, level_due, text, prev_hash, hash)
	SELECT case_id, seq + 1, 'note', at, actor_id, level_after, level_after, state_after,
	level_due, 'forged', hash, 'f00d' FROM events WHERE id = $n"
tamper "a row's hash replaced" 4 "UPDATE events SET hash = (SELECT hash FROM events WHERE id = 5) WHERE id = 4"
tamper "an agreed action edited" "" "UPDATE actions SET due = '2030-01-01' WHERE id = 1"
tamper "an agreed action removed" "" "DELETE FROM actions WHERE id = 2"
tamper "a case's level changed" "" "UPDATE cases SET level = 5 WHERE id = 1"
tamper "a case reopened by hand" "" "UPDATE cases SET state = 1 WHERE id = 3"

# bytes changed in the file itself (same length, so SQLite sees a sound page)
tampers=$((tampers + 1))
cp "$DB" "$tmp/t.db"
off=$(grep -obaF "unique-note-text-xyz" "$tmp/t.db" | head -1 | cut -d: -f1)
if [ -n "$off" ]; then
	printf 'UNIQUE' | dd of="$tmp/t.db" bs=1 seek="$off" conv=notrunc 2>/dev/null
	row=$(sqlite3 "$DB" "SELECT id FROM events WHERE text = 'unique-note-text-xyz'")
	check_verify "bytes edited in the file" "$row"
else
	fail "could not find the note in the file to edit it"
fi

# --- outside the history rows: every edit must be caught ----------------------
# outside NAME MESSAGE-REGEX SQL: applies the SQL with every append-only
# trigger dropped; verify must exit 8 with a message matching the regex.
drop_all=$(sqlite3 "$DB" "SELECT group_concat('DROP TRIGGER ' || name, '; ') FROM sqlite_master
	WHERE type = 'trigger' AND (name LIKE '%_no_update' OR name LIKE '%_no_delete')")
outside=0 outside_seen=0
outside() {
	local name=$1 want=$2 out rc
	shift 2
	outside=$((outside + 1))
	cp "$DB" "$tmp/t.db"
	sqlite3 "$tmp/t.db" "$drop_all; $*" 2>"$tmp/err" ||
		{ fail "$name: could not tamper: $(cat "$tmp/err")"; return; }
	out=$("$ESC" --db "$tmp/t.db" verify 2>&1); rc=$?
	if [ $rc -ne 8 ]; then
		fail "$name: MISSED, verify exited $rc (want 8): $out"
	elif ! printf '%s' "$out" | grep -qE "$want"; then
		fail "$name: verify said 8 but not /$want/: $out"
	else
		outside_seen=$((outside_seen + 1))
	fi
}
c1="case ESC-2026-0001 was changed after it was opened"
outside "case decision" "$c1" "UPDATE cases SET decision = 'Referral accepted' WHERE id = 1"
outside "case concern" "$c1" "UPDATE cases SET concern = 'none' WHERE id = 1"
outside "child id" "$c1" "UPDATE cases SET child_id = 'X-1' WHERE id = 1"
outside "local authority" "$c1" \
	"UPDATE cases SET la_id = (SELECT min(id) FROM local_authorities WHERE id <> la_id) WHERE id = 1"
outside "case theme row changed" "$c1" \
	"UPDATE case_themes SET theme_id = (SELECT min(id) FROM themes WHERE id <> theme_id) WHERE case_id = 1"
outside "case theme row added" "$c1" \
	"INSERT INTO case_themes SELECT 1, min(id) FROM themes WHERE id NOT IN (SELECT theme_id FROM case_themes WHERE case_id = 1)"
outside "case theme row deleted" "$c1" "DELETE FROM case_themes WHERE case_id = 1"
outside "local authority renamed" "case ESC-2026-[0-9]+ was changed" \
	"DROP TRIGGER local_authorities_name_fixed; UPDATE local_authorities SET name = 'Kent renamed' WHERE name = 'Kent'"
outside "theme renamed" "case ESC-2026-[0-9]+ was changed" \
	"DROP TRIGGER themes_name_fixed; UPDATE themes SET name = 'Other renamed' WHERE name = 'Other'"
outside "case opened_at" "$c1" "UPDATE cases SET opened_at = '2026-01-01 00:00:00' WHERE id = 1"
outside "case uuid" "$c1|case ESC-2026-0001 " "UPDATE cases SET uuid = '00000000-0000-4000-8000-000000000000' WHERE id = 1"
outside "case ref" "ESC-2026-0099 was changed" "UPDATE cases SET ref = 'ESC-2026-0099', ref_num = 99 WHERE id = 1"
outside "case owner" "$c1" "UPDATE cases SET owner_id = (SELECT id FROM staff WHERE login = 'colleague1') WHERE id = 1"
outside "two cases swap decisions" "case ESC-2026-000[12] was changed" \
	"UPDATE cases SET decision = CASE id WHEN 1 THEN 'decision 2' ELSE 'decision 1' END WHERE id IN (1, 2)"
outside "a case's seal removed" "ESC-2026-0002 has no seal" "DELETE FROM case_seals WHERE case_id = 2"
outside "a case added behind the program's back" "has no seal" \
	"INSERT INTO cases(uuid, ref, ref_year, ref_num, child_kind, child_id, la_id, decision, concern, owner_id, opened_at)
	 SELECT 'u-forged', 'ESC-2026-0050', 2026, 50, child_kind, child_id, la_id, 'd', 'c', owner_id, opened_at FROM cases WHERE id = 1"
outside "cached urgent flag" "ESC-2026-0001: its urgent flag disagrees" "UPDATE cases SET urgent = 1 WHERE id = 1"
outside "cached due date" "ESC-2026-0002: its due date disagrees" "UPDATE cases SET level_due = '2030-01-01' WHERE id = 2"
outside "cached notification owed" "ESC-2026-0001: its notifications owed" "UPDATE cases SET owed = 4 WHERE id = 1"
outside "cached concern-remains" "ESC-2026-0003: its concern-remains" "UPDATE cases SET concern_remains = 1 WHERE id = 3"
# The live agreed actions (a cache of the actions of open cases at their level).
[ "$(sqlite3 "$DB" "SELECT count(*) FROM live_actions")" -gt 0 ] ||
	fail "the test database has no live agreed actions to tamper with"
live="its open agreed actions disagree"
outside "a live action removed" "$live" "DELETE FROM live_actions WHERE action_id = (SELECT min(action_id) FROM live_actions)"
outside "a live action's due date moved" "$live" "UPDATE live_actions SET due = '2030-01-01' WHERE action_id = (SELECT min(action_id) FROM live_actions)"
outside "a live action's owner changed" "$live" "UPDATE live_actions SET owner_staff_id = 1 WHERE action_id = (SELECT min(action_id) FROM live_actions)"
outside "a live action forged" "$live" "INSERT INTO live_actions(action_id, case_id, owner_staff_id, due)
	SELECT a.id, a.case_id, NULL, '2026-01-01' FROM actions a WHERE a.id NOT IN (SELECT action_id FROM live_actions) LIMIT 1"
outside "staff role" "disagree with their latest history row" "UPDATE staff SET role = 3 WHERE login = 'colleague1'"
outside "staff reactivated" "disagree with their latest history row" "UPDATE staff SET active = 1 WHERE login = 'colleague2'"
outside "staff made admin" "disagree with their latest history row" "UPDATE staff SET admin = 1 WHERE login = 'colleague1'"
outside "staff name" "staff history row [0-9]+ was changed" "UPDATE staff SET name = 'Someone Else' WHERE login = 'colleague1'"
outside "staff login" "staff history row [0-9]+ was changed" "UPDATE staff SET login = 'intruder' WHERE login = 'colleague1'"
outside "staff_history row edited" "staff history row 3 was changed" "UPDATE staff_history SET role = 3 WHERE id = 3"
outside "staff_history row back-dated" "staff history row 2 was changed" "UPDATE staff_history SET at = '2020-01-01 00:00:00' WHERE id = 2"
outside "staff_history row deleted (middle)" "staff history row 3 does not follow" "DELETE FROM staff_history WHERE id = 2"
outside "staff_history row deleted (last)" "disagree with their latest history row" \
	"DELETE FROM staff_history WHERE id = (SELECT max(id) FROM staff_history)"
outside "staff_history role and staff role rewritten together" "staff history row 4 was changed" \
	"UPDATE staff_history SET role = 3 WHERE id = 4; UPDATE staff SET role = 3 WHERE login = 'colleague1'"
outside "staff added behind the program's back" "has no history" \
	"INSERT INTO staff(login, name, role, admin, active, created_at) VALUES ('mallory', 'M', 3, 1, 1, '2026-05-05 09:00:00')"
outside "staff history forged at the end" "staff history row [0-9]+ was changed" \
	"INSERT INTO staff_history(staff_id, at, actor_id, change, role, admin, active, prev_hash, hash)
	 SELECT staff_id, at, actor_id, 'role', 3, admin, active, hash, 'f00d' FROM staff_history WHERE id = (SELECT max(id) FROM staff_history);
	 UPDATE staff SET role = 3 WHERE id = (SELECT staff_id FROM staff_history WHERE id = (SELECT max(id) FROM staff_history))"

echo "audit: refused_by_triggers=$triggers_ok/$triggers tampers=$tampers detected=$detected" \
	"first_row_right=$first_ok outside_chain_detected=$outside_seen/$outside failures=$failures"
[ $failures -eq 0 ]
