/* The command line's entry point: parse, open the database the way the
 * command asks, run its handler, print errors.  Exit codes are the esc_status
 * values (ESC_STATUS_LIST, documented in escalate(1)). */
#include "cli.h"

#include <langinfo.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cli_cmd.h"
#include "escalate/privilege.h"
#include "escalate/session.h"
#include "escalate/text.h"

#ifndef ESC_VERSION
#define ESC_VERSION "unknown"
#endif

static void print_message(const char *msg)
{
	fputs("escalate: ", stderr);
	esc_fputs_safe(msg, stderr, true);
	fputc('\n', stderr);
}

int cli_fail(cli_ctx *c)
{
	esc_status st = c->err.status;
	if (st == ESC_OK) /* a core call failed without saying why: a bug */
		st = esc_fail(&c->err, ESC_EINTERNAL, "", "internal error (no message)");
	print_message(c->err.message[0] ? c->err.message : esc_status_meaning(st));
	return (int)st;
}

int cli_error(esc_status st, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	print_message(msg);
	return (int)st;
}

static void try_help(const cli_args *a)
{
	char title[64] = "";
	if (a && a->cmd)
		cli_command_title(a->cmd, title, sizeof title);
	else if (a && a->group)
		snprintf(title, sizeof title, "%s", a->group);
	fprintf(stderr, "Try 'escalate %s%s--help'.\n", title, title[0] ? " " : "");
}

int cli_usage(const cli_args *a, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	print_message(msg);
	try_help(a);
	return ESC_EUSAGE;
}

void cli_put(const char *s)
{
	esc_fputs_safe(s, stdout, true);
}

void cli_say(const char *fmt, ...)
{
	char *text = NULL;
	va_list ap;
	va_start(ap, fmt);
	int n = vasprintf(&text, fmt, ap);
	va_end(ap);
	if (n >= 0) {
		esc_fputs_safe(text, stdout, true);
		free(text);
	}
}

int cmd_help(cli_ctx *c, const cli_args *a)
{
	(void)c;
	int n;
	const cli_command *t = cli_commands(&n);
	if (a->npos == 0) {
		cli_help_top(stdout);
		return ESC_OK;
	}
	for (int i = 0; i < n; i++) {
		bool group_match = t[i].group && strcmp(t[i].group, a->pos[0]) == 0;
		if (a->npos == 1 && group_match) {
			cli_help_group(stdout, t[i].group);
			return ESC_OK;
		}
		const char *word = group_match ? (a->npos > 1 ? a->pos[1] : "") : a->pos[0];
		bool name_match =
		    strcmp(t[i].name, word) == 0 || (t[i].alias && strcmp(t[i].alias, word) == 0);
		if (name_match && (group_match || (!t[i].group && a->npos == 1))) {
			cli_help_command(stdout, &t[i]);
			return ESC_OK;
		}
	}
	return cli_usage(a, "help: no command '%s%s%s'", a->pos[0], a->npos > 1 ? " " : "",
	                 a->npos > 1 ? a->pos[1] : "");
}

/* ESCALATE_ACCESSIBLE=1 (or yes/true/on) asks for --accessible. */
static bool cli_env_accessible(void)
{
	const char *v = getenv("ESCALATE_ACCESSIBLE");
	return v && (strcmp(v, "1") == 0 || strcasecmp(v, "yes") == 0 ||
	             strcasecmp(v, "true") == 0 || strcasecmp(v, "on") == 0);
}

/* No subcommand: the interactive interface, on a terminal only. */
static int run_interface(cli_ctx *c, const cli_args *a, cli_tui_fn tui)
{
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO) || !tui) {
		cli_help_top(stderr);
		return cli_usage(a, "give a command (the interactive interface needs a terminal)");
	}
	int rc;
	if (cli_resolve(c, &c->err) != ESC_OK ||
	    cli_session_open(c, CLI_SESSION | CLI_ACTOR) != ESC_OK)
		rc = cli_fail(c);
	else
		rc = tui(&c->s, a->accessible || cli_env_accessible());
	cli_session_close(c);
	return rc;
}

static int dispatch(cli_ctx *c, const cli_args *a, cli_tui_fn tui)
{
	if (a->version) {
		printf("escalate %s\n", ESC_VERSION);
		return ESC_OK;
	}
	if (a->unknown_command)
		return cli_usage(a, "%s", a->error);
	if (a->help) {
		if (a->cmd)
			cli_help_command(stdout, a->cmd);
		else if (a->group)
			cli_help_group(stdout, a->group);
		else
			cli_help_top(stdout);
		return ESC_OK;
	}
	if (a->error[0])
		return cli_usage(a, "%s", a->error);
	if (!a->cmd) {
		if (a->group) {
			cli_help_group(stderr, a->group);
			return cli_usage(a, "%s: give a command", a->group);
		}
		return run_interface(c, a, tui);
	}
	const cli_command *cmd = a->cmd;
	if (cmd->flags & (CLI_SESSION | CLI_CREATES)) {
		if (cli_resolve(c, &c->err) != ESC_OK)
			return c->err.status == ESC_EUSAGE ? cli_usage(a, "%s", c->err.message)
			                                   : cli_fail(c);
	}
	int rc;
	if ((cmd->flags & CLI_SESSION) && cli_session_open(c, cmd->flags) != ESC_OK)
		rc = cli_fail(c);
	else
		rc = cmd->run(c, a);
	cli_session_close(c);
	return rc;
}

/* Text tables are measured in display cells (wcwidth), which needs a UTF-8
 * character type.  Everything escalate writes is UTF-8 whatever the locale
 * says, so outside a UTF-8 locale (LANG unset under cron or ssh) the
 * built-in C.UTF-8 is used for character classes and widths alone. */
static void cli_set_ctype(void)
{
	if (setlocale(LC_CTYPE, "") && strcmp(nl_langinfo(CODESET), "UTF-8") == 0)
		return;
	if (!setlocale(LC_CTYPE, "C.UTF-8"))
		setlocale(LC_CTYPE, "C");
}

int cli_main(int argc, char **argv, cli_tui_fn tui)
{
	cli_args a;
	cli_ctx c = {0};
	/* Set-id: before anything is opened or parsed (escalate(1) SECURITY),
	 * the locale included: a LANG or LC_* that names a file is gone first. */
	if (!esc_privilege_sanitise(esc_privileged()))
		return ESC_EINTERNAL;
	cli_set_ctype();
	if (!cli_parse(argc, argv, &a))
		return cli_error(ESC_EINTERNAL, "out of memory");
	c.args = &a;
	int rc = dispatch(&c, &a, tui);
	cli_args_free(&a);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		if (rc == ESC_OK)
			rc = cli_error(ESC_ESTORAGE, "could not write the output");
	}
	return rc;
}
