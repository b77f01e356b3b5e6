/* Every case and its whole history, streamed: one query walks cases in id
 * order and their events in sequence order (each event once per agreed
 * action, via LEFT JOIN), and each event is written out as soon as its last
 * action has been seen.  At most one case's header and one event are held. */
#include "escalate/export.h"

#include <errno.h>
#include <string.h>

#include "escalate/access.h"
#include "escalate/procedure.h"
#include "escalate/store.h"
#include "escalate/validate.h"
#include "escalate/visibility.h"

enum col {
	C_CASE_ID,
	C_REF,
	C_UUID,
	C_CHILD_KIND,
	C_CHILD_ID,
	C_LA,
	C_TEAM,
	C_AGENCY,
	C_DECISION,
	C_CONCERN,
	C_OWNER,
	C_STATE,
	C_LEVEL,
	C_OPENED_AT,
	C_EV_ID,
	C_SEQ,
	C_KIND,
	C_AT,
	C_ACTOR,
	C_LEVEL_BEFORE,
	C_LEVEL_AFTER,
	C_STATE_AFTER,
	C_LEVEL_DUE,
	C_TEXT,
	C_OCCURRED_AT,
	C_PERSON_NAME,
	C_PERSON_ROLE,
	C_PERSON_ORG,
	C_REMAINS,
	C_NOTIFY,
	C_WHOM,
	C_HOW,
	C_INFORMED_AT,
	C_NOT_NEEDED,
	C_PATTERN_LA,
	C_PATTERN_THEME,
	C_AC_TEXT,
	C_AC_OWNER,
	C_AC_DUE,
};

#define EXPORT_SQL(where)                                                                     \
    "SELECT c.id, c.ref, c.uuid, c.child_kind, c.child_id, la.name, c.team, c.agency," \
    " c.decision, c.concern, o.login, c.state, c.level, c.opened_at," \
    " e.id, e.seq, e.kind, e.at, a.login, e.level_before, e.level_after, e.state_after," \
    " e.level_due, e.text, e.occurred_at, e.person_name, e.person_role, e.person_org," \
    " e.concern_remains, e.notify, e.whom, e.how, e.informed_at, e.not_needed," \
    " pl.name, pt.name, ac.text, ac.owner, ac.due" \
    " FROM cases c" \
    " JOIN local_authorities la ON la.id = c.la_id" \
    " JOIN staff o ON o.id = c.owner_id" \
    " JOIN events e ON e.case_id = c.id" \
    " JOIN staff a ON a.id = e.actor_id" \
    " LEFT JOIN local_authorities pl ON pl.id = e.pattern_la_id" \
    " LEFT JOIN themes pt ON pt.id = e.pattern_theme_id" \
    " LEFT JOIN actions ac ON ac.event_id = e.id" \
    " WHERE c.id <= :upto" where \
    " ORDER BY c.id, e.seq, ac.id"
/* The cases the log row counted (no later one), and for a reader who does
 * not see everything only the cases the visibility rule lets them see. */
static const char export_sql[] = EXPORT_SQL("");
static const char export_sql_visible[] = EXPORT_SQL(" AND " ESC_VIS_CONDITION);

/* The case's themes, its first (principal) theme first. */
static const char themes_sql[] =
    "SELECT t.name FROM case_themes ct JOIN themes t ON t.id = ct.theme_id"
    " JOIN cases c ON c.id = ct.case_id"
    " WHERE ct.case_id = :id"
    " ORDER BY ct.theme_id IS NOT c.first_theme_id, t.name";

static const char csv_header[] =
    "ref,uuid,child_kind,child_id,local_authority,team,agency,decision,concern,themes,owner,"
    "case_state,case_level,seq,event,at,actor,level_before,level_after,state_after,level_due,"
    "text,occurred_at,person_name,person_role,person_org,outcome,notify,whom,how,informed_at,"
    "actions\r\n";

