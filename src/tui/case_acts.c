/* The case view's agreed actions (case_acts.h). */
#include "case_acts.h"

#include <stdlib.h>
#include <string.h>

#include "escalate/case.h"
#include "escalate/civil.h"
#include "escalate/staff.h"

static char *dup(const char *s)
{
	char *d = strdup(s ? s : "");
	if (!d)
		abort();
	return d;
}

typedef struct load_ctx {
	case_acts *a;
	const esc_case_state *cs;
	esc_actor actor;
} load_ctx;

static bool load_cb(const esc_action_row *r, void *ctx)
{
	load_ctx *lc = ctx;
	case_acts *a = lc->a;
	case_act *v = realloc(a->v, (a->n + 1) * sizeof *v);
	if (!v)
		abort();
	a->v = v;
	case_act *c = &a->v[a->n++];
	*c = (case_act){.number = r->number,
	                .status = r->status,
	                .overdue = r->overdue,
	                .text = dup(r->text),
	                .owner = dup(r->owner),
	                .owner_org = dup(r->owner_org),
	                .due = dup(r->due),
	                .closed_at = dup(r->closed_at),
	                .closed_by = dup(r->closed_by),
	                .note = dup(r->note)};
	if (r->status == ESC_ACTION_OPEN) {
		/* Done and dropped have one rule in the table: ask it once. */
		esc_error err;
		esc_error_clear(&err);
		c->may_close = proc_check_action(lc->cs, ESC_EV_ACTION_DONE, &lc->actor,
		                                 r->owner_staff_id, &err) == ESC_OK;
		snprintf(c->why, sizeof c->why, "%s", err.message);
	}
	return true;
}

static void acts_clear(case_acts *a)
{
	for (size_t i = 0; i < a->n; i++) {
		case_act *c = &a->v[i];
		free(c->text);
		free(c->owner);
		free(c->owner_org);
		free(c->due);
		free(c->closed_at);
		free(c->closed_by);
		free(c->note);
	}
	free(a->v);
	a->v = NULL;
	a->n = 0;
}

esc_status case_acts_load(tui *t, case_acts *a, long long case_id, const char *ref, esc_error *err)
{
	esc_case_state cs;
	acts_clear(a);
	a->case_id = case_id;
	snprintf(a->ref, sizeof a->ref, "%s", ref);
	if (case_state(t->s->db, case_id, &cs, NULL, err) != ESC_OK)
		return err->status;
	load_ctx lc = {.a = a, .cs = &cs, .actor = staff_actor(&t->s->me)};
	esc_action_filter f = {.case_id = case_id};
	return action_each(t->s, &f, load_cb, &lc, err);
}

static void opts_free(case_acts *a)
{
	for (size_t i = 0; i < a->nopts; i++)
		free(a->opts[i]);
	free(a->opts);
	free(a->opt_numbers);
	a->opts = NULL;
	a->opt_numbers = NULL;
	a->nopts = 0;
}

void case_acts_free(case_acts *a)
{
	acts_clear(a);
	opts_free(a);
}

size_t case_acts_open(const case_acts *a, size_t *overdue)
{
	size_t n = 0, late = 0;
	for (size_t i = 0; i < a->n; i++)
		if (a->v[i].status == ESC_ACTION_OPEN) {
			n++;
			late += a->v[i].overdue;
		}
	if (overdue)
		*overdue = late;
	return n;
}

bool case_acts_may(const case_acts *a)
{
	for (size_t i = 0; i < a->n; i++)
		if (a->v[i].status == ESC_ACTION_OPEN && a->v[i].may_close)
			return true;
	return false;
}

const char *case_act_word(const case_act *c)
{
	switch (c->status) {
	case ESC_ACTION_DONE:
		return "done";
	case ESC_ACTION_DROPPED:
		return "dropped";
	default:
		return c->overdue ? "OVERDUE" : "OPEN";
	}
}

static void owner_text(const case_act *c, char *out, size_t outsz)
{
	snprintf(out, outsz, "%s%s%s%s", c->owner, c->owner_org[0] ? " (" : "", c->owner_org,
	         c->owner_org[0] ? ")" : "");
}

