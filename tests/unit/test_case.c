/* The write path against a real database: transitions through the core,
 * refusals that write nothing, conflicts, validation, and the reads. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "escalate/query.h"
#include "escalate/store.h"
#include "helpers.h"

static long long count_rows(test_db *t, const char *table)
{
	char sql[96];
	sqlite3_stmt *st;
	snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table);
	assert_int_equal(sqlite3_prepare_v2(store_handle(t->s.db), sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	long long n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static void expect_refused(test_db *t, long long id, esc_event_kind kind, esc_status want,
                           const char *message)
{
	esc_error err = {0};
	long long before = count_rows(t, "events");
	assert_int_equal(test_case_event(t, id, kind, "reason given", &err), want);
	if (!strstr(err.message, message))
		fail_msg("message '%s' lacks '%s'", err.message, message);
	assert_int_equal(count_rows(t, "events"), before);
}

/* The full walk of SPEC §2: five levels, with the role each needs. */
static void test_five_level_walk(void **state)
{
	test_db *t = *state;
	esc_error err = {0};
	long long id = test_case_open(t, "Surrey", "Case closed / stepped down");
	esc_case_state cs = test_case_state(t, id);
	assert_int_equal(cs.state, ESC_STATE_OPEN);
	assert_int_equal(cs.level, 1);

	expect_refused(t, id, ESC_EV_ESCALATED, ESC_EDENIED, "concern remains");
	test_case_contact(t, id, true);
	assert_int_equal(test_case_event(t, id, ESC_EV_ESCALATED, "SW upheld decision", &err), ESC_OK);
	assert_int_equal(test_case_state(t, id).level, 2);

	test_case_contact(t, id, true);
	expect_refused(t, id, ESC_EV_ESCALATED, ESC_EDENIED,
	               "escalating to level 3 needs a named or designated professional; you are "
	               "frontline");

	test_db_act_as(t, "named");
	assert_int_equal(test_case_event(t, id, ESC_EV_ESCALATED, "Manager agrees", &err), ESC_OK);
	/* The concern flag belongs to a level: a new level needs a new discussion. */
	expect_refused(t, id, ESC_EV_ESCALATED, ESC_EDENIED,
	               "escalating to level 4 needs a discussion at level 3 whose outcome is "
	               "'concern remains'");
	test_case_contact(t, id, false);
	expect_refused(t, id, ESC_EV_ESCALATED, ESC_EDENIED, "concern remains");
	test_case_contact(t, id, true);
	assert_int_equal(test_case_event(t, id, ESC_EV_ESCALATED, "TM upheld", &err), ESC_OK);
	cs = test_case_state(t, id);
	assert_int_equal(cs.level, 4);
	assert_true(proc_owes(&cs, ESC_NOTIFY_DESIGNATED));
	assert_int_equal(test_case_inform(t, id, ESC_NOTIFY_DESIGNATED, &err), ESC_OK);
	cs = test_case_state(t, id);
	assert_false(proc_owes(&cs, ESC_NOTIFY_DESIGNATED));

	test_case_contact(t, id, true);
	expect_refused(t, id, ESC_EV_ESCALATED, ESC_EDENIED, "needs a designated professional");
	test_db_act_as(t, "desig");
	assert_int_equal(test_case_event(t, id, ESC_EV_ESCALATED, "HoS upheld", &err), ESC_OK);
	cs = test_case_state(t, id);
	assert_int_equal(cs.level, 5);
	assert_true(proc_owes(&cs, ESC_NOTIFY_CHAIR));
	assert_int_equal(test_case_inform(t, id, ESC_NOTIFY_CHAIR, &err), ESC_OK);
	cs = test_case_state(t, id);
	assert_false(proc_owes(&cs, ESC_NOTIFY_CHAIR));
	expect_refused(t, id, ESC_EV_ESCALATED, ESC_EDENIED, "last level");

	assert_int_equal(test_case_event(t, id, ESC_EV_RESOLVED, "Strategy meeting held", &err),
	                 ESC_OK);
	cs = test_case_state(t, id);
	assert_int_equal(cs.state, ESC_STATE_RESOLVED);
	assert_int_equal(cs.level, 5);
	expect_refused(t, id, ESC_EV_WITHDRAWN, ESC_EDENIED, "resolved");
	assert_int_equal(test_case_event(t, id, ESC_EV_REOPENED, "Concern returned", &err), ESC_OK);
	cs = test_case_state(t, id);
	assert_int_equal(cs.state, ESC_STATE_OPEN);
	assert_int_equal(cs.level, 5);

	esc_case c;
	assert_int_equal(query_case(&t->s, id, &c, &err), ESC_OK);
	assert_int_equal(c.nevents, 14);
	assert_int_equal(c.events[0].kind, ESC_EV_OPENED);
	assert_int_equal(c.events[13].kind, ESC_EV_REOPENED);
	for (size_t i = 0; i < c.nevents; i++)
		assert_int_equal(c.events[i].seq, (long long)i + 1);
	esc_case_free(&c);
}

