/* The quarterly table of a database whose cases follow several procedures:
 * one report per procedure version with cases in the period, each counted
 * by report.c's queries narrowed to its cases.  A database whose cases all
 * follow the shipped default gets the one report it always got. */
#include "escalate/report.h"

#include <stdlib.h>
#include <string.h>

#include "escalate/procedure_store.h"
#include "report_int.h"

/* The procedure rows cases are pinned to (0 for cases of the shipped
 * default), in order: the default first, then by row. */
static esc_status pinned_rows(esc_db *db, long long **ids, size_t *n, esc_error *err)
{
	*ids = NULL;
	*n = 0;
	sqlite3_stmt *st = store_prepare(
	    db,
	    "SELECT 0 AS id WHERE EXISTS (SELECT 1 FROM cases WHERE procedure_id IS NULL) "
	    "UNION SELECT procedure_id FROM cases WHERE procedure_id IS NOT NULL ORDER BY id",
	    err);
	if (!st)
		return err->status;
	int rc;
	while ((rc = store_step(db, st, err)) == SQLITE_ROW) {
		long long *more = realloc(*ids, (*n + 1) * sizeof **ids);
		if (!more) {
			sqlite3_reset(st);
			return esc_fail(err, ESC_EINTERNAL, "", "out of memory building the report");
		}
		*ids = more;
		(*ids)[(*n)++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_reset(st);
	return rc < 0 ? err->status : ESC_OK;
}

static bool report_empty(const esc_report *r)
{
	if (r->total || r->cases || r->open_at_end)
		return false;
	for (int l = 0; l <= ESC_STAGES_MAX; l++)
		if (r->resolved_at[l])
			return false;
	return true;
}

esc_status report_build_set(esc_session *s, const esc_period *p, const char *procedure,
                            esc_report_set *out, esc_error *err)
{
	long long *ids;
	size_t n;
	*out = (esc_report_set){0};
	if (pinned_rows(s->db, &ids, &n, err) != ESC_OK)
		return err->status;
	const char *dflt = proc_default()->name;
	bool only_default = n == 0 || (n == 1 && ids[0] == 0);
	if (only_default && (!procedure || strcmp(procedure, dflt) == 0)) {
		free(ids);
		out->items = calloc(1, sizeof *out->items);
		if (!out->items)
			return esc_fail(err, ESC_EINTERNAL, "", "out of memory building the report");
		out->n = 1;
		esc_status rc = report_build(s, p, &out->items[0], err);
		if (rc != ESC_OK)
			report_set_free(out);
		return rc;
	}
	out->items = calloc(n ? n : 1, sizeof *out->items);
	if (!out->items) {
		free(ids);
		return esc_fail(err, ESC_EINTERNAL, "", "out of memory building the report");
	}
	out->grouped = true;
	esc_status rc = ESC_OK;
	bool known = !procedure;
	for (size_t i = 0; rc == ESC_OK && i < n; i++) {
		const esc_procedure *proc;
		if ((rc = procedure_get(s->db, ids[i], &proc, err)) != ESC_OK)
			break;
		if (procedure && strcmp(proc->name, procedure) != 0)
			continue;
		known = true;
		if ((rc = report_build_procedure(s, p, ids[i], proc, &out->items[out->n], err)) !=
		    ESC_OK)
			break;
		out->n++;
	}
	free(ids);
	/* A procedure with nothing in the period is left out, unless that would
	 * leave no table at all. */
	size_t kept = 0;
	for (size_t i = 0; rc == ESC_OK && i < out->n; i++) {
		if (!report_empty(&out->items[i]) || (i == out->n - 1 && kept == 0))
			out->items[kept++] = out->items[i];
		else
			report_free(&out->items[i]);
	}
	if (rc == ESC_OK)
		out->n = kept;
	if (rc == ESC_OK && !known)
		rc = esc_fail(err, ESC_ENOTFOUND, "procedure",
		              "procedure: no case follows %s (see 'escalate procedure list')", procedure);
	if (rc != ESC_OK)
		report_set_free(out);
	return rc;
}

void report_set_free(esc_report_set *set)
{
	if (!set)
		return;
	for (size_t i = 0; i < set->n; i++)
		report_free(&set->items[i]);
	free(set->items);
	*set = (esc_report_set){0};
}
