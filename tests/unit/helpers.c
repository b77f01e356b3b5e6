#include "helpers.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "data_files.h"
#include "escalate/audit.h"
#include "escalate/config.h"
#include "escalate/staff.h"
#include "escalate/store.h"

static void must(esc_status st, const esc_error *err)
{
	if (st != ESC_OK)
		fail_msg("core call failed: %s (%s)", err->message, esc_status_name(st));
}

void test_db_open(test_db *t)
{
	esc_error err = {0};
	memset(t, 0, sizeof *t);
	snprintf(t->dir, sizeof t->dir, "/tmp/escalate-unit-XXXXXX");
	assert_non_null(mkdtemp(t->dir));
	snprintf(t->path, sizeof t->path, "%s/escalate.db", t->dir);
	must(session_open(&t->s, t->path, ESC_OPEN_CREATE, -1, &err), &err);
	/* created_at is an instant, as stored (civil.h) */
	must(staff_add_first_admin(t->s.db, "admin", "Ada Admin", ESC_ROLE_DESIGNATED,
	                           "Test Trust", "2026-01-01T09:00:00Z", &err),
	     &err);
	must(staff_find(t->s.db, "admin", &t->s.me, &err), &err);
	test_db_at(t, "2026-01-01 09:00");
	static const struct {
		const char *login, *name;
		esc_role role;
	} staff[] = {
	    {"front", "Fran Frontline", ESC_ROLE_FRONTLINE},
	    {"front2", "Fred Frontline", ESC_ROLE_FRONTLINE},
	    {"named", "Nia Named", ESC_ROLE_NAMED},
	    {"desig", "Dev Designated", ESC_ROLE_DESIGNATED},
	};
	for (size_t i = 0; i < sizeof staff / sizeof staff[0]; i++)
		must(staff_add(&t->s, staff[i].login, staff[i].name, staff[i].role, "Test Trust", false,
		               &err),
		     &err);
	test_db_act_as(t, "front");
	test_db_at(t, "2026-05-01 09:00");
}

int test_db_setup(void **state)
{
	static test_db t;
	test_db_open(&t);
	*state = &t;
	return 0;
}

int test_db_teardown(void **state)
{
	test_db_close(*state);
	return 0;
}

void test_db_close(test_db *t)
{
	char path[400];
	session_close(&t->s);
	static const char *const suffix[] = {"", "-wal", "-shm"};
	for (size_t i = 0; i < 3; i++) {
		snprintf(path, sizeof path, "%s%s", t->path, suffix[i]);
		unlink(path);
	}
	rmdir(t->dir);
}

void test_db_act_as(test_db *t, const char *login)
{
	esc_error err = {0};
	must(staff_find(t->s.db, login, &t->s.me, &err), &err);
}

void test_db_at(test_db *t, const char *ts)
{
	esc_error err = {0};
	must(session_set_now(&t->s, ts, &err), &err);
}

long long test_case_open(test_db *t, const char *la, const char *theme)
{
	esc_error err = {0};
	esc_case_ref ref;
	esc_new_case in = {
	    .child_kind = ESC_CHILD_LOCAL,
	    .child_id = "LOC-1",
	    .local_authority = la,
	    .decision = "Referral not accepted",
	    .concern = "Child at risk of neglect",
	    .themes = {theme},
	    .ntheme = 1,
	};
	must(case_open(&t->s, &in, &ref, &err), &err);
	return ref.id;
}

void test_case_contact(test_db *t, long long id, bool concern_remains)
{
	esc_error err = {0};
	esc_event_input in = {
	    .kind = ESC_EV_CONTACT,
	    .text = "Discussed the decision",
	    .person_name = "Sam Social",
	    .person_role = "Social worker",
	    .person_org = "Children's services",
	    .concern_remains = concern_remains,
	};
	must(case_record(&t->s, id, 0, &in, &err), &err);
}

esc_status test_case_event(test_db *t, long long id, esc_event_kind kind, const char *text,
                           esc_error *err)
{
	esc_event_input in = {.kind = kind, .text = text};
	return case_record(&t->s, id, 0, &in, err);
}

esc_status test_case_inform(test_db *t, long long id, esc_notify kind, esc_error *err)
{
	esc_event_input in = {
	    .kind = ESC_EV_INFORMED,
	    .notify = kind,
	    .whom = "Dr Desi Nated",
	    .how = "telephone",
	};
	return case_record(&t->s, id, 0, &in, err);
}

esc_case_state test_case_state(test_db *t, long long id)
{
	esc_error err = {0};
	esc_case_state cs;
	must(case_state(t->s.db, id, &cs, NULL, &err), &err);
	return cs;
}

void test_db_exec(test_db *t, const char *sql)
{
	char *msg = NULL;
	int rc = sqlite3_exec(store_handle(t->s.db), sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK)
		fail_msg("%s: %s", sql, msg ? msg : "?");
	sqlite3_free(msg);
}

