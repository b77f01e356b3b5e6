/* The options of every subcommand, declared once (cli_commands.c's table
 * names them). */
#include "cli_options.h"

#include <stddef.h>

#define EXPECT_SEQ                                                                                 \
	{                                                                                          \
		.name = "expect-seq", .arg = "N",                                                  \
		.help = "refuse (exit 5) unless the case's latest event is number N"               \
	}

const cli_opt global_opts[] = {
    {.name = "db", .arg = "PATH", .help = "the database file (default: see FILES in escalate(1))"},
    {.name = "now",
     .arg = "DATETIME",
     .help = "pin the clock to \"YYYY-MM-DD[ HH:MM]\", civil time in the procedure's time zone "
             "(also ESCALATE_NOW)"},
    {.name = "accessible",
     .help = "the interface: words instead of frames, bars and marks, one item per line, for "
             "screen readers (also ESCALATE_ACCESSIBLE=1)"},
    {.name = "help", .shortname = 'h', .help = "show help and exit"},
    {.name = "version", .help = "show the version and exit"},
    {.name = NULL},
};

const cli_opt init_opts[] = {
    {.name = "name", .arg = "NAME", .help = "your full name (default: from the password file)"},
    {.name = "role",
     .arg = "ROLE",
     .help = "your role: frontline, named or designated (default designated)"},
    {.name = "org", .arg = "ORG", .help = "your organisation"},
    {.name = "admin",
     .arg = "LOGIN",
     .help = "root only: LOGIN, not root, is the first admin (a team database)"},
    {.name = NULL},
};

const cli_opt verify_opts[] = {
    {.name = "receipt", .arg = "FILE", .help = "also write the receipt to FILE (0600)"},
    {.name = "against",
     .arg = "FILE",
     .help = "check against the first receipt found in FILE (a receipt or a report)"},
    {.name = NULL},
};

const cli_opt staff_add_opts[] = {
    {.name = "name", .arg = "NAME", .flags = CLI_OPT_REQUIRED, .help = "full name"},
    {.name = "role",
     .arg = "ROLE",
     .flags = CLI_OPT_REQUIRED,
     .help = "frontline, named or designated"},
    {.name = "org", .arg = "ORG", .help = "organisation"},
    {.name = "admin", .help = "may manage staff and configuration"},
    {.name = NULL},
};

const cli_opt format_text_csv_json[] = {
    {.name = "format", .arg = "FORMAT", .help = "text (default), csv or json"},
    {.name = "bom",
     .help = "CSV: begin with the UTF-8 byte-order mark Excel needs (see OUTPUT FORMATS in escalate(1))"},
    {.name = NULL},
};

const cli_opt action_done_opts[] = {
    {.name = "note", .arg = "TEXT", .help = "what was done (optional)"},
    {.name = NULL},
};

const cli_opt action_drop_opts[] = {
    {.name = "reason", .arg = "TEXT", .flags = CLI_OPT_REQUIRED,
     .help = "why the action is no longer needed"},
    {.name = NULL},
};

const cli_opt action_list_opts[] = {
    {.name = "mine", .help = "only actions you own"},
    {.name = "overdue", .help = "only open actions past their due date"},
    {.name = "open", .help = "with REF: only its open actions (default: all of them)"},
    {.name = "format", .arg = "FORMAT", .help = "text (default), csv or json"},
    {.name = "bom", .help = "begin CSV with the UTF-8 byte-order mark (for Excel)"},
    {.name = NULL},
};

const cli_opt set_role_opts[] = {
    {.name = "admin", .help = "also make an admin"},
    {.name = "no-admin", .help = "take the admin right away"},
    {.name = NULL},
};

const cli_opt list_all_opts[] = {
    {.name = "all", .help = "list: include removed entries"},
    {.name = NULL},
};

