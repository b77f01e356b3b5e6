/* Loaded procedures (schema 10), their assignment to local authorities and
 * the parsed procedure of a case's pin, cached per connection. */
#include "escalate/procedure_store.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escalate/civil.h"
#include "store_int.h"

#define SETTING_LOADED "procedure "      /* + NAME = "VERSION SHA256" */
#define SETTING_ASSIGNED "procedure for " /* + LA = NAME */

struct esc_proc_cache {
	long long id;
	esc_procedure p;
	struct esc_proc_cache *next;
};

void procedure_cache_free(esc_db *db)
{
	while (db && db->procs) {
		struct esc_proc_cache *next = db->procs->next;
		free(db->procs);
		db->procs = next;
	}
}

static void sha256_hex(const char *text, size_t len, char out[65])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	out[0] = '\0';
	if (EVP_Digest(text, len, md, &n, EVP_sha256(), NULL) != 1)
		return;
	for (unsigned i = 0; i < n && i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
}

esc_status procedure_get(esc_db *db, long long id, const esc_procedure **out, esc_error *err)
{
	*out = NULL;
	if (id == 0) {
		*out = proc_default();
		return ESC_OK;
	}
	for (struct esc_proc_cache *c = db->procs; c; c = c->next)
		if (c->id == id) {
			*out = &c->p;
			return ESC_OK;
		}
	sqlite3_stmt *st = store_prepare(db, "SELECT text FROM procedures WHERE id = :id", err);
	if (!st || store_bind_int(st, ":id", id, err))
		return err->status;
	int rc = store_step(db, st, err);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return rc < 0 ? err->status
		              : esc_fail(err, ESC_ECORRUPT, "procedure",
		                         "a case follows procedure row %lld, which is not in the "
		                         "database",
		                         id);
	}
	struct esc_proc_cache *c = calloc(1, sizeof *c);
	if (!c) {
		sqlite3_reset(st);
		return esc_fail(err, ESC_EINTERNAL, "", "out of memory");
	}
	const char *text = store_col_text(st, 0);
	esc_status ps = proc_file_parse(text, strlen(text), &c->p, NULL, err);
	sqlite3_reset(st);
	if (ps != ESC_OK) {
		free(c);
		return esc_fail(err, ESC_ECORRUPT, "procedure",
		                "the stored procedure of row %lld no longer reads as one (%s)", id,
		                err->message);
	}
	c->id = id;
	c->next = db->procs;
	db->procs = c;
	*out = &c->p;
	return ESC_OK;
}

/* The newest loaded version of `name`: its row and version (0 and 0 when
 * none is loaded). */
static esc_status newest_of(esc_db *db, const char *name, long long *id, int *version,
                            esc_error *err)
{
	*id = 0;
	*version = 0;
	sqlite3_stmt *st = store_prepare(
	    db, "SELECT id, version FROM procedures WHERE name = :name ORDER BY version DESC LIMIT 1",
	    err);
	if (!st || store_bind_text(st, ":name", name, err))
		return err->status;
	int rc = store_step(db, st, err);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		*version = sqlite3_column_int(st, 1);
	}
	sqlite3_reset(st);
	return rc < 0 ? err->status : ESC_OK;
}

static esc_status require_admin(esc_session *s, const char *what, esc_error *err)
{
	if (!s->me.id || !s->me.active || !s->me.admin)
		return esc_fail(err, ESC_EDENIED, "role",
		                "only an escalate admin can %s a procedure; you are not an admin", what);
	return ESC_OK;
}

