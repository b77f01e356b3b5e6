/* Internal to the CLI: the option lists the command table names
 * (cli_options.c). */
#ifndef ESCALATE_CLI_OPTIONS_H
#define ESCALATE_CLI_OPTIONS_H

#include "cli_cmd.h"

extern const cli_opt global_opts[];
extern const cli_opt init_opts[];
extern const cli_opt verify_opts[];
extern const cli_opt staff_add_opts[];
extern const cli_opt format_text_csv_json[];
extern const cli_opt action_done_opts[];
extern const cli_opt action_drop_opts[];
extern const cli_opt action_list_opts[];
extern const cli_opt set_role_opts[];
extern const cli_opt list_all_opts[];
extern const cli_opt new_opts[];
extern const cli_opt contact_opts[];
extern const cli_opt escalate_opts[];
extern const cli_opt reason_opts[];
extern const cli_opt inform_opts[];
extern const cli_opt note_opts[];
extern const cli_opt resolve_opts[];
extern const cli_opt show_opts[];
extern const cli_opt list_opts[];
extern const cli_opt report_opts[];
extern const cli_opt export_opts[];
extern const cli_opt access_log_opts[];
extern const cli_opt sar_opts[];
extern const cli_opt purge_opts[];
extern const cli_opt force_opts[];

#endif
