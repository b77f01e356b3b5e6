/* Every transition and every guard of the procedure table, allowed and
 * refused, checked against Appendix 5 and SPEC §2. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "escalate/procedure.h"

enum { OWNER = 7, OTHER = 8 };

typedef struct row {
	esc_state state;
	int level;
	bool concern_remains;
	esc_event_kind ev;
	esc_notify notify;
	esc_role role;
	int actor; /* OWNER or OTHER */
	esc_status expect;
	int to_level;
	esc_state to_state;
	const char *message; /* substring of the refusal */
} row;

#define OPEN ESC_STATE_OPEN
#define RESOLVED ESC_STATE_RESOLVED
#define WITHDRAWN ESC_STATE_WITHDRAWN
#define FL ESC_ROLE_FRONTLINE
#define NP ESC_ROLE_NAMED
#define DP ESC_ROLE_DESIGNATED
#define N0 ESC_NOTIFY_NONE

static const row rows[] = {
    /* opened: anyone registered, only for a case that does not exist */
    {ESC_STATE_NONE, 0, false, ESC_EV_OPENED, N0, FL, OWNER, ESC_OK, 1, OPEN, NULL},
    {OPEN, 1, false, ESC_EV_OPENED, N0, DP, OWNER, ESC_EDENIED, 0, 0, "is not possible"},

    /* contact at levels 1-2: the owner or named+ */
    {OPEN, 1, false, ESC_EV_CONTACT, N0, FL, OWNER, ESC_OK, 1, OPEN, NULL},
    {OPEN, 1, false, ESC_EV_CONTACT, N0, FL, OTHER, ESC_EDENIED, 0, 0,
     "recording a contact at level 1 needs the case owner or a named or designated "
     "professional; you are frontline and not the case owner"},
    {OPEN, 2, false, ESC_EV_CONTACT, N0, NP, OTHER, ESC_OK, 2, OPEN, NULL},
    /* levels 3-4: named+ even for the owner */
    {OPEN, 3, false, ESC_EV_CONTACT, N0, FL, OWNER, ESC_EDENIED, 0, 0,
     "recording a contact at level 3 needs a named or designated professional; you are "
     "frontline"},
    {OPEN, 4, false, ESC_EV_CONTACT, N0, NP, OTHER, ESC_OK, 4, OPEN, NULL},
    /* level 5: designated */
    {OPEN, 5, false, ESC_EV_CONTACT, N0, NP, OWNER, ESC_EDENIED, 0, 0,
     "needs a designated professional; you are named"},
    {OPEN, 5, false, ESC_EV_CONTACT, N0, DP, OTHER, ESC_OK, 5, OPEN, NULL},
    {RESOLVED, 2, false, ESC_EV_CONTACT, N0, DP, OWNER, ESC_EDENIED, 0, 0, "case is resolved"},

    /* escalated: one level at a time, only while the concern remains */
    {OPEN, 1, false, ESC_EV_ESCALATED, N0, FL, OWNER, ESC_EDENIED, 0, 0,
     "escalating to level 2 needs a discussion at level 1 whose outcome is 'concern remains'"},
    {OPEN, 1, true, ESC_EV_ESCALATED, N0, FL, OWNER, ESC_OK, 2, OPEN, NULL},
    {OPEN, 1, true, ESC_EV_ESCALATED, N0, FL, OTHER, ESC_EDENIED, 0, 0,
     "escalating to level 2 needs the case owner"},
    {OPEN, 2, true, ESC_EV_ESCALATED, N0, FL, OWNER, ESC_EDENIED, 0, 0,
     "escalating to level 3 needs a named or designated professional; you are frontline"},
    {OPEN, 2, true, ESC_EV_ESCALATED, N0, NP, OTHER, ESC_OK, 3, OPEN, NULL},
    {OPEN, 3, true, ESC_EV_ESCALATED, N0, NP, OTHER, ESC_OK, 4, OPEN, NULL},
    {OPEN, 3, false, ESC_EV_ESCALATED, N0, DP, OTHER, ESC_EDENIED, 0, 0, "concern remains"},
    {OPEN, 4, true, ESC_EV_ESCALATED, N0, NP, OTHER, ESC_EDENIED, 0, 0,
     "escalating to level 5 needs a designated professional; you are named"},
    {OPEN, 4, true, ESC_EV_ESCALATED, N0, DP, OTHER, ESC_OK, 5, OPEN, NULL},
    {OPEN, 5, true, ESC_EV_ESCALATED, N0, DP, OTHER, ESC_EDENIED, 0, 0, "the last level"},
    {RESOLVED, 2, true, ESC_EV_ESCALATED, N0, DP, OTHER, ESC_EDENIED, 0, 0, "is not possible"},

    /* urgent: named or designated straight to level 4, no contact needed */
    {OPEN, 1, false, ESC_EV_URGENT, N0, FL, OWNER, ESC_EDENIED, 0, 0,
     "an urgent jump to level 4 needs a named or designated professional; you are frontline"},
    {OPEN, 1, false, ESC_EV_URGENT, N0, NP, OTHER, ESC_OK, 4, OPEN, NULL},
    {OPEN, 3, false, ESC_EV_URGENT, N0, DP, OTHER, ESC_OK, 4, OPEN, NULL},
    {OPEN, 4, false, ESC_EV_URGENT, N0, DP, OTHER, ESC_EDENIED, 0, 0, "already at level 4"},
    {WITHDRAWN, 1, false, ESC_EV_URGENT, N0, DP, OTHER, ESC_EDENIED, 0, 0, "withdrawn"},

    /* informed: designated at level 4+, chair at level 5, pattern by named+ */
    {OPEN, 3, false, ESC_EV_INFORMED, ESC_NOTIFY_DESIGNATED, NP, OTHER, ESC_EDENIED, 0, 0,
     "reaches level 4"},
    {OPEN, 4, false, ESC_EV_INFORMED, ESC_NOTIFY_DESIGNATED, NP, OTHER, ESC_OK, 4, OPEN, NULL},
    {OPEN, 4, false, ESC_EV_INFORMED, ESC_NOTIFY_DESIGNATED, FL, OWNER, ESC_EDENIED, 0, 0,
     "needs a named or designated professional"},
    {RESOLVED, 4, false, ESC_EV_INFORMED, ESC_NOTIFY_DESIGNATED, NP, OTHER, ESC_OK, 4, RESOLVED,
     NULL},
    {OPEN, 4, false, ESC_EV_INFORMED, ESC_NOTIFY_CHAIR, DP, OTHER, ESC_EDENIED, 0, 0,
     "chair of the safeguarding partnership may be informed when a case reaches level 5"},
    {OPEN, 5, false, ESC_EV_INFORMED, ESC_NOTIFY_CHAIR, NP, OTHER, ESC_EDENIED, 0, 0,
     "needs a designated professional"},
    {OPEN, 5, false, ESC_EV_INFORMED, ESC_NOTIFY_CHAIR, DP, OTHER, ESC_OK, 5, OPEN, NULL},
    {OPEN, 1, false, ESC_EV_INFORMED, ESC_NOTIFY_PATTERN, FL, OWNER, ESC_EDENIED, 0, 0,
     "needs a named or designated professional"},
    {OPEN, 1, false, ESC_EV_INFORMED, ESC_NOTIFY_PATTERN, NP, OTHER, ESC_OK, 1, OPEN, NULL},
    {RESOLVED, 1, false, ESC_EV_INFORMED, ESC_NOTIFY_PATTERN, NP, OTHER, ESC_EDENIED, 0, 0,
     "open cases only"},
    {OPEN, 4, false, ESC_EV_INFORMED, N0, DP, OTHER, ESC_EINVALID, 0, 0, "say who"},

    /* note: the owner at any level, or whoever may act at the level */
    {OPEN, 3, false, ESC_EV_NOTE, N0, FL, OWNER, ESC_OK, 3, OPEN, NULL},
    {OPEN, 3, false, ESC_EV_NOTE, N0, FL, OTHER, ESC_EDENIED, 0, 0,
     "adding a note at level 3 needs the case owner or a named or designated professional"},
    {OPEN, 5, false, ESC_EV_NOTE, N0, NP, OTHER, ESC_EDENIED, 0, 0, "designated"},
    {WITHDRAWN, 2, false, ESC_EV_NOTE, N0, NP, OTHER, ESC_OK, 2, WITHDRAWN, NULL},

    /* resolved / withdrawn: at the current level by whoever may act there */
    {OPEN, 2, false, ESC_EV_RESOLVED, N0, FL, OWNER, ESC_OK, 2, RESOLVED, NULL},
    {OPEN, 3, false, ESC_EV_RESOLVED, N0, FL, OWNER, ESC_EDENIED, 0, 0, "resolving at level 3"},
    {OPEN, 5, false, ESC_EV_RESOLVED, N0, DP, OTHER, ESC_OK, 5, RESOLVED, NULL},
    {RESOLVED, 2, false, ESC_EV_RESOLVED, N0, DP, OTHER, ESC_EDENIED, 0, 0, "is not possible"},
    {OPEN, 1, false, ESC_EV_WITHDRAWN, N0, FL, OWNER, ESC_OK, 1, WITHDRAWN, NULL},
    {OPEN, 4, false, ESC_EV_WITHDRAWN, N0, FL, OWNER, ESC_EDENIED, 0, 0, "withdrawing at level 4"},
    {WITHDRAWN, 1, false, ESC_EV_WITHDRAWN, N0, DP, OTHER, ESC_EDENIED, 0, 0, "is not possible"},

    /* reopened: a resolved case goes back to the level it closed at */
    {RESOLVED, 3, false, ESC_EV_REOPENED, N0, NP, OTHER, ESC_OK, 3, OPEN, NULL},
    {RESOLVED, 3, false, ESC_EV_REOPENED, N0, FL, OWNER, ESC_EDENIED, 0, 0, "reopening at level 3"},
    {WITHDRAWN, 2, false, ESC_EV_REOPENED, N0, DP, OTHER, ESC_EDENIED, 0, 0, "is not possible"},
    {OPEN, 2, false, ESC_EV_REOPENED, N0, DP, OTHER, ESC_EDENIED, 0, 0, "is not possible"},
};

