/* Corrections (SPEC §7, "Amendments"): a case's decision, concern, social
 * care team and themes, and a contact's summary, are corrected by an
 * append-only `amended` history row that keeps which field, the old and the
 * new value, the reason, who and when.  The procedure table says who may
 * (proc_check, ESC_EV_AMENDED); the cases row keeps the current values; the
 * values the case was opened with stay readable in the history and keep
 * verifying against the case's seal (audit.h, ESC_CASE_SEAL_AS_OPENED). */
#ifndef ESCALATE_AMEND_H
#define ESCALATE_AMEND_H

#include <stdbool.h>
#include <stddef.h>

#include "escalate/error.h"
#include "escalate/session.h"

/* X(enum, stored and typed name, words for messages, the text's limit
 *   (ESC_SHORT_MAX / ESC_LONG_MAX in validate.h), required, multi-line) */
#define ESC_AMEND_FIELD_LIST(X)                                                    \
	X(ESC_AMEND_DECISION, "decision", "decision challenged", 8000, true, true)     \
	X(ESC_AMEND_CONCERN, "concern", "concern", 8000, true, true)                   \
	X(ESC_AMEND_TEAM, "team", "social care team", 200, false, false)               \
	X(ESC_AMEND_THEMES, "themes", "themes", 200, true, false)                      \
	X(ESC_AMEND_SUMMARY, "summary", "contact's summary", 8000, true, true)

typedef enum esc_amend_field {
	ESC_AMEND_NONE = 0,
#define ESC_AMEND_ENUM(e, name, words, max, required, multiline) e,
	ESC_AMEND_FIELD_LIST(ESC_AMEND_ENUM)
#undef ESC_AMEND_ENUM
} esc_amend_field;

const char *esc_amend_field_name(esc_amend_field f);  /* "decision" */
const char *esc_amend_field_words(esc_amend_field f); /* "decision challenged" */
esc_amend_field esc_amend_field_parse(const char *name); /* ESC_AMEND_NONE if unknown */

/* A case's themes as one text, as an amendment stores them: the names one
 * a line, its first theme first and the others by name (the order every
 * view shows them in).  Over the case whose id is the SQL expression `id`. */
#define ESC_AMEND_THEMES_SQL(id)                                                       \
	"(SELECT group_concat(name, char(10)) FROM (SELECT t.name FROM case_themes ct "    \
	"JOIN themes t ON t.id = ct.theme_id JOIN cases tc ON tc.id = ct.case_id "         \
	"WHERE ct.case_id = " id " ORDER BY t.id <> tc.first_theme_id, t.name))"

#define ESC_AMEND_THEMES_MAX 16

typedef struct esc_amend_input {
	esc_amend_field field;
	/* summary: which contact, counting the case's contacts from 1, oldest
	 * first (0: the case's only contact). */
	int contact;
	/* The new value; for themes the names, separated by ';' or new lines
	 * (the first is the case's first theme). */
	const char *to;
	const char *reason;
	/* The value the user saw and corrected (the interface's form): when it
	 * is no longer the current one, someone else changed it meanwhile and
	 * the amendment is a conflict (ESC_ECONFLICT).  NULL: not checked. */
	const char *seen;
} esc_amend_input;

/* One amendment, checked (the procedure table, then the value as the
 * original field is validated: UTF-8, length, control characters, known
 * themes) and written in one transaction: the history row, the case's
 * current value, the case's cached state.  On refusal nothing is written. */
esc_status case_amend(esc_session *s, long long case_id, const esc_amend_input *in,
                      esc_error *err);

/* The current value of a field of a case (for summary, of its contact-th
 * contact), malloc'ed into *out; the form prefills it. */
esc_status case_amend_current(esc_session *s, long long case_id, esc_amend_field field,
                              int contact, char **out, esc_error *err);

/* How many contacts the case has (the numbers --contact takes). */
esc_status case_amend_contacts(esc_session *s, long long case_id, int *count,
                               esc_error *err);

#endif
