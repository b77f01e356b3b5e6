/* The quarterly table in the four output formats.  Names of themes and local
 * authorities come from the database and are untrusted: sanitised for the
 * terminal and Markdown, quoted for CSV (which also defuses spreadsheet
 * formulas), escaped for JSON. */
#include "escalate/report.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "escalate/json_out.h"
#include "escalate/procedure.h"
#include "escalate/procedure_file.h"
#include "report_int.h"

int esc_format_parse(const char *name)
{
	static const struct {
		const char *name;
		esc_format fmt;
	} names[] = {
	    {"text", ESC_FMT_TEXT},         {"csv", ESC_FMT_CSV},     {"json", ESC_FMT_JSON},
	    {"markdown", ESC_FMT_MARKDOWN}, {"md", ESC_FMT_MARKDOWN}, {"record", ESC_FMT_RECORD},
	    {"xlsx", ESC_FMT_XLSX},
	};
	for (size_t i = 0; name && i < sizeof names / sizeof names[0]; i++)
		if (strcasecmp(names[i].name, name) == 0)
			return (int)names[i].fmt;
	return -1;
}

/* "2 Manager / Named Professional": the template's Level of Escalation. */
static void level_cell(const esc_procedure *proc, esc_buf *b, int level)
{
	const esc_level_info *li = proc_level(proc, level);
	esc_buf_printf(b, "%d %s", level, li ? li->label : "?");
}

/* "3" or "3 (1 urgent)". */
static void number_cell(esc_buf *b, long number, long urgent)
{
	if (urgent > 0)
		esc_buf_printf(b, "%ld (%ld urgent)", number, urgent);
	else
		esc_buf_printf(b, "%ld", number);
}

/* "Case closed (3); Threshold not met (1)", raw: the caller quotes or sanitises. */
static void themes_cell(esc_buf *b, const esc_report_row *row)
{
	for (size_t i = 0; i < row->nthemes; i++) {
		if (i > 0)
			esc_buf_puts(b, "; ");
		esc_buf_puts(b, row->themes[i].theme);
		esc_buf_printf(b, " (%ld)", row->themes[i].count);
	}
}

static long level_urgent(const esc_report *r, int level)
{
	long n = 0;
	for (size_t i = 0; i < r->nrows; i++)
		if (r->rows[i].level == level)
			n += r->rows[i].urgent;
	return n;
}

void report_title(const esc_report *r, esc_buf *b)
{
	char from[ESC_DATE_LEN + 1], to[ESC_DATE_LEN + 1];
	esc_day_format(r->period.from, from);
	esc_day_format(r->period.to, to);
	/* A --from/--to range is already written as dates in its label. */
	if (r->period.label[0] && !strstr(r->period.label, "..")) {
		esc_buf_puts(b, "Escalations ");
		esc_sanitize(b, r->period.label, false);
		esc_buf_printf(b, " (%s to %s)", from, to);
	} else {
		esc_buf_printf(b, "Escalations %s to %s", from, to);
	}
}

size_t report_all_figures(const esc_report *r, figure_ref *out)
{
	size_t n = 0;
	for (int l = ESC_LEVEL_MIN; l <= proc_levels(r->proc); l++)
		out[n++] = (figure_ref){ESC_FIG_REACHED, l};
	out[n++] = (figure_ref){ESC_FIG_REACHINGS, 0};
	out[n++] = (figure_ref){ESC_FIG_CASES, 0};
	for (int l = ESC_LEVEL_MIN; l <= proc_levels(r->proc); l++)
		out[n++] = (figure_ref){ESC_FIG_RESOLVED, l};
	out[n++] = (figure_ref){ESC_FIG_OPEN, 0};
	out[n++] = (figure_ref){ESC_FIG_OVERDUE, 0};
	return n;
}


