/* Upgrading a database written at schema version 1 (001_initial.sql alone):
 * the migrations rebuild the events table, replace indexes and triggers
 * (002) and seal what exists (003).  The upgraded database must verify, keep
 * every protection, and list and report exactly what a database written at
 * the current version with the same history does.
 *
 * The version-1 database is built from a current one ("fresh", written by the
 * core): 001's SQL on an empty file, then the rows of every 001 table copied
 * over, the events in id order so that version 1's own events_apply trigger
 * rebuilds each case's cached columns.  The copied hashes cover field values
 * only, so the chain holds in either layout. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "data_files.h"
#include "escalate/amend.h"
#include "escalate/audit.h"
#include "escalate/civil.h"
#include "escalate/query.h"
#include "escalate/store.h"
#include "report_fixture.h"

/* The history both databases hold: every kind of event, agreed actions,
 * notifications owed and made, closed and reopened cases. */
static void populate(test_db *t)
{
	esc_error err = {0};
	long long a = fixture_open_at(t, "2026-04-02 09:00", "Kent", "Other", NULL);
	long long b =
	    fixture_open_at(t, "2026-04-03 09:00", "Surrey", "Threshold not met", "Other");
	long long c = fixture_open_at(t, "2026-04-06 09:00", "Kent", "Information sharing", NULL);
	long long d = fixture_open_at(t, "2026-04-07 09:00", "Surrey", "Other", NULL);
	long long e = fixture_open_at(t, "2026-05-11 09:00", "Kent", "Other", NULL);

	test_db_at(t, "2026-04-08 10:00");
	esc_event_input contact = {
	    .kind = ESC_EV_CONTACT,
	    .text = "Discussed the decision",
	    .person_name = "Sam Social",
	    .person_role = "Social worker",
	    .person_org = "Children's services",
	    .concern_remains = true,
	    .actions = {{.text = "Send the chronology",
	                 .owner = "Fran Frontline",
	                 .due = "2026-04-10"},
	                {.text = "Book a meeting", .owner = "front", .due = "2026-06-30"}},
	    .nactions = 2,
	};
	fixture_must(case_record(&t->s, a, 0, &contact, &err), &err);
	fixture_event_at(t, "2026-04-09 10:00", a, ESC_EV_ESCALATED);
	fixture_event_at(t, "2026-04-10 10:00", b, ESC_EV_NOTE);
	test_db_at(t, "2026-04-14 10:00");
	test_case_contact(t, c, false);
	fixture_event_at(t, "2026-04-15 10:00", c, ESC_EV_RESOLVED);
	fixture_event_at(t, "2026-04-16 10:00", d, ESC_EV_WITHDRAWN);
	test_db_act_as(t, "named");
	fixture_event_at(t, "2026-04-20 10:00", b, ESC_EV_URGENT);
	fixture_event_at(t, "2026-07-01 10:00", c, ESC_EV_REOPENED);
	fixture_must(test_case_inform(t, b, ESC_NOTIFY_DESIGNATED, &err), &err);
	test_db_at(t, "2026-07-02 09:00");
	test_case_contact(t, e, true);
	fixture_event_at(t, "2026-07-02 10:00", e, ESC_EV_ESCALATED);
	test_db_act_as(t, "front");
}

static long long count(esc_db *db, const char *sql)
{
	esc_error err = {0};
	sqlite3_stmt *st = store_prepare(db, sql, &err);
	assert_non_null(st);
	assert_int_equal(store_step(db, st, &err), SQLITE_ROW);
	long long n = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return n;
}

/* Every field of a list row, as text. */
static void summary_text(const esc_case_summary *r, char *out, size_t n)
{
	snprintf(out, n, "%lld|%lld|%s|%s|%d|%d|%s|%s|%s|%s|%s|%s|%s|%d|%d|%d|%d", r->id, r->seq,
	         r->ref, r->uuid, (int)r->state, r->level, r->child_id, r->local_authority,
	         r->first_theme, r->owner_login, r->opened_at, r->level_since, r->level_due,
	         r->days_at_level, r->overdue, r->urgent, r->owed);
}

