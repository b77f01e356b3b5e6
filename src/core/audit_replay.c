/* verify's replay: every case's history goes through proc_apply, the same
 * function the write path used, and the result must equal both what each
 * history row says it did (level and state after, target date) and what the
 * case row caches.  The open agreed actions are rebuilt the same way, and
 * the amendments of each field replayed to the value the case row holds. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit_int.h"
#include "escalate/amend.h"
#include "escalate/procedure.h"
#include "escalate/procedure_store.h"

/* Columns of the replay's SELECT. */
enum {
	C_ID, C_REF, C_STATE, C_LEVEL, C_OWNER, C_SEQ, C_SINCE, C_DUE, C_UPDATED, C_URGENT,
	C_REMAINS, C_OWED, E_SEQ, E_KIND, E_AT, E_BEFORE, E_AFTER, E_STATE, E_DUE, E_REMAINS,
	E_NOTIFY, C_PROCEDURE,
};

static void cached_state(sqlite3_stmt *st, esc_case_state *c)
{
	*c = (esc_case_state){.state = (esc_state)sqlite3_column_int(st, C_STATE),
	                      .level = sqlite3_column_int(st, C_LEVEL),
	                      .owner_id = sqlite3_column_int64(st, C_OWNER),
	                      .last_seq = sqlite3_column_int64(st, C_SEQ),
	                      .urgent = sqlite3_column_int(st, C_URGENT) != 0,
	                      .concern_remains = sqlite3_column_int(st, C_REMAINS) != 0,
	                      .owed = (unsigned)sqlite3_column_int(st, C_OWED)};
	snprintf(c->level_since, sizeof c->level_since, "%s", store_col_text(st, C_SINCE));
	snprintf(c->level_due, sizeof c->level_due, "%s", store_col_text(st, C_DUE));
	snprintf(c->updated_at, sizeof c->updated_at, "%s", store_col_text(st, C_UPDATED));
}

/* One history row through the procedure; false when it cannot follow the
 * replayed state or says it did something else than the table does. */
static bool replay_row(esc_case_state *r, sqlite3_stmt *st)
{
	int kind = esc_event_parse(store_col_text(st, E_KIND));
	if (kind < 0 || sqlite3_column_int64(st, E_SEQ) != r->last_seq + 1 ||
	    (r->last_seq > 0 && sqlite3_column_int(st, E_BEFORE) != r->level))
		return false;
	esc_fact f = {.kind = (esc_event_kind)kind,
	              .notify = proc_notify_parse(r->proc, store_col_text(st, E_NOTIFY)),
	              .concern_remains = sqlite3_column_int(st, E_REMAINS) != 0,
	              .at = store_col_text(st, E_AT),
	              .due = store_col_text(st, E_DUE)};
	esc_case_state next;
	if (proc_apply(r, &f, &next, NULL) != ESC_OK)
		return false;
	*r = next;
	return r->level == sqlite3_column_int(st, E_AFTER) &&
	       (int)r->state == sqlite3_column_int(st, E_STATE) &&
	       strcmp(r->level_due, store_col_text(st, E_DUE)) == 0;
}

/* The first cached column that differs from the replay, NULL if none. */
static const char *cache_differs(const esc_case_state *c, const esc_case_state *r)
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
	if (c->owed != r->owed)
		return "notifications owed";
	return NULL;
}

static void finish_case(esc_verify_report *out, const char *ref, const esc_case_state *c,
                        const esc_case_state *r, bool in_sequence)
{
	const char *what = in_sequence && r->last_seq > 0 ? cache_differs(c, r) : "history";
	if (!what)
		return;
	out->inconsistent_cases++;
	if (!in_sequence || r->last_seq == 0)
		audit_note(out, "case %s: its history rows are missing, out of sequence or not what "
		                "the procedure does",
		           ref);
	else if (strcmp(what, "level/state") == 0)
		audit_note(out, "case %s: its level/state (%d/%d) disagree with its history", ref,
		           c->level, c->state);
	else
		audit_note(out, "case %s: its %s disagrees with its history", ref, what);
}

