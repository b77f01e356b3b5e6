/* Changes by other processes (live.h). */
#include "escalate/live.h"

#include <string.h>

/* The newest row of every append-only table that a screen's content comes
 * from: events (every case's history, amendments included), agreed actions
 * done or dropped, purges, staff changes and configuration changes.  The
 * access log is left out on purpose (live.h).  Each is a rowid maximum: one
 * step down a b-tree, whatever the size of the table. */
static const char MARKS_SQL[] = "SELECT (SELECT max(id) FROM events), "
                                "(SELECT max(id) FROM action_updates), "
                                "(SELECT max(id) FROM purges), "
                                "(SELECT max(id) FROM staff_history), "
                                "(SELECT max(id) FROM config_history)";

static esc_status read_version(esc_db *db, int64_t *v, esc_error *err)
{
	sqlite3_stmt *st = store_prepare(db, "PRAGMA data_version", err);
	if (!st)
		return err->status;
	int rc = store_step(db, st, err);
	if (rc == SQLITE_ROW)
		*v = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? ESC_OK
	       : rc < 0         ? err->status
	                        : esc_fail(err, ESC_ESTORAGE, "", "data_version gave no row");
}

static esc_status read_marks(esc_db *db, int64_t marks[5], esc_error *err)
{
	sqlite3_stmt *st = store_prepare(db, MARKS_SQL, err);
	if (!st)
		return err->status;
	int rc = store_step(db, st, err);
	if (rc == SQLITE_ROW)
		for (int i = 0; i < 5; i++)
			marks[i] = sqlite3_column_int64(st, i);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? ESC_OK
	       : rc < 0         ? err->status
	                        : esc_fail(err, ESC_ESTORAGE, "", "the history marks gave no row");
}

esc_status live_poll(esc_db *db, esc_live *l, bool *changed, esc_error *err)
{
	int64_t v = 0, marks[5] = {0};
	*changed = false;
	if (read_version(db, &v, err) != ESC_OK)
		return err->status;
	if (l->primed && v == l->data_version)
		return ESC_OK;
	if (read_marks(db, marks, err) != ESC_OK)
		return err->status;
	*changed = l->primed && memcmp(marks, l->marks, sizeof marks) != 0;
	l->primed = true;
	l->data_version = v;
	memcpy(l->marks, marks, sizeof marks);
	return ESC_OK;
}

esc_status live_case_seen(esc_db *db, long long id, esc_seen *now, esc_error *err)
{
	sqlite3_stmt *st =
	    store_prepare(db, "SELECT level, state, last_seq FROM cases WHERE id = :id", err);
	if (!st || store_bind_int(st, ":id", id, err))
		return err->status;
	int rc = store_step(db, st, err);
	if (rc == SQLITE_ROW)
		*now = (esc_seen){.level = sqlite3_column_int(st, 0),
		                  .state = (esc_state)sqlite3_column_int(st, 1),
		                  .seq = sqlite3_column_int64(st, 2)};
	sqlite3_reset(st);
	if (rc < 0)
		return err->status;
	return rc == SQLITE_ROW
	           ? ESC_OK
	           : esc_fail(err, ESC_ENOTFOUND, "case", "case: no case with id %lld", id);
}
