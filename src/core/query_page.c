/* The case list's pages.  A page is found in two steps (a deferred join,
 * list_rows): the ids first, by a query that reads only what an index holds
 * where the filter allows, so that a page deep in a million cases costs
 * little more than the first; then the full rows for those ids.  A reader
 * that holds a row of the list (the interface's window, `list` past its
 * first window) asks for the rows beside it instead of at an offset
 * (query_list_seek), which costs what the first page does anywhere. */
#include "escalate/query.h"

#include <stdio.h>
#include <string.h>

#include "escalate/store.h"
#include "escalate/procedure_file.h"
#include "query_int.h"

static const char *const sort_orders[] = {
    [ESC_SORT_AGE] = " ORDER BY c.level_since, c.id",
    [ESC_SORT_LEVEL] = " ORDER BY c.level DESC, c.level_since, c.id",
    [ESC_SORT_NEWEST] = " ORDER BY c.opened_at DESC, c.id DESC",
};
/* Each order backwards, for the rows before a given one (a page up). */
static const char *const sort_orders_back[] = {
    [ESC_SORT_AGE] = " ORDER BY c.level_since DESC, c.id DESC",
    [ESC_SORT_LEVEL] = " ORDER BY c.level, c.level_since DESC, c.id DESC",
    [ESC_SORT_NEWEST] = " ORDER BY c.opened_at, c.id",
};
/* Where a row stands in each order.  In the age and newest orders it is one
 * row-value comparison, which the engine turns into a range of the order's
 * index (a seek).  The level order mixes directions, so no index range
 * answers it: it is mostly sought level by level instead (level_by_level),
 * and this serves the rest. */
static const char *const key_after[] = {
    [ESC_SORT_AGE] = "(c.level_since, c.id) > (:k_since, :k_id)",
    [ESC_SORT_LEVEL] = "(c.level < :k_level OR (c.level = :k_level AND "
                       "(c.level_since, c.id) > (:k_since, :k_id)))",
    [ESC_SORT_NEWEST] = "(c.opened_at, c.id) < (:k_opened, :k_id)",
};
static const char *const key_before[] = {
    [ESC_SORT_AGE] = "(c.level_since, c.id) < (:k_since, :k_id)",
    [ESC_SORT_LEVEL] = "(c.level > :k_level OR (c.level = :k_level AND "
                       "(c.level_since, c.id) < (:k_since, :k_id)))",
    [ESC_SORT_NEWEST] = "(c.opened_at, c.id) > (:k_opened, :k_id)",
};

static esc_sort list_sort(const esc_list_filter *f)
{
	return (unsigned)f->sort <= ESC_SORT_NEWEST ? f->sort : ESC_SORT_AGE;
}

/* One page of the list, found in two steps (a deferred join).  The inner
 * query picks the page's case ids reading only the filter's and the order's
 * columns, so that the cases it steps over (an offset, or the filter's
 * misses) cost an index entry each, not a table row and three joins: where
 * an index holds every column it reads (the order's, the filter's and the
 * rowid) the plan is a covering scan.  The outer query then reads the full
 * rows, with their names, for those ids only, and puts them in the list's
 * order again.  `key` (a seek) starts the page next to a row instead of at
 * an offset; `dir` says on which side (before and no key: the last rows). */
