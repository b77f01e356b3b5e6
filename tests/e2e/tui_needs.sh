# "Needs my action" in the interface (issue 10, issue 13 item 4): a login
# with nothing due opens on the open cases; one with something due opens on
# "needs my action", one key (m) from the open cases, and the line above the
# keys says why the selected case is there: overdue at its level, an agreed
# action it owns is due, a notification it may record is owed.  The 80x24
# screen is compared whole.
. "$(dirname "$0")/tui_lib.sh"

at "2026-05-04 09:00"
esc 0 init --name "Sam Tester" --org "Anytown NHS Trust"
esc 0 staff set-role "$ME" named
esc 0 new --local-id "OLD-1" --la Kent --theme "Threshold not met" \
	--decision "Referral refused" --concern "Missed appointments"
OLD=$(new_ref)

# Nothing is due yet: the list opens on the open cases.
tui_start
tui_wait "[open cases]"
tui_has "$OLD"
tui_keys m
tui_wait "[needs my action]"
tui_has "No cases here"
tui_keys q
check_eq "exit status after q" 0 "$(tui_exit_status)"
tui_stop

at "2026-05-26 09:00"
esc 0 new --local-id "ACT-2" --la Surrey --theme "Information sharing" \
	--decision "No strategy discussion" --concern "Disclosure at school"
ACT=$(new_ref)
esc 0 contact "$ACT" --with "Alex Social" --role "Social Worker" --org "Surrey CC" \
	--summary "Agreed to share the notes" --outcome concern-remains \
	--action "Send the school's notes|$ME|2026-05-26"
esc 0 new --local-id "URG-3" --la Kent --theme "Case closed / stepped down" \
	--decision "Case closed" --concern "Child left alone overnight"
URG=$(new_ref)
esc 0 urgent "$URG" --reason "Child left alone overnight"
esc 0 new --local-id "NEW-4" --la Kent --theme "Other" --decision "d" --concern "c"
NEW=$(new_ref)

tui_start
tui_wait "[needs my action]"
tui_has "3 cases"
tui_has "$OLD"
tui_has "$ACT"
tui_has "$URG"
tui_lacks "$NEW"
# The owner column holds the staff member's name (not the login running
# the test), the due column the date each level is due (issue 13 item 9).
tui_screen_is "$(dirname "$0")/fixtures/tui_needs.screen"

# The why line follows the cursor.
for ref in "$OLD" "$ACT" "$URG"; do
	tui_keys g
	tui_settle
	for _ in 1 2 3; do
		tui_screen | grep -q "^>.*$ref" && break
		tui_keys j
		tui_settle
	done
	case $ref in
	"$OLD") tui_wait "Why the selected case needs you: overdue at its level" ;;
	"$ACT") tui_wait "Why the selected case needs you: an agreed action you own is due" ;;
	"$URG") tui_wait "Why the selected case needs you: a notification you may record is owed" ;;
	esac
done
# m toggles to the open cases and back.
tui_keys m
tui_wait "[open cases]"
tui_has "$NEW"
tui_has "Marks: ! overdue"
tui_keys m
tui_wait "[needs my action]"
tui_keys q
check_eq "exit status after q" 0 "$(tui_exit_status)"
finish
