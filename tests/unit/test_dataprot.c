/* Who may see what (visibility.c) and the access log (access.c), issue 12:
 * every role x organisation x command against an expected table written
 * out by hand, the rule switched to `all`, refusals that reveal nothing,
 * one log row per read (none per listed row), the chain caught when edited,
 * and a reader who cannot write refused rather than left unlogged. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "escalate/access.h"
#include "escalate/action.h"
#include "escalate/audit.h"
#include "escalate/config.h"
#include "escalate/export.h"
#include "escalate/query.h"
#include "escalate/staff.h"
#include "escalate/store.h"
#include "escalate/visibility.h"
#include "helpers.h"

static void must_ok(esc_status st, const esc_error *err)
{
	if (st != ESC_OK)
		fail_msg("%s (%s)", err->message, esc_status_name(st));
}

/* The actors, beside helpers.c's "Test Trust" staff. */
static const struct {
	const char *login, *name, *org;
	esc_role role;
} extra[] = {
    {"other", "Olly Other", "Other Trust", ESC_ROLE_FRONTLINE},
    {"othernamed", "Ona Othernamed", "Other Trust", ESC_ROLE_NAMED},
    {"otherdesig", "Odo Otherdesig", "Other Trust", ESC_ROLE_DESIGNATED},
    {"loner", "Lou Loner", "", ESC_ROLE_FRONTLINE},
    {"loner2", "Lee Loner", "", ESC_ROLE_FRONTLINE},
};

enum { CASE_A, CASE_B, CASE_C, CASE_D, NCASES };
#define NACTORS 8
static const char *const actors[NACTORS] = {"front",      "named",      "desig", "other",
                                            "othernamed", "otherdesig", "loner", "loner2"};
/* Who sees which case under the default rule (organisation):
 *   A  opened by front (Test Trust)
 *   B  opened by other (Other Trust)
 *   C  opened by othernamed (Other Trust); open agreed actions owned by
 *      "Fran Frontline" (front, by name) and "named" (by login)
 *   D  opened by loner (no organisation recorded)
 * Designated professionals see everything; an empty organisation shares
 * nothing with another empty one. */
static const bool sees[NACTORS][NCASES] = {
    /* front      */ {1, 0, 1, 0},
    /* named      */ {1, 0, 1, 0},
    /* desig      */ {1, 1, 1, 1},
    /* other      */ {0, 1, 1, 0},
    /* othernamed */ {0, 1, 1, 0},
    /* otherdesig */ {1, 1, 1, 1},
    /* loner      */ {0, 0, 0, 1},
    /* loner2     */ {0, 0, 0, 0},
};

typedef struct fixture {
	test_db t;
	long long id[NCASES];
	char ref[NCASES][ESC_REF_MAX + 1];
} fixture;

static long long open_as(test_db *t, const char *login, const char *decision)
{
	esc_error err = {0};
	esc_case_ref ref;
	test_db_act_as(t, login);
	esc_new_case in = {
	    .child_kind = ESC_CHILD_LOCAL,
	    .child_id = "LOC-7",
	    .local_authority = "Surrey",
	    .decision = decision,
	    .concern = "Secret concern text",
	    .themes = {"Threshold not met"},
	    .ntheme = 1,
	};
	must_ok(case_open(&t->s, &in, &ref, &err), &err);
	return ref.id;
}

static int setup(void **state)
{
	static fixture f;
	esc_error err = {0};
	memset(&f, 0, sizeof f);
	test_db_open(&f.t);
	test_db_act_as(&f.t, "admin");
	for (size_t i = 0; i < sizeof extra / sizeof extra[0]; i++)
		must_ok(staff_add(&f.t.s, extra[i].login, extra[i].name, extra[i].role,
		                  extra[i].org, false, &err),
		        &err);
	f.id[CASE_A] = open_as(&f.t, "front", "Decision A");
	f.id[CASE_B] = open_as(&f.t, "other", "Decision B");
	f.id[CASE_C] = open_as(&f.t, "othernamed", "Decision C");
	esc_event_input in = {
	    .kind = ESC_EV_CONTACT,
	    .text = "Discussed",
	    .person_name = "Sam Social",
	    .person_role = "Social worker",
	    .person_org = "Children's services",
	    .concern_remains = true,
	    .actions = {{.text = "Send the chronology",
	                 .owner = "Fran Frontline",
	                 .due = "2026-05-20"},
	                {.text = "Book the meeting", .owner = "named", .due = "2026-05-21"}},
	    .nactions = 2,
	};
	must_ok(case_record(&f.t.s, f.id[CASE_C], 0, &in, &err), &err);
	f.id[CASE_D] = open_as(&f.t, "loner", "Decision D");
	for (int c = 0; c < NCASES; c++) {
		sqlite3_stmt *st = NULL;
		sqlite3_prepare_v2(store_handle(f.t.s.db), "SELECT ref FROM cases WHERE id = ?", -1,
		                   &st, NULL);
		sqlite3_bind_int64(st, 1, f.id[c]);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		snprintf(f.ref[c], sizeof f.ref[c], "%s", (const char *)sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
	}
	*state = &f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	test_db_close(&f->t);
	return 0;
}

static bool listed(test_db *t, const esc_list_filter *flt, long long id)
{
	esc_case_summary rows[16];
	int n = 0;
	esc_error err = {0};
	must_ok(query_list(&t->s, flt, 0, 16, rows, &n, &err), &err);
	long count = -1;
	must_ok(query_count(&t->s, flt, &count, &err), &err);
	assert_int_equal(count, n); /* the count follows the same rule */
	for (int i = 0; i < n; i++)
		if (rows[i].id == id)
			return true;
	return false;
}

static char *export_text(test_db *t)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	esc_error err = {0};
	must_ok(export_json(&t->s, mem, &err), &err);
	fclose(mem);
	return buf;
}

