# Terminals that cannot show the interface (issue 13): it refuses before
# curses starts, with a message saying what to set and exit status 2 (as for
# an unknown TERM), rather than draw a screen that garbles names or cannot
# be used.  A locale that is not UTF-8 (LC_ALL=C, or no LANG at all as over
# some SSH connections) is refused with the LANG to set (escalate(1),
# TERMINALS, says why it refuses rather than show ASCII stand-ins);
# TERM=dumb, a terminal without cursor addressing (no cup) and an unknown
# TERM are refused too.  The same database opens under LANG=C.UTF-8 with the
# names whole.
. "$(dirname "$0")/tui_lib.sh"

at "2026-05-04 09:00"
esc 0 init --name "Siobhán Ní Bhriain" --org "Anytown NHS Trust"
esc 0 new --nhs "943 476 5919" --la Kent --theme Other --decision d --concern c

# refused TEXT...: the program ended with status 2, its message holds each
# TEXT (as words: it may wrap), no screen was drawn and the terminal is sane.
refused() {
	check_eq "exit status ($TUI_ENV TERM=$TUI_TERM)" 2 "$(tui_exit_status)"
	# Written by the program as lines the terminal wraps: joined back
	# (capture-pane -J) before looking.
	local said
	said=$(tui_tmux capture-pane -p -J -t "$TUI_SESSION" | tr '\n' ' ')
	for text in "$@"; do
		CHECKS=$((CHECKS + 1))
		case $said in
		*"$text"*) ;;
		*) fail "the refusal lacks: $text (it said: $said)" ;;
		esac
	done
	tui_lacks "Case list"
	tui_lacks "ESC-2026-0001"
	tui_terminal_sane
	tui_stop
}

# LC_ALL=C and no LANG: what an SSH session without LANG gives.
TUI_ENV="LC_ALL=C LANG="
tui_start
tui_wait "UTF-8 locale"
refused "escalate: the interface needs a UTF-8 locale, and LC_ALL=C is not one" \
	"Start it with LANG=C.UTF-8 and LC_ALL unset" "the subcommands work in any locale"

# No locale variable at all.
TUI_ENV="LC_ALL= LANG="
tui_start
tui_wait "UTF-8 locale"
refused "needs a UTF-8 locale, and no LANG is set" "Start it with LANG=C.UTF-8"

# A locale named but not UTF-8 (installed or not, it is not UTF-8).
TUI_ENV="LC_ALL= LANG=en_GB.ISO-8859-1"
tui_start
tui_wait "UTF-8 locale"
refused "LANG=en_GB.ISO-8859-1 is not one" "Start it with LANG=C.UTF-8"

# The subcommands still work in that locale, names unharmed (UTF-8 out).
LC_ALL=C esc 0 staff list
out_has "Siobhán Ní Bhriain"

TUI_ENV=
TUI_TERM=dumb
tui_start
tui_wait "cannot drive"
refused "escalate: cannot drive this terminal (TERM=dumb: it cannot move the cursor)" \
	"set TERM to your terminal's type or use the subcommands"

# A terminal that clears and rings but cannot address the cursor.
mkdir -p "$TEST_TMP/terminfo"
printf 'nocup|a terminal without cursor addressing,\n\tam, cols#80, lines#24,\n\tbel=^G, clear=\\E[H\\E[2J, cr=\\r, cud1=\\n, ind=\\n,\n' \
	>"$TEST_TMP/nocup.ti"
tic -o "$TEST_TMP/terminfo" "$TEST_TMP/nocup.ti" 2>/dev/null
CHECKS=$((CHECKS + 1))
[ -n "$(find "$TEST_TMP/terminfo" -type f)" ] || fail "tic did not compile nocup.ti"
TUI_ENV="TERMINFO=$TEST_TMP/terminfo"
TUI_TERM=nocup
tui_start
tui_wait "cannot drive"
refused "cannot drive this terminal (TERM=nocup: it cannot move the cursor)"

TUI_ENV=
TUI_TERM=no-such-terminal-type
tui_start
tui_wait "cannot drive"
refused "cannot drive this terminal (TERM=no-such-terminal-type: an unknown terminal type)"

# The same database under a UTF-8 locale: the interface, names whole.
TUI_TERM=screen-256color
tui_start
tui_wait "Case list"
tui_has "Siobhán Ní Bhriain (designated, admin)"
tui_keys q
check_eq "exit status after q" 0 "$(tui_exit_status)"
finish
