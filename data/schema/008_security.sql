-- Migration 7: team database security (issue 11).
--
-- * Staff records are bound to the real user id as well as the login
--   (item 5): after `userdel x; useradd x` the new account has the same name
--   but a new uid, and must not inherit x's record.  staff.uid is NULL for
--   records made before this migration, and for logins added before their
--   OS account exists; such a record is bound to the uid of the first login
--   that writes with it (a staff_history row 'uid bound').  An admin binds a
--   record to the current account of its login with `escalate staff
--   confirm LOGIN` (a row 'uid confirmed').
--   staff_history gains uid, the uid the record is bound to after the
--   change.  A row's hash covers it: rows with a uid hash
--   ESC_HASHED_STAFF_HISTORY_COLUMNS followed by h.uid, rows without one
--   (all rows written before this migration) hash as before, so the chain
--   of an upgraded database still holds (ESC_STAFF_HISTORY_HASH, audit.h).
-- * config_history (item 11): every change of the configuration (themes,
--   local authorities, timescales, bank holidays and every setting: the
--   pattern rule, the time zone `time_zone`, ...) is a row, chained like the
--   history (hash over the previous hash and the row's fields, in id order:
--   ESC_HASHED_CONFIG_HISTORY_COLUMNS, config_history.c).  `escalate
--   verify` recomputes the chain and checks that the configuration in force
--   is the one its history leaves; `escalate config history` shows it.
--   Upgrade policy: the configuration as it stands when this migration runs
--   is recorded as one 'baseline' row per entry (no actor, the time of the
--   newest history row), chained in the order below; a change made before the upgrade cannot be traced, every
--   change after it can.
--
-- esc_hash is registered on every connection escalate opens (audit_hash.c);
-- the sqlite3 shell cannot run this migration (on purpose).

ALTER TABLE staff ADD COLUMN uid INTEGER;
ALTER TABLE staff_history ADD COLUMN uid INTEGER;

CREATE TABLE config_history (
  id        INTEGER PRIMARY KEY,
  at        TEXT NOT NULL,
  actor_id  INTEGER REFERENCES staff(id),
  item      TEXT NOT NULL CHECK (item IN ('theme', 'local authority', 'timescale',
                                          'holiday', 'setting')),
  key       TEXT NOT NULL,
  change    TEXT NOT NULL CHECK (change IN ('baseline', 'added', 'changed', 'removed')),
  old_value TEXT,
  new_value TEXT,
  prev_hash TEXT NOT NULL,
  hash      TEXT NOT NULL
);
CREATE INDEX config_history_item ON config_history(item, key, id);

CREATE TRIGGER config_history_no_update BEFORE UPDATE ON config_history
BEGIN SELECT RAISE(ABORT, 'escalate: history is append-only'); END;
CREATE TRIGGER config_history_no_delete BEFORE DELETE ON config_history
BEGIN SELECT RAISE(ABORT, 'escalate: history is append-only'); END;

-- The configuration in force, one row per entry, as config_history.c's
-- CONFIG_STATE_SQL reads it (the same expressions, verbatim).
CREATE TEMP TABLE config_now AS
SELECT 'theme' AS item, name AS key, CASE active WHEN 1 THEN 'active' ELSE 'removed' END AS value
  FROM themes
UNION ALL SELECT 'local authority', name, CASE active WHEN 1 THEN 'active' ELSE 'removed' END
  FROM local_authorities
UNION ALL SELECT 'timescale', CAST(level AS TEXT), CAST(working_days AS TEXT) FROM timescales
UNION ALL SELECT 'holiday', day, 'holiday' FROM bank_holidays
UNION ALL SELECT 'setting', key, value FROM settings
ORDER BY 1, 2;

-- The baseline's time is that of the newest activity already recorded (''
-- on a new database): what was in force by then, and a value that does not
-- depend on the clock of whoever upgrades.
WITH RECURSIVE chain(n, at, prev, hash) AS (
  SELECT 0, coalesce((SELECT max(at) FROM events), (SELECT max(at) FROM staff_history), ''),
    NULL, ''
  UNION ALL
  SELECT c.rowid, chain.at, chain.hash,
    -- ESC_HASHED_CONFIG_HISTORY_COLUMNS (config_history.c), verbatim
    esc_hash(chain.hash, chain.at, NULL, c.item, c.key, 'baseline', NULL, c.value)
  FROM chain JOIN temp.config_now c ON c.rowid = chain.n + 1
)
INSERT INTO config_history(at, actor_id, item, key, change, old_value, new_value, prev_hash,
                           hash)
SELECT chain.at, NULL, c.item, c.key, 'baseline', NULL, c.value, chain.prev, chain.hash
  FROM chain JOIN temp.config_now c ON c.rowid = chain.n ORDER BY chain.n;
DROP TABLE temp.config_now;
