/* The command line's internals: the command table (cli_table.c), the
 * argument parser and help (cli_args.c), opening the database and output
 * files (cli_open.c), and the handlers (cmd_*.c).  Handlers parse nothing
 * themselves: they read their options by name from a cli_args and call the
 * core; every business rule lives in the core. */
#ifndef ESCALATE_CLI_CMD_H
#define ESCALATE_CLI_CMD_H

#include <stdbool.h>
#include <stdio.h>

#include "cli.h"
#include "escalate/error.h"
#include "escalate/report.h"
#include "escalate/session.h"

/* Option flags. */
enum {
	CLI_OPT_REQUIRED = 1u << 0, /* the command refuses to run without it (exit 2) */
	CLI_OPT_REPEAT = 1u << 1,   /* may be given more than once; every value kept */
};

/* One option of a command: --name (or -c) with an argument named `arg`
 * (NULL: a flag taking no argument). */
typedef struct cli_opt {
	const char *name;
	char shortname;
	const char *arg;
	unsigned flags;
	const char *help;
} cli_opt;

/* Command flags. */
enum {
	CLI_SESSION = 1u << 0,  /* opens the database before the handler runs */
	CLI_ACTOR = 1u << 1,    /* ...and identifies the login (staff record needed) */
	CLI_READONLY = 1u << 2, /* ...read-only */
	CLI_CREATES = 1u << 3,  /* may create the database (init); opens it itself */
	/* ...read-write although it only reads: it shows case content, and every
	 * such read is logged (access.h); a read-only database is refused. */
	CLI_LOGGED = 1u << 4,
};

struct cli_ctx;
struct cli_args;
typedef int (*cli_handler)(struct cli_ctx *c, const struct cli_args *a);

/* One subcommand.  The help output, the usage errors and the man page's
 * command list all follow this table. */
typedef struct cli_command {
	const char *group;    /* "staff", "config" or NULL */
	const char *name;     /* "add", "contact"... */
	const char *alias;    /* another name or NULL ("advance") */
	const char *args;     /* positional synopsis ("REF"), or NULL */
	int min_pos, max_pos; /* positional count; max -1 = any */
	const char *summary;  /* one line */
	const char *details;  /* a paragraph for --help, or NULL */
	const cli_opt *opts;  /* terminated by an entry with name NULL; may be NULL */
	cli_handler run;
	unsigned flags;
} cli_command;

/* The table (cli_table.c). */
const cli_command *cli_commands(int *count);
/* The options every command accepts: --db, --now, --help, --version. */
const cli_opt *cli_global_opts(void);

/* A parsed command line. */
typedef struct cli_args {
	const cli_command *cmd; /* NULL: no subcommand */
	const char *group;      /* "staff" when only the group was named */
	const char **pos;
	int npos;
	struct cli_set {
		const cli_opt *opt;
		const char *value; /* NULL for a flag */
	} * set;
	int nset;
	const char *db;  /* --db */
	const char *now; /* --now */
	bool help, version;
	bool accessible; /* --accessible (the interface only) */
	bool unknown_command; /* a usage error even with --help */
	char error[256]; /* the first usage error, "" if none */
} cli_args;

/* Parses argv (global options may appear anywhere).  Returns false on
 * out-of-memory only; usage errors land in a->error. */
bool cli_parse(int argc, char **argv, cli_args *a);
void cli_args_free(cli_args *a);

/* The last value of option `name` of the command (NULL when not given). */
const char *cli_get(const cli_args *a, const char *name);
bool cli_has(const cli_args *a, const char *name);
/* Every value of a repeatable option, in order; returns how many (at most max). */
int cli_get_all(const cli_args *a, const char *name, const char **out, int max);

/* Help texts. */
void cli_help_top(FILE *f);
void cli_help_group(FILE *f, const char *group);
void cli_help_command(FILE *f, const cli_command *cmd);
/* "escalate staff add" */
void cli_command_title(const cli_command *cmd, char *out, size_t outsz);

/* What a handler works with. */
typedef struct cli_ctx {
	const cli_args *args;
	char db_path[4096];
	const char *now; /* --now, else ESCALATE_NOW, else NULL */
	esc_session s;
	bool open;
	esc_error err;
} cli_ctx;

/* Messages: "escalate: ..." on stderr, sanitised (they quote user input).
 * Each returns the exit status to use. */
