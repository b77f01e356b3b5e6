/* The SQLite wrapper.  Every statement is prepared once per handle and kept
 * in a small cache; parameters are bound by :name only. */
#include "escalate/store.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#include "data_files.h"
#include "escalate/audit.h"
#include "escalate/civil.h"
#include "escalate/config.h"
#include "escalate/config_history.h"
#include "escalate/session.h"
#include "escalate/procedure_store.h"
#include "store_lock.h"

#include "store_int.h"

/* Ordered migrations: migration i brings user_version from i to i + 1. */
static const char *const migrations[] = {
	"schema/001_initial.sql",
	"schema/002_speed.sql",
	"schema/003_tamper.sql",
	"schema/004_live_actions.sql",
	"schema/005_procedure_once.sql",
	"schema/006_utc.sql",
	"schema/007_data_protection.sql",
	"schema/008_security.sql",
	"schema/009_amended.sql",
	"schema/010_procedures.sql",
};
#define SCHEMA_VERSION ((int)(sizeof migrations / sizeof migrations[0]))

int store_schema_version(void)
{
	return SCHEMA_VERSION;
}

sqlite3 *store_handle(esc_db *db)
{
	return db->h;
}

const char *store_path(const esc_db *db)
{
	return db->path;
}

bool store_readonly(const esc_db *db)
{
	return db->readonly;
}

esc_status store_fail(esc_db *db, int rc, esc_error *err, const char *what)
{
	const char *msg = db && db->h ? sqlite3_errmsg(db->h) : sqlite3_errstr(rc);
	int primary = rc & 0xff;

	switch (primary) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED: {
		char why[sizeof err->message];
		store_lock_describe(db ? db->path : "", ESC_BUSY_TIMEOUT_MS / 1000, why, sizeof why);
		return esc_fail(err, ESC_EBUSY, "", "%s", why);
	}
	/* A stored value that claims to be larger than SQLite allows can only
	 * come from damage: escalate limits every field long before that. */
	case SQLITE_TOOBIG:
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		return esc_fail(err, ESC_ECORRUPT, "",
		                "%s: the database file is damaged or not an escalate database (%s); "
		                "restore it from a backup",
		                db ? db->path : "database", msg);
	case SQLITE_READONLY:
		return esc_fail(err, ESC_EREADONLY, "",
		                "%s: the database is read-only (%s); check the permissions of the "
		                "file and its directory",
		                db ? db->path : "database", msg);
	case SQLITE_FULL:
		return esc_fail(err, ESC_EFULL, "",
		                "%s: the disk is full; nothing was written. Free some space and retry",
		                db ? db->path : "database");
	case SQLITE_IOERR:
		/* A write that failed for want of space is the full-disk case too. */
		if (db && db->h && sqlite3_system_errno(db->h) == ENOSPC)
			return esc_fail(err, ESC_EFULL, "",
			                "%s: the disk is full; nothing was written. Free some space and "
			                "retry",
			                db->path);
		return esc_fail(err, ESC_ESTORAGE, "", "%s: %s", what, msg);
	case SQLITE_CANTOPEN:
		return esc_fail(err, ESC_ESTORAGE, "", "%s: cannot open the database (%s)",
		                db ? db->path : "database", msg);
	case SQLITE_CONSTRAINT:
		if (strstr(msg, "out of sequence"))
			return esc_fail(err, ESC_ECONFLICT, "",
			                "the case changed under you; look at it again and retry");
		if (strstr(msg, "append-only") || strstr(msg, "never deleted"))
			return esc_fail(err, ESC_EDENIED, "", "%s", msg);
		if (strstr(msg, "time runs backwards")) /* events_in_time, 006_utc.sql */
			return esc_fail(err, ESC_EINVALID, "now",
			                "now: the clock reads earlier than the case's latest history; "
			                "nothing was written (check the computer's clock, or --now)");
		return esc_fail(err, ESC_ECONFLICT, "", "%s: %s", what, msg);
	default:
		return esc_fail(err, ESC_ESTORAGE, "", "%s: %s", what, msg);
	}
}

