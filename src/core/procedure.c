/* The escalation procedure as one table.  Read it beside Appendix 5:
 *   level 1  frontline -> the child's social worker
 *   level 2  frontline -> own manager / named professional
 *   level 3  named professional -> social care team manager
 *   level 4  named professional -> head of service; designated informed
 *   level 5  designated professionals -> director; partnership chair if necessary
 *   urgent   named or designated -> head of service, immediately */
#include "escalate/procedure.h"

#include "escalate/procedure_file.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

/* The levels as the engine reads them, from the default procedure's file. */
const esc_level_info *proc_stage(const esc_procedure *p, int level)
{
	if (!p || level < ESC_LEVEL_MIN || level > p->stage_count)
		return NULL;
	return &p->stages[level - 1];
}

const esc_procedure *proc_or_default(const esc_procedure *p)
{
	return p ? p : proc_default();
}

const esc_level_info *proc_level(const esc_procedure *p, int level)
{
	return proc_stage(proc_or_default(p), level);
}

int proc_levels(const esc_procedure *p)
{
	return proc_or_default(p)->stage_count;
}

int proc_urgent_level(const esc_procedure *p)
{
	p = proc_or_default(p);
	return p->has_urgent ? p->urgent_stage : 0;
}

esc_role proc_urgent_role(const esc_procedure *p)
{
	p = proc_or_default(p);
	return p->has_urgent ? p->urgent_acts : ESC_ROLE_NONE;
}

const esc_level_info *esc_level(int level)
{
	return proc_level(NULL, level);
}

int esc_level_max(void)
{
	return proc_levels(NULL);
}

int esc_urgent_level(void)
{
	return proc_urgent_level(NULL);
}

esc_role esc_urgent_role(void)
{
	return proc_urgent_role(NULL);
}

static const struct {
	esc_role role;
	const char *name, *label;
} roles[] = {
#define ESC_ROLE_ROW(e, n, name, label) {e, name, label},
	ESC_ROLE_LIST(ESC_ROLE_ROW)
#undef ESC_ROLE_ROW
};

const char *esc_role_name(esc_role r)
{
	for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++)
		if (roles[i].role == r)
			return roles[i].name;
	return "none";
}

const char *esc_role_label(esc_role r)
{
	for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++)
		if (roles[i].role == r)
			return roles[i].label;
	return "no role";
}

esc_role esc_role_parse(const char *name)
{
	for (size_t i = 0; name && i < sizeof roles / sizeof roles[0]; i++)
		if (strcasecmp(roles[i].name, name) == 0)
			return roles[i].role;
	return ESC_ROLE_NONE;
}

/* A procedure's own notifications take the ids 1 and 2 in file order; the
 * multi-case pattern notice is built in. */
static const esc_proc_notice *notice_of(const esc_procedure *p, esc_notify n)
{
	p = proc_or_default(p);
	size_t i = n == ESC_NOTIFY_DESIGNATED ? 0 : n == ESC_NOTIFY_CHAIR ? 1 : ESC_PROC_NOTIFY_MAX;
	return i < p->notice_count ? &p->notices[i] : NULL;
}

const char *proc_notify_name(const esc_procedure *p, esc_notify n)
{
	const esc_proc_notice *pn = notice_of(p, n);
	return pn ? pn->name : n == ESC_NOTIFY_PATTERN ? "pattern" : "none";
}

const char *proc_notify_whom(const esc_procedure *p, esc_notify n)
{
	const esc_proc_notice *pn = notice_of(p, n);
	return pn ? pn->whom
	          : n == ESC_NOTIFY_PATTERN ? "designated professional (multi-case pattern)" : "";
}

int proc_notify_stage(const esc_procedure *p, esc_notify n)
{
	const esc_proc_notice *pn = notice_of(p, n);
	return pn ? pn->stage : 0;
}

bool proc_notify_required(const esc_procedure *p, esc_notify n)
{
	const esc_proc_notice *pn = notice_of(p, n);
	return pn ? pn->required : n == ESC_NOTIFY_PATTERN;
}