/* One actor, one case, every command that shows or lists cases. */
static void check_cell(fixture *f, int a, int c, bool want)
{
	test_db *t = &f->t;
	esc_error err = {0};
	const char *who = actors[a], *ref = f->ref[c];
	test_db_act_as(t, who);

	esc_list_filter all = {.include_closed = true};
	if (listed(t, &all, f->id[c]) != want)
		fail_msg("list: %s %s %s", who, want ? "should see" : "must not see", ref);
	esc_list_filter open_only = {0};
	if (listed(t, &open_only, f->id[c]) != want)
		fail_msg("list (open): %s %s %s", who, want ? "should see" : "must not see", ref);
	esc_list_filter search = {.include_closed = true, .search = ref};
	if (listed(t, &search, f->id[c]) != want)
		fail_msg("search: %s %s %s", who, want ? "should find" : "must not find", ref);
	esc_list_filter text = {.include_closed = true, .search = "Secret concern"};
	if (listed(t, &text, f->id[c]) != want)
		fail_msg("search by text: %s %s %s", who, want ? "should find" : "must not find",
		         ref);

	static const esc_access_how reads[] = {ESC_ACCESS_SHOW, ESC_ACCESS_SHOW_JSON,
	                                       ESC_ACCESS_SHOW_RECORD, ESC_ACCESS_INTERFACE};
	for (size_t r = 0; r < sizeof reads / sizeof reads[0]; r++) {
		long long before = test_db_count(t, "SELECT count(*) FROM access_log");
		esc_case cs;
		esc_error_clear(&err);
		esc_status st = access_read_case(&t->s, f->id[c], reads[r], &cs, &err);
		long long after = test_db_count(t, "SELECT count(*) FROM access_log");
		if (want) {
			if (st != ESC_OK)
				fail_msg("%s: %s may see %s: %s", access_how_name(reads[r]), who,
				         ref, err.message);
			assert_string_equal(cs.sum.ref, ref);
			esc_case_free(&cs);
			assert_int_equal(after, before + 1);
		} else {
			if (st != ESC_EDENIED)
				fail_msg("%s: %s must not see %s (got %s)",
				         access_how_name(reads[r]), who, ref, esc_status_name(st));
			/* why, without the case's content */
			assert_non_null(strstr(err.message, "may not see"));
			assert_non_null(strstr(err.message, ref));
			assert_null(strstr(err.message, "Decision"));
			assert_null(strstr(err.message, "Secret"));
			assert_string_equal(err.field, "visibility");
			assert_int_equal(after, before);
		}
	}
	esc_error_clear(&err);
	esc_status st = access_note_case(&t->s, f->id[c], ref, ESC_ACCESS_INTERFACE_RECORD, &err);
	assert_int_equal(st, want ? ESC_OK : ESC_EDENIED);

	char *csv = export_text(t);
	if ((strstr(csv, ref) != NULL) != want)
		fail_msg("export: %s %s %s", who, want ? "should get" : "must not get", ref);
	free(csv);

	/* Writing on a case is for those who may see it: nothing is written. */
	if (!want) {
		long long rows = test_db_count(t, "SELECT count(*) FROM events");
		esc_event_input note = {.kind = ESC_EV_NOTE, .text = "a note on a case not mine"};
		esc_error_clear(&err);
		if (case_record(&t->s, f->id[c], 0, &note, &err) != ESC_EDENIED ||
		    !strstr(err.message, "may not see"))
			fail_msg("note: %s must not write on %s (%s)", who, ref, err.message);
		assert_int_equal(test_db_count(t, "SELECT count(*) FROM events"), rows);
		esc_error_clear(&err);
		assert_int_equal(action_close(&t->s, f->id[c], 1, ESC_EV_ACTION_DONE, "", &err),
		                 ESC_EDENIED);
	}
}