static esc_status user_version(esc_db *db, int *v, esc_error *err)
{
	sqlite3_stmt *st = store_prepare(db, "PRAGMA user_version", err);
	if (!st)
		return err->status;
	int rc = store_step(db, st, err);
	if (rc != SQLITE_ROW)
		return rc < 0 ? err->status : esc_fail(err, ESC_ESTORAGE, "", "no user_version");
	*v = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return ESC_OK;
}

/* Any foreign key a migration left dangling, as an error. */
static esc_status foreign_keys_hold(esc_db *db, esc_error *err)
{
	sqlite3_stmt *st = store_prepare(db, "PRAGMA foreign_key_check", err);
	if (!st)
		return err->status;
	int rc = store_step(db, st, err);
	if (rc == SQLITE_ROW)
		esc_fail(err, ESC_ESCHEMA, "", "the upgrade left a dangling reference in %s",
		         store_col_text(st, 0));
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ESC_OK : err->status;
}

static esc_status migrate_steps(esc_db *db, int from, esc_error *err)
{
	for (int v = from; v < SCHEMA_VERSION; v++) {
		const char *sql = esc_data_file(migrations[v]);
		char pragma[48];
		int now = 0;
		if (!sql)
			return esc_fail(err, ESC_EINTERNAL, "", "migration %s missing", migrations[v]);
		if (store_begin(db, err) != ESC_OK)
			return err->status;
		if (user_version(db, &now, err) != ESC_OK) {
			store_rollback(db);
			return err->status;
		}
		if (now > v) {
			store_rollback(db);
			v = now - 1;
			continue;
		}
		snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", v + 1);
		if (store_exec(db, sql, err) != ESC_OK || store_exec(db, pragma, err) != ESC_OK ||
		    (v == 0 && config_seed_defaults(db, err) != ESC_OK) ||
		    foreign_keys_hold(db, err) != ESC_OK) {
			store_rollback(db);
			return err->status;
		}
		if (store_commit(db, err) != ESC_OK)
			return err->status;
	}
	return ESC_OK;
}

/* Two processes may find the same old version at once (two readers after an
 * upgrade): each step re-reads the version inside its write transaction, and
 * the one that comes second finds the step done.  Foreign keys are off while
 * migrations run (a table rebuild drops and renames a referenced table, the
 * way SQLite documents it; the pragma cannot change inside a transaction),
 * and each step checks them before it commits. */
static esc_status migrate(esc_db *db, int from, esc_error *err)
{
	if (store_exec(db, "PRAGMA foreign_keys = OFF", err) != ESC_OK)
		return err->status;
	esc_status st = migrate_steps(db, from, err);
	esc_error on = {0};
	if (store_exec(db, "PRAGMA foreign_keys = ON", &on) != ESC_OK && st == ESC_OK) {
		*err = on;
		st = on.status;
	}
	return st;
}

/* Waiting for the write lock.  SQLite's own busy_timeout handler sleeps in
 * growing steps (up to 100 ms each): at 16 writers a process that has waited
 * a while sleeps long and keeps losing the lock to newcomers, until it gives
 * up at the timeout.  This one retries after short random sleeps, and the
 * longer a process has waited the more often it tries (5 ms, then 2 ms after
 * 1 s, then 1 ms after 2.5 s), so old waiters win more often.  It gives up
 * after the same ESC_BUSY_TIMEOUT_MS in all, and store_fail says "busy". */
static int busy_wait(void *ctx, int tries)
{
	esc_db *db = ctx;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (tries == 0)
		db->busy_since = now;
	long long waited_us = (now.tv_sec - db->busy_since.tv_sec) * 1000000LL +
	                      (now.tv_nsec - db->busy_since.tv_nsec) / 1000;
	if (waited_us >= ESC_BUSY_TIMEOUT_MS * 1000LL)
		return 0;
	long long cap_us = waited_us < 1000000 ? 5000 : waited_us < 2500000 ? 2000 : 1000;
	/* xorshift64: jitter only, seeded per connection in store_open. */
	db->jitter ^= db->jitter << 13;
	db->jitter ^= db->jitter >> 7;
	db->jitter ^= db->jitter << 17;
	long long sleep_us = cap_us / 4 + (long long)(db->jitter % (uint64_t)(cap_us - cap_us / 4));
	if (sleep_us > ESC_BUSY_TIMEOUT_MS * 1000LL - waited_us)
		sleep_us = ESC_BUSY_TIMEOUT_MS * 1000LL - waited_us;
	struct timespec nap = {.tv_sec = 0, .tv_nsec = sleep_us * 1000};
	nanosleep(&nap, NULL);
	return 1;
}