static void assert_same_list(esc_session *a, esc_session *b, const esc_list_filter *f)
{
	esc_case_summary ra[16], rb[16];
	int na = 0, nb = 0;
	long ca = -1, cb = -2;
	esc_error err = {0};
	fixture_must(query_list(a, f, 0, 16, ra, &na, &err), &err);
	fixture_must(query_list(b, f, 0, 16, rb, &nb, &err), &err);
	fixture_must(query_count(a, f, &ca, &err), &err);
	fixture_must(query_count(b, f, &cb, &err), &err);
	assert_int_equal(na, nb);
	assert_int_equal(ca, cb);
	assert_int_equal(ca, na);
	/* The interface's capped count: the cap when there are more. */
	long capped = -1;
	fixture_must(query_count_upto(a, f, 2, &capped, &err), &err);
	assert_int_equal(capped, ca < 2 ? ca : 2);
	for (int i = 0; i < na; i++) {
		char ta[1024], tb[1024];
		summary_text(&ra[i], ta, sizeof ta);
		summary_text(&rb[i], tb, sizeof tb);
		assert_string_equal(ta, tb);
	}
}

static void assert_same_report(esc_session *a, esc_session *b, const char *quarter)
{
	esc_period p;
	esc_report ra, rb;
	esc_error err = {0};
	fixture_must(esc_quarter_parse(quarter, &p, &err), &err);
	fixture_must(report_build(a, &p, &ra, &err), &err);
	fixture_must(report_build(b, &p, &rb, &err), &err);
	/* the same table; the chains behind them differ (the upgrade's baseline) */
	ra.receipt[0] = rb.receipt[0] = '\0';
	for (esc_format fmt = ESC_FMT_TEXT; fmt <= ESC_FMT_MARKDOWN; fmt++) {
		esc_buf ba, bb;
		esc_buf_init(&ba);
		esc_buf_init(&bb);
		report_render(&ra, fmt, &ba);
		report_render(&rb, fmt, &bb);
		assert_non_null(ba.data);
		assert_string_equal(ba.data, bb.data);
		esc_buf_free(&ba);
		esc_buf_free(&bb);
	}
	report_free(&ra);
	report_free(&rb);
}

