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

/* Records the designated professional as informed on every open case in the
 * cluster (one transaction).  *ncases gets how many were recorded. */
esc_status pattern_inform(esc_session *s, const char *local_authority, const char *theme,
                          const char *whom, const char *how, const char *when, long *ncases,
                          esc_error *err);

#endif