static esc_status list_rows(esc_session *s, const esc_list_filter *f, const esc_case_summary *key,
                            esc_list_dir dir, long offset, int limit, esc_case_summary *rows,
                            int *nrows, esc_error *err)
{
	char sql[8192] = SUMMARY_COLUMNS " FROM (SELECT c.id FROM cases c", today[ESC_DATE_LEN + 1];
	esc_sort sort = list_sort(f);
	bool back = dir == ESC_LIST_BEFORE;
	*nrows = 0;
	if (limit <= 0)
		return ESC_OK;
	esc_day_format(session_today(s), today);
	bool restricted;
	if (query_restricted(s, &restricted, err) != ESC_OK)
		return err->status;
	bool where = query_build_where(f, restricted, sql, sizeof sql, false);
	if (key) {
		strncat(sql, where ? " AND " : " WHERE ", sizeof sql - strlen(sql) - 1);
		strncat(sql, back ? key_before[sort] : key_after[sort],
		        sizeof sql - strlen(sql) - 1);
	}
	strncat(sql, back ? sort_orders_back[sort] : sort_orders[sort],
	        sizeof sql - strlen(sql) - 1);
	strncat(sql, key ? " LIMIT :limit" : " LIMIT :limit OFFSET :offset",
	        sizeof sql - strlen(sql) - 1);
	strncat(sql, ") AS page JOIN cases c ON c.id = page.id " SUMMARY_JOINS,
	        sizeof sql - strlen(sql) - 1);
	strncat(sql, sort_orders[sort], sizeof sql - strlen(sql) - 1);
	if (strlen(sql) >= sizeof sql - 1)
		return esc_fail(err, ESC_EINTERNAL, "", "the list query is too long");

	sqlite3_stmt *st = store_prepare(s->db, sql, err);
	if (!st || query_bind_filter(s, st, f, restricted, today, err) ||
	    store_bind_int(st, ":limit", limit, err))
		return err->status;
	if (key ? store_bind_int(st, ":k_id", key->id, err) ||
	              (sort == ESC_SORT_NEWEST
	                   ? store_bind_text(st, ":k_opened", key->opened_at, err)
	                   : store_bind_text(st, ":k_since", key->level_since, err)) ||
	              (sort == ESC_SORT_LEVEL && store_bind_int(st, ":k_level", key->level, err))
	        : store_bind_int(st, ":offset", offset < 0 ? 0 : offset, err))
		return err->status;
	int rc = SQLITE_DONE;
	while (*nrows < limit && (rc = store_step(s->db, st, err)) == SQLITE_ROW)
		query_summary_from_row(s, st, today, &rows[(*nrows)++]);
	sqlite3_reset(st);
	return rc < 0 ? err->status : ESC_OK;
}

esc_status query_list(esc_session *s, const esc_list_filter *f, long offset, int limit,
                      esc_case_summary *rows, int *nrows, esc_error *err)
{
	return list_rows(s, f, NULL, ESC_LIST_AFTER, offset, limit, rows, nrows, err);
}

/* The level order is the age order within each level, the highest level
 * first.  For open cases (cases_level holds them by level and age) a seek
 * there is a seek in the anchor's own level and then whole levels further
 * on, each from its start (or, before the anchor, from its end), until the
 * page is full: each a range of the index. */
static esc_status seek_by_level(esc_session *s, const esc_list_filter *f,
                                const esc_case_summary *anchor, esc_list_dir dir, int limit,
                                esc_case_summary *rows, int *nrows, esc_error *err)
{
	bool after = dir == ESC_LIST_AFTER;
	int step = after ? -1 : 1, lv = after ? ESC_STAGES_MAX : ESC_LEVEL_MIN, have = 0;
	if (anchor && (after ? anchor->level <= ESC_STAGES_MAX : anchor->level >= ESC_LEVEL_MIN))
		lv = anchor->level;
	esc_list_filter lf = *f;
	lf.sort = ESC_SORT_AGE;
	*nrows = 0;
	for (; lv >= ESC_LEVEL_MIN && lv <= ESC_STAGES_MAX && have < limit; lv += step) {
		if (f->level && f->level != lv)
			continue;
		lf.level = lv;
		const esc_case_summary *key = anchor && anchor->level == lv ? anchor : NULL;
		int room = limit - have, got = 0;
		/* Before the anchor, each level found precedes the ones found
		 * already: they are gathered at the end of rows. */
		if (list_rows(s, &lf, key, dir, 0, room, after ? rows + have : rows, &got, err))
			return err->status;
		if (!after)
			memmove(rows + room - got, rows, (size_t)got * sizeof *rows);
		have += got;
	}
	if (!after)
		memmove(rows, rows + limit - have, (size_t)have * sizeof *rows);
	*nrows = have;
	return ESC_OK;
}

/* Whether a seek in the level order goes level by level: where each level's
 * cases are a range of an index (open cases: cases_level; every case, no
 * other filter: cases_level_since).  With closed cases and a narrower
 * filter, a level with few matches would be a walk of many cases, once per
 * level; there one statement that sorts the matches (key_after) costs one
 * scan at worst. */