void report_figure_label(const esc_report *r, esc_figure f, int level, esc_buf *out)
{
	const esc_level_info *li = proc_level(r->proc, level);
	char day[ESC_DATE_LEN + 1];
	esc_day_format(r->open_as_of, day);
	switch (f) {
	case ESC_FIG_REACHED:
		esc_buf_printf(out, "Reached level %d (%s)", level, li ? li->label : "?");
		break;
	case ESC_FIG_REACHINGS:
		esc_buf_puts(out, "Level reachings, all levels (a case once per level)");
		break;
	case ESC_FIG_CASES:
		esc_buf_puts(out, "Distinct cases active in the period");
		break;
	case ESC_FIG_RESOLVED:
		esc_buf_printf(out, "Resolved at level %d (%s)", level, li ? li->label : "?");
		break;
	case ESC_FIG_OPEN:
		esc_buf_printf(out, "Open on %s", day);
		break;
	case ESC_FIG_OVERDUE:
		esc_buf_printf(out, "Open and overdue on %s", day);
		break;
	}
}

const char *report_figure_row(esc_figure f)
{
	switch (f) {
	case ESC_FIG_REACHED:
		return "total";
	case ESC_FIG_REACHINGS:
		return "reachings";
	case ESC_FIG_CASES:
		return "cases";
	case ESC_FIG_RESOLVED:
		return "resolved";
	case ESC_FIG_OPEN:
		return "open";
	case ESC_FIG_OVERDUE:
		return "overdue";
	}
	return "";
}

long report_figure_value(const esc_report *r, esc_figure f, int level)
{
	bool lv = level >= ESC_LEVEL_MIN && level <= proc_levels(r->proc);
	switch (f) {
	case ESC_FIG_REACHED:
		return lv ? r->level_total[level] : 0;
	case ESC_FIG_REACHINGS:
		return r->total;
	case ESC_FIG_CASES:
		return r->cases;
	case ESC_FIG_RESOLVED:
		return lv ? r->resolved_at[level] : 0;
	case ESC_FIG_OPEN:
		return r->open_at_end;
	case ESC_FIG_OVERDUE:
		return r->open_overdue_at_end;
	}
	return 0;
}

/* Urgent jumps behind a figure, where it has any. */
static long figure_urgent(const esc_report *r, figure_ref fr, bool *has)
{
	*has = fr.f == ESC_FIG_REACHED || fr.f == ESC_FIG_REACHINGS;
	if (fr.f == ESC_FIG_REACHED)
		return level_urgent(r, fr.level);
	return fr.f == ESC_FIG_REACHINGS ? r->urgent_total : 0;
}

/* The terminal table is laid out for 80 columns; only Themes wraps. */
#define TEXT_WIDTH 80
#define THEMES_MIN 30

static int max_int(int a, int b)
{
	return a > b ? a : b;
}

static void pad(esc_buf *b, int n)
{
	for (int i = 0; i < n; i++)
		esc_buf_add(b, " ", 1);
}

static void cell(esc_buf *b, const char *s, int width)
{
	esc_buf_puts(b, s);
	pad(b, width - esc_display_width(s));
}

/* Theme k of a row as the Themes column shows it: "Name (n);", sanitised. */
static void theme_token(esc_buf *tok, const esc_report_row *row, size_t k)
{
	esc_buf_reset(tok);
	esc_sanitize(tok, row->themes[k].theme, false);
	esc_buf_printf(tok, " (%ld)%s", row->themes[k].count, k + 1 < row->nthemes ? ";" : "");
}

/* Appends one physical line, without trailing blanks. */
static void end_line(esc_buf *out, esc_buf *line)
{
	while (line->len > 0 && line->data[line->len - 1] == ' ')
		line->data[--line->len] = '\0';
	esc_buf_add(out, line->data, line->len);
	esc_buf_add(out, "\n", 1);
	esc_buf_reset(line);
}

typedef struct text_widths {
	int level, number, themes, la;
} text_widths;

static const char *const text_head[] = {"Level of Escalation", "Number", "Themes",
                                        "Local Authority"};

/* Column widths: every cell fits whole; Themes takes what the others leave
 * of 80 columns (at least THEMES_MIN, and never less than its widest name). */
