/* Issue 11: receipts and `verify --against` (audit_receipt.c), the
 * configuration history (config_history.c), staff bound to a uid, and the
 * environment a privileged escalate clears (privilege.c). */
#include <pwd.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "escalate/audit.h"
#include "escalate/config.h"
#include "escalate/config_history.h"
#include "escalate/privilege.h"
#include "escalate/report.h"
#include "escalate/staff.h"
#include "helpers.h"

static void must_ok(esc_status st, const esc_error *err)
{
	if (st != ESC_OK)
		fail_msg("core call failed: %s", err->message);
}

static void populate(test_db *t)
{
	for (int i = 0; i < 3; i++) {
		long long id = test_case_open(t, "Kent", "Other");
		test_case_contact(t, id, true);
	}
}

/* What someone holding the file can do: rewrite one history row and
 * recompute every hash after it (the history chain, the agreed actions
 * chained to it, the case seals over the opening rows), so that the chains
 * alone hold again. */
static void rewrite_and_rehash(test_db *t, long long event_id)
{
	char sql[4096];
	test_db_exec(t, "DROP TRIGGER events_no_update; DROP TRIGGER actions_no_update; "
	                "DROP TRIGGER case_seals_no_update");
	snprintf(sql, sizeof sql, "UPDATE events SET text = 'rewritten' WHERE id = %lld", event_id);
	test_db_exec(t, sql);
	long long last = test_db_count(t, "SELECT max(id) FROM events");
	for (long long id = event_id; id <= last; id++) {
		snprintf(
		    sql, sizeof sql,
		    "UPDATE events SET prev_hash = p.h, hash = esc_hash(p.h, %s) FROM (SELECT "
		    "coalesce((SELECT hash FROM events WHERE id < %lld ORDER BY id DESC LIMIT 1), "
		    "'') AS h) p WHERE events.id = %lld",
		    ESC_HASHED_EVENT_COLUMNS_V2, id, id);
		test_db_exec(t, sql);
	}
	test_db_exec(t, "UPDATE actions SET hash = esc_hash((SELECT e.hash FROM events e WHERE "
	                "e.id = actions.event_id), " ESC_HASHED_ACTION_COLUMNS_V2 ")");
	long long cases = test_db_count(t, "SELECT max(case_id) FROM case_seals");
	for (long long id = 1; id <= cases; id++) {
		snprintf(
		    sql, sizeof sql,
		    "UPDATE case_seals SET prev_hash = p.h, hash = (SELECT esc_hash(p.h, "
		    "case_seals.origin, %s) FROM cases WHERE cases.id = case_seals.case_id) FROM "
		    "(SELECT coalesce((SELECT hash FROM case_seals WHERE case_id < %lld ORDER BY "
		    "case_id DESC LIMIT 1), '') AS h) p WHERE case_seals.case_id = %lld",
		    ESC_CASE_SEAL_FIELDS, id, id);
		test_db_exec(t, sql);
	}
}

