# Pick-lists (issue 13 item 8): on a pick-list field the first character
# typed opens the list already narrowed by it; a single-choice list says
# that Enter chooses (and offers no Space to mark); after a choice the
# cursor is on the next field.
. "$(dirname "$0")/tui_lib.sh"

at "2026-05-04 09:00"
esc 0 init --name "Sam Tester" --org "Anytown NHS Trust"

cursor_row() {
	tui_tmux display -p -t "$TUI_SESSION" '#{cursor_y}'
}

# The screen row (0 = top) of the line holding TEXT.
row_of() {
	echo $(($(tui_screen | grep -n -- "$1" | head -1 | cut -d: -f1) - 1))
}

tui_start
tui_wait "Case list"
tui_keys n
tui_wait "New escalation"
tui_keys Tab Tab
tui_wait "Type a few letters, or Enter"
# "p" narrows the authorities at once: Peterborough and Hampshire stay,
# Kent goes.
tui_type "p"
tui_wait "Type to narrow: p"
tui_has "Peterborough"
tui_has "Hampshire"
tui_lacks "Kent"
tui_has "One choice: Enter chooses the entry under the cursor"
tui_lacks "Space mark"
tui_type "ete"
tui_wait "Type to narrow: pete"
tui_lacks "Hampshire"
tui_keys Enter
tui_wait_gone "Type to narrow"
tui_match "^  Local authority \\* +Peterborough"
check_eq "cursor on the next field after the choice" "$(row_of 'Social care team')" "$(cursor_row)"
# q on a pick-list field is typed into the list, not a cancel.
tui_keys BTab
tui_type "q"
tui_wait "Type to narrow: q"
tui_has "(nothing matches)"
tui_keys Escape
tui_wait_gone "Type to narrow"
tui_has "New escalation"
# Themes take several: typing narrows, Space marks, Enter closes the list,
# and the cursor goes on to the raising agency.
tui_keys Tab Tab Tab Tab
tui_wait "for the list; Space marks several"
tui_type "thr"
tui_wait "Type to narrow: thr"
tui_has "Several may be chosen"
tui_has "[ ] Threshold not met"
tui_lacks "Other"
tui_keys Space
tui_wait "[x] Threshold not met"
tui_keys Enter
tui_wait_gone "Type to narrow"
tui_match "^  Themes \\* +Threshold not met"
check_eq "cursor on the next field after the themes" "$(row_of 'Raising agency')" "$(cursor_row)"
tui_keys Escape
tui_wait "Discard what you typed"
tui_keys y
tui_wait "Case list"
tui_keys q
check_eq "exit status after q" 0 "$(tui_exit_status)"
finish
