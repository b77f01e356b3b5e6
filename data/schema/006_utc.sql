-- Migration 6: instants in UTC (issue 10, "one time model").
--
-- Releases before this one stored every instant as the writer's local
-- wall-clock text "YYYY-MM-DD HH:MM:SS", with no zone: the same moment read
-- differently under TZ=UTC and TZ=Europe/London, and sorted wrongly on the
-- October clock-change night.  From this migration on every instant is UTC
-- text "YYYY-MM-DDTHH:MM:SSZ" (src/core/civil.c), and civil time is the
-- procedure's zone (settings key time_zone, Europe/London when unset).
--
-- What is rewritten: events.at, occurred_at and informed_at; cases.opened_at,
-- level_since and updated_at; staff.created_at; staff_history.at.  Civil
-- dates (level_due, actions.due, bank holidays) are civil dates in the
-- procedure's zone already and stay as they are.  The old texts are read as
-- Europe/London (the zone escalate was written for; release notes told
-- sites to run it so), by esc_civil_utc (civil.c, registered on every
-- connection escalate opens; the sqlite3 shell cannot run this migration):
--  * a time in the repeated hour of an October night is the earliest reading
--    that is not before the previous history row of the same case (so a
--    contact at 01:50 BST then an escalation at 01:10 GMT keep their order),
--    else the first reading (summer time), as a typed time is;
--  * a time in the skipped hour of a March night (only a writer under another
--    TZ could have stored one) moves forward by the gap;
--  * text that is not a civil time with a time of day is left unchanged.
-- A case's level_since and updated_at were copied from one of its history
-- rows' `at`: each takes the new value of the latest row it was copied from,
-- so the cached columns still agree with the history that verify replays.
-- (UPDATE ... FROM needs SQLite 3.33 or later; Debian 12 has 3.40.)
--
-- Tamper evidence (same policy as migration 3): what exists when this
-- migration runs is trusted as it stands.  The rewritten texts are covered
-- by the hash chains, so the chains are recomputed here, in the migration's
-- transaction, with the formulas of audit.h (verbatim copies below: the
-- first formulas, which every row written before migration 5 uses; the
-- columns migration 5 added are NULL in all of them; a later
-- migration that changes a formula must change its copy too): the history
-- chain in id order, each agreed action on its contact's new hash, the case
-- seals (keeping each seal's origin) in case order, and the staff chain.
-- Before anything changes, the settings row `utc_upgrade` keeps the old
-- chain heads (the newest history row, staff change and case seal with
-- their hashes, as an old `escalate verify` receipt names them), and the id
-- of the first row of each chain that did not hold then (0 when it held):
-- recomputing a chain would otherwise hide damage done before the upgrade,
-- so `escalate verify` reports those rows for ever.  History rows up to
-- last_event were written before the upgrade, when times came from each
-- writer's TZ: verify's check that times never run backwards within a case
-- starts after them.
--
-- New history rows are checked by the trigger events_in_time (at the end).
--
-- It needs no column of its own, so it also runs after a migration that adds
-- columns to these tables (the rows are updated in place, ids unchanged).

-- The record of the upgrade, written first: the old heads and old damage.
INSERT INTO settings(key, value)
SELECT 'utc_upgrade',
  'last_event=' || coalesce((SELECT max(id) FROM events), 0) ||
  ' event_hash=' || coalesce((SELECT hash FROM events ORDER BY id DESC LIMIT 1), '-') ||
  ' last_staff=' || coalesce((SELECT max(id) FROM staff_history), 0) ||
  ' staff_hash=' || coalesce((SELECT hash FROM staff_history ORDER BY id DESC LIMIT 1), '-') ||
  ' last_seal=' || coalesce((SELECT max(case_id) FROM case_seals), 0) ||
  ' seal_hash=' || coalesce((SELECT hash FROM case_seals ORDER BY case_id DESC LIMIT 1), '-') ||
  ' broken_event=' || coalesce((SELECT min(e.id) FROM events e
      WHERE e.hash IS NOT esc_hash(e.prev_hash,
        -- ESC_HASHED_EVENT_COLUMNS (audit.h), verbatim, over e
        e.case_id, e.seq, e.kind, e.at, e.actor_id, e.level_before, e.level_after,
        e.state_after, e.level_due, e.text, e.occurred_at, e.person_name, e.person_role,
        e.person_org, e.concern_remains, e.notify, e.whom, e.how, e.informed_at,
        e.not_needed, e.pattern_la_id, e.pattern_theme_id, e.nactions)
      OR e.prev_hash IS NOT coalesce((SELECT p.hash FROM events p WHERE p.id < e.id
                                      ORDER BY p.id DESC LIMIT 1), '')), 0) ||
  ' broken_action=' || coalesce((SELECT min(a.id) FROM actions a
      WHERE a.hash IS NOT esc_hash((SELECT e.hash FROM events e WHERE e.id = a.event_id),
        -- ESC_HASHED_ACTION_COLUMNS (audit.h), verbatim, over a
        a.event_id, a.case_id, a.level, a.text, a.owner, a.due)), 0) ||
  ' broken_seal=' || coalesce((SELECT min(s.case_id) FROM case_seals s JOIN cases
      ON cases.id = s.case_id
      WHERE s.hash IS NOT esc_hash(s.prev_hash, s.origin,
        -- ESC_CASE_SEAL_FIELDS (audit.h), verbatim
        cases.id, (SELECT e.hash FROM events e WHERE e.case_id = cases.id AND e.seq = 1),
        cases.uuid, cases.ref, cases.ref_year, cases.ref_num, cases.child_kind, cases.child_id,
        cases.la_id, (SELECT name FROM local_authorities WHERE id = cases.la_id),
        cases.team, cases.agency, cases.decision, cases.concern,
        cases.first_theme_id, cases.owner_id, cases.opened_at,
        (SELECT group_concat(theme_id || ':' || name, '|') FROM (SELECT ct.theme_id, t.name
        FROM case_themes ct JOIN themes t ON t.id = ct.theme_id
        WHERE ct.case_id = cases.id ORDER BY ct.theme_id)))
      OR s.prev_hash IS NOT coalesce((SELECT p.hash FROM case_seals p
                                      WHERE p.case_id < s.case_id
                                      ORDER BY p.case_id DESC LIMIT 1), '')), 0) ||
  ' broken_staff=' || coalesce((SELECT min(h.id) FROM staff_history h
      LEFT JOIN staff s ON s.id = h.staff_id
      WHERE h.hash IS NOT esc_hash(h.prev_hash,
        -- ESC_HASHED_STAFF_HISTORY_COLUMNS (audit.h), verbatim
        h.staff_id, h.at, h.actor_id, h.change, h.role, h.admin, h.active,
        s.login, s.name, s.organisation, s.created_at)
      OR h.prev_hash IS NOT coalesce((SELECT p.hash FROM staff_history p WHERE p.id < h.id
                                      ORDER BY p.id DESC LIMIT 1), '')), 0)
WHERE EXISTS (SELECT 1 FROM events) OR EXISTS (SELECT 1 FROM staff_history);

-- Each history row's new times.  Read alone, a time in a repeated hour is
-- its first reading; the few cases with such a row are then walked in
-- sequence order, so that it reads forwards from the row before.
CREATE TEMP TABLE utc_events (id INTEGER PRIMARY KEY, at TEXT NOT NULL, occurred_at TEXT,
                              informed_at TEXT);
INSERT INTO utc_events(id, at, occurred_at, informed_at)
SELECT id, esc_civil_utc(at, 'Europe/London', NULL),
  esc_civil_utc(occurred_at, 'Europe/London', NULL),
  esc_civil_utc(informed_at, 'Europe/London', NULL)
FROM events;
CREATE TEMP TABLE utc_repeated (case_id INTEGER PRIMARY KEY);
INSERT INTO utc_repeated
SELECT DISTINCT case_id FROM events WHERE esc_civil_repeated(at, 'Europe/London');
WITH RECURSIVE walk(id, case_id, seq, at) AS (
  SELECT e.id, e.case_id, e.seq, u.at
  FROM utc_repeated r JOIN events e ON e.case_id = r.case_id AND e.seq = 1
  JOIN utc_events u ON u.id = e.id
  UNION ALL
  SELECT e.id, e.case_id, e.seq, esc_civil_utc(e.at, 'Europe/London', walk.at)
  FROM walk JOIN events e ON e.case_id = walk.case_id AND e.seq = walk.seq + 1
)
UPDATE utc_events SET at = walk.at FROM walk WHERE utc_events.id = walk.id;

-- The cases' cached instants.  Read alone they are what their rows read;
-- in a case walked above, each takes the new value of the latest row it was
-- copied from (matched on the old text, so before the events change).
UPDATE cases SET
  opened_at = esc_civil_utc(opened_at, 'Europe/London', NULL),
  level_since = esc_civil_utc(level_since, 'Europe/London', NULL),
  updated_at = esc_civil_utc(updated_at, 'Europe/London', NULL)
WHERE id NOT IN (SELECT case_id FROM utc_repeated);
UPDATE cases SET
  level_since = coalesce((SELECT u.at FROM events e JOIN utc_events u ON u.id = e.id
                          WHERE e.case_id = cases.id AND e.at = cases.level_since
                          ORDER BY e.seq DESC LIMIT 1),
                         esc_civil_utc(level_since, 'Europe/London', NULL)),
  updated_at = coalesce((SELECT u.at FROM events e JOIN utc_events u ON u.id = e.id
                         WHERE e.case_id = cases.id AND e.at = cases.updated_at
                         ORDER BY e.seq DESC LIMIT 1),
                        esc_civil_utc(updated_at, 'Europe/London', NULL)),
  opened_at = coalesce((SELECT u.at FROM events e JOIN utc_events u ON u.id = e.id
                        WHERE e.case_id = cases.id AND e.seq = 1 AND e.at = cases.opened_at),
                       esc_civil_utc(opened_at, 'Europe/London', NULL))
WHERE id IN (SELECT case_id FROM utc_repeated);
DROP TABLE temp.utc_repeated;

-- The one rewrite of these append-only rows there will ever be, inside this
-- migration's transaction; the append-only triggers come straight back.
DROP TRIGGER events_no_update;
DROP TRIGGER actions_no_update;
DROP TRIGGER staff_history_no_update;
DROP TRIGGER case_seals_no_update;

UPDATE events SET at = u.at, occurred_at = u.occurred_at, informed_at = u.informed_at
FROM utc_events u WHERE u.id = events.id;
DROP TABLE temp.utc_events;

UPDATE staff SET created_at = esc_civil_utc(created_at, 'Europe/London', NULL);
UPDATE staff_history SET at = esc_civil_utc(at, 'Europe/London', NULL);

-- The history chain, in id order (ESC_HASHED_EVENT_COLUMNS, verbatim).
CREATE TEMP TABLE utc_chain (id INTEGER PRIMARY KEY, prev TEXT, hash TEXT);
WITH RECURSIVE chain(id, prev, hash) AS (
  SELECT 0, NULL, ''
  UNION ALL
  SELECT e.id, chain.hash, esc_hash(chain.hash,
    e.case_id, e.seq, e.kind, e.at, e.actor_id, e.level_before, e.level_after,
    e.state_after, e.level_due, e.text, e.occurred_at, e.person_name, e.person_role,
    e.person_org, e.concern_remains, e.notify, e.whom, e.how, e.informed_at,
    e.not_needed, e.pattern_la_id, e.pattern_theme_id, e.nactions)
  FROM chain JOIN events e ON e.id = (SELECT min(id) FROM events WHERE id > chain.id)
)
INSERT INTO utc_chain SELECT id, prev, hash FROM chain WHERE id > 0;
UPDATE events SET prev_hash = c.prev, hash = c.hash FROM temp.utc_chain c
WHERE c.id = events.id;
DELETE FROM temp.utc_chain;

-- Agreed actions, on their contact's new hash (ESC_HASHED_ACTION_COLUMNS).
UPDATE actions SET hash = esc_hash((SELECT e.hash FROM events e WHERE e.id = actions.event_id),
  actions.event_id, actions.case_id, actions.level, actions.text, actions.owner, actions.due);

-- Case seals, in case order, each keeping its origin (ESC_CASE_SEAL_FIELDS).
WITH RECURSIVE chain(id, prev, hash) AS (
  SELECT 0, NULL, ''
  UNION ALL
  SELECT cases.id, chain.hash, esc_hash(chain.hash, s.origin,
    cases.id, (SELECT e.hash FROM events e WHERE e.case_id = cases.id AND e.seq = 1),
    cases.uuid, cases.ref, cases.ref_year, cases.ref_num, cases.child_kind, cases.child_id,
    cases.la_id, (SELECT name FROM local_authorities WHERE id = cases.la_id),
    cases.team, cases.agency, cases.decision, cases.concern,
    cases.first_theme_id, cases.owner_id, cases.opened_at,
    (SELECT group_concat(theme_id || ':' || name, '|') FROM (SELECT ct.theme_id, t.name
    FROM case_themes ct JOIN themes t ON t.id = ct.theme_id
    WHERE ct.case_id = cases.id ORDER BY ct.theme_id)))
  FROM chain
  JOIN case_seals s ON s.case_id = (SELECT min(x.case_id) FROM case_seals x
                                    JOIN cases y ON y.id = x.case_id WHERE x.case_id > chain.id)
  JOIN cases ON cases.id = s.case_id
)
INSERT INTO utc_chain SELECT id, prev, hash FROM chain WHERE id > 0;
UPDATE case_seals SET
  prev_hash = (SELECT prev FROM temp.utc_chain c WHERE c.id = case_seals.case_id),
  hash = (SELECT hash FROM temp.utc_chain c WHERE c.id = case_seals.case_id)
WHERE case_id IN (SELECT id FROM temp.utc_chain);
DELETE FROM temp.utc_chain;

-- The staff chain, in id order (ESC_HASHED_STAFF_HISTORY_COLUMNS).
WITH RECURSIVE chain(id, prev, hash) AS (
  SELECT 0, NULL, ''
  UNION ALL
  SELECT h.id, chain.hash, esc_hash(chain.hash,
    h.staff_id, h.at, h.actor_id, h.change, h.role, h.admin, h.active,
    s.login, s.name, s.organisation, s.created_at)
  FROM chain JOIN staff_history h ON h.id = (SELECT min(id) FROM staff_history WHERE id > chain.id)
  LEFT JOIN staff s ON s.id = h.staff_id
)
INSERT INTO utc_chain SELECT id, prev, hash FROM chain WHERE id > 0;
UPDATE staff_history SET
  prev_hash = (SELECT prev FROM temp.utc_chain c WHERE c.id = staff_history.id),
  hash = (SELECT hash FROM temp.utc_chain c WHERE c.id = staff_history.id);
DROP TABLE temp.utc_chain;

CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'escalate: history is append-only'); END;
-- From now on a case's history never runs backwards: a row earlier than the
-- row before it (a clock set back, or pinned earlier) is refused, as the
-- schema's own integrity rule; store.c reads the message as invalid input.
CREATE TRIGGER events_in_time BEFORE INSERT ON events
WHEN NEW.seq > 1
BEGIN
  SELECT RAISE(ABORT, 'escalate: the time runs backwards (earlier than the case''s latest history)')
  WHERE NEW.at < (SELECT p.at FROM events p WHERE p.case_id = NEW.case_id AND p.seq = NEW.seq - 1);
END;
CREATE TRIGGER actions_no_update BEFORE UPDATE ON actions
BEGIN SELECT RAISE(ABORT, 'escalate: history is append-only'); END;
CREATE TRIGGER staff_history_no_update BEFORE UPDATE ON staff_history
BEGIN SELECT RAISE(ABORT, 'escalate: history is append-only'); END;
CREATE TRIGGER case_seals_no_update BEFORE UPDATE ON case_seals
BEGIN SELECT RAISE(ABORT, 'escalate: history is append-only'); END;
