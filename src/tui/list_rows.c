/* The case list's rows: each column as wide as what the rows on screen hold
 * and the window allows (columns.c), the authority and theme whole where
 * there is room and cut with an ellipsis where there is not, the owner by
 * name, the date the level is due (issue 13 item 9). */
#include "list_rows.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "escalate/procedure.h"
#include "escalate/text.h"

static const char *const heads[LC_COUNT] = {
    [LC_REF] = "Reference", [LC_LEVEL] = "L",     [LC_LABEL] = "Level", [LC_STATE] = "State",
    [LC_LA] = "Authority",  [LC_THEME] = "Theme", [LC_OWNER] = "Owner", [LC_DUE] = "Due",
    [LC_DAYS] = "Days",     [LC_MARKS] = "!U*"};

/* The marks spelt out take this many cells ("!OVERDUE URGENT *NOTIFY"). */
enum { MARK_WORDS = 24, MARK_SIGNS = 3 };

static void cell_text(const esc_case_summary *r, int col, char *out, size_t outsz)
{
	const esc_level_info *li = proc_level(r->proc, r->level);
	switch (col) {
	case LC_REF:
		snprintf(out, outsz, "%s", r->ref);
		return;
	case LC_LEVEL:
		snprintf(out, outsz, "%d", r->level);
		return;
	case LC_LABEL:
		snprintf(out, outsz, "%s", li ? li->label : "");
		return;
	case LC_STATE:
		snprintf(out, outsz, "%s", esc_state_name(r->state));
		return;
	case LC_LA:
		snprintf(out, outsz, "%s", r->local_authority);
		return;
	case LC_THEME:
		snprintf(out, outsz, "%s", r->first_theme);
		return;
	case LC_OWNER:
		/* A name, not a login; the login when the name is not known. */
		snprintf(out, outsz, "%s", r->owner_name[0] ? r->owner_name : r->owner_login);
		return;
	case LC_DUE:
		snprintf(out, outsz, "%s", r->state == ESC_STATE_OPEN ? r->level_due : "");
		return;
	case LC_DAYS:
		snprintf(out, outsz, "%d", r->days_at_level);
		return;
	default:
		out[0] = '\0';
		return;
	}
}

void list_layout(list_cols *c, int cols, bool with_state, const esc_case_summary *rows, int nrows)
{
	/* When they do not all fit: the level's words give way first (the
	 * number says it), then the owner's name is cut, then the authority
	 * and the theme (the widest first), then the due date and the owner
	 * are left out; an authority or theme is never cut below 12 cells. */
	static const tui_col shape[LC_COUNT] = {
	    [LC_REF] = {.min = 13},
	    [LC_LEVEL] = {.min = 1},
	    [LC_LABEL] = {.min = 6, .cut = 4, .drop = 4},
	    [LC_STATE] = {.min = 9},
	    [LC_LA] = {.min = 12, .cut = 2},
	    [LC_THEME] = {.min = 12, .cut = 2},
	    [LC_OWNER] = {.min = 8, .cut = 3, .drop = 1},
	    [LC_DUE] = {.min = 10, .drop = 1},
	    [LC_DAYS] = {.min = 4},
	    [LC_MARKS] = {.min = MARK_SIGNS},
	};
	tui_col want[LC_COUNT];
	char text[ESC_SHORT_MAX + 8];
	memcpy(want, shape, sizeof want);
	for (int k = 0; k < LC_COUNT; k++) {
		int w = esc_display_width(heads[k]);
		for (int i = 0; i < nrows; i++) {
			cell_text(&rows[i], k, text, sizeof text);
			int cw = esc_display_width(text);
			w = cw > w ? cw : w;
		}
		want[k].want = w;
		/* A column narrower than its floor is never cut. */
		if (want[k].min > w)
			want[k].min = w;
	}
	want[LC_DAYS].want = want[LC_DAYS].want < 4 ? 4 : want[LC_DAYS].want;
	want[LC_MARKS].want = want[LC_MARKS].min = MARK_SIGNS;
	if (!with_state)
		want[LC_STATE] = (tui_col){0}; /* only open cases: it would say "open" */
	int room = cols - 3;                   /* "> " before the rows, a cell spare at the right */
	int used = tui_columns_fit(want, LC_COUNT, room, 1, c->w);
	/* Room to spare after every column is whole: spell the marks out. */
	c->words = used + MARK_WORDS - MARK_SIGNS <= room;
	if (c->words)
		c->w[LC_MARKS] = MARK_WORDS;
	c->ascii = MB_CUR_MAX == 1;
}

void list_header(tui *t, const list_cols *c, int y)
{
	int x = 2;
	if (t->accessible) {
		draw_text(t, y, 0, t->cols, TUI_ST_HEADER, access_case_heading());
		return;
	}
	for (int k = 0; k < LC_COUNT; k++) {
		if (!c->w[k])
			continue;
		const char *h = k == LC_MARKS && c->words ? "Marks" : heads[k];
		if (k == LC_DAYS)
			draw_text_right(t, y, x, c->w[k], TUI_ST_HEADER, h);
		else
			draw_text(t, y, x, c->w[k], TUI_ST_HEADER, h);
		x += c->w[k] + 1;
	}
}

void list_row(tui *t, const list_cols *c, int y, const esc_case_summary *r, bool sel)
{
	tui_style st = sel ? TUI_ST_SELECTED : TUI_ST_NORMAL;
	char text[ESC_SHORT_MAX + 8], cut[ESC_SHORT_MAX + 8];
	int x = 2;

	if (t->accessible) {
		/* one sentence a row, marks first (access.c) */
		esc_buf line;
		esc_buf_init(&line);
		access_case_row(r, c->w[LC_STATE] > 0, &line);
		draw_text_pad(t, y, 0, t->cols, st, line.data);
		esc_buf_free(&line);
		return;
	}
	if (sel) {
		draw_fill(t, y, 0, t->cols, TUI_ST_SELECTED);
		draw_text(t, y, 0, 1, st, ">");
	}
	for (int k = 0; k < LC_MARKS; k++) {
		if (!c->w[k])
			continue;
		cell_text(r, k, text, sizeof text);
		tui_columns_cut(text, c->w[k], c->ascii, cut, sizeof cut);
		if (k == LC_DAYS)
			draw_text_right(t, y, x, c->w[k], st, cut);
		else
			draw_text(t, y, x, c->w[k], st, cut);
		x += c->w[k] + 1;
	}
	/* Marks are text first (readable in monochrome), colour second. */
	const struct {
		bool on;
		const char *word, *mark;
		tui_style style;
		int at;
	} marks[] = {
	    {r->overdue, "!OVERDUE", "!", TUI_ST_OVERDUE, 0},
	    {r->urgent, "URGENT", "U", TUI_ST_URGENT, c->words ? 9 : 1},
	    {r->owed, "*NOTIFY", "*", TUI_ST_NOTIFY, c->words ? 16 : 2},
	};
	for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++)
		if (marks[i].on)
			draw_text(t, y, x + marks[i].at, c->words ? 8 : 1,
			          sel ? st : marks[i].style,
			          c->words ? marks[i].word : marks[i].mark);
}
