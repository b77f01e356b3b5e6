/* The case list (home).  It never holds more than a screenful: each draw
 * fills the window of rows on screen (screen_list_page.c: a seek beside the
 * rows it holds when scrolling, an offset for a jump), and the count is capped
 * (query_count_upto: "10000+ cases"), grown a step at a time as the cursor
 * nears the end of what was counted, and counted in full only when asked
 * for the bottom of the list, so a database of a million cases opens and
 * scrolls as fast as one of ten. */
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "escalate/config.h"
#include "escalate/pattern.h"
#include "escalate/procedure_store.h"
#include "escalate/query.h"
#include "escalate/staff.h"
#include "forms.h"
#include "screen_list.h"
#include "screen_list_xlsx.h"
#include "list_rows.h"
#include "search.h"

static const char *const sort_names[] = {
    [ESC_SORT_AGE] = "time at level", [ESC_SORT_LEVEL] = "level", [ESC_SORT_NEWEST] = "newest"};

static void list_filter(const tui *t, const list_data *d, esc_list_filter *f)
{
	if (d->search[0] && !d->search_in_view) {
		/* A search looks at every case, whatever the view and filters,
		 * unless the user asked for the view only (Tab at the prompt). */
		*f = (esc_list_filter){.include_closed = true, .search = d->query, .sort = d->sort};
		return;
	}
	*f = (esc_list_filter){
	    .include_closed = d->view == LV_ALL,
	    .level = d->level,
	    .local_authority = d->la[0] ? d->la : NULL,
	    .theme = d->theme[0] ? d->theme : NULL,
	    .overdue_only = d->view == LV_OVERDUE,
	    .owner_login = d->view == LV_MINE ? t->s->me.login : NULL,
	    .search = d->search[0] ? d->query : NULL,
	    .needs_action = d->view == LV_NEEDS,
	    .sort = d->sort,
	};
}

/* Counts up to `cap` cases (0: all of them). */
static esc_status list_count(tui *t, list_data *d, long cap, esc_error *err)
{
	esc_list_filter f;
	long n = 0;
	list_filter(t, d, &f);
	if ((cap > 0 ? query_count_upto(t->s, &f, cap + 1, &n, err)
	             : query_count(t->s, &f, &n, err)) != ESC_OK)
		return err->status;
	d->count_more = cap > 0 && n > cap;
	d->count = d->count_more ? cap : n;
	return ESC_OK;
}

/* The smallest count cap from `from` on, in steps, that reaches past the
 * cursor's page. */
static long count_cap_past_cursor(const list_data *d, long from)
{
	long cap = from;
	while (cap <= d->cur + d->page)
		cap += LIST_COUNT_STEP;
	return cap;
}

/* Counts further when the cursor comes within a page of the counted end. */
static void list_count_ahead(tui *t, list_data *d)
{
	if (!d->count_more || d->cur < d->count - d->page - 1)
		return;
	esc_error err;
	esc_error_clear(&err);
	if (list_count(t, d, count_cap_past_cursor(d, d->count + LIST_COUNT_STEP), &err) != ESC_OK)
		tui_error(t, &err);
}

/* A login with anything in "needs my action" starts there (unfiltered,
 * so nothing due is hidden); otherwise, and when needs my action was the
 * view left, the list opens as it was left (state.h). */
static esc_status list_first_view(tui *t, list_data *d, esc_error *err)
{
	tui_state st = tui_state_default();
	bool recalled = list_recall(t, &st);
	d->started = true;
	d->kept = st;
	d->sort = st.sort;
	if (recalled && st.view == LV_NEEDS) {
		list_apply_state(d, &st);
		return ESC_OK;
	}
	d->view = LV_NEEDS;
	if (list_count(t, d, 1, err) != ESC_OK)
		return err->status;
	if (d->count == 0) {
		list_apply_state(d, &st);
		return ESC_OK;
	}
	if (recalled && (st.view != LV_OPEN || st.level || st.la[0] || st.theme[0])) {
		d->resume = true; /* the key of that view brings back its filters too */
		list_say_resume(t, d);
	}
	return ESC_OK;
}


/* The case under the cursor, from the rows on screen (0: none). */
static long long list_cursor_case(const list_data *d)
{
	if (!d->win.ok || d->cur < d->win.top || d->cur >= d->win.top + d->win.nrows)
		return 0;
	return d->win.rows[d->cur - d->win.top].id;
}

/* Read again: the cursor goes to the case last opened or written, else
 * stays on the case it was on, wherever the order now puts it; a case no
 * longer listed leaves the cursor at the same place. */
