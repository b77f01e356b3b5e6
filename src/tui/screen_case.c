/* The case view: the header, the timeline by level, and what this user may
 * do next.  What is allowed comes from the core (case_allowed); a refused
 * action stays on screen, greyed, and its key shows the core's reason. */
#include <stdlib.h>
#include <string.h>

#include "escalate/access.h"
#include "escalate/case.h"
#include "escalate/case_format.h"
#include "escalate/query.h"
#include "escalate/staff.h"
#include "case_acts.h"
#include "forms.h"
#include "tui_int.h"

#define PANEL_MAX 4

typedef struct next_act {
	tui_action action;
	esc_event_kind ev;
	esc_notify notify;
	bool shown;   /* applies to the case as it stands */
	bool allowed; /* and this user may do it */
	esc_why why_kind;
	char label[64];
	char why[sizeof((esc_error *)0)->message];
} next_act;

typedef struct case_view {
	long long id;
	esc_case c;
	bool loaded;
	bool to_end;    /* after a write: show the latest events */
	tui_lines head; /* where the case stands: always on screen */
	tui_lines lines;
	tui_lines panel;
	next_act acts[10];
	size_t nacts;
	case_acts agreed; /* the case's agreed actions and their status */
} case_view;

/* The kinds of refusal, as the core gives them (esc_error.why), in words. */
static const char *const why_words[] = {
#define WHY_WORDS(e, name, label) [e] = label,
    ESC_WHY_LIST(WHY_WORDS)
#undef WHY_WORDS
};

static const char *why_label(esc_why w)
{
	return (unsigned)w < sizeof why_words / sizeof why_words[0] && why_words[w] ? why_words[w]
	                                                                          : "";
}

/* A refusal about the case's state or level means the action does not
 * apply (a resolved case cannot be escalated); the rest (this user's role,
 * a step of the procedure still missing) are shown with their reason.  The
 * kind comes from the core as data. */
static bool refusal_applies(const esc_error *err)
{
	return err->status == ESC_EDENIED && err->why != ESC_WHY_STATE;
}

static tui_action option_action(esc_event_kind ev)
{
	switch (ev) {
	case ESC_EV_CONTACT: return TUI_A_CONTACT;
	case ESC_EV_ESCALATED: return TUI_A_ESCALATE;
	case ESC_EV_URGENT: return TUI_A_URGENT;
	case ESC_EV_INFORMED: return TUI_A_INFORM;
	case ESC_EV_NOTE: return TUI_A_NOTE;
	case ESC_EV_RESOLVED: return TUI_A_RESOLVE;
	case ESC_EV_WITHDRAWN: return TUI_A_WITHDRAW;
	case ESC_EV_REOPENED: return TUI_A_REOPEN;
	case ESC_EV_AMENDED: return TUI_A_AMEND;
	default: return TUI_A_NONE;
	}
}

static void act_label(next_act *na, const esc_case *c)
{
	char key[24];
	tui_key_name(tui_keys_first(TUI_S_CASE, na->action), key, sizeof key);
	switch (na->ev) {
	case ESC_EV_ESCALATED:
		snprintf(na->label, sizeof na->label, "%s escalate to level %d", key,
		         c->sum.level + 1);
		break;
	case ESC_EV_URGENT:
		snprintf(na->label, sizeof na->label, "%s urgent jump to level %d", key,
		         proc_urgent_level(c->sum.proc));
		break;
	case ESC_EV_INFORMED:
		snprintf(na->label, sizeof na->label, "%s inform %s%s", key,
		         na->notify != ESC_NOTIFY_NONE ? proc_notify_name(c->sum.proc, na->notify)
		                                       : "designated or chair",
		         c->owed_designated || c->owed_chair ? " (owed)" : "");
		break;
	default:
		snprintf(na->label, sizeof na->label, "%s %s", key, tui_action_name(na->action));
		break;
	}
}

/* What this login may do now, and what not with the reason: the core's one
 * answer (proc_options).  The two notifications share the key i: it is
 * offered for the one(s) this login may record. */
