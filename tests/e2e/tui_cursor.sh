# The terminal cursor sits on the focused item in every screen (issue 13,
# screen readers follow it): the selected row of the list and of pick-lists,
# the insertion point of the field being typed in, the focused field that is
# chosen rather than typed, the first line of a page of text (case view,
# record entry, help, report), the question of a confirmation, the search
# prompt.  It is never hidden.  Each position is compared with where the
# screen draws the focused item (tui_cursor_on), in the ordinary interface
# and in --accessible (ESCALATE_ACCESSIBLE=1) alike.
. "$(dirname "$0")/tui_lib.sh"

at "2026-05-04 09:00"
esc 0 init --name "Sam Tester" --org "Anytown NHS Trust"
esc 0 new --nhs "943 476 5919" --la Kent --theme "Threshold not met" \
	--decision "Referral refused" --concern "Missed appointments"
esc 0 new --local-id "X-2" --la Surrey --theme Other --decision d --concern c
# A timeline longer than the window, to scroll.
for i in $(seq 14); do
	esc 0 note ESC-2026-0001 --text "Note number $i"
done

for mode in plain accessible; do
	if [ $mode = plain ]; then
		TUI_ENV=
		row1="> ESC-2026-0001" row2="> ESC-2026-0002" sel="> "
	else
		TUI_ENV="ESCALATE_ACCESSIBLE=1"
		row1="Case ESC-2026-0001," row2="Case ESC-2026-0002," sel=
	fi
	tui_start
	tui_wait "ESC-2026-0002"
	# The list: the selected row, as it moves.
	tui_cursor_on "$row1"
	tui_keys j
	tui_wait "$row2"
	tui_cursor_on "$row2"
	tui_keys k
	tui_wait "$row1"
	tui_cursor_on "$row1"

	# The search prompt: the insertion point.
	tui_keys /
	tui_wait "Search"
	tui_type "zq9"
	tui_wait "zq9"
	tui_cursor_on "zq9" 3
	tui_keys Escape
	tui_wait_gone "zq9"
	tui_cursor_on "$row1"

	# The case view: the first line of its page.
	tui_keys Enter
	tui_wait "Child: NHS number"
	tui_cursor_on "Child: NHS number"
	# Scrolled, the cursor stays on the page's first line shown.
	tui_keys j
	tui_wait_gone "Child: NHS number"
	tui_cursor_on "Owner: Sam Tester"

	# The record entry: its first line.
	tui_keys g x
	tui_wait "Escalation of professional difference"
	tui_cursor_on "Escalation of professional difference"
	tui_keys q
	tui_wait_gone "Escalation of professional difference"
	tui_keys g
	tui_wait "Child: NHS number"

	# A form: the focused field, typed into or chosen.
	tui_keys c
	tui_wait "Record a contact"
	tui_cursor_on "2026-05-04 09:00" 16
	tui_keys Tab
	tui_type "Jo Bloggs"
	tui_wait "Jo Bloggs"
	tui_cursor_on "Jo Bloggs" 9
	tui_keys Left Left
	tui_cursor_on "Jo Bloggs" 7
	# A confirmation: its question (Ctrl-C with a form half filled in).
	tui_keys C-c
	tui_wait "Discard the form"
	tui_cursor_on "Discard the form"
	tui_keys n
	tui_wait_gone "Discard the form"
	tui_cursor_on "Jo Bloggs" 7
	tui_keys Escape
	tui_wait "Discard"
	tui_keys y
	tui_wait "Cancelled"
	tui_keys g
	tui_wait "Child: NHS number"
	tui_keys q
	tui_wait "$row1"

	# The new-case form: a chosen field (the value's first column), then a
	# pick-list's selected entry, as it moves and as typing narrows it.
	tui_keys n
	tui_wait "New escalation"
	if [ $mode = plain ]; then
		tui_cursor_on "< NHS number >"
	else
		tui_cursor_on "NHS number"
	fi
	tui_keys Tab
	tui_type "943"
	tui_wait "943"
	tui_cursor_on "943" 3
	tui_keys Tab Enter
	tui_wait "Type to narrow"
	tui_cursor_on "${sel}Bournemouth"
	tui_keys Down
	tui_wait "${sel}Cambridgeshire"
	tui_cursor_on "${sel}Cambridgeshire"
	tui_type "Surr"
	tui_wait "Surr"
	tui_cursor_on "${sel}Surrey"
	tui_keys Enter
	tui_wait_gone "Type to narrow"
	tui_keys Escape
	tui_wait "Discard"
	tui_cursor_on "Discard"
	tui_keys y
	tui_wait "$row1"

	# Help: its first line.
	tui_keys ?
	tui_wait "Help"
	tui_cursor_on "A screen's own keys"
	tui_keys q
	tui_wait "$row1"

	# The report: its first line.
	tui_keys r
	tui_wait "Report"
	if [ $mode = plain ]; then
		tui_cursor_on "Level of Escalation"
	else
		tui_cursor_on "Level 1 Social Worker: 1 escalation; themes: Threshold"
	fi
	tui_keys q
	tui_wait "$row1"

	# Too small a window: the line that says so.
	tui_resize 60 20
	tui_wait "needs a terminal of at least"
	tui_cursor_on "escalate needs a terminal"
	tui_resize 80 24
	tui_wait "$row1"
	tui_cursor_on "$row1"
	tui_keys q
	check_eq "exit status after q ($mode)" 0 "$(tui_exit_status)"
	tui_stop
