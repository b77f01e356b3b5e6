/* The quarterly table of the policy's own template:
 *   Level of Escalation | Number | Themes | Local Authority
 * Counting rule (SPEC §4): a case counts at level N in a period when it
 * reached level N inside the period (level 1 = opened); an urgent jump counts
 * at level 4 and is marked urgent. */
#ifndef ESCALATE_REPORT_H
#define ESCALATE_REPORT_H

#include <stddef.h>

#include "escalate/calendar.h"
#include "escalate/session.h"
#include "escalate/text.h"

typedef enum esc_format {
	ESC_FMT_TEXT = 0,
	ESC_FMT_CSV,
	ESC_FMT_JSON,
	ESC_FMT_MARKDOWN,
	ESC_FMT_RECORD, /* show only */
} esc_format;

/* "text", "csv", "json", "markdown" (or "md"), "record"; -1 if unknown. */
int esc_format_parse(const char *name);

typedef struct esc_theme_count {
	char *theme;
	long count;
} esc_theme_count;

typedef struct esc_report_row {
	int level;
	char *local_authority;
	long number;
	long urgent;                 /* of number, reached by an urgent jump */
	esc_theme_count *themes;     /* most frequent first, then by name */
	size_t nthemes;
} esc_report_row;

typedef struct esc_report {
	esc_period period;
	esc_report_row *rows; /* by level, then local authority */
	size_t nrows;
	long level_total[6];     /* index 1..5 */
	long urgent_total;
	long total;
	long resolved_at[6];     /* resolved in the period, by the level closed at */
	long open_overdue_at_end;
	long open_at_end;
	/* The day the open counts describe: the period's last day, or today when
	 * the period has not ended yet (a future day's state is not known). */
	esc_day open_as_of;
	/* The chain heads when the report was made (audit.h), printed by every
	 * format so that a kept report is also a receipt; "" prints nothing. */
	char receipt[256];
} esc_report;

esc_status report_build(esc_session *s, const esc_period *p, esc_report *out, esc_error *err);
void report_free(esc_report *r);
void report_render(const esc_report *r, esc_format fmt, esc_buf *out);

#endif
