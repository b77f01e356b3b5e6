/* One case as text: the `show` view and JSON (the clinical-record entry is in
 * case_record.c).  Everything in an esc_case came from the database, so all
 * of it is untrusted: the text form sanitises every string (long fields keep
 * their line breaks, indented under their heading), the JSON form escapes it.
 * No child name exists anywhere to leak (SPEC §3, data minimisation); the
 * child is named by NHS or local number only. */
#include "escalate/case_format.h"

#include <string.h>

#include "case_format_int.h"
#include "escalate/amend.h"
#include "escalate/civil.h"
#include "escalate/json_out.h"
#include "escalate/procedure.h"
#include "escalate/procedure_file.h"

#define DETAIL_INDENT "                    "  /* under the event's headline */
#define FIELD_WIDTH   19                      /* "Due at this level  " */
#define FIELD_INDENT  "                     " /* 2 + FIELD_WIDTH: under a field's value */

void case_fmt_put(esc_buf *b, const char *s)
{
	esc_sanitize(b, s ? s : "", false);
}

/* Long text keeps its line breaks; continuation lines get `indent`. */
static void put_long(esc_buf *b, const char *s, const char *indent)
{
	esc_buf tmp;
	esc_buf_init(&tmp);
	esc_sanitize(&tmp, s ? s : "", true);
	for (const char *p = tmp.data; *p; p++) {
		esc_buf_add(b, p, 1);
		if (*p == '\n' && p[1] != '\0')
			esc_buf_puts(b, indent);
	}
	esc_buf_free(&tmp);
}

/* A stored instant as civil time in the procedure's zone (civil.h). */
void case_fmt_ts(esc_buf *b, const char *ts, int n)
{
	char shown[ESC_CIVIL_TEXT_LEN + 1];
	esc_instant_show(ts, n, shown);
	case_fmt_put(b, shown);
}

void case_fmt_time(esc_buf *b, const char *ts)
{
	case_fmt_ts(b, ts, 16);
}

void case_fmt_child(esc_buf *b, const esc_case *c)
{
	const char *id = c->sum.child_id;
	if (c->child_kind == ESC_CHILD_NHS && strlen(id) == 10 && strspn(id, "0123456789") == 10) {
		esc_buf_printf(b, "NHS %.3s %.3s %.4s", id, id + 3, id + 6);
		return;
	}
	esc_buf_puts(b, c->child_kind == ESC_CHILD_NHS ? "NHS " : "local record ");
	case_fmt_put(b, id);
}

void case_fmt_status(esc_buf *b, const esc_case *c)
{
	const esc_level_info *li = proc_level(c->sum.proc, c->sum.level);
	esc_buf_printf(b, "%s at level %d (%s)", esc_state_name(c->sum.state), c->sum.level,
	               li ? li->label : "?");
}

void case_fmt_themes(esc_buf *b, const esc_case *c)
{
	for (size_t i = 0; i < c->nthemes; i++) {
		if (i > 0)
			esc_buf_puts(b, "; ");
		case_fmt_put(b, c->themes[i]);
	}
}

void case_fmt_actor(esc_buf *b, const esc_event *e)
{
	case_fmt_put(b, e->actor_name);
	esc_buf_printf(b, " (%s)", esc_role_label(e->actor_role));
}

void case_fmt_action_owner(esc_buf *b, const esc_action *a)
{
	case_fmt_put(b, a->owner);
	/* A staff member's organisation is on their record; someone outside
	 * escalate is known by it. */
	if (!a->owner_login[0] && a->owner_org && *a->owner_org) {
		esc_buf_puts(b, ", ");
		case_fmt_put(b, a->owner_org);
	}
}

void case_fmt_action_closed(esc_buf *b, const esc_action *a)
{
	if (a->status == ESC_ACTION_OPEN)
		return;
	esc_buf_puts(b, a->status == ESC_ACTION_DONE ? "done " : "dropped ");
	case_fmt_time(b, a->closed_at);
	esc_buf_puts(b, " by ");
	case_fmt_put(b, a->closed_by);
	if (a->note && *a->note) {
		esc_buf_puts(b, ": ");
		esc_sanitize(b, a->note, false);
	}
}

