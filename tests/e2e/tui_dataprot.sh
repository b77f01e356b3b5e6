# The interface and the access log (issue 12): opening a case is logged once
# (not again when it reloads after the user's own write), its clinical-record
# entry is logged, moving through the list is not.
. "$(dirname "$0")/tui_lib.sh"

at "2026-05-05 09:00"
esc 0 init --name "Sam Tester" --org "Anytown NHS Trust"
esc 0 new --nhs "943 476 5919" --la Surrey --theme "Threshold not met" \
	--decision "Referral not accepted" --concern "Repeated unexplained bruising"
REF=$(new_ref)
esc 0 new --local-id "LOC-9" --la Surrey --theme "Threshold not met" \
	--decision "Second decision" --concern "Second concern"

tui_start
tui_wait "Case list"
tui_has "$REF"
tui_keys j k j k
esc 0 access-log
out_has "No reads recorded."

tui_keys Enter
tui_wait "Case $REF"
tui_has "Repeated unexplained bruising"
esc 0 access-log --format csv
out_crlf
out_has ",$ME,$(id -u),$REF,interface,,1"
check_eq "rows after opening the case" 2 "$(printf '%s\n' "$OUT" | wc -l)"

# A note written from the case view reloads it: the same reading.
tui_keys o
tui_wait "Add a note"
tui_type "seen in the interface"
tui_keys F2
tui_wait "Note added to $REF."
esc 0 access-log --format csv
out_crlf
check_eq "rows after the reload" 2 "$(printf '%s\n' "$OUT" | wc -l)"

tui_keys x
tui_wait "entry for the child's clinical record"
esc 0 access-log "$REF" --format csv
out_crlf
out_has ",$ME,$(id -u),$REF,interface-record,,1"
check_eq "rows after the record entry" 3 "$(printf '%s\n' "$OUT" | wc -l)"
tui_keys q
tui_wait "Case $REF"
tui_keys q
tui_wait "Case list"
tui_keys q
check_eq "exit status after q" 0 "$(tui_exit_status)"
tui_stop
esc 0 verify
out_has "access log: 2 rows, chain intact"
finish
