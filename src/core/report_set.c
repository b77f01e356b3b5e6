/* The quarterly table of a database whose cases follow several procedures:
 * one report per procedure version with cases in the period, each counted
 * by report.c's queries narrowed to its cases.  A database whose cases all
 * follow the shipped default gets the one report it always got. */
#include "escalate/report.h"

#include <stdlib.h>
#include <string.h>

#include "escalate/procedure_store.h"
#include "escalate/text.h"
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

/* Several procedures: the title once, then each procedure's table under its
 * name (on every row in CSV), and the receipt once at the end. */
void report_set_render(const esc_report_set *set, esc_format fmt, esc_buf *out)
{
	if (!set->n)
		return;
	const esc_report *first = &set->items[0];
	if (!set->grouped) {
		report_render(first, fmt, out);
		return;
	}
	esc_buf h;
	esc_buf_init(&h);
	switch (fmt) {
	case ESC_FMT_CSV:
		esc_buf_puts(out, "procedure,procedure_version,");
		esc_buf_puts(out, report_csv_head);
		for (size_t i = 0; i < set->n; i++) {
			const esc_procedure *p = proc_or_default(set->items[i].proc);
			esc_buf_reset(&h);
			esc_csv_field(&h, p->name);
			esc_buf_printf(&h, ",%d,", p->version);
			report_csv_body(&set->items[i], h.data, out);
		}
		report_receipt_footer(first, out, ",,receipt,,,", ",,,,\r\n");
		break;
	case ESC_FMT_JSON:
		report_json_set(set, out);
		report_receipt_footer(first, out, ",\"receipt\":\"", "\"");
		esc_buf_puts(out, "}\n");
		break;
	case ESC_FMT_MARKDOWN:
		esc_buf_puts(out, "## ");
		report_title(first, &h);
		esc_md_cell(out, h.data);
		esc_buf_add(out, "\n", 1);
		for (size_t i = 0; i < set->n; i++) {
			esc_buf_reset(&h);
			report_procedure_heading(&set->items[i], &h);
			esc_buf_puts(out, "\n### ");
			esc_md_cell(out, h.data);
			esc_buf_puts(out, "\n\n");
			report_md_body(&set->items[i], out);
		}
		report_receipt_footer(first, out, "\nReceipt: ", "\n");
		break;
	case ESC_FMT_TEXT:
	case ESC_FMT_RECORD:
		report_title(first, out);
		esc_buf_add(out, "\n", 1);
		for (size_t i = 0; i < set->n; i++) {
			esc_buf_reset(&h);
			report_procedure_heading(&set->items[i], &h);
			esc_buf_puts(out, "\n");
			esc_sanitize(out, h.data, false);
			esc_buf_puts(out, "\n\n");
			report_text_body(&set->items[i], out);
		}
		report_receipt_footer(first, out, "\nReceipt: ", "\n");
		break;
	case ESC_FMT_XLSX:
		break;
	}
	esc_buf_free(&h);
}