static void test_urgent_jump_and_chair_answer(void **state)
{
	test_db *t = *state;
	esc_error err = {0};
	long long id = test_case_open(t, "Kent", "Threshold not met");
	expect_refused(t, id, ESC_EV_URGENT, ESC_EDENIED,
	               "an urgent jump to level 4 needs a named or designated professional");
	test_db_act_as(t, "named");
	esc_event_input urgent = {.kind = ESC_EV_URGENT, .text = ""};
	assert_int_equal(case_record(&t->s, id, 0, &urgent, &err), ESC_EINVALID);
	assert_string_equal(err.field, "reason");
	urgent.text = "Child seen with bruising; no strategy discussion";
	assert_int_equal(case_record(&t->s, id, 0, &urgent, &err), ESC_OK);
	esc_case_state cs = test_case_state(t, id);
	assert_int_equal(cs.level, 4);
	assert_true(proc_owes(&cs, ESC_NOTIFY_DESIGNATED));

	/* Escalating to 5 with the chair question answered records both events;
	 * the designated professional, who raises level 5, is informed first. */
	test_db_act_as(t, "desig");
	test_case_contact(t, id, true);
	esc_event_input up5 = {.kind = ESC_EV_ESCALATED, .text = "No change"};
	assert_int_equal(case_record(&t->s, id, 0, &up5, &err), ESC_EDENIED);
	assert_int_equal(err.why, ESC_WHY_STEP);
	assert_non_null(strstr(err.message, "designated doctor or nurse informed at level 4 first"));
	assert_int_equal(test_case_inform(t, id, ESC_NOTIFY_DESIGNATED, &err), ESC_OK);
	esc_event_input up = {.kind = ESC_EV_ESCALATED, .text = "No change", .chair = ESC_CHAIR_INFORMED};
	assert_int_equal(case_record(&t->s, id, 0, &up, &err), ESC_OK);
	cs = test_case_state(t, id);
	assert_int_equal(cs.level, 5);
	assert_false(proc_owes(&cs, ESC_NOTIFY_CHAIR));

	esc_case c;
	assert_int_equal(query_case(&t->s, id, &c, &err), ESC_OK);
	assert_true(c.sum.urgent);
	assert_int_equal(c.events[c.nevents - 1].kind, ESC_EV_INFORMED);
	assert_int_equal(c.events[c.nevents - 1].notify, ESC_NOTIFY_CHAIR);
	esc_case_free(&c);
}

static void test_conflict_when_case_changed(void **state)
{
	test_db *t = *state;
	esc_error err = {0};
	long long id = test_case_open(t, "Kent", "Other");
	esc_case_ref ref;
	assert_int_equal(case_find(t->s.db, "esc-2026-0001", &ref, &err), ESC_OK);
	assert_int_equal(ref.id, id);
	long long seen = ref.seq;
	test_case_contact(t, id, true); /* someone else got in first */
	esc_event_input up = {.kind = ESC_EV_NOTE, .text = "my note"};
	long long before = count_rows(t, "events");
	assert_int_equal(case_record(&t->s, id, seen, &up, &err), ESC_ECONFLICT);
	assert_non_null(strstr(err.message, "changed under you"));
	assert_int_equal(count_rows(t, "events"), before);
	assert_int_equal(case_record(&t->s, id, seen + 1, &up, &err), ESC_OK);
}

