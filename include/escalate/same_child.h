/* "This child already has a case" (issue 13): before a new case is logged,
 * the cases of the same child that are open or were closed recently, so the
 * person logging it can look at those first.  Asked by the CLI (`escalate
 * new` refuses without --again) and by the interface (the new-case form
 * shows them and asks before saving); the rule lives here only. */
#ifndef ESCALATE_SAME_CHILD_H
#define ESCALATE_SAME_CHILD_H

#include <stddef.h>

#include "escalate/calendar.h"
#include "escalate/case.h"
#include "escalate/session.h"
#include "escalate/text.h"
#include "escalate/validate.h"

/* A case closed (resolved or withdrawn) within this many days counts as
 * recent (closed on the day this many days before today or later): about a
 * quarter, the period of the provider's return, so a case closed in the
 * last return is still shown. */
#define ESC_SAME_CHILD_DAYS 90
/* At most this many are described; the rest are counted. */
#define ESC_SAME_CHILD_SHOWN 8

typedef struct esc_same_case {
	char ref[ESC_REF_MAX + 1];
	esc_state state;
	int level;
	char local_authority[ESC_SHORT_MAX + 1];
	char opened[ESC_DATE_LEN + 1]; /* civil dates */
	char closed[ESC_DATE_LEN + 1]; /* "" while open */
} esc_same_case;

typedef struct esc_same_child {
	esc_same_case cases[ESC_SAME_CHILD_SHOWN]; /* those the actor may see, newest first */
	size_t n;
	long more;   /* visible ones beyond ESC_SAME_CHILD_SHOWN */
	long hidden; /* ones outside what the actor may see (visibility.h): counted, not named */
} esc_same_child;

/* The open and recently closed cases of the child `child_id` (checked and
 * normalised as esc_child_id_check does: an NHS number however grouped, a
 * local id in any case).  An identifier that fails the check gives
 * ESC_EINVALID naming the field. */
esc_status case_same_child(esc_session *s, esc_child_kind kind, const char *child_id,
                           esc_same_child *out, esc_error *err);

/* ESC_EDENIED (field "again", why ESC_WHY_STEP) when the child has such
 * cases, saying how many; ESC_OK when none.  case_open asks it when the
 * new case's refuse_same_child is set, after the input is checked, in its
 * transaction. */
esc_status same_child_refuse(esc_session *s, esc_child_kind kind, const char *child_id,
                             esc_error *err);

/* How many there are in all (shown, more and hidden). */
long same_child_total(const esc_same_child *c);

/* One line per case ("ESC-2026-0001  open at level 2, Kent, opened
 * 2026-05-04") and a last line for those not shown, each ending in "\n". */
void same_child_describe(const esc_same_child *c, esc_buf *out);

#endif
