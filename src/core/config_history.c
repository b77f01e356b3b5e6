/* The configuration history (config_history.h).  Hashes are computed by SQL
 * on the stored values (esc_hash), at insert and at verification alike. */
#include "escalate/config_history.h"

#include <stdio.h>
#include <string.h>

#include "escalate/calendar.h"

/* The configuration in force, one row per entry (item, key, value); the
 * baseline in 007_security.sql reads it with the same expressions. */
#define CONFIG_STATE_SQL                                                                           \
	"SELECT 'theme' AS item, name AS key, "                                                    \
	"CASE active WHEN 1 THEN 'active' ELSE 'removed' END AS value FROM themes "                \
	"UNION ALL SELECT 'local authority', name, "                                               \
	"CASE active WHEN 1 THEN 'active' ELSE 'removed' END FROM local_authorities "              \
	"UNION ALL SELECT 'timescale', CAST(level AS TEXT), CAST(working_days AS TEXT) "           \
	"FROM timescales "                                                                         \
	"UNION ALL SELECT 'holiday', day, 'holiday' FROM bank_holidays "                           \
	"UNION ALL SELECT 'setting', key, value FROM settings"

static bool has_history(esc_db *db)
{
	return sqlite3_table_column_metadata(store_handle(db), "main", "config_history", "hash",
	                                     NULL, NULL, NULL, NULL, NULL) == SQLITE_OK;
}

esc_status config_history_head(esc_db *db, long long *rows, char head[65], esc_error *err)
{
	*rows = 0;
	head[0] = '\0';
	if (!has_history(db))
		return ESC_OK;
	sqlite3_stmt *st =
	    store_prepare(db,
	                  "SELECT (SELECT count(*) FROM config_history), "
	                  "(SELECT hash FROM config_history ORDER BY id DESC LIMIT 1)",
	                  err);
	if (!st || store_step(db, st, err) != SQLITE_ROW)
		return err->status;
	*rows = sqlite3_column_int64(st, 0);
	snprintf(head, 65, "%s", store_col_text(st, 1));
	sqlite3_reset(st);
	return ESC_OK;
}

esc_status config_history_record(esc_db *db, const char *item, const char *key,
                                 const char *old_value, const char *new_value, esc_error *err)
{
	if ((!old_value && !new_value) ||
	    (old_value && new_value && strcmp(old_value, new_value) == 0) || !has_history(db))
		return ESC_OK;
	char prev[65], now[ESC_TS_LEN + 1];
	long long rows;
	if (config_history_head(db, &rows, prev, err) != ESC_OK)
		return err->status;
	store_now(db, now);
	long long actor = store_actor(db);
	const char *change = !old_value ? "added" : !new_value ? "removed" : "changed";
	sqlite3_stmt *st = store_prepare(
	    db,
	    "INSERT INTO config_history(" ESC_HASHED_CONFIG_HISTORY_COLUMNS ", prev_hash, hash) "
	    "SELECT " ESC_HASHED_CONFIG_HISTORY_COLUMNS ", prev, "
	    "esc_hash(prev, " ESC_HASHED_CONFIG_HISTORY_COLUMNS ") FROM (SELECT :at AS at, "
	    ":actor AS actor_id, :item AS item, :key AS key, :change AS change, :old AS old_value, "
	    ":new AS new_value, :prev AS prev)",
	    err);
	if (!st || store_bind_text(st, ":at", now, err) ||
	    (actor > 0 ? store_bind_int(st, ":actor", actor, err)
	               : store_bind_null(st, ":actor", err)) ||
	    store_bind_text(st, ":item", item, err) || store_bind_text(st, ":key", key, err) ||
	    store_bind_text(st, ":change", change, err) ||
	    store_bind_text(st, ":old", old_value, err) ||
	    store_bind_text(st, ":new", new_value, err) || store_bind_text(st, ":prev", prev, err))
		return err->status;
	return store_exec_stmt(db, st, err);
}

esc_status config_history_each(esc_db *db, esc_config_change_cb cb, void *ctx, esc_error *err)
{
	if (!has_history(db))
		return ESC_OK;
	sqlite3_stmt *st = store_prepare(
	    db,
	    "SELECT h.id, h.at, coalesce(s.login, ''), h.item, h.key, h.change, h.old_value, "
	    "h.new_value FROM config_history h LEFT JOIN staff s ON s.id = h.actor_id ORDER BY "
	    "h.id",
	    err);
	if (!st)
		return err->status;
	int rc;
	while ((rc = store_step(db, st, err)) == SQLITE_ROW) {
		esc_config_change c = {
		    .id = sqlite3_column_int64(st, 0),
		    .at = store_col_text(st, 1),
		    .actor = store_col_text(st, 2),
		    .item = store_col_text(st, 3),
		    .key = store_col_text(st, 4),
		    .change = store_col_text(st, 5),
		    .old_value =
		        sqlite3_column_type(st, 6) == SQLITE_NULL ? NULL : store_col_text(st, 6),
		    .new_value =
		        sqlite3_column_type(st, 7) == SQLITE_NULL ? NULL : store_col_text(st, 7),
		};
		if (!cb(&c, ctx))
			break;
	}
	sqlite3_reset(st);
	return rc < 0 ? err->status : ESC_OK;
}

esc_status config_history_verify(esc_db *db, esc_verify_report *out, esc_error *err)
{
	if (!has_history(db))
		return ESC_OK;
	char prev[65] = "";
	sqlite3_stmt *st = store_prepare(
	    db,
	    "SELECT id, prev_hash, hash, esc_hash(prev_hash, " ESC_HASHED_CONFIG_HISTORY_COLUMNS
	    ") FROM config_history ORDER BY id",
	    err);
	if (!st)
		return err->status;
	int rc;
	while ((rc = store_step(db, st, err)) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(st, 0);
		out->config_history++;
		const char *problem = NULL;
		audit_link link = audit_chain_link(st, 1, prev);
		if (link == LINK_MOVED)
			problem =
			    "does not follow the previous row (a row was removed or inserted)";
		else if (link == LINK_CHANGED)
			problem = "was changed after it was written (its hash does not match)";
		if (problem && !out->first_broken_config_row) {
			out->first_broken_config_row = id;
			if (!out->problem[0])
				snprintf(out->problem, sizeof out->problem,
				         "configuration history row %lld %s", id, problem);
		}
	}
	sqlite3_reset(st);
	if (rc < 0)
		return err->status;

	/* Entries in force that their history does not leave, and the other way
	 * round: a change made behind escalate's back. */
	st = store_prepare(
	    db,
	    "WITH recorded AS (SELECT item, key, new_value AS value FROM config_history h "
	    "WHERE id = (SELECT max(x.id) FROM config_history x WHERE x.item = h.item AND "
	    "x.key = h.key) AND new_value IS NOT NULL), "
	    "now AS (" CONFIG_STATE_SQL ") "
	    "SELECT item, key FROM (SELECT * FROM now EXCEPT SELECT * FROM recorded) "
	    "UNION SELECT item, key FROM (SELECT * FROM recorded EXCEPT SELECT * FROM now) "
	    "ORDER BY 1, 2",
	    err);
	if (!st)
		return err->status;
	while ((rc = store_step(db, st, err)) == SQLITE_ROW) {
		if (!out->inconsistent_config++ && !out->problem[0])
			snprintf(out->problem, sizeof out->problem,
			         "configuration: the %s '%.200s' in force is not what its history "
			         "records (changed behind escalate's back)",
			         store_col_text(st, 0), store_col_text(st, 1));
	}
	sqlite3_reset(st);
	return rc < 0 ? err->status : ESC_OK;
}
