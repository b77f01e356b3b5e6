/* Retention (retention.c), subject access (sar.c) and backups (backup.c),
 * issue 12: nothing is due until a period is set; a purge needs the role,
 * a closed case past the period and a reason; it removes the content and
 * keeps the tombstone, so the report of the period and `verify` are as
 * before; an edit of a tombstone is caught.  A subject access export holds
 * the child's cases only and is logged; a backup verifies and reports the
 * same chain heads. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "escalate/access.h"
#include "escalate/audit.h"
#include "escalate/backup.h"
#include "escalate/config.h"
#include "escalate/report.h"
#include "escalate/retention.h"
#include "escalate/sar.h"
#include "escalate/store.h"
#include "helpers.h"

static void must_ok(esc_status st, const esc_error *err)
{
	if (st != ESC_OK)
		fail_msg("%s (%s)", err->message, esc_status_name(st));
}

static long long open_child(test_db *t, const char *child, const char *la)
{
	esc_error err = {0};
	esc_case_ref ref;
	esc_new_case in = {
	    .child_kind = ESC_CHILD_LOCAL,
	    .child_id = child,
	    .local_authority = la,
	    .team = "Team Secret",
	    .decision = "Decision about the child",
	    .concern = "Concern about the child",
	    .themes = {"Threshold not met", "Drift / lack of progression"},
	    .ntheme = 2,
	};
	must_ok(case_open(&t->s, &in, &ref, &err), &err);
	return ref.id;
}

/* Three cases in 2026-27-Q1: two closed (one after an escalation with an
 * agreed action), one still open. */
static void populate(test_db *t, long long id[3])
{
	esc_error err = {0};
	test_db_act_as(t, "named");
	test_db_at(t, "2026-05-01 09:00");
	id[0] = open_child(t, "CHILD-1", "Surrey");
	esc_event_input in = {
	    .kind = ESC_EV_CONTACT,
	    .text = "Spoke about the private family matter",
	    .person_name = "Sam Social",
	    .person_role = "Social worker",
	    .person_org = "Children's services",
	    .concern_remains = true,
	    .actions = {{.text = "Send the chronology", .owner = "Nia Named", .due = "2026-05-05"}},
	    .nactions = 1,
	};
	must_ok(case_record(&t->s, id[0], 0, &in, &err), &err);
	must_ok(test_case_event(t, id[0], ESC_EV_ESCALATED, "still worried", &err), &err);
	must_ok(test_case_event(t, id[0], ESC_EV_RESOLVED, "agreed a plan", &err), &err);
	id[1] = open_child(t, "CHILD-2", "Kent");
	must_ok(test_case_event(t, id[1], ESC_EV_WITHDRAWN, "raised in error", &err), &err);
	id[2] = open_child(t, "CHILD-1", "Kent");
}

static char *report_json(test_db *t)
{
	esc_error err = {0};
	esc_period q;
	esc_report r;
	esc_buf b;
	must_ok(esc_quarter_parse("2026-27-Q1", &q, &err), &err);
	must_ok(report_build(&t->s, &q, &r, &err), &err);
	esc_buf_init(&b);
	report_render(&r, ESC_FMT_JSON, &b);
	report_free(&r);
	return b.data;
}

static bool collect(const esc_retention_row *r, void *ctx)
{
	char *out = ctx;
	strcat(out, r->ref);
	strcat(out, " ");
	return true;
}

static void test_nothing_due_until_a_period_is_set(void **state)
{
	test_db *t = *state;
	long long id[3];
	esc_error err = {0};
	char due[256] = "";
	int years = -1;
	populate(t, id);
	test_db_at(t, "2090-01-01 09:00");
	test_db_act_as(t, "desig");
	must_ok(retention_due_each(&t->s, &years, collect, due, &err), &err);
	assert_int_equal(years, 0);
	assert_string_equal(due, "");
	assert_int_equal(retention_purge(&t->s, "ESC-2026-0001", "tidy up", &err), ESC_EDENIED);
	assert_non_null(strstr(err.message, "no retention period is set"));

	/* Admin sets it; others may not. */
	test_db_act_as(t, "named");
	assert_int_equal(config_set_retention(&t->s, 7, &err), ESC_EDENIED);
	test_db_act_as(t, "admin");
	assert_int_equal(config_set_retention(&t->s, 101, &err), ESC_EINVALID);
	must_ok(config_set_retention(&t->s, 7, &err), &err);
	must_ok(retention_years(t->s.db, &years, &err), &err);
	assert_int_equal(years, 7);

	/* Closed on 2026-05-01, due on 2033-05-01; the open case never is. */
	test_db_at(t, "2033-04-30 09:00");
	due[0] = '\0';
	must_ok(retention_due_each(&t->s, &years, collect, due, &err), &err);
	assert_string_equal(due, "");
	test_db_at(t, "2033-05-01 09:00");
	must_ok(retention_due_each(&t->s, &years, collect, due, &err), &err);
	assert_string_equal(due, "ESC-2026-0001 ESC-2026-0002 ");
	test_db_act_as(t, "front");
	assert_int_equal(retention_due_each(&t->s, &years, collect, due, &err), ESC_EDENIED);
	test_db_act_as(t, "admin");
	must_ok(config_set_retention(&t->s, 0, &err), &err);
	must_ok(retention_years(t->s.db, &years, &err), &err);
	assert_int_equal(years, 0);
}

