# The clinical-record entry out of the interface (issue 13): from the case
# view's x page, s saves it to a file (0600, the user's, never over a file
# without asking) and | pipes it to a command run by /bin/sh (curses
# suspended, its output shown until a key is pressed), both byte for byte
# what `escalate show CASE --format record` prints: unwrapped, whatever the
# window's width.
. "$(dirname "$0")/tui_lib.sh"

at "2026-05-04 09:00"
esc 0 init --name "Sam Tester" --org "Anytown NHS Trust"
LONG="The social worker agreed to look again at the referral"
while [ ${#LONG} -lt 300 ]; do LONG="$LONG, and to ring the school back"; done
esc 0 new --local-id "REC-1" --la Kent --theme "Other" --decision "Referral refused" \
	--concern "Missed appointments; é and ü kept"
REF=$(new_ref)
esc 0 contact "$REF" --with "Alex Social" --role "Social Worker" --org "Kent CC" \
	--summary "$LONG" --outcome concern-remains
esc 0 show "$REF" --format record
cp "$TEST_TMP/out" "$TEST_TMP/expected.txt"
# The CLI's entry holds the summary on one line far wider than the window:
# a copy wrapped to the window would differ.
CHECKS=$((CHECKS + 1))
[ "$(awk 'length > 200' "$TEST_TMP/expected.txt" | wc -l)" -ge 1 ] ||
	fail "the expected entry has no line wider than the window"

same_as_cli() { # FILE WHAT
	CHECKS=$((CHECKS + 1))
	cmp -s "$1" "$TEST_TMP/expected.txt" || {
		fail "$2 differs from show --format record:"
		diff "$TEST_TMP/expected.txt" "$1" | head -20 >&2
	}
}

tui_start
tui_wait "Case list"
tui_keys Enter
tui_wait "Case $REF"
tui_keys x
tui_wait "entry for the child's clinical record"
tui_has "s save"
tui_has "| pipe"

# s: asked for a path, written 0600.
tui_keys s
tui_wait "Save the entry to the file:"
tui_has "$REF-record.txt"
tui_keys C-u
tui_type "entry.txt"
tui_keys Enter
tui_wait "Saved the entry for $REF"
tui_has_words "mode 0600) to $TEST_TMP/entry.txt"
same_as_cli "$TEST_TMP/entry.txt" "the saved file"
check_eq "the saved file's mode" 600 "$(stat -c %a "$TEST_TMP/entry.txt")"

# Never over a file without asking: n leaves it, y replaces it.
echo "the user's own notes" >"$TEST_TMP/entry.txt"
tui_keys s
tui_wait "Save the entry to the file:"
tui_keys C-u
tui_type "entry.txt"
tui_keys Enter
tui_wait "exists. Replace it? (y/n)"
tui_keys n
tui_wait "Not saved; the file is as it was."
check_eq "the file after n" "the user's own notes" "$(cat "$TEST_TMP/entry.txt")"
tui_keys s
tui_wait "Save the entry to the file:"
tui_keys C-u
tui_type "entry.txt"
tui_keys Enter
tui_wait "exists. Replace it? (y/n)"
tui_keys y
tui_wait "Saved the entry for $REF"
same_as_cli "$TEST_TMP/entry.txt" "the replaced file"
# A folder that is not there: the message says so, nothing is written.
tui_keys s
tui_wait "Save the entry to the file:"
tui_keys C-u
tui_type "no/such/folder/entry.txt"
tui_keys Enter
tui_wait "cannot write no/such/folder/entry.txt"

# |: the command gets the entry on its standard input; the user reads what
# it printed and presses a key to come back.
tui_keys '|'
tui_wait "Pipe the entry to the command:"
tui_type 'cat >piped.txt; for f in /proc/$$/fd/*; do readlink "$f"; done >fds.txt; echo PIPED-OK'
tui_keys Enter
tui_wait "Press a key to return to escalate."
tui_has "PIPED-OK"
tui_has "The command finished."
tui_lacks "entry for the child's clinical record"
tui_keys Space
tui_wait "entry for the child's clinical record"
tui_has "Piped the entry for $REF"
same_as_cli "$TEST_TMP/piped.txt" "what the command read"
CHECKS=$((CHECKS + 1))
[ -s "$TEST_TMP/fds.txt" ] || fail "the command listed no descriptors"
CHECKS=$((CHECKS + 1))
grep -q 'escalate\.db' "$TEST_TMP/fds.txt" && fail "the command inherited the database: $(cat "$TEST_TMP/fds.txt")"
# The last command is one Up-arrow away; a failing one says its status.
tui_keys '|'
tui_wait "Pipe the entry to the command:"
tui_keys Up
tui_wait "echo PIPED-OK"
tui_keys C-u
tui_type "exit 4"
tui_keys Enter
tui_wait "ended with status 4. Press a key"
tui_keys Enter
tui_wait "The command ended with status 4: exit 4"
tui_has "entry for the child's clinical record"

# Help from here starts with this page's keys.
tui_keys '?'
tui_wait "this screen's first (Clinical-record entry)"
tui_line_has 5 "Clinical-record entry"
tui_line_has 12 "Help and text pages"
tui_has "Save to a file you name (0600, yours)"
tui_keys q q q q
check_eq "exit status" 0 "$(tui_exit_status)"
finish
