/* Paging the case list.  query_list (a deferred join over the order's index)
 * and query_list_seek (keyset paging) must return exactly the rows of the
 * list's definition: every case the filter matches, in the order's total
 * order, cut at the page.  The reference (paging_fixture.c) is computed in
 * C from the raw rows, independent of the SQL, over a generated database
 * with many ties in the sort keys: for every combination of the filters and
 * every order, at offsets 0, 1, the middle, the last page and past the end;
 * walking the whole list by seeks both ways; and seeking from cases that
 * are not in the list.  The interface's window (screen_list_page.c) must
 * always hold what an offset would give, and get it by a seek when it
 * scrolls. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "escalate/query.h"
#include "paging_fixture.h"
#include "screen_list_page.h"

enum { NCOMBOS = 256 }; /* every combination of the eight filters */

static esc_list_filter combo(unsigned m, esc_sort sort)
{
	return (esc_list_filter){
	    .include_closed = m & 1,
	    .level = m & 2 ? 2 : 0,
	    .local_authority = m & 4 ? "cambridgeshire" : NULL,
	    .theme = m & 8 ? "case closed / stepped down" : NULL,
	    .overdue_only = m & 16,
	    .owner_login = m & 32 ? "front" : NULL,
	    .search = m & 64 ? "drift" : NULL,
	    .needs_action = m & 128,
	    .sort = sort,
	};
}

static void check_offsets(world *w, const esc_list_filter *f)
{
	esc_error err = {0};
	long n = (long)w->nwant, count = -1;
	paging_ok(query_count(&w->t.s, f, &count, &err), &err);
	assert_int_equal(count, n);
	const long offsets[] = {0, 1, n / 2, n - PAGE, n - 1, n, n + 3};
	for (size_t k = 0; k < sizeof offsets / sizeof offsets[0]; k++) {
		int got = -1;
		long off = offsets[k] < 0 ? 0 : offsets[k];
		paging_ok(query_list(&w->t.s, f, off, PAGE, w->got, &got, &err), &err);
		paging_expect_slice(w, w->got, got, off, PAGE, "query_list", f);
	}
}

/* The whole list by seeks of a page, forwards from the start and backwards
 * from the end, then from cases anywhere in the database (in the list or
 * not). */
static void check_seeks(world *w, const esc_list_filter *f)
{
	esc_error err = {0};
	esc_case_summary anchor;
	long n = (long)w->nwant, at = 0;
	int got;
	do {
		paging_ok(query_list_seek(&w->t.s, f, at ? &anchor : NULL, ESC_LIST_AFTER, PAGE,
		                          w->got, &got, &err),
		          &err);
		paging_expect_slice(w, w->got, got, at, PAGE, "seek after", f);
		at += got;
		if (got)
			anchor = w->got[got - 1];
	} while (got == PAGE);
	assert_int_equal(at, n);
	at = n;
	do {
		paging_ok(query_list_seek(&w->t.s, f, at < n ? &anchor : NULL, ESC_LIST_BEFORE,
		                          PAGE, w->got, &got, &err),
		          &err);
		paging_expect_slice(w, w->got, got, at - PAGE, PAGE, "seek before", f);
		at -= got;
		if (got)
			anchor = w->got[0];
	} while (got == PAGE);
	assert_int_equal(at, 0);
	for (size_t k = 0; k < w->ncases; k += w->ncases / 5) {
		const ref_case *c = &w->cases[k];
		anchor = (esc_case_summary){.id = c->id, .level = c->level};
		snprintf(anchor.level_since, sizeof anchor.level_since, "%s", c->since);
		snprintf(anchor.opened_at, sizeof anchor.opened_at, "%s", c->opened);
		long first = 0; /* where the anchor's place falls in the list */
		while (first < n && paging_case_vs_row(f->sort, w->want[first], &anchor) < 0)
			first++;
		long next = first < n && w->want[first]->id == c->id ? first + 1 : first;
		paging_ok(
		    query_list_seek(&w->t.s, f, &anchor, ESC_LIST_AFTER, PAGE, w->got, &got, &err),
		    &err);
		paging_expect_slice(w, w->got, got, next, PAGE, "seek after a case", f);
		paging_ok(
		    query_list_seek(&w->t.s, f, &anchor, ESC_LIST_BEFORE, PAGE, w->got, &got, &err),
		    &err);
		paging_expect_slice(w, w->got, got, first - PAGE, PAGE, "seek before a case", f);
	}
}

/* query_position: every case the list holds is found at its index in the
 * reference; a sample of the others is not found. */
