/* The quarterly return as a workbook.  Sheet "Return": a header block
 * (title and period; the chain heads' receipt goes in its marked place),
 * then the policy's own table Level of Escalation | Number | Themes | Local
 * Authority (with Urgent beside it), its head styled and frozen, and under
 * a blank row a totals block, every figure with the label the other formats
 * use.  Sheet "Themes by LA": distinct cases per theme and local authority.
 * Sheet "Resolved, open, overdue": per level, reached and resolved, then the
 * open and overdue counts. */
#include "escalate/xlsx.h"

#include <stdio.h>
#include <string.h>

#include "escalate/procedure.h"
#include "escalate/procedure_file.h"
#include "xlsx_int.h"

#define TRY(expr)                                                                                  \
	do {                                                                                       \
		if ((expr) != ESC_OK)                                                              \
			return err->status;                                                        \
	} while (0)

/* Rows 0-3: the header block.  Returns the row after it. */
static esc_status header_block(esc_xlsx *x, lxw_worksheet *ws, const esc_report *r, int *next,
                               esc_error *err)
{
	esc_buf t;
	esc_buf_init(&t);
	report_title(r, &t);
	esc_status rc = xlsx_text(x, ws, 0, 0, t.data, x->bold, err);
	/* The page header, printed on every page. */
	esc_buf_reset(&t);
	esc_buf_puts(&t, "&L");
	report_title(r, &t);
	for (size_t i = 2; i < t.len; i++) /* '&' starts a header control code */
		if (t.data[i] == '&')
			t.data[i] = '+';
	if (rc == ESC_OK && worksheet_set_header(ws, t.data) != LXW_NO_ERROR)
		rc = esc_fail(err, ESC_EINTERNAL, "", "could not set the page header");
	esc_buf_free(&t);
	if (rc != ESC_OK)
		return rc;
	TRY(xlsx_text(x, ws, 1, 0, "Period", x->bold, err));
	TRY(xlsx_text(x, ws, 1, 1, r->period.label, NULL, err));
	TRY(xlsx_day(x, ws, 1, 2, r->period.from, err));
	TRY(xlsx_day(x, ws, 1, 3, r->period.to, err));
	/* Row 2: the chain heads when the report was made (a kept workbook is
	 * also a receipt for verify --against); row 3: the procedure, when the
	 * workbook holds one table per procedure. */
	if (r->receipt[0]) {
		TRY(xlsx_text(x, ws, 2, 0, "Receipt", x->bold, err));
		TRY(xlsx_text(x, ws, 2, 1, r->receipt, NULL, err));
	}
	if (r->proc) {
		const esc_procedure *p = r->proc;
		esc_buf_init(&t);
		esc_buf_printf(&t, "%s (%s version %d)", p->title, p->name, p->version);
		rc = xlsx_text(x, ws, 3, 0, "Procedure", x->bold, err);
		if (rc == ESC_OK)
			rc = xlsx_text(x, ws, 3, 1, t.data, NULL, err);
		esc_buf_free(&t);
		if (rc != ESC_OK)
			return rc;
	}
	*next = 4;
	return ESC_OK;
}

/* "Return", or "Return 2" for the second procedure's table. */
static lxw_worksheet *add_sheet(esc_xlsx *x, const char *name, int group)
{
	char full[48];
	if (group)
		snprintf(full, sizeof full, "%s %d", name, group);
	else
		snprintf(full, sizeof full, "%s", name);
	full[31] = '\0'; /* Excel's longest sheet name */
	return workbook_add_worksheet(x->wb, full);
}

