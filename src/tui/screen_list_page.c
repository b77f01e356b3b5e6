/* The case list's window (screen_list_page.h).  A seek returns the rows that
 * follow or precede a given row now; if cases were closed or moved since the
 * window was read, there may be fewer of them than the window's place in
 * the count promises, and the window would end early.  Every seek is
 * therefore checked to have returned as many rows as the window needs, and
 * otherwise the rows are read again at the offset. */
#include "screen_list_page.h"

#include <stdlib.h>
#include <string.h>

static esc_status window_grow(list_window *w, int page, esc_error *err)
{
	if (page <= w->cap)
		return ESC_OK;
	esc_case_summary *r = realloc(w->rows, (size_t)page * sizeof *r);
	if (!r)
		return esc_fail(err, ESC_EINTERNAL, "", "out of memory for the case list");
	w->rows = r;
	w->cap = page;
	return ESC_OK;
}

/* Scrolling down by less than the window: keeps the rows still on screen
 * and seeks the rest after the last row held.  *full: as many rows came as
 * the window needs (else the cases changed). */
static esc_status window_down(list_window *w, esc_session *s, const esc_list_filter *f, long top,
                              int page, long want, bool *full, esc_error *err)
{
	long skip = top - w->top;
	int keep = w->nrows - (int)skip, got = 0;
	esc_case_summary anchor = w->rows[w->nrows - 1];
	if (keep > page)
		keep = page;
	memmove(w->rows, w->rows + skip, (size_t)keep * sizeof *w->rows);
	w->nrows = keep;
	if (keep < page && query_list_seek(s, f, &anchor, ESC_LIST_AFTER, page - keep,
	                                   w->rows + keep, &got, err) != ESC_OK)
		return err->status;
	w->nrows = keep + got;
	*full = w->nrows >= want;
	return ESC_OK;
}

/* Scrolling up by at most a window: moves the rows held down and seeks the
 * rows before the first of them. */
static esc_status window_up(list_window *w, esc_session *s, const esc_list_filter *f, long top,
                            int page, bool *full, esc_error *err)
{
	int need = (int)(w->top - top), keep = w->nrows < page - need ? w->nrows : page - need;
	int got = 0;
	esc_case_summary anchor = w->rows[0];
	memmove(w->rows + need, w->rows, (size_t)keep * sizeof *w->rows);
	w->nrows = 0;
	if (query_list_seek(s, f, &anchor, ESC_LIST_BEFORE, need, w->rows, &got, err) != ESC_OK)
		return err->status;
	w->nrows = need + keep;
	*full = got == need;
	return ESC_OK;
}

/* The end of the list (its exact count known): the last rows, by a seek
 * from the end of the order. */
static esc_status window_end(list_window *w, esc_session *s, const esc_list_filter *f, long top,
                             long count, bool *full, esc_error *err)
{
	int need = (int)(count - top);
	w->nrows = 0;
	if (query_list_seek(s, f, NULL, ESC_LIST_BEFORE, need, w->rows, &w->nrows, err) != ESC_OK)
		return err->status;
	*full = w->nrows == need;
	return ESC_OK;
}

/* A seek where the window is next to the rows it holds, or at the known end
 * of the list; *full false when none applies or it came short. */
static esc_status window_seek(list_window *w, esc_session *s, const esc_list_filter *f, long top,
                              int page, long count, bool exact, bool *full, esc_error *err)
{
	long want = count - top < page ? count - top : page;
	bool held = w->ok && w->nrows > 0 && page > 0;
	*full = false;
	if (held && top > w->top && top <= w->top + w->nrows)
		return window_down(w, s, f, top, page, want, full, err);
	if (held && top < w->top && w->top - top <= page)
		return window_up(w, s, f, top, page, full, err);
	if (exact && top > 0 && top < count && count - top <= page)
		return window_end(w, s, f, top, count, full, err);
	return ESC_OK;
}

esc_status list_window_fill(list_window *w, esc_session *s, const esc_list_filter *f, long top,
                            int page, long count, bool exact, esc_error *err)
{
	long want = count - top < page ? count - top : page;
	bool full = false;
	w->last = LIST_READ_NONE;
	if (w->ok && w->top == top && w->nrows >= want && w->nrows <= page)
		return ESC_OK;
	if (window_grow(w, page, err) != ESC_OK ||
	    window_seek(w, s, f, top, page, count, exact, &full, err) != ESC_OK) {
		list_window_reset(w);
		return err->status;
	}
	w->last = LIST_READ_SEEK;
	if (!full) {
		w->last = LIST_READ_OFFSET;
		w->nrows = 0;
		if (query_list(s, f, top, page, w->rows, &w->nrows, err) != ESC_OK) {
			list_window_reset(w);
			return err->status;
		}
	}
	w->top = top;
	w->ok = true;
	return ESC_OK;
}

void list_window_reset(list_window *w)
{
	w->ok = false;
	w->nrows = 0;
}

void list_window_free(list_window *w)
{
	free(w->rows);
	*w = (list_window){0};
}
