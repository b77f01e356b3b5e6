-- Migration 2: indexes and trigger shapes for national-scale volumes (issue 4).
--
-- Measured on a generated database of 1,000,000 cases (bench/README.md):
--
-- * Lists walk an index already in their order (age at level: level_since)
--   instead of sorting every matching case for one page: cases_la and
--   cases_owner gain level_since; cases_since and cases_la_since serve the
--   lists that include closed cases.
-- * cases_open_opened covers the interface's pattern check (open cases by
--   opening date and local authority) without reading the cases rows.
-- * actions_owner and cases_owed are the index-driven halves of "needs my
--   action" (query.c): due agreed actions by owner, and the few open cases
--   that still owe a notification.
-- * events_reached and events_closed cover the report's columns.  Their
--   conditions are OR chains, not IN lists: SQLite builds a temporary b-tree
--   for `x IN (3 or more constants)` every time a statement (or a trigger)
--   runs, which a history row paid several times over.  A partial index is
--   used only by a query that states its condition the same way, so the
--   report's queries (report.c) use the same OR chains.
-- * events_apply is split: every history row updates the sequence and the
--   flags (no indexed column), and only the rows that move a case's level or
--   state (not contacts, notes and notifications) rewrite the indexed
--   columns, so most rows no longer touch every cases index.
-- * The events table is rebuilt with its kind CHECK as an OR chain (the same
--   temporary b-tree, paid on every insert), the way SQLite documents for
--   schema changes ALTER TABLE cannot make (lang_altertable.html, "Making
--   Other Kinds Of Table Schema Changes"): store.c runs every migration with
--   foreign keys off and checks them (PRAGMA foreign_key_check) before it
--   commits.  Row ids, and so actions.event_id, are copied unchanged; the
--   hash chain covers field values, not the table layout, so it still
--   verifies.  Every index and trigger on events is re-created as it was,
--   the append-only ones included.

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
  level_before    INTEGER NOT NULL CHECK (level_before BETWEEN 0 AND 5),
  level_after     INTEGER NOT NULL CHECK (level_after BETWEEN 1 AND 5),
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
  UNIQUE (case_id, seq)
);

INSERT INTO events_new (id, case_id, seq, kind, at, actor_id, level_before, level_after,
  state_after, level_due, text, occurred_at, person_name, person_role, person_org,
  concern_remains, notify, whom, how, informed_at, not_needed, pattern_la_id,
  pattern_theme_id, nactions, prev_hash, hash)
SELECT id, case_id, seq, kind, at, actor_id, level_before, level_after,
  state_after, level_due, text, occurred_at, person_name, person_role, person_org,
  concern_remains, notify, whom, how, informed_at, not_needed, pattern_la_id,
  pattern_theme_id, nactions, prev_hash, hash
FROM events ORDER BY id;

-- Takes its indexes and triggers with it; all are re-created below.
DROP TABLE events;
ALTER TABLE events_new RENAME TO events;

-- The report counts events that made a case reach a level, and closures.
CREATE INDEX events_reached ON events(at, level_after, case_id, kind)
  WHERE (kind = 'opened' OR kind = 'escalated' OR kind = 'urgent');
CREATE INDEX events_closed ON events(at, kind, level_after, case_id)
  WHERE (kind = 'resolved' OR kind = 'withdrawn');
CREATE INDEX events_pattern ON events(case_id, pattern_theme_id) WHERE notify = 'pattern';

-- The event must follow the case's latest event and start from its current
-- level: a writer that read a stale case cannot slip an event in.
CREATE TRIGGER events_in_sequence BEFORE INSERT ON events
BEGIN
  SELECT RAISE(ABORT, 'escalate: event out of sequence (the case changed)')
  WHERE NEW.seq <> (SELECT last_seq + 1 FROM cases WHERE id = NEW.case_id)
     OR (NEW.seq > 1 AND NEW.level_before <> (SELECT level FROM cases WHERE id = NEW.case_id));
END;

-- Every history row: sequence, time of last change and the flags.
CREATE TRIGGER events_apply AFTER INSERT ON events
BEGIN
  UPDATE cases SET
    last_seq = NEW.seq,
    updated_at = NEW.at,
    urgent = CASE WHEN NEW.kind = 'urgent' THEN 1 ELSE urgent END,
    concern_remains = CASE
        WHEN NEW.kind = 'contact' THEN NEW.concern_remains
        WHEN NEW.kind = 'opened' OR NEW.kind = 'escalated' OR NEW.kind = 'urgent'
             OR NEW.kind = 'reopened' THEN 0
        ELSE concern_remains END,
    owed_designated = CASE
        WHEN (NEW.kind = 'escalated' OR NEW.kind = 'urgent') AND NEW.level_after = 4 THEN 1
        WHEN NEW.kind = 'informed' AND NEW.notify = 'designated' THEN 0
        ELSE owed_designated END,
    owed_chair = CASE
        WHEN NEW.kind = 'escalated' AND NEW.level_after = 5 THEN 1
        WHEN NEW.kind = 'informed' AND NEW.notify = 'chair' THEN 0
        ELSE owed_chair END
  WHERE id = NEW.case_id;
END;

-- Rows that can move the case (contacts, notes and notifications keep its
-- level, state and due date: case.c writes them unchanged).
CREATE TRIGGER events_apply_move AFTER INSERT ON events
WHEN NEW.kind <> 'contact' AND NEW.kind <> 'informed' AND NEW.kind <> 'note'
BEGIN
  UPDATE cases SET
    state = NEW.state_after,
    level = NEW.level_after,
    level_due = NEW.level_due,
    level_since = CASE WHEN NEW.kind = 'resolved' OR NEW.kind = 'withdrawn'
                       THEN level_since ELSE NEW.at END
  WHERE id = NEW.case_id;
END;

CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'escalate: history is append-only'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'escalate: history is append-only'); END;

-- Lists in age order, walked rather than sorted.
DROP INDEX cases_la;
CREATE INDEX cases_la ON cases(la_id, state, level_since);
DROP INDEX cases_owner;
CREATE INDEX cases_owner ON cases(owner_id, state, level_since);
CREATE INDEX cases_since ON cases(level_since);
CREATE INDEX cases_la_since ON cases(la_id, level_since);
-- The interface's pattern check: open cases by opening date, covered.
CREATE INDEX cases_open_opened ON cases(state, opened_at, la_id);
-- "Needs my action": open cases still owing a notification, and agreed
-- actions by owner and due date.
CREATE INDEX cases_owed ON cases(state, owner_id) WHERE (owed_designated OR owed_chair);
CREATE INDEX actions_owner ON actions(owner, due, case_id, level);
