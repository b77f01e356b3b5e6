# Corrections in the interface (issue 13): A in the case view opens the
# correction form only when this login may amend (proc_options), with the
# chosen field's current value in the text area; choosing another field
# brings its value; saving asks first, then the timeline shows the old and
# the new value and the reason, and the CLI reads the same; an unknown
# theme is refused beside its field with nothing written.  A closed case
# does not offer it (the refusals by role are in test_amend.c and
# cli_amend.sh).
. "$(dirname "$0")/tui_lib.sh"

at "2026-05-04 09:00"
esc 0 init --name "Sam Tester" --org "Anytown NHS Trust"
esc 0 staff set-role "$ME" frontline
esc 0 new --local-id "AM-1" --la Surrey --theme "Threshold not met" \
	--decision "Referral not accepted" --concern "Bruising" --team "Surrey North"
REF=$(new_ref)
esc 0 contact "$REF" --with "Alex Social" --role "Social Worker" --org "Surrey CC" \
	--summary "First talk" --outcome concern-remains

tui_start 120 40
tui_wait "Case list"
tui_keys Enter
tui_wait "Case $REF"
tui_wait "Next:"
tui_has "A amend"
tui_keys A
tui_wait "$REF: Correct the record"
tui_has "< decision challenged >"
tui_has "Referral not accepted"
# The next field: its current value replaces the text.
tui_keys Right
tui_wait "< concern >"
tui_has "Bruising"
tui_keys Left
tui_wait "< decision challenged >"
# Edit the value: clear it and type the correction.
tui_keys Tab
tui_settle
tui_keys C-u
tui_type "Referral not accepted at threshold"
tui_keys Tab
tui_settle
tui_type "Recorded incompletely"
tui_keys F2
tui_wait "Amend the decision challenged of $REF?"
tui_keys y
tui_wait "decision challenged amended; the old value stays in the history."
tui_wait "Amended the decision challenged by Sam Tester: Recorded incompletely"
tui_has "Was: Referral not accepted"
tui_has "Now: Referral not accepted at threshold"
esc 0 show "$REF"
out_has "  Decision           Referral not accepted at threshold"

# An invalid value is refused beside its field, nothing written.
tui_keys A
tui_wait "$REF: Correct the record"
tui_keys Right Right Right
tui_wait "< themes >"
tui_has "Threshold not met"
tui_keys Tab
tui_settle
tui_keys C-u
tui_type "No such theme"
tui_keys Tab
tui_settle
tui_type "x"
tui_keys F2
tui_wait "Amend the themes of $REF?"
tui_keys y
tui_wait "is not in the configured list"
tui_keys Escape
tui_settle
tui_keys y
tui_wait "Case $REF"
esc 0 show "$REF"
out_has "  Themes             Threshold not met"
tui_keys q q
tui_stop

# Closed: not offered.
esc 0 withdraw "$REF" --reason "Sorted"
tui_start 120 40
tui_wait "Case list"
tui_keys f
tui_wait "[all cases]"
tui_keys Enter
tui_wait "Case $REF"
tui_wait "Next:"
tui_lacks "A amend"
tui_keys A
tui_wait "Not possible now:"
tui_lacks "Correct the record"
tui_keys q q
check_eq "exit status after q" 0 "$(tui_exit_status)"
finish
