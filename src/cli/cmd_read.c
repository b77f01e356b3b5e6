/* list and patterns.  list streams its cases a page at a time through
 * query_list: a large database is never read into memory at once. */
#include "cli_cmd.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_text.h"
#include "cli_files.h"
#include "escalate/json_out.h"
#include "escalate/procedure_store.h"
#include "escalate/xlsx.h"
#include "escalate/pattern.h"
#include "escalate/query.h"

#define LIST_PAGE 100

enum { LIST_NCOLS = 8, LIST_TERM_NCOLS = 9 };

/* Piped (scripts read it): as it has always been. */
static const char *const list_heads[LIST_NCOLS] = {"REF",   "LEVEL", "STATE", "LA",
                                                   "THEME", "OWNER", "DAYS",  "FLAGS"};
static const int list_caps[LIST_NCOLS] = {0, 0, 0, 24, 28, 12, 0, 0};
/* On a terminal, as the interface's list (issue 13 item 9): the owner by
 * name, the date the level is due, the columns fitted to the window (the
 * due date, then the owner, left out when even cut they do not fit). */
static const char *const term_heads[LIST_TERM_NCOLS] = {
    "REF", "LEVEL", "STATE", "LA", "THEME", "OWNER", "DUE", "DAYS", "FLAGS"};
static const int term_caps[LIST_TERM_NCOLS] = {0, 0, 0, 24, 28, 12, 0, 0, 0};

static void flags_text(const esc_case_summary *r, char *out, size_t outsz)
{
	snprintf(out, outsz, "%s%s%s", r->overdue ? "OVERDUE " : "", r->urgent ? "URGENT " : "",
	         r->owed ? "NOTIFY " : "");
	size_t n = strlen(out);
	if (n)
		out[n - 1] = '\0';
}

typedef struct list_out {
	esc_format fmt;
	FILE *f;
	esc_xlsx *xlsx; /* --format xlsx */
	esc_error *err;
	esc_status xlsx_st;
	cli_cols cols;
	esc_buf buf;
	cli_staff_dir staff; /* JSON: owners as person objects */
	long n;
} list_out;

static void emit_row(list_out *o, const esc_case_summary *r)
{
	char level[8], days[16], flags[40];
	const esc_level_info *li = proc_level(r->proc, r->level);
	snprintf(level, sizeof level, "%d", r->level);
	snprintf(days, sizeof days, "%d", r->days_at_level);
	flags_text(r, flags, sizeof flags);
	if (o->fmt == ESC_FMT_TEXT && o->cols.terminal) {
		const char *cells[LIST_TERM_NCOLS] = {
		    r->ref,         level,
		    esc_state_name(r->state),
		    r->local_authority,
		    r->first_theme, r->owner_name[0] ? r->owner_name : r->owner_login,
		    r->state == ESC_STATE_OPEN ? r->level_due : "",
		    days,           flags};
		cli_cols_add(&o->cols, cells);
		o->n++;
		return;
	}
	if (o->fmt == ESC_FMT_TEXT) {
		const char *cells[LIST_NCOLS] = {r->ref,
		                                 level,
		                                 esc_state_name(r->state),
		                                 r->local_authority,
		                                 r->first_theme,
		                                 r->owner_login,
		                                 days,
		                                 flags};
		cli_cols_add(&o->cols, cells);
		o->n++;
		return;
	}
	esc_buf_reset(&o->buf);
	if (o->fmt == ESC_FMT_XLSX || o->fmt == ESC_FMT_CSV) {
		esc_cell cells[ESC_SUMMARY_NCOLS];
		export_summary_cells(r, cells);
		if (o->fmt == ESC_FMT_CSV)
			export_csv_row(&o->buf, export_summary_table(), cells);
		else if (o->xlsx_st == ESC_OK)
			o->xlsx_st = xlsx_table_row(o->xlsx, export_summary_table(), cells, o->err);
	} else {
		/* the case summary of data/schema/json/list.schema.json */
		const esc_staff *owner = cli_staff_dir_find(&o->staff, r->owner_login);
		esc_buf_puts(&o->buf, o->n ? ",\n  {" : "\n  {");
		cli_json_str(&o->buf, true, "ref", r->ref);
		cli_json_str(&o->buf, false, "uuid", r->uuid);
		cli_json_str(&o->buf, false, "state", esc_state_name(r->state));
		cli_json_num(&o->buf, false, "level", r->level);
		cli_json_str(&o->buf, false, "level_label", li ? li->label : "");
		cli_json_str(&o->buf, false, "child_id", r->child_id);
		cli_json_str(&o->buf, false, "local_authority", r->local_authority);
		cli_json_str(&o->buf, false, "first_theme", r->first_theme);
		esc_json_key(&o->buf, false, "owner");
		esc_json_person(&o->buf, r->owner_login, owner ? owner->name : "",
		                owner ? owner->role : ESC_ROLE_NONE);
		esc_buf_add(&o->buf, ",", 1);
		esc_json_instant_pair(&o->buf, "opened_at", "opened_date", r->opened_at);
		esc_buf_add(&o->buf, ",", 1);
		esc_json_instant_pair(&o->buf, "level_since", "level_since_date", r->level_since);
		cli_json_str(&o->buf, false, "level_due", r->level_due);
		cli_json_num(&o->buf, false, "days_at_level", r->days_at_level);
		cli_json_bool(&o->buf, false, "overdue", r->overdue);
		cli_json_bool(&o->buf, false, "urgent", r->urgent);
		cli_json_bool(&o->buf, false, "notification_owed", r->owed);
		esc_buf_puts(&o->buf, "}");
	}
	if (o->f)
		fputs(o->buf.data, o->f);
	o->n++;
}