static void test_purge_keeps_reports_and_verify(void **state)
{
	test_db *t = *state;
	long long id[3];
	esc_error err = {0};
	esc_verify_report before, after;
	populate(t, id);
	test_db_act_as(t, "admin");
	must_ok(config_set_retention(&t->s, 7, &err), &err);
	char *report_before = report_json(t);
	must_ok(audit_verify(t->s.db, &before, &err), &err);

	test_db_at(t, "2033-05-02 09:00");
	test_db_act_as(t, "front");
	assert_int_equal(retention_purge(&t->s, "ESC-2026-0001", "past retention", &err),
	                 ESC_EDENIED);
	assert_non_null(strstr(err.message, "designated professional or an admin"));
	test_db_act_as(t, "desig");
	assert_int_equal(retention_purge(&t->s, "ESC-2026-0001", "", &err), ESC_EINVALID);
	assert_int_equal(retention_purge(&t->s, "ESC-2026-0003", "past retention", &err),
	                 ESC_EDENIED);
	assert_non_null(strstr(err.message, "not closed"));
	test_db_at(t, "2033-04-30 09:00");
	assert_int_equal(retention_purge(&t->s, "ESC-2026-0001", "past retention", &err),
	                 ESC_EDENIED);
	assert_non_null(strstr(err.message, "kept until 2033-05-01"));
	assert_int_equal(test_db_count(t, "SELECT count(*) FROM purges"), 0);

	test_db_at(t, "2033-05-02 09:00");
	must_ok(retention_purge(&t->s, "ESC-2026-0001", "past retention", &err), &err);
	assert_int_equal(retention_purge(&t->s, "ESC-2026-0001", "again", &err), ESC_ECONFLICT);

	/* The content is gone ... */
	assert_int_equal(test_db_count(t,
	                               "SELECT count(*) FROM cases WHERE id = 1 AND child_id = '' "
	                               "AND team = '' AND decision = '' AND concern = ''"),
	                 1);
	assert_int_equal(test_db_count(t, "SELECT count(*) FROM events WHERE case_id = 1 AND "
	                                  "(text <> '' OR person_name IS NOT NULL)"),
	                 0);
	assert_int_equal(test_db_count(t, "SELECT count(*) FROM actions WHERE case_id = 1 AND "
	                                  "(text <> '' OR owner <> '')"),
	                 0);
	/* ... the other cases keep theirs ... */
	assert_int_equal(test_db_count(t, "SELECT count(*) FROM cases WHERE decision <> ''"), 2);
	/* ... and the tombstone keeps what past reports count. */
	assert_int_equal(test_db_count(t, "SELECT count(*) FROM events WHERE case_id = 1"), 4);
	assert_int_equal(test_db_count(t, "SELECT count(*) FROM case_themes WHERE case_id = 1"), 2);
	test_db_at(t, "2026-05-01 09:00"); /* the report as of the same day */
	char *report_after = report_json(t);
	assert_string_equal(report_before, report_after);
	free(report_before);
	free(report_after);
	must_ok(audit_verify(t->s.db, &after, &err), &err);
	assert_int_equal(after.purges, 1);
	assert_int_equal(after.events, before.events);
	assert_string_equal(after.last_event_hash, before.last_event_hash);
	esc_purge_info info;
	must_ok(retention_purge_info(t->s.db, id[0], &info, &err), &err);
	assert_true(info.purged);
	assert_string_equal(info.by_login, "desig");
	assert_string_equal(info.reason, "past retention");

	/* The append-only triggers let only a purged case be blanked. */
	char *msg = NULL;
	assert_int_not_equal(sqlite3_exec(store_handle(t->s.db),
	                                  "UPDATE events SET text = '', person_name = NULL, "
	                                  "person_role = NULL, person_org = NULL, whom = NULL, "
	                                  "how = NULL WHERE case_id = 2",
	                                  NULL, NULL, &msg),
	                     SQLITE_OK);
	sqlite3_free(msg);
	/* and only blanked: a purged row cannot be given other content */
	assert_int_not_equal(sqlite3_exec(store_handle(t->s.db),
	                                  "UPDATE events SET text = 'forged' WHERE case_id = 1",
	                                  NULL, NULL, &msg),
	                     SQLITE_OK);
	sqlite3_free(msg);
	assert_int_not_equal(sqlite3_exec(store_handle(t->s.db),
	                                  "UPDATE events SET at = '2026-01-01 00:00:00' "
	                                  "WHERE case_id = 1",
	                                  NULL, NULL, &msg),
	                     SQLITE_OK);
	sqlite3_free(msg);
	assert_int_not_equal(
	    sqlite3_exec(store_handle(t->s.db), "DELETE FROM purges", NULL, NULL, &msg), SQLITE_OK);
	sqlite3_free(msg);
}