esc_notify proc_notify_parse(const esc_procedure *p, const char *name)
{
	if (!name)
		return ESC_NOTIFY_NONE;
	for (esc_notify n = ESC_NOTIFY_DESIGNATED; n <= ESC_NOTIFY_PATTERN; n++)
		if (n != ESC_NOTIFY_PATTERN
		        ? notice_of(p, n) && strcasecmp(notice_of(p, n)->name, name) == 0
		        : strcasecmp(name, "pattern") == 0)
			return n;
	return ESC_NOTIFY_NONE;
}

const char *esc_notify_name(esc_notify n)
{
	return proc_notify_name(NULL, n);
}

const char *esc_notify_whom(esc_notify n)
{
	return proc_notify_whom(NULL, n);
}

int esc_notify_stage(esc_notify n)
{
	return proc_notify_stage(NULL, n);
}

bool esc_notify_required(esc_notify n)
{
	return proc_notify_required(NULL, n);
}

esc_notify esc_notify_parse(const char *name)
{
	return proc_notify_parse(NULL, name);
}

static const char *const state_names[] = {"none", "open", "resolved", "withdrawn"};

const char *esc_state_name(esc_state s)
{
	return ((unsigned)s < 4) ? state_names[s] : "unknown";
}

esc_state esc_state_parse(const char *name)
{
	for (int i = 1; name && i < 4; i++)
		if (strcasecmp(state_names[i], name) == 0)
			return (esc_state)i;
	return ESC_STATE_NONE;
}

static const struct {
	const char *name, *label;
} events[] = {
#define ESC_EVENT_ROW(e, name, label) {name, label},
	ESC_EVENT_LIST(ESC_EVENT_ROW)
#undef ESC_EVENT_ROW
};

const char *esc_event_name(esc_event_kind k)
{
	return ((unsigned)k < ESC_EV_COUNT) ? events[k].name : "unknown";
}

const char *esc_event_label(esc_event_kind k)
{
	return ((unsigned)k < ESC_EV_COUNT) ? events[k].label : "unknown";
}

int esc_event_parse(const char *name)
{
	for (int i = 0; name && i < ESC_EV_COUNT; i++)
		if (strcasecmp(events[i].name, name) == 0)
			return i;
	return -1;
}

#define FROM(s) (1u << (s))
#define ANY_CASE (FROM(ESC_STATE_OPEN) | FROM(ESC_STATE_RESOLVED) | FROM(ESC_STATE_WITHDRAWN))

/* The procedure: per event, its guards and its effects.  Read a row as "from
 * these states, moving so, if these guards hold, the case becomes ...".
 * to_state ESC_STATE_NONE means "unchanged"; every row keeps open agreed
 * actions open (SPEC §7) unless it says otherwise. */