const cli_opt new_opts[] = {
    {.name = "nhs", .arg = "NUMBER", .help = "the child's NHS number (10 digits, checked)"},
    {.name = "local-id", .arg = "ID", .help = "or a local record number"},
    {.name = "la", .arg = "NAME", .flags = CLI_OPT_REQUIRED, .help = "local authority"},
    {.name = "theme",
     .arg = "THEME",
     .flags = CLI_OPT_REQUIRED | CLI_OPT_REPEAT,
     .help = "theme (repeat for several; see escalate config theme list)"},
    {.name = "decision",
     .arg = "TEXT",
     .flags = CLI_OPT_REQUIRED,
     .help = "the social care decision being challenged"},
    {.name = "concern", .arg = "TEXT", .flags = CLI_OPT_REQUIRED, .help = "the concern"},
    {.name = "team", .arg = "TEAM", .help = "social care team"},
    {.name = "agency", .arg = "AGENCY", .help = "raising agency (default: your organisation)"},
    {.name = "again",
     .help = "log it although the child has an open or recently closed case"},
    {.name = NULL},
};

const cli_opt contact_opts[] = {
    {.name = "with", .arg = "NAME", .flags = CLI_OPT_REQUIRED, .help = "who you spoke with"},
    {.name = "role", .arg = "ROLE", .flags = CLI_OPT_REQUIRED, .help = "their role"},
    {.name = "org", .arg = "ORG", .flags = CLI_OPT_REQUIRED, .help = "their organisation"},
    {.name = "summary", .arg = "TEXT", .flags = CLI_OPT_REQUIRED, .help = "what was discussed"},
    {.name = "outcome",
     .arg = "OUTCOME",
     .flags = CLI_OPT_REQUIRED,
     .help = "resolved or concern-remains"},
    {.name = "at", .arg = "DATETIME", .help = "when it happened (default now; not in the future)"},
    {.name = "action",
     .arg = "TEXT|OWNER|YYYY-MM-DD",
     .flags = CLI_OPT_REPEAT,
     .help = "an agreed action with its owner and due date (repeatable)"},
    EXPECT_SEQ,
    {.name = NULL},
};

const cli_opt escalate_opts[] = {
    {.name = "reason", .arg = "TEXT", .flags = CLI_OPT_REQUIRED, .help = "why"},
    {.name = "chair-informed",
     .arg = "yes|no|later",
     .help = "on reaching a level whose notification is asked if necessary (default "
             "procedure: level 5, the partnership chair): was it made (default later)"},
    EXPECT_SEQ,
    {.name = NULL},
};

const cli_opt reason_opts[] = {
    {.name = "reason", .arg = "TEXT", .flags = CLI_OPT_REQUIRED, .help = "why"},
    EXPECT_SEQ,
    {.name = NULL},
};

const cli_opt inform_opts[] = {
    {.name = "whom",
     .arg = "WHOM",
     .help = "a notification of the case's procedure: designated (level 4) or chair (level 5) "
             "in the default"},
    {.name = "name", .arg = "WHO", .help = "who was informed"},
    {.name = "how", .arg = "HOW", .help = "how (telephone, email, meeting...)"},
    {.name = "at", .arg = "DATETIME", .help = "when (default now)"},
    {.name = "not-needed",
     .help = "a notification asked if necessary: considered, and not necessary"},
    {.name = "reason", .arg = "TEXT", .help = "with --not-needed: why (required); else a note"},
    {.name = "pattern", .help = "a multi-case pattern: every open case in the cluster"},
    {.name = "la", .arg = "NAME", .help = "with --pattern: the local authority"},
    {.name = "theme", .arg = "THEME", .help = "with --pattern: the theme"},
    EXPECT_SEQ,
    {.name = NULL},
};

const cli_opt note_opts[] = {
    {.name = "text", .arg = "TEXT", .help = "the note (or give it as words after REF)"},
    EXPECT_SEQ,
    {.name = NULL},
};

const cli_opt resolve_opts[] = {
    {.name = "outcome",
     .arg = "TEXT",
     .flags = CLI_OPT_REQUIRED,
     .help = "what was agreed in the end"},
    EXPECT_SEQ,
    {.name = NULL},
};

const cli_opt show_opts[] = {
    {.name = "format",
     .arg = "FORMAT",
     .help = "text (default), json, or record (the entry for the clinical record)"},
    {.name = NULL},
};

