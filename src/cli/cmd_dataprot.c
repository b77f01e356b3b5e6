/* Data protection commands (issue 12): the access log, subject access,
 * retention review and purge, and the two settings (visibility,
 * retention).  Every rule is in the core (access.c, visibility.c, sar.c,
 * retention.c). */
#include "cli_cmd.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_text.h"
#include "escalate/json_out.h"
#include "escalate/civil.h"
#include "escalate/access.h"
#include "escalate/case.h"
#include "escalate/config.h"
#include "escalate/retention.h"
#include "escalate/sar.h"
#include "escalate/visibility.h"

typedef struct log_out {
	esc_format fmt;
	FILE *f;
	cli_cols cols;
	esc_buf buf;
	long n;
} log_out;

static bool emit_access(const esc_access_row *r, void *ctx)
{
	log_out *o = ctx;
	char uid[24], count[24], id[24];
	snprintf(uid, sizeof uid, "%lld", r->uid);
	snprintf(count, sizeof count, "%lld", r->count);
	snprintf(id, sizeof id, "%lld", r->id);
	const char *what = r->ref[0] ? r->ref : r->scope;
	char shown[ESC_CIVIL_TEXT_LEN + 1], iso[ESC_INSTANT_LEN + 1];
	esc_instant_show(r->at, 19, shown);
	esc_instant_iso(r->at, iso);
	esc_buf_reset(&o->buf);
	if (o->fmt == ESC_FMT_TEXT) {
		const char *cells[] = {shown, r->login, uid, what, access_how_name(r->how), count};
		cli_cols_add(&o->cols, cells);
	} else if (o->fmt == ESC_FMT_CSV) {
		const char *cells[] = {
		    id, iso, r->login, uid, r->ref, access_how_name(r->how), r->scope, count};
		cli_csv_row(&o->buf, 8, cells);
	} else {
		esc_buf_puts(&o->buf, o->n ? ",\n  {" : "\n  {");
		cli_json_num(&o->buf, true, "id", r->id);
		esc_buf_puts(&o->buf, ",\"at\":");
		esc_json_instant(&o->buf, r->at);
		cli_json_num(&o->buf, false, "staff_id", r->staff_id);
		cli_json_str(&o->buf, false, "login", r->login);
		cli_json_num(&o->buf, false, "uid", r->uid);
		cli_json_str(&o->buf, false, "ref", r->ref);
		cli_json_str(&o->buf, false, "how", access_how_name(r->how));
		cli_json_str(&o->buf, false, "scope", r->scope);
		cli_json_num(&o->buf, false, "count", r->count);
		esc_buf_puts(&o->buf, "}");
	}
	if (o->buf.len)
		fputs(o->buf.data, o->f);
	o->n++;
	return true;
}

int cmd_access_log(cli_ctx *c, const cli_args *a)
{
	static const int formats[] = {ESC_FMT_TEXT, ESC_FMT_CSV, ESC_FMT_JSON};
	static const char *const heads[] = {"WHEN", "LOGIN", "UID", "WHAT", "HOW", "CASES"};
	static const char *const csv_heads[] = {"id",  "at",  "login", "uid",
	                                        "ref", "how", "scope", "count"};
	int fmt = cli_format_opt(a, "format", ESC_FMT_TEXT, formats, 3);
	if (fmt < 0)
		return ESC_EUSAGE;
	esc_access_filter f = {.login = cli_get(a, "login")};
	const char *dates[2] = {cli_get(a, "from"), cli_get(a, "to")};
	const char *names[2] = {"--from", "--to"};
	char canon[2][ESC_DATE_LEN + 1];
	for (int i = 0; i < 2; i++) {
		esc_day d;
		int minute;
		if (!dates[i])
			continue;
		if (esc_date_parse(dates[i], names[i], &d, &minute, &c->err) != ESC_OK)
			return cli_fail(c);
		esc_day_format(d, canon[i]);
	}
	f.from = dates[0] ? canon[0] : NULL;
	f.to = dates[1] ? canon[1] : NULL;
	if (a->npos == 1) {
		esc_case_ref ref;
		if (case_find(c->s.db, a->pos[0], &ref, &c->err) != ESC_OK)
			return cli_fail(c);
		f.case_id = ref.id;
	}
	cli_out out;
	if (cli_out_open(&out, NULL, &c->err) != ESC_OK)
		return cli_fail(c);
	log_out o = {.fmt = (esc_format)fmt, .f = out.f};
	esc_buf_init(&o.buf);
	cli_cols_init(&o.cols, 6, heads, NULL, out.filtered);
	if (fmt == ESC_FMT_CSV) {
		cli_csv_row(&o.buf, 8, csv_heads);
		fputs(o.buf.data, o.f);
	} else if (fmt == ESC_FMT_JSON) {
		fputs("[", o.f);
	}
	esc_status st = access_each(&c->s, &f, emit_access, &o, &c->err);
	if (st == ESC_OK && fmt == ESC_FMT_TEXT) {
		if (o.n)
			cli_cols_flush(&o.cols, o.f);
		else
			fputs("No reads recorded.\n", o.f);
	} else if (st == ESC_OK && fmt == ESC_FMT_JSON) {
		fputs(o.n ? "\n]\n" : "]\n", o.f);
	}
	cli_cols_free(&o.cols);
	esc_buf_free(&o.buf);
	return cli_out_finish(c, &out, st);
}

