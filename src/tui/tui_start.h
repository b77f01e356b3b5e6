/* Start-up checks of the interface (tui_start.c). */
#ifndef ESCALATE_TUI_START_H
#define ESCALATE_TUI_START_H

#include <stdbool.h>
#include <stdio.h>

/* Sets the locale from the environment; false (having written why and
 * which LANG to set to err) when its character set is not UTF-8. */
bool tui_start_locale_ok(FILE *err);
/* Whether TERM names a terminal with cursor addressing; false (having
 * written why to err) when it is unknown, unset, dumb or hard-copy. */
bool tui_start_terminal_ok(FILE *err);

#endif
