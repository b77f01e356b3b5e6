/* The escalation procedure as one table.  Read it beside Appendix 5:
 *   level 1  frontline -> the child's social worker
 *   level 2  frontline -> own manager / named professional
 *   level 3  named professional -> social care team manager
 *   level 4  named professional -> head of service; designated informed
 *   level 5  designated professionals -> director; partnership chair if necessary
 *   urgent   named or designated -> head of service, immediately */
#include "escalate/procedure.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static const esc_level_info levels[] = {
#define ESC_LEVEL_ROW(n_, label_, by_, with_, role_, owner_, owed_, also_)            \
	{.level = n_, .label = label_, .raised_by = by_, .raised_with = with_,              \
	 .min_role = role_, .owner_may_act = owner_, .owed = owed_, .also = also_},
	ESC_LEVEL_LIST(ESC_LEVEL_ROW)
#undef ESC_LEVEL_ROW
};

const esc_level_info *esc_level(int level)
{
	if (level < ESC_LEVEL_MIN || level > ESC_LEVEL_MAX)
		return NULL;
	return &levels[level - 1];
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

static const struct {
	esc_notify kind;
	const char *name, *whom;
} notifies[] = {
#define ESC_NOTIFY_ROW(e, n, name, whom) {e, name, whom},
	ESC_NOTIFY_LIST(ESC_NOTIFY_ROW)
#undef ESC_NOTIFY_ROW
};

const char *esc_notify_name(esc_notify n)
{
	for (size_t i = 0; i < sizeof notifies / sizeof notifies[0]; i++)
		if (notifies[i].kind == n)
			return notifies[i].name;
	return "none";
}

const char *esc_notify_whom(esc_notify n)
{
	for (size_t i = 0; i < sizeof notifies / sizeof notifies[0]; i++)
		if (notifies[i].kind == n)
			return notifies[i].whom;
	return "";
}

esc_notify esc_notify_parse(const char *name)
{
	for (size_t i = 1; name && i < sizeof notifies / sizeof notifies[0]; i++)
		if (strcasecmp(notifies[i].name, name) == 0)
			return notifies[i].kind;
	return ESC_NOTIFY_NONE;
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

/* to_state ESC_STATE_NONE means "unchanged". */
static const esc_transition table[] = {
	{.event = ESC_EV_OPENED, .from_states = FROM(ESC_STATE_NONE), .to_state = ESC_STATE_OPEN,
	 .move = ESC_MOVE_FIRST, .guards = 0,
	 .rule = "any registered professional may open an escalation at level 1"},
	{.event = ESC_EV_CONTACT, .from_states = FROM(ESC_STATE_OPEN), .to_state = ESC_STATE_NONE,
	 .move = ESC_MOVE_STAY, .guards = ESC_GUARD_LEVEL_ROLE,
	 .rule = "a discussion is recorded at the case's current level by someone who may act there"},
	{.event = ESC_EV_ESCALATED, .from_states = FROM(ESC_STATE_OPEN), .to_state = ESC_STATE_NONE,
	 .move = ESC_MOVE_NEXT,
	 .guards = ESC_GUARD_BELOW_TOP | ESC_GUARD_CONCERN_REMAINS | ESC_GUARD_LEVEL_ROLE,
	 .rule = "escalate one level at a time, only while the concern remains after a discussion "
	         "at the current level"},
	{.event = ESC_EV_URGENT, .from_states = FROM(ESC_STATE_OPEN), .to_state = ESC_STATE_NONE,
	 .move = ESC_MOVE_URGENT, .guards = ESC_GUARD_BELOW_URGENT | ESC_GUARD_NAMED_PLUS,
	 .rule = "when the child's immediate welfare may be compromised, named or designated "
	         "professionals go straight to the head of service"},
	{.event = ESC_EV_INFORMED, .from_states = ANY_CASE, .to_state = ESC_STATE_NONE,
	 .move = ESC_MOVE_STAY, .guards = ESC_GUARD_NOTIFY_OWED | ESC_GUARD_LEVEL_ROLE,
	 .rule = "level 4: the designated doctor or nurse is informed; level 5: the partnership "
	         "chair if necessary; a multi-case pattern: the designated professional"},
	{.event = ESC_EV_NOTE, .from_states = ANY_CASE, .to_state = ESC_STATE_NONE,
	 .move = ESC_MOVE_STAY, .guards = ESC_GUARD_OWNER_OR_LEVEL,
	 .rule = "the owner or anyone who may act at the level may add a note; it changes nothing"},
	{.event = ESC_EV_RESOLVED, .from_states = FROM(ESC_STATE_OPEN),
	 .to_state = ESC_STATE_RESOLVED, .move = ESC_MOVE_STAY, .guards = ESC_GUARD_LEVEL_ROLE,
	 .rule = "resolved at the current level, with the outcome"},
	{.event = ESC_EV_WITHDRAWN, .from_states = FROM(ESC_STATE_OPEN),
	 .to_state = ESC_STATE_WITHDRAWN, .move = ESC_MOVE_STAY, .guards = ESC_GUARD_LEVEL_ROLE,
	 .rule = "withdrawn at the current level, with the reason"},
	{.event = ESC_EV_REOPENED, .from_states = FROM(ESC_STATE_RESOLVED),
	 .to_state = ESC_STATE_OPEN, .move = ESC_MOVE_STAY, .guards = ESC_GUARD_LEVEL_ROLE,
	 .rule = "a resolved case whose concern returns reopens at the level it closed at"},
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

bool proc_may_act_at(const esc_actor *actor, int level, long long owner_id)
{
	const esc_level_info *li = esc_level(level);
	if (!li || !actor || !actor->active)
		return false;
	if (li->owner_may_act && actor->staff_id == owner_id)
		return true;
	return actor->role >= li->min_role;
}

/* "escalating to level 3", "recording a contact at level 2"... */
static void action_phrase(esc_event_kind ev, int level, esc_notify notify, char *out,
                          size_t outsz)
{
	switch (ev) {
	case ESC_EV_OPENED: snprintf(out, outsz, "opening an escalation"); break;
	case ESC_EV_CONTACT: snprintf(out, outsz, "recording a contact at level %d", level); break;
	case ESC_EV_ESCALATED: snprintf(out, outsz, "escalating to level %d", level); break;
	case ESC_EV_URGENT: snprintf(out, outsz, "an urgent jump to level %d", level); break;
	case ESC_EV_INFORMED:
		snprintf(out, outsz, "recording that the %s was informed", esc_notify_whom(notify));
		break;
	case ESC_EV_NOTE: snprintf(out, outsz, "adding a note at level %d", level); break;
	case ESC_EV_RESOLVED: snprintf(out, outsz, "resolving at level %d", level); break;
	case ESC_EV_WITHDRAWN: snprintf(out, outsz, "withdrawing at level %d", level); break;
	case ESC_EV_REOPENED: snprintf(out, outsz, "reopening at level %d", level); break;
	default: snprintf(out, outsz, "this action"); break;
	}
}

static const char *who_may_act(const esc_level_info *li)
{
	if (li->owner_may_act)
		return li->min_role == ESC_ROLE_NAMED
		           ? "the case owner or a named or designated professional"
		           : "the case owner or a designated professional";
	return li->min_role == ESC_ROLE_DESIGNATED ? "a designated professional"
	                                           : "a named or designated professional";
}

/* Levels 1-2 (and notes at any level) also let the case owner act. */
static esc_status refuse_role(const esc_level_info *li, const char *what, const esc_actor *a,
                              bool owner_allowed, esc_error *err)
{
	bool owner_counts = owner_allowed || li->owner_may_act;
	return esc_fail(err, ESC_EDENIED, "role", "%s needs %s%s; you are %s%s", what,
	                (owner_counts && !li->owner_may_act) ? "the case owner or " : "",
	                who_may_act(li), esc_role_name(a->role),
	                owner_counts ? " and not the case owner" : "");
}

esc_status proc_check(const esc_case_state *cs, esc_event_kind ev, esc_notify notify,
                      const esc_actor *actor, esc_step *next, esc_error *err)
{
	const esc_transition *t = esc_transition_for(ev);
	char what[160];

	if (!t || !cs || !actor)
		return esc_fail(err, ESC_EINTERNAL, "", "unknown event");
	if (!actor->active)
		return esc_fail(err, ESC_EDENIED, "role",
		                "your staff record is deactivated; ask an admin to reactivate it");
	if (!(t->from_states & FROM(cs->state))) {
		if (cs->state == ESC_STATE_NONE)
			return esc_fail(err, ESC_ENOTFOUND, "case", "there is no such case");
		return esc_fail(err, ESC_EDENIED, "state", "the case is %s: %s is not possible (%s)",
		                esc_state_name(cs->state), esc_event_name(ev), t->rule);
	}

	int target = cs->level;
	switch (t->move) {
	case ESC_MOVE_FIRST: target = ESC_LEVEL_MIN; break;
	case ESC_MOVE_NEXT: target = cs->level + 1; break;
	case ESC_MOVE_URGENT: target = ESC_URGENT_LEVEL; break;
	case ESC_MOVE_STAY: break;
	}
	action_phrase(ev, target, notify, what, sizeof what);

	if ((t->guards & ESC_GUARD_BELOW_TOP) && cs->level >= ESC_LEVEL_MAX)
		return esc_fail(err, ESC_EDENIED, "level",
		                "the case is at level %d (%s), the last level; it can only be resolved "
		                "or withdrawn",
		                cs->level, esc_level(cs->level)->label);
	if ((t->guards & ESC_GUARD_BELOW_URGENT) && cs->level >= ESC_URGENT_LEVEL)
		return esc_fail(err, ESC_EDENIED, "level",
		                "the case is already at level %d; an urgent jump goes to level %d (%s)",
		                cs->level, ESC_URGENT_LEVEL, esc_level(ESC_URGENT_LEVEL)->label);
	if ((t->guards & ESC_GUARD_NAMED_PLUS) && actor->role < ESC_ROLE_NAMED)
		return esc_fail(err, ESC_EDENIED, "role",
		                "%s needs a named or designated professional; you are %s", what,
		                esc_role_name(actor->role));
	if (t->guards & ESC_GUARD_NOTIFY_OWED) {
		switch (notify) {
		case ESC_NOTIFY_DESIGNATED:
			if (cs->level < 4)
				return esc_fail(err, ESC_EDENIED, "notify",
				                "the designated professional is informed when a case reaches "
				                "level 4; this case is at level %d",
				                cs->level);
			break;
		case ESC_NOTIFY_CHAIR:
			if (cs->level < 5)
				return esc_fail(err, ESC_EDENIED, "notify",
				                "the partnership chair is informed at level 5; this case is at "
				                "level %d",
				                cs->level);
			break;
		case ESC_NOTIFY_PATTERN:
			if (cs->state != ESC_STATE_OPEN)
				return esc_fail(err, ESC_EDENIED, "notify",
				                "a pattern notification is recorded on open cases only");
			break;
		default:
			return esc_fail(err, ESC_EINVALID, "notify",
			                "say who was informed: designated, chair or pattern");
		}
	}
	if (t->guards & ESC_GUARD_LEVEL_ROLE) {
		/* A pattern notice concerns the whole cluster, not one case's level:
		 * it is for named professionals and above (level 3 rights). */
		int level = (ev == ESC_EV_INFORMED && notify == ESC_NOTIFY_PATTERN) ? 3 : target;
		const esc_level_info *li = esc_level(level);
		if (!proc_may_act_at(actor, level, cs->owner_id))
			return refuse_role(li, what, actor, false, err);
	}
	if ((t->guards & ESC_GUARD_OWNER_OR_LEVEL) && actor->staff_id != cs->owner_id &&
	    !proc_may_act_at(actor, target, cs->owner_id))
		return refuse_role(esc_level(target), what, actor, true, err);
	if ((t->guards & ESC_GUARD_CONCERN_REMAINS) && !cs->concern_remains)
		return esc_fail(err, ESC_EDENIED, "concern",
		                "%s needs a discussion at level %d whose outcome is 'concern remains'; "
		                "record that contact first",
		                what, cs->level);

	if (next) {
		next->level = target;
		next->state = t->to_state == ESC_STATE_NONE ? cs->state : t->to_state;
	}
	return ESC_OK;
}