void case_fmt_outstanding(esc_buf *b, const esc_case *c, const char *before)
{
	if (!c->open_actions)
		return;
	esc_buf_printf(b, "%s%zu agreed action%s outstanding", before, c->open_actions,
	               c->open_actions == 1 ? "" : "s");
}

void case_fmt_person(esc_buf *b, const esc_event *e)
{
	case_fmt_put(b, e->person_name);
	esc_buf_puts(b, " (");
	case_fmt_put(b, e->person_role);
	esc_buf_puts(b, ", ");
	case_fmt_put(b, e->person_org);
	esc_buf_puts(b, ")");
}

/* An amendment's subject: "decision challenged", "summary of contact 2
 * (2026-05-05 09:30)": contacts are counted from 1, oldest first, as
 * `escalate amend --contact` counts them. */
void case_fmt_amend_what(esc_buf *b, const esc_case *c, const esc_event *e)
{
	if (e->amend_field != ESC_AMEND_SUMMARY) {
		esc_buf_puts(b, esc_amend_field_words((esc_amend_field)e->amend_field));
		return;
	}
	int n = 0;
	const esc_event *contact = NULL;
	for (size_t i = 0; i < c->nevents && c->events[i].seq <= e->amend_seq; i++)
		if (c->events[i].kind == ESC_EV_CONTACT) {
			n++;
			contact = &c->events[i];
		}
	esc_buf_printf(b, "summary of contact %d", n);
	if (contact && contact->seq == e->amend_seq) {
		esc_buf_puts(b, " (");
		case_fmt_time(b, contact->occurred_at);
		esc_buf_puts(b, ")");
	}
}

/* An amended value, sanitised; themes (one a line) as "A; B". */
void case_fmt_amend_value(esc_buf *b, const esc_event *e, const char *v, bool multiline)
{
	if (e->amend_field != ESC_AMEND_THEMES) {
		esc_sanitize(b, v ? v : "", multiline);
		return;
	}
	for (const char *p = v ? v : ""; *p;) {
		size_t n = strcspn(p, "\n");
		esc_buf tmp;
		esc_buf_init(&tmp);
		esc_buf_add(&tmp, p, n);
		esc_buf_add(&tmp, "", 1);
		esc_sanitize(b, tmp.data, false);
		esc_buf_free(&tmp);
		p += n;
		if (*p) {
			esc_buf_puts(b, "; ");
			p++;
		}
	}
}

static void field(esc_buf *b, const char *name)
{
	esc_buf_printf(b, "  %-*s", FIELD_WIDTH, name);
}

static void long_field(esc_buf *b, const char *name, const char *text)
{
	field(b, name);
	put_long(b, text, FIELD_INDENT);
	esc_buf_add(b, "\n", 1);
}

/* "  Local authority  Surrey" (sanitised); skipped when empty and optional. */
static void short_field(esc_buf *b, const char *name, const char *value, bool optional)
{
	if (optional && (!value || !*value))
		return;
	field(b, name);
	case_fmt_put(b, value);
	esc_buf_add(b, "\n", 1);
}

