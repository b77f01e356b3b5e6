/* The time model (civil.c): instants as UTC text, civil time in the
 * procedure's zone at the clock changes, leap days and year ends, and the
 * writer's TZ taking no part.  The expected instants are worked out by hand
 * from the UK rule (summer time from 01:00 UTC on the last Sunday of March to
 * 01:00 UTC on the last Sunday of October). */
#include "escalate/civil.h"

#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static void use(const char *zone)
{
	esc_error err = {0};
	assert_int_equal(esc_zone_use(zone, &err), ESC_OK);
}

/* A typed civil time as the stored instant. */
static void typed_is(const char *typed, const char *want)
{
	char ts[ESC_TS_LEN + 1];
	esc_error err = {0};
	if (esc_timestamp_parse(typed, "at", ts, &err) != ESC_OK)
		fail_msg("%s: %s", typed, err.message);
	if (strcmp(ts, want) != 0)
		fail_msg("%s in %s: got %s, want %s", typed, esc_zone_current(), ts, want);
}

/* A stored instant as shown. */
static void shown_is(const char *instant, const char *want)
{
	char out[ESC_CIVIL_TEXT_LEN + 1];
	esc_instant_show(instant, ESC_CIVIL_TEXT_LEN, out);
	if (strcmp(out, want) != 0)
		fail_msg("%s in %s: shown %s, want %s", instant, esc_zone_current(), out, want);
}

