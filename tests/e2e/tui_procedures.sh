# The interface follows each case's own procedure (issue 15): a case under a
# loaded 3-stage procedure shows its stage labels, is held back until the
# procedure's own notification is recorded, and stops at its third stage;
# a West Yorkshire case goes on to step 6.  The escalations, the notification
# and the refusals are made through the interface; contacts through the CLI.
. "$(dirname "$0")/tui_lib.sh"

cat >"$TEST_TMP/three.ini" <<'EOF'
[procedure]
format = 1
name = test-three
title = Test Three Partnership
version = 1
effective = 2026-04-01
local_authorities = Kent
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
timescale = 48 hours
clock = reached
[stage 3]
label = Panel
raised_by = the named professional
raised_with = the partnership's resolution panel
acts = designated
owner_may_act = no
timescale = 10 calendar days
clock = reached
[notify panel]
whom = partnership business manager
stage = 2
required = yes
blocks = 3
EOF

at "2026-06-01 09:00"
esc 0 init --name "Dee Designated" --org "Anytown NHS Trust"
esc 0 procedure load "$TEST_TMP/three.ini"
esc 0 procedure assign Kent test-three
esc 0 new --local-id "T-1" --la Kent --theme Other --decision "d" --concern "c"
T=$(new_ref)
esc 0 contact "$T" --with "Sam Worker" --role "Social worker" --org "Kent CSC" \
	--summary "No change" --outcome concern-remains

# to the list of open cases, from whichever view the interface opens on
open_cases() {
	tui_wait "escalate | Case list"
	tui_settle
	if tui_screen | grep -qF "[needs my action]"; then tui_keys m; fi
	tui_wait "[open cases]"
}

tui_start
open_cases
tui_keys Enter
tui_wait "Case $T"
tui_has "level 1 (Practitioners)"
tui_keys e
tui_wait "Escalate"
tui_type "Still unsafe"
tui_keys F2
tui_wait "Please confirm"
tui_has "to level 2 (Managers)"
tui_keys y
tui_wait "$T is now at level 2 (Managers); record the notification (i)."
tui_has "*NOTIFY the partnership business manager (i)"

# Held back until the panel's notification is recorded.
esc 0 contact "$T" --with "Mo Manager" --role "Team manager" --org "Kent CSC" \
	--summary "No change" --outcome concern-remains
tui_keys F5
tui_settle
tui_keys e
tui_wait "Not allowed:"
tui_has "informed at level 2 first; record it with 'inform' (whom: panel)"
tui_keys i
tui_wait "Record a notification"
tui_has "< partnership business manager >"
tui_keys Tab
tui_type "Pat Business"
tui_keys Tab
tui_type "email"
tui_keys F2
tui_wait "Notification recorded on $T."
tui_lacks "*NOTIFY"
tui_keys e
tui_wait "Escalate"
tui_type "Still unsafe"
tui_keys F2
tui_wait "Please confirm"
tui_keys y
tui_wait "$T is now at level 3 (Panel)."
# The last stage: escalating is not offered, and refused with the rule.
tui_keys e
tui_wait "Not possible now:"
tui_has "(Panel), the last level; it can only"
tui_keys q
tui_wait "[open cases]"
tui_stop
esc 0 verify

# West Yorkshire: the interface takes a case from step 5 to step 6.
esc 0 config la add Bradford
esc 0 procedure load "$(dirname "$0")/../../data/procedures/west-yorkshire.ini"
esc 0 procedure assign Bradford west-yorkshire
esc 0 new --local-id "W-1" --la Bradford --theme Other --decision "d" --concern "c"
W=$(new_ref)
for step in 1 2 3 4 5; do
	esc 0 contact "$W" --with "Sam" --role "Worker" --org "Bradford CSC" --summary "talked" \
		--outcome concern-remains
	[ "$step" -lt 5 ] && esc 0 escalate "$W" --reason "still"
done
tui_start
open_cases
tui_keys /
tui_type "W-1"
tui_keys Enter
tui_settle
tui_keys Enter
tui_wait "Case $W"
tui_has "level 5 (Step 5)"
tui_keys e
tui_wait "Escalate"
tui_type "Still unsafe"
tui_keys F2
tui_wait "Please confirm"
tui_keys y
tui_wait "$W is now at level 6 (Step 6)."
tui_stop
esc 0 show "$W"
out_has "open at level 6 (Step 6)"
esc 0 verify
finish
