# The quarterly table (SPEC §4) from a history built with pinned clocks over
# two financial quarters: exact counts and theme strings in every format,
# date ranges, the default quarter, --output files, and CSV that parses as
# RFC 4180 and cannot run formulas in a spreadsheet.
. "${ESC_TEST_LIB:?set ESC_TEST_LIB to tests/e2e/lib.sh}"

# new NOW LA THEME [THEME2]: opens a case, leaves its reference in $CASE.
new() {
	local extra=()
	[ $# -ge 4 ] && extra=(--theme "$4")
	esc 0 --now "$1" new --again --nhs 9434765919 --la "$2" --theme "$3" "${extra[@]}" \
		--decision "Decision" --concern "Concern"
	CASE=$(new_ref)
}

remains() {
	esc 0 --now "$1" contact "$2" --with "Alex Social" --role "Social Worker" --org "LA" \
		--summary "Discussed" --outcome concern-remains
}

# A python check on the last output: prints "ok" or what was wrong.
py_check() {
	printf '%s\n' "$OUT" >"$TEST_TMP/py.in"
	check_eq "$1" ok "$(python3 -c "$2" "$TEST_TMP/py.in" 2>&1)"
}

esc 0 --now "2026-04-01 09:00" init --name "Sam Tester" --role named

# 2026-27-Q1 (April to June 2026).
new "2026-05-11 10:00" Kent "Drift / lack of progression"
DRIFT=$CASE
esc 0 --now "2026-05-12 09:00" urgent "$DRIFT" --reason "Immediate risk"
new "2026-06-15 10:00" Surrey "Threshold not met"
THRESHOLD=$CASE
remains "2026-06-16 10:00" "$THRESHOLD"
esc 0 --now "2026-06-20 10:00" escalate "$THRESHOLD" --reason "No change"
new "2026-06-16 11:00" Surrey "Case closed / stepped down" "Threshold not met"
esc 0 --now "2026-06-25 10:00" resolve "$CASE" --outcome "Case reopened by social care"
remains "2026-06-22 10:00" "$THRESHOLD"
# 2026-27-Q2 (July to September): the same case reaches level 3.
esc 0 --now "2026-07-03 10:00" escalate "$THRESHOLD" --reason "Still no change"
new "2026-07-10 10:00" Surrey "Threshold not met"
esc 0 --now "2026-07-11 10:00" withdraw "$CASE" --reason "Logged in error"
new "2026-08-03 10:00" Kent "Information sharing"
remains "2026-08-04 10:00" "$CASE"
esc 0 --now "2026-08-05 10:00" escalate "$CASE" --reason "Records still not shared"

# Every report ends with a receipt (issue 11): checked, then left out of
# the golden blocks (its hashes change with any change of the chains).
drop_receipt() {
	CHECKS=$((CHECKS + 1))
	printf '%s\n' "$OUT" | tr -d '\r' | grep -qE "^(Receipt: |receipt,,,)escalate-receipt history=[0-9]+:[0-9a-f]{64} staff=[0-9]+:[0-9a-f]{64} config=[0-9]+:[0-9a-f]{64}(,,,,)?$" ||
		fail "the report has no receipt as its last line"
	OUT=$(printf '%s\n' "$OUT" | grep -vE "^(Receipt: |receipt,,,)escalate-receipt ")
	OUT=${OUT%$'\n'}
}

at "2026-10-01 09:00"
esc 0 report --quarter 2026-27-Q1
drop_receipt
out_is <<'EOF'
Escalations 2026-27-Q1 (2026-04-01 to 2026-06-30)

Level of Escalation            | Number       | Themes                          | Local Authority
-------------------------------+--------------+---------------------------------+----------------
1 Social Worker                | 1            | Drift / lack of progression (1) | Kent
1 Social Worker                | 2            | Threshold not met (2);          | Surrey
                               |              | Case closed / stepped down (1)  |
2 Manager / Named Professional | 1            | Threshold not met (1)           | Surrey
4 Head of Service              | 1 (1 urgent) | Drift / lack of progression (1) | Kent

Reached in the period
  Reached level 1 (Social Worker)                      3
  Reached level 2 (Manager / Named Professional)       1
  Reached level 3 (Team Manager)                       0
  Reached level 4 (Head of Service)                    1 (1 urgent)
  Reached level 5 (Director)                           0
  Level reachings, all levels (a case once per level)  5 (1 urgent)
  Distinct cases active in the period                  3

Resolved in the period
  Resolved at level 1 (Social Worker)                  1
  Resolved at level 2 (Manager / Named Professional)   0
  Resolved at level 3 (Team Manager)                   0
  Resolved at level 4 (Head of Service)                0
  Resolved at level 5 (Director)                       0

Open
  Open on 2026-06-30                                   2
  Open and overdue on 2026-06-30                       2
EOF

esc 0 report --quarter 2026-27-Q1 --format csv
out_has "level,1,1 Social Worker,,2,0,Threshold not met (2); Case closed / stepped down (1),Surrey"
out_has "level,4,4 Head of Service,,1,1,Drift / lack of progression (1),Kent"
out_has "reachings,,,\"Level reachings, all levels (a case once per level)\",5,1,,"
out_has "cases,,,Distinct cases active in the period,3,,,"
out_has "resolved,1,1 Social Worker,Resolved at level 1 (Social Worker),1,,,"
out_has "overdue,,,Open and overdue on 2026-06-30,2,,,"
py_check "Q1 CSV is RFC 4180 with 8 columns; no sum double-counts" '
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline=""), strict=True))
assert rows[0] == ["row", "level", "level_of_escalation", "figure", "number", "urgent",
                   "themes", "local_authority"], rows[0]
