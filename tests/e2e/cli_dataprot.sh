# Data protection from the command line (issue 12): the access log and who
# may read it, a read that cannot be logged refused, subject access,
# retention (unset, due, purge with the report and verify unchanged),
# backups made while another process writes, a backup killed part-way never
# left under its name, and a restore into a fresh directory that verifies
# and reports as the original did.
# shellcheck source=lib.sh
. "${ESC_TEST_LIB:?}"

GENERATE=$(dirname "$ESC")/bench/generate

at "2026-11-23 09:30"
esc 0 init --name "Dana Designated" --org "Cambs Community Services"
esc 0 new --nhs "943 476 5919" --la Peterborough --theme "Threshold not met" \
	--decision "Referral not accepted" --concern "Three missed appointments"
REF=$(new_ref)
esc 0 new --local-id "LOC-22" --la Peterborough --theme "Threshold not met" \
	--decision "Another child's decision" --concern "Another concern"
OTHER=$(new_ref)

# --- the access log --------------------------------------------------------
esc 0 access-log
out_is <<'X'
No reads recorded.
X
# Lists, searches and reports show no content: not logged.
esc 0 list --all
esc 0 list --search "missed"
esc 0 report --quarter 2026-27-Q3
esc 0 access-log
out_has "No reads recorded."
esc 0 show "$REF"
esc 0 show "$REF" --format json
esc 0 show "$REF" --format record
esc 0 export --format csv -o "$TEST_TMP/all.csv"
esc 0 access-log
out_is <<X
WHEN                 LOGIN  UID  WHAT             HOW          CASES
2026-11-23 09:30:00  $ME   $(printf '%-4s' "$(id -u)") $REF    show         1
2026-11-23 09:30:00  $ME   $(printf '%-4s' "$(id -u)") $REF    show-json    1
2026-11-23 09:30:00  $ME   $(printf '%-4s' "$(id -u)") $REF    show-record  1
2026-11-23 09:30:00  $ME   $(printf '%-4s' "$(id -u)") csv: every case  export       2
X
esc 0 access-log "$REF" --format csv
out_crlf
check_eq "rows about $REF (and the header)" 4 "$(printf '%s\n' "$OUT" | wc -l)"
out_lacks "export"
out_has "id,at,login,uid,ref,how,scope,count"
esc 0 access-log --format json
check_eq "json rows" 4 "$(printf '%s' "$OUT" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')"
esc 0 access-log --login nobody
out_has "No reads recorded."
esc 0 access-log --from 2026-11-24
out_has "No reads recorded."
esc 0 access-log --from 2026-11-23 --to 2026-11-23 --format json
check_eq "rows on the day" 4 "$(printf '%s' "$OUT" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')"
esc 1 access-log --from 2026-02-30
esc 3 access-log ESC-2099-0001

# A frontline professional may not read the log (a database of their own,
# where this login is frontline and not an admin).
DB_SAVED=$DB
DB=$TEST_TMP/front.db
esc 0 init --name "Fran Frontline" --role frontline --org "Cambs Community Services"
esc 0 staff add someone-else --name "Ada Admin" --role designated --admin
esc 0 staff set-role "$ME" frontline --no-admin
esc 4 access-log
err_has "needs a designated professional or an admin; you are frontline"
esc 4 sar --nhs "943 476 5919"
esc 4 retention due
esc 4 backup "$TEST_TMP/front-backup.db"
[ -e "$TEST_TMP/front-backup.db" ] && fail "a refused backup left a file"
DB=$DB_SAVED

# --- a reader who cannot write is refused, not left unlogged ---------------
ro_how=SKIPPED
mkdir -m 0700 -p "$TEST_TMP/rw" "$TEST_TMP/ro"
cp "$DB" "$TEST_TMP/rw/escalate.db"
if mount --bind "$TEST_TMP/rw" "$TEST_TMP/ro" 2>/dev/null; then
	if mount -o remount,ro,bind "$TEST_TMP/ro" 2>/dev/null; then
		ro_how="read-only mount"
	fi
fi
if [ "$ro_how" != SKIPPED ]; then
	DB=$TEST_TMP/ro/escalate.db
	esc 12 show "$REF"
	err_has "nothing was shown: every read of a case's content is recorded in the access log"
	check_eq "nothing shown" "" "$OUT"
	esc 12 export
	err_has "access log"
	esc 12 sar --nhs "943 476 5919"
	err_has "access log"
	DB=$DB_SAVED
	umount "$TEST_TMP/ro"
else
	umount "$TEST_TMP/ro" 2>/dev/null
fi
echo "cli_dataprot: read-only reader: $ro_how"

