/* Tamper evidence and consistency.  Every history row carries a SHA-256 hash
 * chained to the previous row's; agreed actions carry one chained to their
 * contact's.  audit_verify recomputes the chain, checks each case's cached
 * level and state against its history, and runs SQLite's integrity check. */
#ifndef ESCALATE_AUDIT_H
#define ESCALATE_AUDIT_H

#include <sqlite3.h>

#include "escalate/error.h"

struct esc_db;

/* The columns of events that the chain covers, in hashing order. */
#define ESC_HASHED_EVENT_COLUMNS                                                              \
	"case_id, seq, kind, at, actor_id, level_before, level_after, state_after, level_due, "   \
	"text, occurred_at, person_name, person_role, person_org, concern_remains, notify, "      \
	"whom, how, informed_at, not_needed, pattern_la_id, pattern_theme_id, nactions"
#define ESC_HASHED_ACTION_COLUMNS "event_id, case_id, level, text, owner, due"

/* Registers esc_hash(prev, ...) on the connection: SHA-256 (libcrypto) over
 * every argument with its type and length, as lowercase hex. */
int audit_register(sqlite3 *h);

typedef struct esc_verify_report {
	long long events;            /* history rows checked */
	long long actions;           /* agreed actions checked */
	long long cases;             /* cases checked */
	long long first_broken_event; /* id of the first row whose hash breaks, 0 if none */
	long long inconsistent_cases;
	char integrity[128];         /* "ok" or SQLite's first complaint */
	char problem[512];           /* the first problem found, in words */
} esc_verify_report;

/* ESC_OK when everything holds; ESC_ECORRUPT with err naming the first
 * broken row (and the report filled) otherwise. */
esc_status audit_verify(struct esc_db *db, esc_verify_report *out, esc_error *err);

#endif
