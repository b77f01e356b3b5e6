/* The procedure table asked: may this person do this (proc_check), has the
 * case moved since they looked (proc_conflict), what does it do to the case
 * (proc_apply), what may they do at all (proc_options) and does the case need
 * them (proc_needs).  Every answer comes from the rows of procedure.c; none
 * of these functions knows a level number.  Pure: no I/O. */
#include "escalate/procedure.h"

#include "escalate/procedure_file.h"

#include <stdio.h>
#include <string.h>

#define FROM(s) (1u << (s))

bool proc_may_act_at(const esc_procedure *p, const esc_actor *actor, int level,
                     long long owner_id)
{
	const esc_level_info *li = proc_level(p, level);
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
	case ESC_MOVE_URGENT: return proc_urgent_level(cs->proc);
	case ESC_MOVE_STAY: break;
	}
	return cs->level;
}

esc_notify proc_blocking_notice(const esc_case_state *cs)
{
	const esc_level_info *li = proc_level(cs->proc, cs->level);
	if (li && li->owed_blocks_next && li->owed != ESC_NOTIFY_NONE && proc_owes(cs, li->owed))
		return li->owed;
	return ESC_NOTIFY_NONE;
}

/* "escalating to level 3", "recording a contact at level 2"... */
static void action_phrase(const esc_procedure *p, esc_event_kind ev, int level,
                          esc_notify notify, char *out, size_t outsz)
{
	switch (ev) {
	case ESC_EV_OPENED: snprintf(out, outsz, "opening an escalation"); break;
	case ESC_EV_CONTACT: snprintf(out, outsz, "recording a contact at level %d", level); break;
	case ESC_EV_ESCALATED: snprintf(out, outsz, "escalating to level %d", level); break;
	case ESC_EV_URGENT: snprintf(out, outsz, "an urgent jump to level %d", level); break;
	case ESC_EV_INFORMED:
		snprintf(out, outsz, "recording that the %s was informed",
		         proc_notify_whom(p, notify));
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

/* "a named or designated professional" */
static const char *role_or_above(esc_role r)
{
	switch (r) {
	case ESC_ROLE_DESIGNATED: return "a designated professional";
	case ESC_ROLE_NAMED: return "a named or designated professional";
	default: return "a registered professional";
	}
}

static const char *who_may_act(const esc_level_info *li)
{
	static char out[96];
	if (!li->owner_may_act)
		return role_or_above(li->min_role);
	snprintf(out, sizeof out, "the case owner or %s", role_or_above(li->min_role));
	return out;
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

static esc_status no_such_notice(const esc_procedure *p, esc_error *err)
{
	char names[64] = "";
	for (esc_notify n = ESC_NOTIFY_DESIGNATED; n <= ESC_NOTIFY_PATTERN; n++)
		if (proc_notify_stage(p, n) || n == ESC_NOTIFY_PATTERN)
			snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s",
			         names[0] ? (n == ESC_NOTIFY_PATTERN ? " or " : ", ") : "",
			         proc_notify_name(p, n));
	return esc_fail(err, ESC_EINVALID, "notify", "say who was informed: %s", names);
}

static esc_status check_notify(const esc_case_state *cs, esc_notify notify, esc_error *err)
{
	/* The level at which each notification falls due, from the procedure. */
	int owed_at = notify == ESC_NOTIFY_PATTERN ? 0 : proc_notify_stage(cs->proc, notify);
	if (notify == ESC_NOTIFY_PATTERN) {
		if (cs->state != ESC_STATE_OPEN)
			return esc_refuse(err, ESC_EDENIED, ESC_WHY_STATE, "notify",
			                  "a pattern notification is recorded on open cases only");
		return ESC_OK;
	}
	if (!owed_at)
		return no_such_notice(cs->proc, err);
	if (cs->level < owed_at)
		return esc_refuse(err, ESC_EDENIED, ESC_WHY_STATE, "notify",
		                  "the %s %s informed when a case reaches level %d; this case is at "
		                  "level %d",
		                  proc_notify_whom(cs->proc, notify),
		                  proc_notify_required(cs->proc, notify) ? "is" : "may be",
		                  owed_at, cs->level);
	return ESC_OK;
}

/* The level whose rights a pattern notice needs: it concerns the whole
 * cluster, not one case's level, and is for those who may act where the
 * social care team manager is involved (the first level the owner's rights
 * do not reach). */
static int pattern_level(const esc_procedure *p)
{
	for (int l = ESC_LEVEL_MIN; l <= proc_levels(p); l++)
		if (!proc_level(p, l)->owner_may_act)
			return l;
	return proc_levels(p);
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
	action_phrase(cs->proc, ev, target, notify, what, sizeof what);

	if ((t->guards & ESC_GUARD_BELOW_TOP) && cs->level >= proc_levels(cs->proc))
		return esc_refuse(err, ESC_EDENIED, ESC_WHY_STATE, "level",
		                  "the case is at level %d (%s), the last level; it can only be "
		                  "resolved or withdrawn",
		                  cs->level, proc_level(cs->proc, cs->level)->label);
	int urgent = proc_urgent_level(cs->proc);
	if ((t->guards & ESC_GUARD_BELOW_URGENT) && !urgent)
		return esc_refuse(err, ESC_EDENIED, ESC_WHY_STATE, "level",
		                  "this procedure has no urgent route; escalate one level at a time");
	if ((t->guards & ESC_GUARD_BELOW_URGENT) && cs->level >= urgent)
		return esc_refuse(err, ESC_EDENIED, ESC_WHY_STATE, "level",
		                  "the case is already at level %d; an urgent jump goes to level %d "
		                  "(%s)",
		                  cs->level, urgent, proc_level(cs->proc, urgent)->label);
	if ((t->guards & ESC_GUARD_URGENT_ROLE) && actor->role < proc_urgent_role(cs->proc))
		return esc_refuse(err, ESC_EDENIED, ESC_WHY_ROLE, "role", "%s needs %s; you are %s",
		                  what, role_or_above(proc_urgent_role(cs->proc)),
		                  esc_role_name(actor->role));
	if ((t->guards & ESC_GUARD_NOTIFY_OWED) && check_notify(cs, notify, err) != ESC_OK)
		return err->status;
	if (t->guards & ESC_GUARD_LEVEL_ROLE) {
		int level = (ev == ESC_EV_INFORMED && notify == ESC_NOTIFY_PATTERN) ? pattern_level(cs->proc)
		                                                                    : target;
		if (!proc_may_act_at(cs->proc, actor, level, cs->owner_id))
			return refuse_role(proc_level(cs->proc, level), what, actor, false, err);
	}
	if ((t->guards & ESC_GUARD_OWNER_OR_LEVEL) && actor->staff_id != cs->owner_id &&
	    !proc_may_act_at(cs->proc, actor, cs->level, cs->owner_id))
		return refuse_role(proc_level(cs->proc, cs->level), what, actor, true, err);
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
			                  what, proc_notify_whom(cs->proc, owed), cs->level,
			                  proc_notify_name(cs->proc, owed));
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
	    (t->move == ESC_MOVE_NEXT && cs->level >= proc_levels(cs->proc)) ||
	    (t->move == ESC_MOVE_URGENT &&
	     (!proc_urgent_level(cs->proc) || cs->level >= proc_urgent_level(cs->proc))))
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
		if (proc_level(cs->proc, next->level)->owed != ESC_NOTIFY_NONE)
			next->owed |= 1u << proc_level(cs->proc, next->level)->owed;
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

bool proc_due_passed(const char *due, const char *today, const char *now)
{
	if (!due || !due[0])
		return false;
	if (strlen(due) > 10)
		return now && strcmp(due, now) < 0;
	return today && strcmp(due, today) < 0;
}

unsigned proc_needs(const esc_case_state *cs, const esc_actor *actor, const char *today,
                    const char *now, bool action_due, bool in_pattern)
{
	unsigned needs = 0;
	if (!actor || !actor->active || cs->state == ESC_STATE_NONE)
		return 0;
	if (cs->state == ESC_STATE_OPEN && proc_due_passed(cs->level_due, today, now) &&
	    proc_may_act_at(cs->proc, actor, cs->level, cs->owner_id))
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

void proc_needs_scope(const esc_procedure *p, const esc_actor *actor, esc_needs_scope *out)
{
	memset(out, 0, sizeof *out);
	if (!actor || !actor->active)
		return;
	for (int l = ESC_LEVEL_MIN; l <= proc_levels(p); l++) {
		/* owner_id 0 never matches a staff id: "a case someone else owns". */
		if (proc_may_act_at(p, actor, l, 0))
			out->levels_any |= 1u << l;
		if (proc_may_act_at(p, actor, l, actor->staff_id))
			out->levels_owner |= 1u << l;
		for (int n = ESC_NOTIFY_NONE + 1; n < ESC_NOTIFY_PATTERN; n++) {
			esc_case_state other = {.proc = p, .state = ESC_STATE_OPEN, .level = l, .owner_id = 0,
			                        .owed = 1u << n};
			esc_case_state mine = other;
			mine.owner_id = actor->staff_id;
			if (may_inform(&other, actor, (esc_notify)n))
				out->notify_any |= 1ull << (l * 4 + n);
			if (may_inform(&mine, actor, (esc_notify)n))
				out->notify_owner |= 1ull << (l * 4 + n);
		}
	}
	esc_case_state open = {.proc = p, .state = ESC_STATE_OPEN, .level = ESC_LEVEL_MIN,
	                       .owner_id = 0};
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
