/* The same child's open and recent cases (same_child.c, issue 13): who is
 * the same child (an NHS number however grouped, a local id in any case),
 * what counts as recent (closed within ESC_SAME_CHILD_DAYS), the refusal
 * case_open gives when asked and writes nothing, and the cases an actor may
 * not see counted but never named. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "escalate/same_child.h"
#include "escalate/staff.h"
#include "helpers.h"

static void must_ok(esc_status st, const esc_error *err)
{
	if (st != ESC_OK)
		fail_msg("%s (%s)", err->message, esc_status_name(st));
}

static esc_status open_child(test_db *t, esc_child_kind kind, const char *child, bool refuse,
                             esc_error *err)
{
	esc_case_ref ref;
	esc_new_case in = {
	    .child_kind = kind,
	    .child_id = child,
	    .local_authority = "Kent",
	    .decision = "Referral not accepted",
	    .concern = "Child at risk",
	    .themes = {"Other"},
	    .ntheme = 1,
	    .refuse_same_child = refuse,
	};
	esc_error_clear(err);
	return case_open(&t->s, &in, &ref, err);
}

static esc_same_child same(test_db *t, esc_child_kind kind, const char *child)
{
	esc_same_child out;
	esc_error err;
	esc_error_clear(&err);
	must_ok(case_same_child(&t->s, kind, child, &out, &err), &err);
	return out;
}

static void test_open_cases_of_the_child(void **state)
{
	test_db *t = *state;
	esc_error err;
	must_ok(open_child(t, ESC_CHILD_NHS, "9434765919", false, &err), &err);
	must_ok(open_child(t, ESC_CHILD_LOCAL, "RX-77", false, &err), &err);
	/* The NHS number however grouped; the local id in any case. */
	esc_same_child c = same(t, ESC_CHILD_NHS, "943-476-5919");
	assert_int_equal(c.n, 1);
	assert_string_equal(c.cases[0].ref, "ESC-2026-0001");
	assert_int_equal(c.cases[0].state, ESC_STATE_OPEN);
	assert_int_equal(c.cases[0].level, 1);
	assert_string_equal(c.cases[0].local_authority, "Kent");
	assert_string_equal(c.cases[0].opened, "2026-05-01");
	assert_string_equal(c.cases[0].closed, "");
	c = same(t, ESC_CHILD_LOCAL, "rx-77");
	assert_int_equal(c.n, 1);
	assert_string_equal(c.cases[0].ref, "ESC-2026-0002");
	/* Another child, and the same digits as the other kind, are not. */
	assert_int_equal(same_child_total(&c), 1);
	c = same(t, ESC_CHILD_NHS, "401 023 2137");
	assert_int_equal(same_child_total(&c), 0);
	c = same(t, ESC_CHILD_LOCAL, "9434765919");
	assert_int_equal(same_child_total(&c), 0);
	/* An identifier that is not one is refused, naming the field. */
	esc_same_child bad;
	esc_error_clear(&err);
	assert_int_equal(case_same_child(&t->s, ESC_CHILD_NHS, "9434765918", &bad, &err),
	                 ESC_EINVALID);
	assert_string_equal(err.field, "nhs-number");
}

static void test_refusal_writes_nothing(void **state)
{
	test_db *t = *state;
	esc_error err;
	must_ok(open_child(t, ESC_CHILD_LOCAL, "LOC-1", true, &err), &err);
	assert_int_equal(open_child(t, ESC_CHILD_LOCAL, "loc-1", true, &err), ESC_EDENIED);
	assert_string_equal(err.field, "again");
	assert_int_equal(err.why, ESC_WHY_STEP);
	assert_non_null(strstr(err.message, "already has 1 open or recently closed case"));
	assert_int_equal(test_db_count(t, "SELECT count(*) FROM cases"), 1);
	assert_int_equal(test_db_count(t, "SELECT count(*) FROM events"), 1);
	/* The input is checked first: a wrong authority is what is said. */
	esc_case_ref ref;
	esc_new_case in = {.child_kind = ESC_CHILD_LOCAL,
	                   .child_id = "LOC-1",
	                   .local_authority = "Atlantis",
	                   .decision = "d",
	                   .concern = "c",
	                   .themes = {"Other"},
	                   .ntheme = 1,
	                   .refuse_same_child = true};
	esc_error_clear(&err);
	assert_int_equal(case_open(&t->s, &in, &ref, &err), ESC_EINVALID);
	/* Asked to log it all the same (--again, or yes in the form). */
	must_ok(open_child(t, ESC_CHILD_LOCAL, "LOC-1", false, &err), &err);
	esc_same_child c = same(t, ESC_CHILD_LOCAL, "LOC-1");
	assert_int_equal(c.n, 2);
	/* Newest first. */
	assert_string_equal(c.cases[0].ref, "ESC-2026-0002");
	assert_string_equal(c.cases[1].ref, "ESC-2026-0001");
}

