/* Output files beyond cli_out's single stream (cli_files.c). */
#ifndef ESCALATE_CLI_FILES_H
#define ESCALATE_CLI_FILES_H

#include <stdbool.h>
#include <stdio.h>

#include "cli_cmd.h"
#include "escalate/export.h"

/* Creates (or empties) the user's file at path, 0600, after dropping any
 * set-id privilege for good: a workbook is then written over it. */
esc_status cli_file_create(const char *path, esc_error *err);
/* Opens the folder at path (created 0700 when missing), privilege dropped. */
esc_status cli_dir_open(const char *path, int *fd, esc_error *err);

/* CSV files of the export's tables in one folder: NAME.csv each, 0600. */
typedef struct cli_csv_dir {
	int dirfd;
	const char *path;
	bool bom;
	FILE *f;
	esc_buf buf;
	int files;
} cli_csv_dir;

esc_table_sink cli_csv_dir_sink(cli_csv_dir *d);
void cli_csv_dir_close(cli_csv_dir *d);

/* --bom given with --format csv. */
bool cli_bom_wanted(const cli_args *a, int fmt);
/* --bom with another format: a usage error (printed); true when refused. */
bool cli_bom_refused(const cli_args *a, int fmt);

#endif
