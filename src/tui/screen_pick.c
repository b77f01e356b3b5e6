/* Overlays that answer the screen beneath them: pick-lists (configured
 * themes and local authorities, suggestions), yes/no questions and one-line
 * prompts.  Each calls its opener back with the answer; the flags the
 * callback returns join the overlay's own. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "escalate/validate.h"
#include "tui_int.h"

typedef struct pick {
	char title[ESC_SHORT_MAX + 1];
	const char *const *options;
	size_t n;
	bool multi;
	bool *marked;
	size_t *shown; /* indices of the options that match the filter */
	size_t nshown;
	int cur, top, rows;
	tui_text filter;
	tui_pick_done done;
	void *ctx;
} pick;

static void pick_refilter(pick *p)
{
	p->nshown = 0;
	for (size_t i = 0; i < p->n; i++)
		if (!p->filter.len || strcasestr(p->options[i], p->filter.s))
			p->shown[p->nshown++] = i;
	if (p->cur >= (int)p->nshown)
		p->cur = p->nshown ? (int)p->nshown - 1 : 0;
}

static void pick_draw(tui *t, tui_view *v)
{
	pick *p = v->data;
	int w = 40;
	for (size_t i = 0; i < p->n; i++) {
		int ow = esc_display_width(p->options[i]) + 8;
		if (ow > w)
			w = ow;
	}
	if (w > t->cols - 4)
		w = t->cols - 4;
	int h = (int)p->n + 3; /* borders and the filter line */
	if (h > t->rows - 4)
		h = t->rows - 4;
	int y = (t->rows - h) / 2, x = (t->cols - w) / 2;
	draw_box(t, y, x, h, w, p->title);

	int used = draw_text(t, y + 1, x + 2, w - 4, TUI_ST_DIM, "Type to narrow: ");
	size_t view = 0;
	draw_field_text(t, y + 1, x + 2 + used, w - 4 - used, &p->filter, &view, true, NULL);

	p->rows = h - 3;
	if (p->cur < p->top)
		p->top = p->cur;
	if (p->cur >= p->top + p->rows)
		p->top = p->cur - p->rows + 1;
	if (p->nshown == 0)
		draw_text(t, y + 2, x + 2, w - 4, TUI_ST_DIM, "(nothing matches)");
	for (int i = 0; i < p->rows && (size_t)(p->top + i) < p->nshown; i++) {
		size_t opt = p->shown[p->top + i];
		bool sel = p->top + i == p->cur;
		char line[ESC_SHORT_MAX + 16];
		if (t->accessible) /* words, not [x] and > to be read out */
			snprintf(line, sizeof line, "%s%s", p->options[opt],
			         p->multi ? (p->marked[opt] ? ", marked" : ", not marked") : "");
		else
			snprintf(line, sizeof line, "%s%s%s", sel ? "> " : "  ",
			         p->multi ? (p->marked[opt] ? "[x] " : "[ ] ") : "",
			         p->options[opt]);
		if (sel)
			draw_fill(t, y + 2 + i, x + 1, w - 2, TUI_ST_SELECTED);
		draw_text(t, y + 2 + i, x + 1, w - 2, sel ? TUI_ST_SELECTED : TUI_ST_NORMAL, line);
	}
	draw_footer(t, TUI_S_PICK,
	            p->multi ? "Several may be chosen: Space marks or unmarks, Enter chooses the "
	                       "marked entries"
	                     : "One choice: Enter chooses the entry under the cursor");
	if (!p->multi) {
		/* Space marks nothing in a single-choice list: the keys line says
		 * what does work. */
		esc_buf hint, global;
		esc_buf_init(&hint);
		esc_buf_init(&global);
		tui_keys_hint_except(TUI_S_PICK, TUI_A_TOGGLE, &hint);
		draw_global_hint(t, &global);
		esc_buf_printf(&hint, "  %s", global.data ? global.data : "");
		draw_fill(t, t->rows - 1, 0, t->cols, TUI_ST_TITLE);
		draw_text(t, t->rows - 1, 1, t->cols - 1, TUI_ST_TITLE, hint.data);
		esc_buf_free(&hint);
		esc_buf_free(&global);
	}
}

