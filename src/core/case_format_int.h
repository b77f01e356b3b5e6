/* Internal to the case formatters (case_format.c: text and JSON;
 * case_record.c: the clinical-record entry): the pieces both sanitised forms
 * write the same way.  Every string is untrusted and goes through
 * esc_sanitize; none of these prints a child's name (none exists). */
#ifndef ESCALATE_CASE_FORMAT_INT_H
#define ESCALATE_CASE_FORMAT_INT_H

#include "escalate/action.h"
#include "escalate/query.h"
#include "escalate/text.h"

/* A short value on one line (NULL shows as empty). */
void case_fmt_put(esc_buf *b, const char *s);
/* The first n characters of a timestamp: 16 is "2026-05-01 10:00" (minutes
 * are precise enough for a reader), ESC_DATE_LEN the date alone. */
void case_fmt_ts(esc_buf *b, const char *ts, int n);
void case_fmt_time(esc_buf *b, const char *ts);
/* "NHS 943 476 5919" (the usual 3-3-4 grouping) or "local record ABC/123". */
void case_fmt_child(esc_buf *b, const esc_case *c);
/* "open at level 2 (Manager / Named Professional)". */
void case_fmt_status(esc_buf *b, const esc_case *c);
/* The themes separated by "; ". */
void case_fmt_themes(esc_buf *b, const esc_case *c);
/* "NAME (ROLE LABEL)" of whoever recorded the event. */
void case_fmt_actor(esc_buf *b, const esc_event *e);
/* "NAME (ROLE, ORGANISATION)" of the person spoken with. */
void case_fmt_person(esc_buf *b, const esc_event *e);
/* An agreed action's owner: a staff member's name, or "Name, Organisation"
 * for someone outside escalate. */
void case_fmt_action_owner(esc_buf *b, const esc_action *a);
/* How a closed action closed: "done 2026-05-04 10:00 by Name: note" or
 * "dropped ...: reason"; nothing while it is open. */
void case_fmt_action_closed(esc_buf *b, const esc_action *a);
/* "2 agreed actions outstanding" (nothing when none). */
void case_fmt_amend_what(esc_buf *b, const esc_case *c, const esc_event *e);
void case_fmt_amend_value(esc_buf *b, const esc_event *e, const char *v, bool multiline);
void case_fmt_outstanding(esc_buf *b, const esc_case *c, const char *before);

#endif
