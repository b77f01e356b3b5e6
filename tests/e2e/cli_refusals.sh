# Refusals: the procedure's guards, validation, usage errors, unknown cases,
# unregistered logins, stale writers and direct edits of the history.  Each
# refusal must exit with its documented code, say why, and write nothing.
. "${ESC_TEST_LIB:?set ESC_TEST_LIB to tests/e2e/lib.sh}"

# The whole database as JSON, to prove a refusal wrote nothing.
snapshot() {
	esc 0 export --format json
	printf '%s\n' "$OUT" >"$TEST_TMP/$1.json"
	esc 0 staff list --format csv
	printf '%s\n' "$OUT" >>"$TEST_TMP/$1.json"
}

unchanged() {
	snapshot after
	CHECKS=$((CHECKS + 1))
	if ! cmp -s "$TEST_TMP/before.json" "$TEST_TMP/after.json"; then
		fail "the database changed after a refusal: $1"
		diff -u "$TEST_TMP/before.json" "$TEST_TMP/after.json" | head -20 >&2
	fi
}

# No database yet.
at "2026-06-01 09:00"
esc 7 list
err_has "no database at $DB; create it with: escalate init"

esc 0 init --name "Sam Tester" --role frontline
esc 5 init
err_has "already exists"

esc 0 new --nhs 9434765919 --la Surrey --theme "Threshold not met" \
	--decision "Referral not accepted" --concern "Bruising"
REF=$(new_ref)

# Escalating needs a 'concern remains' discussion at the current level.
snapshot before
esc 4 escalate "$REF" --reason "No progress"
err_has "escalating to level 2 needs a discussion at level 1 whose outcome is 'concern remains'; record that contact first"
unchanged "escalate without a contact"
esc 0 contact "$REF" --with "Alex Social" --role "Social Worker" --org "Surrey CC" \
	--summary "Talked it through" --outcome resolved
snapshot before
esc 4 escalate "$REF" --reason "No progress"
err_has "'concern remains'"
unchanged "escalate after a resolved contact"

# A frontline owner may act at levels 1-2 but not take the case to level 3.
esc 0 contact "$REF" --with "Alex Social" --role "Social Worker" --org "Surrey CC" \
	--summary "Still disagree" --outcome concern-remains
esc 0 escalate "$REF" --reason "No progress"
esc 0 contact "$REF" --with "Pat Named" --role "Named Nurse" --org "Trust" \
	--summary "Agreed it should go up" --outcome concern-remains
snapshot before
esc 4 escalate "$REF" --reason "To the team manager"
out_is <<'EOF'
EOF
check_eq "frontline refusal message" \
	"escalate: escalating to level 3 needs a named or designated professional; you are frontline" \
	"$ERR"
unchanged "frontline escalating to level 3"
esc 4 urgent "$REF" --reason "Immediate risk"
err_has "needs a named or designated professional; you are frontline"
unchanged "frontline urgent"

# Validation: exit 1, naming the field, nothing written.
esc 1 new --nhs 9434765910 --la Surrey --theme "Threshold not met" --decision d --concern c
err_has "nhs-number"
esc 1 new --nhs 12345 --la Surrey --theme "Threshold not met" --decision d --concern c
err_has "nhs-number"
esc 1 contact "$REF" --with A --role B --org C --summary S --outcome resolved --at 2026-02-30
err_has "contact-at"
err_has "2026-02-30"
esc 1 contact "$REF" --with A --role B --org C --summary S --outcome resolved \
	--at "2026-06-02 10:00"
err_has "contact-at"
err_has "in the future"
esc 1 contact "$REF" --with A --role B --org C --summary S --outcome resolved \
	--action "Do it|Someone|2026-13-01"
err_has "action-due"
esc 1 new --nhs 9434765919 --la Surrey --theme "No such theme" --decision d --concern c
err_has "theme: 'No such theme' is not in the configured list"
esc 1 new --nhs 9434765919 --la Atlantis --theme "Threshold not met" --decision d --concern c
err_has "local-authority: 'Atlantis' is not in the configured list"
esc 1 contact "$REF" --with "" --role B --org C --summary S --outcome resolved
err_has "person-name"
unchanged "validation failures"

# Unknown cases: exit 3.
esc 3 show ESC-2026-9999
err_has "no case 'ESC-2026-9999'"
esc 3 note ESC-2030-0001 "hello"
esc 3 show 0000dead
esc 3 staff set-role nobody named
err_has "nobody"