# --- subject access --------------------------------------------------------
esc 0 sar --nhs "9434765919" --out "$TEST_TMP/sar.json"
out_has "Wrote 1 case to $TEST_TMP/sar.json. Review the third-party information"
check_eq "sar file mode" 600 "$(stat -c %a "$TEST_TMP/sar.json")"
check_eq "sar holds the child's case only" "$REF" \
	"$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(" ".join(c["ref"] for c in d["cases"]))' "$TEST_TMP/sar.json")"
grep -q "third-party information" "$TEST_TMP/sar.json" || fail "the SAR header lacks the third-party notice"
grep -q "$OTHER" "$TEST_TMP/sar.json" && fail "the SAR holds another child's case"
esc 0 sar --nhs "943 476 5919" --format record
out_has "Subject access request"
out_has "Escalation of professional difference $REF"
esc 0 sar --nhs "943 476 5919" --format csv
out_crlf
out_has "ref,section,seq,at,field,value"
esc 1 sar --nhs "943 476 5918"
esc 2 sar
esc 0 access-log "$REF"
out_has "sar"

# --- retention -------------------------------------------------------------
esc 0 retention due
out_has "No retention period is set, so no case is due."
esc 0 config retention
out_has "retention none"
esc 0 resolve "$REF" --outcome "Agreed a plan"
esc 0 report --quarter 2026-27-Q3 --format csv
REPORT_BEFORE=$OUT
esc 0 config retention 7
out_has "retention 7 years after a case closed"
esc 2 config retention seven
at "2033-11-22 09:00"
esc 0 retention due
out_has "No closed case is past the retention period of 7 years."
esc 4 retention purge "$REF" --reason "Past retention" --yes
err_has "kept until 2033-11-23"
at "2033-11-24 09:00"
esc 0 retention due
out_has "$REF  resolved  1      2026-11-23 09:30:00  2033-11-23"
out_lacks "$OTHER"
esc 2 retention purge "$REF" --reason "Past retention"
err_has "confirm with --yes"
esc 4 retention purge "$OTHER" --reason "Past retention" --yes
err_has "not closed"
esc 0 retention purge "$REF" --reason "Past retention" --yes
# Gone from the file too, not left in its free space or its WAL.
for f in "$DB" "$DB-wal"; do
	CHECKS=$((CHECKS + 1))
	[ -e "$f" ] && grep -qa -e "Three missed appointments" -e "9434765919" "$f" &&
		fail "the purged content is still in $f"
done
esc 0 verify
out_has "purged cases: 1, tombstones intact"
esc 0 show "$REF"
out_has "Content removed by a retention purge on 2033-11-24 09:00:00 by $ME: Past retention"
out_lacks "Referral not accepted"
out_lacks "Three missed appointments"
out_has "Threshold not met"
esc 0 retention due
out_lacks "$REF"
at "2026-11-23 09:30"
esc 0 report --quarter 2026-27-Q3 --format csv
# (its receipt row names the chains' heads, which the purge extended)
check_eq "the quarter's report after the purge" "$(printf '%s\n' "$REPORT_BEFORE" | grep -v '^receipt,')" \
	"$(printf '%s\n' "$OUT" | grep -v '^receipt,')"

# --- backup and restore ----------------------------------------------------
esc 0 backup "$TEST_TMP/small-backup.db"
out_has "Backed up $DB to $TEST_TMP/small-backup.db (mode 0600)."
out_has "chain heads: history row"
check_eq "backup mode" 600 "$(stat -c %a "$TEST_TMP/small-backup.db")"
esc 5 backup "$TEST_TMP/small-backup.db"
err_has "exists"
esc 0 verify
VERIFY_LIVE=$OUT
esc 0 report --quarter 2026-27-Q3
REPORT_LIVE=$OUT
esc 0 list --all
LIST_LIVE=$OUT

# Restore into a fresh directory: it verifies and reports as the original.
mkdir -m 0700 -p "$TEST_TMP/fresh"
DB=$TEST_TMP/fresh/escalate.db
esc 0 restore "$TEST_TMP/small-backup.db"
out_has "Restored $DB from $TEST_TMP/small-backup.db."
esc 0 verify
check_eq "verify of the restored database" "$VERIFY_LIVE" "$OUT"
esc 0 report --quarter 2026-27-Q3
check_eq "report of the restored database" "$REPORT_LIVE" "$OUT"
esc 0 list --all
check_eq "list of the restored database" "$LIST_LIVE" "$OUT"
esc 5 restore "$TEST_TMP/small-backup.db"
err_has "replaces it only with --force"
esc 0 note "$OTHER" --text "written after the restore"
esc 0 restore "$TEST_TMP/small-backup.db" --force
out_has "The database it replaced is kept as $DB.replaced-"
KEPT=$(ls "$DB".replaced-* | head -1)
DB=$KEPT
esc 0 show "$OTHER"
out_has "written after the restore"
DB=$TEST_TMP/fresh/escalate.db
esc 0 show "$OTHER"
out_lacks "written after the restore"
# A file that is not a verified database is never restored.
head -c 8192 "$TEST_TMP/small-backup.db" >"$TEST_TMP/half.db"
chmod 600 "$TEST_TMP/half.db" # closed to others, as a backup is: refused for what it holds
esc 8 restore "$TEST_TMP/half.db" --force
err_has "does not verify, so nothing was restored"
esc 0 verify
DB=$DB_SAVED