static void test_every_role_org_and_command(void **state)
{
	fixture *f = *state;
	for (int a = 0; a < NACTORS; a++)
		for (int c = 0; c < NCASES; c++)
			check_cell(f, a, c, sees[a][c]);
}

static void test_rule_all_shows_everyone_everything(void **state)
{
	fixture *f = *state;
	esc_error err = {0};
	test_db_act_as(&f->t, "front");
	assert_int_equal(config_set_visibility(&f->t.s, ESC_VIS_ALL, &err), ESC_EDENIED);
	test_db_act_as(&f->t, "admin");
	must_ok(config_set_visibility(&f->t.s, ESC_VIS_ALL, &err), &err);
	for (int a = 0; a < NACTORS; a++)
		for (int c = 0; c < NCASES; c++)
			check_cell(f, a, c, true);
	test_db_act_as(&f->t, "admin");
	must_ok(config_set_visibility(&f->t.s, ESC_VIS_ORGANISATION, &err), &err);
	check_cell(f, 0, CASE_B, false);
}

/* The open agreed action is what lets front see C: once the case moves on
 * from the level the action was agreed at, it is no longer open. */
/* An agreed action's owner sees its case while the action is open, whatever
 * the case does meanwhile (it moved up a level here), and no longer once it
 * is done or dropped. */
static void test_action_ownership_ends_with_the_action(void **state)
{
	fixture *f = *state;
	esc_error err = {0};
	test_db_act_as(&f->t, "othernamed");
	must_ok(test_case_event(&f->t, f->id[CASE_C], ESC_EV_ESCALATED, "no agreement", &err),
	        &err);
	check_cell(f, 0, CASE_C, true);
	check_cell(f, 1, CASE_C, true);
	test_db_act_as(&f->t, "othernamed");
	must_ok(action_close(&f->t.s, f->id[CASE_C], 1, ESC_EV_ACTION_DONE, "sent", &err), &err);
	must_ok(action_close(&f->t.s, f->id[CASE_C], 2, ESC_EV_ACTION_DROPPED, "not needed", &err),
	        &err);
	check_cell(f, 0, CASE_C, false);
	check_cell(f, 1, CASE_C, false);
	check_cell(f, 3, CASE_C, true);
}

static long long log_rows(test_db *t, const char *how)
{
	char sql[160];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM access_log WHERE how = '%s'", how);
	return test_db_count(t, sql);
}

static bool count_cb(const esc_access_row *r, void *ctx)
{
	(void)r;
	(*(int *)ctx)++;
	return true;
}

static void test_log_rows_and_who_may_read_them(void **state)
{
	fixture *f = *state;
	test_db *t = &f->t;
	esc_error err = {0};
	test_db_act_as(t, "front");
	/* Lists and counts are not reads of content. */
	esc_list_filter all = {.include_closed = true};
	listed(t, &all, 0);
	assert_int_equal(test_db_count(t, "SELECT count(*) FROM access_log"), 0);

	esc_case cs;
	must_ok(access_read_case(&t->s, f->id[CASE_A], ESC_ACCESS_SHOW_RECORD, &cs, &err), &err);
	esc_case_free(&cs);
	assert_int_equal(test_db_count(t, "SELECT count(*) FROM access_log WHERE login = 'front' "
	                                  "AND how = 'show-record' AND case_id IS NOT NULL "
	                                  "AND at = '2026-05-01T08:00:00Z' AND uid >= 0"),
	                 1);
	/* An export is one row with its scope and count: front sees A and C. */
	free(export_text(t));
	assert_int_equal(log_rows(t, "export"), 1);
	assert_int_equal(test_db_count(t, "SELECT count FROM access_log WHERE how = 'export'"), 2);

	/* The log is for designated professionals and admins. */
	int n = 0;
	esc_access_filter any = {0};
	assert_int_equal(access_each(&t->s, &any, count_cb, &n, &err), ESC_EDENIED);
	assert_non_null(strstr(err.message, "designated professional or an admin"));
	test_db_act_as(t, "desig");
	must_ok(access_each(&t->s, &any, count_cb, &n, &err), &err);
	assert_int_equal(n, 2);
	n = 0;
	esc_access_filter one = {.case_id = f->id[CASE_A]};
	must_ok(access_each(&t->s, &one, count_cb, &n, &err), &err);
	assert_int_equal(n, 1);
	n = 0;
	esc_access_filter by = {.login = "nobody"};
	must_ok(access_each(&t->s, &by, count_cb, &n, &err), &err);
	assert_int_equal(n, 0);
	n = 0;
	esc_access_filter later = {.from = "2026-05-02"};
	must_ok(access_each(&t->s, &later, count_cb, &n, &err), &err);
	assert_int_equal(n, 0);
	n = 0;
	esc_access_filter day = {.from = "2026-05-01", .to = "2026-05-01"};
	must_ok(access_each(&t->s, &day, count_cb, &n, &err), &err);
	assert_int_equal(n, 2);
	test_db_act_as(t, "admin");
	must_ok(access_each(&t->s, &any, count_cb, &n, &err), &err);

	/* Append-only, and verify checks the chain. */
	char *msg = NULL;
	assert_int_not_equal(sqlite3_exec(store_handle(t->s.db),
	                                  "UPDATE access_log SET login = 'x'", NULL, NULL, &msg),
	                     SQLITE_OK);
	sqlite3_free(msg);
	assert_int_not_equal(
	    sqlite3_exec(store_handle(t->s.db), "DELETE FROM access_log", NULL, NULL, &msg),
	    SQLITE_OK);
	sqlite3_free(msg);
	esc_verify_report rep;
	must_ok(audit_verify(t->s.db, &rep, &err), &err);
	assert_int_equal(rep.access_rows, 2);
	assert_int_equal(rep.last_access, 2);
	assert_int_equal(strlen(rep.last_access_hash), 64);
}