long long test_db_count(test_db *t, const char *sql)
{
	sqlite3_stmt *st = NULL;
	assert_int_equal(sqlite3_prepare_v2(store_handle(t->s.db), sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	long long n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static void must_exec(sqlite3 *h, const char *sql)
{
	char *msg = NULL;
	if (sqlite3_exec(h, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg ? msg : "?");
	sqlite3_free(msg);
}

/* 001's columns of each table; the cases' cached columns are left to the
 * version-1 trigger.  Rows written today also cover what later migrations
 * added, so the history chain is hashed again as version 1 did. */
static const char copy_v1[] =
    "INSERT INTO settings SELECT key, value FROM fresh.settings;"
    "INSERT INTO staff SELECT id, login, name, organisation, role, admin, active, created_at"
    " FROM fresh.staff;"
    "INSERT INTO staff_history SELECT id, staff_id, at, actor_id, change, role, admin, active"
    " FROM fresh.staff_history;"
    "INSERT INTO themes SELECT id, name, active FROM fresh.themes;"
    "INSERT INTO local_authorities SELECT id, name, active FROM fresh.local_authorities;"
    "INSERT INTO timescales SELECT level, working_days FROM fresh.timescales;"
    "INSERT INTO bank_holidays SELECT day FROM fresh.bank_holidays;"
    "INSERT INTO cases (id, uuid, ref, ref_year, ref_num, child_kind, child_id, la_id, team,"
    " agency, decision, concern, first_theme_id, owner_id, opened_at)"
    " SELECT id, uuid, ref, ref_year, ref_num, child_kind, child_id, la_id, team, agency,"
    " decision, concern, first_theme_id, owner_id, opened_at FROM fresh.cases;"
    "INSERT INTO case_themes SELECT case_id, theme_id FROM fresh.case_themes;"
    "INSERT INTO events(id, " ESC_HASHED_EVENT_COLUMNS ", prev_hash, hash) SELECT id, "
    ESC_HASHED_EVENT_COLUMNS ", prev_hash, hash FROM fresh.events ORDER BY id;"
    "INSERT INTO actions(id, " ESC_HASHED_ACTION_COLUMNS ", hash) SELECT id, "
    ESC_HASHED_ACTION_COLUMNS ", hash FROM fresh.actions ORDER BY id;"
    "DROP TRIGGER events_no_update; DROP TRIGGER actions_no_update;"
    "CREATE TEMP TABLE chain_v1 AS WITH RECURSIVE chain(id, prev, hash) AS ("
    " SELECT 0, NULL, '' UNION ALL SELECT events.id, chain.hash, esc_hash(chain.hash, "
    ESC_HASHED_EVENT_COLUMNS ") FROM chain JOIN events ON events.id = "
    " (SELECT min(id) FROM events WHERE id > chain.id))"
    " SELECT id, prev, hash FROM chain WHERE id > 0;"
    "UPDATE events SET prev_hash = (SELECT prev FROM chain_v1 c WHERE c.id = events.id),"
    " hash = (SELECT hash FROM chain_v1 c WHERE c.id = events.id);"
    "UPDATE actions SET hash = esc_hash((SELECT e.hash FROM events e WHERE e.id = "
    "actions.event_id), " ESC_HASHED_ACTION_COLUMNS ");"
    "DROP TABLE chain_v1;"
    "CREATE TRIGGER events_no_update BEFORE UPDATE ON events"
    " BEGIN SELECT RAISE(ABORT, 'escalate: history is append-only'); END;"
    "CREATE TRIGGER actions_no_update BEFORE UPDATE ON actions"
    " BEGIN SELECT RAISE(ABORT, 'escalate: history is append-only'); END;";

void test_db_write_v1(const char *path, const char *fresh_path)
{
	sqlite3 *h = NULL;
	const char *schema = esc_data_file("schema/001_initial.sql");
	assert_non_null(schema);
	assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
	assert_int_equal(audit_register(h), SQLITE_OK);
	must_exec(h, "PRAGMA foreign_keys = ON");
	must_exec(h, "BEGIN");
	must_exec(h, schema);
	must_exec(h, "PRAGMA user_version = 1");
	sqlite3_stmt *st = NULL;
	assert_int_equal(sqlite3_prepare_v2(h, "ATTACH :path AS fresh", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, fresh_path, -1, SQLITE_STATIC);
	/* ATTACH cannot run inside a transaction: commit the schema first. */
	must_exec(h, "COMMIT");
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	must_exec(h, "BEGIN");
	must_exec(h, copy_v1);
	must_exec(h, "COMMIT");
	must_exec(h, "DETACH fresh");
	assert_int_equal(sqlite3_close(h), SQLITE_OK);
	/* release 1 created its files 0600, as escalate does (a personal
	 * database open to others is refused) */
	assert_int_equal(chmod(path, 0600), 0);
}
