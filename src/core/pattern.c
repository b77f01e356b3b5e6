/* The multi-case pattern rule (Appendix 5, Definition): several open
 * escalations sharing a theme against one local authority within a window
 * mean the CCG/ICB designated professional must be informed immediately.
 * Clusters are counted by the engine in one grouped query; informing writes
 * one `informed` event per case through the core's own write path. */
#include "escalate/pattern.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case_internal.h"
#include "escalate/config.h"
#include "escalate/store.h"

/* Clusters are counted from the open cases opened in the window (the
 * cases_opened range; + on la_id keeps the planner from walking cases_la
 * instead, a random read per case of the whole table).  A case carries the
 * notification for a cluster when one of its events is a pattern notice
 * tagged with that local authority and theme: those notices are few, so they
 * are counted from the partial index events_pattern (CROSS JOIN keeps that
 * the outer loop) and joined to the clusters that reach the threshold. */
static const char clusters_sql[] =
    "SELECT la.name, t.name, g.n, COALESCE(i.k, 0) AS informed FROM ("
    "  SELECT c.la_id AS la_id, ct.theme_id AS theme_id, COUNT(*) AS n"
    "  FROM cases c JOIN case_themes ct ON ct.case_id = c.id"
    "  WHERE c.state = 1 AND c.opened_at >= :since"
    "  GROUP BY +c.la_id, ct.theme_id HAVING n >= :threshold) g"
    " LEFT JOIN ("
    "  SELECT p.pattern_la_id AS la_id, p.pattern_theme_id AS theme_id,"
    "   COUNT(DISTINCT p.case_id) AS k"
    "  FROM events p CROSS JOIN cases c"
    "  WHERE p.notify = 'pattern' AND c.id = p.case_id AND c.la_id = p.pattern_la_id"
    "    AND c.state = 1 AND c.opened_at >= :since"
    "    AND EXISTS (SELECT 1 FROM case_themes x"
    "                WHERE x.case_id = c.id AND x.theme_id = p.pattern_theme_id)"
    "  GROUP BY 1, 2) i ON i.la_id = g.la_id AND i.theme_id = g.theme_id"
    " JOIN local_authorities la ON la.id = g.la_id"
    " JOIN themes t ON t.id = g.theme_id"
    " WHERE COALESCE(i.k, 0) < g.n"
    " ORDER BY g.n DESC, la.name, t.name";

static const char uninformed_sql[] =
    "SELECT c.id, c.last_seq FROM cases c"
    " JOIN case_themes ct ON ct.case_id = c.id AND ct.theme_id = :theme"
    " WHERE c.state = 1 AND c.la_id = :la AND c.opened_at >= :since"
    "   AND NOT EXISTS (SELECT 1 FROM events p WHERE p.case_id = c.id"
    "                   AND p.notify = 'pattern' AND p.pattern_theme_id = :theme"
    "                   AND p.pattern_la_id = :la)"
    " ORDER BY c.id";

/* Inactive entries still name clusters: cases keep their references. */
static const char la_sql[] = "SELECT id, name FROM local_authorities WHERE name = :name";
static const char theme_sql[] = "SELECT id, name FROM themes WHERE name = :name";

/* The window counts back from today: a case opened on today minus
 * window_days, or later, is within it (civil days in the procedure's zone;
 * opened_at is an instant, so the bound is that day's first instant). */
static void window_start(esc_session *s, int window_days, char since[ESC_TS_LEN + 1])
{
	esc_day_start_text(session_today(s) - window_days, since);
}

void pattern_window(esc_session *s, int *threshold, char since[ESC_TS_LEN + 1])
{
	int window_days;
	config_pattern_rule(s->db, threshold, &window_days);
	window_start(s, window_days, since);
}

