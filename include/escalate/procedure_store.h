/* The procedures a database knows: the shipped default (compiled in, never
 * stored) and every file an admin has loaded (table procedures, schema 10),
 * which local authority follows which, and the procedure a case is pinned
 * to.  Loading and assigning are configuration changes: settings rows
 * ("procedure NAME", "procedure for LA"), so each is a row of the chained
 * configuration history with who and when. */
#ifndef ESCALATE_PROCEDURE_STORE_H
#define ESCALATE_PROCEDURE_STORE_H

#include <stdbool.h>

#include "escalate/error.h"
#include "escalate/procedure_file.h"
#include "escalate/session.h"
#include "escalate/store.h"

/* Loads a procedure file (admin): checked first (problems in *problems; a
 * file with an error is never loaded), then stored whole with the SHA-256 of
 * its text.  Refused: a version not above the newest of its name (the
 * shipped default counts as version 1 of its name).  New cases under it
 * follow the new version; cases opened before keep theirs.  *id: its row. */
esc_status procedure_load(esc_session *s, const char *text, size_t len,
                          esc_proc_problems *problems, long long *id, esc_error *err);

/* Makes cases newly opened against local authority `la` follow the newest
 * version of procedure `name` (admin).  Refused when no such procedure is
 * loaded (or shipped as the default), or when its file does not list `la`
 * among the local authorities it covers. */
esc_status procedure_assign(esc_session *s, const char *la, const char *name, esc_error *err);

/* The procedure row new cases against local authority la_id are opened
 * under: 0 for the shipped default. */
esc_status procedure_for_la(esc_db *db, long long la_id, long long *procedure_id,
                            esc_error *err);

/* The procedure of row `id` (0: the shipped default), parsed once per
 * connection; the pointer lives as long as the connection. */
esc_status procedure_get(esc_db *db, long long id, const esc_procedure **out, esc_error *err);

/* Every procedure the database knows, the shipped default first: its row
 * (0 for the default), the procedure, when and by whom it was loaded ("" for
 * the default) and the local authorities assigned to it. */
typedef struct esc_procedure_row {
	long long id;
	const esc_procedure *p;
	const char *sha256, *loaded_at, *loaded_by;
	bool newest;  /* the version new cases get */
} esc_procedure_row;
typedef bool (*esc_procedure_cb)(const esc_procedure_row *row, void *ctx);
esc_status procedure_each(esc_db *db, esc_procedure_cb cb, void *ctx, esc_error *err);

/* The procedure assigned to local authority `la` by name ("" when none: the
 * default's newest version). */
esc_status procedure_assigned(esc_db *db, const char *la, char *name, size_t namesz,
                              esc_error *err);

/* The most levels any procedure of the database has (the level filters
 * offer as many). */
int procedure_levels_max(esc_db *db);

/* Registers esc_level_label(PROCEDURE_ID, LEVEL) on the connection (the
 * label of a level of a case's own procedure); SQLITE_OK on success. */
int procedure_register_sql(esc_db *db);

/* Frees the connection's parsed procedures (store_close calls it). */
void procedure_cache_free(esc_db *db);

#endif
