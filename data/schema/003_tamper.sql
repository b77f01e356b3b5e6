-- Migration 3: tamper evidence for case fields and staff records (issue 5).
--
-- Migration 1 chains history rows (events) and agreed actions.  This one
-- extends the evidence to what those rows do not carry:
--
-- * case_seals: one row per case, written in the transaction that opens the
--   case.  Its hash covers the case's identity fields, which no code path
--   changes after opening (uuid, ref, child, local authority and its name, team, agency,
--   decision, concern, first theme, owner, opened_at), its theme rows and their names, and
--   the hash of its `opened` history row; seals are chained to each other in
--   case order like the events.  The list of what a seal covers is
--   ESC_CASE_SEAL_FIELDS in include/escalate/audit.h; the copy below must stay
--   identical to it.  The cached columns the events_apply trigger keeps
--   (state, level, last_seq, level_since, level_due, urgent, concern_remains,
--   owed_*, updated_at) are not sealed: `escalate verify` replays each case's
--   history and compares them.
-- * staff_history gains prev_hash and hash: a chain over every staff change
--   in id order, covering the row and the staff member's fixed fields (login,
--   name, organisation, created_at; see ESC_HASHED_STAFF_HISTORY_COLUMNS).
--   `verify` also checks each staff record's role/admin/active against its
--   latest history row, and that every staff record has history.
--
-- Upgrade policy (databases at user_version 1 or 2): what exists when this
-- migration runs is trusted as it stands and sealed now, in the migration's
-- transaction: every existing case gets a seal with origin 'upgrade' (new
-- cases get origin 'opened'), and every existing staff_history row gets its
-- hash, chained in id order.  An edit made before the upgrade therefore
-- cannot be detected; every edit after it can.  Existing events keep their
-- hashes unchanged: the event chain's formula does not change here.
--
-- esc_hash is registered on every connection escalate opens, so it is
-- available here; the sqlite3 shell cannot run this migration (on purpose).

CREATE TABLE case_seals (
  case_id   INTEGER PRIMARY KEY REFERENCES cases(id),
  origin    TEXT NOT NULL CHECK (origin IN ('opened', 'upgrade')),
  prev_hash TEXT NOT NULL,
  hash      TEXT NOT NULL
);

WITH RECURSIVE chain(id, prev, hash) AS (
  SELECT 0, NULL, ''
  UNION ALL
  SELECT cases.id, chain.hash, esc_hash(chain.hash, 'upgrade',
    -- ESC_CASE_SEAL_FIELDS (audit.h), verbatim
    cases.id, (SELECT e.hash FROM events e WHERE e.case_id = cases.id AND e.seq = 1),
    cases.uuid, cases.ref, cases.ref_year, cases.ref_num, cases.child_kind, cases.child_id,
    cases.la_id, (SELECT name FROM local_authorities WHERE id = cases.la_id),
    cases.team, cases.agency, cases.decision, cases.concern,
    cases.first_theme_id, cases.owner_id, cases.opened_at,
    (SELECT group_concat(theme_id || ':' || name, '|') FROM (SELECT ct.theme_id, t.name
    FROM case_themes ct JOIN themes t ON t.id = ct.theme_id
    WHERE ct.case_id = cases.id ORDER BY ct.theme_id)))
  FROM chain JOIN cases ON cases.id = (SELECT min(id) FROM cases WHERE id > chain.id)
)
INSERT INTO case_seals(case_id, origin, prev_hash, hash)
SELECT id, 'upgrade', prev, hash FROM chain WHERE id > 0;

ALTER TABLE staff_history ADD COLUMN prev_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE staff_history ADD COLUMN hash TEXT NOT NULL DEFAULT '';

CREATE TEMP TABLE staff_chain (id INTEGER PRIMARY KEY, prev TEXT, hash TEXT);
WITH RECURSIVE chain(id, prev, hash) AS (
  SELECT 0, NULL, ''
  UNION ALL
  SELECT h.id, chain.hash, esc_hash(chain.hash,
    -- ESC_HASHED_STAFF_HISTORY_COLUMNS (audit.h), verbatim
    h.staff_id, h.at, h.actor_id, h.change, h.role, h.admin, h.active,
    s.login, s.name, s.organisation, s.created_at)
  FROM chain JOIN staff_history h ON h.id = (SELECT min(id) FROM staff_history WHERE id > chain.id)
  LEFT JOIN staff s ON s.id = h.staff_id
)
INSERT INTO staff_chain SELECT id, prev, hash FROM chain WHERE id > 0;
-- The one rewrite of staff_history there will ever be, inside this
-- migration's transaction; the append-only trigger comes straight back.
DROP TRIGGER staff_history_no_update;
UPDATE staff_history SET
  prev_hash = (SELECT prev FROM temp.staff_chain c WHERE c.id = staff_history.id),
  hash = (SELECT hash FROM temp.staff_chain c WHERE c.id = staff_history.id);
DROP TABLE temp.staff_chain;
CREATE TRIGGER staff_history_no_update BEFORE UPDATE ON staff_history
BEGIN SELECT RAISE(ABORT, 'escalate: history is append-only'); END;

-- Seals and theme rows never change once written.
CREATE TRIGGER case_seals_no_update BEFORE UPDATE ON case_seals
BEGIN SELECT RAISE(ABORT, 'escalate: history is append-only'); END;
CREATE TRIGGER case_seals_no_delete BEFORE DELETE ON case_seals
BEGIN SELECT RAISE(ABORT, 'escalate: history is append-only'); END;
CREATE TRIGGER case_themes_no_update BEFORE UPDATE ON case_themes
BEGIN SELECT RAISE(ABORT, 'escalate: case themes are append-only'); END;

-- A theme or local authority keeps its name for ever (config can only add,
-- retire and bring back entries): every case's seal covers the names of its
-- local authority and themes, so a rename behind escalate's back, which
-- would move every case to another authority or theme in lists and reports,
-- is caught by verify, and refused here first.
CREATE TRIGGER themes_name_fixed BEFORE UPDATE OF name ON themes
BEGIN SELECT RAISE(ABORT, 'escalate: a theme''s name never changes'); END;
CREATE TRIGGER local_authorities_name_fixed BEFORE UPDATE OF name ON local_authorities
BEGIN SELECT RAISE(ABORT, 'escalate: a local authority''s name never changes'); END;
