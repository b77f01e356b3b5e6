/* Every case and its whole history, streamed.  JSON walks the cases by id
 * a batch at a time and writes each one as `show` does (one shape per
 * entity).  The tables for CSV and XLSX are each one query whose result
 * columns are the table's columns in order, so adding a column is one entry
 * in its column list and one expression in its SELECT (agreed actions will
 * gain a status and an owner kind that way). */
#include "escalate/export.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "escalate/case_format.h"
#include "escalate/json_out.h"
#include "escalate/access.h"
#include "escalate/procedure.h"
#include "escalate/query.h"
#include "escalate/audit.h"
#include "escalate/store.h"
#include "escalate/validate.h"
#include "escalate/visibility.h"

/* How a stored column becomes a cell's text. */
typedef enum conv {
	CV_NONE,
	CV_STATE,      /* state number -> "open" */
	CV_ROLE,       /* role number -> "named" */
	CV_CHILD_KIND, /* 1/2 -> "nhs"/"local" */
	CV_CIVIL_DATE, /* a stored instant -> the civil date it falls on */
} conv;

typedef struct table_def {
	esc_table t;
	const conv *convs; /* one per column */
	const char *sql;   /* ends in a WHERE clause bounding c.id by :upto */
	const char *order;
} table_def;

#define COLS(a) .cols = a, .ncols = (int)(sizeof a / sizeof a[0])

static const esc_column case_cols[] = {
    {"ref", ESC_CELL_ID},
    {"uuid", ESC_CELL_ID},
    {"child_kind", ESC_CELL_TEXT},
    {"child_id", ESC_CELL_ID},
    {"local_authority", ESC_CELL_TEXT},
    {"team", ESC_CELL_TEXT},
    {"agency", ESC_CELL_TEXT},
    {"decision", ESC_CELL_TEXT},
    {"concern", ESC_CELL_TEXT},
    {"owner_login", ESC_CELL_ID},
    {"owner_name", ESC_CELL_TEXT},
    {"state", ESC_CELL_TEXT},
    {"level", ESC_CELL_INT},
    {"level_label", ESC_CELL_TEXT},
    {"opened_at", ESC_CELL_INSTANT},
    {"opened_date", ESC_CELL_DATE},
    {"level_since", ESC_CELL_INSTANT},
    {"level_due", ESC_CELL_DATE},
};
static const conv case_convs[] = {
    CV_NONE, CV_NONE, CV_CHILD_KIND, CV_NONE, CV_NONE,  CV_NONE, CV_NONE,       CV_NONE, CV_NONE,
    CV_NONE, CV_NONE, CV_STATE,      CV_NONE, CV_NONE,  CV_NONE, CV_CIVIL_DATE, CV_NONE, CV_NONE,
};

static const esc_column theme_cols[] = {
    {"case_ref", ESC_CELL_ID},
    {"theme", ESC_CELL_TEXT},
    {"principal", ESC_CELL_BOOL},
};
static const conv theme_convs[] = {CV_NONE, CV_NONE, CV_NONE};

static const esc_column event_cols[] = {
    {"case_ref", ESC_CELL_ID},      {"seq", ESC_CELL_INT},
    {"event", ESC_CELL_TEXT},       {"at", ESC_CELL_INSTANT},
    {"date", ESC_CELL_DATE},        {"actor_login", ESC_CELL_ID},
    {"actor_name", ESC_CELL_TEXT},  {"actor_role", ESC_CELL_TEXT},
    {"level_before", ESC_CELL_INT}, {"level_after", ESC_CELL_INT},
    {"state_after", ESC_CELL_TEXT}, {"level_due", ESC_CELL_DATE},
    {"text", ESC_CELL_TEXT},        {"occurred_at", ESC_CELL_INSTANT},
    {"person_name", ESC_CELL_TEXT}, {"person_role", ESC_CELL_TEXT},
    {"person_org", ESC_CELL_TEXT},  {"outcome", ESC_CELL_TEXT},
    /* An amendment: which field, for a summary which contact (its seq),
     * the values before and after (themes: the names, one a line). */
    {"amend_field", ESC_CELL_TEXT}, {"amend_contact_seq", ESC_CELL_INT},
    {"old_value", ESC_CELL_TEXT},   {"new_value", ESC_CELL_TEXT},
};
static const conv event_convs[] = {
    CV_NONE, CV_NONE,  CV_NONE, CV_NONE, CV_CIVIL_DATE, CV_NONE, CV_NONE, CV_ROLE, CV_NONE,
    CV_NONE, CV_STATE, CV_NONE, CV_NONE, CV_NONE,       CV_NONE, CV_NONE, CV_NONE, CV_NONE,
    CV_NONE, CV_NONE,  CV_NONE, CV_NONE,
};

