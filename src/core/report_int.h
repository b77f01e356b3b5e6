/* Internal to the report builders (report.c, report_cases.c). */
#ifndef ESCALATE_REPORT_INT_H
#define ESCALATE_REPORT_INT_H

#include "escalate/report.h"
#include "escalate/store.h"

/* The condition that keeps one procedure's cases (a over cases): those pinned
 * to row :procedure, or with no pin (the shipped default) when it is 0. */
#define REPORT_BY_PROCEDURE(a) " AND " a ".procedure_id IS nullif(:procedure, 0)"

/* The report of every case (proc NULL), or of the cases pinned to procedure
 * row procedure_id (0: the shipped default) when proc is given. */
esc_status report_build_procedure(esc_session *s, const esc_period *p, long long procedure_id,
                                  const struct esc_procedure *proc, esc_report *out,
                                  esc_error *err);

/* Binds :procedure for a report of one procedure (r->proc set). */
esc_status report_bind_procedure(sqlite3_stmt *st, const esc_report *r, esc_error *err);

/* The figures in the order every format lists them (report_render.c). */
typedef struct figure_ref {
	esc_figure f;
	int level; /* 0: not per level */
} figure_ref;
#define NFIGURES (2 * ESC_STAGES_MAX + 4) /* at most: a procedure fills what it has */
size_t report_all_figures(const esc_report *r, figure_ref *out);

/* Pieces of the formats (report_render.c) a set of tables shares
 * (report_set.c): the receipt line, a table's "Procedure:" heading, and
 * the body of a table as text, CSV (each line after prefix) and Markdown. */
void report_receipt_footer(const esc_report *r, esc_buf *out, const char *before,
                           const char *after);
void report_procedure_heading(const esc_report *r, esc_buf *b);
void report_text_body(const esc_report *r, esc_buf *out);
extern const char report_csv_head[];
void report_csv_body(const esc_report *r, const char *prefix, esc_buf *out);
void report_md_body(const esc_report *r, esc_buf *out);

/* JSON (report_json.c): one table without its closing brace (named: its
 * procedure first), and a set's tables under "procedures", the object left
 * open for the receipt. */
void report_json_table(const esc_report *r, bool named, esc_buf *out);
void report_json_set(const esc_report_set *set, esc_buf *out);

/* Fills r->cases and r->theme_la for events at >= from and < end, the bounds
 * report.c computes for the period (so both count over the same instants). */
esc_status report_build_cases(esc_session *s, const char *from, const char *end, esc_report *r,
                              esc_error *err);

#endif
