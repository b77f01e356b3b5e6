/* Excel workbooks (.xlsx) through libxlsxwriter: the quarterly return, the
 * case list and the export.  Every text and identifier is a string cell
 * (never a formula, whatever it starts with, and never a number: 007345 and
 * 1E5 stay as typed), numbers are number cells, dates and instants date
 * cells (instants in UTC, shown with a trailing Z), booleans boolean cells;
 * control and bidi characters get the stand-ins CSV uses.  The caller names
 * a file it has already created (0600, privilege dropped); it is written
 * over. */
#ifndef ESCALATE_XLSX_H
#define ESCALATE_XLSX_H

#include <stdbool.h>

#include "escalate/export.h"
#include "escalate/report.h"

typedef struct esc_xlsx esc_xlsx;

/* large: rows are written in order and not kept (constant memory). */
esc_status xlsx_create(const char *path, bool large, esc_xlsx **out, esc_error *err);
/* A sheet named after the table, its header row styled and frozen. */
esc_status xlsx_table_begin(esc_xlsx *x, const esc_table *t, esc_error *err);
esc_status xlsx_table_row(esc_xlsx *x, const esc_table *t, const esc_cell *cells, esc_error *err);
/* Writes the file and frees x (also after an error: then the file is not
 * to be trusted and the caller removes it). */
esc_status xlsx_finish(esc_xlsx *x, esc_error *err);
/* A sink for export_write_tables: one sheet per table. */
esc_table_sink xlsx_sink(esc_xlsx *x);

/* The quarterly return: the policy's table with a totals block, themes x
 * local authority, and resolved/open/overdue (report_xlsx.c). */
esc_status report_write_xlsx(const esc_report *r, const char *path, esc_error *err);
/* A report of several procedures: each one's three sheets, numbered ("Return
 * 1", ...) and naming its procedure; one table: as report_write_xlsx. */
esc_status report_set_write_xlsx(const esc_report_set *set, const char *path, esc_error *err);

#endif
