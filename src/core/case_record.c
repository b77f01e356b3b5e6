/* The clinical-record entry for one case (policy: every escalation is
 * documented in the child's record too).  Like the text form, every string
 * came from the database and is sanitised; the child is named by NHS or local
 * number only. */
#include "escalate/case_format.h"

#include <string.h>

#include "case_format_int.h"
#include "escalate/procedure.h"

/* The clinical-record entry: one paragraph per level, in the words of the
 * policy — who was spoken with and what was agreed at each level. */
static void record_sentence_end(esc_buf *b, const char *text)
{
	/* Free text supplies its own full stop; ours only when it has none. */
	size_t n = text ? strlen(text) : 0;
	while (n > 0 && (text[n - 1] == ' ' || text[n - 1] == '\n'))
		n--;
	if (n == 0 || !strchr(".!?", text[n - 1]))
		esc_buf_add(b, ".", 1);
}

static void record_text(esc_buf *b, const char *lead, const char *text)
{
	if (!text || !*text)
		return;
	esc_buf_puts(b, lead);
	esc_sanitize(b, text, true);
	record_sentence_end(b, text);
}

static void record_contact(const esc_event *e, esc_buf *b)
{
	esc_buf_add(b, " ", 1);
	case_fmt_time(b, e->occurred_at);
	esc_buf_puts(b, " spoke with ");
	case_fmt_person(b, e);
	esc_buf_add(b, ".", 1);
	record_text(b, " ", e->text);
	if (e->amended)
		esc_buf_puts(b, " (Summary amended since; see below.)");
	if (e->nactions > 0) {
		esc_buf_puts(b, " Agreed actions:");
		for (size_t i = 0; i < e->nactions; i++) {
			esc_buf_puts(b, i ? "; " : " ");
			const esc_action *a = &e->actions[i];
			esc_sanitize(b, a->text, true);
			esc_buf_puts(b, " (owner ");
			case_fmt_action_owner(b, a);
			esc_buf_puts(b, ", due ");
			case_fmt_put(b, a->due);
			if (a->status != ESC_ACTION_OPEN) {
				esc_buf_puts(b, "; ");
				case_fmt_action_closed(b, a);
			}
			esc_buf_add(b, ")", 1);
		}
		esc_buf_add(b, ".", 1);
	}
	esc_buf_printf(b, " Outcome: %s.", e->concern_remains ? "concern remains" : "resolved");
}

static void record_informed(const esc_event *e, esc_buf *b)
{
	esc_buf_add(b, " ", 1);
	if (e->not_needed) {
		esc_buf_printf(b, "Informing the %s judged not necessary.",
		               proc_notify_whom(e->proc, e->notify));
	} else {
		case_fmt_put(b, e->whom);
		esc_buf_printf(b, " (%s) informed ", proc_notify_whom(e->proc, e->notify));
		case_fmt_time(b, e->informed_at);
		esc_buf_puts(b, " by ");
		case_fmt_put(b, e->how);
		esc_buf_add(b, ".", 1);
	}
	record_text(b, " ", e->text);
}

/* The other kinds: " Escalated 2026-05-06 10:00 by NAME (ROLE). Reason: ..." */
static const struct {
	const char *verb; /* NULL: the text alone */
	bool by_actor;
	const char *text_label;
} record_kinds[ESC_EV_COUNT] = {
    [ESC_EV_OPENED] = {"Raised", true, " "},
    [ESC_EV_ESCALATED] = {"Escalated", true, " Reason: "},
    [ESC_EV_URGENT] = {"Urgent escalation (child's welfare at immediate risk)", true, " Reason: "},
    [ESC_EV_NOTE] = {NULL, false, " Note: "},
    [ESC_EV_RESOLVED] = {"Resolved", false, " Outcome: "},
    [ESC_EV_WITHDRAWN] = {"Withdrawn", false, " Reason: "},
    [ESC_EV_REOPENED] = {"Reopened", false, " Reason: "},
};

/* " Decision challenged amended 2026-05-02 09:00 by NAME (ROLE): was "…",
 * now "…". Reason: …" — the record says what was corrected and how. */
