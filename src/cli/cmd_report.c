/* report and export: the quarterly table for the provider's return, and
 * every case with its full history.  Both may write a file the user names
 * (--out, or --output), created 0600 with any set-id privilege dropped
 * first; a workbook always goes to a file, an export as CSV to a folder. */
#include "cli_cmd.h"
#include "escalate/audit.h"

#include "escalate/calendar.h"
#include "escalate/export.h"
#include "escalate/report.h"
#include "escalate/xlsx.h"

#include <string.h>
#include <unistd.h>

#include "cli_files.h"

/* The period: --quarter, or --from and --to, or the quarter containing today. */
static int report_period(cli_ctx *c, const cli_args *a, esc_period *p)
{
	const char *quarter = cli_get(a, "quarter"), *from = cli_get(a, "from"),
	           *to = cli_get(a, "to");
	if (quarter && (from || to))
		return cli_usage(a, "report: give --quarter or --from/--to, not both");
	if ((from != NULL) != (to != NULL))
		return cli_usage(a, "report: --from and --to go together");
	esc_status st = ESC_OK;
	if (quarter)
		st = esc_quarter_parse(quarter, p, &c->err);
	else if (from)
		st = esc_period_from_range(from, to, p, &c->err);
	else
		esc_quarter_of(session_today(&c->s), p);
	return st == ESC_OK ? ESC_OK : cli_fail(c);
}

/* --out, or its older name --output. */
static const char *out_path(const cli_args *a)
{
	const char *p = cli_get(a, "out");
	return p ? p : cli_get(a, "output");
}

/* A workbook needs a file: a zip archive is never written to a terminal or a
 * pipe. */
static int need_file(const cli_args *a, const char *path, const char *what)
{
	if (path && *path && strcmp(path, "-") != 0)
		return ESC_OK;
	return cli_usage(a, "%s: --format xlsx writes a workbook file; give --out FILE", what);
}

static int report_xlsx(cli_ctx *c, const esc_report_set *set, const char *path)
{
	if (cli_file_create(path, &c->err) != ESC_OK ||
	    report_set_write_xlsx(set, path, &c->err) != ESC_OK)
		return cli_fail(c);
	cli_say("Report for %s written to %s.\n", set->items[0].period.label, path);
	return ESC_OK;
}

int cmd_report(cli_ctx *c, const cli_args *a)
{
	static const int formats[] = {ESC_FMT_TEXT, ESC_FMT_CSV, ESC_FMT_JSON, ESC_FMT_MARKDOWN,
	                              ESC_FMT_XLSX};
	int fmt = cli_format_opt(a, "format", ESC_FMT_TEXT, formats, 5);
	if (fmt < 0 || cli_bom_refused(a, fmt))
		return ESC_EUSAGE;
	const char *path = out_path(a);
	if (fmt == ESC_FMT_XLSX && need_file(a, path, "report") != ESC_OK)
		return ESC_EUSAGE;
	esc_period p;
	int rc = report_period(c, a, &p);
	if (rc != ESC_OK)
		return rc;

	esc_report_set set;
	if (report_build_set(&c->s, &p, cli_get(a, "procedure"), &set, &c->err) != ESC_OK)
		return cli_fail(c);
	if (fmt == ESC_FMT_XLSX) {
		rc = report_xlsx(c, &set, path);
		report_set_free(&set);
		return rc;
	}
	esc_buf b;
	esc_buf_init(&b);
	if (cli_bom_wanted(a, fmt))
		esc_buf_puts(&b, ESC_CSV_BOM);
	report_set_render(&set, (esc_format)fmt, &b);
	report_set_free(&set);

	cli_out out;
	esc_status st = cli_out_open(&out, path, &c->err);
	if (st == ESC_OK) {
		fwrite(b.data, 1, b.len, out.f);
		st = cli_out_close(&out, &c->err);
	}
	esc_buf_free(&b);
	if (st != ESC_OK)
		return cli_fail(c);
	if (!out.is_stdout)
		cli_say("Report for %s written to %s.\n", p.label, path);
	return ESC_OK;
}

/* CSV: one file per table in the folder --out names. */
static int export_csv(cli_ctx *c, const cli_args *a, const char *path)
{
	cli_csv_dir d = {.dirfd = -1, .path = path, .bom = cli_has(a, "bom")};
	esc_buf_init(&d.buf);
	esc_table_sink sink = cli_csv_dir_sink(&d);
	esc_status st = cli_dir_open(path, &d.dirfd, &c->err);
	if (st == ESC_OK)
		st = export_write_tables(&c->s, "csv", &sink, &c->err);
	int files = d.files;
	cli_csv_dir_close(&d);
	if (st != ESC_OK)
		return st == ESC_EUSAGE ? cli_usage(a, "%s", c->err.message) : cli_fail(c);
	int n;
	const esc_table *t = export_tables(&n);
	cli_say("Exported %d tables to %s:", files, path);
	for (int i = 0; i < n; i++)
		cli_say(" %s.csv", t[i].name);
	cli_say("\n");
	return ESC_OK;
}

static int export_xlsx(cli_ctx *c, const char *path)
{
	esc_xlsx *x = NULL;
	if (cli_file_create(path, &c->err) != ESC_OK ||
	    xlsx_create(path, true, &x, &c->err) != ESC_OK)
		return cli_fail(c);
	esc_table_sink sink = xlsx_sink(x);
	esc_status st = export_write_tables(&c->s, "xlsx", &sink, &c->err);
	esc_error close_err;
	esc_status cst = xlsx_finish(x, &close_err);
	if (st == ESC_OK && cst != ESC_OK) {
		c->err = close_err;
		st = cst;
	}
	if (st != ESC_OK) {
		unlink(path); /* half a workbook is no workbook */
		return cli_fail(c);
	}
	cli_say("Exported to %s.\n", path);
	return ESC_OK;
}

int cmd_export(cli_ctx *c, const cli_args *a)
{
	static const int formats[] = {ESC_FMT_CSV, ESC_FMT_JSON, ESC_FMT_XLSX};
	int fmt = cli_format_opt(a, "format", ESC_FMT_CSV, formats, 3);
	if (fmt < 0 || cli_bom_refused(a, fmt))
		return ESC_EUSAGE;
	const char *path = out_path(a);
	if (fmt == ESC_FMT_CSV) {
		if (!path || !*path || strcmp(path, "-") == 0)
			return cli_usage(a, "export: CSV is one file per table (cases, events, ...); "
			                    "give --out DIR for the folder to write them into");
		return export_csv(c, a, path);
	}
	if (fmt == ESC_FMT_XLSX)
		return need_file(a, path, "export") != ESC_OK ? ESC_EUSAGE : export_xlsx(c, path);
	cli_out out;
	if (cli_out_open(&out, path, &c->err) != ESC_OK)
		return cli_fail(c);
	esc_status st = export_json(&c->s, out.f, &c->err);
	int rc = cli_out_finish(c, &out, st);
	if (rc != ESC_OK)
		return rc;
	if (!out.is_stdout)
		cli_say("Exported to %s.\n", path);
	return ESC_OK;
}

/* Recomputes the history's hash chain and checks every case against its
 * history; the first broken row is named so it can be investigated. */
