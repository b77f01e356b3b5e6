/* The report screen: the policy template's table
 *   Level of Escalation | Number | Themes | Local Authority
 * for a quarter (the current one first; Left/Right step) or a date range,
 * a bar chart of escalations by level, and CSV/Markdown written to a file
 * the user names. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "escalate/procedure_file.h"
#include "escalate/report.h"
#include "escalate/xlsx.h"
#include "form.h"
#include "tui_int.h"

#define CHART_LABEL_COLS 30

/* Column widths of the table: at 80 columns the level label and the
 * themes wrap inside their columns; wider terminals widen them. */
typedef struct report_cols {
	int level, number, themes, la;
} report_cols;

static report_cols report_layout(int cols)
{
	int extra = cols > 80 ? (cols - 80) / 4 : 0;
	report_cols c = {.level = 20 + (extra > 10 ? 10 : extra),
	                 .number = 10,
	                 .la = 15 + (extra > 10 ? 10 : extra)};
	c.themes = cols - c.level - c.number - c.la - 3;
	return c;
}

typedef struct report_view {
	esc_period p;
	esc_report_set set; /* one table per procedure the period's cases follow */
	bool built;
	tui_lines lines;
	esc_format fmt; /* being written */
	char path[PATH_MAX];
} report_view;

static esc_status report_open(tui *t, tui_view *v, esc_error *err)
{
	report_view *rv = v->data;
	if (rv->built)
		report_set_free(&rv->set);
	rv->built = false;
	if (report_build_set(t->s, &rv->p, NULL, &rv->set, err) != ESC_OK)
		return err->status;
	rv->built = true;
	rv->lines.built_cols = 0;
	return ESC_OK;
}

/* Appends s cut or padded to exactly w columns. */
static void cell(esc_buf *b, const char *s, int w, bool right)
{
	esc_buf tmp;
	esc_buf_init(&tmp);
	esc_sanitize(&tmp, s, false);
	size_t n = esc_prefix_for_width(tmp.data, w);
	tmp.data[n] = '\0';
	int pad = w - esc_display_width(tmp.data);
	if (right)
		esc_buf_printf(b, "%*s", pad, "");
	esc_buf_puts(b, tmp.data);
	if (!right)
		esc_buf_printf(b, "%*s", pad, "");
	esc_buf_free(&tmp);
}

/* One table line: level | number | themes | local authority. */
static void table_line(tui_lines *l, const report_cols *c, const char *level, const char *number,
                       const char *themes, const char *la, tui_style st)
{
	esc_buf b;
	esc_buf_init(&b);
	cell(&b, level, c->level, false);
	cell(&b, number, c->number, true);
	esc_buf_puts(&b, "  ");
	cell(&b, themes, c->themes, false);
	esc_buf_puts(&b, " ");
	cell(&b, la, c->la, false);
	lines_add(l, st, 1, b.data);
	esc_buf_free(&b);
}

static void report_table_row(tui_lines *l, const report_cols *c, const esc_procedure *proc,
                             const esc_report_row *row)
{
	esc_buf themes, num, lvl;
	tui_lines tw = {0}, lw = {0}, aw = {0};
	esc_buf_init(&themes);
	esc_buf_init(&num);
	esc_buf_init(&lvl);
	for (size_t i = 0; i < row->nthemes; i++)
		esc_buf_printf(&themes, "%s%s (%ld)", i ? "; " : "", row->themes[i].theme,
		               row->themes[i].count);
	esc_buf_printf(&num, "%ld", row->number);
	if (row->urgent)
		esc_buf_printf(&num, " (%ld urg)", row->urgent);
	esc_buf_printf(&lvl, "%d %s", row->level, proc_level(proc, row->level)->label);
	lines_wrap(&tw, TUI_ST_NORMAL, 0, 0, c->themes, themes.data);
	lines_wrap(&lw, TUI_ST_NORMAL, 0, 2, c->level - 1, lvl.data);
	lines_wrap(&aw, TUI_ST_NORMAL, 0, 0, c->la, row->local_authority);
	size_t n = tw.n > lw.n ? tw.n : lw.n;
	if (aw.n > n)
		n = aw.n;
	for (size_t i = 0; i < n; i++) {
		char level[64];
		snprintf(level, sizeof level, "%*s%s", i < lw.n ? lw.v[i].indent : 0, "",
		         i < lw.n ? lw.v[i].text : "");
		table_line(l, c, level, i == 0 ? num.data : "", i < tw.n ? tw.v[i].text : "",
		           i < aw.n ? aw.v[i].text : "", TUI_ST_NORMAL);
	}
	lines_free(&aw);
	lines_free(&tw);
	lines_free(&lw);
	esc_buf_free(&themes);
	esc_buf_free(&num);
	esc_buf_free(&lvl);
}