static const esc_column action_cols[] = {
    {"case_ref", ESC_CELL_ID},          {"event_seq", ESC_CELL_INT},
    {"action", ESC_CELL_INT},           {"number", ESC_CELL_INT},
    {"text", ESC_CELL_TEXT},            {"owner", ESC_CELL_TEXT},
    {"owner_login", ESC_CELL_ID},       {"owner_organisation", ESC_CELL_TEXT},
    {"due", ESC_CELL_DATE},             {"status", ESC_CELL_TEXT},
    {"closed_at", ESC_CELL_INSTANT},    {"closed_by", ESC_CELL_TEXT},
    {"note", ESC_CELL_TEXT},
};
static const conv action_convs[] = {CV_NONE, CV_NONE, CV_NONE, CV_NONE, CV_NONE,
                                    CV_NONE, CV_NONE, CV_NONE, CV_NONE, CV_NONE,
                                    CV_NONE, CV_NONE, CV_NONE};

static const esc_column notify_cols[] = {
    {"case_ref", ESC_CELL_ID},        {"event_seq", ESC_CELL_INT},
    {"notify", ESC_CELL_TEXT},        {"whom", ESC_CELL_TEXT},
    {"how", ESC_CELL_TEXT},           {"informed_at", ESC_CELL_INSTANT},
    {"not_needed", ESC_CELL_BOOL},    {"pattern_local_authority", ESC_CELL_TEXT},
    {"pattern_theme", ESC_CELL_TEXT},
};
static const conv notify_convs[] = {CV_NONE, CV_NONE, CV_NONE, CV_NONE, CV_NONE,
                                    CV_NONE, CV_NONE, CV_NONE, CV_NONE};

