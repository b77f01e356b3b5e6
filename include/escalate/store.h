/* A thin SQLite wrapper in the manner of fossil's db.c: prepared statements
 * with named :params (an unknown name is an error), cached per handle,
 * transactions through one helper, schema version in PRAGMA user_version
 * with migrations as an ordered array (the SQL lives in data/). */
#ifndef ESCALATE_STORE_H
#define ESCALATE_STORE_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "escalate/error.h"

typedef struct esc_db esc_db;

enum {
	ESC_OPEN_CREATE = 1u << 0,   /* create the file (0600) and schema if absent */
	ESC_OPEN_READONLY = 1u << 1, /* reads only */
	ESC_OPEN_TEAM = 1u << 2,     /* team database: file 0660 in a setgid group dir */
};

#define ESC_BUSY_TIMEOUT_MS 5000

/* The schema version this build writes; a file with a higher user_version is
 * refused with ESC_ESCHEMA. */
int store_schema_version(void);

/* Opens (and with ESC_OPEN_CREATE, creates and migrates) the database at path.
 * Refuses a world-writable file, or one group-writable by a group other than
 * team_gid (pass (gid_t)-1 when there is no team group), with ESC_EUNSAFE.
 * A missing file without ESC_OPEN_CREATE gives ESC_ENODB. */
esc_status store_open(const char *path, unsigned flags, long team_gid, esc_db **out,
                      esc_error *err);
void store_close(esc_db *db);
sqlite3 *store_handle(esc_db *db);
const char *store_path(const esc_db *db);
/* True when opened with ESC_OPEN_READONLY. */
bool store_readonly(const esc_db *db);

/* BEGIN IMMEDIATE (waits up to the busy timeout, then ESC_EBUSY). */
esc_status store_begin(esc_db *db, esc_error *err);
esc_status store_commit(esc_db *db, esc_error *err);
void store_rollback(esc_db *db);

/* Returns a cached prepared statement for sql (keyed by the text), reset and
 * with bindings cleared; NULL on error (err filled). */
sqlite3_stmt *store_prepare(esc_db *db, const char *sql, esc_error *err);

/* Bind by :name; an unknown name is a programming error reported as
 * ESC_EINTERNAL.  text NULL binds NULL. */
esc_status store_bind_text(sqlite3_stmt *st, const char *name, const char *text,
                           esc_error *err);
esc_status store_bind_int(sqlite3_stmt *st, const char *name, int64_t v, esc_error *err);
esc_status store_bind_null(sqlite3_stmt *st, const char *name, esc_error *err);

/* sqlite3_step with errors translated: returns SQLITE_ROW, SQLITE_DONE, or -1
 * with err filled (ESC_EBUSY, ESC_ESTORAGE, ESC_ECORRUPT, ESC_ECONFLICT for a
 * constraint raised by the history triggers). */
int store_step(esc_db *db, sqlite3_stmt *st, esc_error *err);
/* Runs a statement to completion (no rows expected). */
esc_status store_exec_stmt(esc_db *db, sqlite3_stmt *st, esc_error *err);
/* Runs literal SQL with no parameters (pragmas, schema). */
esc_status store_exec(esc_db *db, const char *sql, esc_error *err);

/* Column text that is never NULL ("" instead). */
const char *store_col_text(sqlite3_stmt *st, int col);

/* Translates the handle's last error into err. */
esc_status store_fail(esc_db *db, int rc, esc_error *err, const char *what);

/* Who is acting and what time it is, for history rows the store itself
 * writes (config_history, from store_setting_set).  now(ctx, out) fills
 * "YYYY-MM-DD HH:MM:SS"; NULL: the real clock. */
typedef void (*store_clock_fn)(const void *ctx, char *out);
void store_set_actor(esc_db *db, long long staff_id, store_clock_fn now, const void *ctx);
long long store_actor(const esc_db *db); /* 0: nobody identified */
void store_now(const esc_db *db, char *out);

/* Sets / reads key-value settings (pattern window, urgent timescale...). */
esc_status store_setting_get(esc_db *db, const char *key, char *out, size_t outsz,
                             esc_error *err);
/* A change is also a row of the configuration history (config_history.h):
 * hold a transaction around it. */
esc_status store_setting_set(esc_db *db, const char *key, const char *value, esc_error *err);

#endif
