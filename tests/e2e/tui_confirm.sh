# Escalate, resolve and withdraw ask first in the interface, saying what
# will happen and anything still owed (issue 10's required steps, issue 13
# item 7): a case resolved with the designated professional's notification
# owed is closed, and stays in "needs my action" until it is recorded.
. "$(dirname "$0")/tui_lib.sh"

at "2026-05-04 09:00"
esc 0 init --name "Sam Tester" --org "Anytown NHS Trust"
esc 0 staff set-role "$ME" named
esc 0 new --local-id "URG-1" --la Kent --theme "Case closed / stepped down" \
	--decision "Case closed" --concern "Child left alone overnight"
URG=$(new_ref)
esc 0 urgent "$URG" --reason "Child left alone overnight"
esc 0 new --local-id "WD-2" --la Kent --theme "Other" --decision "d" --concern "c"
WD=$(new_ref)
esc 0 contact "$WD" --with "Alex Social" --role "Social Worker" --org "Kent CC" \
	--summary "Talked" --outcome concern-remains --action "Send the notes|Alex Social, Kent CC|2026-05-20"

tui_start
tui_wait "[needs my action]"
tui_has "$URG"
tui_keys Enter
tui_wait "Case $URG"
tui_keys R
tui_wait "Resolve $URG at level 4"
tui_type "Agreed at the strategy meeting"
tui_keys F2
tui_wait "Please confirm"
tui_has "Resolve $URG at level 4 (Head of Service)? The case"
tui_has "Still owed: informing the CCG/ICB designated"
tui_has "the case stays in \"needs my action\""
tui_keys n
tui_wait "Not saved; the form is as you left it."
esc 0 show "$URG"
out_lacks "Resolved"
tui_keys F2
tui_wait "Please confirm"
tui_keys y
tui_wait "$URG resolved."
tui_has "level 4 (Head of Service), resolved"
tui_has "*NOTIFY the CCG/ICB designated doctor or nurse (i)"
esc 0 show "$URG"
out_has "resolved"
# Still in needs my action, with the reason.
tui_keys q
tui_wait "[needs my action]"
tui_has "$URG"
tui_has "resolved"
tui_wait "Why the selected case needs you: a notification you may record is owed"

# Withdraw: the question says the agreed action stays open.
tui_keys m
tui_wait "[open cases]"
tui_keys g
tui_settle
for _ in 1 2 3; do
	tui_screen | grep -q "^>.*$WD" && break
	tui_keys j
	tui_settle
done
tui_keys Enter
tui_wait "Case $WD"
tui_keys w
tui_wait "Withdraw $WD at level 1: say why."
tui_type "Raised in error"
tui_keys F2
tui_wait "Please confirm"
tui_has "Withdraw $WD at level 1 (Social Worker)? The case closes"
tui_has "as withdrawn. 1 agreed action stays open until marked done or"
tui_lacks "Still owed"
tui_keys y
tui_wait "$WD withdrawn."
esc 0 show "$WD"
out_has "withdrawn"
tui_keys q q
check_eq "exit status after q" 0 "$(tui_exit_status)"
finish
