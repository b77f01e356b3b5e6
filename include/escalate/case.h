/* Changing a case: every event is checked against the procedure table
 * (proc_check) and written as one transaction; the case's current level and
 * state are maintained from the history row by the schema's trigger. */
#ifndef ESCALATE_CASE_H
#define ESCALATE_CASE_H

#include <stdbool.h>
#include <stddef.h>

#include "escalate/error.h"
#include "escalate/procedure.h"
#include "escalate/session.h"
#include "escalate/validate.h"

#define ESC_REF_MAX 24
#define ESC_UUID_LEN 36
#define ESC_MAX_THEMES 16
#define ESC_MAX_ACTIONS 32

typedef struct esc_new_case {
	esc_child_kind child_kind;
	const char *child_id;
	const char *local_authority;
	const char *team;        /* social care team (optional) */
	const char *agency;      /* raising agency; defaults to the actor's organisation */
	const char *decision;    /* the decision being challenged */
	const char *concern;
	const char *themes[ESC_MAX_THEMES];
	size_t ntheme;
	const char *opened_at;   /* optional back-dating (generator); NULL = now */
	/* Refuse (ESC_EDENIED, field "again") when the child has an open or
	 * recently closed case (same_child.h): what a person logging a case
	 * is asked first.  false: no check (imports, generators, tests). */
	bool refuse_same_child;
} esc_new_case;

/* An agreed action's owner: a staff member (owner_staff_id, or `owner` as
 * their login or exact name, optionally followed by ", their organisation"),
 * or someone outside escalate: `owner` as "Name, Organisation", or the name
 * with owner_org. */
typedef struct esc_action_input {
	const char *text;
	const char *owner;
	const char *due;          /* a date, not before the discussion */
	long long owner_staff_id; /* 0: resolve `owner` */
	const char *owner_org;    /* someone outside escalate: their organisation */
} esc_action_input;

/* Level 5 asks whether the chair of the safeguarding partnership was informed
 * ("if necessary"): answered now, or left owed until `informed` records it. */
typedef enum esc_chair_answer {
	ESC_CHAIR_LATER = 0,      /* not answered yet: the case shows it as owed */
	ESC_CHAIR_INFORMED = 1,   /* the chair was informed */
	ESC_CHAIR_NOT_NEEDED = 2, /* judged not necessary */
} esc_chair_answer;

/* The fields an event may carry; which are required depends on the kind. */
typedef struct esc_event_input {
	esc_event_kind kind;
	const char *text;         /* reason / summary / outcome / note */
	/* contact */
	const char *occurred_at;  /* when the discussion happened; not in the future */
	const char *person_name;
	const char *person_role;
	const char *person_org;
	bool concern_remains;     /* outcome: concern remains (true) or resolved */
	esc_action_input actions[ESC_MAX_ACTIONS];
	size_t nactions;
	/* informed */
	esc_notify notify;
	const char *whom;
	const char *how;
	const char *informed_at;  /* defaults to now */
	bool not_needed;          /* chair: decided informing is not necessary */
	/* escalated to level 5: was the partnership chair informed? */
	esc_chair_answer chair;
	/* The level and state of the case the user acted on: an event whose
	 * meaning depends on them is a conflict when the case has moved since
	 * (ESC_ECONFLICT).  Level 0: the case as it is when written (callers
	 * inside their own transaction). */
	esc_seen seen;
} esc_event_input;

typedef struct esc_case_ref {
	long long id;
	long long seq; /* sequence number of the latest event */
	char ref[ESC_REF_MAX + 1];
	char uuid[ESC_UUID_LEN + 1];
} esc_case_ref;

/* Finds a case by short reference (case-insensitive, e.g. esc-2026-0042) or by
 * UUID or a unique UUID prefix (at least 4 hex digits).  ESC_ENOTFOUND when
 * none, ESC_EUSAGE when the prefix is ambiguous. */
esc_status case_find(struct esc_db *db, const char *text, esc_case_ref *out, esc_error *err);

/* Opens a new case at level 1 owned by the actor. */
esc_status case_open(esc_session *s, const esc_new_case *in, esc_case_ref *out,
                     esc_error *err);

/* Records an event on case `id`.  expected_seq > 0 makes it conditional: if
 * another event landed since (the case changed under you) the call fails with
 * ESC_ECONFLICT and writes nothing.  Validation failures give ESC_EINVALID
 * naming the field; guard failures ESC_EDENIED naming the rule. */
esc_status case_record(esc_session *s, long long id, long long expected_seq,
                       const esc_event_input *in, esc_error *err);

/* The guard view of a case, from the database. */
esc_status case_state(struct esc_db *db, long long id, esc_case_state *out, long long *seq,
                      esc_error *err);

/* Whether the actor may record `ev` now (for greying out actions); err gets
 * the reason when not. */
esc_status case_allowed(esc_session *s, long long id, esc_event_kind ev, esc_notify notify,
                        esc_error *err);

#endif
