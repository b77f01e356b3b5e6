# Issue 13, views: one key each for the views; the view, sort and filters
# left are remembered per login and database under $XDG_STATE_HOME/escalate
# (default ~/.local/state/escalate), in a 0600 file in a 0700 folder, not in
# the database; a corrupt or hostile file is ignored; needs my action stays
# the first view for a login with anything in it, and one key brings back
# the view left.
. "$(dirname "$0")/tui_lib.sh"

at "2026-05-04 09:00"
esc 0 init --name "Sam Tester" --org "Anytown NHS Trust"
esc 0 staff set-role "$ME" named
esc 0 new --local-id "VIEW-1" --la Kent --theme "Other" --decision "Referral refused" \
	--concern "Missed appointments"
OPEN=$(new_ref)
esc 0 new --local-id "VIEW-2" --la Surrey --theme "Information sharing" \
	--decision "Strategy meeting not held" --concern "Bruising"
CLOSED=$(new_ref)
esc 0 resolve "$CLOSED" --outcome "Meeting held after all"
STATE_DIR=$HOME/.local/state/escalate

tui_start
tui_wait "[open cases]  no filter  sort:time at level"
tui_has "$OPEN"
tui_lacks "$CLOSED"
tui_keys A
tui_wait "[all cases]"
tui_has "$CLOSED"
tui_keys M
tui_wait "[my open cases]"
tui_keys O
tui_wait "[overdue]"
tui_wait "No cases here."
tui_keys m
tui_wait "[needs my action]"
tui_keys o
tui_wait "[open cases]"
tui_keys A s l
tui_wait "[all cases]  level:1  sort:level"
tui_keys q
check_eq "exit status after q" 0 "$(tui_exit_status)"

# The file: one, 0600 in a 0700 folder, saying what was left.
FILES=$(ls "$STATE_DIR" | wc -l)
check_eq "state files" 1 "$FILES"
STATE=$(ls "$STATE_DIR"/list-*.state)
check_eq "folder mode" 700 "$(stat -c %a "$STATE_DIR")"
check_eq "file mode" 600 "$(stat -c %a "$STATE")"
check_eq "view, sort and level" "view=all sort=level level=1" \
	"$(grep -E '^(view|sort|level)=' "$STATE" | tr '\n' ' ' | sed 's/ $//')"
esc 0 show "$OPEN" # nothing of it went into the database
sqlite3 "$DB" "SELECT count(*) FROM settings WHERE value LIKE '%sort%'" >"$TEST_TMP/n" 2>/dev/null &&
	check_eq "settings rows about the list" 0 "$(cat "$TEST_TMP/n")"

# The next run opens as it was left.
tui_start
tui_wait "[all cases]  level:1  sort:level"
tui_has "$CLOSED"
tui_keys c
tui_wait "[open cases]  no filter  sort:level"
tui_keys q
tui_exit_status >/dev/null

# A corrupt or hostile file: ignored whole, nothing garbled, no crash.
printf 'version=1\nview=all\nla=\033]0;owned\007\033[2J\n' >"$STATE"
tui_start
tui_wait "[open cases]  no filter  sort:time at level"
tui_lacks "owned"
tui_keys q
check_eq "exit status with a hostile file" 0 "$(tui_exit_status)"
head -c 3000 /dev/urandom >"$STATE"
tui_start
tui_wait "[open cases]  no filter  sort:time at level"
tui_keys q
check_eq "exit status with random bytes" 0 "$(tui_exit_status)"
# Good text that others could have written is not trusted.
printf 'version=1\nview=all\n' >"$STATE"
chmod 0666 "$STATE"
tui_start
tui_wait "[open cases]  no filter  sort:time at level"
tui_keys A
tui_wait "[all cases]"
tui_keys q
tui_exit_status >/dev/null
check_eq "file mode after writing again" 600 "$(stat -c %a "$STATE")"

# XDG_STATE_HOME, when set, is where the file goes.
mkdir -p "$TEST_TMP/xdg"
TUI_ENV="XDG_STATE_HOME='$TEST_TMP/xdg'"
tui_start
tui_wait "[open cases]"
tui_keys M
tui_wait "[my open cases]"
tui_keys q
tui_exit_status >/dev/null
check_eq "state files under XDG_STATE_HOME" 1 "$(ls "$TEST_TMP/xdg/escalate" | wc -l)"
check_eq "folder mode under XDG_STATE_HOME" 700 "$(stat -c %a "$TEST_TMP/xdg/escalate")"
# ESCALATE_NO_STATE: the file is neither read nor written.
TUI_ENV="XDG_STATE_HOME='$TEST_TMP/xdg' ESCALATE_NO_STATE=1"
tui_start
tui_wait "[open cases]"
tui_keys A
tui_wait "[all cases]"
tui_keys q
tui_exit_status >/dev/null
check_eq "view with ESCALATE_NO_STATE" "view=mine" "$(grep '^view=' "$TEST_TMP"/xdg/escalate/list-*.state)"
TUI_ENV=

# Weeks later the open case is overdue: needs my action comes first, and
# one key brings back the view left (its filters too).
printf 'version=1\nview=all\nsort=level\nlevel=1\n' >"$STATE"
chmod 0600 "$STATE"
at "2026-05-26 09:00"
tui_start
tui_wait "[needs my action]  no filter  sort:level"
tui_has "$OPEN"
tui_has_words "Opened on needs my action: something is due. A brings back your last view (all cases, level 1)."
tui_keys A
tui_wait "[all cases]  level:1  sort:level"
tui_has "$CLOSED"
tui_keys q
tui_exit_status >/dev/null
check_eq "view after choosing it" "view=all" "$(grep '^view=' "$STATE")"
finish
