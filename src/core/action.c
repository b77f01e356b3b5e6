/* Agreed actions: written with their discussion, owned by a staff member or
 * a named outside person, open until done or dropped.  live_actions keeps
 * the open ones for "needs my action"; verify rebuilds it. */
#include "escalate/action.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "case_internal.h"
#include "escalate/audit.h"
#include "escalate/calendar.h"
#include "escalate/staff.h"
#include "escalate/store.h"
#include "escalate/validate.h"
#include "escalate/visibility.h"

const char *esc_action_status_name(esc_action_status st)
{
	switch (st) {
	case ESC_ACTION_DONE: return "done";
	case ESC_ACTION_DROPPED: return "dropped";
	default: return "open";
	}
}

typedef struct action_owner {
	long long staff_id; /* 0: outside escalate */
	char name[ESC_SHORT_MAX + 1];
	char org[ESC_SHORT_MAX + 1];
} action_owner;

/* A staff member by login, else by exact name (case-insensitive), when
 * exactly one matches. */
static esc_status find_staff(esc_db *db, const char *who, size_t len, action_owner *o,
                             bool *found, esc_error *err)
{
	sqlite3_stmt *st = store_prepare(
	    db,
	    "SELECT id, name, organisation FROM staff WHERE active = 1 AND (login = :who "
	    "OR name = :who COLLATE NOCASE) ORDER BY login = :who DESC, id LIMIT 2",
	    err);
	char key[ESC_SHORT_MAX + 1];
	snprintf(key, sizeof key, "%.*s", (int)len, who);
	if (!st || store_bind_text(st, ":who", key, err))
		return err->status;
	*found = false;
	int rc = store_step(db, st, err);
	if (rc == SQLITE_ROW) {
		o->staff_id = sqlite3_column_int64(st, 0);
		snprintf(o->name, sizeof o->name, "%s", store_col_text(st, 1));
		snprintf(o->org, sizeof o->org, "%s", store_col_text(st, 2));
		*found = true;
		rc = store_step(db, st, err);
		if (rc == SQLITE_ROW && strcmp(key, store_col_text(st, 1)) == 0)
			*found = false; /* two staff of that name and neither's login */
	}
	sqlite3_reset(st);
	return rc < 0 ? err->status : ESC_OK;
}

static esc_status resolve_owner(esc_db *db, const esc_action_input *a, size_t i,
                                action_owner *o, esc_error *err)
{
	memset(o, 0, sizeof *o);
	bool found = false;
	if (a->owner_staff_id) {
		esc_staff st;
		if (staff_get(db, a->owner_staff_id, &st, err) != ESC_OK)
			return err->status;
		o->staff_id = st.id;
		snprintf(o->name, sizeof o->name, "%s", st.name);
		snprintf(o->org, sizeof o->org, "%s", st.organisation);
		return ESC_OK;
	}
	const char *who = a->owner ? a->owner : "";
	if (find_staff(db, who, strlen(who), o, &found, err) != ESC_OK || found)
		return err->status;
	/* "Name, Organisation": a staff member named so, or someone outside. */
	const char *comma = strrchr(who, ',');
	if (comma && comma > who) {
		if (find_staff(db, who, (size_t)(comma - who), o, &found, err) != ESC_OK || found)
			return err->status;
		const char *org = comma + 1;
		if (*org == ' ')
			org++;
		snprintf(o->name, sizeof o->name, "%.*s", (int)(comma - who), who);
		snprintf(o->org, sizeof o->org, "%s", org);
	} else if (a->owner_org && *a->owner_org) {
		snprintf(o->name, sizeof o->name, "%s", who);
		snprintf(o->org, sizeof o->org, "%s", a->owner_org);
	}
	if (!o->name[0])
		snprintf(o->name, sizeof o->name, "%s", who);
	/* Someone outside escalate: their organisation when given ("Name,
	 * Organisation"); a name alone is still a person to chase. */
	(void)i;
	return esc_check_text("action-owner", o->org, ESC_SHORT_MAX, false, false, err);
}

#define ACTION_PARAMS ":event, :case, :level, :text, :owner, :due, :kind, :staff, :org"

