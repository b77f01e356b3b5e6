/* Bulk-load set-up of the generator's own connection.  The rows still go
 * through the product's insert path (case_open_in_tx, case_record_in_tx, the
 * schema's triggers); what changes is only how this one connection writes:
 *
 * - no rollback journal and no fsync: a failed generation is thrown away
 *   whole, never recovered;
 * - the read indexes that the insert path never reads are dropped for the
 *   load and created again after it, exactly as the schema wrote them (the
 *   SQL is read back from sqlite_schema): one CREATE INDEX sorts its entries
 *   once, where the load would have updated each index once per row.
 *
 * The indexes the insert path does read stay: the primary keys, the UNIQUE
 * constraints (reference numbers, the (case, seq) sequence), actions_case
 * (a case that moves re-reads its actions at the new level for
 * live_actions, 004_live_actions.sql) and live_actions' own two. */
#include "gen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escalate/store.h"

/* Read-side indexes of the schema (001, 002 and 004) that no statement of the
 * insert path uses; each with its DROP as a constant, since an index name
 * cannot be a bound parameter. */
static const struct {
	const char *name;
	const char *drop;
} load_free[] = {
    {"cases_open_due", "DROP INDEX cases_open_due"},
    {"cases_open_since", "DROP INDEX cases_open_since"},
    {"cases_level", "DROP INDEX cases_level"},
    {"cases_level_since", "DROP INDEX cases_level_since"},
    {"cases_la", "DROP INDEX cases_la"},
    {"cases_owner", "DROP INDEX cases_owner"},
    {"cases_opened", "DROP INDEX cases_opened"},
    {"cases_since", "DROP INDEX cases_since"},
    {"cases_la_since", "DROP INDEX cases_la_since"},
    {"cases_open_opened", "DROP INDEX cases_open_opened"},
    {"cases_owed", "DROP INDEX cases_owed"},
    {"case_themes_theme", "DROP INDEX case_themes_theme"},
    {"events_reached", "DROP INDEX events_reached"},
    {"events_closed", "DROP INDEX events_closed"},
    {"events_pattern", "DROP INDEX events_pattern"},
    {"actions_event", "DROP INDEX actions_event"},
    {"actions_owner", "DROP INDEX actions_owner"},
};
#define NLOAD_FREE (sizeof load_free / sizeof load_free[0])

void gen_load_free(gen_load *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->create[i]);
	free(l->create);
	*l = (gen_load){0};
}

/* The CREATE INDEX text of one index, NULL (err filled) if there is none. */
static char *index_sql(esc_db *db, const char *name, esc_error *err)
{
	sqlite3_stmt *st = store_prepare(
	    db, "SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = :name", err);
	if (!st || store_bind_text(st, ":name", name, err))
		return NULL;
	int rc = store_step(db, st, err);
	char *sql = rc == SQLITE_ROW ? strdup(store_col_text(st, 0)) : NULL;
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		esc_fail(err, ESC_ESCHEMA, "", "index %s is not in the schema (update gen_load.c)",
		         name);
	else if (rc == SQLITE_ROW && !sql)
		esc_fail(err, ESC_EINTERNAL, "", "out of memory");
	return sql;
}

/* Says which other indexes the load keeps maintaining (a new read index
 * should join load_free, or the load pays for it row by row). */
static esc_status note_kept(esc_db *db, esc_error *err)
{
	sqlite3_stmt *st = store_prepare(
	    db, "SELECT name FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL", err);
	if (!st)
		return err->status;
	int rc;
	while ((rc = store_step(db, st, err)) == SQLITE_ROW)
		fprintf(stderr, "generate: note: index %s is kept during the load\n",
		        store_col_text(st, 0));
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ESC_OK : err->status;
}

esc_status gen_load_begin(esc_db *db, gen_load *l, esc_error *err)
{
	*l = (gen_load){.create = calloc(NLOAD_FREE, sizeof *l->create)};
	if (!l->create)
		return esc_fail(err, ESC_EINTERNAL, "", "out of memory");
	if (store_exec(db, "PRAGMA journal_mode = OFF", err) != ESC_OK ||
	    store_exec(db, "PRAGMA synchronous = OFF", err) != ESC_OK ||
	    store_begin(db, err) != ESC_OK)
		return err->status;
	for (size_t i = 0; i < NLOAD_FREE; i++) {
		if (!(l->create[i] = index_sql(db, load_free[i].name, err)) ||
		    store_exec(db, load_free[i].drop, err) != ESC_OK) {
			store_rollback(db);
			return err->status;
		}
		l->n++;
	}
	if (note_kept(db, err) != ESC_OK) {
		store_rollback(db);
		return err->status;
	}
	return store_commit(db, err);
}

esc_status gen_load_end(esc_db *db, gen_load *l, esc_error *err)
{
	/* CREATE INDEX sorts; let the sorter use both cores. */
	if (store_exec(db, "PRAGMA threads = 2", err) != ESC_OK || store_begin(db, err) != ESC_OK)
		return err->status;
	for (size_t i = 0; i < l->n; i++) {
		if (store_exec(db, l->create[i], err) != ESC_OK) {
			store_rollback(db);
			return err->status;
		}
	}
	if (store_commit(db, err) != ESC_OK)
		return err->status;
	/* Hand the file over as the product keeps it (WAL, full sync). */
	if (store_exec(db, "PRAGMA journal_mode = WAL", err) != ESC_OK ||
	    store_exec(db, "PRAGMA synchronous = FULL", err) != ESC_OK)
		return err->status;
	return ESC_OK;
}