static void case_actions(tui *t, case_view *cv)
{
	esc_option opts[ESC_OPTIONS_MAX];
	esc_case_state cs;
	esc_error err;
	size_t n = 0;

	cv->nacts = 0;
	esc_error_clear(&err);
	if (case_state(t->s->db, cv->id, &cs, NULL, &err) != ESC_OK) {
		tui_error(t, &err);
		return;
	}
	esc_actor actor = staff_actor(&t->s->me);
	n = proc_options(&cs, &actor, opts, ESC_OPTIONS_MAX);
	for (size_t i = 0; i < n; i++) {
		const esc_option *o = &opts[i];
		tui_action a = option_action(o->ev);
		next_act *na = NULL;
		if (a == TUI_A_NONE)
			continue;
		for (size_t k = 0; k < cv->nacts; k++)
			if (cv->acts[k].action == a)
				na = &cv->acts[k];
		if (!na) {
			if (cv->nacts >= sizeof cv->acts / sizeof cv->acts[0])
				continue;
			na = &cv->acts[cv->nacts++];
			*na = (next_act){.action = a, .ev = o->ev, .notify = o->notify};
		} else if (o->allowed && na->allowed) {
			na->notify = ESC_NOTIFY_NONE; /* both: the form asks which */
			continue;
		} else if (!o->allowed && (na->allowed || na->shown || !refusal_applies(&o->why))) {
			continue; /* the first answer that applies stands */
		}
		na->notify = o->notify;
		na->allowed = o->allowed;
		na->shown = o->allowed || refusal_applies(&o->why);
		na->why_kind = o->why.why;
		snprintf(na->why, sizeof na->why, "%s", o->why.message);
	}
	for (size_t k = 0; k < cv->nacts; k++)
		act_label(&cv->acts[k], &cv->c);
}

static esc_status case_open_view(tui *t, tui_view *v, esc_error *err)
{
	case_view *cv = v->data;
	if (cv->loaded) {
		esc_case_free(&cv->c);
		/* After a write here, the latest events; after others wrote, the
		 * reader stays where they were reading (following the end if they
		 * were there, as tail -f does). */
		bool at_end = cv->lines.top + cv->lines.shown >= (int)cv->lines.n;
		cv->to_end = !t->reloading_live || at_end;
	}
	/* Opening the case is a read of its content: logged (access.h).  A
	 * reload after a write, or when others wrote, is the same reading. */
	bool reload = cv->loaded;
	cv->loaded = false;
	memset(&cv->c, 0, sizeof cv->c);
	if ((reload ? query_case(t->s, cv->id, &cv->c, err)
	            : access_read_case(t->s, cv->id, ESC_ACCESS_INTERFACE, &cv->c, err)) != ESC_OK)
		return err->status;
	cv->loaded = true;
	if (case_acts_load(t, &cv->agreed, cv->id, cv->c.sum.ref, err) != ESC_OK)
		return err->status;
	if (cv->agreed.written) {
		/* After marking an action: the actions, not the latest events. */
		cv->agreed.written = false;
		cv->to_end = false;
		cv->lines.top = 0;
	}
	cv->lines.built_cols = 0; /* rebuild the text */
	case_actions(t, cv);
	return ESC_OK;
}

static const char *actor(const esc_event *e)
{
	return e->actor_name && *e->actor_name ? e->actor_name : e->actor_login;
}

/* The timeline's agreed actions are numbered in the order agreed, as the
 * case's actions are: the k-th one shown is action k. */
static const case_act *agreed_nth(const case_acts *a, int number)
{
	for (size_t i = 0; i < a->n; i++)
		if (a->v[i].number == number)
			return &a->v[i];
	return NULL;
}

