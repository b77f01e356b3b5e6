# Long free text in forms (issue 13 item 1): a word-wrapped, multi-line area
# with its length against the limit; Enter starts a new line, Up and Down
# move in it; when the focus leaves, the start of the text shows (not its
# end), with an ellipsis; what is saved holds the line breaks.
. "$(dirname "$0")/tui_lib.sh"

at "2026-05-04 09:00"
esc 0 init --name "Sam Tester" --org "Anytown NHS Trust"

cursor() {
	tui_tmux display -p -t "$TUI_SESSION" '#{cursor_x} #{cursor_y}'
}

# 548 characters, as in the issue.
CONCERN="Start of the concern."
while [ ${#CONCERN} -lt 530 ]; do
	CONCERN="$CONCERN Repeated unexplained bruising seen at school."
done
CONCERN="${CONCERN:0:530} End of the concern."
check_eq "concern length" 550 "${#CONCERN}"

tui_start
tui_wait "Case list"
tui_keys n
tui_wait "New escalation"
tui_keys Right
tui_wait "< local record number >"
tui_keys Tab
tui_type "LR-5001"
tui_keys Tab Enter
tui_wait "Type to narrow"
tui_type "kent"
tui_keys Enter
tui_wait_gone "Type to narrow"
tui_keys Tab
# The decision: two lines, Enter between them.
tui_type "Referral not accepted"
tui_keys Enter
tui_type "No strategy discussion"
tui_wait "44/8000"
# Typing: ? is a character, so the keys line offers F1 for help.
tui_line_has 23 "F1 help"
CHECKS=$((CHECKS + 1))
tui_screen | sed -n 24p | grep -qF "? help" && { fail "a text field offers ? for help"; tui_dump; }
tui_has "Enter: new line, F4: your editor. The decision you disagree with"
# Up goes back to the first line, keeping the column (capped at its end).
tui_keys Up
tui_settle
tui_type " (again)"
tui_wait "Referral not accepted (again)"
tui_keys Tab
tui_type "$CONCERN"
tui_wait "End of the concern."
tui_match "Concern \\* +550/8000"
# The cursor sits at the end of the text, inside the area.
read -r CX CY <<<"$(cursor)"
CHECKS=$((CHECKS + 1))
tui_screen | sed -n "$((CY + 1))p" | grep -q "End of the concern." ||
	{ fail "cursor row $CY is not the concern's last line"; tui_dump; }
CHECKS=$((CHECKS + 1))
[ "$CX" -ge 28 ] && [ "$CX" -lt 80 ] || { fail "cursor column $CX outside the field"; tui_dump; }
# Leaving the field: its start shows, with an ellipsis, not its end.
tui_keys Tab
tui_settle
tui_has "Start of the concern."
tui_lacks "End of the concern."
tui_match "…$"
tui_keys Enter
tui_wait "Type to narrow"
tui_has "Several may be chosen: Space marks or unmarks"
tui_has "Space mark"
tui_type "threshold"
tui_keys Space Enter
tui_wait_gone "Type to narrow"
tui_keys F2
tui_wait "Logged ESC-2026-0001"
esc 0 show ESC-2026-0001 --format json
out_has 'Referral not accepted (again)\nNo strategy discussion'
out_has "End of the concern."
tui_keys q q
check_eq "exit status after q" 0 "$(tui_exit_status)"
finish
