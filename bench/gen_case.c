/* One generated case: opened on a working day, then discussed, escalated,
 * resolved or withdrawn as the procedure allows, each step by a staff member
 * whose role the core's guards accept, with the clock pinned to the step's
 * time.  The shape follows published escalation returns: most disagreements
 * settle at level 1 or 2, a few reach the director (level 5), a few start
 * with an urgent jump to the head of service. */
#include "gen.h"

#include <stdio.h>
#include <string.h>

#include "case_internal.h"
#include "escalate/case.h"

/* The generator models the default procedure, Appendix 5's ladder of five
 * levels with the urgent route to level 4 (gen_check_procedure says so at
 * start). */
#define GEN_LEVELS 5
#define GEN_URGENT 4
#define DAY_START  (8 * 60)  /* 08:00 */
#define DAY_LENGTH (10 * 60) /* to 18:00 */

/* What happens at the end of a level's discussions, per mille, by level;
 * a stalled case is left open at its level (it drifts, and shows overdue). */
typedef enum level_end { END_RESOLVE, END_ESCALATE, END_WITHDRAW, END_STALL, END_KINDS } level_end;

static const int level_end_weights[GEN_LEVELS + 1][END_KINDS] = {
    [1] = {[END_RESOLVE] = 600, [END_ESCALATE] = 355, [END_WITHDRAW] = 30, [END_STALL] = 15},
    [2] = {[END_RESOLVE] = 600, [END_ESCALATE] = 355, [END_WITHDRAW] = 30, [END_STALL] = 15},
    [3] = {[END_RESOLVE] = 650, [END_ESCALATE] = 315, [END_WITHDRAW] = 20, [END_STALL] = 15},
    [4] = {[END_RESOLVE] = 750, [END_ESCALATE] = 215, [END_WITHDRAW] = 20, [END_STALL] = 15},
    [5] = {[END_RESOLVE] = 950, [END_ESCALATE] = 0, [END_WITHDRAW] = 30, [END_STALL] = 20},
};
/* 1 to 4 contacts at a level; 0 to 3 agreed actions per contact. */
static const int contacts_weights[] = {50, 30, 15, 5};
static const int actions_weights[] = {35, 35, 20, 10};
static const int themes_weights[] = {70, 25, 5};

/* Who the health professional speaks with at each level (Appendix 5). */
static const char *const counterpart_role[GEN_LEVELS + 1] = {
    [1] = "Social Worker",   [2] = "Named Nurse for Safeguarding",    [3] = "Team Manager",
    [4] = "Head of Service", [5] = "Director of Children's Services",
};

typedef struct case_run {
	gen_ctx *g;
	long long id;
	size_t owner;
	const char *la;
	int level;
	bool owes_designated; /* reached level 4 and the designated not yet told */
	gen_time t;
	esc_error *err;
} case_run;

static size_t pick(gen_rng *r, const size_t *pool, size_t n)
{
	return pool[gen_below(r, (int)n)];
}

/* Levels 1-2: the case owner (sometimes a named colleague); levels 3-4: a
 * named professional (sometimes designated); level 5: designated. */
static size_t level_actor(case_run *c, int level)
{
	gen_staff *st = &c->g->staff;
	gen_rng *r = &c->g->rng;
	if (level <= 2 && !gen_chance(r, 100))
		return c->owner;
	if (level <= 4 && !gen_chance(r, 200))
		return pick(r, st->named, st->nnamed);
	return pick(r, st->designated, st->ndesignated);
}

static bool past_end(const case_run *c)
{
	return c->t > c->g->end;
}

static gen_time working_time(gen_rng *r, esc_day day)
{
	return gen_time_of(day, DAY_START + gen_below(r, DAY_LENGTH));
}

/* Later the same working day, or early on the next one. */
static void advance_minutes(case_run *c, int lo, int hi)
{
	c->t += lo + gen_below(&c->g->rng, hi - lo + 1);
	if (c->t % 1440 >= DAY_START + DAY_LENGTH) {
		esc_day next = esc_add_working_days(gen_time_day(c->t), 1, &c->g->s->holidays);
		c->t = gen_time_of(next, DAY_START + gen_below(&c->g->rng, 120));
	}
}

