# A database written by the first release (schema version 1; see
# fixtures/make_release1.sh) is upgraded in place by this release: the
# migrations run once, the tamper-evident chain still verifies, every case,
# report and staff record reads exactly as release 1 showed it, the export
# shows the same instants in UTC (migration 6), and new history extends the
# old chain.  Then a database written by release 2, the release before UTC
# instants (fixtures/make_release2.sh): its local times are read as
# Europe/London, whatever TZ runs the upgrade, the chains are recomputed and
# verify, text outputs and reports of past periods are what release 2
# showed, and the October clock-change night sorts as it happened.
. "${ESC_TEST_LIB:?set ESC_TEST_LIB to tests/e2e/lib.sh}"

FIX=$(cd "$(dirname "$0")" && pwd)/fixtures
if [ "$ME" != root ]; then
	# The fixture's admin is the login that made it; identity is the real uid.
	echo "cli_upgrade: SKIPPED: release1.db belongs to the login root, this is $ME"
	exit 77
fi
[ -s "$FIX/release1.db" ] || {
	fail "the fixture $FIX/release1.db is missing"
	finish
}
cp "$FIX/release1.db" "$DB"
chmod 600 "$DB"
chmod 700 "$TEST_TMP"

version() { sqlite3 "$DB" "PRAGMA user_version"; }
check_eq "the fixture's schema version" 1 "$(version)"

# Release 1's chain head before the upgrade, as its receipt named it.
OLD_HEAD=$(sqlite3 "$DB" "SELECT id || ' ' || hash FROM events ORDER BY id DESC LIMIT 1")

# The upgrade reads release 1's local times as Europe/London whatever the
# TZ of the login that happens to run it.
at "2026-06-10 12:00"
TZ=Asia/Tokyo esc 0 verify
out_has "history chain intact"
out_has "the chain heads were (as an older receipt names them) history row $OLD_HEAD,"
HEAD1=$(printf '%s\n' "$OUT" | sed -n 's/.*: history row \([0-9]*\) \([0-9a-f]\{64\}\); staff change.*/\1 \2/p')
check_eq "the history chain's head (release 1's last row)" 26 "${HEAD1% *}"
[ "$(version)" -gt 1 ] || fail "the database was not migrated (user_version $(version))"

# What release 3 adds to `show` is left out of the comparison: agreed actions
# are numbered, marked when overdue and counted while outstanding (issue 10).
older_view() {
	sed -E -e 's/^( +)[0-9]+\. (.* — owner .*, due [0-9-]+)( \[OVERDUE\])?$/\1- \2/' \
		-e 's/^(  Flags +)(.*); [0-9]+ agreed actions? outstanding$/\1\2/' \
		-e '/^  Flags +[0-9]+ agreed actions? outstanding$/d'
}
same_as_release1() { # FIXTURE-SUFFIX ARGS...
	local want=$FIX/release1.$1
	shift
	esc 0 "$@"
	# Release 1's reports had no receipt (issue 11 adds one as the last row)
	OUT=$(printf '%s\n' "$OUT" | grep -v '^receipt,,,escalate-receipt ' | older_view)
	if [ "$OUT" != "$(cat "$want")" ]; then
		fail_cmd "differs from what release 1 showed"
		diff <(printf '%s\n' "$OUT") "$want" | head -20 >&2
	fi
}
# Migration 6 kept the old head (to relate an old receipt to the new chain).
UPGRADE=$(sqlite3 "$DB" "SELECT value FROM settings WHERE key = 'utc_upgrade'")
case " $UPGRADE " in
*" last_event=${OLD_HEAD% *} event_hash=${OLD_HEAD#* } "*" broken_event=0 "*) CHECKS=$((CHECKS + 1)) ;;
*) fail "utc_upgrade does not keep release 1's head $OLD_HEAD: $UPGRADE" ;;
esac
check_eq "times are stored in UTC" "2026-04-01T08:00:00Z 2026-04-02T08:30:00Z" \
	"$(sqlite3 "$DB" "SELECT opened_at FROM cases WHERE id = 1; SELECT occurred_at FROM events WHERE case_id = 1 AND seq = 2" | tr '\n' ' ' | sed 's/ $//')"

