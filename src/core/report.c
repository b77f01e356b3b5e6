/* The quarterly table: counted by the database engine (GROUP BY), streamed
 * row by row into the few dozen rows of the report.  No case is ever loaded
 * into memory, so the report costs about what the grouped query costs. */
#include "escalate/report.h"

#include <stdlib.h>
#include <string.h>

#include "escalate/audit.h"
#include "escalate/procedure.h"
#include "escalate/procedure_file.h"
#include "escalate/store.h"
#include "report_int.h"

/* Timestamps are UTC instants "YYYY-MM-DDTHH:MM:SSZ" (civil.h) and periods
 * are civil days in the procedure's zone, so an inclusive range of days is
 * at >= (the first instant of FROM) AND at < (the first instant of TO + 1),
 * compared as text.  Due dates are civil dates, compared with TO. */
typedef struct bounds {
	char from[ESC_TS_LEN + 1];  /* the first instant of the first day */
	char to[ESC_DATE_LEN + 1];  /* last day, a civil date */
	char end[ESC_TS_LEN + 1];   /* the first instant of the day after the last */
} bounds;

static void bounds_of(const esc_period *p, bounds *b)
{
	esc_day_start_text(p->from, b->from);
	esc_day_format(p->to, b->to);
	esc_day_start_text(p->to + 1, b->end);
}

/* Counting rule (SPEC §4): a case counts at level N when an opened, escalated
 * or urgent event took it to level N inside the period.  The partial index
 * events_reached covers exactly those events and holds (at, level_after,
 * case_id), so the scan never reads the events table itself.  Every kind
 * condition below is written as its partial index states it (002_speed.sql),
 * an OR chain: SQLite uses a partial index only for a query that contains the
 * index's condition term for term.
 *  - Themes: grouping by (level, local authority, theme) gives each theme's
 *    count.  A case with several themes must still count once in Number, so
 *    only the row of its first theme (cases.first_theme_id, always one of its
 *    case_themes, written in the same transaction) adds to Number and Urgent;
 *    a case without themes (LEFT JOIN) has one row, which counts.
 *  - Urgent: levels only rise and level 4 is reached once (an urgent jump
 *    starts below it, an escalation to it from level 3), so a level-4 event
 *    was the urgent jump exactly when the case ever had one (cases.urgent).
 * Names are joined after grouping, once per group rather than per event. */
#define REACHED_SQL(BY_PROCEDURE)                                                         \
	"SELECT g.level, g.la_id, la.name, t.name, g.n, g.number, g.urgent FROM ("            \
	"  SELECT e.level_after AS level, c.la_id AS la_id, ct.theme_id AS theme_id,"         \
	"   COUNT(*) AS n, SUM(ct.theme_id IS c.first_theme_id) AS number,"                   \
	"   SUM(e.level_after = :urgent AND c.urgent AND ct.theme_id IS c.first_theme_id)"    \
	"   AS urgent"                                                                         \
	"  FROM events e JOIN cases c ON c.id = e.case_id"                                     \
	"  LEFT JOIN case_themes ct ON ct.case_id = e.case_id"                                 \
	"  WHERE (e.kind = 'opened' OR e.kind = 'escalated' OR e.kind = 'urgent')"             \
	"    AND e.at >= :from AND e.at < :end" BY_PROCEDURE                                   \
	"  GROUP BY 1, 2, 3) g"                                                                \
	" JOIN local_authorities la ON la.id = g.la_id"                                        \
	" LEFT JOIN themes t ON t.id = g.theme_id"                                             \
	" ORDER BY g.level, la.name, g.n DESC, t.name"
/* [0]: every case; [1]: the cases of one procedure (:procedure, 0 for the
 * shipped default).  The first is the query it always was. */
static const char *const reached_sql[2] = {REACHED_SQL(""), REACHED_SQL(REPORT_BY_PROCEDURE("c"))};

/* Resolutions in the period, by the level the case closed at; a case resolved,
 * reopened and resolved again in one period counts once per level.  The first
 * kind term lets the engine use the partial index events_closed. */