static esc_status list_find(tui *t, list_data *d, long long id, esc_error *err)
{
	esc_list_filter f;
	bool found = false;
	long pos = 0;
	list_filter(t, d, &f);
	if (query_position(t->s, &f, id, &found, &pos, err) != ESC_OK)
		return err->status;
	if (found)
		d->cur = pos;
	return ESC_OK;
}

static esc_status list_open(tui *t, tui_view *v, esc_error *err)
{
	list_data *d = v->data;
	long long want = t->last_case  ? t->last_case
	                 : d->refocus  ? d->refocus
	                 : !d->filter_only ? list_cursor_case(d)
	                                   : 0;
	t->last_case = d->refocus = 0;
	list_window_reset(&d->win);
	if (!d->started && list_first_view(t, d, err) != ESC_OK)
		return err->status;
	if (want && list_find(t, d, want, err) != ESC_OK)
		return err->status;
	/* A reload keeps the cursor where it was: count at least that far. */
	if (list_count(t, d, count_cap_past_cursor(d, LIST_COUNT_STEP), err) != ESC_OK)
		return err->status;
	if (d->cur >= d->count)
		d->cur = d->count > 0 ? d->count - 1 : 0;
	if (d->filter_only) {
		d->filter_only = false;
		list_remember(t, d);
		return ESC_OK;
	}
	free(d->pats);
	d->pats = NULL;
	d->npats = 0;
	list_pattern_allowed(t, d);
	return pattern_find(t->s, &d->pats, &d->npats, err);
}

static void list_fetch(tui *t, list_data *d)
{
	if (d->cur < d->top)
		d->top = d->cur;
	if (d->cur >= d->top + d->page)
		d->top = d->cur - d->page + 1;
	if (d->top > d->count - d->page)
		d->top = d->count - d->page;
	if (d->top < 0)
		d->top = 0;
	esc_list_filter f;
	esc_error err;
	esc_error_clear(&err);
	list_filter(t, d, &f);
	if (list_window_fill(&d->win, t->s, &f, d->top, d->page, d->count, !d->count_more, &err))
		tui_error(t, &err);
	else if (d->view == LV_NEEDS && d->win.last != LIST_READ_NONE &&
	         query_needs_explain(t->s, d->win.rows, d->win.nrows, &err) != ESC_OK)
		tui_error(t, &err);
}

/* "Needs my action": why the selected case is there (the core's reasons). */
static void list_why(const list_data *d, char *out, size_t outsz)
{
	char why[200];
	out[0] = '\0';
	if (!d->win.ok || d->cur < d->win.top || d->cur >= d->win.top + d->win.nrows)
		return;
	const esc_case_summary *r = &d->win.rows[d->cur - d->win.top];
	proc_needs_describe(r->needs, why, sizeof why);
	snprintf(out, outsz, "Why the selected case needs you: %s",
	         why[0] ? why : "nothing now (it changed since the list was read)");
}

/* The filters in force, the most specific first ("" when none). */
static void list_filters_words(const list_data *d, esc_buf *b)
{
	if (d->level)
		esc_buf_printf(b, "  level:%d", d->level);
	if (d->la[0])
		esc_buf_printf(b, "  LA:%s", d->la);
	if (d->theme[0])
		esc_buf_printf(b, "  theme:%s", d->theme);
}

/* The view, then only the filters in force; a search says whether it looks
 * at every case or only at the view's. */
static void list_summary(tui *t, const list_data *d, int y)
{
	esc_buf b;
	esc_buf_init(&b);
	if (d->search[0]) {
		if (d->search_in_view) {
			esc_buf_printf(&b, "[search in %s", list_view_names[d->view]);
			list_filters_words(d, &b);
			esc_buf_puts(&b, "]");
		} else {
			esc_buf_puts(&b, "[search, all cases]");
		}
		esc_buf_printf(&b, " \"%s\"%s%s", d->search, d->search_note[0] ? ": " : "",
		               d->search_note);
		goto counted;
	}
	esc_buf_printf(&b, "[%s]", list_view_names[d->view]);
	list_filters_words(d, &b);
	if (!d->level && !d->la[0] && !d->theme[0])
		esc_buf_puts(&b, "  no filter");
	esc_buf_printf(&b, "  sort:%s", sort_names[d->sort]);
counted:;
	const char *line = b.data;
	char count[48];
	snprintf(count, sizeof count, "%ld%s case%s", d->count, d->count_more ? "+" : "",
	         d->count == 1 && !d->count_more ? "" : "s");
	int cw = (int)strlen(count);
	draw_text(t, y, 1, t->cols - cw - 3, TUI_ST_NORMAL, line);
	draw_text_right(t, y, t->cols - cw - 1, cw, TUI_ST_HEADER, count);
	esc_buf_free(&b);
}


