# Help (issue 13): ? and F1 open it at the current screen's keys first; / finds
# text in it (n, N: the next and previous match, round the end), Space,
# Ctrl-F, Ctrl-D page down and b, Ctrl-B, Ctrl-U up, in help and in the long
# pages; in a text field ? is typed and the status line offers F1; the
# status line shows Ctrl-S beside F2.
. "$(dirname "$0")/tui_lib.sh"

at "2026-05-04 09:00"
esc 0 init --name "Sam Tester" --org "Anytown NHS Trust"
esc 0 new --local-id "HELP-1" --la Kent --theme "Other" --decision "Referral refused" \
	--concern "Missed appointments"
REF=$(new_ref)

first_line() { # the first line of the page under the title
	tui_screen | sed -n 2p
}

tui_start
tui_wait "Case list"
tui_keys '?'
tui_wait "Help: every key, this screen's first (Case list)"
tui_line_has 5 "Case list"
tui_has "Enter                  Open the selected case"

# Paging: each key moves the page, its opposite brings it back.
top=$(first_line)
for pair in "Space b" "C-f C-b" "C-d C-u"; do
	set -- $pair
	tui_keys "$1"
	tui_settle
	moved=$(first_line)
	CHECKS=$((CHECKS + 1))
	[ "$moved" != "$top" ] || { fail "$1 did not page down the help"; tui_dump; }
	tui_keys "$2"
	tui_settle
	check_eq "the help after $1 then $2" "$top" "$(first_line)"
done

# Finding: the line found is brought into view and said.
tui_keys /
tui_wait "Find:"
tui_type "suspend to the shell"
tui_keys Enter
tui_wait "Suspend to the shell"
tui_match "^ ?Line [0-9]+ of [0-9]+ +n next +N previous"
tui_has "Ctrl-Z"
# One match only: n comes round to it again from the top.
tui_keys n
tui_wait "(from the top)"
tui_has "Suspend to the shell"
# A text on several lines: n and N go between them.
tui_keys /
tui_wait "Find:"
tui_type "one page"
tui_keys Enter
tui_wait "n next"
l1=$(tui_screen | grep -Eo "Line [0-9]+ of" | head -1)
tui_keys n
tui_settle
l2=$(tui_screen | grep -Eo "Line [0-9]+ of" | head -1)
CHECKS=$((CHECKS + 1))
[ -n "$l1" ] && [ "$l1" != "$l2" ] || { fail "n did not move to another match ($l1, $l2)"; tui_dump; }
tui_keys N
tui_settle
check_eq "N after n" "$l1" "$(tui_screen | grep -Eo "Line [0-9]+ of" | head -1)"
tui_keys /
tui_wait "Find:"
# The prompt starts empty, the last text one Up-arrow away.
tui_lacks "Find: one page"
tui_keys Up
tui_wait "Find: one page"
tui_keys C-u
tui_type "no such words anywhere"
tui_keys Enter
tui_wait "Not found: no such words anywhere"
tui_keys q
tui_wait_gone "Help:"

# The case view pages too, and its help starts with its keys.
tui_keys Enter
tui_wait "Case $REF"
tui_keys F1
tui_wait "this screen's first (Case view)"
tui_line_has 5 "Case view"
tui_keys q
tui_wait "Case $REF"
tui_keys q
tui_wait "Case list"

# In a form's text field ? is a character; F1 opens help at the form's keys.
tui_keys n
tui_wait "New escalation"
tui_keys Tab
tui_type "what?"
tui_wait "what?"
tui_lacks "Help:"
tui_line_has 23 "F2/Ctrl-S save"
tui_line_has 23 "F1 help"
tui_keys F1
tui_wait "this screen's first (Forms)"
tui_has "F2, Ctrl-S"
tui_keys /
tui_wait "Find:"
tui_type "visual"
tui_keys Enter
tui_wait "Edit the text in \$VISUAL"
tui_has "F4, Ctrl-O"
tui_keys q
tui_wait "what?"
tui_keys C-c
tui_wait "Discard"
tui_keys y
check_eq "exit status" 0 "$(tui_exit_status)"
finish
