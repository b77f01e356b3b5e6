/* The quarterly table of the policy's own template:
 *   Level of Escalation | Number | Themes | Local Authority
 * Counting rule (SPEC §4): a case counts at level N in a period when it
 * reached level N inside the period (level 1 = opened); an urgent jump counts
 * at level 4 and is marked urgent. */
#ifndef ESCALATE_REPORT_H
#define ESCALATE_REPORT_H

#include <stddef.h>

#include "escalate/calendar.h"
#include "escalate/procedure_file.h"
#include "escalate/session.h"
#include "escalate/text.h"

typedef enum esc_format {
	ESC_FMT_TEXT = 0,
	ESC_FMT_CSV,
	ESC_FMT_JSON,
	ESC_FMT_MARKDOWN,
	ESC_FMT_RECORD, /* show only */
	ESC_FMT_XLSX,   /* a workbook file (xlsx.h); report_render writes nothing for it */
} esc_format;

/* "text", "csv", "json", "markdown" (or "md"), "record", "xlsx"; -1 if unknown. */
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

/* Distinct cases per (theme, local authority) that reached a level in the
 * period: the return's themes x local authority sheet. */
typedef struct esc_theme_la {
	char *theme;
	char *local_authority;
	long cases;
} esc_theme_la;

typedef struct esc_report {
	esc_period period;
	/* The procedure its cases follow (procedure_file.h) and its row (0: the
	 * shipped default); proc NULL: every case of a database whose cases all
	 * follow the default, the report as it always was. */
	long long procedure_id;
	const struct esc_procedure *proc;
	esc_report_row *rows; /* by level, then local authority */
	size_t nrows;
	long level_total[ESC_STAGES_MAX + 1]; /* index 1..the procedure's levels */
	long urgent_total;
	long total;              /* level reachings: a case once per level it reached */
	long cases;              /* distinct cases that reached a level in the period */
	esc_theme_la *theme_la;  /* by local authority, then theme */
	size_t ntheme_la;
	long resolved_at[ESC_STAGES_MAX + 1]; /* resolved in the period, by the level closed at */
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

/* The report of a period as the policy asks it, one table per procedure the
 * period's cases follow: when all follow the shipped default, one report as
 * report_build makes it (byte for byte the same in every format); otherwise
 * one per procedure version with cases in the period (each with its own
 * level labels and totals), and the formats name the procedure on every row.
 * procedure: only that procedure's cases (by name: every version of it);
 * NULL: all. */
typedef struct esc_report_set {
	esc_report *items;
	size_t n;
	bool grouped; /* more than the shipped default's: every format names the procedure */
} esc_report_set;

esc_status report_build_set(esc_session *s, const esc_period *p, const char *procedure,
                            esc_report_set *out, esc_error *err);
void report_set_render(const esc_report_set *set, esc_format fmt, esc_buf *out);
void report_set_free(esc_report_set *set);

/* Every figure of the report, each with one label used by every format and
 * the interface, and the CSV `row` kind it is written under. */
typedef enum esc_figure {
	ESC_FIG_REACHED,    /* per level: "Reached level 2 (Manager / Named Professional)" */
	ESC_FIG_REACHINGS,  /* "Level reachings, all levels (a case once per level)" */
	ESC_FIG_CASES,      /* "Distinct cases active in the period" */
	ESC_FIG_RESOLVED,   /* per level: "Resolved at level 1 (Social Worker)" */
	ESC_FIG_OPEN,       /* "Open on 2026-12-31" */
	ESC_FIG_OVERDUE,    /* "Open and overdue on 2026-12-31" */
} esc_figure;

/* The figure's label (level: for the per-level figures). */
void report_figure_label(const esc_report *r, esc_figure f, int level, esc_buf *out);
/* The CSV row kind: "total" (per level), "reachings", "cases", "resolved",
 * "open", "overdue"; the table's own rows are "level".  Summing Number over
 * the rows of one kind never counts a figure twice. */
const char *report_figure_row(esc_figure f);
/* The figure's value. */
long report_figure_value(const esc_report *r, esc_figure f, int level);
/* "Escalations 2026-27-Q1 (2026-04-01 to 2026-06-30)", sanitised. */
void report_title(const esc_report *r, esc_buf *out);
void report_free(esc_report *r);
void report_render(const esc_report *r, esc_format fmt, esc_buf *out);

#endif
