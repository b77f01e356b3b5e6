# The interface in a real terminal (tmux, 80x24): a frontline professional
# logs a new escalation from the form, records a contact with two agreed
# actions, escalates to level 2, and is refused level 3 (the screen says
# why); a named professional takes it to level 4, records the designated
# professional as informed, and resolves it.  The command line checks what
# was written.
. "$(dirname "$0")/tui_lib.sh"

role() {
	esc 0 staff set-role "$ME" "$1"
}

at "2026-05-05 09:00"
esc 0 init --name "Sam Tester" --org "Anytown NHS Trust"
role frontline

tui_start
tui_wait "Case list"
tui_line_has 0 "Sam Tester (frontline, admin)"
tui_has "No cases here"
tui_has "n new"

# The new-escalation form: saving it empty writes nothing and says why,
# beside the field.
tui_keys n
tui_wait "New escalation"
tui_keys F2
tui_wait "! is required"
tui_has "Not saved: Child identifier: is required"
esc 0 list --all
out_lacks "ESC-2026"

tui_type "943 476 5919"
tui_keys Tab Enter
tui_wait "Type to narrow"
tui_type "surr"
tui_keys Enter
tui_wait_gone "Type to narrow"
# The choice made, the cursor is on the next field (issue 13 item 8).
tui_type "Surrey North"
tui_keys Tab
tui_type "Referral not accepted"
tui_keys Tab
tui_type "Repeated unexplained bruising"
tui_keys Tab Enter
tui_wait "Type to narrow"
tui_type "threshold"
tui_keys Space
tui_wait "[x] Threshold not met"
tui_keys Enter
tui_wait_gone "Type to narrow"
tui_has "Threshold not met"
tui_keys F2
tui_wait "Logged ESC-2026-0001 at level 1 (Social Worker)"
tui_has "Case ESC-2026-0001"
tui_has "Level 1: Social Worker, with the child's social worker"
esc 0 show ESC-2026-0001
out_has "Referral not accepted"
out_has "Repeated unexplained bruising"
out_has "Surrey"
out_has "Threshold not met"

# A contact with two agreed actions; names in UTF-8.
tui_keys c
tui_wait "Record a contact"
tui_keys Tab
tui_type "Siobhán Ní Bhriain"
tui_keys Tab Tab
tui_type "Surrey CC"
tui_keys Tab
tui_type "Discussed the referral decision"
tui_keys Tab Tab
tui_type "Send the chronology"
tui_keys Tab
tui_type "Zoë Łukasiewicz"
tui_keys Tab
tui_type "2026-05-08"
tui_keys Tab Enter
tui_wait "Agreed action 2"
tui_type "Book a strategy call"
tui_keys Tab
tui_type "Pat Named"
tui_keys Tab
tui_type "2026-05-07"
tui_keys F2
tui_wait "Contact recorded on ESC-2026-0001."
tui_has "Contact with Siobhán Ní Bhriain (Social Worker, Surrey CC)"
tui_has "Agreed: Send the chronology; owner Zoë Łukasiewicz; due"
tui_has "Agreed: Book a strategy call; owner Pat Named"
tui_has "Outcome: concern remains"
esc 0 show ESC-2026-0001
out_has "Siobhán Ní Bhriain"
out_has "Zoë Łukasiewicz"
out_has "Send the chronology"
out_has "Book a strategy call"

# Escalate to level 2.
tui_keys e
tui_wait "Escalate"
tui_has "goes from level 1 (Social Worker) to level 2"
tui_type "The threshold decision stands"
tui_keys F2
# Escalating asks first, saying what will happen.
tui_wait "Please confirm"
tui_has "Escalate ESC-2026-0001 from level 1 (Social Worker) to level 2"
tui_has "2 agreed actions stay open"
tui_keys y
tui_wait "ESC-2026-0001 is now at level 2 (Manager / Named Professional)."
tui_has "Level 2: Manager / Named Professional"

# At level 2 the owner (frontline) records the discussion; level 3 needs a
# named professional: the action stays on screen, and its key says why.
tui_keys c
tui_wait "Record a contact"
tui_keys Tab
tui_type "Pat Named"
tui_keys Tab Tab
tui_type "Anytown NHS Trust"
tui_keys Tab
tui_type "Agreed to go to the team manager"
tui_keys F2
tui_wait "Contact recorded on ESC-2026-0001."
tui_has "Not allowed for you (press the key to see why): e escalate to level 3"
tui_keys e
tui_wait "Not allowed: escalating to level 3 needs a named or designated"
tui_has_words "you are frontline (your role does not allow it)"
tui_has "you are frontline"
tui_lacks "Escalate ESC"
esc 0 show ESC-2026-0001
out_has "level 2"
out_lacks "level 3 ("

tui_keys q
tui_wait "Case list"
tui_has "ESC-2026-0001 2 Surrey    Threshold not met Sam Tester 2026-05-12"
tui_keys q
check_eq "exit status after q" 0 "$(tui_exit_status)"
tui_stop

