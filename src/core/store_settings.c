/* Settings and the acting person of a store handle.  A setting is part of
 * the configuration: every change is also a configuration history row. */
#include "escalate/store.h"
#include "escalate/civil.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "escalate/calendar.h"
#include "escalate/config_history.h"
#include "store_int.h"

void store_set_actor(esc_db *db, long long staff_id, store_clock_fn now, const void *ctx)
{
	db->actor = staff_id;
	db->clock = now;
	db->clock_ctx = ctx;
	/* identified: this connection may checkpoint on close again (store_open) */
	if (staff_id > 0)
		sqlite3_db_config(db->h, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 0, NULL);
}

long long store_actor(const esc_db *db)
{
	return db->actor;
}

void store_now(const esc_db *db, char *out)
{
	if (db->clock)
		db->clock(db->clock_ctx, out);
	else
		esc_timestamp_format(time(NULL), out);
}

esc_status store_setting_get(esc_db *db, const char *key, char *out, size_t outsz, esc_error *err)
{
	sqlite3_stmt *st = store_prepare(db, "SELECT value FROM settings WHERE key = :key", err);
	if (!st || store_bind_text(st, ":key", key, err))
		return err->status;
	int rc = store_step(db, st, err);
	if (rc < 0)
		return err->status;
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return esc_fail(err, ESC_ENOTFOUND, key, "no setting %s", key);
	}
	snprintf(out, outsz, "%s", store_col_text(st, 0));
	sqlite3_reset(st);
	return ESC_OK;
}

esc_status store_setting_set(esc_db *db, const char *key, const char *value, esc_error *err)
{
	char old[1024];
	esc_error none = {0};
	bool had = store_setting_get(db, key, old, sizeof old, &none) == ESC_OK;
	if (!had && none.status != ESC_ENOTFOUND) {
		*err = none;
		return err->status;
	}
	if (config_history_record(db, ESC_CONFIG_SETTING, key, had ? old : NULL, value, err))
		return err->status;
	sqlite3_stmt *st = store_prepare(db,
	                                 "INSERT INTO settings(key, value) VALUES (:key, :value) "
	                                 "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
	                                 err);
	if (!st || store_bind_text(st, ":key", key, err) ||
	    store_bind_text(st, ":value", value, err))
		return err->status;
	return store_exec_stmt(db, st, err);
}