/* --accessible: a row of the table as one sentence, not columns. */
static void report_row_words(tui_lines *l, int cols, const esc_procedure *proc,
                             const esc_report_row *row)
{
	esc_buf b;
	esc_buf_init(&b);
	esc_buf_printf(&b, "Level %d %s: %ld escalation%s", row->level,
	               proc_level(proc, row->level)->label, row->number, row->number == 1 ? "" : "s");
	if (row->urgent)
		esc_buf_printf(&b, " (%ld urgent)", row->urgent);
	esc_buf_puts(&b, "; themes: ");
	for (size_t i = 0; i < row->nthemes; i++)
		esc_buf_printf(&b, "%s%s (%ld)", i ? ", " : "", row->themes[i].theme,
		               row->themes[i].count);
	esc_buf_printf(&b, "; local authority: %s.", row->local_authority);
	lines_wrap(l, TUI_ST_NORMAL, 1, 3, cols, b.data);
	esc_buf_free(&b);
}

static void report_chart(tui_lines *l, int cols, const esc_report *r, bool words)
{
	long max = 0;
	int bw = cols - CHART_LABEL_COLS - 10;
	esc_buf b;
	esc_buf_init(&b);
	for (int lv = ESC_LEVEL_MIN; lv <= proc_levels(r->proc); lv++)
		if (r->level_total[lv] > max)
			max = r->level_total[lv];
	lines_add(l, TUI_ST_HEADER, 1, "Escalations by level");
	for (int lv = ESC_LEVEL_MIN; lv <= proc_levels(r->proc); lv++) {
		long n = r->level_total[lv];
		int len = max ? (int)(n * bw / max) : 0;
		if (n > 0 && len == 0)
			len = 1;
		char label[80];
		snprintf(label, sizeof label, "%d %s", lv, proc_level(r->proc, lv)->label);
		esc_buf_reset(&b);
		if (words) {
			/* A bar is read out as a row of #: the number in words. */
			esc_buf_printf(&b, "Level %s, all authorities: %ld escalation%s", label, n,
			               n == 1 ? "" : "s");
			lines_add(l, TUI_ST_NORMAL, 1, b.data);
			continue;
		}
		cell(&b, label, CHART_LABEL_COLS, false);
		esc_buf_puts(&b, " ");
		for (int i = 0; i < len; i++)
			esc_buf_puts(&b, "#");
		esc_buf_printf(&b, " %ld", n);
		lines_add(l, TUI_ST_BAR, 1, b.data);
	}
	esc_buf_free(&b);
}

