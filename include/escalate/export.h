/* Every case and its full history, streamed (never all in memory).
 *
 * JSON: an array of cases, each the object `show --format json` prints
 * (data/schema/json/export.schema.json).  CSV and XLSX: one table per kind of
 * row (cases, events, agreed actions, themes per case, notifications), each
 * row keyed back to its case by reference, so no cell ever joins several
 * values.  The tables are declared once (export.c) as columns with a cell
 * kind; writers (CSV here, XLSX in xlsx.h) take them row by row. */
#ifndef ESCALATE_EXPORT_H
#define ESCALATE_EXPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "escalate/query.h"
#include "escalate/report.h"
#include "escalate/session.h"

typedef enum esc_cell_kind {
	ESC_CELL_TEXT,    /* free text */
	ESC_CELL_ID,      /* an identifier: text, never a number (007345, 1E5) */
	ESC_CELL_INT,     /* a count, level or sequence number */
	ESC_CELL_BOOL,    /* true / false */
	ESC_CELL_DATE,    /* a civil date YYYY-MM-DD */
	ESC_CELL_INSTANT, /* an instant: ISO 8601 UTC in CSV, a date-time in XLSX */
} esc_cell_kind;

typedef struct esc_column {
	const char *name; /* snake_case; the CSV header and the sheet's column head */
	esc_cell_kind kind;
} esc_column;

typedef struct esc_cell {
	bool null;        /* nothing stored (an empty CSV field, a blank cell) */
	const char *text; /* TEXT, ID, DATE, INSTANT: the value (UTF-8, untrusted) */
	long long num;    /* INT, BOOL */
} esc_cell;

typedef struct esc_table {
	const char *name;  /* "cases": the CSV file's and the sheet's name */
	const char *title; /* "Cases" */
	const esc_column *cols;
	int ncols;
} esc_table;

/* What the tables are written to.  `row` gets ncols cells. */
typedef struct esc_table_sink {
	esc_status (*begin)(void *ctx, const esc_table *t, esc_error *err);
	esc_status (*row)(void *ctx, const esc_table *t, const esc_cell *cells, esc_error *err);
	esc_status (*end)(void *ctx, const esc_table *t, esc_error *err);
	void *ctx;
} esc_table_sink;

/* The export's tables in order (cases, case_themes, events, actions,
 * notifications); *count gets how many. */
const esc_table *export_tables(int *count);
/* Streams every table to the sink. */
/* Writes one access log row (what: "csv", "xlsx"; the scope and count) and
 * then every table of the cases it counted that the reader may see. */
esc_status export_write_tables(esc_session *s, const char *what, const esc_table_sink *sink,
                               esc_error *err);
/* JSON: an array of case objects. */
esc_status export_json(esc_session *s, FILE *out, esc_error *err);

/* One CSV record (RFC 4180, CRLF) of a table's header or of one row.
 * Identifiers and text go through esc_csv_field (no control or bidi
 * characters, formulas guarded); instants as ISO 8601 UTC. */
void export_csv_header(esc_buf *b, const esc_table *t);
void export_csv_row(esc_buf *b, const esc_table *t, const esc_cell *cells);

/* The case summary (list) as a table of ESC_SUMMARY_NCOLS columns
 * (list_table.c), and one summary as its cells. */
#define ESC_SUMMARY_NCOLS 16
const esc_table *export_summary_table(void);
void export_summary_cells(const esc_case_summary *r, esc_cell *cells);

/* The UTF-8 byte-order mark Excel needs to read a CSV file as UTF-8. */
#define ESC_CSV_BOM "\xef\xbb\xbf"

#endif
