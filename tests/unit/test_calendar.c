/* Day numbers, date parsing, working days and financial quarters. */
#include "escalate/calendar.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static esc_day ymd(int y, int m, int d)
{
	return esc_day_from_ymd(y, m, d);
}

static void assert_day_is(esc_day day, const char *text)
{
	char buf[ESC_DATE_LEN + 1];
	esc_day_format(day, buf);
	assert_string_equal(buf, text);
}

static void assert_contains(const char *haystack, const char *needle)
{
	if (!strstr(haystack, needle))
		fail_msg("\"%s\" does not contain \"%s\"", haystack, needle);
}

/* Day numbers are checked against a plain day-by-day walk of the calendar,
 * which shares nothing with the arithmetic under test. */
static void test_day_numbers_walk(void **state)
{
	(void)state;
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	assert_int_equal(ymd(1970, 1, 1), 0);
	assert_int_equal(ymd(2026, 4, 1), 20544);
	esc_day expect = ymd(1900, 1, 1);
	assert_int_equal(expect, -25567);
	int weekday = 0; /* 1 January 1900 was a Monday */
	for (int y = 1900; y <= 2999; y++) {
		bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
		for (int m = 1; m <= 12; m++) {
			int n = mdays[m - 1] + (m == 2 && leap);
			for (int d = 1; d <= n; d++) {
				if (ymd(y, m, d) != expect)
					fail_msg("%04d-%02d-%02d gave %ld, expected %ld", y, m, d,
					         ymd(y, m, d), expect);
				int yy, mm, dd;
				esc_day_to_ymd(expect, &yy, &mm, &dd);
				if (yy != y || mm != m || dd != d)
					fail_msg("day %ld gave %04d-%02d-%02d", expect, yy, mm, dd);
				assert_int_equal(esc_day_weekday(expect), weekday);
				assert_true(esc_date_valid(y, m, d));
				expect++;
				weekday = (weekday + 1) % 7;
			}
			assert_false(esc_date_valid(y, m, n + 1));
		}
	}
	assert_false(esc_date_valid(2026, 0, 1));
	assert_false(esc_date_valid(2026, 13, 1));
	assert_false(esc_date_valid(2026, 1, 0));
	assert_day_is(ymd(1969, 12, 31), "1969-12-31");
	assert_int_equal(esc_day_weekday(-1), 2); /* Wednesday */
}

typedef struct parse_case {
	const char *text;
	bool ok;
	const char *day;   /* expected date when ok */
	int minute;        /* expected minute of day when ok */
	const char *error; /* expected part of the message when refused */
} parse_case;

