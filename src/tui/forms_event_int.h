/* The event forms' shared state (forms_event.c) and the words they show:
 * their titles, introductions and confirmations (forms_event_text.c). */
#ifndef ESCALATE_TUI_FORMS_EVENT_INT_H
#define ESCALATE_TUI_FORMS_EVENT_INT_H

#include "escalate/case.h"
#include "escalate/query.h"
#include "form.h"
#include "forms.h"

typedef struct event_ctx {
	const struct esc_procedure *proc; /* the case's */
	long long case_id, seq;
	int level;        /* the level and state the form was written for */
	esc_state state;
	char ref[ESC_REF_MAX + 1];
	esc_event_kind kind;
	int text, when, person, role, org, outcome, notify, whom, how, not_needed, chair;
	esc_notify notify_opts[2];
	int nnotify;
	int groups;
	int open_actions; /* agreed actions still open on the case */
	/* Active staff, offered as agreed-action owners: "Name, Organisation"
	 * (and the login when two would read alike), with their ids. */
	char **staff;
	long long *staff_ids;
	size_t nstaff;
	int included[ESC_MAX_ACTIONS]; /* the group of each agreed action sent */
	size_t nincluded;
} event_ctx;

/* "Record a contact", "Escalate"... */
const char *event_title(esc_event_kind kind);
/* The form's introduction and, for escalate, resolve and withdraw, its
 * confirmation question, from the case's procedure. */
void event_intro(tui_form *f, const event_ctx *c, const esc_case *k);

#endif
