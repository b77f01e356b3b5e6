/* What the case list remembers between runs (SPEC §7 "Interface"): the
 * view, the sort and the filters, per login and database, in a small file
 * under $XDG_STATE_HOME/escalate/ (by default ~/.local/state/escalate/),
 * never in the database.  The file is the user's own: written as the user
 * (the team group's privilege dropped first), 0600 in a 0700 folder,
 * atomically (a temporary file renamed over it); read back defensively —
 * anything that is not exactly what this module writes is ignored whole,
 * and the list opens as it would with no file.  No curses here, so the
 * parser can be fuzzed (tests/fuzz/fuzz_state.c). */
#ifndef ESCALATE_TUI_STATE_H
#define ESCALATE_TUI_STATE_H

#include <stdbool.h>
#include <stddef.h>

#include "escalate/error.h"
#include "escalate/query.h"
#include "escalate/text.h"
#include "escalate/validate.h"

/* The case list's views. */
enum { LV_OPEN, LV_ALL, LV_MINE, LV_OVERDUE, LV_NEEDS, LV_COUNT };

/* The largest file read back; a bigger one is not this module's. */
#define TUI_STATE_MAX 2048

typedef struct tui_state {
	int view; /* LV_* */
	esc_sort sort;
	int level;                                            /* 0: any */
	char la[ESC_SHORT_MAX + 1], theme[ESC_SHORT_MAX + 1]; /* "": any */
} tui_state;

/* The defaults: open cases, by time at the level, no filter. */
tui_state tui_state_default(void);
/* The file's text for st. */
void tui_state_format(const tui_state *st, esc_buf *out);
/* Reads the text of a state file (len bytes, not NUL-terminated).  True
 * with *out filled only when every line is one the format allows (a
 * version line first, then each known key at most once with a valid value,
 * blank lines and # comments); false, with *out untouched, otherwise. */
bool tui_state_parse(const char *text, size_t len, tui_state *out);

/* The file for this login and database: DIR/list-HASH.state, DIR being
 * $XDG_STATE_HOME/escalate (an absolute XDG_STATE_HOME only, as the XDG
 * specification says) or $HOME/.local/state/escalate, HASH the first 32
 * hex digits of SHA-256 over the login, a newline and the database's real
 * path.  False when there is no home to put it in. */
bool tui_state_path(const char *db_path, const char *login, char *dir, size_t dirsz, char *file,
                    size_t filesz);
/* The remembered state; false (nothing usable: no file, or one that is not
 * a regular file of this user's, not 0600-like, too big or not parsed). */
bool tui_state_load(const char *db_path, const char *login, tui_state *out);
/* Writes it (creating the folders 0700); the error names what failed. */
esc_status tui_state_save(const char *db_path, const char *login, const tui_state *st,
                          esc_error *err);

#endif
