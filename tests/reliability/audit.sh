#!/usr/bin/env bash
# Audit: history is append-only at the schema level (UPDATE and DELETE
# refused by triggers, whoever runs them) and tamper-evident (a SHA-256
# chain over every history row); `escalate verify` names the first row where
# the chain breaks.  Each tampering below is done behind the program's back
# with the sqlite3 shell (or dd on the file) on a fresh copy of one database.
#
# usage: audit.sh ESCALATE
# Prints: audit: refused_by_triggers=N/N tampers=T detected=D first_row_right=R failures=0
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
e resolve ESC-2026-0003 --outcome "agreed"
out=$("$ESC" --db "$DB" verify 2>&1); rc=$?
[ $rc -eq 0 ] || fail "verify on an untouched database: exit $rc: $out"
dump() { sqlite3 "file:$1?mode=ro" .dump | sha256sum; }
good=$(dump "$DB")

# --- the triggers refuse changes to history, whoever asks --------------------
for sql in "UPDATE events SET text = 'x' WHERE id = 2" "DELETE FROM events WHERE id = 2" \
	"UPDATE actions SET owner = 'x'" "DELETE FROM actions" \
	"UPDATE staff_history SET role = 3" "DELETE FROM staff_history" \
	"DELETE FROM cases WHERE id = 1" "DELETE FROM case_themes"; do
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

echo "audit: refused_by_triggers=$triggers_ok/$triggers tampers=$tampers detected=$detected" \
	"first_row_right=$first_ok failures=$failures"
[ $failures -eq 0 ]