static void list_draw(tui *t, tui_view *v)
{
	list_data *d = v->data;
	t->last_case = 0; /* on screen: the cursor is where the reader put it */
	list_cols c;
	int y = 1;

	draw_title(t, "Case list");
	list_summary(t, d, y++);
	if (d->npats)
		y += list_banner(t, d, y);
	d->page = t->rows - 3 - y;
	list_fetch(t, d);
	/* The columns fit the rows on screen.  Needs my action and a search
	 * over every case hold closed cases too (a notification still owed). */
	list_layout(&c, t->cols,
	            d->view == LV_ALL || d->view == LV_NEEDS || (d->search[0] && !d->search_in_view),
	            d->win.rows, d->win.nrows < d->page ? d->win.nrows : d->page);
	list_header(t, &c, y++);
	for (int i = 0; i < d->win.nrows && i < d->page; i++)
		list_row(t, &c, y + i, &d->win.rows[i], d->win.top + i == d->cur);
	if (d->count == 0) {
		char line[160], clear[24], neu[24];
		tui_key_name(tui_keys_first(TUI_S_LIST, TUI_A_CLEAR), clear, sizeof clear);
		tui_key_name(tui_keys_first(TUI_S_LIST, TUI_A_NEW), neu, sizeof neu);
		snprintf(line, sizeof line,
		         "No cases here. %s clears the filters; %s logs a new "
		         "escalation.",
		         clear, neu);
		draw_text(t, y + 1, 2, t->cols - 4, TUI_ST_DIM, line);
	}
	char why[300];
	if (d->view == LV_NEEDS && d->count > 0)
		list_why(d, why, sizeof why);
	else
		snprintf(why, sizeof why, "%s",
		         c.words || t->accessible
		             ? "Days: working days at the current level."
		             : "Marks: ! overdue at its level   U urgent jump   * notification "
		               "owed");
	draw_footer(t, TUI_S_LIST, why);
}


static int list_move(tui *t, list_data *d, tui_action a);

static int list_searched(tui *t, void *ctx, const char *text)
{
	tui_view *v = ctx;
	list_data *d = v->data;
	snprintf(d->search, sizeof d->search, "%s", text);
	if (text[0])
		snprintf(d->last_search, sizeof d->last_search, "%s", text);
	tui_search_understand(t->s, text, d->query, sizeof d->query, d->search_note,
	                      sizeof d->search_note);
	list_refilter(v);
	return TUI_REDRAW;
}

/* Tab at the search prompt: every case, or only the view's. */
static void list_search_scope(tui *t, void *ctx, bool flip, char *label, size_t labelsz,
                              char *tab, size_t tabsz)
{
	tui_view *v = ctx;
	list_data *d = v->data;
	(void)t;
	if (flip)
		d->search_in_view = !d->search_in_view;
	esc_buf w;
	esc_buf_init(&w);
	list_filters_words(d, &w);
	const char *filters = w.data ? w.data : "";
	if (d->search_in_view)
		snprintf(label, labelsz, "Search only %s%s:", list_view_names[d->view], filters);
	else
		snprintf(label, labelsz, "Search all cases:");
	snprintf(tab, tabsz, "%s%s", d->search_in_view ? "all cases" : "only ",
	         d->search_in_view ? "" : list_view_names[d->view]);
	esc_buf_free(&w);
}

/* n / N after a search: the next or previous match (the list holds only
 * the matches). */
static int list_next_match(tui *t, list_data *d, int delta)
{
	long want = d->cur + delta;
	if (want < 0 || want >= d->count) {
		tui_message(t, TUI_MSG_INFO, "No %s match: this is the %s of %ld%s.",
		            delta > 0 ? "further" : "earlier", delta > 0 ? "last" : "first", d->count,
		            d->count_more ? "+" : "");
		return TUI_REDRAW;
	}
	return list_move(t, d, delta > 0 ? TUI_A_DOWN : TUI_A_UP);
}

