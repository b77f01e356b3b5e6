# Corrections through the command line (issue 13): escalate amend on each
# field, what show, the record entry, the export and the report make of it,
# the refusals (each with its exit status, nothing written), verify over the
# amendments and catching one edited behind escalate's back, and an
# amendment on databases upgraded from releases 1 and 2.
. "${ESC_TEST_LIB:?set ESC_TEST_LIB to tests/e2e/lib.sh}"

rows() { sqlite3 "$DB" "SELECT count(*) FROM events"; }

at "2026-05-01 09:00"
esc 0 init --name "Sam Tester" --org "Anytown NHS Trust"
esc 0 staff set-role "$ME" frontline
esc 0 new --nhs "943 476 5919" --la Surrey --theme "Threshold not met" \
	--theme "Information sharing" --decision "Referral not accepted" \
	--concern "Repeated unexplained bruising" --team "Surrey North"
REF=$(new_ref)
at "2026-05-05 10:00"
esc 0 contact "$REF" --with "Alex Social" --role "Social Worker" --org "Surrey CC" \
	--summary "Discussed the referal" --outcome concern-remains --at "2026-05-05 09:30"
esc 0 contact "$REF" --with "Pat Named" --role "Named Nurse" --org "Anytown NHS Trust" \
	--summary "Second talk" --outcome concern-remains --at "2026-05-05 09:45"

# The owner (frontline) corrects each field.
at "2026-05-06 11:00"
esc 0 amend "$REF" --field decision --to "Referral not accepted at threshold" \
	--reason "The decision was recorded incompletely"
out_is <<'EOF2'
ESC-2026-0001: decision challenged amended; the old value stays in the history.
EOF2
esc 0 amend "$REF" --field concern --to "Repeated unexplained bruising to the arms" \
	--reason "Where the bruising was"
esc 0 amend "$REF" --field team --to "Surrey East" --reason "Wrong team"
esc 0 amend "$REF" --field themes --to "Information sharing" --to "Drift / lack of progression" \
	--reason "Threshold was not the issue"
esc 0 amend "$REF" --field summary --contact 1 --to "Discussed the referral" --reason "Spelling"
out_has "the summary of contact 1 amended"

esc 0 show "$REF"
out_has "  Decision           Referral not accepted at threshold"
out_has "  Concern            Repeated unexplained bruising to the arms"
out_has "  Team               Surrey East"
out_has "  Themes             Information sharing; Drift / lack of progression"
out_has "                    (amended) Discussed the referral"
out_has "  2026-05-06 11:00  Amended the decision challenged by Sam Tester (frontline professional)"
out_has "                    Was: Referral not accepted"
out_has "                    Now: Referral not accepted at threshold"
out_has "                    Reason: The decision was recorded incompletely"
out_has "  2026-05-06 11:00  Amended the summary of contact 1 (2026-05-05 09:30) by Sam Tester"
out_has "                    Was: Threshold not met; Information sharing"
out_lacks "Second talk (amended)"

esc 0 show "$REF" --format json
out_has '"amendment":{"field":"themes","contact_seq":null,"old_value":"Threshold not met\nInformation sharing","new_value":"Information sharing\nDrift / lack of progression"}'
out_has '"text":"Discussed the referral","occurred_at"'
out_has '"amended":true'
esc 0 show "$REF" --format record
out_has "Themes: Information sharing; Drift / lack of progression"
out_has "Amended the decision challenged 2026-05-06 11:00 by Sam Tester (frontline professional): was “Referral not accepted”, now “Referral not accepted at threshold”. Reason: The decision was recorded incompletely."
out_has "Discussed the referral. (Summary amended since; see below.)"

esc 0 export --format json
out_has '"event":"amended"'
esc 0 export --format csv --out "$TEST_TMP/csv"
check_eq "export events columns" \
	"case_ref,seq,event,at,date,actor_login,actor_name,actor_role,level_before,level_after,state_after,level_due,text,occurred_at,person_name,person_role,person_org,outcome,amend_field,amend_contact_seq,old_value,new_value" \
	"$(head -1 "$TEST_TMP/csv/events.csv" | tr -d '\r')"
grep -q '^ESC-2026-0001,8,amended,.*,summary,2,Discussed the referal,Discussed the referral' \
	"$TEST_TMP/csv/events.csv" || fail "export events.csv lacks the summary's amendment"
CHECKS=$((CHECKS + 1))

# The report counts the themes as amended, in a past period too.
esc 0 report --from 2026-05-01 --to 2026-05-31 --format csv
out_has "Information sharing"
out_has "Drift / lack of progression"
out_lacks "Threshold not met"

esc 0 verify
out_has "history chain intact, case seals intact"

# show, export and the rest of JSON validate against data/schema/json with
# amendments in them; the workbook export holds them too.
SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
PY=python3
[ -x /usr/bin/python3 ] && PY=/usr/bin/python3
check_eq "JSON with amendments validates against its schemas" ok \
	"$("$PY" "$SRC/tests/e2e/formats.py" schema "$ESC" "$DB" "$SRC/data/schema/json" 2>&1)"
