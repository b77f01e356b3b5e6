/* The case list's window: the rows on screen, and how they are fetched when
 * the list scrolls.  Next to rows it already holds (a line or a page up or
 * down) or at the end of the list, the window asks for the rows beside a
 * known row (query_list_seek: a seek in the order's index), so scrolling
 * anywhere in a million cases costs what the first page does; only a jump
 * elsewhere reads the rows at an offset. */
#ifndef ESCALATE_TUI_SCREEN_LIST_PAGE_H
#define ESCALATE_TUI_SCREEN_LIST_PAGE_H

#include <stdbool.h>

#include "escalate/query.h"

typedef enum list_window_read {
	LIST_READ_NONE,   /* the window held the rows already */
	LIST_READ_SEEK,   /* beside a row it held, or the last rows */
	LIST_READ_OFFSET, /* a jump: the rows at an offset */
} list_window_read;

typedef struct list_window {
	esc_case_summary *rows;
	int nrows, cap;
	long top;              /* the list position of rows[0] */
	bool ok;               /* rows hold the list from top (false: read them again) */
	list_window_read last; /* how the latest fill got its rows */
} list_window;

/* Makes the window hold the (up to) `page` rows from position `top` of a
 * list of `count` cases; `exact`: count is the full count, not a lower
 * bound (only then is the end of the list known).  A seek follows the rows
 * held, as a reader expects of a list that changed under them; one that
 * comes back short (cases closed or moved since they were read) is
 * replaced by a read at the offset. */
esc_status list_window_fill(list_window *w, esc_session *s, const esc_list_filter *f, long top,
                            int page, long count, bool exact, esc_error *err);
/* Forgets the rows (the filter changed, or a reload): the next fill reads
 * them at the offset. */
void list_window_reset(list_window *w);
void list_window_free(list_window *w);

#endif