static void test_date_parse_table(void **state)
{
	(void)state;
	static const parse_case cases[] = {
	    {.text = "2026-04-01", .ok = true, .day = "2026-04-01", .minute = -1},
	    {.text = "2024-02-29", .ok = true, .day = "2024-02-29", .minute = -1},
	    {.text = "2000-02-29", .ok = true, .day = "2000-02-29", .minute = -1},
	    {.text = "1900-01-01", .ok = true, .day = "1900-01-01", .minute = -1},
	    {.text = "2999-12-31", .ok = true, .day = "2999-12-31", .minute = -1},
	    {.text = "2026-04-01 09:30", .ok = true, .day = "2026-04-01", .minute = 570},
	    {.text = "2026-04-01T23:59", .ok = true, .day = "2026-04-01", .minute = 1439},
	    {.text = "2026-04-01 00:00:59", .ok = true, .day = "2026-04-01", .minute = 0},
	    {.text = "2026-04-01T12:05:30", .ok = true, .day = "2026-04-01", .minute = 725},
	    {.text = "2026-02-29", .error = "contact-date: 2026-02-29 is not a real date"},
	    {.text = "1900-02-29", .error = "contact-date: 1900-02-29 is not a real date"},
	    {.text = "2026-02-30", .error = "contact-date: 2026-02-30 is not a real date"},
	    {.text = "2026-04-31", .error = "contact-date: 2026-04-31 is not a real date"},
	    {.text = "2026-13-01", .error = "contact-date: 2026-13-01 is not a real date"},
	    {.text = "2026-00-10", .error = "contact-date: 2026-00-10 is not a real date"},
	    {.text = "2026-01-00", .error = "contact-date: 2026-01-00 is not a real date"},
	    {.text = "9999-99-99", .error = "contact-date: year 9999 is outside"},
	    {.text = "1899-12-31", .error = "contact-date: year 1899 is outside"},
	    {.text = "3000-01-01", .error = "contact-date: year 3000 is outside"},
	    {.text = "2026-04-01 24:00", .error = "not a real time of day"},
	    {.text = "2026-04-01 12:60", .error = "not a real time of day"},
	    {.text = "2026-04-01 12:00:60", .error = "not a real time of day"},
	    {.text = "2026-04-01x", .error = "contact-date must be a date written YYYY-MM-DD"},
	    {.text = "2026-04-01 ", .error = "optionally with a time HH:MM"},
	    {.text = "2026-04-01 9:30", .error = "must be a date written"},
	    {.text = "2026-04-01 09:30:", .error = "must be a date written"},
	    {.text = "2026-04-01 09:30:1", .error = "must be a date written"},
	    {.text = "2026-04-01 09:30 ", .error = "must be a date written"},
	    {.text = "2026-4-01", .error = "must be a date written"},
	    {.text = "26-04-01", .error = "must be a date written"},
	    {.text = "2026/04/01", .error = "must be a date written"},
	    {.text = " 2026-04-01", .error = "must be a date written"},
	    {.text = "01-04-2026", .error = "must be a date written"},
	    {.text = "2026-04-01\x1b[2J", .error = "must be a date written"},
	    {.text = "", .error = "contact-date: is required"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const parse_case *c = &cases[i];
		esc_error err = {0};
		esc_day day = 12345;
		int minute = 12345;
		esc_status st = esc_date_parse(c->text, "contact-date", &day, &minute, &err);
		if (c->ok) {
			if (st != ESC_OK)
				fail_msg("\"%s\" refused: %s", c->text, err.message);
			assert_day_is(day, c->day);
			assert_int_equal(minute, c->minute);
		} else {
			if (st != ESC_EINVALID)
				fail_msg("\"%s\" accepted", c->text);
			assert_string_equal(err.field, "contact-date");
			assert_contains(err.message, c->error);
			/* The raw text is never echoed: it may hold terminal controls. */
			assert_null(strchr(err.message, '\x1b'));
			assert_int_equal(day, 12345);
		}
	}
	esc_error err = {0};
	assert_int_equal(esc_date_parse(NULL, "due", NULL, NULL, &err), ESC_EINVALID);
	assert_string_equal(err.message, "due: is required");
}

/* The reader with seconds (civil.c turns its result into an instant). */
static void test_civil_parse(void **state)
{
	(void)state;
	esc_civil c;
	bool has_time = true;
	char text[ESC_CIVIL_TEXT_LEN + 1];
	esc_error err = {0};
	assert_int_equal(esc_civil_parse("2026-04-01", "at", &c, &has_time, &err), ESC_OK);
	assert_false(has_time);
	esc_civil_format(&c, text);
	assert_string_equal(text, "2026-04-01 00:00:00");
	assert_int_equal(esc_civil_parse("2026-04-01T09:05", "at", &c, &has_time, &err), ESC_OK);
	assert_true(has_time);
	esc_civil_format(&c, text);
	assert_string_equal(text, "2026-04-01 09:05:00");
	assert_int_equal(esc_civil_parse("2026-12-31 23:59:58", "at", &c, NULL, &err), ESC_OK);
	esc_civil_format(&c, text);
	assert_string_equal(text, "2026-12-31 23:59:58");
	assert_int_equal(c.second, 58);
	assert_int_equal(esc_civil_parse("2026-02-29 10:00", "at", &c, NULL, &err), ESC_EINVALID);
	assert_string_equal(err.field, "at");
	assert_contains(err.message, "at: 2026-02-29 is not a real date");
}

/* England and Wales 2026, as in data/bank_holidays.txt; days holds 8. */
static esc_holidays hols_2026(esc_day *days)
{
	static const char *dates[] = {"2026-01-01", "2026-04-03", "2026-04-06", "2026-05-04",
	                              "2026-05-25", "2026-08-31", "2026-12-25", "2026-12-28"};
	for (size_t i = 0; i < 8; i++)
		assert_int_equal(esc_date_parse(dates[i], "holiday", &days[i], NULL, NULL), ESC_OK);
	return (esc_holidays){.days = days, .count = 8};
}

typedef struct add_case {
	const char *from;
	int n;
	const char *want;
} add_case;

static void test_add_working_days(void **state)
{
	(void)state;
	esc_day days[8];
	esc_holidays h = hols_2026(days);
	static const add_case cases[] = {
	    {.from = "2026-04-13", .n = 0, .want = "2026-04-13"}, /* Monday: itself */
	    {.from = "2026-04-11", .n = 0, .want = "2026-04-13"}, /* Saturday -> Monday */
	    {.from = "2026-04-12", .n = 0, .want = "2026-04-13"}, /* Sunday -> Monday */
	    {.from = "2026-04-03", .n = 0, .want = "2026-04-07"}, /* Good Friday -> Tuesday */
	    {.from = "2026-04-04", .n = 0, .want = "2026-04-07"}, /* over Easter Monday */
	    {.from = "2026-04-10", .n = 1, .want = "2026-04-13"}, /* Friday + 1 = Monday */
	    {.from = "2026-04-11", .n = 1, .want = "2026-04-13"}, /* Saturday + 1 = Monday */
	    {.from = "2026-04-11", .n = 2, .want = "2026-04-14"},
	    {.from = "2026-04-02", .n = 1, .want = "2026-04-07"}, /* over the Easter weekend */
	    {.from = "2026-04-01", .n = 5, .want = "2026-04-10"},
	    {.from = "2026-04-13", .n = 5, .want = "2026-04-20"},
	    {.from = "2026-12-23", .n = 3, .want = "2026-12-30"},  /* Christmas, Boxing Day sub */
	    {.from = "2026-12-31", .n = 1, .want = "2027-01-01"},  /* 2027 not in this list */
	    {.from = "2026-04-13", .n = -3, .want = "2026-04-13"}, /* negative: as 0 */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		esc_day from;
		assert_int_equal(esc_date_parse(cases[i].from, "from", &from, NULL, NULL), ESC_OK);
		assert_day_is(esc_add_working_days(from, cases[i].n, &h), cases[i].want);
	}
	/* Without holidays only weekends are skipped. */
	assert_day_is(esc_add_working_days(ymd(2026, 4, 2), 1, NULL), "2026-04-03");
	assert_true(esc_is_working_day(ymd(2026, 4, 3), NULL));
	assert_false(esc_is_working_day(ymd(2026, 4, 3), &h));
	assert_false(esc_is_working_day(ymd(2026, 4, 4), &h));
	assert_true(esc_is_working_day(ymd(2026, 4, 7), &h));
}

static void test_working_days_between(void **state)
{
	(void)state;
	esc_day days[8];
	esc_holidays h = hols_2026(days);
	esc_day wed = ymd(2026, 4, 1);
	assert_int_equal(esc_working_days_between(wed, ymd(2026, 4, 10), &h), 5);
	assert_int_equal(esc_working_days_between(wed, ymd(2026, 4, 10), NULL), 7);
	assert_int_equal(esc_working_days_between(wed, wed, &h), 0);
	assert_int_equal(esc_working_days_between(ymd(2026, 4, 10), wed, &h), 0);
	assert_int_equal(esc_working_days_between(ymd(2026, 4, 10), ymd(2026, 4, 12), &h), 0);
	assert_int_equal(esc_working_days_between(ymd(2026, 4, 10), ymd(2026, 4, 13), &h), 1);
	/* 2026 has 261 weekdays; 8 holidays fall on weekdays. */
	assert_int_equal(esc_working_days_between(ymd(2025, 12, 31), ymd(2026, 12, 31), NULL), 261);
	assert_int_equal(esc_working_days_between(ymd(2025, 12, 31), ymd(2026, 12, 31), &h), 253);
}

/* Both functions against a day-by-day count, over ranges before and after
 * the epoch and with a list holding a repeated date and a weekend date. */
static void test_working_days_agree_with_walk(void **state)
{
	(void)state;
	esc_day list[] = {ymd(1969, 12, 25), ymd(1969, 12, 26), ymd(1970, 1, 1),
	                  ymd(1970, 1, 1),   ymd(1970, 1, 3),   ymd(2026, 4, 3),
	                  ymd(2026, 4, 6),   ymd(2026, 4, 6),   ymd(2026, 5, 2)};
	esc_holidays h = {.days = list, .count = sizeof list / sizeof list[0]};
	const esc_day starts[] = {ymd(1969, 12, 1), ymd(2026, 3, 20)};
	for (size_t s = 0; s < 2; s++) {
		for (esc_day from = starts[s]; from < starts[s] + 40; from++) {
			int walked = 0;
			for (esc_day to = from; to < from + 60; to++) {
				if (to > from && esc_is_working_day(to, &h))
					walked++;
				assert_int_equal(esc_working_days_between(from, to, &h), walked);
				if (walked > 0 && esc_is_working_day(to, &h))
					assert_int_equal(esc_add_working_days(from, walked, &h),
					                 to);
			}
		}
	}
}

static void assert_period(const esc_period *p, const char *from, const char *to, const char *label)
{
	assert_day_is(p->from, from);
	assert_day_is(p->to, to);
	assert_string_equal(p->label, label);
}

static void test_quarter_parse(void **state)
{
	(void)state;
	esc_period p;
	esc_error err = {0};
	assert_int_equal(esc_quarter_parse("2026-27-Q1", &p, &err), ESC_OK);
	assert_period(&p, "2026-04-01", "2026-06-30", "2026-27-Q1");
	assert_int_equal(esc_quarter_parse("2026-27-Q2", &p, &err), ESC_OK);
	assert_period(&p, "2026-07-01", "2026-09-30", "2026-27-Q2");
	assert_int_equal(esc_quarter_parse("2026-27-Q3", &p, &err), ESC_OK);
	assert_period(&p, "2026-10-01", "2026-12-31", "2026-27-Q3");
	assert_int_equal(esc_quarter_parse("2026-27-Q4", &p, &err), ESC_OK);
	assert_period(&p, "2027-01-01", "2027-03-31", "2026-27-Q4");
	assert_int_equal(esc_quarter_parse("2099-00-Q1", &p, &err), ESC_OK);
	assert_period(&p, "2099-04-01", "2099-06-30", "2099-00-Q1");
	assert_int_equal(esc_quarter_parse("2023-24-Q4", &p, &err), ESC_OK);
	assert_period(&p, "2024-01-01", "2024-03-31", "2023-24-Q4");

	static const struct {
		const char *text, *error;
	} bad[] = {
	    {"2026-28-Q1", "not a financial year"},
	    {"2026-26-Q1", "not a financial year"},
	    {"2099-100-Q1", "must be written like 2026-27-Q1"},
	    {"2026-27-Q5", "Q5 is not a quarter"},
	    {"2026-27-Q0", "Q0 is not a quarter"},
	    {"2026-27", "must be written like 2026-27-Q1"},
	    {"2026-27-Q", "must be written like"},
	    {"2026-27-Q1x", "must be written like"},
	    {"2026-27-Q12", "must be written like"},
	    {"2026-27-1", "must be written like"},
	    {"2026-Q1", "must be written like"},
	    {"1899-00-Q1", "outside the years accepted"},
	    {"", "must be written like"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		esc_error e = {0};
		if (esc_quarter_parse(bad[i].text, &p, &e) != ESC_EINVALID)
			fail_msg("\"%s\" accepted", bad[i].text);
		assert_string_equal(e.field, "quarter");
		assert_contains(e.message, bad[i].error);
	}
	assert_int_equal(esc_quarter_parse(NULL, &p, &err), ESC_EINVALID);
}

static void test_quarter_of_boundaries(void **state)
{
	(void)state;
	esc_period p;
	esc_quarter_of(ymd(2026, 3, 31), &p);
	assert_period(&p, "2026-01-01", "2026-03-31", "2025-26-Q4");
	esc_quarter_of(ymd(2026, 4, 1), &p);
	assert_period(&p, "2026-04-01", "2026-06-30", "2026-27-Q1");
	esc_quarter_of(ymd(2026, 6, 30), &p);
	assert_string_equal(p.label, "2026-27-Q1");
	esc_quarter_of(ymd(2026, 7, 1), &p);
	assert_period(&p, "2026-07-01", "2026-09-30", "2026-27-Q2");
	esc_quarter_of(ymd(2026, 12, 31), &p);
	assert_string_equal(p.label, "2026-27-Q3");
	esc_quarter_of(ymd(2027, 1, 1), &p);
	assert_period(&p, "2027-01-01", "2027-03-31", "2026-27-Q4");
	esc_quarter_of(ymd(2000, 2, 29), &p);
	assert_period(&p, "2000-01-01", "2000-03-31", "1999-00-Q4");

	/* Every day of several years lies inside its quarter, whose label parses
	 * back to the same period. */
	for (esc_day d = ymd(2023, 1, 1); d <= ymd(2028, 12, 31); d++) {
		esc_period q, back;
		esc_quarter_of(d, &q);
		assert_true(q.from <= d && d <= q.to);
		assert_int_equal(esc_quarter_parse(q.label, &back, NULL), ESC_OK);
		assert_int_equal(back.from, q.from);
		assert_int_equal(back.to, q.to);
	}
}

static void test_quarter_step(void **state)
{
	(void)state;
	esc_period q, out;
	assert_int_equal(esc_quarter_parse("2026-27-Q4", &q, NULL), ESC_OK);
	esc_quarter_step(&q, 1, &out);
	assert_period(&out, "2027-04-01", "2027-06-30", "2027-28-Q1");
	esc_quarter_step(&q, 0, &out);
	assert_string_equal(out.label, "2026-27-Q4");
	esc_quarter_step(&q, -1, &out);
	assert_period(&out, "2026-10-01", "2026-12-31", "2026-27-Q3");
	assert_int_equal(esc_quarter_parse("2026-27-Q1", &q, NULL), ESC_OK);
	esc_quarter_step(&q, -1, &out);
	assert_period(&out, "2026-01-01", "2026-03-31", "2025-26-Q4");
	esc_quarter_step(&q, -5, &out);
	assert_string_equal(out.label, "2024-25-Q4");
	esc_quarter_step(&q, 8, &out);
	assert_string_equal(out.label, "2028-29-Q1");
	esc_quarter_step(&q, 3, &out);
	assert_string_equal(out.label, "2026-27-Q4");
	/* A period that is not a quarter steps from the quarter of its start. */
	esc_period range;
	assert_int_equal(esc_period_from_range("2026-05-10", "2026-11-02", &range, NULL), ESC_OK);
	esc_quarter_step(&range, 1, &out);
	assert_string_equal(out.label, "2026-27-Q2");
	/* Stepping forward then back returns to the start. */
	for (int delta = -9; delta <= 9; delta++) {
		esc_period there, back;
		esc_quarter_step(&q, delta, &there);
		esc_quarter_step(&there, -delta, &back);
		assert_string_equal(back.label, "2026-27-Q1");
		/* Consecutive quarters leave no gap and do not overlap. */
		esc_period next;
		esc_quarter_step(&there, 1, &next);
		assert_int_equal(next.from, there.to + 1);
	}
}

static void test_period_from_range(void **state)
{
	(void)state;
	esc_period p;
	esc_error err = {0};
	assert_int_equal(esc_period_from_range("2026-04-01", "2026-06-30", &p, &err), ESC_OK);
	assert_period(&p, "2026-04-01", "2026-06-30", "2026-04-01..2026-06-30");
	assert_int_equal(esc_period_from_range("2026-04-01", "2026-04-01", &p, &err), ESC_OK);
	assert_int_equal(p.from, p.to);

	assert_int_equal(esc_period_from_range("2026-06-30", "2026-04-01", &p, &err), ESC_EINVALID);
	assert_string_equal(err.field, "--from");
	assert_contains(err.message, "--from (2026-06-30) is after --to (2026-04-01)");
	assert_int_equal(esc_period_from_range("2026-04-01", "2026-02-30", &p, &err), ESC_EINVALID);
	assert_string_equal(err.field, "--to");
	assert_contains(err.message, "--to: 2026-02-30 is not a real date");
	assert_int_equal(esc_period_from_range("April", "2026-06-30", &p, &err), ESC_EINVALID);
	assert_string_equal(err.field, "--from");
	assert_int_equal(esc_period_from_range("2026-04-01 10:00", "2026-06-30", &p, &err),
	                 ESC_EINVALID);
	assert_contains(err.message, "--from must be a date written YYYY-MM-DD, without a time");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_day_numbers_walk),
	    cmocka_unit_test(test_date_parse_table),
	    cmocka_unit_test(test_civil_parse),
	    cmocka_unit_test(test_add_working_days),
	    cmocka_unit_test(test_working_days_between),
	    cmocka_unit_test(test_working_days_agree_with_walk),
	    cmocka_unit_test(test_quarter_parse),
	    cmocka_unit_test(test_quarter_of_boundaries),
	    cmocka_unit_test(test_quarter_step),
	    cmocka_unit_test(test_period_from_range),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