esc_status action_due_check(const char *due, esc_day agreed, size_t index, esc_day *day,
                            esc_error *err)
{
	int minute;
	char shown[ESC_DATE_LEN + 1], from[ESC_DATE_LEN + 1];
	if (!due || !*due)
		return esc_fail(err, ESC_EINVALID, "action-due",
		                "action-due: agreed action %zu needs a due date", index + 1);
	if (esc_date_parse(due, "action-due", day, &minute, err) != ESC_OK)
		return err->status;
	/* SPEC section 7: an action is due no earlier than its discussion. */
	if (agreed >= 0 && *day < agreed) {
		esc_day_format(*day, shown);
		esc_day_format(agreed, from);
		return esc_fail(err, ESC_EINVALID, "action-due",
		                "action-due: agreed action %zu is due %s, before the discussion "
		                "it came from (%s)",
		                index + 1, shown, from);
	}
	return ESC_OK;
}

esc_status action_insert_agreed(esc_session *s, long long event_id, long long case_id,
                                int level, const esc_event_input *in, const char *occurred,
                                esc_error *err)
{
	esc_day agreed = esc_timestamp_day(occurred);
	for (size_t i = 0; i < in->nactions; i++) {
		const esc_action_input *a = &in->actions[i];
		action_owner o;
		esc_day d = 0;
		char due[ESC_DATE_LEN + 1];
		if (action_due_check(a->due, agreed, i, &d, err) != ESC_OK ||
		    resolve_owner(s->db, a, i, &o, err) != ESC_OK)
			return err->status;
		esc_day_format(d, due);
		sqlite3_stmt *st = store_prepare(
		    s->db,
		    "INSERT INTO actions(" ESC_HASHED_ACTION_COLUMNS_V2 ", hash) VALUES (" ACTION_PARAMS
		    ", esc_hash((SELECT hash FROM events WHERE id = :event), " ACTION_PARAMS "))",
		    err);
		if (!st || store_bind_int(st, ":event", event_id, err) ||
		    store_bind_int(st, ":case", case_id, err) ||
		    store_bind_int(st, ":level", level, err) ||
		    store_bind_text(st, ":text", a->text, err) ||
		    store_bind_text(st, ":owner", o.name, err) ||
		    store_bind_text(st, ":due", due, err) ||
		    store_bind_int(st, ":kind", o.staff_id ? 1 : 2, err) ||
		    (o.staff_id ? store_bind_int(st, ":staff", o.staff_id, err)
		                : store_bind_null(st, ":staff", err)) ||
		    store_bind_text(st, ":org", o.org, err) || store_exec_stmt(s->db, st, err))
			return err->status;
		long long action_id = sqlite3_last_insert_rowid(store_handle(s->db));
		st = store_prepare(s->db,
		                   "INSERT INTO live_actions(action_id, case_id, owner_staff_id, due) "
		                   "VALUES (:id, :case, :staff, :due)",
		                   err);
		if (!st || store_bind_int(st, ":id", action_id, err) ||
		    store_bind_int(st, ":case", case_id, err) ||
		    (o.staff_id ? store_bind_int(st, ":staff", o.staff_id, err)
		                : store_bind_null(st, ":staff", err)) ||
		    store_bind_text(st, ":due", due, err) || store_exec_stmt(s->db, st, err))
			return err->status;
	}
	return ESC_OK;
}

/* The owner of an action written before migration 5 is matched from its text
 * as "needs my action" did then (ESC_LEGACY_ACTION_OWNER). */
#define ACTION_SELECT                                                                         \
	"SELECT a.id, a.case_id, a.event_id, c.ref, "                                                         \
	"(SELECT count(*) FROM actions b WHERE b.case_id = a.case_id AND b.id <= a.id), "         \
	"a.level, e.at, a.text, a.owner, coalesce(a.owner_org, ''), "                             \
	"coalesce(os.login, ''), coalesce(os.id, 0), a.due, coalesce(u.status, 'open'), "         \
	"coalesce(u.at, ''), coalesce(us.name, ''), coalesce(u.note, '') "                        \
	"FROM actions a JOIN cases c ON c.id = a.case_id JOIN events e ON e.id = a.event_id "     \
	"LEFT JOIN staff os ON os.id = CASE WHEN a.owner_kind IS NULL THEN "                      \
	ESC_LEGACY_ACTION_OWNER " ELSE a.owner_staff_id END "                                     \
	"LEFT JOIN action_updates u ON u.action_id = a.id "                                      \
	"LEFT JOIN staff us ON us.id = u.actor_id "

