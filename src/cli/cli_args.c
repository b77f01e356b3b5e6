/* The command-line parser and the help texts, both driven by the command
 * table.  Global options (--db, --now, --help, --version) are accepted
 * anywhere on the line; `--opt value` and `--opt=value` both work; `--`
 * ends the options. */
#include "cli_cmd.h"

#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define HELP_WIDTH 79

static void set_error(cli_args *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void set_error(cli_args *a, const char *fmt, ...)
{
	if (a->error[0])
		return; /* the first error is the one to fix first */
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(a->error, sizeof a->error, fmt, ap);
	va_end(ap);
}

static const cli_opt *find_opt(const cli_opt *opts, const char *name, size_t len, char shortname)
{
	for (const cli_opt *o = opts; o && o->name; o++) {
		if (shortname ? o->shortname == shortname
		              : (strlen(o->name) == len && strncmp(o->name, name, len) == 0))
			return o;
	}
	return NULL;
}

static bool is_group(const char *word)
{
	int n;
	const cli_command *t = cli_commands(&n);
	for (int i = 0; i < n; i++)
		if (t[i].group && strcmp(t[i].group, word) == 0)
			return true;
	return false;
}

/* A command by name or alias within `group` (NULL: top level). */
static const cli_command *find_command(const char *group, const char *word)
{
	int n;
	const cli_command *t = cli_commands(&n);
	for (int i = 0; i < n; i++) {
		bool same_group =
		    group ? (t[i].group && strcmp(t[i].group, group) == 0) : !t[i].group;
		if (same_group &&
		    (strcmp(t[i].name, word) == 0 || (t[i].alias && strcmp(t[i].alias, word) == 0)))
			return &t[i];
	}
	return NULL;
}

static void record_opt(cli_args *a, const cli_opt *o, const char *value)
{
	bool global = false;
	for (const cli_opt *g = cli_global_opts(); g->name; g++)
		global = global || g == o;
	if (global) {
		if (strcmp(o->name, "db") == 0)
			a->db = value;
		else if (strcmp(o->name, "now") == 0)
			a->now = value;
		else if (strcmp(o->name, "help") == 0)
			a->help = true;
		else if (strcmp(o->name, "accessible") == 0)
			a->accessible = true;
		else
			a->version = true;
		return;
	}
	a->set[a->nset].opt = o;
	a->set[a->nset].value = value;
	a->nset++;
}

/* One option at argv[*i]; advances *i past a separate value. */
static void parse_option(int argc, char **argv, int *i, cli_args *a)
{
	const char *arg = argv[*i];
	const char *name, *eq = NULL;
	size_t len;
	char shortname = 0;
	char shown[64];

	if (arg[1] == '-') {
		name = arg + 2;
		eq = strchr(name, '=');
		len = eq ? (size_t)(eq - name) : strlen(name);
		snprintf(shown, sizeof shown, "--%.*s", (int)(len > 40 ? 40 : len), name);
	} else {
		name = arg + 1;
		shortname = name[0];
		len = 1;
		if (name[1])
			eq = name; /* -oFILE: the rest is the value */
		snprintf(shown, sizeof shown, "-%c", shortname);
	}
	const cli_opt *o = a->cmd ? find_opt(a->cmd->opts, name, len, shortname) : NULL;
	if (!o)
		o = find_opt(cli_global_opts(), name, len, shortname);
	if (!o) {
		if (!a->cmd && !a->group)
			set_error(a,
			          "unknown option %s (a command's own options come after its name)",
			          shown);
		else
			set_error(a, "unknown option %s", shown);
		return;
	}
	const char *value = NULL;
	if (o->arg) {
		if (eq)
			value = eq + 1;
		else if (*i + 1 < argc)
			value = argv[++*i];
		else {
			set_error(a, "--%s needs a value (%s)", o->name, o->arg);
			return;
		}
	} else if (eq) {
		set_error(a, "--%s takes no value", o->name);
		return;
	}
	record_opt(a, o, value);
}

/* Edit distance (insertions, deletions, substitutions, and swaps of two
 * neighbours, the commonest typo) between two short words. */
static size_t edit_distance(const char *x, const char *y)
{
	enum { W = 41 };
	size_t n = strlen(x), m = strlen(y);
	if (n >= W || m >= W)
		return SIZE_MAX;
	size_t d[W][W];
	for (size_t i = 0; i <= n; i++)
		d[i][0] = i;
	for (size_t j = 0; j <= m; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= n; i++)
		for (size_t j = 1; j <= m; j++) {
			size_t best = d[i - 1][j - 1] + (x[i - 1] != y[j - 1]);
			if (d[i - 1][j] + 1 < best)
				best = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < best)
				best = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1] &&
			    d[i - 2][j - 2] + 1 < best)
				best = d[i - 2][j - 2] + 1;
			d[i][j] = best;
		}
	return d[n][m];
}

