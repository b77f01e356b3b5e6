-- Migration 5: the procedure declared once (issue 10).
--
-- What a history row does to its case is now computed in C by the one
-- function that applies the procedure table (proc_apply, procedure_rules.c);
-- the write path stores its result on the case row and `escalate verify`
-- replays each case's history through the same function.  So the triggers
-- that computed procedure state here go: events_apply, events_apply_move
-- and the three that kept live_actions.  What stays in SQL is what the schema
-- must enforce on its own: append-only rows, the sequence of a case's
-- history (events_in_sequence), integrity and seals.
--
-- * events gain seen_level / seen_state: the level and state of the case the
--   user acted on (a level-dependent event on a case that has moved since is
--   a conflict).  Rows written before this migration have NULL there and keep
--   their hashes; rows written after it are hashed with both
--   (ESC_HASHED_EVENT_COLUMNS_V2 in audit.h).
-- * cases.owed replaces owed_designated / owed_chair: the notifications owed
--   as a bit mask (bit n = esc_notify n), so any notification of the table
--   can be owed.
-- * Agreed actions get an owner who is a registered staff member
--   (owner_staff_id) or a named person outside escalate (owner, owner_org),
--   and a life: action_updates records each one done or dropped, append-only
--   and hash-chained.  Actions written before this migration (owner_kind
--   NULL) keep their hashes; their owner is the staff member whose login or
--   name is exactly the owner text, as "needs my action" matched it before.
-- * live_actions holds every open agreed action (not done, not dropped),
--   whatever the case's level or state now: an action stays outstanding when
--   the case moves up or closes (SPEC §7).  The write path keeps it;
--   `verify` rebuilds it and compares.

DROP TRIGGER events_apply;
DROP TRIGGER events_apply_move;
DROP TRIGGER actions_live;
DROP TRIGGER cases_live_actions_end;
DROP TRIGGER cases_live_actions_reopen;

ALTER TABLE events ADD COLUMN seen_level INTEGER;
ALTER TABLE events ADD COLUMN seen_state INTEGER;

ALTER TABLE cases ADD COLUMN owed INTEGER NOT NULL DEFAULT 0;
UPDATE cases SET owed = (CASE WHEN owed_designated THEN 2 ELSE 0 END)
                      | (CASE WHEN owed_chair THEN 4 ELSE 0 END);
DROP INDEX cases_owed;
ALTER TABLE cases DROP COLUMN owed_designated;
ALTER TABLE cases DROP COLUMN owed_chair;
-- The few cases owing a notification, for "needs my action".
CREATE INDEX cases_owed ON cases(owed, level) WHERE owed <> 0;

ALTER TABLE actions ADD COLUMN owner_kind INTEGER CHECK (owner_kind IN (1, 2));
ALTER TABLE actions ADD COLUMN owner_staff_id INTEGER REFERENCES staff(id);
ALTER TABLE actions ADD COLUMN owner_org TEXT;

CREATE TABLE action_updates (
  id        INTEGER PRIMARY KEY,
  action_id INTEGER NOT NULL UNIQUE REFERENCES actions(id),
  case_id   INTEGER NOT NULL REFERENCES cases(id),
  status    TEXT NOT NULL CHECK (status IN ('done', 'dropped')),
  at        TEXT NOT NULL,
  actor_id  INTEGER NOT NULL REFERENCES staff(id),
  note      TEXT NOT NULL DEFAULT '',
  prev_hash TEXT NOT NULL,
  hash      TEXT NOT NULL
);
CREATE INDEX action_updates_case ON action_updates(case_id);
CREATE TRIGGER action_updates_no_update BEFORE UPDATE ON action_updates
BEGIN SELECT RAISE(ABORT, 'escalate: history is append-only'); END;
CREATE TRIGGER action_updates_no_delete BEFORE DELETE ON action_updates
BEGIN SELECT RAISE(ABORT, 'escalate: history is append-only'); END;

DROP TABLE live_actions;
CREATE TABLE live_actions (
  action_id      INTEGER PRIMARY KEY REFERENCES actions(id),
  case_id        INTEGER NOT NULL REFERENCES cases(id),
  owner_staff_id INTEGER REFERENCES staff(id),
  due            TEXT NOT NULL
);
CREATE INDEX live_actions_owner ON live_actions(owner_staff_id, due, case_id);
CREATE INDEX live_actions_case ON live_actions(case_id);

-- ESC_LEGACY_ACTION_OWNER (audit.h), verbatim.
INSERT INTO live_actions(action_id, case_id, owner_staff_id, due)
  SELECT a.id, a.case_id,
    coalesce((SELECT s.id FROM staff s WHERE s.login = a.owner),
             (SELECT min(s.id) FROM staff s WHERE s.name = a.owner)),
    a.due
  FROM actions a;