static void add_event(tui_lines *l, int cols, const esc_case *c, const esc_event *e,
                      const case_acts *agreed, int *nagreed)
{
	esc_buf b;
	char when[20], informed[20];
	const int hang = 20;
	tui_style st = TUI_ST_NORMAL;

	esc_buf_init(&b);
	/* Stored instants, shown as civil time in the procedure's zone (civil.h). */
	esc_instant_show(e->kind == ESC_EV_CONTACT && e->occurred_at[0] ? e->occurred_at : e->at,
	                 16, when);
	esc_instant_show(e->informed_at, 16, informed);
	esc_buf_printf(&b, "%-16s  ", when);
	switch (e->kind) {
	case ESC_EV_OPENED:
		esc_buf_printf(&b, "Opened by %s (%s)", actor(e), esc_role_name(e->actor_role));
		break;
	case ESC_EV_CONTACT:
		esc_buf_printf(&b, "Contact with %s (%s, %s); recorded by %s", e->person_name,
		               e->person_role, e->person_org, actor(e));
		break;
	case ESC_EV_ESCALATED:
		esc_buf_printf(&b, "Escalated to level %d by %s: %s", e->level_after, actor(e),
		               e->text);
		break;
	case ESC_EV_URGENT:
		st = TUI_ST_URGENT;
		esc_buf_printf(&b, "URGENT jump to level %d by %s: %s", e->level_after, actor(e),
		               e->text);
		break;
	case ESC_EV_INFORMED:
		if (e->not_needed)
			esc_buf_printf(&b, "%s not informed (not necessary), by %s: %s",
			               proc_notify_whom(e->proc, e->notify), actor(e), e->text);
		else
			esc_buf_printf(&b, "Informed the %s: %s, by %s, %.16s (recorded by %s)%s%s",
			               proc_notify_whom(e->proc, e->notify), e->whom, e->how, informed,
			               actor(e), e->text && *e->text ? ". " : "",
			               e->text ? e->text : "");
		break;
	case ESC_EV_NOTE:
		esc_buf_printf(&b, "Note by %s: %s", actor(e), e->text);
		break;
	case ESC_EV_RESOLVED:
		esc_buf_printf(&b, "Resolved at level %d by %s: %s", e->level_after, actor(e),
		               e->text);
		break;
	case ESC_EV_WITHDRAWN:
		esc_buf_printf(&b, "Withdrawn at level %d by %s: %s", e->level_after, actor(e),
		               e->text);
		break;
	case ESC_EV_REOPENED:
		esc_buf_printf(&b, "Reopened at level %d by %s: %s", e->level_after, actor(e),
		               e->text);
		break;
	case ESC_EV_AMENDED:
		esc_buf_puts(&b, "Amended ");
		tui_amend_what(&b, c, e);
		esc_buf_printf(&b, " by %s: %s", actor(e), e->text);
		break;
	default:
		esc_buf_puts(&b, esc_event_label(e->kind));
		break;
	}
	lines_wrap(l, st, 2, hang, cols, b.data);
	for (int i = 0; e->kind == ESC_EV_AMENDED && i < 2; i++) {
		esc_buf_reset(&b);
		tui_amend_value(&b, e, i == 1);
		lines_wrap(l, TUI_ST_NORMAL, hang, hang + 5, cols, b.data);
	}
	if (e->kind == ESC_EV_CONTACT) {
		esc_buf_reset(&b);
		esc_buf_printf(&b, "Summary%s: %s", e->amended ? " (amended)" : "", e->text);
		lines_wrap(l, TUI_ST_NORMAL, hang, hang + 2, cols, b.data);
		for (size_t i = 0; i < e->nactions; i++) {
			const esc_action *a = &e->actions[i];
			const case_act *k = agreed_nth(agreed, ++*nagreed);
			bool late = k ? k->status == ESC_ACTION_OPEN && k->overdue : a->overdue;
			esc_buf_reset(&b);
			esc_buf_printf(&b, "Agreed: %s; owner %s; due %s", a->text, a->owner, a->due);
			if (k)
				esc_buf_printf(&b, "  [action %d: %s]", k->number, case_act_word(k));
			lines_wrap(l, late ? TUI_ST_OVERDUE : TUI_ST_NORMAL, hang, hang + 2, cols,
			           b.data);
		}
		lines_add(l, TUI_ST_NORMAL, hang,
		          e->concern_remains ? "Outcome: concern remains" : "Outcome: resolved");
	}
	esc_buf_free(&b);
}