static esc_status return_sheet(esc_xlsx *x, const esc_report *r, int group, esc_error *err)
{
	static const char *const heads[] = {"Level of Escalation", "Number", "Themes",
	                                    "Local Authority", "Of which urgent"};
	lxw_worksheet *ws = add_sheet(x, "Return", group);
	if (!ws)
		return esc_fail(err, ESC_EINTERNAL, "", "could not add the sheet Return");
	int row;
	TRY(header_block(x, ws, r, &row, err));
	worksheet_set_column(ws, 0, 0, 34, NULL);
	worksheet_set_column(ws, 1, 1, 12, NULL);
	worksheet_set_column(ws, 2, 2, 50, x->wrap);
	worksheet_set_column(ws, 3, 3, 28, NULL);
	worksheet_set_column(ws, 4, 4, 16, NULL);
	for (int c = 0; c < 5; c++)
		TRY(xlsx_text(x, ws, row, c, heads[c], x->head, err));
	worksheet_freeze_panes(ws, (lxw_row_t)(row + 1), 0);
	row++;
	esc_buf b;
	esc_buf_init(&b);
	esc_status rc = ESC_OK;
	for (size_t i = 0; rc == ESC_OK && i < r->nrows; i++, row++) {
		const esc_report_row *rr = &r->rows[i];
		esc_buf_reset(&b);
		esc_buf_printf(&b, "%d %s", rr->level, proc_level(r->proc, rr->level)->label);
		rc = xlsx_text(x, ws, row, 0, b.data, NULL, err);
		if (rc == ESC_OK)
			rc = xlsx_number(x, ws, row, 1, (double)rr->number, NULL, err);
		esc_buf_reset(&b);
		for (size_t k = 0; k < rr->nthemes; k++)
			esc_buf_printf(&b, "%s%s (%ld)", k ? "; " : "", rr->themes[k].theme,
			               rr->themes[k].count);
		if (rc == ESC_OK)
			rc = xlsx_text(x, ws, row, 2, b.data, x->wrap, err);
		if (rc == ESC_OK)
			rc = xlsx_text(x, ws, row, 3, rr->local_authority, NULL, err);
		if (rc == ESC_OK)
			rc = xlsx_number(x, ws, row, 4, (double)rr->urgent, NULL, err);
	}
	/* The totals block, set apart by a blank row and a rule. */
	row++;
	if (rc == ESC_OK)
		rc = xlsx_text(x, ws, row, 0, "Totals", x->total, err);
	if (rc == ESC_OK)
		rc = xlsx_text(x, ws, row, 1, "Number", x->total, err);
	row++;
	static const esc_figure figs[] = {ESC_FIG_REACHED, ESC_FIG_REACHINGS, ESC_FIG_CASES};
	for (size_t f = 0; rc == ESC_OK && f < sizeof figs / sizeof figs[0]; f++) {
		int from = figs[f] == ESC_FIG_REACHED ? ESC_LEVEL_MIN : 0;
		int to = figs[f] == ESC_FIG_REACHED ? proc_levels(r->proc) : 0;
		for (int l = from; rc == ESC_OK && l <= to; l++, row++) {
			esc_buf_reset(&b);
			report_figure_label(r, figs[f], l, &b);
			rc = xlsx_text(x, ws, row, 0, b.data, NULL, err);
			if (rc == ESC_OK)
				rc = xlsx_number(x, ws, row, 1,
				                 (double)report_figure_value(r, figs[f], l), NULL,
				                 err);
		}
	}
	esc_buf_free(&b);
	return rc;
}

static esc_status themes_sheet(esc_xlsx *x, const esc_report *r, int group, esc_error *err)
{
	lxw_worksheet *ws = add_sheet(x, "Themes by LA", group);
	if (!ws)
		return esc_fail(err, ESC_EINTERNAL, "", "could not add the sheet Themes by LA");
	int row;
	TRY(header_block(x, ws, r, &row, err));
	worksheet_set_column(ws, 0, 1, 30, NULL);
	worksheet_set_column(ws, 2, 2, 14, NULL);
	TRY(xlsx_text(x, ws, row, 0, "Local Authority", x->head, err));
	TRY(xlsx_text(x, ws, row, 1, "Theme", x->head, err));
	TRY(xlsx_text(x, ws, row, 2, "Cases", x->head, err));
	worksheet_freeze_panes(ws, (lxw_row_t)(row + 1), 0);
	row++;
	for (size_t i = 0; i < r->ntheme_la; i++, row++) {
		TRY(xlsx_text(x, ws, row, 0, r->theme_la[i].local_authority, NULL, err));
		TRY(xlsx_text(x, ws, row, 1, r->theme_la[i].theme, NULL, err));
		TRY(xlsx_number(x, ws, row, 2, (double)r->theme_la[i].cases, NULL, err));
	}
	return ESC_OK;
}

