/* The escalation procedure as data: the levels (stages) of a procedure file
 * (procedure_file.h; the default is data/procedures/cambs-peterborough.ini,
 * Appendix 5 of the CCG safeguarding policy), the events that move a case
 * between them, and the role guards.  One transition table, one function
 * that checks it (proc_check); the TUI and the CLI only ever ask it. */
#ifndef ESCALATE_PROCEDURE_H
#define ESCALATE_PROCEDURE_H

#include <stdbool.h>
#include <stddef.h>

#include "escalate/error.h"

#define ESC_LEVEL_MIN 1
/* The default procedure's last level and the level its urgent route goes
 * to (4, the social care head of service, in Appendix 5); read from its file. */
int esc_level_max(void);
int esc_urgent_level(void);
#define ESC_LEVEL_MAX (esc_level_max())
#define ESC_URGENT_LEVEL (esc_urgent_level())

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

/* Notifications a procedure requires or asks about: the procedure file's own
 * (at most two, taking ids 1 and 2 in file order: "designated" and "chair"
 * in the default procedure) and the built-in multi-case pattern notice. */
typedef enum esc_notify {
	ESC_NOTIFY_NONE = 0,
	ESC_NOTIFY_DESIGNATED = 1,
	ESC_NOTIFY_CHAIR = 2,
	ESC_NOTIFY_PATTERN = 3,
} esc_notify;

const char *esc_notify_name(esc_notify n);     /* the file's [notify NAME] */
const char *esc_notify_whom(esc_notify n);     /* its whom = */
int esc_notify_stage(esc_notify n);            /* the level that owes it; 0 for pattern */
bool esc_notify_required(esc_notify n);        /* false: "if necessary" */
esc_notify esc_notify_parse(const char *name); /* ESC_NOTIFY_NONE if unknown */

/* The lowest role that may take the urgent route (ESC_ROLE_NONE: none). */
esc_role esc_urgent_role(void);

typedef enum esc_time_unit {
	ESC_UNIT_WORKING_DAYS,
	ESC_UNIT_CALENDAR_DAYS,
	ESC_UNIT_HOURS,
} esc_time_unit;

typedef struct esc_timescale {
	int n;
	esc_time_unit unit;
} esc_timescale;

/* When a level's clock starts. */
typedef enum esc_clock_from {
	ESC_CLOCK_FROM_REACHED, /* when the case reaches the level */
	ESC_CLOCK_FROM_OPENED,  /* when the escalation was opened (a cumulative deadline) */
} esc_clock_from;

#define ESC_LEVEL_TEXT_MAX 300

/* One level (a procedure file's [stage N]), to be read beside the policy. */
typedef struct esc_level_info {
	int level;
	char label[41];          /* short label used in reports */
	char raised_by[ESC_LEVEL_TEXT_MAX + 1];
	char raised_with[ESC_LEVEL_TEXT_MAX + 1];
	esc_role min_role;       /* role needed when not the owner */
	bool owner_may_act;      /* the case owner may act whatever their role */
	esc_notify owed;         /* notification due on reaching this level */
	bool owed_blocks_next;   /* the next level waits until `owed` is recorded */
	char also[ESC_LEVEL_TEXT_MAX + 1];
	esc_timescale timescale; /* a database's `config timescale` overrides the default's days */
	esc_clock_from clock;
} esc_level_info;

/* NULL when level is outside 1..esc_level_max(). */
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
	X(ESC_EV_REOPENED, "reopened", "reopened at the level it closed at")              \
	X(ESC_EV_ACTION_DONE, "action-done", "agreed action done")                    \
	X(ESC_EV_ACTION_DROPPED, "action-dropped", "agreed action dropped")       \
	X(ESC_EV_AMENDED, "amended", "a recorded field corrected")

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
	ESC_GUARD_URGENT_ROLE = 1u << 2,    /* the urgent route's role, whoever owns the case */
	ESC_GUARD_BELOW_URGENT = 1u << 3,   /* an urgent route, and the case below its level */
	ESC_GUARD_BELOW_TOP = 1u << 4,      /* current level below the last */
	ESC_GUARD_NOTIFY_OWED = 1u << 5,    /* a notification of that kind is relevant */
	ESC_GUARD_OWNER_OR_LEVEL = 1u << 6, /* the case owner, or anyone who may act at the level */
	ESC_GUARD_NOT_BLOCKED = 1u << 7,    /* no required notification of this level still owed */
	ESC_GUARD_OWNER_OR_NAMED = 1u << 8, /* the case owner, or a named or designated professional */
};