static void text_header(const esc_case *c, esc_buf *b)
{
	case_fmt_put(b, c->sum.ref);
	esc_buf_puts(b, " — ");
	case_fmt_status(b, c);
	esc_buf_add(b, "\n", 1);
	short_field(b, "UUID", c->sum.uuid, false);
	field(b, "Child");
	case_fmt_child(b, c);
	esc_buf_add(b, "\n", 1);
	short_field(b, "Local authority", c->sum.local_authority, false);
	if (c->sum.procedure_id && c->sum.proc) {
		/* cases of the shipped default read as they always have */
		field(b, "Procedure");
		case_fmt_put(b, c->sum.proc->title);
		esc_buf_printf(b, " (%s version %d)\n", c->sum.proc->name, c->sum.proc->version);
	}
	short_field(b, "Team", c->team, true);
	short_field(b, "Agency", c->agency, false);
	long_field(b, "Decision", c->decision);
	long_field(b, "Concern", c->concern);
	field(b, "Themes");
	case_fmt_themes(b, c);
	esc_buf_add(b, "\n", 1);
	field(b, "Owner");
	case_fmt_put(b, c->owner_name);
	esc_buf_puts(b, " (");
	case_fmt_put(b, c->sum.owner_login);
	esc_buf_puts(b, ")\n");
	field(b, "Opened");
	case_fmt_time(b, c->sum.opened_at);
	esc_buf_add(b, "\n", 1);
	if (c->sum.state == ESC_STATE_OPEN) {
		field(b, "Due at this level");
		case_fmt_put(b, c->sum.level_due);
		esc_buf_printf(b, " (%d working day%s at this level)\n", c->sum.days_at_level,
		               c->sum.days_at_level == 1 ? "" : "s");
	}

	const char *flags[5];
	char owed[2][ESC_LEVEL_TEXT_MAX + 40];
	size_t n = 0;
	char outstanding[48] = "";
	if (c->open_actions) {
		esc_buf o;
		esc_buf_init(&o);
		case_fmt_outstanding(&o, c, "");
		snprintf(outstanding, sizeof outstanding, "%s", o.data ? o.data : "");
		esc_buf_free(&o);
	}
	if (c->sum.overdue)
		flags[n++] = "OVERDUE";
	if (c->sum.urgent)
		flags[n++] = "URGENT";
	/* the procedure's notifications still owed, in its words */
	for (int i = 0; i < 2; i++) {
		esc_notify nt = i == 0 ? ESC_NOTIFY_DESIGNATED : ESC_NOTIFY_CHAIR;
		if (!esc_case_owes(c, nt))
			continue;
		snprintf(owed[i], sizeof owed[i],
		         proc_notify_required(c->sum.proc, nt) ? "%s not yet informed"
		                                               : "informing the %s: not yet decided",
		         proc_notify_whom(c->sum.proc, nt));
		flags[n++] = owed[i];
	}
	if (outstanding[0])
		flags[n++] = outstanding;
	if (n > 0) {
		field(b, "Flags");
		for (size_t i = 0; i < n; i++)
			esc_buf_printf(b, "%s%s", i ? "; " : "", flags[i]);
		esc_buf_add(b, "\n", 1);
	}
}

static void detail_text(esc_buf *b, const char *label, const char *text)
{
	if (!text || !*text)
		return;
	esc_buf_puts(b, DETAIL_INDENT);
	esc_buf_puts(b, label);
	put_long(b, text, DETAIL_INDENT);
	esc_buf_add(b, "\n", 1);
}

static void text_contact(const esc_event *e, esc_buf *b)
{
	esc_buf_puts(b, DETAIL_INDENT);
	esc_buf_puts(b, "Spoke with ");
	case_fmt_person(b, e);
	esc_buf_puts(b, " on ");
	case_fmt_time(b, e->occurred_at);
	esc_buf_add(b, "\n", 1);
	/* A corrected summary says so; the old one is under its amendment. */
	detail_text(b, e->amended ? "(amended) " : "", e->text);
	if (e->nactions > 0) {
		esc_buf_puts(b, DETAIL_INDENT);
		esc_buf_puts(b, "Agreed actions:\n");
		for (size_t i = 0; i < e->nactions; i++) {
			const esc_action *a = &e->actions[i];
			esc_buf_puts(b, DETAIL_INDENT);
			esc_buf_printf(b, "%d. ", a->number);
			put_long(b, a->text, DETAIL_INDENT "  ");
			esc_buf_puts(b, " — owner ");
			case_fmt_action_owner(b, a);
			esc_buf_puts(b, ", due ");
			case_fmt_put(b, a->due);
			esc_buf_puts(b, a->overdue ? " [OVERDUE]" : "");
			if (a->status != ESC_ACTION_OPEN) {
				esc_buf_puts(b, " [");
				case_fmt_action_closed(b, a);
				esc_buf_puts(b, "]");
			}
			esc_buf_add(b, "\n", 1);
		}
	}
	esc_buf_puts(b, DETAIL_INDENT);
	esc_buf_printf(b, "Outcome: %s\n", e->concern_remains ? "concern remains" : "resolved");
}

