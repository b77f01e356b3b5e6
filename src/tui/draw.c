/* Drawing primitives.  Everything that reaches the terminal passes through
 * draw_text: sanitised (control and escape characters shown neutralised,
 * SPEC §6), then cut on a character boundary to the columns it may take.
 * Colour is only ever an extra: every style also has a monochrome attribute,
 * and marks are always written as text. */
#include <stdlib.h>
#include <string.h>

#include "escalate/procedure.h"
#include "tui_int.h"

/* Colour pairs (index = style); 0 means "no colour for this style". */
static const struct {
	short fg, bg;
	attr_t mono;
} styles[TUI_ST_COUNT] = {
    [TUI_ST_NORMAL] = {.fg = -1, .bg = -1, .mono = A_NORMAL},
    [TUI_ST_TITLE] = {.fg = COLOR_WHITE, .bg = COLOR_BLUE, .mono = A_REVERSE | A_BOLD},
    [TUI_ST_HEADER] = {.fg = COLOR_CYAN, .bg = -1, .mono = A_BOLD},
    [TUI_ST_SELECTED] = {.fg = -1, .bg = -1, .mono = A_REVERSE},
    [TUI_ST_DIM] = {.fg = -1, .bg = -1, .mono = A_DIM},
    [TUI_ST_ERROR] = {.fg = COLOR_RED, .bg = -1, .mono = A_BOLD},
    [TUI_ST_INFO] = {.fg = COLOR_GREEN, .bg = -1, .mono = A_NORMAL},
    [TUI_ST_OVERDUE] = {.fg = COLOR_RED, .bg = -1, .mono = A_BOLD},
    [TUI_ST_URGENT] = {.fg = COLOR_MAGENTA, .bg = -1, .mono = A_BOLD},
    [TUI_ST_NOTIFY] = {.fg = COLOR_YELLOW, .bg = -1, .mono = A_BOLD},
    [TUI_ST_BANNER] = {.fg = COLOR_BLACK, .bg = COLOR_YELLOW, .mono = A_REVERSE | A_BOLD},
    [TUI_ST_FIELD] = {.fg = -1, .bg = -1, .mono = A_UNDERLINE},
    [TUI_ST_FOCUS] = {.fg = -1, .bg = -1, .mono = A_REVERSE},
    [TUI_ST_BAR] = {.fg = COLOR_GREEN, .bg = -1, .mono = A_BOLD},
};

void draw_styles_init(tui *t)
{
	/* NO_COLOR (no-color.org): present and not empty means no colour. */
	const char *nc = getenv("NO_COLOR");
	t->colour = has_colors() && !(nc && *nc);
	if (!t->colour)
		return;
	start_color();
	use_default_colors();
	for (int i = 1; i < TUI_ST_COUNT; i++)
		if (styles[i].fg != -1 || styles[i].bg != -1)
			init_pair((short)i, styles[i].fg, styles[i].bg);
}

attr_t draw_attr(const tui *t, tui_style st)
{
	if ((unsigned)st >= TUI_ST_COUNT)
		st = TUI_ST_NORMAL;
	attr_t a = styles[st].mono;
	if (t->colour && (styles[st].fg != -1 || styles[st].bg != -1)) {
		/* With colour the hue carries the meaning; keep bold for marks. */
		a = (a & (A_BOLD | A_UNDERLINE)) | COLOR_PAIR(st);
		if (st == TUI_ST_TITLE || st == TUI_ST_BANNER)
			a |= A_BOLD;
	}
	return a;
}

void draw_mark(tui *t, int y, int x, tui_mark prio)
{
	if (y < 0 || y >= t->rows || x < 0 || x >= t->cols || (int)prio <= t->mark_prio)
		return;
	t->mark_prio = (int)prio;
	t->mark_y = y;
	t->mark_x = x;
}

/* The selected row and the focused field are drawn in their own styles:
 * the first cell drawn in one of them is where the cursor belongs. */
static void draw_mark_style(tui *t, int y, int x, tui_style st)
{
	if (st == TUI_ST_SELECTED)
		draw_mark(t, y, x, TUI_MARK_SELECTED);
	else if (st == TUI_ST_FOCUS)
		draw_mark(t, y, x, TUI_MARK_FOCUS);
}

/* Columns taken by the first n bytes of sanitised text. */
static int prefix_width(char *s, size_t n)
{
	char saved = s[n];
	s[n] = '\0';
	int w = esc_display_width(s);
	s[n] = saved;
	return w;
}

