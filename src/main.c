/* escalate: the command line decides; with no subcommand on a terminal the
 * CLI hands the open session to the ncurses interface. */
#include "cli.h"
#include "tui.h"

int main(int argc, char **argv)
{
	return cli_main(argc, argv, tui_main);
}