static void test_table_rows(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		const row *r = &rows[i];
		esc_case_state cs = {.state = r->state, .level = r->level, .owner_id = OWNER,
		                     .concern_remains = r->concern_remains};
		esc_actor actor = {.staff_id = r->actor, .role = r->role, .active = true};
		esc_step next = {0};
		esc_error err = {0};
		esc_status st = proc_check(&cs, r->ev, r->notify, &actor, &next, &err);
		if (st != r->expect)
			fail_msg("row %zu (%s at level %d by %s): got %s '%s', want %s", i,
			         esc_event_name(r->ev), r->level, esc_role_name(r->role),
			         esc_status_name(st), err.message, esc_status_name(r->expect));
		if (st == ESC_OK) {
			assert_int_equal(next.level, r->to_level);
			assert_int_equal(next.state, r->to_state);
		} else if (r->message && !strstr(err.message, r->message)) {
			fail_msg("row %zu: message '%s' lacks '%s'", i, err.message, r->message);
		}
	}
}

/* Every event of the procedure has exactly one row in the table. */
static void test_every_event_has_a_transition(void **state)
{
	(void)state;
	int n;
	const esc_transition *t = esc_transitions(&n);
	for (int ev = 0; ev < ESC_EV_COUNT; ev++) {
		int found = 0;
		for (int i = 0; i < n; i++)
			found += t[i].event == (esc_event_kind)ev;
		assert_int_equal(found, 1);
		assert_non_null(esc_transition_for((esc_event_kind)ev)->rule);
	}
}