int cli_fail(cli_ctx *c); /* prints c->err */
int cli_error(esc_status st, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int cli_usage(const cli_args *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Prints untrusted text (from the database or the user) to stdout. */
void cli_put(const char *s);
/* Prints a line built from a format; arguments are sanitised as a whole. */
void cli_say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Resolves the database path (--db or the default) and checks the
 * set-id rules for --db and --now. */
esc_status cli_resolve(cli_ctx *c, esc_error *err);
/* Opens c->s: flags as in cli_command; identifies the actor when asked. */
esc_status cli_session_open(cli_ctx *c, unsigned flags);
void cli_session_close(cli_ctx *c);
/* Creates the database's directory (0700) when it is missing. */
esc_status cli_make_db_dir(const char *db_path, esc_error *err);

/* Where machine-readable output goes.  path NULL or "-": stdout (passed
 * through a sanitising filter when stdout is a terminal); otherwise the file,
 * created 0600 after any set-id group privilege is dropped for good. */
typedef struct cli_out {
	FILE *f;
	bool is_stdout;
	bool filtered;
} cli_out;

esc_status cli_out_open(cli_out *o, const char *path, esc_error *err);
/* Set-id: gives up the team group for good (before a user-named file). */
esc_status cli_drop_group(esc_error *err);

/* Reads a file the user names (up to CLI_USER_FILE_MAX bytes; NULs read as
 * spaces), as the user: any set-id group is given up for the open and taken
 * back after.  *text is malloc'ed. */
#define CLI_USER_FILE_MAX (64u << 20)
esc_status cli_read_user_file(const char *path, char **text, esc_error *err);
/* Flushes and closes; ESC_ESTORAGE if writing failed. */
esc_status cli_out_close(cli_out *o, esc_error *err);
struct cli_ctx;
/* Closes after work that ended with `st` (its error in c->err): reports the
 * first failure, the work's or the close's, and returns the exit status. */
int cli_out_finish(struct cli_ctx *c, cli_out *o, esc_status st);

/* Parses an enumerated option value; usage error (-1) when unknown. */
int cli_format_opt(const cli_args *a, const char *name, int dflt, const int *allowed, int nallowed);
/* Parses a non-negative integer option; false (usage error printed) if bad. */
bool cli_int_opt(const cli_args *a, const char *name, long min, long max, long *out);

/* Handlers (cmd_*.c). */
int cmd_init(cli_ctx *c, const cli_args *a);
int cmd_staff_add(cli_ctx *c, const cli_args *a);
int cmd_staff_list(cli_ctx *c, const cli_args *a);
int cmd_action_done(cli_ctx *c, const cli_args *a);
int cmd_action_drop(cli_ctx *c, const cli_args *a);
int cmd_action_list(cli_ctx *c, const cli_args *a);
int cmd_staff_set_role(cli_ctx *c, const cli_args *a);
int cmd_staff_deactivate(cli_ctx *c, const cli_args *a);
int cmd_staff_reactivate(cli_ctx *c, const cli_args *a);
int cmd_staff_confirm(cli_ctx *c, const cli_args *a);
int cmd_config_history(cli_ctx *c, const cli_args *a);
int cmd_config_theme(cli_ctx *c, const cli_args *a);
int cmd_config_la(cli_ctx *c, const cli_args *a);
int cmd_config_timescale(cli_ctx *c, const cli_args *a);
int cmd_config_holiday(cli_ctx *c, const cli_args *a);
int cmd_config_pattern(cli_ctx *c, const cli_args *a);
int cmd_config_show(cli_ctx *c, const cli_args *a);
int cmd_procedure_list(cli_ctx *c, const cli_args *a);
int cmd_procedure_show(cli_ctx *c, const cli_args *a);
int cmd_procedure_check(cli_ctx *c, const cli_args *a);
int cmd_procedure_load(cli_ctx *c, const cli_args *a);
int cmd_procedure_assign(cli_ctx *c, const cli_args *a);
int cmd_config_timezone(cli_ctx *c, const cli_args *a);
int cmd_new(cli_ctx *c, const cli_args *a);
int cmd_contact(cli_ctx *c, const cli_args *a);
int cmd_escalate(cli_ctx *c, const cli_args *a);
int cmd_urgent(cli_ctx *c, const cli_args *a);
int cmd_inform(cli_ctx *c, const cli_args *a);
int cmd_note(cli_ctx *c, const cli_args *a);
int cmd_resolve(cli_ctx *c, const cli_args *a);
int cmd_withdraw(cli_ctx *c, const cli_args *a);
int cmd_reopen(cli_ctx *c, const cli_args *a);
/* Corrections (cmd_amend.c, with its options). */
int cmd_amend(cli_ctx *c, const cli_args *a);
extern const cli_opt amend_opts[];
int cmd_show(cli_ctx *c, const cli_args *a);
int cmd_list(cli_ctx *c, const cli_args *a);
int cmd_patterns(cli_ctx *c, const cli_args *a);
int cmd_report(cli_ctx *c, const cli_args *a);
int cmd_export(cli_ctx *c, const cli_args *a);
int cmd_verify(cli_ctx *c, const cli_args *a);
int cmd_help(cli_ctx *c, const cli_args *a);
/* Data protection (cmd_dataprot.c, cmd_backup.c). */
int cmd_access_log(cli_ctx *c, const cli_args *a);
int cmd_sar(cli_ctx *c, const cli_args *a);
int cmd_retention_due(cli_ctx *c, const cli_args *a);
int cmd_retention_purge(cli_ctx *c, const cli_args *a);
int cmd_config_visibility(cli_ctx *c, const cli_args *a);
int cmd_config_retention(cli_ctx *c, const cli_args *a);
int cmd_backup(cli_ctx *c, const cli_args *a);
int cmd_restore(cli_ctx *c, const cli_args *a);

#endif
