/* The forms of the procedure: a new escalation, and each event a case can
 * take.  They gather input and hand it to the core (case_open, case_record,
 * pattern_inform); every rule is the core's. */
#ifndef ESCALATE_TUI_FORMS_H
#define ESCALATE_TUI_FORMS_H

#include "escalate/procedure.h"
#include "escalate/query.h"
#include "tui_int.h"

esc_status tui_form_new_case(tui *t);
/* contact, escalated, urgent, informed (notify: the one owed, or NONE to
 * let the user choose), note, resolved, withdrawn, reopened. */
esc_status tui_form_event(tui *t, const esc_case *c, esc_event_kind kind, esc_notify notify);
/* A correction (form_amend.c): which field, its current value to edit, the
 * reason; written by case_amend. */
esc_status tui_form_amend(tui *t, const esc_case *c);
/* An amendment in the case view's timeline: "the decision challenged",
 * "the summary of contact 2"; and "Was: ..." (after false) or "Now: ...",
 * on one line. */
void tui_amend_what(esc_buf *b, const esc_case *c, const esc_event *e);
void tui_amend_value(esc_buf *b, const esc_event *e, bool after);
/* The designated professional informed of a multi-case pattern. */
esc_status tui_form_pattern(tui *t, const char *local_authority, const char *theme, long count);

#endif