static void test_levels_match_appendix_5(void **state)
{
	(void)state;
	static const char *const labels[] = {"Social Worker", "Manager / Named Professional",
	                                     "Team Manager", "Head of Service", "Director"};
	for (int l = 1; l <= 5; l++)
		assert_string_equal(esc_level(l)->label, labels[l - 1]);
	assert_null(esc_level(0));
	assert_null(esc_level(6));
	/* Level 4 requires the designated professional to be informed; level 5 asks about the chair. */
	assert_int_equal(esc_level(4)->owed, ESC_NOTIFY_DESIGNATED);
	assert_int_equal(esc_level(5)->owed, ESC_NOTIFY_CHAIR);
	assert_true(esc_level(1)->owner_may_act && esc_level(2)->owner_may_act);
	assert_false(esc_level(3)->owner_may_act);
	assert_int_equal(esc_level(5)->min_role, ESC_ROLE_DESIGNATED);
}

static void test_inactive_actor_refused(void **state)
{
	(void)state;
	esc_case_state cs = {.state = OPEN, .level = 1, .owner_id = OWNER};
	esc_actor actor = {.staff_id = OWNER, .role = DP, .active = false};
	esc_error err = {0};
	assert_int_equal(proc_check(&cs, ESC_EV_NOTE, N0, &actor, NULL, &err), ESC_EDENIED);
	assert_non_null(strstr(err.message, "deactivated"));
}

