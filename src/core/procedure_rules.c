/* The procedure table asked: may this person do this (proc_check), has the
 * case moved since they looked (proc_conflict), what does it do to the case
 * (proc_apply), what may they do at all (proc_options) and does the case need
 * them (proc_needs).  Every answer comes from the rows of procedure.c; none
 * of these functions knows a level number.  Pure: no I/O. */
#include "escalate/procedure.h"

#include <stdio.h>
#include <string.h>

#define FROM(s) (1u << (s))

bool proc_may_act_at(const esc_actor *actor, int level, long long owner_id)
{
	const esc_level_info *li = esc_level(level);
	if (!li || !actor || !actor->active)
		return false;
	if (li->owner_may_act && actor->staff_id == owner_id)
		return true;
	return actor->role >= li->min_role;
}

int proc_target_level(const esc_case_state *cs, esc_event_kind ev)
{
	const esc_transition *t = esc_transition_for(ev);
	switch (t ? t->move : ESC_MOVE_STAY) {
	case ESC_MOVE_FIRST: return ESC_LEVEL_MIN;
	case ESC_MOVE_NEXT: return cs->level + 1;
	case ESC_MOVE_URGENT: return ESC_URGENT_LEVEL;
	case ESC_MOVE_STAY: break;
	}
	return cs->level;
}

esc_notify proc_blocking_notice(const esc_case_state *cs)
{
	const esc_level_info *li = esc_level(cs->level);
	if (li && li->owed_blocks_next && li->owed != ESC_NOTIFY_NONE && proc_owes(cs, li->owed))
		return li->owed;
	return ESC_NOTIFY_NONE;
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
	case ESC_EV_ACTION_DONE:
		snprintf(out, outsz, "marking an agreed action done at level %d", level);
		break;
	case ESC_EV_ACTION_DROPPED:
		snprintf(out, outsz, "dropping an agreed action at level %d", level);
		break;
	case ESC_EV_AMENDED: snprintf(out, outsz, "amending the case at level %d", level); break;
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
	return esc_refuse(err, ESC_EDENIED, ESC_WHY_ROLE, "role", "%s needs %s%s; you are %s%s",
	                  what, (owner_counts && !li->owner_may_act) ? "the case owner or " : "",
	                  who_may_act(li), esc_role_name(a->role),
	                  owner_counts ? " and not the case owner" : "");
}

static esc_status check_notify(const esc_case_state *cs, esc_notify notify, esc_error *err)
{
	/* The level at which each notification falls due, from the level table. */
	int owed_at = 0;
	if (notify == ESC_NOTIFY_NONE)
		return esc_fail(err, ESC_EINVALID, "notify",
		                "say who was informed: designated, chair or pattern");
	for (int l = ESC_LEVEL_MIN; l <= ESC_LEVEL_MAX && !owed_at; l++)
		if (esc_level(l)->owed == notify)
			owed_at = l;
	if (notify == ESC_NOTIFY_PATTERN) {
		if (cs->state != ESC_STATE_OPEN)
			return esc_refuse(err, ESC_EDENIED, ESC_WHY_STATE, "notify",
			                  "a pattern notification is recorded on open cases only");
		return ESC_OK;
	}
	if (!owed_at)
		return esc_fail(err, ESC_EINVALID, "notify",
		                "say who was informed: designated, chair or pattern");
	if (cs->level < owed_at)
		return esc_refuse(err, ESC_EDENIED, ESC_WHY_STATE, "notify",
		                  notify == ESC_NOTIFY_DESIGNATED
		                      ? "the designated professional is informed when a case reaches "
		                        "level %d; this case is at level %d"
		                      : "the partnership chair is informed at level %d; this case is "
		                        "at level %d",
		                  owed_at, cs->level);
	return ESC_OK;
}

/* The level whose rights a pattern notice needs: it concerns the whole
 * cluster, not one case's level, and is for those who may act where the
 * social care team manager is involved (the first level the owner's rights
 * do not reach). */
static int pattern_level(void)
{
	for (int l = ESC_LEVEL_MIN; l <= ESC_LEVEL_MAX; l++)
		if (!esc_level(l)->owner_may_act)
			return l;
	return ESC_LEVEL_MAX;
}

