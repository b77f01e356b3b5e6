# Untrusted text never reaches the terminal raw: names, local authorities and
# case text holding escape sequences (planted straight into the database,
# as the core refuses them at the door) are shown neutralised on every
# screen, the window title is not changed and the screen is not cleared.
# A database locked beyond the busy timeout is reported in words and nothing
# is written; a missing database or an edited staff record are explained
# before the interface starts, with their exit status.
. "$(dirname "$0")/tui_lib.sh"

at "2026-05-05 09:00"
esc 0 init --name "Sam Tester" --org "Anytown NHS Trust"
esc 0 new --nhs "943 476 5919" --la Surrey --theme "Threshold not met" \
	--decision "Referral not accepted" --concern "Repeated bruising"

# What an attacker with write access to the file could plant.
python3 - "$DB" <<'EOF' || fail "could not plant the hostile text"
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("UPDATE staff SET name = ?", ("Mal\x1b]0;pwned\x07ory\x1b[2J",))
# The names are fixed by triggers, which an attacker with the file drops.
c.execute("DROP TRIGGER local_authorities_name_fixed")
c.execute("UPDATE local_authorities SET name = ? WHERE name = 'Surrey'",
          ("Evil\x1b[31mLA",))
c.execute("UPDATE cases SET decision = ?",
          ("Closed \u202eexe.txt \x1b]52;c;SGVsbG8=\x07 done",))
c.commit()
EOF

tui_start
tui_wait "Case list"
# The title bar still stands (an obeyed ESC[2J would have wiped it) and
# shows the name with its escapes as visible stand-ins.
tui_line_has 0 "escalate | Case list"
tui_line_has 0 "Mal^[]0;pwned^Gory^[[2J"
tui_has "Evil^[[31m"
TITLE=$(tui_tmux display -p -t "$TUI_SESSION" '#{pane_title}')
CHECKS=$((CHECKS + 1))
case $TITLE in
*pwned*) fail "the window title was changed to: $TITLE" ;;
esac

tui_keys Enter
tui_wait "Case ESC-2026-0001"
tui_has "Local authority: Evil^[[31mLA"
tui_has "Decision challenged: Closed <U+202E>exe.txt ^[]52;c;SGVsbG8=^G done"
tui_has "Opened by Mal^[]0;pwned^Gory^[[2J"
tui_keys x
tui_wait "entry for the child's clinical record"
tui_lacks "$(printf '\033')"
tui_keys q
tui_wait "Case ESC-2026-0001"

# The pick-list of local authorities.
tui_keys q
tui_wait "Case list"
tui_keys a
tui_wait "Type to narrow"
tui_has "Evil^[[31mLA"
tui_keys Escape
tui_wait_gone "Type to narrow"

# The report table.
tui_keys r
tui_wait "Quarter 2026-27-Q1"
tui_has "Evil^[[31mLA"
tui_keys q
tui_wait "Case list"

# A write while another program holds the database beyond the busy
# timeout: the form stays, says so, and nothing is written; once the lock
# is gone the same form saves.  The case is opened before the lock is
# taken: opening it writes its access log row (issue 12).
tui_keys Enter
tui_wait "Case ESC-2026-0001"
python3 - "$DB" "$TEST_TMP/locked" <<'EOF' &
import sqlite3, sys, time, os
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN IMMEDIATE")
open(sys.argv[2], "w").close()
time.sleep(8)
c.execute("ROLLBACK")
os.remove(sys.argv[2])
EOF
LOCKER=$!
for _ in $(seq 50); do [ -e "$TEST_TMP/locked" ] && break; sleep 0.1; done
tui_keys o
tui_wait "Add a note"
tui_type "written after the lock"
tui_keys F2
tui_wait "locked" 15
tui_has "Not saved: the database is locked"
tui_has "Add a note"
wait "$LOCKER"
esc 0 show ESC-2026-0001
out_lacks "written after the lock"
tui_keys F2
tui_wait "Note added to ESC-2026-0001."
esc 0 show ESC-2026-0001
out_has "written after the lock"
tui_keys q q
check_eq "exit status after q" 0 "$(tui_exit_status)"
tui_stop

# Before the interface starts: a missing database.
DB_SAVED=$DB
DB=$TEST_TMP/missing.db
tui_start
tui_wait "escalate init"
tui_has "no database"
check_eq "exit status, missing database" 7 "$(tui_exit_status)"
tui_stop
DB=$DB_SAVED

# The login renamed behind escalate's back: the staff chain no longer holds,
# and that is said (exit 8) rather than "not registered".  A login that is
# truly not registered is refused in tests/reliability/access.sh, with real
# OS users.
python3 - "$DB" <<'EOF' || fail "could not rename the login"
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("UPDATE staff SET login = 'someone-else'")
c.commit()
EOF
tui_start
tui_wait "staff history row"
tui_lacks "not registered"
check_eq "exit status, staff record edited" 8 "$(tui_exit_status)"

finish
