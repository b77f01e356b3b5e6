-- tui-cold-start: escalate (interface) tui-cold-start
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
SELECT count(*) FROM (SELECT 1 FROM cases c WHERE c.state = 1 LIMIT :cap);
-- plan: |--CO-ROUTINE (subquery-1)
-- plan: |  `--SEARCH c USING COVERING INDEX cases_open_opened (state=?)
-- plan: `--SCAN (subquery-1)
SELECT value FROM settings WHERE key = :key;
-- plan: `--SEARCH settings USING PRIMARY KEY (key=?)
SELECT value FROM settings WHERE key = :key;
-- plan: `--SEARCH settings USING PRIMARY KEY (key=?)
SELECT la.name, t.name, g.n, COALESCE(i.k, 0) AS informed FROM (  SELECT c.la_id AS la_id, ct.theme_id AS theme_id, COUNT(*) AS n  FROM cases c JOIN case_themes ct ON ct.case_id = c.id  WHERE c.state = 1 AND c.opened_at >= :since  GROUP BY +c.la_id, ct.theme_id HAVING n >= :threshold) g LEFT JOIN (  SELECT p.pattern_la_id AS la_id, p.pattern_theme_id AS theme_id,   COUNT(DISTINCT p.case_id) AS k  FROM events p CROSS JOIN cases c  WHERE p.notify = 'pattern' AND c.id = p.case_id AND c.la_id = p.pattern_la_id    AND c.state = 1 AND c.opened_at >= :since    AND EXISTS (SELECT 1 FROM case_themes x                WHERE x.case_id = c.id AND x.theme_id = p.pattern_theme_id)  GROUP BY 1, 2) i ON i.la_id = g.la_id AND i.theme_id = g.theme_id JOIN local_authorities la ON la.id = g.la_id JOIN themes t ON t.id = g.theme_id WHERE COALESCE(i.k, 0) < g.n ORDER BY g.n DESC, la.name, t.name;
-- plan: |--CO-ROUTINE g
-- plan: |  |--SEARCH c USING COVERING INDEX cases_open_opened (state=? AND opened_at>?)
-- plan: |  |--SEARCH ct USING PRIMARY KEY (case_id=?)
-- plan: |  `--USE TEMP B-TREE FOR GROUP BY
-- plan: |--MATERIALIZE i
-- plan: |  |--SCAN p USING INDEX events_pattern
-- plan: |  |--SEARCH c USING INTEGER PRIMARY KEY (rowid=?)
-- plan: |  |--CORRELATED SCALAR SUBQUERY 2
-- plan: |  |  `--SEARCH x USING PRIMARY KEY (case_id=? AND theme_id=?)
-- plan: |  |--USE TEMP B-TREE FOR GROUP BY
-- plan: |  `--USE TEMP B-TREE FOR count(DISTINCT)
-- plan: |--SCAN g
-- plan: |--SEARCH la USING INTEGER PRIMARY KEY (rowid=?)
-- plan: |--SEARCH t USING INTEGER PRIMARY KEY (rowid=?)
-- plan: |--SEARCH i USING AUTOMATIC COVERING INDEX (la_id=? AND theme_id=?) LEFT-JOIN
-- plan: `--USE TEMP B-TREE FOR ORDER BY
SELECT c.id, c.last_seq, c.ref, c.uuid, c.state, c.level, c.child_id, la.name, coalesce(t.name, ''), s.login, c.opened_at, c.level_since, c.level_due, c.urgent, (c.owed_designated OR c.owed_chair), c.updated_at  FROM (SELECT c.id FROM cases c WHERE c.state = 1 ORDER BY c.level_since, c.id LIMIT :limit OFFSET :offset) AS page JOIN cases c ON c.id = page.id JOIN local_authorities la ON la.id = c.la_id JOIN staff s ON s.id = c.owner_id LEFT JOIN themes t ON t.id = c.first_theme_id  ORDER BY c.level_since, c.id;
-- plan: |--MATERIALIZE page
-- plan: |  `--SEARCH c USING COVERING INDEX cases_open_since (state=?)
-- plan: |--SCAN page
-- plan: |--SEARCH c USING INTEGER PRIMARY KEY (rowid=?)
-- plan: |--SEARCH la USING INTEGER PRIMARY KEY (rowid=?)
-- plan: |--SEARCH s USING INTEGER PRIMARY KEY (rowid=?)
-- plan: |--SEARCH t USING INTEGER PRIMARY KEY (rowid=?) LEFT-JOIN
-- plan: `--USE TEMP B-TREE FOR ORDER BY