/* The command (or group) of `group` (NULL: top level) nearest to `word`. */
static const char *nearest_command(const char *group, const char *word)
{
	int n;
	const cli_command *t = cli_commands(&n);
	const char *best = "";
	size_t best_d = SIZE_MAX;
	for (int i = 0; i < n; i++) {
		bool in_group = group && t[i].group && strcmp(t[i].group, group) == 0;
		const char *names[2] = {NULL, NULL};
		if (group && in_group) {
			names[0] = t[i].name;
			names[1] = t[i].alias;
		} else if (!group) {
			names[0] = t[i].group ? t[i].group : t[i].name;
			names[1] = t[i].group ? NULL : t[i].alias;
		}
		for (size_t k = 0; k < 2; k++) {
			if (!names[k])
				continue;
			size_t d = edit_distance(word, names[k]);
			/* a prefix ("rep" for "report") is as near as one typo */
			if (word[0] && strncmp(names[k], word, strlen(word)) == 0 && d > 1)
				d = 1;
			if (d < best_d) {
				best_d = d;
				best = names[k];
			}
		}
	}
	return best;
}

/* An unknown command is a usage error even beside --help: a script that
 * mistypes a command must not see success (exit 0). */
static void unknown_command(cli_args *a, const char *word)
{
	const char *g = a->group ? a->group : "", *sp = a->group ? " " : "";
	a->unknown_command = true;
	set_error(a, "unknown command '%s%s%.40s'; the nearest command is 'escalate %s%s%s'", g, sp,
	          word, g, sp, nearest_command(a->group, word));
}

static void parse_word(const char *word, cli_args *a)
{
	if (a->cmd) {
		a->pos[a->npos++] = word;
		return;
	}
	if (a->group) {
		a->cmd = find_command(a->group, word);
		if (!a->cmd)
			unknown_command(a, word);
		return;
	}
	if (is_group(word)) {
		int n;
		const cli_command *t = cli_commands(&n);
		for (int i = 0; i < n; i++)
			if (t[i].group && strcmp(t[i].group, word) == 0)
				a->group = t[i].group;
		return;
	}
	a->cmd = find_command(NULL, word);
	if (!a->cmd && !a->unknown_command)
		unknown_command(a, word);
}

static void check_command(cli_args *a)
{
	const cli_command *c = a->cmd;
	char title[64];
	cli_command_title(c, title, sizeof title);
	if (a->npos < c->min_pos)
		set_error(a, "%s: missing %s", title, c->args ? c->args : "arguments");
	else if (c->max_pos >= 0 && a->npos > c->max_pos)
		set_error(a, "%s: unexpected argument '%.40s'", title, a->pos[c->max_pos]);
	for (const cli_opt *o = c->opts; o && o->name; o++)
		if ((o->flags & CLI_OPT_REQUIRED) && !cli_has(a, o->name))
			set_error(a, "%s: --%s %s is required", title, o->name,
			          o->arg ? o->arg : "");
	for (int i = 0; i < a->nset; i++)
		for (int j = i + 1; j < a->nset; j++)
			if (a->set[i].opt == a->set[j].opt && a->set[j].opt->arg &&
			    !(a->set[j].opt->flags & CLI_OPT_REPEAT))
				set_error(a, "%s: --%s given twice", title, a->set[j].opt->name);
}