static void record_amended(const esc_case *c, const esc_event *e, esc_buf *b)
{
	esc_buf_puts(b, " Amended the ");
	case_fmt_amend_what(b, c, e);
	esc_buf_add(b, " ", 1);
	case_fmt_time(b, e->at);
	esc_buf_puts(b, " by ");
	case_fmt_actor(b, e);
	esc_buf_puts(b, ": was \u201c");
	case_fmt_amend_value(b, e, e->old_value, true);
	esc_buf_puts(b, "\u201d, now \u201c");
	case_fmt_amend_value(b, e, e->new_value, true);
	esc_buf_puts(b, "\u201d.");
	record_text(b, " Reason: ", e->text);
}

static void record_event(const esc_case *c, const esc_event *e, esc_buf *b)
{
	if (e->kind == ESC_EV_AMENDED) {
		record_amended(c, e, b);
		return;
	}
	if (e->kind == ESC_EV_CONTACT) {
		record_contact(e, b);
		return;
	}
	if (e->kind == ESC_EV_INFORMED) {
		record_informed(e, b);
		return;
	}
	if ((unsigned)e->kind >= ESC_EV_COUNT || !record_kinds[e->kind].text_label)
		return;
	if (record_kinds[e->kind].verb) {
		esc_buf_printf(b, " %s ", record_kinds[e->kind].verb);
		case_fmt_time(b, e->at);
		if (record_kinds[e->kind].by_actor) {
			esc_buf_puts(b, " by ");
			case_fmt_actor(b, e);
		}
		esc_buf_add(b, ".", 1);
	}
	record_text(b, record_kinds[e->kind].text_label, e->text);
}

void case_format_record(const esc_case *c, esc_buf *out)
{
	const esc_case_summary *s = &c->sum;
	esc_buf_puts(out, "Escalation of professional difference ");
	case_fmt_put(out, s->ref);
	esc_buf_puts(out, " (");
	case_fmt_child(out, c);
	esc_buf_puts(out, ")\nLocal authority: ");
	case_fmt_put(out, s->local_authority);
	if (c->team && *c->team) {
		esc_buf_puts(out, ", team: ");
		case_fmt_put(out, c->team);
	}
	esc_buf_puts(out, "\nRaising agency: ");
	case_fmt_put(out, c->agency);
	esc_buf_puts(out, "\nThemes: ");
	case_fmt_themes(out, c);
	esc_buf_puts(out, "\nDecision challenged: ");
	esc_sanitize(out, c->decision ? c->decision : "", true);
	esc_buf_puts(out, "\nConcern: ");
	esc_sanitize(out, c->concern ? c->concern : "", true);
	esc_buf_add(out, "\n", 1);

	int level = 0;
	for (size_t i = 0; i < c->nevents; i++) {
		const esc_event *e = &c->events[i];
		if (e->level_after != level) {
			const esc_level_info *li = proc_level(c->sum.proc, e->level_after);
			esc_buf_printf(out, "%sLevel %d — %s:", level ? "\n" : "", e->level_after,
			               li ? li->label : "?");
			level = e->level_after;
		}
		record_event(c, e, out);
	}
	esc_buf_puts(out, level ? "\nCurrent status: " : "Current status: ");
	case_fmt_status(out, c);
	if (s->state == ESC_STATE_OPEN) {
		esc_buf_puts(out, ", target date ");
		case_fmt_put(out, s->level_due);
		if (s->overdue)
			esc_buf_puts(out, " (overdue)");
	}
	for (esc_notify nt = ESC_NOTIFY_DESIGNATED; nt < ESC_NOTIFY_PATTERN; nt++)
		if (esc_case_owes(c, nt))
			esc_buf_printf(out,
			               proc_notify_required(s->proc, nt)
			                   ? "; the %s has not yet been informed"
			                   : "; informing the %s not yet decided",
			               proc_notify_whom(s->proc, nt));
	case_fmt_outstanding(out, c, "; ");
	esc_buf_puts(out, ".\n");

	/* Signed as the case owner (who raised it) with the raising agency, as at
	 * the latest entry in its history. */
	const esc_event *first = c->nevents ? &c->events[0] : NULL;
	const esc_event *last = c->nevents ? &c->events[c->nevents - 1] : NULL;
	esc_buf_puts(out, "Recorded by ");
	case_fmt_put(out, c->owner_name);
	if (first)
		esc_buf_printf(out, " (%s)", esc_role_label(first->actor_role));
	if (c->agency && *c->agency) {
		esc_buf_puts(out, ", ");
		case_fmt_put(out, c->agency);
	}
	esc_buf_puts(out, " on ");
	case_fmt_ts(out, last ? last->at : s->opened_at, ESC_DATE_LEN);
	esc_buf_puts(out, ".\n");
}