static void test_names_round_trip(void **state)
{
	(void)state;
	for (int ev = 0; ev < ESC_EV_COUNT; ev++)
		assert_int_equal(esc_event_parse(esc_event_name((esc_event_kind)ev)), ev);
	assert_int_equal(esc_event_parse("bogus"), -1);
	assert_int_equal(esc_role_parse("Named"), ESC_ROLE_NAMED);
	assert_int_equal(esc_role_parse("admin"), ESC_ROLE_NONE);
	assert_int_equal(esc_notify_parse("chair"), ESC_NOTIFY_CHAIR);
	assert_int_equal(esc_state_parse("withdrawn"), ESC_STATE_WITHDRAWN);
}

/* The effects, written out from SPEC §2 and §7 independently of the table:
 * for every event, from every state, at every level, proc_apply must give
 * exactly this case (or refuse where the event cannot follow). */
typedef struct expect_case {
	bool possible;
	esc_state state;
	int level;
	bool concern, urgent, clock_restarts;
	unsigned owed;
	bool urgent_clock;
} expect_case;

static expect_case spec_effect(esc_state st, int level, bool concern, unsigned owed,
                               esc_event_kind ev, esc_notify notify, bool outcome)
{
	expect_case e = {.possible = true, .state = st, .level = level, .concern = concern,
	                 .owed = owed};
	const unsigned designated = 1u << ESC_NOTIFY_DESIGNATED, chair = 1u << ESC_NOTIFY_CHAIR;
	switch (ev) {
	case ESC_EV_OPENED:
		e.possible = st == ESC_STATE_NONE;
		e.state = ESC_STATE_OPEN;
		e.level = 1;
		e.concern = false;
		e.clock_restarts = true;
		break;
	case ESC_EV_CONTACT: /* a discussion: its outcome is the flag */
		e.possible = st == ESC_STATE_OPEN;
		e.concern = outcome;
		break;
	case ESC_EV_ESCALATED: /* one level up; level 4 owes the designated, 5 the chair */
		e.possible = st == ESC_STATE_OPEN && level < 5;
		e.level = level + 1;
		e.concern = false;
		e.clock_restarts = true;
		e.owed |= e.level == 4 ? designated : e.level == 5 ? chair : 0;
		break;
	case ESC_EV_URGENT: /* straight to the head of service */
		e.possible = st == ESC_STATE_OPEN && level < 4;
		e.level = 4;
		e.concern = false;
		e.urgent = true;
		e.clock_restarts = true;
		e.urgent_clock = true;
		e.owed |= designated;
		break;
	case ESC_EV_INFORMED: /* on any existing case: that notification is no longer owed */
		e.possible = st != ESC_STATE_NONE;
		e.owed &= ~(1u << notify);
		break;
	case ESC_EV_NOTE:
		e.possible = st != ESC_STATE_NONE;
		break;
	case ESC_EV_RESOLVED:
	case ESC_EV_WITHDRAWN: /* closed at the level; the target date stands */
		e.possible = st == ESC_STATE_OPEN;
		e.state = ev == ESC_EV_RESOLVED ? ESC_STATE_RESOLVED : ESC_STATE_WITHDRAWN;
		break;
	case ESC_EV_AMENDED: /* a correction of an open case's record: nothing else moves */
		e.possible = st == ESC_STATE_OPEN;
		break;
	case ESC_EV_REOPENED: /* back at the level it closed at, with a new clock */
		e.possible = st == ESC_STATE_RESOLVED;
		e.state = ESC_STATE_OPEN;
		e.concern = false;
		e.clock_restarts = true;
		break;
	default:
		e.possible = false;
	}
	return e;
}

