# Long text in the user's editor (issue 13): F4 (or Ctrl-O) in a text area
# opens the field in $VISUAL (else $EDITOR, else vi) on a 0600 file in a
# private 0700 folder, with no database descriptor open in the editor, curses
# suspended and restored; what comes back replaces the field only when it
# passes the checks typed text passes (UTF-8, the length limit, no control
# characters), else a message names the field and the typed text stays.
. "$(dirname "$0")/tui_lib.sh"

at "2026-05-04 09:00"
esc 0 init --name "Sam Tester" --org "Anytown NHS Trust"

# The editor: what $MODE says, and a log of what it was given.
ED=$TEST_TMP/editor.sh
LOG=$TEST_TMP/editor.log
MODE=$TEST_TMP/mode
cat >"$ED" <<'SH'
#!/bin/sh
f=$1
log=${0%/*}/editor.log
{
	echo "args=$#"
	echo "file=$(stat -c %a "$f") dir=$(stat -c %a "${f%/*}") name=${f##*/}"
	echo "text=$(cat "$f" | tr '\n' '|')"
	# Every descriptor this editor holds: none may be the database.
	for fd in /proc/$$/fd/*; do readlink "$fd"; done | sed 's/^/fd=/'
} >>"$log"
echo "$f" >"${0%/*}/editor.last"
case $(cat "${0%/*}/mode") in
good) printf 'Edited in the editor\nsecond line\n' >"$f" ;;
utf8) printf 'bad \377\376 bytes\n' >"$f" ;;
long) head -c 8100 /dev/zero | tr '\0' a >"$f" ;;
escape) printf 'hello \033[31mred\n' >"$f" ;;
fail) exit 3 ;;
esac
SH
chmod 700 "$ED"

TUI_ENV="VISUAL='$ED' EDITOR=/bin/false"
tui_start
tui_wait "Case list"
tui_keys n
tui_wait "New escalation"
tui_keys Right
tui_wait "< local record number >"
tui_keys Tab
tui_type "LR-7001"
tui_keys Tab Enter
tui_wait "Type to narrow"
tui_type "kent"
tui_keys Enter
tui_wait_gone "Type to narrow"
tui_keys Tab # the choice made, the cursor is on the next field (Social care team)
tui_type "Typed decision"
tui_wait "14/8000"
# The status line names the editor key, from the key table.
tui_has "Enter: new line, F4: your editor."

# Hostile results: each refused, naming the field; the typed text stays.
for m in utf8 long escape fail; do
	echo "$m" >"$MODE"
	tui_keys F4
	tui_wait "Decision challenged: "
	tui_has_words "What you typed is kept."
	case $m in
	utf8) tui_has_words "is not valid UTF-8" ;;
	long) tui_has_words "is 8100 bytes long; at most 8000 fit" ;;
	escape) tui_has_words "holds an escape" ;;
	fail) tui_has_words "ended with status 3" ;;
	esac
	case $m in
	fail) tui_has_words "Decision challenged: nothing was taken from the editor: the editor" ;;
	*) tui_has_words "Decision challenged: the text from the editor" ;;
	esac
	tui_has "Typed decision"
	tui_has "14/8000"
	tui_lacks "red"
	# The screen came back whole (curses restored): the form and its keys.
	tui_has "New escalation"
	tui_has "F2/Ctrl-S save"
	tui_keys Left
	tui_settle
done
CHECKS=$((CHECKS + 1))
[ -e "$(cat "$TEST_TMP/editor.last")" ] || [ -e "$(dirname "$(cat "$TEST_TMP/editor.last")")" ] &&
	fail "the editor's folder was left behind"

# A good edit replaces the text (Ctrl-O is the same key).
echo good >"$MODE"
tui_keys C-o
tui_wait "taken from the editor"
tui_has "Edited in the editor"
tui_has "second line"
tui_lacks "Typed decision"
tui_has "32/8000"
CHECKS=$((CHECKS + 1))
grep -q '^text=Typed decision|$' "$LOG" || { fail "the editor was not given the typed text"; cat "$LOG" >&2; }
CHECKS=$((CHECKS + 1))
grep -q '^file=600 dir=700 name=decision.txt$' "$LOG" ||
	{ fail "the editor's file is not a 0600 decision.txt in a 0700 folder"; cat "$LOG" >&2; }
CHECKS=$((CHECKS + 1))
grep -q '^args=1$' "$LOG" || { fail "the editor got other arguments than the file"; cat "$LOG" >&2; }
CHECKS=$((CHECKS + 1))
grep -E '^fd=.*escalate\.db' "$LOG" && fail "the editor inherited a database descriptor"
CHECKS=$((CHECKS + 1))
[ "$(grep -c '^fd=' "$LOG")" -gt 0 ] || fail "the log of descriptors is empty (the check could not fail)"

tui_keys Tab
tui_type "Concern typed"
tui_keys Tab Enter
tui_wait "Type to narrow"
tui_type "threshold"
tui_keys Space Enter
tui_wait_gone "Type to narrow"
tui_keys F2
tui_wait "Logged ESC-2026-0001"
esc 0 show ESC-2026-0001 --format json
out_has 'Edited in the editor\nsecond line'
tui_keys q q
check_eq "exit status after q" 0 "$(tui_exit_status)"

# No editor at all: VISUAL and EDITOR empty and no vi on PATH.
mkdir -p "$TEST_TMP/nobin"
TUI_ENV="VISUAL= EDITOR= PATH='$TEST_TMP/nobin'"
tui_start
tui_wait "Case list"
tui_keys n
tui_wait "New escalation"
tui_keys Tab Tab Tab Tab
tui_type "x"
tui_keys F4
tui_wait "no editor to open"
tui_has_words "set VISUAL or EDITOR (vi was not found)"
tui_keys C-c
tui_wait "Discard"
tui_keys y
check_eq "exit status after ^C y" 0 "$(tui_exit_status)"
finish
