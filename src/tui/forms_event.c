/* The forms for events on a case: contact (with agreed actions as a
 * repeatable group), escalate, urgent jump, inform, note, resolve, withdraw,
 * reopen.  Each writes one event through case_record, conditional on the
 * case not having changed since it was shown. */
#include <stdlib.h>
#include <string.h>

#include "escalate/action.h"
#include "escalate/case.h"
#include "escalate/staff.h"
#include "escalate/validate.h"
#include "forms.h"
#include "forms_event_int.h"
#include "forms_int.h"

#define BUTTON_ADD_ACTION 1


static int group_field(const tui_form *f, int group, const char *name)
{
	for (size_t i = 0; i < f->n; i++)
		if (f->fields[i].group == group && f->fields[i].names &&
		    strcmp(f->fields[i].names, name) == 0)
			return (int)i;
	return -1;
}

static const char *opt_value(const tui_form *f, int field)
{
	if (field < 0)
		return NULL;
	const char *v = tui_form_value(f, field);
	return *v ? v : NULL;
}

static bool staff_cb(const esc_staff *st, void *ctx)
{
	event_ctx *c = ctx;
	char line[3 * ESC_SHORT_MAX];
	if (!st->active)
		return true;
	snprintf(line, sizeof line, "%s%s%s", st->name, st->organisation[0] ? ", " : "",
	         st->organisation);
	for (size_t i = 0; i < c->nstaff; i++)
		if (strcmp(c->staff[i], line) == 0) {
			snprintf(line, sizeof line, "%s%s%s (%s)", st->name,
			         st->organisation[0] ? ", " : "", st->organisation, st->login);
			break;
		}
	char **v = realloc(c->staff, (c->nstaff + 1) * sizeof *v);
	long long *ids = realloc(c->staff_ids, (c->nstaff + 1) * sizeof *ids);
	if (!v || !ids)
		abort();
	c->staff = v;
	c->staff_ids = ids;
	if (!(c->staff[c->nstaff] = strdup(line)))
		abort();
	c->staff_ids[c->nstaff++] = st->id;
	return true;
}

static void event_ctx_free(void *p)
{
	event_ctx *c = p;
	for (size_t i = 0; i < c->nstaff; i++)
		free(c->staff[i]);
	free(c->staff);
	free(c->staff_ids);
	free(c);
}

/* The staff member an owner field names, when it is one of the list's
 * entries exactly (chosen from it); 0 leaves `owner` to the core (someone
 * outside escalate, "Name, Organisation"). */
static long long owner_staff(const event_ctx *c, const char *owner)
{
	for (size_t i = 0; i < c->nstaff; i++)
		if (strcmp(c->staff[i], owner) == 0)
			return c->staff_ids[i];
	return 0;
}

static void contact_input(tui_form *f, event_ctx *c, esc_event_input *in)
{
	in->occurred_at = opt_value(f, c->when);
	in->person_name = tui_form_value(f, c->person);
	in->person_role = tui_form_value(f, c->role);
	in->person_org = tui_form_value(f, c->org);
	in->concern_remains = f->fields[c->outcome].choice == 0;
	c->nincluded = 0;
	for (int g = 1; g <= c->groups && in->nactions < ESC_MAX_ACTIONS; g++) {
		const char *text = tui_form_value(f, group_field(f, g, "action-text"));
		const char *owner = tui_form_value(f, group_field(f, g, "action-owner"));
		const char *due = tui_form_value(f, group_field(f, g, "action-due"));
		if (!*text && !*owner && !*due)
			continue; /* an empty group is no action */
		in->actions[in->nactions++] = (esc_action_input){
		    .text = text, .owner = owner, .due = due, .owner_staff_id = owner_staff(c, owner)};
		c->included[c->nincluded++] = g;
	}
}

static bool count_open_cb(const esc_action_row *a, void *ctx)
{
	(void)a;
	(*(int *)ctx)++;
	return true;
}