static text_widths measure(const esc_report *r, esc_buf *tmp)
{
	text_widths w = {.level = esc_display_width(text_head[0]),
	                 .number = esc_display_width(text_head[1]),
	                 .themes = esc_display_width(text_head[2]),
	                 .la = esc_display_width(text_head[3])};
	int widest_list = 0;
	for (size_t i = 0; i < r->nrows; i++) {
		const esc_report_row *row = &r->rows[i];
		esc_buf_reset(tmp);
		level_cell(r->proc, tmp, row->level);
		w.level = max_int(w.level, esc_display_width(tmp->data));
		esc_buf_reset(tmp);
		number_cell(tmp, row->number, row->urgent);
		w.number = max_int(w.number, esc_display_width(tmp->data));
		w.la = max_int(w.la, esc_display_width(row->local_authority));
		int list = 0;
		for (size_t k = 0; k < row->nthemes; k++) {
			theme_token(tmp, row, k);
			int tw = esc_display_width(tmp->data);
			w.themes = max_int(w.themes, tw);
			list += tw + (k > 0);
		}
		widest_list = max_int(widest_list, list);
	}
	int avail = max_int(THEMES_MIN, TEXT_WIDTH - w.level - w.number - w.la - 9);
	w.themes = max_int(w.themes, widest_list < avail ? widest_list : avail);
	return w;
}

static void text_rule(esc_buf *out, esc_buf *line, const text_widths *w)
{
	int widths[] = {w->level, w->number, w->themes, w->la};
	for (int c = 0; c < 4; c++) {
		if (c > 0)
			esc_buf_puts(line, "-+-");
		for (int k = 0; k < widths[c]; k++)
			esc_buf_add(line, "-", 1);
	}
	end_line(out, line);
}

/* One report row: Themes wraps onto continuation lines between whole names
 * (data is never truncated); the other cells are on the first line. */
static void text_row(const esc_report *r, esc_buf *out, esc_buf *line, esc_buf *tmp,
                     const esc_report_row *row, const text_widths *w)
{
	esc_buf level, number;
	esc_buf_init(&level);
	esc_buf_init(&number);
	level_cell(r->proc, &level, row->level);
	number_cell(&number, row->number, row->urgent);
	size_t k = 0;
	bool first = true;
	do {
		cell(line, first ? level.data : "", w->level);
		esc_buf_puts(line, " | ");
		cell(line, first ? number.data : "", w->number);
		esc_buf_puts(line, " | ");
		int used = 0;
		for (; k < row->nthemes; k++) {
			theme_token(tmp, row, k);
			int tw = esc_display_width(tmp->data);
			if (used > 0 && used + 1 + tw > w->themes)
				break;
			if (used > 0)
				esc_buf_add(line, " ", 1);
			esc_buf_add(line, tmp->data, tmp->len);
			used += tw + (used > 0);
		}
		pad(line, w->themes - used);
		esc_buf_puts(line, " | ");
		if (first)
			esc_sanitize(line, row->local_authority, false);
		end_line(out, line);
		first = false;
	} while (k < row->nthemes);
	esc_buf_free(&level);
	esc_buf_free(&number);
}

static void text_table(const esc_report *r, esc_buf *out)
{
	esc_buf line, tmp;
	esc_buf_init(&line);
	esc_buf_init(&tmp);
	text_widths w = measure(r, &tmp);

	cell(&line, text_head[0], w.level);
	esc_buf_puts(&line, " | ");
	cell(&line, text_head[1], w.number);
	esc_buf_puts(&line, " | ");
	cell(&line, text_head[2], w.themes);
	esc_buf_puts(&line, " | ");
	esc_buf_puts(&line, text_head[3]);
	end_line(out, &line);
	text_rule(out, &line, &w);
	for (size_t i = 0; i < r->nrows; i++)
		text_row(r, out, &line, &tmp, &r->rows[i], &w);
	if (r->nrows == 0)
		esc_buf_puts(out, "(no case reached a level in this period)\n");
	esc_buf_free(&line);
	esc_buf_free(&tmp);
}

/* "  Reached level 4 (Head of Service)   1 (1 urgent)" */
static void text_total(esc_buf *out, const char *label, int width, long n, long urgent)
{
	esc_buf_puts(out, "  ");
	esc_buf_puts(out, label);
	pad(out, width + 2 - esc_display_width(label));
	number_cell(out, n, urgent);
	esc_buf_add(out, "\n", 1);
}

