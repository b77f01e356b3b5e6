/* The event forms' words: titles, introductions and confirmations, each
 * from the case's own procedure (its levels, urgent route and
 * notifications). */
#include <stdio.h>

#include "escalate/procedure_file.h"
#include "escalate/text.h"
#include "forms_event_int.h"
#include "forms_int.h"

const char *event_title(esc_event_kind kind)
{
	switch (kind) {
	case ESC_EV_CONTACT:
		return "Record a contact";
	case ESC_EV_ESCALATED:
		return "Escalate";
	case ESC_EV_URGENT:
		return "URGENT jump to the head of service";
	case ESC_EV_INFORMED:
		return "Record a notification";
	case ESC_EV_NOTE:
		return "Add a note";
	case ESC_EV_RESOLVED:
		return "Resolve";
	case ESC_EV_WITHDRAWN:
		return "Withdraw";
	case ESC_EV_REOPENED:
		return "Reopen";
	default:
		return esc_event_label(kind);
	}
}

/* The notifications still owed on k, each after `each` and between them
 * `between`: "informing the CCG/ICB designated doctor or nurse and informing
 * the chair of the safeguarding partnership, if necessary". */
static void owed_words(const event_ctx *c, const esc_case *k, const char *each,
                       const char *between, esc_buf *b)
{
	bool first = true;
	for (esc_notify n = ESC_NOTIFY_DESIGNATED; n < ESC_NOTIFY_PATTERN; n++) {
		if (!esc_case_owes(k, n))
			continue;
		esc_buf_printf(b, "%s%s%s%s", first ? "" : between, each, proc_notify_whom(c->proc, n),
		               proc_notify_required(c->proc, n) ? "" : ", if necessary");
		first = false;
	}
}

/* Escalate, resolve and withdraw ask first, saying what will happen and
 * anything still owed (issue 10: closing with a notification owed is
 * allowed after confirmation; the case stays in "needs my action"). */
static void event_confirm(tui_form *f, const event_ctx *c, const esc_case *k)
{
	const esc_level_info *li = proc_level(c->proc, c->level);
	const esc_level_info *up = proc_level(c->proc, c->level + 1);
	esc_buf q;
	esc_buf_init(&q);
	switch (c->kind) {
	case ESC_EV_ESCALATED:
		esc_buf_printf(&q,
		               "Escalate %s from level %d (%s) to level %d (%s)? It is then raised "
		               "with %s and its clock starts again at level %d.",
		               c->ref, c->level, li->label, c->level + 1, up ? up->label : "",
		               up ? up->raised_with : "", c->level + 1);
		break;
	case ESC_EV_RESOLVED:
		esc_buf_printf(&q, "Resolve %s at level %d (%s)? The case closes as resolved.",
		               c->ref, c->level, li->label);
		break;
	case ESC_EV_WITHDRAWN:
		esc_buf_printf(&q, "Withdraw %s at level %d (%s)? The case closes as withdrawn.",
		               c->ref, c->level, li->label);
		break;
	default:
		esc_buf_free(&q);
		return;
	}
	if (c->open_actions > 0)
		esc_buf_printf(&q, " %d agreed action%s stay%s open until marked done or dropped.",
		               c->open_actions, c->open_actions == 1 ? "" : "s",
		               c->open_actions == 1 ? "s" : "");
	if (k->owed_designated || k->owed_chair) {
		esc_buf_puts(&q, " Still owed: ");
		owed_words(c, k, "informing the ", " and ", &q);
		esc_buf_puts(&q, "; the case stays in \"needs my action\" for those who may record it "
		                 "until it is recorded.");
	}
	esc_buf_puts(&q, " (y/n)");
	snprintf(f->confirm, sizeof f->confirm, "%s", q.data);
	esc_buf_free(&q);
}

void event_intro(tui_form *f, const event_ctx *c, const esc_case *k)
{
	event_confirm(f, c, k);
	const esc_level_info *li = proc_level(c->proc, c->level);
	const esc_level_info *up = proc_level(c->proc, c->level + 1);
	int urgent_level = proc_urgent_level(c->proc);
	const esc_level_info *urgent = proc_level(c->proc, urgent_level);
	switch (c->kind) {
	case ESC_EV_CONTACT:
		snprintf(f->intro, sizeof f->intro,
		         "A discussion at level %d (%s) on %s: with %s. Agreed actions: one group "
		         "each; leave a group empty for none.",
		         c->level, li->label, c->ref, li->raised_with);
		break;
	case ESC_EV_ESCALATED:
		snprintf(f->intro, sizeof f->intro,
		         "%s goes from level %d (%s) to level %d (%s): raised by the %s with the "
		         "%s.%s%s",
		         c->ref, c->level, li->label, c->level + 1, up ? up->label : "",
		         up ? up->raised_by : "", up ? up->raised_with : "",
		         up && up->also[0] ? " Then: " : "", up ? up->also : "");
		break;
	case ESC_EV_URGENT:
		f->warn = true;
		snprintf(
		    f->intro, sizeof f->intro,
		    "ONLY when the child's immediate welfare may be compromised. %s goes straight "
		    "from level %d to level %d (%s); %s. Otherwise escalate one level at a time.",
		    c->ref, c->level, urgent_level, urgent ? urgent->label : "",
		    urgent ? urgent->also : "");
		snprintf(f->confirm, sizeof f->confirm,
		         "Jump %s straight to level %d (%s)? This is for immediate risk to the "
		         "child's welfare only. (y/n)",
		         c->ref, urgent_level, urgent ? urgent->label : "");
		break;
	case ESC_EV_INFORMED: {
		esc_buf owed;
		esc_buf_init(&owed);
		owed_words(c, k, "; owed: the ", "", &owed);
		snprintf(f->intro, sizeof f->intro, "A required notification for %s (level %d)%s.",
		         c->ref, c->level, owed.data ? owed.data : "");
		esc_buf_free(&owed);
		break;
	}
	case ESC_EV_NOTE:
		snprintf(f->intro, sizeof f->intro, "A note on %s. It changes nothing.", c->ref);
		break;
	case ESC_EV_RESOLVED:
		snprintf(f->intro, sizeof f->intro, "Resolve %s at level %d (%s): what settled it?",
		         c->ref, c->level, li->label);
		break;
	case ESC_EV_WITHDRAWN:
		snprintf(f->intro, sizeof f->intro, "Withdraw %s at level %d: say why.", c->ref,
		         c->level);
		break;
	case ESC_EV_REOPENED:
		snprintf(f->intro, sizeof f->intro,
		         "Reopen %s: the concern has returned. It goes back to level %d, where it "
		         "closed.",
		         c->ref, c->level);
		break;
	default:
		break;
	}
}

