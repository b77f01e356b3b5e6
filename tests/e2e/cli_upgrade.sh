# A database written by the first release (schema version 1; see
# fixtures/make_release1.sh) is upgraded in place by this release: the
# migrations run once, the tamper-evident chain still verifies, every case,
# report, staff record and export reads exactly as release 1 showed it, and
# new history extends the old chain.
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

at "2026-06-10 12:00"
esc 0 verify
out_has "history chain intact"
HEAD1=$(printf '%s\n' "$OUT" | sed -n 's/.*: history row \([0-9]*\) \([0-9a-f]\{64\}\); staff change.*/\1 \2/p')
check_eq "the history chain's head (release 1's last row)" 26 "${HEAD1% *}"
[ "$(version)" -gt 1 ] || fail "the database was not migrated (user_version $(version))"

same_as_release1() { # FIXTURE-SUFFIX ARGS...
	local want=$FIX/release1.$1
	shift
	esc 0 "$@"
	# Release 1's reports had no receipt (issue 11 adds one as the last row)
	OUT=$(printf '%s\n' "$OUT" | grep -v '^Receipt,,,escalate-receipt ')
	if [ "$OUT" != "$(cat "$want")" ]; then
		fail_cmd "differs from what release 1 showed"
		diff <(printf '%s\n' "$OUT") "$want" | head -20 >&2
	fi
}
same_as_release1 list list --all
same_as_release1 show show ESC-2026-0001
same_as_release1 report.csv report --from 2026-04-01 --to 2026-06-30 --format csv
same_as_release1 staff staff list
same_as_release1 export.json export --format json

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

# An edit behind the program's back to release 1's rows is still caught.
sqlite3 "$DB" "DROP TRIGGER events_no_update; UPDATE events SET text = 'forged' WHERE case_id = 1 AND seq = 2"
esc 8 verify
finish
