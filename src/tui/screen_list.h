/* Inside the case list: its state, shared by screen_list.c (the list, its
 * views and keys) and screen_list_filters.c (filter pick-lists, the
 * pattern banner). */
#ifndef ESCALATE_TUI_SCREEN_LIST_H
#define ESCALATE_TUI_SCREEN_LIST_H

#include "escalate/config.h"
#include "escalate/pattern.h"
#include "screen_list_page.h"
#include "screen_list_xlsx.h"
#include "state.h"
#include "tui_int.h"

/* Cases counted at a time. */
enum { LIST_COUNT_STEP = 10000 };
typedef struct list_data {
	int view, level;
	esc_sort sort;
	char la[ESC_SHORT_MAX + 1], theme[ESC_SHORT_MAX + 1], search[ESC_SHORT_MAX + 1];
	/* What the search means (search.h), and the last one typed. */
	char query[ESC_SHORT_MAX + 1], search_note[160], last_search[ESC_SHORT_MAX + 1];
	bool search_in_view; /* the search keeps the view and its filters (Tab) */
	long count, cur, top;
	bool count_more; /* more cases than `count` match (the count was capped) */
	list_window win; /* the rows on screen */
	int page;
	bool filter_only; /* reopened for a new filter: the patterns still stand */
	bool started;     /* the first open chose the view */
	bool may_pattern; /* this login may record a multi-case pattern */
	char pattern_why[sizeof((esc_error *)0)->message];
	esc_pattern *pats;
	size_t npats;
	char **opts; /* the pick-list on screen (filters, patterns) */
	size_t nopts;
	tui_list_xlsx xlsx; /* x: the cases listed as a workbook */
	tui_state kept;     /* as last written to the state file (state.h) */
	bool kept_failed;   /* writing it failed once: said once, not again */
	/* Opened on needs my action over the view left: that view's key
	 * brings back `kept` whole (its filters too). */
	bool resume;
	long long refocus; /* the case the cursor goes back to after a re-sort */
} list_data;

/* screen_list_filters.c: the remembered view (state.h). */
/* The state file's view, sort and filters; false (st untouched) if none. */
bool list_recall(tui *t, tui_state *st);
/* Makes the list show st (view, sort, filters). */
void list_apply_state(list_data *d, const tui_state *st);
/* Writes the view, sort and filters if they changed since last written. */
void list_remember(tui *t, list_data *d);
/* A view key: that view (with the filters left last time, if the list
 * opened on needs my action over it). */
void list_choose_view(list_data *d, int view);
/* The message saying the list opened on needs my action over the view
 * left, and which key brings that back. */
void list_say_resume(tui *t, const list_data *d);
/* The views' names, as the summary line shows them. */
extern const char *const list_view_names[LV_COUNT];

void list_free_opts(list_data *d);
/* The filter changed: back to the top, read again (the patterns stand). */
void list_refilter(tui_view *v);
/* Whether this login may record a pattern (d->may_pattern, pattern_why). */
void list_pattern_allowed(tui *t, list_data *d);
/* The pattern alert at y; returns the lines it took. */
int list_banner(tui *t, const list_data *d, int y);
int list_pick_filter(tui *t, tui_view *v, esc_list_kind kind);
/* The pattern key: the form, or a pick-list of the patterns first. */
int list_pattern(tui *t, list_data *d);

#endif
