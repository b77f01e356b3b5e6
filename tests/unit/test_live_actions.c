/* Agreed actions have a life (schema 005): open until done or dropped,
 * whatever the case does meanwhile; live_actions keeps the open ones for
 * "needs my action"; `verify` rebuilds them and reports any edit made behind
 * escalate's back. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "escalate/action.h"
#include "escalate/audit.h"
#include "escalate/query.h"
#include "escalate/store.h"
#include "helpers.h"

/* A contact at the case's current level agreeing one action for `owner`. */
static void contact_with_action(test_db *t, long long id, const char *owner, const char *due)
{
	esc_error err = {0};
	esc_event_input in = {
	    .kind = ESC_EV_CONTACT,
	    .text = "Agreed a strategy discussion",
	    .person_name = "Sam Social",
	    .person_role = "Social worker",
	    .person_org = "Children's services",
	    .concern_remains = true,
	    .actions = {{.text = "Share the chronology", .owner = owner, .due = due}},
	    .nactions = 1,
	};
	if (case_record(&t->s, id, 0, &in, &err) != ESC_OK)
		fail_msg("contact: %s", err.message);
}

/* How many cases "needs my action" lists for the current actor. */
static long needs_my_action(test_db *t)
{
	esc_list_filter f = {.needs_action = true};
	long n = -1;
	esc_error err = {0};
	assert_int_equal(query_count(&t->s, &f, &n, &err), ESC_OK);
	esc_case_summary rows[8];
	int got = 0;
	assert_int_equal(query_list(&t->s, &f, 0, 8, rows, &got, &err), ESC_OK);
	assert_int_equal(got, n);
	return n;
}

static void must_ok(esc_status st, const esc_error *err)
{
	if (st != ESC_OK)
		fail_msg("%s", err->message);
}

static bool count_row(const esc_action_row *a, void *ctx)
{
	(void)a;
	(*(int *)ctx)++;
	return true;
}

static int actions_listed(test_db *t, const esc_action_filter *f)
{
	int n = 0;
	esc_error err = {0};
	assert_int_equal(action_each(&t->s, f, count_row, &n, &err), ESC_OK);
	return n;
}

static void test_open_until_done_or_dropped(void **state)
{
	test_db *t = *state;
	esc_error err = {0};
	long long id = test_case_open(t, "Surrey", "Threshold not met");
	contact_with_action(t, id, "named", "2026-05-04");
	assert_int_equal(test_db_count(t, "SELECT count(*) FROM live_actions"), 1);

	/* Due on the 4th: not yet on the 1st, due on the 10th. */
	test_db_act_as(t, "named");
	assert_int_equal(needs_my_action(t), 0);
	test_db_at(t, "2026-05-10 09:00");
	assert_int_equal(needs_my_action(t), 1);
	esc_case_summary row;
	int got = 0;
	esc_list_filter needs = {.needs_action = true};
	assert_int_equal(query_list(&t->s, &needs, 0, 1, &row, &got, &err), ESC_OK);
	assert_int_equal(query_needs_explain(&t->s, &row, got, &err), ESC_OK);
	assert_true(row.needs & ESC_NEED_ACTION);

	/* Escalating leaves it outstanding (it used to vanish), and so does
	 * resolving the case: it stays on its owner's list until it is done. */
	test_db_act_as(t, "front");
	must_ok(test_case_event(t, id, ESC_EV_ESCALATED, "no agreement", &err), &err);
	assert_int_equal(test_db_count(t, "SELECT count(*) FROM live_actions"), 1);
	must_ok(test_case_event(t, id, ESC_EV_RESOLVED, "agreed", &err), &err);
	test_db_act_as(t, "named");
	assert_int_equal(needs_my_action(t), 1);
	esc_action_filter mine = {.mine = true, .overdue = true};
	assert_int_equal(actions_listed(t, &mine), 1);

	/* Someone else, neither its owner nor able to act at the level, may not
	 * mark it done; its owner may, once. */
	test_db_act_as(t, "front2");
	assert_int_equal(action_close(&t->s, id, 1, ESC_EV_ACTION_DONE, "", &err), ESC_EDENIED);
	assert_int_equal(err.why, ESC_WHY_ROLE);
	test_db_act_as(t, "named");
	must_ok(action_close(&t->s, id, 1, ESC_EV_ACTION_DONE, "chronology sent", &err), &err);
	assert_int_equal(action_close(&t->s, id, 1, ESC_EV_ACTION_DROPPED, "x", &err), ESC_EDENIED);
	assert_non_null(strstr(err.message, "already done"));
	assert_int_equal(needs_my_action(t), 0);
	assert_int_equal(actions_listed(t, &mine), 0);
	esc_action_filter all = {.case_id = id};
	assert_int_equal(actions_listed(t, &all), 1);
	assert_int_equal(action_close(&t->s, id, 2, ESC_EV_ACTION_DONE, "", &err), ESC_ENOTFOUND);

	/* Dropping needs a reason. */
	long long other = test_case_open(t, "Kent", "Other");
	contact_with_action(t, other, "named", "2026-05-12");
	assert_int_equal(action_close(&t->s, other, 1, ESC_EV_ACTION_DROPPED, "", &err),
	                 ESC_EINVALID);
	must_ok(action_close(&t->s, other, 1, ESC_EV_ACTION_DROPPED, "no longer needed", &err), &err);

	esc_verify_report rep;
	assert_int_equal(audit_verify(t->s.db, &rep, &err), ESC_OK);
	assert_int_equal(rep.wrong_live_actions, 0);
	assert_int_equal(rep.action_updates, 2);

	/* An update rewritten behind escalate's back breaks its chain. */
	test_db_exec(t, "DROP TRIGGER action_updates_no_update; "
	                "UPDATE action_updates SET note = 'forged' WHERE id = 1");
	assert_int_equal(audit_verify(t->s.db, &rep, &err), ESC_ECORRUPT);
	assert_non_null(strstr(err.message, "agreed action update 1"));
}

