/* What a search typed in the interface means (issue 13 item 2), before it
 * goes to the core's search (reference, child id, decision or concern
 * text, the names of people spoken with): an NHS number however it is
 * grouped ("943 476 5919", "943-476-5919") is its ten digits; a reference
 * may be given by any unique part of it ("41", "0041", "2026-41",
 * "esc-2026-0041"), found with case_find. */
#ifndef ESCALATE_TUI_SEARCH_H
#define ESCALATE_TUI_SEARCH_H

#include <stdbool.h>
#include <stddef.h>

#include "escalate/session.h"

/* The digits of an NHS number typed with spaces or dashes; false when q is
 * not ten digits so written (out unspecified). */
bool tui_search_nhs(const char *q, char *out, size_t outsz);

/* Writes into out the query to search with and into note what the screen
 * should say about it ("" when nothing: the query as typed). */
void tui_search_understand(esc_session *s, const char *q, char *out, size_t outsz, char *note,
                           size_t notesz);

#endif