/* Issue 11: the chain heads (audit.h) as the last thing of every format,
 * so that a kept report is also a receipt for `escalate verify --against`.
 * The token is only [a-z0-9=: -]: nothing to escape in any format. */
void report_receipt_footer(const esc_report *r, esc_buf *out, const char *before,
                           const char *after)
{
	if (!r->receipt[0])
		return;
	esc_buf_puts(out, before);
	esc_buf_puts(out, r->receipt);
	esc_buf_puts(out, after);
}

/* "Procedure: West Yorkshire ... (west-yorkshire version 1)", raw. */
void report_procedure_heading(const esc_report *r, esc_buf *b)
{
	const esc_procedure *p = proc_or_default(r->proc);
	esc_buf_printf(b, "Procedure: %s (%s version %d)", p->title, p->name, p->version);
}

void report_text_body(const esc_report *r, esc_buf *out)
{
	static const char *const groups[] = {"Reached in the period", "Resolved in the period",
	                                     "Open"};
	esc_buf label;
	esc_buf_init(&label);
	text_table(r, out);

	figure_ref figs[NFIGURES];
	size_t n = report_all_figures(r, figs);
	int width = 0;
	for (size_t i = 0; i < n; i++) {
		esc_buf_reset(&label);
		report_figure_label(r, figs[i].f, figs[i].level, &label);
		width = max_int(width, esc_display_width(label.data));
	}
	int group = -1;
	for (size_t i = 0; i < n; i++) {
		int g = figs[i].f == ESC_FIG_RESOLVED                             ? 1
		        : figs[i].f == ESC_FIG_OPEN || figs[i].f == ESC_FIG_OVERDUE ? 2
		                                                                  : 0;
		if (g != group) {
			esc_buf_printf(out, "\n%s\n", groups[g]);
			if (g == 2 && r->open_as_of != r->period.to)
				esc_buf_puts(out, "  (the period has not ended: open cases as of today)\n");
			group = g;
		}
		bool has;
		long urgent = figure_urgent(r, figs[i], &has);
		esc_buf_reset(&label);
		report_figure_label(r, figs[i].f, figs[i].level, &label);
		text_total(out, label.data, width, report_figure_value(r, figs[i].f, figs[i].level),
		           urgent);
	}
	esc_buf_free(&label);
}

static void render_text(const esc_report *r, esc_buf *out)
{
	report_title(r, out);
	esc_buf_puts(out, "\n\n");
	report_text_body(r, out);
	report_receipt_footer(r, out, "\nReceipt: ", "\n");
}

/* CSV per RFC 4180 (CRLF line ends); esc_csv_field quotes every text cell and
 * defuses anything a spreadsheet would run as a formula.  Every line says in
 * `row` what it is (level: a row of the template; total, cases, resolved,
 * open, overdue: a figure), so summing Number over one kind never mixes a
 * total into the data. */
static void csv_line(const esc_report *r, esc_buf *out, const char *prefix, const char *row,
                     int level, const char *figure, long number, long urgent, bool has_urgent,
                     const char *themes, const char *la)
{
	esc_buf_puts(out, prefix);
	esc_buf_puts(out, row);
	if (level > 0) {
		const esc_level_info *li = proc_level(r->proc, level);
		esc_buf_printf(out, ",%d,", level);
		esc_buf tmp;
		esc_buf_init(&tmp);
		esc_buf_printf(&tmp, "%d %s", level, li ? li->label : "?");
		esc_csv_field(out, tmp.data);
		esc_buf_free(&tmp);
	} else {
		esc_buf_puts(out, ",,");
	}
	esc_buf_add(out, ",", 1);
	esc_csv_field(out, figure);
	esc_buf_printf(out, ",%ld,", number);
	if (has_urgent)
		esc_buf_printf(out, "%ld", urgent);
	esc_buf_add(out, ",", 1);
	esc_csv_field(out, themes);
	esc_buf_add(out, ",", 1);
	esc_csv_field(out, la);
	esc_buf_puts(out, "\r\n");
}

const char report_csv_head[] = "row,level,level_of_escalation,figure,number,urgent,themes,"
                               "local_authority\r\n";