#define RESOLVED_SQL(JOIN)                                                                \
	"SELECT level_after, COUNT(DISTINCT case_id) FROM events" JOIN                        \
	" WHERE (kind = 'resolved' OR kind = 'withdrawn') AND kind = 'resolved'"               \
	"   AND at >= :from AND at < :end"                                                     \
	" GROUP BY level_after"
static const char *const resolved_sql[2] = {
    RESOLVED_SQL(""),
    RESOLVED_SQL(" JOIN cases c ON c.id = events.case_id" REPORT_BY_PROCEDURE("c"))};

/* Open and overdue at the period end.  A case's state there is that of its
 * latest event up to the end.  Only opened, escalated, urgent, resolved,
 * withdrawn and reopened events change a case's state or target date, so a
 * case none of those touched since the end is, at the end, what its cached
 * row on cases says now.  Two ways to count, by how much changed since:
 *
 * Few changes (a recent period, the usual report): the cases touched since
 * the end come from the partial indexes events_reached and events_closed,
 * and from cases_open_since (open cases that reached or reopened at their
 * level since); only those need their history, every other open case is
 * counted from its row.  A probe counts reached events since the end, capped
 * at a 32nd of the cases, to choose: measured at 1M cases, past that the
 * sequential pass below is the faster. */
static const char open_probe_sql[] =
    "SELECT COUNT(*) < (SELECT COALESCE(MAX(id), 0) FROM cases) / 32 + 1 FROM ("
    "  SELECT 1 FROM events"
    "   WHERE (kind = 'opened' OR kind = 'escalated' OR kind = 'urgent') AND at >= :end"
    "  LIMIT (SELECT COALESCE(MAX(id), 0) FROM cases) / 32 + 1)";

#define OPEN_RECENT_SQL(BY_PROCEDURE)                                                     \
	"WITH changed(case_id) AS ("                                                           \
	"  SELECT case_id FROM events"                                                         \
	"   WHERE (kind = 'opened' OR kind = 'escalated' OR kind = 'urgent') AND at >= :end"   \
	"  UNION SELECT case_id FROM events"                                                   \
	"   WHERE (kind = 'resolved' OR kind = 'withdrawn') AND at >= :end"                    \
	"  UNION SELECT id FROM cases WHERE state = 1 AND level_since >= :end)"                \
	"SELECT COUNT(*), COALESCE(SUM(due < :to), 0) FROM ("                                  \
	"  SELECT c.state AS state, c.level_due AS due FROM cases c"                           \
	"   WHERE c.state = 1 AND c.level_since < :end AND c.id NOT IN changed" BY_PROCEDURE   \
	"  UNION ALL"                                                                          \
	"  SELECT (SELECT e.state_after FROM events e WHERE e.case_id = c.id AND e.at < :end"  \
	"          ORDER BY e.seq DESC LIMIT 1),"                                              \
	"         (SELECT e.level_due FROM events e WHERE e.case_id = c.id AND e.at < :end"    \
	"          ORDER BY e.seq DESC LIMIT 1)"                                               \
	"   FROM changed ch CROSS JOIN cases c WHERE c.id = ch.case_id AND c.opened_at < :end" \
	BY_PROCEDURE ") WHERE state = 1"
static const char *const open_recent_sql[2] = {OPEN_RECENT_SQL(""),
                                               OPEN_RECENT_SQL(REPORT_BY_PROCEDURE("c"))};

/* Many changes (an old period): one sequential pass over cases, the cached
 * row when the case's latest event of all is before the end, its history
 * otherwise (only if opened before the end: opened_at is the opened event's
 * time).  NOT INDEXED keeps the planner from walking cases_opened with a
 * random read per case, many times slower. */
#define OPEN_SCAN_SQL(BY_PROCEDURE)                                                       \
	"SELECT COUNT(*), COALESCE(SUM(due < :to), 0) FROM ("                                  \
	"  SELECT CASE WHEN c.updated_at < :end THEN c.state"                                  \
	"   ELSE (SELECT e.state_after FROM events e WHERE e.case_id = c.id AND e.at < :end"   \
	"         ORDER BY e.seq DESC LIMIT 1) END AS state,"                                  \
	"   CASE WHEN c.updated_at < :end THEN c.level_due"                                    \
	"   ELSE (SELECT e.level_due FROM events e WHERE e.case_id = c.id AND e.at < :end"     \
	"         ORDER BY e.seq DESC LIMIT 1) END AS due"                                     \
	"  FROM cases c NOT INDEXED WHERE c.opened_at < :end" BY_PROCEDURE                     \
	") WHERE state = 1"
