/* The command-line front end. */
#ifndef ESCALATE_CLI_H
#define ESCALATE_CLI_H

#include <stdbool.h>

#include "escalate/session.h"

/* The interactive interface, given an open, identified session and whether
 * it is to be drawn for a screen reader (--accessible, ESCALATE_ACCESSIBLE);
 * returns the process exit code. */
typedef int (*cli_tui_fn)(esc_session *s, bool accessible);

/* Parses argv, runs the subcommand (or, with none on a terminal, tui), and
 * returns the exit code (escalate(1), EXIT STATUS). */
int cli_main(int argc, char **argv, cli_tui_fn tui);

#endif
