/* The case list's filter pick-lists, its remembered view (state.h), and
 * the multi-case pattern banner and key (screen_list.h). */
#include <stdlib.h>
#include <string.h>

#include "escalate/config.h"
#include "escalate/pattern.h"
#include "escalate/staff.h"
#include "escalate/store.h"
#include "forms.h"
#include "screen_list.h"

const char *const list_view_names[LV_COUNT] = {[LV_OPEN] = "open cases",
                                               [LV_ALL] = "all cases",
                                               [LV_MINE] = "my open cases",
                                               [LV_OVERDUE] = "overdue",
                                               [LV_NEEDS] = "needs my action"};

/* The key of each view, for the message that names it. */
static const tui_action view_actions[LV_COUNT] = {[LV_OPEN] = TUI_A_VIEW_OPEN,
                                                  [LV_ALL] = TUI_A_VIEW_ALL,
                                                  [LV_MINE] = TUI_A_VIEW_MINE,
                                                  [LV_OVERDUE] = TUI_A_VIEW_OVERDUE,
                                                  [LV_NEEDS] = TUI_A_VIEW_NEEDS};

static tui_state list_state_now(const list_data *d)
{
	tui_state st = {.view = d->view, .sort = d->sort, .level = d->level};
	snprintf(st.la, sizeof st.la, "%s", d->la);
	snprintf(st.theme, sizeof st.theme, "%s", d->theme);
	return st;
}

static bool state_same(const tui_state *a, const tui_state *b)
{
	return a->view == b->view && a->sort == b->sort && a->level == b->level &&
	       strcmp(a->la, b->la) == 0 && strcmp(a->theme, b->theme) == 0;
}

/* ESCALATE_NO_STATE set (non-empty): nothing read or written. */
static bool list_state_off(void)
{
	const char *off = getenv("ESCALATE_NO_STATE");
	return off && *off;
}

bool list_recall(tui *t, tui_state *st)
{
	return !list_state_off() && tui_state_load(store_path(t->s->db), t->s->me.login, st);
}

void list_apply_state(list_data *d, const tui_state *st)
{
	d->view = st->view;
	d->sort = st->sort;
	d->level = st->level;
	snprintf(d->la, sizeof d->la, "%s", st->la);
	snprintf(d->theme, sizeof d->theme, "%s", st->theme);
}

void list_remember(tui *t, list_data *d)
{
	tui_state now = list_state_now(d);
	esc_error err;
	esc_error_clear(&err);
	if (list_state_off() || state_same(&now, &d->kept))
		return;
	if (tui_state_save(store_path(t->s->db), t->s->me.login, &now, &err) != ESC_OK) {
		/* The list works without it: say so once, not at every key. */
		if (!d->kept_failed)
			tui_message(t, TUI_MSG_ERROR, "The list's view will not be remembered: %s",
			            err.message);
		d->kept_failed = true;
		return;
	}
	d->kept = now;
}

void list_choose_view(list_data *d, int view)
{
	if (d->resume && view == d->kept.view) {
		tui_state st = d->kept;
		st.sort = d->sort;
		list_apply_state(d, &st);
		return;
	}
	d->view = view;
}

void list_say_resume(tui *t, const list_data *d)
{
	char key[24];
	esc_buf b;
	esc_buf_init(&b);
	tui_key_name(tui_keys_first(TUI_S_LIST, view_actions[d->kept.view]), key, sizeof key);
	esc_buf_printf(&b, "%s", list_view_names[d->kept.view]);
	if (d->kept.level)
		esc_buf_printf(&b, ", level %d", d->kept.level);
	if (d->kept.la[0])
		esc_buf_printf(&b, ", %s", d->kept.la);
	if (d->kept.theme[0])
		esc_buf_printf(&b, ", %s", d->kept.theme);
	tui_message(t, TUI_MSG_INFO,
	            "Opened on needs my action: something is due. %s brings back your last "
	            "view (%s).",
	            key, b.data);
	esc_buf_free(&b);
}

void list_free_opts(list_data *d)
{
	for (size_t i = 0; i < d->nopts; i++)
		free(d->opts[i]);
	free(d->opts);
	d->opts = NULL;
	d->nopts = 0;
}

static void list_add_opt(list_data *d, const char *s)
{
	char **v = realloc(d->opts, (d->nopts + 1) * sizeof *v);
	if (!v || !(v[d->nopts] = strdup(s)))
		abort();
	d->opts = v;
	d->nopts++;
}

void list_refilter(tui_view *v)
{
	list_data *d = v->data;
	d->cur = d->top = 0;
	d->filter_only = true;
	v->stale = true;
}

/* Whether this login may record a pattern: the table's answer for the
 * pattern notification, as "needs my action" asks it (proc_needs_scope). */
