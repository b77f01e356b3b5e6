# The time model (issue 10, item 5): instants are stored in UTC, and every
# civil time (typed, shown, counted) is in the procedure's zone, never the
# writer's TZ.  The same history written under TZ=UTC, TZ=Europe/London and
# TZ=Asia/Tokyo gives identical stored rows and identical reports; on the
# October clock-change night a later escalation never sorts before an
# earlier contact; TZ cannot move a time recorded by the real clock; the
# zone is a database setting an admin changes.
. "${ESC_TEST_LIB:?set ESC_TEST_LIB to tests/e2e/lib.sh}"

# The rows that carry times, in a fixed order, as stored.
rows() {
	sqlite3 "$DB" "SELECT case_id, seq, kind, at, coalesce(occurred_at, ''), coalesce(informed_at, ''), level_due FROM events ORDER BY id;
	               SELECT ref, opened_at, level_since, updated_at, level_due FROM cases ORDER BY id;
	               SELECT login, created_at FROM staff ORDER BY id;
	               SELECT staff_id, at, change FROM staff_history ORDER BY id"
}

# One history, written by a login whose TZ is $1.  Every pinned time is civil
# time in the procedure's zone (Europe/London), whatever that TZ is.
write_history() {
	export TZ=$1
	DB=$TEST_TMP/$2.db
	at "2026-06-30 09:00"
	esc 0 init --name "Sam Tester" --role designated
	# 23:30 UTC on 30 June 2026 (the same instant whoever writes it) is 00:30
	# BST on 1 July: quarter 2.
	esc 0 --now "2026-06-30T23:30Z" new --nhs 9434765919 --la Kent --theme "Threshold not met" \
		--decision "Decision" --concern "Concern"
	Q2=$(new_ref)
	esc 0 --now "2026-07-01 00:30" note "$Q2" --text "00:30 civil is the same instant"
	esc 0 --now "2026-06-30 23:59" new --local-id "Q1-LAST" --la Kent --theme "Threshold not met" \
		--decision "Decision" --concern "Concern"
	Q1=$(new_ref)
	# The October night: the clocks go back at 02:00 BST to 01:00 GMT.  A
	# contact at the first 01:50 (BST), an escalation at the second 01:10
	# (GMT, written in UTC: the only way to name that reading), 20 minutes
	# later in real time.
	esc 0 --now "2026-10-24 12:00" new --local-id "OCT-1" --la Surrey --theme "Drift / lack of progression" \
		--decision "Decision" --concern "Concern"
	OCT=$(new_ref)
	esc 0 --now "2026-10-25 01:50" contact "$OCT" --with "Alex Social" --role "Social Worker" \
		--org "Surrey CC" --summary "Discussed" --outcome concern-remains --at "2026-10-25 01:45"
	esc 0 --now "2026-10-25T01:10Z" escalate "$OCT" --reason "No change"
	# 01:30 typed now is the first 01:30 (BST, 00:30 UTC): earlier than the
	# history, so refused and nothing written.
	esc 1 --now "2026-10-25 01:30" note "$OCT" --text "too early"
	err_has "the clock reads earlier than the case's latest history"
	rows >"$TEST_TMP/$2.rows"
}

write_history UTC utc
write_history Europe/London london
write_history Asia/Tokyo tokyo
unset TZ
check_eq "rows written under TZ=UTC and TZ=Europe/London" "$(cat "$TEST_TMP/utc.rows")" "$(cat "$TEST_TMP/london.rows")"
check_eq "rows written under TZ=UTC and TZ=Asia/Tokyo" "$(cat "$TEST_TMP/utc.rows")" "$(cat "$TEST_TMP/tokyo.rows")"

DB=$TEST_TMP/utc.db
# Stored in UTC, fixed width, with Z.
check_eq "the 00:30 BST case is stored as 23:30 UTC" "2026-06-30T23:30:00Z 2026-06-30T23:30:00Z" \
	"$(sqlite3 "$DB" "SELECT opened_at FROM cases WHERE ref = '$Q2'; SELECT at FROM events WHERE text LIKE '00:30 civil%'" | tr '\n' ' ' | sed 's/ $//')"
check_eq "every stored instant is UTC with Z" 0 \
	"$(sqlite3 "$DB" "SELECT count(*) FROM events WHERE at NOT GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z'")"
# In real time the escalation came after the contact, and sorts so.
check_eq "the October night in time order" "opened contact escalated" \
	"$(sqlite3 "$DB" "SELECT group_concat(kind, ' ') FROM (SELECT kind FROM events e JOIN cases c ON c.id = e.case_id WHERE c.ref = '$OCT' ORDER BY at)")"
check_eq "the October night's instants" "2026-10-25T00:50:00Z 2026-10-25T01:10:00Z" \
	"$(sqlite3 "$DB" "SELECT at FROM events e JOIN cases c ON c.id = e.case_id WHERE c.ref = '$OCT' AND kind IN ('contact', 'escalated') ORDER BY seq" | tr '\n' ' ' | sed 's/ $//')"
check_eq "a typed 01:30 after the second 01:10 was refused" 0 \
	"$(sqlite3 "$DB" "SELECT count(*) FROM events WHERE text = 'too early'")"

