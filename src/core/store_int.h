/* The store's handle, shared by store.c and store_settings.c only. */
#ifndef ESCALATE_STORE_INT_H
#define ESCALATE_STORE_INT_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "escalate/store.h"

#define STMT_CACHE_MAX 96

struct esc_db {
	sqlite3 *h;
	char *path;
	bool readonly;
	bool outdated;   /* a reader found an older schema version */
	long long actor; /* store_set_actor */
	store_clock_fn clock;
	const void *clock_ctx;
	/* The busy handler's state: when the current wait began, its jitter. */
	struct timespec busy_since;
	uint64_t jitter;
	struct esc_proc_cache *procs; /* procedure_store.c: parsed once per connection */
	int ncached;
	struct {
		const char *sql; /* owned copy */
		size_t len;      /* its length: most lookups differ there already */
		sqlite3_stmt *st;
	} cache[STMT_CACHE_MAX];
};

struct stat;
/* store_files.c */
esc_status store_check_permissions(const char *path, const struct stat *st, long team_gid,
                                   esc_error *err);
esc_status store_check_personal(const char *path, const struct stat *st, esc_error *err);
esc_status store_check_writable(const char *path, bool readonly, esc_error *err);
esc_status store_create_file(const char *path, bool team, esc_error *err);

#endif