assert all(len(r) == 8 for r in rows), [r for r in rows if len(r) != 8]
def total(kind):
    return sum(int(r[4]) for r in rows[1:] if r[0] == kind)
assert total("level") == 5 and total("total") == 5 and total("reachings") == 5
assert total("cases") == 3
print("ok")'

esc 0 report --quarter 2026-27-Q1 --format markdown
out_has "| Level of Escalation | Number | Themes | Local Authority |"
out_has "| 1 Social Worker | 2 | Threshold not met (2); Case closed / stepped down (1) | Surrey |"
out_has "| 4 Head of Service | 1 (1 urgent) | Drift / lack of progression (1) | Kent |"

esc 0 report --quarter 2026-27-Q1 --format json
py_check "Q1 JSON counts" '
import json, sys
r = json.load(open(sys.argv[1]))
assert r["period"] == {"label": "2026-27-Q1", "from": "2026-04-01", "to": "2026-06-30",
                       "ended": True}, r["period"]
assert r["cases"] == 3
assert r["level_totals"] == {"1": 3, "2": 1, "3": 0, "4": 1, "5": 0}, r["level_totals"]
assert (r["total"], r["urgent_total"]) == (5, 1)
assert r["resolved"]["1"] == 1 and sum(r["resolved"].values()) == 1
assert (r["open_at_end"], r["open_overdue_at_end"]) == (2, 2)
surrey1 = [x for x in r["rows"] if x["level"] == 1 and x["local_authority"] == "Surrey"][0]
assert surrey1["themes"] == [{"theme": "Threshold not met", "count": 2},
                             {"theme": "Case closed / stepped down", "count": 1}], surrey1
print("ok")'

