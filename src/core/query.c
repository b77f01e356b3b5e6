/* Reading cases: the list's filter and counts, and one case with its whole
 * history.  The list's pages are in query_page.c. */
#include "escalate/query.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case_internal.h"
#include "escalate/action.h"
#include "escalate/amend.h"
#include "escalate/pattern.h"
#include "escalate/procedure_store.h"
#include "escalate/text.h"
#include "escalate/store.h"
#include "escalate/visibility.h"
#include "query_int.h"

#define SUMMARY_FROM " FROM cases c " SUMMARY_JOINS

/* The WHERE clause is assembled from these constant fragments only; every
 * value is a bound parameter. */
static const char COND_OPEN[] = "c.state = 1";
static const char COND_LEVEL[] = "c.level = :level";
static const char COND_LA[] = "c.la_id = (SELECT id FROM local_authorities WHERE name = :la)";
/* A count reads the theme's cases from case_themes_theme; a list in an
 * indexed order walks it and probes each case's themes, so its first page
 * comes at once. */
static const char COND_THEME[] =
    "c.id IN (SELECT ct.case_id FROM case_themes ct WHERE ct.theme_id = "
    "(SELECT id FROM themes WHERE name = :theme))";
static const char COND_THEME_PROBE[] =
    "EXISTS (SELECT 1 FROM case_themes ct WHERE ct.case_id = c.id AND ct.theme_id = "
    "(SELECT id FROM themes WHERE name = :theme))";
/* The unary + keeps the engine on the list's order (cases_open_since)
 * rather than sorting every overdue case for one page. */
static const char COND_OVERDUE[] = "c.state = 1 AND +c.level_due < :today";
static const char COND_OWNER[] = "c.owner_id = (SELECT id FROM staff WHERE login = :owner)";
/* A search: the reference, the child's identifier (a local id as typed, in
 * any case), the UUID, the decision and concern, and the names of the
 * people spoken with (contact rows, read through the (case_id, seq) index of
 * each case's history). */
static const char COND_SEARCH[] =
    "(c.ref = :q OR c.child_id = :q COLLATE NOCASE OR c.uuid = :q "
    "OR c.decision LIKE :like ESCAPE '\\' OR c.concern LIKE :like ESCAPE '\\' "
    "OR EXISTS (SELECT 1 FROM events e WHERE e.case_id = c.id AND e.kind = 'contact' "
    "AND e.person_name LIKE :like ESCAPE '\\'))";
static void add_cond(char *sql, size_t sz, bool *first, const char *cond)
{
	strncat(sql, *first ? " WHERE " : " AND ", sz - strlen(sql) - 1);
	strncat(sql, cond, sz - strlen(sql) - 1);
	*first = false;
}

/* Appends the filter's WHERE clause; true when it wrote one. */
esc_status query_restricted(esc_session *s, bool *restricted, esc_error *err)
{
	bool all = false;
	if (visibility_sees_all(s, &all, err) != ESC_OK)
		return err->status;
	*restricted = !all;
	return ESC_OK;
}

bool query_build_where(const esc_list_filter *f, bool restricted, char *sql, size_t sz,
                       bool for_count)
{
	/* Only an order that an index gives (age, newest) can stop at a page;
	 * the level order sorts every match, so there the theme's own list of
	 * cases is the smaller set to start from. */
	bool probe_theme = !for_count && f->sort != ESC_SORT_LEVEL;
	bool first = true;
	/* Actions and notifications owed outlive a case's closing. */
	if (!f->include_closed && !f->needs_action)
		add_cond(sql, sz, &first, COND_OPEN);
	if (f->level)
		add_cond(sql, sz, &first, COND_LEVEL);
	if (f->local_authority && *f->local_authority)
		add_cond(sql, sz, &first, COND_LA);
	if (f->theme && *f->theme)
		add_cond(sql, sz, &first, probe_theme ? COND_THEME_PROBE : COND_THEME);
	if (f->overdue_only)
		add_cond(sql, sz, &first, COND_OVERDUE);
	if (f->owner_login && *f->owner_login)
		add_cond(sql, sz, &first, COND_OWNER);
	if (f->search && *f->search)
		add_cond(sql, sz, &first, COND_SEARCH);
	if (f->needs_action)
		add_cond(sql, sz, &first, QUERY_COND_NEEDS);
	if (restricted)
		add_cond(sql, sz, &first, ESC_VIS_CONDITION);
	return !first;
}

