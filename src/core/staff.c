/* Staff records.  Only admins change them, and every change is appended to
 * staff_history in the same transaction (who changed whom, to what). */
#include "escalate/staff.h"

#include <ctype.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>

#include "escalate/audit.h"
#include "escalate/session.h"
#include "escalate/store.h"

#define STAFF_COLUMNS "id, login, name, organisation, role, admin, active, uid"

esc_actor staff_actor(const esc_staff *s)
{
	return (esc_actor){.staff_id = s->id, .role = s->role, .admin = s->admin,
	                   .active = s->active};
}

esc_status staff_check_login(const char *login, esc_error *err)
{
	size_t n = login ? strlen(login) : 0;
	if (n == 0)
		return esc_fail(err, ESC_EINVALID, "login", "login: is required");
	if (n > ESC_LOGIN_MAX)
		return esc_fail(err, ESC_EINVALID, "login", "login: is longer than %d characters",
		                ESC_LOGIN_MAX);
	if (!(islower((unsigned char)login[0]) || login[0] == '_'))
		return esc_fail(err, ESC_EINVALID, "login",
		                "login: must start with a lower-case letter or '_'");
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)login[i];
		if (!(islower(c) || isdigit(c) || c == '_' || c == '.' || c == '-'))
			return esc_fail(err, ESC_EINVALID, "login",
			                "login: may hold only a-z, 0-9, '_', '.' and '-' (character %zu)",
			                i + 1);
	}
	return ESC_OK;
}

static void staff_from_row(sqlite3_stmt *st, esc_staff *out)
{
	memset(out, 0, sizeof *out);
	out->id = sqlite3_column_int64(st, 0);
	snprintf(out->login, sizeof out->login, "%s", store_col_text(st, 1));
	snprintf(out->name, sizeof out->name, "%s", store_col_text(st, 2));
	snprintf(out->organisation, sizeof out->organisation, "%s", store_col_text(st, 3));
	out->role = (esc_role)sqlite3_column_int(st, 4);
	out->admin = sqlite3_column_int(st, 5) != 0;
	out->active = sqlite3_column_int(st, 6) != 0;
	out->uid = sqlite3_column_type(st, 7) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, 7);
}

static esc_status staff_lookup(esc_db *db, sqlite3_stmt *st, const char *what, esc_staff *out,
                               esc_error *err)
{
	int rc = store_step(db, st, err);
	if (rc < 0)
		return err->status;
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return esc_fail(err, ESC_ENOTFOUND, "login", "no staff member %s", what);
	}
	staff_from_row(st, out);
	sqlite3_reset(st);
	return ESC_OK;
}

esc_status staff_find(esc_db *db, const char *login, esc_staff *out, esc_error *err)
{
	sqlite3_stmt *st =
	    store_prepare(db, "SELECT " STAFF_COLUMNS " FROM staff WHERE login = :login", err);
	if (!st || store_bind_text(st, ":login", login, err))
		return err->status;
	char what[ESC_LOGIN_MAX + 16];
	snprintf(what, sizeof what, "'%.*s'", ESC_LOGIN_MAX, login);
	return staff_lookup(db, st, what, out, err);
}

esc_status staff_get(esc_db *db, long long id, esc_staff *out, esc_error *err)
{
	sqlite3_stmt *st = store_prepare(db, "SELECT " STAFF_COLUMNS " FROM staff WHERE id = :id", err);
	if (!st || store_bind_int(st, ":id", id, err))
		return err->status;
	return staff_lookup(db, st, "with that id", out, err);
}

/* Appends a staff change, chained to the previous one (audit.h says what the
 * hash covers; the staff record itself is already written). */