typedef struct exporter {
	esc_db *db;
	esc_format fmt;
	FILE *out;
	esc_buf head;    /* CSV: the case's columns, repeated on each of its rows */
	esc_buf event;   /* the current event without its actions */
	esc_buf actions; /* the current event's actions so far */
	esc_buf themes;  /* CSV: the case's themes, joined */
	size_t nactions;
	long long case_id, event_id;
	bool any_case;
	bool write_failed;
	int write_errno;
} exporter;

static const char *col(sqlite3_stmt *st, enum col c)
{
	return store_col_text(st, (int)c);
}

static bool col_null(sqlite3_stmt *st, enum col c)
{
	return sqlite3_column_type(st, (int)c) == SQLITE_NULL;
}

static long long col_int(sqlite3_stmt *st, enum col c)
{
	return sqlite3_column_int64(st, (int)c);
}

static const char *child_kind_name(long long k)
{
	return k == ESC_CHILD_NHS ? "nhs" : k == ESC_CHILD_LOCAL ? "local" : "";
}

/* A contact's outcome, or the chair's decision that informing was not needed. */
static const char *outcome(sqlite3_stmt *st)
{
	if (strcmp(col(st, C_KIND), "contact") == 0 && !col_null(st, C_REMAINS))
		return col_int(st, C_REMAINS) ? "concern remains" : "resolved";
	if (strcmp(col(st, C_KIND), "informed") == 0 && col_int(st, C_NOT_NEEDED))
		return "not needed";
	return "";
}

static void emit(exporter *x, esc_buf *b)
{
	if (b->len > 0 && !x->write_failed && fwrite(b->data, 1, b->len, x->out) != b->len) {
		x->write_failed = true;
		x->write_errno = errno;
	}
	esc_buf_reset(b);
}

/* Appends the case's themes to b: JSON strings separated by commas, or for
 * CSV the names joined with "; ". */
static esc_status case_themes(exporter *x, long long id, esc_buf *b, esc_error *err)
{
	sqlite3_stmt *st = store_prepare(x->db, themes_sql, err);
	if (!st || store_bind_int(st, ":id", id, err) != ESC_OK)
		return err->status;
	int step, n = 0;
	while ((step = store_step(x->db, st, err)) == SQLITE_ROW) {
		const char *name = store_col_text(st, 0);
		if (x->fmt == ESC_FMT_JSON) {
			esc_buf_puts(b, n ? "," : "");
			esc_json_string(b, name);
		} else {
			esc_buf_puts(b, n ? "; " : "");
			esc_buf_puts(b, name);
		}
		n++;
	}
	sqlite3_reset(st);
	return step < 0 ? err->status : ESC_OK;
}

static void csv_int(esc_buf *b, long long v)
{
	esc_buf_printf(b, "%lld,", v);
}

static void csv_text(esc_buf *b, const char *s)
{
	esc_csv_field(b, s);
	esc_buf_add(b, ",", 1);
}

/* CSV: the case's columns, built once per case (themes joined with "; "). */
static esc_status csv_case(exporter *x, sqlite3_stmt *st, esc_error *err)
{
	esc_buf *h = &x->head;
	esc_buf_reset(h);
	csv_text(h, col(st, C_REF));
	csv_text(h, col(st, C_UUID));
	csv_text(h, child_kind_name(col_int(st, C_CHILD_KIND)));
	csv_text(h, col(st, C_CHILD_ID));
	csv_text(h, col(st, C_LA));
	csv_text(h, col(st, C_TEAM));
	csv_text(h, col(st, C_AGENCY));
	csv_text(h, col(st, C_DECISION));
	csv_text(h, col(st, C_CONCERN));
	esc_buf_reset(&x->themes);
	esc_status rc = case_themes(x, col_int(st, C_CASE_ID), &x->themes, err);
	csv_text(h, x->themes.data ? x->themes.data : "");
	csv_text(h, col(st, C_OWNER));
	csv_text(h, esc_state_name((esc_state)col_int(st, C_STATE)));
	csv_int(h, col_int(st, C_LEVEL));
	return rc;
}