/* Agreed actions still open on the case (for the confirmations); 0 when
 * they cannot be read (the question then says nothing of them). */
static int open_actions(tui *t, long long case_id)
{
	esc_action_filter af = {.case_id = case_id, .open_only = true};
	esc_error err;
	int n = 0;
	esc_error_clear(&err);
	if (action_each(t->s, &af, count_open_cb, &n, &err) != ESC_OK)
		return 0;
	return n;
}


static esc_status event_submit(tui *t, tui_form *f, esc_error *err)
{
	event_ctx *c = f->ctx;
	esc_event_input in = {.kind = c->kind};
	if (c->text >= 0)
		in.text = tui_form_value(f, c->text);
	if (c->kind == ESC_EV_CONTACT)
		contact_input(f, c, &in);
	if (c->chair >= 0) {
		static const esc_chair_answer answers[] = {ESC_CHAIR_LATER, ESC_CHAIR_INFORMED,
		                                           ESC_CHAIR_NOT_NEEDED};
		int k = f->fields[c->chair].choice;
		in.chair = k >= 0 && k < 3 ? answers[k] : ESC_CHAIR_LATER;
	}
	if (c->kind == ESC_EV_INFORMED) {
		int k = f->fields[c->notify].choice;
		in.notify = k >= 0 && k < c->nnotify ? c->notify_opts[k] : ESC_NOTIFY_NONE;
		in.whom = tui_form_value(f, c->whom);
		in.how = tui_form_value(f, c->how);
		in.informed_at = opt_value(f, c->when);
		in.not_needed = c->not_needed >= 0 && f->fields[c->not_needed].choice == 1;
	}
	/* What the user sees is what they act on: the core refuses, as a
	 * conflict, an event whose meaning depends on a level or state the case
	 * has left since (notes commute). */
	in.seen = (esc_seen){.level = c->level, .state = c->state, .seq = c->seq};
	esc_status st = case_record(t->s, c->case_id, 0, &in, err);
	if (st == ESC_ECONFLICT) {
		/* Keep what was typed, read the case again and say what changed: the
		 * form now describes the case as it is, and only a new, deliberate
		 * save records it there.  Nothing is re-targeted behind the user. */
		esc_case now;
		esc_error e2;
		esc_error_clear(&e2);
		if (query_case(t->s, c->case_id, &now, &e2) == ESC_OK) {
			int was = c->level;
			esc_state was_state = c->state;
			c->level = now.sum.level;
			c->state = now.sum.state;
			c->seq = now.sum.seq;
			f->watch_seen = (esc_seen){.level = c->level, .state = c->state, .seq = c->seq};
			f->notice[0] = '\0';
			c->open_actions = open_actions(t, c->case_id);
			event_intro(f, c, &now);
			snprintf(err->message, sizeof err->message,
			         "%s changed while you were typing: it was %s at level %d, "
			         "it is now %s at level %d. The form above now describes the case as "
			         "it is; check what you typed, then F2 to save it there, or Esc.",
			         c->ref, esc_state_name(was_state), was, esc_state_name(c->state),
			         c->level);
			esc_case_free(&now);
		}
	}
	return st;
}

/* The day of the discussion as typed (-1 when it is not a date yet). */
static esc_day contact_day(const tui_form *f, const event_ctx *c)
{
	esc_error e;
	esc_day day;
	int minute;
	esc_error_clear(&e);
	const char *when = tui_form_value(f, c->when);
	if (!*when)
		return f->today;
	return esc_date_parse(when, "contact-at", &day, &minute, &e) == ESC_OK ? day : -1;
}

/* The core checks agreed actions in order and stops at the first fault;
 * find the action whose field of that name fails so the message sits
 * beside the right field. */