static bool level_by_level(const esc_list_filter *f)
{
	bool narrow = (f->local_authority && *f->local_authority) || (f->theme && *f->theme) ||
	              f->overdue_only || (f->owner_login && *f->owner_login) ||
	              (f->search && *f->search) || f->needs_action;
	return !f->include_closed || !narrow;
}

esc_status query_list_seek(esc_session *s, const esc_list_filter *f, const esc_case_summary *anchor,
                           esc_list_dir dir, int limit, esc_case_summary *rows, int *nrows,
                           esc_error *err)
{
	*nrows = 0;
	if (dir != ESC_LIST_AFTER && dir != ESC_LIST_BEFORE)
		return esc_fail(err, ESC_EINTERNAL, "", "query_list_seek: no such direction %d",
		                (int)dir);
	if (limit <= 0)
		return ESC_OK;
	if (list_sort(f) == ESC_SORT_LEVEL && level_by_level(f))
		return seek_by_level(s, f, anchor, dir, limit, rows, nrows, err);
	return list_rows(s, f, anchor, dir, 0, limit, rows, nrows, err);
}

/* The keys of case `id` in every order; false when there is no such case. */
static esc_status position_key(esc_session *s, long long id, esc_case_summary *key, bool *exists,
                               esc_error *err)
{
	sqlite3_stmt *st = store_prepare(
	    s->db, "SELECT level, level_since, opened_at FROM cases WHERE id = :id", err);
	if (!st || store_bind_int(st, ":id", id, err))
		return err->status;
	int rc = store_step(s->db, st, err);
	*exists = rc == SQLITE_ROW;
	if (*exists) {
		*key = (esc_case_summary){.id = id, .level = sqlite3_column_int(st, 0)};
		snprintf(key->level_since, sizeof key->level_since, "%s", store_col_text(st, 1));
		snprintf(key->opened_at, sizeof key->opened_at, "%s", store_col_text(st, 2));
	}
	sqlite3_reset(st);
	return rc < 0 ? err->status : ESC_OK;
}

/* How many of the filter's cases are case `key` itself (before false) or
 * come before it in the filter's order (before true). */
static esc_status position_count(esc_session *s, const esc_list_filter *f, bool before,
                                 const esc_case_summary *key, long *count, esc_error *err)
{
	char sql[8192] = "SELECT count(*) FROM cases c", today[ESC_DATE_LEN + 1];
	esc_sort sort = list_sort(f);
	bool restricted;
	if (query_restricted(s, &restricted, err) != ESC_OK)
		return err->status;
	esc_day_format(session_today(s), today);
	bool where = query_build_where(f, restricted, sql, sizeof sql, true);
	strncat(sql, where ? " AND " : " WHERE ", sizeof sql - strlen(sql) - 1);
	strncat(sql, before ? key_before[sort] : "c.id = :k_id", sizeof sql - strlen(sql) - 1);
	if (strlen(sql) >= sizeof sql - 1)
		return esc_fail(err, ESC_EINTERNAL, "", "the position query is too long");
	sqlite3_stmt *st = store_prepare(s->db, sql, err);
	if (!st || query_bind_filter(s, st, f, restricted, today, err) ||
	    store_bind_int(st, ":k_id", key->id, err))
		return err->status;
	if (before &&
	    (sort == ESC_SORT_NEWEST ? store_bind_text(st, ":k_opened", key->opened_at, err)
	                             : store_bind_text(st, ":k_since", key->level_since, err)))
		return err->status;
	if (before && sort == ESC_SORT_LEVEL && store_bind_int(st, ":k_level", key->level, err))
		return err->status;
	int rc = store_step(s->db, st, err);
	if (rc == SQLITE_ROW)
		*count = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? ESC_OK : err->status;
}

esc_status query_position(esc_session *s, const esc_list_filter *f, long long id, bool *found,
                          long *pos, esc_error *err)
{
	esc_case_summary key;
	bool exists = false;
	long n = 0;
	*found = false;
	*pos = 0;
	if (position_key(s, id, &key, &exists, err) != ESC_OK)
		return err->status;
	if (!exists || position_count(s, f, false, &key, &n, err) != ESC_OK)
		return exists ? err->status : ESC_OK;
	if (n == 0)
		return ESC_OK;
	if (position_count(s, f, true, &key, &n, err) != ESC_OK)
		return err->status;
	*found = true;
	*pos = n;
	return ESC_OK;
}
