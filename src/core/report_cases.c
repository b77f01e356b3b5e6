/* The report's counts of distinct cases: how many cases reached a level in
 * the period (each once, however many levels it reached: the Total of the
 * level rows counts a case once per level), and the same per theme and
 * local authority for the return's second sheet.  Same counting rule and
 * bounds as report.c: reached = an opened, escalated or urgent event inside
 * the period, with the bounds report.c computes; the kind terms are written
 * as the partial index events_reached states them, so it serves these scans
 * too. */
#include "report_int.h"

#include <stdlib.h>
#include <string.h>

#include "escalate/store.h"

#define CASES_SQL(JOIN)                                                                   \
	"SELECT COUNT(DISTINCT e.case_id) FROM events e" JOIN                                 \
	" WHERE (e.kind = 'opened' OR e.kind = 'escalated' OR e.kind = 'urgent')"              \
	"   AND e.at >= :from AND e.at < :end"
static const char *const cases_sql[2] = {
    CASES_SQL(""), CASES_SQL(" JOIN cases c ON c.id = e.case_id" REPORT_BY_PROCEDURE("c"))};

#define THEME_LA_SQL(BY_PROCEDURE)                                                        \
	"SELECT la.name, t.name, g.n FROM ("                                                   \
	"  SELECT c.la_id AS la_id, ct.theme_id AS theme_id, COUNT(DISTINCT e.case_id) AS n"   \
	"  FROM events e JOIN cases c ON c.id = e.case_id"                                     \
	"  JOIN case_themes ct ON ct.case_id = e.case_id"                                      \
	"  WHERE (e.kind = 'opened' OR e.kind = 'escalated' OR e.kind = 'urgent')"             \
	"    AND e.at >= :from AND e.at < :end" BY_PROCEDURE                                   \
	"  GROUP BY 1, 2) g"                                                                   \
	" JOIN local_authorities la ON la.id = g.la_id JOIN themes t ON t.id = g.theme_id"     \
	" ORDER BY la.name, t.name"
static const char *const theme_la_sql[2] = {THEME_LA_SQL(""),
                                            THEME_LA_SQL(REPORT_BY_PROCEDURE("c"))};

static esc_status bind(sqlite3_stmt *st, const char *from, const char *end, esc_error *err)
{
	if (store_bind_text(st, ":from", from, err) != ESC_OK ||
	    store_bind_text(st, ":end", end, err) != ESC_OK)
		return err->status;
	return ESC_OK;
}

esc_status report_build_cases(esc_session *s, const char *from, const char *end, esc_report *r,
                              esc_error *err)
{
	sqlite3_stmt *st = store_prepare(s->db, cases_sql[r->proc != NULL], err);
	if (!st || bind(st, from, end, err) != ESC_OK || report_bind_procedure(st, r, err))
		return err->status;
	int step = store_step(s->db, st, err);
	if (step == SQLITE_ROW)
		r->cases = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (step < 0)
		return err->status;

	st = store_prepare(s->db, theme_la_sql[r->proc != NULL], err);
	if (!st || bind(st, from, end, err) != ESC_OK || report_bind_procedure(st, r, err))
		return err->status;
	size_t cap = 0;
	esc_status rc = ESC_OK;
	while (rc == ESC_OK && (step = store_step(s->db, st, err)) == SQLITE_ROW) {
		if (r->ntheme_la == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			esc_theme_la *grown = realloc(r->theme_la, ncap * sizeof *grown);
			if (!grown) {
				rc = esc_fail(err, ESC_EINTERNAL, "",
				              "out of memory building the report");
				break;
			}
			r->theme_la = grown;
			cap = ncap;
		}
		esc_theme_la *t = &r->theme_la[r->ntheme_la];
		t->local_authority = strdup(store_col_text(st, 0));
		t->theme = strdup(store_col_text(st, 1));
		t->cases = sqlite3_column_int64(st, 2);
		r->ntheme_la++;
		if (!t->local_authority || !t->theme)
			rc = esc_fail(err, ESC_EINTERNAL, "", "out of memory building the report");
	}
	if (rc == ESC_OK && step < 0)
		rc = err->status;
	sqlite3_reset(st);
	return rc;
}
