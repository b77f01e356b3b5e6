/* The escalation procedure (Appendix 5 of the CCG safeguarding policy) as
 * data: five levels, the events that move a case between them, and the role
 * guards.  One transition table, one function that checks it
 * (proc_check); the TUI and the CLI only ever ask it. */
#ifndef ESCALATE_PROCEDURE_H
#define ESCALATE_PROCEDURE_H

#include <stdbool.h>

#include "escalate/error.h"

#define ESC_LEVEL_MIN 1
#define ESC_LEVEL_MAX 5
/* An urgent jump goes straight to the social care head of service. */
#define ESC_URGENT_LEVEL 4

/* Roles are ordered: frontline < named < designated.  Admin is a separate
 * flag on a staff record (it manages staff), not a clinical role. */
#define ESC_ROLE_LIST(X)                                                       \
	X(ESC_ROLE_FRONTLINE, 1, "frontline", "frontline professional")            \
	X(ESC_ROLE_NAMED, 2, "named", "named professional")                        \
	X(ESC_ROLE_DESIGNATED, 3, "designated", "designated professional")

typedef enum esc_role {
	ESC_ROLE_NONE = 0,
#define ESC_ROLE_ENUM(e, n, name, label) e = n,
	ESC_ROLE_LIST(ESC_ROLE_ENUM)
#undef ESC_ROLE_ENUM
} esc_role;

const char *esc_role_name(esc_role r);     /* "named" */
const char *esc_role_label(esc_role r);    /* "named professional" */
esc_role esc_role_parse(const char *name); /* ESC_ROLE_NONE if unknown */

/* Notifications the procedure requires or asks about. */
#define ESC_NOTIFY_LIST(X)                                                          \
	X(ESC_NOTIFY_NONE, 0, "none", "")                                               \
	X(ESC_NOTIFY_DESIGNATED, 1, "designated", "CCG/ICB designated doctor or nurse") \
	X(ESC_NOTIFY_CHAIR, 2, "chair", "chair of the safeguarding partnership")        \
	X(ESC_NOTIFY_PATTERN, 3, "pattern", "designated professional (multi-case pattern)")

typedef enum esc_notify {
#define ESC_NOTIFY_ENUM(e, n, name, whom) e = n,
	ESC_NOTIFY_LIST(ESC_NOTIFY_ENUM)
#undef ESC_NOTIFY_ENUM
} esc_notify;

const char *esc_notify_name(esc_notify n);
const char *esc_notify_whom(esc_notify n);
esc_notify esc_notify_parse(const char *name); /* ESC_NOTIFY_NONE if unknown */

/* The five levels, to be read beside Appendix 5.
 * X(level, short label used in reports, who raises it, with whom,
 *   role needed to act at this level, may the case owner act regardless,
 *   notification owed on reaching it, what else the policy says) */
#define ESC_LEVEL_LIST(X)                                                             \
	X(1, "Social Worker", "frontline professional", "the child's social worker",      \
	  ESC_ROLE_NAMED, true, ESC_NOTIFY_NONE, "")                                      \
	X(2, "Manager / Named Professional", "frontline professional",                    \
	  "own manager/supervisor or the agency's named professional "                    \
	  "(for GPs the practice safeguarding lead)",                                     \
	  ESC_ROLE_NAMED, true, ESC_NOTIFY_NONE, "")                                      \
	X(3, "Team Manager", "health service manager or named professional "              \
	  "(for GPs the designated nurse/doctor)",                                        \
	  "social care team manager / group manager",                                     \
	  ESC_ROLE_NAMED, false, ESC_NOTIFY_NONE, "")                                     \
	X(4, "Head of Service", "named professional", "social care head of service",      \
	  ESC_ROLE_NAMED, false, ESC_NOTIFY_DESIGNATED,                                   \
	  "the CCG/ICB designated doctor or nurse must be informed")                      \
	X(5, "Director", "designated professionals",                                      \
	  "head of safeguarding or director of social care, and the CCG/ICB",            \
	  ESC_ROLE_DESIGNATED, false, ESC_NOTIFY_CHAIR,                                   \
	  "chair of the safeguarding partnership informed if necessary; "                 \
	  "policy/process change considered")

typedef struct esc_level_info {
	int level;
	const char *label;
	const char *raised_by;
	const char *raised_with;
	esc_role min_role;      /* role needed when not the owner */
	bool owner_may_act;     /* levels 1-2: the case owner may act whatever their role */
	esc_notify owed;        /* notification due on reaching this level */
	const char *also;
} esc_level_info;

/* NULL when level is outside 1..5. */
const esc_level_info *esc_level(int level);

