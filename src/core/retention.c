/* Retention review: which closed cases are past the period, and the purge
 * that removes a case's content but keeps its tombstone (retention.h). */
#include "escalate/retention.h"

#include "escalate/civil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escalate/access.h"
#include "escalate/audit.h"
#include "escalate/case.h"
#include "escalate/session.h"
#include "escalate/store.h"

esc_status retention_years(esc_db *db, int *years, esc_error *err)
{
	char v[16];
	esc_error e = {0};
	*years = 0;
	if (store_setting_get(db, "retention_years", v, sizeof v, &e) != ESC_OK) {
		if (e.status == ESC_ENOTFOUND)
			return ESC_OK;
		*err = e;
		return e.status;
	}
	char *end = NULL;
	long n = strtol(v, &end, 10);
	/* A value edited behind escalate's back into nonsense makes nothing due. */
	*years = end && !*end && n > 0 && n <= ESC_RETENTION_MAX_YEARS ? (int)n : 0;
	return ESC_OK;
}

/* The closed cases, when they closed, and the day the period ends. */
#define CLOSED_CASES                                                                               \
	"SELECT c.id, c.ref, c.state, c.level, x.closed, date(x.closed, '+' || :years || "         \
	"' years') AS due_on FROM cases c JOIN (SELECT case_id, max(at) AS closed FROM events "    \
	"WHERE kind = 'resolved' OR kind = 'withdrawn' GROUP BY case_id) x ON x.case_id = c.id "   \
	"WHERE c.state <> 1 AND NOT EXISTS (SELECT 1 FROM purges p WHERE p.case_id = c.id) "

static void row_from(sqlite3_stmt *st, esc_retention_row *r)
{
	memset(r, 0, sizeof *r);
	r->id = sqlite3_column_int64(st, 0);
	snprintf(r->ref, sizeof r->ref, "%s", store_col_text(st, 1));
	r->state = (esc_state)sqlite3_column_int(st, 2);
	r->level = sqlite3_column_int(st, 3);
	snprintf(r->closed_at, sizeof r->closed_at, "%s", store_col_text(st, 4));
	snprintf(r->due_on, sizeof r->due_on, "%s", store_col_text(st, 5));
}

esc_status retention_due_each(esc_session *s, int *years, esc_retention_cb cb, void *ctx,
                              esc_error *err)
{
	char today[ESC_DATE_LEN + 1];
	if (access_require_oversight(s, "retention review", err) != ESC_OK ||
	    retention_years(s->db, years, err) != ESC_OK)
		return err->status;
	if (!*years)
		return ESC_OK;
	esc_day_format(session_today(s), today);
	sqlite3_stmt *st =
	    store_prepare(s->db, CLOSED_CASES "AND due_on <= :today ORDER BY x.closed, c.id", err);
	if (!st || store_bind_int(st, ":years", *years, err) ||
	    store_bind_text(st, ":today", today, err))
		return err->status;
	int rc;
	while ((rc = store_step(s->db, st, err)) == SQLITE_ROW) {
		esc_retention_row r;
		row_from(st, &r);
		if (!cb(&r, ctx))
			break;
	}
	sqlite3_reset(st);
	return rc < 0 ? err->status : ESC_OK;
}

esc_status retention_purge_info(esc_db *db, long long id, esc_purge_info *out, esc_error *err)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st = store_prepare(
	    db,
	    "SELECT p.at, s.login, p.reason FROM purges p JOIN staff s ON s.id = p.actor_id "
	    "WHERE p.case_id = :id",
	    err);
	if (!st || store_bind_int(st, ":id", id, err))
		return err->status;
	int rc = store_step(db, st, err);
	if (rc == SQLITE_ROW) {
		out->purged = true;
		snprintf(out->at, sizeof out->at, "%s", store_col_text(st, 0));
		snprintf(out->by_login, sizeof out->by_login, "%s", store_col_text(st, 1));
		snprintf(out->reason, sizeof out->reason, "%s", store_col_text(st, 2));
	}
	sqlite3_reset(st);
	return rc < 0 ? err->status : ESC_OK;
}

