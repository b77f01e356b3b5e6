/* Agreed actions: each comes from a discussion (a contact), has an owner who
 * is a registered staff member or a named person outside escalate, a due
 * date not before the discussion, and a life: open until marked done (who,
 * when, note) or dropped (reason).  Open actions stay open when the case
 * moves up a level or closes (SPEC §7).  The updates are append-only and
 * hash-chained; who may make them is the procedure table's rule. */
#ifndef ESCALATE_ACTION_H
#define ESCALATE_ACTION_H

#include <stdbool.h>

#include "escalate/calendar.h"
#include "escalate/case.h"
#include "escalate/session.h"

typedef enum esc_action_status {
	ESC_ACTION_OPEN = 0,
	ESC_ACTION_DONE = 1,
	ESC_ACTION_DROPPED = 2,
} esc_action_status;

const char *esc_action_status_name(esc_action_status st); /* "open", "done", "dropped" */

/* One agreed action as read; the strings live until the callback returns. */
typedef struct esc_action_row {
	long long id;
	long long case_id, event_id;
	const char *case_ref;
	int number;              /* 1, 2, ... within its case, in the order agreed */
	int level;               /* the level whose discussion agreed it */
	const char *agreed_at;   /* when the discussion was recorded */
	const char *text;
	const char *owner;       /* the staff member's name, or the outside person's */
	const char *owner_org;   /* organisation ("" when unknown) */
	const char *owner_login; /* "" for someone outside escalate */
	long long owner_staff_id;
	const char *due;         /* YYYY-MM-DD */
	bool overdue;            /* open and past its due date */
	esc_action_status status;
	const char *closed_at, *closed_by, *note; /* "" while open */
} esc_action_row;

typedef struct esc_action_filter {
	long long case_id;   /* 0: every case */
	bool mine;           /* only actions the acting staff member owns */
	bool overdue;        /* only open actions past their due date */
	bool open_only;      /* only open actions */
} esc_action_filter;

typedef bool (*esc_action_cb)(const esc_action_row *a, void *ctx); /* false stops */

esc_status action_each(esc_session *s, const esc_action_filter *f, esc_action_cb cb,
                       void *ctx, esc_error *err);

/* The due date of agreed action `index` (0-based) against the day of the
 * discussion it came from (`agreed`, -1 when not known): a date, not before
 * that day.  *day gets the due day.  The write path and the forms ask this
 * one function. */
esc_status action_due_check(const char *due, esc_day agreed, size_t index, esc_day *day,
                            esc_error *err);

/* Marks action `number` of case `case_id` done (ev ESC_EV_ACTION_DONE, note
 * optional) or dropped (ESC_EV_ACTION_DROPPED, note = the reason, required).
 * One transaction; refused when it is no longer open or the actor may not. */
esc_status action_close(esc_session *s, long long case_id, int number, esc_event_kind ev,
                        const char *note, esc_error *err);

#endif