static void test_instant_text(void **state)
{
	(void)state;
	char ts[ESC_INSTANT_LEN + 1];
	long long t = 0;
	esc_instant_format(0, ts);
	assert_string_equal(ts, "1970-01-01T00:00:00Z");
	esc_instant_format(1775000000, ts);
	assert_string_equal(ts, "2026-03-31T23:33:20Z");
	esc_instant_format(-1, ts); /* before the epoch: floor, not truncation */
	assert_string_equal(ts, "1969-12-31T23:59:59Z");
	assert_true(esc_instant_parse("2026-03-31T23:33:20Z", &t));
	assert_int_equal(t, 1775000000);
	assert_true(esc_instant_parse("2028-02-29T12:00:00Z", &t));
	const char *bad[] = {"2026-03-31 23:33:20",  "2026-03-31T23:33:20",  "2026-03-31T23:33:20z",
	                     "2026-02-29T00:00:00Z", "2026-03-31T24:00:00Z", "2026-03-31T23:60:00Z",
	                     "2026-03-31T23:33:20Z ", "", "2026-3-31T23:33:20Z"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (esc_instant_parse(bad[i], &t))
			fail_msg("'%s' read as an instant", bad[i]);
	assert_false(esc_instant_parse(NULL, &t));
	/* Fixed width sorts as time does. */
	char a[ESC_INSTANT_LEN + 1], b[ESC_INSTANT_LEN + 1];
	esc_instant_format(1798761599, a); /* 2026-12-31T23:59:59Z */
	esc_instant_format(1798761600, b);
	assert_true(strcmp(a, b) < 0);
	assert_string_equal(b, "2027-01-01T00:00:00Z");
}

/* Summer time: the same civil reading is an hour earlier in UTC. */
static void test_london_gmt_and_bst(void **state)
{
	(void)state;
	use("Europe/London");
	typed_is("2026-01-15 09:30", "2026-01-15T09:30:00Z");
	typed_is("2026-07-15 09:30", "2026-07-15T08:30:00Z");
	typed_is("2026-07-01", "2026-06-30T23:00:00Z"); /* a date is its midnight */
	shown_is("2026-06-30T23:30:00Z", "2026-07-01 00:30:00");
	shown_is("2026-12-31T23:30:00Z", "2026-12-31 23:30:00");
	/* Spring 2026: 29 March, 01:00 GMT becomes 02:00 BST. */
	typed_is("2026-03-29 00:59:59", "2026-03-29T00:59:59Z");
	typed_is("2026-03-29 02:00", "2026-03-29T01:00:00Z");
	shown_is("2026-03-29T00:59:59Z", "2026-03-29 00:59:59");
	shown_is("2026-03-29T01:00:00Z", "2026-03-29 02:00:00");
	/* Autumn 2026: 25 October, 02:00 BST becomes 01:00 GMT. */
	shown_is("2026-10-25T00:30:00Z", "2026-10-25 01:30:00");
	shown_is("2026-10-25T01:30:00Z", "2026-10-25 01:30:00");
	shown_is("2026-10-25T02:00:00Z", "2026-10-25 02:00:00");
	typed_is("2026-10-25 02:00", "2026-10-25T02:00:00Z");
	typed_is("2026-10-25 00:59", "2026-10-24T23:59:00Z");
}

/* The documented rule at the clock changes, for a typed time. */
static void test_clock_change_rule(void **state)
{
	(void)state;
	use("Europe/London");
	char ts[ESC_TS_LEN + 1];
	esc_error err = {0};
	/* Repeated hour: the first occurrence (summer time, the earlier instant). */
	typed_is("2026-10-25 01:30", "2026-10-25T00:30:00Z");
	typed_is("2026-10-25 01:00", "2026-10-25T00:00:00Z");
	typed_is("2026-10-25 01:59:59", "2026-10-25T00:59:59Z");
	/* Skipped hour: refused, naming the field and the zone. */
	assert_int_equal(esc_timestamp_parse("2026-03-29 01:30", "contact-at", ts, &err),
	                 ESC_EINVALID);
	assert_string_equal(err.field, "contact-at");
	assert_non_null(strstr(err.message, "2026-03-29 01:30 does not exist in Europe/London"));
	assert_int_equal(esc_timestamp_parse("2026-03-29 01:00", "at", ts, &err), ESC_EINVALID);
	/* Stored by an older release: the skipped hour moves forward by the gap,
	 * and the repeated hour takes the first reading not before the row before. */
	esc_civil c = {.day = esc_day_from_ymd(2026, 3, 29), .hour = 1, .minute = 30};
	long long t, nb;
	assert_int_equal(esc_civil_to_instant(&c, ESC_CIVIL_STORED, LLONG_MIN, &t, NULL, NULL),
	                 ESC_OK);
	esc_instant_format(t, ts);
	assert_string_equal(ts, "2026-03-29T01:30:00Z"); /* 02:30 BST */
	c = (esc_civil){.day = esc_day_from_ymd(2026, 10, 25), .hour = 1, .minute = 10};
	assert_true(esc_instant_parse("2026-10-25T00:50:00Z", &nb));
	assert_int_equal(esc_civil_to_instant(&c, ESC_CIVIL_STORED, nb, &t, NULL, NULL), ESC_OK);
	esc_instant_format(t, ts);
	assert_string_equal(ts, "2026-10-25T01:10:00Z"); /* after 01:50 BST: it was GMT */
	assert_int_equal(esc_civil_to_instant(&c, ESC_CIVIL_STORED, LLONG_MIN, &t, NULL, NULL),
	                 ESC_OK);
	esc_instant_format(t, ts);
	assert_string_equal(ts, "2026-10-25T00:10:00Z");
}

/* Days: a civil day in the zone, whatever the UTC date. */
static void test_days_and_boundaries(void **state)
{
	(void)state;
	char ts[ESC_INSTANT_LEN + 1];
	use("Europe/London");
	assert_int_equal(esc_timestamp_day("2026-06-30T23:30:00Z"), esc_day_from_ymd(2026, 7, 1));
	assert_int_equal(esc_timestamp_day("2026-12-31T23:30:00Z"), esc_day_from_ymd(2026, 12, 31));
	assert_int_equal(esc_timestamp_day("2026-04-01"), esc_day_from_ymd(2026, 4, 1));
	assert_int_equal(esc_timestamp_day("2026-04-01 09:30:00"), esc_day_from_ymd(2026, 4, 1));
	assert_int_equal(esc_timestamp_day("2026-02-30 09:30:00"), -1);
	assert_int_equal(esc_timestamp_day("2026-04-0"), -1);
	assert_int_equal(esc_timestamp_day("2026-04-01x"), -1);
	assert_int_equal(esc_timestamp_day(NULL), -1);
	/* Leap days. */
	typed_is("2028-02-29 23:30", "2028-02-29T23:30:00Z");
	shown_is("2028-02-29T23:59:59Z", "2028-02-29 23:59:59");
	shown_is("2028-03-01T00:00:00Z", "2028-03-01 00:00:00");
	esc_day_start_text(esc_day_from_ymd(2026, 7, 1), ts);
	assert_string_equal(ts, "2026-06-30T23:00:00Z");
	esc_day_start_text(esc_day_from_ymd(2027, 1, 1), ts);
	assert_string_equal(ts, "2027-01-01T00:00:00Z");
	esc_day_start_text(esc_day_from_ymd(2026, 3, 30), ts); /* first BST Monday */
	assert_string_equal(ts, "2026-03-29T23:00:00Z");

	/* Tokyo (no summer time, 9 hours east): year end and a leap day. */
	use("Asia/Tokyo");
	typed_is("2027-01-01 08:59", "2026-12-31T23:59:00Z");
	shown_is("2026-12-31T15:00:00Z", "2027-01-01 00:00:00");
	assert_int_equal(esc_timestamp_day("2028-02-28T15:00:00Z"), esc_day_from_ymd(2028, 2, 29));
	esc_day_start_text(esc_day_from_ymd(2028, 3, 1), ts);
	assert_string_equal(ts, "2028-02-29T15:00:00Z");
	/* New York: the other side of UTC; midnight of 1 January is 05:00 UTC. */
	use("America/New_York");
	esc_day_start_text(esc_day_from_ymd(2027, 1, 1), ts);
	assert_string_equal(ts, "2027-01-01T05:00:00Z");
	use("Europe/London");
}

/* The writer's TZ (and TZDIR) never moves a conversion. */
static void test_writer_tz_ignored(void **state)
{
	(void)state;
	const char *tzs[] = {"UTC", "Asia/Tokyo", "XXX-11", "America/Los_Angeles", ""};
	use("Europe/London");
	for (size_t i = 0; i < sizeof tzs / sizeof tzs[0]; i++) {
		setenv("TZ", tzs[i], 1);
		setenv("TZDIR", "/nonexistent", 1);
		tzset();
		typed_is("2026-07-01 00:30", "2026-06-30T23:30:00Z");
		shown_is("2026-06-30T23:30:00Z", "2026-07-01 00:30:00");
		assert_int_equal(esc_timestamp_day("2026-06-30T23:30:00Z"),
		                 esc_day_from_ymd(2026, 7, 1));
	}
	unsetenv("TZ");
	typed_is("2026-07-01 00:30", "2026-06-30T23:30:00Z");
	unsetenv("TZDIR");
}

static void test_zone_names(void **state)
{
	(void)state;
	esc_error err = {0};
	assert_int_equal(esc_zone_check("Europe/London", "ZONE", &err), ESC_OK);
	assert_int_equal(esc_zone_check("UTC", "ZONE", &err), ESC_OK);
	assert_int_equal(esc_zone_check("America/Argentina/Buenos_Aires", "ZONE", &err), ESC_OK);
	const char *bad[] = {"",
	                     "/etc/passwd",
	                     "../../../etc/passwd",
	                     "Europe/../Europe/London",
	                     "Europe/./London",
	                     "Europe//London",
	                     "Europe/London/",
	                     "Europe",           /* a directory */
	                     "zone.tab",         /* not a zone file */
	                     "Europe/Londinium", /* no such zone */
	                     "Europe/London\033[2J",
	                     "Europe/London xx",
	                     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		err = (esc_error){0};
		if (esc_zone_check(bad[i], "ZONE", &err) != ESC_EINVALID)
			fail_msg("zone '%s' accepted", bad[i]);
		assert_string_equal(err.field, "ZONE");
		assert_null(strchr(err.message, '\033'));
	}
	/* A refused zone leaves the one in use. */
	use("Europe/London");
	assert_int_equal(esc_zone_use("Mars/Olympus", &err), ESC_EINVALID);
	assert_string_equal(esc_zone_current(), "Europe/London");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_instant_text),      cmocka_unit_test(test_london_gmt_and_bst),
	    cmocka_unit_test(test_clock_change_rule), cmocka_unit_test(test_days_and_boundaries),
	    cmocka_unit_test(test_writer_tz_ignored), cmocka_unit_test(test_zone_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