int draw_text(tui *t, int y, int x, int cols, tui_style st, const char *s)
{
	if (y < 0 || y >= t->rows || x < 0 || x >= t->cols || cols <= 0)
		return 0;
	if (cols > t->cols - x)
		cols = t->cols - x;
	draw_mark_style(t, y, x, st);
	esc_buf_reset(&t->scratch);
	esc_sanitize(&t->scratch, s ? s : "", false);
	size_t n = esc_prefix_for_width(t->scratch.data, cols);
	if (n == 0)
		return 0;
	int w = prefix_width(t->scratch.data, n);
	attrset(draw_attr(t, st));
	mvaddnstr(y, x, t->scratch.data, (int)n);
	attrset(A_NORMAL);
	return w;
}

void draw_fill(tui *t, int y, int x, int cols, tui_style st)
{
	if (y < 0 || y >= t->rows || x < 0 || x >= t->cols)
		return;
	if (cols > t->cols - x)
		cols = t->cols - x;
	if (cols <= 0)
		return;
	draw_mark_style(t, y, x, st);
	attrset(draw_attr(t, st));
	mvhline(y, x, ' ', cols);
	attrset(A_NORMAL);
}

void draw_text_pad(tui *t, int y, int x, int cols, tui_style st, const char *s)
{
	draw_fill(t, y, x, cols, st);
	draw_text(t, y, x, cols, st, s);
}

void draw_text_right(tui *t, int y, int x, int cols, tui_style st, const char *s)
{
	esc_buf_reset(&t->scratch);
	esc_sanitize(&t->scratch, s ? s : "", false);
	int w = esc_display_width(t->scratch.data);
	int off = w < cols ? cols - w : 0;
	draw_text(t, y, x + off, cols - off, st, s);
}

void draw_title(tui *t, const char *title)
{
	char who[ESC_SHORT_MAX + 64];
	const esc_staff *me = &t->s->me;

	snprintf(who, sizeof who, "%s (%s%s) ", me->name, esc_role_name(me->role),
	         me->admin ? ", admin" : "");
	draw_fill(t, 0, 0, t->cols, TUI_ST_TITLE);
	if (t->accessible) {
		/* One sentence, no separators to be read out. */
		char line[ESC_SHORT_MAX * 2 + 160];
		snprintf(line, sizeof line, " escalate: %s. Signed in as %s", title, who);
		esc_buf_reset(&t->scratch);
		esc_sanitize(&t->scratch, line, false);
		if (esc_display_width(t->scratch.data) > t->cols)
			snprintf(line, sizeof line, " escalate: %s", title);
		draw_text(t, 0, 0, t->cols, TUI_ST_TITLE, line);
		return;
	}
	int used = draw_text(t, 0, 0, t->cols, TUI_ST_TITLE, " escalate | ");
	used += draw_text(t, 0, used, t->cols - used, TUI_ST_TITLE, title);
	/* The actor goes on the right when it fits whole after the title. */
	esc_buf_reset(&t->scratch);
	esc_sanitize(&t->scratch, who, false);
	int room = t->cols - used - 2;
	if (esc_display_width(t->scratch.data) <= room)
		draw_text_right(t, 0, used + 2, room, TUI_ST_TITLE, who);
}

void draw_global_hint(const tui *t, esc_buf *out)
{
	if (!t->cursor_on) {
		tui_keys_hint(TUI_S_GLOBAL, out);
		return;
	}
	/* Typing: ? is a character here, so the help key shown is the
	 * function key the table also binds to help (F1). */
	size_t n;
	const tui_binding *b = tui_bindings(&n);
	tui_keys_hint_except(TUI_S_GLOBAL, TUI_A_HELP, out);
	for (size_t i = 0; i < n; i++)
		if (b[i].screen == TUI_S_GLOBAL && b[i].action == TUI_A_HELP &&
		    tui_key_is_fn(b[i].key)) {
			char name[24];
			tui_key_name(b[i].key, name, sizeof name);
			esc_buf_printf(out, "%s%s %s", out->len ? "  " : "", name,
			               tui_action_name(TUI_A_HELP));
			break;
		}
}

void draw_footer(tui *t, tui_screen keys, const char *idle)
{
	esc_buf hint, global;

	if (t->msg_kind != TUI_MSG_NONE) {
		/* A long message takes up to three lines above the keys, over the
		 * bottom of the screen; it goes with the next key. */
		tui_lines l = {0};
		tui_style st = t->msg_kind == TUI_MSG_ERROR ? TUI_ST_ERROR : TUI_ST_INFO;
		lines_wrap(&l, st, 1, 3, t->cols - 1, t->msg);
		int n = l.n > 3 ? 3 : (int)l.n;
		for (int i = 0; i < n; i++) {
			int y = t->rows - 1 - n + i;
			draw_fill(t, y, 0, t->cols, TUI_ST_NORMAL);
			draw_text(t, y, l.v[i].indent, t->cols - l.v[i].indent, st, l.v[i].text);
		}
		lines_free(&l);
	} else if (idle) {
		/* An overlay's line replaces the one of the screen beneath. */
		draw_fill(t, t->rows - 2, 0, t->cols, TUI_ST_NORMAL);
		draw_text(t, t->rows - 2, 1, t->cols - 1, TUI_ST_DIM, idle);
	}

	esc_buf_init(&hint);
	esc_buf_init(&global);
	tui_keys_hint(keys, &hint);
	draw_global_hint(t, &global);
	if (global.len)
		esc_buf_printf(&hint, "%s%s", hint.len ? "  " : "", global.data);
	draw_fill(t, t->rows - 1, 0, t->cols, TUI_ST_TITLE);
	draw_text(t, t->rows - 1, 1, t->cols - 1, TUI_ST_TITLE, hint.data);
	esc_buf_free(&hint);
	esc_buf_free(&global);
}