static const char *const open_scan_sql[2] = {OPEN_SCAN_SQL(""),
                                             OPEN_SCAN_SQL(REPORT_BY_PROCEDURE("c"))};

static esc_status oom(esc_error *err)
{
	return esc_fail(err, ESC_EINTERNAL, "", "out of memory while building the report");
}

static esc_status bind_bounds(sqlite3_stmt *st, const bounds *b, bool with_to, esc_error *err)
{
	if (store_bind_text(st, ":from", b->from, err) != ESC_OK ||
	    store_bind_text(st, ":end", b->end, err) != ESC_OK)
		return err->status;
	if (with_to && store_bind_text(st, ":to", b->to, err) != ESC_OK)
		return err->status;
	return ESC_OK;
}

static esc_report_row *row_append(esc_report *r, size_t *cap)
{
	if (r->nrows == *cap) {
		size_t ncap = *cap ? *cap * 2 : 16;
		esc_report_row *rows = realloc(r->rows, ncap * sizeof *rows);
		if (!rows)
			return NULL;
		r->rows = rows;
		*cap = ncap;
	}
	esc_report_row *row = &r->rows[r->nrows++];
	*row = (esc_report_row){0};
	return row;
}

static bool theme_append(esc_report_row *row, size_t *cap, const char *name, long count)
{
	if (row->nthemes == *cap) {
		size_t ncap = *cap ? *cap * 2 : 4;
		esc_theme_count *t = realloc(row->themes, ncap * sizeof *t);
		if (!t)
			return false;
		row->themes = t;
		*cap = ncap;
	}
	char *copy = strdup(name);
	if (!copy)
		return false;
	row->themes[row->nthemes++] = (esc_theme_count){.theme = copy, .count = count};
	return true;
}

/* Folds the grouped (level, local authority, theme) rows, which arrive in
 * report order, into one report row per (level, local authority). */
static esc_status build_rows(esc_db *db, const bounds *b, esc_report *r, esc_error *err)
{
	sqlite3_stmt *st = store_prepare(db, reached_sql[r->proc != NULL], err);
	if (!st || bind_bounds(st, b, false, err) != ESC_OK ||
	    store_bind_int(st, ":urgent", proc_urgent_level(r->proc), err) != ESC_OK ||
	    report_bind_procedure(st, r, err) != ESC_OK)
		return err->status;

	esc_status rc = ESC_OK;
	size_t rows_cap = 0, themes_cap = 0;
	long long cur_la = -1;
	int cur_level = 0, step;
	esc_report_row *row = NULL;

	while ((step = store_step(db, st, err)) == SQLITE_ROW) {
		int level = sqlite3_column_int(st, 0);
		long long la = sqlite3_column_int64(st, 1);
		if (level < ESC_LEVEL_MIN || level > ESC_STAGES_MAX)
			continue; /* the schema's CHECK makes this impossible */
		if (!row || level != cur_level || la != cur_la) {
			row = row_append(r, &rows_cap);
			if (!row || !(row->local_authority = strdup(store_col_text(st, 2)))) {
				rc = oom(err);
				break;
			}
			row->level = level;
			cur_level = level;
			cur_la = la;
			themes_cap = 0;
		}
		long count = sqlite3_column_int64(st, 4);
		long number = sqlite3_column_int64(st, 5);
		long urgent = sqlite3_column_int64(st, 6);
		row->number += number;
		row->urgent += urgent;
		r->level_total[level] += number;
		r->total += number;
		r->urgent_total += urgent;
		if (sqlite3_column_type(st, 3) != SQLITE_NULL &&
		    !theme_append(row, &themes_cap, store_col_text(st, 3), count)) {
			rc = oom(err);
			break;
		}
	}
	if (rc == ESC_OK && step < 0)
		rc = err->status;
	sqlite3_reset(st);
	return rc;
}