static void test_effects_every_event_state_level(void **state)
{
	(void)state;
	static const esc_state states[] = {ESC_STATE_NONE, OPEN, RESOLVED, WITHDRAWN};
	static const esc_notify notifies[] = {ESC_NOTIFY_DESIGNATED, ESC_NOTIFY_CHAIR,
	                                      ESC_NOTIFY_PATTERN};
	int checked = 0;
	for (size_t si = 0; si < 4; si++)
		for (int level = 0; level <= 5; level++)
			for (unsigned owed = 0; owed < 8; owed += 2)
				for (int ev = 0; ev < ESC_EV_COUNT; ev++)
					for (size_t ni = 0; ni < 3; ni++)
						for (int outcome = 0; outcome < 2; outcome++) {
							esc_state st = states[si];
							if ((st == ESC_STATE_NONE) != (level == 0))
								continue;
							esc_case_state cs = {.state = st, .level = level,
							                     .owner_id = OWNER, .last_seq = level ? 3 : 0,
							                     .concern_remains = outcome == 0,
							                     .owed = owed,
							                     .level_since = "2026-05-01T09:00:00Z",
							                     .level_due = "2026-05-08",
							                     .updated_at = "2026-05-02T09:00:00Z"};
							esc_fact f = {.kind = (esc_event_kind)ev,
							              .notify = notifies[ni],
							              .concern_remains = outcome == 1,
							              .at = "2026-05-04T10:00:00Z",
							              .due = "2026-05-11"};
							expect_case want = spec_effect(st, level, cs.concern_remains,
							                               owed, f.kind, f.notify, outcome);
							const esc_transition *t = esc_transition_for(f.kind);
							esc_case_state next;
							esc_error err = {0};
							esc_status rc = proc_apply(&cs, &f, &next, &err);
							checked++;
							if (!t->on_case) {
								/* actions' own records never touch the case */
								assert_int_not_equal(rc, ESC_OK);
								continue;
							}
							if (!want.possible) {
								if (rc == ESC_OK)
									fail_msg("%s from %s at %d applied; SPEC: impossible",
									         esc_event_name(f.kind), esc_state_name(st),
									         level);
								continue;
							}
							if (rc != ESC_OK)
								fail_msg("%s from %s at %d refused: %s",
								         esc_event_name(f.kind), esc_state_name(st), level,
								         err.message);
							assert_int_equal(next.state, want.state);
							assert_int_equal(next.level, want.level);
							assert_int_equal(next.concern_remains, want.concern);
							assert_int_equal(next.urgent, want.urgent);
							assert_int_equal(next.owed, want.owed);
							assert_int_equal(next.last_seq, cs.last_seq + 1);
							assert_string_equal(next.updated_at, f.at);
							assert_string_equal(next.level_since,
							                    want.clock_restarts ? f.at : cs.level_since);
							assert_string_equal(next.level_due,
							                    want.clock_restarts ? f.due : cs.level_due);
							/* and the table says which timescale the clock uses */
							assert_int_equal(t->clock == ESC_CLOCK_START_URGENT,
							                 want.urgent_clock);
						}
	assert_true(checked > 1000);
}

/* Level 5 waits for the designated professional informed at level 4; a
 * refusal carries its kind as data. */
static void test_required_step_and_refusal_kinds(void **state)
{
	(void)state;
	esc_actor dp = {.staff_id = OTHER, .role = DP, .active = true};
	esc_actor fl = {.staff_id = OTHER, .role = FL, .active = true};
	esc_case_state cs = {.state = OPEN, .level = 4, .owner_id = OWNER, .concern_remains = true,
	                     .owed = 1u << ESC_NOTIFY_DESIGNATED};
	esc_error err = {0};
	assert_int_equal(proc_check(&cs, ESC_EV_ESCALATED, N0, &dp, NULL, &err), ESC_EDENIED);
	assert_int_equal(err.why, ESC_WHY_STEP);
	assert_int_equal(proc_blocking_notice(&cs), ESC_NOTIFY_DESIGNATED);
	/* Resolving with it owed is allowed (the front ends ask first). */
	assert_int_equal(proc_check(&cs, ESC_EV_RESOLVED, N0, &dp, NULL, &err), ESC_OK);
	cs.owed = 0;
	assert_int_equal(proc_check(&cs, ESC_EV_ESCALATED, N0, &dp, NULL, &err), ESC_OK);
	/* The chair at level 5 is "if necessary": it blocks nothing. */
	cs.level = 5;
	cs.owed = 1u << ESC_NOTIFY_CHAIR;
	assert_int_equal(proc_blocking_notice(&cs), ESC_NOTIFY_NONE);
	assert_int_equal(proc_check(&cs, ESC_EV_CONTACT, N0, &fl, NULL, &err), ESC_EDENIED);
	assert_int_equal(err.why, ESC_WHY_ROLE);
	cs.state = RESOLVED;
	assert_int_equal(proc_check(&cs, ESC_EV_ESCALATED, N0, &dp, NULL, &err), ESC_EDENIED);
	assert_int_equal(err.why, ESC_WHY_STATE);
}