if [ -x "$GENERATE" ]; then
	BIG=$TEST_TMP/big/escalate.db
	mkdir -m 0700 -p "$TEST_TMP/big" "$TEST_TMP/bk" # personal databases are closed to others
	"$GENERATE" --db "$BIG" --cases 10000 --force >/dev/null 2>&1 || fail "generate failed"
	DB=$BIG
	esc 0 list --limit 1
	OPEN_REF=$(printf '%s\n' "$OUT" | awk 'NR == 2 { print $1 }')

	# Another process writes the whole time a backup runs.
	: >"$TEST_TMP/writer.log"
	(
		n=0
		while [ ! -e "$TEST_TMP/stop" ]; do
			n=$((n + 1))
			"$ESC" --db "$BIG" note "$OPEN_REF" --text "note $n while backing up" \
				>/dev/null 2>>"$TEST_TMP/writer.err" && echo ok >>"$TEST_TMP/writer.log" ||
				echo failed >>"$TEST_TMP/writer.log"
		done
	) &
	WRITER=$!
	# (a writer that only fails would keep this waiting: stop at its first failure)
	while [ "$(grep -c ok "$TEST_TMP/writer.log")" -lt 3 ] &&
		! grep -q failed "$TEST_TMP/writer.log"; do sleep 0.05; done
	esc 0 backup "$TEST_TMP/bk/during.db"
	out_has "integrity ok"
	touch "$TEST_TMP/stop"
	wait "$WRITER"
	check_eq "writes that failed while the backup ran" 0 "$(grep -c failed "$TEST_TMP/writer.log")"
	WRITES=$(grep -c ok "$TEST_TMP/writer.log")
	CHECKS=$((CHECKS + 1))
	[ "$WRITES" -ge 4 ] || fail "only $WRITES writes went through around the backup"
	DB=$TEST_TMP/bk/during.db
	esc 0 verify
	DB=$BIG
	esc 0 verify

	# A backup killed part-way: never a file at the target's name that does
	# not verify; what it leaves is a temporary file beside it.  Each backup
	# is killed once its temporary file exists (the copy under way), a little
	# later each time, so the kills land in the copy and in the verify.
	partial_seen=0
	for attempt in 0 1 2 3 4 5 6 7; do
		rm -f "$TEST_TMP/bk/killed.db" "$TEST_TMP/bk"/.killed.db.partial-*
		"$ESC" --db "$BIG" backup "$TEST_TMP/bk/killed.db" >/dev/null 2>&1 &
		pid=$!
		for _ in $(seq 600); do
			compgen -G "$TEST_TMP/bk/.killed.db.partial-*" >/dev/null && break
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.05
		done
		[ "$attempt" -gt 0 ] && sleep "0.0$attempt"
		kill -KILL "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
		CHECKS=$((CHECKS + 1))
		if [ -e "$TEST_TMP/bk/killed.db" ]; then
			# the kill came after the rename: then it is a whole, verified backup
			"$ESC" --db "$TEST_TMP/bk/killed.db" verify >/dev/null 2>&1 ||
				fail "a killed backup left $TEST_TMP/bk/killed.db and it does not verify"
			continue
		fi
		for p in "$TEST_TMP/bk"/.killed.db.partial-*; do
			case $p in *-journal) continue ;; esac
			[ -e "$p" ] || continue
			partial_seen=$((partial_seen + 1))
			# A partial copy is refused by restore unless it is whole.
			mkdir -m 0700 -p "$TEST_TMP/bk/r$partial_seen"
			if ! "$ESC" --db "$p" verify >/dev/null 2>&1; then
				fresh=$TEST_TMP/bk/r$partial_seen/escalate.db
				CHECKS=$((CHECKS + 1))
				if "$ESC" --db "$fresh" restore "$p" >/dev/null 2>"$TEST_TMP/restore.err"; then
					fail "restore took the partial backup $p"
				elif ! grep -q "does not verify, so nothing was restored" "$TEST_TMP/restore.err"; then
					fail "restore of a partial backup: $(cat "$TEST_TMP/restore.err")"
				fi
				[ -e "$fresh" ] && fail "restore of a partial backup left a database"
			fi
		done
	done
	CHECKS=$((CHECKS + 1))
	[ "$partial_seen" -gt 0 ] || fail "no kill landed while a backup was under way"
	echo "cli_dataprot: killed backups that left a partial file: $partial_seen"
	DB=$DB_SAVED
else
	fail "no bench/generate beside $ESC"
fi

finish
