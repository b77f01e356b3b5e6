# The full five-level walk of SPEC §2 through the command line: contacts and
# agreed actions at every level, the level 4 designated notification, level
# 5 and the chair, resolution, the clinical-record entry; then an urgent jump
# on a second case (refused for frontline, allowed for named).
. "${ESC_TEST_LIB:?set ESC_TEST_LIB to tests/e2e/lib.sh}"

role() {
	esc 0 staff set-role "$ME" "$1"
}

at "2026-05-01 09:00"
esc 0 init --name "Sam Tester" --org "Anytown NHS Trust"
out_has "is its first admin, role designated"
role frontline

esc 0 new --nhs "943 476 5919" --la Surrey --theme "Threshold not met" \
	--theme "Information sharing" --decision "Referral not accepted" \
	--concern "Repeated unexplained bruising" --team "Surrey North"
REF=$(new_ref)
check_eq "first reference" "ESC-2026-0001" "$REF"
# 1 May 2026 is a Friday and 4 May a bank holiday: five working days end 11 May.
out_has "ESC-2026-0001 opened at level 1 (Social Worker) — due 2026-05-11"

# Level 1: the social worker.
at "2026-05-05 10:00"
esc 0 contact "$REF" --with "Alex Social" --role "Social Worker" --org "Surrey CC" \
	--summary "Discussed the referral decision" --outcome concern-remains \
	--at "2026-05-05 09:30" --action "Send the chronology|Alex Social|2026-05-08"
out_has "contact with Alex Social recorded; the concern remains."
out_has "1 agreed action recorded."
esc 0 escalate "$REF" --reason "Threshold decision stands"
out_is <<'EOF'
ESC-2026-0001: level 2 (Manager / Named Professional), open — due 2026-05-12
EOF

# Level 2: the named professional (the case owner, frontline, may act).
at "2026-05-07 11:00"
esc 0 contact "$REF" --with "Pat Named" --role "Named Nurse" --org "Anytown NHS Trust" \
	--summary "Agreed to take it to the team manager" --outcome concern-remains \
	--action "Book a call with the team manager|Pat Named|2026-05-11" \
	--action "Update the GP|Sam Tester|2026-05-12"
out_has "2 agreed actions recorded."
esc 4 escalate "$REF" --reason "Needs the team manager"
err_has "escalating to level 3 needs a named or designated professional; you are frontline"
role named
esc 0 advance "$REF" --reason "Needs the team manager"
out_has "level 3 (Team Manager), open"

# Level 3: the team manager.
at "2026-05-12 14:00"
esc 0 contact "$REF" --with "Terry Team" --role "Team Manager" --org "Surrey CC" \
	--summary "Team manager upholds the decision" --outcome concern-remains \
	--action "Send the decision in writing|Terry Team|2026-05-14"
esc 0 escalate "$REF" --reason "Head of service review needed"
out_has "level 4 (Head of Service), open — due 2026-05-19"
out_has "The CCG/ICB designated doctor or nurse must be informed"
out_has "escalate inform ESC-2026-0001 --whom designated --name WHO --how HOW"

# Level 4: the designated notification is owed until recorded.
esc 0 list
out_is <<'EOF'
REF            LEVEL  STATE  LA      THEME              OWNER  DAYS  FLAGS
ESC-2026-0001  4      open   Surrey  Threshold not met  root   0     NOTIFY
EOF
esc 0 list --format json
out_has '"notification_owed":true'
at "2026-05-13 09:00"
esc 0 contact "$REF" --with "Hannah Head" --role "Head of Service" --org "Surrey CC" \
	--summary "Head of service will review the file" --outcome concern-remains \
	--action "Review the file|Hannah Head|2026-05-15"
esc 0 list
out_has "NOTIFY"
esc 0 inform "$REF" --whom designated --name "Dr Dee Signated" --how telephone
out_has "recorded that the CCG/ICB designated doctor or nurse (Dr Dee Signated) was informed by telephone"
esc 0 list
out_lacks "NOTIFY"

