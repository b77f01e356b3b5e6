# Agreed actions in the interface (issue 10): the case view lists them with
# their status and who closed them when, keeps the open ones marked as
# outstanding after the case moves up and after it closes, and marks one
# done (optional note) or drops it (reason required) with d / D.
. "$(dirname "$0")/tui_lib.sh"

at "2026-05-04 09:00"
esc 0 init --name "Sam Tester" --org "Anytown NHS Trust"
esc 0 staff set-role "$ME" named
esc 0 new --local-id "ACT-1" --la Kent --theme "Other" --decision "Referral refused" \
	--concern "Missed appointments"
REF=$(new_ref)
esc 0 contact "$REF" --with "Alex Social" --role "Social Worker" --org "Kent CC" \
	--summary "Agreed three things" --outcome concern-remains \
	--action "Send the school's notes|$ME|2026-05-06" \
	--action "Call the health visitor|Alex Social, Kent CC|2026-05-29" \
	--action "Book the strategy meeting|$ME|2026-05-20"
esc 0 escalate "$REF" --reason "No change"

at "2026-05-11 09:00"
tui_start
tui_wait "Case list"
tui_keys m
tui_wait "[open cases]"
tui_keys Enter
tui_wait "Case $REF"
tui_wait "Agreed actions: 3 outstanding, 1 overdue"
tui_has "3 agreed actions outstanding (1 overdue)"
tui_match "1 OVERDUE Send the school's notes; owner Sam Tester \\(Anytown NHS Trust\\)"
tui_match "2 OPEN +Call the health visitor; owner Alex Social \\(Kent CC\\); due"
tui_match "3 OPEN +Book the strategy meeting"
tui_has "d action done   D drop action"
# Still outstanding at level 2; the timeline says which action is which.
tui_has "level 2"
tui_keys G
tui_wait "[action 1: OVERDUE]"
tui_has "[action 3: OPEN]"
tui_keys g
tui_wait "Agreed actions: 3"

# Done, with a note: the list of open actions, then the note.
tui_keys d
tui_wait "Which action is done"
tui_keys Enter
tui_wait "Action 1 done. Note (optional):"
tui_type "Sent by secure email"
tui_keys Enter
tui_wait "Agreed action 1 on $REF marked done."
tui_wait "Agreed actions: 2 outstanding"
tui_match "1 done +Send the school's notes"
tui_match "done 2026-05-11 09:00 by Sam Tester: Sent by secure email"
tui_lacks "overdue"

# Drop needs a reason: an empty one writes nothing and says so.
tui_keys D
tui_wait "Which action to drop"
tui_type "health"
tui_keys Enter
tui_wait "Drop action 2. Reason (required):"
tui_keys Enter
tui_wait "Not saved: reason: is required"
esc 0 action list "$REF"
out_lacks "dropped"
tui_keys D
tui_wait "Which action to drop"
tui_type "health"
tui_keys Enter
tui_wait "Drop action 2. Reason (required):"
tui_type "The family moved away"
tui_keys Enter
tui_wait "Agreed action 2 on $REF dropped."
tui_match "2 dropped +Call the health visitor"
tui_match "by Sam Tester: The family moved away"
esc 0 action list "$REF"
out_has "done"
out_has "dropped"

# Closed: the open action is still outstanding in the case view.
esc 0 resolve "$REF" --outcome "Agreed at the meeting"
tui_keys F5
tui_wait "Reloaded."
tui_keys g
tui_wait "Agreed actions: 1 outstanding"
tui_match "3 OPEN +Book the strategy meeting"
tui_has "1 agreed action outstanding"
tui_keys q q
check_eq "exit status after q" 0 "$(tui_exit_status)"
finish
