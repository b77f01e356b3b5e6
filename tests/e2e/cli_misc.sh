# The rest of the command line: --help everywhere, the man page against the
# command table and error.h, list filters and formats, export, UUID
# addressing, configuration, patterns, option syntax, and the modes of the
# files escalate creates.
. "${ESC_TEST_LIB:?set ESC_TEST_LIB to tests/e2e/lib.sh}"

SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
MAN=$SRC/man/escalate.1
ERROR_H=$SRC/include/escalate/error.h

# --- help, version, no command ---------------------------------------------
esc_nodb 0 --help
out_has "Usage: escalate"
# "  staff add            register..." -> "staff add"; "escalate, advance" -> both
COMMANDS=$(printf '%s\n' "$OUT" | awk '/^Commands:/ { f = 1; next } /^$/ { f = 0 } f' |
	cut -c3-22 | sed 's/ *$//')
check_eq "command count" 48 "$(printf '%s\n' "$COMMANDS" | wc -l)"
while IFS= read -r title; do
	primary=${title%%,*} # "escalate, advance": the command, then its alias
	read -r -a cmd <<<"$primary"
	esc_nodb 0 "${cmd[@]}" --help
	out_has "Usage: escalate $primary"
	out_has "Global options:"
	if [ "$title" != "$primary" ]; then
		esc_nodb 0 "${title#*, }" --help
		out_has "   or: escalate ${title#*, }"
	fi
done <<<"$COMMANDS"
esc_nodb 0 staff --help
out_has "escalate staff set-role LOGIN ROLE"
esc_nodb 0 help contact
out_has "--outcome OUTCOME"
esc_nodb 0 help staff add
out_has "Usage: escalate staff add LOGIN"
esc_nodb 0 list -h
out_has "Usage: escalate list"
# --help wins over anything else wrong on the line
esc_nodb 0 contact --bogus --help
out_has "Usage: escalate contact"
esc_nodb 2 help nothing
esc_nodb 0 --version
out_has "escalate 0."
esc_nodb 2 </dev/null
err_has "give a command"

# --- the man page documents every command, option and exit code -----------
MANTEXT=$(sed 's/\\-/-/g; s/\\f[BIRP]//g' "$MAN")
while IFS= read -r title; do
	primary=${title%%,*}
	CHECKS=$((CHECKS + 1))
	grep -qE "^\.B $primary( |$)" <<<"$MANTEXT" ||
		fail "escalate.1 has no entry for the command '$primary'"
	if [ "$title" != "$primary" ]; then
		CHECKS=$((CHECKS + 1))
		grep -qE "^\.BR? ${title#*, }( |$)" <<<"$MANTEXT" ||
			fail "escalate.1 does not name the alias '${title#*, }'"
	fi
	read -r -a cmd <<<"$primary"
	esc_nodb 0 "${cmd[@]}" --help
	for opt in $(printf '%s\n' "$OUT" | grep -oE -- '--[a-z][a-z-]*' | sort -u); do
		CHECKS=$((CHECKS + 1))
		grep -qF -- "$opt" <<<"$MANTEXT" || fail "escalate.1 does not mention $opt ($primary)"
	done
done <<<"$COMMANDS"
EXIT_STATUS=$(sed -n '/^\.SH EXIT STATUS/,/^\.SH /p' "$MAN")
CODES=$(grep -oE 'X\(ESC_[A-Z]+, [0-9]+' "$ERROR_H" | awk '{ print $2 }')
check_eq "error.h lists 15 codes" 15 "$(printf '%s\n' "$CODES" | wc -l)"
for code in $CODES; do
	CHECKS=$((CHECKS + 1))
	grep -qx "\.B $code" <<<"$EXIT_STATUS" || fail "EXIT STATUS in escalate.1 lacks code $code"
done
for section in NAME SYNOPSIS DESCRIPTION COMMANDS INTERFACE FILES ENVIRONMENT "EXIT STATUS" \
	EXAMPLES; do
	CHECKS=$((CHECKS + 1))
	grep -qx "\.SH $section" "$MAN" || fail "escalate.1 lacks the $section section"
done
CHECKS=$((CHECKS + 1))
grep -qx '\.SS KEYS' "$MAN" || fail "escalate.1 lacks the KEYS subsection"
if command -v groff >/dev/null 2>&1; then
	CHECKS=$((CHECKS + 1))
	WARN=$(groff -t -man -Tutf8 -ww -z "$MAN" 2>&1)
	[ -z "$WARN" ] || fail "groff warns about escalate.1: $WARN"