# Level 5 is for designated professionals.
esc 4 escalate "$REF" --reason "Director review"
err_has "escalating to level 5 needs a designated professional; you are named"
role designated
esc 0 escalate "$REF" --reason "Director review"
out_has "level 5 (Director), open"
out_has "policy/process change considered"
out_has "Was the chair of the safeguarding partnership informed"
esc 0 list --format csv
out_has "ESC-2026-0001,"
out_has ",5,Director,"
out_has ",false,false,true"
esc 0 inform "$REF" --whom chair --name "Chris Chair" --how email
out_has "partnership (Chris Chair) was informed by email"
esc 0 list --format csv
out_has ",false,false,false"

at "2026-05-14 16:00"
esc 0 contact "$REF" --with "Dana Director" --role "Director of Children's Services" \
	--org "Surrey CC" --summary "Strategy discussion agreed" --outcome resolved \
	--action "Hold the strategy discussion|Dana Director|2026-05-18"
out_has "the concern was resolved"
out_has "escalate resolve ESC-2026-0001 --outcome TEXT"
esc 0 resolve "$REF" --outcome "Strategy discussion arranged"
out_has "level 5 (Director), resolved"
esc 0 list
out_is <<'EOF'
No open cases.
EOF
esc 0 list --all --format csv
out_has ",resolved,5,Director,"

# The clinical-record entry: who was spoken with and what was agreed, at
# every level.
esc 0 show "$REF" --format record
for text in "Alex Social" "Send the chronology" "Pat Named" "Book a call with the team manager" \
	"Update the GP" "Terry Team" "Send the decision in writing" "Hannah Head" \
	"Review the file" "Dr Dee Signated" "Chris Chair" "Dana Director" \
	"Hold the strategy discussion" "Strategy discussion arranged"; do
	out_has "$text"
done
for level in "Social Worker" "Manager / Named Professional" "Team Manager" \
	"Head of Service" "Director"; do
	out_has "$level"
done
esc 0 show "$REF" --format json
printf '%s\n' "$OUT" >"$TEST_TMP/case.json"
check_eq "show json parses" "ok" \
	"$(python3 -c 'import json,sys; c=json.load(open(sys.argv[1])); print("ok" if c["state"] == "resolved" and c["level"] == 5 else c)' "$TEST_TMP/case.json")"
esc 0 show "$REF"
out_has "ESC-2026-0001"
out_has "Alex Social"

# A second case: the urgent route is for named and designated professionals.
role frontline
at "2026-05-15 09:00"
esc 0 new --local-id "RX-1234" --la Kent --theme "Case closed / stepped down" \
	--decision "Case closed after one visit" --concern "Child not seen"
REF2=$(new_ref)
check_eq "second reference" "ESC-2026-0002" "$REF2"
esc 4 urgent "$REF2" --reason "Child at immediate risk"
err_has "an urgent jump to level 4 needs a named or designated professional; you are frontline"
role named
esc 0 urgent "$REF2" --reason "Child at immediate risk"
out_has "immediate welfare may be compromised"
out_has "level 4 (Head of Service), open — due 2026-05-18"
out_has "escalate inform ESC-2026-0002 --whom designated"
esc 0 list --all --sort newest
out_is <<'EOF'
REF            LEVEL  STATE     LA      THEME                       OWNER  DAYS  FLAGS
ESC-2026-0002  4      open      Kent    Case closed / stepped down  root   0     URGENT NOTIFY
ESC-2026-0001  5      resolved  Surrey  Threshold not met           root   1
EOF
# Three working days later the urgent case is overdue at level 4.
at "2026-05-20 09:00"
esc 0 list --overdue
out_has "ESC-2026-0002  4      open   Kent  Case closed / stepped down  root   3     OVERDUE URGENT NOTIFY"

# A resolved case whose concern returns reopens at the level it closed at.
role designated
esc 0 reopen "$REF" --reason "Strategy discussion did not happen"
out_has "level 5 (Director), open"
esc 0 note "$REF" Chased the director\'s office
out_has "note added"
esc 0 withdraw "$REF" --reason "Child moved out of area"
out_has "level 5 (Director), withdrawn"
esc 0 show "$REF" --format json
out_has "Chased the director's office"

finish