static void csv_event(exporter *x, sqlite3_stmt *st)
{
	esc_buf *b = &x->event;
	esc_buf_add(b, x->head.data, x->head.len);
	csv_int(b, col_int(st, C_SEQ));
	csv_text(b, col(st, C_KIND));
	csv_text(b, col(st, C_AT));
	csv_text(b, col(st, C_ACTOR));
	csv_int(b, col_int(st, C_LEVEL_BEFORE));
	csv_int(b, col_int(st, C_LEVEL_AFTER));
	csv_text(b, esc_state_name((esc_state)col_int(st, C_STATE_AFTER)));
	csv_text(b, col(st, C_LEVEL_DUE));
	csv_text(b, col(st, C_TEXT));
	csv_text(b, col(st, C_OCCURRED_AT));
	csv_text(b, col(st, C_PERSON_NAME));
	csv_text(b, col(st, C_PERSON_ROLE));
	csv_text(b, col(st, C_PERSON_ORG));
	csv_text(b, outcome(st));
	csv_text(b, col(st, C_NOTIFY));
	csv_text(b, col(st, C_WHOM));
	csv_text(b, col(st, C_HOW));
	csv_text(b, col(st, C_INFORMED_AT));
}

/* "text | owner | due" joined with " ;; ". */
static void csv_action(exporter *x, sqlite3_stmt *st)
{
	esc_buf *a = &x->actions;
	if (x->nactions > 0)
		esc_buf_puts(a, " ;; ");
	esc_buf_printf(a, "%s | %s | %s", col(st, C_AC_TEXT), col(st, C_AC_OWNER),
	               col(st, C_AC_DUE));
}

static void json_field(esc_buf *b, const char *name, const char *value, bool first)
{
	esc_buf_printf(b, "%s\"%s\":", first ? "" : ",", name);
	esc_json_string(b, value);
}

/* Optional columns are null in JSON when the event does not carry them. */
static void json_opt(esc_buf *b, const char *name, sqlite3_stmt *st, enum col c)
{
	if (col_null(st, c))
		esc_buf_printf(b, ",\"%s\":null", name);
	else
		json_field(b, name, col(st, c), false);
}

static esc_status json_case(exporter *x, sqlite3_stmt *st, esc_error *err)
{
	esc_buf *h = &x->head;
	esc_buf_reset(h);
	esc_buf_puts(h, x->any_case ? ",\n{" : "[\n{");
	json_field(h, "ref", col(st, C_REF), true);
	json_field(h, "uuid", col(st, C_UUID), false);
	json_field(h, "child_kind", child_kind_name(col_int(st, C_CHILD_KIND)), false);
	json_field(h, "child_id", col(st, C_CHILD_ID), false);
	json_field(h, "local_authority", col(st, C_LA), false);
	json_field(h, "team", col(st, C_TEAM), false);
	json_field(h, "agency", col(st, C_AGENCY), false);
	json_field(h, "decision", col(st, C_DECISION), false);
	json_field(h, "concern", col(st, C_CONCERN), false);
	json_field(h, "owner", col(st, C_OWNER), false);
	json_field(h, "state", esc_state_name((esc_state)col_int(st, C_STATE)), false);
	esc_buf_printf(h, ",\"level\":%lld", col_int(st, C_LEVEL));
	json_field(h, "opened_at", col(st, C_OPENED_AT), false);
	esc_buf_puts(h, ",\"themes\":[");
	esc_status rc = case_themes(x, col_int(st, C_CASE_ID), h, err);
	esc_buf_puts(h, "],\"events\":[");
	emit(x, h);
	return rc;
}