/* Reads the filter options; false when one is wrong (usage error printed). */
static bool list_filter(cli_ctx *c, const cli_args *a, esc_list_filter *f)
{
	long level = 0;
	if (!cli_int_opt(a, "level", 1, procedure_levels_max(c->s.db), &level))
		return false;
	const char *owner = cli_get(a, "owner");
	*f = (esc_list_filter){
	    .include_closed = cli_has(a, "all"),
	    .level = (int)level,
	    .local_authority = cli_get(a, "la"),
	    .theme = cli_get(a, "theme"),
	    .overdue_only = cli_has(a, "overdue"),
	    .owner_login = owner && strcmp(owner, "me") == 0 ? c->s.me.login : owner,
	    .search = cli_get(a, "search"),
	    .needs_action = cli_has(a, "needs-action"),
	    .sort = ESC_SORT_AGE,
	};
	const char *sort = cli_get(a, "sort");
	if (!sort || strcmp(sort, "age") == 0)
		f->sort = ESC_SORT_AGE;
	else if (strcmp(sort, "level") == 0)
		f->sort = ESC_SORT_LEVEL;
	else if (strcmp(sort, "newest") == 0)
		f->sort = ESC_SORT_NEWEST;
	else {
		cli_usage(a, "--sort: '%s' is not age, level or newest", sort);
		return false;
	}
	return true;
}

/* Writes up to `limit` rows (0: all) from `offset`, a window at a time.  The
 * first window is read at the offset, every later one by a seek after the
 * last row written (query_list_seek), so a long listing costs each row once
 * instead of stepping again over all the rows before each window.  The
 * last window asks for one row more than it shows: *more says whether a next
 * page exists without counting every match (a million of them with --all). */