/* The table's lines; prefix starts each (a grouped report's procedure). */
void report_csv_body(const esc_report *r, const char *prefix, esc_buf *out)
{
	esc_buf a, t;
	esc_buf_init(&a);
	esc_buf_init(&t);
	for (size_t i = 0; i < r->nrows; i++) {
		const esc_report_row *row = &r->rows[i];
		esc_buf_reset(&t);
		themes_cell(&t, row);
		csv_line(r, out, prefix, "level", row->level, "", row->number, row->urgent, true,
		         t.data, row->local_authority);
	}
	figure_ref figs[NFIGURES];
	size_t n = report_all_figures(r, figs);
	for (size_t i = 0; i < n; i++) {
		bool has;
		long urgent = figure_urgent(r, figs[i], &has);
		esc_buf_reset(&a);
		report_figure_label(r, figs[i].f, figs[i].level, &a);
		csv_line(r, out, prefix, report_figure_row(figs[i].f), figs[i].level, a.data,
		         report_figure_value(r, figs[i].f, figs[i].level), urgent, has, "", "");
	}
	esc_buf_free(&a);
	esc_buf_free(&t);
}

static void render_csv(const esc_report *r, esc_buf *out)
{
	esc_buf_puts(out, report_csv_head);
	report_csv_body(r, "", out);
	report_receipt_footer(r, out, "receipt,,,", ",,,,\r\n"); /* its own row kind: summed with none */
}

/* Markdown: the template as a pipe table, then the figures as a list.
 * Names go through esc_md_cell, which leaves no live HTML or Markdown. */
void report_md_body(const esc_report *r, esc_buf *out)
{
	esc_buf a;
	esc_buf_init(&a);
	esc_buf_puts(out, "| Level of Escalation | Number | Themes | Local Authority |\n"
	                  "|---|---:|---|---|\n");
	for (size_t i = 0; i < r->nrows; i++) {
		const esc_report_row *row = &r->rows[i];
		esc_buf_puts(out, "| ");
		level_cell(r->proc, out, row->level);
		esc_buf_puts(out, " | ");
		number_cell(out, row->number, row->urgent);
		esc_buf_puts(out, " | ");
		esc_buf_reset(&a);
		themes_cell(&a, row);
		esc_md_cell(out, a.data);
		esc_buf_puts(out, " | ");
		esc_md_cell(out, row->local_authority);
		esc_buf_puts(out, " |\n");
	}
	esc_buf_add(out, "\n", 1);
	figure_ref figs[NFIGURES];
	size_t n = report_all_figures(r, figs);
	for (size_t i = 0; i < n; i++) {
		bool has;
		long urgent = figure_urgent(r, figs[i], &has);
		esc_buf_reset(&a);
		report_figure_label(r, figs[i].f, figs[i].level, &a);
		esc_buf_puts(out, "- ");
		esc_md_cell(out, a.data);
		esc_buf_puts(out, ": ");
		number_cell(out, report_figure_value(r, figs[i].f, figs[i].level), urgent);
		esc_buf_add(out, "\n", 1);
	}
	esc_buf_free(&a);
}

static void render_markdown(const esc_report *r, esc_buf *out)
{
	esc_buf a;
	esc_buf_init(&a);
	esc_buf_puts(out, "## ");
	report_title(r, &a);
	esc_md_cell(out, a.data);
	esc_buf_free(&a);
	esc_buf_puts(out, "\n\n");
	report_md_body(r, out);
	report_receipt_footer(r, out, "\nReceipt: ", "\n"); /* plain: the token is [a-z0-9=: -] */
}

void report_render(const esc_report *r, esc_format fmt, esc_buf *out)
{
	switch (fmt) {
	case ESC_FMT_CSV:
		render_csv(r, out);
		break;
	case ESC_FMT_JSON:
		report_json_table(r, false, out);
		report_receipt_footer(r, out, ",\"receipt\":\"", "\"");
		esc_buf_puts(out, "}\n");
		break;
	case ESC_FMT_MARKDOWN:
		render_markdown(r, out);
		break;
	case ESC_FMT_TEXT:
	case ESC_FMT_RECORD:
		render_text(r, out);
		break;
	case ESC_FMT_XLSX: /* a workbook is a file: report_write_xlsx */
		break;
	}
}