static void test_version1_upgrades(void **state)
{
	test_db *t = *state;
	populate(t);
	char v1[400];
	snprintf(v1, sizeof v1, "%s/v1.db", t->dir);
	test_db_write_v1(v1, t->path);

	esc_session up;
	esc_error err = {0};
	fixture_must(session_open(&up, v1, 0, -1, &err), &err);
	fixture_must(staff_find(up.db, "admin", &up.me, &err), &err);
	assert_int_equal(count(up.db, "PRAGMA user_version"), store_schema_version());
	assert_int_equal(count(up.db, "PRAGMA foreign_keys"), 1);
	assert_int_equal(count(up.db, "SELECT count(*) FROM events"), 16);
	assert_int_equal(count(up.db, "SELECT count(*) FROM actions"), 2);
	assert_int_equal(count(up.db, "SELECT count(*) FROM sqlite_schema WHERE name IN"
	                              " ('events_in_sequence',"
	                              " 'events_no_update', 'events_no_delete', 'events_reached',"
	                              " 'events_closed', 'events_pattern', 'cases_since',"
	                              " 'actions_owner', 'cases_owed')"),
	                 9);
	/* The procedure's effects are computed in C now (migration 5). */
	assert_int_equal(count(up.db, "SELECT count(*) FROM sqlite_schema WHERE name IN"
	                              " ('events_apply', 'events_apply_move', 'actions_live')"),
	                 0);
	assert_int_equal(
	    count(up.db, "SELECT count(*) FROM sqlite_schema WHERE name = 'events_new'"), 0);

	esc_verify_report rep;
	assert_int_equal(audit_verify(up.db, &rep, &err), ESC_OK);
	assert_int_equal(rep.events, 16);
	assert_int_equal(rep.inconsistent_cases, 0);

	/* Same lists and reports as the database written at this version. */
	test_db_act_as(t, "named");
	fixture_must(staff_find(up.db, "named", &up.me, &err), &err);
	session_set_now(&up, "2026-07-10 09:00", &err);
	test_db_at(t, "2026-07-10 09:00");
	const esc_list_filter filters[] = {
	    {.sort = ESC_SORT_AGE},
	    {.include_closed = true, .sort = ESC_SORT_AGE},
	    {.include_closed = true, .sort = ESC_SORT_NEWEST},
	    {.sort = ESC_SORT_LEVEL},
	    {.overdue_only = true},
	    {.local_authority = "Kent", .include_closed = true},
	    {.theme = "Other"},
	    {.theme = "Other", .include_closed = true, .sort = ESC_SORT_NEWEST},
	    {.needs_action = true},
	    {.owner_login = "named", .include_closed = true},
	    {.level = 4},
	};
	for (size_t i = 0; i < sizeof filters / sizeof filters[0]; i++)
		assert_same_list(&up, &t->s, &filters[i]);
	assert_same_report(&up, &t->s, "2026-27-Q1");
	assert_same_report(&up, &t->s, "2026-27-Q2");
	assert_same_report(&up, &t->s, "2025-26-Q4");

	/* The protections stand: history is append-only, kinds are checked. */
	assert_int_not_equal(store_exec(up.db, "UPDATE events SET text = 'x' WHERE id = 1", &err),
	                     ESC_OK);
	assert_non_null(strstr(err.message, "append-only"));
	esc_error_clear(&err);
	assert_int_not_equal(store_exec(up.db, "DELETE FROM events WHERE id = 1", &err), ESC_OK);
	assert_non_null(strstr(err.message, "append-only"));
	esc_error_clear(&err);
	assert_int_not_equal(
	    store_exec(up.db,
	               "INSERT INTO events (case_id, seq, kind, at, actor_id, level_before,"
	               " level_after, state_after, level_due, prev_hash, hash)"
	               " SELECT id, last_seq + 1, 'bogus', '2026-07-10 09:00', 1, level, level,"
	               " state, level_due, '', '' FROM cases WHERE id = 5",
	               &err),
	    ESC_OK);
	assert_non_null(strstr(err.message, "CHECK"));

	/* And the upgraded database takes new history, still verifying. */
	esc_error_clear(&err);
	esc_event_input note = {.kind = ESC_EV_NOTE, .text = "After the upgrade"};
	fixture_must(case_record(&up, 5, 0, &note, &err), &err);
	assert_int_equal(audit_verify(up.db, &rep, &err), ESC_OK);
	assert_int_equal(rep.events, 17);

	/* Corrections on an upgraded case (migration 9 rebuilt events): the
	 * amendments extend the chain, the themes may change, the seal of the
	 * case as it was opened still holds. */
	long long open_id = count(up.db, "SELECT min(id) FROM cases WHERE state = 1");
	assert_true(open_id > 0);
	esc_amend_input fix = {.field = ESC_AMEND_DECISION, .to = "Corrected after the upgrade",
	                       .reason = "typo"};
	fixture_must(case_amend(&up, open_id, &fix, &err), &err);
	fix = (esc_amend_input){.field = ESC_AMEND_THEMES, .to = "Other; Information sharing",
	                        .reason = "wrong theme"};
	fixture_must(case_amend(&up, open_id, &fix, &err), &err);
	assert_int_equal(audit_verify(up.db, &rep, &err), ESC_OK);
	assert_int_equal(rep.events, 19);
	assert_int_equal(count(up.db, "SELECT count(*) FROM sqlite_schema WHERE name IN"
	                              " ('events_amended', 'events_in_time', 'case_themes_no_delete')"),
	                 3);
	session_close(&up);
	static const char *const suffix[] = {"", "-wal", "-shm"};
	for (size_t i = 0; i < 3; i++) {
		char path[420];
		snprintf(path, sizeof path, "%s%s", v1, suffix[i]);
		unlink(path);
	}
}