/* Edits of a tombstone behind escalate's back, each caught by verify. */
static void test_edited_tombstone_is_caught(void **state)
{
	test_db *t = *state;
	static const struct {
		const char *edit, *says;
	} edits[] = {
	    {"UPDATE events SET level_after = 2 WHERE case_id = 1 AND seq = 1", "ESC-2026-0001"},
	    {"UPDATE events SET at = '2026-04-01 09:00:00' WHERE case_id = 1 AND seq = 1",
	     "ESC-2026-0001"},
	    {"UPDATE cases SET la_id = (SELECT id FROM local_authorities WHERE name = 'Kent') "
	     "WHERE id = 1",
	     "ESC-2026-0001"},
	    {"DELETE FROM case_themes WHERE case_id = 1 AND theme_id = "
	     "(SELECT max(theme_id) FROM case_themes WHERE case_id = 1)",
	     "ESC-2026-0001"},
	    {"UPDATE cases SET decision = 'a new story' WHERE id = 1", "has content again"},
	    {"UPDATE purges SET reason = 'something else'", "purge record that was changed"},
	    /* without its purge the case's rows are checked by content again */
	    {"DELETE FROM purges", "history row 2 was changed after it was written"},
	};
	for (size_t i = 0; i < sizeof edits / sizeof edits[0]; i++) {
		long long id[3];
		esc_error err = {0};
		esc_verify_report rep;
		populate(t, id);
		test_db_act_as(t, "admin");
		must_ok(config_set_retention(&t->s, 1, &err), &err);
		test_db_at(t, "2028-01-01 09:00");
		must_ok(retention_purge(&t->s, "ESC-2026-0001", "past retention", &err), &err);
		must_ok(audit_verify(t->s.db, &rep, &err), &err);
		test_db_exec(t,
		             "DROP TRIGGER events_no_update; DROP TRIGGER purges_no_update; "
		             "DROP TRIGGER purges_no_delete; DROP TRIGGER case_themes_no_delete");
		test_db_exec(t, edits[i].edit);
		assert_int_equal(audit_verify(t->s.db, &rep, &err), ESC_ECORRUPT);
		if (!strstr(err.message, edits[i].says))
			fail_msg("%s: '%s' does not say '%s'", edits[i].edit, err.message,
			         edits[i].says);
		test_db_close(t);
		test_db_open(t);
	}
}

static char *sar_text(test_db *t, const char *child, esc_format fmt, long *n, esc_status want)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	esc_error err = {0};
	esc_status st = sar_export(&t->s, ESC_CHILD_LOCAL, child, fmt, mem, n, &err);
	fclose(mem);
	if (st != want)
		fail_msg("sar %s: %s (%s)", child, esc_status_name(st), err.message);
	return buf;
}

