/* Words for --accessible (access.c). */
#ifndef ESCALATE_TUI_ACCESS_H
#define ESCALATE_TUI_ACCESS_H

#include <stdbool.h>

#include "escalate/query.h"
#include "escalate/text.h"
#include "tui_int.h"

/* One case of the list as a sentence ("Case ESC-2026-0001, level 2 ...");
 * with_state: the list holds cases in more than one state. */
void access_case_row(const esc_case_summary *r, bool with_state, esc_buf *out);
/* The line above the cases, in place of the column headings. */
const char *access_case_heading(void);
/* A form field's "required", said in words at the end of its line when
 * accessible (for the * of the label otherwise); returns the columns left
 * for the field's value. */
int access_required(tui *t, int y, int x, int w);

#endif