static void tamper_and_verify(test_db *t, const char *sql, const char *says)
{
	esc_error err = {0};
	esc_verify_report rep;
	test_db_exec(t, "DROP TRIGGER access_log_no_update; DROP TRIGGER access_log_no_delete");
	test_db_exec(t, sql);
	assert_int_equal(audit_verify(t->s.db, &rep, &err), ESC_ECORRUPT);
	if (!strstr(err.message, says))
		fail_msg("%s: '%s' does not say '%s'", sql, err.message, says);
	assert_true(rep.first_broken_access > 0);
}

static void read_three(fixture *f)
{
	esc_error err = {0};
	esc_case cs;
	test_db_act_as(&f->t, "desig");
	for (int c = 0; c < 3; c++) {
		must_ok(access_read_case(&f->t.s, f->id[c], ESC_ACCESS_SHOW, &cs, &err), &err);
		esc_case_free(&cs);
	}
}

static void test_edited_log_is_caught(void **state)
{
	fixture *f = *state;
	read_three(f);
	tamper_and_verify(&f->t, "UPDATE access_log SET login = 'front' WHERE id = 2",
	                  "access log row 2 was changed");
}

static void test_removed_log_row_is_caught(void **state)
{
	fixture *f = *state;
	read_three(f);
	tamper_and_verify(&f->t, "DELETE FROM access_log WHERE id = 2",
	                  "access log row 3 does not follow");
}

/* A reader whose connection cannot write: refused, nothing shown, nothing
 * half-done. */
static void test_reader_who_cannot_write_is_refused(void **state)
{
	fixture *f = *state;
	esc_error err = {0};
	esc_session ro = {0};
	must_ok(session_open(&ro, f->t.path, ESC_OPEN_READONLY, -1, &err), &err);
	must_ok(session_set_now(&ro, "2026-05-01 10:00", &err), &err);
	must_ok(staff_find(ro.db, "desig", &ro.me, &err), &err);
	esc_case cs;
	memset(&cs, 0x5a, sizeof cs);
	esc_status st = access_read_case(&ro, f->id[CASE_A], ESC_ACCESS_SHOW, &cs, &err);
	assert_int_equal(st, ESC_EREADONLY);
	assert_non_null(strstr(err.message, "nothing was shown"));
	assert_non_null(strstr(err.message, "access log"));
	assert_null(cs.decision);
	assert_int_equal(cs.nevents, 0);
	FILE *devnull = fopen("/dev/null", "w");
	assert_int_equal(export_json(&ro, devnull, &err), ESC_EREADONLY);
	fclose(devnull);
	session_close(&ro);
	assert_int_equal(test_db_count(&f->t, "SELECT count(*) FROM access_log"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_every_role_org_and_command, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_rule_all_shows_everyone_everything, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_action_ownership_ends_with_the_action, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_log_rows_and_who_may_read_them, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_edited_log_is_caught, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_removed_log_row_is_caught, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_reader_who_cannot_write_is_refused, setup,
	                                    teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
