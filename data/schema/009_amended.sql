-- Migration 9: corrections (issue 13, "Corrections"; SPEC §7 "Amendments").
--
-- A case's decision, concern, social care team and themes, and a contact's
-- summary, can be corrected by an append-only `amended` history row
-- (amend.c): the cases row (and case_themes) keep the current values, the
-- history row keeps which field (amend_field), for a summary which contact
-- (amend_seq: the contact's seq in the case), the old and the new value,
-- the reason (text), who (actor_id) and when (at).  A contact's row is
-- never changed: its current summary is the new value of its latest
-- amendment.  Themes are written as their names, one a line, the case's
-- first theme first and the others by name (amend.c, AMEND_THEMES_SQL).
--
-- * The events table is rebuilt so that its kind CHECK accepts 'amended',
--   and its level CHECKs the up to 9 levels of a partnership's procedure
--   (migration 10; SQLite cannot change a CHECK in place), the way 002_speed.sql rebuilt
--   it: store.c runs every migration with foreign keys off and checks them
--   before it commits; row ids, and so actions.event_id, are copied
--   unchanged; every index and trigger on events is re-created as it was
--   (the sequence, time and append-only guards), and the purge's one
--   allowed update also blanks the old and new values of an amendment.
-- * Tamper evidence: rows written before this migration keep their hashes.
--   An amended row's hash also covers amend_field, amend_seq, old_value and
--   new_value (ESC_HASHED_EVENT_COLUMNS_V3, audit.h; rows without
--   amend_field hash as before, and clearing it changes the formula and
--   breaks the hash).  A case's seal keeps covering the values it was
--   opened with: verify reads them back from the oldest amendment of each
--   field, and replays the amendments to the values on the cases row.

CREATE TABLE events_new (
  id              INTEGER PRIMARY KEY,
  case_id         INTEGER NOT NULL REFERENCES cases(id),
  seq             INTEGER NOT NULL,
  kind            TEXT NOT NULL CHECK (kind = 'opened' OR kind = 'contact' OR
                    kind = 'escalated' OR kind = 'urgent' OR kind = 'informed' OR
                    kind = 'note' OR kind = 'resolved' OR kind = 'withdrawn' OR
                    kind = 'reopened' OR kind = 'amended'),
  at              TEXT NOT NULL,
  actor_id        INTEGER NOT NULL REFERENCES staff(id),
  level_before    INTEGER NOT NULL CHECK (level_before BETWEEN 0 AND 9),
  level_after     INTEGER NOT NULL CHECK (level_after BETWEEN 1 AND 9),
  state_after     INTEGER NOT NULL CHECK (state_after BETWEEN 1 AND 3),
  level_due       TEXT NOT NULL,
  text            TEXT NOT NULL DEFAULT '',
  occurred_at     TEXT,
  person_name     TEXT,
  person_role     TEXT,
  person_org      TEXT,
  concern_remains INTEGER,
  notify          TEXT,
  whom            TEXT,
  how             TEXT,
  informed_at     TEXT,
  not_needed      INTEGER NOT NULL DEFAULT 0,
  pattern_la_id    INTEGER REFERENCES local_authorities(id),
  pattern_theme_id INTEGER REFERENCES themes(id),
  nactions        INTEGER NOT NULL DEFAULT 0,
  -- Tamper evidence: SHA-256 over the previous row's hash and this row's
  -- fields (see audit.c); `escalate verify` recomputes the chain.
  prev_hash       TEXT NOT NULL,
  hash            TEXT NOT NULL,
  -- The level and state the user acted on (migration 5).
  seen_level      INTEGER,
  seen_state      INTEGER,
  -- An amendment: which field, for a summary which contact (its seq), the
  -- values before and after (NULL on every other kind of row).
  amend_field     TEXT CHECK (amend_field = 'decision' OR amend_field = 'concern' OR
                    amend_field = 'team' OR amend_field = 'themes' OR
                    amend_field = 'summary'),
  amend_seq       INTEGER,
  old_value       TEXT,
  new_value       TEXT,
  CHECK ((kind = 'amended') = (amend_field IS NOT NULL)),
  CHECK ((amend_field = 'summary') IS (amend_seq IS NOT NULL) OR amend_field IS NULL),
  UNIQUE (case_id, seq)
);

INSERT INTO events_new (id, case_id, seq, kind, at, actor_id, level_before, level_after,
  state_after, level_due, text, occurred_at, person_name, person_role, person_org,
  concern_remains, notify, whom, how, informed_at, not_needed, pattern_la_id,
  pattern_theme_id, nactions, prev_hash, hash, seen_level, seen_state)
SELECT id, case_id, seq, kind, at, actor_id, level_before, level_after,
  state_after, level_due, text, occurred_at, person_name, person_role, person_org,
  concern_remains, notify, whom, how, informed_at, not_needed, pattern_la_id,
  pattern_theme_id, nactions, prev_hash, hash, seen_level, seen_state
FROM events ORDER BY id;

-- Takes its indexes and triggers with it; all are re-created below.
DROP TABLE events;
ALTER TABLE events_new RENAME TO events;

CREATE INDEX events_reached ON events(at, level_after, case_id, kind)
  WHERE (kind = 'opened' OR kind = 'escalated' OR kind = 'urgent');
CREATE INDEX events_closed ON events(at, kind, level_after, case_id)
  WHERE (kind = 'resolved' OR kind = 'withdrawn');
CREATE INDEX events_pattern ON events(case_id, pattern_theme_id) WHERE notify = 'pattern';
-- verify reads each case's amendments, field by field, oldest first.
CREATE INDEX events_amended ON events(case_id, amend_field, seq) WHERE amend_field IS NOT NULL;

CREATE TRIGGER events_in_sequence BEFORE INSERT ON events
BEGIN
  SELECT RAISE(ABORT, 'escalate: event out of sequence (the case changed)')
  WHERE NEW.seq <> (SELECT last_seq + 1 FROM cases WHERE id = NEW.case_id)
     OR (NEW.seq > 1 AND NEW.level_before <> (SELECT level FROM cases WHERE id = NEW.case_id));
END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'escalate: history is append-only'); END;
CREATE TRIGGER events_in_time BEFORE INSERT ON events
WHEN NEW.seq > 1
BEGIN
  SELECT RAISE(ABORT, 'escalate: the time runs backwards (earlier than the case''s latest history)')
  WHERE NEW.at < (SELECT p.at FROM events p WHERE p.case_id = NEW.case_id AND p.seq = NEW.seq - 1);