/* One procedure's table, chart and figures. */
static void report_block(tui *t, tui_lines *l, int cols, const esc_report *r)
{
	report_cols c = report_layout(cols);
	char num[48];
	esc_buf b;
	esc_buf_init(&b);
	if (!t->accessible)
		table_line(l, &c, "Level of Escalation", "Number", "Themes", "Local Authority",
		           TUI_ST_HEADER);
	if (r->nrows == 0)
		lines_add(l, TUI_ST_DIM, 1, "No case reached a level in this period.");
	for (size_t i = 0; i < r->nrows; i++)
		if (t->accessible)
			report_row_words(l, cols, r->proc, &r->rows[i]);
		else
			report_table_row(l, &c, r->proc, &r->rows[i]);
	lines_add(l, TUI_ST_NORMAL, 0, "");
	report_chart(l, cols, r, t->accessible);
	lines_add(l, TUI_ST_NORMAL, 0, "");
	/* The figures with the labels every output format uses. */
	static const esc_figure figs[] = {ESC_FIG_REACHINGS, ESC_FIG_CASES, ESC_FIG_RESOLVED,
	                                  ESC_FIG_OPEN, ESC_FIG_OVERDUE};
	for (size_t f = 0; f < sizeof figs / sizeof figs[0]; f++) {
		bool per_level = figs[f] == ESC_FIG_RESOLVED;
		for (int lv = per_level ? ESC_LEVEL_MIN : 0;
		     lv <= (per_level ? proc_levels(r->proc) : 0); lv++) {
			esc_buf_reset(&b);
			report_figure_label(r, figs[f], lv, &b);
			snprintf(num, sizeof num, ": %ld", report_figure_value(r, figs[f], lv));
			esc_buf_puts(&b, num);
			if (figs[f] == ESC_FIG_REACHINGS && r->urgent_total)
				esc_buf_printf(&b, " (%ld urgent)", r->urgent_total);
			lines_wrap(l, TUI_ST_NORMAL, 1, 3, cols, b.data);
		}
	}
	esc_buf_free(&b);
}

static void report_build_lines(tui *t, report_view *rv)
{
	tui_lines *l = &rv->lines;
	int cols = t->cols - 2;
	lines_clear(l);
	l->built_cols = t->cols;
	for (size_t i = 0; i < rv->set.n; i++) {
		const esc_report *r = &rv->set.items[i];
		if (rv->set.grouped) {
			const esc_procedure *p = proc_or_default(r->proc);
			char head[ESC_PROC_TEXT_MAX + 80];
			snprintf(head, sizeof head, "Procedure: %s (%s version %d)", p->title, p->name,
			         p->version);
			if (i)
				lines_add(l, TUI_ST_NORMAL, 0, "");
			lines_wrap(l, TUI_ST_HEADER, 1, 3, cols, head);
		}
		report_block(t, l, cols, r);
	}
}

static void report_draw(tui *t, tui_view *v)
{
	report_view *rv = v->data;
	char from[ESC_DATE_LEN + 1], to[ESC_DATE_LEN + 1], head[160];
	draw_title(t, "Report");
	esc_day_format(rv->p.from, from);
	esc_day_format(rv->p.to, to);
	bool quarter = strchr(rv->p.label, 'Q') != NULL;
	snprintf(head, sizeof head, "%s %s: %s to %s", quarter ? "Quarter" : "Range", rv->p.label,
	         from, to);
	draw_text(t, 1, 1, t->cols - 2, TUI_ST_HEADER, head);
	if (!rv->built) {
		draw_footer(t, TUI_S_REPORT, NULL);
		return;
	}
	if (rv->lines.built_cols != t->cols)
		report_build_lines(t, rv);
	lines_draw(t, &rv->lines, 3, t->rows - 5);
	draw_footer(t, TUI_S_REPORT, NULL);
}

/* "~/x" is the real user's home (not $HOME: the program may be set-id). */
static void report_expand(const char *in, char *out, size_t outsz)
{
	const struct passwd *pw = in[0] == '~' && in[1] == '/' ? getpwuid(getuid()) : NULL;
	if (pw)
		snprintf(out, outsz, "%s/%s", pw->pw_dir, in + 2);
	else
		snprintf(out, outsz, "%s", in);
}

/* The CSV written here is made for spreadsheets: it begins with the UTF-8
 * byte-order mark Excel needs (the command line's --bom). */
static const char *format_name(esc_format fmt)
{
	return fmt == ESC_FMT_CSV ? "CSV" : fmt == ESC_FMT_XLSX ? "XLSX" : "Markdown";
}