static void text_informed(const esc_event *e, esc_buf *b)
{
	esc_buf_puts(b, DETAIL_INDENT);
	if (e->not_needed) {
		esc_buf_printf(b, "Informing the %s judged not necessary\n",
		               proc_notify_whom(e->proc, e->notify));
		detail_text(b, "Reason: ", e->text);
		return;
	}
	esc_buf_puts(b, "Informed ");
	case_fmt_put(b, e->whom);
	esc_buf_printf(b, " (%s) by ", proc_notify_whom(e->proc, e->notify));
	case_fmt_put(b, e->how);
	esc_buf_puts(b, " on ");
	case_fmt_time(b, e->informed_at);
	esc_buf_add(b, "\n", 1);
	detail_text(b, "", e->text);
}

/* How the history view shows each kind of event: its headline ("Escalated
 * to level 2") and the label of its free text. */
static const struct {
	const char *headline;
	bool at_level; /* followed by the level reached or closed at */
	const char *text_label;
} text_kinds[ESC_EV_COUNT] = {
    [ESC_EV_OPENED] = {"Opened", false, ""},
    [ESC_EV_CONTACT] = {"Contact recorded", false, ""},
    [ESC_EV_ESCALATED] = {"Escalated to level", true, "Reason: "},
    [ESC_EV_URGENT] = {"URGENT jump to level", true, "Reason: "},
    [ESC_EV_INFORMED] = {"Notification recorded", false, ""},
    [ESC_EV_NOTE] = {"Note", false, ""},
    [ESC_EV_RESOLVED] = {"Resolved at level", true, "Outcome: "},
    [ESC_EV_WITHDRAWN] = {"Withdrawn at level", true, "Reason: "},
    [ESC_EV_REOPENED] = {"Reopened at level", true, "Reason: "},
    [ESC_EV_AMENDED] = {"Amended", false, "Reason: "},
};

/* "Was:" and "Now:" under the headline; the reason last. */
static void text_amended(const esc_event *e, esc_buf *b)
{
	static const char *const label[] = {"Was: ", "Now: "};
	const char *const value[] = {e->old_value, e->new_value};
	for (int i = 0; i < 2; i++) {
		esc_buf_puts(b, DETAIL_INDENT);
		esc_buf_puts(b, label[i]);
		esc_buf v;
		esc_buf_init(&v);
		case_fmt_amend_value(&v, e, value[i], true);
		put_long(b, v.data && *v.data ? v.data : "(none)", DETAIL_INDENT "     ");
		esc_buf_free(&v);
		esc_buf_add(b, "\n", 1);
	}
	detail_text(b, "Reason: ", e->text);
}

static void text_event(const esc_case *c, const esc_event *e, esc_buf *b)
{
	esc_event_kind k = (unsigned)e->kind < ESC_EV_COUNT ? e->kind : ESC_EV_NOTE;
	esc_buf_puts(b, "  ");
	case_fmt_time(b, e->at);
	esc_buf_puts(b, "  ");
	if (k == ESC_EV_AMENDED) {
		esc_buf_puts(b, "Amended the ");
		case_fmt_amend_what(b, c, e);
		esc_buf_puts(b, " by ");
		case_fmt_actor(b, e);
		esc_buf_add(b, "\n", 1);
		text_amended(e, b);
		return;
	}
	esc_buf_puts(b, text_kinds[k].headline);
	if (text_kinds[k].at_level)
		esc_buf_printf(b, " %d", e->level_after);
	esc_buf_puts(b, " by ");
	case_fmt_actor(b, e);
	esc_buf_add(b, "\n", 1);
	if (k == ESC_EV_CONTACT)
		text_contact(e, b);
	else if (k == ESC_EV_INFORMED)
		text_informed(e, b);
	else
		detail_text(b, text_kinds[k].text_label, e->text);
}