fi

# --- the default database: directory 0700, file 0600 -----------------------
at "2026-05-01 09:00"
esc_nodb 0 init --name "Sam Tester"
DEFAULT_DB=$XDG_DATA_HOME/escalate/escalate.db
out_has "Created $DEFAULT_DB."
check_eq "database mode" 600 "$(stat -c %a "$DEFAULT_DB")"
check_eq "database directory mode" 700 "$(stat -c %a "$XDG_DATA_HOME/escalate")"
esc_nodb 0 staff list
out_has "$ME"
umask 000
esc 0 init --name "Sam Tester"
check_eq "--db file mode under umask 000" 600 "$(stat -c %a "$DB")"
umask 022

# --- option syntax and the clock --------------------------------------------
esc 0 staff list --format=csv
out_crlf
out_is <<EOF
login,name,role,admin,active,organisation
$ME,Sam Tester,designated,true,true,
EOF
esc_nodb 0 --db "$DB" staff --now "2026-05-01 10:00" add jo --name "Jo Frontline" \
	--role=frontline --org "Trust"
out_has "Added jo (Jo Frontline), frontline professional."
esc 0 staff list --format json
printf '%s\n' "$OUT" >"$TEST_TMP/staff.json"
check_eq "staff json" "Jo Frontline/frontline/False Sam Tester/designated/True" \
	"$(python3 -c 'import json,sys; print(" ".join(sorted("%s/%s/%s" % (s["name"], s["role"], s["admin"]) for s in json.load(open(sys.argv[1])))))' "$TEST_TMP/staff.json")"

# --- configuration -----------------------------------------------------------
esc 0 config theme list
out_has "Threshold not met"
esc 0 config theme add "Early help"
esc 0 config theme remove "Early help"
esc 0 config theme list
out_lacks "Early help"
esc 0 config theme list --all
out_has "Early help  (removed)"
esc 3 config theme remove "Never there"
esc 0 config la add "Northshire"
esc 0 config la
out_has "Northshire"
esc 0 config timescale 2 3
out_has "Level 2 (Manager / Named Professional) now has 3 working days."
esc 0 config timescale urgent 2
esc 0 config timescale
out_has "level 2  Manager / Named Professional     3"
out_has "urgent   (reaching the Head of Service)   2"
esc 2 config timescale 7 3
esc 0 config holiday add 2026-05-06
esc 0 config holiday list
out_has "2026-05-06"
esc 0 config holiday remove 2026-05-06
esc 3 config holiday remove 2026-05-06
esc 0 config holiday add 2026-05-06
esc 0 config pattern 2 30
out_has "2 or more open cases"
esc 0 config show
out_has "Northshire"
out_has "opened within 30 days"

# --- cases for the listings -------------------------------------------------
esc 0 new --nhs 9434765919 --la Surrey --theme "Threshold not met" --decision "Referral refused" \
	--concern "Bruising"
A=$(new_ref)
UUID_A=$(printf '%s\n' "$OUT" | awk '/^uuid / { print $2 }')
# 1 May + 5 working days, skipping 4 May and the added 6 May bank holidays
out_has "due 2026-05-12"
esc 0 new --local-id "RX-77" --la Kent --theme "Information sharing" --decision "Closed" \
	--concern "Missed appointments"
B=$(new_ref)
esc 0 new --again --nhs 9434765919 --la Surrey --theme "Threshold not met" --theme "Drift / lack of progression" \
	--decision "No strategy meeting" --concern "Disclosure at school"
C=$(new_ref)
esc 0 contact "$C" --with "Alex Social" --role "Social Worker" --org "Surrey CC" \
	--summary "Disagreed" --outcome concern-remains --action "Send notes|$ME|2026-05-02"
esc 0 escalate "$C" --reason "No change"
esc 0 resolve "$B" --outcome "Records shared"