esc 0 report --quarter 2026-27-Q2 --format csv
out_crlf
drop_receipt
out_is <<'EOF'
row,level,level_of_escalation,figure,number,urgent,themes,local_authority
level,1,1 Social Worker,,1,0,Information sharing (1),Kent
level,1,1 Social Worker,,1,0,Threshold not met (1),Surrey
level,2,2 Manager / Named Professional,,1,0,Information sharing (1),Kent
level,3,3 Team Manager,,1,0,Threshold not met (1),Surrey
total,1,1 Social Worker,Reached level 1 (Social Worker),2,0,,
total,2,2 Manager / Named Professional,Reached level 2 (Manager / Named Professional),1,0,,
total,3,3 Team Manager,Reached level 3 (Team Manager),1,0,,
total,4,4 Head of Service,Reached level 4 (Head of Service),0,0,,
total,5,5 Director,Reached level 5 (Director),0,0,,
reachings,,,"Level reachings, all levels (a case once per level)",4,0,,
cases,,,Distinct cases active in the period,3,,,
resolved,1,1 Social Worker,Resolved at level 1 (Social Worker),0,,,
resolved,2,2 Manager / Named Professional,Resolved at level 2 (Manager / Named Professional),0,,,
resolved,3,3 Team Manager,Resolved at level 3 (Team Manager),0,,,
resolved,4,4 Head of Service,Resolved at level 4 (Head of Service),0,,,
resolved,5,5 Director,Resolved at level 5 (Director),0,,,
open,,,Open on 2026-09-30,3,,,
overdue,,,Open and overdue on 2026-09-30,3,,,
EOF
esc 0 report --quarter 2026-27-Q2
out_has "3 Team Manager                 | 1      | Threshold not met (1)   | Surrey"
out_has "  Level reachings, all levels (a case once per level)  4"
out_has "  Distinct cases active in the period                  3"
esc 0 report --quarter 2026-27-Q2 --format md
out_has "| 2 Manager / Named Professional | 1 | Information sharing (1) | Kent |"
esc 0 report --quarter 2026-27-Q2 --format json
py_check "Q2 JSON counts" '
import json, sys
r = json.load(open(sys.argv[1]))
assert r["level_totals"] == {"1": 2, "2": 1, "3": 1, "4": 0, "5": 0}, r["level_totals"]
assert (r["total"], r["urgent_total"], r["open_at_end"]) == (4, 0, 3)
print("ok")'
esc 0 report --quarter 2026-27-Q2 --format json
printf '%s\n' "$OUT" >"$TEST_TMP/q2.json"
CHECKS=$((CHECKS + 1))
python3 -m json.tool "$TEST_TMP/q2.json" >/dev/null || fail "report JSON does not parse"

# Any inclusive range: June and July together.
esc 0 report --from 2026-06-01 --to 2026-07-31 --format json
py_check "range JSON counts" '
import json, sys
r = json.load(open(sys.argv[1]))
assert r["period"]["from"] == "2026-06-01" and r["period"]["to"] == "2026-07-31", r["period"]
assert r["level_totals"] == {"1": 3, "2": 1, "3": 1, "4": 0, "5": 0}, r["level_totals"]
assert r["total"] == 5 and r["resolved"]["1"] == 1
print("ok")'
esc 1 report --from 2026-07-31 --to 2026-06-01
esc 1 report --quarter 2026-28-Q1
esc 2 report --from 2026-06-01

# The default period is the quarter containing today.
esc 0 --now "2026-08-10 09:00" report --format json
py_check "default quarter" '
import json, sys
r = json.load(open(sys.argv[1]))
assert r["period"]["label"] == "2026-27-Q2", r["period"]
print("ok")'

# --output writes a private file with the same content as standard output.
esc 0 report --quarter 2026-27-Q2 --format csv
EXPECTED=$OUT
esc 0 report --quarter 2026-27-Q2 --format csv --output "$TEST_TMP/q2.csv"
out_has "written to $TEST_TMP/q2.csv"
check_eq "--output content" "$EXPECTED" "$(cat "$TEST_TMP/q2.csv")"
check_eq "--output mode" 600 "$(stat -c %a "$TEST_TMP/q2.csv")"
esc 0 report --quarter 2026-27-Q2 -o "$TEST_TMP/q2.md" --format markdown
check_eq "-o mode" 600 "$(stat -c %a "$TEST_TMP/q2.md")"
esc 6 report --output "$TEST_TMP/no/such/dir/r.csv"

# A theme that a spreadsheet would read as a formula is neutralised in CSV.
esc 0 --now "2026-10-05 09:00" config theme add "=HYPERLINK(\"http://x\")"
new "2026-10-05 10:00" Surrey "=HYPERLINK(\"http://x\")"
esc 0 --now "2026-10-06 09:00" report --quarter 2026-27-Q3 --format csv
out_has "\"'=HYPERLINK(\"\"http://x\"\") (1)\""
py_check "formula CSV parses" '
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline=""), strict=True))
cells = [c for r in rows for c in r]
assert not any(c.startswith(("=", "+", "-", "@")) for c in cells), cells
print("ok")'

finish