/* Level-dependent events conflict when the case moved; notes commute. */
static void test_conflicts_from_the_table(void **state)
{
	(void)state;
	esc_case_state cs = {.state = OPEN, .level = 2, .owner_id = OWNER};
	esc_seen saw1 = {.level = 1, .state = OPEN}, saw2 = {.level = 2, .state = OPEN};
	esc_seen saw_closed = {.level = 2, .state = RESOLVED};
	esc_error err = {0};
	static const esc_event_kind dependent[] = {ESC_EV_CONTACT,  ESC_EV_ESCALATED,
	                                           ESC_EV_URGENT,   ESC_EV_INFORMED,
	                                           ESC_EV_RESOLVED, ESC_EV_WITHDRAWN,
	                                           ESC_EV_REOPENED};
	for (size_t i = 0; i < sizeof dependent / sizeof dependent[0]; i++) {
		assert_int_equal(proc_conflict(&cs, dependent[i], &saw1, &err), ESC_ECONFLICT);
		assert_int_equal(err.why, ESC_WHY_CONFLICT);
		assert_int_equal(proc_conflict(&cs, dependent[i], &saw_closed, &err), ESC_ECONFLICT);
		assert_int_equal(proc_conflict(&cs, dependent[i], &saw2, &err), ESC_OK);
	}
	assert_int_equal(proc_conflict(&cs, ESC_EV_NOTE, &saw1, &err), ESC_OK);
	assert_int_equal(proc_conflict(&cs, ESC_EV_ACTION_DONE, &saw1, &err), ESC_OK);
}

/* What "needs my action" may select is derived from the same rules:
 * every (level, owner?) combination agrees with proc_needs. */
static void test_needs_scope_agrees(void **state)
{
	(void)state;
	static const esc_role roles[] = {FL, NP, DP};
	for (size_t r = 0; r < 3; r++) {
		esc_actor a = {.staff_id = OWNER, .role = roles[r], .active = true};
		esc_needs_scope sc;
		proc_needs_scope(NULL, &a, &sc);
		for (int level = 1; level <= 5; level++)
			for (int mine = 0; mine < 2; mine++)
				for (unsigned owed = 0; owed < 8; owed += 2)
					for (int st = OPEN; st <= WITHDRAWN; st++) {
						esc_case_state cs = {.state = (esc_state)st, .level = level,
						                     .owner_id = mine ? OWNER : OTHER, .owed = owed,
						                     .level_due = "2026-05-01"};
						unsigned needs = proc_needs(&cs, &a, "2026-06-01", NULL, false, false);
						unsigned lv = mine ? sc.levels_owner | sc.levels_any : sc.levels_any;
						unsigned long long nm = mine ? sc.notify_owner : sc.notify_any;
						bool overdue = st == OPEN && ((lv >> level) & 1);
						bool notify = ((owed & (nm >> (level * 4))) & 15) != 0;
						assert_int_equal((needs & ESC_NEED_OVERDUE) != 0, overdue);
						assert_int_equal((needs & ESC_NEED_NOTIFY) != 0, notify);
					}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_table_rows),
	    cmocka_unit_test(test_every_event_has_a_transition),
	    cmocka_unit_test(test_levels_match_appendix_5),
	    cmocka_unit_test(test_inactive_actor_refused),
	    cmocka_unit_test(test_names_round_trip),
	    cmocka_unit_test(test_effects_every_event_state_level),
	    cmocka_unit_test(test_required_step_and_refusal_kinds),
	    cmocka_unit_test(test_conflicts_from_the_table),
	    cmocka_unit_test(test_needs_scope_agrees),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