static void test_validation_names_the_field(void **state)
{
	test_db *t = *state;
	esc_error err = {0};
	esc_case_ref ref;
	esc_new_case in = {.child_kind = ESC_CHILD_NHS, .child_id = "943 476 5918",
	                   .local_authority = "Surrey", .decision = "d", .concern = "c",
	                   .themes = {"Other"}, .ntheme = 1};
	assert_int_equal(case_open(&t->s, &in, &ref, &err), ESC_EINVALID);
	assert_string_equal(err.field, "nhs-number");
	in.child_id = "943 476 5919";
	in.local_authority = "Atlantis";
	assert_int_equal(case_open(&t->s, &in, &ref, &err), ESC_EINVALID);
	assert_string_equal(err.field, "local-authority");
	in.local_authority = "surrey"; /* lists match case-insensitively */
	in.themes[0] = "Not a theme";
	assert_int_equal(case_open(&t->s, &in, &ref, &err), ESC_EINVALID);
	assert_string_equal(err.field, "theme");
	in.themes[0] = "Other";
	in.decision = "   ";
	assert_int_equal(case_open(&t->s, &in, &ref, &err), ESC_EINVALID);
	assert_string_equal(err.field, "decision");
	in.decision = "bad \xc0\xaf utf8";
	assert_int_equal(case_open(&t->s, &in, &ref, &err), ESC_EINVALID);
	assert_string_equal(err.field, "decision");
	assert_int_equal(count_rows(t, "cases"), 0);

	in.decision = "Referral not accepted";
	assert_int_equal(case_open(&t->s, &in, &ref, &err), ESC_OK);
	assert_string_equal(ref.ref, "ESC-2026-0001");

	esc_event_input c = {.kind = ESC_EV_CONTACT, .text = "s", .person_name = "n",
	                     .person_role = "r", .person_org = "o", .occurred_at = "2026-05-02"};
	assert_int_equal(case_record(&t->s, ref.id, 0, &c, &err), ESC_EINVALID);
	assert_string_equal(err.field, "contact-at");
	assert_non_null(strstr(err.message, "future"));
	c.occurred_at = "2026-02-30";
	assert_int_equal(case_record(&t->s, ref.id, 0, &c, &err), ESC_EINVALID);
	assert_string_equal(err.field, "contact-at");
	c.occurred_at = "2026-04-30 15:00";
	c.nactions = 1;
	c.actions[0] = (esc_action_input){.text = "Visit", .owner = "Sam", .due = "9999-99-99"};
	assert_int_equal(case_record(&t->s, ref.id, 0, &c, &err), ESC_EINVALID);
	assert_string_equal(err.field, "action-due");
	assert_int_equal(count_rows(t, "events"), 1);
	assert_int_equal(count_rows(t, "actions"), 0);
}

/* Due dates count working days: opened Friday 2026-04-24, 5 working days on
 * is Friday 2026-05-01; Easter Monday 2026-04-06 is skipped. */
static void test_due_dates_and_overdue(void **state)
{
	test_db *t = *state;
	esc_error err = {0};
	test_db_at(t, "2026-04-24 10:00");
	long long a = test_case_open(t, "Surrey", "Other");
	test_db_at(t, "2026-04-02 10:00");
	long long b = test_case_open(t, "Kent", "Other");
	test_db_at(t, "2026-05-04 09:00"); /* a bank holiday Monday */

	esc_case c;
	assert_int_equal(query_case(&t->s, a, &c, &err), ESC_OK);
	assert_string_equal(c.sum.level_due, "2026-05-01");
	assert_true(c.sum.overdue);
	esc_case_free(&c);
	assert_int_equal(query_case(&t->s, b, &c, &err), ESC_OK);
	assert_string_equal(c.sum.level_due, "2026-04-13");
	esc_case_free(&c);

	esc_list_filter f = {.overdue_only = true};
	long n = 0;
	assert_int_equal(query_count(&t->s, &f, &n, &err), ESC_OK);
	assert_int_equal(n, 2);
	test_db_at(t, "2026-05-01 09:00");
	assert_int_equal(query_count(&t->s, &f, &n, &err), ESC_OK);
	assert_int_equal(n, 1);
}

