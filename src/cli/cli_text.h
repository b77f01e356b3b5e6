/* Output shapes shared by the listing commands: aligned text columns
 * (sanitised, width-aware, truncated at a cap), CSV rows and JSON members. */
#ifndef ESCALATE_CLI_TEXT_H
#define ESCALATE_CLI_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "escalate/staff.h"
#include "escalate/text.h"

#define CLI_COLS_MAX 10

/* Rows are buffered until cli_cols_flush, which sizes the columns on its
 * first call and keeps those widths for later pages, so a long list can be
 * printed a page at a time and still line up.  Widths are display cells
 * (wcwidth: combining marks 0, wide characters 2).  On a terminal the
 * columns fit the window by the interface's rule (columns.h): a column
 * with a cap may be cut, the widest first, down to the smaller of its cap
 * and 8 cells, marked with "…"; the window's width is $COLUMNS, else the
 * terminal's, else 80.  Piped output keeps whole values, unsized. */
typedef struct cli_cols {
	int ncols;
	const char *heads[CLI_COLS_MAX];
	int cap[CLI_COLS_MAX]; /* > 0: the column may be cut on a terminal */
	int drop[CLI_COLS_MAX]; /* > 0: may be left out on a narrow terminal */
	bool terminal;         /* sized to the window (the output is a terminal) */
	int window;            /* its width in cells (terminal only) */
	int width[CLI_COLS_MAX];
	bool sized;
	char **cells; /* nrows * ncols sanitised copies */
	size_t nrows, maxrows;
} cli_cols;

void cli_cols_init(cli_cols *t, int ncols, const char *const *heads, const int *caps,
                   bool terminal);
/* On a terminal, column `col` may be left out when the window is too
 * narrow for everything (higher `drop` first). */
void cli_cols_droppable(cli_cols *t, int col, int drop);
/* Copies (sanitised) one row of ncols cells; false when out of memory. */
bool cli_cols_add(cli_cols *t, const char *const *cells);
void cli_cols_flush(cli_cols *t, FILE *f);
void cli_cols_free(cli_cols *t);

/* One CSV record (RFC 4180, spreadsheet-safe) of n fields, CRLF-terminated. */
void cli_csv_row(esc_buf *b, int n, const char *const *fields);
/* ,"key":"value" (first: no comma) */
void cli_json_str(esc_buf *b, bool first, const char *key, const char *value);
void cli_json_num(esc_buf *b, bool first, const char *key, long long value);
void cli_json_bool(esc_buf *b, bool first, const char *key, bool value);

/* Every staff record, read once, so a listing can name an owner with the
 * same person object (login, name, role) that show uses. */
typedef struct cli_staff_dir {
	esc_staff *staff;
	size_t n, cap;
} cli_staff_dir;

esc_status cli_staff_dir_load(cli_staff_dir *d, struct esc_db *db, esc_error *err);
/* The record of `login`, or NULL. */
const esc_staff *cli_staff_dir_find(const cli_staff_dir *d, const char *login);
void cli_staff_dir_free(cli_staff_dir *d);

#endif
