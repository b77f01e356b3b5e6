/* The time model (civil.h): UTC instants as stored text, and their civil
 * time in the procedure's zone.
 *
 * The zone's rules come from the system time zone database through glibc:
 * the process's TZ is set to ":/usr/share/zoneinfo/NAME" (an absolute file,
 * so TZDIR plays no part) and tzset() run, and localtime_r does the rest.
 * Each conversion first checks that TZ still names that file (anything else
 * that changed TZ, or cleared the environment, is undone), so the writer's
 * own TZ never reaches a conversion.  Day arithmetic stays in calendar.c. */
#define _DEFAULT_SOURCE /* tm_gmtoff */
#include "escalate/civil.h"

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "escalate/store.h"

#define DAY_SECONDS 86400LL

static char zone_name[ESC_ZONE_MAX + 1] = ESC_DEFAULT_ZONE;
static char zone_tz[sizeof ESC_ZONEINFO_DIR + ESC_ZONE_MAX + 2];

/* TZ names the zone's file again if anything changed it. */
static void zone_apply(void)
{
	if (!zone_tz[0])
		snprintf(zone_tz, sizeof zone_tz, ":%s/%s", ESC_ZONEINFO_DIR, zone_name);
	const char *tz = getenv("TZ");
	if (!tz || strcmp(tz, zone_tz) != 0) {
		setenv("TZ", zone_tz, 1);
		tzset();
	}
}

static bool zone_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '+' || c == '-' || c == '/';
}

/* A regular file that starts with the TZif magic. */
static bool zone_file(const char *name)
{
	char path[sizeof ESC_ZONEINFO_DIR + ESC_ZONE_MAX + 2];
	char magic[4];
	struct stat st;
	snprintf(path, sizeof path, "%s/%s", ESC_ZONEINFO_DIR, name);
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return false;
	bool ok = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	          read(fd, magic, sizeof magic) == (ssize_t)sizeof magic &&
	          memcmp(magic, "TZif", 4) == 0;
	close(fd);
	return ok;
}

esc_status esc_zone_check(const char *name, const char *field, esc_error *err)
{
	size_t n = name ? strlen(name) : 0;
	if (!field)
		field = "time zone";
	if (n == 0)
		return esc_fail(err, ESC_EINVALID, field,
		                "%s: give a time zone name such as Europe/London", field);
	if (n > ESC_ZONE_MAX)
		return esc_fail(err, ESC_EINVALID, field,
		                "%s: a time zone name has at most %d characters", field, ESC_ZONE_MAX);
	if (name[0] == '/')
		return esc_fail(err, ESC_EINVALID, field,
		                "%s: give a zone name such as Europe/London, not a path", field);
	for (size_t i = 0; i < n; i++)
		if (!zone_char(name[i]))
			return esc_fail(err, ESC_EINVALID, field,
			                "%s: a time zone name has only letters, digits, '_', '+', '-' "
			                "and '/' (such as Europe/London)",
			                field);
	/* Every part between slashes is a name: none empty, none "." or "..". */
	for (const char *p = name; *p;) {
		size_t len = strcspn(p, "/");
		if (len == 0 || (len == 1 && p[0] == '.') || (len == 2 && p[0] == '.' && p[1] == '.'))
			return esc_fail(err, ESC_EINVALID, field,
			                "%s: %s is not a time zone name (such as Europe/London)", field,
			                name);
		p += len;
		if (*p == '/' && !*++p)
			return esc_fail(err, ESC_EINVALID, field,
			                "%s: %s is not a time zone name (such as Europe/London)", field,
			                name);
	}
	if (!zone_file(name))
		return esc_fail(err, ESC_EINVALID, field,
		                "%s: %s is not a time zone in %s (is the package tzdata installed? "
		                "names look like Europe/London)",
		                field, name, ESC_ZONEINFO_DIR);
	return ESC_OK;
}

esc_status esc_zone_use(const char *name, esc_error *err)
{
	if (esc_zone_check(name, "time_zone", err) != ESC_OK)
		return err->status;
	snprintf(zone_name, sizeof zone_name, "%s", name);
	zone_tz[0] = '\0';
	zone_apply();
	return ESC_OK;
}

const char *esc_zone_current(void)
{
	return zone_name;
}