/* An action's due date may not come before the discussion that agreed it. */
static void test_due_not_before_discussion(void **state)
{
	test_db *t = *state;
	long long id = test_case_open(t, "Surrey", "Other");
	esc_error err = {0};
	esc_event_input in = {
	    .kind = ESC_EV_CONTACT, .text = "Talked", .person_name = "Sam",
	    .person_role = "SW", .person_org = "CS", .concern_remains = true,
	    .occurred_at = "2026-04-30 10:00",
	    .actions = {{.text = "Call back", .owner = "named", .due = "2026-04-29"}},
	    .nactions = 1};
	assert_int_equal(case_record(&t->s, id, 0, &in, &err), ESC_EINVALID);
	assert_string_equal(err.field, "action-due");
	assert_int_equal(test_db_count(t, "SELECT count(*) FROM events WHERE kind = 'contact'"), 0);
	in.actions[0].due = "2026-04-30";
	esc_error again = {0};
	must_ok(case_record(&t->s, id, 0, &in, &again), &again);
}

/* Actions owned by name rather than login count too, as before 004. */
static void test_owner_by_name(void **state)
{
	test_db *t = *state;
	long long id = test_case_open(t, "Kent", "Other");
	char name[sizeof t->s.me.name];
	snprintf(name, sizeof name, "%s", t->s.me.name);
	contact_with_action(t, id, name, "2026-05-04");
	test_db_at(t, "2026-05-05 09:00");
	assert_true(needs_my_action(t) >= 1);
	test_db_act_as(t, "front2");
	assert_int_equal(needs_my_action(t), 0);
}

static void test_edits_behind_the_triggers_found(void **state)
{
	static const struct {
		const char *edit;
	} edits[] = {
	    {"DELETE FROM live_actions"},
	    {"UPDATE live_actions SET due = '2030-01-01'"},
	    {"UPDATE live_actions SET owner_staff_id = owner_staff_id + 1"},
	    {"UPDATE live_actions SET case_id = (SELECT max(id) FROM cases) "
	     "WHERE action_id = (SELECT min(action_id) FROM live_actions)"},
	};
	test_db *t = *state;
	for (size_t i = 0; i < sizeof edits / sizeof edits[0]; i++) {
		long long a = test_case_open(t, "Surrey", "Threshold not met");
		contact_with_action(t, a, "named", "2026-05-04");
		esc_error err = {0};
		must_ok(test_case_event(t, a, ESC_EV_ESCALATED, "no agreement", &err), &err);
		long long b = test_case_open(t, "Kent", "Other");
		contact_with_action(t, b, "named", "2026-05-06");
		test_db_exec(t, edits[i].edit);
		esc_verify_report rep;
		assert_int_equal(audit_verify(t->s.db, &rep, &err), ESC_ECORRUPT);
		assert_true(rep.wrong_live_actions >= 1);
		assert_int_equal(rep.inconsistent_cases, 0);
		if (!strstr(err.message, "open agreed actions"))
			fail_msg("%s: '%s'", edits[i].edit, err.message);
		test_db_close(t);
		test_db_open(t);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_open_until_done_or_dropped, test_db_setup,
	                                    test_db_teardown),
	    cmocka_unit_test_setup_teardown(test_due_not_before_discussion, test_db_setup,
	                                    test_db_teardown),
	    cmocka_unit_test_setup_teardown(test_owner_by_name, test_db_setup, test_db_teardown),
	    cmocka_unit_test_setup_teardown(test_edits_behind_the_triggers_found, test_db_setup,
	                                    test_db_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
