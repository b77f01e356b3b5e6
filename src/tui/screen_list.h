/* Inside the case list: its state, shared by screen_list.c (the list, its
 * views and keys) and screen_list_filters.c (filter pick-lists, the
 * pattern banner). */
#ifndef ESCALATE_TUI_SCREEN_LIST_H
#define ESCALATE_TUI_SCREEN_LIST_H

#include "escalate/config.h"
#include "escalate/pattern.h"
#include "screen_list_page.h"
#include "screen_list_xlsx.h"
#include "tui_int.h"

enum { LV_OPEN, LV_ALL, LV_MINE, LV_OVERDUE, LV_NEEDS, LV_COUNT };
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
} list_data;

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