static bool row_from(sqlite3_stmt *st, const char *today, esc_action_row *r)
{
	const char *status = store_col_text(st, 13);
	*r = (esc_action_row){
	    .id = sqlite3_column_int64(st, 0), .case_id = sqlite3_column_int64(st, 1),
	    .event_id = sqlite3_column_int64(st, 2),
	    .case_ref = store_col_text(st, 3), .number = sqlite3_column_int(st, 4),
	    .level = sqlite3_column_int(st, 5), .agreed_at = store_col_text(st, 6),
	    .text = store_col_text(st, 7), .owner = store_col_text(st, 8),
	    .owner_org = store_col_text(st, 9), .owner_login = store_col_text(st, 10),
	    .owner_staff_id = sqlite3_column_int64(st, 11), .due = store_col_text(st, 12),
	    .status = strcmp(status, "done") == 0      ? ESC_ACTION_DONE
	              : strcmp(status, "dropped") == 0 ? ESC_ACTION_DROPPED
	                                               : ESC_ACTION_OPEN,
	    .closed_at = store_col_text(st, 14), .closed_by = store_col_text(st, 15),
	    .note = store_col_text(st, 16)};
	r->overdue = r->status == ESC_ACTION_OPEN && strcmp(r->due, today) < 0;
	return true;
}

esc_status action_each(esc_session *s, const esc_action_filter *f, esc_action_cb cb,
                       void *ctx, esc_error *err)
{
	char today[ESC_DATE_LEN + 1];
	esc_day_format(session_today(s), today);
	/* The open ones come from live_actions (an owner's are found by its
	 * index); the others are only read for one case. */
	sqlite3_stmt *st;
	if (f->case_id)
		st = store_prepare(s->db,
		                   ACTION_SELECT "WHERE a.case_id = :case AND (:open = 0 OR u.id IS NULL) "
		                                 "AND (:overdue = 0 OR (u.id IS NULL AND a.due < :today)) "
		                                 "AND (:mine = 0 OR os.id = :me) ORDER BY a.id",
		                   err);
	else
		st = store_prepare(
		    s->db,
		    ACTION_SELECT "WHERE a.id IN (SELECT l.action_id FROM live_actions l WHERE "
		                  "(:mine = 0 OR l.owner_staff_id = :me) AND "
		                  "(:overdue = 0 OR l.due < :today)) AND :open = :open "
		                  "ORDER BY a.due, a.id",
		    err);
	if (!st || (f->case_id && store_bind_int(st, ":case", f->case_id, err)) ||
	    store_bind_int(st, ":open", f->open_only, err) ||
	    store_bind_int(st, ":overdue", f->overdue, err) ||
	    store_bind_text(st, ":today", today, err) || store_bind_int(st, ":mine", f->mine, err) ||
	    store_bind_int(st, ":me", s->me.id, err))
		return err->status;
	int rc;
	while ((rc = store_step(s->db, st, err)) == SQLITE_ROW) {
		esc_action_row r;
		row_from(st, today, &r);
		if (!cb(&r, ctx))
			break;
	}
	sqlite3_reset(st);
	return rc < 0 ? err->status : ESC_OK;
}

typedef struct found_action {
	bool found;
	long long id, owner_staff_id;
	esc_action_status status;
} found_action;

static bool take_numbered(const esc_action_row *a, void *ctx)
{
	found_action *f = ctx;
	f->found = true;
	f->id = a->id;
	f->owner_staff_id = a->owner_staff_id;
	f->status = a->status;
	return false;
}