esc_status proc_check(const esc_case_state *cs, esc_event_kind ev, esc_notify notify,
                      const esc_actor *actor, esc_step *next, esc_error *err)
{
	const esc_transition *t = esc_transition_for(ev);
	char what[160];
	esc_error local;
	if (!err)
		err = &local; /* a yes/no question: the reason is not wanted */

	if (!t || !cs || !actor)
		return esc_fail(err, ESC_EINTERNAL, "", "unknown event");
	if (!actor->active)
		return esc_refuse(err, ESC_EDENIED, ESC_WHY_ROLE, "role",
		                  "your staff record is deactivated; ask an admin to reactivate it");
	if (!(t->from_states & FROM(cs->state))) {
		if (cs->state == ESC_STATE_NONE)
			return esc_fail(err, ESC_ENOTFOUND, "case", "there is no such case");
		return esc_refuse(err, ESC_EDENIED, ESC_WHY_STATE, "state",
		                  "the case is %s: %s is not possible (%s)", esc_state_name(cs->state),
		                  esc_event_name(ev), t->rule);
	}

	int target = proc_target_level(cs, ev);
	action_phrase(ev, target, notify, what, sizeof what);

	if ((t->guards & ESC_GUARD_BELOW_TOP) && cs->level >= ESC_LEVEL_MAX)
		return esc_refuse(err, ESC_EDENIED, ESC_WHY_STATE, "level",
		                  "the case is at level %d (%s), the last level; it can only be "
		                  "resolved or withdrawn",
		                  cs->level, esc_level(cs->level)->label);
	if ((t->guards & ESC_GUARD_BELOW_URGENT) && cs->level >= ESC_URGENT_LEVEL)
		return esc_refuse(err, ESC_EDENIED, ESC_WHY_STATE, "level",
		                  "the case is already at level %d; an urgent jump goes to level %d "
		                  "(%s)",
		                  cs->level, ESC_URGENT_LEVEL, esc_level(ESC_URGENT_LEVEL)->label);
	if ((t->guards & ESC_GUARD_NAMED_PLUS) && actor->role < ESC_ROLE_NAMED)
		return esc_refuse(err, ESC_EDENIED, ESC_WHY_ROLE, "role",
		                  "%s needs a named or designated professional; you are %s", what,
		                  esc_role_name(actor->role));
	if ((t->guards & ESC_GUARD_NOTIFY_OWED) && check_notify(cs, notify, err) != ESC_OK)
		return err->status;
	if (t->guards & ESC_GUARD_LEVEL_ROLE) {
		int level = (ev == ESC_EV_INFORMED && notify == ESC_NOTIFY_PATTERN) ? pattern_level()
		                                                                    : target;
		if (!proc_may_act_at(actor, level, cs->owner_id))
			return refuse_role(esc_level(level), what, actor, false, err);
	}
	if ((t->guards & ESC_GUARD_OWNER_OR_LEVEL) && actor->staff_id != cs->owner_id &&
	    !proc_may_act_at(actor, cs->level, cs->owner_id))
		return refuse_role(esc_level(cs->level), what, actor, true, err);
	if ((t->guards & ESC_GUARD_OWNER_OR_NAMED) && actor->staff_id != cs->owner_id &&
	    actor->role < ESC_ROLE_NAMED)
		return esc_refuse(err, ESC_EDENIED, ESC_WHY_ROLE, "role",
		                  "%s needs the case owner or a named or designated professional; "
		                  "you are %s and not the case owner",
		                  what, esc_role_name(actor->role));
	if (t->guards & ESC_GUARD_NOT_BLOCKED) {
		esc_notify owed = proc_blocking_notice(cs);
		if (owed != ESC_NOTIFY_NONE)
			return esc_refuse(err, ESC_EDENIED, ESC_WHY_STEP, "notify",
			                  "%s needs the %s informed at level %d first; record it with "
			                  "'inform' (whom: %s)",
			                  what, esc_notify_whom(owed), cs->level, esc_notify_name(owed));
	}
	if ((t->guards & ESC_GUARD_CONCERN_REMAINS) && !cs->concern_remains)
		return esc_refuse(err, ESC_EDENIED, ESC_WHY_STEP, "concern",
		                  "%s needs a discussion at level %d whose outcome is 'concern "
		                  "remains'; record that contact first",
		                  what, cs->level);

	if (next) {
		next->level = target;
		next->state = t->to_state == ESC_STATE_NONE ? cs->state : t->to_state;
	}
	return ESC_OK;
}