static void test_recent_means_closed_within_90_days(void **state)
{
	test_db *t = *state;
	esc_error err;
	test_db_at(t, "2026-01-02 09:00");
	must_ok(open_child(t, ESC_CHILD_LOCAL, "OLD-9", false, &err), &err);
	test_db_at(t, "2026-01-05 10:00");
	test_db_act_as(t, "desig");
	esc_error_clear(&err);
	must_ok(test_case_event(t, 1, ESC_EV_RESOLVED, "Settled", &err), &err);
	/* 89 days after it closed: recent, with the day it closed. */
	test_db_at(t, "2026-04-04 09:00");
	esc_same_child c = same(t, ESC_CHILD_LOCAL, "OLD-9");
	assert_int_equal(c.n, 1);
	assert_int_equal(c.cases[0].state, ESC_STATE_RESOLVED);
	assert_string_equal(c.cases[0].closed, "2026-01-05");
	esc_buf b;
	esc_buf_init(&b);
	same_child_describe(&c, &b);
	assert_string_equal(b.data,
	                    "ESC-2026-0001  resolved at level 1, Kent, opened 2026-01-02, closed "
	                    "2026-01-05\n");
	esc_buf_free(&b);
	/* 90 days after (ESC_SAME_CHILD_DAYS): still; a day more, no longer. */
	assert_int_equal(ESC_SAME_CHILD_DAYS, 90);
	test_db_at(t, "2026-04-05 23:00");
	c = same(t, ESC_CHILD_LOCAL, "OLD-9");
	assert_int_equal(same_child_total(&c), 1);
	test_db_at(t, "2026-04-06 09:00");
	c = same(t, ESC_CHILD_LOCAL, "OLD-9");
	assert_int_equal(same_child_total(&c), 0);
	must_ok(open_child(t, ESC_CHILD_LOCAL, "OLD-9", true, &err), &err);
	/* Reopened, it is open again and counts whatever its age. */
	test_db_at(t, "2026-04-07 09:00");
	esc_error_clear(&err);
	must_ok(test_case_event(t, 1, ESC_EV_REOPENED, "Concern again", &err), &err);
	c = same(t, ESC_CHILD_LOCAL, "OLD-9");
	assert_int_equal(c.n, 2);
}

static void test_unseen_counted_not_named(void **state)
{
	test_db *t = *state;
	esc_error err;
	for (int i = 0; i < ESC_SAME_CHILD_SHOWN + 2; i++)
		must_ok(open_child(t, ESC_CHILD_LOCAL, "MANY-1", false, &err), &err);
	esc_same_child c = same(t, ESC_CHILD_LOCAL, "MANY-1");
	assert_int_equal(c.n, ESC_SAME_CHILD_SHOWN);
	assert_int_equal(c.more, 2);
	assert_int_equal(c.hidden, 0);
	assert_int_equal(same_child_total(&c), ESC_SAME_CHILD_SHOWN + 2);
	/* Someone of another organisation sees none of them: counted only. */
	esc_error_clear(&err);
	test_db_act_as(t, "admin");
	must_ok(
	    staff_add(&t->s, "other", "Olly Other", ESC_ROLE_FRONTLINE, "Other Trust", false, &err),
	    &err);
	test_db_act_as(t, "other");
	c = same(t, ESC_CHILD_LOCAL, "MANY-1");
	assert_int_equal(c.n, 0);
	assert_int_equal(c.hidden, ESC_SAME_CHILD_SHOWN + 2);
	esc_buf b;
	esc_buf_init(&b);
	same_child_describe(&c, &b);
	assert_null(strstr(b.data, "ESC-"));
	assert_non_null(strstr(b.data, "10 cases you may not see"));
	esc_buf_free(&b);
	/* The refusal still stands: the child has cases, seen or not. */
	assert_int_equal(open_child(t, ESC_CHILD_LOCAL, "MANY-1", true, &err), ESC_EDENIED);
	assert_null(strstr(err.message, "ESC-"));
	/* A designated professional sees them all. */
	test_db_act_as(t, "desig");
	c = same(t, ESC_CHILD_LOCAL, "MANY-1");
	assert_int_equal(c.n + (size_t)c.more, ESC_SAME_CHILD_SHOWN + 2);
	assert_int_equal(c.hidden, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_open_cases_of_the_child, test_db_setup,
	                                    test_db_teardown),
	    cmocka_unit_test_setup_teardown(test_refusal_writes_nothing, test_db_setup,
	                                    test_db_teardown),
	    cmocka_unit_test_setup_teardown(test_recent_means_closed_within_90_days, test_db_setup,
	                                    test_db_teardown),
	    cmocka_unit_test_setup_teardown(test_unseen_counted_not_named, test_db_setup,
	                                    test_db_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
