-- Migration 10: partnership procedures loaded from files (issue 15).
--
-- * procedures holds every procedure file an admin has loaded (`escalate
--   procedure load`), whole and verbatim, with its name, version and the
--   SHA-256 of its text; append-only.  The default procedure as shipped
--   (data/procedures/cambs-peterborough.ini, version 1) is compiled into
--   escalate and has no row.
-- * cases.procedure_id pins a case to the procedure version it was opened
--   under; NULL is the shipped default, version 1 — every case of an
--   upgraded database, so that their history, seals and reports are exactly
--   what they were.  The pin never changes, and the seal of a case with a
--   pin also covers it (ESC_CASE_SEAL_PIN, ESC_CASE_SEAL_HASH in audit.h).
-- * What is loaded and which local authority follows which procedure are
--   settings ("procedure NAME" = "VERSION SHA256", "procedure for LA" =
--   NAME), so each change is a row of the chained configuration history
--   (schema 8) with who and when, and verify checks the settings against it.

CREATE TABLE procedures (
  id        INTEGER PRIMARY KEY,
  name      TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 40),
  version   INTEGER NOT NULL CHECK (version >= 1),
  text      TEXT NOT NULL,
  sha256    TEXT NOT NULL CHECK (length(sha256) = 64),
  loaded_at TEXT NOT NULL,
  loaded_by INTEGER NOT NULL REFERENCES staff(id),
  UNIQUE (name, version)
);

CREATE TRIGGER procedures_no_update BEFORE UPDATE ON procedures
BEGIN SELECT RAISE(ABORT, 'escalate: a loaded procedure never changes; load a new version'); END;
CREATE TRIGGER procedures_no_delete BEFORE DELETE ON procedures
BEGIN SELECT RAISE(ABORT, 'escalate: a loaded procedure is kept (cases follow it)'); END;

ALTER TABLE cases ADD COLUMN procedure_id INTEGER REFERENCES procedures(id);

-- "Needs my action" reads the cases of loaded procedures apart (query.c).
CREATE INDEX cases_pinned ON cases(procedure_id, state, level) WHERE procedure_id IS NOT NULL;

CREATE TRIGGER cases_procedure_pinned BEFORE UPDATE OF procedure_id ON cases
WHEN old.procedure_id IS NOT new.procedure_id
BEGIN SELECT RAISE(ABORT, 'escalate: a case follows the procedure it was opened under'); END;

-- * A procedure has up to 9 levels (procedure_file.h ESC_STAGES_MAX): the
--   events table is rebuilt so that its level CHECKs allow them (SQLite
--   cannot change a CHECK in place), the way 002_speed.sql rebuilt it:
--   store.c runs every migration with foreign keys off and checks them
--   before it commits; row ids, and so actions.event_id, and every hash are
--   copied unchanged; every index and trigger on events is re-created as it
--   was.

CREATE TABLE events_new (
  id              INTEGER PRIMARY KEY,
  case_id         INTEGER NOT NULL REFERENCES cases(id),
  seq             INTEGER NOT NULL,
  kind            TEXT NOT NULL CHECK (kind = 'opened' OR kind = 'contact' OR
                    kind = 'escalated' OR kind = 'urgent' OR kind = 'informed' OR
                    kind = 'note' OR kind = 'resolved' OR kind = 'withdrawn' OR
                    kind = 'reopened'),
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
  UNIQUE (case_id, seq)
);

INSERT INTO events_new (id, case_id, seq, kind, at, actor_id, level_before, level_after, state_after, level_due, text, occurred_at, person_name, person_role, person_org, concern_remains, notify, whom, how, informed_at, not_needed, pattern_la_id, pattern_theme_id, nactions, prev_hash, hash, seen_level, seen_state)
SELECT id, case_id, seq, kind, at, actor_id, level_before, level_after, state_after, level_due, text, occurred_at, person_name, person_role, person_org, concern_remains, notify, whom, how, informed_at, not_needed, pattern_la_id, pattern_theme_id, nactions, prev_hash, hash, seen_level, seen_state
FROM events ORDER BY id;

-- Takes its indexes and triggers with it; all are re-created below.
DROP TABLE events;
ALTER TABLE events_new RENAME TO events;

CREATE INDEX events_reached ON events(at, level_after, case_id, kind)
  WHERE (kind = 'opened' OR kind = 'escalated' OR kind = 'urgent');
CREATE INDEX events_closed ON events(at, kind, level_after, case_id)
  WHERE (kind = 'resolved' OR kind = 'withdrawn');
CREATE INDEX events_pattern ON events(case_id, pattern_theme_id) WHERE notify = 'pattern';
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
  AND NEW.text = '' AND NEW.person_name IS NULL AND NEW.person_role IS NULL
  AND NEW.person_org IS NULL AND NEW.whom IS NULL AND NEW.how IS NULL)
BEGIN SELECT RAISE(ABORT, 'escalate: history is append-only'); END;
