/* Every case and its full history, streamed (never all in memory). */
#ifndef ESCALATE_EXPORT_H
#define ESCALATE_EXPORT_H

#include <stdio.h>

#include "escalate/report.h"
#include "escalate/session.h"

/* CSV: one row per history event with the case's columns repeated (RFC 4180,
 * spreadsheet-safe).  JSON: an array of cases, each with its events. */
esc_status export_all(esc_session *s, esc_format fmt, FILE *out, esc_error *err);

#endif