static void test_receipt_catches_a_rewritten_history(void **state)
{
	test_db *t = *state;
	esc_error err = {0};
	esc_verify_report rep;
	char receipt[ESC_RECEIPT_MAX], found[ESC_RECEIPT_MAX];
	populate(t);
	must_ok(audit_receipt(t->s.db, receipt, sizeof receipt, &err), &err);
	char want[64];
	snprintf(want, sizeof want, "%s history=%lld:", ESC_RECEIPT_TAG,
	         test_db_count(t, "SELECT count(*) FROM events"));
	assert_non_null(strstr(receipt, want));
	assert_non_null(strstr(receipt, " staff="));
	assert_non_null(strstr(receipt, " config="));

	/* Found anywhere in a file; the state holds, then holds once extended. */
	char file[1024];
	snprintf(file, sizeof file, "kept on 2026-05-01\n| x | `%s` |\nmore text\n", receipt);
	must_ok(audit_receipt_check(t->s.db, file, found, sizeof found, &err), &err);
	assert_string_equal(found, receipt);
	long long id = test_case_open(t, "Surrey", "Other");
	test_case_contact(t, id, false);
	test_db_act_as(t, "admin");
	must_ok(config_set_pattern_rule(&t->s, 4, 60, &err), &err);
	must_ok(staff_update(&t->s, "front2", ESC_ROLE_NAMED, -1, -1, &err), &err);
	must_ok(audit_receipt_check(t->s.db, file, NULL, 0, &err), &err);

	/* A rewrite with every hash after it recomputed: the chains hold, the
	 * receipt does not. */
	rewrite_and_rehash(t, 2);
	must_ok(audit_verify(t->s.db, &rep, &err), &err);
	assert_int_equal(audit_receipt_check(t->s.db, file, NULL, 0, &err), ESC_ECORRUPT);
	if (!strstr(err.message, "history is not the one the receipt vouched for"))
		fail_msg("%s", err.message);

	assert_int_equal(audit_receipt_check(t->s.db, "no token here", NULL, 0, &err),
	                 ESC_EINVALID);
	assert_int_equal(
	    audit_receipt_check(t->s.db, ESC_RECEIPT_TAG " history=3:abc", NULL, 0, &err),
	    ESC_EINVALID);
}

/* Removing the newest rows leaves a chain that holds; the receipt knows
 * how many rows there were. */
static void test_receipt_catches_removed_rows(void **state)
{
	test_db *t = *state;
	esc_error err = {0};
	char receipt[ESC_RECEIPT_MAX];
	populate(t);
	must_ok(audit_receipt(t->s.db, receipt, sizeof receipt, &err), &err);
	test_db_exec(t, "DROP TRIGGER config_history_no_delete");
	test_db_exec(t,
	             "DELETE FROM config_history WHERE id = (SELECT max(id) FROM config_history)");
	assert_int_equal(audit_receipt_check(t->s.db, receipt, NULL, 0, &err), ESC_ECORRUPT);
	assert_non_null(strstr(err.message, "configuration history has"));
	assert_non_null(strstr(err.message, "were removed"));
}

/* Every format of the quarterly report carries the receipt. */
static void test_every_report_format_is_a_receipt(void **state)
{
	test_db *t = *state;
	esc_error err = {0};
	esc_period p;
	esc_report r;
	char receipt[ESC_RECEIPT_MAX];
	populate(t);
	must_ok(esc_quarter_parse("2026-27-Q1", &p, &err), &err);
	must_ok(report_build(&t->s, &p, &r, &err), &err);
	must_ok(audit_receipt(t->s.db, receipt, sizeof receipt, &err), &err);
	assert_string_equal(r.receipt, receipt);
	for (esc_format f = ESC_FMT_TEXT; f <= ESC_FMT_MARKDOWN; f++) {
		esc_buf b;
		esc_buf_init(&b);
		report_render(&r, f, &b);
		char found[ESC_RECEIPT_MAX];
		must_ok(audit_receipt_check(t->s.db, b.data, found, sizeof found, &err), &err);
		assert_string_equal(found, receipt);
		esc_buf_free(&b);
	}
	report_free(&r);
}

/* Each change is a row, with who did it; verify catches a change made
 * behind escalate's back, and a rewritten configuration row. */
