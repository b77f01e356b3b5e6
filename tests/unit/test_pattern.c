/* The multi-case pattern rule (Appendix 5): three open escalations sharing a
 * theme against one local authority within 90 days (the defaults) call for
 * the designated professional; informing them records an event on every
 * case of the cluster, after which it no longer fires. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "escalate/pattern.h"
#include "escalate/query.h"
#include "escalate/store.h"
#include "helpers.h"

#define THEME "Threshold not met"

static int setup(void **state)
{
	test_db *t = calloc(1, sizeof *t);
	assert_non_null(t);
	test_db_open(t);
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	test_db_close(*state);
	free(*state);
	return 0;
}

static long long open_at(test_db *t, const char *ts, const char *la, const char *theme)
{
	test_db_at(t, ts);
	return test_case_open(t, la, theme);
}

/* The clusters that fire now (the clock pinned at `now`). */
static size_t find(test_db *t, const char *now, esc_pattern **out)
{
	esc_error err = {0};
	size_t n = 99;
	test_db_at(t, now);
	esc_status st = pattern_find(&t->s, out, &n, &err);
	if (st != ESC_OK)
		fail_msg("pattern_find: %s", err.message);
	return n;
}

static void assert_fires(test_db *t, const char *now, const char *la, const char *theme, long count,
                         long informed)
{
	esc_pattern *p = NULL;
	size_t n = find(t, now, &p);
	assert_int_equal(n, 1);
	assert_string_equal(p[0].local_authority, la);
	assert_string_equal(p[0].theme, theme);
	assert_int_equal(p[0].count, count);
	assert_int_equal(p[0].informed, informed);
	free(p);
}

static void assert_quiet(test_db *t, const char *now)
{
	esc_pattern *p = NULL;
	assert_int_equal(find(t, now, &p), 0);
	free(p);
}

