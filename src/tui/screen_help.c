/* Help (every key of every screen, generated from the key table the
 * screens use, so it cannot drift) and a plain page of text. */
#include <stdlib.h>
#include <string.h>

#include "tui_int.h"

#define KEY_COLS 22

typedef struct pager {
	char title[ESC_SHORT_MAX + 80];
	char *text; /* NULL: the help page */
	tui_lines lines;
	/* Help opens at the keys of the screen it was asked from. */
	bool here[TUI_S_COUNT];
} pager;

typedef struct help_pass {
	pager *p;
	bool here; /* this pass: the sections of the screen help was asked from */
} help_pass;

static void help_cb(tui_screen screen, bool first, const char *keys, tui_action a, void *ctx)
{
	help_pass *hp = ctx;
	tui_lines *l = &hp->p->lines;
	esc_buf b;
	if (hp->p->here[screen] != hp->here)
		return;
	if (first) {
		if (l->n)
			lines_add(l, TUI_ST_NORMAL, 0, "");
		lines_add(l, TUI_ST_HEADER, 1, tui_screen_title(screen));
	}
	esc_buf_init(&b);
	esc_buf_printf(&b, "%-*s %s", KEY_COLS, keys, tui_action_help(a));
	lines_wrap(l, TUI_ST_NORMAL, 3, 4 + KEY_COLS, l->built_cols - 1, b.data);
	esc_buf_free(&b);
}

static void pager_build(tui *t, pager *p)
{
	lines_clear(&p->lines);
	p->lines.built_cols = t->cols;
	if (p->text) {
		lines_wrap(&p->lines, TUI_ST_NORMAL, 1, 1, t->cols - 2, p->text);
		return;
	}
	lines_wrap(&p->lines, TUI_ST_NORMAL, 1, 1, t->cols - 2,
	           "A screen's own keys are tried first, then the keys that work everywhere. "
	           "In text fields and prompts, printable characters are typed; in pick-lists "
	           "they narrow the list.");
	help_pass hp = {.p = p, .here = true};
	tui_keys_each_help(help_cb, &hp);
	hp.here = false;
	tui_keys_each_help(help_cb, &hp);
}

static void pager_draw(tui *t, tui_view *v)
{
	pager *p = v->data;
	draw_title(t, p->title);
	if (p->lines.built_cols != t->cols)
		pager_build(t, p);
	lines_draw(t, &p->lines, 1, t->rows - 3);
	draw_footer(t, TUI_S_PAGER, NULL);
}

static int pager_handle(tui *t, tui_view *v, tui_action a, tui_key key)
{
	pager *p = v->data;
	(void)t;
	(void)key;
	if (a == TUI_A_BACK)
		return TUI_POP;
	return lines_scroll(&p->lines, a);
}

static void pager_close(tui_view *v)
{
	pager *p = v->data;
	if (!p)
		return;
	free(p->text);
	lines_free(&p->lines);
	free(p);
}

static const tui_screen_ops pager_ops = {
    .name = "pager",
    .keys = TUI_S_PAGER,
    .draw = pager_draw,
    .handle_key = pager_handle,
    .close = pager_close,
};

esc_status tui_pager_open(tui *t, const char *title, const char *text)
{
	pager *p = calloc(1, sizeof *p);
	if (!p)
		abort();
	snprintf(p->title, sizeof p->title, "%s", title);
	if (text && !(p->text = strdup(text)))
		abort();
	return tui_push(t, &pager_ops, p);
}

esc_status tui_help_open(tui *t)
{
	/* Help over help would only stack copies. */
	if (t->depth > 0 && t->stack[t->depth - 1].ops == &pager_ops) {
		const pager *top = t->stack[t->depth - 1].data;
		if (!top->text)
			return ESC_OK;
	}
	pager *p = calloc(1, sizeof *p);
	if (!p)
		abort();
	snprintf(p->title, sizeof p->title, "Help: every key");
	if (t->depth > 0) {
		tui_screen from = t->stack[t->depth - 1].ops->keys;
		p->here[from] = true;
		if (from == TUI_S_FORM)
			p->here[TUI_S_FIELD] = p->here[TUI_S_TEXTAREA] = true;
		if (from != TUI_S_GLOBAL)
			snprintf(p->title, sizeof p->title, "Help: every key, this screen's first (%s)",
			         tui_screen_title(from));
	}
	return tui_push(t, &pager_ops, p);
}