static esc_status build_resolved(esc_db *db, const bounds *b, esc_report *r, esc_error *err)
{
	sqlite3_stmt *st = store_prepare(db, resolved_sql[r->proc != NULL], err);
	if (!st || bind_bounds(st, b, false, err) != ESC_OK ||
	    report_bind_procedure(st, r, err) != ESC_OK)
		return err->status;
	int step;
	while ((step = store_step(db, st, err)) == SQLITE_ROW) {
		int level = sqlite3_column_int(st, 0);
		if (level >= ESC_LEVEL_MIN && level <= ESC_STAGES_MAX)
			r->resolved_at[level] = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	return step < 0 ? err->status : ESC_OK;
}

static esc_status build_open(esc_db *db, const bounds *b, esc_report *r, esc_error *err)
{
	sqlite3_stmt *st = store_prepare(db, open_probe_sql, err);
	if (!st || store_bind_text(st, ":end", b->end, err) != ESC_OK)
		return err->status;
	int step = store_step(db, st, err);
	bool few_changes = step == SQLITE_ROW && sqlite3_column_int(st, 0) != 0;
	sqlite3_reset(st);
	if (step < 0)
		return err->status;

	st = store_prepare(db, (few_changes ? open_recent_sql : open_scan_sql)[r->proc != NULL],
	                   err);
	if (!st || store_bind_text(st, ":end", b->end, err) != ESC_OK ||
	    store_bind_text(st, ":to", b->to, err) != ESC_OK ||
	    report_bind_procedure(st, r, err) != ESC_OK)
		return err->status;
	step = store_step(db, st, err);
	if (step == SQLITE_ROW) {
		r->open_at_end = sqlite3_column_int64(st, 0);
		r->open_overdue_at_end = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	return step < 0 ? err->status : ESC_OK;
}

esc_status report_bind_procedure(sqlite3_stmt *st, const esc_report *r, esc_error *err)
{
	if (!r->proc)
		return ESC_OK;
	return store_bind_int(st, ":procedure", r->procedure_id, err);
}

esc_status report_build_procedure(esc_session *s, const esc_period *p, long long procedure_id,
                                  const esc_procedure *proc, esc_report *out, esc_error *err)
{
	esc_error local;
	if (!err)
		err = &local;
	*out = (esc_report){.period = *p, .procedure_id = procedure_id, .proc = proc};
	if (p->to < p->from)
		return esc_fail(err, ESC_EUSAGE, "period",
		                "the period starts after it ends; give --from before --to");

	bounds b, standing;
	bounds_of(p, &b);
	esc_period until = *p;
	esc_day today = session_today(s);
	if (until.to > today)
		until.to = today;
	out->open_as_of = until.to;
	bounds_of(&until, &standing);
	esc_status rc = build_rows(s->db, &b, out, err);
	if (rc == ESC_OK)
		rc = build_resolved(s->db, &b, out, err);
	if (rc == ESC_OK)
		rc = build_open(s->db, &standing, out, err);
	if (rc == ESC_OK)
		rc = report_build_cases(s, b.from, b.end, out, err);
	if (rc == ESC_OK) /* issue 11: every report carries a receipt */
		rc = audit_receipt(s->db, out->receipt, sizeof out->receipt, err);
	if (rc != ESC_OK) {
		report_free(out);
		out->period = *p;
	}
	return rc;
}

esc_status report_build(esc_session *s, const esc_period *p, esc_report *out, esc_error *err)
{
	return report_build_procedure(s, p, 0, NULL, out, err);
}

void report_free(esc_report *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->nrows; i++) {
		for (size_t j = 0; j < r->rows[i].nthemes; j++)
			free(r->rows[i].themes[j].theme);
		free(r->rows[i].themes);
		free(r->rows[i].local_authority);
	}
	free(r->rows);
	for (size_t i = 0; i < r->ntheme_la; i++) {
		free(r->theme_la[i].theme);
		free(r->theme_la[i].local_authority);
	}
	free(r->theme_la);
	*r = (esc_report){0};
}