same_as_release1 list list --all
same_as_release1 show show ESC-2026-0001
same_as_release1 staff staff list
# The report CSV and the export JSON have new shapes (issue 14): the same
# content, compared by release1_same.py.
same_content() { # report|export FIXTURE-SUFFIX ARGS...
	local kind=$1 want=$FIX/release1.$2
	shift 2
	esc 0 "$@"
	printf '%s\n' "$OUT" >"$TEST_TMP/now.$kind"
	check_eq "$kind reads as release 1's" ok \
		"$(python3 "$FIX/../release1_same.py" "$kind" "$want" "$TEST_TMP/now.$kind" 2>&1)"
}
same_content report report.csv report --from 2026-04-01 --to 2026-06-30 --format csv
same_content export export.json export --format json

# New history on old cases, and a new case: the chain goes on from release 1's
# last row.
at "2026-06-11 09:00"
esc 0 contact ESC-2026-0002 --with "Hugh Service" --role "Head of Service" --org "Kent CC" \
	--summary "Agreed a strategy meeting" --outcome concern-remains \
	--action "Convene the meeting|Hugh Service|2026-06-15"
esc 0 inform ESC-2026-0002 --whom designated --name "Dr Dee Signated" --how telephone
esc 0 new --local-id "N-1" --la Kent --theme "Information sharing" --decision "d" --concern "c"
esc 0 staff set-role named1 designated
esc 0 verify
out_has "history chain intact"
HEAD2=$(printf '%s\n' "$OUT" | sed -n 's/.*: history row \([0-9]*\) \([0-9a-f]\{64\}\); staff change.*/\1 \2/p')
check_eq "the history chain's head after three new rows" 29 "${HEAD2% *}"
esc 0 list
out_has "ESC-2026-0006"

# Opening it again runs no migration twice.
v=$(version)
esc 0 list --all
check_eq "schema version on a second open" "$v" "$(version)"

# Four readers meet the old version at the same moment: each upgrades or
# finds the upgrade done, and all of them read.
at "2026-06-10 12:00"
cp "$FIX/release1.db" "$TEST_TMP/race.db"
chmod 600 "$TEST_TMP/race.db"
for i in 1 2 3 4; do
	"$ESC" --db "$TEST_TMP/race.db" list --all >"$TEST_TMP/race.$i" 2>&1 &
done
for i in 1 2 3 4; do
	wait -n || fail "a reader racing the upgrade failed"
done
for i in 1 2 3 4; do
	cmp -s "$TEST_TMP/race.$i" "$FIX/release1.list" || {
		fail "reader $i racing the upgrade saw:"
		cat "$TEST_TMP/race.$i" >&2
	}
done
CHECKS=$((CHECKS + 1))

# Corrections on release 1's cases (migration 9 rebuilt the history table):
# the themes and the decision change, the seals of the cases as opened and
# the chain still hold.
at "2026-06-11 10:00"
OPEN1=$(sqlite3 "$DB" "SELECT ref FROM cases WHERE state = 1 AND id < 6 ORDER BY id LIMIT 1")
esc 0 amend "$OPEN1" --field themes --to "Other" --to "Information sharing" --reason "upgrade test"
esc 0 amend "$OPEN1" --field decision --to "Corrected" --reason "upgrade test"
esc 0 show "$OPEN1"
out_has "Themes             Other; Information sharing"
esc 0 verify
out_has "history chain intact, case seals intact"

# An edit behind the program's back to release 1's rows is still caught.
sqlite3 "$DB" "DROP TRIGGER events_no_update; UPDATE events SET text = 'forged' WHERE case_id = 1 AND seq = 2"
esc 8 verify