static void must_exec(sqlite3 *h, const char *sql)
{
	char *msg = NULL;
	if (sqlite3_exec(h, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg ? msg : "?");
	sqlite3_free(msg);
}

/* civil(text): a stored instant as the local wall-clock text release 1
 * wrote ("YYYY-MM-DD HH:MM:SS" in Europe/London); anything else unchanged. */
static void civil_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	const char *text = (const char *)sqlite3_value_text(argv[0]);
	char out[ESC_CIVIL_TEXT_LEN + 1];
	if (!text || !esc_instant_parse(text, NULL)) {
		sqlite3_result_value(ctx, argv[0]);
		return;
	}
	esc_instant_show(text, ESC_CIVIL_TEXT_LEN, out);
	sqlite3_result_text(ctx, out, -1, SQLITE_TRANSIENT);
}

/* Release 1's texts: every instant of the version-1 copy back to local
 * time, and its chain (events in id order, actions on their contact)
 * recomputed over them, as release 1 would have written it. */
static const char to_local_v1[] =
    "DROP TRIGGER events_no_update; DROP TRIGGER actions_no_update;"
    "DROP TRIGGER staff_history_no_update;"
    "UPDATE events SET at = civil(at), occurred_at = civil(occurred_at),"
    " informed_at = civil(informed_at);"
    "UPDATE cases SET opened_at = civil(opened_at), level_since = civil(level_since),"
    " updated_at = civil(updated_at);"
    "UPDATE staff SET created_at = civil(created_at);"
    "UPDATE staff_history SET at = civil(at);"
    "CREATE TEMP TABLE c (id INTEGER PRIMARY KEY, prev TEXT, hash TEXT);"
    "WITH RECURSIVE chain(id, prev, hash) AS (SELECT 0, NULL, '' UNION ALL"
    " SELECT e.id, chain.hash, esc_hash(chain.hash, " ESC_HASHED_EVENT_COLUMNS ")"
    " FROM chain JOIN events e ON e.id = (SELECT min(id) FROM events WHERE id > chain.id))"
    " INSERT INTO c SELECT id, prev, hash FROM chain WHERE id > 0;"
    "UPDATE events SET prev_hash = (SELECT prev FROM c WHERE c.id = events.id),"
    " hash = (SELECT hash FROM c WHERE c.id = events.id);"
    "UPDATE actions SET hash = esc_hash((SELECT e.hash FROM events e"
    " WHERE e.id = actions.event_id), " ESC_HASHED_ACTION_COLUMNS ");"
    "DROP TABLE c;"
    "CREATE TRIGGER events_no_update BEFORE UPDATE ON events"
    " BEGIN SELECT RAISE(ABORT, 'escalate: history is append-only'); END;"
    "CREATE TRIGGER actions_no_update BEFORE UPDATE ON actions"
    " BEGIN SELECT RAISE(ABORT, 'escalate: history is append-only'); END;"
    "CREATE TRIGGER staff_history_no_update BEFORE UPDATE ON staff_history"
    " BEGIN SELECT RAISE(ABORT, 'escalate: history is append-only'); END;";

/* Every stored instant of a database, in a fixed order, one per line. */
static char *instants(esc_db *db)
{
	static const char *const sql[] = {
	    "SELECT group_concat(x, char(10)) FROM (SELECT id || ' ' || at || ' ' ||"
	    " coalesce(occurred_at, '-') || ' ' || coalesce(informed_at, '-') AS x"
	    " FROM events ORDER BY id)",
	    "SELECT group_concat(x, char(10)) FROM (SELECT id || ' ' || opened_at || ' ' ||"
	    " level_since || ' ' || updated_at AS x FROM cases ORDER BY id)",
	    "SELECT group_concat(x, char(10)) FROM (SELECT id || ' ' || created_at AS x"
	    " FROM staff ORDER BY id)",
	    "SELECT group_concat(x, char(10)) FROM (SELECT id || ' ' || at AS x"
	    " FROM staff_history ORDER BY id)",
	};
	esc_buf b;
	esc_buf_init(&b);
	esc_error err = {0};
	for (size_t i = 0; i < sizeof sql / sizeof sql[0]; i++) {
		sqlite3_stmt *st = store_prepare(db, sql[i], &err);
		assert_non_null(st);
		assert_int_equal(store_step(db, st, &err), SQLITE_ROW);
		esc_buf_puts(&b, store_col_text(st, 0));
		esc_buf_puts(&b, "\n");
		sqlite3_reset(st);
	}
	return b.data;
}

