/* "Needs my action": the condition every list, count and page of that view
 * carries, what it binds, and each row's reasons. */
#include "escalate/query.h"

#include <stdio.h>
#include <string.h>

#include "case_internal.h"
#include "escalate/pattern.h"
#include "escalate/procedure_store.h"
#include "escalate/store.h"
#include "escalate/text.h"
#include "query_int.h"

/* "Needs my action" (SPEC §7): a case is in a person's view exactly when
 * there is something they may do on it that is due.  Who may do what comes
 * from the procedure table: proc_needs_scope turns it into bit masks over
 * levels (and notifications per level) for this person, bound here, so the
 * SQL states no rule of its own; proc_needs gives each row's reasons and a
 * test checks the two agree over every case and login.  The union's sets are
 * each read from an index (cases_owner, cases_open_due, live_actions_owner,
 * cases_owed); a set whose mask is 0 is skipped before it is scanned. */
const char QUERY_COND_NEEDS[] =
    "c.id IN ("
    "SELECT o.id FROM cases o WHERE :lvown <> 0 AND o.owner_id = :me AND o.state = 1 "
    "AND +o.level_due < :today AND (:lvown >> o.level) & 1 AND o.procedure_id IS NULL "
    "UNION ALL SELECT o.id FROM cases o WHERE :lvany <> 0 AND o.state = 1 "
    "AND o.level_due < :today AND (:lvany >> o.level) & 1 AND o.procedure_id IS NULL "
    "UNION ALL SELECT l.case_id FROM live_actions l "
    "WHERE l.owner_staff_id = :me AND l.due <= :today "
    "UNION ALL SELECT w.id FROM cases w WHERE w.owed <> 0 AND (w.owed & ((CASE WHEN "
    "w.owner_id = :me THEN :nown ELSE :nany END) >> (w.level * 4)) & 15) <> 0 "
    "AND w.procedure_id IS NULL "
    /* Cases pinned to a loaded procedure (few; their own index): the same
     * two questions, against that procedure's scope, bound as lists of
     * ",PROCEDURE:LEVEL," (and ",PROCEDURE:LEVEL:NOTIFY,") pairs. */
    "UNION ALL SELECT p.id FROM cases p INDEXED BY cases_pinned WHERE p.procedure_id IS NOT NULL "
    "AND p.state = 1 "
    "AND (CASE WHEN length(p.level_due) > 10 THEN p.level_due < :now "
    "ELSE p.level_due < :today END) "
    "AND instr(CASE WHEN p.owner_id = :me THEN :plvown ELSE :plvany END, "
    "',' || p.procedure_id || ':' || p.level || ',') "
    "UNION ALL SELECT p.id FROM cases p INDEXED BY cases_pinned WHERE p.procedure_id IS NOT NULL "
    "AND p.owed <> 0 "
    "AND ((p.owed >> 1) & 1 AND instr(CASE WHEN p.owner_id = :me THEN :pnown ELSE :pnany END, "
    "',' || p.procedure_id || ':' || p.level || ':1,') "
    "OR (p.owed >> 2) & 1 AND instr(CASE WHEN p.owner_id = :me THEN :pnown ELSE :pnany END, "
    "',' || p.procedure_id || ':' || p.level || ':2,')) "
    "UNION ALL SELECT * FROM (" ESC_PATTERN_MEMBERS_SQL " AND :pattern <> 0))";

/* The needs scope of every loaded procedure for one actor, as the lists
 * COND_NEEDS binds. */
typedef struct pinned_scope {
	const esc_actor *actor;
	esc_buf lvany, lvown, nany, nown;
} pinned_scope;

static bool add_pinned_scope(const esc_procedure_row *r, void *ctx)
{
	pinned_scope *ps = ctx;
	if (!r->id)
		return true; /* the shipped default: the masks above */
	esc_needs_scope sc;
	proc_needs_scope(r->p, ps->actor, &sc);
	for (int l = ESC_LEVEL_MIN; l <= r->p->stage_count; l++) {
		if ((sc.levels_any >> l) & 1)
			esc_buf_printf(&ps->lvany, "%lld:%d,", r->id, l);
		if ((sc.levels_owner >> l) & 1)
			esc_buf_printf(&ps->lvown, "%lld:%d,", r->id, l);
		for (int n = ESC_NOTIFY_DESIGNATED; n < ESC_NOTIFY_PATTERN; n++) {
			if ((sc.notify_any >> (l * 4 + n)) & 1)
				esc_buf_printf(&ps->nany, "%lld:%d:%d,", r->id, l, n);
			if ((sc.notify_owner >> (l * 4 + n)) & 1)
				esc_buf_printf(&ps->nown, "%lld:%d:%d,", r->id, l, n);
		}
	}
	return true;
}

