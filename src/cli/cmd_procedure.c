/* procedure: the partnership procedures a database follows (the shipped
 * default and those an admin loaded), one shown in words, a file checked as
 * a compiler would (every problem with its line and field, exit 1 when there
 * is an error), loaded, and assigned to a local authority. */
#include "cli_cmd.h"

#include <stdlib.h>
#include <string.h>

#include "escalate/procedure_store.h"

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

typedef struct list_ctx {
	cli_ctx *c;
	const char *want; /* show: the name wanted; NULL: list */
	const esc_procedure *found;
	char loaded[24][ESC_PROC_NAME_MAX + 1];
	size_t nloaded;
} list_ctx;

static void las_assigned(cli_ctx *c, const char *name, bool is_default, char *out, size_t sz);

static bool list_row(const esc_procedure_row *r, void *ctx)
{
	list_ctx *l = ctx;
	if (l->nloaded < 24)
		snprintf(l->loaded[l->nloaded++], sizeof l->loaded[0], "%s", r->p->name);
	if (l->want) {
		if (strcmp(r->p->name, l->want) == 0 && r->newest)
			l->found = r->p;
		return true;
	}
	char las[512] = "";
	if (r->newest)
		las_assigned(l->c, r->p->name, strcmp(r->p->name, proc_default()->name) == 0, las,
		             sizeof las);
	cli_say("%-20s %-7d %-6d %-10s %-8s %s\n", r->p->name, r->p->version, r->p->stage_count,
	        r->p->effective, r->id ? "loaded" : "shipped", r->p->title);
	if (r->id)
		cli_say("%-20s loaded %s by %s, sha256 %.16s\n", "", r->loaded_at, r->loaded_by,
		        r->sha256);
	if (!r->newest)
		cli_say("%-20s (an older version: only the cases opened under it follow it)\n", "");
	else if (las[0])
		cli_say("%-20s new cases against: %s\n", "", las);
	return true;
}

/* The local authorities whose new cases follow procedure `name`. */
static void las_assigned(cli_ctx *c, const char *name, bool is_default, char *out, size_t sz)
{
	sqlite3_stmt *st = store_prepare(c->s.db,
	                                 "SELECT name FROM local_authorities WHERE active = 1 "
	                                 "ORDER BY name",
	                                 &c->err);
	size_t used = 0;
	char las[64][128];
	int n = 0;
	while (st && n < 64 && store_step(c->s.db, st, &c->err) == SQLITE_ROW)
		snprintf(las[n++], sizeof las[0], "%s", store_col_text(st, 0));
	if (st)
		sqlite3_reset(st);
	out[0] = '\0';
	for (int i = 0; i < n; i++) {
		char assigned[64];
		if (procedure_assigned(c->s.db, las[i], assigned, sizeof assigned, &c->err) != ESC_OK)
			continue;
		if (assigned[0] ? strcmp(assigned, name) != 0 : !is_default)
			continue;
		int w = snprintf(out + used, sz - used, "%s%s", used ? "; " : "", las[i]);
		if (w < 0 || (size_t)w >= sz - used)
			break;
		used += (size_t)w;
	}
}

