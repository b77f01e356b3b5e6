/* Internal to the core: recording an event inside a transaction the caller
 * already holds (pattern_inform records one per case of a cluster). */
#ifndef ESCALATE_CASE_INTERNAL_H
#define ESCALATE_CASE_INTERNAL_H

#include "escalate/case.h"

/* As case_record, but inside the caller's transaction (no BEGIN/COMMIT).
 * pattern_la_id / pattern_theme_id tag a pattern notification (0 otherwise). */
esc_status case_record_in_tx(esc_session *s, long long id, long long expected_seq,
                             const esc_event_input *in, long long pattern_la_id,
                             long long pattern_theme_id, esc_error *err);

/* As case_open, inside the caller's transaction (batched generation). */
esc_status case_open_in_tx(esc_session *s, const esc_new_case *in, esc_case_ref *out,
                           esc_error *err);

/* Validates and writes the agreed actions of the contact just written as
 * history row `event_id` (action.c); they open at once. */
esc_status action_insert_agreed(esc_session *s, long long event_id, long long case_id,
                                int level, const esc_event_input *in, const char *occurred,
                                esc_error *err);

/* Writes what proc_apply made of a case's history to its cached columns
 * (state, level, sequence, clock, flags), in the caller's transaction. */
esc_status case_store_state(esc_session *s, long long id, const esc_case_state *c,
                            esc_error *err);

struct esc_case;
/* A loaded case's contacts carry their current summary: the new value of
 * their latest amendment (amend.c), marked amended. */
esc_status amend_apply_summaries(struct esc_case *c, esc_error *err);

/* The target at `level` of the case's procedure for a transition at `at`:
 * a civil date for days, an instant for hours (case_due.c). */
void case_level_due(esc_session *s, const esc_case_state *cs, int level, bool urgent,
                    const char *at, char out[ESC_INSTANT_MAX + 1]);

#endif