/* Ten digits written with spaces or dashes between them (and around), as
 * people copy an NHS number: their digits in out (11 bytes). */
static bool grouped_nhs(const char *q, char out[11])
{
	int n = 0;
	bool grouped = false;
	for (; *q; q++) {
		if (*q >= '0' && *q <= '9') {
			if (n == 10)
				return false;
			out[n++] = *q;
		} else if (*q == ' ' || *q == '-') {
			grouped = grouped || n > 0;
		} else {
			return false;
		}
	}
	out[n] = '\0';
	return n == 10 && grouped;
}

/* "%text%" with LIKE's wildcards escaped, so a search is literal. */
static char *like_pattern(const char *q)
{
	size_t n = strlen(q);
	char *p = malloc(2 * n + 3), *o = p;
	if (!p)
		return NULL;
	*o++ = '%';
	for (; *q; q++) {
		if (*q == '%' || *q == '_' || *q == '\\')
			*o++ = '\\';
		*o++ = *q;
	}
	*o++ = '%';
	*o = '\0';
	return p;
}

esc_status query_bind_filter(esc_session *s, sqlite3_stmt *st, const esc_list_filter *f,
                             bool restricted, const char *today, esc_error *err)
{
	if (restricted && visibility_bind(s, st, err) != ESC_OK)
		return err->status;
	if ((f->level && store_bind_int(st, ":level", f->level, err)) ||
	    (f->local_authority && *f->local_authority &&
	     store_bind_text(st, ":la", f->local_authority, err)) ||
	    (f->theme && *f->theme && store_bind_text(st, ":theme", f->theme, err)) ||
	    ((f->overdue_only || f->needs_action) && store_bind_text(st, ":today", today, err)) ||
	    (f->owner_login && *f->owner_login && store_bind_text(st, ":owner", f->owner_login, err)))
		return err->status;
	if (f->needs_action && query_bind_needs(s, st, err) != ESC_OK)
		return err->status;
	if (f->search && *f->search) {
		char *like = like_pattern(f->search);
		if (!like)
			return esc_fail(err, ESC_EINTERNAL, "", "out of memory");
		/* An NHS number is stored as its ten digits: "943 476 5919" and
		 * "943-476-5919" find it as escalate prints it (issue 13). */
		char nhs[11];
		const char *q = grouped_nhs(f->search, nhs) ? nhs : f->search;
		esc_status rc = store_bind_text(st, ":q", q, err);
		if (rc == ESC_OK)
			rc = store_bind_text(st, ":like", like, err);
		free(like);
		return rc;
	}
	return ESC_OK;
}

void query_summary_from_row(esc_session *s, sqlite3_stmt *st, const char *today,
                            esc_case_summary *r)
{
	memset(r, 0, sizeof *r);
	r->id = sqlite3_column_int64(st, 0);
	r->seq = sqlite3_column_int64(st, 1);
	snprintf(r->ref, sizeof r->ref, "%s", store_col_text(st, 2));
	snprintf(r->uuid, sizeof r->uuid, "%s", store_col_text(st, 3));
	r->state = (esc_state)sqlite3_column_int(st, 4);
	r->level = sqlite3_column_int(st, 5);
	snprintf(r->child_id, sizeof r->child_id, "%s", store_col_text(st, 6));
	snprintf(r->local_authority, sizeof r->local_authority, "%s", store_col_text(st, 7));
	snprintf(r->first_theme, sizeof r->first_theme, "%s", store_col_text(st, 8));
	snprintf(r->owner_login, sizeof r->owner_login, "%s", store_col_text(st, 9));
	snprintf(r->owner_name, sizeof r->owner_name, "%s", store_col_text(st, 16));
	snprintf(r->opened_at, sizeof r->opened_at, "%s", store_col_text(st, 10));
	snprintf(r->level_since, sizeof r->level_since, "%s", store_col_text(st, 11));
	snprintf(r->level_due, sizeof r->level_due, "%s", store_col_text(st, 12));
	r->urgent = sqlite3_column_int(st, 13) != 0;
	r->owed = sqlite3_column_int(st, 14) != 0;
	r->procedure_id = sqlite3_column_int64(st, 17);
	esc_error none;
	if (procedure_get(s->db, r->procedure_id, &r->proc, &none) != ESC_OK)
		r->proc = NULL; /* verify names the missing row; the case reads as the default's */
	char now_ts[ESC_TS_LEN + 1];
	session_now(s, now_ts);
	r->overdue = r->state == ESC_STATE_OPEN && proc_due_passed(r->level_due, today, now_ts);
	/* A closed case stopped waiting at its level when it closed. */
	esc_day since = esc_timestamp_day(r->level_since);
	esc_day now = r->state == ESC_STATE_OPEN ? esc_timestamp_day(today)
	                                         : esc_timestamp_day(store_col_text(st, 15));
	r->days_at_level = since >= 0 ? esc_working_days_between(since, now, &s->holidays) : 0;
}

