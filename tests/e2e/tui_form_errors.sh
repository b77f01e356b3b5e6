# Every problem at once (issue 13 item 3): one F2 on a new-case form with a
# wrong NHS number and four required fields empty marks all five, each
# beside its field, with the cursor on the first; nothing is written.
# Dates as people type them: "yesterday 14:00" and "30/11/2026" are shown
# back as the dates understood and saved so.
. "$(dirname "$0")/tui_lib.sh"

at "2026-05-04 09:00"
esc 0 init --name "Sam Tester" --org "Anytown NHS Trust"

tui_start
tui_wait "Case list"
tui_keys n
tui_wait "New escalation"
tui_keys Tab
tui_type "943 476 5918"
tui_keys Tab Tab Tab
tui_settle
tui_keys F2
tui_wait "9434765918 is not a valid NHS number"
tui_has_words "(and 4 more problems, each beside its field)"
# The check-digit message never names the digit expected, and the screen
# speaks of its own fields, not the command line's names.
tui_lacks "expected"
tui_lacks "check digit"
tui_lacks "nhs-number"
CHECKS=$((CHECKS + 1))
[ "$(tui_screen | grep -c '! is required')" = 4 ] || { fail "not four 'is required' marks"; tui_dump; }
tui_match "^  Local authority \\*"
# The NHS number's own complaint sits under it, and the cursor is there.
N=$(tui_screen | grep -n "Child identifier \\*" | cut -d: -f1)
tui_line_has "$N" "!"
read -r CX CY <<<"$(tui_tmux display -p -t "$TUI_SESSION" '#{cursor_x} #{cursor_y}')"
check_eq "cursor row on the child identifier" "$((N - 1))" "$CY"
CHECKS=$((CHECKS + 1))
[ "$CX" -ge 28 ] || { fail "cursor column $CX is not in the field"; tui_dump; }
esc 0 list --all
out_lacks "ESC-2026"
# Typing in a field takes its mark away; the others stay.
tui_keys BSpace
tui_type "9"
tui_settle
CHECKS=$((CHECKS + 1))
[ "$(tui_screen | grep -c '! is required')" = 4 ] || { fail "the other marks went"; tui_dump; }
tui_keys C-c
tui_wait "Discard the form"
tui_keys C-c
check_eq "exit status after Ctrl-C" 0 "$(tui_exit_status)"
tui_stop

esc 0 new --local-id "DATE-1" --la Kent --theme "Other" --decision "d" --concern "c"
REF=$(new_ref)
tui_start
tui_wait "Case list"
tui_keys Enter
tui_wait "Case $REF"
tui_keys c
tui_wait "Record a contact"
tui_keys C-u
tui_type "yesterday 14:00"
tui_keys Tab
tui_wait "2026-05-03 14:00"
tui_lacks "yesterday"
tui_type "Alex Social"
tui_keys Tab Tab
tui_type "Kent CC"
tui_keys Tab
tui_type "Talked it through"
tui_keys Tab Tab
tui_type "Send the notes"
tui_keys Tab
tui_type "Pat Outside, Kent CC"
tui_keys Tab
tui_type "30/11/2026"
tui_keys Tab
tui_wait "2026-11-30"
tui_keys F2
tui_wait "Contact recorded on $REF."
esc 0 action list "$REF" --format csv
out_has "$REF,1,1,2026-11-30,open,Pat Outside"
esc 0 show "$REF"
out_has "2026-05-03 14:00"

# An agreed action due before its discussion is refused, beside its field,
# together with everything else wrong on the same save; the cursor is on
# the first problem and no message uses the command line's field names.
tui_keys c
tui_wait "Record a contact"
tui_keys C-u
tui_type "yesterday 14:00"
tui_keys Tab Tab Tab Tab
tui_type "Talked it through"
tui_keys Tab Tab
tui_type "Send the notes"
tui_keys Tab
tui_type "Pat Outside, Kent CC"
tui_keys Tab
tui_type "01/05/2026"
tui_keys F2
tui_wait "(and 2 more problems"
tui_has_words "Not saved: Person spoken with: is required (and 2 more problems, each beside its field)"
tui_has_words "! agreed action 1 is due 2026-05-01, before the discussion it came from (2026-05-03)"
CHECKS=$((CHECKS + 1))
[ "$(tui_screen | grep -c '! is required')" = 2 ] || { fail "not two 'is required' marks"; tui_dump; }
tui_lacks "action-due"
tui_lacks "contact-at"
tui_lacks "person-"
N=$(tui_screen | grep -n "Person spoken with \\*" | cut -d: -f1)
read -r CX CY <<<"$(tui_tmux display -p -t "$TUI_SESSION" '#{cursor_x} #{cursor_y}')"
check_eq "cursor row on the first problem" "$((N - 1))" "$CY"
tui_keys Escape
tui_wait "Discard what you typed"
tui_keys y
tui_wait "Cancelled; nothing was written."
esc 0 action list "$REF" --format csv
out_lacks "2026-05-01"
tui_keys q
tui_wait "Case list"

# The report's date range speaks of From and To, not --from and --to.
tui_keys r
tui_wait "Report"
tui_keys d
tui_wait "Report on a date range"
tui_keys C-u
tui_type "2026-12-31"
tui_keys F2
tui_wait "is after To"
tui_has_words "From (2026-12-31) is after To"
tui_lacks "--from"
tui_lacks "--to"
tui_keys Escape
tui_wait "Discard what you typed"
tui_keys y
tui_wait_gone "Report on a date range"
tui_keys q
tui_wait "Case list"
tui_keys q
check_eq "exit status after q" 0 "$(tui_exit_status)"
finish