static int contact_locate(const tui_form *f, const esc_error *err)
{
	const event_ctx *c = f->ctx;
	if (strncmp(err->field, "action-", 7) != 0)
		return -1;
	for (size_t i = 0; i < c->nincluded; i++) {
		int at = group_field(f, c->included[i], err->field);
		const char *v = at >= 0 ? tui_form_value(f, at) : "";
		esc_error e;
		esc_day day;
		esc_error_clear(&e);
		if (strcmp(err->field, "action-text") == 0 &&
		    esc_check_text("action-text", v, ESC_LONG_MAX, true, true, &e) != ESC_OK)
			return at;
		if (strcmp(err->field, "action-owner") == 0 &&
		    esc_check_text("action-owner", v, ESC_SHORT_MAX, true, false, &e) != ESC_OK)
			return at;
		if (strcmp(err->field, "action-due") == 0 &&
		    action_due_check(v, contact_day(f, c), i, &day, &e) != ESC_OK)
			return at;
	}
	return c->nincluded ? group_field(f, c->included[0], err->field) : -1;
}

/* What the core did not reach: every agreed action's due date against the
 * day of the discussion (the core's own rule, action_due_check). */
static void contact_check(tui_form *f)
{
	const event_ctx *c = f->ctx;
	esc_day agreed = contact_day(f, c);
	for (size_t i = 0; i < c->nincluded; i++) {
		int fd = group_field(f, c->included[i], "action-due");
		esc_error e;
		esc_day day;
		esc_error_clear(&e);
		if (fd >= 0 && !form_field_empty(&f->fields[fd]) &&
		    action_due_check(tui_form_value(f, fd), agreed, i, &day, &e) != ESC_OK)
			form_mark(f, fd, e.field, e.message);
	}
}

static void add_action_group(tui_form *f, int before)
{
	event_ctx *c = f->ctx;
	char label[48];
	int g = ++c->groups;
	snprintf(label, sizeof label, "Agreed action %d", g);
	int i = tui_form_insert(f, before, TUI_F_TEXT, label, "action-text", false,
	                        "What was agreed (leave the three lines empty for no action)");
	f->fields[i].group = g;
	snprintf(label, sizeof label, "  action %d owner", g);
	i = tui_form_insert(f, i + 1, TUI_F_COMBO, label, "action-owner", false,
	                    "Enter: choose from the staff list; or type Name, Organisation for "
	                    "someone outside escalate");
	f->fields[i].group = g;
	for (size_t k = 0; k < c->nstaff; k++)
		tui_form_option(f, i, c->staff[k]);
	snprintf(label, sizeof label, "  action %d due", g);
	i = tui_form_insert(f, i + 1, TUI_F_DATE, label, "action-due", false,
	                    "Due date: YYYY-MM-DD, DD/MM/YYYY, today; not before the discussion");
	f->fields[i].group = g;
}

static int event_press(tui *t, tui_form *f, int field)
{
	event_ctx *c = f->ctx;
	if (f->fields[field].id != BUTTON_ADD_ACTION)
		return TUI_DONE;
	if (c->groups >= ESC_MAX_ACTIONS) {
		tui_message(t, TUI_MSG_ERROR, "A contact holds at most %d agreed actions.",
		            ESC_MAX_ACTIONS);
		return TUI_REDRAW;
	}
	add_action_group(f, field);
	f->focus = field; /* the new group's first line took the button's place */
	return TUI_REDRAW;
}

static void event_saved(tui *t, tui_form *f)
{
	const event_ctx *c = f->ctx;
	int next = c->kind == ESC_EV_URGENT ? proc_urgent_level(c->proc) : c->level + 1;
	const esc_level_info *li = proc_level(c->proc, next);
	switch (c->kind) {
	case ESC_EV_CONTACT:
		tui_message(t, TUI_MSG_INFO, "Contact recorded on %s.", c->ref);
		break;
	case ESC_EV_ESCALATED:
	case ESC_EV_URGENT:
		tui_message(t, TUI_MSG_INFO, "%s is now at level %d (%s)%s.", c->ref, next,
		            li ? li->label : "",
		            li && li->owed != ESC_NOTIFY_NONE ? "; record the notification (i)"
		                                              : "");
		break;
	case ESC_EV_INFORMED:
		tui_message(t, TUI_MSG_INFO, "Notification recorded on %s.", c->ref);
		break;
	case ESC_EV_NOTE:
		tui_message(t, TUI_MSG_INFO, "Note added to %s.", c->ref);
		break;
	default:
		tui_message(t, TUI_MSG_INFO, "%s %s.", c->ref, esc_event_name(c->kind));
		break;
	}
}

