/* Civil dates as day numbers, working days and UK financial-year quarters.
 *
 * Arithmetic is done on day numbers with Howard Hinnant's days-from-civil
 * algorithms (proleptic Gregorian), never with mktime: local-time rules
 * (daylight saving, TZ) must not shift a due date.  Nothing here looks at a
 * time zone; instants and the procedure's zone are civil.c's. */
#include "escalate/calendar.h"

#include <stdio.h>
#include <string.h>

/* Dates users may type; beyond these a date is a typing mistake, not a case. */
#define CAL_YEAR_MIN 1900
#define CAL_YEAR_MAX 2999

static bool cal_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int cal_month_days(int y, int m)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return (m == 2 && cal_leap(y)) ? 29 : days[m - 1];
}

/* Division rounding towards negative infinity, for day and quarter indices
 * before the epoch. */
static long cal_floordiv(long a, long b)
{
	long q = a / b;
	return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

static long cal_floormod(long a, long b)
{
	return a - cal_floordiv(a, b) * b;
}

/* Calendar validity only; the accepted year range is applied by the parsers. */
bool esc_date_valid(int y, int m, int d)
{
	return m >= 1 && m <= 12 && d >= 1 && d <= cal_month_days(y, m);
}

esc_day esc_day_from_ymd(int y, int m, int d)
{
	long yy = (long)y - (m <= 2);
	long era = cal_floordiv(yy, 400);
	long yoe = yy - era * 400;                                   /* [0, 399] */
	long doy = (153L * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1; /* [0, 365] */
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;            /* [0, 146096] */
	return era * 146097 + doe - 719468;
}

void esc_day_to_ymd(esc_day day, int *y, int *m, int *d)
{
	long z = day + 719468;
	long era = cal_floordiv(z, 146097);
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	int dd = (int)(doy - (153 * mp + 2) / 5 + 1);
	int mm = (int)(mp < 10 ? mp + 3 : mp - 9);
	if (y)
		*y = (int)(yoe + era * 400 + (mm <= 2));
	if (m)
		*m = mm;
	if (d)
		*d = dd;
}

/* 1970-01-01 was a Thursday (3 when Monday is 0). */
int esc_day_weekday(esc_day day)
{
	return (int)cal_floormod(day + 3, 7);
}

/* Writes v as exactly n decimal digits (the caller keeps v in range). */
static void cal_put_digits(char *out, unsigned v, int n)
{
	for (int i = n - 1; i >= 0; i--) {
		out[i] = (char)('0' + v % 10);
		v /= 10;
	}
}

void esc_day_format(esc_day day, char *out)
{
	int y, m, d;
	esc_day_to_ymd(day, &y, &m, &d);
	/* Keeps the text at ESC_DATE_LEN whatever day number arrives. */
	if (y < 0)
		y = 0;
	if (y > 9999)
		y = 9999;
	cal_put_digits(out, (unsigned)y, 4);
	out[4] = '-';
	cal_put_digits(out + 5, (unsigned)m, 2);
	out[7] = '-';
	cal_put_digits(out + 8, (unsigned)d, 2);
	out[ESC_DATE_LEN] = '\0';
}

/* "YYYY-MM-DD HH:MM:SS"; the fields are already known to be in range. */
static void cal_timestamp_write(esc_day day, int hour, int minute, int second, char *out)
{
	esc_day_format(day, out);
	out[10] = ' ';
	cal_put_digits(out + 11, (unsigned)hour, 2);
	out[13] = ':';
	cal_put_digits(out + 14, (unsigned)minute, 2);
	out[16] = ':';
	cal_put_digits(out + 17, (unsigned)second, 2);
	out[ESC_CIVIL_TEXT_LEN] = '\0';
}

/* Reads exactly n ASCII digits. */
static bool cal_digits(const char *s, int n, int *value)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*value = v;
	return true;
}

typedef struct cal_parsed {
	esc_day day;
	int hour, minute, second; /* hour is -1 when no time was given */
} cal_parsed;

/* The shared strict reader behind esc_date_parse and esc_timestamp_parse.
 * The user's text is echoed in a message only once its shape is known to be
 * digits and separators, so a message never carries terminal controls. */
static esc_status cal_parse(const char *text, const char *field, cal_parsed *out, esc_error *err)
{
	int y, m, d;
	if (!field)
		field = "date";
	if (!text || !*text)
		return esc_fail(err, ESC_EINVALID, field, "%s: is required", field);
	if (!cal_digits(text, 4, &y) || text[4] != '-' || !cal_digits(text + 5, 2, &m) ||
	    text[7] != '-' || !cal_digits(text + 8, 2, &d))
		goto shape;
	out->hour = out->minute = out->second = -1;
	const char *t = text + 10;
	if (*t == ' ' || *t == 'T') {
		if (!cal_digits(t + 1, 2, &out->hour) || t[3] != ':' ||
		    !cal_digits(t + 4, 2, &out->minute))
			goto shape;
		t += 6;
		out->second = 0;
		if (*t == ':') {
			if (!cal_digits(t + 1, 2, &out->second))
				goto shape;
			t += 3;
		}
	}
	if (*t != '\0')
		goto shape;
	if (y < CAL_YEAR_MIN || y > CAL_YEAR_MAX)
		return esc_fail(err, ESC_EINVALID, field,
		                "%s: year %04d is outside the years accepted (%d to %d)", field, y,
		                CAL_YEAR_MIN, CAL_YEAR_MAX);
	if (!esc_date_valid(y, m, d))
		return esc_fail(err, ESC_EINVALID, field, "%s: %.10s is not a real date", field,
		                text);
	if (out->hour >= 0 && (out->hour > 23 || out->minute > 59 || out->second > 59))
		return esc_fail(err, ESC_EINVALID, field,
		                "%s: %02d:%02d:%02d is not a real time of day (00:00 to 23:59)",
		                field, out->hour, out->minute, out->second);
	out->day = esc_day_from_ymd(y, m, d);
	return ESC_OK;
shape:
	return esc_fail(err, ESC_EINVALID, field,
	                "%s must be a date written YYYY-MM-DD, optionally with a time HH:MM",
	                field);
}

esc_status esc_date_parse(const char *text, const char *field, esc_day *day, int *minute_of_day,
                          esc_error *err)
{
	cal_parsed p;
	esc_status st = cal_parse(text, field, &p, err);
	if (st != ESC_OK)
		return st;
	if (day)
		*day = p.day;
	if (minute_of_day)
		*minute_of_day = p.hour < 0 ? -1 : p.hour * 60 + p.minute;
	return ESC_OK;
}

esc_status esc_civil_parse(const char *text, const char *field, esc_civil *out, bool *has_time,
                           esc_error *err)
{
	cal_parsed p;
	esc_status st = cal_parse(text, field, &p, err);
	if (st != ESC_OK)
		return st;
	if (has_time)
		*has_time = p.hour >= 0;
	if (p.hour < 0)
		p.hour = p.minute = p.second = 0;
	*out = (esc_civil){.day = p.day, .hour = p.hour, .minute = p.minute, .second = p.second};
	return ESC_OK;
}

void esc_civil_format(const esc_civil *c, char *out)
{
	cal_timestamp_write(c->day, c->hour, c->minute, c->second, out);
}

/* Index of the first holiday >= day (count when none). */
static size_t cal_holiday_lower_bound(const esc_holidays *hols, esc_day day)
{
	size_t lo = 0, hi = hols->count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (hols->days[mid] < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static bool cal_is_holiday(esc_day day, const esc_holidays *hols)
{
	if (!hols || hols->count == 0 || !hols->days)
		return false;
	size_t i = cal_holiday_lower_bound(hols, day);
	return i < hols->count && hols->days[i] == day;
}

bool esc_is_working_day(esc_day day, const esc_holidays *hols)
{
	return esc_day_weekday(day) < 5 && !cal_is_holiday(day, hols);
}

/* Negative n is treated as 0: the header promises nothing for it and a
 * target date is never counted backwards. */
esc_day esc_add_working_days(esc_day from, int n, const esc_holidays *hols)
{
	esc_day day = from;
	while (!esc_is_working_day(day, hols))
		day++;
	if (n <= 0)
		return day;
	day = from;
	while (n > 0) {
		day++;
		if (esc_is_working_day(day, hols))
			n--;
	}
	return day;
}

/* Monday-to-Friday days in [epoch-relative start, x), up to a constant; the
 * difference of two calls counts weekdays between them without a loop. */
static long cal_weekdays_before(esc_day x)
{
	long s = x + 3; /* s mod 7 is the weekday, Monday 0 */
	long r = cal_floormod(s, 7);
	return 5 * cal_floordiv(s, 7) + (r < 5 ? r : 5);
}

int esc_working_days_between(esc_day from, esc_day to, const esc_holidays *hols)
{
	if (to <= from)
		return 0;
	long count = cal_weekdays_before(to + 1) - cal_weekdays_before(from + 1);
	if (hols && hols->days) {
		esc_day last = from;
		for (size_t i = cal_holiday_lower_bound(hols, from + 1);
		     i < hols->count && hols->days[i] <= to; i++) {
			esc_day h = hols->days[i];
			/* The list may repeat a date or hold a weekend date. */
			if (h != last && esc_day_weekday(h) < 5)
				count--;
			last = h;
		}
	}
	return (int)count;
}

/* Quarter q (1..4) of the financial year starting in April of fy. */
static void cal_quarter_build(long fy, int q, esc_period *out)
{
	int first_month = q == 4 ? 1 : 3 * q + 1;
	int y = (int)(q == 4 ? fy + 1 : fy);
	out->from = esc_day_from_ymd(y, first_month, 1);
	out->to = esc_day_from_ymd(y, first_month + 2, cal_month_days(y, first_month + 2));
	/* Years are 1900..2998 here; the modulus only tells the compiler so. */
	snprintf(out->label, sizeof out->label, "%04d-%02d-Q%d", (int)(fy % 10000),
	         (int)cal_floormod(fy + 1, 100), q);
}

esc_status esc_quarter_parse(const char *text, esc_period *out, esc_error *err)
{
	const char *field = "quarter";
	int y, yy, q;
	if (!text || !cal_digits(text, 4, &y) || text[4] != '-' || !cal_digits(text + 5, 2, &yy) ||
	    text[7] != '-' || text[8] != 'Q' || !cal_digits(text + 9, 1, &q) || text[10] != '\0')
		return esc_fail(err, ESC_EINVALID, field,
		                "%s must be written like 2026-27-Q1 (financial year 2026-27, "
		                "quarter 1 to 4)",
		                field);
	/* The last year of the financial year must stay inside the date range. */
	if (y < CAL_YEAR_MIN || y >= CAL_YEAR_MAX)
		return esc_fail(err, ESC_EINVALID, field,
		                "%s: financial year %04d is outside the years accepted (%d to %d)",
		                field, y, CAL_YEAR_MIN, CAL_YEAR_MAX - 1);
	if (yy != (y + 1) % 100)
		return esc_fail(err, ESC_EINVALID, field,
		                "%s: %.7s is not a financial year (the year after %04d is written "
		                "%04d-%02d)",
		                field, text, y, y, (y + 1) % 100);
	if (q < 1 || q > 4)
		return esc_fail(err, ESC_EINVALID, field,
		                "%s: Q%d is not a quarter (Q1 April-June, Q2 July-September, "
		                "Q3 October-December, Q4 January-March)",
		                field, q);
	cal_quarter_build(y, q, out);
	return ESC_OK;
}

void esc_quarter_of(esc_day day, esc_period *out)
{
	int y, m, d;
	esc_day_to_ymd(day, &y, &m, &d);
	if (m >= 4)
		cal_quarter_build(y, (m - 4) / 3 + 1, out);
	else
		cal_quarter_build(y - 1L, 4, out);
}

void esc_quarter_step(const esc_period *q, int delta, esc_period *out)
{
	int y, m, d;
	esc_day_to_ymd(q->from, &y, &m, &d);
	long fy = m >= 4 ? y : y - 1L;
	int qn = m >= 4 ? (m - 4) / 3 + 1 : 4;
	long index = fy * 4 + (qn - 1) + delta;
	cal_quarter_build(cal_floordiv(index, 4), (int)cal_floormod(index, 4) + 1, out);
}

/* A range bound is a day: a time of day would make "inclusive" ambiguous. */
static esc_status cal_range_bound(const char *text, const char *field, esc_day *day, esc_error *err)
{
	int minute;
	esc_status st = esc_date_parse(text, field, day, &minute, err);
	if (st != ESC_OK)
		return st;
	if (minute >= 0)
		return esc_fail(err, ESC_EINVALID, field,
		                "%s must be a date written YYYY-MM-DD, without a time", field);
	return ESC_OK;
}

esc_status esc_period_from_range(const char *from, const char *to, esc_period *out, esc_error *err)
{
	esc_day a, b;
	esc_status st = cal_range_bound(from, "--from", &a, err);
	if (st == ESC_OK)
		st = cal_range_bound(to, "--to", &b, err);
	if (st != ESC_OK)
		return st;
	char fa[ESC_DATE_LEN + 1], fb[ESC_DATE_LEN + 1];
	esc_day_format(a, fa);
	esc_day_format(b, fb);
	if (a > b)
		return esc_fail(err, ESC_EINVALID, "--from",
		                "--from (%s) is after --to (%s); the range must run forwards", fa,
		                fb);
	out->from = a;
	out->to = b;
	snprintf(out->label, sizeof out->label, "%s..%s", fa, fb);
	return ESC_OK;
}