at "2026-05-20 09:00"
esc 0 list
out_is <<EOF
REF            LEVEL  STATE  LA      THEME              OWNER  DAYS  FLAGS
ESC-2026-0001  1      open   Surrey  Threshold not met  $ME   11    OVERDUE
ESC-2026-0003  2      open   Surrey  Threshold not met  $ME   11    OVERDUE
EOF
esc 0 list --all --sort newest --format csv
out_crlf
printf '%s\n' "$OUT" >"$TEST_TMP/list.csv"
check_eq "list csv" "ESC-2026-0003 ESC-2026-0002 ESC-2026-0001|16|resolved" \
	"$(python3 -c '
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline=""), strict=True))
print(" ".join(r["ref"] for r in rows) + "|" + str(len(rows[0])) + "|" + rows[1]["state"])' "$TEST_TMP/list.csv")"
esc 0 list --level 2
out_has "$C"
out_lacks "$A"
esc 0 list --la kent --all
out_has "$B"
out_lacks "$A"
esc 0 list --theme "Drift / lack of progression"
out_has "$C"
out_lacks "$A"
esc 0 list --search "Disclosure"
out_has "$C"
out_lacks "$A"
esc 0 list --owner me --format json
printf '%s\n' "$OUT" >"$TEST_TMP/list.json"
check_eq "list json" "2 True" "$(python3 -c '
import json, sys
rows = json.load(open(sys.argv[1]))
print(len(rows), all(r["overdue"] for r in rows))' "$TEST_TMP/list.json")"
esc 0 list --owner nobody
out_is <<'EOF'
No open cases.
EOF
esc 0 list --limit 1 --sort newest
out_has "$C"
out_has "(1 shown; the next page: --offset 1)"
esc 0 list --limit 1 --offset 1 --sort newest
out_has "$A"
out_lacks "$C"
out_lacks "next page"
esc 0 list --needs-action
out_has "$C"
esc 0 --now "2026-05-05 09:00" list --overdue
out_is <<'EOF'
No open cases.
EOF

# --- a case by reference, UUID or a unique UUID prefix -----------------------
esc 0 show "${A,,}"
out_has "$A"
esc 0 show "$UUID_A"
out_has "$A"
esc 0 show "${UUID_A:0:8}"
out_has "$A"
esc 0 note "${UUID_A:0:6}" Called the duty desk
esc 0 show "${UUID_A^^}" --format json
out_has "Called the duty desk"
esc 2 show "${UUID_A:0:3}"
err_has "at least 4 hex digits"

# --- patterns (rule set to 2 within 30 days above) ---------------------------
esc 0 patterns
out_has "Surrey"
out_has "Threshold not met"
out_has "escalate inform --pattern"
esc 0 inform --pattern --la Surrey --theme "Threshold not met" --name "Dr Dee Signated" --how email
out_has "on 2 open cases"
esc 0 patterns --format json
out_is <<'EOF'
[]
EOF

# --- export: every case and every event ------------------------------------
esc 0 export --out "$TEST_TMP/csv"
out_has "Exported 5 tables to $TEST_TMP/csv: cases.csv case_themes.csv events.csv actions.csv notifications.csv"
check_eq "export folder mode" 700 "$(stat -c %a "$TEST_TMP/csv")"
check_eq "export file mode" 600 "$(stat -c %a "$TEST_TMP/csv/events.csv")"
esc 2 export
err_has "give --out DIR"
esc 0 export --format json --output "$TEST_TMP/export.json"
check_eq "export file mode" 600 "$(stat -c %a "$TEST_TMP/export.json")"
check_eq "export csv and json agree" "ok" "$(python3 -c '
import csv, json, sys
def table(name):
    return list(csv.DictReader(open(sys.argv[1] + "/" + name + ".csv", newline=""), strict=True))
events = table("events")
cases = json.load(open(sys.argv[2]))
assert len(cases) == 3, len(cases)
assert len(events) == sum(len(c["events"]) for c in cases), len(events)
assert {r["case_ref"] for r in events} == {c["ref"] for c in cases}
assert [r["ref"] for r in table("cases")] == [c["ref"] for c in cases]
themes = table("case_themes")
assert len(themes) == sum(len(c["themes"]) for c in cases)
actions = table("actions")
assert len(actions) == sum(len(e["actions"]) for c in cases for e in c["events"])
print("ok")' "$TEST_TMP/csv" "$TEST_TMP/export.json")"
esc 2 export --format markdown

# --- verify: the chain holds, and an edit behind escalate's back is found ----
esc 0 verify
out_has "history chain intact"
if command -v sqlite3 >/dev/null; then
	sqlite3 "$DB" "DROP TRIGGER events_no_update; UPDATE events SET text = 'edited' WHERE id = 2;"
	esc 8 verify
	out_has "first broken history row: 2"
	err_has "history row 2 was changed after it was written"
else
	echo "cli_misc: sqlite3 shell missing; tamper check skipped" >&2
fi

finish
