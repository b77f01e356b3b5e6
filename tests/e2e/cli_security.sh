# Issue 11 through the real binary (personal database): the configuration
# history, receipts and `verify --against` (a row rewritten with every hash
# after it recomputed, as someone holding the file could, passes verify and
# is caught against a receipt), and the one chmod for an open personal
# database.
. "${ESC_TEST_LIB:?set ESC_TEST_LIB to tests/e2e/lib.sh}"

at "2026-05-01 09:00"
esc 0 init --name "Ada Admin"
esc 0 new --nhs "943 476 5919" --la Kent --theme Other --decision d --concern c

# --- the configuration history -------------------------------------------------
at "2026-05-02 10:00"
esc 0 config pattern 4 30
esc 0 config timescale 3 10
esc 0 config la add "Newshire"
esc 0 config theme remove "Other"
esc 0 config holiday add 2026-12-29
esc 0 config history
out_has "(baseline)   local authority baseline 'Kent': - -> active"
out_has "2026-05-02 10:00:00  $ME"
out_has "setting changed 'pattern_threshold': 3 -> 4"
out_has "setting changed 'pattern_window_days': 90 -> 30"
out_has "timescale changed '3': 5 -> 10"
out_has "local authority added 'Newshire': - -> active"
out_has "theme changed 'Other': active -> removed"
out_has "holiday added '2026-12-29': - -> holiday"

# --- receipts ----------------------------------------------------------------------
esc 0 verify --receipt "$TEST_TMP/receipt"
out_has "configuration chain intact"
out_has "escalate-receipt history=1:"
check_eq "the receipt file's mode" 600 "$(stat -c %a "$TEST_TMP/receipt")"
RECEIPT=$(cat "$TEST_TMP/receipt")
check_eq "verify prints the receipt it wrote" 1 "$(printf '%s\n' "$OUT" | grep -cxF "$RECEIPT")"
esc 0 verify --against "$TEST_TMP/receipt"
out_has "receipt holds"
# a report is a receipt too, in any format
esc 0 report --format markdown --output "$TEST_TMP/report.md"
at "2026-05-03 10:00"
esc 0 config pattern 5 30
esc 0 note ESC-2026-0001 --text "later"
esc 0 verify --against "$TEST_TMP/report.md"
out_has "receipt holds"
esc 0 verify --against "$TEST_TMP/receipt"
printf 'nothing here\n' >"$TEST_TMP/none"
esc 1 verify --against "$TEST_TMP/none"
err_has "no receipt"
esc 6 verify --against "$TEST_TMP/no-such-file"

# Rewrite the configuration row that set the threshold to 4 (to 9; the
# threshold in force is 5, set later) and recompute every hash after it,
# with SQLite and Python's SHA-256 in esc_hash's own format: the chain holds,
# the receipt does not.
python3 - "$DB" <<'PY' || fail "could not rewrite the configuration history"
import hashlib, sqlite3, struct, sys
def esc_hash(*args):
    b = bytearray()
    for a in args:
        if a is None:
            b += bytes([5]) + struct.pack("<Q", 0)
        elif isinstance(a, int):
            t = str(a).encode(); b += bytes([1]) + struct.pack("<Q", len(t)) + t
        else:
            t = a.encode(); b += bytes([3]) + struct.pack("<Q", len(t)) + t
    return hashlib.sha256(bytes(b)).hexdigest()
db = sqlite3.connect(sys.argv[1])
db.execute("DROP TRIGGER config_history_no_update")
(target,) = db.execute("SELECT id FROM config_history WHERE key = 'pattern_threshold' "
                       "AND new_value = '4'").fetchone()
db.execute("UPDATE config_history SET new_value = '9' WHERE id = ?", (target,))
db.execute("UPDATE config_history SET old_value = '9' WHERE key = 'pattern_threshold' "
           "AND old_value = '4'")
prev = db.execute("SELECT hash FROM config_history WHERE id < ? ORDER BY id DESC LIMIT 1",
                  (target,)).fetchone()[0]
for row in db.execute("SELECT id, at, actor_id, item, key, change, old_value, new_value "
                      "FROM config_history WHERE id >= ? ORDER BY id", (target,)).fetchall():
    h = esc_hash(prev, *row[1:])
    db.execute("UPDATE config_history SET prev_hash = ?, hash = ? WHERE id = ?", (prev, h, row[0]))
    prev = h
db.commit()
PY
esc 0 verify
out_has "configuration chain intact"
esc 8 verify --against "$TEST_TMP/receipt"
err_has "configuration history is not the one the receipt vouched for"
esc 8 verify --against "$TEST_TMP/report.md"

# --- an open personal database: one message, one chmod -----------------------------
chmod 0644 "$DB"
chmod 0755 "$TEST_TMP"
esc 10 list
err_has "Fix all of it with: chmod go-rwx '$TEST_TMP' '$DB'"
FIX=$(printf '%s\n' "$ERR" | sed -n 's/.*Fix all of it with: //p')
eval "$FIX"
esc 0 list
finish