int cmd_procedure_list(cli_ctx *c, const cli_args *a)
{
	(void)a;
	list_ctx l = {.c = c};
	cli_say("%-20s %-7s %-6s %-10s %-8s %s\n", "NAME", "VERSION", "LEVELS", "EFFECTIVE", "FROM",
	        "TITLE");
	if (procedure_each(c->s.db, list_row, &l, &c->err) != ESC_OK)
		return cli_fail(c);
	for (size_t i = 0; i < proc_shipped_count(); i++) {
		const char *name = proc_shipped_name(i);
		bool known = false;
		for (size_t k = 0; k < l.nloaded; k++)
			known |= strcmp(l.loaded[k], name) == 0;
		if (!known)
			cli_say("%-20s (shipped in %s, not loaded: escalate procedure load)\n", name,
			        "data/procedures");
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
		const esc_level_info *s = &p->stages[i];
		proc_timescale_format(s->timescale, ts, sizeof ts);
		cli_say("\nLevel %d: %s\n", i + 1, s->label);
		cli_say("  raised by: %s\n  with: %s\n", s->raised_by, s->raised_with);
		cli_say("  who may act: %s%s\n", roles_from(s->min_role),
		        s->owner_may_act ? ", and the case owner whatever their role" : "");
		cli_say("  timescale: %s from when %s\n", ts,
		        s->clock == ESC_CLOCK_FROM_OPENED ? "the escalation was opened"
		                                          : "the case reaches this level");
		for (size_t n = 0; n < p->notice_count; n++)
			if (p->notices[n].stage == i + 1)
				cli_say("  inform: the %s (%s%s; escalate inform --whom %s)\n",
				        p->notices[n].whom,
				        p->notices[n].required ? "required" : "if necessary",
				        p->notices[n].blocks ? ", before the next level" : "",
				        p->notices[n].name);
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
	list_ctx l = {.c = c, .want = a->pos[0]};
	static esc_procedure shipped;
	if (procedure_each(c->s.db, list_row, &l, &c->err) != ESC_OK)
		return cli_fail(c);
	if (!l.found) {
		const char *text = proc_shipped_text(a->pos[0]);
		if (!text)
			return cli_error(ESC_ENOTFOUND,
			                 "procedure: there is no procedure %s; see 'escalate procedure "
			                 "list'",
			                 a->pos[0]);
		if (proc_file_parse(text, strlen(text), &shipped, NULL, &c->err) != ESC_OK)
			return cli_fail(c);
		cli_say("(shipped in data/procedures, not loaded in this database)\n");
		l.found = &shipped;
	}
	show_procedure(l.found);
	return ESC_OK;
}

/* path:line: [section] key: message for each problem; false when the file
 * has an error. */
static void print_problems(const char *path, const esc_proc_problems *pr)
{
	for (size_t i = 0; i < pr->count; i++) {
		const esc_proc_problem *it = &pr->items[i];
		char line[16] = "";
		if (it->line)
			snprintf(line, sizeof line, "%d:", it->line);
		cli_error(ESC_EINVALID, "%s:%s %s%s: %s", path, line, it->warning ? "warning: " : "",
		          it->where, it->message);
	}
	if (pr->truncated)
		cli_error(ESC_EINVALID, "%s: more problems than shown; fix these first", path);
	if (pr->errors)
		cli_error(ESC_EINVALID, "%s: %zu error%s, %zu warning%s: not a procedure escalate can "
		                        "use",
		          path, pr->errors, pr->errors == 1 ? "" : "s", pr->warnings,
		          pr->warnings == 1 ? "" : "s");
}

static esc_status read_procedure_file(cli_ctx *c, const char *path, char **text)
{
	if (cli_read_user_file(path, text, &c->err) != ESC_OK)
		return c->err.status;
	if (strlen(*text) > PROCEDURE_FILE_MAX) {
		free(*text);
		*text = NULL;
		return esc_fail(&c->err, ESC_EINVALID, "file",
		                "%s: a procedure file has at most %u bytes", path, PROCEDURE_FILE_MAX);
	}
	return ESC_OK;
}

int cmd_procedure_check(cli_ctx *c, const cli_args *a)
{
	const char *path = a->pos[0];
	char *text = NULL;
	static esc_procedure p;
	static esc_proc_problems pr;
	if (read_procedure_file(c, path, &text) != ESC_OK)
		return cli_fail(c);
	esc_status st = proc_file_parse(text, strlen(text), &p, &pr, &c->err);
	free(text);
	print_problems(path, &pr);
	if (st != ESC_OK)
		return ESC_EINVALID;
	cli_say("%s: %s version %d, %d levels: no errors, %zu warning%s\n", path, p.name,
	        p.version, p.stage_count, pr.warnings, pr.warnings == 1 ? "" : "s");
	return ESC_OK;
}

int cmd_procedure_load(cli_ctx *c, const cli_args *a)
{
	const char *path = a->pos[0];
	char *text = NULL;
	static esc_proc_problems pr;
	long long id;
	if (read_procedure_file(c, path, &text) != ESC_OK)
		return cli_fail(c);
	esc_status st = procedure_load(&c->s, text, strlen(text), &pr, &id, &c->err);
	free(text);
	print_problems(path, &pr);
	if (st != ESC_OK)
		return pr.errors ? ESC_EINVALID : cli_fail(c);
	const esc_procedure *p;
	if (procedure_get(c->s.db, id, &p, &c->err) != ESC_OK)
		return cli_fail(c);
	cli_say("Loaded %s version %d (%d levels); cases opened from now on under it follow this "
	        "version.\n",
	        p->name, p->version, p->stage_count);
	return ESC_OK;
}

int cmd_procedure_assign(cli_ctx *c, const cli_args *a)
{
	if (procedure_assign(&c->s, a->pos[0], a->pos[1], &c->err) != ESC_OK)
		return cli_fail(c);
	cli_say("New cases against %s follow %s; open cases keep the procedure they were opened "
	        "under.\n",
	        a->pos[0], a->pos[1]);
	return ESC_OK;
}
