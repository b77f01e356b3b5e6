-- list-theme: escalate list --theme Case closed / stepped down
-- data: 1000000 cases
-- The statements the real binary runs, in order (captured by bench/sqltrace.c),
-- each with its EXPLAIN QUERY PLAN.  bench/run.sh checks they are unchanged;
-- bench/run.sh --update-sql rewrites this file.

PRAGMA foreign_keys = ON;
PRAGMA trusted_schema = OFF;
PRAGMA user_version;
SELECT day FROM bank_holidays ORDER BY day;
-- plan: `--SCAN bank_holidays
SELECT id, login, name, organisation, role, admin, active FROM staff WHERE login = :login;
-- plan: `--SEARCH staff USING INDEX sqlite_autoindex_staff_1 (login=?)
SELECT c.id, c.last_seq, c.ref, c.uuid, c.state, c.level, c.child_id, la.name, coalesce(t.name, ''), s.login, c.opened_at, c.level_since, c.level_due, c.urgent, (c.owed_designated OR c.owed_chair), c.updated_at  FROM (SELECT c.id FROM cases c WHERE c.state = 1 AND EXISTS (SELECT 1 FROM case_themes ct WHERE ct.case_id = c.id AND ct.theme_id = (SELECT id FROM themes WHERE name = :theme)) ORDER BY c.level_since, c.id LIMIT :limit OFFSET :offset) AS page JOIN cases c ON c.id = page.id JOIN local_authorities la ON la.id = c.la_id JOIN staff s ON s.id = c.owner_id LEFT JOIN themes t ON t.id = c.first_theme_id  ORDER BY c.level_since, c.id;
-- plan: |--MATERIALIZE page
-- plan: |  |--SEARCH c USING COVERING INDEX cases_open_since (state=?)
-- plan: |  `--CORRELATED SCALAR SUBQUERY 2
-- plan: |     |--SEARCH ct USING PRIMARY KEY (case_id=? AND theme_id=?)
-- plan: |     `--SCALAR SUBQUERY 1
-- plan: |        `--SEARCH themes USING COVERING INDEX sqlite_autoindex_themes_1 (name=?)
-- plan: |--SCAN page
-- plan: |--SEARCH c USING INTEGER PRIMARY KEY (rowid=?)
-- plan: |--SEARCH la USING INTEGER PRIMARY KEY (rowid=?)
-- plan: |--SEARCH s USING INTEGER PRIMARY KEY (rowid=?)
-- plan: |--SEARCH t USING INTEGER PRIMARY KEY (rowid=?) LEFT-JOIN
-- plan: `--USE TEMP B-TREE FOR ORDER BY