/* The status of the case and its marks, pinned above the scrolling text. */
/* words (--accessible): the marks ! and * are said, not drawn. */
static void build_status(tui_lines *l, int cols, const esc_case *c, const case_acts *agreed,
                         bool words)
{
	const esc_case_summary *s = &c->sum;
	const esc_level_info *li = proc_level(s->proc, s->level);
	esc_buf b;
	esc_buf_init(&b);

	esc_buf_printf(&b, "%s  level %d (%s), %s; due %s, %d working day%s at this level", s->ref,
	               s->level, li ? li->label : "?", esc_state_name(s->state), s->level_due,
	               s->days_at_level, s->days_at_level == 1 ? "" : "s");
	lines_wrap(l, TUI_ST_HEADER, 1, 3, cols, b.data);
	esc_buf_reset(&b);
	if (s->overdue)
		esc_buf_puts(&b, words ? "Overdue at this level. " : "!OVERDUE at this level  ");
	if (s->urgent)
		esc_buf_puts(&b, words ? "Urgent jump. " : "URGENT jump  ");
	for (esc_notify n = ESC_NOTIFY_DESIGNATED; n < ESC_NOTIFY_PATTERN; n++)
		if (esc_case_owes(c, n))
			esc_buf_printf(&b, words ? "Notify the %s%s (i). " : "*NOTIFY the %s%s (i)  ",
			               proc_notify_whom(s->proc, n),
			               proc_notify_required(s->proc, n) ? "" : " if necessary");
	size_t late = 0, open = case_acts_open(agreed, &late);
	if (open)
		esc_buf_printf(&b, "%zu agreed action%s outstanding", open, open == 1 ? "" : "s");
	if (late)
		esc_buf_printf(&b, " (%zu overdue)", late);
	if (b.len)
		lines_wrap(l, s->overdue ? TUI_ST_OVERDUE : TUI_ST_NOTIFY, 1, 3, cols, b.data);
	esc_buf_free(&b);
}

static void build_header(tui_lines *l, int cols, const esc_case *c)
{
	const esc_case_summary *s = &c->sum;
	esc_buf b;
	esc_buf_init(&b);

	/* NHS numbers are read in groups of 3, 3 and 4 digits. */
	char child[ESC_CHILD_ID_MAX + 8];
	if (c->child_kind == ESC_CHILD_NHS && strlen(s->child_id) == 10)
		snprintf(child, sizeof child, "%.3s %.3s %.4s", s->child_id, s->child_id + 3,
		         s->child_id + 6);
	else
		snprintf(child, sizeof child, "%s", s->child_id);
	esc_buf_printf(&b, "Child: %s %s   Local authority: %s%s%s",
	               c->child_kind == ESC_CHILD_NHS ? "NHS number" : "local record", child,
	               s->local_authority, c->team && *c->team ? ", team " : "",
	               c->team ? c->team : "");
	lines_wrap(l, TUI_ST_NORMAL, 1, 3, cols, b.data);
	esc_buf_reset(&b);
	char opened[20];
	esc_instant_show(s->opened_at, 16, opened); /* civil time in the zone (civil.h) */
	esc_buf_printf(&b, "Owner: %s (%s)   Agency: %s   Opened %s", c->owner_name,
	               s->owner_login, c->agency ? c->agency : "", opened);
	lines_wrap(l, TUI_ST_NORMAL, 1, 3, cols, b.data);
	esc_buf_reset(&b);
	esc_buf_puts(&b, "Themes: ");
	for (size_t i = 0; i < c->nthemes; i++)
		esc_buf_printf(&b, "%s%s", i ? "; " : "", c->themes[i]);
	lines_wrap(l, TUI_ST_NORMAL, 1, 3, cols, b.data);
	esc_buf_reset(&b);
	esc_buf_printf(&b, "Decision challenged: %s", c->decision);
	lines_wrap(l, TUI_ST_NORMAL, 1, 3, cols, b.data);
	esc_buf_reset(&b);
	esc_buf_printf(&b, "Concern: %s", c->concern);
	lines_wrap(l, TUI_ST_NORMAL, 1, 3, cols, b.data);
	esc_buf_free(&b);
}