# Usage errors: exit 2, naming the option.
esc 2 frobnicate
err_has "unknown command 'frobnicate'"
esc 2 list --bogus
err_has "unknown option --bogus"
esc 2 new --nhs 9434765919 --la Surrey --decision d --concern c
err_has "--theme THEME is required"
esc 2 new --la Surrey --theme "Threshold not met" --decision d --concern c
err_has "--nhs NUMBER or --local-id ID"
esc 2 contact "$REF" --with A --role B --org C --summary S --outcome maybe
err_has "--outcome: 'maybe'"
esc 2 contact "$REF" --with A --role B --org C --summary S --outcome resolved --action "no bars"
err_has "--action"
esc 2 escalate
err_has "missing REF"
esc 2 escalate "$REF" --reason
err_has "--reason needs a value"
esc 2 escalate "$REF" --reason x --chair-informed perhaps
err_has "--chair-informed"
esc 2 list --level 9
err_has "--level"
esc 2 list --format xml
err_has "--format: 'xml'"
esc 2 show "$REF" extra
err_has "unexpected argument 'extra'"
esc 2 list --now 2026-02-30
err_has "--now"
esc 2 staff add newbie --name "New Person" --role boss
err_has "'boss' is not a role"
esc 2 report --quarter 2026-27-Q1 --from 2026-04-01 --to 2026-05-01
esc 2 staff
esc 2 list --help=yes
err_has "--help takes no value"
unchanged "usage errors"

# Not an admin: staff and configuration changes are refused.
esc 0 staff add helper --name "Helper Admin" --role designated --admin
esc 0 staff set-role "$ME" frontline --no-admin
snapshot before
esc 4 staff add other --name "Other" --role frontline
err_has "admin"
esc 4 config theme add "New theme"
unchanged "non-admin changes"

# A stale writer: the case changed since it was read.
esc 0 show "$REF" --format json
SEQ=$(printf '%s\n' "$OUT" | python3 -c 'import json,sys; print(json.load(sys.stdin)["seq"])')
esc 0 note "$REF" --text "First note" --expect-seq "$SEQ"
snapshot before
esc 5 note "$REF" --text "Second note" --expect-seq "$SEQ"
err_has "changed under you"
unchanged "stale --expect-seq"
esc 2 note "$REF" --text "x" --expect-seq soon

# The history cannot be edited or deleted behind escalate's back.
if command -v sqlite3 >/dev/null 2>&1; then
	CHECKS=$((CHECKS + 1))
	if sqlite3 "$DB" "UPDATE events SET text='x'" 2>"$TEST_TMP/sqlerr"; then
		fail "sqlite3 UPDATE of the history succeeded"
	fi
	grep -q "append-only" "$TEST_TMP/sqlerr" || fail "UPDATE refused without naming the rule"
	CHECKS=$((CHECKS + 1))
	if sqlite3 "$DB" "DELETE FROM events" 2>"$TEST_TMP/sqlerr"; then
		fail "sqlite3 DELETE of the history succeeded"
	fi
	CHECKS=$((CHECKS + 1))
	if sqlite3 "$DB" "DELETE FROM cases" 2>"$TEST_TMP/sqlerr"; then
		fail "sqlite3 DELETE of a case succeeded"
	fi
	unchanged "direct edits"
else
	echo "cli_refusals: sqlite3 not installed; skipping the direct-edit checks"
fi

# A deactivated login is refused everywhere, with the way back.
DB2=$TEST_TMP/team.db
DB_SAVED=$DB
DB=$DB2
esc 0 init --name "Sam Tester"
esc 0 staff add colleague --name "Col League" --role designated --admin
esc 0 staff deactivate "$ME"
esc 4 list
err_has "deactivated"
err_has "escalate staff reactivate $ME"
esc 4 new --nhs 9434765919 --la Surrey --theme "Threshold not met" --decision d --concern c
# The login renamed behind escalate's back looks like an unregistered login,
# but the staff chain says what happened (exit 8, not 4).  Truly unregistered
# logins are refused in tests/reliability/access.sh, with real OS users.
if command -v sqlite3 >/dev/null 2>&1; then
	sqlite3 "$DB2" "UPDATE staff SET login = 'someone_else' WHERE login = '$ME'"
	esc 8 list
	err_has "staff history row"
	err_has "login, name or organisation"
fi
DB=$DB_SAVED

# An unsafe database file is refused, with the one chmod that fixes it
# (issue 11 item 6; it used to say o-w, then g-w).
chmod 0666 "$DB"
esc 10 list
err_has "chmod go-rwx '$DB'"
chmod 0600 "$DB"
esc 0 list

finish