static void test_subject_access(void **state)
{
	test_db *t = *state;
	long long id[3];
	long n = -1;
	populate(t, id);
	test_db_act_as(t, "named");
	free(sar_text(t, "CHILD-1", ESC_FMT_JSON, &n, ESC_EDENIED));
	assert_int_equal(test_db_count(t, "SELECT count(*) FROM access_log"), 0);

	test_db_act_as(t, "desig");
	char *json = sar_text(t, "CHILD-1", ESC_FMT_JSON, &n, ESC_OK);
	assert_int_equal(n, 2);
	assert_non_null(strstr(json, "\"third_party_notice\""));
	assert_non_null(strstr(json, "ESC-2026-0001"));
	assert_non_null(strstr(json, "ESC-2026-0003"));
	assert_null(strstr(json, "ESC-2026-0002")); /* another child */
	assert_non_null(strstr(json, "Spoke about the private family matter"));
	assert_non_null(strstr(json, "Send the chronology"));
	assert_non_null(strstr(json, "\"access_log\""));
	free(json);
	/* one row for the request, one per case */
	assert_int_equal(test_db_count(t, "SELECT count(*) FROM access_log WHERE how = 'sar' "
	                                  "AND case_id IS NULL AND count = 2"),
	                 1);
	assert_int_equal(test_db_count(t, "SELECT count(*) FROM access_log WHERE how = 'sar' "
	                                  "AND case_id IS NOT NULL"),
	                 2);

	char *csv = sar_text(t, "CHILD-1", ESC_FMT_CSV, &n, ESC_OK);
	assert_true(strncmp(csv, "ref,section,seq,at,field,value\r\n", 32) == 0);
	assert_non_null(strstr(csv, "ESC-2026-0001,event,2,"));
	assert_non_null(strstr(csv, "must review the third-party information"));
	free(csv);
	char *rec = sar_text(t, "CHILD-1", ESC_FMT_RECORD, &n, ESC_OK);
	assert_non_null(strstr(rec, "Subject access request"));
	assert_non_null(strstr(rec, "Access log (who read these cases):"));
	free(rec);
	char *none = sar_text(t, "NOBODY-9", ESC_FMT_JSON, &n, ESC_OK);
	assert_int_equal(n, 0);
	assert_non_null(strstr(none, "\"cases\": 0"));
	free(none);
	free(sar_text(t, "bad id!", ESC_FMT_JSON, &n, ESC_EINVALID));
}

static void test_backup_verifies_and_matches(void **state)
{
	test_db *t = *state;
	long long id[3];
	esc_error err = {0};
	esc_verify_report live, copy, checked;
	char dest[400], again[400];
	populate(t, id);
	snprintf(dest, sizeof dest, "%s/backup.db", t->dir);
	test_db_act_as(t, "desig");
	assert_int_equal(backup_write(&t->s, dest, false, false, &copy, &err), ESC_EDENIED);
	test_db_act_as(t, "admin");
	must_ok(backup_write(&t->s, dest, false, false, &copy, &err), &err);
	struct stat st;
	assert_int_equal(stat(dest, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	must_ok(audit_verify(t->s.db, &live, &err), &err);
	assert_string_equal(copy.last_event_hash, live.last_event_hash);
	assert_string_equal(copy.last_staff_hash, live.last_staff_hash);
	assert_int_equal(copy.cases, 3);
	must_ok(backup_check(dest, &checked, &err), &err);
	assert_string_equal(checked.last_event_hash, live.last_event_hash);
	/* A team database's backup may be read by its group. */
	char team[400];
	snprintf(team, sizeof team, "%s/team-backup.db", t->dir);
	must_ok(backup_write(&t->s, team, true, false, &copy, &err), &err);
	struct stat db_st;
	assert_int_equal(stat(team, &st), 0);
	assert_int_equal(stat(t->path, &db_st), 0);
	if (st.st_gid == db_st.st_gid)
		assert_int_equal(st.st_mode & 0777, 0640);
	else /* the group could not be given: then nobody else may read it */
		assert_int_equal(st.st_mode & 0777, 0600);
	unlink(team);
	/* An existing file is replaced only when asked. */
	assert_int_equal(backup_write(&t->s, dest, false, false, &copy, &err), ESC_ECONFLICT);
	must_ok(backup_write(&t->s, dest, false, true, &copy, &err), &err);
	/* A file that is not a whole database never passes for a backup. */
	snprintf(again, sizeof again, "%s/half.db", t->dir);
	FILE *in = fopen(dest, "rb"), *out = fopen(again, "wb");
	char block[4096];
	size_t got = fread(block, 1, sizeof block, in);
	fwrite(block, 1, got, out);
	fclose(in);
	fclose(out);
	assert_int_not_equal(backup_check(again, &checked, &err), ESC_OK);
	unlink(again);
	unlink(dest);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_nothing_due_until_a_period_is_set, test_db_setup,
	                                    test_db_teardown),
	    cmocka_unit_test_setup_teardown(test_purge_keeps_reports_and_verify, test_db_setup,
	                                    test_db_teardown),
	    cmocka_unit_test_setup_teardown(test_edited_tombstone_is_caught, test_db_setup,
	                                    test_db_teardown),
	    cmocka_unit_test_setup_teardown(test_subject_access, test_db_setup, test_db_teardown),
	    cmocka_unit_test_setup_teardown(test_backup_verifies_and_matches, test_db_setup,
	                                    test_db_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