static esc_status find_numbered(esc_session *s, long long case_id, int number, found_action *fa,
                                esc_error *err)
{
	sqlite3_stmt *st = store_prepare(
	    s->db,
	    ACTION_SELECT "WHERE a.id = (SELECT id FROM actions WHERE case_id = :case "
	                  "ORDER BY id LIMIT 1 OFFSET :skip)",
	    err);
	char today[ESC_DATE_LEN + 1];
	esc_day_format(session_today(s), today);
	if (!st || store_bind_int(st, ":case", case_id, err) ||
	    store_bind_int(st, ":skip", number - 1, err))
		return err->status;
	int rc = store_step(s->db, st, err);
	if (rc == SQLITE_ROW) {
		esc_action_row r;
		row_from(st, today, &r);
		take_numbered(&r, fa);
	}
	sqlite3_reset(st);
	return rc < 0 ? err->status : ESC_OK;
}

static esc_status close_in_tx(esc_session *s, long long case_id, int number, esc_event_kind ev,
                              const char *note, esc_error *err)
{
	esc_case_state cs;
	found_action fa = {0};
	char now[ESC_TS_LEN + 1], prev[65];
	if (case_state(s->db, case_id, &cs, NULL, err) != ESC_OK ||
	    find_numbered(s, case_id, number, &fa, err) != ESC_OK)
		return err->status;
	if (!fa.found)
		return esc_fail(err, ESC_ENOTFOUND, "action", "action: the case has no agreed action %d",
		                number);
	if (fa.status != ESC_ACTION_OPEN)
		return esc_refuse(err, ESC_EDENIED, ESC_WHY_STATE, "action",
		                  "action: agreed action %d is already %s", number,
		                  esc_action_status_name(fa.status));
	esc_actor actor = staff_actor(&s->me);
	if (proc_check_action(&cs, ev, &actor, fa.owner_staff_id, err) != ESC_OK)
		return err->status;
	session_now(s, now);
	if (audit_chain_head(s->db, AUDIT_CHAIN_ACTION_UPDATES, prev, err) != ESC_OK)
		return err->status;
	sqlite3_stmt *st = store_prepare(
	    s->db,
	    "INSERT INTO action_updates(" ESC_HASHED_ACTION_UPDATE_COLUMNS ", prev_hash, hash) "
	    "VALUES (:action, :case, :status, :at, :actor, :note, :prev, "
	    "esc_hash(:prev, :action, :case, :status, :at, :actor, :note))",
	    err);
	if (!st || store_bind_int(st, ":action", fa.id, err) ||
	    store_bind_int(st, ":case", case_id, err) ||
	    store_bind_text(st, ":status", ev == ESC_EV_ACTION_DONE ? "done" : "dropped", err) ||
	    store_bind_text(st, ":at", now, err) || store_bind_int(st, ":actor", s->me.id, err) ||
	    store_bind_text(st, ":note", note ? note : "", err) ||
	    store_bind_text(st, ":prev", prev, err) || store_exec_stmt(s->db, st, err))
		return err->status;
	st = store_prepare(s->db, "DELETE FROM live_actions WHERE action_id = :id", err);
	if (!st || store_bind_int(st, ":id", fa.id, err) || store_exec_stmt(s->db, st, err))
		return err->status;
	return ESC_OK;
}

esc_status action_close(esc_session *s, long long case_id, int number, esc_event_kind ev,
                        const char *note, esc_error *err)
{
	if (ev != ESC_EV_ACTION_DONE && ev != ESC_EV_ACTION_DROPPED)
		return esc_fail(err, ESC_EINTERNAL, "", "action_close: done or dropped");
	if (number < 1)
		return esc_fail(err, ESC_EUSAGE, "action", "action: give the action's number (1, 2, ...)");
	if (ev == ESC_EV_ACTION_DROPPED
	        ? esc_check_text("reason", note, ESC_LONG_MAX, true, true, err) != ESC_OK
	        : esc_check_text("note", note ? note : "", ESC_LONG_MAX, false, true, err) != ESC_OK)
		return err->status;
	if (visibility_check_case(s, case_id, "this case", err) != ESC_OK)
		return err->status;
	if (store_begin(s->db, err) != ESC_OK)
		return err->status;
	if (close_in_tx(s, case_id, number, ev, note, err) != ESC_OK) {
		store_rollback(s->db);
		return err->status;
	}
	return store_commit(s->db, err);
}