/* The case must be closed, past the period and not purged already. */
static esc_status purge_allowed(esc_session *s, const esc_case_ref *ref, int years, esc_error *err)
{
	char today[ESC_DATE_LEN + 1];
	esc_purge_info info;
	if (retention_purge_info(s->db, ref->id, &info, err) != ESC_OK)
		return err->status;
	if (info.purged)
		return esc_fail(err, ESC_ECONFLICT, "case", "%s was purged already, on %s",
		                ref->ref, info.at);
	esc_day_format(session_today(s), today);
	sqlite3_stmt *st = store_prepare(s->db, CLOSED_CASES "AND c.id = :id", err);
	if (!st || store_bind_int(st, ":years", years, err) ||
	    store_bind_int(st, ":id", ref->id, err))
		return err->status;
	int rc = store_step(s->db, st, err);
	if (rc < 0)
		return err->status;
	if (rc != SQLITE_ROW)
		return esc_fail(err, ESC_EDENIED, "state",
		                "%s is not closed: only a resolved or withdrawn case can be purged",
		                ref->ref);
	esc_retention_row r;
	row_from(st, &r);
	sqlite3_reset(st);
	char closed_day[ESC_CIVIL_TEXT_LEN + 1];
	esc_instant_show(r.closed_at, 10, closed_day);
	if (strcmp(r.due_on, today) > 0)
		return esc_fail(
		    err, ESC_EDENIED, "retention",
		    "%s closed on %s and is kept until %s under the retention period "
		    "of %d years; nothing was purged",
		    ref->ref, closed_day, r.due_on, years);
	return ESC_OK;
}

static esc_status purge_rows(esc_session *s, const esc_case_ref *ref, const char *reason, int years,
                             esc_error *err)
{
	char prev[65] = "", now[ESC_TS_LEN + 1];
	if (audit_chain_head(s->db, AUDIT_CHAIN_PURGES, prev, err) != ESC_OK)
		return err->status;
	session_now(s, now);
	sqlite3_stmt *st;

	/* The tombstone first: the append-only triggers let a case's content be
	 * blanked only once its purge row exists. */
	st = store_prepare(
	    s->db,
	    "INSERT INTO purges(case_id, at, actor_id, reason, retention_years, seal_hash, "
	    "kept_hash, prev_hash, hash) SELECT id, :at, :me, :reason, :years, seal, kept, :prev, "
	    "esc_hash(:prev, id, :at, :me, :reason, :years, seal, kept) FROM (SELECT cases.id AS "
	    "id, "
	    "(SELECT hash FROM case_seals WHERE case_id = cases.id) AS seal, "
	    "esc_hash('tombstone', " ESC_TOMBSTONE_FIELDS ") AS kept FROM cases "
	    "WHERE cases.id = :case)",
	    err);
	if (!st || store_bind_text(st, ":at", now, err) ||
	    store_bind_int(st, ":me", s->me.id, err) ||
	    store_bind_text(st, ":reason", reason, err) ||
	    store_bind_int(st, ":years", years, err) || store_bind_text(st, ":prev", prev, err) ||
	    store_bind_int(st, ":case", ref->id, err) || store_exec_stmt(s->db, st, err))
		return err->status;

	static const char *const blank[] = {
	    "UPDATE events SET text = '', person_name = NULL, person_role = NULL, "
	    "person_org = NULL, whom = NULL, how = NULL, old_value = NULL, new_value = NULL "
	    "WHERE case_id = :case",
	    "UPDATE actions SET text = '', owner = '' WHERE case_id = :case",
	    "UPDATE cases SET child_id = '', team = '', agency = '', decision = '', concern = '' "
	    "WHERE id = :case",
	};
	for (size_t i = 0; i < sizeof blank / sizeof blank[0]; i++) {
		st = store_prepare(s->db, blank[i], err);
		if (!st || store_bind_int(st, ":case", ref->id, err) ||
		    store_exec_stmt(s->db, st, err))
			return err->status;
	}
	return ESC_OK;
}