void case_acts_lines(const case_acts *a, tui_lines *l, int cols)
{
	size_t late = 0, open = case_acts_open(a, &late);
	char line[160], owner[2 * ESC_SHORT_MAX + 8], when[24];
	esc_buf b;

	if (!a->n)
		return;
	if (late)
		snprintf(line, sizeof line, "Agreed actions: %zu outstanding, %zu overdue", open,
		         late);
	else
		snprintf(line, sizeof line, "Agreed actions: %zu outstanding", open);
	lines_add(l, TUI_ST_HEADER, 1, line);
	esc_buf_init(&b);
	for (size_t i = 0; i < a->n; i++) {
		const case_act *c = &a->v[i];
		tui_style st = c->status != ESC_ACTION_OPEN ? TUI_ST_DIM
		               : c->overdue                 ? TUI_ST_OVERDUE
		                                            : TUI_ST_NOTIFY;
		owner_text(c, owner, sizeof owner);
		esc_buf_reset(&b);
		esc_buf_printf(&b, "%d %-7s %s; owner %s; due %s", c->number, case_act_word(c),
		               c->text, owner, c->due);
		lines_wrap(l, st, 3, 13, cols, b.data);
		if (c->status != ESC_ACTION_OPEN) {
			esc_buf_reset(&b);
			esc_instant_show(c->closed_at, 16, when);
			esc_buf_printf(&b, "%s %s by %s%s%s", case_act_word(c), when, c->closed_by,
			               c->note[0] ? ": " : "", c->note);
			lines_wrap(l, st, 13, 15, cols, b.data);
		}
	}
	esc_buf_free(&b);
}

static int acts_write(tui *t, case_acts *a, const char *note)
{
	esc_error err;
	esc_error_clear(&err);
	if (action_close(t->s, a->case_id, a->number, a->ev, note, &err) != ESC_OK) {
		tui_message(t, TUI_MSG_ERROR, "Not saved: %s", err.message);
		return TUI_REDRAW;
	}
	tui_mark_stale(t);
	a->written = true;
	tui_message(t, TUI_MSG_INFO, "Agreed action %d on %s %s.", a->number, a->ref,
	            a->ev == ESC_EV_ACTION_DONE ? "marked done" : "dropped");
	return TUI_REDRAW;
}

static int acts_noted(tui *t, void *ctx, const char *text)
{
	return acts_write(t, ctx, text);
}

static int acts_prompt(tui *t, case_acts *a, int number)
{
	char label[160];
	a->number = number;
	snprintf(label, sizeof label,
	         a->ev == ESC_EV_ACTION_DONE ? "Action %d done. Note (optional):"
	                                     : "Drop action %d. Reason (required):",
	         number);
	tui_prompt_open(t, label, "", ESC_LONG_MAX, acts_noted, a);
	return TUI_REDRAW;
}

static int acts_picked(tui *t, void *ctx, int chosen, const bool *marked)
{
	case_acts *a = ctx;
	(void)marked;
	if (chosen < 0 || (size_t)chosen >= a->nopts)
		return TUI_REDRAW;
	return acts_prompt(t, a, a->opt_numbers[chosen]);
}

int case_acts_key(tui *t, case_acts *a, esc_event_kind ev)
{
	char line[ESC_SHORT_MAX + 80];
	const case_act *refused = NULL;
	opts_free(a);
	a->ev = ev;
	for (size_t i = 0; i < a->n; i++) {
		const case_act *c = &a->v[i];
		if (c->status != ESC_ACTION_OPEN)
			continue;
		if (!c->may_close) {
			refused = c;
			continue;
		}
		char **o = realloc(a->opts, (a->nopts + 1) * sizeof *o);
		int *num = realloc(a->opt_numbers, (a->nopts + 1) * sizeof *num);
		if (!o || !num)
			abort();
		a->opts = o;
		a->opt_numbers = num;
		snprintf(line, sizeof line, "%d %s (due %s)", c->number, c->text, c->due);
		a->opts[a->nopts] = dup(line);
		a->opt_numbers[a->nopts++] = c->number;
	}
	if (!a->nopts) {
		if (refused)
			tui_message(t, TUI_MSG_ERROR, "Not allowed: %s", refused->why);
		else
			tui_message(t, TUI_MSG_INFO, "No agreed action on %s is open.", a->ref);
		return TUI_REDRAW;
	}
	if (a->nopts == 1)
		return acts_prompt(t, a, a->opt_numbers[0]);
	tui_pick_open(t, ev == ESC_EV_ACTION_DONE ? "Which action is done" : "Which action to drop",
	              (const char *const *)a->opts, a->nopts, 0, NULL, acts_picked, a);
	return TUI_REDRAW;
}
