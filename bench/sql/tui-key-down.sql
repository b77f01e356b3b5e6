-- tui-key-down: escalate (interface) tui-key-down (j)
-- data: 1000000 cases
-- The statements the real binary runs, in order (captured by bench/sqltrace.c),
-- each with its EXPLAIN QUERY PLAN.  bench/run.sh checks they are unchanged;
-- bench/run.sh --update-sql rewrites this file.

