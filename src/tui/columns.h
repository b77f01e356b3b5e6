/* Column widths from the content and the window, as tig sizes its columns
 * to what they hold (issue 13 item 9).  Pure: no curses, no database; the
 * interface's case list and the CLI's text tables on a terminal both use
 * it, so the two follow one rule. */
#ifndef ESCALATE_TUI_COLUMNS_H
#define ESCALATE_TUI_COLUMNS_H

#include <stdbool.h>
#include <stddef.h>

#define TUI_COLS_MAX 16

typedef struct tui_col {
	int want; /* the widest value it holds, its heading included (cells) */
	int min;  /* the narrowest it may be cut to; min >= want: never cut */
	/* When the columns do not fit, the steps taken, from the highest
	 * priority down to 1: the columns of that `cut` priority are cut (the
	 * widest first, a cell at a time, down to min), then those of that
	 * `drop` priority are left out.  Then the columns of cut 0 are cut,
	 * and last the last column shown.  0 for drop: always shown. */
	int cut, drop;
} tui_col;

/* Widths of n columns (at most TUI_COLS_MAX) with `gap` cells between
 * neighbours, in at most `width` cells: every column as wide as it wants
 * when that fits, otherwise cut and left out in the order above (so the
 * level's words give way before a theme, and wide columns of one priority
 * even out), then any room left given back to the columns that were cut,
 * those cut last first, the narrowest first.  out[i] 0: not shown.
 * Returns the cells used. */
int tui_columns_fit(const tui_col *cols, int n, int width, int gap, int *out);

/* s cut to `width` display cells: whole when it fits, else the longest
 * prefix that leaves room for an ellipsis, "…" (one cell) or, where the
 * terminal cannot show it (ascii), "...".  out holds outsz bytes. */
void tui_columns_cut(const char *s, int width, bool ascii, char *out, size_t outsz);

#endif
