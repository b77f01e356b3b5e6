/* Storage promises: append-only history enforced by the schema, file modes,
 * schema versions, and the cached level agreeing with the history. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "escalate/audit.h"
#include "escalate/store.h"
#include "helpers.h"

static int exec_rc(test_db *t, const char *sql)
{
	return sqlite3_exec(store_handle(t->s.db), sql, NULL, NULL, NULL);
}

static void test_history_is_append_only(void **state)
{
	test_db *t = *state;
	long long id = test_case_open(t, "Surrey", "Threshold not met");
	esc_event_input in = {.kind = ESC_EV_CONTACT, .text = "Talked", .person_name = "Sam",
	                      .person_role = "SW", .person_org = "CS", .concern_remains = true,
	                      .actions = {{.text = "Call back", .owner = "Sam", .due = "2026-05-05"}},
	                      .nactions = 1};
	esc_error err = {0};
	assert_int_equal(case_record(&t->s, id, 0, &in, &err), ESC_OK);

	static const char *const tamper[] = {
	    "UPDATE events SET text = 'rewritten'",
	    "DELETE FROM events",
	    "UPDATE actions SET owner = 'someone else'",
	    "DELETE FROM actions",
	    "UPDATE staff_history SET role = 3",
	    "DELETE FROM staff_history",
	    "DELETE FROM cases",
	    "DELETE FROM case_themes",
	};
	for (size_t i = 0; i < sizeof tamper / sizeof tamper[0]; i++)
		assert_int_equal(exec_rc(t, tamper[i]) & 0xff, SQLITE_CONSTRAINT);

	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(store_handle(t->s.db),
	                                    "SELECT count(*), min(text) FROM events WHERE kind = 'contact'",
	                                    -1, &st, NULL),
	                 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), 1);
	assert_string_equal((const char *)sqlite3_column_text(st, 1), "Talked");
	sqlite3_finalize(st);
}

/* An event that does not follow the case's latest event, or claims the wrong
 * starting level, is refused by the schema itself. */
static void test_out_of_sequence_insert_refused(void **state)
{
	test_db *t = *state;
	long long id = test_case_open(t, "Surrey", "Threshold not met");
	char sql[512];
	snprintf(sql, sizeof sql,
	         "INSERT INTO events(case_id, seq, kind, at, actor_id, level_before, level_after, "
	         "state_after, level_due) VALUES (%lld, 5, 'escalated', '2026-05-01', 1, 1, 5, 1, "
	         "'2026-05-02')",
	         id);
	assert_int_equal(exec_rc(t, sql) & 0xff, SQLITE_CONSTRAINT);
	snprintf(sql, sizeof sql,
	         "INSERT INTO events(case_id, seq, kind, at, actor_id, level_before, level_after, "
	         "state_after, level_due) VALUES (%lld, 2, 'escalated', '2026-05-01', 1, 3, 4, 1, "
	         "'2026-05-02')",
	         id);
	assert_int_equal(exec_rc(t, sql) & 0xff, SQLITE_CONSTRAINT);
	esc_case_state cs = test_case_state(t, id);
	assert_int_equal(cs.level, 1);
}

