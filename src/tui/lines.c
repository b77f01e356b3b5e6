/* Pages of prepared lines: the case timeline, the report, help.  Text is
 * sanitised when it is added (so untrusted text is neutralised once, at the
 * edge) and wrapped at spaces to the width of the terminal. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escalate/validate.h"
#include "tui_int.h"

void lines_clear(tui_lines *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i].text);
	l->n = 0;
}

void lines_free(tui_lines *l)
{
	lines_clear(l);
	free(l->v);
	*l = (tui_lines){0};
}

static void lines_push(tui_lines *l, tui_style st, int indent, const char *s, size_t n)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		tui_line *v = realloc(l->v, cap * sizeof *v);
		if (!v)
			abort();
		l->v = v;
		l->cap = cap;
	}
	char *text = strndup(s, n);
	if (!text)
		abort();
	l->v[l->n++] = (tui_line){.text = text, .style = st, .indent = indent};
}

void lines_add(tui_lines *l, tui_style st, int indent, const char *text)
{
	esc_buf b;
	esc_buf_init(&b);
	esc_sanitize(&b, text ? text : "", false);
	lines_push(l, st, indent, b.data, b.len);
	esc_buf_free(&b);
}

/* Length of the character at s (at least 1, so a loop always advances). */
static size_t char_len(const char *s)
{
	uint32_t cp;
	size_t n = esc_utf8_decode(s, strlen(s), &cp);
	return n ? n : 1;
}

/* Wraps one paragraph (NUL-terminated, sanitised) into lines. */
static void wrap_paragraph(tui_lines *l, tui_style st, int indent, int hang, int cols, char *p)
{
	int at = indent;
	if (!*p) {
		lines_push(l, st, at, "", 0);
		return;
	}
	while (*p) {
		int room = cols - at;
		if (room < 8)
			room = 8;
		size_t fit = esc_prefix_for_width(p, room);
		size_t brk = fit;
		if (p[fit] != '\0' && p[fit] != ' ') {
			/* Break at the last space that fits; a word longer than the
			 * line is cut where the line ends. */
			size_t sp = fit;
			while (sp > 0 && p[sp] != ' ')
				sp--;
			if (sp > 0)
				brk = sp;
		}
		if (brk == 0)
			brk = char_len(p);
		size_t end = brk;
		while (end > 0 && p[end - 1] == ' ')
			end--;
		lines_push(l, st, at, p, end);
		p += brk;
		while (*p == ' ')
			p++;
		at = hang;
	}
}

void lines_wrap(tui_lines *l, tui_style st, int indent, int hang, int cols, const char *text)
{
	esc_buf b;
	esc_buf_init(&b);
	esc_sanitize(&b, text ? text : "", true);
	char *p = b.data;
	int first = indent;
	for (;;) {
		char *nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		wrap_paragraph(l, st, first, hang, cols, p);
		first = hang;
		if (!nl)
			break;
		p = nl + 1;
	}
	esc_buf_free(&b);
}

static void lines_clamp(tui_lines *l)
{
	int max = (int)l->n - l->shown;
	if (l->top > max)
		l->top = max;
	if (l->top < 0)
		l->top = 0;
}

void lines_draw(tui *t, tui_lines *l, int y, int rows)
{
	/* Accessible: where the page goes on is said in words on its last
	 * row, not marked with ^ and v at the edge. */
	bool words = t->accessible && rows > 1 && l->n > (size_t)rows;
	l->shown = words ? rows - 1 : rows;
	lines_clamp(l);
	for (int i = 0; i < l->shown && (size_t)(l->top + i) < l->n; i++) {
		const tui_line *ln = &l->v[l->top + i];
		if (i == 0)
			draw_mark(t, y, ln->indent, TUI_MARK_PAGE);
		draw_text(t, y + i, ln->indent, t->cols - ln->indent, ln->style, ln->text);
	}
	bool above = l->top > 0, below = (size_t)(l->top + l->shown) < l->n;
	if (words) {
		char where[120];
		snprintf(where, sizeof where, "Lines %d to %d of %zu%s", l->top + 1,
		         l->top + l->shown, l->n,
		         above && below ? "; more above and below"
		         : below        ? "; more below"
		                        : "; more above");
		draw_text(t, y + rows - 1, 1, t->cols - 1, TUI_ST_DIM, where);
		return;
	}
	if (above)
		draw_text(t, y, t->cols - 1, 1, TUI_ST_DIM, "^");
	if (below)
		draw_text(t, y + rows - 1, t->cols - 1, 1, TUI_ST_DIM, "v");
}

int lines_scroll(tui_lines *l, tui_action a)
{
	int before = l->top;
	int page = l->shown > 2 ? l->shown - 1 : 1;
	switch (a) {
	case TUI_A_UP:
		l->top--;
		break;
	case TUI_A_DOWN:
		l->top++;
		break;
	case TUI_A_PAGE_UP:
		l->top -= page;
		break;
	case TUI_A_PAGE_DOWN:
		l->top += page;
		break;
	case TUI_A_TOP:
		l->top = 0;
		break;
	case TUI_A_BOTTOM:
		l->top = (int)l->n;
		break;
	default:
		return TUI_UNHANDLED;
	}
	lines_clamp(l);
	return l->top != before ? TUI_REDRAW : TUI_DONE;
}
