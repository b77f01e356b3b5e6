-- escalate schema, version 1.
-- History (events, actions, staff_history) is append-only: triggers refuse
-- UPDATE and DELETE.  A case's current level and state are cached on the
-- cases row by the events insert trigger, in the same transaction as the
-- history row, so they cannot disagree with the history.

CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE staff (
  id           INTEGER PRIMARY KEY,
  login        TEXT NOT NULL UNIQUE,
  name         TEXT NOT NULL,
  organisation TEXT NOT NULL DEFAULT '',
  role         INTEGER NOT NULL CHECK (role BETWEEN 1 AND 3),
  admin        INTEGER NOT NULL DEFAULT 0 CHECK (admin IN (0, 1)),
  active       INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at   TEXT NOT NULL
);

-- Every staff change (added, role, admin, deactivated, reactivated).
CREATE TABLE staff_history (
  id        INTEGER PRIMARY KEY,
  staff_id  INTEGER NOT NULL REFERENCES staff(id),
  at        TEXT NOT NULL,
  actor_id  INTEGER REFERENCES staff(id),
  change    TEXT NOT NULL,
  role      INTEGER NOT NULL,
  admin     INTEGER NOT NULL,
  active    INTEGER NOT NULL
);

CREATE TABLE themes (
  id     INTEGER PRIMARY KEY,
  name   TEXT NOT NULL UNIQUE COLLATE NOCASE,
  active INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE local_authorities (
  id     INTEGER PRIMARY KEY,
  name   TEXT NOT NULL UNIQUE COLLATE NOCASE,
  active INTEGER NOT NULL DEFAULT 1
);

-- Target working days per level; level 0 is the urgent jump's target.
CREATE TABLE timescales (
  level        INTEGER PRIMARY KEY CHECK (level BETWEEN 0 AND 5),
  working_days INTEGER NOT NULL CHECK (working_days BETWEEN 0 AND 365)
);

CREATE TABLE bank_holidays (
  day TEXT PRIMARY KEY
) WITHOUT ROWID;

CREATE TABLE cases (
  id              INTEGER PRIMARY KEY,
  uuid            TEXT NOT NULL UNIQUE,
  ref             TEXT NOT NULL UNIQUE COLLATE NOCASE,
  ref_year        INTEGER NOT NULL,
  ref_num         INTEGER NOT NULL,
  child_kind      INTEGER NOT NULL CHECK (child_kind IN (1, 2)),
  child_id        TEXT NOT NULL,
  la_id           INTEGER NOT NULL REFERENCES local_authorities(id),
  team            TEXT NOT NULL DEFAULT '',
  agency          TEXT NOT NULL DEFAULT '',
  decision        TEXT NOT NULL,
  concern         TEXT NOT NULL,
  first_theme_id  INTEGER REFERENCES themes(id),
  owner_id        INTEGER NOT NULL REFERENCES staff(id),
  opened_at       TEXT NOT NULL,
  -- Maintained by the events_apply trigger only.
  state           INTEGER NOT NULL DEFAULT 0,
  level           INTEGER NOT NULL DEFAULT 0,
  last_seq        INTEGER NOT NULL DEFAULT 0,
  level_since     TEXT NOT NULL DEFAULT '',
  level_due       TEXT NOT NULL DEFAULT '',
  urgent          INTEGER NOT NULL DEFAULT 0,
  concern_remains INTEGER NOT NULL DEFAULT 0,
  owed_designated INTEGER NOT NULL DEFAULT 0,
  owed_chair      INTEGER NOT NULL DEFAULT 0,
  updated_at      TEXT NOT NULL DEFAULT '',
  UNIQUE (ref_year, ref_num)
);

CREATE TABLE case_themes (
  case_id  INTEGER NOT NULL REFERENCES cases(id),
  theme_id INTEGER NOT NULL REFERENCES themes(id),
  PRIMARY KEY (case_id, theme_id)
) WITHOUT ROWID;

CREATE TABLE events (
  id              INTEGER PRIMARY KEY,
  case_id         INTEGER NOT NULL REFERENCES cases(id),
  seq             INTEGER NOT NULL,
  kind            TEXT NOT NULL CHECK (kind IN ('opened', 'contact', 'escalated', 'urgent',
                    'informed', 'note', 'resolved', 'withdrawn', 'reopened')),
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

CREATE TABLE actions (
  id       INTEGER PRIMARY KEY,
  event_id INTEGER NOT NULL REFERENCES events(id),
  case_id  INTEGER NOT NULL REFERENCES cases(id),
  level    INTEGER NOT NULL,
  text     TEXT NOT NULL,
  owner    TEXT NOT NULL,
  due      TEXT NOT NULL,
  -- SHA-256 over its contact's hash and this row's fields.
  hash     TEXT NOT NULL
);

-- Reads.
CREATE INDEX cases_open_due ON cases(state, level_due);
CREATE INDEX cases_open_since ON cases(state, level_since);
CREATE INDEX cases_level ON cases(state, level, level_since);
CREATE INDEX cases_la ON cases(la_id, state);
CREATE INDEX cases_owner ON cases(owner_id, state);
CREATE INDEX cases_opened ON cases(opened_at);
CREATE INDEX case_themes_theme ON case_themes(theme_id, case_id);
-- The report counts events that made a case reach a level.
CREATE INDEX events_reached ON events(at, level_after, case_id)
  WHERE kind IN ('opened', 'escalated', 'urgent');
CREATE INDEX events_closed ON events(at) WHERE kind IN ('resolved', 'withdrawn');
CREATE INDEX events_pattern ON events(case_id, pattern_theme_id) WHERE notify = 'pattern';
CREATE INDEX actions_case ON actions(case_id, level, due);
CREATE INDEX actions_event ON actions(event_id);

-- The event must follow the case's latest event and start from its current
-- level: a writer that read a stale case cannot slip an event in.
CREATE TRIGGER events_in_sequence BEFORE INSERT ON events
BEGIN
  SELECT RAISE(ABORT, 'escalate: event out of sequence (the case changed)')
  WHERE NEW.seq <> (SELECT last_seq + 1 FROM cases WHERE id = NEW.case_id)
     OR (NEW.seq > 1 AND NEW.level_before <> (SELECT level FROM cases WHERE id = NEW.case_id));
END;

CREATE TRIGGER events_apply AFTER INSERT ON events
BEGIN
  UPDATE cases SET
    state = NEW.state_after,
    level = NEW.level_after,
    last_seq = NEW.seq,
    updated_at = NEW.at,
    level_due = NEW.level_due,
    level_since = CASE WHEN NEW.kind IN ('opened', 'escalated', 'urgent', 'reopened')
                       THEN NEW.at ELSE level_since END,
    urgent = CASE WHEN NEW.kind = 'urgent' THEN 1 ELSE urgent END,
    concern_remains = CASE
        WHEN NEW.kind = 'contact' THEN NEW.concern_remains
        WHEN NEW.kind IN ('opened', 'escalated', 'urgent', 'reopened') THEN 0
        ELSE concern_remains END,
    owed_designated = CASE
        WHEN NEW.kind IN ('escalated', 'urgent') AND NEW.level_after = 4 THEN 1
        WHEN NEW.kind = 'informed' AND NEW.notify = 'designated' THEN 0
        ELSE owed_designated END,
    owed_chair = CASE
        WHEN NEW.kind = 'escalated' AND NEW.level_after = 5 THEN 1
        WHEN NEW.kind = 'informed' AND NEW.notify = 'chair' THEN 0
        ELSE owed_chair END
  WHERE id = NEW.case_id;
END;

CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'escalate: history is append-only'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'escalate: history is append-only'); END;
CREATE TRIGGER actions_no_update BEFORE UPDATE ON actions
BEGIN SELECT RAISE(ABORT, 'escalate: history is append-only'); END;
CREATE TRIGGER actions_no_delete BEFORE DELETE ON actions
BEGIN SELECT RAISE(ABORT, 'escalate: history is append-only'); END;
CREATE TRIGGER staff_history_no_update BEFORE UPDATE ON staff_history
BEGIN SELECT RAISE(ABORT, 'escalate: history is append-only'); END;
CREATE TRIGGER staff_history_no_delete BEFORE DELETE ON staff_history
BEGIN SELECT RAISE(ABORT, 'escalate: history is append-only'); END;
-- A case is never deleted: its history refers to it.
CREATE TRIGGER cases_no_delete BEFORE DELETE ON cases
BEGIN SELECT RAISE(ABORT, 'escalate: cases are never deleted'); END;
CREATE TRIGGER case_themes_no_delete BEFORE DELETE ON case_themes
BEGIN SELECT RAISE(ABORT, 'escalate: cases are never deleted'); END;