static esc_status list_pages(cli_ctx *c, const esc_list_filter *f, long offset, long limit,
                             list_out *o, bool *more)
{
	esc_case_summary *rows = calloc(LIST_PAGE + 1, sizeof *rows);
	if (!rows)
		return esc_fail(&c->err, ESC_EINTERNAL, "", "out of memory");
	long remaining = limit > 0 ? limit : LONG_MAX;
	esc_status st = ESC_OK;
	esc_case_summary last;
	bool after_last = false;
	*more = false;
	while (remaining > 0) {
		int want = remaining < LIST_PAGE ? (int)remaining : LIST_PAGE, got = 0;
		int ask = want + (limit > 0 && remaining <= LIST_PAGE);
		st = after_last ? query_list_seek(&c->s, f, &last, ESC_LIST_AFTER, ask, rows, &got,
		                                  &c->err)
		                : query_list(&c->s, f, offset, ask, rows, &got, &c->err);
		if (st != ESC_OK)
			break;
		if (got > want) {
			*more = true;
			got = want;
		}
		for (int i = 0; i < got; i++)
			emit_row(o, &rows[i]);
		if (o->fmt == ESC_FMT_TEXT)
			cli_cols_flush(&o->cols, o->f);
		remaining -= got;
		if (got < want)
			break;
		last = rows[got - 1];
		after_last = true;
	}
	free(rows);
	return st;
}

/* --format xlsx: the listing as a workbook of one sheet. */
static esc_status list_xlsx_begin(cli_ctx *c, const char *path, list_out *o)
{
	if (cli_file_create(path, &c->err) != ESC_OK ||
	    xlsx_create(path, true, &o->xlsx, &c->err) != ESC_OK)
		return c->err.status;
	o->err = &c->err;
	return xlsx_table_begin(o->xlsx, export_summary_table(), &c->err);
}

int cmd_list(cli_ctx *c, const cli_args *a)
{
	static const int formats[] = {ESC_FMT_TEXT, ESC_FMT_CSV, ESC_FMT_JSON, ESC_FMT_XLSX};
	esc_list_filter f;
	long limit = 50, offset = 0;
	int fmt = cli_format_opt(a, "format", ESC_FMT_TEXT, formats, 4);
	if (fmt < 0 || cli_bom_refused(a, fmt) || !list_filter(c, a, &f) || !cli_int_opt(a, "limit", 0, LONG_MAX, &limit) ||
	    !cli_int_opt(a, "offset", 0, LONG_MAX, &offset))
		return ESC_EUSAGE;
	const char *path = cli_get(a, "out");
	if (fmt == ESC_FMT_XLSX && (!path || !*path || strcmp(path, "-") == 0))
		return cli_usage(a, "list: --format xlsx writes a workbook file; give --out FILE");

	list_out o = {.fmt = (esc_format)fmt};
	cli_out out = {0};
	esc_buf_init(&o.buf);
	if (fmt == ESC_FMT_XLSX) {
		esc_status st = list_xlsx_begin(c, path, &o);
		bool more = false;
		if (st == ESC_OK)
			st = list_pages(c, &f, offset, limit, &o, &more);
		if (st == ESC_OK)
			st = o.xlsx_st;
		esc_error close_err;
		esc_status cst = xlsx_finish(o.xlsx, &close_err);
		if (st == ESC_OK && cst != ESC_OK) {
			c->err = close_err;
			st = cst;
		}
		esc_buf_free(&o.buf);
		if (st != ESC_OK) {
			if (o.xlsx)
				unlink(path);
			return cli_fail(c);
		}
		cli_say("%ld case%s written to %s.\n", o.n, o.n == 1 ? "" : "s", path);
		return ESC_OK;
	}
	if (cli_out_open(&out, path, &c->err) != ESC_OK)
		return cli_fail(c);
	o.f = out.f;
	if (out.filtered) {
		cli_cols_init(&o.cols, LIST_TERM_NCOLS, term_heads, term_caps, true);
		cli_cols_droppable(&o.cols, 6, 2); /* DUE */
		cli_cols_droppable(&o.cols, 5, 1); /* OWNER */
	} else {
		cli_cols_init(&o.cols, LIST_NCOLS, list_heads, list_caps, false);
	}
	if (fmt == ESC_FMT_CSV) {
		if (cli_bom_wanted(a, fmt))
			esc_buf_puts(&o.buf, ESC_CSV_BOM);
		export_csv_header(&o.buf, export_summary_table());
		fputs(o.buf.data, o.f);
	} else if (fmt == ESC_FMT_JSON) {
		if (cli_staff_dir_load(&o.staff, c->s.db, &c->err) != ESC_OK) {
			esc_buf_free(&o.buf);
			cli_cols_free(&o.cols);
			return cli_out_finish(c, &out, c->err.status);
		}
		fputs("[", o.f);
	}
	bool more = false;
	esc_status st = list_pages(c, &f, offset, limit, &o, &more);
	if (fmt == ESC_FMT_JSON)
		fputs(o.n ? "\n]\n" : "]\n", o.f);
	if (st == ESC_OK && fmt == ESC_FMT_TEXT) {
		if (o.n == 0)
			fputs(f.include_closed ? "No cases.\n" : "No open cases.\n", o.f);
		else if (more)
			fprintf(o.f, "(%ld shown; the next page: --offset %ld)\n", o.n, offset + o.n);
	}
	cli_cols_free(&o.cols);
	cli_staff_dir_free(&o.staff);
	esc_buf_free(&o.buf);
	return cli_out_finish(c, &out, st);
}

