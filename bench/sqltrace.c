/* bench/libsqltrace.so: an LD_PRELOAD shim that records every statement the
 * real escalate binary runs, so the benchmark compares the product with the
 * sqlite3 shell on exactly the SQL the product sends to the engine (never a
 * hand-copied approximation that could drift from src/core).
 *
 *   ESCALATE_SQL_LOG=FILE LD_PRELOAD=.../libsqltrace.so escalate ...
 *
 * For each statement, on its first step after a reset, appends to FILE:
 *   SQL <bytes>\n<text with :params>\nEXP <bytes>\n<text with values>\n
 * Benchmark tooling only: never linked into escalate. */
#include <dlfcn.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef int (*step_fn)(sqlite3_stmt *);

static void record(sqlite3_stmt *st, const char *path)
{
	FILE *f = fopen(path, "a");
	if (!f)
		return;
	const char *sql = sqlite3_sql(st);
	char *expanded = sqlite3_expanded_sql(st);
	if (!sql)
		sql = "";
	fprintf(f, "SQL %zu\n%s\nEXP %zu\n%s\n", strlen(sql), sql,
	        expanded ? strlen(expanded) : strlen(sql), expanded ? expanded : sql);
	sqlite3_free(expanded);
	fclose(f);
}

int sqlite3_step(sqlite3_stmt *st)
{
	step_fn real = (step_fn)dlsym(RTLD_NEXT, "sqlite3_step");
	const char *path = getenv("ESCALATE_SQL_LOG");
	if (!real)
		return SQLITE_MISUSE;
	if (path && *path && st && !sqlite3_stmt_busy(st))
		record(st, path);
	return real(st);
}