static void check_positions(world *w, const esc_list_filter *f)
{
	esc_error err = {0};
	bool found;
	long pos;
	size_t step = w->nwant > 40 ? w->nwant / 40 : 1;
	for (size_t k = 0; k < w->nwant; k += step) {
		paging_ok(query_position(&w->t.s, f, w->want[k]->id, &found, &pos, &err), &err);
		if (!found || pos != (long)k)
			fail_msg("position of case %lld: found %d at %ld, want %zu", w->want[k]->id,
			         (int)found, pos, k);
	}
	for (size_t k = 0; k < w->ncases; k += w->ncases / 30) {
		bool listed = false;
		for (size_t i = 0; i < w->nwant && !listed; i++)
			listed = w->want[i]->id == w->cases[k].id;
		paging_ok(query_position(&w->t.s, f, w->cases[k].id, &found, &pos, &err), &err);
		assert_int_equal(found, listed);
	}
	paging_ok(query_position(&w->t.s, f, 987654321, &found, &pos, &err), &err);
	assert_false(found);
}

static void test_every_filter_and_order(void **state)
{
	world *w = *state;
	size_t deep = 0;
	/* As a named professional, whose "needs my action" reaches every case's
	 * overdue levels 1-4 (a frontline login's is a handful of its own). */
	test_db_act_as(&w->t, "named");
	for (unsigned m = 0; m < NCOMBOS; m++)
		for (esc_sort sort = ESC_SORT_AGE; sort <= ESC_SORT_NEWEST; sort++) {
			esc_list_filter f = combo(m, sort);
			paging_reference(w, &f);
			deep += w->nwant > 3 * PAGE;
			check_offsets(w, &f);
			check_seeks(w, &f);
			check_positions(w, &f);
		}
	/* The data gives a good share of the 768 combinations (216 of them
	 * when this was written) more than three pages to get wrong. */
	assert_true(deep >= 3 * NCOMBOS / 4);
	test_db_act_as(&w->t, "front");
}

/* "Needs my action" differs by who asks: for every login, the list is
 * exactly the cases for which the procedure's permission function says there
 * is something due that this person may do (the brute-force reference asks
 * proc_needs of every case), in every order, by offsets and by seeks. */
static void test_needs_action_as_named(void **state)
{
	world *w = *state;
	static const char *const logins[] = {"front", "front2", "named", "desig", "admin"};
	for (size_t l = 0; l < sizeof logins / sizeof logins[0]; l++) {
		test_db_act_as(&w->t, logins[l]);
		for (esc_sort sort = ESC_SORT_AGE; sort <= ESC_SORT_NEWEST; sort++) {
			esc_list_filter f = {.needs_action = true, .sort = sort};
			paging_reference(w, &f);
			if (strcmp(logins[l], "named") == 0 || strcmp(logins[l], "desig") == 0)
				assert_true(w->nwant > 0);
			check_offsets(w, &f);
			check_seeks(w, &f);
			check_positions(w, &f);
		}
	}
	test_db_act_as(&w->t, "front");
}

/* A search is literal (LIKE's wildcards are escaped) and finds a reference
 * in any case, a child id exactly. */
static void test_search_terms(void **state)
{
	world *w = *state;
	static const char *const terms[] = {"50%_off", "%", "esc-2099-0007", "C17", "planning"};
	for (size_t k = 0; k < sizeof terms / sizeof terms[0]; k++) {
		esc_list_filter f = {.include_closed = true, .search = terms[k]};
		paging_reference(w, &f);
		assert_true(w->nwant > 0 || terms[k][0] == '%');
		check_offsets(w, &f);
		check_seeks(w, &f);
	}
}

static void test_seek_arguments(void **state)
{
	world *w = *state;
	esc_error err = {0};
	esc_list_filter f = {.include_closed = true};
	int got = -1;
	paging_ok(query_list_seek(&w->t.s, &f, NULL, ESC_LIST_AFTER, 0, w->got, &got, &err), &err);
	assert_int_equal(got, 0);
	assert_int_equal(
	    query_list_seek(&w->t.s, &f, NULL, (esc_list_dir)7, PAGE, w->got, &got, &err),
	    ESC_EINTERNAL);
	/* An anchor past either end of the level order (no such level), open
	 * cases (sought level by level) and all (one statement). */
	esc_case_summary high = {.id = 1, .level = ESC_LEVEL_MAX + 1}, low = {.id = 1, .level = 0};
	for (int all = 0; all < 2; all++) {
		f = (esc_list_filter){.include_closed = all, .sort = ESC_SORT_LEVEL};
		paging_reference(w, &f);
		paging_ok(
		    query_list_seek(&w->t.s, &f, &high, ESC_LIST_AFTER, PAGE, w->got, &got, &err),
		    &err);
		paging_expect_slice(w, w->got, got, 0, PAGE, "after a level above all", &f);
		paging_ok(
		    query_list_seek(&w->t.s, &f, &high, ESC_LIST_BEFORE, PAGE, w->got, &got, &err),
		    &err);
		assert_int_equal(got, 0);
		paging_ok(
		    query_list_seek(&w->t.s, &f, &low, ESC_LIST_BEFORE, PAGE, w->got, &got, &err),
		    &err);
		paging_expect_slice(w, w->got, got, (long)w->nwant - PAGE, PAGE,
		                    "before a level below all", &f);
		paging_ok(
		    query_list_seek(&w->t.s, &f, &low, ESC_LIST_AFTER, PAGE, w->got, &got, &err),
		    &err);
		assert_int_equal(got, 0);
	}
}

