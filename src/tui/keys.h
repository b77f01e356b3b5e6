/* Key bindings as data (in the manner of tig's request list and calcurse's
 * keydef[]): every user action is declared once, with a short name for the
 * status line and a help sentence; one table binds keys to actions per
 * screen.  The help screen and the man page's KEYS section are generated
 * from the same table, so they cannot drift from what the screens do. */
#ifndef ESCALATE_TUI_KEYS_H
#define ESCALATE_TUI_KEYS_H

#include <stdbool.h>
#include <stddef.h>

#include "escalate/text.h"

/* A key: a Unicode code point, or a curses function key shifted above the
 * Unicode range (so U+0101 and KEY_BREAK cannot be confused). */
typedef int tui_key;
#define TUI_FN_BASE   0x110000
#define TUI_FN(k)     (TUI_FN_BASE + (k))
#define TUI_CTRL(c)   ((c)&0x1f)
#define TUI_KEY_ESC   27
#define TUI_KEY_ENTER '\n'
#define TUI_KEY_TAB   '\t'
#define TUI_KEY_NONE  (-1)

static inline bool tui_key_is_fn(tui_key k)
{
	return k >= TUI_FN_BASE;
}

/* X(enum, short name for the status line, help sentence) */
#define TUI_ACTION_LIST(X)                                                                         \
	X(TUI_A_NONE, "", "")                                                                      \
	X(TUI_A_UP, "up", "Move up one line")                                                      \
	X(TUI_A_DOWN, "down", "Move down one line")                                                \
	X(TUI_A_PAGE_UP, "page up", "Move up one page")                                            \
	X(TUI_A_PAGE_DOWN, "page down", "Move down one page")                                      \
	X(TUI_A_TOP, "top", "Go to the first line")                                                \
	X(TUI_A_BOTTOM, "bottom", "Go to the last line")                                           \
	X(TUI_A_OPEN, "open", "Open the selected case")                                            \
	X(TUI_A_NEW, "new", "Log a new escalation (after a search: the next match)")               \
	X(TUI_A_SEARCH, "search",                                                                  \
	  "Search all cases: part of a reference (41), an NHS number, a local id or text")         \
	X(TUI_A_SEARCH_PREV, "previous match", "After a search: the previous match")               \
	X(TUI_A_VIEW, "view",                                                                      \
	  "Cycle the view: open cases, all cases, mine, overdue, needs my action")                 \
	X(TUI_A_VIEW_NEEDS, "needs me",                                                            \
	  "Show the cases that need my action, each saying why (again: the open cases)")           \
	X(TUI_A_VIEW_OPEN, "open", "Show the open cases")                                          \
	X(TUI_A_VIEW_ALL, "all", "Show all cases, closed ones too")                                \
	X(TUI_A_VIEW_MINE, "mine", "Show my open cases")                                           \
	X(TUI_A_VIEW_OVERDUE, "overdue", "Show the cases overdue at their level")                  \
	X(TUI_A_FILTER_LEVEL, "level", "Cycle the level filter: any level, then 1 to 5")           \
	X(TUI_A_FILTER_LA, "authority", "Filter by local authority (pick-list)")                   \
	X(TUI_A_FILTER_THEME, "theme", "Filter by theme (pick-list)")                              \
	X(TUI_A_CLEAR, "clear", "Clear the search and every filter")                               \
	X(TUI_A_SORT, "sort", "Sort by time at the level, by level, or newest first")              \
	X(TUI_A_REPORT, "report", "Open the quarterly report")                                     \
	X(TUI_A_PATTERN, "pattern",                                                                \
	  "Record that the designated professional was informed of a multi-case pattern")          \
	X(TUI_A_RELOAD, "reload", "Read the database again")                                       \
	X(TUI_A_CONTACT, "contact", "Record a contact (discussion) at the current level")          \
	X(TUI_A_ESCALATE, "escalate", "Escalate to the next level")                                \
	X(TUI_A_URGENT, "urgent",                                                                  \
	  "Urgent jump to the head of service (immediate welfare risk only)")                      \
	X(TUI_A_INFORM, "inform", "Record that a required notification was made")                  \
	X(TUI_A_NOTE, "note", "Add a note (changes nothing)")                                      \
	X(TUI_A_RESOLVE, "resolve", "Resolve the case at its current level")                       \
	X(TUI_A_WITHDRAW, "withdraw", "Withdraw the case, with the reason")                        \
	X(TUI_A_REOPEN, "reopen", "Reopen a resolved case at the level it closed at")              \
	X(TUI_A_AMEND, "amend", "Correct what was recorded (the old value stays in the history)")  \
	X(TUI_A_ACTION_DONE, "action done",                                                        \
	  "Mark an open agreed action done, with an optional note")                                \
	X(TUI_A_ACTION_DROP, "drop action",                                                        \
	  "Drop an open agreed action, with the reason")                                           \
	X(TUI_A_RECORD, "record", "Show the entry to paste into the child's clinical record")      \
	X(TUI_A_RECORD_SAVE, "save",                                                               \
	  "Save to a file you name (0600, yours), as show --format record prints it")              \
	X(TUI_A_RECORD_PIPE, "pipe",                                                               \
	  "Pipe the entry to a command (run by /bin/sh, as you), then press a key to return")      \
	X(TUI_A_NEXT_FIELD, "next", "Go to the next field")                                        \
	X(TUI_A_PREV_FIELD, "prev", "Go to the previous field")                                    \
	X(TUI_A_ACTIVATE, "choose",                                                                \
	  "Open the pick-list or press the button under the cursor; else the next field")          \
	X(TUI_A_SAVE, "save", "Save: check the form and write it")                                 \
	X(TUI_A_CANCEL, "cancel", "Cancel; nothing is written (asks first if you typed)")          \
	X(TUI_A_CHOICE_PREV, "previous choice", "Previous choice of a choice field")               \
	X(TUI_A_CHOICE_NEXT, "next choice", "Next choice of a choice field")                       \
	X(TUI_A_LEFT, "left", "Move the cursor left one character")                                \
	X(TUI_A_RIGHT, "right", "Move the cursor right one character")                             \
	X(TUI_A_HOME, "home", "Move the cursor to the start of the text")                          \
	X(TUI_A_END, "end", "Move the cursor to the end of the text")                              \
	X(TUI_A_BACKSPACE, "backspace", "Delete the character before the cursor")                  \
	X(TUI_A_DELETE, "delete", "Delete the character under the cursor")                         \
	X(TUI_A_KILL_START, "clear to start", "Delete from the start of the text to the cursor")   \
	X(TUI_A_KILL_END, "clear to end", "Delete from the cursor to the end of the text")         \
	X(TUI_A_NEWLINE, "new line", "Start a new line")                                           \
	X(TUI_A_LINE_UP, "line up",                                                                \
	  "Move the cursor up a line (from the first line: the previous field)")                   \
	X(TUI_A_LINE_DOWN, "line down",                                                            \
	  "Move the cursor down a line (from the last line: the next field)")                      \
	X(TUI_A_EDITOR, "editor",                                                                  \
	  "Edit the text in $VISUAL, $EDITOR or vi; what you save is checked as if typed")         \
	X(TUI_A_TOGGLE, "mark", "Mark or unmark the entry (lists that take several)")              \
	X(TUI_A_CHOOSE, "done", "Choose the entry (or the marked entries) and close the list")     \
	X(TUI_A_YES, "yes", "Answer yes")                                                          \
	X(TUI_A_NO, "no", "Answer no")                                                             \
	X(TUI_A_ACCEPT, "accept", "Accept what you typed")                                         \
	X(TUI_A_FIND, "find", "Find text on this page (then n: the next match, N: the previous)")  \
	X(TUI_A_FIND_NEXT, "next match", "Go to the next line holding the text found")             \
	X(TUI_A_FIND_PREV, "previous match", "Go to the previous line holding the text found")     \
	X(TUI_A_RECALL, "last", "Bring back the last answer (the last search)")                    \
	X(TUI_A_SCOPE, "scope",                                                                    \
	  "In the search prompt: search all cases, or only the view and its filters")             \
	X(TUI_A_PREV_PERIOD, "earlier", "Show the previous quarter")                               \
	X(TUI_A_NEXT_PERIOD, "later", "Show the next quarter")                                     \
	X(TUI_A_THIS_PERIOD, "this quarter", "Show the current quarter")                           \
	X(TUI_A_RANGE, "range", "Report on a date range (from and to, inclusive)")                 \
	X(TUI_A_SAVE_CSV, "CSV", "Write the report as CSV to a file you name")                     \
	X(TUI_A_SAVE_MD, "Markdown", "Write the report as Markdown to a file you name")            \
	X(TUI_A_SAVE_XLSX, "XLSX", "Write the report as an Excel workbook to a file you name")     \
	X(TUI_A_LIST_XLSX, "XLSX", "Write every case listed as an Excel workbook to a file you name") \
	X(TUI_A_HELP, "help", "Show every key on every screen")                                    \
	X(TUI_A_BACK, "back", "Go back to the previous screen")                                    \
	X(TUI_A_QUIT, "quit", "Quit at once (asks first if a form holds unsaved input)")           \
	X(TUI_A_SUSPEND, "suspend", "Suspend to the shell; fg returns")                            \
	X(TUI_A_REDRAW, "redraw", "Redraw the whole screen")

