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
int cmd_verify(cli_ctx *c, const cli_args *a)
{
	(void)a;
	esc_verify_report rep;
	esc_status st = audit_verify(c->s.db, &rep, &c->err);
	if (st != ESC_OK && st != ESC_ECORRUPT)
		return cli_fail(c);
	cli_say("checked %lld history rows, %lld agreed actions, %lld cases (%lld sealed), "
	        "%lld staff records, %lld staff changes; integrity %s\n",
	        rep.events, rep.actions, rep.cases, rep.seals, rep.staff, rep.staff_history,
	        rep.integrity);
	if (st == ESC_ECORRUPT) {
		if (rep.first_broken_event)
			cli_say("first broken history row: %lld\n", rep.first_broken_event);
		if (rep.inconsistent_cases)
			cli_say("cases disagreeing with their history: %lld\n", rep.inconsistent_cases);
		if (rep.wrong_live_actions)
			cli_say("cases whose live agreed actions disagree with their history: %lld\n",
			        rep.wrong_live_actions);
		if (rep.broken_seals)
			cli_say("cases whose fixed fields or themes changed: %lld\n", rep.broken_seals);
		if (rep.first_broken_staff_row)
			cli_say("first broken staff history row: %lld\n", rep.first_broken_staff_row);
		if (rep.inconsistent_staff)
			cli_say("staff records disagreeing with their history: %lld\n",
			        rep.inconsistent_staff);
		if (rep.first_broken_access)
			cli_say("first broken access log row: %lld\n", rep.first_broken_access);
		if (rep.broken_purges)
			cli_say("purged cases whose tombstone changed: %lld\n", rep.broken_purges);
		return cli_fail(c);
	}
	cli_say("history chain intact, case seals intact, staff chain intact; every case and "
	        "staff record agrees with its history\n");
	cli_say("chain heads, to keep elsewhere (a later verify with an older head means newer "
	        "rows were removed): history row %lld %s; staff change %lld %s\n",
	        rep.last_event, rep.last_event_hash, rep.last_staff_row, rep.last_staff_hash);
	cli_say("access log: %lld rows, chain intact, head row %lld %s; purged cases: %lld, "
	        "tombstones intact, head purge %lld %s\n",
	        rep.access_rows, rep.last_access, rep.last_access_hash, rep.purges, rep.last_purge,
	        rep.last_purge_hash);
	return ESC_OK;
}