bool cli_parse(int argc, char **argv, cli_args *a)
{
	memset(a, 0, sizeof *a);
	size_t n = argc > 0 ? (size_t)argc : 1;
	a->pos = calloc(n, sizeof *a->pos);
	a->set = calloc(n, sizeof *a->set);
	if (!a->pos || !a->set) {
		cli_args_free(a);
		return false;
	}
	bool dashdash = false;
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i];
		if (!dashdash && strcmp(arg, "--") == 0)
			dashdash = true;
		else if (!dashdash && arg[0] == '-' && arg[1])
			parse_option(argc, argv, &i, a);
		else
			parse_word(arg, a);
	}
	if (a->cmd)
		check_command(a);
	return true;
}

void cli_args_free(cli_args *a)
{
	free(a->pos);
	free(a->set);
	a->pos = NULL;
	a->set = NULL;
}

static const cli_opt *command_opt(const cli_args *a, const char *name)
{
	const cli_opt *o = a->cmd ? find_opt(a->cmd->opts, name, strlen(name), 0) : NULL;
	assert(o && "a handler asked for an option its command does not declare");
	return o;
}

const char *cli_get(const cli_args *a, const char *name)
{
	const cli_opt *o = command_opt(a, name);
	for (int i = a->nset - 1; i >= 0; i--)
		if (a->set[i].opt == o)
			return a->set[i].value ? a->set[i].value : "";
	return NULL;
}

bool cli_has(const cli_args *a, const char *name)
{
	return cli_get(a, name) != NULL;
}

int cli_get_all(const cli_args *a, const char *name, const char **out, int max)
{
	const cli_opt *o = command_opt(a, name);
	int n = 0;
	for (int i = 0; i < a->nset; i++)
		if (a->set[i].opt == o) {
			if (n < max)
				out[n] = a->set[i].value;
			n++;
		}
	return n;
}

int cli_format_opt(const cli_args *a, const char *name, int dflt, const int *allowed, int nallowed)
{
	const char *v = cli_get(a, name);
	if (!v)
		return dflt;
	int f = esc_format_parse(v);
	for (int i = 0; f >= 0 && i < nallowed; i++)
		if (allowed[i] == f)
			return f;
	const cli_opt *o = command_opt(a, name);
	cli_usage(a, "--%s: '%s' is not one of: %s", name, v, o->help);
	return -1;
}

bool cli_int_opt(const cli_args *a, const char *name, long min, long max, long *out)
{
	const char *v = cli_get(a, name);
	if (!v)
		return true;
	char *end;
	errno = 0;
	long n = strtol(v, &end, 10);
	if (errno || end == v || *end || n < min || n > max) {
		cli_usage(a, "--%s: '%s' is not a whole number from %ld to %ld", name, v, min, max);
		return false;
	}
	*out = n;
	return true;
}

void cli_command_title(const cli_command *cmd, char *out, size_t outsz)
{
	if (cmd->group)
		snprintf(out, outsz, "%s %s", cmd->group, cmd->name);
	else
		snprintf(out, outsz, "%s", cmd->name);
}

/* Appends a synopsis token, wrapping before it when the line is full. */
static void wrap_token(FILE *f, int *col, const char *tok)
{
	int len = (int)strlen(tok);
	if (*col + 1 + len > HELP_WIDTH) {
		fputs("\n        ", f);
		*col = 8;
	} else {
		fputc(' ', f);
		(*col)++;
	}
	fputs(tok, f);
	*col += len;
}

static void synopsis(FILE *f, const char *lead, const cli_command *cmd)
{
	char tok[128], title[64];
	cli_command_title(cmd, title, sizeof title);
	int col = fprintf(f, "%sescalate %s", lead, title);
	if (cmd->args)
		wrap_token(f, &col, cmd->args);
	for (int pass = 0; pass < 2; pass++) {
		/* required options first, as they read in the examples */
		for (const cli_opt *o = cmd->opts; o && o->name; o++) {
			bool req = o->flags & CLI_OPT_REQUIRED;
			if (req != (pass == 0))
				continue;
			snprintf(tok, sizeof tok, "%s--%s%s%s%s%s", req ? "" : "[", o->name,
			         o->arg ? " " : "", o->arg ? o->arg : "", req ? "" : "]",
			         (o->flags & CLI_OPT_REPEAT) ? "..." : "");
			wrap_token(f, &col, tok);
		}
	}
	fputc('\n', f);
}

