/* verify's checks of the time model (civil.h, data/schema/006_utc.sql):
 * every history row's time is a UTC instant in the stored form, no row of a
 * case is earlier than the row before it, and damage that migration 6 found
 * in the chains before it recomputed them is reported for ever. */
#include "escalate/audit.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escalate/civil.h"
#include "escalate/store.h"
#include "escalate/text.h"

/* The value of `key=` in migration 6's record, 0 (or "") when absent. */
static long long upgrade_num(const char *rec, const char *key)
{
	char pat[32];
	snprintf(pat, sizeof pat, " %s=", key);
	const char *p = strstr(rec, pat);
	return p ? strtoll(p + strlen(pat), NULL, 10) : 0;
}

static void upgrade_word(const char *rec, const char *key, char *out, size_t outsz)
{
	char pat[32];
	snprintf(pat, sizeof pat, " %s=", key);
	const char *p = strstr(rec, pat);
	size_t n = p ? strcspn(p + strlen(pat), " ") : 0;
	snprintf(out, outsz, "%.*s", (int)n, p ? p + strlen(pat) : "");
}

static void first_problem(esc_verify_report *out, const char *fmt, ...)
{
	if (out->problem[0])
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(out->problem, sizeof out->problem, fmt, ap);
	va_end(ap);
}

/* Migration 6's record: the chain heads before it, and the rows of each
 * chain that did not hold then (recomputing the chains would hide them). */
static esc_status upgrade_record(esc_db *db, esc_verify_report *out, long long *boundary,
                                 esc_error *err)
{
	char value[512] = " ";
	esc_error local = {0};
	*boundary = 0;
	esc_status st = store_setting_get(db, "utc_upgrade", value + 1, sizeof value - 1, &local);
	if (st == ESC_ENOTFOUND)
		return ESC_OK;
	if (st != ESC_OK) {
		*err = local;
		return st;
	}
	char ev[65], staff[65];
	upgrade_word(value, "event_hash", ev, sizeof ev);
	upgrade_word(value, "staff_hash", staff, sizeof staff);
	*boundary = upgrade_num(value, "last_event");
	snprintf(out->pre_utc_heads, sizeof out->pre_utc_heads,
	         "history row %lld %s, staff change %lld %s", *boundary, ev,
	         upgrade_num(value, "last_staff"), staff);
	static const struct {
		const char *key, *what;
	} chains[] = {{"broken_event", "history row"},
	              {"broken_action", "agreed action"},
	              {"broken_seal", "the seal of case number"},
	              {"broken_staff", "staff history row"}};
	for (size_t i = 0; i < sizeof chains / sizeof chains[0]; i++) {
		long long id = upgrade_num(value, chains[i].key);
		if (!id)
			continue;
		out->broken_before_utc++;
		if (i == 0 && !out->first_broken_event)
			out->first_broken_event = id;
		first_problem(out,
		              "%s %lld was already broken when the database was upgraded to UTC "
		              "times (migration 6 found it so before it recomputed the chains)",
		              chains[i].what, id);
	}
	return ESC_OK;
}

esc_status audit_verify_times(esc_db *db, esc_verify_report *out, esc_error *err)
{
	long long boundary;
	if (upgrade_record(db, out, &boundary, err) != ESC_OK)
		return err->status;
	/* Rows from before the upgrade took their times from each writer's TZ:
	 * trusted as they stand (006_utc.sql), so the order is checked after. */
	sqlite3_stmt *st = store_prepare(
	    db,
	    "SELECT c.ref, e.id, e.seq, e.at, p.at, e.at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-"
	    "[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z' "
	    "FROM events e JOIN cases c ON c.id = e.case_id "
	    "LEFT JOIN events p ON p.case_id = e.case_id AND p.seq = e.seq - 1 "
	    "WHERE e.id > :boundary AND (e.at < p.at OR e.at NOT GLOB '[0-9][0-9][0-9][0-9]-"
	    "[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z') "
	    "ORDER BY e.case_id, e.seq",
	    err);
	if (!st || store_bind_int(st, ":boundary", boundary, err) != ESC_OK)
		return err->status;
	int rc;
	while ((rc = store_step(db, st, err)) == SQLITE_ROW) {
		out->times_backwards++;
		char ref[64], at[ESC_CIVIL_TEXT_LEN + 1], before[ESC_CIVIL_TEXT_LEN + 1];
		esc_sanitize_into(ref, sizeof ref, store_col_text(st, 0));
		esc_instant_show(store_col_text(st, 3), 16, at);
		esc_instant_show(store_col_text(st, 4), 16, before);
		if (!sqlite3_column_int(st, 5))
			first_problem(out, "case %s: history row %lld (event %lld) has a time that is not "
			              "a UTC instant", ref, sqlite3_column_int64(st, 1),
			              sqlite3_column_int64(st, 2));
		else
			first_problem(out, "case %s: its history runs backwards: event %lld (%s) is "
			              "earlier than the event before it (%s)", ref,
			              sqlite3_column_int64(st, 2), at, before);
	}
	sqlite3_reset(st);
	return rc < 0 ? err->status : ESC_OK;
}