static void test_configuration_history(void **state)
{
	test_db *t = *state;
	esc_error err = {0};
	esc_verify_report rep;
	test_db_act_as(t, "admin");
	long long before = test_db_count(t, "SELECT count(*) FROM config_history");
	assert_true(before > 0); /* the baseline */
	must_ok(config_set_pattern_rule(&t->s, 1000, 1, &err), &err);
	must_ok(config_set_timescale(&t->s, 3, false, 365, &err), &err);
	must_ok(config_list_add(&t->s, ESC_LIST_LA, "Newshire", &err), &err);
	must_ok(config_list_remove(&t->s, ESC_LIST_THEME, "Other", &err), &err);
	must_ok(config_holiday_add(&t->s, "2026-12-29", &err), &err);
	must_ok(config_holiday_remove(&t->s, "2026-12-29", &err), &err);
	assert_int_equal(test_db_count(t, "SELECT count(*) FROM config_history"), before + 7);
	assert_int_equal(test_db_count(t,
	                               "SELECT count(*) FROM config_history h JOIN staff s ON "
	                               "s.id = h.actor_id WHERE s.login = 'admin' AND h.id > "
	                               "(SELECT min(id) FROM config_history WHERE actor_id IS NOT "
	                               "NULL) - 1"),
	                 7);
	assert_int_equal(test_db_count(t, "SELECT count(*) FROM config_history WHERE item = "
	                                  "'setting' AND key = 'pattern_threshold' AND new_value = "
	                                  "'1000' AND old_value = '3'"),
	                 1);
	assert_int_equal(test_db_count(t, "SELECT count(*) FROM config_history WHERE item = "
	                                  "'timescale' AND key = '3' AND old_value = '5' AND "
	                                  "new_value = '365'"),
	                 1);
	/* the time zone is a setting like the pattern rule (time_zone; its
	 * command is the time model's): every write of a setting is recorded */
	session_bind_store(&t->s);
	must_ok(store_begin(t->s.db, &err), &err);
	must_ok(store_setting_set(t->s.db, "time_zone", "Europe/London", &err), &err);
	must_ok(store_setting_set(t->s.db, "time_zone", "Europe/Paris", &err), &err);
	must_ok(store_commit(t->s.db, &err), &err);
	assert_int_equal(test_db_count(t, "SELECT count(*) FROM config_history WHERE item = "
	                                  "'setting' AND key = 'time_zone' AND actor_id = "
	                                  "(SELECT id FROM staff WHERE login = 'admin')"),
	                 2);
	before += 2;
	/* a refused change writes nothing */
	test_db_act_as(t, "front");
	assert_int_equal(config_set_timescale(&t->s, 2, false, 1, &err), ESC_EDENIED);
	assert_int_equal(test_db_count(t, "SELECT count(*) FROM config_history"), before + 7);
	must_ok(audit_verify(t->s.db, &rep, &err), &err);
	assert_int_equal(rep.config_history, before + 7);

	/* behind escalate's back */
	test_db_exec(t, "UPDATE timescales SET working_days = 30 WHERE level = 2");
	assert_int_equal(audit_verify(t->s.db, &rep, &err), ESC_ECORRUPT);
	assert_int_equal(rep.inconsistent_config, 1);
	assert_non_null(strstr(err.message, "the timescale '2' in force is not what its history"));
	test_db_exec(t, "UPDATE timescales SET working_days = 5 WHERE level = 2");
	must_ok(audit_verify(t->s.db, &rep, &err), &err);
	test_db_exec(t, "DROP TRIGGER config_history_no_update; UPDATE config_history SET "
	                "new_value = '2' WHERE key = 'pattern_threshold' AND new_value = '1000'");
	assert_int_equal(audit_verify(t->s.db, &rep, &err), ESC_ECORRUPT);
	assert_true(rep.first_broken_config_row > 0);
	assert_non_null(strstr(err.message, "configuration history row"));
}

/* The staff record is bound to the uid: a new account with the same login
 * is refused until an admin confirms it; the uid is in the staff chain. */
