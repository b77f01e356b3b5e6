# Paging the case list through the CLI: `list` reads its rows a window of
# 100 at a time (the first at --offset, the rest by a seek after the last row
# written), so a listing longer than a window, with or without --limit and
# --offset, must give exactly the list's own order, and pages by --offset
# must tile it with nothing missed or repeated.  250 cases, opened a few to
# the minute (ties in every order, broken by the case's number).
. "${ESC_TEST_LIB:?set ESC_TEST_LIB to tests/e2e/lib.sh}"

at "2026-04-01 09:00"
esc 0 init --name "Sam Tester"
LAS=(Surrey Kent Peterborough)
THEMES=("Threshold not met" "Drift / lack of progression")
for i in $(seq 0 249); do
	at "2026-04-$(printf %02d $((1 + i % 20))) 09:0$((i % 3))"
	esc 0 new --local-id "P$i" --la "${LAS[i % 3]}" --theme "${THEMES[i % 2]}" \
		--decision "Decision $i" --concern "Concern $((i % 7))"
	REF=$(new_ref)
	case $((i % 10)) in
	1 | 4)
		esc 0 contact "$REF" --with "Alex Social" --role "Social Worker" --org "Council" \
			--summary "Disagreed" --outcome concern-remains
		esc 0 escalate "$REF" --reason "No change"
		;;
	7) esc 0 resolve "$REF" --outcome "Agreed" ;;
	esac
done
at "2026-05-20 09:00"

# The rows must be in the order's definition (the case number breaks ties).
check_order() { # WHAT SORT, the CSV in $OUT
	python3 -c '
import csv, sys
rows = list(csv.DictReader(sys.stdin))
num = lambda r: int(r["ref"].rsplit("-", 1)[1])
if sys.argv[1] == "age":
    want = sorted(rows, key=lambda r: (r["level_since"], num(r)))
elif sys.argv[1] == "level":
    want = sorted(rows, key=lambda r: (-int(r["level"]), r["level_since"], num(r)))
else:
    want = sorted(rows, key=lambda r: (r["opened_at"], num(r)), reverse=True)
print(len(rows), "in order" if rows == want else "OUT OF ORDER")
' "$2" <<<"$OUT" >"$TEST_TMP/order"
	check_eq "$1" "in order" "$(cut -d' ' -f2- "$TEST_TMP/order")"
}

# Every order of one filter: the whole list (three windows), pages of 40 by
# --offset, and 150 rows from 30 (a window at the offset, the rest by a seek).
check_filter() { # FILTER...
	local sort n off all pages
	for sort in age level newest; do
		esc 0 list "$@" --sort "$sort" --limit 0 --format csv
		all=$OUT
		check_order "list $* --sort $sort" "$sort"
		n=$(($(printf '%s\n' "$all" | wc -l) - 1))
		pages=$(printf '%s\n' "$all" | head -1)
		for off in $(seq 0 40 $((n + 40))); do
			esc 0 list "$@" --sort "$sort" --limit 40 --offset "$off" --format csv
			pages+=$'\n'$(printf '%s\n' "$OUT" | tail -n +2)
		done
		check_eq "pages of 40: list $* --sort $sort" "$all" \
			"$(printf '%s\n' "$pages" | sed '/^$/d')"
		esc 0 list "$@" --sort "$sort" --limit 150 --offset 30 --format csv
		check_eq "150 from 30: list $* --sort $sort" \
			"$(printf '%s\n' "$all" | sed -n '1p;32,181p')" "$OUT"
	done
}

check_filter --all
check_filter
check_filter --all --la kent
check_filter --all --theme "Drift / lack of progression"
check_filter --all --search concern

esc 0 list --all --limit 0
out_lacks "next page"
check_eq "every case listed" 251 "$(printf '%s\n' "$OUT" | wc -l)"
esc 0 list --limit 150 --offset 30
out_has "(150 shown; the next page: --offset 180)"
esc 0 list --all --offset 250
out_is <<'EOF'
No cases.
EOF

finish