/* What a transition does to the "concern remains" flag. */
typedef enum esc_concern_effect {
	ESC_CONCERN_KEEP,    /* unchanged */
	ESC_CONCERN_CLEAR,   /* a new level (or a reopened case) has had no discussion yet */
	ESC_CONCERN_OUTCOME, /* set from the discussion's outcome */
} esc_concern_effect;

/* What a transition does to the level clock (level_since, level_due). */
typedef enum esc_clock_effect {
	ESC_CLOCK_KEEP,          /* the target date stands */
	ESC_CLOCK_START,         /* the level's own timescale starts now */
	ESC_CLOCK_START_URGENT,  /* the urgent route's timescale starts now */
} esc_clock_effect;

/* What a transition does to the notifications owed. */
typedef enum esc_owed_effect {
	ESC_OWED_KEEP,       /* unchanged */
	ESC_OWED_ADD_LEVEL,  /* the level reached owes its notification (esc_level_info.owed) */
	ESC_OWED_CLEAR,      /* the notification recorded is no longer owed */
} esc_owed_effect;

/* What a transition does to the agreed actions. */
typedef enum esc_actions_effect {
	ESC_ACTIONS_CARRY, /* open actions stay open, whatever the level or state */
	ESC_ACTIONS_ADD,   /* the discussion's agreed actions open */
	ESC_ACTIONS_CLOSE, /* one action is done or dropped */
} esc_actions_effect;