static void test_staff_bound_to_uid(void **state)
{
	test_db *t = *state;
	esc_error err = {0};
	esc_verify_report rep;
	struct passwd *pw = getpwuid(getuid());
	assert_non_null(pw);
	char me[64];
	snprintf(me, sizeof me, "%s", pw->pw_name);
	test_db_act_as(t, "admin");
	must_ok(staff_add(&t->s, me, "Me Myself", ESC_ROLE_NAMED, "Trust", false, &err), &err);
	esc_staff rec;
	must_ok(staff_find(t->s.db, me, &rec, &err), &err);
	assert_int_equal(rec.uid, (long long)getuid()); /* bound when added */
	must_ok(session_identify(&t->s, &err), &err);
	must_ok(audit_verify(t->s.db, &rep, &err), &err);

	/* the uid is covered: editing it breaks the staff checks */
	test_db_exec(t, "UPDATE staff SET uid = uid + 1 WHERE login = (SELECT login FROM staff "
	                "WHERE uid IS NOT NULL ORDER BY id DESC LIMIT 1)");
	assert_int_equal(audit_verify(t->s.db, &rep, &err), ESC_ECORRUPT);
	assert_true(rep.inconsistent_staff > 0);
	/* ...and identification refuses the "new person", naming the fix */
	assert_int_equal(session_identify(&t->s, &err), ESC_EDENIED);
	char fix[128];
	snprintf(fix, sizeof fix, "escalate staff confirm %s", me);
	if (!strstr(err.message, fix))
		fail_msg("%s", err.message);
	/* an admin confirms: the record is bound again, in the chain */
	test_db_act_as(t, "admin");
	must_ok(staff_confirm(&t->s, me, &err), &err);
	must_ok(session_identify(&t->s, &err), &err);
	assert_int_equal(test_db_count(t, "SELECT count(*) FROM staff_history WHERE change = "
	                                  "'uid confirmed' AND uid IS NOT NULL"),
	                 1);
	must_ok(audit_verify(t->s.db, &rep, &err), &err);
	/* a chain row's uid rewritten is caught by its hash */
	test_db_exec(t, "DROP TRIGGER staff_history_no_update; UPDATE staff_history SET uid = NULL "
	                "WHERE change = 'uid confirmed'");
	assert_int_equal(audit_verify(t->s.db, &rep, &err), ESC_ECORRUPT);
	assert_true(rep.first_broken_staff_row > 0);
}

/* Every variable of the table is gone or fixed; names of files in LANG,
 * LC_* and TERM are dropped; plain ones stay. */
static void test_privileged_environment(void **state)
{
	(void)state;
	size_t n;
	const esc_steering_var *v = esc_steering_vars(&n);
	assert_true(n >= 20);
	for (size_t i = 0; i < n; i++)
		setenv(v[i].name, "/home/mallory/bait", 1);
	setenv("LANG", "/home/mallory/locale", 1);
	setenv("LC_TIME", "../../mallory", 1);
	setenv("LC_CTYPE", "C.UTF-8", 1);
	setenv("TERM", "../../home/mallory/x", 1);
	setenv("HOME", "/home/mallory", 1);
	assert_true(esc_privilege_sanitise(false)); /* not privileged: nothing changes */
	assert_string_equal(getenv("TZ"), "/home/mallory/bait");
	assert_true(esc_privilege_sanitise(true));
	for (size_t i = 0; i < n; i++) {
		const char *now = getenv(v[i].name);
		if (v[i].fixed)
			assert_string_equal(now, v[i].fixed);
		else if (now)
			fail_msg("%s is still set (%s)", v[i].name, now);
	}
	assert_null(getenv("LANG"));
	assert_null(getenv("LC_TIME"));
	assert_null(getenv("TERM"));
	assert_string_equal(getenv("LC_CTYPE"), "C.UTF-8");
	struct passwd *pw = getpwuid(getuid());
	assert_string_equal(getenv("HOME"), pw->pw_dir);
	mode_t mask = umask(0);
	umask(mask);
	assert_int_equal(mask & 007, 007);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_receipt_catches_a_rewritten_history, test_db_setup,
	                                    test_db_teardown),
	    cmocka_unit_test_setup_teardown(test_receipt_catches_removed_rows, test_db_setup,
	                                    test_db_teardown),
	    cmocka_unit_test_setup_teardown(test_every_report_format_is_a_receipt, test_db_setup,
	                                    test_db_teardown),
	    cmocka_unit_test_setup_teardown(test_configuration_history, test_db_setup,
	                                    test_db_teardown),
	    cmocka_unit_test_setup_teardown(test_staff_bound_to_uid, test_db_setup,
	                                    test_db_teardown),
	    cmocka_unit_test(test_privileged_environment),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