int cmd_sar(cli_ctx *c, const cli_args *a)
{
	static const int formats[] = {ESC_FMT_JSON, ESC_FMT_CSV, ESC_FMT_RECORD};
	const char *nhs = cli_get(a, "nhs"), *local = cli_get(a, "local-id");
	if ((nhs != NULL) == (local != NULL))
		return cli_usage(
		    a, "sar: give the child as --nhs NUMBER or --local-id ID (one of them)");
	int fmt = cli_format_opt(a, "format", ESC_FMT_JSON, formats, 3);
	if (fmt < 0)
		return ESC_EUSAGE;
	/* The role first: nobody else gets as far as creating the output file. */
	if (access_require_oversight(&c->s, "a subject access export", &c->err) != ESC_OK)
		return cli_fail(c);
	cli_out out;
	if (cli_out_open(&out, cli_get(a, "out"), &c->err) != ESC_OK)
		return cli_fail(c);
	long n = 0;
	esc_status st = sar_export(&c->s, nhs ? ESC_CHILD_NHS : ESC_CHILD_LOCAL, nhs ? nhs : local,
	                           (esc_format)fmt, out.f, &n, &c->err);
	int rc = cli_out_finish(c, &out, st);
	if (rc != ESC_OK)
		return rc;
	if (!out.is_stdout)
		cli_say("Wrote %ld case%s to %s. Review the third-party information in it before "
		        "disclosure.\n",
		        n, n == 1 ? "" : "s", cli_get(a, "out"));
	return ESC_OK;
}

static bool emit_due(const esc_retention_row *r, void *ctx)
{
	cli_cols *cols = ctx;
	char level[8];
	snprintf(level, sizeof level, "%d", r->level);
	char closed[ESC_CIVIL_TEXT_LEN + 1];
	esc_instant_show(r->closed_at, 19, closed);
	const char *cells[] = {r->ref, esc_state_name(r->state), level, closed, r->due_on};
	cli_cols_add(cols, cells);
	return true;
}

int cmd_retention_due(cli_ctx *c, const cli_args *a)
{
	static const char *const heads[] = {"REF", "STATE", "LEVEL", "CLOSED", "DUE FOR REVIEW"};
	(void)a;
	cli_cols cols;
	int years = 0;
	cli_cols_init(&cols, 5, heads, NULL, isatty(STDOUT_FILENO));
	esc_status st = retention_due_each(&c->s, &years, emit_due, &cols, &c->err);
	if (st == ESC_OK) {
		if (!years)
			cli_say(
			    "No retention period is set, so no case is due. An admin sets one "
			    "with: "
			    "escalate config retention YEARS (see RETENTION in escalate(1)).\n");
		else if (cols.nrows == 0)
			cli_say("No closed case is past the retention period of %d years.\n",
			        years);
		else
			cli_cols_flush(&cols, stdout);
	}
	cli_cols_free(&cols);
	return st == ESC_OK ? ESC_OK : cli_fail(c);
}

int cmd_retention_purge(cli_ctx *c, const cli_args *a)
{
	const char *reason = cli_get(a, "reason");
	if (!cli_has(a, "yes"))
		return cli_usage(a,
		                 "retention purge removes the content of %d case%s for good (a "
		                 "tombstone stays); confirm with --yes",
		                 a->npos, a->npos == 1 ? "" : "s");
	int done = 0;
	for (int i = 0; i < a->npos; i++) {
		if (retention_purge(&c->s, a->pos[i], reason, &c->err) != ESC_OK) {
			if (done)
				cli_say("Purged %d case%s before the failure.\n", done,
				        done == 1 ? "" : "s");
			return cli_fail(c);
		}
		cli_say(
		    "%s: content removed; its tombstone (reference, dates, levels, themes, local "
		    "authority and history links) stays.\n",
		    a->pos[i]);
		done++;
	}
	return ESC_OK;
}

int cmd_config_visibility(cli_ctx *c, const cli_args *a)
{
	if (a->npos == 1) {
		int v = visibility_parse(a->pos[0]);
		if (v < 0)
			return cli_usage(a, "config visibility: '%s' is not organisation or all",
			                 a->pos[0]);
		if (config_set_visibility(&c->s, (esc_visibility)v, &c->err) != ESC_OK)
			return cli_fail(c);
	}
	esc_visibility rule;
	if (visibility_rule(c->s.db, &rule, &c->err) != ESC_OK)
		return cli_fail(c);
	cli_say("visibility %s: %s\n", visibility_name(rule),
	        rule == ESC_VIS_ALL ? "every staff member sees every case"
	                            : "frontline and named professionals see their own "
	                              "organisation's cases and the cases they own or hold an open "
	                              "agreed action on; designated professionals see all");
	return ESC_OK;
}

int cmd_config_retention(cli_ctx *c, const cli_args *a)
{
	if (a->npos == 1) {
		char *end = NULL;
		long years = strcmp(a->pos[0], "none") == 0 ? 0 : strtol(a->pos[0], &end, 10);
		if (strcmp(a->pos[0], "none") != 0 && (!end || *end || end == a->pos[0]))
			return cli_usage(a,
			                 "config retention: YEARS must be a whole number, or none");
		if (years < 0 || years > ESC_RETENTION_MAX_YEARS)
			return cli_usage(a, "config retention: YEARS must be 1 to %d, or none",
			                 ESC_RETENTION_MAX_YEARS);
		if (config_set_retention(&c->s, (int)years, &c->err) != ESC_OK)
			return cli_fail(c);
	}
	int years = 0;
	if (retention_years(c->s.db, &years, &c->err) != ESC_OK)
		return cli_fail(c);
	if (years)
		cli_say("retention %d years after a case closed\n", years);
	else
		cli_say("retention none: no case is ever due for purging\n");
	return ESC_OK;
}