static esc_status count_cases(esc_session *s, const esc_list_filter *f, long cap, long *count,
                              esc_error *err)
{
	char sql[8192], today[ESC_DATE_LEN + 1];
	bool restricted;
	if (query_restricted(s, &restricted, err) != ESC_OK)
		return err->status;
	snprintf(sql, sizeof sql, "%s",
	         cap > 0 ? "SELECT count(*) FROM (SELECT 1 FROM cases c"
	                 : "SELECT count(*) FROM cases c");
	esc_day_format(session_today(s), today);
	query_build_where(f, restricted, sql, sizeof sql, true);
	if (cap > 0)
		strncat(sql, " LIMIT :cap)", sizeof sql - strlen(sql) - 1);
	sqlite3_stmt *st = store_prepare(s->db, sql, err);
	if (!st || query_bind_filter(s, st, f, restricted, today, err) ||
	    (cap > 0 && store_bind_int(st, ":cap", cap, err)))
		return err->status;
	int rc = store_step(s->db, st, err);
	if (rc == SQLITE_ROW)
		*count = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? ESC_OK : err->status;
}

esc_status query_count(esc_session *s, const esc_list_filter *f, long *count, esc_error *err)
{
	return count_cases(s, f, 0, count, err);
}

esc_status query_count_upto(esc_session *s, const esc_list_filter *f, long cap, long *count,
                            esc_error *err)
{
	if (cap <= 0)
		return esc_fail(err, ESC_EINTERNAL, "", "query_count_upto: cap must be positive");
	return count_cases(s, f, cap, count, err);
}

/* strdup that remembers a failure, so a load can fail once at the end. */
static char *dup_text(sqlite3_stmt *st, int col, bool *oom)
{
	char *p = strdup(store_col_text(st, col));
	if (!p)
		*oom = true;
	return p;
}

static esc_status load_header(esc_session *s, long long id, esc_case *c, const char *today,
                              bool *oom, esc_error *err)
{
	sqlite3_stmt *st = store_prepare(
	    s->db,
	    SUMMARY_COLUMNS ", c.child_kind, c.team, c.agency, c.decision, c.concern, s.name, "
	                    "c.owed, c.concern_remains, s.role" SUMMARY_FROM
	                    "WHERE c.id = :id",
	    err);
	if (!st || store_bind_int(st, ":id", id, err))
		return err->status;
	int rc = store_step(s->db, st, err);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return rc < 0 ? err->status
		              : esc_fail(err, ESC_ENOTFOUND, "case", "case: no case with id %lld", id);
	}
	query_summary_from_row(s, st, today, &c->sum);
	/* The summary's columns come first (SUMMARY_COLUMNS, 18 of them). */
	c->child_kind = (esc_child_kind)sqlite3_column_int(st, 18);
	c->team = dup_text(st, 19, oom);
	c->agency = dup_text(st, 20, oom);
	c->decision = dup_text(st, 21, oom);
	c->concern = dup_text(st, 22, oom);
	c->owner_name = dup_text(st, 23, oom);
	unsigned owed = (unsigned)sqlite3_column_int(st, 24);
	c->owed_designated = (owed & (1u << ESC_NOTIFY_DESIGNATED)) != 0;
	c->owed_chair = (owed & (1u << ESC_NOTIFY_CHAIR)) != 0;
	c->concern_remains = sqlite3_column_int(st, 25) != 0;
	c->owner_role = (esc_role)sqlite3_column_int(st, 26);
	sqlite3_reset(st);
	return ESC_OK;
}

