# Issue 13, live data and the cursor kept: while the interface shows the
# list, a case or a form, another process (the CLI) creates and escalates
# cases, and the screen shows it without a key being pressed; the list's
# cursor stays on its case (after a reload, and when a change moves the
# case to another page of the sorted list); an open form says at once that
# its case changed, and keeps what was typed.
. "$(dirname "$0")/tui_lib.sh"

at "2026-05-04 09:00"
esc 0 init --name "Sam Tester" --org "Anytown NHS Trust"
esc 0 staff set-role "$ME" named
# Each case on its own authority and theme, so that no multi-case pattern
# banner moves the list's rows.
LAS=(Cambridgeshire Peterborough Surrey Dorset Hampshire Kent Norfolk
	"Bournemouth, Christchurch and Poole")
THEMES=("Threshold not met" "Case closed / stepped down" "Information sharing"
	"Drift / lack of progression" "Child protection plan decision"
	"Looked-after children health" "Other" "No strategy discussion or section 47 enquiry"
	"Perplexing presentations / fabricated or induced illness")
REFS=()
logged() { # i: the i-th case, on its own authority and theme
	esc 0 new --local-id "LIVE-$1" --la "${LAS[$(($1 % 8))]}" --theme "${THEMES[$(($1 % 9))]}" \
		--decision "Referral refused $1" --concern "Missed appointments"
}
for i in $(seq 0 23); do
	logged "$i"
	REFS+=("$(new_ref)")
done
A=${REFS[0]} B=${REFS[2]} LAST=${REFS[23]}

contact() {
	esc 0 contact "$1" --with "Alex Social" --role "Social Worker" --org "Kent CC" \
		--summary "${2:-Discussed}" --outcome concern-remains
}
up() {
	contact "$1"
	esc 0 escalate "$1" --reason "${2:-Taken up a level}"
}
# The selected row (the cursor's) holds TEXT.
selected_has() {
	CHECKS=$((CHECKS + 1))
	if tui_screen | grep -E '^>' | grep -qF -- "$1"; then
		return 0
	fi
	fail "the selected row is not $1"
	tui_dump
	return 1
}

tui_start
tui_wait "Case list"
tui_wait "24 cases"
selected_has "$A"

# The list: a case logged elsewhere appears, with no key pressed.
logged 24
NEW=$(new_ref)
tui_wait "25 cases"
tui_wait "Updated: someone else wrote to the database."
selected_has "$A"

# The cursor on the third case; sorted by level, an escalation elsewhere
# moves it to the top, and the cursor goes with it.
tui_keys s
tui_wait "sort:level"
tui_keys j j
tui_wait_gone "Updated: someone else"
selected_has "$B"
up "$B" "Escalated by a colleague"
tui_wait "Updated: someone else wrote to the database."
selected_has "$B"
tui_line_has 3 "$B"

# The case view: an escalation elsewhere shows at once.
tui_keys Enter
tui_wait "Case $B"
tui_wait "level 2 (Manager / Named Professional), open"
contact "$B" "Second discussion elsewhere"
up "$B" "Colleague took it to level 3"
tui_wait "level 3 (Team Manager), open"
tui_keys G
tui_wait "Escalated to level 3 by Sam Tester"
tui_has_words "Colleague took it to level 3"

# A form: what is typed stays, and the form says the case moved.
tui_keys c
tui_wait "Record a contact"
tui_keys Tab
tui_type "Robin Worker"
tui_settle
esc 0 note "$B" --text "A note from a colleague"
tui_wait "This case changed since you opened the form"
tui_has_words "1 new entry in its history; it is still at level 3 (Team Manager), open."
tui_has "Robin Worker"
up "$B" "Colleague took it to level 4"
tui_wait "now at level 4"
tui_has_words "now at level 4 (Head of Service), open; it was at level 3, open."
tui_has_words "F2 will not save this"
tui_has "Robin Worker"
tui_keys Escape
tui_wait "Discard what you typed?"
tui_keys y
tui_wait "level 4 (Head of Service)"

# Back in the list: the cursor on the case just worked on.
tui_keys q
tui_wait "Case list"
selected_has "$B"

# The last case, opened from the end of the list (the second page), is
# escalated here: sorted by level it now leads the list, and the cursor is
# on it there.
tui_keys G
tui_wait_gone "Updated: someone else"
selected_has "$NEW"
tui_keys k
selected_has "$LAST"
tui_keys Enter
tui_wait "Case $LAST"
contact "$LAST"
tui_wait "Updated: someone else wrote to the database."
tui_keys e
tui_wait "goes from level 1"
tui_type "Moved up from here"
tui_keys F2
tui_wait "Please confirm"
tui_keys y
tui_wait "is now at level 2"
tui_keys q
tui_wait "Case list"
selected_has "$LAST"
tui_line_has 3 "$LAST"

# Another order keeps the cursor on its case too: newest first it is
# second; by time at the level (all reached at the same minute, so by
# case) it is on the second page again.
tui_keys s
tui_wait "sort:newest"
selected_has "$LAST"
tui_line_has 4 "$LAST"
tui_keys s
tui_wait "sort:time at level"
selected_has "$LAST"
tui_lacks "${REFS[0]}"

# A pick-list open over the list: the list is read again once it closes.
tui_keys a
tui_wait "Local authority"
logged 25
tui_settle
tui_keys Escape
tui_wait "26 cases"
selected_has "$LAST"

tui_keys q
check_eq "exit status after q" 0 "$(tui_exit_status)"
finish
