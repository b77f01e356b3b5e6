/* Retention review (SPEC §7 "Data protection").  escalate stores no date of
 * birth, so the rule is a number of years after a case closed, set by an
 * admin (config_set_retention); until one is set nothing is ever due.  The
 * NHS Records Management Code of Practice keeps children's records until
 * the 25th birthday (26th if 17 at the end of treatment); local policy may
 * keep safeguarding records longer.  A purge removes a closed case's
 * content and keeps a tombstone: reference, dates, levels reached, themes,
 * local authority, owner, the purge (who, when, why) and every hash-chain
 * link, so that the counts of past periods and `verify` still hold. */
#ifndef ESCALATE_RETENTION_H
#define ESCALATE_RETENTION_H

#include <stdbool.h>

#include "escalate/error.h"
#include "escalate/query.h"

struct esc_session;
struct esc_db;
struct esc_verify_report;

#define ESC_RETENTION_MAX_YEARS 100

/* What a tombstone keeps, as expressions over a row of `cases` named cases:
 * its identity and dates, local authority, themes, every history row's
 * kind, dates, levels and hash, and every agreed action's level, due date
 * and hash.  The purge row holds esc_hash('tombstone', these) from the
 * moment of the purge; verify recomputes it. */
#define ESC_TOMBSTONE_FIELDS                                                                       \
	"cases.id, cases.uuid, cases.ref, cases.ref_year, cases.ref_num, cases.child_kind, "       \
	"cases.la_id, (SELECT name FROM local_authorities WHERE id = cases.la_id), "               \
	"cases.first_theme_id, cases.owner_id, cases.opened_at, cases.state, cases.level, "        \
	"(SELECT group_concat(theme_id || ':' || name, '|') FROM (SELECT ct.theme_id, t.name "     \
	"FROM case_themes ct JOIN themes t ON t.id = ct.theme_id "                                 \
	"WHERE ct.case_id = cases.id ORDER BY ct.theme_id)), "                                     \
	"(SELECT group_concat(x, '|') FROM (SELECT e.id || ',' || e.seq || ',' || e.kind || ',' "  \
	"|| e.at || ',' || e.actor_id || ',' || e.level_before || ',' || e.level_after || ',' "    \
	"|| e.state_after || ',' || e.level_due || ',' || coalesce(e.occurred_at, '') || ',' "     \
	"|| coalesce(e.informed_at, '') || ',' || coalesce(e.notify, '') || ',' || e.nactions "    \
	"|| ',' || e.prev_hash || ',' || e.hash AS x FROM events e WHERE e.case_id = cases.id "    \
	"ORDER BY e.seq)), "                                                                       \
	"(SELECT group_concat(y, '|') FROM (SELECT a.id || ',' || a.event_id || ',' || a.level "   \
	"|| ',' || a.due || ',' || a.hash AS y FROM actions a WHERE a.case_id = cases.id "         \
	"ORDER BY a.id))"

/* The retention period in years; 0 when none is set. */
esc_status retention_years(struct esc_db *db, int *years, esc_error *err);

typedef struct esc_retention_row {
	long long id;
	char ref[ESC_REF_MAX + 1];
	esc_state state;
	int level;
	char closed_at[ESC_TS_LEN + 1];
	char due_on[ESC_DATE_LEN + 1]; /* the day it became due for review */
} esc_retention_row;

typedef bool (*esc_retention_cb)(const esc_retention_row *r, void *ctx); /* false stops */

/* Closed cases past the retention period and not purged yet, the longest
 * closed first.  Designated professionals and admins.  *years gets the
 * period (0: none set, and nothing is listed). */
esc_status retention_due_each(struct esc_session *s, int *years, esc_retention_cb cb, void *ctx,
                              esc_error *err);

/* Removes the content of case `ref`, keeping its tombstone.  Designated
 * professionals and admins; the case must be closed and due; reason
 * required.  One transaction. */
esc_status retention_purge(struct esc_session *s, const char *ref, const char *reason,
                           esc_error *err);

typedef struct esc_purge_info {
	bool purged;
	char at[ESC_TS_LEN + 1];
	char by_login[ESC_LOGIN_MAX + 1];
	char reason[ESC_LONG_MAX + 1];
} esc_purge_info;

/* Whether case `id` was purged, and when, by whom and why. */
esc_status retention_purge_info(struct esc_db *db, long long id, esc_purge_info *out,
                                esc_error *err);

/* The purges' chain and each tombstone against what it keeps (fills
 * purges, broken_purges and the head). */
esc_status retention_verify(struct esc_db *db, struct esc_verify_report *out, esc_error *err);

#endif
