/* procedure: the partnership procedures escalate knows (data/procedures/),
 * one shown in words, and a file checked like a compiler would: every
 * problem with its line and field, exit 3 (invalid) when there is an error. */
#include "cli_cmd.h"

#include <stdlib.h>
#include <string.h>

#include "escalate/procedure_file.h"

/* Procedure files are small; a bigger one is not one. */
#define PROCEDURE_FILE_MAX (256u << 10)

static const char *roles_from(esc_role r)
{
	switch (r) {
	case ESC_ROLE_FRONTLINE: return "any professional";
	case ESC_ROLE_NAMED: return "named or designated professionals";
	case ESC_ROLE_DESIGNATED: return "designated professionals";
	default: return "nobody";
	}
}

int cmd_procedure_list(cli_ctx *c, const cli_args *a)
{
	(void)c;
	(void)a;
	cli_say("%-20s %-7s %-6s %-10s %s\n", "NAME", "VERSION", "STAGES", "EFFECTIVE", "TITLE");
	for (size_t i = 0; i < proc_shipped_count(); i++) {
		esc_procedure p;
		const char *text = proc_shipped_text(proc_shipped_name(i));
		if (proc_file_parse(text, strlen(text), &p, NULL, NULL) != ESC_OK)
			continue; /* the tests keep every shipped file clean */
		cli_say("%-20s %-7d %-6d %-10s %s%s\n", p.name, p.version, p.stage_count, p.effective,
		        p.title, p.name[0] && strcmp(p.name, proc_default()->name) == 0 ? " (default)"
		                                                                        : "");
	}
	return ESC_OK;
}

static void show_procedure(const esc_procedure *p)
{
	char ts[40];
	cli_say("%s, version %d (%s), effective %s\n", p->title, p->version, p->name,
	        p->effective);
	cli_say("Source: %s\n", p->source[0] ? p->source : "(not given)");
	cli_say("Local authorities:");
	for (size_t i = 0; i < p->la_count; i++)
		cli_say("%s %s", i ? ";" : "", p->las[i]);
	cli_say("\nTime zone: %s; working days exclude %s bank holidays\n", p->time_zone,
	        strcmp(p->holidays, "none") == 0 ? "no" : p->holidays);
	for (int i = 0; i < p->stage_count; i++) {
		const esc_proc_stage *s = &p->stages[i];
		proc_timescale_format(s->timescale, ts, sizeof ts);
		cli_say("\nLevel %d: %s\n", i + 1, s->label);
		cli_say("  raised by %s with %s\n", s->raised_by, s->raised_with);
		cli_say("  who may act: %s%s\n", roles_from(s->acts),
		        s->owner_may_act ? ", and the case owner whatever their role" : "");
		cli_say("  timescale: %s from when %s\n", ts,
		        s->clock == ESC_CLOCK_FROM_OPENED ? "the escalation was opened"
		                                          : "the case reaches this level");
		for (size_t n = 0; n < p->notice_count; n++)
			if (p->notices[n].stage == i + 1)
				cli_say("  inform: the %s (%s%s)\n", p->notices[n].whom,
				        p->notices[n].required ? "required" : "if necessary",
				        p->notices[n].blocks ? ", before the next level" : "");
		if (s->also[0])
			cli_say("  also: %s\n", s->also);
	}
	if (p->has_urgent) {
		proc_timescale_format(p->urgent_timescale, ts, sizeof ts);
		cli_say("\nUrgent route: %s go straight to level %d (%s), within %s%s%s\n",
		        roles_from(p->urgent_acts), p->urgent_stage,
		        p->stages[p->urgent_stage - 1].label, ts, p->urgent_when[0] ? ", when " : "",
		        p->urgent_when);
	} else {
		cli_say("\nNo urgent route: every case goes one level at a time.\n");
	}
}

int cmd_procedure_show(cli_ctx *c, const cli_args *a)
{
	const char *text = proc_shipped_text(a->pos[0]);
	esc_procedure p;
	if (!text) {
		cli_error(ESC_ENOTFOUND, "procedure: there is no procedure %s; see 'escalate procedure "
		                         "list'",
		          a->pos[0]);
		return ESC_ENOTFOUND;
	}
	if (proc_file_parse(text, strlen(text), &p, NULL, &c->err) != ESC_OK)
		return cli_fail(c);
	show_procedure(&p);
	return ESC_OK;
}

int cmd_procedure_check(cli_ctx *c, const cli_args *a)
{
	const char *path = a->pos[0];
	char *text = NULL;
	if (cli_read_user_file(path, &text, &c->err) != ESC_OK)
		return cli_fail(c);
	size_t len = strlen(text);
	if (len > PROCEDURE_FILE_MAX) {
		free(text);
		return cli_error(ESC_EINVALID, "%s: %zu bytes: a procedure file has at most %u", path,
		                 len, PROCEDURE_FILE_MAX);
	}
	static esc_procedure p;
	static esc_proc_problems pr;
	esc_status st = proc_file_parse(text, len, &p, &pr, &c->err);
	free(text);
	/* path:line: [section] key: message, in line order as they were found */
	for (size_t i = 0; i < pr.count; i++) {
		const esc_proc_problem *it = &pr.items[i];
		char line[16] = "";
		if (it->line)
			snprintf(line, sizeof line, "%d:", it->line);
		cli_error(ESC_EINVALID, "%s:%s %s%s: %s", path, line, it->warning ? "warning: " : "",
		          it->where, it->message);
	}
	if (pr.truncated)
		cli_error(ESC_EINVALID, "%s: more problems than shown; fix these first", path);
	if (st != ESC_OK) {
		cli_error(ESC_EINVALID, "%s: %zu error%s, %zu warning%s: not a procedure escalate can "
		                        "use",
		          path, pr.errors, pr.errors == 1 ? "" : "s", pr.warnings,
		          pr.warnings == 1 ? "" : "s");
		return ESC_EINVALID;
	}
	cli_say("%s: %s version %d, %d levels: no errors, %zu warning%s\n", path, p.name,
	        p.version, p.stage_count, pr.warnings, pr.warnings == 1 ? "" : "s");
	return ESC_OK;
}
