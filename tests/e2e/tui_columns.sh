# The list's columns fit the content and the window (issue 13 item 9): at
# 132 columns whole authority and theme names, at 80 the long ones cut with
# an ellipsis and short ones whole (the widest give way first); the owner by name, not login; a due
# column; the level's words left out before a theme is cut.
. "$(dirname "$0")/tui_lib.sh"

at "2026-05-04 09:00"
esc 0 init --name "Siobhán Ní Bhriain" --org "Anytown NHS Trust"
esc 0 new --local-id "A-1" --la "Bournemouth, Christchurch and Poole" \
	--theme "No strategy discussion or section 47 enquiry" --decision "d" --concern "c"
esc 0 new --local-id "B-1" --la Peterborough --theme "Threshold not met" --decision "d" \
	--concern "c"

tui_start 132 30
tui_wait "Case list"
tui_has "Bournemouth, Christchurch and Poole"
tui_has "No strategy discussion or section 47 enquiry"
tui_has "Siobhán Ní Bhriain"
tui_match "^  Reference +L +Authority +Theme +Owner +Due +Days"
tui_match "ESC-2026-0001 1 Bournemouth, Christchurch and Poole .* 2026-05-11 "
# The level's words went first (the number says it).
tui_lacks "Social Worker"
# The rows line up under their headings.
tui_screen > "$TEST_TMP/wide.txt"
CHECKS=$((CHECKS + 1))
python3 "$(dirname "$0")/columns.py" "$TEST_TMP/wide.txt" Due 2026-05-11 | grep -qx ok ||
	{ fail "the due column does not line up"; tui_dump; }

# At 80 columns the long names are cut with an ellipsis, the short ones
# are whole, and the level's words are gone before them.
tui_resize 80 24
tui_wait "Bournemouth, C…"
tui_has "Peterborough "
tui_match "ESC-2026-0001 1 Bournemouth, C… +No strategy dis… +Siobhán… +2026-05-11 "
tui_lacks "Social Worker"
tui_has "Due"
tui_has "2026-05-11"
tui_keys q
check_eq "exit status after q" 0 "$(tui_exit_status)"
finish