const cli_opt list_opts[] = {
    {.name = "all", .help = "include resolved and withdrawn cases"},
    {.name = "level", .arg = "N", .help = "at level N only (1-9: as many as the procedures have)"},
    {.name = "la", .arg = "NAME", .help = "against this local authority"},
    {.name = "theme", .arg = "THEME", .help = "with this theme"},
    {.name = "overdue", .help = "overdue at their level only"},
    {.name = "owner", .arg = "LOGIN|me", .help = "owned by LOGIN (me: you)"},
    {.name = "needs-action", .help = "needing your action (overdue, actions due, notices owed)"},
    {.name = "search", .arg = "TEXT", .help = "reference, child id, decision or concern text"},
    {.name = "sort",
     .arg = "ORDER",
     .help = "age (longest waiting first, default), level or newest"},
    {.name = "limit", .arg = "N", .help = "at most N cases (default 50; 0: no limit)"},
    {.name = "offset", .arg = "N", .help = "skip the first N"},
    {.name = "format", .arg = "FORMAT", .help = "text (default), csv, json or xlsx"},
    {.name = "out", .arg = "FILE", .help = "write to FILE (created 0600); xlsx needs it"},
    {.name = "bom",
     .help = "CSV: begin with the UTF-8 byte-order mark Excel needs (see OUTPUT FORMATS in escalate(1))"},
    {.name = NULL},
};

#define OUT_OPT(what)                                                                              \
	{                                                                                          \
		.name = "out", .arg = "PATH", .help = what                                         \
	}
#define BOM_OPT                                                                                    \
	{                                                                                          \
		.name = "bom",                                                                     \
		.help = "CSV: begin with the UTF-8 byte-order mark Excel needs (see OUTPUT FORMATS in escalate(1))"     \
	}

const cli_opt report_opts[] = {
    {.name = "quarter",
     .arg = "YYYY-YY-QN",
     .help = "financial quarter, e.g. 2026-27-Q1 (default: the one containing today)"},
    {.name = "from", .arg = "DATE", .help = "first day of a date range (with --to)"},
    {.name = "to", .arg = "DATE", .help = "last day of the range (inclusive)"},
    {.name = "format", .arg = "FORMAT", .help = "text (default), csv, json, markdown or xlsx"},
    {.name = "procedure",
     .arg = "NAME",
     .help = "only the cases that follow procedure NAME (every version of it)"},
    OUT_OPT("write to the file PATH (created 0600) instead of standard output; xlsx needs it"),
    {.name = "output", .shortname = 'o', .arg = "FILE", .help = "the same as --out"},
    BOM_OPT,
    {.name = NULL},
};

const cli_opt export_opts[] = {
    {.name = "format", .arg = "FORMAT", .help = "csv (default), json or xlsx"},
    OUT_OPT("csv: the folder for one file per table (created 0700); json: a file instead of "
            "standard output; xlsx: the workbook file (all created 0600)"),
    {.name = "output", .shortname = 'o', .arg = "PATH", .help = "the same as --out"},
    BOM_OPT,
    {.name = NULL},
};

const cli_opt access_log_opts[] = {
    {.name = "login", .arg = "LOGIN", .help = "reads by this login only"},
    {.name = "from", .arg = "DATE", .help = "from this day (UTC, inclusive)"},
    {.name = "to", .arg = "DATE", .help = "to this day (UTC, inclusive)"},
    {.name = "format", .arg = "FORMAT", .help = "text (default), csv or json"},
    {.name = NULL},
};

const cli_opt sar_opts[] = {
    {.name = "nhs", .arg = "NUMBER", .help = "the child's NHS number"},
    {.name = "local-id", .arg = "ID", .help = "or the child's local record number"},
    {.name = "format",
     .arg = "FORMAT",
     .help = "json (default), csv, or record (readable text)"},
    {.name = "out",
     .arg = "FILE",
     .help = "write to FILE (created 0600) instead of standard output"},
    {.name = NULL},
};

const cli_opt purge_opts[] = {
    {.name = "reason", .arg = "TEXT", .flags = CLI_OPT_REQUIRED, .help = "why (recorded)"},
    {.name = "yes", .help = "confirm: the content is removed for good"},
    {.name = NULL},
};

const cli_opt force_opts[] = {
    {.name = "force", .help = "replace an existing file"},
    {.name = NULL},
};
