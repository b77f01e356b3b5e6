/* The history chain, case seals and the staff chain.  Every hash is computed
 * by SQL on the values as stored (esc_hash, audit_hash.c),
 * at insert and at verification alike, so both sides hash exactly the same
 * bytes.  What each hash covers is in audit.h; the upgrade policy for rows
 * older than the seals and the staff chain is in data/schema/003_tamper.sql. */
#include "escalate/audit.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "escalate/config_history.h"
#include "escalate/store.h"

/* Read apart from the insert that extends the chain: an INSERT whose SELECT
 * reads its own table makes SQLite copy the new row through a temporary
 * b-tree first, which cost each history row more than all its triggers
 * (bench/README.md, "Generation"). */
static const char *const chain_head_sql[] = {
	[AUDIT_CHAIN_EVENTS] = "SELECT hash FROM events ORDER BY id DESC LIMIT 1",
	[AUDIT_CHAIN_SEALS] = "SELECT hash FROM case_seals ORDER BY case_id DESC LIMIT 1",
	[AUDIT_CHAIN_STAFF] = "SELECT hash FROM staff_history ORDER BY id DESC LIMIT 1",
};

esc_status audit_chain_head(esc_db *db, audit_chain chain, char head[65], esc_error *err)
{
	head[0] = '\0';
	sqlite3_stmt *st = store_prepare(db, chain_head_sql[chain], err);
	if (!st)
		return err->status;
	int rc = store_step(db, st, err);
	if (rc == SQLITE_ROW)
		snprintf(head, 65, "%s", store_col_text(st, 0));
	sqlite3_reset(st);
	return rc < 0 ? err->status : ESC_OK;
}

esc_status audit_seal_case(esc_db *db, long long case_id, esc_error *err)
{
	char prev[65];
	if (audit_chain_head(db, AUDIT_CHAIN_SEALS, prev, err) != ESC_OK)
		return err->status;
	sqlite3_stmt *st = store_prepare(
	    db,
	    "INSERT INTO case_seals(case_id, origin, prev_hash, hash) "
	    "SELECT cases.id, 'opened', prev, esc_hash(prev, 'opened', " ESC_CASE_SEAL_FIELDS ") "
	    "FROM cases, (SELECT :prev AS prev) WHERE cases.id = :case",
	    err);
	if (!st || store_bind_int(st, ":case", case_id, err) ||
	    store_bind_text(st, ":prev", prev, err) || store_exec_stmt(db, st, err))
		return err->status;
	if (sqlite3_changes(store_handle(db)) != 1)
		return esc_fail(err, ESC_EINTERNAL, "", "internal: no case %lld to seal", case_id);
	return ESC_OK;
}

/* Keeps the first problem found: the report names where to start looking. */
static void note(esc_verify_report *out, const char *fmt, ...)
{
	if (out->problem[0])
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(out->problem, sizeof out->problem, fmt, ap);
	va_end(ap);
}

/* One link of a hash chain, read from three columns of st from `col` on: the
 * previous hash the row names, its stored hash, and its hash recomputed from
 * its fields now.  The row must follow the one before (whose hash is in prev)
 * and still hash to what was stored; prev moves on to this row. */
typedef enum { LINK_HOLDS, LINK_MOVED, LINK_CHANGED } chain_link;

static chain_link chain_link_check(sqlite3_stmt *st, int col, char prev[static 65])
{
	chain_link link = LINK_HOLDS;
	if (strcmp(store_col_text(st, col), prev) != 0)
		link = LINK_MOVED;
	else if (strcmp(store_col_text(st, col + 1), store_col_text(st, col + 2)) != 0)
		link = LINK_CHANGED;
	snprintf(prev, 65, "%s", store_col_text(st, col + 1));
	return link;
}