static esc_status record_history(esc_db *db, const esc_staff *who, long long actor_id,
                                 const char *change, const char *now, esc_error *err)
{
	char prev[65];
	if (audit_chain_head(db, AUDIT_CHAIN_STAFF, prev, err) != ESC_OK)
		return err->status;
	sqlite3_stmt *st = store_prepare(
	    db,
	    "INSERT INTO staff_history(staff_id, at, actor_id, change, role, admin, active, uid, "
	    "prev_hash, hash) SELECT h.staff_id, h.at, h.actor_id, h.change, h.role, h.admin, "
	    "h.active, h.uid, prev, " ESC_STAFF_HISTORY_HASH("prev") " "
	    "FROM (SELECT :staff AS staff_id, :at AS at, :actor AS actor_id, :change AS change, "
	    ":role AS role, :admin AS admin, :active AS active, :uid AS uid) h "
	    "JOIN staff s ON s.id = h.staff_id, (SELECT :prev AS prev)",
	    err);
	if (!st || store_bind_int(st, ":staff", who->id, err) ||
	    store_bind_text(st, ":at", now, err) ||
	    (actor_id ? store_bind_int(st, ":actor", actor_id, err)
	              : store_bind_null(st, ":actor", err)) ||
	    store_bind_text(st, ":change", change, err) ||
	    store_bind_int(st, ":role", who->role, err) ||
	    store_bind_int(st, ":admin", who->admin, err) ||
	    store_bind_int(st, ":active", who->active, err) ||
	    (who->uid >= 0 ? store_bind_int(st, ":uid", who->uid, err)
	                   : store_bind_null(st, ":uid", err)) ||
	    store_bind_text(st, ":prev", prev, err) || store_exec_stmt(db, st, err))
		return err->status;
	if (sqlite3_changes(store_handle(db)) != 1)
		return esc_fail(err, ESC_EINTERNAL, "", "internal: no staff record %lld", who->id);
	return ESC_OK;
}

static esc_status check_fields(const char *login, const char *name, esc_role role,
                               const char *organisation, esc_error *err)
{
	if (staff_check_login(login, err) != ESC_OK ||
	    esc_check_text("name", name, ESC_SHORT_MAX, true, false, err) != ESC_OK ||
	    esc_check_text("org", organisation ? organisation : "", ESC_SHORT_MAX, false, false,
	                   err) != ESC_OK)
		return err->status;
	if (role < ESC_ROLE_FRONTLINE || role > ESC_ROLE_DESIGNATED)
		return esc_fail(err, ESC_EINVALID, "role",
		                "role: must be frontline, named or designated");
	return ESC_OK;
}

/* Inserts the record and its 'added' history row; the caller holds the
 * transaction. */
static esc_status insert_staff(esc_db *db, esc_staff *rec, long long actor_id, const char *now,
                               esc_error *err)
{
	sqlite3_stmt *st = store_prepare(
	    db, "INSERT INTO staff(login, name, organisation, role, admin, active, created_at, uid) "
	        "VALUES (:login, :name, :org, :role, :admin, 1, :at, :uid)",
	    err);
	if (!st || store_bind_text(st, ":login", rec->login, err) ||
	    store_bind_text(st, ":name", rec->name, err) ||
	    store_bind_text(st, ":org", rec->organisation, err) ||
	    store_bind_int(st, ":role", rec->role, err) ||
	    store_bind_int(st, ":admin", rec->admin, err) || store_bind_text(st, ":at", now, err) ||
	    (rec->uid >= 0 ? store_bind_int(st, ":uid", rec->uid, err)
	                   : store_bind_null(st, ":uid", err)))
		return err->status;
	if (store_exec_stmt(db, st, err) != ESC_OK) {
		if (err->status == ESC_ECONFLICT)
			esc_fail(err, ESC_ECONFLICT, "login", "login: '%s' is already registered",
			         rec->login);
		return err->status;
	}
	rec->id = sqlite3_last_insert_rowid(store_handle(db));
	rec->active = true;
	return record_history(db, rec, actor_id, "added", now, err);
}

/* The uid the login has on this host now, -1 if none. */
static long long host_uid(const char *login)
{
	struct passwd *pw = getpwnam(login);
	return pw ? (long long)pw->pw_uid : -1;
}

