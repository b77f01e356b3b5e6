# The same child (issue 13): logging a case for a child who has an open or
# recently closed case shows those cases in the form and asks before
# saving; the form's other problems come first; n keeps the form, y logs it.
. "$(dirname "$0")/tui_lib.sh"

at "2026-01-02 09:00"
esc 0 init --name "Sam Tester" --org "Anytown NHS Trust"
esc 0 new --local-id "OLD-9" --la Kent --theme "Other" --decision "d" --concern "c"
at "2026-01-05 10:00"
esc 0 resolve ESC-2026-0001 --outcome "Settled"
at "2026-04-01 09:00"
esc 0 new --local-id "REC-1" --la Kent --theme "Other" --decision "d" --concern "c"
esc 0 resolve ESC-2026-0002 --outcome "Settled"
at "2026-05-04 09:00"
esc 0 new --nhs 9434765919 --la Surrey --theme "Other" --decision "d" --concern "c"

# Fills the new-case form for a child, all but the concern.
fill() {
	tui_keys n
	tui_wait "New escalation"
	if [ "$1" = local ]; then
		tui_keys Right
	fi
	tui_keys Tab
	tui_type "$2"
	tui_keys Tab
	tui_type "kent"
	tui_wait "Type to narrow: kent"
	tui_keys Enter
	tui_wait_gone "Type to narrow"
	tui_keys Tab
	tui_type "Referral not accepted"
	tui_keys Tab
}

tui_start
tui_wait "Case list"
fill nhs "943 476 5919"
# The concern left empty: that is what a save says first, with no question.
tui_keys Tab
tui_type "oth"
tui_wait "Type to narrow: oth"
tui_keys Space Enter
tui_wait_gone "Type to narrow"
tui_keys F2
tui_wait "Not saved: Concern: is required"
tui_lacks "already has"
# The cursor is on the concern, the one problem.
tui_type "Bruising again"
tui_keys F2
tui_wait "Please confirm"
tui_has "| This child already has 1 open or recently closed case:"
tui_has "ESC-2026-0003 (listed above the form). Log another case for this"
tui_keys n
tui_wait "Not saved; the child's other cases are listed above the form."
tui_has "This child already has 1 open or recently closed case (closed in the last 90"
tui_has "ESC-2026-0003  open at level 1, Surrey, opened 2026-05-04"
esc 0 list --all
out_lacks "ESC-2026-0004"
tui_keys F2
tui_wait "Please confirm"
tui_keys y
tui_wait "Logged ESC-2026-0004 at level 1"
esc 0 show ESC-2026-0004
out_has "Bruising again"
tui_keys q
tui_wait "Case list"

# A local id closed 29 days ago is recent (shown with the day it closed);
# one closed 119 days ago is not, and is logged without a question.
fill local "rec-1"
tui_type "Neglect"
tui_keys Tab
tui_type "oth"
tui_wait "Type to narrow: oth"
tui_keys Space Enter
tui_wait_gone "Type to narrow"
tui_keys F2
tui_wait "Please confirm"
tui_has "ESC-2026-0002 (listed above the form)"
tui_keys n
tui_wait "Not saved"
tui_has "ESC-2026-0002  resolved at level 1, Kent, opened 2026-04-01, closed"
tui_keys Escape
tui_wait "Discard what you typed"
tui_keys y
tui_wait "Case list"
fill local "OLD-9"
tui_type "Neglect"
tui_keys Tab
tui_type "oth"
tui_wait "Type to narrow: oth"
tui_keys Space Enter
tui_wait_gone "Type to narrow"
tui_keys F2
tui_wait "Logged ESC-2026-0005 at level 1"
tui_lacks "Please confirm"
tui_keys q
tui_wait "Case list"
tui_keys q
check_eq "exit status after q" 0 "$(tui_exit_status)"
finish