static esc_status bind_pinned_scope(esc_session *s, sqlite3_stmt *st, const esc_actor *actor,
                                    esc_error *err)
{
	pinned_scope ps = {.actor = actor};
	esc_buf *all[] = {&ps.lvany, &ps.lvown, &ps.nany, &ps.nown};
	static const char *const names[] = {":plvany", ":plvown", ":pnany", ":pnown"};
	for (int i = 0; i < 4; i++) {
		esc_buf_init(all[i]);
		esc_buf_puts(all[i], ",");
	}
	esc_status rc = procedure_each(s->db, add_pinned_scope, &ps, err);
	char now[ESC_TS_LEN + 1];
	session_now(s, now);
	if (rc == ESC_OK)
		rc = store_bind_text(st, ":now", now, err);
	for (int i = 0; i < 4; i++) {
		if (rc == ESC_OK)
			rc = store_bind_text(st, names[i], all[i]->data, err);
		esc_buf_free(all[i]);
	}
	return rc;
}

esc_status query_bind_needs(esc_session *s, sqlite3_stmt *st, esc_error *err)
{
	esc_actor actor = staff_actor(&s->me);
	esc_needs_scope scope;
	proc_needs_scope(NULL, &actor, &scope);
	int threshold;
	char since[ESC_TS_LEN + 1];
	pattern_window(s, &threshold, since);
	if (store_bind_int(st, ":me", s->me.id, err) ||
	    store_bind_int(st, ":pattern", scope.pattern, err) ||
	    store_bind_text(st, ":psince", since, err) ||
	    store_bind_int(st, ":pthreshold", threshold, err) ||
	    store_bind_int(st, ":lvown", scope.levels_owner, err) ||
	    store_bind_int(st, ":lvany", scope.levels_any, err) ||
	    store_bind_int(st, ":nown", (long long)scope.notify_owner, err) ||
	    store_bind_int(st, ":nany", (long long)scope.notify_any, err) ||
	    bind_pinned_scope(s, st, &actor, err))
		return err->status;
	return ESC_OK;
}

esc_status query_needs_explain(esc_session *s, esc_case_summary *rows, int nrows,
                               esc_error *err)
{
	char today[ESC_DATE_LEN + 1], since[ESC_TS_LEN + 1], now[ESC_TS_LEN + 1];
	int threshold;
	esc_day_format(session_today(s), today);
	session_now(s, now);
	pattern_window(s, &threshold, since);
	esc_actor actor = staff_actor(&s->me);
	for (int i = 0; i < nrows; i++) {
		esc_case_state cs;
		if (case_state(s->db, rows[i].id, &cs, NULL, err) != ESC_OK)
			return err->status;
		sqlite3_stmt *st = store_prepare(
		    s->db,
		    "SELECT EXISTS (SELECT 1 FROM live_actions WHERE case_id = :case "
		    "AND owner_staff_id = :me AND due <= :today), "
		    ":case IN (" ESC_PATTERN_MEMBERS_SQL " AND m.id = :case)",
		    err);
		if (!st || store_bind_int(st, ":case", rows[i].id, err) ||
		    store_bind_int(st, ":me", s->me.id, err) ||
		    store_bind_text(st, ":today", today, err) ||
		    store_bind_text(st, ":psince", since, err) ||
		    store_bind_int(st, ":pthreshold", threshold, err))
			return err->status;
		int rc = store_step(s->db, st, err);
		bool due = rc == SQLITE_ROW && sqlite3_column_int(st, 0);
		bool in_pattern = rc == SQLITE_ROW && sqlite3_column_int(st, 1);
		sqlite3_reset(st);
		if (rc < 0)
			return err->status;
		rows[i].needs = proc_needs(&cs, &actor, today, now, due, in_pattern);
	}
	return ESC_OK;
}

