/* The report tests' shared fixture (see report_fixture.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "report_fixture.h"

int fixture_setup(void **state)
{
	test_db *t = calloc(1, sizeof *t);
	assert_non_null(t);
	test_db_open(t);
	*state = t;
	return 0;
}

int fixture_teardown(void **state)
{
	test_db_close(*state);
	free(*state);
	return 0;
}

void fixture_must(esc_status st, const esc_error *err)
{
	if (st != ESC_OK)
		fail_msg("core call failed: %s (%s)", err->message, esc_status_name(st));
}

/* Opens a case at `ts` with one or two themes, as the current actor. */
long long fixture_open_at(test_db *t, const char *ts, const char *la, const char *theme1,
                          const char *theme2)
{
	esc_error err = {0};
	esc_case_ref ref;
	esc_new_case in = {
	    .child_kind = ESC_CHILD_NHS,
	    .child_id = "9434765919",
	    .local_authority = la,
	    .decision = "Referral not accepted",
	    .concern = "Child at risk of neglect",
	    .themes = {theme1, theme2},
	    .ntheme = theme2 ? 2 : 1,
	};
	test_db_at(t, ts);
	fixture_must(case_open(&t->s, &in, &ref, &err), &err);
	return ref.id;
}

void fixture_event_at(test_db *t, const char *ts, long long id, esc_event_kind kind)
{
	esc_error err = {0};
	test_db_at(t, ts);
	fixture_must(test_case_event(t, id, kind, "Reason given", &err), &err);
}

void fixture_build(test_db *t, const char *quarter, esc_report *r)
{
	esc_error err = {0};
	esc_period p;
	/* Reports here describe periods already over. */
	test_db_at(t, FIXTURE_REPORT_DAY);
	fixture_must(esc_quarter_parse(quarter, &p, &err), &err);
	fixture_must(report_build(&t->s, &p, r, &err), &err);
	r->receipt[0] = '\0'; /* the tables only; test_receipt.c checks the footer */
}

void fixture_build_range(test_db *t, const char *from, const char *to, esc_report *r)
{
	esc_error err = {0};
	esc_period p;
	/* Reports here describe periods already over. */
	test_db_at(t, FIXTURE_REPORT_DAY);
	fixture_must(esc_period_from_range(from, to, &p, &err), &err);
	fixture_must(report_build(&t->s, &p, r, &err), &err);
	r->receipt[0] = '\0'; /* the tables only; test_receipt.c checks the footer */
}

int fixture_csv_parse(const char *s, char *fields[CSV_ROWS][CSV_COLS], int ncols[CSV_ROWS])
{
	int row = 0;
	while (*s) {
		assert_true(row < CSV_ROWS);
		int col = 0;
		for (;;) {
			esc_buf f;
			esc_buf_init(&f);
			if (*s == '"') {
				for (s++;; s++) {
					assert_true(*s != '\0');
					if (*s == '"' && s[1] == '"')
						esc_buf_add(&f, s++, 1);
					else if (*s == '"')
						break;
					else
						esc_buf_add(&f, s, 1);
				}
				s++;
			} else {
				size_t n = strcspn(s, ",\r\n\"");
				esc_buf_add(&f, s, n);
				s += n;
				assert_true(*s != '"');
			}
			assert_true(col < CSV_COLS);
			fields[row][col++] = f.data;
			if (*s == ',') {
				s++;
				continue;
			}
			assert_true(s[0] == '\r' && s[1] == '\n');
			s += 2;
			break;
		}
		ncols[row++] = col;
	}
	return row;
}