static void fill_record(esc_staff *rec, const char *login, const char *name, esc_role role,
                        const char *organisation, bool admin)
{
	memset(rec, 0, sizeof *rec);
	rec->uid = -1;
	snprintf(rec->login, sizeof rec->login, "%s", login);
	snprintf(rec->name, sizeof rec->name, "%s", name);
	snprintf(rec->organisation, sizeof rec->organisation, "%s", organisation ? organisation : "");
	rec->role = role;
	rec->admin = admin;
}

esc_status staff_count(esc_db *db, long long *n, esc_error *err)
{
	sqlite3_stmt *st = store_prepare(db, "SELECT count(*) FROM staff", err);
	if (!st || store_step(db, st, err) != SQLITE_ROW)
		return err->status;
	*n = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return ESC_OK;
}

esc_status staff_add_first_admin(esc_db *db, const char *login, const char *name, esc_role role,
                                 const char *organisation, const char *now, esc_error *err)
{
	esc_staff rec;
	if (check_fields(login, name, role, organisation, err) != ESC_OK)
		return err->status;
	fill_record(&rec, login, name, role, organisation, true);
	rec.uid = host_uid(login);
	if (store_begin(db, err) != ESC_OK)
		return err->status;
	sqlite3_stmt *st = store_prepare(db, "SELECT count(*) FROM staff", err);
	if (!st || store_step(db, st, err) != SQLITE_ROW) {
		store_rollback(db);
		return err->status;
	}
	long long n = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (n > 0) {
		store_rollback(db);
		return esc_fail(err, ESC_ECONFLICT, "",
		                "%s already has staff; ask one of its admins to add you",
		                store_path(db));
	}
	if (insert_staff(db, &rec, 0, now, err) != ESC_OK) {
		store_rollback(db);
		return err->status;
	}
	return store_commit(db, err);
}

static esc_status require_admin(esc_session *s, esc_error *err)
{
	if (!s->me.id || !s->me.active || !s->me.admin)
		return esc_fail(err, ESC_EDENIED, "role",
		                "only an escalate admin can change staff records; you are not an admin");
	return ESC_OK;
}

esc_status staff_add(esc_session *s, const char *login, const char *name, esc_role role,
                     const char *organisation, bool admin, esc_error *err)
{
	esc_staff rec;
	char now[ESC_TS_LEN + 1];
	if (require_admin(s, err) || check_fields(login, name, role, organisation, err))
		return err->status;
	fill_record(&rec, login, name, role, organisation, admin);
	rec.uid = host_uid(login);
	session_now(s, now);
	if (store_begin(s->db, err) != ESC_OK)
		return err->status;
	if (insert_staff(s->db, &rec, s->me.id, now, err) != ESC_OK) {
		store_rollback(s->db);
		return err->status;
	}
	return store_commit(s->db, err);
}

