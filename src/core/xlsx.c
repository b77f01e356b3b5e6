/* Workbooks through libxlsxwriter (see xlsx.h).  Strings are written with
 * worksheet_write_string only: it stores a shared or inline string, so text
 * beginning = + - @ is text in Excel and LibreOffice, with no quote mark
 * added.  Nothing here ever calls a worksheet_write_formula function. */
#include "escalate/xlsx.h"

#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "escalate/json_out.h"
#include "escalate/text.h"
#include "xlsx_int.h"

/* Excel's limits: rows per sheet, characters per cell. */
#define XLSX_ROWS       1048576
#define XLSX_CELL_CHARS 32767

esc_status xlsx_fail(esc_xlsx *x, esc_error *err, lxw_error e, const char *what)
{
	(void)x;
	return esc_fail(err, ESC_ESTORAGE, "output", "could not write the workbook (%s): %s", what,
	                lxw_strerror(e));
}

esc_status xlsx_create(const char *path, bool large, esc_xlsx **out, esc_error *err)
{
	*out = NULL;
	esc_xlsx *x = calloc(1, sizeof *x);
	if (!x)
		return esc_fail(err, ESC_EINTERNAL, "", "out of memory");
	lxw_workbook_options opt = {
	    .constant_memory = large ? LXW_TRUE : LXW_FALSE,
	    .tmpdir = NULL,
	    /* past 4 GB only an export gets: ZIP64 for it, the plainest zip else */
	    .use_zip64 = large ? LXW_TRUE : LXW_FALSE};
	x->wb = workbook_new_opt(path, &opt);
	if (!x->wb) {
		free(x);
		return esc_fail(err, ESC_ESTORAGE, "output", "could not start the workbook %s",
		                path);
	}
	esc_buf_init(&x->text);
	x->head = workbook_add_format(x->wb);
	format_set_bold(x->head);
	format_set_bg_color(x->head, 0xD9E1F2);
	format_set_bottom(x->head, LXW_BORDER_THIN);
	format_set_text_wrap(x->head);
	x->bold = workbook_add_format(x->wb);
	format_set_bold(x->bold);
	x->date = workbook_add_format(x->wb);
	format_set_num_format(x->date, "yyyy-mm-dd");
	x->instant = workbook_add_format(x->wb);
	format_set_num_format(x->instant, "yyyy-mm-dd hh:mm:ss\"Z\"");
	x->total = workbook_add_format(x->wb);
	format_set_bold(x->total);
	format_set_top(x->total, LXW_BORDER_THIN);
	x->wrap = workbook_add_format(x->wb);
	format_set_text_wrap(x->wrap);
	format_set_align(x->wrap, LXW_ALIGN_VERTICAL_TOP);
	*out = x;
	return ESC_OK;
}

/* Untrusted text as a cell holds it: controls as stand-ins (line breaks
 * kept), cut below Excel's limit on a character boundary. */
static const char *clean(esc_xlsx *x, const char *s)
{
	esc_buf_reset(&x->text);
	esc_clean_data(&x->text, s ? s : "");
	size_t chars = 0, i = 0;
	for (; i < x->text.len; i++) {
		if (((unsigned char)x->text.data[i] & 0xC0) != 0x80 &&
		    ++chars > XLSX_CELL_CHARS - 1)
			break;
	}
	if (i < x->text.len) {
		x->text.len = i;
		x->text.data[i] = '\0';
		esc_buf_puts(&x->text, "\u2026");
	}
	return x->text.data;
}

esc_status xlsx_text(esc_xlsx *x, lxw_worksheet *ws, int row, int col, const char *s,
                     lxw_format *fmt, esc_error *err)
{
	lxw_error e = worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)col, clean(x, s), fmt);
	return e == LXW_NO_ERROR ? ESC_OK : xlsx_fail(x, err, e, "a text cell");
}

esc_status xlsx_number(esc_xlsx *x, lxw_worksheet *ws, int row, int col, double v, lxw_format *fmt,
                       esc_error *err)
{
	lxw_error e = worksheet_write_number(ws, (lxw_row_t)row, (lxw_col_t)col, v, fmt);
	return e == LXW_NO_ERROR ? ESC_OK : xlsx_fail(x, err, e, "a number cell");
}