#define SAME_LENGTH(a, b)                                                                          \
	_Static_assert(sizeof a / sizeof a[0] == sizeof b / sizeof b[0],                           \
	               #a " and " #b " must list the same columns")
SAME_LENGTH(case_cols, case_convs);
SAME_LENGTH(theme_cols, theme_convs);
SAME_LENGTH(event_cols, event_convs);
SAME_LENGTH(action_cols, action_convs);
SAME_LENGTH(notify_cols, notify_convs);

/* Each SELECT returns its table's columns in order: a column added to a
 * table is one entry in its column list, one in its conversions and one
 * expression here. */
static const table_def tables[] = {
    {.t = {.name = "cases", .title = "Cases", COLS(case_cols)},
     .convs = case_convs,
     .sql = "SELECT c.ref, c.uuid, c.child_kind, c.child_id, la.name, c.team, c.agency,"
            " c.decision, c.concern, o.login, o.name, c.state, c.level,"
            " esc_level_label(c.procedure_id, c.level), c.opened_at,"
            " c.opened_at, c.level_since, NULLIF(substr(c.level_due, 1, 10), '')"
            " FROM cases c JOIN local_authorities la ON la.id = c.la_id"
            " JOIN staff o ON o.id = c.owner_id WHERE c.id <= :upto",
     .order = " ORDER BY c.id"},
    {.t = {.name = "case_themes", .title = "Themes per case", COLS(theme_cols)},
     .convs = theme_convs,
     .sql = "SELECT c.ref, t.name, ct.theme_id IS c.first_theme_id"
            " FROM cases c JOIN case_themes ct ON ct.case_id = c.id"
            " JOIN themes t ON t.id = ct.theme_id"
            " WHERE c.id <= :upto",
     .order = " ORDER BY c.id, ct.theme_id IS NOT c.first_theme_id, t.name"},
    {.t = {.name = "events", .title = "Events", COLS(event_cols)},
     .convs = event_convs,
     .sql = "SELECT c.ref, e.seq, e.kind, e.at, e.at, a.login, a.name, a.role,"
            " e.level_before, e.level_after, e.state_after, NULLIF(e.level_due, ''), e.text,"
            " e.occurred_at, e.person_name, e.person_role, e.person_org,"
            " CASE WHEN e.kind = 'contact' AND e.concern_remains IS NOT NULL THEN"
            "  CASE WHEN e.concern_remains THEN 'concern remains' ELSE 'resolved' END"
            "  WHEN e.kind = 'informed' AND e.not_needed THEN 'not needed' END,"
            " e.amend_field, e.amend_seq, e.old_value, e.new_value"
            " FROM events e JOIN cases c ON c.id = e.case_id JOIN staff a ON a.id = e.actor_id"
            " WHERE c.id <= :upto",
     .order = " ORDER BY c.id, e.seq"},
    {.t = {.name = "actions", .title = "Agreed actions", COLS(action_cols)},
     .convs = action_convs,
     /* action: its place among its discussion's; number: within the case,
      * as `escalate action done REF NUMBER` names it.  An action written
      * before migration 5 belongs to the staff member its text names. */
     .sql = "SELECT c.ref, e.seq,"
            " (SELECT count(*) FROM actions p WHERE p.event_id = a.event_id AND p.id <= a.id),"
            " (SELECT count(*) FROM actions q WHERE q.case_id = a.case_id AND q.id <= a.id),"
            " a.text, a.owner, os.login, coalesce(a.owner_org, ''), a.due,"
            " coalesce(u.status, 'open'), u.at, us.name, u.note"
            " FROM actions a JOIN events e ON e.id = a.event_id JOIN cases c ON c.id = e.case_id"
            " LEFT JOIN staff os ON os.id = CASE WHEN a.owner_kind IS NULL THEN "
            ESC_LEGACY_ACTION_OWNER " ELSE a.owner_staff_id END"
            " LEFT JOIN action_updates u ON u.action_id = a.id"
            " LEFT JOIN staff us ON us.id = u.actor_id"
            " WHERE c.id <= :upto",
     .order = " ORDER BY c.id, e.seq, a.id"},
    {.t = {.name = "notifications", .title = "Notifications", COLS(notify_cols)},
     .convs = notify_convs,
     .sql = "SELECT c.ref, e.seq, e.notify, e.whom, e.how, e.informed_at, e.not_needed,"
            " pl.name, pt.name"
            " FROM events e JOIN cases c ON c.id = e.case_id"
            " LEFT JOIN local_authorities pl ON pl.id = e.pattern_la_id"
            " LEFT JOIN themes pt ON pt.id = e.pattern_theme_id"
            " WHERE e.kind = 'informed' AND c.id <= :upto",
     .order = " ORDER BY c.id, e.seq"},
};

enum { NTABLES = (int)(sizeof tables / sizeof tables[0]), MAX_COLS = 32 };

const esc_table *export_tables(int *count)
{
	static esc_table list[NTABLES];
	for (int i = 0; i < NTABLES; i++)
		list[i] = tables[i].t;
	*count = NTABLES;
	return list;
}

/* Fills cell i from result column i; conversions keep their text in held. */
static void read_cell(sqlite3_stmt *st, int i, esc_cell_kind kind, conv cv, esc_cell *cell,
                      char *held, size_t heldsz)
{
	*cell = (esc_cell){.null = sqlite3_column_type(st, i) == SQLITE_NULL, .text = ""};
	if (cell->null)
		return;
	long long n = sqlite3_column_int64(st, i);
	const char *t = store_col_text(st, i);
	switch (cv) {
	case CV_STATE:
		t = esc_state_name((esc_state)n);
		break;
	case CV_ROLE:
		t = esc_role_name((esc_role)n);
		break;
	case CV_CHILD_KIND:
		t = n == ESC_CHILD_NHS ? "nhs" : n == ESC_CHILD_LOCAL ? "local" : "";
		break;
	case CV_CIVIL_DATE: {
		esc_day d = esc_instant_day(t);
		if (d < 0) {
			cell->null = true;
			return;
		}
		esc_day_format(d, held);
		t = held;
		break;
	}
	case CV_NONE:
		break;
	}
	(void)heldsz;
	cell->num = n;
	cell->text = t;
	if ((kind == ESC_CELL_DATE || kind == ESC_CELL_INSTANT) && !*t)
		cell->null = true;
}

/* The export's bounds: the cases its access log row counted, no later one,
 * and for a reader who does not see everything only those the visibility
 * rule lets them see. */
typedef struct export_scope {
	bool restricted;
	long long upto;
} export_scope;

static esc_status write_table(esc_session *s, const table_def *d, const export_scope *sc,
                              const esc_table_sink *sink, esc_error *err)
{
	char sql[4096];
	snprintf(sql, sizeof sql, "%s%s%s", d->sql, sc->restricted ? " AND " ESC_VIS_CONDITION : "",
	         d->order);
	sqlite3_stmt *st = store_prepare(s->db, sql, err);
	if (!st || store_bind_int(st, ":upto", sc->upto, err) ||
	    (sc->restricted && visibility_bind(s, st, err)))
		return err->status;
	esc_status rc = sink->begin ? sink->begin(sink->ctx, &d->t, err) : ESC_OK;
	esc_cell cells[MAX_COLS];
	char held[MAX_COLS][ESC_DATE_LEN + 1];
	int step = SQLITE_DONE;
	while (rc == ESC_OK && (step = store_step(s->db, st, err)) == SQLITE_ROW) {
		for (int i = 0; i < d->t.ncols && i < MAX_COLS; i++)
			read_cell(st, i, d->t.cols[i].kind, d->convs[i], &cells[i], held[i],
			          sizeof held[i]);
		rc = sink->row(sink->ctx, &d->t, cells, err);
	}
	if (rc == ESC_OK && step < 0)
		rc = err->status;
	sqlite3_reset(st);
	if (rc == ESC_OK && sink->end)
		rc = sink->end(sink->ctx, &d->t, err);
	return rc;
}

/* One access log row for the export (access.h): its scope and how many
 * cases it holds, counted in the transaction that writes the row; the
 * export then reads those cases and no later one. */
static esc_status export_log(esc_session *s, const char *what, export_scope *sc,
                             esc_error *err)
{
	char scope[160];
	bool all = false;
	if (visibility_sees_all(s, &all, err) != ESC_OK)
		return err->status;
	sc->restricted = !all;
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
		sc->upto = sqlite3_column_int64(st, 0);
		count = sqlite3_column_int64(st, 1);
		sqlite3_reset(st);
	} else if (rc == ESC_OK) {
		rc = err->status;
	}
	snprintf(scope, sizeof scope, "%s: %s", what,
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

esc_status export_write_tables(esc_session *s, const char *what, const esc_table_sink *sink,
                               esc_error *err)
{
	esc_error local;
	if (!err)
		err = &local;
	/* The log row first, with the scope and count of what follows. */
	export_scope sc = {0};
	if (export_log(s, what, &sc, err) != ESC_OK)
		return err->status;
	/* one read transaction: every table describes the same moment */
	esc_status rc = store_exec(s->db, "BEGIN", err);
	for (int i = 0; rc == ESC_OK && i < NTABLES; i++)
		rc = write_table(s, &tables[i], &sc, sink, err);
	esc_error ignore;
	store_exec(s->db, "COMMIT", &ignore);
	return rc;
}

void export_csv_header(esc_buf *b, const esc_table *t)
{
	for (int i = 0; i < t->ncols; i++) {
		if (i)
			esc_buf_add(b, ",", 1);
		esc_buf_puts(b, t->cols[i].name);
	}
	esc_buf_puts(b, "\r\n");
}

void export_csv_row(esc_buf *b, const esc_table *t, const esc_cell *cells)
{
	for (int i = 0; i < t->ncols; i++) {
		const esc_cell *c = &cells[i];
		if (i)
			esc_buf_add(b, ",", 1);
		if (c->null)
			continue;
		char iso[ESC_INSTANT_LEN + 1];
		switch (t->cols[i].kind) {
		case ESC_CELL_INT:
			esc_buf_printf(b, "%lld", c->num);
			break;
		case ESC_CELL_BOOL:
			esc_buf_puts(b, c->num ? "true" : "false");
			break;
		case ESC_CELL_INSTANT:
			if (esc_instant_iso(c->text, iso))
				esc_buf_puts(b, iso);
			break;
		case ESC_CELL_DATE:
		case ESC_CELL_ID:
		case ESC_CELL_TEXT:
			esc_csv_field(b, c->text);
			break;
		}
	}
	esc_buf_puts(b, "\r\n");
}

/* JSON: case ids a batch at a time (keyset), each case loaded and written
 * whole; at most one case is in memory. */
esc_status export_json(esc_session *s, FILE *out, esc_error *err)
{
	enum { BATCH = 256 };
	esc_error local;
	if (!err)
		err = &local;
	long long ids[BATCH], last = 0;
	size_t n, written = 0;
	export_scope sc = {0};
	esc_status rc = export_log(s, "json", &sc, err);
	esc_buf b;
	esc_buf_init(&b);
	if (fputs("[", out) == EOF)
		rc = esc_fail(err, ESC_ESTORAGE, "output", "could not write the export: %s",
		              strerror(errno));
	do {
		n = 0;
		sqlite3_stmt *st =
		    rc != ESC_OK ? NULL
		    : sc.restricted
		        ? store_prepare(s->db,
		                        "SELECT c.id FROM cases c WHERE c.id > :last AND c.id <= :upto"
		                        " AND " ESC_VIS_CONDITION " ORDER BY c.id LIMIT :n",
		                        err)
		        : store_prepare(s->db,
		                        "SELECT c.id FROM cases c WHERE c.id > :last AND c.id <= :upto"
		                        " ORDER BY c.id LIMIT :n",
		                        err);
		if (rc == ESC_OK && (!st || store_bind_int(st, ":last", last, err) ||
		                     store_bind_int(st, ":upto", sc.upto, err) ||
		                     store_bind_int(st, ":n", BATCH, err) ||
		                     (sc.restricted && visibility_bind(s, st, err))))
			rc = err->status;
		int step;
		while (rc == ESC_OK && (step = store_step(s->db, st, err)) == SQLITE_ROW)
			ids[n++] = sqlite3_column_int64(st, 0);
		if (rc == ESC_OK && step < 0)
			rc = err->status;
		if (st)
			sqlite3_reset(st);
		for (size_t i = 0; rc == ESC_OK && i < n; i++) {
			esc_case c;
			rc = query_case(s, ids[i], &c, err);
			if (rc != ESC_OK)
				break;
			esc_buf_reset(&b);
			esc_buf_puts(&b, written++ ? ",\n" : "\n");
			case_format_json(&c, &b);
			if (b.len && b.data[b.len - 1] == '\n')
				b.data[--b.len] = '\0';
			esc_case_free(&c);
			if (fwrite(b.data, 1, b.len, out) != b.len)
				rc = esc_fail(err, ESC_ESTORAGE, "output",
				              "could not write the export: %s", strerror(errno));
			last = ids[i];
		}
	} while (rc == ESC_OK && n == BATCH);
	if (rc == ESC_OK && (fputs(written ? "\n]\n" : "]\n", out) == EOF || fflush(out) != 0))
		rc = esc_fail(err, ESC_ESTORAGE, "output", "could not write the export: %s",
		              strerror(errno));
	esc_buf_free(&b);
	return rc;
}
