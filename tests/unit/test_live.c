/* live_poll (live.h): a second connection, as another interface would hold
 * it, notices what this session records, and only that: a commit that
 * appends to the access log alone (someone reading a case) is no change, so
 * two interfaces that reload on changes cannot set each other reloading. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include <cmocka.h>

#include "escalate/access.h"
#include "escalate/live.h"
#include "escalate/query.h"
#include "helpers.h"

static void must(esc_status st, const esc_error *err)
{
	if (st != ESC_OK)
		fail_msg("status %d: %s", (int)st, err->message);
}

static bool polled(esc_db *db, esc_live *l)
{
	esc_error err = {0};
	bool changed = true;
	must(live_poll(db, l, &changed, &err), &err);
	return changed;
}

static void test_notices_others_writes(void **state)
{
	test_db *t = *state;
	esc_db *watcher = NULL;
	esc_error err = {0};
	esc_live l = {0};
	must(store_open(t->path, 0, -1, &watcher, &err), &err);

	assert_false(polled(watcher, &l)); /* the first poll takes the marks */
	assert_false(polled(watcher, &l));

	long long id = test_case_open(t, "Kent", "Other");
	assert_true(polled(watcher, &l));
	assert_false(polled(watcher, &l));

	test_case_contact(t, id, true);
	must(test_case_event(t, id, ESC_EV_ESCALATED, "Up a level", &err), &err);
	assert_true(polled(watcher, &l));
	assert_false(polled(watcher, &l));

	/* A read, logged: the access log grows, nothing shown changes. */
	esc_case c;
	long before = test_db_count(t, "SELECT count(*) FROM access_log");
	must(access_read_case(&t->s, id, ESC_ACCESS_INTERFACE, &c, &err), &err);
	esc_case_free(&c);
	assert_true(test_db_count(t, "SELECT count(*) FROM access_log") > before);
	assert_false(polled(watcher, &l));

	/* Where the case stands, as a form open on it asks. */
	esc_seen now = {0};
	must(live_case_seen(watcher, id, &now, &err), &err);
	esc_case_state cs = test_case_state(t, id);
	assert_int_equal(now.level, 2);
	assert_int_equal(now.level, cs.level);
	assert_int_equal(now.state, cs.state);
	assert_int_equal(now.seq, cs.last_seq);
	assert_int_equal(live_case_seen(watcher, id + 1000, &now, &err), ESC_ENOTFOUND);
	store_close(watcher);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_notices_others_writes, test_db_setup,
	                                    test_db_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
