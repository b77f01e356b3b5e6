# Search in the interface (issue 13 item 2): it looks at every case (closed
# ones too, whatever the view), takes an NHS number however it is grouped
# and any unique part of a reference, starts empty with the last search one
# Up-arrow away, and n / N go to the next and previous match.
. "$(dirname "$0")/tui_lib.sh"

at "2025-12-01 09:00"
esc 0 init --name "Sam Tester" --org "Anytown NHS Trust"
esc 0 new --local-id "OLD-1" --la Kent --theme "Other" --decision "Old decision" \
	--concern "Worry about school"
at "2026-05-04 09:00"
esc 0 new --nhs 9434765919 --la Surrey --theme "Other" --decision "Referral refused" \
	--concern "Worry about bruising"
esc 0 new --local-id "RX-77" --la Kent --theme "Other" --decision "Closed" \
	--concern "Worry about neglect"
esc 0 staff set-role "$ME" named
esc 0 resolve ESC-2026-0002 --outcome "Settled"
esc 0 new --local-id "LR-3" --la Kent --theme "Other" --decision "d" --concern "Nothing alike"
# The people spoken with are found by name (contact rows).
esc 0 contact ESC-2026-0003 --with "Bartholomew Quince" --role "Social worker" \
	--org "Kent CC" --summary "Talked" --outcome concern-remains --at "2026-05-04 08:00"

search() {
	tui_keys /
	tui_wait "Search all cases"
	tui_type "$1"
	tui_keys Enter
	tui_wait "[search, all cases]"
}

tui_start
tui_wait "Case list"

search "943 476 5919"
tui_wait "\"943 476 5919\": NHS number 9434765919"
tui_has "1 case"
tui_has "ESC-2026-0001"

# The resolved case, by part of its reference.
search "2026-2"
tui_wait "reference ESC-2026-0002"
tui_has "ESC-2026-0002"
tui_has "resolved"
tui_has "1 case"
search "0003"
tui_wait "reference ESC-2026-0003"
# "1" is ESC-2025-0001 and ESC-2026-0001: the screen says to give the year.
search "1"
tui_wait "0001 is in 2 years: give one, e.g. 2026-0001"
search "esc-2025-1"
tui_wait "reference ESC-2025-0001"
tui_has "1 case"

# The prompt starts empty; Up brings back the last search.
tui_keys /
tui_wait "Search all cases"
CHECKS=$((CHECKS + 1))
tui_screen | sed -n 23p | grep -q "esc-2025-1" && { fail "the prompt kept the last search"; tui_dump; }
tui_has "Up last"
tui_keys Up
tui_wait "Search all cases: esc-2025-1"
tui_keys C-u
tui_type "Worry about"
tui_keys Enter
tui_wait "\"Worry about\""
tui_has "3 cases"
# n / N: next and previous match, not a new case.
tui_keys g
tui_settle
FIRST=$(tui_screen | grep '^>' | grep -o 'ESC-[0-9]*-[0-9]*')
tui_keys n
tui_settle
SECOND=$(tui_screen | grep '^>' | grep -o 'ESC-[0-9]*-[0-9]*')
CHECKS=$((CHECKS + 1))
[ -n "$SECOND" ] && [ "$SECOND" != "$FIRST" ] || { fail "n did not move to the next match"; tui_dump; }
tui_lacks "New escalation"
tui_keys n n
tui_wait "No further match: this is the last of 3."
tui_keys N N N
tui_wait "No earlier match: this is the first of 3."
CHECKS=$((CHECKS + 1))
[ "$(tui_screen | grep '^>' | grep -o 'ESC-[0-9]*-[0-9]*')" = "$FIRST" ] ||
	{ fail "N did not go back to the first match"; tui_dump; }
# A person spoken with, by part of their name; a local id in any case.
search "quince"
tui_wait "\"quince\""
tui_has "1 case"
tui_has "ESC-2026-0003"
search "rx-77"
tui_wait "\"rx-77\""
tui_has "1 case"
tui_has "ESC-2026-0002"

# Tab at the prompt: only the view (open cases, Kent); the screen says so,
# and Tab again is every case.
tui_keys c
tui_wait "[open cases]"
tui_keys a
tui_wait "Type to narrow"
tui_type "kent"
tui_keys Enter
tui_wait "LA:Kent"
tui_keys /
tui_wait "Search all cases:"
tui_has "Tab only open cases"
tui_keys Tab
tui_wait "Search only open cases  LA:Kent:"
tui_has "Tab all cases"
tui_type "Worry"
tui_keys Enter
tui_wait "[search in open cases  LA:Kent] \"Worry\""
# Kent's open cases: the resolved RX-77 and Surrey's case are left out.
tui_has "1 case"
tui_has "ESC-2025-0001"
tui_lacks "ESC-2026-0001"
tui_lacks "ESC-2026-0002"
tui_keys /
tui_wait "Search only open cases"
tui_keys Tab
tui_wait "Search all cases:"
tui_type "Worry"
tui_keys Enter
tui_wait "[search, all cases] \"Worry\""
tui_has "3 cases"

# c clears the search: back to the view.
tui_keys c
tui_wait "[open cases]"
tui_keys n
tui_wait "New escalation"
tui_keys Escape
tui_wait "Case list"
tui_keys q
check_eq "exit status after q" 0 "$(tui_exit_status)"
finish
