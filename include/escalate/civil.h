/* The time model: instants in UTC, civil time in the procedure's zone.
 *
 * Every instant escalate stores (events.at, occurred_at, informed_at, the
 * cases' opened_at, level_since, updated_at, staff created_at, staff history)
 * is UTC text "YYYY-MM-DDTHH:MM:SSZ": fixed width, so it sorts and compares as
 * text in SQLite.  Civil dates (due dates, bank holidays, action due dates)
 * stay "YYYY-MM-DD" in the procedure's zone.
 *
 * The procedure's zone is a database setting (`time_zone`, Europe/London by
 * default; `escalate config timezone`).  Everything people see or type, and
 * every day-based rule (today, working days, due dates, reporting periods),
 * is civil time in that zone, read from the system time zone database
 * (/usr/share/zoneinfo, package tzdata).  The writer's own TZ is never
 * consulted: esc_zone_use points the process's TZ at the zone's file itself.
 *
 * Clock changes, for a civil time typed by a person (--now, --at, informed
 * time): a time in the repeated hour (autumn) is the first of the two, i.e.
 * the earlier instant (summer time); a time in the skipped hour (spring) does
 * not exist and is refused, naming the field.  A time written with a final
 * 'Z' ("2026-10-25T01:30Z") is UTC and needs no rule. */
#ifndef ESCALATE_CIVIL_H
#define ESCALATE_CIVIL_H

#include <stdbool.h>
#include <stddef.h>
#include <sqlite3.h>
#include <time.h>

#include "escalate/calendar.h"
#include "escalate/error.h"

#define ESC_INSTANT_LEN 20     /* YYYY-MM-DDTHH:MM:SSZ */
#define ESC_ZONE_MAX 64        /* longest zone name accepted */
#define ESC_DEFAULT_ZONE "Europe/London"
#define ESC_ZONEINFO_DIR "/usr/share/zoneinfo"
#define ESC_ZONE_SETTING "time_zone"

/* How a civil time that a clock change makes ambiguous or impossible is read. */
typedef enum esc_civil_rule {
	/* Typed by a person: the repeated hour reads as its first occurrence;
	 * the skipped hour is refused. */
	ESC_CIVIL_TYPED,
	/* Stored by an older release (migration 006): the repeated hour reads as
	 * the earliest occurrence not before a given instant (the previous row of
	 * the same history), else the first; the skipped hour is moved forward by
	 * the length of the gap (the reading a clock that did not change gives). */
	ESC_CIVIL_STORED,
} esc_civil_rule;

/* The zone name is an IANA name with a zone file under ESC_ZONEINFO_DIR:
 * letters, digits, '_', '+', '-' and '/' between non-empty parts, no "." or
 * ".." part, no leading '/', and the file must be a TZif zone file.
 * Errors name `field`. */
esc_status esc_zone_check(const char *name, const char *field, esc_error *err);
/* Makes `name` the civil zone of every conversion in this process (checked
 * as above); the process's TZ is set to the zone's file and tzset() run, so
 * no TZ or TZDIR from the environment takes part. */
esc_status esc_zone_use(const char *name, esc_error *err);
/* The zone in use ("Europe/London" until esc_zone_use is called). */
const char *esc_zone_current(void);
/* Reads the database's zone setting (the default when none is stored) into
 * out (ESC_ZONE_MAX + 1 bytes) and checks it. */
struct esc_db;
esc_status esc_zone_load(struct esc_db *db, char *out, esc_error *err);

/* Seconds since 1970-01-01T00:00:00Z <-> instant text.  Parsing is strict
 * (exactly the stored form, a real date and time); false otherwise. */
void esc_instant_format(long long t, char out[ESC_INSTANT_LEN + 1]);
bool esc_instant_parse(const char *text, long long *t);

/* The civil time of instant t in the zone (offset east of UTC in seconds). */
void esc_civil_of(long long t, esc_civil *out, int *utc_offset);
/* The instant of a civil time.  ESC_CIVIL_TYPED refuses a skipped time with
 * ESC_EINVALID naming `field`; ESC_CIVIL_STORED always succeeds, using
 * not_before (an instant, or LLONG_MIN) for the repeated hour. */
esc_status esc_civil_to_instant(const esc_civil *c, esc_civil_rule rule, long long not_before,
                                long long *t, const char *field, esc_error *err);
/* The first instant of a civil day (its midnight, or the first minute that
 * exists when the clocks change at midnight). */
long long esc_day_start(esc_day day);
/* The instant text of the start of a civil day. */
void esc_day_start_text(esc_day day, char out[ESC_INSTANT_LEN + 1]);

/* Turns a user-typed civil date/time ("YYYY-MM-DD[ HH:MM[:SS]]", also with
 * 'T') into the stored instant text (a date alone is its 00:00).  A time
 * written "YYYY-MM-DDTHH:MM[:SS]Z" is UTC itself (no zone is applied).
 * Errors name `field`.  out must hold ESC_TS_LEN + 1 bytes. */
esc_status esc_timestamp_parse(const char *text, const char *field, char *out,
                               esc_error *err);
/* The same forms and messages, without reading the time in the zone (for
 * checking --now before the database, and so its zone, is open). */
esc_status esc_timestamp_check(const char *text, const char *field, esc_error *err);
/* The instant t as stored text. */
void esc_timestamp_format(time_t t, char *out);
/* The civil day (in the zone) of a stored instant; a plain "YYYY-MM-DD" is
 * that day, and so is the date part of an older "YYYY-MM-DD HH:MM:SS" civil
 * text.  -1 when the text is none of these. */
esc_day esc_timestamp_day(const char *ts);

/* THE conversion for output: a stored instant as civil text in the zone,
 * "YYYY-MM-DD HH:MM:SS" cut to its first n characters (16: to the minute, 10:
 * the date).  Text that is not an instant is copied (cut to n) unchanged.
 * out must hold n + 1 bytes (at most ESC_CIVIL_TEXT_LEN + 1). */
void esc_instant_show(const char *ts, int n, char *out);

/* Registers esc_civil_utc(text, zone, not_before) on the connection: an
 * older release's civil text read in zone as an instant text
 * (ESC_CIVIL_STORED; not_before is an instant text or NULL).  Text that is
 * not a civil time is returned unchanged.  And esc_civil_repeated(text,
 * zone): 1 when the zone's clocks show that civil time twice.  Used by
 * migration 006. */
int esc_civil_register(sqlite3 *h);

#endif
