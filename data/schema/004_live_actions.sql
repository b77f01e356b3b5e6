-- Migration 4: the agreed actions still live, and one update per history row
-- (issue 4).
--
-- * live_actions holds the agreed actions that can still fall due: those of
--   an open case agreed at the level the case is at now (SPEC §5: an action
--   is overdue when its date has passed while the case is still open at the
--   level it was agreed).  "Needs my action" reads a person's due actions
--   from its small index instead of matching every one of their actions
--   (tens of thousands on a national history, nearly all on closed cases)
--   against the set of open cases, which it had to build for the count and
--   again for the page (35 ms at 1,000,000 cases; bench/README.md).
--   It is a cache like the cases' level and state columns: only the
--   triggers below write it, and `escalate verify` rebuilds it from actions
--   and cases and reports any difference.
-- * events_apply and events_apply_move become mutually exclusive: a history
--   row that moves a case (opened, escalated, urgent, resolved, withdrawn,
--   reopened) now rewrites the case row once, not twice.  Contacts, notes
--   and notifications still leave the indexed columns alone.
-- * cases_owner gains level_due, so the other index-driven half of "needs my
--   action", a person's own open cases past their due date, is read from the
--   index alone rather than from each case row.  The explicit id keeps
--   the index in the order "mine" lists by (level_since, id): without it the
--   engine took the open cases' age order and read every open case's row to
--   find the few of one owner (99 ms at 1,000,000 cases, against 1 ms).
-- * Deep pages of the list (query_page.c finds a page's ids from an index
--   alone, then joins the rest): cases_level_since gives the level order
--   over all cases, which took every case through a sort (735 ms for a page
--   in the middle at 1,000,000 cases, now 39 ms); cases_open_since carries
--   level_due so that the overdue list skips from the index (73 to 25 ms).
--   The explicit id keeps it usable for ORDER BY level_since, id.

DROP INDEX cases_owner;
CREATE INDEX cases_owner ON cases(owner_id, state, level_since, id, level_due);
CREATE INDEX cases_level_since ON cases(level DESC, level_since);
DROP INDEX cases_open_since;
CREATE INDEX cases_open_since ON cases(state, level_since, id, level_due);

CREATE TABLE live_actions (
  action_id INTEGER PRIMARY KEY REFERENCES actions(id),
  case_id   INTEGER NOT NULL REFERENCES cases(id),
  owner     TEXT NOT NULL,
  due       TEXT NOT NULL
);
CREATE INDEX live_actions_owner ON live_actions(owner, due, case_id);
CREATE INDEX live_actions_case ON live_actions(case_id);

INSERT INTO live_actions(action_id, case_id, owner, due)
  SELECT a.id, a.case_id, a.owner, a.due
  FROM actions a JOIN cases c ON c.id = a.case_id AND c.level = a.level
  WHERE c.state = 1;

-- An action agreed on an open case at its current level (always so when
-- case.c records it) is live from the start.
CREATE TRIGGER actions_live AFTER INSERT ON actions
WHEN (SELECT state = 1 AND level = NEW.level FROM cases WHERE id = NEW.case_id)
BEGIN
  INSERT INTO live_actions(action_id, case_id, owner, due)
  VALUES (NEW.id, NEW.case_id, NEW.owner, NEW.due);
END;

-- An open case that leaves its level, or closes, has no live actions left:
-- levels only rise while a case is open (procedure.c), and a new level has
-- no actions until a contact there agrees some.
CREATE TRIGGER cases_live_actions_end AFTER UPDATE OF level, state ON cases
WHEN OLD.state = 1 AND (NEW.level IS NOT OLD.level OR NEW.state IS NOT 1)
BEGIN
  DELETE FROM live_actions WHERE case_id = NEW.id;
END;

-- A closed case reopened returns to the level it closed at: the actions
-- agreed there are live again.  (Looking for such actions on every move,
-- not only here, cost each history row 5%.)
CREATE TRIGGER cases_live_actions_reopen AFTER UPDATE OF level, state ON cases
WHEN OLD.state > 1 AND NEW.state = 1
BEGIN
  INSERT INTO live_actions(action_id, case_id, owner, due)
    SELECT id, case_id, owner, due FROM actions WHERE case_id = NEW.id AND level = NEW.level;
END;

DROP TRIGGER events_apply;
DROP TRIGGER events_apply_move;

-- Contacts, notes and notifications: sequence, time of last change and the
-- flags they can change; level, state and dates stay as they are.
CREATE TRIGGER events_apply AFTER INSERT ON events
WHEN NEW.kind = 'contact' OR NEW.kind = 'informed' OR NEW.kind = 'note'
BEGIN
  UPDATE cases SET
    last_seq = NEW.seq,
    updated_at = NEW.at,
    concern_remains = CASE WHEN NEW.kind = 'contact' THEN NEW.concern_remains
                           ELSE concern_remains END,
    owed_designated = CASE WHEN NEW.kind = 'informed' AND NEW.notify = 'designated' THEN 0
                           ELSE owed_designated END,
    owed_chair = CASE WHEN NEW.kind = 'informed' AND NEW.notify = 'chair' THEN 0
                      ELSE owed_chair END
  WHERE id = NEW.case_id;
END;

-- Every other row moves the case: all of it in one update.
CREATE TRIGGER events_apply_move AFTER INSERT ON events
WHEN NEW.kind <> 'contact' AND NEW.kind <> 'informed' AND NEW.kind <> 'note'
BEGIN
  UPDATE cases SET
    last_seq = NEW.seq,
    updated_at = NEW.at,
    urgent = CASE WHEN NEW.kind = 'urgent' THEN 1 ELSE urgent END,
    concern_remains = CASE
        WHEN NEW.kind = 'opened' OR NEW.kind = 'escalated' OR NEW.kind = 'urgent'
             OR NEW.kind = 'reopened' THEN 0
        ELSE concern_remains END,
    owed_designated = CASE
        WHEN (NEW.kind = 'escalated' OR NEW.kind = 'urgent') AND NEW.level_after = 4 THEN 1
        ELSE owed_designated END,
    owed_chair = CASE WHEN NEW.kind = 'escalated' AND NEW.level_after = 5 THEN 1
                      ELSE owed_chair END,
    state = NEW.state_after,
    level = NEW.level_after,
    level_due = NEW.level_due,
    level_since = CASE WHEN NEW.kind = 'resolved' OR NEW.kind = 'withdrawn'
                       THEN level_since ELSE NEW.at END
  WHERE id = NEW.case_id;
END;