typedef enum tui_action {
#define TUI_ACTION_ENUM(e, name, help) e,
	TUI_ACTION_LIST(TUI_ACTION_ENUM)
#undef TUI_ACTION_ENUM
	    TUI_A_COUNT
} tui_action;

/* X(enum, title in the help screen and the man page) */
#define TUI_SCREEN_LIST(X)                                                                         \
	X(TUI_S_GLOBAL, "Everywhere")                                                              \
	X(TUI_S_LIST, "Case list")                                                                 \
	X(TUI_S_CASE, "Case view")                                                                 \
	X(TUI_S_FORM, "Forms")                                                                     \
	X(TUI_S_FIELD, "Text fields in forms and prompts")                                         \
	X(TUI_S_TEXTAREA, "Long text fields (decision, concern, summary, reasons, notes)")         \
	X(TUI_S_PICK, "Pick-lists")                                                                \
	X(TUI_S_CONFIRM, "Questions")                                                              \
	X(TUI_S_PROMPT, "Prompts")                                                                 \
	X(TUI_S_REPORT, "Report")                                                                  \
	X(TUI_S_RECORD, "Clinical-record entry")                                                   \
	X(TUI_S_PAGER, "Help and text pages")

typedef enum tui_screen {
#define TUI_SCREEN_ENUM(e, title) e,
	TUI_SCREEN_LIST(TUI_SCREEN_ENUM)
#undef TUI_SCREEN_ENUM
	    TUI_S_COUNT
} tui_screen;