void case_format_text(const esc_case *c, esc_buf *out)
{
	text_header(c, out);
	esc_buf_puts(out, "\nHistory\n");
	int level = 0;
	for (size_t i = 0; i < c->nevents; i++) {
		const esc_event *e = &c->events[i];
		if (e->level_after != level) {
			const esc_level_info *li = proc_level(c->sum.proc, e->level_after);
			esc_buf_printf(out, "Level %d — %s\n", e->level_after,
			               li ? li->label : "?");
			level = e->level_after;
		}
		text_event(c, e, out);
	}
}

/* JSON: every field, strings escaped; fields an event kind does not carry
 * are null.  The shape is data/schema/json/case.schema.json, shared by show
 * and export; instants are ISO 8601 UTC beside the civil date a report
 * counts them on, and people are json_out's person object. */
static void json_key(esc_buf *b, const char *key)
{
	esc_json_key(b, false, key);
}

static void json_str(esc_buf *b, const char *key, const char *v)
{
	json_key(b, key);
	esc_json_string(b, v ? v : "");
}

static void json_opt(esc_buf *b, const char *key, const char *v, bool present)
{
	if (present) {
		json_str(b, key, v);
	} else {
		json_key(b, key);
		esc_buf_puts(b, "null");
	}
}

static void json_instant(esc_buf *b, const char *key, const char *v, bool present)
{
	json_key(b, key);
	esc_json_instant(b, present ? v : NULL);
}

static void json_bool(esc_buf *b, const char *key, bool v)
{
	json_key(b, key);
	esc_buf_puts(b, v ? "true" : "false");
}

/* The one JSON shape of an agreed action (show, export, action list). */
void case_format_action_json(const esc_action *a, esc_buf *b)
{
	esc_buf_printf(b, "{\"number\":%d,\"text\":", a->number);
	esc_json_string(b, a->text);
	json_key(b, "owner");
	esc_buf_puts(b, "{\"login\":");
	if (a->owner_login[0])
		esc_json_string(b, a->owner_login);
	else
		esc_buf_puts(b, "null");
	json_str(b, "name", a->owner);
	json_str(b, "organisation", a->owner_org);
	esc_buf_add(b, "}", 1);
	json_str(b, "due", a->due);
	json_bool(b, "overdue", a->overdue);
	json_str(b, "status", esc_action_status_name((esc_action_status)a->status));
	json_instant(b, "closed_at", a->closed_at, a->status != ESC_ACTION_OPEN);
	json_opt(b, "closed_by", a->closed_by, a->status != ESC_ACTION_OPEN);
	json_opt(b, "note", a->note, a->status != ESC_ACTION_OPEN);
	esc_buf_add(b, "}", 1);
}