static int pick_choose(tui *t, pick *p)
{
	if (p->multi) {
		bool any = false;
		for (size_t i = 0; i < p->n; i++)
			any = any || p->marked[i];
		if (!any && p->nshown)
			p->marked[p->shown[p->cur]] = true;
		return TUI_POP | p->done(t, p->ctx, -1, p->marked);
	}
	if (!p->nshown) {
		tui_message(t, TUI_MSG_ERROR, "Nothing matches; Backspace widens the list.");
		return TUI_REDRAW;
	}
	return TUI_POP | p->done(t, p->ctx, (int)p->shown[p->cur], NULL);
}

static int pick_handle(tui *t, tui_view *v, tui_action a, tui_key key)
{
	pick *p = v->data;
	int last = p->nshown ? (int)p->nshown - 1 : 0;
	int page = p->rows > 1 ? p->rows - 1 : 1;
	switch (a) {
	case TUI_A_UP:
		p->cur = p->cur > 0 ? p->cur - 1 : 0;
		return TUI_REDRAW;
	case TUI_A_DOWN:
		p->cur = p->cur < last ? p->cur + 1 : last;
		return TUI_REDRAW;
	case TUI_A_PAGE_UP:
		p->cur = p->cur > page ? p->cur - page : 0;
		return TUI_REDRAW;
	case TUI_A_PAGE_DOWN:
		p->cur = p->cur + page < last ? p->cur + page : last;
		return TUI_REDRAW;
	case TUI_A_TOP:
		p->cur = 0;
		return TUI_REDRAW;
	case TUI_A_BOTTOM:
		p->cur = last;
		return TUI_REDRAW;
	case TUI_A_TOGGLE:
		if (!p->multi)
			break; /* a space narrows a single-choice list */
		if (p->nshown)
			p->marked[p->shown[p->cur]] = !p->marked[p->shown[p->cur]];
		return TUI_REDRAW;
	case TUI_A_CHOOSE:
		return pick_choose(t, p);
	case TUI_A_CANCEL:
		return TUI_POP;
	case TUI_A_BACKSPACE:
		tui_text_backspace(&p->filter);
		pick_refilter(p);
		return TUI_REDRAW;
	default:
		break;
	}
	if (tui_key_printable(key)) {
		tui_text_insert(&p->filter, (uint32_t)key);
		p->cur = 0;
		pick_refilter(p);
		return TUI_REDRAW;
	}
	return TUI_UNHANDLED;
}

static void pick_close(tui_view *v)
{
	pick *p = v->data;
	if (!p)
		return;
	free(p->marked);
	free(p->shown);
	tui_text_free(&p->filter);
	free(p);
}

static const tui_screen_ops pick_ops = {
    .name = "pick",
    .keys = TUI_S_PICK,
    .overlay = true,
    .draw = pick_draw,
    .handle_key = pick_handle,
    .close = pick_close,
};

esc_status tui_pick_open(tui *t, const char *title, const char *const *options, size_t n,
                         int current, const bool *marked, tui_pick_done done, void *ctx)
{
	return tui_pick_open_typed(t, title, options, n, current, marked, 0, done, ctx);
}