static long long pattern_events(test_db *t, long long case_id)
{
	sqlite3_stmt *st;
	assert_int_equal(
	    sqlite3_prepare_v2(store_handle(t->s.db),
	                       "SELECT count(*) FROM events WHERE case_id = ?1 AND "
	                       "kind = 'informed' AND notify = 'pattern' AND "
	                       "pattern_la_id IS NOT NULL AND pattern_theme_id IS NOT NULL",
	                       -1, &st, NULL),
	    SQLITE_OK);
	sqlite3_bind_int64(st, 1, case_id);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	long long n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static esc_status inform(test_db *t, const char *la, const char *theme, long *ncases,
                         esc_error *err)
{
	return pattern_inform(&t->s, la, theme, "Dr Desi Nated", "telephone", NULL, ncases, err);
}

static void test_three_fire_two_do_not(void **state)
{
	test_db *t = *state;
	open_at(t, "2026-03-01 10:00", "Surrey", THEME);
	open_at(t, "2026-04-01 10:00", "Surrey", THEME);
	assert_quiet(t, "2026-05-01 09:00");
	/* Same theme elsewhere, and another theme in Surrey, are other clusters. */
	open_at(t, "2026-04-02 10:00", "Kent", THEME);
	open_at(t, "2026-04-03 10:00", "Surrey", "Other");
	assert_quiet(t, "2026-05-01 09:00");

	open_at(t, "2026-04-20 10:00", "Surrey", THEME);
	assert_fires(t, "2026-05-01 09:00", "Surrey", THEME, 3, 0);
}

/* 90 days back from today: 1 March is inside on 30 May, outside on 31 May. */
static void test_window(void **state)
{
	test_db *t = *state;
	open_at(t, "2026-03-01 10:00", "Surrey", THEME);
	open_at(t, "2026-05-01 10:00", "Surrey", THEME);
	open_at(t, "2026-05-02 10:00", "Surrey", THEME);
	assert_fires(t, "2026-05-30 09:00", "Surrey", THEME, 3, 0);
	assert_quiet(t, "2026-05-31 09:00");
}

static void test_closed_cases_do_not_count(void **state)
{
	test_db *t = *state;
	esc_error err = {0};
	open_at(t, "2026-04-01 10:00", "Surrey", THEME);
	open_at(t, "2026-04-02 10:00", "Surrey", THEME);
	long long c = open_at(t, "2026-04-03 10:00", "Surrey", THEME);
	assert_fires(t, "2026-04-04 09:00", "Surrey", THEME, 3, 0);
	assert_int_equal(test_case_event(t, c, ESC_EV_RESOLVED, "Plan agreed", &err), ESC_OK);
	assert_quiet(t, "2026-04-04 09:00");
	assert_int_equal(test_case_event(t, c, ESC_EV_REOPENED, "Concern returned", &err), ESC_OK);
	assert_fires(t, "2026-04-04 09:00", "Surrey", THEME, 3, 0);
	assert_int_equal(test_case_event(t, c, ESC_EV_WITHDRAWN, "Raised in error", &err), ESC_OK);
	assert_quiet(t, "2026-04-04 09:00");
}

/* Informing records one event per open case of the cluster, in one go;
 * the cluster then stays quiet until a new case joins it. */
static void test_inform_quietens(void **state)
{
	test_db *t = *state;
	esc_error err = {0};
	long long ids[4];
	ids[0] = open_at(t, "2026-04-01 10:00", "Surrey", THEME);
	ids[1] = open_at(t, "2026-04-02 10:00", "Surrey", THEME);
	ids[2] = open_at(t, "2026-04-03 10:00", "Surrey", THEME);
	long long other = open_at(t, "2026-04-03 11:00", "Kent", THEME);

	test_db_at(t, "2026-04-04 09:00");
	test_db_act_as(t, "named");
	long n = -1;
	/* Names are matched case-insensitively, as everywhere. */
	assert_int_equal(inform(t, "surrey", "threshold NOT met", &n, &err), ESC_OK);
	assert_int_equal(n, 3);
	for (int i = 0; i < 3; i++)
		assert_int_equal(pattern_events(t, ids[i]), 1);
	assert_int_equal(pattern_events(t, other), 0);
	assert_quiet(t, "2026-04-04 09:00");

	/* The record carries who, how and when. */
	esc_case c;
	assert_int_equal(query_case(&t->s, ids[0], &c, &err), ESC_OK);
	const esc_event *e = &c.events[c.nevents - 1];
	assert_int_equal(e->kind, ESC_EV_INFORMED);
	assert_int_equal(e->notify, ESC_NOTIFY_PATTERN);
	assert_string_equal(e->whom, "Dr Desi Nated");
	assert_string_equal(e->how, "telephone");
	assert_string_equal(e->informed_at, "2026-04-04T08:00:00Z"); /* 09:00 BST, stored in UTC */
	esc_case_free(&c);

	/* A fourth case joins: the cluster fires for it alone. */
	test_db_act_as(t, "front");
	ids[3] = open_at(t, "2026-04-05 10:00", "Surrey", THEME);
	assert_fires(t, "2026-04-05 11:00", "Surrey", THEME, 4, 3);
	test_db_act_as(t, "desig");
	assert_int_equal(inform(t, "Surrey", THEME, &n, &err), ESC_OK);
	assert_int_equal(n, 1);
	assert_int_equal(pattern_events(t, ids[3]), 1);
	assert_int_equal(pattern_events(t, ids[0]), 1);
	assert_quiet(t, "2026-04-05 11:00");

	/* Nothing left to record is reported, not silently accepted. */
	assert_int_equal(inform(t, "Surrey", THEME, &n, &err), ESC_ENOTFOUND);
	assert_int_equal(n, 0);
	assert_int_equal(inform(t, "Atlantis", THEME, &n, &err), ESC_ENOTFOUND);
	assert_string_equal(err.field, "local-authority");
	assert_int_equal(inform(t, "Surrey", "No such theme", &n, &err), ESC_ENOTFOUND);
	assert_string_equal(err.field, "theme");
}

/* The cases of a live pattern are in "needs my action" for those who may
 * record its notice (named+), with that reason, until it is recorded. */
static long needs_pattern(test_db *t, long long id)
{
	esc_list_filter f = {.needs_action = true};
	esc_case_summary rows[16];
	int n = 0;
	esc_error err = {0};
	assert_int_equal(query_list(&t->s, &f, 0, 16, rows, &n, &err), ESC_OK);
	assert_int_equal(query_needs_explain(&t->s, rows, n, &err), ESC_OK);
	for (int i = 0; i < n; i++)
		if (rows[i].id == id)
			return (long)(rows[i].needs & ESC_NEED_PATTERN);
	return -1; /* not listed */
}

static void test_pattern_needs_my_action(void **state)
{
	test_db *t = *state;
	esc_error err = {0};
	long long ids[3];
	ids[0] = open_at(t, "2026-04-01 10:00", "Surrey", THEME);
	ids[1] = open_at(t, "2026-04-02 10:00", "Surrey", THEME);
	test_db_at(t, "2026-04-03 09:00");
	test_db_act_as(t, "named");
	assert_int_equal(needs_pattern(t, ids[0]), -1);
	test_db_act_as(t, "front");
	ids[2] = open_at(t, "2026-04-03 10:00", "Surrey", THEME);
	test_db_at(t, "2026-04-03 11:00");
	assert_int_equal(needs_pattern(t, ids[2]), -1); /* frontline may not record it */
	test_db_act_as(t, "named");
	for (int i = 0; i < 3; i++)
		assert_true(needs_pattern(t, ids[i]) > 0);
	long n = -1;
	assert_int_equal(inform(t, "Surrey", THEME, &n, &err), ESC_OK);
	for (int i = 0; i < 3; i++)
		assert_int_equal(needs_pattern(t, ids[i]), -1);
}

/* A frontline professional may not record the pattern notice (named+), and
 * a refusal on any case writes nothing on any case. */
static void test_frontline_refused(void **state)
{
	test_db *t = *state;
	esc_error err = {0};
	long long ids[3];
	for (int i = 0; i < 3; i++)
		ids[i] = open_at(t, "2026-04-01 10:00", "Surrey", THEME);
	test_db_at(t, "2026-04-02 09:00");
	test_db_act_as(t, "front");
	long n = -1;
	assert_int_equal(inform(t, "Surrey", THEME, &n, &err), ESC_EDENIED);
	assert_non_null(strstr(err.message, "named or designated"));
	assert_int_equal(n, 0);
	for (int i = 0; i < 3; i++)
		assert_int_equal(pattern_events(t, ids[i]), 0);
	assert_fires(t, "2026-04-02 09:00", "Surrey", THEME, 3, 0);
}

/* A case with two themes can belong to two clusters; informing one leaves
 * the other firing. */
static void test_clusters_are_per_theme(void **state)
{
	test_db *t = *state;
	esc_error err = {0};
	test_db_at(t, "2026-04-01 10:00");
	for (int i = 0; i < 3; i++) {
		esc_case_ref ref;
		esc_new_case in = {
		    .child_kind = ESC_CHILD_LOCAL,
		    .child_id = "LOC-7",
		    .local_authority = "Kent",
		    .decision = "No strategy discussion",
		    .concern = "Injury unexplained",
		    .themes = {THEME, "Other"},
		    .ntheme = 2,
		};
		assert_int_equal(case_open(&t->s, &in, &ref, &err), ESC_OK);
	}
	esc_pattern *p = NULL;
	assert_int_equal(find(t, "2026-04-02 09:00", &p), 2);
	assert_string_equal(p[0].theme, "Other");
	assert_string_equal(p[1].theme, THEME);
	free(p);

	test_db_act_as(t, "named");
	long n = 0;
	assert_int_equal(inform(t, "Kent", "Other", &n, &err), ESC_OK);
	assert_int_equal(n, 3);
	assert_fires(t, "2026-04-02 09:00", "Kent", THEME, 3, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_three_fire_two_do_not, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_window, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_closed_cases_do_not_count, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_inform_quietens, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_frontline_refused, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_clusters_are_per_theme, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_pattern_needs_my_action, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