static esc_status verify_chain(esc_db *db, esc_verify_report *out, esc_error *err)
{
	char prev[65] = "";
	sqlite3_stmt *st = store_prepare(
	    db, "SELECT id, prev_hash, hash, esc_hash(prev_hash, " ESC_HASHED_EVENT_COLUMNS
	        "), nactions, (SELECT count(*) FROM actions a WHERE a.event_id = events.id) "
	        "FROM events ORDER BY id",
	    err);
	if (!st)
		return err->status;
	int rc;
	while ((rc = store_step(db, st, err)) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(st, 0);
		const char *problem = NULL;
		out->events++;
		chain_link link = chain_link_check(st, 1, prev);
		if (link == LINK_MOVED)
			problem = "does not follow the previous row (a row was removed or inserted)";
		else if (link == LINK_CHANGED)
			problem = "was changed after it was written (its hash does not match)";
		else if (sqlite3_column_int64(st, 4) != sqlite3_column_int64(st, 5))
			problem = "has lost or gained agreed actions";
		if (problem && !out->first_broken_event) {
			out->first_broken_event = id;
			note(out, "history row %lld %s", id, problem);
		}
		out->last_event = id;
	}
	snprintf(out->last_event_hash, sizeof out->last_event_hash, "%s", prev);
	sqlite3_reset(st);
	if (rc < 0)
		return err->status;

	st = store_prepare(db,
	                   "SELECT id, event_id, hash = esc_hash((SELECT e.hash FROM events e "
	                   "WHERE e.id = actions.event_id), " ESC_HASHED_ACTION_COLUMNS
	                   ") FROM actions ORDER BY id",
	                   err);
	if (!st)
		return err->status;
	while ((rc = store_step(db, st, err)) == SQLITE_ROW) {
		out->actions++;
		if (!sqlite3_column_int(st, 2))
			note(out, "agreed action %lld of history row %lld was changed after it was written",
			     sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1));
	}
	sqlite3_reset(st);
	return rc < 0 ? err->status : ESC_OK;
}

/* Each case's seal: present, chained to the previous case's, and matching
 * the case's fixed fields, themes and opening row as they are now. */
static esc_status verify_seals(esc_db *db, esc_verify_report *out, esc_error *err)
{
	char prev[65] = "";
	sqlite3_stmt *st = store_prepare(
	    db,
	    "SELECT cases.ref, s.case_id IS NOT NULL, s.prev_hash, s.hash, "
	    "esc_hash(s.prev_hash, s.origin, " ESC_CASE_SEAL_FIELDS ") "
	    "FROM cases LEFT JOIN case_seals s ON s.case_id = cases.id ORDER BY cases.id",
	    err);
	if (!st)
		return err->status;
	int rc;
	while ((rc = store_step(db, st, err)) == SQLITE_ROW) {
		const char *ref = store_col_text(st, 0), *problem = NULL;
		if (!sqlite3_column_int(st, 1)) {
			problem = "has no seal (its seal was removed, or the case was added behind "
			          "escalate's back)";
		} else {
			out->seals++;
			chain_link link = chain_link_check(st, 2, prev);
			if (link == LINK_MOVED)
				problem = "has a seal that does not follow the previous case's (a seal "
				          "was removed or inserted)";
			else if (link == LINK_CHANGED)
				problem = "was changed after it was opened (its child, local authority, "
				          "decision, concern, themes or other fixed fields no longer match "
				          "its seal)";
		}
		if (problem) {
			out->broken_seals++;
			note(out, "case %s %s", ref, problem);
		}
	}
	sqlite3_reset(st);
	if (rc < 0)
		return err->status;
	st = store_prepare(db,
	                   "SELECT count(*) FROM case_seals s "
	                   "WHERE NOT EXISTS (SELECT 1 FROM cases c WHERE c.id = s.case_id)",
	                   err);
	if (!st || store_step(db, st, err) != SQLITE_ROW)
		return err->status;
	long long orphans = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (orphans) {
		out->broken_seals += orphans;
		note(out, "%lld case seal(s) have no case (a case was removed)", orphans);
	}
	return ESC_OK;
}

/* The columns of a case that the events_apply trigger keeps from its
 * history, as stored (cached) or as replayed from the history rows. */
typedef struct case_cache {
	int state, level;
	long long last_seq;
	char level_since[64], level_due[64], updated_at[64];
	int urgent, concern_remains, owed_designated, owed_chair;
} case_cache;

