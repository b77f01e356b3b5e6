-- report-text-1k: escalate report --quarter 2025-26-Q4
-- data: 1000 cases
-- The statements the real binary runs, in order (captured by bench/sqltrace.c),
-- each with its EXPLAIN QUERY PLAN.  bench/run.sh checks they are unchanged;
-- bench/run.sh --update-sql rewrites this file.

PRAGMA foreign_keys = ON;
PRAGMA trusted_schema = OFF;
PRAGMA user_version;
SELECT value FROM settings WHERE key = :key;
-- plan: `--SEARCH settings USING PRIMARY KEY (key=?)
SELECT day FROM bank_holidays ORDER BY day;
-- plan: `--SCAN bank_holidays
SELECT id, login, name, organisation, role, admin, active, uid FROM staff WHERE login = :login;
-- plan: `--SEARCH staff USING INDEX sqlite_autoindex_staff_1 (login=?)
SELECT 0 AS id WHERE EXISTS (SELECT 1 FROM cases WHERE procedure_id IS NULL) UNION SELECT procedure_id FROM cases WHERE procedure_id IS NOT NULL ORDER BY id;
-- plan: `--MERGE (UNION)
-- plan:    |--LEFT
-- plan:    |  |--SCAN CONSTANT ROW
-- plan:    |  `--SCALAR SUBQUERY 1
-- plan:    |     `--SCAN cases
-- plan:    `--RIGHT
-- plan:       `--SEARCH cases USING COVERING INDEX cases_pinned (procedure_id>?)
SELECT g.level, g.la_id, la.name, t.name, g.n, g.number, g.urgent FROM (  SELECT e.level_after AS level, c.la_id AS la_id, ct.theme_id AS theme_id,   COUNT(*) AS n, SUM(ct.theme_id IS c.first_theme_id) AS number,   SUM(e.level_after = :urgent AND c.urgent AND ct.theme_id IS c.first_theme_id)   AS urgent  FROM events e JOIN cases c ON c.id = e.case_id  LEFT JOIN case_themes ct ON ct.case_id = e.case_id  WHERE (e.kind = 'opened' OR e.kind = 'escalated' OR e.kind = 'urgent')    AND e.at >= :from AND e.at < :end  GROUP BY 1, 2, 3) g JOIN local_authorities la ON la.id = g.la_id LEFT JOIN themes t ON t.id = g.theme_id ORDER BY g.level, la.name, g.n DESC, t.name;
-- plan: |--MATERIALIZE g
-- plan: |  |--SEARCH e USING COVERING INDEX events_reached (at>? AND at<?)
-- plan: |  |--SEARCH c USING INTEGER PRIMARY KEY (rowid=?)
-- plan: |  |--SEARCH ct USING PRIMARY KEY (case_id=?) LEFT-JOIN
-- plan: |  `--USE TEMP B-TREE FOR GROUP BY
-- plan: |--SCAN g
-- plan: |--SEARCH la USING INTEGER PRIMARY KEY (rowid=?)
-- plan: |--SEARCH t USING INTEGER PRIMARY KEY (rowid=?) LEFT-JOIN
-- plan: `--USE TEMP B-TREE FOR ORDER BY
SELECT level_after, COUNT(DISTINCT case_id) FROM events WHERE (kind = 'resolved' OR kind = 'withdrawn') AND kind = 'resolved'   AND at >= :from AND at < :end GROUP BY level_after;
-- plan: |--SEARCH events USING COVERING INDEX events_closed (at>? AND at<?)
-- plan: |--USE TEMP B-TREE FOR GROUP BY
-- plan: `--USE TEMP B-TREE FOR count(DISTINCT)
SELECT COUNT(*) < (SELECT COALESCE(MAX(id), 0) FROM cases) / 32 + 1 FROM (  SELECT 1 FROM events   WHERE (kind = 'opened' OR kind = 'escalated' OR kind = 'urgent') AND at >= :end  LIMIT (SELECT COALESCE(MAX(id), 0) FROM cases) / 32 + 1);
-- plan: |--CO-ROUTINE (subquery-3)
-- plan: |  |--SCALAR SUBQUERY 2
-- plan: |  |  `--SEARCH cases
-- plan: |  `--SEARCH events USING COVERING INDEX events_reached (at>?)
-- plan: |--SCAN (subquery-3)
-- plan: `--SCALAR SUBQUERY 1
-- plan:    `--SEARCH cases
WITH changed(case_id) AS (  SELECT case_id FROM events   WHERE (kind = 'opened' OR kind = 'escalated' OR kind = 'urgent') AND at >= :end  UNION SELECT case_id FROM events   WHERE (kind = 'resolved' OR kind = 'withdrawn') AND at >= :end  UNION SELECT id FROM cases WHERE state = 1 AND level_since >= :end)SELECT COUNT(*), COALESCE(SUM(due < :to), 0) FROM (  SELECT c.state AS state, c.level_due AS due FROM cases c   WHERE c.state = 1 AND c.level_since < :end AND c.id NOT IN changed  UNION ALL  SELECT (SELECT e.state_after FROM events e WHERE e.case_id = c.id AND e.at < :end          ORDER BY e.seq DESC LIMIT 1),         (SELECT e.level_due FROM events e WHERE e.case_id = c.id AND e.at < :end          ORDER BY e.seq DESC LIMIT 1)   FROM changed ch CROSS JOIN cases c WHERE c.id = ch.case_id AND c.opened_at < :end) WHERE state = 1;
-- plan: |--CO-ROUTINE (subquery-8)
-- plan: |  `--COMPOUND QUERY
-- plan: |     |--LEFT-MOST SUBQUERY
-- plan: |     |  |--SEARCH c USING COVERING INDEX cases_open_since (state=? AND level_since<?)
-- plan: |     |  `--LIST SUBQUERY 4
-- plan: |     |     |--MATERIALIZE changed
-- plan: |     |     |  `--COMPOUND QUERY
-- plan: |     |     |     |--LEFT-MOST SUBQUERY
-- plan: |     |     |     |  `--SEARCH events USING COVERING INDEX events_reached (at>?)
-- plan: |     |     |     |--UNION USING TEMP B-TREE
-- plan: |     |     |     |  `--SEARCH events USING COVERING INDEX events_closed (at>?)
-- plan: |     |     |     `--UNION USING TEMP B-TREE
-- plan: |     |     |        `--SEARCH cases USING COVERING INDEX cases_open_since (state=? AND level_since>?)
-- plan: |     |     `--SCAN changed
-- plan: |     `--UNION ALL
-- plan: |        |--SCAN ch
-- plan: |        |--SEARCH c USING INTEGER PRIMARY KEY (rowid=?)
-- plan: |        |--CORRELATED SCALAR SUBQUERY 6
-- plan: |        |  `--SEARCH e USING INDEX sqlite_autoindex_events_1 (case_id=?)
-- plan: |        |--CORRELATED SCALAR SUBQUERY 6
-- plan: |        |  `--SEARCH e USING INDEX sqlite_autoindex_events_1 (case_id=?)
-- plan: |        `--CORRELATED SCALAR SUBQUERY 7
-- plan: |           `--SEARCH e USING INDEX sqlite_autoindex_events_1 (case_id=?)
-- plan: `--SCAN (subquery-8)
SELECT COUNT(DISTINCT e.case_id) FROM events e WHERE (e.kind = 'opened' OR e.kind = 'escalated' OR e.kind = 'urgent')   AND e.at >= :from AND e.at < :end;
-- plan: |--USE TEMP B-TREE FOR count(DISTINCT)
-- plan: `--SEARCH e USING COVERING INDEX events_reached (at>? AND at<?)
SELECT la.name, t.name, g.n FROM (  SELECT c.la_id AS la_id, ct.theme_id AS theme_id, COUNT(DISTINCT e.case_id) AS n  FROM events e JOIN cases c ON c.id = e.case_id  JOIN case_themes ct ON ct.case_id = e.case_id  WHERE (e.kind = 'opened' OR e.kind = 'escalated' OR e.kind = 'urgent')    AND e.at >= :from AND e.at < :end  GROUP BY 1, 2) g JOIN local_authorities la ON la.id = g.la_id JOIN themes t ON t.id = g.theme_id ORDER BY la.name, t.name;
-- plan: |--MATERIALIZE g
-- plan: |  |--SEARCH e USING COVERING INDEX events_reached (at>? AND at<?)
-- plan: |  |--SEARCH c USING INTEGER PRIMARY KEY (rowid=?)
-- plan: |  |--SEARCH ct USING PRIMARY KEY (case_id=?)
-- plan: |  |--USE TEMP B-TREE FOR GROUP BY
-- plan: |  `--USE TEMP B-TREE FOR count(DISTINCT)
-- plan: |--SCAN g
-- plan: |--SEARCH la USING INTEGER PRIMARY KEY (rowid=?)
-- plan: |--SEARCH t USING INTEGER PRIMARY KEY (rowid=?)
-- plan: `--USE TEMP B-TREE FOR ORDER BY
SELECT count(*) FROM events;
-- plan: `--SCAN events USING COVERING INDEX sqlite_autoindex_events_1
SELECT hash FROM events ORDER BY id LIMIT 1 OFFSET :n - 1;
-- plan: `--SCAN events
SELECT count(*) FROM staff_history;
-- plan: `--SCAN staff_history
SELECT hash FROM staff_history ORDER BY id LIMIT 1 OFFSET :n - 1;
-- plan: `--SCAN staff_history
SELECT count(*) FROM config_history;
-- plan: `--SCAN config_history USING COVERING INDEX config_history_item
SELECT hash FROM config_history ORDER BY id LIMIT 1 OFFSET :n - 1;
-- plan: `--SCAN config_history
