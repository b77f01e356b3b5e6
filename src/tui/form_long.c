/* Long free text in forms (decision, concern, summary, reasons, notes): a
 * word-wrapped, multi-line text area (form.h). */
#include <stdio.h>
#include <string.h>

#include "form.h"

#define LONG_ROWS  6 /* a long text being edited shows this many lines */
#define LONG_BRIEF 2 /* and this many when the focus is elsewhere */

int form_field_cols(const tui *t)
{
	return t->cols - (TUI_FORM_LABEL_COLS + 2) - 2;
}

/* Rows a long text takes: its wrapped lines, up to LONG_ROWS while it is
 * edited and LONG_BRIEF otherwise (its start). */
int form_long_rows(const tui *t, const tui_form_field *fd, bool focused)
{
	tui_wrap w = {0};
	tui_wrap_text(&w, fd->text.s, fd->text.len, form_field_cols(t));
	int n = (int)w.n, most = focused ? LONG_ROWS : LONG_BRIEF;
	tui_wrap_free(&w);
	return n > most ? most : n;
}

/* A long text as a word-wrapped area: the lines around the cursor while it
 * is edited (fd->view is the first line shown), else its start, with an
 * ellipsis when there is more. */
int form_draw_long(tui *t, tui_form_field *fd, int y, int x, int w, bool focused)
{
	tui_wrap wr = {0};
	esc_buf line;
	int rows = form_long_rows(t, fd, focused);
	tui_style st = focused ? TUI_ST_FOCUS : TUI_ST_FIELD;

	tui_wrap_text(&wr, fd->text.s, fd->text.len, w);
	size_t cur = tui_wrap_line_of(&wr, fd->text.cursor);
	size_t top = 0;
	if (focused) {
		top = fd->view;
		if (cur < top)
			top = cur;
		if (cur >= top + (size_t)rows)
			top = cur - (size_t)rows + 1;
		fd->view = top;
	}
	esc_buf_init(&line);
	for (int r = 0; r < rows; r++) {
		size_t i = top + (size_t)r;
		draw_fill(t, y + r, x, w, st);
		if (i >= wr.n)
			continue;
		size_t from = wr.start[i], to = tui_wrap_end(&wr, fd->text.s, fd->text.len, i);
		esc_buf_reset(&line);
		esc_buf_add(&line, fd->text.s + from, to - from);
		bool more = !focused && r == rows - 1 && i + 1 < wr.n;
		if (more)
			esc_buf_puts(&line, " …");
		if (more && esc_display_width(line.data) > w) {
			/* Room for the ellipsis at the end of the last line shown. */
			draw_text(t, y + r, x, w - 2, st, line.data);
			draw_text(t, y + r, x + w - 1, 1, st, "…");
		} else {
			draw_text(t, y + r, x, w, st, line.data);
		}
	}
	if (focused) {
		t->cursor_on = true;
		t->cursor_y = y + (int)(cur - top);
		t->cursor_x =
		    x + tui_text_width(fd->text.s + wr.start[cur], fd->text.cursor - wr.start[cur]);
		if (t->cursor_x >= x + w)
			t->cursor_x = x + w - 1;
	}
	esc_buf_free(&line);
	tui_wrap_free(&wr);
	return rows;
}

/* Up/Down in a long text: a line up or down, keeping the column. */
bool form_long_line_move(const tui *t, tui_form_field *fd, int delta)
{
	tui_wrap wr = {0};
	bool moved = false;
	tui_wrap_text(&wr, fd->text.s, fd->text.len, form_field_cols(t));
	size_t cur = tui_wrap_line_of(&wr, fd->text.cursor);
	if ((delta < 0 && cur > 0) || (delta > 0 && cur + 1 < wr.n)) {
		int col =
		    tui_text_width(fd->text.s + wr.start[cur], fd->text.cursor - wr.start[cur]);
		fd->text.cursor = tui_wrap_offset_at(&wr, fd->text.s, fd->text.len,
		                                     delta < 0 ? cur - 1 : cur + 1, col);
		moved = true;
	}
	tui_wrap_free(&wr);
	return moved;
}

const char *form_long_hint(void)
{
	static char hint[80];
	char key[24];
	tui_key_name(tui_keys_first(TUI_S_TEXTAREA, TUI_A_EDITOR), key, sizeof key);
	snprintf(hint, sizeof hint, "Enter: new line, %s: your editor. ", key);
	return hint;
}