static void json_event(const esc_event *e, esc_buf *b)
{
	bool contact = e->kind == ESC_EV_CONTACT, informed = e->kind == ESC_EV_INFORMED;
	esc_buf_printf(b, "{\"seq\":%lld", e->seq);
	json_str(b, "event", esc_event_name(e->kind));
	esc_buf_add(b, ",", 1);
	esc_json_instant_pair(b, "at", "date", e->at);
	json_key(b, "actor");
	esc_json_person(b, e->actor_login, e->actor_name, e->actor_role);
	esc_buf_printf(b, ",\"level_before\":%d,\"level_after\":%d", e->level_before,
	               e->level_after);
	json_str(b, "state_after", esc_state_name(e->state_after));
	json_str(b, "text", e->text);
	json_instant(b, "occurred_at", e->occurred_at, contact);
	json_opt(b, "person_name", e->person_name, contact);
	json_opt(b, "person_role", e->person_role, contact);
	json_opt(b, "person_org", e->person_org, contact);
	json_key(b, "concern_remains");
	esc_buf_puts(b, contact ? (e->concern_remains ? "true" : "false") : "null");
	json_opt(b, "notify", proc_notify_name(e->proc, e->notify), informed);
	json_opt(b, "whom", e->whom, informed && !e->not_needed);
	json_opt(b, "how", e->how, informed && !e->not_needed);
	json_instant(b, "informed_at", e->informed_at, informed && !e->not_needed);
	json_bool(b, "not_needed", e->not_needed);
	json_key(b, "actions");
	esc_buf_add(b, "[", 1);
	for (size_t i = 0; i < e->nactions; i++) {
		if (i)
			esc_buf_add(b, ",", 1);
		case_format_action_json(&e->actions[i], b);
	}
	esc_buf_add(b, "]", 1);
	json_bool(b, "amended", e->amended);
	json_key(b, "amendment");
	if (e->kind == ESC_EV_AMENDED) {
		esc_buf_puts(b, "{");
		esc_json_key(b, true, "field");
		esc_json_string(b, esc_amend_field_name((esc_amend_field)e->amend_field));
		json_key(b, "contact_seq");
		if (e->amend_field == ESC_AMEND_SUMMARY)
			esc_buf_printf(b, "%lld", e->amend_seq);
		else
			esc_buf_puts(b, "null");
		json_str(b, "old_value", e->old_value);
		json_str(b, "new_value", e->new_value);
		esc_buf_add(b, "}", 1);
	} else {
		esc_buf_puts(b, "null");
	}
	if (e->hash[0])
		json_str(b, "hash", e->hash);
	esc_buf_add(b, "}", 1);
}

void case_format_json(const esc_case *c, esc_buf *out)
{
	const esc_case_summary *s = &c->sum;
	const esc_level_info *li = proc_level(s->proc, s->level);
	esc_buf_printf(out, "{\"id\":%lld,\"seq\":%lld", s->id, s->seq);
	json_str(out, "ref", s->ref);
	json_str(out, "uuid", s->uuid);
	json_str(out, "state", esc_state_name(s->state));
	esc_buf_printf(out, ",\"level\":%d", s->level);
	json_str(out, "level_label", li ? li->label : "");
	json_str(out, "child_kind", c->child_kind == ESC_CHILD_NHS ? "nhs" : "local");
	json_str(out, "child_id", s->child_id);
	json_str(out, "local_authority", s->local_authority);
	if (s->procedure_id && s->proc) {
		json_str(out, "procedure", s->proc->name);
		esc_buf_printf(out, ",\"procedure_version\":%d", s->proc->version);
	}
	json_str(out, "team", c->team);
	json_str(out, "agency", c->agency);
	json_str(out, "decision", c->decision);
	json_str(out, "concern", c->concern);
	json_key(out, "themes");
	esc_buf_add(out, "[", 1);
	for (size_t i = 0; i < c->nthemes; i++) {
		if (i > 0)
			esc_buf_add(out, ",", 1);
		esc_json_string(out, c->themes[i]);
	}
	esc_buf_add(out, "]", 1);
	json_key(out, "owner");
	esc_json_person(out, s->owner_login, c->owner_name, c->owner_role);
	esc_buf_add(out, ",", 1);
	esc_json_instant_pair(out, "opened_at", "opened_date", s->opened_at);
	esc_buf_add(out, ",", 1);
	esc_json_instant_pair(out, "level_since", "level_since_date", s->level_since);
	json_str(out, "level_due", s->level_due);
	esc_buf_printf(out, ",\"days_at_level\":%d", s->days_at_level);
	json_bool(out, "overdue", s->overdue);
	json_bool(out, "urgent", s->urgent);
	json_bool(out, "concern_remains", c->concern_remains);
	json_bool(out, "owed_designated", c->owed_designated);
	json_bool(out, "owed_chair", c->owed_chair);
	esc_buf_printf(out, ",\"open_actions\":%zu", c->open_actions);
	json_key(out, "events");
	esc_buf_add(out, "[", 1);
	for (size_t i = 0; i < c->nevents; i++) {
		if (i > 0)
			esc_buf_add(out, ",", 1);
		json_event(&c->events[i], out);
	}
	esc_buf_puts(out, "]}\n");
}
