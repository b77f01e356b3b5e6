/* The pieces every JSON output is built from, so that one entity has one
 * shape in every command (show, list, export, report, staff list, patterns)
 * and the schemas in data/schema/json/ describe them once.  Strings are
 * escaped by esc_json_string (text.h). */
#ifndef ESCALATE_JSON_OUT_H
#define ESCALATE_JSON_OUT_H

#include <stdbool.h>

#include "escalate/calendar.h"
#include "escalate/procedure.h"
#include "escalate/text.h"

#define ESC_INSTANT_LEN 20 /* 2026-04-06T08:00:00Z */

/* A stored instant as ISO 8601 UTC text into out; false (out "") when none
 * is stored or it cannot be read.  CSV and XLSX use it too, so every output
 * writes instants one way. */
bool esc_instant_iso(const char *stored, char out[ESC_INSTANT_LEN + 1]);
/* The civil date (Europe/London) a stored instant falls on; -1 if none. */
esc_day esc_instant_day(const char *stored);
/* Seconds since the epoch (UTC) of a stored instant; false if none. */
bool esc_instant_epoch(const char *stored, long long *out);

/* A stored instant as ISO 8601 UTC, "2026-04-06T08:00:00Z" (with quotes), or
 * null when none is stored.  Every instant of every JSON output goes through
 * here: stored UTC ("...Z") is written as it is; the older local form
 * "YYYY-MM-DD HH:MM:SS" is read as civil time in the procedure's zone
 * (Europe/London) and converted. */
void esc_json_instant(esc_buf *b, const char *stored);
/* The civil date (Europe/London) of a stored instant, "2026-04-06" with
 * quotes, or null: the day the report counts it on. */
void esc_json_instant_date(esc_buf *b, const char *stored);
/* "at":INSTANT,"date":DATE for an instant-valued member `key` whose date
 * matters for reporting: writes `key` and `date_key` (no leading comma). */
void esc_json_instant_pair(esc_buf *b, const char *key, const char *date_key, const char *stored);
/* A day as "YYYY-MM-DD" with quotes, or null when day < 0. */
void esc_json_day(esc_buf *b, esc_day day);

/* The one shape of a staff member wherever one is named (a case's owner, an
 * event's actor): {"login":..,"name":..,"role":..}. */
void esc_json_person(esc_buf *b, const char *login, const char *name, esc_role role);

/* ,"key": (first: no comma) */
void esc_json_key(esc_buf *b, bool first, const char *key);

#endif