static void json_event(exporter *x, sqlite3_stmt *st, bool first)
{
	esc_buf *b = &x->event;
	esc_buf_printf(b, "%s{\"seq\":%lld", first ? "" : ",", col_int(st, C_SEQ));
	json_field(b, "event", col(st, C_KIND), false);
	json_field(b, "at", col(st, C_AT), false);
	json_field(b, "actor", col(st, C_ACTOR), false);
	esc_buf_printf(b, ",\"level_before\":%lld,\"level_after\":%lld",
	               col_int(st, C_LEVEL_BEFORE), col_int(st, C_LEVEL_AFTER));
	json_field(b, "state_after", esc_state_name((esc_state)col_int(st, C_STATE_AFTER)), false);
	json_field(b, "level_due", col(st, C_LEVEL_DUE), false);
	json_field(b, "text", col(st, C_TEXT), false);
	json_opt(b, "occurred_at", st, C_OCCURRED_AT);
	json_opt(b, "person_name", st, C_PERSON_NAME);
	json_opt(b, "person_role", st, C_PERSON_ROLE);
	json_opt(b, "person_org", st, C_PERSON_ORG);
	if (col_null(st, C_REMAINS))
		esc_buf_puts(b, ",\"concern_remains\":null");
	else
		esc_buf_printf(b, ",\"concern_remains\":%s",
		               col_int(st, C_REMAINS) ? "true" : "false");
	json_opt(b, "notify", st, C_NOTIFY);
	json_opt(b, "whom", st, C_WHOM);
	json_opt(b, "how", st, C_HOW);
	json_opt(b, "informed_at", st, C_INFORMED_AT);
	esc_buf_printf(b, ",\"not_needed\":%s", col_int(st, C_NOT_NEEDED) ? "true" : "false");
	json_opt(b, "pattern_local_authority", st, C_PATTERN_LA);
	json_opt(b, "pattern_theme", st, C_PATTERN_THEME);
}

static void json_action(exporter *x, sqlite3_stmt *st)
{
	esc_buf *a = &x->actions;
	esc_buf_puts(a, x->nactions ? ",{" : "{");
	json_field(a, "text", col(st, C_AC_TEXT), true);
	json_field(a, "owner", col(st, C_AC_OWNER), false);
	json_field(a, "due", col(st, C_AC_DUE), false);
	esc_buf_add(a, "}", 1);
}

/* Writes out the event held so far, with its actions. */
static void flush_event(exporter *x)
{
	if (x->event_id == 0)
		return;
	if (x->fmt == ESC_FMT_CSV) {
		esc_csv_field(&x->event, x->actions.data ? x->actions.data : "");
		esc_buf_puts(&x->event, "\r\n");
	} else {
		esc_buf_puts(&x->event, ",\"actions\":[");
		esc_buf_add(&x->event, x->actions.data, x->actions.len);
		esc_buf_puts(&x->event, "]}");
	}
	emit(x, &x->event);
	esc_buf_reset(&x->actions);
	x->nactions = 0;
	x->event_id = 0;
}

static esc_status export_row(exporter *x, sqlite3_stmt *st, esc_error *err)
{
	long long case_id = col_int(st, C_CASE_ID), event_id = col_int(st, C_EV_ID);
	bool new_case = !x->any_case || case_id != x->case_id;
	esc_status rc = ESC_OK;

	if (new_case || event_id != x->event_id)
		flush_event(x);
	if (new_case) {
		if (x->fmt == ESC_FMT_JSON) {
			if (x->any_case) {
				esc_buf_puts(&x->event, "]}");
				emit(x, &x->event);
			}
			rc = json_case(x, st, err);
		} else {
			rc = csv_case(x, st, err);
		}
		x->any_case = true;
		x->case_id = case_id;
	}
	if (event_id != x->event_id) {
		if (x->fmt == ESC_FMT_JSON)
			json_event(x, st, new_case);
		else
			csv_event(x, st);
		x->event_id = event_id;
	}
	if (!col_null(st, C_AC_TEXT)) {
		if (x->fmt == ESC_FMT_JSON)
			json_action(x, st);
		else
			csv_action(x, st);
		x->nactions++;
	}
	return rc;
}

/* One access log row for the export (access.h): its scope and how many
 * cases it holds, counted in the transaction that writes the row; the
 * export then reads those cases and no later one. */
