/* Internal to the core's verification: the parts of audit_verify that live
 * in their own files share the report's "first problem" note. */
#ifndef ESCALATE_AUDIT_INT_H
#define ESCALATE_AUDIT_INT_H

#include "escalate/audit.h"
#include "escalate/store.h"

/* Keeps the first problem found: the report names where to start looking. */
void audit_note(esc_verify_report *out, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Replays every case's history through proc_apply and compares the result
 * with the columns cached on the case (audit_replay.c). */
esc_status audit_verify_cases(esc_db *db, esc_verify_report *out, esc_error *err);

/* Rebuilds the open agreed actions and compares them with live_actions. */
esc_status audit_verify_live_actions(esc_db *db, esc_verify_report *out, esc_error *err);

#endif