esc_status proc_check_action(const esc_case_state *cs, esc_event_kind ev,
                             const esc_actor *actor, long long action_owner_id, esc_error *err)
{
	if (actor && actor->active && action_owner_id && actor->staff_id == action_owner_id &&
	    esc_transition_for(ev) && !esc_transition_for(ev)->on_case)
		return ESC_OK;
	return proc_check(cs, ev, ESC_NOTIFY_NONE, actor, NULL, err);
}

esc_status proc_conflict(const esc_case_state *cs, esc_event_kind ev, const esc_seen *seen,
                         esc_error *err)
{
	const esc_transition *t = esc_transition_for(ev);
	if (!t || !t->level_dependent || !seen || !seen->level)
		return ESC_OK;
	if (cs->level == seen->level && cs->state == seen->state)
		return ESC_OK;
	return esc_refuse(err, ESC_ECONFLICT, ESC_WHY_CONFLICT, "case",
	                  "the case changed under you: you saw it %s at level %d, it is now %s at "
	                  "level %d; look at it again and retry",
	                  esc_state_name(seen->state), seen->level, esc_state_name(cs->state),
	                  cs->level);
}

esc_status proc_apply(const esc_case_state *cs, const esc_fact *f, esc_case_state *next,
                      esc_error *err)
{
	const esc_transition *t = esc_transition_for(f->kind);
	if (!t || !t->on_case)
		return esc_fail(err, ESC_EINTERNAL, "", "%s is not a history row of the case",
		                esc_event_name(f->kind));
	if (!(t->from_states & FROM(cs->state)) ||
	    (t->move == ESC_MOVE_NEXT && cs->level >= ESC_LEVEL_MAX) ||
	    (t->move == ESC_MOVE_URGENT && cs->level >= ESC_URGENT_LEVEL))
		return esc_refuse(err, ESC_EDENIED, ESC_WHY_STATE, "state",
		                  "%s cannot follow a case %s at level %d", esc_event_name(f->kind),
		                  esc_state_name(cs->state), cs->level);
	*next = *cs;
	next->level = proc_target_level(cs, f->kind);
	if (t->to_state != ESC_STATE_NONE)
		next->state = t->to_state;
	next->last_seq = cs->last_seq + 1;
	snprintf(next->updated_at, sizeof next->updated_at, "%s", f->at ? f->at : "");
	switch (t->concern) {
	case ESC_CONCERN_KEEP: break;
	case ESC_CONCERN_CLEAR: next->concern_remains = false; break;
	case ESC_CONCERN_OUTCOME: next->concern_remains = f->concern_remains; break;
	}
	if (t->clock != ESC_CLOCK_KEEP) {
		snprintf(next->level_since, sizeof next->level_since, "%s", f->at ? f->at : "");
		snprintf(next->level_due, sizeof next->level_due, "%s", f->due ? f->due : "");
	}
	switch (t->owed) {
	case ESC_OWED_KEEP: break;
	case ESC_OWED_ADD_LEVEL:
		if (esc_level(next->level)->owed != ESC_NOTIFY_NONE)
			next->owed |= 1u << esc_level(next->level)->owed;
		break;
	case ESC_OWED_CLEAR: next->owed &= ~(1u << f->notify); break;
	}
	if (t->sets_urgent)
		next->urgent = true;
	return ESC_OK;
}

/* The events a person might record on one case, each notification apart. */
static const struct {
	esc_event_kind ev;
	esc_notify notify;
} candidates[] = {
	{ESC_EV_CONTACT, ESC_NOTIFY_NONE},       {ESC_EV_ESCALATED, ESC_NOTIFY_NONE},
	{ESC_EV_URGENT, ESC_NOTIFY_NONE},        {ESC_EV_INFORMED, ESC_NOTIFY_DESIGNATED},
	{ESC_EV_INFORMED, ESC_NOTIFY_CHAIR},     {ESC_EV_NOTE, ESC_NOTIFY_NONE},
	{ESC_EV_RESOLVED, ESC_NOTIFY_NONE},      {ESC_EV_WITHDRAWN, ESC_NOTIFY_NONE},
	{ESC_EV_REOPENED, ESC_NOTIFY_NONE},      {ESC_EV_AMENDED, ESC_NOTIFY_NONE},
};

