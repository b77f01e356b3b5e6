# The contact form's agreed-action owner (issue 10 item 3): chosen from the
# list of active staff (so it is that staff member, even when two read
# alike), or typed as "Name, Organisation" for someone outside escalate.
. "$(dirname "$0")/tui_lib.sh"

at "2026-05-04 09:00"
esc 0 init --name "Sam Tester" --org "Anytown NHS Trust"
esc 0 staff add hv --name "Hannah Visitor" --role frontline --org "Cambs Community Services"
esc 0 staff add hv2 --name "Hannah Visitor" --role frontline --org "Cambs Community Services"
esc 0 staff add gone --name "Gone Person" --role named --org "Old Trust"
esc 0 staff deactivate gone
esc 0 new --local-id "OWN-1" --la Kent --theme "Other" --decision "d" --concern "c"
REF=$(new_ref)

tui_start
tui_wait "Case list"
tui_keys Enter
tui_wait "Case $REF"
tui_keys c
tui_wait "Record a contact"
tui_keys Tab
tui_type "Alex Social"
tui_keys Tab Tab
tui_type "Kent CC"
tui_keys Tab
tui_type "Agreed two actions"
tui_keys Tab Tab
tui_type "Visit the family"
tui_keys Tab
tui_wait "Enter: choose from the staff list"
tui_keys Enter
tui_wait "Type to narrow"
# A single-choice list says so, and offers no Space to mark (issue 13 item 8).
tui_has "One choice: Enter chooses the entry under the cursor"
tui_lacks "Space mark"
tui_has "Sam Tester, Anytown NHS Trust"
tui_has "Hannah Visitor, Cambs Community Services (hv2)"
tui_lacks "Gone Person"
tui_type "hv2"
tui_wait_gone "Sam Tester, Anytown"
tui_keys Enter
tui_wait_gone "Type to narrow"
tui_has "Hannah Visitor, Cambs Community Services (hv2)"
tui_type "2026-05-08"
tui_keys Tab Enter
tui_wait "Agreed action 2"
tui_type "Send the discharge summary"
tui_keys Tab
tui_type "Pat Outside, Kent CC"
tui_keys Tab
tui_type "2026-05-09"
tui_keys F2
tui_wait "Contact recorded on $REF."
esc 0 action list "$REF" --format csv
out_has "$REF,1,1,2026-05-08,open,Hannah Visitor,Cambs Community Services,hv2,Visit the family"
out_has "$REF,2,1,2026-05-09,open,Pat Outside,Kent CC,,Send the discharge summary"
tui_keys q q
check_eq "exit status after q" 0 "$(tui_exit_status)"
finish
