# What a terminal user expects: the interface works at 80x24, redraws for a
# larger window (132x43) and back, says it needs more room below 80x24 and
# recovers, keeps a half-typed form across a resize, reads without colour
# (NO_COLOR, a monochrome terminal), and leaves the terminal as it found it
# after q, Ctrl-C and SIGTERM.
. "$(dirname "$0")/tui_lib.sh"

at "2026-04-01 09:00"
esc 0 init --name "Sam Tester" --org "Anytown NHS Trust"
esc 0 new --nhs "943 476 5919" --la Surrey --theme "Threshold not met" \
	--decision "Referral not accepted" --concern "Repeated bruising"
at "2026-05-05 09:00"
esc 0 new --local-id "LR-77" --la Kent --theme "Information sharing" \
	--decision "No strategy discussion" --concern "Disclosure at school"
esc 0 staff set-role "$ME" named
esc 0 urgent ESC-2026-0002 --reason "Child left alone overnight"

# 80x24: the compact layout; marks as text with their legend.
tui_start 80 24
tui_wait "Case list"
# Both cases need this login (overdue; a notification owed), so the list
# opens on "needs my action"; m goes to the open cases.
tui_wait "[needs my action]"
tui_keys m
tui_wait "[open cases]"
tui_has "!U*"
tui_has "Marks: ! overdue at its level   U urgent jump   * notification owed"
CHECKS=$((CHECKS + 1))
tui_screen | grep -q 'ESC-2026-0001 .* !$' || { fail "case 1 lacks its overdue mark"; tui_dump; }
CHECKS=$((CHECKS + 1))
tui_screen | grep -q 'ESC-2026-0002 .*  U\*$' || { fail "case 2 lacks its urgent and notify marks"; tui_dump; }

# Larger: the marks are spelled out and the columns widen.
tui_resize 132 43
tui_wait "Marks"
tui_has "!OVERDUE"
tui_has "URGENT *NOTIFY"
tui_has "4 Head of Service"
CHECKS=$((CHECKS + 1))
[ "$(tui_screen | sed -n 1p | wc -m)" -ge 120 ] || { fail "the title bar did not widen"; tui_dump; }
tui_keys Enter
tui_wait "Case ESC-2026-0001"

# Help at the large size, then shrunk back while it is open.
tui_keys '?'
tui_wait "Help: every key"
tui_has "Case view"
tui_has "Escalate to the next level"
# Help opens at the keys of the screen it was asked from (issue 13 item 10).
tui_line_has 0 "Help: every key, this screen's first (Case view)"
CHECKS=$((CHECKS + 1))
HERE=$(tui_screen | grep -n "^ Case view" | cut -d: -f1)
EVERY=$(tui_screen | grep -n "^ Everywhere" | cut -d: -f1)
[ -n "$HERE" ] && { [ -z "$EVERY" ] || [ "$HERE" -lt "$EVERY" ]; } ||
	{ fail "help does not start with the case view's keys"; tui_dump; }
tui_resize 80 24
tui_wait "Help: every key"
tui_keys End
tui_wait "Help and text pages"
tui_keys q
tui_wait "Case ESC-2026-0001"

# Below 80x24: a message, not a broken drawing; keys still work after.
tui_resize 60 20
tui_wait "needs a terminal of at least 80x24"
tui_has "this one is 60x20"
tui_lacks "Case ESC-2026-0001"
tui_resize 80 24
tui_wait "Case ESC-2026-0001"
tui_keys q
tui_wait "Case list"

# A half-typed form survives a resize.
tui_keys n
tui_wait "New escalation"
tui_keys Tab
tui_type "LR-9001"
tui_resize 100 30
tui_wait "Child identifier *        LR-9001"
tui_resize 80 24
tui_wait "Child identifier *        LR-9001"

# Ctrl-C over unsaved input asks first; a second Ctrl-C leaves at once.
tui_keys C-c
tui_wait "Discard the form you are filling in and quit?"
tui_keys n
tui_wait_gone "Discard the form"
tui_has "LR-9001"
tui_keys C-c
tui_wait "Discard the form you are filling in and quit?"
tui_keys C-c
check_eq "exit status after Ctrl-C" 0 "$(tui_exit_status)"
tui_terminal_sane
tui_lacks "New escalation" # the alternate screen is gone
esc 0 list --all
out_lacks "LR-9001"
tui_stop

# NO_COLOR: attributes only (bold, reverse), no colour; marks still there.
TUI_ENV="NO_COLOR=1" tui_start 80 24
tui_wait "Case list"
CHECKS=$((CHECKS + 1))
tui_tmux capture-pane -e -p -t "$TUI_SESSION" | grep -q $'\033\\[[0-9;]*3[0-7]m\\|38;5;' &&
	{ fail "colour used despite NO_COLOR"; tui_dump; }
tui_has "!U*"
tui_keys C-c
check_eq "exit status after Ctrl-C" 0 "$(tui_exit_status)"
tui_terminal_sane
tui_stop

# With colour allowed, the marks are also coloured (so the check above can fail).
tui_start 80 24
tui_wait "Case list"
CHECKS=$((CHECKS + 1))
tui_tmux capture-pane -e -p -t "$TUI_SESSION" | grep -q $'\033\\[[0-9;]*3[0-7]m\\|38;5;' ||
	{ fail "no colour on a colour terminal"; tui_dump; }

# SIGTERM: the loop ends and the terminal is restored.
PID=$(tui_pid)
kill -TERM "$PID"
check_eq "exit status after SIGTERM" 143 "$(tui_exit_status)"
tui_terminal_sane
tui_stop

# A monochrome terminal works the same.
TUI_TERM=vt100 tui_start 80 24
tui_wait "[needs my action]"
tui_keys m
tui_wait "[open cases]"
tui_has "Marks: ! overdue"
tui_keys q
check_eq "exit status after q" 0 "$(tui_exit_status)"
tui_terminal_sane

finish
