# Whole-screen comparisons of the main screens at 80x24, in the manner of
# tig's tests (issue 13): a key script in, the expected screen text out.
# Each screen starts the interface afresh with the clock pinned
# (ESCALATE_NOW), sends its keys, waits for the text that says it is there
# and for the screen to settle, then compares the whole screen with
# tests/e2e/screens/NAME.screen: the case list, the case view, the record
# entry, a form, a pick-list, help and the report, then the same again with
# --accessible (NAME.accessible.screen).
#
# The login running the test appears on some screens: it is masked as @ME@
# (with the blanks after it, which depend on its length).  After a change to
# what a screen shows, write the expected files anew with
#   TUI_SCREENS_UPDATE=1 meson test -C build tui_screens
# and review the diff before committing it.
. "$(dirname "$0")/tui_lib.sh"

SCREENS=$(dirname "$0")/screens

at "2026-05-04 09:00"
esc 0 init --name "Sam Tester" --org "Anytown NHS"
esc 0 staff add hv1 --name "Siobhán Ní Bhriain" --role frontline --org "Anytown NHS"
esc 0 new --nhs "943 476 5919" --la Kent --theme "Threshold not met" \
	--decision "Referral for neglect not accepted" --concern "Three missed appointments"
at "2026-05-05 10:00"
esc 0 contact ESC-2026-0001 --with "Jo Bloggs" --role "Social worker" --org "Kent CC" \
	--summary "SW upheld the decision" --outcome concern-remains --at "2026-05-05 09:30" \
	--action "Share the chronology|Siobhán Ní Bhriain|2026-05-07"
esc 0 escalate ESC-2026-0001 --reason "Concern remains after discussion with the SW"
at "2026-05-06 11:00"
esc 0 new --local-id "LR-2" --la Surrey --theme Other --decision "Case closed" \
	--concern "Disclosure at school"
esc 0 urgent ESC-2026-0002 --reason "Child left alone overnight"
esc 0 new --local-id "LR-3" --la Kent --theme Other --decision d --concern c
at "2026-05-18 09:00"

ME_RE=$(printf '%s|%s' "$ME" "${ME:0:8}" | sed 's/[.[\*^$+?(){}]/\\&/g')
MASK="s/(^|[^[:alnum:]_-])($ME_RE) +/\1@ME@ /g; s/(^|[^[:alnum:]_-])($ME_RE)([^[:alnum:]_-]|$)/\1@ME@\3/g"

# screen NAME KEYS WAIT: from the list, KEYS (tmux key names, one word
# each), then the screen showing WAIT is compared with NAME's file.
screen() {
	local name=$1 keys=$2 wait=$3
	tui_start 80 24
	tui_wait "ESC-2026-0003"
	for k in $keys; do
		tui_keys "$k"
		tui_settle
	done
	tui_wait "$wait"
	tui_screen_is "$SCREENS/$name.screen" "$MASK"
	# Ctrl-C leaves (twice where a form asks first); under the sanitisers
	# a report would make the status non-zero.
	tui_keys C-c
	tui_settle
	[ -s "$TUI_RC" ] || tui_keys C-c
	check_eq "exit status after Ctrl-C ($name)" 0 "$(tui_exit_status)"
	tui_stop
}

for mode in "" accessible; do
	suffix=${mode:+.$mode}
	TUI_ENV=${mode:+ESCALATE_ACCESSIBLE=1}
	screen "list$suffix" "" "ESC-2026-0003"
	screen "case$suffix" "Enter g" "Decision challenged"
	screen "record$suffix" "Enter x" "Escalation of professional difference"
	screen "form$suffix" "n Tab" "New escalation"
	screen "pick$suffix" "n Tab Tab Enter Down" "Type to narrow"
	screen "help$suffix" "?" "A screen's own keys"
	screen "report$suffix" "r" "Quarter 2026-27-Q1"
done
finish