static void advance_days(case_run *c, int lo, int hi)
{
	int n = lo + gen_below(&c->g->rng, hi - lo + 1);
	esc_day day = esc_add_working_days(gen_time_day(c->t), n, &c->g->s->holidays);
	gen_time t = working_time(&c->g->rng, day);
	c->t = t > c->t ? t : c->t + 1;
}

/* Records one event as staff member `actor` at the case's current time. */
static esc_status record(case_run *c, size_t actor, const esc_event_input *in)
{
	gen_ctx *g = c->g;
	char now[ESC_TS_LEN + 1];
	g->s->me = g->staff.all[actor];
	gen_time_format(c->t, now);
	if (session_set_now(g->s, now, c->err) != ESC_OK ||
	    case_record_in_tx(g->s, c->id, 0, in, 0, 0, c->err) != ESC_OK)
		return c->err->status;
	g->counts.events++;
	g->counts.actions += in->kind == ESC_EV_CONTACT ? (long long)in->nactions : 0;
	if (in->kind == ESC_EV_ESCALATED && c->level + 1 == GEN_LEVELS &&
	    in->chair != ESC_CHAIR_LATER)
		g->counts.events++; /* the chair's answer is its own history row */
	return ESC_OK;
}

static esc_status contact(case_run *c, bool remains, int nactions)
{
	gen_rng *r = &c->g->rng;
	size_t actor = level_actor(c, c->level);
	char occurred[ESC_TS_LEN + 1], person[64], org[ESC_SHORT_MAX + 1];
	char dues[ESC_MAX_ACTIONS][ESC_DATE_LEN + 1];
	const char *health_org = c->g->staff.all[actor].organisation;

	/* The discussion happened a little before it was written up. */
	gen_time_format(c->t - gen_below(r, 90), occurred);
	snprintf(person, sizeof person, "%s %s", gen_text(r, GEN_FIRST_NAME),
	         gen_text(r, GEN_SURNAME));
	if (c->level == 2)
		snprintf(org, sizeof org, "%s", health_org);
	else
		snprintf(org, sizeof org, "%s Children's Social Care", c->la);

	esc_event_input in = {
	    .kind = ESC_EV_CONTACT,
	    .text = gen_text(r, remains ? GEN_SUMMARY_REMAINS : GEN_SUMMARY_RESOLVED),
	    .occurred_at = occurred,
	    .person_name = person,
	    .person_role = counterpart_role[c->level],
	    .person_org = org,
	    .concern_remains = remains,
	    .nactions = (size_t)nactions,
	};
	for (int i = 0; i < nactions; i++) {
		int days = 2 + gen_below(r, 9);
		esc_day_format(esc_add_working_days(gen_time_day(c->t), days, &c->g->s->holidays),
		               dues[i]);
		/* Some actions are the actor's own, so "needs my action" finds them. */
		in.actions[i] = (esc_action_input){
		    .text = gen_text(r, GEN_ACTION),
		    .owner = gen_chance(r, 500) ? person : c->g->staff.all[actor].name,
		    .due = dues[i],
		};
	}
	return record(c, actor, &in);
}

static esc_status inform_designated(case_run *c)
{
	esc_event_input in = {
	    .kind = ESC_EV_INFORMED,
	    .notify = ESC_NOTIFY_DESIGNATED,
	    .whom = "Designated Nurse for Safeguarding Children",
	    .how = gen_chance(&c->g->rng, 700) ? "telephone" : "email",
	};
	c->owes_designated = false;
	return record(c, level_actor(c, c->level), &in);
}

static esc_status escalate(case_run *c, esc_chair_answer chair)
{
	esc_event_input in = {
	    .kind = ESC_EV_ESCALATED,
	    .text = gen_text(&c->g->rng, GEN_REASON_ESCALATE),
	    .chair = chair,
	};
	if (record(c, level_actor(c, c->level + 1), &in) != ESC_OK)
		return c->err->status;
	c->level++;
	return ESC_OK;
}

static esc_status simple_event(case_run *c, esc_event_kind kind, gen_text_kind text)
{
	esc_event_input in = {.kind = kind, .text = gen_text(&c->g->rng, text)};
	return record(c, level_actor(c, c->level), &in);
}