/* Columns of the amendments' SELECT. */
enum { A_CASE, A_REF, A_SEQ, A_FIELD, A_CONTACT, A_OLD, A_NEW, A_NOW, A_IS_CONTACT };

/* Each field's amendments, oldest first, chain from one value to the next:
 * every old value is the one before's new value; a summary's first old
 * value is what its contact recorded; the last new value of a case's field
 * is the value on its row (the first old value is the seal's, audit.c).  A
 * purged case's values are blanked, its rows checked by their links only. */
/* One field's chain of amendments as it is replayed. */
typedef struct amend_chain {
	long long case_id, contact;
	char field[16], ref[64];
	char *last, *now; /* the latest new value; the value the chain must reach */
	bool bad;
} amend_chain;

/* Ends a chain: its last new value must be the current one (a summary has
 * no current value but its own chain). */
static void end_chain(amend_chain *c, esc_verify_report *out)
{
	if (c->case_id && !c->bad && c->last && c->now && strcmp(c->field, "summary") != 0 &&
	    strcmp(c->last, c->now) != 0)
		c->bad = true;
	if (c->case_id && c->bad) {
		out->inconsistent_cases++;
		audit_note(out, "case %s: its %s disagrees with its amendments", c->ref, c->field);
	}
	free(c->last);
	free(c->now);
	c->last = c->now = NULL;
	c->bad = false;
}

/* Each field's amendments, oldest first, chain from one value to the next:
 * every old value is the one before's new value; a summary's first old
 * value is what its contact recorded; the last new value of a case's field
 * is the value on its row (the first old value is the seal's, audit.c).  A
 * purged case's values are blanked, its rows checked by their links only. */
static esc_status verify_amendments(esc_db *db, esc_verify_report *out, esc_error *err)
{
	sqlite3_stmt *st = store_prepare(
	    db,
	    "SELECT c.id, c.ref, a.seq, a.amend_field, a.amend_seq, a.old_value, a.new_value, "
	    "CASE a.amend_field WHEN 'decision' THEN c.decision WHEN 'concern' THEN c.concern "
	    "WHEN 'team' THEN c.team WHEN 'themes' THEN " ESC_AMEND_THEMES_SQL("c.id")
	    " ELSE (SELECT x.text FROM events x WHERE x.case_id = c.id AND x.seq = a.amend_seq) "
	    "END, a.amend_field <> 'summary' OR EXISTS (SELECT 1 FROM events x WHERE x.case_id = "
	    "c.id AND x.seq = a.amend_seq AND x.seq < a.seq AND x.kind = 'contact') "
	    "FROM events a INDEXED BY events_amended JOIN cases c ON c.id = a.case_id "
	    "WHERE a.amend_field IS NOT NULL "
	    "AND NOT EXISTS (SELECT 1 FROM purges p WHERE p.case_id = c.id) "
	    "ORDER BY a.case_id, a.amend_field, coalesce(a.amend_seq, 0), a.seq",
	    err);
	if (!st)
		return err->status;
	amend_chain c = {.contact = -1};
	bool oom = false;
	int rc;
	while (!oom && (rc = store_step(db, st, err)) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(st, A_CASE);
		long long contact = sqlite3_column_int64(st, A_CONTACT);
		const char *f = store_col_text(st, A_FIELD), *old = store_col_text(st, A_OLD);
		if (id != c.case_id || strcmp(f, c.field) != 0 || contact != c.contact) {
			end_chain(&c, out);
			c.case_id = id;
			c.contact = contact;
			snprintf(c.field, sizeof c.field, "%s", f);
			snprintf(c.ref, sizeof c.ref, "%s", store_col_text(st, A_REF));
			c.now = strdup(store_col_text(st, A_NOW));
			/* A summary's chain starts from what its contact recorded. */
			if (strcmp(f, "summary") == 0)
				c.last = strdup(store_col_text(st, A_NOW));
		}
		if (!sqlite3_column_int(st, A_IS_CONTACT) || esc_amend_field_parse(f) == ESC_AMEND_NONE)
			c.bad = true;
		if (c.last && strcmp(c.last, old) != 0)
			c.bad = true;
		free(c.last);
		c.last = strdup(store_col_text(st, A_NEW));
		oom = !c.last || !c.now;
	}
	sqlite3_reset(st);
	end_chain(&c, out);
	if (oom)
		return esc_fail(err, ESC_EINTERNAL, "", "out of memory verifying amendments");
	return rc < 0 ? err->status : ESC_OK;
}