esc_status procedure_load(esc_session *s, const char *text, size_t len,
                          esc_proc_problems *problems, long long *id, esc_error *err)
{
	static esc_procedure p;
	char sha[65], key[96], value[96], at[ESC_TS_LEN + 1];
	long long newest_id;
	int newest;
	*id = 0;
	if (require_admin(s, "load", err) != ESC_OK)
		return err->status;
	if (proc_file_parse(text, len, &p, problems, err) != ESC_OK)
		return err->status;
	/* One civil zone per database (config timezone): working days and
	 * dates of a procedure in another zone would not be its own. */
	if (strcmp(p.time_zone, esc_zone_current()) != 0)
		return esc_fail(err, ESC_EINVALID, "time_zone",
		                "[procedure] time_zone: %s, but this database keeps its dates in %s "
		                "(escalate config timezone); a database follows procedures of one "
		                "zone",
		                p.time_zone, esc_zone_current());
	sha256_hex(text, len, sha);
	session_bind_store(s);
	if (store_begin(s->db, err) != ESC_OK)
		return err->status;
	if (newest_of(s->db, p.name, &newest_id, &newest, err) != ESC_OK)
		goto fail;
	if (!newest && strcmp(p.name, proc_default()->name) == 0)
		newest = proc_default()->version; /* the shipped one */
	if (p.version <= newest) {
		esc_fail(err, ESC_ECONFLICT, "version",
		         "%s version %d is already there (the newest is version %d): give the file "
		         "a higher version to load a change; cases keep the version they were "
		         "opened under",
		         p.name, p.version, newest);
		goto fail;
	}
	store_now(s->db, at);
	sqlite3_stmt *st = store_prepare(
	    s->db,
	    "INSERT INTO procedures(name, version, text, sha256, loaded_at, loaded_by) "
	    "VALUES (:name, :version, :text, :sha, :at, :by)",
	    err);
	snprintf(key, sizeof key, SETTING_LOADED "%s", p.name);
	snprintf(value, sizeof value, "%d %s", p.version, sha);
	if (!st || store_bind_text(st, ":name", p.name, err) ||
	    store_bind_int(st, ":version", p.version, err) ||
	    sqlite3_bind_text(st, sqlite3_bind_parameter_index(st, ":text"), text, (int)len,
	                      SQLITE_TRANSIENT) != SQLITE_OK ||
	    store_bind_text(st, ":sha", sha, err) || store_bind_text(st, ":at", at, err) ||
	    store_bind_int(st, ":by", s->me.id, err) || store_exec_stmt(s->db, st, err))
		goto fail;
	*id = sqlite3_last_insert_rowid(store_handle(s->db));
	if (store_setting_set(s->db, key, value, err) != ESC_OK ||
	    store_commit(s->db, err) != ESC_OK) {
		*id = 0;
		goto fail;
	}
	return ESC_OK;
fail:
	store_rollback(s->db);
	return err->status;
}

esc_status procedure_assigned(esc_db *db, const char *la, char *name, size_t namesz,
                              esc_error *err)
{
	char key[160];
	esc_error none = {0};
	snprintf(key, sizeof key, SETTING_ASSIGNED "%s", la);
	name[0] = '\0';
	if (store_setting_get(db, key, name, namesz, &none) != ESC_OK &&
	    none.status != ESC_ENOTFOUND) {
		*err = none;
		return err->status;
	}
	return ESC_OK;
}

esc_status procedure_assign(esc_session *s, const char *la, const char *name, esc_error *err)
{
	const esc_procedure *p = NULL;
	long long id;
	int version;
	char key[160], canon[128];
	if (require_admin(s, "assign", err) != ESC_OK)
		return err->status;
	session_bind_store(s);
	if (store_begin(s->db, err) != ESC_OK)
		return err->status;
	sqlite3_stmt *st = store_prepare(
	    s->db, "SELECT name FROM local_authorities WHERE name = :name AND active = 1", err);
	if (!st || store_bind_text(st, ":name", la, err))
		goto fail;
	int rc = store_step(s->db, st, err);
	if (rc == SQLITE_ROW)
		snprintf(canon, sizeof canon, "%s", store_col_text(st, 0));
	sqlite3_reset(st);
	if (rc < 0)
		goto fail;
	if (rc != SQLITE_ROW) {
		esc_fail(err, ESC_ENOTFOUND, "local authority",
		         "local authority: no %s in the list (see 'escalate config la list')", la);
		goto fail;
	}
	if (newest_of(s->db, name, &id, &version, err) != ESC_OK)
		goto fail;
	if (id == 0 && strcmp(name, proc_default()->name) != 0) {
		esc_fail(err, ESC_ENOTFOUND, "procedure",
		         "procedure: %s is not loaded in this database; load its file first "
		         "('escalate procedure load FILE')",
		         name);
		goto fail;
	}
	if (procedure_get(s->db, id, &p, err) != ESC_OK)
		goto fail;
	bool covered = false;
	for (size_t i = 0; i < p->la_count && !covered; i++)
		covered = strcmp(p->las[i], canon) == 0;
	if (!covered && id != 0) {
		esc_fail(err, ESC_EDENIED, "local authority",
		         "%s (%s) does not cover %s: its file lists the local authorities it covers; "
		         "load a version that lists %s to assign it",
		         p->name, p->title, canon, canon);
		goto fail;
	}
	snprintf(key, sizeof key, SETTING_ASSIGNED "%s", canon);
	if (store_setting_set(s->db, key, p->name, err) != ESC_OK ||
	    store_commit(s->db, err) != ESC_OK)
		goto fail;
	return ESC_OK;
fail:
	store_rollback(s->db);
	return err->status;
}