/* An upgrade writes, and no write lock is taken for a login that is not an
 * active staff member (issue 11 item 3): on a team database only root or an
 * active staff record's login upgrades.  staff(login, active) exists at
 * every schema version. */
static bool may_upgrade_team(esc_db *db)
{
	if (getuid() == 0)
		return true;
	char login[64];
	esc_error err = {0};
	if (esc_real_login(login, sizeof login, &err) != ESC_OK)
		return false;
	sqlite3_stmt *st =
	    store_prepare(db, "SELECT 1 FROM staff WHERE login = :login AND active = 1", &err);
	if (!st || store_bind_text(st, ":login", login, &err))
		return false;
	bool yes = store_step(db, st, &err) == SQLITE_ROW;
	sqlite3_reset(st);
	return yes;
}

static esc_status configure(esc_db *db, unsigned flags, bool created, esc_error *err)
{
	struct timespec seed;
	clock_gettime(CLOCK_REALTIME, &seed);
	db->jitter = (((uint64_t)getpid() << 32) ^ (uint64_t)seed.tv_nsec ^ (uintptr_t)db) | 1u;
	if (sqlite3_busy_handler(db->h, busy_wait, db) != SQLITE_OK)
		return store_fail(db, SQLITE_ERROR, err, "busy handler");
	if (store_exec(db, "PRAGMA foreign_keys = ON", err) ||
	    store_exec(db, "PRAGMA trusted_schema = OFF", err))
		return err->status;
	if (!(flags & ESC_OPEN_READONLY) &&
	    (store_exec(db, "PRAGMA journal_mode = WAL", err) != ESC_OK ||
	     store_exec(db, "PRAGMA synchronous = FULL", err) != ESC_OK))
		return err->status;

	int v = 0;
	if (user_version(db, &v, err) != ESC_OK)
		return err->status;
	/* Never written by escalate: damage, or another program's file. */
	if (v < 0)
		return esc_fail(err, ESC_ECORRUPT, "",
		                "%s is damaged or not an escalate database (schema version %d)",
		                db->path, v);
	if (v > SCHEMA_VERSION)
		return esc_fail(err, ESC_ESCHEMA, "",
		                "%s was written by a newer escalate (schema version %d; this one knows "
		                "up to %d); upgrade escalate",
		                db->path, v, SCHEMA_VERSION);
	if (v == 0 && !created && !(flags & ESC_OPEN_CREATE))
		return esc_fail(err, ESC_ENODB, "",
		                "%s is not an escalate database yet; create it with: escalate init",
		                db->path);
	if (v < SCHEMA_VERSION) {
		if (flags & ESC_OPEN_READONLY) {
			db->outdated = true; /* store_open upgrades it through a writer */
			return esc_fail(err, ESC_ESCHEMA, "",
			                "%s needs upgrading to schema version %d", db->path,
			                SCHEMA_VERSION);
		}
		if ((flags & ESC_OPEN_TEAM) && v > 0 && !may_upgrade_team(db))
			return esc_fail(err, ESC_EDENIED, "login",
			                "%s needs upgrading to schema version %d, which the first command "
			                "of an active staff member does; you are not one",
			                db->path, SCHEMA_VERSION);
		return migrate(db, v, err);
	}
	return ESC_OK;
}

/* A reader (list, show, report, verify) of a database that an older release
 * wrote upgrades it first, through a short read-write open, so that installing
 * a new escalate never leaves anyone facing "open it read-write".  The
 * migrations are transactions; a reader racing another upgrader simply finds
 * the work done. */
