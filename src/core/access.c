/* The access log: written before a case's content is read, in the read's
 * transaction; listed for designated professionals and admins; checked by
 * verify.  See access.h. */
#include "escalate/access.h"

#include "escalate/civil.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "escalate/audit.h"
#include "escalate/session.h"
#include "escalate/store.h"
#include "escalate/visibility.h"

static const struct {
	const char *name, *label;
} hows[] = {
#define ESC_ACCESS_ROW(e, name, label) [e] = {name, label},
    ESC_ACCESS_HOW_LIST(ESC_ACCESS_ROW)
#undef ESC_ACCESS_ROW
};
#define NHOWS ((int)(sizeof hows / sizeof hows[0]))

const char *access_how_name(esc_access_how h)
{
	return (unsigned)h < NHOWS ? hows[h].name : "?";
}

const char *access_how_label(esc_access_how h)
{
	return (unsigned)h < NHOWS ? hows[h].label : "?";
}

static esc_access_how how_parse(const char *name)
{
	for (int i = 0; i < NHOWS; i++)
		if (strcmp(name, hows[i].name) == 0)
			return (esc_access_how)i;
	return ESC_ACCESS_SHOW;
}

void access_explain_readonly(const char *db_path, esc_error *err)
{
	if (err->status != ESC_EREADONLY)
		return;
	esc_error why = *err;
	esc_fail(err, ESC_EREADONLY, "access-log",
	         "nothing was shown: every read of a case's content is recorded in the access log, "
	         "and %s cannot be written (%s). Ask an admin for write access; a read-only copy "
	         "cannot be read with escalate",
	         db_path, why.message);
}

esc_status access_append(esc_session *s, long long case_id, esc_access_how how, const char *scope,
                         long long count, esc_error *err)
{
	char prev[65] = "", now[ESC_TS_LEN + 1];
	/* The chain head is read apart from the insert (audit.c says why). */
	if (audit_chain_head(s->db, AUDIT_CHAIN_ACCESS, prev, err) != ESC_OK)
		return err->status;
	session_now(s, now);
	sqlite3_stmt *st = store_prepare(
	    s->db,
	    "INSERT INTO access_log(at, staff_id, login, uid, case_id, how, scope, count, "
	    "prev_hash, hash) SELECT at, staff_id, login, uid, case_id, how, scope, count, :prev, "
	    "esc_hash(:prev, " ESC_HASHED_ACCESS_COLUMNS ") FROM (SELECT :at AS at, :staff AS "
	    "staff_id, :login AS login, :uid AS uid, :case AS case_id, :how AS how, :scope AS "
	    "scope, :count AS count)",
	    err);
	if (!st || store_bind_text(st, ":prev", prev, err) ||
	    store_bind_text(st, ":at", now, err) || store_bind_int(st, ":staff", s->me.id, err) ||
	    store_bind_text(st, ":login", s->me.login, err) ||
	    store_bind_int(st, ":uid", (long long)getuid(), err) ||
	    (case_id ? store_bind_int(st, ":case", case_id, err)
	             : store_bind_null(st, ":case", err)) ||
	    store_bind_text(st, ":how", access_how_name(how), err) ||
	    store_bind_text(st, ":scope", scope ? scope : "", err) ||
	    store_bind_int(st, ":count", count, err))
		return err->status;
	return store_exec_stmt(s->db, st, err);
}

static esc_status begin_logged(esc_session *s, esc_error *err)
{
	if (store_begin(s->db, err) != ESC_OK) {
		access_explain_readonly(store_path(s->db), err);
		return err->status;
	}
	return ESC_OK;
}

/* Commits the read's transaction; a log row that cannot be written means
 * the read did not happen. */
static esc_status end_logged(esc_session *s, esc_status st, esc_error *err)
{
	if (st != ESC_OK) {
		store_rollback(s->db);
		access_explain_readonly(store_path(s->db), err);
		return st;
	}
	if (store_commit(s->db, err) != ESC_OK) {
		access_explain_readonly(store_path(s->db), err);
		return err->status;
	}
	return ESC_OK;
}

static esc_status case_ref(esc_session *s, long long id, char ref[ESC_REF_MAX + 1], esc_error *err)
{
	sqlite3_stmt *st = store_prepare(s->db, "SELECT ref FROM cases WHERE id = :id", err);
	if (!st || store_bind_int(st, ":id", id, err))
		return err->status;
	int rc = store_step(s->db, st, err);
	if (rc < 0)
		return err->status;
	if (rc != SQLITE_ROW)
		return esc_fail(err, ESC_ENOTFOUND, "case", "case: no case with id %lld", id);
	snprintf(ref, ESC_REF_MAX + 1, "%s", store_col_text(st, 0));
	sqlite3_reset(st);
	return ESC_OK;
}

