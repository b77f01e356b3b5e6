# Scrolling the case list in the interface: End, PgUp, PgDn, a line up or
# down past the window's edge, Home.  The window reads the rows beside those
# it holds (a seek) or the last rows of the list, so after every key the
# screen must show an unbroken run of the list in its order (as `list` gives
# it), the end of the list after End and its start after Home, with the
# cursor on the row the key moved it to.
. "$(dirname "$0")/tui_lib.sh"

at "2026-04-01 09:00"
esc 0 init --name "Sam Tester"
for i in $(seq 0 69); do
	# A few cases to the minute: the list's order has ties, broken by the id.
	at "2026-04-$(printf %02d $((1 + i / 4))) 09:0$((i % 2))"
	esc 0 new --local-id "P$i" --la Surrey --theme "Threshold not met" \
		--decision "Decision $i" --concern "Concern $i"
done
at "2026-05-20 09:00"
esc 0 list --limit 0 --format csv
FULL=" $(printf '%s\n' "$OUT" | tail -n +2 | cut -d, -f1 | tr '\n' ' ')"
FIRST=$(printf '%s\n' "$FULL" | awk '{ print $1 }')
LAST=$(printf '%s\n' "$FULL" | awk '{ print $NF }')

screen_refs() {
	tui_screen | grep -o 'ESC-2026-[0-9]\{4\}' | tr '\n' ' '
}

# After KEY: waits for the screen to change, then checks that it shows a run
# of the list, and that the cursor's row is WANT (a position in that run:
# first, last, or the reference itself).
check_key() { # KEY WANT
	local before after i sel
	before=$(tui_screen)
	tui_keys "$1"
	for i in $(seq 100); do
		after=$(tui_screen)
		[ "$after" != "$before" ] && break
		sleep 0.1
	done
	after=$(screen_refs)
	CHECKS=$((CHECKS + 1))
	case $FULL in
	*" $after"*) ;;
	*)
		fail "after $1 the screen is not a run of the list: $after"
		tui_dump
		;;
	esac
	sel=$(tui_screen | grep '^>' | grep -o 'ESC-2026-[0-9]\{4\}')
	case $2 in
	first) check_eq "cursor after $1" "$(awk '{ print $1 }' <<<"$after")" "$sel" ;;
	last) check_eq "cursor after $1" "$(awk '{ print $NF }' <<<"$after")" "$sel" ;;
	*) check_eq "cursor after $1" "$2" "$sel" ;;
	esac
}

tui_start 80 24
tui_wait "Case list"
# Every case is overdue, so the list opens on "needs my action"; the open
# cases are one key away.
tui_wait "[needs my action]"
tui_keys m
tui_wait "[open cases]"
tui_wait "$FIRST"
check_key End "$LAST"
check_key PPage first
check_key PPage first
check_key Up first
check_key Up first
check_key NPage last
check_key Down last
check_key End "$LAST"
check_key Home "$FIRST"
check_key NPage last
check_key NPage last
tui_keys q
tui_exit_status >/dev/null
finish