esc_status retention_purge(esc_session *s, const char *ref_text, const char *reason, esc_error *err)
{
	int years = 0;
	esc_case_ref ref;
	if (access_require_oversight(s, "purging a case", err) != ESC_OK ||
	    esc_check_text("reason", reason, ESC_LONG_MAX, true, true, err) != ESC_OK ||
	    retention_years(s->db, &years, err) != ESC_OK)
		return err->status;
	if (!years)
		return esc_fail(
		    err, ESC_EDENIED, "retention",
		    "no retention period is set, so no case is due for purging; an admin "
		    "sets one with: escalate config retention YEARS");
	/* Removed means removed from the file too: SQLite overwrites the old
	 * content with zeros (secure_delete) instead of leaving it in free
	 * space, and the WAL is checkpointed after, so the old pages do not
	 * linger there either (backups made before keep it until rotated out). */
	if (store_exec(s->db, "PRAGMA secure_delete = ON", err) != ESC_OK)
		return err->status;
	esc_status st = store_begin(s->db, err);
	if (st == ESC_OK && (case_find(s->db, ref_text, &ref, err) != ESC_OK ||
	                     purge_allowed(s, &ref, years, err) != ESC_OK ||
	                     purge_rows(s, &ref, reason, years, err) != ESC_OK)) {
		store_rollback(s->db);
		st = err->status;
	} else if (st == ESC_OK) {
		st = store_commit(s->db, err);
	}
	esc_error ignored = {0};
	if (st == ESC_OK)
		store_exec(s->db, "PRAGMA wal_checkpoint(TRUNCATE)", &ignored);
	store_exec(s->db, "PRAGMA secure_delete = OFF", &ignored);
	return st;
}

esc_status retention_verify(esc_db *db, esc_verify_report *out, esc_error *err)
{
	char prev[65] = "";
	sqlite3_stmt *st = store_prepare(
	    db,
	    "SELECT p.id, p.prev_hash, p.hash, esc_hash(p.prev_hash, p.case_id, p.at, p.actor_id, "
	    "p.reason, p.retention_years, p.seal_hash, p.kept_hash), coalesce(cases.ref, ''), "
	    "p.kept_hash IS (SELECT esc_hash('tombstone', " ESC_TOMBSTONE_FIELDS ")), "
	    "p.seal_hash IS (SELECT hash FROM case_seals WHERE case_id = p.case_id), "
	    "cases.child_id = '' AND cases.decision = '' AND cases.concern = '' "
	    "FROM purges p LEFT JOIN cases ON cases.id = p.case_id ORDER BY p.id",
	    err);
	if (!st)
		return err->status;
	int rc;
	while ((rc = store_step(db, st, err)) == SQLITE_ROW) {
		const char *problem = NULL;
		out->purges++;
		audit_link link = audit_chain_link(st, 1, prev);
		if (link == LINK_MOVED)
			problem =
			    "does not follow the previous purge (a purge was removed or inserted)";
		else if (link == LINK_CHANGED)
			problem = "has a purge record that was changed after it was written";
		else if (!sqlite3_column_int(st, 5))
			problem =
			    "was changed after its purge (its tombstone: reference, dates, levels, "
			    "themes, local authority or history links no longer match)";
		else if (!sqlite3_column_int(st, 6))
			problem = "has a seal that changed after its purge";
		else if (!sqlite3_column_int(st, 7))
			problem = "has content again after its purge";
		if (problem) {
			out->broken_purges++;
			if (!out->problem[0])
				snprintf(out->problem, sizeof out->problem,
				         "purged case %s (purge %lld) %s", store_col_text(st, 4),
				         sqlite3_column_int64(st, 0), problem);
		}
		out->last_purge = sqlite3_column_int64(st, 0);
	}
	snprintf(out->last_purge_hash, sizeof out->last_purge_hash, "%s", prev);
	sqlite3_reset(st);
	return rc < 0 ? err->status : ESC_OK;
}