static bool is_kind(sqlite3_stmt *st, int col, const char *a, const char *b, const char *c,
                    const char *d)
{
	const char *k = store_col_text(st, col);
	return strcmp(k, a) == 0 || (b && strcmp(k, b) == 0) || (c && strcmp(k, c) == 0) ||
	       (d && strcmp(k, d) == 0);
}

/* One history row applied as events_apply does (001_initial.sql); columns
 * from 12: seq, kind, at, level_before, level_after, state_after, level_due,
 * concern_remains, notify.  Returns false when the row does not follow the
 * one before (sequence or starting level). */
static bool replay_event(case_cache *r, sqlite3_stmt *st)
{
	bool follows = sqlite3_column_int64(st, 12) == r->last_seq + 1 &&
	               (r->last_seq == 0 || sqlite3_column_int(st, 15) == r->level);
	const char *notify = store_col_text(st, 20);
	int after = sqlite3_column_int(st, 16);
	bool reached = is_kind(st, 13, "opened", "escalated", "urgent", "reopened");

	r->state = sqlite3_column_int(st, 17);
	r->level = after;
	r->last_seq = sqlite3_column_int64(st, 12);
	snprintf(r->updated_at, sizeof r->updated_at, "%s", store_col_text(st, 14));
	snprintf(r->level_due, sizeof r->level_due, "%s", store_col_text(st, 18));
	if (reached)
		snprintf(r->level_since, sizeof r->level_since, "%s", store_col_text(st, 14));
	if (is_kind(st, 13, "urgent", NULL, NULL, NULL))
		r->urgent = 1;
	if (is_kind(st, 13, "contact", NULL, NULL, NULL))
		r->concern_remains = sqlite3_column_int(st, 19);
	else if (reached)
		r->concern_remains = 0;
	if (is_kind(st, 13, "escalated", "urgent", NULL, NULL) && after == 4)
		r->owed_designated = 1;
	else if (is_kind(st, 13, "informed", NULL, NULL, NULL) && strcmp(notify, "designated") == 0)
		r->owed_designated = 0;
	if (is_kind(st, 13, "escalated", NULL, NULL, NULL) && after == 5)
		r->owed_chair = 1;
	else if (is_kind(st, 13, "informed", NULL, NULL, NULL) && strcmp(notify, "chair") == 0)
		r->owed_chair = 0;
	return follows;
}

/* The first cached column that differs from the replay, NULL if none. */
static const char *cache_differs(const case_cache *c, const case_cache *r)
{
	if (c->level != r->level || c->state != r->state)
		return "level/state";
	if (c->last_seq != r->last_seq)
		return "count of history rows";
	if (strcmp(c->level_since, r->level_since) != 0)
		return "level-reached date";
	if (strcmp(c->level_due, r->level_due) != 0)
		return "due date";
	if (strcmp(c->updated_at, r->updated_at) != 0)
		return "time of last change";
	if (c->urgent != r->urgent)
		return "urgent flag";
	if (c->concern_remains != r->concern_remains)
		return "concern-remains flag";
	if (c->owed_designated != r->owed_designated || c->owed_chair != r->owed_chair)
		return "notifications owed";
	return NULL;
}

static void finish_case(esc_verify_report *out, const char *ref, const case_cache *c,
                        const case_cache *r, bool in_sequence)
{
	const char *what = in_sequence && r->last_seq > 0 ? cache_differs(c, r) : "history";
	if (!what)
		return;
	out->inconsistent_cases++;
	if (!in_sequence || r->last_seq == 0)
		note(out, "case %s: its history rows are missing or out of sequence", ref);
	else if (strcmp(what, "level/state") == 0)
		note(out, "case %s: its level/state (%d/%d) disagree with its history", ref, c->level,
		     c->state);
	else
		note(out, "case %s: its %s disagrees with its history", ref, what);
}

/* Replays every case's history (in seq order) and compares the result with
 * the columns the trigger cached on the case. */
