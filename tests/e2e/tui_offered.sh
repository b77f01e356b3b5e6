# Offered means allowed (issue 10's one permission answer, issue 13 item 7):
# the case view's Next line offers only what this login may do now, a
# refused key says the kind of refusal with the core's reason, a closed case
# offers no notification that is not owed, and the pattern banner offers
# its key only to a role that may record it.
. "$(dirname "$0")/tui_lib.sh"

at "2026-05-04 09:00"
esc 0 init --name "Sam Tester" --org "Anytown NHS Trust"
esc 0 staff set-role "$ME" named
for i in 1 2 3; do
	esc 0 new --local-id "PAT-$i" --la Surrey --theme "Threshold not met" \
		--decision "d" --concern "c"
done
esc 0 new --local-id "RES-4" --la Kent --theme "Other" --decision "d" --concern "c"
esc 0 resolve ESC-2026-0004 --outcome "Settled at the first discussion"

# A named professional may record the pattern: the key is offered.
tui_start
tui_wait "Case list"
tui_wait "PATTERN (p): 3 open cases"
tui_keys q
check_eq "exit status after q" 0 "$(tui_exit_status)"
tui_stop

esc 0 staff set-role "$ME" frontline
tui_start
tui_wait "Case list"
tui_wait "PATTERN: 3 open cases on 'Threshold not met' against Surrey"
tui_has "(not by your role)"
tui_lacks "PATTERN (p)"
tui_keys p
tui_wait "Not allowed:"
tui_lacks "Multi-case pattern: inform"

# The resolved case: reopen is offered, nothing that needs an open case,
# and no notification (none is owed).
tui_keys f
tui_wait "[all cases]"
tui_keys g
tui_settle
for _ in 1 2 3 4; do
	tui_screen | grep -q "^>.*ESC-2026-0004" && break
	tui_keys j
	tui_settle
done
tui_keys Enter
tui_wait "Case ESC-2026-0004"
tui_wait "Next:"
tui_lacks "i inform"
tui_lacks "e escalate"
tui_lacks "R resolve"
tui_keys i
tui_wait "Not possible now:"
tui_has_words "(not possible in the case's state or at its level)"
tui_lacks "Record a notification"
tui_keys q
tui_wait "Case list"

# An open level-1 case the frontline user owns: contact, note, resolve,
# withdraw are theirs; the urgent jump is refused for the role.
tui_keys g
tui_settle
for _ in 1 2 3 4; do
	tui_screen | grep -q "^>.*ESC-2026-0001" && break
	tui_keys j
	tui_settle
done
tui_keys Enter
tui_wait "Case ESC-2026-0001"
tui_wait "Next: c contact"
tui_match "^ Not allowed for you \\(press the key to see why\\): "
CHECKS=$((CHECKS + 1))
tui_screen | grep "^ Next:" | grep -q "urgent" && { fail "urgent offered to frontline"; tui_dump; }
tui_keys u
tui_wait "Not allowed: an urgent jump to level 4 needs a named or designated"
tui_has_words "you are frontline (your role does not allow it)"
tui_keys q q
check_eq "exit status after q" 0 "$(tui_exit_status)"
finish