/* Grows an array by doubling; false on allocation failure. */
static bool grow(void **items, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return true;
	size_t n = *cap ? *cap * 2 : 8;
	while (n < need)
		n *= 2;
	void *p = realloc(*items, n * size);
	if (!p)
		return false;
	*items = p;
	*cap = n;
	return true;
}

static esc_status load_themes(esc_session *s, long long id, esc_case *c, bool *oom,
                              esc_error *err)
{
	size_t cap = 0;
	sqlite3_stmt *st = store_prepare(
	    s->db,
	    "SELECT t.name FROM case_themes ct JOIN themes t ON t.id = ct.theme_id "
	    "JOIN cases c ON c.id = ct.case_id WHERE ct.case_id = :id "
	    "ORDER BY t.id <> c.first_theme_id, t.name",
	    err);
	if (!st || store_bind_int(st, ":id", id, err))
		return err->status;
	int rc;
	while ((rc = store_step(s->db, st, err)) == SQLITE_ROW) {
		if (!grow((void **)&c->themes, &cap, c->nthemes + 1, sizeof *c->themes)) {
			*oom = true;
			break;
		}
		c->themes[c->nthemes++] = dup_text(st, 0, oom);
	}
	sqlite3_reset(st);
	return rc < 0 ? err->status : ESC_OK;
}

static void event_from_row(sqlite3_stmt *st, const esc_procedure *proc, esc_event *e,
                           bool *oom)
{
	memset(e, 0, sizeof *e);
	e->id = sqlite3_column_int64(st, 0);
	e->seq = sqlite3_column_int64(st, 1);
	int kind = esc_event_parse(store_col_text(st, 2));
	e->kind = kind < 0 ? ESC_EV_NOTE : (esc_event_kind)kind;
	snprintf(e->at, sizeof e->at, "%s", store_col_text(st, 3));
	snprintf(e->actor_login, sizeof e->actor_login, "%s", store_col_text(st, 4));
	e->actor_name = dup_text(st, 5, oom);
	e->actor_role = (esc_role)sqlite3_column_int(st, 6);
	e->level_before = sqlite3_column_int(st, 7);
	e->level_after = sqlite3_column_int(st, 8);
	e->state_after = (esc_state)sqlite3_column_int(st, 9);
	e->text = dup_text(st, 10, oom);
	snprintf(e->occurred_at, sizeof e->occurred_at, "%s", store_col_text(st, 11));
	e->person_name = dup_text(st, 12, oom);
	e->person_role = dup_text(st, 13, oom);
	e->person_org = dup_text(st, 14, oom);
	e->concern_remains = sqlite3_column_int(st, 15) != 0;
	e->proc = proc;
	e->notify = proc_notify_parse(proc, store_col_text(st, 16));
	e->whom = dup_text(st, 17, oom);
	e->how = dup_text(st, 18, oom);
	snprintf(e->informed_at, sizeof e->informed_at, "%s", store_col_text(st, 19));
	e->not_needed = sqlite3_column_int(st, 20) != 0;
	snprintf(e->hash, sizeof e->hash, "%s", store_col_text(st, 21));
	e->amend_field = esc_amend_field_parse(store_col_text(st, 22));
	e->amend_seq = sqlite3_column_int64(st, 23);
	if (e->amend_field) {
		e->old_value = dup_text(st, 24, oom);
		e->new_value = dup_text(st, 25, oom);
	}
}

static esc_status load_events(esc_session *s, long long id, esc_case *c, bool *oom,
                              esc_error *err)
{
	size_t cap = 0;
	sqlite3_stmt *st = store_prepare(
	    s->db,
	    "SELECT e.id, e.seq, e.kind, e.at, s.login, s.name, s.role, e.level_before, "
	    "e.level_after, e.state_after, e.text, e.occurred_at, e.person_name, e.person_role, "
	    "e.person_org, e.concern_remains, e.notify, e.whom, e.how, e.informed_at, "
	    "e.not_needed, e.hash, e.amend_field, e.amend_seq, e.old_value, e.new_value "
	    "FROM events e JOIN staff s ON s.id = e.actor_id "
	    "WHERE e.case_id = :id ORDER BY e.seq",
	    err);
	if (!st || store_bind_int(st, ":id", id, err))
		return err->status;
	int rc;
	while ((rc = store_step(s->db, st, err)) == SQLITE_ROW) {
		if (!grow((void **)&c->events, &cap, c->nevents + 1, sizeof *c->events)) {
			*oom = true;
			break;
		}
		event_from_row(st, c->sum.proc, &c->events[c->nevents++], oom);
	}
	sqlite3_reset(st);
	return rc < 0 ? err->status : ESC_OK;
}