/* The interface's window through a session of moves: whatever it did, it
 * holds what an offset gives, and it read by a seek when it scrolled. */
static void test_window_scrolls_by_seeks(void **state)
{
	world *w = *state;
	esc_error err = {0};
	enum { WPAGE = 9 };
	for (esc_sort sort = ESC_SORT_AGE; sort <= ESC_SORT_NEWEST; sort++)
		for (int all = 0; all < 2; all++) {
			esc_list_filter f = {.include_closed = all, .sort = sort};
			paging_reference(w, &f);
			long n = (long)w->nwant, last = n - WPAGE;
			const struct {
				long top;
				list_window_read how;
			} moves[] = {
			    {0, LIST_READ_OFFSET},
			    {0, LIST_READ_NONE},
			    {1, LIST_READ_SEEK},
			    {WPAGE, LIST_READ_SEEK},
			    {2 * WPAGE - 1, LIST_READ_SEEK},
			    {2 * WPAGE - 3, LIST_READ_SEEK},
			    {WPAGE - 3, LIST_READ_SEEK},
			    {0, LIST_READ_SEEK},
			    {n / 2, LIST_READ_OFFSET},
			    {n / 2 + 4, LIST_READ_SEEK},
			    {last, LIST_READ_SEEK},
			    {last - 1, LIST_READ_SEEK},
			    {last, LIST_READ_SEEK},
			    {n / 3, LIST_READ_OFFSET},
			};
			list_window win = {0};
			for (size_t k = 0; k < sizeof moves / sizeof moves[0]; k++) {
				paging_ok(list_window_fill(&win, &w->t.s, &f, moves[k].top, WPAGE,
				                           n, true, &err),
				          &err);
				paging_expect_slice(w, win.rows, win.nrows, moves[k].top, WPAGE,
				                    "window", &f);
				assert_int_equal(win.top, moves[k].top);
				if (win.last != moves[k].how)
					fail_msg("move %zu to %ld: read %d, want %d", k,
					         moves[k].top, (int)win.last, (int)moves[k].how);
			}
			/* A count that is only a lower bound: the end is not known. */
			list_window_reset(&win);
			paging_ok(list_window_fill(&win, &w->t.s, &f, last, WPAGE, n, false, &err),
			          &err);
			assert_int_equal(win.last, LIST_READ_OFFSET);
			/* A count larger than the list (cases closed since): the seek
			 * comes short and the window reads at the offset. */
			paging_ok(
			    list_window_fill(&win, &w->t.s, &f, last + 1, WPAGE, n + 5, true, &err),
			    &err);
			paging_expect_slice(w, win.rows, win.nrows, last + 1, WPAGE, "window short",
			                    &f);
			assert_int_equal(win.last, LIST_READ_OFFSET);
			list_window_free(&win);
		}
}

/* Rows held that are not where the window expects (the list changed under
 * it; here, rows of another filter): a seek that comes short gives way to
 * the offset.  And a window that shrank (the terminal did) keeps no more
 * rows than it shows. */
static void test_window_changed_under_it(void **state)
{
	world *w = *state;
	esc_error err = {0};
	esc_list_filter all = {.include_closed = true}, few = {.level = 2, .owner_login = "front"};
	list_window win = {0};
	paging_reference(w, &few);
	assert_true(w->nwant > 9);
	paging_ok(list_window_fill(&win, &w->t.s, &all, 9, 9, 1000, false, &err), &err);
	paging_ok(list_window_fill(&win, &w->t.s, &few, 0, 9, (long)w->nwant, true, &err), &err);
	paging_expect_slice(w, win.rows, win.nrows, 0, 9, "window after another list", &few);
	assert_int_equal(win.last, LIST_READ_OFFSET);
	paging_ok(list_window_fill(&win, &w->t.s, &few, 1, 5, (long)w->nwant, true, &err), &err);
	paging_expect_slice(w, win.rows, win.nrows, 1, 5, "window shrunk", &few);
	assert_int_equal(win.last, LIST_READ_SEEK);
	/* The end of a list counted when it was longer. */
	esc_list_filter one = {.include_closed = true, .search = "ESC-2099-0007"};
	paging_reference(w, &one);
	assert_int_equal(w->nwant, 1);
	list_window_reset(&win);
	paging_ok(list_window_fill(&win, &w->t.s, &one, 1, 9, 5, true, &err), &err);
	paging_expect_slice(w, win.rows, win.nrows, 1, 9, "window past a shorter end", &one);
	assert_int_equal(win.last, LIST_READ_OFFSET);
	list_window_free(&win);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_every_filter_and_order),
	    cmocka_unit_test(test_needs_action_as_named),
	    cmocka_unit_test(test_search_terms),
	    cmocka_unit_test(test_seek_arguments),
	    cmocka_unit_test(test_window_scrolls_by_seeks),
	    cmocka_unit_test(test_window_changed_under_it),
	};
	return cmocka_run_group_tests(tests, paging_world_setup, paging_world_teardown);
}
