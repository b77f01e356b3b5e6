# Every output opened with what its readers use (issue 14, issue 11 items
# 7-8): JSON against its schema (python3-jsonschema), Markdown through
# pandoc, cmark-gfm and python-markdown, workbooks through openpyxl and
# LibreOffice, CSV with and without the byte-order mark; first with ordinary
# data, then with hostile names and texts planted as someone with the file
# could (tests/reliability/hostile.py's strings).  formats.py does the
# opening.
. "${ESC_TEST_LIB:?set ESC_TEST_LIB to tests/e2e/lib.sh}"

SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
FORMATS=$SRC/tests/e2e/formats.py
SCHEMAS=$SRC/data/schema/json
# Debian's python3 has the packages (scripts/deps.sh); another python3 first
# on PATH may not.
PY=python3
[ -x /usr/bin/python3 ] && PY=/usr/bin/python3
for need in pandoc cmark-gfm soffice; do
	command -v "$need" >/dev/null || fail "$need is not installed (scripts/deps.sh)"
done
"$PY" -c 'import jsonschema, openpyxl, markdown' ||
	fail "python3-jsonschema, python3-openpyxl or python3-markdown missing (scripts/deps.sh)"
[ "$FAILS" -eq 0 ] || finish

formats() {
	check_eq "$1" ok "$("$PY" "$FORMATS" "${@:2}" 2>&1)"
}

at "2026-05-20 09:00"
esc 0 --now "2026-04-01 09:00" init --name "Sam Tester" --role designated
esc 0 staff add hv1 --name "李小龙 Siobhán" --role frontline --org "Trust"
# Identifiers a spreadsheet would mangle: leading zeros, a number in E
# notation, a date, a long number.
ids=("007345" "1E5" "12/03/2026")
n=0
for id in "${ids[@]}"; do
	n=$((n + 1))
	esc 0 --now "2026-04-0$((n + 1)) 10:00" new --local-id "$id" --la Kent --theme "Other" \
		--decision "=HYPERLINK(\"http://x\")" --concern "-2+3 line one
line two"
done
esc 0 --now "2026-04-06 10:00" new --nhs 9434765919 --la Surrey --theme "Threshold not met" \
	--theme "Information sharing" --decision "Referral not accepted" --concern "Bruising"
REF=$(new_ref)
esc 0 --now "2026-04-07 10:00" contact "$REF" --with "Alex Social" --role "Social Worker" \
	--org "Surrey CC" --summary "Discussed" --outcome concern-remains \
	--action "Send the chronology|Alex Social|2026-04-10" --action "@Call GP|Sam|2026-04-11"
esc 0 --now "2026-04-08 10:00" urgent "$REF" --reason "Immediate risk"
esc 0 --now "2026-04-08 11:00" inform "$REF" --whom designated --name "Dr Des" --how telephone
esc 0 --now "2026-04-09 10:00" resolve ESC-2026-0001 --outcome "Agreed a plan"

formats "JSON validates against its schemas" schema "$ESC" "$DB" "$SCHEMAS"
formats "Markdown renders literally" markdown "$ESC" "$DB"
formats "workbooks open right" xlsx "$ESC" "$DB" "$TEST_TMP/xlsx"

# --- CSV: UTF-8, the byte-order mark on request only --------------------------
bom() { head -c 3 "$1" | od -An -tx1 | tr -d ' '; }
esc 0 report --quarter 2026-27-Q1 --format csv --out "$TEST_TMP/r.csv"
check_eq "no BOM by default" "726f77" "$(bom "$TEST_TMP/r.csv")"
esc 0 report --quarter 2026-27-Q1 --format csv --bom --out "$TEST_TMP/rb.csv"
check_eq "report --bom" "efbbbf" "$(bom "$TEST_TMP/rb.csv")"
check_eq "the rest is the same" "$(cat "$TEST_TMP/r.csv")" "$(tail -c +4 "$TEST_TMP/rb.csv")"
esc 0 list --all --format csv --bom --out "$TEST_TMP/l.csv"
check_eq "list --bom" "efbbbf" "$(bom "$TEST_TMP/l.csv")"
esc 0 export --bom --out "$TEST_TMP/exp"
for f in "$TEST_TMP"/exp/*.csv; do
	check_eq "export --bom $(basename "$f")" "efbbbf" "$(bom "$f")"
done
esc 0 staff list --format csv --bom
check_eq "staff list --bom" "efbbbf" "$(printf '%s' "$OUT" | head -c 3 | od -An -tx1 | tr -d ' ')"
# identifiers are whole in the CSV too (the spreadsheet is told in escalate(1))
esc 0 list --all --format csv
for id in "${ids[@]}"; do out_has ",$id,"; done
# --bom is for CSV only
esc 2 report --format json --bom
err_has "--bom is for --format csv"
esc 2 list --bom
esc 2 export --format json --bom
# a workbook needs a file
esc 2 report --format xlsx
err_has "give --out FILE"
esc 2 list --format xlsx
esc 2 export --format xlsx --out -

# --- the same with hostile names and texts ------------------------------------
CHECKS=$((CHECKS + 1))
"$PY" "$FORMATS" plant "$DB" "$SRC/tests/reliability/hostile.py" >/dev/null ||
	fail "could not plant the hostile data"
formats "hostile: JSON validates against its schemas" schema "$ESC" "$DB" "$SCHEMAS"
formats "hostile: Markdown renders literally" markdown "$ESC" "$DB"
formats "hostile: workbooks open right" xlsx "$ESC" "$DB" "$TEST_TMP/xlsx-hostile"

finish