/* Agreed actions are attached to their contact, with their status
 * (action_each: the one reading of an action); one is overdue when it is
 * still open past its due date, whatever the case has done since. */
typedef struct action_load {
	esc_case *c;
	size_t ev, cap;
	bool *oom;
} action_load;

static char *dup_str(const char *s, bool *oom)
{
	char *p = strdup(s ? s : "");
	if (!p)
		*oom = true;
	return p;
}

static bool attach_action(const esc_action_row *r, void *ctx)
{
	action_load *l = ctx;
	esc_case *c = l->c;
	while (l->ev < c->nevents && c->events[l->ev].id != r->event_id) {
		l->ev++;
		l->cap = 0;
	}
	if (l->ev == c->nevents)
		return false;
	esc_event *e = &c->events[l->ev];
	if (!grow((void **)&e->actions, &l->cap, e->nactions + 1, sizeof *e->actions)) {
		*l->oom = true;
		return false;
	}
	esc_action *a = &e->actions[e->nactions++];
	memset(a, 0, sizeof *a);
	a->number = r->number;
	a->text = dup_str(r->text, l->oom);
	a->owner = dup_str(r->owner, l->oom);
	a->owner_org = dup_str(r->owner_org, l->oom);
	snprintf(a->owner_login, sizeof a->owner_login, "%s", r->owner_login);
	snprintf(a->due, sizeof a->due, "%s", r->due);
	a->overdue = r->overdue;
	a->status = r->status;
	snprintf(a->closed_at, sizeof a->closed_at, "%s", r->closed_at);
	a->closed_by = dup_str(r->closed_by, l->oom);
	a->note = dup_str(r->note, l->oom);
	c->open_actions += r->status == ESC_ACTION_OPEN;
	return !*l->oom;
}

static esc_status load_actions(esc_session *s, long long id, esc_case *c, bool *oom,
                               esc_error *err)
{
	action_load l = {.c = c, .oom = oom};
	esc_action_filter f = {.case_id = id};
	return action_each(s, &f, attach_action, &l, err);
}

esc_status query_case(esc_session *s, long long id, esc_case *out, esc_error *err)
{
	char today[ESC_DATE_LEN + 1];
	bool oom = false;
	memset(out, 0, sizeof *out);
	esc_day_format(session_today(s), today);
	if (load_header(s, id, out, today, &oom, err) || load_themes(s, id, out, &oom, err) ||
	    load_events(s, id, out, &oom, err) || load_actions(s, id, out, &oom, err) ||
	    amend_apply_summaries(out, err)) {
		esc_case_free(out);
		return err->status;
	}
	if (oom) {
		esc_case_free(out);
		return esc_fail(err, ESC_EINTERNAL, "", "out of memory loading the case");
	}
	return ESC_OK;
}

void esc_case_free(esc_case *c)
{
	if (!c)
		return;
	free(c->team);
	free(c->agency);
	free(c->decision);
	free(c->concern);
	free(c->owner_name);
	for (size_t i = 0; i < c->nthemes; i++)
		free(c->themes[i]);
	free(c->themes);
	for (size_t i = 0; i < c->nevents; i++) {
		esc_event *e = &c->events[i];
		free(e->actor_name);
		free(e->text);
		free(e->person_name);
		free(e->person_role);
		free(e->person_org);
		free(e->whom);
		free(e->how);
		free(e->old_value);
		free(e->new_value);
		for (size_t j = 0; j < e->nactions; j++) {
			free(e->actions[j].text);
			free(e->actions[j].owner);
			free(e->actions[j].owner_org);
			free(e->actions[j].closed_by);
			free(e->actions[j].note);
		}
		free(e->actions);
	}
	free(c->events);
	memset(c, 0, sizeof *c);
}
