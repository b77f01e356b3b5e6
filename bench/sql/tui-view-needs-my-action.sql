-- tui-view-needs-my-action: escalate (interface) tui-view needs my action
-- data: 1000000 cases
-- The statements the real binary runs, in order (captured by bench/sqltrace.c),
-- each with its EXPLAIN QUERY PLAN.  bench/run.sh checks they are unchanged;
-- bench/run.sh --update-sql rewrites this file.

SELECT count(*) FROM cases c WHERE c.state = 1 AND c.state = 1 AND ((c.owner_id = :me AND c.level_due < :today) OR EXISTS (SELECT 1 FROM actions a WHERE a.case_id = c.id AND a.level = c.level AND a.due <= :today AND (a.owner = :mylogin OR a.owner = :myname)) OR ((c.owed_designated OR c.owed_chair) AND (c.owner_id = :me OR :myrole >= 2)));
-- plan: |--SEARCH c USING INDEX cases_level (state=?)
-- plan: `--CORRELATED SCALAR SUBQUERY 1
-- plan:    `--SEARCH a USING INDEX actions_case (case_id=? AND level=? AND due<?)
SELECT c.id, c.last_seq, c.ref, c.uuid, c.state, c.level, c.child_id, la.name, coalesce(t.name, ''), s.login, c.opened_at, c.level_since, c.level_due, c.urgent, (c.owed_designated OR c.owed_chair), c.updated_at  FROM cases c JOIN local_authorities la ON la.id = c.la_id JOIN staff s ON s.id = c.owner_id LEFT JOIN themes t ON t.id = c.first_theme_id  WHERE c.state = 1 AND c.state = 1 AND ((c.owner_id = :me AND c.level_due < :today) OR EXISTS (SELECT 1 FROM actions a WHERE a.case_id = c.id AND a.level = c.level AND a.due <= :today AND (a.owner = :mylogin OR a.owner = :myname)) OR ((c.owed_designated OR c.owed_chair) AND (c.owner_id = :me OR :myrole >= 2))) ORDER BY c.level_since, c.id LIMIT :limit OFFSET :offset;
-- plan: |--SEARCH c USING INDEX cases_open_since (state=?)
-- plan: |--CORRELATED SCALAR SUBQUERY 1
-- plan: |  `--SEARCH a USING INDEX actions_case (case_id=? AND level=? AND due<?)
-- plan: |--SEARCH la USING INTEGER PRIMARY KEY (rowid=?)
-- plan: |--SEARCH s USING INTEGER PRIMARY KEY (rowid=?)
-- plan: `--SEARCH t USING INTEGER PRIMARY KEY (rowid=?) LEFT-JOIN