static esc_status status_sheet(esc_xlsx *x, const esc_report *r, int group, esc_error *err)
{
	static const char *const heads[] = {"Level", "Reached", "Resolved"};
	lxw_worksheet *ws = add_sheet(x, "Resolved, open, overdue", group);
	if (!ws)
		return esc_fail(err, ESC_EINTERNAL, "", "could not add the sheet of open cases");
	int row;
	TRY(header_block(x, ws, r, &row, err));
	worksheet_set_column(ws, 0, 0, 34, NULL);
	worksheet_set_column(ws, 1, 2, 12, NULL);
	for (int c = 0; c < 3; c++)
		TRY(xlsx_text(x, ws, row, c, heads[c], x->head, err));
	worksheet_freeze_panes(ws, (lxw_row_t)(row + 1), 0);
	row++;
	esc_buf b;
	esc_buf_init(&b);
	esc_status rc = ESC_OK;
	for (int l = ESC_LEVEL_MIN; rc == ESC_OK && l <= proc_levels(r->proc); l++, row++) {
		esc_buf_reset(&b);
		esc_buf_printf(&b, "%d %s", l, proc_level(r->proc, l)->label);
		rc = xlsx_text(x, ws, row, 0, b.data, NULL, err);
		if (rc == ESC_OK)
			rc = xlsx_number(x, ws, row, 1, (double)r->level_total[l], NULL, err);
		if (rc == ESC_OK)
			rc = xlsx_number(x, ws, row, 2, (double)r->resolved_at[l], NULL, err);
	}
	row++;
	static const esc_figure figs[] = {ESC_FIG_OPEN, ESC_FIG_OVERDUE};
	for (size_t f = 0; rc == ESC_OK && f < 2; f++, row++) {
		esc_buf_reset(&b);
		report_figure_label(r, figs[f], 0, &b);
		rc = xlsx_text(x, ws, row, 0, b.data, f == 0 ? x->total : NULL, err);
		if (rc == ESC_OK)
			rc = xlsx_number(x, ws, row, 1, (double)report_figure_value(r, figs[f], 0),
			                 f == 0 ? x->total : NULL, err);
	}
	esc_buf_free(&b);
	return rc;
}

esc_status report_write_xlsx(const esc_report *r, const char *path, esc_error *err)
{
	esc_report_set one = {.items = (esc_report *)r, .n = 1};
	return report_set_write_xlsx(&one, path, err);
}

esc_status report_set_write_xlsx(const esc_report_set *set, const char *path, esc_error *err)
{
	esc_xlsx *x;
	if (xlsx_create(path, false, &x, err) != ESC_OK)
		return err->status;
	esc_status rc = ESC_OK;
	/* one table per procedure: each its three sheets, numbered */
	for (size_t i = 0; rc == ESC_OK && i < set->n; i++) {
		int group = set->grouped ? (int)i + 1 : 0;
		rc = return_sheet(x, &set->items[i], group, err);
		if (rc == ESC_OK)
			rc = themes_sheet(x, &set->items[i], group, err);
		if (rc == ESC_OK)
			rc = status_sheet(x, &set->items[i], group, err);
	}
	esc_error close_err;
	esc_status cst = xlsx_finish(x, &close_err);
	if (rc == ESC_OK && cst != ESC_OK) {
		*err = close_err;
		rc = cst;
	}
	return rc;
}