static esc_status verify_cases(esc_db *db, esc_verify_report *out, esc_error *err)
{
	sqlite3_stmt *st = store_prepare(
	    db,
	    "SELECT c.id, c.ref, c.state, c.level, c.last_seq, c.level_since, c.level_due, "
	    "c.updated_at, c.urgent, c.concern_remains, c.owed_designated, c.owed_chair, "
	    "e.seq, e.kind, e.at, e.level_before, e.level_after, e.state_after, e.level_due, "
	    "e.concern_remains, e.notify "
	    "FROM cases c LEFT JOIN events e ON e.case_id = c.id ORDER BY c.id, e.seq",
	    err);
	if (!st)
		return err->status;
	long long id = 0;
	char ref[64] = "";
	case_cache cached = {0}, replayed = {0};
	bool in_sequence = true;
	int rc;
	while ((rc = store_step(db, st, err)) == SQLITE_ROW) {
		if (!id || sqlite3_column_int64(st, 0) != id) {
			if (id)
				finish_case(out, ref, &cached, &replayed, in_sequence);
			out->cases++;
			id = sqlite3_column_int64(st, 0);
			snprintf(ref, sizeof ref, "%s", store_col_text(st, 1));
			cached = (case_cache){.state = sqlite3_column_int(st, 2),
			                      .level = sqlite3_column_int(st, 3),
			                      .last_seq = sqlite3_column_int64(st, 4),
			                      .urgent = sqlite3_column_int(st, 8),
			                      .concern_remains = sqlite3_column_int(st, 9),
			                      .owed_designated = sqlite3_column_int(st, 10),
			                      .owed_chair = sqlite3_column_int(st, 11)};
			snprintf(cached.level_since, sizeof cached.level_since, "%s", store_col_text(st, 5));
			snprintf(cached.level_due, sizeof cached.level_due, "%s", store_col_text(st, 6));
			snprintf(cached.updated_at, sizeof cached.updated_at, "%s", store_col_text(st, 7));
			replayed = (case_cache){0};
			in_sequence = true;
		}
		if (sqlite3_column_type(st, 12) != SQLITE_NULL)
			in_sequence = replay_event(&replayed, st) && in_sequence;
	}
	sqlite3_reset(st);
	if (rc < 0)
		return err->status;
	if (id)
		finish_case(out, ref, &cached, &replayed, in_sequence);
	return ESC_OK;
}

/* live_actions is a cache of the agreed actions of open cases at their
 * current level; rebuilt here from actions and cases, and every case where
 * the two differ (a row added, removed or edited behind the triggers' back)
 * is reported. */
static esc_status verify_live_actions(esc_db *db, esc_verify_report *out, esc_error *err)
{
	sqlite3_stmt *st = store_prepare(
	    db,
	    "WITH expected AS (SELECT a.id, a.case_id, a.owner, a.due FROM actions a "
	    "JOIN cases c ON c.id = a.case_id AND c.level = a.level WHERE c.state = 1), "
	    "stored AS (SELECT action_id, case_id, owner, due FROM live_actions), "
	    "diff AS (SELECT case_id FROM (SELECT * FROM expected EXCEPT SELECT * FROM stored) "
	    "UNION SELECT case_id FROM (SELECT * FROM stored EXCEPT SELECT * FROM expected)) "
	    "SELECT d.case_id, coalesce(c.ref, '') FROM diff d LEFT JOIN cases c ON c.id = d.case_id "
	    "ORDER BY d.case_id",
	    err);
	if (!st)
		return err->status;
	int rc;
	while ((rc = store_step(db, st, err)) == SQLITE_ROW) {
		if (!out->wrong_live_actions++)
			note(out, "case %s: its live agreed actions disagree with its history",
			     *store_col_text(st, 1) ? store_col_text(st, 1) : "(none)");
	}
	sqlite3_reset(st);
	return rc < 0 ? err->status : ESC_OK;
}

