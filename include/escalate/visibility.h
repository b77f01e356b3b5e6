/* Who may see which case (SPEC §7 "Data protection"; the Caldicott
 * principles' need to know).  One rule, stated once here and applied by the
 * core to every read of cases: the list and its counts, search, show, the
 * interface, export.
 *
 *   - designated professionals (the CCG/ICB safeguarding team) see every case;
 *   - frontline and named professionals see the cases of their own
 *     organisation (a case belongs to its owner's organisation: the staff
 *     record of the person who opened it), the cases they own, and the cases
 *     where they own an open agreed action;
 *   - an admin can set the install's rule to `all` (`escalate config
 *     visibility all`) where everyone works for one organisation.
 *
 * A refusal says why without saying anything about the case beyond its
 * reference. */
#ifndef ESCALATE_VISIBILITY_H
#define ESCALATE_VISIBILITY_H

#include <sqlite3.h>
#include <stdbool.h>

#include "escalate/error.h"

struct esc_session;
struct esc_db;

typedef enum esc_visibility {
	ESC_VIS_ORGANISATION = 0, /* the default */
	ESC_VIS_ALL = 1,
} esc_visibility;

const char *visibility_name(esc_visibility v); /* "organisation", "all" */
/* -1 when the name is neither. */
int visibility_parse(const char *name);

/* "Owns an open agreed action on the case": an action of an open case at
 * its current level (live_actions, 004) whose owner is the actor's login or
 * name.  Isolated here so that the owner by staff id of the redesigned
 * agreed actions replaces this one fragment. */
#define ESC_VIS_ACTION_OWNER                                                                       \
	"c.id IN (SELECT l.case_id FROM live_actions l WHERE l.owner_staff_id = :vis_me)"

/* The rule as an SQL condition on a row of `cases c`, for an actor who does
 * not see everything; bind it with visibility_bind. */
#define ESC_VIS_CONDITION                                                                          \
	"(c.owner_id = :vis_me OR c.owner_id IN (SELECT v.id FROM staff v "                        \
	"WHERE v.organisation = :vis_org AND :vis_org <> '') OR " ESC_VIS_ACTION_OWNER ")"

/* The install's rule (settings key "visibility"; unset: organisation). */
esc_status visibility_rule(struct esc_db *db, esc_visibility *out, esc_error *err);

/* Whether the acting staff member sees every case: designated, or the rule
 * is `all`.  When not, every read of cases adds ESC_VIS_CONDITION. */
esc_status visibility_sees_all(struct esc_session *s, bool *all, esc_error *err);

/* Binds the condition's parameters for the actor. */
esc_status visibility_bind(struct esc_session *s, sqlite3_stmt *st, esc_error *err);

/* One case: ESC_OK when the actor may see it, ESC_EDENIED (field
 * "visibility") saying why not otherwise.  `ref` names the case in the
 * message. */
esc_status visibility_check_case(struct esc_session *s, long long case_id, const char *ref,
                                 esc_error *err);

#endif