esc_status procedure_for_la(esc_db *db, long long la_id, long long *procedure_id,
                            esc_error *err)
{
	char name[64] = "";
	int version;
	*procedure_id = 0;
	/* One query: the assignment of the case's local authority, by name. */
	sqlite3_stmt *st = store_prepare(
	    db,
	    "SELECT coalesce((SELECT value FROM settings WHERE key = '" SETTING_ASSIGNED
	    "' || la.name), '') FROM local_authorities la WHERE la.id = :la",
	    err);
	if (!st || store_bind_int(st, ":la", la_id, err))
		return err->status;
	int rc = store_step(db, st, err);
	if (rc == SQLITE_ROW)
		snprintf(name, sizeof name, "%s", store_col_text(st, 0));
	sqlite3_reset(st);
	if (rc < 0)
		return err->status;
	return newest_of(db, name[0] ? name : proc_default()->name, procedure_id, &version, err);
}

esc_status procedure_each(esc_db *db, esc_procedure_cb cb, void *ctx, esc_error *err)
{
	const char *dflt = proc_default()->name;
	long long dflt_newest;
	int v;
	if (newest_of(db, dflt, &dflt_newest, &v, err) != ESC_OK)
		return err->status;
	esc_procedure_row row = {.id = 0, .p = proc_default(), .sha256 = "", .loaded_at = "",
	                         .loaded_by = "", .newest = dflt_newest == 0};
	if (!cb(&row, ctx))
		return ESC_OK;
	sqlite3_stmt *st = store_prepare(
	    db,
	    "SELECT p.id, p.sha256, p.loaded_at, coalesce(s.login, ''), "
	    "p.version = (SELECT max(version) FROM procedures q WHERE q.name = p.name) "
	    "FROM procedures p LEFT JOIN staff s ON s.id = p.loaded_by ORDER BY p.name, p.version",
	    err);
	if (!st)
		return err->status;
	int rc;
	/* Rows are read into memory first: procedure_get prepares statements of
	 * its own on the same connection. */
	struct {
		long long id;
		char sha[65], at[ESC_TS_LEN + 1], by[64];
		bool newest;
	} *rows = NULL;
	size_t n = 0;
	while ((rc = store_step(db, st, err)) == SQLITE_ROW) {
		void *more = realloc(rows, (n + 1) * sizeof *rows);
		if (!more) {
			sqlite3_reset(st);
			free(rows);
			return esc_fail(err, ESC_EINTERNAL, "", "out of memory");
		}
		rows = more;
		rows[n].id = sqlite3_column_int64(st, 0);
		snprintf(rows[n].sha, sizeof rows[n].sha, "%s", store_col_text(st, 1));
		snprintf(rows[n].at, sizeof rows[n].at, "%s", store_col_text(st, 2));
		snprintf(rows[n].by, sizeof rows[n].by, "%s", store_col_text(st, 3));
		rows[n].newest = sqlite3_column_int(st, 4) != 0;
		n++;
	}
	sqlite3_reset(st);
	esc_status result = rc < 0 ? err->status : ESC_OK;
	for (size_t i = 0; result == ESC_OK && i < n; i++) {
		const esc_procedure *p;
		if ((result = procedure_get(db, rows[i].id, &p, err)) != ESC_OK)
			break;
		row = (esc_procedure_row){.id = rows[i].id, .p = p, .sha256 = rows[i].sha,
		                          .loaded_at = rows[i].at, .loaded_by = rows[i].by,
		                          .newest = rows[i].newest};
		if (!cb(&row, ctx))
			break;
	}
	free(rows);
	return result;
}

static bool widest(const esc_procedure_row *r, void *ctx)
{
	int *most = ctx;
	if (r->p->stage_count > *most)
		*most = r->p->stage_count;
	return true;
}

int procedure_levels_max(esc_db *db)
{
	int most = proc_default()->stage_count;
	esc_error none;
	procedure_each(db, widest, &most, &none);
	return most;
}

/* esc_level_label(PROCEDURE_ID, LEVEL): the label of a level of the
 * procedure a case is pinned to (NULL or 0: the shipped default), for the
 * queries that write cases out (export.c). */
static void level_label_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	esc_db *db = sqlite3_user_data(ctx);
	const esc_procedure *p = NULL;
	esc_error none;
	long long id = sqlite3_value_type(argv[0]) == SQLITE_NULL ? 0 : sqlite3_value_int64(argv[0]);
	if (procedure_get(db, id, &p, &none) != ESC_OK)
		p = NULL;
	const esc_level_info *li = p ? proc_stage(p, sqlite3_value_int(argv[1])) : NULL;
	if (li)
		sqlite3_result_text(ctx, li->label, -1, SQLITE_TRANSIENT);
	else
		sqlite3_result_text(ctx, "", 0, SQLITE_STATIC);
}

int procedure_register_sql(esc_db *db)
{
	return sqlite3_create_function(db->h, "esc_level_label", 2, SQLITE_UTF8, db, level_label_fn,
	                               NULL, NULL);
}