esc_status staff_update(esc_session *s, const char *login, esc_role role, int admin, int active,
                        esc_error *err)
{
	esc_staff rec;
	char now[ESC_TS_LEN + 1];
	if (require_admin(s, err) != ESC_OK)
		return err->status;
	if (role != ESC_ROLE_NONE && (role < ESC_ROLE_FRONTLINE || role > ESC_ROLE_DESIGNATED))
		return esc_fail(err, ESC_EINVALID, "role", "role: must be frontline, named or designated");
	session_now(s, now);
	if (store_begin(s->db, err) != ESC_OK)
		return err->status;
	if (staff_find(s->db, login, &rec, err) != ESC_OK)
		goto fail;
	/* Admins cannot lock everyone out: the last active admin stays one. */
	if ((admin == 0 || active == 0) && rec.admin && rec.active) {
		sqlite3_stmt *st = store_prepare(
		    s->db, "SELECT count(*) FROM staff WHERE admin = 1 AND active = 1", err);
		if (!st || store_step(s->db, st, err) != SQLITE_ROW)
			goto fail;
		long long admins = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
		if (admins <= 1) {
			esc_fail(err, ESC_EDENIED, "admin",
			         "'%s' is the last active admin; make someone else an admin first", login);
			goto fail;
		}
	}
	const char *change = "role";
	if (active == 0 && rec.active)
		change = "deactivated";
	else if (active == 1 && !rec.active)
		change = "reactivated";
	else if (admin >= 0 && (admin != 0) != rec.admin)
		change = admin ? "admin granted" : "admin revoked";
	if (role != ESC_ROLE_NONE)
		rec.role = role;
	if (admin >= 0)
		rec.admin = admin != 0;
	if (active >= 0)
		rec.active = active != 0;
	sqlite3_stmt *st = store_prepare(
	    s->db, "UPDATE staff SET role = :role, admin = :admin, active = :active WHERE id = :id",
	    err);
	if (!st || store_bind_int(st, ":role", rec.role, err) ||
	    store_bind_int(st, ":admin", rec.admin, err) ||
	    store_bind_int(st, ":active", rec.active, err) || store_bind_int(st, ":id", rec.id, err) ||
	    store_exec_stmt(s->db, st, err) ||
	    record_history(s->db, &rec, s->me.id, change, now, err))
		goto fail;
	if (store_commit(s->db, err) != ESC_OK)
		return err->status;
	if (rec.id == s->me.id)
		s->me = rec;
	return ESC_OK;
fail:
	store_rollback(s->db);
	return err->status;
}

esc_status staff_each(esc_db *db, esc_staff_cb cb, void *ctx, esc_error *err)
{
	sqlite3_stmt *st = store_prepare(db, "SELECT " STAFF_COLUMNS " FROM staff ORDER BY login", err);
	if (!st)
		return err->status;
	int rc;
	while ((rc = store_step(db, st, err)) == SQLITE_ROW) {
		esc_staff rec;
		staff_from_row(st, &rec);
		if (!cb(&rec, ctx))
			break;
	}
	sqlite3_reset(st);
	return rc < 0 ? err->status : ESC_OK;
}

/* Sets the record's uid and appends its history row, in one transaction. */
static esc_status set_uid(esc_session *s, esc_staff *rec, long long uid, const char *change,
                          esc_error *err)
{
	char now[ESC_TS_LEN + 1];
	session_now(s, now);
	if (store_begin(s->db, err) != ESC_OK)
		return err->status;
	rec->uid = uid;
	sqlite3_stmt *st = store_prepare(s->db, "UPDATE staff SET uid = :uid WHERE id = :id", err);
	if (!st || store_bind_int(st, ":uid", uid, err) || store_bind_int(st, ":id", rec->id, err) ||
	    store_exec_stmt(s->db, st, err) ||
	    record_history(s->db, rec, s->me.id, change, now, err)) {
		store_rollback(s->db);
		return err->status;
	}
	return store_commit(s->db, err);
}

esc_status staff_confirm(esc_session *s, const char *login, esc_error *err)
{
	esc_staff rec;
	if (require_admin(s, err) != ESC_OK || staff_find(s->db, login, &rec, err) != ESC_OK)
		return err->status;
	long long uid = host_uid(login);
	if (uid < 0)
		return esc_fail(err, ESC_ENOTFOUND, "login",
		                "login: this host has no login '%s' to confirm", login);
	if (rec.uid == uid)
		return ESC_OK;
	if (set_uid(s, &rec, uid, "uid confirmed", err) != ESC_OK)
		return err->status;
	if (rec.id == s->me.id)
		s->me = rec;
	return ESC_OK;
}

esc_status staff_bind_uid(esc_session *s, long long uid, esc_error *err)
{
	if (!s->me.id || s->me.uid >= 0)
		return ESC_OK;
	esc_staff rec = s->me;
	if (set_uid(s, &rec, uid, "uid bound", err) != ESC_OK)
		return err->status;
	s->me = rec;
	return ESC_OK;
}