# Reports, lists and the case view read the same under every TZ.
for tz in UTC Europe/London Asia/Tokyo; do
	export TZ=$tz
	at "2026-11-23 09:30"
	esc 0 report --quarter 2026-27-Q2 --format csv
	out_has "level,1,1 Social Worker,,1,0,Threshold not met (1),Kent"
	printf '%s\n' "$OUT" >"$TEST_TMP/q2.$(echo "$tz" | tr / _)"
	esc 0 report --quarter 2026-27-Q1 --format csv
	out_has "level,1,1 Social Worker,,1,0,Threshold not met (1),Kent"
	esc 0 report --from 2026-07-01 --to 2026-07-01 --format csv
	out_has "level,1,1 Social Worker,,1,0,Threshold not met (1),Kent"
	esc 0 show "$Q2"
	out_has "Opened             2026-07-01 00:30"
	out_has "2026-07-01 00:30  Opened by Sam Tester"
	esc 0 show "$OCT"
	out_has "2026-10-25 01:45"
	out_has "2026-10-25 01:10  Escalated to level 2"
	printf '%s\n' "$OUT" >"$TEST_TMP/show.$(echo "$tz" | tr / _)"
	esc 0 list --all
	printf '%s\n' "$OUT" >"$TEST_TMP/list.$(echo "$tz" | tr / _)"
	esc 0 verify
	out_has "history chain intact"
done
unset TZ
for f in q2 show list; do
	check_eq "$f under TZ=UTC and TZ=Asia/Tokyo" "$(cat "$TEST_TMP/$f.UTC")" "$(cat "$TEST_TMP/$f.Asia_Tokyo")"
	check_eq "$f under TZ=UTC and TZ=Europe/London" "$(cat "$TEST_TMP/$f.UTC")" "$(cat "$TEST_TMP/$f.Europe_London")"
done

# The real clock: whatever TZ says, the recorded time is the UTC instant of
# the moment (it falls between two readings of the UTC clock around it).  A
# case of its own, so that no pinned time of another case comes into it.
unset ESCALATE_NOW
before=$(date -u +%Y-%m-%dT%H:%M:%SZ)
TZ=Pacific/Kiritimati esc 0 new --local-id "REAL-1" --la Kent --theme "Other" \
	--decision "Decision" --concern "Concern"
after=$(date -u +%Y-%m-%dT%H:%M:%SZ)
REAL=$(new_ref)
got=$(sqlite3 "$DB" "SELECT opened_at FROM cases WHERE ref = '$REAL'")
[[ "$got" < "$before" || "$got" > "$after" ]] &&
	fail "TZ=Pacific/Kiritimati moved the opening time: $got is not between $before and $after"
CHECKS=$((CHECKS + 1))
for tz in UTC Asia/Tokyo America/Los_Angeles XXX-11; do
	before=$(date -u +%Y-%m-%dT%H:%M:%SZ)
	TZ=$tz esc 0 note "$REAL" --text "written under TZ=$tz"
	after=$(date -u +%Y-%m-%dT%H:%M:%SZ)
	got=$(sqlite3 "$DB" "SELECT at FROM events WHERE text = 'written under TZ=$tz'")
	if [[ "$got" < "$before" || "$got" > "$after" ]]; then
		fail "TZ=$tz moved a recorded time: $got is not between $before and $after"
	fi
	CHECKS=$((CHECKS + 1))
done

# Typed times at the clock changes: the skipped hour is refused, naming the
# field; the repeated hour is its first (summer-time) occurrence.
at "2027-03-28 12:00"
esc 2 --now "2027-03-28 01:30" list
err_has "2027-03-28 01:30 does not exist in Europe/London"
esc 1 contact "$Q2" --with "A" --role "Social Worker" --org "LA" --summary "s" \
	--outcome concern-remains --at "2027-03-28 01:15"
err_has "contact-at: 2027-03-28 01:15 does not exist in Europe/London"
esc 0 contact "$Q2" --with "A" --role "Social Worker" --org "LA" --summary "repeated hour" \
	--outcome concern-remains --at "2026-10-25 01:30"
check_eq "a typed time in the repeated hour is the first one" "2026-10-25T00:30:00Z" \
	"$(sqlite3 "$DB" "SELECT occurred_at FROM events WHERE text = 'repeated hour'")"

# verify names a case whose history runs backwards.
cp "$DB" "$TEST_TMP/back.db"
sqlite3 "$TEST_TMP/back.db" "DROP TRIGGER events_no_update;
	UPDATE events SET at = '2026-10-25T00:40:00Z' WHERE case_id = (SELECT id FROM cases WHERE ref = '$OCT') AND kind = 'escalated'"
DB=$TEST_TMP/back.db esc 8 verify
out_has "history rows whose time runs backwards or is not a UTC instant: 1"
# (the message naming the case, with the chain made to hold: test_audit.c)

# The zone is the database's: an admin changes it; stored instants keep
# their meaning and show in the new zone; TZ still plays no part.
at "2026-11-23 09:30"
esc 0 config timezone
out_has "Time zone of the procedure: Europe/London"
esc 1 config timezone ../../etc/passwd
err_has "a time zone name has only letters, digits"
esc 1 config timezone /usr/share/zoneinfo/UTC
err_has "not a path"
esc 1 config timezone Mars/Olympus
err_has "Mars/Olympus is not a time zone in /usr/share/zoneinfo"
esc 0 config timezone Asia/Tokyo
out_has "Time zone of the procedure: Asia/Tokyo"
TZ=Europe/London esc 0 show "$Q2"
out_has "Opened             2026-07-01 08:30"
esc 0 config show
out_has "Time zone: Asia/Tokyo"
# 23:30 UTC on 30 June is 1 July in Tokyo too, and so is 22:59 UTC
# (23:59 BST on 30 June): the quarters follow the procedure's zone.
esc 0 report --quarter 2026-27-Q2 --format csv
out_has "level,1,1 Social Worker,,2,0,Threshold not met (2),Kent"
esc 0 config timezone Europe/London
finish