static void contact_fields(tui *t, tui_form *f, event_ctx *c, const esc_level_info *li)
{
	char now[ESC_TS_LEN + 1];
	c->when = tui_form_add(f, TUI_F_DATE, "When it happened", "contact-at|occurred-at", true,
	                       "YYYY-MM-DD or DD/MM/YYYY (or today, yesterday), a time HH:MM optional; not in the future");
	forms_now(t, now);
	tui_form_set_text(f, c->when, now);
	c->person =
	    tui_form_add(f, TUI_F_TEXT, "Person spoken with", "person-name", true, "Their name");
	c->role = tui_form_add(f, TUI_F_COMBO, "Their role", "person-role", true,
	                       "Type the role, or Enter for the roles of the procedure");
	for (int l = ESC_LEVEL_MIN; l <= proc_levels(c->proc); l++)
		tui_form_option(f, c->role, proc_level(c->proc, l)->label);
	tui_form_set_text(f, c->role, li->label);
	c->org = tui_form_add(f, TUI_F_TEXT, "Their organisation", "person-org", true,
	                      "e.g. the local authority's children's social care");
	c->text =
	    tui_form_add(f, TUI_F_LONG, "Summary", "summary|text", true, "What was discussed");
	c->outcome = tui_form_add(f, TUI_F_CHOICE, "Outcome", "outcome|concern-remains", true,
	                          "Left/Right: does the concern remain after the discussion?");
	tui_form_option(f, c->outcome, "concern remains");
	tui_form_option(f, c->outcome, "resolved");
	int add = tui_form_add(f, TUI_F_BUTTON, "Add another agreed action", NULL, false,
	                       "Enter: another action (text, owner, due date)");
	f->fields[add].id = BUTTON_ADD_ACTION;
	add_action_group(f, add);
	f->press = event_press;
	f->locate = contact_locate;
	f->check = contact_check;
}

static void inform_fields(tui *t, tui_form *f, event_ctx *c, const esc_case *k, esc_notify notify)
{
	char now[ESC_TS_LEN + 1];
	c->notify = tui_form_add(f, TUI_F_CHOICE, "Who was informed", "whom|notify", true,
	                         "Left/Right: which notification this records");
	/* the notifications of the case's procedure */
	bool optional = false;
	for (esc_notify n = ESC_NOTIFY_DESIGNATED; n < ESC_NOTIFY_PATTERN; n++)
		if (proc_notify_stage(c->proc, n)) {
			c->notify_opts[c->nnotify++] = n;
			tui_form_option(f, c->notify, proc_notify_whom(c->proc, n));
			optional |= !proc_notify_required(c->proc, n) &&
			            k->sum.level >= proc_notify_stage(c->proc, n);
		}
	for (int i = 0; i < c->nnotify; i++)
		if (c->notify_opts[i] == notify ||
		    (notify == ESC_NOTIFY_NONE && c->notify_opts[i] == ESC_NOTIFY_CHAIR &&
		     k->owed_chair))
			f->fields[c->notify].choice = i;
	c->whom = tui_form_add(f, TUI_F_TEXT, "Their name", "name", true,
	                       "The name of the person you informed");
	c->how =
	    tui_form_add(f, TUI_F_COMBO, "How", "how", true, "Type how, or Enter for suggestions");
	forms_how_options(f, c->how);
	c->when = tui_form_add(f, TUI_F_DATE, "When", "informed-at", false,
	                       "YYYY-MM-DD or DD/MM/YYYY (or today, yesterday), a time HH:MM optional; not in the future");
	forms_now(t, now);
	tui_form_set_text(f, c->when, now);
	if (optional) {
		c->not_needed =
		    tui_form_add(f, TUI_F_CHOICE, "Chair not needed", "not-needed", false,
		                 "Level 5: the chair is informed only if necessary; "
		                 "'yes' records that it is not (give the reason)");
		tui_form_option(f, c->not_needed, "no");
		tui_form_option(f, c->not_needed, "yes");
	}
	c->text = tui_form_add(f, TUI_F_LONG, "Note or reason", "text|reason", false,
	                       "Optional; the reason when the chair is not needed");
}

