#!/usr/bin/env bash
# Storage faults: a database that is missing, read-only, on a full disk,
# corrupt, from a newer schema, or group/world-writable.  Each must give a
# clear message and its own exit status (error.h), never a crash (status 70
# or a signal), never a half-written event; on a full disk nothing already
# acknowledged is lost, and once space is freed writing works again.  A
# corruption SQLite sees, or one that changes any record (cases and their
# themes, history, agreed actions, seals, staff and staff history: all
# covered by verify's chains, seals and replay since schema 003), must make
# `escalate verify` exit 8; otherwise it is a failure ("missed").  Two
# outcomes are counted, not failed: a change to the configuration tables
# (themes, local authorities, timescales, bank holidays, settings), which
# carry no history (unprotected_changes), and damage to the running user's
# own staff login, after which escalate refuses with "not registered" (4)
# before verify can run (identity_refused).
#
# The corruptions (offset, length and bytes) come from a seed printed in the
# output; replay a run with --seed N (or ESC_STORAGE_SEED=N).
#
# Full disk and read-only media need mount(2) (root, or a sandbox that
# allows it): a small tmpfs and a read-only bind mount.  Without it those
# parts say SKIPPED in the closing line (read-only then falls back to
# chattr +i where the filesystem supports it).
#
# usage: storage_faults.sh ESCALATE [--long] [--seed N]
#        (--long: 200 corruptions, not 20)
set -uo pipefail
ESC=$1
shift
corruptions=20
seed=${ESC_STORAGE_SEED:-$(( ($(date +%s%N) ^ $$) % 1000000000 ))}
while [ $# -gt 0 ]; do
	case $1 in
	--long) corruptions=200 ;;
	--seed) seed=$2; shift ;;
	*) echo "storage_faults.sh: unknown option $1" >&2; exit 2 ;;
	esac
	shift