static esc_status report_write(tui *t, report_view *rv, esc_error *err)
{
	esc_buf b;
	esc_buf_init(&b);
	if (rv->fmt == ESC_FMT_CSV)
		esc_buf_puts(&b, ESC_CSV_BOM);
	report_set_render(&rv->set, rv->fmt, &b);
	/* A set-id escalate writes the user's file as the user (SPEC §6). */
	gid_t egid = getegid();
	bool dropped = esc_privileged() && egid != getgid();
	if (dropped && setegid(getgid()) != 0) {
		esc_buf_free(&b);
		return esc_fail(err, ESC_EINTERNAL, "file", "could not drop the group privilege");
	}
	esc_status st = ESC_OK;
	int fd = open(rv->path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOCTTY, 0600);
	if (fd < 0) {
		st = esc_fail(err, ESC_ESTORAGE, "file", "cannot write %s: %s", rv->path,
		              strerror(errno));
	} else if (rv->fmt == ESC_FMT_XLSX) {
		close(fd); /* created 0600 as the user; the workbook is written over it */
		st = report_set_write_xlsx(&rv->set, rv->path, err);
	} else {
		size_t off = 0;
		while (off < b.len) {
			ssize_t n = write(fd, b.data + off, b.len - off);
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0) {
				st = esc_fail(err, ESC_ESTORAGE, "file", "writing %s failed: %s",
				              rv->path, strerror(errno));
				break;
			}
			off += (size_t)n;
		}
		if (close(fd) != 0 && st == ESC_OK)
			st = esc_fail(err, ESC_ESTORAGE, "file", "writing %s failed: %s", rv->path,
			              strerror(errno));
	}
	if (dropped && setegid(egid) != 0 && st == ESC_OK)
		st = esc_fail(err, ESC_EINTERNAL, "file", "could not restore the group privilege");
	esc_buf_free(&b);
	(void)t;
	return st;
}

static int report_do_write(tui *t, report_view *rv)
{
	esc_error err;
	char where[PATH_MAX];
	esc_error_clear(&err);
	if (report_write(t, rv, &err) != ESC_OK) {
		tui_error(t, &err);
		return TUI_REDRAW;
	}
	if (!realpath(rv->path, where))
		snprintf(where, sizeof where, "%s", rv->path);
	tui_message(t, TUI_MSG_INFO, "Wrote the %s report (%s) to %s", rv->p.label,
	            format_name(rv->fmt), where);
	return TUI_REDRAW;
}

static int report_overwrite(tui *t, void *ctx, bool yes)
{
	if (!yes) {
		tui_message(t, TUI_MSG_INFO, "Not written.");
		return TUI_REDRAW;
	}
	return report_do_write(t, ctx);
}

static int report_named(tui *t, void *ctx, const char *name)
{
	report_view *rv = ctx;
	struct stat sb;
	if (!*name) {
		tui_message(t, TUI_MSG_INFO, "Not written: no file name.");
		return TUI_REDRAW;
	}
	report_expand(name, rv->path, sizeof rv->path);
	if (lstat(rv->path, &sb) == 0) {
		char q[PATH_MAX + 64];
		snprintf(q, sizeof q, "%s exists. Replace it? (y/n)", rv->path);
		tui_confirm_open(t, q, report_overwrite, rv);
		return TUI_REDRAW;
	}
	return report_do_write(t, rv);
}

static int report_save(tui *t, report_view *rv, esc_format fmt)
{
	char name[96], prompt[48];
	rv->fmt = fmt;
	snprintf(name, sizeof name, "escalations-%s.%s", rv->p.label,
	         fmt == ESC_FMT_CSV ? "csv" : fmt == ESC_FMT_XLSX ? "xlsx" : "md");
	for (char *p = name; (p = strstr(p, "..")) != NULL;)
		memcpy(p, "_-", 2); /* a range label "a..b" becomes "a_-b" */
	snprintf(prompt, sizeof prompt, "Write %s to:", format_name(fmt));
	tui_prompt_open(t, prompt, name, PATH_MAX - 1, report_named, rv);
	return TUI_REDRAW;
}