# --- release 2: local times become UTC instants (migration 6) -------------
# release2.db was written by the release before this one (schema 4; see
# fixtures/make_release2.sh) with times at the quarter's edge and on the
# October clock-change night.
DB=$TEST_TMP/release2.db
cp "$FIX/release2.db" "$DB"
chmod 600 "$DB"
check_eq "release 2's schema version" 4 "$(version)"
OLD2=$(sqlite3 "$DB" "SELECT id || ' ' || hash FROM events ORDER BY id DESC LIMIT 1")
at "2026-11-23 09:30"
TZ=America/New_York esc 0 verify
out_has "history chain intact"
out_has "the chain heads were (as an older receipt names them) history row $OLD2,"
same_as_release2() { # FIXTURE-SUFFIX ARGS...
	local want=$FIX/release2.$1
	shift
	TZ=Asia/Tokyo esc 0 "$@"
	OUT=$(printf '%s\n' "$OUT" | older_view)
	if [ "$OUT" != "$(cat "$want")" ]; then
		fail_cmd "differs from what release 2 showed"
		diff <(printf '%s\n' "$OUT") "$want" | head -20 >&2
	fi
}
same_as_release2 list list --all
same_as_release2 show1 show ESC-2026-0001
same_as_release2 show2 show ESC-2026-0002
same_as_release2 show3 show ESC-2026-0003
# Reports of past periods count the same cases in the same quarters (compared
# by content: the report's shapes changed with issue 14).
same_content2() { # report|export FIXTURE-SUFFIX ARGS...
	local kind=$1 want=$FIX/release2.$2
	shift 2
	TZ=Asia/Tokyo esc 0 "$@"
	printf '%s\n' "$OUT" >"$TEST_TMP/now2.$kind"
	check_eq "$kind reads as release 2's ($*)" ok \
		"$(python3 "$FIX/../release1_same.py" "$kind" "$want" "$TEST_TMP/now2.$kind" 2>&1)"
}
same_content2 report q1.csv report --quarter 2026-27-Q1 --format csv
same_content2 report q2.csv report --quarter 2026-27-Q2 --format csv
same_content2 report q3.csv report --quarter 2026-27-Q3 --format csv
same_as_release2 staff staff list
check_eq "release 2's edge-of-quarter cases in UTC" \
	"2026-06-30T22:59:00Z 2026-06-30T23:30:00Z 2026-10-24T11:00:00Z" \
	"$(sqlite3 "$DB" "SELECT opened_at FROM cases ORDER BY id" | tr '\n' ' ' | sed 's/ $//')"
# The second 01:10 of the October night was GMT (it followed the 01:50 BST
# contact): it now sorts after it, as it happened.
check_eq "release 2's October night" \
	"contact 2026-10-25T00:50:00Z escalated 2026-10-25T01:10:00Z note 2026-10-26T10:00:00Z" \
	"$(sqlite3 "$DB" "SELECT kind, at FROM events WHERE case_id = 3 AND seq > 1 ORDER BY at" | tr '|\n' '  ' | sed 's/ $//')"
check_eq "release 2's level-2 clock starts at the escalation" "2026-10-25T01:10:00Z" \
	"$(sqlite3 "$DB" "SELECT level_since FROM cases WHERE id = 3")"
# The export: release 2's, each local time read as Europe/London, a repeated
# hour taking the reading not before the case's row before it.
same_content2 export export.json export --format json
# New history goes on from there, in time order.
at "2026-11-23 10:00"
esc 0 note ESC-2026-0003 --text "After the upgrade"
at "2026-11-23 09:59"
esc 1 note ESC-2026-0003 --text "Before the last row"
err_has "earlier than the case's latest history"
esc 0 verify
out_has "history chain intact"
# A correction of a contact's summary recorded by release 2.
at "2026-11-23 10:05"
esc 0 amend ESC-2026-0003 --field summary --contact 1 --to "Corrected summary" \
	--reason "upgrade test"
esc 0 show ESC-2026-0003
out_has "(amended) Corrected summary"
esc 0 verify
out_has "history chain intact, case seals intact"
finish
