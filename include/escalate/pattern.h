/* The multi-case pattern rule (Appendix 5, Definition): when several open
 * escalations share a theme against the same local authority within a window
 * (default 3 within 90 days), the CCG designated doctor/nurse must be informed
 * immediately. */
#ifndef ESCALATE_PATTERN_H
#define ESCALATE_PATTERN_H

#include <stddef.h>

#include "escalate/session.h"
#include "escalate/validate.h"

typedef struct esc_pattern {
	char local_authority[ESC_SHORT_MAX + 1];
	char theme[ESC_SHORT_MAX + 1];
	long count;     /* open cases in the cluster */
	long informed;  /* of those, how many carry a pattern notification for it */
} esc_pattern;

/* Clusters at or above the threshold where some case still lacks the pattern
 * notification. *out is malloc'd; free() it. */
esc_status pattern_find(esc_session *s, esc_pattern **out, size_t *n, esc_error *err);

/* The open cases of a live cluster that still lack its notification (those
 * pattern_inform would record on), as SQL selecting case ids; bind :psince
 * and :pthreshold from pattern_window.  "Needs my action" uses it. */
#define ESC_PATTERN_MEMBERS_SQL                                                                \
	"SELECT m.id FROM cases m JOIN case_themes mt ON mt.case_id = m.id "                      \
	"WHERE m.state = 1 AND m.opened_at >= :psince AND (m.la_id, mt.theme_id) IN ("          \
	"SELECT g.la_id, gt.theme_id FROM cases g JOIN case_themes gt ON gt.case_id = g.id "     \
	"WHERE g.state = 1 AND g.opened_at >= :psince GROUP BY g.la_id, gt.theme_id "            \
	"HAVING count(*) >= :pthreshold) AND NOT EXISTS (SELECT 1 FROM events p "               \
	"WHERE p.case_id = m.id AND p.notify = 'pattern' AND p.pattern_theme_id = mt.theme_id "  \
	"AND p.pattern_la_id = m.la_id)"

/* The rule's threshold and the first instant of its window, today. */
void pattern_window(esc_session *s, int *threshold, char since[ESC_TS_LEN + 1]);

/* Records the designated professional as informed on every open case in the
 * cluster (one transaction).  *ncases gets how many were recorded. */
esc_status pattern_inform(esc_session *s, const char *local_authority, const char *theme,
                          const char *whom, const char *how, const char *when, long *ncases,
                          esc_error *err);

#endif