esc_status tui_pick_open_typed(tui *t, const char *title, const char *const *options, size_t n,
                               int current, const bool *marked, uint32_t typed,
                               tui_pick_done done, void *ctx)
{
	pick *p = calloc(1, sizeof *p);
	if (!p)
		abort();
	snprintf(p->title, sizeof p->title, "%s", title);
	p->options = options;
	p->n = n;
	p->multi = marked != NULL;
	p->marked = calloc(n + 1, sizeof *p->marked);
	p->shown = calloc(n + 1, sizeof *p->shown);
	if (!p->marked || !p->shown)
		abort();
	if (marked)
		memcpy(p->marked, marked, n * sizeof *marked);
	tui_text_init(&p->filter, ESC_SHORT_MAX);
	p->done = done;
	p->ctx = ctx;
	p->cur = current >= 0 && (size_t)current < n ? current : 0;
	if (typed) {
		tui_text_insert(&p->filter, typed);
		p->cur = 0;
	}
	pick_refilter(p);
	return tui_push(t, &pick_ops, p);
}

typedef struct confirm {
	char question[600];
	tui_confirm_done done;
	void *ctx;
} confirm;

static void confirm_draw(tui *t, tui_view *v)
{
	confirm *c = v->data;
	tui_lines l = {0};
	int w = t->cols - 10 < 70 ? t->cols - 10 : 70;
	lines_wrap(&l, TUI_ST_NORMAL, 0, 0, w - 4, c->question);
	int h = (int)l.n + 4;
	int y = (t->rows - h) / 2, x = (t->cols - w) / 2;
	draw_box(t, y, x, h, w, "Please confirm");
	for (size_t i = 0; i < l.n; i++)
		draw_text(t, y + 1 + (int)i, x + 2, w - 4, TUI_ST_NORMAL, l.v[i].text);
	draw_text(t, y + h - 2, x + 2, w - 4, TUI_ST_HEADER, "y yes   n no");
	lines_free(&l);
	draw_footer(t, TUI_S_CONFIRM, NULL);
}

static int confirm_handle(tui *t, tui_view *v, tui_action a, tui_key key)
{
	confirm *c = v->data;
	(void)key;
	if (a == TUI_A_YES || a == TUI_A_NO)
		return TUI_POP | (c->done ? c->done(t, c->ctx, a == TUI_A_YES) : TUI_REDRAW);
	return TUI_UNHANDLED;
}

static void confirm_close(tui_view *v)
{
	free(v->data);
}

static const tui_screen_ops confirm_ops = {
    .name = "confirm",
    .keys = TUI_S_CONFIRM,
    .overlay = true,
    .draw = confirm_draw,
    .handle_key = confirm_handle,
    .close = confirm_close,
};

bool tui_is_confirm(const tui_view *v)
{
	return v->ops == &confirm_ops;
}

esc_status tui_confirm_open(tui *t, const char *question, tui_confirm_done done, void *ctx)
{
	confirm *c = calloc(1, sizeof *c);
	if (!c)
		abort();
	snprintf(c->question, sizeof c->question, "%s", question);
	c->done = done;
	c->ctx = ctx;
	return tui_push(t, &confirm_ops, c);
}

typedef struct prompt {
	char label[160];
	tui_text text;
	size_t view;
	char *recall; /* the last answer, one Up away (NULL: none) */
	tui_prompt_scope scope;
	char tab[80]; /* what Tab does, with a scope */
	tui_prompt_done done;
	void *ctx;
} prompt;

static void prompt_draw(tui *t, tui_view *v)
{
	prompt *p = v->data;
	int y = t->rows - 2;
	draw_fill(t, y, 0, t->cols, TUI_ST_NORMAL);
	int used = draw_text(t, y, 1, t->cols - 2, TUI_ST_HEADER, p->label);
	draw_field_text(t, y, used + 2, t->cols - used - 3, &p->text, &p->view, true, NULL);
	draw_fill(t, t->rows - 1, 0, t->cols, TUI_ST_TITLE);
	esc_buf hint;
	esc_buf_init(&hint);
	tui_keys_hint(TUI_S_PROMPT, &hint);
	/* The clearing key is the one users of a prompt most need to know. */
	char kill[24];
	tui_key_name(tui_keys_first(TUI_S_FIELD, TUI_A_KILL_START), kill, sizeof kill);
	esc_buf_printf(&hint, "  %s %s", kill, tui_action_name(TUI_A_KILL_START));
	if (p->recall && *p->recall) {
		tui_key_name(tui_keys_first(TUI_S_PROMPT, TUI_A_RECALL), kill, sizeof kill);
		esc_buf_printf(&hint, "  %s %s", kill, tui_action_name(TUI_A_RECALL));
	}
	if (p->scope) {
		tui_key_name(tui_keys_first(TUI_S_PROMPT, TUI_A_SCOPE), kill, sizeof kill);
		esc_buf_printf(&hint, "  %s %s", kill, p->tab);
	}
	draw_text(t, t->rows - 1, 1, t->cols - 1, TUI_ST_TITLE, hint.data);
	esc_buf_free(&hint);
}