esc_status esc_zone_load(esc_db *db, char *out, esc_error *err)
{
	esc_error local = {0};
	esc_status st = store_setting_get(db, ESC_ZONE_SETTING, out, ESC_ZONE_MAX + 1, &local);
	if (st == ESC_ENOTFOUND)
		snprintf(out, ESC_ZONE_MAX + 1, "%s", ESC_DEFAULT_ZONE);
	else if (st != ESC_OK) {
		*err = local;
		return st;
	}
	return esc_zone_check(out, ESC_ZONE_SETTING, err);
}

/* Division rounding towards negative infinity. */
static long long floordiv(long long a, long long b)
{
	long long q = a / b;
	return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

static void put2(char *out, int v)
{
	out[0] = (char)('0' + v / 10);
	out[1] = (char)('0' + v % 10);
}

void esc_instant_format(long long t, char out[ESC_INSTANT_LEN + 1])
{
	long long day = floordiv(t, DAY_SECONDS);
	int s = (int)(t - day * DAY_SECONDS);
	esc_day_format((esc_day)day, out);
	out[10] = 'T';
	put2(out + 11, s / 3600);
	out[13] = ':';
	put2(out + 14, s / 60 % 60);
	out[16] = ':';
	put2(out + 17, s % 60);
	out[19] = 'Z';
	out[ESC_INSTANT_LEN] = '\0';
}

static bool digits(const char *s, int n, int *v)
{
	*v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		*v = *v * 10 + (s[i] - '0');
	}
	return true;
}

bool esc_instant_parse(const char *text, long long *t)
{
	int y, mo, d, h, mi, s;
	if (!text || strlen(text) != ESC_INSTANT_LEN || !digits(text, 4, &y) || text[4] != '-' ||
	    !digits(text + 5, 2, &mo) || text[7] != '-' || !digits(text + 8, 2, &d) ||
	    text[10] != 'T' || !digits(text + 11, 2, &h) || text[13] != ':' ||
	    !digits(text + 14, 2, &mi) || text[16] != ':' || !digits(text + 17, 2, &s) ||
	    text[19] != 'Z')
		return false;
	/* the years every date escalate reads may have (calendar.h) */
	if (y < 1900 || y > 2999 || !esc_date_valid(y, mo, d) || h > 23 || mi > 59 || s > 59)
		return false;
	if (t)
		*t = esc_day_from_ymd(y, mo, d) * DAY_SECONDS + h * 3600LL + mi * 60LL + s;
	return true;
}

void esc_civil_of(long long t, esc_civil *out, int *utc_offset)
{
	struct tm tm;
	time_t tt = (time_t)t;
	zone_apply();
	int off = 0;
	/* localtime_r fails only far outside the years escalate accepts; UTC is
	 * then the least surprising reading. */
	if (localtime_r(&tt, &tm))
		off = (int)tm.tm_gmtoff;
	else if (!gmtime_r(&tt, &tm))
		memset(&tm, 0, sizeof tm);
	out->day = esc_day_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	out->hour = tm.tm_hour;
	out->minute = tm.tm_min;
	out->second = tm.tm_sec > 59 ? 59 : tm.tm_sec; /* a leap second stays a valid time */
	if (utc_offset)
		*utc_offset = off;
}

static long long civil_seconds(const esc_civil *c)
{
	return c->day * DAY_SECONDS + c->hour * 3600LL + c->minute * 60LL + c->second;
}

static int offset_at(long long t)
{
	esc_civil c;
	int off;
	esc_civil_of(t, &c, &off);
	return off;
}

/* Every instant whose civil time is c, earliest first (two in a repeated
 * hour, none in a skipped one).  The offsets tried are those a day before,
 * at and a day after the civil time read as UTC: no zone is more than 14
 * hours from UTC, and no zone changes its clocks twice in two days. */