size_t proc_options(const esc_case_state *cs, const esc_actor *actor, esc_option *out,
                    size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < sizeof candidates / sizeof candidates[0] && n < max; i++) {
		esc_option *o = &out[n++];
		memset(o, 0, sizeof *o);
		o->ev = candidates[i].ev;
		o->notify = candidates[i].notify;
		o->allowed = proc_check(cs, o->ev, o->notify, actor, NULL, &o->why) == ESC_OK;
	}
	return n;
}

static bool may_inform(const esc_case_state *cs, const esc_actor *actor, esc_notify n)
{
	return proc_check(cs, ESC_EV_INFORMED, n, actor, NULL, NULL) == ESC_OK;
}

unsigned proc_needs(const esc_case_state *cs, const esc_actor *actor, const char *today,
                    bool action_due, bool in_pattern)
{
	unsigned needs = 0;
	if (!actor || !actor->active || cs->state == ESC_STATE_NONE)
		return 0;
	if (cs->state == ESC_STATE_OPEN && cs->level_due[0] && today &&
	    strcmp(cs->level_due, today) < 0 && proc_may_act_at(actor, cs->level, cs->owner_id))
		needs |= ESC_NEED_OVERDUE;
	if (action_due)
		needs |= ESC_NEED_ACTION;
	for (int n = ESC_NOTIFY_NONE + 1; n <= ESC_NOTIFY_PATTERN; n++)
		if (n != ESC_NOTIFY_PATTERN && proc_owes(cs, (esc_notify)n) &&
		    may_inform(cs, actor, (esc_notify)n))
			needs |= ESC_NEED_NOTIFY;
	if (in_pattern && may_inform(cs, actor, ESC_NOTIFY_PATTERN))
		needs |= ESC_NEED_PATTERN;
	return needs;
}

void proc_needs_scope(const esc_actor *actor, esc_needs_scope *out)
{
	memset(out, 0, sizeof *out);
	if (!actor || !actor->active)
		return;
	for (int l = ESC_LEVEL_MIN; l <= ESC_LEVEL_MAX; l++) {
		/* owner_id 0 never matches a staff id: "a case someone else owns". */
		if (proc_may_act_at(actor, l, 0))
			out->levels_any |= 1u << l;
		if (proc_may_act_at(actor, l, actor->staff_id))
			out->levels_owner |= 1u << l;
		for (int n = ESC_NOTIFY_NONE + 1; n < ESC_NOTIFY_PATTERN; n++) {
			esc_case_state other = {.state = ESC_STATE_OPEN, .level = l, .owner_id = 0,
			                        .owed = 1u << n};
			esc_case_state mine = other;
			mine.owner_id = actor->staff_id;
			if (may_inform(&other, actor, (esc_notify)n))
				out->notify_any |= 1ull << (l * 4 + n);
			if (may_inform(&mine, actor, (esc_notify)n))
				out->notify_owner |= 1ull << (l * 4 + n);
		}
	}
	esc_case_state open = {.state = ESC_STATE_OPEN, .level = ESC_LEVEL_MIN, .owner_id = 0};
	out->pattern = may_inform(&open, actor, ESC_NOTIFY_PATTERN);
}

void proc_needs_describe(unsigned needs, char *out, size_t outsz)
{
	static const struct {
		unsigned bit;
		const char *words;
	} reasons[] = {
	    {ESC_NEED_OVERDUE, "overdue at its level"},
	    {ESC_NEED_ACTION, "an agreed action you own is due"},
	    {ESC_NEED_NOTIFY, "a notification you may record is owed"},
	    {ESC_NEED_PATTERN, "a multi-case pattern to record"},
	};
	size_t used = 0;
	out[0] = '\0';
	for (size_t i = 0; i < sizeof reasons / sizeof reasons[0]; i++) {
		if (!(needs & reasons[i].bit))
			continue;
		int n = snprintf(out + used, outsz - used, "%s%s", used ? "; " : "", reasons[i].words);
		if (n < 0 || (size_t)n >= outsz - used)
			break;
		used += (size_t)n;
	}
}
