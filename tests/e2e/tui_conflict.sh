# Issue 10, what was seen 1: a discussion typed at level 1 while someone
# else escalates the case to level 2 from the command line.  F2 must not
# save; the form says the case changed and now describes level 2; Esc goes
# back to a case view that shows level 2 without F5, and the level-1
# discussion was never filed.  Likewise an escalate form written for 1 -> 2
# is not turned into 2 -> 3 behind the user.
. "$(dirname "$0")/tui_lib.sh"

at "2026-05-04 09:00"
esc 0 init --name "Sam Tester" --org "Anytown NHS Trust"
esc 0 staff set-role "$ME" named
esc 0 new --local-id "RACE-1" --la Kent --theme "Other" --decision "Referral refused" \
	--concern "Missed appointments"
REF=$(new_ref)
esc 0 contact "$REF" --with "Alex Social" --role "Social Worker" --org "Kent CC" \
	--summary "First discussion" --outcome concern-remains

tui_start
tui_wait "Case list"
tui_keys Enter
tui_wait "Case $REF"
tui_wait "level 1 (Social Worker), open"
tui_keys c
tui_wait "Record a contact"
tui_has "A discussion at level 1 (Social Worker) on $REF"
tui_keys Tab
tui_type "Robin Worker"
tui_keys Tab Tab
tui_type "Kent CC"
tui_keys Tab
tui_type "Second discussion, typed at level 1"
tui_settle

# Meanwhile, from the command line:
esc 0 escalate "$REF" --reason "Escalated by a colleague"

tui_keys F2
tui_wait "changed while you were typing"
tui_has_words "Not saved: $REF changed while you were typing: it was open at level 1, it is now open at level 2."
tui_lacks "Not saved: Not saved"
tui_has "A discussion at level 2 (Manager / Named Professional) on $REF"
tui_lacks "Contact recorded"
esc 0 show "$REF"
out_lacks "Second discussion, typed at level 1"
esc 0 export --format json
out_lacks "Second discussion"

# Esc (and yes to discarding what was typed): the case view shows level 2.
tui_keys Escape
tui_wait "Discard what you typed?"
tui_keys y
tui_wait "Cancelled; nothing was written."
tui_wait "level 2 (Manager / Named Professional), open"
tui_has_words "Escalated to level 2 by Sam Tester: Escalated by a colleague"
tui_lacks "level 1 (Social Worker), open"

# The escalate form: written for level 2 -> 3, the case moves to 3 first.
tui_keys c
tui_wait "Record a contact"
tui_keys Tab
tui_type "Pat Named"
tui_keys Tab Tab
tui_type "Anytown NHS Trust"
tui_keys Tab
tui_type "Discussion at level 2"
tui_keys F2
tui_wait "Contact recorded on $REF."
tui_keys e
tui_wait "goes from level 2 (Manager / Named Professional) to level 3"
tui_type "Typed for level 3"
tui_settle
esc 0 escalate "$REF" --reason "Colleague took it to level 3"
tui_keys F2
tui_wait "Please confirm"
tui_keys y
tui_wait "changed while you were typing"
tui_has_words "it was open at level 2, it is now open at level 3"
tui_has "goes from level 3 (Team Manager) to level 4"
esc 0 show "$REF"
out_lacks "Typed for level 3"
out_lacks "level 4"
tui_keys Escape
tui_wait "Discard what you typed?"
tui_keys y
tui_wait "level 3 (Team Manager), open"
tui_keys q q
check_eq "exit status after q" 0 "$(tui_exit_status)"
finish
