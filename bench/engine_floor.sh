#!/bin/bash
# The engine's own share of generating a database: the rows of a database
# that bench/generate wrote, written again by the sqlite3 shell alone into an
# empty database with the same schema, through the same triggers,
# constraints and indexes, loaded the same way (no journal, no fsync, the
# same read indexes dropped and built after the load, the same page cache).
# What it leaves out is the product's own work per row: validation, the
# guards, working-day arithmetic, binding, and the SHA-256 of each chain
# link (the hashes are copied, not computed: esc_hash lives in the product).
#
#   bash bench/engine_floor.sh GENERATED.db [OUT.db]
#
# Prints the seconds the shell took and the rows per second, for the
# generator's own figure (GENERATED.db.gen) to be read against.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=${1:?usage: engine_floor.sh GENERATED.db [OUT.db]}
out=${2:-$(mktemp -d)/engine-floor.db}
command -v sqlite3 >/dev/null || { echo "engine_floor.sh: needs the sqlite3 shell" >&2; exit 1; }
rm -f "$out" "$out-wal" "$out-shm"

# The schema exactly as the product left it (tables, triggers, indexes).
sqlite3 -readonly "$src" "SELECT sql || ';' FROM sqlite_schema
	WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY type = 'trigger', rowid" |
	sqlite3 "$out"

# The read indexes the generator drops for its load (gen_load.c's list).
drops=$(grep -o '"DROP INDEX [a-z_]*"' "$here/gen_load.c" | tr -d '"' | sed 's/$/;/')
creates=$(sqlite3 -readonly "$src" "SELECT sql || ';' FROM sqlite_schema WHERE type = 'index'
	AND name IN ($(grep -o '"DROP INDEX [a-z_]*"' "$here/gen_load.c" |
		sed "s/\"DROP INDEX \([a-z_]*\)\"/'\1'/" | paste -sd,))")

# Cases go in as case.c opens them, and their history rows in id order, so
# every trigger runs as it did.  The product computes a case's new state in C
# (proc_apply) and writes it with one UPDATE per history row; the shell does
# that same UPDATE from a temporary trigger, with the values the row carries,
# and copies the flags it cannot compute (level reached, urgent, concern,
# notifications owed) at the end, with the open actions and action updates.
version=$(sqlite3 -readonly "$src" "PRAGMA user_version")
times=$(mktemp) errs=$(mktemp)
TIMEFORMAT='%R %U %S'
{ time sqlite3 -bail "$out" >/dev/null 2>"$errs" <<EOF
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
PRAGMA foreign_keys = ON;
PRAGMA cache_size = -262144;
$drops
ATTACH '$src' AS s;
CREATE TEMP TRIGGER floor_apply AFTER INSERT ON main.events
BEGIN
  UPDATE cases SET last_seq = NEW.seq, level = NEW.level_after, state = NEW.state_after,
    level_due = NEW.level_due, updated_at = NEW.at
  WHERE id = NEW.case_id;
END;
BEGIN;
INSERT INTO settings SELECT * FROM s.settings;
INSERT INTO staff SELECT * FROM s.staff;
INSERT INTO staff_history SELECT * FROM s.staff_history;
INSERT INTO themes SELECT * FROM s.themes;
INSERT INTO local_authorities SELECT * FROM s.local_authorities;
INSERT INTO timescales SELECT * FROM s.timescales;
INSERT INTO bank_holidays SELECT * FROM s.bank_holidays;
INSERT INTO cases(id, uuid, ref, ref_year, ref_num, child_kind, child_id, la_id, team, agency,
                  decision, concern, first_theme_id, owner_id, opened_at)
  SELECT id, uuid, ref, ref_year, ref_num, child_kind, child_id, la_id, team, agency,
         decision, concern, first_theme_id, owner_id, opened_at FROM s.cases ORDER BY id;
INSERT INTO case_themes SELECT * FROM s.case_themes;
INSERT INTO events SELECT * FROM s.events ORDER BY id;
INSERT INTO actions SELECT * FROM s.actions ORDER BY id;
INSERT INTO case_seals SELECT * FROM s.case_seals ORDER BY case_id;
INSERT INTO action_updates SELECT * FROM s.action_updates ORDER BY id;
INSERT INTO live_actions SELECT * FROM s.live_actions ORDER BY action_id;
UPDATE cases SET level_since = x.level_since, urgent = x.urgent,
  concern_remains = x.concern_remains, owed = x.owed
  FROM s.cases x WHERE x.id = cases.id;
COMMIT;
DROP TRIGGER temp.floor_apply;
PRAGMA threads = 2;
BEGIN;
$creates
COMMIT;
PRAGMA user_version = $version;
EOF
} 2>"$times" || { cat "$errs" >&2; echo "engine_floor.sh: the load failed" >&2; exit 1; }
read -r wall user sys <"$times"
rm -f "$times" "$errs"

rows=$(sqlite3 -readonly "$out" "SELECT (SELECT count(*) FROM cases) + (SELECT count(*) FROM events)
	+ (SELECT count(*) FROM actions)")
cases=$(sqlite3 -readonly "$out" "SELECT count(*) FROM cases")
awk -v w="$wall" -v u="$user" -v s="$sys" -v r="$rows" -v c="$cases" 'BEGIN {
	printf "engine_floor: cases: %d\nengine_floor: rows: %d (cases + events + actions)\n", c, r
	printf "engine_floor: seconds: %.2f (cpu %.2f)\n", w, u + s
	printf "engine_floor: rows_per_second: %.0f\n", r / w }'
echo "engine_floor: database: $out (escalate verify checks it like any other)"