static const esc_transition table[] = {
	{.event = ESC_EV_OPENED, .from_states = FROM(ESC_STATE_NONE), .move = ESC_MOVE_FIRST,
	 .guards = 0, .level_dependent = false,
	 .to_state = ESC_STATE_OPEN, .concern = ESC_CONCERN_CLEAR, .clock = ESC_CLOCK_START,
	 .owed = ESC_OWED_ADD_LEVEL, .on_case = true,
	 .rule = "any registered professional may open an escalation at level 1"},
	{.event = ESC_EV_CONTACT, .from_states = FROM(ESC_STATE_OPEN), .move = ESC_MOVE_STAY,
	 .guards = ESC_GUARD_LEVEL_ROLE, .level_dependent = true,
	 .concern = ESC_CONCERN_OUTCOME, .actions = ESC_ACTIONS_ADD, .on_case = true,
	 .rule = "a discussion is recorded at the case's current level by someone who may act there"},
	{.event = ESC_EV_ESCALATED, .from_states = FROM(ESC_STATE_OPEN), .move = ESC_MOVE_NEXT,
	 .guards = ESC_GUARD_BELOW_TOP | ESC_GUARD_NOT_BLOCKED | ESC_GUARD_CONCERN_REMAINS |
	           ESC_GUARD_LEVEL_ROLE,
	 .level_dependent = true,
	 .concern = ESC_CONCERN_CLEAR, .clock = ESC_CLOCK_START, .owed = ESC_OWED_ADD_LEVEL,
	 .on_case = true,
	 .rule = "escalate one level at a time, only while the concern remains after a discussion "
	         "at the current level, and once a required notification of the level is recorded"},
	{.event = ESC_EV_URGENT, .from_states = FROM(ESC_STATE_OPEN), .move = ESC_MOVE_URGENT,
	 .guards = ESC_GUARD_BELOW_URGENT | ESC_GUARD_URGENT_ROLE, .level_dependent = true,
	 .concern = ESC_CONCERN_CLEAR, .clock = ESC_CLOCK_START_URGENT, .owed = ESC_OWED_ADD_LEVEL,
	 .sets_urgent = true, .on_case = true,
	 .rule = "when the child's immediate welfare may be compromised, named or designated "
	         "professionals go straight to the head of service"},
	{.event = ESC_EV_INFORMED, .from_states = ANY_CASE, .move = ESC_MOVE_STAY,
	 .guards = ESC_GUARD_NOTIFY_OWED | ESC_GUARD_LEVEL_ROLE, .level_dependent = true,
	 .owed = ESC_OWED_CLEAR, .on_case = true,
	 .rule = "level 4: the designated doctor or nurse is informed; level 5: the partnership "
	         "chair if necessary; a multi-case pattern: the designated professional"},
	{.event = ESC_EV_NOTE, .from_states = ANY_CASE, .move = ESC_MOVE_STAY,
	 .guards = ESC_GUARD_OWNER_OR_LEVEL, .level_dependent = false, .on_case = true,
	 .rule = "the owner or anyone who may act at the level may add a note; it changes nothing"},
	{.event = ESC_EV_RESOLVED, .from_states = FROM(ESC_STATE_OPEN), .move = ESC_MOVE_STAY,
	 .guards = ESC_GUARD_LEVEL_ROLE, .level_dependent = true,
	 .to_state = ESC_STATE_RESOLVED, .on_case = true,
	 .rule = "resolved at the current level, with the outcome"},
	{.event = ESC_EV_WITHDRAWN, .from_states = FROM(ESC_STATE_OPEN), .move = ESC_MOVE_STAY,
	 .guards = ESC_GUARD_LEVEL_ROLE, .level_dependent = true,
	 .to_state = ESC_STATE_WITHDRAWN, .on_case = true,
	 .rule = "withdrawn at the current level, with the reason"},
	{.event = ESC_EV_REOPENED, .from_states = FROM(ESC_STATE_RESOLVED), .move = ESC_MOVE_STAY,
	 .guards = ESC_GUARD_LEVEL_ROLE, .level_dependent = true,
	 .to_state = ESC_STATE_OPEN, .concern = ESC_CONCERN_CLEAR, .clock = ESC_CLOCK_START,
	 .on_case = true,
	 .rule = "a resolved case whose concern returns reopens at the level it closed at"},
	{.event = ESC_EV_ACTION_DONE, .from_states = ANY_CASE, .move = ESC_MOVE_STAY,
	 .guards = ESC_GUARD_OWNER_OR_LEVEL, .level_dependent = false,
	 .actions = ESC_ACTIONS_CLOSE, .on_case = false,
	 .rule = "an agreed action is marked done by its owner, the case owner or anyone who may "
	         "act at the level"},
	{.event = ESC_EV_ACTION_DROPPED, .from_states = ANY_CASE, .move = ESC_MOVE_STAY,
	 .guards = ESC_GUARD_OWNER_OR_LEVEL, .level_dependent = false,
	 .actions = ESC_ACTIONS_CLOSE, .on_case = false,
	 .rule = "an agreed action no longer needed is dropped, with the reason, by its owner, the "
	         "case owner or anyone who may act at the level"},
	{.event = ESC_EV_AMENDED, .from_states = FROM(ESC_STATE_OPEN), .move = ESC_MOVE_STAY,
	 .guards = ESC_GUARD_OWNER_OR_NAMED, .level_dependent = false, .on_case = true,
	 .rule = "while the case is open, its owner or a named or designated professional may "
	         "correct the decision, concern, team, themes or a contact's summary, with the "
	         "reason; the old value stays in the history"},
};

const esc_transition *esc_transitions(int *count)
{
	if (count)
		*count = (int)(sizeof table / sizeof table[0]);
	return table;
}

const esc_transition *esc_transition_for(esc_event_kind ev)
{
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
		if (table[i].event == ev)
			return &table[i];
	return NULL;
}