mkdir -m 700 "$TEST_TMP/xlsx"
check_eq "the XLSX export with amendments" ok \
	"$("$PY" "$SRC/tests/e2e/formats.py" xlsx "$ESC" "$DB" "$TEST_TMP/xlsx" 2>&1)"

# Refusals: a message naming the field, the exit status of its kind, and
# nothing written.
N=$(rows)
esc 1 amend "$REF" --field themes --to "No such theme" --reason "x"
err_has "themes: 'No such theme' is not in the configured list"
esc 1 amend "$REF" --field decision --to "$(printf 'bad\001text')" --reason "x"
err_has "decision"
esc 1 amend "$REF" --field team --to "Surrey East" --reason "same"
err_has "team: the new social care team is the same as the current one"
esc 1 amend "$REF" --field summary --to "Which one?" --reason "x"
err_has "contact: the case has 2 contacts; say which summary to amend (1 to 2, oldest first)"
esc 1 amend "$REF" --field summary --contact 3 --to "x" --reason "x"
err_has "contact: the case has 2 contacts; give a number from 1 to 2"
esc 1 amend "$REF" --field concern --to "x" --reason ""
err_has "reason"
esc 2 amend "$REF" --field owner --to "x" --reason "x"
err_has "--field: 'owner' is not decision, concern, team, themes or summary"
esc 2 amend "$REF" --field decision --contact 1 --to "x" --reason "x"
esc 2 amend "$REF" --field decision --to "x"
esc 3 amend ESC-2026-0099 --field decision --to "x" --reason "x"
check_eq "rows after refusals" "$N" "$(rows)"

# Closed: not amended any more (the procedure's state).
esc 0 withdraw "$REF" --reason "Sorted locally"
N=$(rows)
esc 4 amend "$REF" --field decision --to "Later" --reason "x"
err_has "the case is withdrawn: amended is not possible"
check_eq "rows after a refusal on a closed case" "$N" "$(rows)"

# A frontline professional who does not own the case is refused (on a copy
# whose owner was moved behind escalate's back: one login runs this test).
esc 0 new --local-id "N-1" --la Kent --theme "Information sharing" --decision "d" --concern "c"
REF2=$(new_ref)
esc 0 staff add other --name "Other Person" --role frontline --org "Anytown NHS Trust"
cp "$DB" "$TEST_TMP/copy.db"
chmod 600 "$TEST_TMP/copy.db"
sqlite3 "$TEST_TMP/copy.db" "UPDATE cases SET owner_id = (SELECT id FROM staff WHERE login = 'other') WHERE ref = '$REF2'"
run_capture 4 "$ESC" --db "$TEST_TMP/copy.db" amend "$REF2" --field decision --to "x" --reason "y"
err_has "amending the case at level 1 needs the case owner or a named or designated professional; you are frontline and not the case owner"
run_capture 0 "$ESC" --db "$TEST_TMP/copy.db" staff set-role "$ME" named
run_capture 0 "$ESC" --db "$TEST_TMP/copy.db" amend "$REF2" --field decision --to "x" --reason "y"

# verify catches an amendment edited behind escalate's back.
esc 0 verify
cp "$DB" "$TEST_TMP/tamper.db"
chmod 600 "$TEST_TMP/tamper.db"
sqlite3 "$TEST_TMP/tamper.db" "DROP TRIGGER events_no_update; UPDATE events SET new_value = 'Surrey West' WHERE amend_field = 'team'"
run_capture 8 "$ESC" --db "$TEST_TMP/tamper.db" verify
err_has "was changed after it was written"
cp "$DB" "$TEST_TMP/tamper2.db"
chmod 600 "$TEST_TMP/tamper2.db"
sqlite3 "$TEST_TMP/tamper2.db" "UPDATE cases SET team = 'Surrey West' WHERE ref = '$REF'"
run_capture 8 "$ESC" --db "$TEST_TMP/tamper2.db" verify
err_has "case $REF: its team disagrees with its amendments"

# Databases from releases 1 and 2 take amendments after the upgrade and
# still verify (their chains, seals and the new rows).
FIX=$(cd "$(dirname "$0")" && pwd)/fixtures
if [ "$ME" = root ]; then
	for rel in release1 release2; do
		cp "$FIX/$rel.db" "$TEST_TMP/$rel.db"
		chmod 600 "$TEST_TMP/$rel.db"
		at "2026-12-01 12:00"
		OPEN=$(sqlite3 "$TEST_TMP/$rel.db" "SELECT ref FROM cases WHERE state = 1 ORDER BY id LIMIT 1")
		run_capture 0 "$ESC" --db "$TEST_TMP/$rel.db" verify
		run_capture 0 "$ESC" --db "$TEST_TMP/$rel.db" amend "$OPEN" --field themes \
			--to "Other" --to "Information sharing" --reason "after the upgrade"
		run_capture 0 "$ESC" --db "$TEST_TMP/$rel.db" amend "$OPEN" --field concern \
			--to "Corrected after the upgrade" --reason "after the upgrade"
		run_capture 0 "$ESC" --db "$TEST_TMP/$rel.db" verify
		out_has "history chain intact, case seals intact"
		run_capture 0 "$ESC" --db "$TEST_TMP/$rel.db" show "$OPEN"
		out_has "Themes             Other; Information sharing"
	done
fi

finish