esc_status xlsx_day(esc_xlsx *x, lxw_worksheet *ws, int row, int col, esc_day day, esc_error *err)
{
	int y, m, d;
	esc_day_to_ymd(day, &y, &m, &d);
	lxw_datetime dt = {.year = y, .month = m, .day = d};
	lxw_error e = worksheet_write_datetime(ws, (lxw_row_t)row, (lxw_col_t)col, &dt, x->date);
	return e == LXW_NO_ERROR ? ESC_OK : xlsx_fail(x, err, e, "a date cell");
}

static esc_status write_cell(esc_xlsx *x, int col, esc_cell_kind kind, const esc_cell *c,
                             esc_error *err)
{
	lxw_worksheet *ws = x->ws;
	int row = x->row;
	if (c->null)
		return ESC_OK;
	switch (kind) {
	case ESC_CELL_INT:
		return xlsx_number(x, ws, row, col, (double)c->num, NULL, err);
	case ESC_CELL_BOOL: {
		lxw_error e =
		    worksheet_write_boolean(ws, (lxw_row_t)row, (lxw_col_t)col, c->num != 0, NULL);
		return e == LXW_NO_ERROR ? ESC_OK : xlsx_fail(x, err, e, "a boolean cell");
	}
	case ESC_CELL_DATE: {
		esc_day d;
		int mi;
		esc_error ignore;
		if (esc_date_parse(c->text, "date", &d, &mi, &ignore) == ESC_OK)
			return xlsx_day(x, ws, row, col, d, err);
		return xlsx_text(x, ws, row, col, c->text, NULL, err);
	}
	case ESC_CELL_INSTANT: {
		long long t;
		if (!esc_instant_epoch(c->text, &t))
			return xlsx_text(x, ws, row, col, c->text, NULL, err);
		lxw_error e =
		    worksheet_write_unixtime(ws, (lxw_row_t)row, (lxw_col_t)col, t, x->instant);
		return e == LXW_NO_ERROR ? ESC_OK : xlsx_fail(x, err, e, "a date-time cell");
	}
	case ESC_CELL_ID:
	case ESC_CELL_TEXT:
		return xlsx_text(x, ws, row, col, c->text, NULL, err);
	}
	return ESC_OK;
}

esc_status xlsx_table_begin(esc_xlsx *x, const esc_table *t, esc_error *err)
{
	x->ws = workbook_add_worksheet(x->wb, t->title);
	if (!x->ws)
		return esc_fail(err, ESC_EINTERNAL, "", "could not add the sheet %s", t->title);
	x->row = 0;
	worksheet_freeze_panes(x->ws, 1, 0);
	for (int i = 0; i < t->ncols; i++) {
		bool wide = t->cols[i].kind == ESC_CELL_TEXT;
		bool when = t->cols[i].kind == ESC_CELL_INSTANT;
		worksheet_set_column(x->ws, (lxw_col_t)i, (lxw_col_t)i,
		                     wide   ? 30
		                     : when ? 21
		                            : 14,
		                     NULL);
		if (xlsx_text(x, x->ws, 0, i, t->cols[i].name, x->head, err) != ESC_OK)
			return err->status;
	}
	x->row = 1;
	return ESC_OK;
}

esc_status xlsx_table_row(esc_xlsx *x, const esc_table *t, const esc_cell *cells, esc_error *err)
{
	if (x->row >= XLSX_ROWS)
		return esc_fail(err, ESC_EUSAGE, "format",
		                "%s: more rows than one sheet holds (%d); use --format csv",
		                t->name, XLSX_ROWS - 1);
	for (int i = 0; i < t->ncols; i++)
		if (write_cell(x, i, t->cols[i].kind, &cells[i], err) != ESC_OK)
			return err->status;
	x->row++;
	return ESC_OK;
}

esc_status xlsx_finish(esc_xlsx *x, esc_error *err)
{
	if (!x)
		return ESC_OK;
	lxw_error e = workbook_close(x->wb);
	esc_buf_free(&x->text);
	free(x);
	if (e != LXW_NO_ERROR)
		return esc_fail(err, ESC_ESTORAGE, "output", "could not write the workbook: %s",
		                lxw_strerror(e));
	return ESC_OK;
}

static esc_status sink_begin(void *ctx, const esc_table *t, esc_error *err)
{
	return xlsx_table_begin(ctx, t, err);
}

static esc_status sink_row(void *ctx, const esc_table *t, const esc_cell *cells, esc_error *err)
{
	return xlsx_table_row(ctx, t, cells, err);
}

esc_table_sink xlsx_sink(esc_xlsx *x)
{
	return (esc_table_sink){.begin = sink_begin, .row = sink_row, .end = NULL, .ctx = x};
}
