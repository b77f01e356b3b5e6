/* new and show: opening a case, and one case with its whole history (text,
 * JSON, or the entry for the child's clinical record). */
#include "cli_cmd.h"

#include "escalate/civil.h"

#include <stdlib.h>
#include <string.h>

#include "escalate/access.h"
#include "escalate/case.h"
#include "escalate/procedure_file.h"
#include "escalate/case_format.h"
#include "escalate/query.h"
#include "escalate/retention.h"
#include "escalate/same_child.h"

/* The core refused a child with an open or recent case (same_child.h):
 * the refusal, then those cases, on stderr. */
static int new_same_child(cli_ctx *c, const esc_new_case *in)
{
	esc_same_child same;
	esc_error e;
	esc_error_clear(&e);
	size_t len = strlen(c->err.message);
	snprintf(c->err.message + len, sizeof c->err.message - len,
	         "; to log another case for the child all the same, give --again:");
	int rc = cli_fail(c);
	if (case_same_child(&c->s, in->child_kind, in->child_id, &same, &e) != ESC_OK)
		return rc;
	esc_buf b;
	esc_buf_init(&b);
	same_child_describe(&same, &b);
	for (const char *p = b.data; p && *p;) {
		size_t n = strcspn(p, "\n");
		char *line = strndup(p, n);
		fputs("  ", stderr);
		esc_fputs_safe(line ? line : "", stderr, false);
		fputc('\n', stderr);
		free(line);
		p += n + (p[n] == '\n');
	}
	esc_buf_free(&b);
	return rc;
}

int cmd_new(cli_ctx *c, const cli_args *a)
{
	const char *nhs = cli_get(a, "nhs"), *local = cli_get(a, "local-id");
	if ((nhs != NULL) == (local != NULL))
		return cli_usage(
		    a, "new: give the child as --nhs NUMBER or --local-id ID (one of them)");
	esc_new_case in = {
	    .child_kind = nhs ? ESC_CHILD_NHS : ESC_CHILD_LOCAL,
	    .child_id = nhs ? nhs : local,
	    .local_authority = cli_get(a, "la"),
	    .team = cli_get(a, "team"),
	    .agency = cli_get(a, "agency"),
	    .decision = cli_get(a, "decision"),
	    .concern = cli_get(a, "concern"),
	};
	int n = cli_get_all(a, "theme", in.themes, ESC_MAX_THEMES);
	if (n > ESC_MAX_THEMES)
		return cli_usage(a, "new: at most %d --theme options", ESC_MAX_THEMES);
	in.ntheme = (size_t)n;

	in.refuse_same_child = !cli_has(a, "again");
	esc_case_ref ref;
	if (case_open(&c->s, &in, &ref, &c->err) != ESC_OK)
		return c->err.status == ESC_EDENIED && strcmp(c->err.field, "again") == 0
		           ? new_same_child(c, &in)
		           : cli_fail(c);
	esc_case cs;
	if (query_case(&c->s, ref.id, &cs, &c->err) != ESC_OK) {
		/* written, but cannot be read back: say what was written */
		cli_say("%s opened at level 1\nuuid %s\n", ref.ref, ref.uuid);
		return cli_fail(c);
	}
	cli_say("%s opened at level 1 (%s) \u2014 due %s\nuuid %s\n", ref.ref,
	        proc_level(cs.sum.proc, 1)->label, cs.sum.level_due, ref.uuid);
	if (cs.sum.procedure_id)
		cli_say("follows %s version %d\n", cs.sum.proc->name, cs.sum.proc->version);
	esc_case_free(&cs);
	return ESC_OK;
}

int cmd_show(cli_ctx *c, const cli_args *a)
{
	static const int formats[] = {ESC_FMT_TEXT, ESC_FMT_JSON, ESC_FMT_RECORD};
	int fmt = cli_format_opt(a, "format", ESC_FMT_TEXT, formats, 3);
	if (fmt < 0)
		return ESC_EUSAGE;
	esc_case_ref ref;
	esc_case cs;
	static const esc_access_how how[] = {[ESC_FMT_TEXT] = ESC_ACCESS_SHOW,
	                                     [ESC_FMT_JSON] = ESC_ACCESS_SHOW_JSON,
	                                     [ESC_FMT_RECORD] = ESC_ACCESS_SHOW_RECORD};
	if (case_find(c->s.db, a->pos[0], &ref, &c->err) != ESC_OK ||
	    access_read_case(&c->s, ref.id, how[fmt], &cs, &c->err) != ESC_OK)
		return cli_fail(c);

	esc_buf b;
	esc_buf_init(&b);
	case_show_text(c->s.db, ref.id, &cs, fmt, &b);
	esc_case_free(&cs);

	cli_out out;
	esc_status st = cli_out_open(&out, NULL, &c->err);
	if (st == ESC_OK) {
		fwrite(b.data, 1, b.len, out.f);
		st = cli_out_close(&out, &c->err);
	}
	esc_buf_free(&b);
	return st == ESC_OK ? ESC_OK : cli_fail(c);
}