int cmd_patterns(cli_ctx *c, const cli_args *a)
{
	static const int formats[] = {ESC_FMT_TEXT, ESC_FMT_CSV, ESC_FMT_JSON};
	static const char *const heads[] = {"LOCAL AUTHORITY", "THEME", "OPEN CASES", "INFORMED"};
	int fmt = cli_format_opt(a, "format", ESC_FMT_TEXT, formats, 3);
	if (fmt < 0 || cli_bom_refused(a, fmt))
		return ESC_EUSAGE;
	esc_pattern *p = NULL;
	size_t n = 0;
	if (pattern_find(&c->s, &p, &n, &c->err) != ESC_OK)
		return cli_fail(c);

	cli_out out;
	if (cli_out_open(&out, NULL, &c->err) != ESC_OK) {
		free(p);
		return cli_fail(c);
	}
	esc_buf b;
	cli_cols cols;
	esc_buf_init(&b);
	cli_cols_init(&cols, 4, heads, NULL, out.filtered);
	if (fmt == ESC_FMT_CSV) {
		const char *h[] = {"local_authority", "theme", "open_cases", "informed"};
		if (cli_bom_wanted(a, fmt))
			esc_buf_puts(&b, ESC_CSV_BOM);
		cli_csv_row(&b, 4, h);
	} else if (fmt == ESC_FMT_JSON) {
		esc_buf_puts(&b, "[");
	}
	for (size_t i = 0; i < n; i++) {
		char count[24], informed[24];
		snprintf(count, sizeof count, "%ld", p[i].count);
		snprintf(informed, sizeof informed, "%ld", p[i].informed);
		const char *cells[] = {p[i].local_authority, p[i].theme, count, informed};
		if (fmt == ESC_FMT_TEXT) {
			cli_cols_add(&cols, cells);
		} else if (fmt == ESC_FMT_CSV) {
			cli_csv_row(&b, 4, cells);
		} else {
			esc_buf_puts(&b, i ? ",\n  {" : "\n  {");
			cli_json_str(&b, true, "local_authority", p[i].local_authority);
			cli_json_str(&b, false, "theme", p[i].theme);
			cli_json_num(&b, false, "open_cases", p[i].count);
			cli_json_num(&b, false, "informed", p[i].informed);
			esc_buf_puts(&b, "}");
		}
	}
	if (fmt == ESC_FMT_JSON)
		esc_buf_puts(&b, n ? "\n]\n" : "]\n");
	fputs(b.data, out.f);
	if (fmt == ESC_FMT_TEXT) {
		if (n == 0) {
			fputs("No pattern is owed a notification.\n", out.f);
		} else {
			cli_cols_flush(&cols, out.f);
			fputs(
			    "\nThe designated professional must be informed immediately; record it "
			    "with:\n  escalate inform --pattern --la LA --theme THEME --name WHO "
			    "--how "
			    "HOW\n",
			    out.f);
		}
	}
	cli_cols_free(&cols);
	esc_buf_free(&b);
	free(p);
	if (cli_out_close(&out, &c->err) != ESC_OK)
		return cli_fail(c);
	return ESC_OK;
}