typedef struct esc_transition {
	esc_event_kind event;
	/* guards */
	unsigned from_states; /* bit mask of (1u << esc_state) */
	esc_level_move move;
	unsigned guards;
	/* An event whose meaning depends on the level and state the user saw:
	 * refused as a conflict when the case has moved since (SPEC §7). */
	bool level_dependent;
	/* effects */
	esc_state to_state;   /* ESC_STATE_NONE: unchanged */
	esc_concern_effect concern;
	esc_clock_effect clock;
	esc_owed_effect owed;
	bool sets_urgent;
	esc_actions_effect actions;
	bool on_case;         /* a history row of the case (false: an action's own record) */
	const char *rule;     /* the policy, in words, for help and refusals */
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

#define ESC_INSTANT_MAX 31

struct esc_procedure; /* procedure_file.h */

/* Procedure p's facts (NULL: the default procedure): its levels, its urgent
 * route and its notifications. */
const struct esc_procedure *proc_or_default(const struct esc_procedure *p);
const esc_level_info *proc_level(const struct esc_procedure *p, int level);
int proc_levels(const struct esc_procedure *p);
int proc_urgent_level(const struct esc_procedure *p); /* 0: no urgent route */
esc_role proc_urgent_role(const struct esc_procedure *p);
const char *proc_notify_name(const struct esc_procedure *p, esc_notify n);
const char *proc_notify_whom(const struct esc_procedure *p, esc_notify n);
int proc_notify_stage(const struct esc_procedure *p, esc_notify n);
bool proc_notify_required(const struct esc_procedure *p, esc_notify n);
esc_notify proc_notify_parse(const struct esc_procedure *p, const char *name);

/* A case as the procedure sees it: everything a transition reads or changes.
 * The cases row caches it; verify replays it from the history. */
typedef struct esc_case_state {
	const struct esc_procedure *proc; /* the procedure it is pinned to; NULL: the default */
	esc_state state;
	int level;              /* 0 when state is NONE */
	long long owner_id;
	long long last_seq;     /* history rows so far */
	bool concern_remains;   /* the latest contact at the current level says so */
	bool urgent;            /* reached level 4 by the urgent route */
	unsigned owed;          /* notifications owed: bit (1u << esc_notify) */
	char level_since[ESC_INSTANT_MAX + 1]; /* when the current level was reached */
	char level_due[ESC_INSTANT_MAX + 1];   /* its target date */
	char updated_at[ESC_INSTANT_MAX + 1];  /* the latest history row's time */
	char opened_at[ESC_INSTANT_MAX + 1];   /* when the escalation was opened */
} esc_case_state;

static inline bool proc_owes(const esc_case_state *cs, esc_notify n)
{
	return (cs->owed & (1u << n)) != 0;
}

/* Outcome of a permitted transition. */
typedef struct esc_step {
	esc_state state;
	int level;
} esc_step;

/* Checks event `ev` by `actor` on a case in state `cs`.  For ESC_EV_INFORMED,
 * `notify` says which notification (otherwise ignored).  On refusal returns
 * ESC_EDENIED with err->why saying the kind (role, step, state, level) and a
 * message that names the rule, e.g. "escalating to level 3 needs a named or
 * designated professional; you are frontline".  Pure: no I/O. */
esc_status proc_check(const esc_case_state *cs, esc_event_kind ev, esc_notify notify,
                      const esc_actor *actor, esc_step *next, esc_error *err);

/* As proc_check for marking an agreed action done or dropped: the action's
 * own owner (a staff id, 0 for someone outside the tool) may, whatever their
 * role; anyone else as the table's row says. */
esc_status proc_check_action(const esc_case_state *cs, esc_event_kind ev,
                             const esc_actor *actor, long long action_owner_id, esc_error *err);

/* The level an event takes the case to (its level for events that stay). */
int proc_target_level(const esc_case_state *cs, esc_event_kind ev);

/* What the user acted on: the level and state of the case when they looked. */
typedef struct esc_seen {
	int level;
	esc_state state;
	long long seq; /* its history rows then; 0: not known */
} esc_seen;

/* ESC_ECONFLICT (why = ESC_WHY_CONFLICT) when `ev` depends on the level and
 * the case is no longer at the level and state the user saw; notes commute. */
esc_status proc_conflict(const esc_case_state *cs, esc_event_kind ev, const esc_seen *seen,
                         esc_error *err);

/* One history row's facts, as far as the procedure's effects need them. */
typedef struct esc_fact {
	esc_event_kind kind;
	esc_notify notify;       /* informed: which notification */
	bool concern_remains;    /* contact: its outcome */
	const char *at;          /* when it was recorded */
	const char *due;         /* the target date when the transition starts a clock */
} esc_fact;

/* Applies the table's effects of `f` to `cs` (no guards: those are
 * proc_check's).  The write path and verify's replay both call it.  Refuses
 * (ESC_EDENIED, why = ESC_WHY_STATE) an event that cannot follow this state
 * at all, e.g. an escalation beyond the last level. */
esc_status proc_apply(const esc_case_state *cs, const esc_fact *f, esc_case_state *next,
                      esc_error *err);

/* Whether actor may act at `level` of procedure p (NULL: the default) on a
 * case owned by owner_id. */
bool proc_may_act_at(const struct esc_procedure *p, const esc_actor *actor, int level,
                     long long owner_id);

/* A required notification still owed at the case's level that blocks the next
 * step (the designated professional at level 4, who raises level 5), or
 * ESC_NOTIFY_NONE. */
esc_notify proc_blocking_notice(const esc_case_state *cs);

/* One thing a person might do on a case, and whether they may. */
typedef struct esc_option {
	esc_event_kind ev;
	esc_notify notify;
	bool allowed;
	esc_error why;          /* the refusal when not allowed */
} esc_option;

#define ESC_OPTIONS_MAX 12

/* Every event a person might record on this case now (each notification
 * separately), allowed or with the reason it is not.  The interface's
 * "Next:" line, its refusals and "needs my action" all ask this. */
size_t proc_options(const esc_case_state *cs, const esc_actor *actor, esc_option *out,
                    size_t max);

/* Why a case needs this person, as a bit mask; 0 when it does not. */
enum {
	ESC_NEED_OVERDUE = 1u << 0, /* past its target date at a level they may act on */
	ESC_NEED_ACTION = 1u << 1,  /* an open agreed action they own is due */
	ESC_NEED_NOTIFY = 1u << 2,  /* a notification owed that they may record */
	ESC_NEED_PATTERN = 1u << 3, /* a multi-case pattern they may record */
};

/* Whether a level's target has passed: a date (YYYY-MM-DD, a timescale in
 * days) once `today` is a later day, an instant (a timescale in hours) once
 * `now` (an instant) is later. */
bool proc_due_passed(const char *due, const char *today, const char *now);

/* The reasons a case needs `actor` on `today` (a civil date, YYYY-MM-DD) at
 * `now` (an instant):
 * action_due / in_pattern say whether they own a due open action on it and
 * whether it is in a live pattern. */
unsigned proc_needs(const esc_case_state *cs, const esc_actor *actor, const char *today,
                    const char *now, bool action_due, bool in_pattern);

/* What "needs my action" may select in SQL, derived from the table for one
 * actor: bit L of levels_any / levels_owner says they may act on an overdue
 * case at level L (any case / as its owner); bits (L * 4 + notify) of
 * notify_any / notify_owner the notifications they may record at level L. */
typedef struct esc_needs_scope {
	unsigned levels_any, levels_owner;
	unsigned long long notify_any, notify_owner;
	bool pattern;
} esc_needs_scope;

void proc_needs_scope(const struct esc_procedure *p, const esc_actor *actor,
                      esc_needs_scope *out);

/* "overdue at its level; an agreed action you own is due" */
void proc_needs_describe(unsigned needs, char *out, size_t outsz);

#endif
