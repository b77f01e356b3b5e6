/* escalate action done|drop|list: agreed actions after their discussion.
 * Who may mark one is the procedure table's rule (action_close). */
#include "cli_cmd.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_files.h"
#include "cli_text.h"
#include "escalate/action.h"
#include "escalate/case_format.h"

static int close_action(cli_ctx *c, const cli_args *a, esc_event_kind ev, const char *opt)
{
	esc_case_ref ref;
	long number = 0;
	char *end = NULL;
	number = strtol(a->pos[1], &end, 10);
	if (!*a->pos[1] || *end || number < 1 || number > INT_MAX)
		return cli_usage(a, "action: '%s' is not an action number (1, 2, ... as `action "
		                    "list` shows)",
		                 a->pos[1]);
	if (case_find(c->s.db, a->pos[0], &ref, &c->err) != ESC_OK ||
	    action_close(&c->s, ref.id, (int)number, ev, cli_get(a, opt), &c->err) != ESC_OK)
		return cli_fail(c);
	cli_say("%s: agreed action %ld %s.\n", ref.ref, number,
	        ev == ESC_EV_ACTION_DONE ? "marked done" : "dropped");
	return ESC_OK;
}

int cmd_action_done(cli_ctx *c, const cli_args *a)
{
	return close_action(c, a, ESC_EV_ACTION_DONE, "note");
}

int cmd_action_drop(cli_ctx *c, const cli_args *a)
{
	return close_action(c, a, ESC_EV_ACTION_DROPPED, "reason");
}

typedef struct action_list {
	esc_format fmt;
	FILE *f;
	cli_cols cols;
	esc_buf buf;
	long n;
} action_list;

static bool action_row(const esc_action_row *r, void *ctx)
{
	action_list *l = ctx;
	char number[16], level[16], owner[2 * ESC_SHORT_MAX + 8];
	snprintf(number, sizeof number, "%d", r->number);
	snprintf(level, sizeof level, "%d", r->level);
	snprintf(owner, sizeof owner, "%s%s%s", r->owner, r->owner_org[0] ? ", " : "", r->owner_org);
	const char *status = r->overdue ? "overdue" : esc_action_status_name(r->status);
	if (l->fmt == ESC_FMT_TEXT) {
		const char *cells[] = {r->case_ref, number, r->due, status, owner, r->text};
		return cli_cols_add(&l->cols, cells);
	}
	esc_buf_reset(&l->buf);
	if (l->fmt == ESC_FMT_CSV) {
		const char *cells[] = {r->case_ref, number,    level,       r->due,
		                       esc_action_status_name(r->status),   r->owner,
		                       r->owner_org, r->owner_login, r->text, r->note};
		cli_csv_row(&l->buf, 10, cells);
	} else {
		/* The action in the shape every output gives it, with its case. */
		esc_action act = {.number = r->number,
		                  .text = (char *)r->text,
		                  .owner = (char *)r->owner,
		                  .owner_org = (char *)r->owner_org,
		                  .overdue = r->overdue,
		                  .status = r->status,
		                  .closed_by = (char *)r->closed_by,
		                  .note = (char *)r->note};
		snprintf(act.owner_login, sizeof act.owner_login, "%s", r->owner_login);
		snprintf(act.due, sizeof act.due, "%s", r->due);
		snprintf(act.closed_at, sizeof act.closed_at, "%s", r->closed_at);
		esc_buf_puts(&l->buf, l->n ? ",\n{" : "\n{");
		cli_json_str(&l->buf, true, "case", r->case_ref);
		cli_json_num(&l->buf, false, "level", r->level);
		esc_buf_puts(&l->buf, ",\"action\":");
		case_format_action_json(&act, &l->buf);
		esc_buf_puts(&l->buf, "}");
	}
	l->n++;
	fputs(l->buf.data ? l->buf.data : "", l->f);
	return true;
}

int cmd_action_list(cli_ctx *c, const cli_args *a)
{
	static const int formats[] = {ESC_FMT_TEXT, ESC_FMT_CSV, ESC_FMT_JSON};
	static const char *const heads[] = {"REF", "N", "DUE", "STATUS", "OWNER", "ACTION"};
	static const char *const csv_heads[] = {"case", "number", "level", "due", "status",
	                                        "owner", "owner_organisation", "owner_login",
	                                        "text", "note"};
	static const int caps[] = {0, 0, 0, 0, 40, 60};
	int fmt = cli_format_opt(a, "format", ESC_FMT_TEXT, formats, 3);
	if (fmt < 0 || cli_bom_refused(a, fmt))
		return ESC_EUSAGE;
	esc_action_filter f = {.mine = cli_has(a, "mine"), .overdue = cli_has(a, "overdue"),
	                       .open_only = true};
	if (a->npos > 0) {
		esc_case_ref ref;
		if (case_find(c->s.db, a->pos[0], &ref, &c->err) != ESC_OK)
			return cli_fail(c);
		f.case_id = ref.id;
		f.open_only = cli_has(a, "open");
	}
	action_list l = {.fmt = (esc_format)fmt};
	cli_out out;
	if (cli_out_open(&out, NULL, &c->err) != ESC_OK)
		return cli_fail(c);
	l.f = out.f;
	esc_buf_init(&l.buf);
	cli_cols_init(&l.cols, 6, heads, caps, out.filtered);
	if (fmt == ESC_FMT_CSV) {
		if (cli_bom_wanted(a, fmt))
			esc_buf_puts(&l.buf, ESC_CSV_BOM);
		cli_csv_row(&l.buf, 10, csv_heads);
		fputs(l.buf.data, l.f);
	} else if (fmt == ESC_FMT_JSON) {
		fputs("[", l.f);
	}
	esc_status st = action_each(&c->s, &f, action_row, &l, &c->err);
	if (fmt == ESC_FMT_TEXT)
		cli_cols_flush(&l.cols, l.f);
	else if (fmt == ESC_FMT_JSON)
		fputs(l.n ? "\n]\n" : "]\n", l.f);
	cli_cols_free(&l.cols);
	esc_buf_free(&l.buf);
	return cli_out_finish(c, &out, st);
}
