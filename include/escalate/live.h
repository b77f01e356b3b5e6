/* Noticing what other processes wrote (SPEC §7 "Interface": live reload when
 * others write).  SQLite's PRAGMA data_version changes on this connection
 * when another connection commits; it is read with no lock and no I/O
 * beyond the WAL index, so an idle interface can ask a few times a second.
 * A commit that only appends to the access log (someone else reading a
 * case) changes nothing a screen shows, and a reload that logs a read of
 * its own must not set other interfaces reloading in turn: so a change
 * counts only when the append-only tables that record what happened to
 * cases, staff and configuration have grown. */
#ifndef ESCALATE_LIVE_H
#define ESCALATE_LIVE_H

#include <stdbool.h>
#include <stdint.h>

#include "escalate/error.h"
#include "escalate/procedure.h"
#include "escalate/store.h"

typedef struct esc_live {
	bool primed;          /* the first poll took the marks */
	int64_t data_version; /* PRAGMA data_version at the last poll */
	int64_t marks[5];     /* the newest row of each history table */
} esc_live;

/* *changed: whether another connection has recorded something since the
 * last call (the first call takes the marks and says false).  Costs one
 * pragma when nothing was committed. */
esc_status live_poll(esc_db *db, esc_live *l, bool *changed, esc_error *err);

/* Where case `id` stands now (level, state and its count of history rows),
 * for a form to say at once that the case it was opened on has changed.
 * Reads no content (nothing to log); ESC_ENOTFOUND when there is no such
 * case. */
esc_status live_case_seen(esc_db *db, long long id, esc_seen *now, esc_error *err);

#endif
