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

#include "audit_int.h"
#include "escalate/access.h"
#include "escalate/retention.h"
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
	[AUDIT_CHAIN_ACTION_UPDATES] = "SELECT hash FROM action_updates ORDER BY id DESC LIMIT 1",
	[AUDIT_CHAIN_ACCESS] = "SELECT hash FROM access_log ORDER BY id DESC LIMIT 1",
	[AUDIT_CHAIN_PURGES] = "SELECT hash FROM purges ORDER BY id DESC LIMIT 1",
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
	    "SELECT cases.id, 'opened', prev, " ESC_CASE_SEAL_HASH("prev", "'opened'") " "
	    "FROM cases, (SELECT :prev AS prev) WHERE cases.id = :case",
	    err);
	if (!st || store_bind_int(st, ":case", case_id, err) ||
	    store_bind_text(st, ":prev", prev, err) || store_exec_stmt(db, st, err))
		return err->status;
	if (sqlite3_changes(store_handle(db)) != 1)
		return esc_fail(err, ESC_EINTERNAL, "", "internal: no case %lld to seal", case_id);
	return ESC_OK;
}

/* A case whose content a retention purge removed (retention.c): its rows
 * can no longer be hashed from their content, so only their links are
 * checked here; the purge's own record holds a hash over everything the
 * tombstone keeps, which retention_verify recomputes. */
#define PURGED(case_id) "EXISTS (SELECT 1 FROM purges p WHERE p.case_id = " case_id ")"

/* Keeps the first problem found: the report names where to start looking. */
void audit_note(esc_verify_report *out, const char *fmt, ...)
{
	if (out->problem[0])
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(out->problem, sizeof out->problem, fmt, ap);
	va_end(ap);
}

audit_link audit_chain_link(sqlite3_stmt *st, int col, char prev[static 65])
{
	audit_link link = LINK_HOLDS;
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
	    db, "SELECT id, prev_hash, hash, CASE WHEN " PURGED("events.case_id")
	        " THEN hash ELSE " ESC_EVENT_HASH_EXPR
	        " END, nactions, (SELECT count(*) FROM actions a WHERE a.event_id = events.id) "
	        "FROM events ORDER BY id",
	    err);
	if (!st)
		return err->status;
	int rc;
	while ((rc = store_step(db, st, err)) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(st, 0);
		const char *problem = NULL;
		out->events++;
		audit_link link = audit_chain_link(st, 1, prev);
		if (link == LINK_MOVED)
			problem = "does not follow the previous row (a row was removed or inserted)";
		else if (link == LINK_CHANGED)
			problem = "was changed after it was written (its hash does not match)";
		else if (sqlite3_column_int64(st, 4) != sqlite3_column_int64(st, 5))
			problem = "has lost or gained agreed actions";
		if (problem && !out->first_broken_event) {
			out->first_broken_event = id;
			audit_note(out, "history row %lld %s", id, problem);
		}
		out->last_event = id;
	}
	snprintf(out->last_event_hash, sizeof out->last_event_hash, "%s", prev);
	sqlite3_reset(st);
	if (rc < 0)
		return err->status;

	st = store_prepare(db,
	                   "SELECT id, event_id, " PURGED("actions.case_id")
	                   " OR hash = " ESC_ACTION_HASH_EXPR " FROM actions ORDER BY id",
	                   err);
	if (!st)
		return err->status;
	while ((rc = store_step(db, st, err)) == SQLITE_ROW) {
		out->actions++;
		if (!sqlite3_column_int(st, 2))
			audit_note(out, "agreed action %lld of history row %lld was changed after it was written",
			     sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1));
	}
	sqlite3_reset(st);
	if (rc < 0)
		return err->status;

	st = store_prepare(db,
	                   "SELECT id, prev_hash, hash, esc_hash(prev_hash, "
	                   ESC_HASHED_ACTION_UPDATE_COLUMNS ") FROM action_updates ORDER BY id",
	                   err);
	if (!st)
		return err->status;
	prev[0] = '\0';
	while ((rc = store_step(db, st, err)) == SQLITE_ROW) {
		out->action_updates++;
		audit_link link = audit_chain_link(st, 1, prev);
		if (link != LINK_HOLDS)
			audit_note(out, "agreed action update %lld %s", sqlite3_column_int64(st, 0),
			           link == LINK_MOVED ? "does not follow the previous one (one was "
			                                "removed or inserted)"
			                              : "was changed after it was written");
	}
	sqlite3_reset(st);
	return rc < 0 ? err->status : ESC_OK;
}

/* Each case's seal: present, chained to the previous case's, and matching
 * the case's fixed fields, themes and opening row as they are now, or for a
 * case amended since, as it was opened (its amendments' old values; the
 * replay checks that they lead to the values now, audit_replay.c). */
static esc_status verify_seals(esc_db *db, esc_verify_report *out, esc_error *err)
{
	char prev[65] = "";
	sqlite3_stmt *st = store_prepare(
	    db,
	    "SELECT cases.ref, s.case_id IS NOT NULL, s.prev_hash, s.hash, "
	    "CASE WHEN " PURGED("cases.id") " THEN s.hash "
	    "WHEN EXISTS (SELECT 1 FROM events a WHERE a.case_id = cases.id AND "
	    "a.amend_field IS NOT NULL) THEN "
	    ESC_CASE_SEAL_HASH_OF("s.prev_hash", "s.origin", ESC_CASE_SEAL_AS_OPENED) " "
	    "ELSE " ESC_CASE_SEAL_HASH("s.prev_hash", "s.origin") " END "
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
			audit_link link = audit_chain_link(st, 2, prev);
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
			audit_note(out, "case %s %s", ref, problem);
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
		audit_note(out, "%lld case seal(s) have no case (a case was removed)", orphans);
	}
	return ESC_OK;
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
		audit_link link = audit_chain_link(st, 1, prev);
		if (link == LINK_MOVED)
			problem = "does not follow the previous row (a row was removed or inserted)";
		else if (link == LINK_CHANGED)
			problem = "was changed after it was written, or so was its staff member's "
			          "login, name or organisation (its hash does not match)";
		if (problem && !out->first_broken_staff_row) {
			out->first_broken_staff_row = id;
			audit_note(out, "staff history row %lld %s", id, problem);
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
			audit_note(out, "staff member %lld has no history (added, or its history removed, "
			          "behind escalate's back)",
			     id);
		} else if (sqlite3_column_int(st, 1) != sqlite3_column_int(st, 5) ||
		           sqlite3_column_int(st, 2) != sqlite3_column_int(st, 6) ||
		           sqlite3_column_int(st, 3) != sqlite3_column_int(st, 7) ||
		           !sqlite3_column_int(st, 8)) {
			out->inconsistent_staff++;
			audit_note(out, "staff member %lld: role %d, admin %d, active %d or user id disagree "
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
		audit_note(out, "SQLite integrity check: %s", out->integrity);

	if (verify_chain(db, out, err) || verify_seals(db, out, err) ||
	    audit_verify_cases(db, out, err) || audit_verify_live_actions(db, out, err) ||
	    verify_staff(db, out, err) || audit_verify_times(db, out, err) ||
	    access_verify(db, out, err) || retention_verify(db, out, err) ||
	    config_history_verify(db, out, err))
		return err->status;
	if (out->problem[0])
		return esc_fail(err, ESC_ECORRUPT, "", "%s", out->problem);
	return ESC_OK;
}
