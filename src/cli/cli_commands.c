/* Every subcommand, declared once.  `escalate --help`, each command's
 * --help, the usage errors and the COMMANDS section of escalate(1) follow
 * this table (tests/e2e/cli_misc.sh checks the man page against it). */
#include "cli_cmd.h"

#include <stddef.h>

#include "cli_options.h"

#define WRITE (CLI_SESSION | CLI_ACTOR)
#define READ  (CLI_SESSION | CLI_ACTOR | CLI_READONLY)
#define LOGGED (CLI_SESSION | CLI_ACTOR | CLI_LOGGED)

static const cli_command commands[] = {
    {.name = "init",
     .summary = "create the database; you become its first admin",
     .details = "Creates the database (directory 0700, file 0600) with the default themes, "
                "local authorities, timescales and bank holidays, and registers your login as "
                "its first admin.",
     .opts = init_opts,
     .run = cmd_init,
     .flags = CLI_CREATES},
    {.group = "staff",
     .name = "add",
     .args = "LOGIN",
     .min_pos = 1,
     .max_pos = 1,
     .summary = "register a login (admin)",
     .opts = staff_add_opts,
     .run = cmd_staff_add,
     .flags = WRITE},
    {.group = "staff",
     .name = "list",
     .summary = "list staff records",
     .opts = format_text_csv_json,
     .run = cmd_staff_list,
     .flags = READ},
    {.group = "staff",
     .name = "set-role",
     .args = "LOGIN ROLE",
     .min_pos = 2,
     .max_pos = 2,
     .summary = "change a role: frontline, named or designated (admin)",
     .opts = set_role_opts,
     .run = cmd_staff_set_role,
     .flags = WRITE},
    {.group = "staff",
     .name = "deactivate",
     .args = "LOGIN",
     .min_pos = 1,
     .max_pos = 1,
     .summary = "stop a login from using escalate (admin)",
     .run = cmd_staff_deactivate,
     .flags = WRITE},
    {.group = "staff",
     .name = "reactivate",
     .args = "LOGIN",
     .min_pos = 1,
     .max_pos = 1,
     .summary = "let a deactivated login back in (admin)",
     .run = cmd_staff_reactivate,
     .flags = WRITE},
    {.group = "action",
     .name = "done",
     .args = "REF NUMBER",
     .min_pos = 2,
     .max_pos = 2,
     .summary = "mark agreed action NUMBER of a case done",
     .details = "The action's owner, the case owner, or anyone who may act at the case's "
                "level may mark it; it leaves \"needs my action\".  Numbers are those "
                "`escalate action list REF` shows.",
     .opts = action_done_opts,
     .run = cmd_action_done,
     .flags = WRITE},
    {.group = "action",
     .name = "drop",
     .args = "REF NUMBER",
     .min_pos = 2,
     .max_pos = 2,
     .summary = "drop agreed action NUMBER of a case, with the reason",
     .opts = action_drop_opts,
     .run = cmd_action_drop,
     .flags = WRITE},
    {.group = "action",
     .name = "list",
     .args = "[REF]",
     .min_pos = 0,
     .max_pos = 1,
     .summary = "list open agreed actions (all of one case's with REF)",
     .details = "Open actions stay open when their case moves up a level or closes, until "
                "they are marked done or dropped.",
     .opts = action_list_opts,
     .run = cmd_action_list,
     .flags = READ},
    {.group = "staff",
     .name = "confirm",
     .args = "LOGIN",
     .min_pos = 1,
     .max_pos = 1,
     .summary = "bind a record to its login's new account (admin)",
     .details = "A staff record belongs to a login and the user id it had when added. After "
                "an account is removed and made again (a new user id), its login is refused "
                "until an admin who has checked who the person is runs this.",
     .run = cmd_staff_confirm,
     .flags = WRITE},
    {.group = "procedure",
     .name = "list",
     .summary = "the procedures in use, and who follows each",
     .details = "The shipped default (data/procedures/cambs-peterborough.ini) and every "
                "procedure file an admin has loaded, each version with its levels, date of "
                "effect, who loaded it and the local authorities whose new cases follow it; "
                "then the shipped files not loaded yet.",
     .run = cmd_procedure_list,
     .flags = READ},
    {.group = "procedure",
     .name = "show",
     .args = "NAME",
     .min_pos = 1,
     .max_pos = 1,
     .summary = "one procedure in words: levels, roles, clocks",
     .details = "The newest version loaded in this database, else the file shipped in "
                "data/procedures.",
     .run = cmd_procedure_show,
     .flags = READ},
    {.group = "procedure",
     .name = "check",
     .args = "FILE",
     .min_pos = 1,
     .max_pos = 1,
     .summary = "check a procedure file, every problem by line",
     .details = "Reads FILE as you (any team privilege given up first) and reports every "
                "problem as FILE:LINE: [section] key: message, like a compiler; fails (exit 1) "
                "when there is an error, warnings alone pass.  Needs no database.",
     .run = cmd_procedure_check},
    {.group = "procedure",
     .name = "load",
     .args = "FILE",
     .min_pos = 1,
     .max_pos = 1,
     .summary = "load a procedure file or a new version (admin)",
     .details = "Checked first: a file with an error is never loaded.  Its version must be "
                "above the newest of its name.  Stored whole with its SHA-256, and recorded in "
                "the configuration history.  Cases opened before keep the version they were "
                "opened under.",
     .run = cmd_procedure_load,
     .flags = WRITE},
    {.group = "procedure",
     .name = "assign",
     .args = "LA NAME",
     .min_pos = 2,
     .max_pos = 2,
     .summary = "make an LA's new cases follow a procedure (admin)",
     .details = "The procedure must be loaded (or be the shipped default) and its file must "
                "list LA among the local authorities it covers.  Recorded in the "
                "configuration history; open cases keep their procedure.",
     .run = cmd_procedure_assign,
     .flags = WRITE},
    {.group = "config",
     .name = "theme",
     .args = "[list | add NAME | remove NAME]",
     .min_pos = 0,
     .max_pos = 2,
     .summary = "list or change the themes",
     .details = "Removing a theme keeps it on the cases that have it; it is no longer offered "
                "for new cases.  Changes need an admin.",
     .opts = list_all_opts,
     .run = cmd_config_theme,
     .flags = WRITE},
    {.group = "config",
     .name = "la",
     .args = "[list | add NAME | remove NAME]",
     .min_pos = 0,
     .max_pos = 2,
     .summary = "list or change the local authorities",
     .details = "Changes need an admin.",
     .opts = list_all_opts,
     .run = cmd_config_la,
     .flags = WRITE},
    {.group = "config",
     .name = "timescale",
     .args = "[LEVEL DAYS | urgent DAYS]",
     .min_pos = 0,
     .max_pos = 2,
     .summary = "show or set the working days allowed at each level",
     .details = "Changes need an admin.",
     .run = cmd_config_timescale,
     .flags = WRITE},
    {.group = "config",
     .name = "holiday",
     .args = "[list | add DATE | remove DATE]",
     .min_pos = 0,
     .max_pos = 2,
     .summary = "list or change the bank holidays",
     .details = "Changes need an admin.",
     .run = cmd_config_holiday,
     .flags = WRITE},
    {.group = "config",
     .name = "pattern",
     .args = "[THRESHOLD DAYS]",
     .min_pos = 0,
     .max_pos = 2,
     .summary = "show or set the multi-case pattern rule",
     .details = "THRESHOLD open cases sharing a theme against one local authority, opened "
                "within DAYS days, mean the designated professional must be informed.  Changes "
                "need an admin.",
     .run = cmd_config_pattern,
     .flags = WRITE},
    {.group = "config",
     .name = "timezone",
     .args = "[ZONE]",
     .min_pos = 0,
     .max_pos = 1,
     .summary = "show or set the procedure's time zone",
     .details = "ZONE is a name from the system time zone database (/usr/share/zoneinfo), "
                "such as Europe/London, the default.  Times are stored in UTC; today, due "
                "dates, working days, reporting periods and every date and time shown or "
                "typed (--now, --at) are read in this zone.  Changes need an admin.",
     .run = cmd_config_timezone,
     .flags = WRITE},
    {.group = "config",
     .name = "history",
     .summary = "every configuration change: who, when, from what to what",
     .details = "Themes, local authorities, timescales, bank holidays and settings (the "
                "pattern rule, the time zone) change only through escalate, each change a row "
                "of an append-only chained history that verify checks.",
     .run = cmd_config_history,
     .flags = READ},
    {.group = "config",
     .name = "show",
     .summary = "show the whole configuration",
     .run = cmd_config_show,
     .flags = READ},
    {.group = "config",
     .name = "visibility",
     .args = "[organisation | all]",
     .min_pos = 0,
     .max_pos = 1,
     .summary = "show or set who sees which case",
     .details = "organisation (default): frontline and named professionals see their own "
                "organisation's cases and the cases they own or hold an open agreed action "
                "on; designated professionals see all.  all: everyone sees every case (one "
                "organisation per install).  Changes need an admin.",
     .run = cmd_config_visibility,
     .flags = WRITE},
    {.group = "config",
     .name = "retention",
     .args = "[YEARS | none]",
     .min_pos = 0,
     .max_pos = 1,
     .summary = "show or set the years a closed case is kept",
     .details = "Unset by default: nothing is ever due.  The NHS Records Management Code of "
                "Practice keeps children's records to the 25th birthday (26th if 17 at the "
                "end of treatment); see RETENTION in escalate(1).  Changes need an admin.",
     .run = cmd_config_retention,
     .flags = WRITE},
    {.name = "new",
     .summary = "open an escalation at level 1 (Social Worker)",
     .details = "Give the child as --nhs or --local-id (never a name).  Prints the new "
                "reference, its UUID and the date the level is due.  When the child has "
                "an open case, or one closed in the last 90 days, prints them and "
                "refuses (exit 4) unless --again is given.",
     .opts = new_opts,
     .run = cmd_new,
     .flags = WRITE},
    {.name = "contact",
     .args = "REF",
     .min_pos = 1,
     .max_pos = 1,
     .summary = "record a discussion at the case's current level",
     .opts = contact_opts,
     .run = cmd_contact,
     .flags = WRITE},
    {.name = "escalate",
     .alias = "advance",
     .args = "REF",
     .min_pos = 1,
     .max_pos = 1,
     .summary = "move a case up one level",
     .details = "Allowed only when the latest discussion at the current level says the "
                "concern remains, and by a role the case's procedure lets act at the next "
                "level (default procedure: levels 3 and 4 a named or designated professional, "
                "level 5 a designated professional; escalate procedure show NAME).",
     .opts = escalate_opts,
     .run = cmd_escalate,
     .flags = WRITE},
    {.name = "urgent",
     .args = "REF",
     .min_pos = 1,
     .max_pos = 1,
     .summary = "jump straight to the urgent route's level",
     .details = "Only when the child's immediate welfare may be compromised; to the level the "
                "case's procedure's urgent route goes to (default procedure: level 4, Head of "
                "Service, by named or designated professionals).",
     .opts = reason_opts,
     .run = cmd_urgent,
     .flags = WRITE},
    {.name = "inform",
     .args = "[REF]",
     .min_pos = 0,
     .max_pos = 1,
     .summary = "record that a required notification was made",
     .details = "The notifications of the case's procedure (escalate procedure show NAME); "
                "in the default procedure, level 4: the CCG/ICB designated doctor or nurse "
                "must be informed (--whom designated); level 5: the chair of the safeguarding "
                "partnership if necessary (--whom chair, or --not-needed --reason TEXT).  A "
                "multi-case pattern (see "
                "escalate patterns): --pattern --la LA --theme THEME, with no REF, records the "
                "notification on every open case of the cluster.",
     .opts = inform_opts,
     .run = cmd_inform,
     .flags = WRITE},
    {.name = "note",
     .args = "REF [TEXT...]",
     .min_pos = 1,
     .max_pos = -1,
     .summary = "add a note (changes nothing else)",
     .opts = note_opts,
     .run = cmd_note,
     .flags = WRITE},
    {.name = "resolve",
     .args = "REF",
     .min_pos = 1,
     .max_pos = 1,
     .summary = "close a case as resolved at its current level",
     .opts = resolve_opts,
     .run = cmd_resolve,
     .flags = WRITE},
    {.name = "withdraw",
     .args = "REF",
     .min_pos = 1,
     .max_pos = 1,
     .summary = "close a case as withdrawn",
     .opts = reason_opts,
     .run = cmd_withdraw,
     .flags = WRITE},
    {.name = "reopen",
     .args = "REF",
     .min_pos = 1,
     .max_pos = 1,
     .summary = "reopen a resolved case at the level it closed at",
     .opts = reason_opts,
     .run = cmd_reopen,
     .flags = WRITE},
    {.name = "amend",
     .args = "REF",
     .min_pos = 1,
     .max_pos = 1,
     .summary = "correct a recorded field, keeping the old value",
     .details = "While the case is open, its owner or a named or designated professional may "
                "correct what was recorded: --field decision, concern, team, themes (the "
                "case's themes as a whole, the first one first) or summary (--contact N, "
                "counting the case's contacts from 1, oldest first).  The history keeps the "
                "old and the new value with the reason, who and when; reports count the "
                "themes as amended.",
     .opts = amend_opts,
     .run = cmd_amend,
     .flags = WRITE},
    {.name = "show",
     .args = "REF",
     .min_pos = 1,
     .max_pos = 1,
     .summary = "show a case and its whole history",
     .opts = show_opts,
     .run = cmd_show,
     .flags = LOGGED},
    {.name = "list",
     .summary = "list cases (open ones unless --all)",
     .opts = list_opts,
     .run = cmd_list,
     .flags = READ},
    {.name = "patterns",
     .summary = "show multi-case patterns still owing a notification",
     .opts = format_text_csv_json,
     .run = cmd_patterns,
     .flags = READ},
    {.name = "report",
     .summary = "the quarterly table by level, theme and local authority",
     .opts = report_opts,
     .run = cmd_report,
     .flags = READ},
    {.name = "export",
     .summary = "every case and its full history as CSV, JSON or XLSX",
     .opts = export_opts,
     .run = cmd_export,
     .flags = LOGGED},
    {.name = "verify",
     .summary = "check the tamper-evident history chain",
     .details = "Recomputes the SHA-256 chain over every history row and agreed action, "
                "checks that each case's level and state are those its history left, and "
                "runs SQLite's integrity check. Exit 8 names the first broken row.  Prints "
                "the chain heads as a receipt (escalate-receipt history=N:HEX staff=N:HEX "
                "config=N:HEX) to keep away from the host; --against proves the history it "
                "vouched for unchanged and only extended.",
     .opts = verify_opts,
     .run = cmd_verify,
     .flags = READ},
    {.name = "access-log",
     .args = "[REF]",
     .min_pos = 0,
     .max_pos = 1,
     .summary = "who read which case (designated or admin)",
     .details = "Every read that showed a case's content (show in any format, a case opened "
                "in the interface, its record entry, an export, a subject-access export) is "
                "one row: who (staff id, login, uid), when (UTC), what (the case, or an "
                "export's scope and count) and how.  Lists and reports are not reads of "
                "content and are not logged.  The rows are append-only and chained; verify "
                "checks them.",
     .opts = access_log_opts,
     .run = cmd_access_log,
     .flags = READ},
    {.name = "sar",
     .summary = "one child's records, for subject access",
     .details = "Every case about the child with its full history, agreed actions and "
                "notifications, and the access log rows about those cases, under a header "
                "saying what it holds and when it was made.  The export is logged.  escalate "
                "cannot judge third-party information: a person must review it before "
                "disclosure.",
     .opts = sar_opts,
     .run = cmd_sar,
     .flags = LOGGED},
    {.group = "retention",
     .name = "due",
     .summary = "closed cases past the retention period",
     .details = "Nothing is due until an admin sets a period with escalate config retention "
                "YEARS.",
     .run = cmd_retention_due,
     .flags = READ},
    {.group = "retention",
     .name = "purge",
     .args = "REF...",
     .min_pos = 1,
     .max_pos = -1,
     .summary = "remove cases' content, keep tombstones",
     .details = "Each case must be closed and past the retention period.  Its child, team, "
                "agency, decision, concern and every free text of its history are removed; "
                "its reference, dates, levels reached, themes, local authority, the purge "
                "(who, when, why) and every hash-chain link stay, so past reports and verify "
                "still hold.  Needs --yes.",
     .opts = purge_opts,
     .run = cmd_retention_purge,
     .flags = WRITE},
    {.name = "backup",
     .args = "FILE",
     .min_pos = 1,
     .max_pos = 1,
     .summary = "write a verified copy of the database (admin)",
     .details = "SQLite's online backup while others keep working; the copy (mode 0600, "
                "0640 for a team database) is verified in full before it takes the name "
                "FILE, and the chain heads are printed.  An interrupted backup leaves no "
                "FILE.",
     .opts = force_opts,
     .run = cmd_backup,
     .flags = READ},
    {.name = "restore",
     .args = "FILE",
     .min_pos = 1,
     .max_pos = 1,
     .summary = "replace the database with a verified backup (admin)",
     .details = "Verifies FILE first; replaces an existing database only with --force, and "
                "keeps the one it replaced beside it (NAME.replaced-YYYYMMDD-HHMMSS).",
     .opts = force_opts,
     .run = cmd_restore,
     .flags = CLI_CREATES},
    {.name = "help",
     .args = "[COMMAND]",
     .min_pos = 0,
     .max_pos = 2,
     .summary = "show help for a command",
     .run = cmd_help},
};

const cli_command *cli_commands(int *count)
{
	*count = (int)(sizeof commands / sizeof commands[0]);
	return commands;
}

const cli_opt *cli_global_opts(void)
{
	return global_opts;
}
