/* The command-line front end. */
#ifndef ESCALATE_CLI_H
#define ESCALATE_CLI_H

#include "escalate/session.h"

/* The interactive interface, given an open, identified session; returns the
 * process exit code. */
typedef int (*cli_tui_fn)(esc_session *s);

/* Parses argv, runs the subcommand (or, with none on a terminal, tui), and
 * returns the exit code (escalate(1), EXIT STATUS). */
int cli_main(int argc, char **argv, cli_tui_fn tui);

#endif
