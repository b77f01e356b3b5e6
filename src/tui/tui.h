/* The ncurses interface. */
#ifndef ESCALATE_TUI_H
#define ESCALATE_TUI_H

#include <stdbool.h>

#include "escalate/session.h"

/* Runs the interface on an open, identified session until the user quits;
 * restores the terminal on every exit path.  Returns the exit code.
 * accessible: --accessible (words instead of frames, bars and marks). */
int tui_main(esc_session *s, bool accessible);

#endif