/* The staff chain, then each staff record against its latest history row. */
static esc_status verify_staff(esc_db *db, esc_verify_report *out, esc_error *err)
{
	char prev[65] = "";
	sqlite3_stmt *st = store_prepare(
	    db,
	    "SELECT h.id, h.prev_hash, h.hash, " ESC_STAFF_HISTORY_HASH("h.prev_hash")
	    " FROM staff_history h LEFT JOIN staff s ON s.id = h.staff_id ORDER BY h.id",
	    err);
	if (!st)
		return err->status;
	int rc;
	while ((rc = store_step(db, st, err)) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(st, 0);
		const char *problem = NULL;
		out->staff_history++;
		chain_link link = chain_link_check(st, 1, prev);
		if (link == LINK_MOVED)
			problem = "does not follow the previous row (a row was removed or inserted)";
		else if (link == LINK_CHANGED)
			problem = "was changed after it was written, or so was its staff member's "
			          "login, name or organisation (its hash does not match)";
		if (problem && !out->first_broken_staff_row) {
			out->first_broken_staff_row = id;
			note(out, "staff history row %lld %s", id, problem);
		}
		out->last_staff_row = id;
	}
	snprintf(out->last_staff_hash, sizeof out->last_staff_hash, "%s", prev);
	sqlite3_reset(st);
	if (rc < 0)
		return err->status;

	st = store_prepare(
	    db,
	    "SELECT s.id, s.role, s.admin, s.active, h.id, h.role, h.admin, h.active, "
	    "s.uid IS h.uid "
	    "FROM staff s LEFT JOIN staff_history h ON h.id = "
	    "(SELECT max(x.id) FROM staff_history x WHERE x.staff_id = s.id) ORDER BY s.id",
	    err);
	if (!st)
		return err->status;
	while ((rc = store_step(db, st, err)) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(st, 0);
		out->staff++;
		if (sqlite3_column_type(st, 4) == SQLITE_NULL) {
			out->inconsistent_staff++;
			note(out, "staff member %lld has no history (added, or its history removed, "
			          "behind escalate's back)",
			     id);
		} else if (sqlite3_column_int(st, 1) != sqlite3_column_int(st, 5) ||
		           sqlite3_column_int(st, 2) != sqlite3_column_int(st, 6) ||
		           sqlite3_column_int(st, 3) != sqlite3_column_int(st, 7) ||
		           !sqlite3_column_int(st, 8)) {
			out->inconsistent_staff++;
			note(out, "staff member %lld: role %d, admin %d, active %d or user id disagree "
			          "with their latest history row %lld (role %d, admin %d, active %d)",
			     id, sqlite3_column_int(st, 1), sqlite3_column_int(st, 2),
			     sqlite3_column_int(st, 3), sqlite3_column_int64(st, 4),
			     sqlite3_column_int(st, 5), sqlite3_column_int(st, 6), sqlite3_column_int(st, 7));
		}
	}
	sqlite3_reset(st);
	return rc < 0 ? err->status : ESC_OK;
}

esc_status audit_verify_staff(esc_db *db, esc_verify_report *out, esc_error *err)
{
	memset(out, 0, sizeof *out);
	if (verify_staff(db, out, err) != ESC_OK)
		return err->status;
	if (out->problem[0])
		return esc_fail(err, ESC_ECORRUPT, "", "%s", out->problem);
	return ESC_OK;
}

esc_status audit_verify(esc_db *db, esc_verify_report *out, esc_error *err)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st = store_prepare(db, "PRAGMA integrity_check(1)", err);
	if (!st)
		return err->status;
	if (store_step(db, st, err) != SQLITE_ROW)
		return err->status;
	snprintf(out->integrity, sizeof out->integrity, "%s", store_col_text(st, 0));
	sqlite3_reset(st);
	if (strcmp(out->integrity, "ok") != 0)
		note(out, "SQLite integrity check: %s", out->integrity);

	if (verify_chain(db, out, err) || verify_seals(db, out, err) ||
	    verify_cases(db, out, err) || verify_live_actions(db, out, err) ||
	    verify_staff(db, out, err) || config_history_verify(db, out, err))
		return err->status;
	if (out->problem[0])
		return esc_fail(err, ESC_ECORRUPT, "", "%s", out->problem);
	return ESC_OK;
}
