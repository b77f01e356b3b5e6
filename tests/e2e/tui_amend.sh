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

# Someone else corrects the same field while the form is open: saving is a
# conflict that shows their value and keeps what was typed; only a second,
# deliberate save writes it.
tui_keys A
tui_wait "$REF: Correct the record"
tui_keys Right
tui_wait "< concern >"
tui_keys Tab
tui_settle
tui_keys C-u
tui_type "Bruising to both arms"
tui_keys Tab
tui_settle
tui_type "More precise"
esc 0 amend "$REF" --field concern --to "Bruising, seen twice" --reason "From the CLI"
tui_keys F2
tui_wait "Amend the concern of $REF?"
tui_keys y
tui_wait "Someone changed the concern of $REF while you were typing"
tui_has_words "it now reads: Bruising, seen twice."
tui_has "Bruising to both arms"
esc 0 show "$REF"
out_has "  Concern            Bruising, seen twice"
tui_keys F2
tui_wait "Amend the concern of $REF?"
tui_keys y
tui_wait "concern amended; the old value stays in the history."
tui_wait "Was: Bruising, seen twice"
tui_has "Now: Bruising to both arms"
esc 0 verify
tui_keys q q
tui_stop

# A frontline professional who does not own the case is told why (the owner
# moved behind escalate's back: one login runs this test).
esc 0 new --local-id "AM-2" --la Surrey --theme "Other" --decision "d" --concern "c"
REF2=$(new_ref)
esc 0 staff add other --name "Other Person" --role frontline --org "Anytown NHS Trust"
sqlite3 "$DB" "UPDATE cases SET owner_id = (SELECT id FROM staff WHERE login = 'other') WHERE ref = '$REF2'"
tui_start 120 40
tui_wait "Case list"
tui_keys g
tui_settle
for _ in 1 2 3; do
	tui_screen | grep -q "^>.*$REF2" && break
	tui_keys j
	tui_settle
done
tui_keys Enter
tui_wait "Case $REF2"
tui_wait "Not allowed for you"
tui_has_words "Not allowed for you (press the key to see why): c contact"
tui_has_words "w withdraw A amend"
tui_lacks "Next: c contact"
tui_keys A
tui_wait "Not allowed: amending the case at level 1 needs the case owner or a named or designated"
tui_lacks "Correct the record"
tui_keys q q
tui_stop
sqlite3 "$DB" "UPDATE cases SET owner_id = (SELECT id FROM staff WHERE login = '$ME') WHERE ref = '$REF2'"

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