static esc_status open_case(case_run *c, long long index, long long total)
{
	gen_ctx *g = c->g;
	gen_rng *r = &g->rng;
	esc_case_ref ref;
	char child[16], now[ESC_TS_LEN + 1];

	/* Spread evenly over the five years; most raised on working days. */
	long span = g->last_day - g->first_day + 1;
	esc_day day = g->first_day + (esc_day)(index * span / total);
	if (!gen_chance(r, 50))
		day = esc_add_working_days(day, 0, &g->s->holidays);
	if (day > g->last_day)
		day = g->last_day;
	c->t = working_time(r, day);
	c->owner = gen_chance(r, 850) ? pick(r, g->staff.frontline, g->staff.nfrontline)
	                              : pick(r, g->staff.named, g->staff.nnamed);
	c->la = g->las[gen_skewed(r, (int)g->nla)];
	c->level = 1;

	esc_new_case in = {
	    .child_kind = gen_chance(r, 900) ? ESC_CHILD_NHS : ESC_CHILD_LOCAL,
	    .child_id = child,
	    .local_authority = c->la,
	    .team = gen_text(r, GEN_TEAM),
	    .decision = gen_text(r, GEN_DECISION),
	    .concern = gen_text(r, GEN_CONCERN),
	};
	if (in.child_kind == ESC_CHILD_NHS)
		gen_nhs_number(r, child);
	else
		snprintf(child, sizeof child, "RN%08d", gen_below(r, 100000000));
	int nthemes = 1 + gen_weighted(r, themes_weights, 3);
	for (int i = 0; i < nthemes; i++) {
		const char *theme = g->themes[gen_skewed(r, (int)g->ntheme)];
		bool seen = false;
		for (size_t j = 0; j < in.ntheme; j++)
			seen = seen || in.themes[j] == theme;
		if (!seen)
			in.themes[in.ntheme++] = theme;
	}

	g->s->me = g->staff.all[c->owner];
	gen_time_format(c->t, now);
	if (session_set_now(g->s, now, c->err) != ESC_OK ||
	    case_open_in_tx(g->s, &in, &ref, c->err) != ESC_OK)
		return c->err->status;
	c->id = ref.id;
	g->counts.cases++;
	g->counts.events++;
	g->counts.case_themes += (long long)in.ntheme;
	if (index == g->long_case_index)
		snprintf(g->long_case_ref, sizeof g->long_case_ref, "%s", ref.ref);
	return ESC_OK;
}

/* The case `show` is measured on: every level, four contacts each with three
 * agreed actions and a note, then reopened and settled again. */
static esc_status long_history(case_run *c)
{
	for (int round = 0; round < 2; round++) {
		for (;;) {
			for (int k = 0; k < 4; k++) {
				advance_days(c, 1, 2);
				bool settles = c->level == GEN_LEVELS && k == 3;
				if (contact(c, !settles, 3) != ESC_OK)
					return c->err->status;
				advance_minutes(c, 5, 60);
				if (simple_event(c, ESC_EV_NOTE, GEN_NOTE) != ESC_OK)
					return c->err->status;
			}
			if (c->level == GEN_LEVELS || round == 1)
				break;
			advance_minutes(c, 5, 60);
			if (escalate(c, ESC_CHAIR_INFORMED) != ESC_OK)
				return c->err->status;
			if (c->level == 4 && inform_designated(c) != ESC_OK)
				return c->err->status;
		}
		advance_minutes(c, 5, 60);
		if (simple_event(c, ESC_EV_RESOLVED, GEN_OUTCOME) != ESC_OK)
			return c->err->status;
		if (round == 0) {
			advance_days(c, 10, 20);
			if (simple_event(c, ESC_EV_REOPENED, GEN_REOPEN) != ESC_OK)
				return c->err->status;
		}
	}
	return ESC_OK;
}

/* A resolved case whose concern returns (rarely): reopened, discussed, settled. */
static esc_status maybe_reopen(case_run *c)
{
	if (!gen_chance(&c->g->rng, 10))
		return ESC_OK;
	advance_days(c, 10, 40);
	if (past_end(c))
		return ESC_OK;
	if (simple_event(c, ESC_EV_REOPENED, GEN_REOPEN) != ESC_OK)
		return c->err->status;
	advance_days(c, 0, 2);
	if (past_end(c))
		return ESC_OK;
	if (contact(c, false, gen_weighted(&c->g->rng, actions_weights, 4)) != ESC_OK)
		return c->err->status;
	advance_minutes(c, 5, 120);
	return past_end(c) ? ESC_OK : simple_event(c, ESC_EV_RESOLVED, GEN_OUTCOME);
}