static int civil_candidates(const esc_civil *c, long long out[4])
{
	long long local = civil_seconds(c);
	int offs[3], noff = 0, n = 0;
	/* The common case, and most of the cost of an upgrade: the same offset a
	 * day either side, so no change of clocks near and one reading. */
	int before = offset_at(local - DAY_SECONDS), after = offset_at(local + DAY_SECONDS);
	if (before == after && offset_at(local - before) == before) {
		out[0] = local - before;
		return 1;
	}
	for (int k = -1; k <= 1; k++) {
		int o = k == -1 ? before : k == 1 ? after : offset_at(local);
		bool seen = false;
		for (int i = 0; i < noff; i++)
			seen = seen || offs[i] == o;
		if (!seen)
			offs[noff++] = o;
	}
	for (int i = 0; i < noff && n < 4; i++) {
		long long t = local - offs[i];
		esc_civil x;
		esc_civil_of(t, &x, NULL);
		if (civil_seconds(&x) != local)
			continue;
		int j = n++;
		while (j > 0 && out[j - 1] > t) {
			out[j] = out[j - 1];
			j--;
		}
		out[j] = t;
	}
	return n;
}

esc_status esc_civil_to_instant(const esc_civil *c, esc_civil_rule rule, long long not_before,
                                long long *t, const char *field, esc_error *err)
{
	long long cand[4];
	int n = civil_candidates(c, cand);
	if (n == 0) {
		if (rule == ESC_CIVIL_TYPED) {
			char shown[ESC_CIVIL_TEXT_LEN + 1];
			esc_civil_format(c, shown);
			if (!field)
				field = "time";
			return esc_fail(err, ESC_EINVALID, field,
			                "%s: %.16s does not exist in %s (the clocks went forward "
			                "then); give the time as the clock showed it",
			                field, shown, zone_name);
		}
		/* The offset before the gap: the reading of a clock not yet changed. */
		long long local = civil_seconds(c);
		*t = local - offset_at(local - DAY_SECONDS);
		return ESC_OK;
	}
	*t = cand[0];
	if (rule == ESC_CIVIL_STORED && not_before != LLONG_MIN)
		for (int i = 0; i < n; i++)
			if (cand[i] >= not_before) {
				*t = cand[i];
				break;
			}
	return ESC_OK;
}

long long esc_day_start(esc_day day)
{
	esc_civil c = {.day = day};
	long long t = 0;
	esc_civil_to_instant(&c, ESC_CIVIL_STORED, LLONG_MIN, &t, NULL, NULL);
	return t;
}

void esc_day_start_text(esc_day day, char out[ESC_INSTANT_LEN + 1])
{
	esc_instant_format(esc_day_start(day), out);
}

/* "YYYY-MM-DDTHH:MM[:SS]Z": a time given in UTC, read without the zone
 * (the one way to name the second 01:30 of an October night).  *is_utc is
 * false for any other text, which is then read as civil time. */
static esc_status utc_form(const char *text, const char *field, esc_civil *c, bool *is_utc,
                           esc_error *err)
{
	size_t n = text ? strlen(text) : 0;
	char copy[32];
	*is_utc = n > 11 && n < sizeof copy && text[n - 1] == 'Z' && text[10] == 'T';
	if (!*is_utc)
		return ESC_OK;
	memcpy(copy, text, n - 1);
	copy[n - 1] = '\0';
	return esc_civil_parse(copy, field, c, NULL, err);
}

esc_status esc_timestamp_check(const char *text, const char *field, esc_error *err)
{
	esc_civil c;
	bool is_utc;
	if (utc_form(text, field, &c, &is_utc, err) != ESC_OK)
		return err->status;
	return is_utc ? ESC_OK : esc_civil_parse(text, field, &c, NULL, err);
}

esc_status esc_timestamp_parse(const char *text, const char *field, char *out, esc_error *err)
{
	esc_civil c;
	long long t;
	bool is_utc;
	if (utc_form(text, field, &c, &is_utc, err) != ESC_OK)
		return err->status;
	if (is_utc)
		t = civil_seconds(&c);
	else if (esc_civil_parse(text, field, &c, NULL, err) != ESC_OK ||
	         esc_civil_to_instant(&c, ESC_CIVIL_TYPED, LLONG_MIN, &t, field, err) != ESC_OK)
		return err->status;
	esc_instant_format(t, out);
	return ESC_OK;
}

void esc_timestamp_format(time_t t, char *out)
{
	esc_instant_format((long long)t, out);
}

