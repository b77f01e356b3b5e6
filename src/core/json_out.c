/* JSON building blocks shared by every output (see json_out.h).  Instants:
 * the UK's civil time is GMT, or BST (UTC+1) from 01:00 UTC on the last
 * Sunday of March to 01:00 UTC on the last Sunday of October (the Summer
 * Time Order 2002); that rule is all the conversion of the older local
 * timestamps needs. */
#include "escalate/json_out.h"

#include <stdio.h>
#include <string.h>

/* Day number of the last Sunday of month m of year y. */
static esc_day last_sunday(int y, int m)
{
	esc_day last = esc_day_from_ymd(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1) - 1;
	return last - (esc_day_weekday(last) + 1) % 7;
}

/* Seconds since the epoch of a civil (UTC-like) date and time. */
static long long epoch(esc_day day, int h, int mi, int s)
{
	return (long long)day * 86400 + h * 3600 + mi * 60 + s;
}

/* Is the UTC instant `t` (seconds) inside British Summer Time? */
static bool uk_summer(long long t, int year)
{
	long long start = epoch(last_sunday(year, 3), 1, 0, 0);
	long long end = epoch(last_sunday(year, 10), 1, 0, 0);
	return t >= start && t < end;
}

typedef struct instant {
	long long utc; /* seconds since the epoch */
	bool ok;
} instant;

/* Two digits at s, or -1. */
static int two_digits(const char *s)
{
	if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
		return -1;
	return (s[0] - '0') * 10 + (s[1] - '0');
}

/* "YYYY-MM-DDTHH:MM:SSZ" (UTC) or "YYYY-MM-DD HH:MM:SS" (civil, London),
 * exactly: every digit where the form has one (stored text is untrusted,
 * so no sscanf leniency about spaces or signs), years 1900 to 2999. */
static instant parse_stored(const char *s)
{
	instant r = {0, false};
	if (!s || strlen(s) < 19 || s[4] != '-' || s[7] != '-' || s[13] != ':' || s[16] != ':')
		return r;
	bool utc = s[10] == 'T' && s[19] == 'Z' && s[20] == '\0';
	bool civil = s[10] == ' ' && s[19] == '\0';
	int c = two_digits(s), yy = two_digits(s + 2), mo = two_digits(s + 5),
	    d = two_digits(s + 8), h = two_digits(s + 11), mi = two_digits(s + 14),
	    se = two_digits(s + 17);
	if ((!utc && !civil) || c < 0 || yy < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || se < 0)
		return r;
	int y = c * 100 + yy;
	if (y < 1900 || y > 2999 || !esc_date_valid(y, mo, d) || h > 23 || mi > 59 || se > 59)
		return r;
	long long t = epoch(esc_day_from_ymd(y, mo, d), h, mi, se);
	/* civil time: in summer it is an hour ahead of UTC (an hour that
	 * happens twice in October is read as the first) */
	r.utc = utc || !uk_summer(t - 3600, y) ? t : t - 3600;
	r.ok = true;
	return r;
}

static void format_iso(long long t, char out[ESC_INSTANT_LEN + 1])
{
	esc_day day = (esc_day)(t >= 0 ? t / 86400 : (t - 86399) / 86400);
	long long sec = t - (long long)day * 86400;
	char date[ESC_DATE_LEN + 1];
	esc_day_format(day, date);
	int h = (int)(sec / 3600 % 24), mi = (int)(sec / 60 % 60), se = (int)(sec % 60);
	char tail[16];
	snprintf(tail, sizeof tail, "T%02d:%02d:%02dZ", h % 24, mi % 60, se % 60);
	memcpy(out, date, ESC_DATE_LEN);
	memcpy(out + ESC_DATE_LEN, tail, ESC_INSTANT_LEN - ESC_DATE_LEN);
	out[ESC_INSTANT_LEN] = '\0';
}

bool esc_instant_iso(const char *stored, char out[ESC_INSTANT_LEN + 1])
{
	instant i = parse_stored(stored);
	out[0] = '\0';
	if (i.ok)
		format_iso(i.utc, out);
	return i.ok;
}

bool esc_instant_epoch(const char *stored, long long *out)
{
	instant i = parse_stored(stored);
	*out = i.utc;
	return i.ok;
}

esc_day esc_instant_day(const char *stored)
{
	instant i = parse_stored(stored);
	if (!i.ok)
		return -1;
	int y, m, d;
	esc_day_to_ymd((esc_day)(i.utc / 86400), &y, &m, &d);
	long long civil = uk_summer(i.utc, y) ? i.utc + 3600 : i.utc;
	return (esc_day)(civil / 86400);
}

void esc_json_instant(esc_buf *b, const char *stored)
{
	char iso[ESC_INSTANT_LEN + 1];
	if (esc_instant_iso(stored, iso))
		esc_buf_printf(b, "\"%s\"", iso);
	else
		esc_buf_puts(b, "null");
}

void esc_json_instant_date(esc_buf *b, const char *stored)
{
	esc_json_day(b, esc_instant_day(stored));
}

void esc_json_instant_pair(esc_buf *b, const char *key, const char *date_key, const char *stored)
{
	esc_json_key(b, true, key);
	esc_json_instant(b, stored);
	esc_json_key(b, false, date_key);
	esc_json_instant_date(b, stored);
}

void esc_json_day(esc_buf *b, esc_day day)
{
	if (day < 0) {
		esc_buf_puts(b, "null");
		return;
	}
	char s[ESC_DATE_LEN + 1];
	esc_day_format(day, s);
	esc_buf_printf(b, "\"%s\"", s);
}

void esc_json_person(esc_buf *b, const char *login, const char *name, esc_role role)
{
	esc_buf_puts(b, "{\"login\":");
	esc_json_string(b, login ? login : "");
	esc_buf_puts(b, ",\"name\":");
	esc_json_string(b, name ? name : "");
	esc_buf_puts(b, ",\"role\":");
	esc_json_string(b, esc_role_name(role));
	esc_buf_puts(b, "}");
}

void esc_json_key(esc_buf *b, bool first, const char *key)
{
	if (!first)
		esc_buf_add(b, ",", 1);
	esc_json_string(b, key);
	esc_buf_add(b, ":", 1);
}
