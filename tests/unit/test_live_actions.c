/* The live agreed actions (schema 004): the actions of an open case agreed
 * at its current level, kept by triggers as the case moves, closes and
 * reopens; "needs my action" reads them; `verify` rebuilds them and reports
 * any edit made behind the triggers' back. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

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

static void test_live_while_open_at_its_level(void **state)
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

	/* At level 2 the level-1 action is no longer the case's business. */
	test_db_act_as(t, "front");
	must_ok(test_case_event(t, id, ESC_EV_ESCALATED, "no agreement", &err), &err);
	assert_int_equal(test_db_count(t, "SELECT count(*) FROM live_actions"), 0);
	test_db_act_as(t, "named");
	assert_int_equal(needs_my_action(t), 0);

	/* An action agreed at level 2 is live; resolving ends it, reopening at
	 * level 2 brings it back, and the level-1 one stays history. */
	test_db_act_as(t, "front");
	contact_with_action(t, id, "named", "2026-05-11");
	assert_int_equal(test_db_count(t, "SELECT count(*) FROM live_actions"), 1);
	must_ok(test_case_event(t, id, ESC_EV_RESOLVED, "agreed", &err), &err);
	assert_int_equal(test_db_count(t, "SELECT count(*) FROM live_actions"), 0);
	must_ok(test_case_event(t, id, ESC_EV_REOPENED, "concern returned", &err), &err);
	assert_int_equal(test_db_count(t, "SELECT count(*) FROM live_actions a JOIN actions x "
	                          "ON x.id = a.action_id WHERE x.level = 2"),
	                 1);
	assert_int_equal(test_db_count(t, "SELECT count(*) FROM live_actions"), 1);
	test_db_act_as(t, "named");
	test_db_at(t, "2026-05-12 09:00");
	assert_int_equal(needs_my_action(t), 1);

	esc_verify_report rep;
	assert_int_equal(audit_verify(t->s.db, &rep, &err), ESC_OK);
	assert_int_equal(rep.wrong_live_actions, 0);
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
	    {"UPDATE live_actions SET owner = 'front2'"},
	    {"INSERT INTO live_actions SELECT id, case_id, owner, due FROM actions WHERE id = 1"},
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
		assert_int_equal(rep.wrong_live_actions, 1);
		assert_int_equal(rep.inconsistent_cases, 0);
		if (!strstr(err.message, "live agreed actions"))
			fail_msg("%s: '%s'", edits[i].edit, err.message);
		test_db_close(t);
		test_db_open(t);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_live_while_open_at_its_level, test_db_setup,
	                                    test_db_teardown),
	    cmocka_unit_test_setup_teardown(test_owner_by_name, test_db_setup, test_db_teardown),
	    cmocka_unit_test_setup_teardown(test_edits_behind_the_triggers_found, test_db_setup,
	                                    test_db_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