static esc_status upgrade_for_reader(const char *path, unsigned flags, long team_gid,
                                     esc_error *err)
{
	esc_db *rw = NULL;
	esc_error why = {0};
	if (store_open(path, flags & ~(unsigned)ESC_OPEN_READONLY, team_gid, &rw, &why) == ESC_OK) {
		store_close(rw);
		return ESC_OK;
	}
	return esc_fail(err, why.status, "",
	                "%s needs upgrading to schema version %d by a login that can write it (%s)",
	                path, SCHEMA_VERSION, why.message);
}

esc_status store_open(const char *path, unsigned flags, long team_gid, esc_db **out,
                      esc_error *err)
{
	struct stat st;
	bool created = false;
	*out = NULL;
	/* escalate never reads SQLite's memory statistics, and keeping them
	 * takes a global mutex on every allocation (8% of the instructions of a
	 * history row).  Only possible before the library is first used; later
	 * calls return SQLITE_MISUSE and change nothing. */
	(void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);

	if (stat(path, &st) != 0) {
		if (errno != ENOENT)
			return esc_fail(err, ESC_ESTORAGE, "", "cannot read %s: %s", path,
			                strerror(errno));
		if (!(flags & ESC_OPEN_CREATE))
			return esc_fail(err, ESC_ENODB, "",
			                "there is no database at %s; create it with: escalate init", path);
		if (store_create_file(path, flags & ESC_OPEN_TEAM, err) != ESC_OK)
			return err->status;
		created = true;
		if (stat(path, &st) != 0)
			return esc_fail(err, ESC_ESTORAGE, "", "cannot read %s: %s", path,
			                strerror(errno));
	}
	if (S_ISREG(st.st_mode) && !(flags & ESC_OPEN_TEAM) && store_check_personal(path, &st, err))
		return err->status;
	if (store_check_permissions(path, &st, team_gid, err) != ESC_OK ||
	    store_check_writable(path, flags & ESC_OPEN_READONLY, err) != ESC_OK)
		return err->status;

	esc_db *db = calloc(1, sizeof *db);
	if (!db || !(db->path = strdup(path))) {
		free(db);
		return esc_fail(err, ESC_EINTERNAL, "", "out of memory");
	}
	db->readonly = flags & ESC_OPEN_READONLY;
	/* A connection is only ever used by the thread that opened it (escalate
	 * has no threads), so SQLite's per-call connection mutex is not needed. */
	int oflags = (db->readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) |
	             SQLITE_OPEN_NOFOLLOW | SQLITE_OPEN_NOMUTEX;
	int rc = sqlite3_open_v2(path, &db->h, oflags, NULL);
	if (rc != SQLITE_OK) {
		store_fail(db, rc, err, "open");
		store_close(db);
		return err->status;
	}
	sqlite3_extended_result_codes(db->h, 1);
	if (audit_register(db->h) != SQLITE_OK || esc_civil_register(db->h) != SQLITE_OK ||
	    procedure_register_sql(db) != SQLITE_OK) {
		store_fail(db, SQLITE_ERROR, err, "register esc_hash");
		store_close(db);
		return err->status;
	}
	if (configure(db, flags, created, err) != ESC_OK) {
		bool outdated = db->outdated;
		store_close(db);
		if (outdated && upgrade_for_reader(path, flags, team_gid, err) == ESC_OK)
			return store_open(path, flags, team_gid, out, err);
		return err->status;
	}
	*out = db;
	return ESC_OK;
}

void store_close(esc_db *db)
{
	if (!db)
		return;
	for (int i = 0; i < db->ncached; i++) {
		sqlite3_finalize(db->cache[i].st);
		free((char *)db->cache[i].sql);
	}
	procedure_cache_free(db);
	sqlite3_close(db->h);
	free(db->path);
	free(db);
}