static void test_list_filters_and_windows(void **state)
{
	test_db *t = *state;
	esc_error err = {0};
	for (int i = 0; i < 7; i++)
		test_case_open(t, i % 2 ? "Kent" : "Surrey", i % 3 ? "Other" : "Information sharing");
	test_db_act_as(t, "named");
	long long mine = test_case_open(t, "Dorset", "Other");
	esc_event_input w = {.kind = ESC_EV_WITHDRAWN, .text = "raised in error"};
	assert_int_equal(case_record(&t->s, mine, 0, &w, &err), ESC_OK);

	esc_case_summary rows[4];
	int n;
	esc_list_filter open = {0};
	assert_int_equal(query_list(&t->s, &open, 0, 4, rows, &n, &err), ESC_OK);
	assert_int_equal(n, 4);
	assert_int_equal(query_list(&t->s, &open, 4, 4, rows, &n, &err), ESC_OK);
	assert_int_equal(n, 3);
	long total;
	esc_list_filter all = {.include_closed = true};
	assert_int_equal(query_count(&t->s, &all, &total, &err), ESC_OK);
	assert_int_equal(total, 8);
	esc_list_filter kent = {.local_authority = "kent"};
	assert_int_equal(query_count(&t->s, &kent, &total, &err), ESC_OK);
	assert_int_equal(total, 3);
	esc_list_filter info = {.theme = "Information sharing"};
	assert_int_equal(query_count(&t->s, &info, &total, &err), ESC_OK);
	assert_int_equal(total, 3);
	esc_list_filter owner = {.owner_login = "named", .include_closed = true};
	assert_int_equal(query_list(&t->s, &owner, 0, 4, rows, &n, &err), ESC_OK);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].state, ESC_STATE_WITHDRAWN);
	assert_string_equal(rows[0].local_authority, "Dorset");
	esc_list_filter search = {.search = "ESC-2026-0003"};
	assert_int_equal(query_list(&t->s, &search, 0, 4, rows, &n, &err), ESC_OK);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].ref, "ESC-2026-0003");
	esc_list_filter wild = {.search = "%"};
	assert_int_equal(query_count(&t->s, &wild, &total, &err), ESC_OK);
	assert_int_equal(total, 0);
}

static void test_needs_my_action(void **state)
{
	test_db *t = *state;
	esc_error err = {0};
	test_db_at(t, "2026-05-01 09:00");
	long long id = test_case_open(t, "Surrey", "Other");
	esc_event_input c = {.kind = ESC_EV_CONTACT, .text = "s", .person_name = "n",
	                     .person_role = "r", .person_org = "o", .concern_remains = true,
	                     .actions = {{.text = "Send chronology", .owner = "Fran Frontline",
	                                  .due = "2026-05-05"}},
	                     .nactions = 1};
	assert_int_equal(case_record(&t->s, id, 0, &c, &err), ESC_OK);
	esc_list_filter needs = {.needs_action = true};
	long n;
	assert_int_equal(query_count(&t->s, &needs, &n, &err), ESC_OK);
	assert_int_equal(n, 0);
	test_db_at(t, "2026-05-05 09:00"); /* the action falls due */
	assert_int_equal(query_count(&t->s, &needs, &n, &err), ESC_OK);
	assert_int_equal(n, 1);
	test_db_act_as(t, "front2");
	assert_int_equal(query_count(&t->s, &needs, &n, &err), ESC_OK);
	assert_int_equal(n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_five_level_walk, test_db_setup, test_db_teardown),
	    cmocka_unit_test_setup_teardown(test_urgent_jump_and_chair_answer, test_db_setup, test_db_teardown),
	    cmocka_unit_test_setup_teardown(test_conflict_when_case_changed, test_db_setup, test_db_teardown),
	    cmocka_unit_test_setup_teardown(test_validation_names_the_field, test_db_setup, test_db_teardown),
	    cmocka_unit_test_setup_teardown(test_due_dates_and_overdue, test_db_setup, test_db_teardown),
	    cmocka_unit_test_setup_teardown(test_list_filters_and_windows, test_db_setup, test_db_teardown),
	    cmocka_unit_test_setup_teardown(test_needs_my_action, test_db_setup, test_db_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
