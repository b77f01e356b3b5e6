/* Internal to the workbook writers (xlsx.c, report_xlsx.c). */
#ifndef ESCALATE_XLSX_INT_H
#define ESCALATE_XLSX_INT_H

#include <xlsxwriter.h>

#include "escalate/xlsx.h"

struct esc_xlsx {
	lxw_workbook *wb;
	lxw_worksheet *ws; /* the sheet a table is being written to */
	int row;           /* its next row */
	lxw_format *head, *bold, *date, *instant, *total, *wrap;
	esc_buf text; /* a cell's cleaned text */
};

esc_status xlsx_fail(esc_xlsx *x, esc_error *err, lxw_error e, const char *what);
esc_status xlsx_text(esc_xlsx *x, lxw_worksheet *ws, int row, int col, const char *s,
                     lxw_format *fmt, esc_error *err);
esc_status xlsx_number(esc_xlsx *x, lxw_worksheet *ws, int row, int col, double v, lxw_format *fmt,
                       esc_error *err);
esc_status xlsx_day(esc_xlsx *x, lxw_worksheet *ws, int row, int col, esc_day day, esc_error *err);

#endif
