# The interface shows and takes civil time in the procedure's zone
# (Europe/London), whatever the TZ of the login running it: a case opened at
# 23:30 UTC on 30 June 2026 shows as opened at 00:30 on 1 July, and a contact
# recorded from the form under TZ=Asia/Tokyo, with the When field as the form
# fills it in, is stored at the UTC instant of the pinned civil time.
. "$(dirname "$0")/tui_lib.sh"

at "2026-07-01 09:00"
esc 0 init --name "Sam Tester" --org "Anytown NHS Trust"
esc 0 --now "2026-06-30T23:30Z" new --nhs 9434765919 --la Surrey --theme "Threshold not met" \
	--decision "Decision" --concern "Concern"
REF=$(new_ref)

at "2026-07-01 09:30"
TUI_ENV="TZ=Asia/Tokyo"
tui_start
tui_wait "Case list"
tui_keys Enter
tui_wait "Case $REF"
tui_has "Opened 2026-07-01 00:30"
tui_has "2026-07-01 00:30  Opened by Sam Tester"
tui_keys c
tui_wait "Record a contact"
# The form's When is now, in the procedure's zone (Tokyo would say 17:30).
tui_has "2026-07-01 09:30"
tui_lacks "2026-07-01 17:30"
tui_keys Tab
tui_type "Alex Social"
tui_keys Tab Tab
tui_type "Surrey CC"
tui_keys Tab
tui_type "Discussed at half past nine"
tui_keys F2
tui_wait "Contact recorded on $REF."
tui_wait "2026-07-01 09:30  Contact"
# Quit, and wait until the program has let go of the database.
tui_keys q q
check_eq "exit status after q" 0 "$(tui_exit_status)"
tui_stop

check_eq "the contact's times, stored in UTC" "2026-07-01T08:30:00Z|2026-07-01T08:30:00Z" \
	"$(sqlite3 -cmd ".timeout 5000" "$DB" "SELECT at || '|' || occurred_at FROM events WHERE kind = 'contact'")"
finish