esc_status access_read_case(esc_session *s, long long id, esc_access_how how, esc_case *out,
                            esc_error *err)
{
	char ref[ESC_REF_MAX + 1];
	memset(out, 0, sizeof *out);
	if (begin_logged(s, err) != ESC_OK)
		return err->status;
	esc_status st = case_ref(s, id, ref, err);
	if (st == ESC_OK)
		st = visibility_check_case(s, id, ref, err);
	if (st == ESC_OK)
		st = access_append(s, id, how, "", 1, err);
	if (st == ESC_OK)
		st = query_case(s, id, out, err);
	st = end_logged(s, st, err);
	if (st != ESC_OK)
		esc_case_free(out);
	return st;
}

esc_status access_note_case(esc_session *s, long long id, const char *ref, esc_access_how how,
                            esc_error *err)
{
	if (begin_logged(s, err) != ESC_OK)
		return err->status;
	esc_status st = visibility_check_case(s, id, ref, err);
	if (st == ESC_OK)
		st = access_append(s, id, how, "", 1, err);
	return end_logged(s, st, err);
}

esc_status access_require_oversight(esc_session *s, const char *what, esc_error *err)
{
	if (s->me.id && s->me.active && (s->me.role >= ESC_ROLE_DESIGNATED || s->me.admin))
		return ESC_OK;
	return esc_fail(err, ESC_EDENIED, "role",
	                "%s needs a designated professional or an admin; you are %s", what,
	                esc_role_name(s->me.role));
}

esc_status access_each(esc_session *s, const esc_access_filter *f, esc_access_cb cb, void *ctx,
                       esc_error *err)
{
	if (access_require_oversight(s, "the access log", err) != ESC_OK)
		return err->status;
	/* Instants are stored in UTC; --from/--to are civil days in the
	 * procedure's zone, from the first instant of one to the first of the
	 * day after the other. */
	char from[ESC_INSTANT_LEN + 1] = "", to[ESC_INSTANT_LEN + 1] = "";
	esc_day d;
	int minute;
	if (f->from && *f->from) {
		if (esc_date_parse(f->from, "from", &d, &minute, err) != ESC_OK)
			return err->status;
		esc_day_start_text(d, from);
	}
	if (f->to && *f->to) {
		if (esc_date_parse(f->to, "to", &d, &minute, err) != ESC_OK)
			return err->status;
		esc_day_start_text(d + 1, to);
	}
	sqlite3_stmt *st = store_prepare(
	    s->db,
	    "SELECT a.id, a.at, a.staff_id, a.login, a.uid, coalesce(c.ref, ''), a.how, a.scope, "
	    "a.count FROM access_log a LEFT JOIN cases c ON c.id = a.case_id "
	    "WHERE (:case = 0 OR a.case_id = :case) AND (:login IS NULL OR a.login = :login) "
	    "AND (:from = '' OR a.at >= :from) AND (:to = '' OR a.at < :to) "
	    "ORDER BY a.id",
	    err);
	if (!st || store_bind_int(st, ":case", f->case_id, err) ||
	    store_bind_text(st, ":login", f->login, err) ||
	    store_bind_text(st, ":from", from, err) || store_bind_text(st, ":to", to, err))
		return err->status;
	int rc;
	while ((rc = store_step(s->db, st, err)) == SQLITE_ROW) {
		esc_access_row r = {0};
		r.id = sqlite3_column_int64(st, 0);
		snprintf(r.at, sizeof r.at, "%s", store_col_text(st, 1));
		r.staff_id = sqlite3_column_int64(st, 2);
		snprintf(r.login, sizeof r.login, "%s", store_col_text(st, 3));
		r.uid = sqlite3_column_int64(st, 4);
		snprintf(r.ref, sizeof r.ref, "%s", store_col_text(st, 5));
		r.how = how_parse(store_col_text(st, 6));
		snprintf(r.scope, sizeof r.scope, "%s", store_col_text(st, 7));
		r.count = sqlite3_column_int64(st, 8);
		if (!cb(&r, ctx))
			break;
	}
	sqlite3_reset(st);
	return rc < 0 ? err->status : ESC_OK;
}

esc_status access_verify(esc_db *db, esc_verify_report *out, esc_error *err)
{
	char prev[65] = "";
	sqlite3_stmt *st = store_prepare(
	    db,
	    "SELECT id, prev_hash, hash, esc_hash(prev_hash, " ESC_HASHED_ACCESS_COLUMNS
	    ") FROM access_log ORDER BY id",
	    err);
	if (!st)
		return err->status;
	int rc;
	while ((rc = store_step(db, st, err)) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(st, 0);
		const char *problem = NULL;
		out->access_rows++;
		audit_link link = audit_chain_link(st, 1, prev);
		if (link == LINK_MOVED)
			problem =
			    "does not follow the previous row (a row was removed or inserted)";
		else if (link == LINK_CHANGED)
			problem = "was changed after it was written (its hash does not match)";
		if (problem && !out->first_broken_access) {
			out->first_broken_access = id;
			if (!out->problem[0])
				snprintf(out->problem, sizeof out->problem,
				         "access log row %lld %s", id, problem);
		}
		out->last_access = id;
	}
	snprintf(out->last_access_hash, sizeof out->last_access_hash, "%s", prev);
	sqlite3_reset(st);
	return rc < 0 ? err->status : ESC_OK;
}
