# Output shapes (issue 14): unknown commands, the man page's lint, text
# tables measured in display cells (CJK, combining marks, emoji) and cut
# with "…" on a terminal only.
. "${ESC_TEST_LIB:?set ESC_TEST_LIB to tests/e2e/lib.sh}"

SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
COLUMNS_PY=$SRC/tests/e2e/columns.py

# --- an unknown command is a usage error, with or without --help ------------
# (not `action`, the issue's example: agreed actions are becoming a command)
esc_nodb 2 acton --help
err_has "unknown command 'acton'"
err_has "the nearest command is 'escalate "
out_lacks "Usage:"
esc_nodb 2 xyzzy
err_has "unknown command 'xyzzy'; the nearest command is 'escalate "
esc_nodb 2 reprot
err_has "unknown command 'reprot'; the nearest command is 'escalate report'"
esc_nodb 2 staff ad --help
err_has "unknown command 'staff ad'; the nearest command is 'escalate staff add'"
esc_nodb 2 --help config tiemscale
err_has "the nearest command is 'escalate config timescale'"
# a known command with --help still shows its help
esc_nodb 0 report --help
out_has "Usage: escalate report"

# --- mandoc -Tlint reports nothing ------------------------------------------
CHECKS=$((CHECKS + 1))
LINT=$(mandoc -Tlint "$SRC/man/escalate.1" 2>&1)
[ -z "$LINT" ] || fail "mandoc -Tlint man/escalate.1: $LINT"

# --- text tables in display cells -------------------------------------------
# columns.py measures as a terminal draws: combining 0, wide 2.
cols_ok() {
	printf '%s\n' "$OUT" >"$TEST_TMP/cols.in"
	check_eq "$1" ok "$(python3 "$COLUMNS_PY" "$TEST_TMP/cols.in" "${@:2}")"
}
at "2026-05-05 09:00"
esc 0 init --name "Sam Tester"
ZOE=$(printf 'Zoe\xcc\x88 case')            # decomposed: e + COMBINING DIAERESIS
CJK_LA="李小龙区"
EMOJI_LA="🏠 Housing"
LONG_LA="The Royal Borough of Windsor and Maidenhead Children's Services"
for la in "$CJK_LA" "$EMOJI_LA" "$LONG_LA"; do
	esc 0 config la add "$la"
done
esc 0 config theme add "$ZOE"
esc 0 staff add hv1 --name "李小龙 Siobhán" --role frontline --org "Trust 🏥"
esc 0 staff add hv2 --name "$(printf 'Zoe\xcc\x88 Smith')" --role named --org "Trust"
for la in "$CJK_LA" "$EMOJI_LA" Kent "$LONG_LA"; do
	esc 0 new --again --nhs 9434765919 --la "$la" --theme "$ZOE" --decision d --concern c
done
esc 0 list
cols_ok "list: THEME after CJK and emoji" THEME "$ZOE"
cols_ok "list: OWNER after a combining mark" OWNER "$ME"
out_has "$LONG_LA"   # piped: the whole value
out_lacks "…"
LC_ALL=C esc 0 list  # escalate measures in UTF-8 even in the C locale
cols_ok "list in the C locale" OWNER "$ME"
esc 0 staff list
cols_ok "staff list: ROLE after a CJK name" ROLE frontline
cols_ok "staff list: ADMIN after a decomposed name" ADMIN no
cols_ok "staff list: ORGANISATION" ORGANISATION "Trust 🏥"
esc 0 report
cols_ok "text report: bars line up" --bars 3
cols_ok "text report: Local Authority" "Local Authority" "$CJK_LA"

# On a terminal the columns fit the window (80 here) and long values are
# cut with "…", still aligned; the owner is a name, and a DUE column shows
# when the level is due (issue 13 item 9).
TTYOUT=$TEST_TMP/tty.out
CHECKS=$((CHECKS + 1))
COLUMNS=80 script -qec "'$ESC' --db '$DB' list" /dev/null >"$TTYOUT" 2>&1 ||
	fail "list on a terminal failed"
OUT=$(tr -d '\r' <"$TTYOUT")
out_has "…"
out_lacks "$LONG_LA"
cols_ok "list on a terminal: OWNER after a cut" OWNER "Sam Tester"
CHECKS=$((CHECKS + 1))
[ "$(printf '%s\n' "$OUT" | python3 -c 'import sys, unicodedata
w = lambda s: sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
print(max(w(l) for l in sys.stdin.read().split("\n")))')" -le 80 ] || fail "a line is wider than 80 columns"
# Wider, the DUE column is there too.
COLUMNS=132 script -qec "'$ESC' --db '$DB' list" /dev/null >"$TTYOUT" 2>&1 ||
	fail "list on a terminal failed"
OUT=$(tr -d '\r' <"$TTYOUT")
out_has "DUE"
cols_ok "list on a wide terminal: DUE" DUE "2026-05-12"

finish
