/* report and export: the quarterly table for the provider's return, and
 * every case with its full history.  Both may write a file the user names
 * (--output), created 0600 with any set-id privilege dropped first. */
#include "cli_cmd.h"
#include "escalate/audit.h"

#include "escalate/calendar.h"
#include "escalate/export.h"
#include "escalate/report.h"

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

int cmd_report(cli_ctx *c, const cli_args *a)
{
	static const int formats[] = {ESC_FMT_TEXT, ESC_FMT_CSV, ESC_FMT_JSON, ESC_FMT_MARKDOWN};
	int fmt = cli_format_opt(a, "format", ESC_FMT_TEXT, formats, 4);
	if (fmt < 0)
		return ESC_EUSAGE;
	esc_period p;
	int rc = report_period(c, a, &p);
	if (rc != ESC_OK)
		return rc;

	esc_report r;
	if (report_build(&c->s, &p, &r, &c->err) != ESC_OK)
		return cli_fail(c);
	esc_buf b;
	esc_buf_init(&b);
	report_render(&r, (esc_format)fmt, &b);
	report_free(&r);

	cli_out out;
	esc_status st = cli_out_open(&out, cli_get(a, "output"), &c->err);
	if (st == ESC_OK) {
		fwrite(b.data, 1, b.len, out.f);
		st = cli_out_close(&out, &c->err);
	}
	esc_buf_free(&b);
	if (st != ESC_OK)
		return cli_fail(c);
	if (!out.is_stdout)
		cli_say("Report for %s written to %s.\n", p.label, cli_get(a, "output"));
	return ESC_OK;
}

int cmd_export(cli_ctx *c, const cli_args *a)
{
	static const int formats[] = {ESC_FMT_CSV, ESC_FMT_JSON};
	int fmt = cli_format_opt(a, "format", ESC_FMT_CSV, formats, 2);
	if (fmt < 0)
		return ESC_EUSAGE;
	cli_out out;
	if (cli_out_open(&out, cli_get(a, "output"), &c->err) != ESC_OK)
		return cli_fail(c);
	esc_status st = export_all(&c->s, (esc_format)fmt, out.f, &c->err);
	int rc = cli_out_finish(c, &out, st);
	if (rc != ESC_OK)
		return rc;
	if (!out.is_stdout)
		cli_say("Exported to %s.\n", cli_get(a, "output"));
	return ESC_OK;
}

/* Recomputes the history's hash chain and checks every case against its
 * history; the first broken row is named so it can be investigated. */