static void build_lines(tui *t, case_view *cv)
{
	tui_lines *l = &cv->lines;
	const esc_case *c = &cv->c;
	int cols = t->cols - 1;
	int level = 0;

	lines_clear(l);
	l->built_cols = t->cols;
	lines_clear(&cv->head);
	build_status(&cv->head, cols, c, &cv->agreed, t->accessible);
	build_header(l, cols, c);
	if (cv->agreed.n) {
		lines_add(l, TUI_ST_NORMAL, 0, "");
		case_acts_lines(&cv->agreed, l, cols);
	}
	lines_add(l, TUI_ST_NORMAL, 0, "");
	int nagreed = 0;
	for (size_t i = 0; i < c->nevents; i++) {
		const esc_event *e = &c->events[i];
		if (e->level_after != level) {
			const esc_level_info *li = proc_level(c->sum.proc, e->level_after);
			char head[400];
			level = e->level_after;
			snprintf(head, sizeof head, "Level %d: %s, with %s", level,
			         li ? li->label : "?", li ? li->raised_with : "?");
			lines_wrap(l, TUI_ST_HEADER, 1, 3, cols, head);
		}
		add_event(l, cols, &cv->c, e, &cv->agreed, &nagreed);
	}
}

static void build_panel(tui *t, case_view *cv)
{
	esc_buf ok, no;
	esc_buf_init(&ok);
	esc_buf_init(&no);
	for (size_t i = 0; i < cv->nacts; i++) {
		const next_act *na = &cv->acts[i];
		if (!na->shown)
			continue;
		esc_buf *b = na->allowed ? &ok : &no;
		esc_buf_printf(b, "%s%s", b->len ? "   " : "", na->label);
	}
	if (case_acts_open(&cv->agreed, NULL)) {
		/* Done and drop are offered when this login may use them on some
		 * open action (the owner may, whatever their role). */
		char done[24], drop[24];
		esc_buf *b = case_acts_may(&cv->agreed) ? &ok : &no;
		tui_key_name(tui_keys_first(TUI_S_CASE, TUI_A_ACTION_DONE), done, sizeof done);
		tui_key_name(tui_keys_first(TUI_S_CASE, TUI_A_ACTION_DROP), drop, sizeof drop);
		esc_buf_printf(b, "%s%s action done   %s drop action", b->len ? "   " : "", done,
		               drop);
	}
	lines_clear(&cv->panel);
	esc_buf line;
	esc_buf_init(&line);
	esc_buf_printf(&line, "Next: %s", ok.len ? ok.data : "(nothing you may do on this case)");
	lines_wrap(&cv->panel, TUI_ST_NORMAL, 1, 7, t->cols - 2, line.data);
	if (no.len) {
		esc_buf_reset(&line);
		esc_buf_printf(&line, "Not allowed for you (press the key to see why): %s",
		               no.data);
		lines_wrap(&cv->panel, TUI_ST_DIM, 1, 7, t->cols - 2, line.data);
	}
	esc_buf_free(&line);
	esc_buf_free(&ok);
	esc_buf_free(&no);
}

