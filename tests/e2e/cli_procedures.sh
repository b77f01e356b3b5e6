# Partnership procedures from files (issue 15): every shipped file checks
# clean and a broken one is reported line by line; an admin loads a
# 3-stage procedure with an hours-based stage and a notification that holds
# back the last stage, assigns it to a local authority, and a case opened
# there follows it end to end (guards, effects, clocks, "needs my action",
# show, verify) while a case elsewhere follows the default; a new version
# affects new cases only; the pin is sealed; West Yorkshire's 6 steps are
# walked to the last; load and assign are in the configuration history.
. "${ESC_TEST_LIB:?set ESC_TEST_LIB to tests/e2e/lib.sh}"
SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

# --- check: no database needed ------------------------------------------------
for f in "$SRC"/data/procedures/*.ini; do
	esc_nodb 0 procedure check "$f"
	out_has "no errors"
done
BAD=$TEST_TMP/bad.ini
cat >"$BAD" <<'EOF'
[procedure]
format = 1
name = Bad Name
[stage 1]
label = One
timescale = 5 wrking days
[stage 3]
colour = blue
EOF
esc_nodb 1 procedure check "$BAD"
err_has "bad.ini:3: [procedure] name"
err_has "bad.ini:6: [stage 1] timescale"
err_has "bad.ini:8: [stage 3] colour: unknown key"
err_has "stage 2: missing"
err_has "not a procedure escalate can use"

# --- a 3-stage procedure ----------------------------------------------------
THREE=$TEST_TMP/three.ini
write_three() { # VERSION STAGE2-TIMESCALE
	cat >"$THREE" <<EOF
; A test partnership's procedure: three stages, the second in hours.
[procedure]
format = 1
name = test-three
title = Test Three Partnership
version = $1
effective = 2026-04-01
local_authorities = Kent; Surrey
time_zone = Europe/London
holidays = england-and-wales
source = https://example.org/test-three
[stage 1]
label = Practitioners
raised_by = the practitioner
raised_with = the other practitioner
acts = named
owner_may_act = yes
timescale = 2 working days
clock = reached
[stage 2]
label = Managers
raised_by = the practitioner's manager
raised_with = the other manager
acts = named
owner_may_act = yes
timescale = $2
clock = reached
[stage 3]
label = Panel
raised_by = the named professional
raised_with = the partnership's resolution panel
acts = designated
owner_may_act = no
timescale = 10 calendar days
clock = reached
also = the panel's decision is final
[notify panel]
whom = partnership business manager
stage = 2
required = yes
blocks = 3
[urgent]
acts = named
to_stage = 2
timescale = 24 hours
EOF
}
write_three 1 "48 hours"

at "2026-06-01 09:00"
esc 0 init --name "Ada Admin" --role designated
esc 0 procedure check "$THREE"
esc 0 procedure load "$THREE"
out_has "Loaded test-three version 1 (3 levels)"
esc 5 procedure load "$THREE"
err_has "already there"
esc 4 procedure assign Norfolk test-three
err_has "does not cover Norfolk"
esc 3 procedure assign Kent no-such-procedure
esc 0 procedure assign Kent test-three
esc 0 procedure list
out_has "test-three"
out_has "new cases against: Kent"
esc 0 procedure show test-three
out_has "Level 2: Managers"
out_has "timescale: 48 hours from when the case reaches this level"
out_has "inform: the partnership business manager (required, before the next level"
out_has "Urgent route: named or designated professionals go straight to level 2 (Managers), within 24 hours"
esc 0 config history
out_has "procedure test-three"
out_has "procedure for Kent"

esc 0 new --again --nhs "943 476 5919" --la Kent --theme Other --decision "No assessment" \
	--concern "Repeated injuries"
K=$(new_ref)
out_has "opened at level 1 (Practitioners)"
out_has "due 2026-06-03"
out_has "follows test-three version 1"
esc 0 new --again --nhs "943 476 5919" --la Norfolk --theme Other --decision "d" --concern "c"
N=$(new_ref)
out_has "opened at level 1 (Social Worker)"
out_lacks "follows"

esc 0 show "$K"
out_has "Procedure          Test Three Partnership (test-three version 1)"
esc 0 show "$K" --format json
out_has '"procedure":"test-three","procedure_version":1'
esc 0 show "$N"
out_lacks "Procedure"

# Walk it: level 1, then 2 (a 48-hour clock), held back until the panel's
# notification, then 3, the last.
esc 0 contact "$K" --with "Sam Worker" --role "Social worker" --org "Kent CSC" \
	--summary "No change" --outcome concern-remains
esc 0 escalate "$K" --reason "Still unsafe"
out_has "level 2 (Managers), open — due 2026-06-03T08:00:00Z"
out_has "The partnership business manager must be informed; record it with:"
out_has "--whom panel"
esc 0 contact "$K" --with "Mo Manager" --role "Team manager" --org "Kent CSC" \
	--summary "No change" --outcome concern-remains
esc 4 escalate "$K" --reason "Still unsafe"
err_has "needs the partnership business manager informed at level 2 first"
esc 2 inform "$K" --whom designated --name "X" --how email
err_has "is not panel"
esc 0 inform "$K" --whom panel --name "Pat Business" --how email
esc 0 escalate "$K" --reason "Still unsafe"
out_has "level 3 (Panel), open — due 2026-06-11"
esc 4 escalate "$K" --reason "again"
err_has "the last level"
esc 0 verify

# Needs my action: the hours clock passes on the instant, not the day.
esc 0 new --again --nhs "943 476 5919" --la Kent --theme Other --decision "d2" --concern "c2"
K2=$(new_ref)
esc 0 urgent "$K2" --reason "Immediate risk"
out_has "level 2 (Managers)"
out_has "due 2026-06-02T08:00:00Z"
# (the panel's notification, owed at level 2, would put it on the list at once)
esc 0 inform "$K2" --whom panel --name "Pat Business" --how phone
at "2026-06-02 08:59"
esc 0 list --needs-action
out_lacks "$K2"
at "2026-06-02 09:01"
esc 0 list --needs-action
out_has "$K2"
esc 0 list --needs-action --format json
out_has "$K2"

# A new version: new cases follow it, the open ones keep theirs.
write_three 2 "3 working days"
esc 0 procedure load "$THREE"
out_has "Loaded test-three version 2"
esc 0 new --again --nhs "943 476 5919" --la Kent --theme Other --decision "d3" --concern "c3"
K3=$(new_ref)
out_has "follows test-three version 2"
esc 0 show "$K2"
out_has "(test-three version 1)"
esc 0 procedure list
out_has "an older version"
esc 0 verify

# The pin is sealed: clearing it behind escalate's back is found.
cp "$DB" "$TEST_TMP/tampered.db"
sqlite3 "$TEST_TMP/tampered.db" "DROP TRIGGER cases_procedure_pinned;
	UPDATE cases SET procedure_id = NULL WHERE ref = '$K3'" ||
	fail "could not tamper with the copy"
DB0=$DB
DB=$TEST_TMP/tampered.db
esc 8 verify
err_has "$K3"
DB=$DB0
sqlite3 "$DB" "UPDATE cases SET procedure_id = NULL WHERE ref = '$K3'" 2>"$TEST_TMP/err" &&
	fail "a case's pin was changed"
grep -q "follows the procedure it was opened under" "$TEST_TMP/err" ||
	fail "the pin's trigger did not say why: $(cat "$TEST_TMP/err")"

# --- West Yorkshire: six steps -------------------------------------------------
esc 0 config la add Bradford
esc 0 procedure load "$SRC/data/procedures/west-yorkshire.ini"
esc 0 procedure assign Bradford west-yorkshire
esc 0 new --again --nhs "943 476 5919" --la Bradford --theme Other --decision "d" --concern "c"
W=$(new_ref)
for step in 2 3 4 5 6; do
	esc 0 contact "$W" --with "Sam" --role "Worker" --org "Bradford CSC" --summary "talked" \
		--outcome concern-remains
	esc 0 escalate "$W" --reason "still"
	out_has "level $step (Step $step"
done
esc 4 escalate "$W" --reason "again"
err_has "the last level"
esc 0 list --level 6
out_has "$W"
esc 0 resolve "$W" --outcome "Agreed at step 6"
esc 0 verify

# --- the quarterly table, one per procedure -----------------------------------
esc 0 report --quarter 2026-27-Q1
out_has "Procedure: Test Three Partnership (test-three version 1)"
out_has "Procedure: Test Three Partnership (test-three version 2)"
out_has "Procedure: Cambridgeshire and Peterborough Safeguarding Children Partnership (cambs-peterborough version 1)"
out_has "Reached level 6 (Step 6)"
out_has "Resolved at level 6 (Step 6)"
out_has "3 Panel"
out_has "2 Managers"
esc 0 report --quarter 2026-27-Q1 --procedure west-yorkshire
out_has "(west-yorkshire version 1)"
out_lacks "test-three"
out_lacks "Social Worker"
esc 3 report --quarter 2026-27-Q1 --procedure no-such
esc 0 report --quarter 2026-27-Q1 --format csv
out_crlf
out_has "procedure,procedure_version,row,level,level_of_escalation,figure,number,urgent,themes,local_authority"
out_has "test-three,1,level,1,1 Practitioners,,2,0,Other (2),Kent"
out_has "test-three,1,level,2,2 Managers,,2,1,Other (2),Kent"
out_has "west-yorkshire,1,level,6,6 Step 6,,1,0,Other (1),Bradford"
esc 0 report --quarter 2026-27-Q1 --format json
printf '%s' "$OUT" >"$TEST_TMP/report.json"
if python3 -c "import jsonschema" 2>/dev/null; then
	python3 - "$SRC/data/schema/json" "$TEST_TMP/report.json" <<'PY' || fail "the grouped JSON report does not match its schema"
import json, sys, pathlib
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
d = pathlib.Path(sys.argv[1])
reg = Registry()
for f in d.glob("*.json"):
    s = json.loads(f.read_text())
    reg = reg.with_resource(s["$id"], Resource.from_contents(s))
schema = json.loads((d / "report.schema.json").read_text())
doc = json.loads(pathlib.Path(sys.argv[2]).read_text())
Draft202012Validator(schema, registry=reg).validate(doc)
names = [(t["procedure"]["name"], t["procedure"]["version"]) for t in doc["procedures"]]
assert names == [("cambs-peterborough", 1), ("test-three", 1), ("test-three", 2),
                 ("west-yorkshire", 1)], names
assert doc["procedures"][3]["level_totals"]["6"] == 1
PY
fi
esc 0 report --quarter 2026-27-Q1 --format xlsx --out "$TEST_TMP/r.xlsx"
if python3 -c "import openpyxl" 2>/dev/null; then
	sheets=$(python3 -c "import openpyxl,sys; print('|'.join(openpyxl.load_workbook(sys.argv[1]).sheetnames))" "$TEST_TMP/r.xlsx")
	check_eq "one set of sheets per procedure" \
		"Return 1|Themes by LA 1|Resolved, open, overdue 1|Return 2|Themes by LA 2|Resolved, open, overdue 2|Return 3|Themes by LA 3|Resolved, open, overdue 3|Return 4|Themes by LA 4|Resolved, open, overdue 4" \
		"$sheets"
fi
# Export: each case's level is named in its own procedure's words.
esc 0 export --format json
out_has '"level_label":"Step 6"'
out_has '"level_label":"Panel"'
# A day clock: K, at the Panel level (10 calendar days from 2026-06-01), is
# due on the 11th and overdue from the 12th (it is on "needs my action"
# throughout, for Kent's multi-case pattern).
at "2026-06-11 09:00"
esc 0 list --needs-action
check_eq "K not overdue on its due day" "" "$(printf '%s\n' "$OUT" | grep "^$K " | grep OVERDUE)"
at "2026-06-12 09:00"
esc 0 list --needs-action
check_eq "K overdue the day after" "1" "$(printf '%s\n' "$OUT" | grep "^$K " | grep -c OVERDUE)"
finish