static esc_status export_log(esc_session *s, esc_format fmt, bool *restricted, long long *upto,
                             esc_error *err)
{
	char scope[160];
	bool all = false;
	if (visibility_sees_all(s, &all, err) != ESC_OK)
		return err->status;
	*restricted = !all;
	if (store_begin(s->db, err) != ESC_OK) {
		access_explain_readonly(store_path(s->db), err);
		return err->status;
	}
	sqlite3_stmt *st = store_prepare(
	    s->db, all ? "SELECT coalesce(max(c.id), 0), count(*) FROM cases c"
	               : "SELECT coalesce(max(c.id), 0), count(*) FROM cases c WHERE " ESC_VIS_CONDITION,
	    err);
	esc_status rc = st && (all || visibility_bind(s, st, err) == ESC_OK) ? ESC_OK : err->status;
	long long count = 0;
	if (rc == ESC_OK && store_step(s->db, st, err) == SQLITE_ROW) {
		*upto = sqlite3_column_int64(st, 0);
		count = sqlite3_column_int64(st, 1);
		sqlite3_reset(st);
	} else if (rc == ESC_OK) {
		rc = err->status;
	}
	snprintf(scope, sizeof scope, "%s: %s", fmt == ESC_FMT_JSON ? "json" : "csv",
	         all ? "every case" : "the cases visible to this login (visibility rule)");
	if (rc == ESC_OK)
		rc = access_append(s, 0, ESC_ACCESS_EXPORT, scope, count, err);
	if (rc != ESC_OK) {
		store_rollback(s->db);
		access_explain_readonly(store_path(s->db), err);
		return rc;
	}
	if (store_commit(s->db, err) != ESC_OK) {
		access_explain_readonly(store_path(s->db), err);
		return err->status;
	}
	return ESC_OK;
}

esc_status export_all(esc_session *s, esc_format fmt, FILE *out, esc_error *err)
{
	esc_error local;
	if (!err)
		err = &local;
	if (fmt != ESC_FMT_CSV && fmt != ESC_FMT_JSON)
		return esc_fail(err, ESC_EUSAGE, "format", "export writes csv or json");

	exporter x = {.db = s->db, .fmt = fmt, .out = out};
	esc_buf_init(&x.head);
	esc_buf_init(&x.event);
	esc_buf_init(&x.actions);
	esc_buf_init(&x.themes);

	/* The log row first, with the scope and count of what follows. */
	bool restricted = false;
	long long upto = 0;
	esc_status rc = export_log(s, fmt, &restricted, &upto, err);
	sqlite3_stmt *st = NULL;
	if (rc == ESC_OK) {
		st = store_prepare(s->db, restricted ? export_sql_visible : export_sql, err);
		if (!st || store_bind_int(st, ":upto", upto, err) ||
		    (restricted && visibility_bind(s, st, err)))
			rc = err->status;
	}
	int step = SQLITE_DONE;
	if (rc == ESC_OK && fmt == ESC_FMT_CSV) {
		esc_buf_puts(&x.event, csv_header);
		emit(&x, &x.event);
	}
	while (rc == ESC_OK && !x.write_failed && (step = store_step(s->db, st, err)) == SQLITE_ROW)
		rc = export_row(&x, st, err);
	if (rc == ESC_OK && step < 0)
		rc = err->status;
	if (st)
		sqlite3_reset(st);

	if (rc == ESC_OK) {
		flush_event(&x);
		if (fmt == ESC_FMT_JSON) {
			esc_buf_puts(&x.event, x.any_case ? "]}\n]\n" : "[]\n");
			emit(&x, &x.event);
		}
		if (!x.write_failed && fflush(out) != 0) {
			x.write_failed = true;
			x.write_errno = errno;
		}
		if (x.write_failed)
			rc = esc_fail(err, ESC_ESTORAGE, "output", "could not write the export: %s",
			              strerror(x.write_errno));
	}
	esc_buf_free(&x.head);
	esc_buf_free(&x.event);
	esc_buf_free(&x.actions);
	esc_buf_free(&x.themes);
	return rc;
}