static void case_draw(tui *t, tui_view *v)
{
	case_view *cv = v->data;
	char title[ESC_REF_MAX + 32];
	snprintf(title, sizeof title, "Case %s", cv->loaded ? cv->c.sum.ref : "");
	draw_title(t, title);
	if (!cv->loaded) {
		draw_footer(t, TUI_S_CASE, NULL);
		return;
	}
	if (cv->lines.built_cols != t->cols)
		build_lines(t, cv);
	if (cv->to_end) {
		cv->lines.top = (int)cv->lines.n; /* clamped by lines_draw */
		cv->to_end = false;
	}
	build_panel(t, cv);
	int prows = (int)cv->panel.n > PANEL_MAX ? PANEL_MAX : (int)cv->panel.n;
	int hrows = (int)cv->head.n > 3 ? 3 : (int)cv->head.n;
	for (int i = 0; i < hrows; i++) {
		const tui_line *ln = &cv->head.v[i];
		draw_text(t, 1 + i, ln->indent, t->cols - ln->indent, ln->style, ln->text);
	}
	int body = t->rows - 3 - prows - 1 - hrows;
	lines_draw(t, &cv->lines, 1 + hrows, body);
	if (!t->accessible) { /* a rule is read out as a row of dashes */
		attrset(draw_attr(t, TUI_ST_DIM));
		mvhline(1 + hrows + body, 0, '-', t->cols);
		attrset(A_NORMAL);
	}
	for (int i = 0; i < prows; i++) {
		const tui_line *ln = &cv->panel.v[i];
		draw_text(t, 2 + hrows + body + i, ln->indent, t->cols - ln->indent, ln->style,
		          ln->text);
	}
	draw_footer(t, TUI_S_CASE, NULL);
}

static int case_do(tui *t, case_view *cv, tui_action a)
{
	for (size_t i = 0; i < cv->nacts; i++) {
		next_act *na = &cv->acts[i];
		if (na->action != a)
			continue;
		if (!na->allowed) {
			tui_message(t, TUI_MSG_ERROR, "%s: %s (%s)",
			            na->shown ? "Not allowed" : "Not possible now", na->why,
			            why_label(na->why_kind));
			return TUI_REDRAW;
		}
		if (na->ev == ESC_EV_AMENDED)
			tui_form_amend(t, &cv->c);
		else
			tui_form_event(t, &cv->c, na->ev, na->notify);
		return TUI_REDRAW;
	}
	return TUI_UNHANDLED;
}

static int case_record_page(tui *t, case_view *cv)
{
	esc_error err;
	esc_error_clear(&err);
	if (access_note_case(t->s, cv->id, cv->c.sum.ref, ESC_ACCESS_INTERFACE_RECORD, &err) !=
	    ESC_OK) {
		tui_error(t, &err);
		return TUI_REDRAW;
	}
	tui_record_open(t, cv->id, &cv->c);
	return TUI_REDRAW;
}

static int case_handle(tui *t, tui_view *v, tui_action a, tui_key key)
{
	case_view *cv = v->data;
	(void)key;
	if (a == TUI_A_BACK)
		return TUI_POP;
	if (!cv->loaded)
		return TUI_UNHANDLED;
	int r = lines_scroll(&cv->lines, a);
	if (r != TUI_UNHANDLED)
		return r;
	if (a == TUI_A_RECORD)
		return case_record_page(t, cv);
	if (a == TUI_A_ACTION_DONE || a == TUI_A_ACTION_DROP)
		return case_acts_key(t, &cv->agreed,
		                     a == TUI_A_ACTION_DONE ? ESC_EV_ACTION_DONE
		                                            : ESC_EV_ACTION_DROPPED);
	return case_do(t, cv, a);
}

static void case_close(tui_view *v)
{
	case_view *cv = v->data;
	if (!cv)
		return;
	if (cv->loaded)
		esc_case_free(&cv->c);
	lines_free(&cv->head);
	lines_free(&cv->lines);
	lines_free(&cv->panel);
	case_acts_free(&cv->agreed);
	free(cv);
}

static const tui_screen_ops case_ops = {
    .name = "case",
    .keys = TUI_S_CASE,
    .open = case_open_view,
    .draw = case_draw,
    .handle_key = case_handle,
    .close = case_close,
};

esc_status tui_case_open(tui *t, long long id)
{
	case_view *cv = calloc(1, sizeof *cv);
	if (!cv)
		abort();
	cv->id = id;
	t->last_case = id;
	return tui_push(t, &case_ops, cv);
}