# A named professional takes it on.
role named
tui_start
tui_wait "Case list"
tui_line_has 0 "Sam Tester (named, admin)"
tui_keys Enter
tui_wait "Case ESC-2026-0001"
tui_keys e
tui_wait "Escalate"
tui_type "Taking it to the team manager"
tui_keys F2
tui_wait "Please confirm"
tui_keys y
tui_wait "ESC-2026-0001 is now at level 3 (Team Manager)."
tui_keys c
tui_wait "Record a contact"
tui_keys Tab
tui_type "Terry Manager"
tui_keys Tab Tab
tui_type "Surrey CC"
tui_keys Tab
tui_type "The team manager upheld the decision"
tui_keys F2
tui_wait "Contact recorded on ESC-2026-0001."
tui_keys e
tui_wait "Escalate"
tui_has "Then:"
tui_type "The head of service must review it"
tui_keys F2
tui_wait "Please confirm"
tui_keys y
tui_wait "ESC-2026-0001 is now at level 4 (Head of Service)"
tui_has "*NOTIFY the CCG/ICB designated doctor or nurse (i)"

# Level 4: the designated professional is informed.
tui_keys i
tui_wait "Record a notification"
tui_has "< CCG/ICB designated doctor or nurse >"
tui_keys Tab
tui_type "Dr Dee Designated"
tui_keys Tab
tui_type "telephone"
tui_keys F2
tui_wait "Notification recorded on ESC-2026-0001."
tui_lacks "*NOTIFY"
tui_has "Informed the CCG/ICB designated doctor"
esc 0 show ESC-2026-0001
out_has "Dr Dee Designated"

# Esc on a half-filled form asks, then writes nothing.
tui_keys o
tui_wait "Add a note"
tui_type "draft that must not be kept"
tui_keys Escape
tui_wait "Discard what you typed?"
tui_keys y
tui_wait "Cancelled; nothing was written."
esc 0 show ESC-2026-0001
out_lacks "draft that must not be kept"

# The entry for the clinical record.
tui_keys x
tui_wait "entry for the child's clinical record"
tui_has "Siobhán Ní Bhriain"
tui_keys q
tui_wait "Case ESC-2026-0001"

# Resolve.
tui_keys R
tui_wait "Resolve ESC-2026-0001 at level 4 (Head of Service)"
tui_type "A strategy discussion was agreed"
tui_keys F2
tui_wait "Please confirm"
tui_has "Resolve ESC-2026-0001 at level 4 (Head of Service)? The case"
tui_lacks "Still owed"
tui_keys y
tui_wait "ESC-2026-0001 resolved."
tui_has "level 4 (Head of Service), resolved"
tui_has "Resolved at level 4 by Sam Tester"
tui_has "O reopen"
esc 0 show ESC-2026-0001
out_has "resolved"

# Back on the list: resolved cases leave the open view, and show in all.
tui_keys q
tui_wait "Case list"
tui_has "No cases here"
tui_keys f
tui_wait "[all cases]"
tui_has "resolved"
tui_keys q
check_eq "exit status after q" 0 "$(tui_exit_status)"
tui_stop

# An urgent jump: refused for frontline (shown why), and for a named
# professional it warns and asks before writing.
role frontline
esc 0 new --local-id "LR-1234" --la Kent --theme "Case closed / stepped down" \
	--decision "Case closed" --concern "Injuries reported by school"
tui_start
# The view left last time (all cases) comes back; o shows the open ones.
tui_wait "[all cases]"
tui_keys o
tui_wait "[open cases]"
tui_wait "ESC-2026-0002"
tui_keys Enter
tui_wait "Case ESC-2026-0002"
tui_keys u
tui_wait "Not allowed: an urgent jump to level 4 needs a named or designated"
tui_has_words "you are frontline (your role does not allow it)"
tui_keys q q
check_eq "exit status after q" 0 "$(tui_exit_status)"
tui_stop
role named
tui_start
tui_wait "ESC-2026-0002"
tui_keys Enter
tui_wait "Case ESC-2026-0002"
tui_keys u
tui_wait "URGENT jump to the head of service"
tui_has "ONLY when the child's immediate welfare may be compromised"
tui_type "Child left alone overnight"
tui_keys F2
tui_wait "Please confirm"
tui_keys n
tui_wait "Not saved; the form is as you left it."
esc 0 show ESC-2026-0002
out_lacks "urgent"
tui_keys F2
tui_wait "Please confirm"
tui_keys y
tui_wait "ESC-2026-0002 is now at level 4 (Head of Service)"
tui_has "URGENT jump to level 4 by Sam Tester: Child left alone"
tui_keys q
tui_wait "Case list"
tui_has "U*"
tui_keys q
check_eq "exit status after q" 0 "$(tui_exit_status)"

finish