esc_status pattern_find(esc_session *s, esc_pattern **out, size_t *n, esc_error *err)
{
	esc_error local;
	if (!err)
		err = &local;
	*out = NULL;
	*n = 0;

	int threshold;
	char since[ESC_TS_LEN + 1];
	pattern_window(s, &threshold, since);

	sqlite3_stmt *st = store_prepare(s->db, clusters_sql, err);
	if (!st || store_bind_text(st, ":since", since, err) != ESC_OK ||
	    store_bind_int(st, ":threshold", threshold, err) != ESC_OK)
		return err->status;

	esc_status rc = ESC_OK;
	size_t cap = 0;
	int step;
	while ((step = store_step(s->db, st, err)) == SQLITE_ROW) {
		if (*n == cap) {
			size_t ncap = cap ? cap * 2 : 8;
			esc_pattern *p = realloc(*out, ncap * sizeof *p);
			if (!p) {
				rc = esc_fail(err, ESC_EINTERNAL, "",
				              "out of memory listing patterns");
				break;
			}
			*out = p;
			cap = ncap;
		}
		esc_pattern *p = &(*out)[(*n)++];
		*p = (esc_pattern){.count = sqlite3_column_int64(st, 2),
		                   .informed = sqlite3_column_int64(st, 3)};
		snprintf(p->local_authority, sizeof p->local_authority, "%s",
		         store_col_text(st, 0));
		snprintf(p->theme, sizeof p->theme, "%s", store_col_text(st, 1));
	}
	if (rc == ESC_OK && step < 0)
		rc = err->status;
	sqlite3_reset(st);
	if (rc != ESC_OK) {
		free(*out);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

static esc_status lookup(esc_db *db, const char *sql, const char *field, const char *what,
                         const char *name, long long *id, char *canonical, esc_error *err)
{
	sqlite3_stmt *st = store_prepare(db, sql, err);
	if (!st || store_bind_text(st, ":name", name ? name : "", err) != ESC_OK)
		return err->status;
	int step = store_step(db, st, err);
	if (step == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		snprintf(canonical, ESC_SHORT_MAX + 1, "%s", store_col_text(st, 1));
	}
	sqlite3_reset(st);
	if (step < 0)
		return err->status;
	if (step != SQLITE_ROW)
		return esc_fail(err, ESC_ENOTFOUND, field,
		                "%s: no %s of that name (see escalate config list)", field, what);
	return ESC_OK;
}

typedef struct case_seq {
	long long id, seq;
} case_seq;

/* The open cases of the cluster that still lack its notification. */
static esc_status uninformed_cases(esc_session *s, long long la, long long theme, const char *since,
                                   case_seq **ids, size_t *n, esc_error *err)
{
	sqlite3_stmt *st = store_prepare(s->db, uninformed_sql, err);
	if (!st || store_bind_int(st, ":la", la, err) != ESC_OK ||
	    store_bind_int(st, ":theme", theme, err) != ESC_OK ||
	    store_bind_text(st, ":since", since, err) != ESC_OK)
		return err->status;
	esc_status rc = ESC_OK;
	size_t cap = 0;
	int step;
	while ((step = store_step(s->db, st, err)) == SQLITE_ROW) {
		if (*n == cap) {
			size_t ncap = cap ? cap * 2 : 8;
			case_seq *p = realloc(*ids, ncap * sizeof *p);
			if (!p) {
				rc = esc_fail(err, ESC_EINTERNAL, "", "out of memory");
				break;
			}
			*ids = p;
			cap = ncap;
		}
		(*ids)[(*n)++] = (case_seq){.id = sqlite3_column_int64(st, 0),
		                            .seq = sqlite3_column_int64(st, 1)};
	}
	if (rc == ESC_OK && step < 0)
		rc = err->status;
	sqlite3_reset(st);
	return rc;
}

/* Reads the cluster and records every event inside one transaction, so a
 * concurrent change either lands before (and is seen) or waits. */
static esc_status inform_in_tx(esc_session *s, long long la, long long theme,
                               const esc_event_input *ev, long *ncases, esc_error *err)
{
	int threshold, window_days;
	char since[ESC_TS_LEN + 1];
	config_pattern_rule(s->db, &threshold, &window_days);
	window_start(s, window_days, since);

	case_seq *ids = NULL;
	size_t n = 0;
	esc_status rc = uninformed_cases(s, la, theme, since, &ids, &n, err);
	if (rc == ESC_OK && n == 0)
		rc = esc_fail(
		    err, ESC_ENOTFOUND, "pattern",
		    "pattern: no open case of that local authority and theme opened in the "
		    "last %d days lacks the pattern notification",
		    window_days);
	for (size_t i = 0; rc == ESC_OK && i < n; i++)
		rc = case_record_in_tx(s, ids[i].id, ids[i].seq, ev, la, theme, err);
	if (rc == ESC_OK)
		*ncases = (long)n;
	free(ids);
	return rc;
}

esc_status pattern_inform(esc_session *s, const char *local_authority, const char *theme,
                          const char *whom, const char *how, const char *when, long *ncases,
                          esc_error *err)
{
	esc_error local;
	if (!err)
		err = &local;
	*ncases = 0;

	long long la_id, theme_id;
	char la_name[ESC_SHORT_MAX + 1], theme_name[ESC_SHORT_MAX + 1],
	    text[2 * ESC_SHORT_MAX + 128];
	if (lookup(s->db, la_sql, "local-authority", "local authority", local_authority, &la_id,
	           la_name, err) != ESC_OK ||
	    lookup(s->db, theme_sql, "theme", "theme", theme, &theme_id, theme_name, err) != ESC_OK)
		return err->status;

	/* The history says which cluster the notice was for, in words too. */
	snprintf(text, sizeof text,
	         "Multi-case pattern: open escalations on the theme '%s' against %s", theme_name,
	         la_name);
	esc_event_input ev = {.kind = ESC_EV_INFORMED,
	                      .notify = ESC_NOTIFY_PATTERN,
	                      .whom = whom,
	                      .how = how,
	                      .informed_at = when,
	                      .text = text};

	if (store_begin(s->db, err) != ESC_OK)
		return err->status;
	if (inform_in_tx(s, la_id, theme_id, &ev, ncases, err) != ESC_OK) {
		store_rollback(s->db);
		*ncases = 0;
		return err->status;
	}
	if (store_commit(s->db, err) != ESC_OK) {
		*ncases = 0;
		return err->status;
	}
	return ESC_OK;
}
