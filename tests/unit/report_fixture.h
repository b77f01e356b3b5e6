/* Shared by the report tests (test_report.c: counting; test_report_render.c:
 * the formats): a fresh database per test and short ways to build histories
 * at pinned times and the table for a quarter or a range; and a CSV reader
 * for every test of CSV output. */
#ifndef ESCALATE_TEST_REPORT_FIXTURE_H
#define ESCALATE_TEST_REPORT_FIXTURE_H

#include "escalate/report.h"
#include "helpers.h"

/* cmocka setup/teardown: *state is a test_db opened by test_db_open. */
int fixture_setup(void **state);
int fixture_teardown(void **state);
#define FIXTURE_TEST(f) cmocka_unit_test_setup_teardown(f, fixture_setup, fixture_teardown)
/* Fails the test with the core's message unless st is ESC_OK. */
void fixture_must(esc_status st, const esc_error *err);
/* Opens a case at `ts` with one or two themes (theme2 may be NULL), as the
 * current actor; returns its id. */
long long fixture_open_at(test_db *t, const char *ts, const char *la, const char *theme1,
                          const char *theme2);
/* Records `kind` with the text "Reason given" at `ts` (asserts success). */
void fixture_event_at(test_db *t, const char *ts, long long id, esc_event_kind kind);
/* The table for a quarter ("2026-27-Q1") or a date range (asserts success). */
void fixture_build(test_db *t, const char *quarter, esc_report *r);
void fixture_build_range(test_db *t, const char *from, const char *to, esc_report *r);

/* A strict RFC 4180 reader (shared with test_case_format.c): records end in
 * CRLF, quoted fields double their quotes, an unquoted field holds no quote,
 * CR or LF.  Returns the number of records; fields[r][f] are malloc'd. */
#define CSV_ROWS 32
#define CSV_COLS 40
int fixture_csv_parse(const char *s, char *fields[CSV_ROWS][CSV_COLS], int ncols[CSV_ROWS]);

/* The clock fixture_build* pins before building: after every period used. */
#define FIXTURE_REPORT_DAY "2027-06-01 09:00"

#endif