static int prompt_handle(tui *t, tui_view *v, tui_action a, tui_key key)
{
	prompt *p = v->data;
	if (a == TUI_A_ACCEPT)
		return TUI_POP | p->done(t, p->ctx, p->text.s);
	if (a == TUI_A_CANCEL)
		return TUI_POP;
	if (a == TUI_A_SCOPE) {
		if (p->scope)
			p->scope(t, p->ctx, true, p->label, sizeof p->label, p->tab, sizeof p->tab);
		return TUI_REDRAW;
	}
	if (a == TUI_A_RECALL) {
		if (p->recall && *p->recall)
			tui_text_set(&p->text, p->recall);
		return TUI_REDRAW;
	}
	tui_action edit = tui_keys_lookup(TUI_S_FIELD, key);
	if (edit != TUI_A_NONE) {
		tui_text_apply(&p->text, edit);
		return TUI_REDRAW;
	}
	if (tui_key_printable(key)) {
		if (!tui_text_insert(&p->text, (uint32_t)key))
			tui_message(t, TUI_MSG_ERROR, "That is as long as this answer can be.");
		return TUI_REDRAW;
	}
	return TUI_UNHANDLED;
}

static void prompt_close(tui_view *v)
{
	prompt *p = v->data;
	if (!p)
		return;
	tui_text_free(&p->text);
	free(p->recall);
	free(p);
}

static const tui_screen_ops prompt_ops = {
    .name = "prompt",
    .keys = TUI_S_PROMPT,
    .overlay = true,
    .draw = prompt_draw,
    .handle_key = prompt_handle,
    .close = prompt_close,
};

esc_status tui_prompt_open(tui *t, const char *label, const char *initial, size_t max,
                           tui_prompt_done done, void *ctx)
{
	prompt *p = calloc(1, sizeof *p);
	if (!p)
		abort();
	snprintf(p->label, sizeof p->label, "%s", label);
	tui_text_init(&p->text, max);
	tui_text_set(&p->text, initial);
	p->done = done;
	p->ctx = ctx;
	return tui_push(t, &prompt_ops, p);
}

esc_status tui_prompt_recall(tui *t, const char *label, const char *recall, size_t max,
                             tui_prompt_done done, void *ctx)
{
	prompt *p = calloc(1, sizeof *p);
	if (!p || !(p->recall = strdup(recall ? recall : "")))
		abort();
	snprintf(p->label, sizeof p->label, "%s", label);
	tui_text_init(&p->text, max);
	p->done = done;
	p->ctx = ctx;
	return tui_push(t, &prompt_ops, p);
}

esc_status tui_prompt_recall_scope(tui *t, const char *recall, size_t max,
                                   tui_prompt_done done, tui_prompt_scope scope, void *ctx)
{
	prompt *p = calloc(1, sizeof *p);
	if (!p || !(p->recall = strdup(recall ? recall : "")))
		abort();
	tui_text_init(&p->text, max);
	p->done = done;
	p->ctx = ctx;
	p->scope = scope;
	scope(t, ctx, false, p->label, sizeof p->label, p->tab, sizeof p->tab);
	return tui_push(t, &prompt_ops, p);
}