void list_pattern_allowed(tui *t, list_data *d)
{
	esc_actor actor = staff_actor(&t->s->me);
	esc_case_state open = {.state = ESC_STATE_OPEN, .level = ESC_LEVEL_MIN};
	esc_error err;
	esc_error_clear(&err);
	d->may_pattern =
	    proc_check(&open, ESC_EV_INFORMED, ESC_NOTIFY_PATTERN, &actor, NULL, &err) == ESC_OK;
	snprintf(d->pattern_why, sizeof d->pattern_why, "%s", err.message);
}

/* The pattern alert: up to two lines, so the key and the cluster both show. */
int list_banner(tui *t, const list_data *d, int y)
{
	const esc_pattern *p = &d->pats[0];
	char key[24], line[3 * ESC_SHORT_MAX];
	tui_lines l = {0};
	tui_key_name(tui_keys_first(TUI_S_LIST, TUI_A_PATTERN), key, sizeof key);
	/* The key is offered only to those who may record it. */
	snprintf(line, sizeof line,
	         "PATTERN%s%s%s: %ld open cases on '%s' against %s; the designated professional "
	         "must be informed%s%s",
	         d->may_pattern ? " (" : "", d->may_pattern ? key : "", d->may_pattern ? ")" : "",
	         p->count, p->theme, p->local_authority,
	         d->may_pattern ? "" : " (not by your role)",
	         d->npats > 1 ? " (more patterns waiting)" : "");
	lines_wrap(&l, TUI_ST_BANNER, 1, 3, t->cols - 1, line);
	int n = l.n > 2 ? 2 : (int)l.n;
	for (int i = 0; i < n; i++) {
		draw_fill(t, y + i, 0, t->cols, TUI_ST_BANNER);
		draw_text(t, y + i, l.v[i].indent, t->cols - l.v[i].indent, TUI_ST_BANNER,
		          l.v[i].text);
	}
	lines_free(&l);
	return n;
}

/* The filter pick-lists answer here: entry 0 is "(any)". */
static int list_picked_la(tui *t, void *ctx, int chosen, const bool *marked)
{
	tui_view *v = ctx;
	list_data *d = v->data;
	(void)t;
	(void)marked;
	snprintf(d->la, sizeof d->la, "%s", chosen > 0 ? d->opts[chosen] : "");
	list_refilter(v);
	return TUI_REDRAW;
}

static int list_picked_theme(tui *t, void *ctx, int chosen, const bool *marked)
{
	tui_view *v = ctx;
	list_data *d = v->data;
	(void)t;
	(void)marked;
	snprintf(d->theme, sizeof d->theme, "%s", chosen > 0 ? d->opts[chosen] : "");
	list_refilter(v);
	return TUI_REDRAW;
}

static bool list_opt_cb(const char *name, bool active, void *ctx)
{
	(void)active; /* retired entries still filter the cases that use them */
	list_add_opt(ctx, name);
	return true;
}

int list_pick_filter(tui *t, tui_view *v, esc_list_kind kind)
{
	list_data *d = v->data;
	esc_error err;
	esc_error_clear(&err);
	list_free_opts(d);
	list_add_opt(d, "(any)");
	if (config_list_each(t->s->db, kind, true, list_opt_cb, d, &err) != ESC_OK) {
		tui_error(t, &err);
		return TUI_REDRAW;
	}
	const char *cur = kind == ESC_LIST_LA ? d->la : d->theme;
	int current = 0;
	for (size_t i = 1; i < d->nopts; i++)
		if (strcmp(d->opts[i], cur) == 0)
			current = (int)i;
	tui_pick_open(t, kind == ESC_LIST_LA ? "Local authority" : "Theme",
	              (const char *const *)d->opts, d->nopts, current, NULL,
	              kind == ESC_LIST_LA ? list_picked_la : list_picked_theme, v);
	return TUI_REDRAW;
}

static int list_picked_pattern(tui *t, void *ctx, int chosen, const bool *marked)
{
	list_data *d = ctx;
	(void)marked;
	if (chosen >= 0 && (size_t)chosen < d->npats)
		tui_form_pattern(t, d->pats[chosen].local_authority, d->pats[chosen].theme,
		                 d->pats[chosen].count);
	return TUI_REDRAW;
}

int list_pattern(tui *t, list_data *d)
{
	if (!d->npats) {
		tui_message(t, TUI_MSG_INFO, "No multi-case pattern is waiting to be reported.");
		return TUI_REDRAW;
	}
	if (!d->may_pattern) {
		tui_message(t, TUI_MSG_ERROR, "Not allowed: %s", d->pattern_why);
		return TUI_REDRAW;
	}
	if (d->npats == 1)
		return list_picked_pattern(t, d, 0, NULL);
	list_free_opts(d);
	for (size_t i = 0; i < d->npats; i++) {
		char line[2 * ESC_SHORT_MAX + 40];
		snprintf(line, sizeof line, "%s: %s (%ld open)", d->pats[i].local_authority,
		         d->pats[i].theme, d->pats[i].count);
		list_add_opt(d, line);
	}
	tui_pick_open(t, "Which pattern", (const char *const *)d->opts, d->nopts, 0, NULL,
	              list_picked_pattern, d);
	return TUI_REDRAW;
}
