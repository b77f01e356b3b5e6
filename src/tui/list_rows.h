/* The case list's rows (list_rows.c): columns sized from the rows on screen
 * and the window (columns.h), drawn for screen_list.c. */
#ifndef ESCALATE_TUI_LIST_ROWS_H
#define ESCALATE_TUI_LIST_ROWS_H

#include <stdbool.h>

#include "columns.h"
#include "escalate/query.h"
#include "tui_int.h"

enum {
	LC_REF,
	LC_LEVEL,
	LC_LABEL,
	LC_STATE,
	LC_LA,
	LC_THEME,
	LC_OWNER,
	LC_DUE,
	LC_DAYS,
	LC_MARKS,
	LC_COUNT
};

typedef struct list_cols {
	int w[LC_COUNT]; /* 0: not shown */
	bool words;      /* the marks spelt out (OVERDUE, URGENT, NOTIFY) */
	bool ascii;      /* cut with "..." (the locale cannot show "…") */
} list_cols;

/* The widths of the columns for `rows` in a window `cols` wide; the state
 * column only when closed cases can be listed. */
void list_layout(list_cols *c, int cols, bool with_state, const esc_case_summary *rows, int nrows);
void list_header(tui *t, const list_cols *c, int y);
void list_row(tui *t, const list_cols *c, int y, const esc_case_summary *r, bool sel);

#endif