typedef struct range_ctx {
	report_view *rv;
	int from, to;
} range_ctx;

static esc_status range_submit(tui *t, tui_form *f, esc_error *err)
{
	range_ctx *c = f->ctx;
	(void)t;
	return esc_period_from_range(tui_form_value(f, c->from), tui_form_value(f, c->to),
	                             &c->rv->p, err);
}

static int report_range(tui *t, report_view *rv)
{
	char from[ESC_DATE_LEN + 1], to[ESC_DATE_LEN + 1];
	range_ctx *c = calloc(1, sizeof *c);
	if (!c)
		abort();
	c->rv = rv;
	tui_form *f = tui_form_new("Report on a date range", range_submit, c, free);
	snprintf(f->intro, sizeof f->intro,
	         "Both dates are included. A case counts at a level when it reached that level in "
	         "the range.");
	c->from = tui_form_add(f, TUI_F_DATE, "From", "--from|from", true, "YYYY-MM-DD");
	c->to = tui_form_add(f, TUI_F_DATE, "To", "--to|to", true, "YYYY-MM-DD");
	esc_day_format(rv->p.from, from);
	esc_day_format(rv->p.to, to);
	tui_form_set_text(f, c->from, from);
	tui_form_set_text(f, c->to, to);
	int go = tui_form_add(f, TUI_F_BUTTON, "Show (F2 or Ctrl-S)", NULL, false,
	                      "Enter: show the report");
	f->fields[go].id = TUI_BUTTON_SAVE;
	tui_form_open(t, f);
	return TUI_REDRAW;
}

static int report_handle(tui *t, tui_view *v, tui_action a, tui_key key)
{
	report_view *rv = v->data;
	(void)key;
	switch (a) {
	case TUI_A_BACK:
		return TUI_POP;
	case TUI_A_PREV_PERIOD:
	case TUI_A_NEXT_PERIOD: {
		esc_period q;
		/* From a range, step from the quarter its start falls in. */
		esc_quarter_of(rv->p.from, &q);
		if (strchr(rv->p.label, 'Q'))
			esc_quarter_step(&q, a == TUI_A_NEXT_PERIOD ? 1 : -1, &q);
		rv->p = q;
		v->stale = true;
		return TUI_REDRAW;
	}
	case TUI_A_THIS_PERIOD:
		esc_quarter_of(session_today(t->s), &rv->p);
		v->stale = true;
		return TUI_REDRAW;
	case TUI_A_RANGE:
		return report_range(t, rv);
	case TUI_A_SAVE_CSV:
		return rv->built ? report_save(t, rv, ESC_FMT_CSV) : TUI_DONE;
	case TUI_A_SAVE_MD:
		return rv->built ? report_save(t, rv, ESC_FMT_MARKDOWN) : TUI_DONE;
	case TUI_A_SAVE_XLSX:
		return rv->built ? report_save(t, rv, ESC_FMT_XLSX) : TUI_DONE;
	default:
		return lines_scroll(&rv->lines, a);
	}
}

static void report_close(tui_view *v)
{
	report_view *rv = v->data;
	if (!rv)
		return;
	if (rv->built)
		report_set_free(&rv->set);
	lines_free(&rv->lines);
	free(rv);
}

static const tui_screen_ops report_ops = {
    .name = "report",
    .keys = TUI_S_REPORT,
    .open = report_open,
    .draw = report_draw,
    .handle_key = report_handle,
    .close = report_close,
};

esc_status tui_report_open(tui *t)
{
	report_view *rv = calloc(1, sizeof *rv);
	if (!rv)
		abort();
	esc_quarter_of(session_today(t->s), &rv->p);
	return tui_push(t, &report_ops, rv);
}
