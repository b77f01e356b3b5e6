/* Civil dates, working days and UK financial-year quarters.
 *
 * A date is a day number (days since 1970-01-01, proleptic Gregorian).  A
 * stored timestamp is a UTC instant "YYYY-MM-DDTHH:MM:SSZ", which sorts and
 * compares as text in SQLite; its conversions to and from civil time in the
 * procedure's zone are in civil.h. */
#ifndef ESCALATE_CALENDAR_H
#define ESCALATE_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "escalate/error.h"

typedef long esc_day;

#define ESC_DATE_LEN 10 /* YYYY-MM-DD */
#define ESC_TS_LEN 20   /* YYYY-MM-DDTHH:MM:SSZ (civil.h) */

bool esc_date_valid(int y, int m, int d);
esc_day esc_day_from_ymd(int y, int m, int d);
void esc_day_to_ymd(esc_day day, int *y, int *m, int *d);
/* 0 = Monday ... 6 = Sunday */
int esc_day_weekday(esc_day day);
/* out must hold ESC_DATE_LEN + 1 bytes */
void esc_day_format(esc_day day, char *out);

/* Parses "YYYY-MM-DD" or "YYYY-MM-DD HH:MM" / "YYYY-MM-DDTHH:MM[:SS]".
 * On success sets *day and *minute_of_day (-1 when no time was given).
 * On failure fills err naming `field` ("contact-date: 2026-02-30 is not a real
 * date", "contact-date must be a date written YYYY-MM-DD, optionally with a
 * time HH:MM"); years outside 1900..2999 are refused. */
esc_status esc_date_parse(const char *text, const char *field, esc_day *day,
                          int *minute_of_day, esc_error *err);

/* A civil time: a wall-clock reading (in the procedure's zone, civil.h). */
typedef struct esc_civil {
	esc_day day;
	int hour, minute, second;
} esc_civil;

/* The strict reader behind esc_date_parse, with seconds: the same forms,
 * messages and limits.  *has_time is false (and the time 00:00:00) when only
 * a date was given. */
esc_status esc_civil_parse(const char *text, const char *field, esc_civil *out, bool *has_time,
                           esc_error *err);
/* "YYYY-MM-DD HH:MM:SS"; out must hold ESC_CIVIL_TEXT_LEN + 1 bytes. */
#define ESC_CIVIL_TEXT_LEN 19
void esc_civil_format(const esc_civil *c, char *out);

/* A set of non-working dates (bank holidays), sorted. */
typedef struct esc_holidays {
	esc_day *days;
	size_t count;
} esc_holidays;

bool esc_is_working_day(esc_day day, const esc_holidays *hols);
/* The date `n` working days after `from` (n >= 0; n == 0 gives the next
 * working day on or after from). */
esc_day esc_add_working_days(esc_day from, int n, const esc_holidays *hols);
/* Working days strictly after `from` up to and including `to` (0 if to <= from). */
int esc_working_days_between(esc_day from, esc_day to, const esc_holidays *hols);

/* An inclusive range of days. */
typedef struct esc_period {
	esc_day from;
	esc_day to;
	char label[32]; /* "2026-27-Q1" or "2026-04-01..2026-06-30" */
} esc_period;

/* "2026-27-Q1" = 1 April to 30 June 2026; Q4 = January to March 2027.
 * The second year must follow the first ("2026-28-Q1" is refused). */
esc_status esc_quarter_parse(const char *text, esc_period *out, esc_error *err);
/* The financial quarter containing `day`. */
void esc_quarter_of(esc_day day, esc_period *out);
/* The quarter `delta` quarters after (negative: before) q. */
void esc_quarter_step(const esc_period *q, int delta, esc_period *out);
/* From two dates (inclusive); from must not be after to. */
esc_status esc_period_from_range(const char *from, const char *to, esc_period *out,
                                 esc_error *err);

#endif
