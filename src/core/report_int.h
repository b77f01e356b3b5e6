/* Internal to the report builders (report.c, report_cases.c). */
#ifndef ESCALATE_REPORT_INT_H
#define ESCALATE_REPORT_INT_H

#include "escalate/report.h"

/* Fills r->cases and r->theme_la for events at >= from and < end, the bounds
 * report.c computes for the period (so both count over the same instants). */
esc_status report_build_cases(esc_session *s, const char *from, const char *end, esc_report *r,
                              esc_error *err);

#endif