done
case $seed in '' | *[!0-9]*) echo "storage_faults.sh: --seed takes a number" >&2; exit 2 ;; esac
echo "storage: seed=$seed (replay with --seed $seed)"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/esc-storage.XXXXXX")
mounts=()
cleanup() {
	for m in "${mounts[@]}"; do umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null; done
	chattr -i "$tmp"/imm/* 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
export ESCALATE_NOW="2026-05-05 09:00" LANG=C.UTF-8 LC_ALL=C.UTF-8
failures=0 checks=0
declare -A code
fail() { echo "storage: FAIL $*"; failures=$((failures + 1)); }

# run DB ARGS...: sets rc, out, err
run() {
	local db=$1
	shift
	out=$("$ESC" --db "$db" "$@" 2>"$tmp/stderr")
	rc=$?
	err=$(cat "$tmp/stderr")
}
# expect NAME WANT-RC MESSAGE-WORDS(regex): the last run.  WANT-RC "any"
# accepts any failure status below 70 (the fault's own code is compared
# with the others' at the end).
expect() {
	checks=$((checks + 1))
	if [ "$2" = any ]; then
		if [ "$rc" -eq 0 ] || [ "$rc" -ge 70 ]; then
			fail "$1: exit $rc, want a storage failure status: $err"
		elif ! printf '%s' "$err" | grep -qiE "$3"; then
			fail "$1: message does not say /$3/: $err"
		fi
		return
	fi
	if [ "$rc" -ne "$2" ]; then
		fail "$1: exit $rc, want $2: $err"
	elif [ "$2" -ne 0 ] && ! printf '%s' "$err" | grep -qiE "$3"; then
		fail "$1: message does not say /$3/: $err"
	fi
	if [ "$rc" -ge 70 ]; then fail "$1: crashed or internal error (exit $rc): $err"; fi
}
make_db() { # PATH: a database with two cases and some history
	"$ESC" --db "$1" init --name "Store Tester" --org "Test Trust" >/dev/null &&
	"$ESC" --db "$1" new --nhs 9434765919 --la Kent --theme Other --decision d \
		--concern c >/dev/null &&
	"$ESC" --db "$1" contact ESC-2026-0001 --with Sam --role SW --org Kent --summary s \
		--outcome concern-remains --action "Call|Alex|2026-06-01" >/dev/null &&
	"$ESC" --db "$1" escalate ESC-2026-0001 --reason r >/dev/null &&
	"$ESC" --db "$1" new --local-id L-1 --la Kent --theme Other --decision d \
		--concern c >/dev/null || { fail "could not build a database at $1"; return 1; }
}
# The file's content (every row), for "nothing changed".
content() { # every row (the sqlite3 shell; immutable=1 where the media is read-only)
	local uri="file:$1?mode=ro"
	[ -n "${2:-}" ] && uri="$uri&immutable=1"
	sqlite3 "$uri" .dump 2>/dev/null | sha256sum | cut -d' ' -f1
}

# --- missing -------------------------------------------------------------
run "$tmp/nothere.db" list
expect "missing (read)" 7 "no database|escalate init"
code[missing]=$rc
run "$tmp/nothere.db" note ESC-2026-0001 --text x
expect "missing (write)" 7 "no database|escalate init"
run "$tmp/no/such/dir/x.db" list
expect "missing directory" 7 "no database|escalate init"
[ -e "$tmp/nothere.db" ] && fail "missing: a read created the file"
mkdir "$tmp/isdir.db"
run "$tmp/isdir.db" list
checks=$((checks + 1))
{ [ "$rc" -ge 1 ] && [ "$rc" -lt 70 ] && [ -n "$err" ]; } || fail "a directory as --db: exit $rc: $err"

# --- newer schema ----------------------------------------------------------
make_db "$tmp/newer.db"
sqlite3 "$tmp/newer.db" "PRAGMA user_version = 99"
before=$(content "$tmp/newer.db")
for cmd in "list" "note ESC-2026-0001 --text x" "verify"; do
	run "$tmp/newer.db" $cmd
	expect "newer schema ($cmd)" 9 "newer escalate"
done
code[schema]=$rc
[ "$(content "$tmp/newer.db")" = "$before" ] || fail "newer schema: the file was changed"

# --- unsafe permissions ----------------------------------------------------
make_db "$tmp/perm.db"
for mode in 0666 0662 0660 0620; do
	chmod "$mode" "$tmp/perm.db"
	run "$tmp/perm.db" list
	expect "mode $mode" 10 "chmod"
done
code[unsafe]=$rc
chmod 0600 "$tmp/perm.db"
ln -s "$tmp/perm.db" "$tmp/link.db"
run "$tmp/link.db" list
checks=$((checks + 1))
{ [ "$rc" -ne 0 ] && [ "$rc" -lt 70 ]; } || fail "a symlink as the database was followed (exit $rc)"

# --- read-only -------------------------------------------------------------
readonly_how=SKIPPED
mkdir -p -m 0700 "$tmp/rw" "$tmp/ro" # personal databases: closed to others
make_db "$tmp/rw/r.db"
if mount --bind "$tmp/rw" "$tmp/ro" 2>/dev/null; then
	mounts+=("$tmp/ro")
	if mount -o remount,ro,bind "$tmp/ro" 2>/dev/null; then
		readonly_how="read-only mount"
	fi
fi
if [ "$readonly_how" = SKIPPED ] && mkdir -p -m 0700 "$tmp/imm" && cp "$tmp/rw/r.db" "$tmp/imm/r.db" &&
	chattr +i "$tmp/imm/r.db" 2>/dev/null; then
	readonly_how="immutable file"
fi
if [ "$readonly_how" != SKIPPED ]; then
	rodb=$tmp/ro/r.db
	[ "$readonly_how" = "immutable file" ] && rodb=$tmp/imm/r.db
	before=$(content "$rodb" ro)
	run "$rodb" note ESC-2026-0001 --text "on read-only media"
	expect "read-only ($readonly_how), write" any "read-only|readonly"
	code[readonly]=$rc
	run "$rodb" list --all
	checks=$((checks + 1))
	if [ "$rc" -ne 0 ]; then
		if [ "$rc" -ge 70 ] || [ -z "$err" ]; then
			fail "read-only ($readonly_how), read: exit $rc: $err"
		fi
		readonly_read="refused($rc)"
	else
		readonly_read=ok
	fi
	[ "$(content "$rodb" ro)" = "$before" ] || fail "read-only: the content changed"
fi

# --- full disk -------------------------------------------------------------
full=SKIPPED acked=0 lost=0 full_rc=none
mkdir -p "$tmp/small"
if mount -t tmpfs -o size=3m,mode=0700 tmpfs "$tmp/small" 2>/dev/null; then
	mounts+=("$tmp/small")
	full="tmpfs 3 MiB"
	fdb=$tmp/small/f.db
	make_db "$fdb"
	# Leave a little room, then write notes of ~6 KB until the disk is full,
	# and keep going a while: every failure must be clean.
	avail=$(df --output=avail -B1 "$tmp/small" | tail -1)
	head -c $((avail - 400 * 1024)) /dev/zero >"$tmp/small/filler" 2>/dev/null
	text=$(head -c 6000 /dev/zero | tr '\0' 'n')
	: >"$tmp/acked"
	fails=0
	for i in $(seq 1 400); do
		run "$fdb" note ESC-2026-0001 --text "tok-$i $text"
		if [ "$rc" -eq 0 ]; then
			echo "tok-$i" >>"$tmp/acked"
			acked=$((acked + 1))
			continue
		fi
		fails=$((fails + 1))
		full_rc=$rc
		checks=$((checks + 1))
		if [ "$rc" -eq 0 ] || [ "$rc" -ge 70 ] || ! printf '%s' "$err" | grep -qiE "disk is full"; then
			fail "full disk: write $i: exit $rc: $err"
		fi
		[ $fails -ge 20 ] && break
	done
	code[full]=$full_rc
	[ $fails -gt 0 ] || fail "full disk: the disk never filled (acked $acked notes)"
	# Reads still work on a full disk; the history is whole.
	run "$fdb" verify
	expect "full disk, verify" 0 "."
	[ "$rc" -eq 0 ] || printf '%s\n' "$out"
	present=$(sqlite3 "file:$fdb?mode=ro" \
		"SELECT substr(text, 1, instr(text, ' ') - 1) FROM events WHERE text LIKE 'tok-%'")
	lost=$(comm -23 <(sort "$tmp/acked") <(printf '%s\n' "$present" | sort) | wc -l)
	checks=$((checks + 1))
	[ "$lost" -eq 0 ] || fail "full disk: $lost acknowledged notes are missing"
	# Space freed: writing works again.
	rm -f "$tmp/small/filler"
	run "$fdb" note ESC-2026-0001 --text "after freeing space"
	expect "full disk, after freeing space" 0 "."
	run "$fdb" verify
	expect "full disk, verify after" 0 "."
fi

# --- corrupt ---------------------------------------------------------------
make_db "$tmp/good.db"
run "$tmp/good.db" verify
expect "good database verifies" 0 "."
pages=$(( $(stat -c %s "$tmp/good.db") / 4096 ))
good_content=$(content "$tmp/good.db")
# Records (everything verify covers) and configuration, dumped apart.
part() { for t in "${@:2}"; do sqlite3 "file:$1?mode=ro" ".dump $t" 2>/dev/null | grep -a '^INSERT'; done | sha256sum; }
records="cases case_themes events actions case_seals staff staff_history"
good_records=$(part "$tmp/good.db" $records)
good_login=$(part "$tmp/good.db" staff)
# corrupt FILE I PAGES: overwrites 1..512 bytes at a place and with bytes that
# depend only on the seed and I; prints "offset length".
corrupt() {
	python3 - "$1" "$seed" "$2" "$3" <<'PY'
import random, sys
path, seed, i, pages = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
r = random.Random(seed * 100003 + i)
off = r.randrange(pages) * 4096 + r.randrange(4096)
data = bytes(r.getrandbits(8) for _ in range(1 + r.randrange(512)))
with open(path, "r+b") as f:
    f.seek(off)
    f.write(data)
print(off, len(data))
PY
}
detected=0 undetected_harmless=0 crashes=0 missed=0 unprotected=0 identity_refused=0
declare -A seen_rc
for i in $(seq 1 "$corruptions"); do
	c=$tmp/corrupt.db
	cp "$tmp/good.db" "$c"
	chmod 0600 "$c"
	if [ "$i" -eq 1 ]; then
		# the header: no longer an SQLite file
		printf 'this is not a database at all, not at all!!' | dd of="$c" conv=notrunc 2>/dev/null
	else
		read -r off len < <(corrupt "$c" "$i" "$pages")
	fi
	# An independent opinion: does SQLite itself see damage, or did the content change?
	indep=$(sqlite3 "file:$c?mode=ro" "PRAGMA integrity_check" 2>&1 | head -1)
	changed=no
	[ "$(content "$c")" = "$good_content" ] || changed=yes
	worst=0
	for cmd in "list --all" "show ESC-2026-0001" "note ESC-2026-0001 --text x" "verify"; do
		cp "$c" "$c.try" && chmod 0600 "$c.try"
		run "$c.try" $cmd
		rm -f "$c.try" "$c.try-wal" "$c.try-shm"
		seen_rc[$rc]=1
		checks=$((checks + 1))
		if [ "$rc" -ge 70 ] && [ "$rc" -ne 0 ]; then
			crashes=$((crashes + 1))
			fail "corruption $i (seed $seed, offset ${off:-header}): '$cmd' crashed or internal error (exit $rc): $err"
		fi
		if [ "$rc" -ne 0 ] && [ -z "$err" ]; then
			fail "corruption $i (seed $seed): '$cmd' failed (exit $rc) without a message"
		fi
		[ "$cmd" = verify ] && worst=$rc
	done
	# Damage SQLite sees, or a change to any record, must make verify say
	# "corrupt" (8).
	records_now=same login=same
	[ "$(part "$c" $records)" = "$good_records" ] || records_now=changed
	[ "$(part "$c" staff)" = "$good_login" ] || login=changed
	where="corruption $i (seed $seed, offset ${off:-0}, length ${len:-44})"
	if [ "$worst" -eq 8 ] && { [ "$indep" != ok ] || [ "$changed" = yes ]; }; then
		detected=$((detected + 1))
	elif [ "$indep" != ok ] || [ "$records_now" = changed ]; then
		if [ "$indep" = ok ] && [ "$login" = changed ] && [ "$worst" -eq 4 ] &&
			printf '%s' "$err" | grep -q "not registered"; then
			identity_refused=$((identity_refused + 1))
		else
			missed=$((missed + 1))
			fail "$where: SQLite says '$indep', records $records_now," \
				"but escalate verify exited $worst: $err"
		fi
	elif [ "$changed" = yes ]; then
		unprotected=$((unprotected + 1)) # configuration tables
	else
		undetected_harmless=$((undetected_harmless + 1)) # bytes nobody reads
	fi
done
code[corrupt]=8

codes=""
for k in missing readonly full corrupt schema unsafe; do codes="$codes $k=${code[$k]:-SKIPPED}"; done
distinct=$(printf '%s\n' "${code[@]}" | sort -u | wc -l)
checks=$((checks + 1))
[ "$distinct" -eq "${#code[@]}" ] ||
	fail "the faults do not have distinct exit codes:$codes (read-only and full disk: see error.h)"
echo "storage: exit codes:$codes (distinct=$distinct of ${#code[@]})"
echo "storage: checks=$checks failures=$failures missing=${code[missing]} schema=${code[schema]}" \
	"unsafe=${code[unsafe]} readonly=${code[readonly]:-SKIPPED}(${readonly_how}, read:${readonly_read:-n/a})" \
	"full_disk=${full_rc}(${full}) acked_before_full=$acked lost_acknowledged=$lost" \
	"corruptions=$corruptions detected=$detected harmless=$undetected_harmless" \
	"unprotected_changes=$unprotected identity_refused=$identity_refused missed=$missed" \
	"crashes=$crashes seed=$seed"
[ $failures -eq 0 ]