typedef enum esc_state {
	ESC_STATE_NONE = 0, /* the case does not exist yet */
	ESC_STATE_OPEN = 1,
	ESC_STATE_RESOLVED = 2,
	ESC_STATE_WITHDRAWN = 3,
} esc_state;

const char *esc_state_name(esc_state s);
esc_state esc_state_parse(const char *name);

#define ESC_EVENT_LIST(X)                                                       \
	X(ESC_EV_OPENED, "opened", "case opened at level 1")                        \
	X(ESC_EV_CONTACT, "contact", "discussion at the current level")             \
	X(ESC_EV_ESCALATED, "escalated", "escalated to the next level")             \
	X(ESC_EV_URGENT, "urgent", "urgent jump to the head of service")            \
	X(ESC_EV_INFORMED, "informed", "required notification made")                \
	X(ESC_EV_NOTE, "note", "note")                                              \
	X(ESC_EV_RESOLVED, "resolved", "resolved")                                  \
	X(ESC_EV_WITHDRAWN, "withdrawn", "withdrawn")                               \
	X(ESC_EV_REOPENED, "reopened", "reopened at the level it closed at")

typedef enum esc_event_kind {
#define ESC_EVENT_ENUM(e, name, label) e,
	ESC_EVENT_LIST(ESC_EVENT_ENUM)
#undef ESC_EVENT_ENUM
	ESC_EV_COUNT
} esc_event_kind;

const char *esc_event_name(esc_event_kind k);
const char *esc_event_label(esc_event_kind k);
/* Returns -1 when unknown. */
int esc_event_parse(const char *name);

/* Where the case goes. */
typedef enum esc_level_move {
	ESC_MOVE_STAY,    /* same level */
	ESC_MOVE_FIRST,   /* level 1 (opened) */
	ESC_MOVE_NEXT,    /* level N -> N+1 */
	ESC_MOVE_URGENT,  /* straight to ESC_URGENT_LEVEL */
} esc_level_move;

/* Guards a transition carries, checked in this order. */
enum {
	ESC_GUARD_LEVEL_ROLE = 1u << 0,     /* actor may act at the (target) level */
	ESC_GUARD_CONCERN_REMAINS = 1u << 1,/* latest contact at this level: concern remains */
	ESC_GUARD_NAMED_PLUS = 1u << 2,     /* named or designated, whoever owns the case */
	ESC_GUARD_BELOW_URGENT = 1u << 3,   /* current level below the urgent level */
	ESC_GUARD_BELOW_TOP = 1u << 4,      /* current level below 5 */
	ESC_GUARD_NOTIFY_OWED = 1u << 5,    /* a notification of that kind is relevant */
	ESC_GUARD_OWNER_OR_LEVEL = 1u << 6, /* the case owner, or anyone who may act at the level */
};

typedef struct esc_transition {
	esc_event_kind event;
	unsigned from_states; /* bit mask of (1u << esc_state) */
	esc_state to_state;
	esc_level_move move;
	unsigned guards;
	const char *rule; /* the policy, in words, for help and refusals */
} esc_transition;

/* The whole table, for the documentation and the tests. */
const esc_transition *esc_transitions(int *count);
const esc_transition *esc_transition_for(esc_event_kind ev);

/* Who is acting. */
typedef struct esc_actor {
	long long staff_id;
	esc_role role;
	bool admin;
	bool active;
} esc_actor;

/* What the guards need to know about a case (derived from its history). */
typedef struct esc_case_state {
	esc_state state;
	int level;              /* 0 when state is NONE */
	long long owner_id;
	bool concern_remains;   /* the latest contact at the current level says so */
	bool owed_designated;   /* level 4 reached, designated not yet informed */
	bool owed_chair;        /* level 5 reached, chair question not yet answered */
} esc_case_state;

/* Outcome of a permitted transition. */
typedef struct esc_step {
	esc_state state;
	int level;
} esc_step;

/* Checks event `ev` by `actor` on a case in state `cs`.  For ESC_EV_INFORMED,
 * `notify` says which notification (otherwise ignored).  On refusal returns
 * ESC_EDENIED (role or procedure) or ESC_ECONFLICT (wrong state for the event)
 * with a message that names the rule, e.g. "escalating to level 3 needs a
 * named or designated professional; you are frontline".  Pure: no I/O. */
esc_status proc_check(const esc_case_state *cs, esc_event_kind ev, esc_notify notify,
                      const esc_actor *actor, esc_step *next, esc_error *err);

/* Whether actor may act at `level` on a case owned by owner_id. */
bool proc_may_act_at(const esc_actor *actor, int level, long long owner_id);

#endif