sqlite3_stmt *store_prepare(esc_db *db, const char *sql, esc_error *err)
{
	size_t len = strlen(sql);
	for (int i = 0; i < db->ncached; i++) {
		if (db->cache[i].len == len && memcmp(db->cache[i].sql, sql, len) == 0) {
			sqlite3_stmt *st = db->cache[i].st;
			sqlite3_reset(st);
			sqlite3_clear_bindings(st);
			return st;
		}
	}
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL);
	if (rc != SQLITE_OK) {
		store_fail(db, rc, err, "prepare");
		return NULL;
	}
	if (db->ncached < STMT_CACHE_MAX) {
		char *copy = strdup(sql);
		if (copy) {
			db->cache[db->ncached].sql = copy;
			db->cache[db->ncached].len = len;
			db->cache[db->ncached].st = st;
			db->ncached++;
			return st;
		}
	}
	/* Cache full: evict the oldest so memory stays bounded. */
	sqlite3_finalize(db->cache[0].st);
	free((char *)db->cache[0].sql);
	memmove(&db->cache[0], &db->cache[1], sizeof db->cache[0] * (STMT_CACHE_MAX - 1));
	db->cache[STMT_CACHE_MAX - 1].sql = strdup(sql);
	db->cache[STMT_CACHE_MAX - 1].len = len;
	db->cache[STMT_CACHE_MAX - 1].st = st;
	if (!db->cache[STMT_CACHE_MAX - 1].sql) {
		sqlite3_finalize(st);
		db->ncached = STMT_CACHE_MAX - 1;
		esc_fail(err, ESC_EINTERNAL, "", "out of memory");
		return NULL;
	}
	return st;
}

static int param_index(sqlite3_stmt *st, const char *name, esc_error *err)
{
	int i = sqlite3_bind_parameter_index(st, name);
	if (i == 0)
		esc_fail(err, ESC_EINTERNAL, "", "internal: no parameter %s in %s", name,
		         sqlite3_sql(st));
	return i;
}

static esc_status bind_result(sqlite3_stmt *st, int rc, esc_error *err)
{
	if (rc == SQLITE_OK)
		return ESC_OK;
	return esc_fail(err, ESC_EINTERNAL, "", "bind: %s", sqlite3_errstr(rc));
	(void)st;
}

esc_status store_bind_text(sqlite3_stmt *st, const char *name, const char *text, esc_error *err)
{
	int i = param_index(st, name, err);
	if (!i)
		return ESC_EINTERNAL;
	return bind_result(st, text ? sqlite3_bind_text(st, i, text, -1, SQLITE_TRANSIENT)
	                            : sqlite3_bind_null(st, i),
	                   err);
}

esc_status store_bind_int(sqlite3_stmt *st, const char *name, int64_t v, esc_error *err)
{
	int i = param_index(st, name, err);
	if (!i)
		return ESC_EINTERNAL;
	return bind_result(st, sqlite3_bind_int64(st, i, v), err);
}

esc_status store_bind_null(sqlite3_stmt *st, const char *name, esc_error *err)
{
	int i = param_index(st, name, err);
	if (!i)
		return ESC_EINTERNAL;
	return bind_result(st, sqlite3_bind_null(st, i), err);
}

int store_step(esc_db *db, sqlite3_stmt *st, esc_error *err)
{
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		return rc;
	store_fail(db, rc, err, "query");
	sqlite3_reset(st);
	return -1;
}

esc_status store_exec_stmt(esc_db *db, sqlite3_stmt *st, esc_error *err)
{
	int rc;
	while ((rc = store_step(db, st, err)) == SQLITE_ROW)
		;
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ESC_OK : err->status;
}

esc_status store_exec(esc_db *db, const char *sql, esc_error *err)
{
	char *msg = NULL;
	int rc = sqlite3_exec(db->h, sql, NULL, NULL, &msg);
	sqlite3_free(msg);
	if (rc != SQLITE_OK)
		return store_fail(db, rc, err, "exec");
	return ESC_OK;
}

esc_status store_begin(esc_db *db, esc_error *err)
{
	return store_exec(db, "BEGIN IMMEDIATE", err);
}

esc_status store_commit(esc_db *db, esc_error *err)
{
	esc_status st = store_exec(db, "COMMIT", err);
	if (st != ESC_OK)
		store_rollback(db);
	return st;
}

void store_rollback(esc_db *db)
{
	if (!sqlite3_get_autocommit(db->h))
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
}

const char *store_col_text(sqlite3_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st, col);
	return t ? (const char *)t : "";
}
