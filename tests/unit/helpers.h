/* Unit-test helpers: a temporary database (schema and data/ defaults) with
 * one staff member per role, and short ways to drive a case through the
 * core's own write path. */
#ifndef ESCALATE_TEST_HELPERS_H
#define ESCALATE_TEST_HELPERS_H

#include <stdbool.h>

#include "escalate/case.h"
#include "escalate/session.h"

typedef struct test_db {
	char dir[256];
	char path[320];
	esc_session s;
} test_db;

/* Logins created by test_db_open (organisation "Test Trust"):
 *   "front"  frontline      "front2" frontline
 *   "named"  named          "desig"  designated
 *   "admin"  designated + admin
 * The session starts acting as "front" with the clock at 2026-05-01 09:00. */
void test_db_open(test_db *t);
/* cmocka group fixtures: a fresh test_db per test in *state. */
int test_db_setup(void **state);
int test_db_teardown(void **state);
void test_db_close(test_db *t);
/* Acts as another staff member (fails the test if unknown). */
void test_db_act_as(test_db *t, const char *login);
/* Pins the clock ("YYYY-MM-DD[ HH:MM]"). */
void test_db_at(test_db *t, const char *ts);

/* Runs SQL straight on the file, behind the core's back (as an attacker with
 * the file would); fails the test on an SQLite error. */
void test_db_exec(test_db *t, const char *sql);
/* The first column of the first row of a query (a count). */
long long test_db_count(test_db *t, const char *sql);
/* Writes `path` at schema version 1 with the history of the database at
 * `fresh_path`, its chain hashed as version 1 hashed it (an upgrade's input). */
void test_db_write_v1(const char *path, const char *fresh_path);

/* Opens a case as the current actor against `la` with one theme; asserts
 * success and returns the case id. */
long long test_case_open(test_db *t, const char *la, const char *theme);
/* Records a contact at the current level (asserts success). */
void test_case_contact(test_db *t, long long id, bool concern_remains);
/* Records an event with just a text (escalated, urgent, note, resolved,
 * withdrawn, reopened); returns the status without asserting. */
esc_status test_case_event(test_db *t, long long id, esc_event_kind kind, const char *text,
                           esc_error *err);
/* Records that someone was informed; returns the status. */
esc_status test_case_inform(test_db *t, long long id, esc_notify kind, esc_error *err);
/* The current guard view of a case (asserts success). */
esc_case_state test_case_state(test_db *t, long long id);

#endif
