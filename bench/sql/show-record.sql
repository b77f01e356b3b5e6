-- show-record: escalate show ESC-2023-150020 --format record
-- data: 1000000 cases
-- The statements the real binary runs, in order (captured by bench/sqltrace.c),
-- each with its EXPLAIN QUERY PLAN.  bench/run.sh checks they are unchanged;
-- bench/run.sh --update-sql rewrites this file.

PRAGMA foreign_keys = ON;
PRAGMA trusted_schema = OFF;
PRAGMA journal_mode = WAL;
PRAGMA synchronous = FULL;
PRAGMA user_version;
SELECT day FROM bank_holidays ORDER BY day;
-- plan: `--SCAN bank_holidays
SELECT id, login, name, organisation, role, admin, active FROM staff WHERE login = :login;
-- plan: `--SEARCH staff USING INDEX sqlite_autoindex_staff_1 (login=?)
SELECT id, last_seq, ref, uuid FROM cases WHERE ref = :ref;
-- plan: `--SEARCH cases USING INDEX sqlite_autoindex_cases_2 (ref=?)
BEGIN IMMEDIATE;
SELECT ref FROM cases WHERE id = :id;
-- plan: `--SEARCH cases USING INTEGER PRIMARY KEY (rowid=?)
SELECT hash FROM access_log ORDER BY id DESC LIMIT 1;
-- plan: `--SCAN access_log
INSERT INTO access_log(at, staff_id, login, uid, case_id, how, scope, count, prev_hash, hash) SELECT at, staff_id, login, uid, case_id, how, scope, count, :prev, esc_hash(:prev, at, staff_id, login, uid, case_id, how, scope, count) FROM (SELECT :at AS at, :staff AS staff_id, :login AS login, :uid AS uid, :case AS case_id, :how AS how, :scope AS scope, :count AS count);
SELECT c.id, c.last_seq, c.ref, c.uuid, c.state, c.level, c.child_id, la.name, coalesce(t.name, ''), s.login, c.opened_at, c.level_since, c.level_due, c.urgent, (c.owed_designated OR c.owed_chair), c.updated_at , c.child_kind, c.team, c.agency, c.decision, c.concern, s.name, c.owed_designated, c.owed_chair, c.concern_remains FROM cases c JOIN local_authorities la ON la.id = c.la_id JOIN staff s ON s.id = c.owner_id LEFT JOIN themes t ON t.id = c.first_theme_id WHERE c.id = :id;
-- plan: |--SEARCH c USING INTEGER PRIMARY KEY (rowid=?)
-- plan: |--SEARCH la USING INTEGER PRIMARY KEY (rowid=?)
-- plan: |--SEARCH s USING INTEGER PRIMARY KEY (rowid=?)
-- plan: `--SEARCH t USING INTEGER PRIMARY KEY (rowid=?) LEFT-JOIN
SELECT t.name FROM case_themes ct JOIN themes t ON t.id = ct.theme_id JOIN cases c ON c.id = ct.case_id WHERE ct.case_id = :id ORDER BY t.id <> c.first_theme_id, t.name;
-- plan: |--SEARCH c USING INTEGER PRIMARY KEY (rowid=?)
-- plan: |--SEARCH ct USING PRIMARY KEY (case_id=?)
-- plan: |--SEARCH t USING INTEGER PRIMARY KEY (rowid=?)
-- plan: `--USE TEMP B-TREE FOR ORDER BY
SELECT e.id, e.seq, e.kind, e.at, s.login, s.name, s.role, e.level_before, e.level_after, e.state_after, e.text, e.occurred_at, e.person_name, e.person_role, e.person_org, e.concern_remains, e.notify, e.whom, e.how, e.informed_at, e.not_needed, e.hash FROM events e JOIN staff s ON s.id = e.actor_id WHERE e.case_id = :id ORDER BY e.seq;
-- plan: |--SEARCH e USING INDEX sqlite_autoindex_events_1 (case_id=?)
-- plan: `--SEARCH s USING INTEGER PRIMARY KEY (rowid=?)
SELECT event_id, text, owner, due, level FROM actions WHERE case_id = :id ORDER BY event_id, id;
-- plan: |--SEARCH actions USING INDEX actions_case (case_id=?)
-- plan: `--USE TEMP B-TREE FOR ORDER BY
COMMIT;
SELECT p.at, s.login, p.reason FROM purges p JOIN staff s ON s.id = p.actor_id WHERE p.case_id = :id;
-- plan: |--SEARCH p USING INDEX sqlite_autoindex_purges_1 (case_id=?)
-- plan: `--SEARCH s USING INTEGER PRIMARY KEY (rowid=?)