esc_day esc_timestamp_day(const char *ts)
{
	long long t;
	if (esc_instant_parse(ts, &t)) {
		esc_civil c;
		esc_civil_of(t, &c, NULL);
		return c.day;
	}
	/* A civil date, or the date part of an older release's civil time. */
	int y, m, d;
	if (!ts || !digits(ts, 4, &y) || ts[4] != '-' || !digits(ts + 5, 2, &m) || ts[7] != '-' ||
	    !digits(ts + 8, 2, &d) || (ts[10] != '\0' && ts[10] != ' ' && ts[10] != 'T'))
		return -1;
	return esc_date_valid(y, m, d) ? esc_day_from_ymd(y, m, d) : -1;
}

void esc_instant_show(const char *ts, int n, char *out)
{
	long long t;
	char civil[ESC_CIVIL_TEXT_LEN + 1];
	if (n < 0)
		n = 0;
	if (n > ESC_CIVIL_TEXT_LEN)
		n = ESC_CIVIL_TEXT_LEN;
	if (esc_instant_parse(ts, &t)) {
		esc_civil c;
		esc_civil_of(t, &c, NULL);
		esc_civil_format(&c, civil);
		ts = civil;
	}
	snprintf(out, (size_t)n + 1, "%.*s", n, ts ? ts : "");
}

/* esc_civil_utc(text, zone, not_before): see civil.h. */
static void civil_utc_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	const char *text = (const char *)sqlite3_value_text(argv[0]);
	const char *zone = (const char *)sqlite3_value_text(argv[1]);
	const char *nb_text = (const char *)sqlite3_value_text(argv[2]);
	esc_civil c;
	bool has_time = false;
	esc_error e = {0};
	if (!text) {
		sqlite3_result_null(ctx);
		return;
	}
	if (esc_instant_parse(text, NULL) || esc_civil_parse(text, "at", &c, &has_time, &e) ||
	    !has_time) {
		sqlite3_result_value(ctx, argv[0]); /* not a civil time: left as it is */
		return;
	}
	char previous[ESC_ZONE_MAX + 1];
	snprintf(previous, sizeof previous, "%s", zone_name);
	bool other = !zone || strcmp(zone, zone_name) != 0;
	if (other && (!zone || esc_zone_use(zone, &e) != ESC_OK)) {
		sqlite3_result_error(ctx, e.message[0] ? e.message : "esc_civil_utc: no zone", -1);
		return;
	}
	long long nb = LLONG_MIN, t = 0;
	if (nb_text && !esc_instant_parse(nb_text, &nb))
		nb = LLONG_MIN;
	esc_civil_to_instant(&c, ESC_CIVIL_STORED, nb, &t, NULL, NULL);
	char out[ESC_INSTANT_LEN + 1];
	esc_instant_format(t, out);
	if (other)
		esc_zone_use(previous, &e);
	sqlite3_result_text(ctx, out, ESC_INSTANT_LEN, SQLITE_TRANSIENT);
}

/* esc_civil_repeated(text, zone): 1 when text is a civil time the zone's
 * clocks show twice (the hour repeated when they go back), else 0. */
static void civil_repeated_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	const char *text = (const char *)sqlite3_value_text(argv[0]);
	const char *zone = (const char *)sqlite3_value_text(argv[1]);
	esc_civil c;
	bool has_time = false;
	esc_error e = {0};
	long long cand[4];
	if (!text || !zone || esc_instant_parse(text, NULL) ||
	    esc_civil_parse(text, "at", &c, &has_time, &e) || !has_time) {
		sqlite3_result_int(ctx, 0);
		return;
	}
	char previous[ESC_ZONE_MAX + 1];
	snprintf(previous, sizeof previous, "%s", zone_name);
	bool other = strcmp(zone, zone_name) != 0;
	if (other && esc_zone_use(zone, &e) != ESC_OK) {
		sqlite3_result_error(ctx, e.message, -1);
		return;
	}
	sqlite3_result_int(ctx, civil_candidates(&c, cand) > 1);
	if (other)
		esc_zone_use(previous, &e);
}

int esc_civil_register(sqlite3 *h)
{
	int rc = sqlite3_create_function_v2(h, "esc_civil_utc", 3, SQLITE_UTF8 | SQLITE_DIRECTONLY,
	                                    NULL, civil_utc_fn, NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function_v2(h, "esc_civil_repeated", 2,
		                                SQLITE_UTF8 | SQLITE_DIRECTONLY, NULL,
		                                civil_repeated_fn, NULL, NULL, NULL);
	return rc;
}