/* The urgent route (West Yorkshire's 24-hour route): straight to level 4 by
 * a named professional, the designated professional told within a day. */
static esc_status urgent_start(case_run *c)
{
	advance_minutes(c, 10, 240);
	if (past_end(c))
		return ESC_OK;
	esc_event_input in = {.kind = ESC_EV_URGENT,
	                      .text = gen_text(&c->g->rng, GEN_REASON_URGENT)};
	if (record(c, pick(&c->g->rng, c->g->staff.named, c->g->staff.nnamed), &in) != ESC_OK)
		return c->err->status;
	c->level = GEN_URGENT;
	if (gen_chance(&c->g->rng, 100)) {
		c->owes_designated = true;
		return ESC_OK; /* notification still owed */
	}
	advance_minutes(c, 30, 600);
	return past_end(c) ? ESC_OK : inform_designated(c);
}

/* One level: 1-4 discussions, then what the last one decided. */
static esc_status run_level(case_run *c, bool with_note, level_end *end)
{
	gen_rng *r = &c->g->rng;
	int ncontacts = 1 + gen_weighted(r, contacts_weights, 4);
	*end = (level_end)gen_weighted(r, level_end_weights[c->level], END_KINDS);
	for (int k = 0; k < ncontacts; k++) {
		advance_days(c, k == 0 ? 0 : 1, k == 0 ? 2 : 3);
		if (past_end(c))
			return ESC_OK;
		bool remains = !(k == ncontacts - 1 && *end == END_RESOLVE);
		if (contact(c, remains, gen_weighted(r, actions_weights, 4)) != ESC_OK)
			return c->err->status;
		if (with_note && k == 0) {
			advance_minutes(c, 5, 120);
			if (!past_end(c) && simple_event(c, ESC_EV_NOTE, GEN_NOTE) != ESC_OK)
				return c->err->status;
		}
	}
	advance_minutes(c, 5, 120);
	return ESC_OK;
}

esc_status gen_case(gen_ctx *g, long long index, long long total, esc_error *err)
{
	case_run c = {.g = g, .err = err};
	if (open_case(&c, index, total) != ESC_OK)
		return err->status;
	if (index == g->long_case_index)
		return long_history(&c);

	gen_rng *r = &g->rng;
	bool with_note = gen_chance(r, 80);
	if (gen_chance(r, 30)) {
		if (urgent_start(&c) != ESC_OK)
			return err->status;
		if (past_end(&c))
			return ESC_OK;
	}
	for (;;) {
		level_end end;
		if (run_level(&c, with_note && c.level == 1, &end) != ESC_OK)
			return err->status;
		if (past_end(&c) || end == END_STALL)
			return ESC_OK; /* still open: in flight at the end, or drifting */
		switch (end) {
		case END_RESOLVE:
			if (simple_event(&c, ESC_EV_RESOLVED, GEN_OUTCOME) != ESC_OK)
				return err->status;
			return maybe_reopen(&c);
		case END_WITHDRAW:
			return simple_event(&c, ESC_EV_WITHDRAWN, GEN_WITHDRAW);
		default:
			break;
		}
		/* Level 5 asks about the partnership chair: mostly answered with the
		 * escalation, sometimes left owed. */
		/* Level 5 waits for the designated professional's notice: a case
		 * that never recorded it stays at level 4. */
		if (c.level == 4 && c.owes_designated)
			return ESC_OK;
		static const int chair_weights[] = {20, 50, 30};
		esc_chair_answer chair = c.level + 1 == GEN_LEVELS
		                             ? (esc_chair_answer)gen_weighted(r, chair_weights, 3)
		                             : ESC_CHAIR_LATER;
		if (escalate(&c, chair) != ESC_OK)
			return err->status;
		if (c.level == 4 && gen_chance(r, 100)) {
			c.owes_designated = true;
		} else if (c.level == 4) {
			advance_minutes(&c, 30, 600);
			if (past_end(&c))
				return ESC_OK;
			if (inform_designated(&c) != ESC_OK)
				return err->status;
		}
	}
}
