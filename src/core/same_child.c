/* The open and recent cases of one child (same_child.h). */
#include "escalate/same_child.h"

#include <stdio.h>
#include <string.h>

#include "escalate/civil.h"
#include "escalate/store.h"
#include "escalate/visibility.h"

/* A case is the child's when its identifier is the same kind and value (a
 * local id compared without case: "rx-77" is RX-77); it counts while open,
 * or when its closing event is recent.  `vis` says whether the actor may
 * see it (1 when the actor sees everything). */
#define SAME_CHILD_SQL(VIS)                                                                        \
	"SELECT c.ref, c.state, c.level, la.name, c.opened_at, "                                   \
	"(SELECT max(e.at) FROM events e WHERE e.case_id = c.id AND e.kind IN "                    \
	"('resolved', 'withdrawn')) AS closed, " VIS " AS vis "                                    \
	"FROM cases c JOIN local_authorities la ON la.id = c.la_id "                               \
	"WHERE c.child_kind = :kind AND c.child_id = :child COLLATE NOCASE "                       \
	"AND (c.state = 1 OR closed >= :since) "                                                   \
	"ORDER BY c.opened_at DESC, c.id DESC"

esc_status case_same_child(esc_session *s, esc_child_kind kind, const char *child_id,
                           esc_same_child *out, esc_error *err)
{
	char id[ESC_CHILD_ID_MAX + 1], since[ESC_DATE_LEN + 1];
	bool all = false;
	memset(out, 0, sizeof *out);
	if (esc_child_id_check(kind, child_id, id, sizeof id, err) != ESC_OK ||
	    visibility_sees_all(s, &all, err) != ESC_OK)
		return err->status;
	/* Instants are UTC text ("YYYY-MM-DDTHH:MM:SSZ"): a day's date sorts
	 * before every instant of that day. */
	esc_day_format(session_today(s) - ESC_SAME_CHILD_DAYS, since);
	sqlite3_stmt *st = store_prepare(
	    s->db, all ? SAME_CHILD_SQL("1") : SAME_CHILD_SQL("(" ESC_VIS_CONDITION ")"), err);
	if (!st || store_bind_int(st, ":kind", kind, err) ||
	    store_bind_text(st, ":child", id, err) || store_bind_text(st, ":since", since, err) ||
	    (!all && visibility_bind(s, st, err)))
		return err->status;
	int rc;
	while ((rc = store_step(s->db, st, err)) == SQLITE_ROW) {
		if (!sqlite3_column_int(st, 6)) {
			out->hidden++;
			continue;
		}
		if (out->n == ESC_SAME_CHILD_SHOWN) {
			out->more++;
			continue;
		}
		esc_same_case *c = &out->cases[out->n++];
		snprintf(c->ref, sizeof c->ref, "%s", store_col_text(st, 0));
		c->state = (esc_state)sqlite3_column_int(st, 1);
		c->level = sqlite3_column_int(st, 2);
		snprintf(c->local_authority, sizeof c->local_authority, "%s",
		         store_col_text(st, 3));
		esc_instant_show(store_col_text(st, 4), ESC_DATE_LEN, c->opened);
		if (c->state != ESC_STATE_OPEN && sqlite3_column_type(st, 5) != SQLITE_NULL)
			esc_instant_show(store_col_text(st, 5), ESC_DATE_LEN, c->closed);
	}
	sqlite3_reset(st);
	return rc < 0 ? err->status : ESC_OK;
}

esc_status same_child_refuse(esc_session *s, esc_child_kind kind, const char *child_id,
                             esc_error *err)
{
	esc_same_child same;
	if (case_same_child(s, kind, child_id, &same, err) != ESC_OK)
		return err->status;
	long n = same_child_total(&same);
	if (n == 0)
		return ESC_OK;
	esc_fail(err, ESC_EDENIED, "again",
	         "this child already has %ld open or recently closed case%s (closed in the last "
	         "%d days): look at %s first",
	         n, n == 1 ? "" : "s", ESC_SAME_CHILD_DAYS, n == 1 ? "it" : "them");
	err->why = ESC_WHY_STEP;
	return err->status;
}

long same_child_total(const esc_same_child *c)
{
	return (long)c->n + c->more + c->hidden;
}

void same_child_describe(const esc_same_child *c, esc_buf *out)
{
	for (size_t i = 0; i < c->n; i++) {
		const esc_same_case *k = &c->cases[i];
		esc_buf_printf(out, "%s  %s at level %d, %s, opened %s", k->ref,
		               esc_state_name(k->state), k->level, k->local_authority, k->opened);
		if (k->closed[0])
			esc_buf_printf(out, ", closed %s", k->closed);
		esc_buf_puts(out, "\n");
	}
	if (c->more)
		esc_buf_printf(out, "and %ld more the same child has\n", c->more);
	if (c->hidden)
		esc_buf_printf(out,
		               "%s%ld case%s you may not see (another organisation's); the "
		               "designated professional can\n",
		               c->n || c->more ? "and " : "", c->hidden, c->hidden == 1 ? "" : "s");
}
