/* A case as text: the `show` view, JSON, and the ready-to-paste entry for the
 * child's clinical record (policy: every escalation is documented there too,
 * with who was spoken with and what was agreed, at each level). */
#ifndef ESCALATE_CASE_FORMAT_H
#define ESCALATE_CASE_FORMAT_H

#include "escalate/query.h"
#include "escalate/report.h"
#include "escalate/text.h"

/* Untrusted text is sanitised in the text and record forms. */
void case_format_text(const esc_case *c, esc_buf *out);
void case_format_json(const esc_case *c, esc_buf *out);
void case_format_record(const esc_case *c, esc_buf *out);
/* Exactly what `escalate show` prints for case `id` (c, as read) in format
 * fmt (text, JSON or the record entry): for text and the record entry, a
 * line saying so first when a retention purge removed the content; always
 * ending in a newline.  Shared by the command line and the interface. */
void case_show_text(struct esc_db *db, long long id, const esc_case *c, esc_format fmt,
                    esc_buf *out);
/* One agreed action as JSON, the shape every output uses. */
void case_format_action_json(const esc_action *a, esc_buf *out);

#endif