static int list_move(tui *t, list_data *d, tui_action a)
{
	long before = d->cur, page = d->page > 1 ? d->page - 1 : 1;
	esc_error err;
	switch (a) {
	case TUI_A_UP:
		d->cur--;
		break;
	case TUI_A_DOWN:
		d->cur++;
		break;
	case TUI_A_PAGE_UP:
		d->cur -= page;
		break;
	case TUI_A_PAGE_DOWN:
		d->cur += page;
		break;
	case TUI_A_TOP:
		d->cur = 0;
		break;
	case TUI_A_BOTTOM:
		esc_error_clear(&err);
		if (d->count_more && list_count(t, d, 0, &err) != ESC_OK)
			tui_error(t, &err);
		d->cur = d->count - 1;
		break;
	default:
		return TUI_UNHANDLED;
	}
	list_count_ahead(t, d);
	if (d->cur >= d->count)
		d->cur = d->count - 1;
	if (d->cur < 0)
		d->cur = 0;
	return d->cur != before ? TUI_REDRAW : TUI_DONE;
}

static int list_handle(tui *t, tui_view *v, tui_action a, tui_key key)
{
	list_data *d = v->data;
	(void)key;
	int r = list_move(t, d, a);
	if (r != TUI_UNHANDLED)
		return r;
	switch (a) {
	case TUI_A_OPEN:
		if (d->win.ok && d->cur >= d->win.top && d->cur < d->win.top + d->win.nrows)
			tui_case_open(t, d->win.rows[d->cur - d->win.top].id);
		return TUI_REDRAW;
	case TUI_A_NEW:
		if (d->search[0])
			return list_next_match(t, d, 1);
		tui_form_new_case(t);
		return TUI_REDRAW;
	case TUI_A_SEARCH_PREV:
		if (d->search[0])
			return list_next_match(t, d, -1);
		return TUI_DONE;
	case TUI_A_SEARCH:
		tui_prompt_recall_scope(t, d->last_search, ESC_SHORT_MAX, list_searched,
		                        list_search_scope, v);
		return TUI_REDRAW;
	case TUI_A_VIEW:
		d->view = (d->view + 1) % LV_COUNT;
		break;
	case TUI_A_VIEW_NEEDS:
		list_choose_view(d, d->view == LV_NEEDS ? LV_OPEN : LV_NEEDS);
		break;
	case TUI_A_VIEW_OPEN:
		list_choose_view(d, LV_OPEN);
		break;
	case TUI_A_VIEW_ALL:
		list_choose_view(d, LV_ALL);
		break;
	case TUI_A_VIEW_MINE:
		list_choose_view(d, LV_MINE);
		break;
	case TUI_A_VIEW_OVERDUE:
		list_choose_view(d, LV_OVERDUE);
		break;
	case TUI_A_FILTER_LEVEL:
		d->level = (d->level + 1) % (procedure_levels_max(t->s->db) + 1);
		break;
	case TUI_A_FILTER_LA:
		return list_pick_filter(t, v, ESC_LIST_LA);
	case TUI_A_FILTER_THEME:
		return list_pick_filter(t, v, ESC_LIST_THEME);
	case TUI_A_CLEAR:
		d->view = LV_OPEN;
		d->level = 0;
		d->la[0] = d->theme[0] = d->search[0] = '\0';
		d->search_in_view = false;
		break;
	case TUI_A_SORT:
		/* The same cases in another order: the cursor stays on its case. */
		d->sort = (esc_sort)((d->sort + 1) % 3);
		d->refocus = list_cursor_case(d);
		break;
	case TUI_A_REPORT:
		tui_report_open(t);
		return TUI_REDRAW;
	case TUI_A_PATTERN:
		return list_pattern(t, d);
	case TUI_A_LIST_XLSX: {
		esc_list_filter f;
		list_filter(t, d, &f);
		return tui_list_save_xlsx(t, &d->xlsx, &f);
	}
	case TUI_A_QUIT:
		return TUI_QUIT;
	default:
		return TUI_UNHANDLED;
	}
	d->resume = false;
	list_refilter(v);
	return TUI_REDRAW;
}

static void list_close(tui_view *v)
{
	list_data *d = v->data;
	if (!d)
		return;
	list_free_opts(d);
	list_window_free(&d->win);
	free(d->pats);
	free(d);
}

static const tui_screen_ops list_ops = {
    .name = "list",
    .keys = TUI_S_LIST,
    .open = list_open,
    .draw = list_draw,
    .handle_key = list_handle,
    .close = list_close,
};

esc_status tui_list_open(tui *t)
{
	list_data *d = calloc(1, sizeof *d);
	if (!d)
		abort();
	return tui_push(t, &list_ops, d);
}