done
# Case 2 at level 4 by the urgent route, a contact there with the concern
# remaining: its case view offers inform as well.
esc 0 urgent ESC-2026-0002 --reason "Child left alone overnight"
esc 0 contact ESC-2026-0002 --with "Al Head" --role "Head of Service" --org "Surrey CC" \
	--summary "Upheld" --outcome concern-remains

# In a form the focused field's line (marked > in the plain interface) holds
# the cursor, in the value's column (TUI_FORM_LABEL_COLS + 2) or after it;
# on a button, on the button's first column.
VALUE_X=28
cursor_in_focused_field() {
	local got y min=$VALUE_X
	got=$(tui_cursor)
	y=$(tui_screen | grep -n '^>' | head -1 | cut -d: -f1)
	# A button: on its first column.
	tui_screen | grep -q '^> \[ ' && min=2
	CHECKS=$((CHECKS + 1))
	if [ -z "$y" ] || [ "${got#* }" != $((y - 1)) ] || [ "${got% *}" -lt $min ] ||
		{ [ $min = 2 ] && [ "${got% *}" != 2 ]; }; then
		fail "$1: the cursor ($got) is not in the focused field (line $((y - 1)))"
		tui_dump
	fi
}

# Every form of the case view (plain interface: the > shows which field
# has the focus), opened from a fresh list on case REF, left with Escape.
TUI_ENV=
tui_start
tui_wait "[needs my action]"
tui_keys m
tui_wait "[open cases]"
for form in "1 c Record a contact" "1 u URGENT jump" "1 o Add a note" "1 R Resolve" "1 w Withdraw" \
	"2 i Record a notification"; do
	set -- $form
	ref=ESC-2026-000$1 key=$2
	shift 2
	tui_keys g
	for _ in 1 2; do
		tui_screen | grep -q "^> $ref" && break
		tui_keys j
		tui_settle
	done
	tui_keys Enter
	tui_wait "Case $ref"
	tui_keys "$key"
	tui_wait "$ref: $*"
	cursor_in_focused_field "$ref $key ($*)"
	# Tab to the next field: the cursor follows.
	tui_keys Tab
	cursor_in_focused_field "$ref $key ($*), after Tab"
	tui_keys Escape
	tui_settle
	case $(tui_screen) in *Discard*) tui_keys y ;; esac
	tui_wait_gone "$ref: $*"
	tui_keys q
	tui_wait "Case list"
done
tui_keys q
check_eq "exit status after q (forms)" 0 "$(tui_exit_status)"
finish