void draw_too_small(tui *t)
{
	char line[160];
	int y = t->rows / 2 - 1;

	erase();
	draw_mark(t, y < 0 ? 0 : y, 0, TUI_MARK_PAGE);
	snprintf(line, sizeof line, "escalate needs a terminal of at least %dx%d;", TUI_MIN_COLS,
	         TUI_MIN_ROWS);
	draw_text(t, y < 0 ? 0 : y, 0, t->cols, TUI_ST_ERROR, line);
	snprintf(line, sizeof line, "this one is %dx%d. Make the window larger.", t->cols, t->rows);
	draw_text(t, y + 1, 0, t->cols, TUI_ST_NORMAL, line);
	draw_text(t, y + 2, 0, t->cols, TUI_ST_DIM, "Ctrl-C quits.");
}

void draw_box(tui *t, int y, int x, int h, int w, const char *title)
{
	if (h < 2 || w < 2)
		return;
	/* Accessible: the rows are the overlay's alone, so a line read out
	 * holds nothing of the screen beneath. */
	for (int i = 0; i < h; i++)
		draw_fill(t, y + i, t->accessible ? 0 : x, t->accessible ? t->cols : w,
		          TUI_ST_NORMAL);
	draw_mark(t, y + 1, x + 2, TUI_MARK_PAGE);
	if (t->accessible) {
		/* No frame to be read out: the title alone, as a line. */
		if (title && *title)
			draw_text(t, y, x + 1, w - 2, TUI_ST_HEADER, title);
		return;
	}
	/* Plain ASCII frames: they read the same on every terminal and in a
	 * captured screen (line-drawing sets do not). */
	attrset(draw_attr(t, TUI_ST_HEADER));
	mvhline(y, x, '-', w);
	mvhline(y + h - 1, x, '-', w);
	mvvline(y + 1, x, '|', h - 2);
	mvvline(y + 1, x + w - 1, '|', h - 2);
	mvaddch(y, x, '+');
	mvaddch(y, x + w - 1, '+');
	mvaddch(y + h - 1, x, '+');
	mvaddch(y + h - 1, x + w - 1, '+');
	attrset(A_NORMAL);
	if (title && *title) {
		char t2[ESC_SHORT_MAX + 8];
		snprintf(t2, sizeof t2, " %s ", title);
		draw_text(t, y, x + 2, w - 4, TUI_ST_HEADER, t2);
	}
}

void draw_field_text(tui *t, int y, int x, int cols, const tui_text *text, size_t *view,
                     bool focused, const char *placeholder)
{
	tui_style st = focused ? TUI_ST_FOCUS : TUI_ST_FIELD;
	draw_fill(t, y, x, cols, st);
	if (text->len == 0 && placeholder && *placeholder && !focused) {
		draw_text(t, y, x, cols, TUI_ST_DIM, placeholder);
		return;
	}
	*view = tui_text_view_start(text, cols, *view);
	draw_text(t, y, x, cols, st, text->s + *view);
	if (focused) {
		t->cursor_on = true;
		t->cursor_y = y;
		t->cursor_x = x + tui_text_width(text->s + *view, text->cursor - *view);
		if (t->cursor_x >= x + cols)
			t->cursor_x = x + cols - 1;
		draw_mark(t, t->cursor_y, t->cursor_x, TUI_MARK_TEXT);
	}
}

bool tui_key_printable(tui_key key)
{
	return key >= 0x20 && !tui_key_is_fn(key) && tui_text_codepoint_ok((uint32_t)key);
}

bool tui_text_apply(tui_text *text, tui_action a)
{
	switch (a) {
	case TUI_A_LEFT:
		return tui_text_left(text);
	case TUI_A_RIGHT:
		return tui_text_right(text);
	case TUI_A_HOME:
		return tui_text_home(text);
	case TUI_A_END:
		return tui_text_end(text);
	case TUI_A_BACKSPACE:
		return tui_text_backspace(text);
	case TUI_A_DELETE:
		return tui_text_delete(text);
	case TUI_A_KILL_START:
		return tui_text_kill_start(text);
	case TUI_A_KILL_END:
		return tui_text_kill_end(text);
	default:
		return false;
	}
}