esc_status tui_form_event(tui *t, const esc_case *k, esc_event_kind kind, esc_notify notify)
{
	event_ctx *c = calloc(1, sizeof *c);
	if (!c)
		abort();
	*c = (event_ctx){.proc = k->sum.proc,
	                 .case_id = k->sum.id,
	                 .seq = k->sum.seq,
	                 .level = k->sum.level,
	                 .state = k->sum.state,
	                 .kind = kind,
	                 .text = -1,
	                 .when = -1,
	                 .not_needed = -1,
	                 .chair = -1};
	snprintf(c->ref, sizeof c->ref, "%s", k->sum.ref);
	if (kind == ESC_EV_CONTACT) {
		esc_error err;
		esc_error_clear(&err);
		if (staff_each(t->s->db, staff_cb, c, &err) != ESC_OK) {
			tui_error(t, &err);
			event_ctx_free(c);
			return err.status;
		}
	}
	char title[ESC_REF_MAX + 64];
	snprintf(title, sizeof title, "%s: %s", c->ref, event_title(kind));
	tui_form *f = tui_form_new(title, event_submit, c, event_ctx_free);
	f->saved = event_saved;
	c->open_actions = open_actions(t, c->case_id);
	event_intro(f, c, k);

	const esc_level_info *li = proc_level(c->proc, c->level);
	switch (kind) {
	case ESC_EV_CONTACT:
		contact_fields(t, f, c, li);
		break;
	case ESC_EV_INFORMED:
		inform_fields(t, f, c, k, notify);
		break;
	case ESC_EV_NOTE:
		c->text = tui_form_add(f, TUI_F_LONG, "Note", "text", true, "The note");
		break;
	case ESC_EV_RESOLVED:
		c->text = tui_form_add(f, TUI_F_LONG, "Outcome", "outcome|text", true,
		                       "How the disagreement was resolved");
		break;
	default:
		c->text =
		    tui_form_add(f, TUI_F_LONG, "Reason", "reason|text", true,
		                 kind == ESC_EV_URGENT ? "The immediate risk to the child" : "Why");
		break;
	}
	const esc_level_info *reached = proc_level(c->proc, c->level + 1);
	if (kind == ESC_EV_ESCALATED && reached && reached->owed == ESC_NOTIFY_CHAIR &&
	    !proc_notify_required(c->proc, ESC_NOTIFY_CHAIR)) {
		/* Appendix 5's level 5: the partnership chair is informed "if
		 * necessary"; the answer may come with the escalation. */
		c->chair =
		    tui_form_add(f, TUI_F_CHOICE, "Partnership chair", "chair", false,
		                 "Left/Right: informed now, judged not necessary, or later (i)");
		tui_form_option(f, c->chair, "not answered yet (record later)");
		tui_form_option(f, c->chair, "informed");
		tui_form_option(f, c->chair, "not necessary");
	}
	int save = tui_form_add(f, TUI_F_BUTTON, "Save (F2 or Ctrl-S)", NULL, false,
	                        "Enter: check and save; nothing is written before this");
	f->fields[save].id = TUI_BUTTON_SAVE;
	f->watch_case = c->case_id;
	f->watch_event = kind;
	f->watch_seen = (esc_seen){.level = c->level, .state = c->state, .seq = c->seq};
	return tui_form_open(t, f);
}