/* Prints text from column `col`, wrapping words at HELP_WIDTH with later
 * lines indented to `indent`; a newline in text forces a break. */
static void wrap_text(FILE *f, int col, int indent, const char *text)
{
	const char *p = text;
	bool first = true;
	while (*p) {
		if (*p == '\n') {
			fprintf(f, "\n%*s", indent, "");
			col = indent;
			first = true;
			p++;
			continue;
		}
		size_t len = strcspn(p, " \n");
		if (!first && col + 1 + (int)len > HELP_WIDTH) {
			fprintf(f, "\n%*s", indent, "");
			col = indent;
		} else if (!first) {
			fputc(' ', f);
			col++;
		}
		fwrite(p, 1, len, f);
		col += (int)len;
		first = false;
		p += len;
		while (*p == ' ')
			p++;
	}
	fputc('\n', f);
}

static void option_lines(FILE *f, const cli_opt *opts)
{
	char left[64];
	for (const cli_opt *o = opts; o && o->name; o++) {
		if (o->shortname)
			snprintf(left, sizeof left, "-%c, --%s%s%s", o->shortname, o->name,
			         o->arg ? " " : "", o->arg ? o->arg : "");
		else
			snprintf(left, sizeof left, "    --%s%s%s", o->name, o->arg ? " " : "",
			         o->arg ? o->arg : "");
		if (strlen(left) > 26)
			fprintf(f, "  %s\n%30s", left, "");
		else
			fprintf(f, "  %-26s  ", left);
		wrap_text(f, 30, 30, o->help);
	}
}

void cli_help_command(FILE *f, const cli_command *cmd)
{
	synopsis(f, "Usage: ", cmd);
	if (cmd->alias)
		fprintf(f, "   or: escalate %s ...\n", cmd->alias);
	/* the summary is written for the command list; as a sentence it starts
	 * with a capital */
	fprintf(f, "\n%c%s.\n", toupper((unsigned char)cmd->summary[0]), cmd->summary + 1);
	if (cmd->details) {
		fputc('\n', f);
		wrap_text(f, 0, 0, cmd->details);
	}
	if (cmd->opts && cmd->opts->name) {
		fputs("\nOptions:\n", f);
		option_lines(f, cmd->opts);
	}
	fputs("\nGlobal options:\n", f);
	option_lines(f, cli_global_opts());
	fputs("\nSee escalate(1) for the procedure and the exit status.\n", f);
}

void cli_help_group(FILE *f, const char *group)
{
	int n;
	const cli_command *t = cli_commands(&n);
	fprintf(f, "Usage: escalate %s COMMAND [ARGS...]\n\nCommands:\n", group);
	for (int i = 0; i < n; i++)
		if (t[i].group && strcmp(t[i].group, group) == 0)
			synopsis(f, "  ", &t[i]);
	fprintf(f, "\nRun 'escalate %s COMMAND --help' for details.\n", group);
}

void cli_help_top(FILE *f)
{
	int n;
	char title[64];
	const cli_command *t = cli_commands(&n);
	fputs("Usage: escalate [--db PATH] [--now DATETIME] COMMAND [ARGS...]\n"
	      "       escalate            (on a terminal: the interactive interface)\n\n"
	      "Log, advance and report escalations of professional difference between\n"
	      "health and children's social care (every level of the partnership's\n"
	      "procedure, every step recorded).\n\n"
	      "Commands:\n",
	      f);
	for (int i = 0; i < n; i++) {
		cli_command_title(&t[i], title, sizeof title);
		if (t[i].alias) {
			size_t len = strlen(title);
			snprintf(title + len, sizeof title - len, ", %s", t[i].alias);
		}
		fprintf(f, "  %-20s ", title);
		wrap_text(f, 23, 23, t[i].summary);
	}
	fputs("\nGlobal options:\n", f);
	option_lines(f, cli_global_opts());
	fputs("\nExit status:\n", f);
	for (int i = 0; i < esc_status_count(); i++) {
		esc_status st = esc_status_at(i);
		fprintf(f, "  %3d  %s\n", (int)st, esc_status_meaning(st));
	}
	fputs("\nRun 'escalate COMMAND --help' for a command's options; see escalate(1).\n", f);
}
