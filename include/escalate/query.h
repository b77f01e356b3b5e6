/* Reading cases: windowed lists (never every case in memory) and one case
 * with its whole history. */
#ifndef ESCALATE_QUERY_H
#define ESCALATE_QUERY_H

#include <stdbool.h>
#include <stddef.h>

#include "escalate/case.h"
#include "escalate/session.h"
#include "escalate/staff.h"

typedef struct esc_case_summary {
	long long id;
	long long seq;
	char ref[ESC_REF_MAX + 1];
	char uuid[ESC_UUID_LEN + 1];
	esc_state state;
	int level;
	char child_id[ESC_CHILD_ID_MAX + 1];
	char local_authority[ESC_SHORT_MAX + 1];
	char first_theme[ESC_SHORT_MAX + 1];
	char owner_login[ESC_LOGIN_MAX + 1];
	char owner_name[ESC_SHORT_MAX + 1]; /* the staff member's name, as lists show it */
	char opened_at[ESC_TS_LEN + 1];
	char level_since[ESC_TS_LEN + 1];
	char level_due[ESC_TS_LEN + 1];   /* target date (an instant for hours) at this level */
	int days_at_level;                /* working days since reaching the level */
	bool overdue;                     /* open and past its target at this level */
	bool urgent;                      /* reached level 4 by an urgent jump */
	bool owed;                        /* a required notification is outstanding */
	unsigned needs;                   /* why it needs me (ESC_NEED_*), query_needs_explain */
	long long procedure_id;           /* its pin: 0 for the shipped default */
	const struct esc_procedure *proc; /* the procedure it follows (procedure_store.h) */
} esc_case_summary;

typedef enum esc_sort {
	ESC_SORT_AGE = 0, /* oldest at its level first (longest waiting) */
	ESC_SORT_LEVEL,   /* highest level first, then oldest */
	ESC_SORT_NEWEST,  /* most recently opened first */
} esc_sort;

typedef struct esc_list_filter {
	bool include_closed;          /* false: open cases only */
	int level;                    /* 0: any */
	const char *local_authority;  /* NULL: any (exact, case-insensitive) */
	const char *theme;            /* NULL: any */
	bool overdue_only;
	const char *owner_login;      /* NULL: any */
	/* reference, child id, decision or concern text, or the name of a
	 * person spoken with */
	const char *search;
	/* "needs my action": cases with something I may do that is due (overdue
	 * at a level I may act on, an agreed action I own that is due, a
	 * notification owed that I may record), open or closed. */
	bool needs_action;
	esc_sort sort;
} esc_list_filter;

/* Fills up to `limit` rows starting at `offset` in the filter's order. */
esc_status query_list(esc_session *s, const esc_list_filter *f, long offset, int limit,
                      esc_case_summary *rows, int *nrows, esc_error *err);
esc_status query_count(esc_session *s, const esc_list_filter *f, long *count, esc_error *err);
/* Counts at most `cap` (> 0) matching cases: *count == cap means "cap or
 * more".  Costs at most `cap` index entries whatever the size of the data. */
esc_status query_count_upto(esc_session *s, const esc_list_filter *f, long cap, long *count,
                            esc_error *err);

typedef enum esc_list_dir {
	ESC_LIST_AFTER = 0, /* the rows that follow the anchor */
	ESC_LIST_BEFORE,    /* the rows that precede it */
} esc_list_dir;

/* Keyset paging, for a reader that holds a row of the list already (the
 * interface scrolling from its window): up to `limit` rows next to `anchor`
 * in the filter's order, always returned in that order (before: the `limit`
 * rows just before the anchor, the nearest last).  The engine seeks to the
 * anchor's place in the order's index instead of stepping over every row
 * before it, so a page deep in the list costs what the first page does.
 * Only the anchor's place is read (id, and level_since, level or opened_at
 * as the order needs): the anchor need not match the filter, and its case
 * may have changed since.  anchor NULL: the first rows (after) or the last
 * rows (before). */
esc_status query_list_seek(esc_session *s, const esc_list_filter *f,
                           const esc_case_summary *anchor, esc_list_dir dir, int limit,
                           esc_case_summary *rows, int *nrows, esc_error *err);

/* Where case `id` stands in the filter's order: *found false when it does
 * not match the filter (or is not there); else *pos, the number of matching
 * cases before it.  For the interface keeping its cursor on a case after
 * the list was read again. */
esc_status query_position(esc_session *s, const esc_list_filter *f, long long id, bool *found,
                          long *pos, esc_error *err);

/* Fills rows[i].needs with why each case needs the acting person
 * (proc_needs: the reasons "needs my action" shows per row). */
esc_status query_needs_explain(esc_session *s, esc_case_summary *rows, int nrows,
                               esc_error *err);

/* An agreed action as a case shows it (action.h has its life). */
typedef struct esc_action {
	int number;               /* 1, 2, ... within the case */
	char *text;
	char *owner;              /* the staff member's name or the outside person's */
	char *owner_org;          /* "" when not known */
	char owner_login[ESC_LOGIN_MAX + 1]; /* "" for someone outside escalate */
	char due[ESC_DATE_LEN + 1];
	bool overdue;             /* open and past its due date */
	int status;               /* esc_action_status: open, done, dropped */
	char closed_at[ESC_TS_LEN + 1];
	char *closed_by, *note;   /* "" while open */
} esc_action;

typedef struct esc_event {
	const struct esc_procedure *proc; /* the case's: what its notify means */
	long long id;
	long long seq;
	esc_event_kind kind;
	char at[ESC_TS_LEN + 1];
	char actor_login[ESC_LOGIN_MAX + 1];
	char *actor_name;
	esc_role actor_role;
	int level_before;
	int level_after;
	esc_state state_after;
	char *text;               /* reason / summary / outcome / note */
	char occurred_at[ESC_TS_LEN + 1];
	char *person_name, *person_role, *person_org;
	bool concern_remains;
	esc_notify notify;
	char *whom, *how;
	char informed_at[ESC_TS_LEN + 1];
	bool not_needed;
	/* amended: which field (esc_amend_field), for a summary which contact
	 * (its seq), the values before and after; NULL on other kinds. */
	int amend_field;
	long long amend_seq;
	char *old_value, *new_value;
	/* A contact whose summary was amended: text is the current summary. */
	bool amended;
	esc_action *actions;
	size_t nactions;
	char hash[65];            /* chain hash, when the schema has one */
} esc_event;

typedef struct esc_case {
	esc_case_summary sum;
	esc_child_kind child_kind;
	char *team, *agency, *decision, *concern;
	char *owner_name;
	esc_role owner_role;
	char **themes;
	size_t nthemes;
	bool owed_designated, owed_chair, concern_remains;
	esc_event *events;
	size_t nevents;
	size_t open_actions;      /* agreed actions not yet done or dropped */
} esc_case;

/* Whether the case owes its procedure's notification n (the first or the
 * second of the procedure file's [notify] sections). */
static inline bool esc_case_owes(const esc_case *c, esc_notify n)
{
	return n == ESC_NOTIFY_DESIGNATED ? c->owed_designated
	       : n == ESC_NOTIFY_CHAIR    ? c->owed_chair
	                                  : false;
}

esc_status query_case(esc_session *s, long long id, esc_case *out, esc_error *err);
void esc_case_free(esc_case *c);

#endif