typedef struct tui_binding {
	tui_screen screen;
	tui_key key;
	tui_action action;
	bool hint; /* shown on the status line */
} tui_binding;

const char *tui_action_name(tui_action a);
const char *tui_action_help(tui_action a);
const char *tui_screen_title(tui_screen s);

/* The whole default table, for the help screen, the man page and tests. */
const tui_binding *tui_bindings(size_t *count);

/* The action bound to key on screen (no fallback to TUI_S_GLOBAL; the
 * dispatcher asks the screen first, then the global table). */
tui_action tui_keys_lookup(tui_screen screen, tui_key key);

/* The first key bound to action on screen, or TUI_KEY_NONE. */
tui_key tui_keys_first(tui_screen screen, tui_action a);

/* A key as the user reads it: "j", "Enter", "Ctrl-S", "PgDn", "F2". */
void tui_key_name(tui_key key, char *out, size_t outsz);

/* Every key bound to action on screen, joined with ", " (e.g. "j, Down"). */
void tui_keys_for(tui_screen screen, tui_action a, char *out, size_t outsz);

/* The status-line hint for a screen: "Enter open  n new  ? help ...". */
void tui_keys_hint(tui_screen screen, esc_buf *out);
/* As tui_keys_hint without one action (a key that does nothing there). */
void tui_keys_hint_except(tui_screen screen, tui_action except, esc_buf *out);

/* Called once per (screen, action) in table order with all its keys. */
typedef void (*tui_keys_help_cb)(tui_screen screen, bool first_of_screen, const char *keys,
                                 tui_action a, void *ctx);
void tui_keys_each_help(tui_keys_help_cb cb, void *ctx);

/* The body of escalate(1)'s KEYS subsection: per screen a ".PP" and its
 * title in bold, then one ".TP" per action with all its keys. */
void tui_keys_roff(esc_buf *out);
/* One screen's heading and one entry of that text (for checking that the
 * man page holds them). */
void tui_keys_roff_section(tui_screen screen, esc_buf *out);
void tui_keys_roff_entry(const char *keys, tui_action a, esc_buf *out);

#endif