END;
-- As 007_data_protection.sql, and the purge also blanks an amendment's
-- values; which field and which contact stay.
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
WHEN NOT (EXISTS (SELECT 1 FROM purges p WHERE p.case_id = OLD.case_id)
  AND NEW.id IS OLD.id AND NEW.case_id IS OLD.case_id AND NEW.seq IS OLD.seq
  AND NEW.kind IS OLD.kind AND NEW.at IS OLD.at AND NEW.actor_id IS OLD.actor_id
  AND NEW.level_before IS OLD.level_before AND NEW.level_after IS OLD.level_after
  AND NEW.state_after IS OLD.state_after AND NEW.level_due IS OLD.level_due
  AND NEW.occurred_at IS OLD.occurred_at AND NEW.concern_remains IS OLD.concern_remains
  AND NEW.notify IS OLD.notify AND NEW.informed_at IS OLD.informed_at
  AND NEW.not_needed IS OLD.not_needed AND NEW.pattern_la_id IS OLD.pattern_la_id
  AND NEW.pattern_theme_id IS OLD.pattern_theme_id AND NEW.nactions IS OLD.nactions
  AND NEW.prev_hash IS OLD.prev_hash AND NEW.hash IS OLD.hash
  AND NEW.seen_level IS OLD.seen_level AND NEW.seen_state IS OLD.seen_state
  AND NEW.amend_field IS OLD.amend_field AND NEW.amend_seq IS OLD.amend_seq
  AND NEW.text = '' AND NEW.person_name IS NULL AND NEW.person_role IS NULL
  AND NEW.person_org IS NULL AND NEW.whom IS NULL AND NEW.how IS NULL
  AND NEW.old_value IS NULL AND NEW.new_value IS NULL)
BEGIN SELECT RAISE(ABORT, 'escalate: history is append-only'); END;

-- A case's themes stay append-only but for an amendment of its themes: a
-- theme row may go only when the case's latest history row is a themes
-- amendment whose new value no longer names it (amend.c writes that row
-- first, then the themes).
DROP TRIGGER case_themes_no_delete;
CREATE TRIGGER case_themes_no_delete BEFORE DELETE ON case_themes
WHEN NOT EXISTS (SELECT 1 FROM events a
  WHERE a.case_id = OLD.case_id AND a.amend_field = 'themes'
    AND a.seq = (SELECT max(x.seq) FROM events x WHERE x.case_id = OLD.case_id)
    AND instr(char(10) || a.new_value || char(10),
              char(10) || (SELECT t.name FROM themes t WHERE t.id = OLD.theme_id) || char(10)) = 0)
BEGIN SELECT RAISE(ABORT, 'escalate: cases are never deleted'); END;
