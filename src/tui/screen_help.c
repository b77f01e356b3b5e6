/* Help (every key of every screen, generated from the key table the
 * screens use, so it cannot drift) and a plain page of text, both
 * searchable with / (n and N for the next and previous match, as in less). */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tui_int.h"

#define KEY_COLS 22

typedef struct pager {
	char title[ESC_SHORT_MAX + 80];
	char *text; /* NULL: the help page */
	tui_lines lines;
	/* Help opens at the keys of the screen it was asked from. */
	bool here[TUI_S_COUNT];
	char find[128]; /* the text last searched for */
	int match;      /* the line it was found on, or -1 */
	tui_pager_key on_key; /* the page's own keys (the record entry's) */
	void *ctx;
	void (*ctx_free)(void *ctx);
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
	if (esc_display_width(keys) > KEY_COLS) {
		/* Keys wider than their column: the sentence under them. */
		lines_add(l, TUI_ST_NORMAL, 3, keys);
		lines_wrap(l, TUI_ST_NORMAL, 4 + KEY_COLS, 4 + KEY_COLS, l->built_cols - 1,
		           tui_action_help(a));
		return;
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
	if (p->lines.built_cols != t->cols) {
		pager_build(t, p);
		p->match = -1; /* the lines are new */
	}
	/* The line found is shown as selected. */
	tui_style was = TUI_ST_NORMAL;
	if (p->match >= 0 && (size_t)p->match < p->lines.n) {
		was = p->lines.v[p->match].style;
		p->lines.v[p->match].style = TUI_ST_SELECTED;
	}
	lines_draw(t, &p->lines, 1, t->rows - 3);
	if (p->match >= 0 && (size_t)p->match < p->lines.n)
		p->lines.v[p->match].style = was;
	draw_footer(t, v->ops->keys, NULL);
}

int tui_pager_find_line(const char *const *texts, size_t n, const char *find, int from, int dir)
{
	if (!find || !*find || n == 0)
		return -1;
	for (size_t step = 1; step <= n; step++) {
		long i = ((long)from + dir * (long)step) % (long)n;
		if (i < 0)
			i += (long)n;
		if (strcasestr(texts[i], find))
			return (int)i;
	}
	return -1;
}

/* From the line after (dir 1) or before (dir -1) the last match, or from
 * the top of the window for a new search; round the end of the page. */
static int pager_find(tui *t, pager *p, int dir, bool fresh)
{
	if (!p->find[0]) {
		tui_message(t, TUI_MSG_INFO, "Nothing to find yet: / and the text first.");
		return TUI_REDRAW;
	}
	const char **texts = calloc(p->lines.n ? p->lines.n : 1, sizeof *texts);
	if (!texts)
		abort();
	for (size_t i = 0; i < p->lines.n; i++)
		texts[i] = p->lines.v[i].text;
	int from = fresh || p->match < 0 ? p->lines.top - 1 : p->match;
	int at = tui_pager_find_line(texts, p->lines.n, p->find, from, dir);
	free(texts);
	if (at < 0) {
		p->match = -1;
		tui_message(t, TUI_MSG_ERROR, "Not found: %s", p->find);
		return TUI_REDRAW;
	}
	bool wrapped = dir > 0 ? at <= from : at >= from;
	p->match = at;
	/* The match a few lines down the window, not at its very edge. */
	if (at < p->lines.top || at >= p->lines.top + p->lines.shown)
		p->lines.top = at > 2 ? at - 2 : 0;
	tui_message(t, TUI_MSG_INFO, "Line %d of %zu%s   n next  N previous", at + 1, p->lines.n,
	            wrapped ? (dir > 0 ? " (from the top)" : " (from the bottom)") : "");
	return TUI_REDRAW;
}

static int pager_found(tui *t, void *ctx, const char *text)
{
	pager *p = ctx;
	if (!*text)
		return TUI_REDRAW;
	snprintf(p->find, sizeof p->find, "%s", text);
	return pager_find(t, p, 1, true);
}

static int pager_handle(tui *t, tui_view *v, tui_action a, tui_key key)
{
	pager *p = v->data;
	if (p->on_key && a != TUI_A_NONE) {
		int r = p->on_key(t, p->ctx, a);
		if (r != TUI_UNHANDLED)
			return r;
	}
	/* A page with keys of its own moves as every page does. */
	if (a == TUI_A_NONE && v->ops->keys != TUI_S_PAGER)
		a = tui_keys_lookup(TUI_S_PAGER, key);
	switch (a) {
	case TUI_A_BACK:
		return TUI_POP;
	case TUI_A_FIND:
		tui_prompt_recall(t, "Find:", p->find, sizeof p->find - 1, pager_found, p);
		return TUI_REDRAW;
	case TUI_A_FIND_NEXT:
	case TUI_A_FIND_PREV:
		return pager_find(t, p, a == TUI_A_FIND_NEXT ? 1 : -1, false);
	default:
		return lines_scroll(&p->lines, a);
	}
}

static void pager_close(tui_view *v)
{
	pager *p = v->data;
	if (!p)
		return;
	free(p->text);
	lines_free(&p->lines);
	if (p->ctx_free)
		p->ctx_free(p->ctx);
	free(p);
}

static const tui_screen_ops pager_ops = {
    .name = "pager",
    .keys = TUI_S_PAGER,
    .draw = pager_draw,
    .handle_key = pager_handle,
    .close = pager_close,
};

/* The same page with its own section of the key table (tried first). */
static const tui_screen_ops record_ops = {
    .name = "record",
    .keys = TUI_S_RECORD,
    .draw = pager_draw,
    .handle_key = pager_handle,
    .close = pager_close,
};

esc_status tui_pager_open_with(tui *t, const char *title, const char *text, tui_pager_key on_key,
                               void *ctx, void (*ctx_free)(void *ctx))
{
	pager *p = calloc(1, sizeof *p);
	if (!p)
		abort();
	snprintf(p->title, sizeof p->title, "%s", title);
	if (text && !(p->text = strdup(text)))
		abort();
	p->match = -1;
	p->on_key = on_key;
	p->ctx = ctx;
	p->ctx_free = ctx_free;
	return tui_push(t, on_key ? &record_ops : &pager_ops, p);
}

esc_status tui_pager_open(tui *t, const char *title, const char *text)
{
	return tui_pager_open_with(t, title, text, NULL, NULL, NULL);
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
	p->match = -1;
	snprintf(p->title, sizeof p->title, "Help: every key");
	if (t->depth > 0) {
		tui_screen from = t->stack[t->depth - 1].ops->keys;
		p->here[from] = true;
		if (from == TUI_S_FORM)
			p->here[TUI_S_FIELD] = p->here[TUI_S_TEXTAREA] = true;
		if (from == TUI_S_RECORD)
			p->here[TUI_S_PAGER] = true; /* it moves as every page does */
		if (from != TUI_S_GLOBAL)
			snprintf(p->title, sizeof p->title, "Help: every key, this screen's first (%s)",
			         tui_screen_title(from));
	}
	return tui_push(t, &pager_ops, p);
}
