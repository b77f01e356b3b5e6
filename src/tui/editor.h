/* Programs the user runs from the interface, as mutt and git run them: the
 * editor for a long text field ($VISUAL, else $EDITOR, else vi) and a
 * command the clinical-record entry is piped to.  Each runs with the team
 * group given up for good, holding no database descriptor, with curses
 * suspended while it has the terminal. */
#ifndef ESCALATE_TUI_EDITOR_H
#define ESCALATE_TUI_EDITOR_H

#include <stdbool.h>
#include <stddef.h>

#include "escalate/error.h"
#include "form.h"

/* The editor to run: $VISUAL, else $EDITOR (an empty one does not count),
 * else vi when it is on PATH.  False (out empty) when there is none. */
bool tui_editor_command(char *out, size_t outsz);

/* Runs `command` (with arg as "$1" when not NULL) through /bin/sh as the
 * user, curses suspended: input, when not NULL, is written to its standard
 * input; with wait_key the user reads its output and presses a key before
 * the screen comes back.  Returns ESC_OK with *status its exit status (-1
 * when killed by a signal), or a failure to start it. */
esc_status tui_run_command(tui *t, const char *command, const char *arg, const char *input,
                           size_t inlen, bool wait_key, int *status, esc_error *err);

/* The field's text opened in the editor, in a private 0700 folder as a 0600
 * file; what comes back replaces the text only when it passes
 * tui_text_check, else a message names the field and the typed text stays.
 * Returns whether the text changed. */
bool tui_edit_long(tui *t, tui_form_field *fd);

#endif
