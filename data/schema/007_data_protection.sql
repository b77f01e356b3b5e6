-- Migration 8: data protection (issue 12).
--
-- * access_log: one row per read that showed a case's content to a person
--   (show in any format, a case opened in the interface, the clinical-record
--   entry, an export, a subject-access export), written by access.c before
--   the content is read.  Append-only and hash-chained like the history: the
--   hash covers ESC_HASHED_ACCESS_COLUMNS (include/escalate/access.h) after the
--   previous row's hash; `escalate verify` recomputes the chain.  case_id is
--   NULL for a row about a set of cases (an export, a subject-access request):
--   scope says which, count how many cases it held.
-- * purges: the tombstone of a case whose content a retention purge removed
--   (retention.c).  The case keeps its reference, dates, levels, themes, local
--   authority, owner and every hash of its history rows, actions and seal;
--   its child, team, agency, decision, concern and every free-text field of
--   its history (texts, people spoken with, whom and how) are blanked.  A purge row
--   records who purged it and why, the seal's hash and a hash over what the
--   tombstone keeps (ESC_TOMBSTONE_FIELDS in include/escalate/retention.h),
--   and is chained to the previous purge.  Verify checks the purged case's
--   history rows by their links (the content they hashed is gone) and what
--   the tombstone keeps by the purge row's hash.
-- * The append-only triggers of events and actions allow one update, only
--   on a case with a purge row: blanking its content, every other column
--   unchanged.

CREATE TABLE access_log (
  id        INTEGER PRIMARY KEY,
  at        TEXT NOT NULL,
  staff_id  INTEGER NOT NULL REFERENCES staff(id),
  login     TEXT NOT NULL,
  uid       INTEGER NOT NULL,
  case_id   INTEGER REFERENCES cases(id),
  how       TEXT NOT NULL CHECK (how = 'show' OR how = 'show-json' OR how = 'show-record' OR
                                 how = 'interface' OR how = 'interface-record' OR
                                 how = 'export' OR how = 'sar'),
  scope     TEXT NOT NULL DEFAULT '',
  count     INTEGER NOT NULL DEFAULT 1,
  prev_hash TEXT NOT NULL,
  hash      TEXT NOT NULL
);
CREATE INDEX access_log_case ON access_log(case_id, id) WHERE case_id IS NOT NULL;
CREATE INDEX access_log_login ON access_log(login, id);
CREATE INDEX access_log_at ON access_log(at);

CREATE TRIGGER access_log_no_update BEFORE UPDATE ON access_log
BEGIN SELECT RAISE(ABORT, 'escalate: the access log is append-only'); END;
CREATE TRIGGER access_log_no_delete BEFORE DELETE ON access_log
BEGIN SELECT RAISE(ABORT, 'escalate: the access log is append-only'); END;

CREATE TABLE purges (
  id              INTEGER PRIMARY KEY,
  case_id         INTEGER NOT NULL UNIQUE REFERENCES cases(id),
  at              TEXT NOT NULL,
  actor_id        INTEGER NOT NULL REFERENCES staff(id),
  reason          TEXT NOT NULL,
  retention_years INTEGER NOT NULL,
  seal_hash       TEXT NOT NULL,
  kept_hash       TEXT NOT NULL,
  prev_hash       TEXT NOT NULL,
  hash            TEXT NOT NULL
);

CREATE TRIGGER purges_no_update BEFORE UPDATE ON purges
BEGIN SELECT RAISE(ABORT, 'escalate: history is append-only'); END;
CREATE TRIGGER purges_no_delete BEFORE DELETE ON purges
BEGIN SELECT RAISE(ABORT, 'escalate: history is append-only'); END;

DROP TRIGGER events_no_update;
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

DROP TRIGGER actions_no_update;
CREATE TRIGGER actions_no_update BEFORE UPDATE ON actions
WHEN NOT (EXISTS (SELECT 1 FROM purges p WHERE p.case_id = OLD.case_id)
  AND NEW.id IS OLD.id AND NEW.event_id IS OLD.event_id AND NEW.case_id IS OLD.case_id
  AND NEW.level IS OLD.level AND NEW.due IS OLD.due AND NEW.hash IS OLD.hash
  AND NEW.text = '' AND NEW.owner = '')
BEGIN SELECT RAISE(ABORT, 'escalate: history is append-only'); END;