esc_status audit_verify_cases(esc_db *db, esc_verify_report *out, esc_error *err)
{
	sqlite3_stmt *st = store_prepare(
	    db,
	    "SELECT c.id, c.ref, c.state, c.level, c.owner_id, c.last_seq, c.level_since, "
	    "c.level_due, c.updated_at, c.urgent, c.concern_remains, c.owed, "
	    "e.seq, e.kind, e.at, e.level_before, e.level_after, e.state_after, e.level_due, "
	    "e.concern_remains, e.notify, coalesce(c.procedure_id, 0) "
	    "FROM cases c LEFT JOIN events e ON e.case_id = c.id ORDER BY c.id, e.seq",
	    err);
	if (!st)
		return err->status;
	long long id = 0;
	char ref[64] = "";
	esc_case_state cached = {0}, replayed = {0};
	bool in_sequence = true;
	int rc;
	while ((rc = store_step(db, st, err)) == SQLITE_ROW) {
		if (!id || sqlite3_column_int64(st, C_ID) != id) {
			if (id)
				finish_case(out, ref, &cached, &replayed, in_sequence);
			out->cases++;
			id = sqlite3_column_int64(st, C_ID);
			snprintf(ref, sizeof ref, "%s", store_col_text(st, C_REF));
			cached_state(st, &cached);
			replayed = (esc_case_state){.owner_id = cached.owner_id};
			/* the case's own procedure: a pin to a missing row is the seal's
			 * and the foreign key's to report; replayed as the default */
			esc_error none;
			if (procedure_get(db, sqlite3_column_int64(st, C_PROCEDURE), &replayed.proc,
			                  &none) != ESC_OK)
				replayed.proc = NULL;
			in_sequence = true;
		}
		if (in_sequence && sqlite3_column_type(st, E_SEQ) != SQLITE_NULL)
			in_sequence = replay_row(&replayed, st);
	}
	sqlite3_reset(st);
	if (rc < 0)
		return err->status;
	if (id)
		finish_case(out, ref, &cached, &replayed, in_sequence);
	return verify_amendments(db, out, err);
}

/* live_actions caches the open agreed actions (none done or dropped) with
 * their owner; rebuilt here from actions and action_updates, and every case
 * where the two differ (a row added, removed or edited behind escalate's
 * back) is reported. */
esc_status audit_verify_live_actions(esc_db *db, esc_verify_report *out, esc_error *err)
{
	sqlite3_stmt *st = store_prepare(
	    db,
	    "WITH expected AS (SELECT a.id, a.case_id, "
	    "CASE WHEN a.owner_kind IS NULL THEN " ESC_LEGACY_ACTION_OWNER
	    " ELSE a.owner_staff_id END, a.due FROM actions a "
	    "WHERE NOT EXISTS (SELECT 1 FROM action_updates u WHERE u.action_id = a.id)), "
	    "stored AS (SELECT action_id, case_id, owner_staff_id, due FROM live_actions), "
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
			audit_note(out, "case %s: its open agreed actions disagree with its history",
			           *store_col_text(st, 1) ? store_col_text(st, 1) : "(none)");
	}
	sqlite3_reset(st);
	return rc < 0 ? err->status : ESC_OK;
}