/* A version-1 database as release 1 wrote it, with local times: upgraded,
 * every instant is the UTC one the current release writes for the same
 * history (typed in Europe/London), whatever TZ runs the upgrade; the
 * chains verify and the old head is kept; lists and reports are the same. */
static void test_version1_local_times_upgrade(void **state)
{
	test_db *t = *state;
	populate(t);
	char v1[400];
	snprintf(v1, sizeof v1, "%s/v1local.db", t->dir);
	test_db_write_v1(v1, t->path);
	sqlite3 *h = NULL;
	assert_int_equal(sqlite3_open(v1, &h), SQLITE_OK);
	assert_int_equal(audit_register(h), SQLITE_OK);
	assert_int_equal(sqlite3_create_function(h, "civil", 1, SQLITE_UTF8, NULL, civil_fn, NULL,
	                                         NULL),
	                 SQLITE_OK);
	must_exec(h, "BEGIN");
	must_exec(h, to_local_v1);
	must_exec(h, "COMMIT");
	sqlite3_stmt *st = NULL;
	char old_head[128] = "";
	assert_int_equal(sqlite3_prepare_v2(h, "SELECT at, id || ' ' || hash FROM events"
	                                       " ORDER BY id DESC LIMIT 1", -1, &st, NULL),
	                 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	/* release 1's texts: local time, no zone */
	assert_null(strchr((const char *)sqlite3_column_text(st, 0), 'Z'));
	snprintf(old_head, sizeof old_head, "%s", (const char *)sqlite3_column_text(st, 1));
	sqlite3_finalize(st);
	assert_int_equal(sqlite3_close(h), SQLITE_OK);

	setenv("TZ", "Asia/Tokyo", 1);
	esc_session up;
	esc_error err = {0};
	fixture_must(session_open(&up, v1, 0, -1, &err), &err);
	unsetenv("TZ");
	char *want = instants(t->s.db), *got = instants(up.db);
	assert_string_equal(got, want);
	free(want);
	free(got);

	esc_verify_report rep;
	fixture_must(audit_verify(up.db, &rep, &err), &err);
	char record[512] = "", key[160];
	fixture_must(store_setting_get(up.db, "utc_upgrade", record, sizeof record, &err), &err);
	snprintf(key, sizeof key, "last_event=%.*s event_hash=%s ", (int)strcspn(old_head, " "),
	         old_head, strchr(old_head, ' ') + 1);
	assert_non_null(strstr(record, key));
	assert_non_null(strstr(record, " broken_event=0 "));

	fixture_must(staff_find(up.db, "named", &up.me, &err), &err);
	test_db_act_as(t, "named");
	session_set_now(&up, "2026-07-10 09:00", &err);
	test_db_at(t, "2026-07-10 09:00");
	const esc_list_filter filters[] = {
	    {.include_closed = true, .sort = ESC_SORT_AGE},
	    {.include_closed = true, .sort = ESC_SORT_NEWEST},
	    {.overdue_only = true},
	    {.needs_action = true},
	};
	for (size_t i = 0; i < sizeof filters / sizeof filters[0]; i++)
		assert_same_list(&up, &t->s, &filters[i]);
	assert_same_report(&up, &t->s, "2026-27-Q1");
	assert_same_report(&up, &t->s, "2026-27-Q2");
	session_close(&up);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    FIXTURE_TEST(test_version1_upgrades),
	    FIXTURE_TEST(test_version1_local_times_upgrade),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