static void test_file_modes(void **state)
{
	test_db *t = *state;
	struct stat st;
	assert_int_equal(stat(t->path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
}

/* A personal database open to others in any way, file or directory, is
 * refused with one message whose one chmod fixes all of it. */
static void test_unsafe_permissions_refused(void **state)
{
	test_db *t = *state;
	esc_db *db = NULL;
	esc_error err = {0};
	char want[1200];
	static const struct {
		mode_t file, dir;
	} modes[] = {{0666, 0700}, {0644, 0700}, {0600, 0755}, {0640, 0777}, {0606, 0711}};
	for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++) {
		assert_int_equal(chmod(t->path, modes[i].file), 0);
		assert_int_equal(chmod(t->dir, modes[i].dir), 0);
		assert_int_equal(store_open(t->path, ESC_OPEN_READONLY, -1, &db, &err), ESC_EUNSAFE);
		snprintf(want, sizeof want, "Fix all of it with: chmod go-rwx%s%s%s%s%s",
		         (modes[i].dir & 077) ? " '" : "", (modes[i].dir & 077) ? t->dir : "",
		         (modes[i].dir & 077) ? "'" : "", (modes[i].file & 077) ? " '" : "",
		         (modes[i].file & 077) ? t->path : "");
		if (!strstr(err.message, want))
			fail_msg("file %o dir %o: '%s' lacks '%s'", (unsigned)modes[i].file,
			         (unsigned)modes[i].dir, err.message, want);
		/* the one command, and it opens */
		assert_int_equal(chmod(t->path, modes[i].file & 0700), 0);
		assert_int_equal(chmod(t->dir, modes[i].dir & 0700), 0);
		assert_int_equal(store_open(t->path, 0, -1, &db, &err), ESC_OK);
		store_close(db);
	}
	/* a team database: world-writable, or group-writable by another group */
	assert_int_equal(chmod(t->path, 0666), 0);
	assert_int_equal(store_open(t->path, ESC_OPEN_TEAM, -1, &db, &err), ESC_EUNSAFE);
	assert_non_null(strstr(err.message, "writable by everyone"));
	assert_int_equal(chmod(t->path, 0660), 0);
	assert_int_equal(store_open(t->path, ESC_OPEN_TEAM, -1, &db, &err), ESC_EUNSAFE);
	assert_non_null(strstr(err.message, "group"));
	assert_int_equal(chmod(t->path, 0600), 0);
	assert_int_equal(store_open(t->path, 0, -1, &db, &err), ESC_OK);
	store_close(db);
}

static void test_missing_and_newer_schema(void **state)
{
	test_db *t = *state;
	esc_db *db = NULL;
	esc_error err = {0};
	char path[400];
	snprintf(path, sizeof path, "%s/absent.db", t->dir);
	assert_int_equal(store_open(path, 0, -1, &db, &err), ESC_ENODB);
	assert_non_null(strstr(err.message, "escalate init"));
	assert_int_equal(access(path, F_OK), -1);

	char sql[64];
	snprintf(sql, sizeof sql, "PRAGMA user_version = %d", store_schema_version() + 1);
	assert_int_equal(exec_rc(t, sql), SQLITE_OK);
	assert_int_equal(store_open(t->path, 0, -1, &db, &err), ESC_ESCHEMA);
	assert_non_null(strstr(err.message, "newer escalate"));
	snprintf(sql, sizeof sql, "PRAGMA user_version = %d", store_schema_version());
	assert_int_equal(exec_rc(t, sql), SQLITE_OK);
}

static void test_corrupt_file(void **state)
{
	test_db *t = *state;
	char path[400];
	snprintf(path, sizeof path, "%s/corrupt.db", t->dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs("this is not a database at all, just text pretending to be one\n", f);
	fclose(f);
	chmod(path, 0600);
	esc_db *db = NULL;
	esc_error err = {0};
	assert_int_equal(store_open(path, 0, -1, &db, &err), ESC_ECORRUPT);
	unlink(path);
}

static void test_unknown_parameter_is_an_error(void **state)
{
	test_db *t = *state;
	esc_error err = {0};
	sqlite3_stmt *st = store_prepare(t->s.db, "SELECT :a", &err);
	assert_non_null(st);
	assert_int_equal(store_bind_int(st, ":b", 1, &err), ESC_EINTERNAL);
	assert_int_equal(store_bind_int(st, ":a", 1, &err), ESC_OK);
}

static long long walk_with_actions(test_db *t)
{
	long long id = test_case_open(t, "Surrey", "Threshold not met");
	esc_event_input in = {.kind = ESC_EV_CONTACT, .text = "Talked", .person_name = "Sam",
	                      .person_role = "SW", .person_org = "CS", .concern_remains = true,
	                      .actions = {{.text = "Call back", .owner = "Sam", .due = "2026-05-05"},
	                                  {.text = "Send notes", .owner = "Fran", .due = "2026-05-06"}},
	                      .nactions = 2};
	esc_error err = {0};
	assert_int_equal(case_record(&t->s, id, 0, &in, &err), ESC_OK);
	assert_int_equal(test_case_event(t, id, ESC_EV_ESCALATED, "no change", &err), ESC_OK);
	test_case_open(t, "Kent", "Other");
	return id;
}

/* The chain is intact after normal use, and an edit made behind the
 * program's back (triggers dropped) is found at the row it touched. */
static void test_verify_catches_tampering(void **state)
{
	test_db *t = *state;
	walk_with_actions(t);
	esc_verify_report rep;
	esc_error err = {0};
	assert_int_equal(audit_verify(t->s.db, &rep, &err), ESC_OK);
	assert_int_equal(rep.events, 4);
	assert_int_equal(rep.actions, 2);
	assert_int_equal(rep.cases, 2);
	assert_string_equal(rep.integrity, "ok");

	assert_int_equal(exec_rc(t, "DROP TRIGGER events_no_update"), SQLITE_OK);
	assert_int_equal(exec_rc(t, "UPDATE events SET text = 'nothing happened' WHERE seq = 2"),
	                 SQLITE_OK);
	assert_int_equal(audit_verify(t->s.db, &rep, &err), ESC_ECORRUPT);
	assert_int_equal(rep.first_broken_event, 2);
	assert_non_null(strstr(err.message, "history row 2 was changed"));
}

static void test_verify_catches_removed_rows(void **state)
{
	test_db *t = *state;
	walk_with_actions(t);
	esc_verify_report rep;
	esc_error err = {0};
	assert_int_equal(exec_rc(t, "DROP TRIGGER actions_no_delete"), SQLITE_OK);
	/* The action is still open (it outlives the escalation): its live row goes too. */
	assert_int_equal(exec_rc(t, "DELETE FROM live_actions WHERE action_id IN "
	                            "(SELECT id FROM actions WHERE text = 'Send notes')"),
	                 SQLITE_OK);
	assert_int_equal(exec_rc(t, "DELETE FROM actions WHERE text = 'Send notes'"), SQLITE_OK);
	assert_int_equal(audit_verify(t->s.db, &rep, &err), ESC_ECORRUPT);
	assert_non_null(strstr(err.message, "lost or gained agreed actions"));

	assert_int_equal(exec_rc(t, "DROP TRIGGER events_no_delete"), SQLITE_OK);
	assert_int_equal(exec_rc(t, "DELETE FROM events WHERE id = 3"), SQLITE_OK);
	assert_int_equal(audit_verify(t->s.db, &rep, &err), ESC_ECORRUPT);
	assert_int_equal(rep.first_broken_event, 2);
	assert_true(rep.inconsistent_cases >= 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_history_is_append_only, test_db_setup, test_db_teardown),
	    cmocka_unit_test_setup_teardown(test_out_of_sequence_insert_refused, test_db_setup, test_db_teardown),
	    cmocka_unit_test_setup_teardown(test_file_modes, test_db_setup, test_db_teardown),
	    cmocka_unit_test_setup_teardown(test_unsafe_permissions_refused, test_db_setup, test_db_teardown),
	    cmocka_unit_test_setup_teardown(test_missing_and_newer_schema, test_db_setup, test_db_teardown),
	    cmocka_unit_test_setup_teardown(test_corrupt_file, test_db_setup, test_db_teardown),
	    cmocka_unit_test_setup_teardown(test_unknown_parameter_is_an_error, test_db_setup, test_db_teardown),
	    cmocka_unit_test_setup_teardown(test_verify_catches_tampering, test_db_setup, test_db_teardown),
	    cmocka_unit_test_setup_teardown(test_verify_catches_removed_rows, test_db_setup, test_db_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
