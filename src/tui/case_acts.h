/* The case view's agreed actions: read with action_each, shown with their
 * status (open, overdue, done, dropped: who, when, note), and marked done or
 * dropped from the case view through action_close.  Who may mark one is the
 * core's answer (proc_check_action); the keys are offered only when this
 * login may use them on some open action. */
#ifndef ESCALATE_TUI_CASE_ACTS_H
#define ESCALATE_TUI_CASE_ACTS_H

#include <stdbool.h>
#include <stddef.h>

#include "escalate/action.h"
#include "tui_int.h"

typedef struct case_act {
	int number;
	esc_action_status status;
	bool overdue;
	bool may_close; /* this login may mark it done or drop it */
	char *text, *owner, *owner_org, *due, *closed_at, *closed_by, *note;
	char why[sizeof((esc_error *)0)->message]; /* why not, when it may not */
} case_act;

typedef struct case_acts {
	long long case_id;
	char ref[32];
	case_act *v;
	size_t n;
	/* The pick-list and prompt on screen (they outlive a reload). */
	esc_event_kind ev;
	int number;
	char **opts;
	int *opt_numbers;
	size_t nopts;
	bool written; /* an action was just closed: show the section again */
} case_acts;

/* Reads the actions of the case (replacing those held). */
esc_status case_acts_load(tui *t, case_acts *a, long long case_id, const char *ref, esc_error *err);
void case_acts_free(case_acts *a);
size_t case_acts_open(const case_acts *a, size_t *overdue);
/* Whether this login may mark some open action done or dropped. */
bool case_acts_may(const case_acts *a);
/* The "Agreed actions" section of the case view. */
void case_acts_lines(const case_acts *a, tui_lines *l, int cols);
/* One action's status as a short word: "open", "OVERDUE", "done", "dropped". */
const char *case_act_word(const case_act *c);
/* The done / drop keys: a pick-list of the open actions when there are
 * several, then a prompt for the note (done, optional) or the reason (drop,
 * required by the core); writes with action_close. */
int case_acts_key(tui *t, case_acts *a, esc_event_kind ev);

#endif
