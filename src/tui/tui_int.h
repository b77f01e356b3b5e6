/* Inside the interface: the application state, the screen function table,
 * the drawing helpers and the screens' entry points.
 *
 * Screens sit on a stack.  A key goes to the top screen first (its own key
 * table), then to the global keys.  Handlers return flags saying what should
 * happen and never draw; the main loop draws the screens from the topmost
 * full screen upwards (overlays such as pick-lists over what is beneath),
 * with werase + wnoutrefresh + doupdate so nothing flickers. */
#ifndef ESCALATE_TUI_INT_H
#define ESCALATE_TUI_INT_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>

#include "escalate/error.h"
#include "escalate/live.h"
#include "escalate/session.h"
#include "escalate/text.h"
#include "field.h"
#include "keys.h"

#define TUI_MIN_COLS  80
#define TUI_MIN_ROWS  24
#define TUI_STACK_MAX 16

/* What a handler asks of the main loop. */
enum {
	TUI_DONE = 0,           /* handled; nothing to show */
	TUI_REDRAW = 1 << 0,    /* handled; draw again */
	TUI_POP = 1 << 1,       /* close the screen that handled the key */
	TUI_QUIT = 1 << 2,      /* leave the interface */
	TUI_UNHANDLED = 1 << 3, /* not this screen's key: try the global keys */
};

typedef enum tui_style {
	TUI_ST_NORMAL = 0,
	TUI_ST_TITLE,    /* the top bar */
	TUI_ST_HEADER,   /* column headings, section titles */
	TUI_ST_SELECTED, /* the line under the cursor */
	TUI_ST_DIM,      /* refused actions, placeholders */
	TUI_ST_ERROR,
	TUI_ST_INFO,
	TUI_ST_OVERDUE,
	TUI_ST_URGENT,
	TUI_ST_NOTIFY,
	TUI_ST_BANNER, /* the pattern alert */
	TUI_ST_FIELD,  /* an input area */
	TUI_ST_FOCUS,  /* the input area being edited */
	TUI_ST_BAR,    /* the report's bar chart */
	TUI_ST_COUNT
} tui_style;

typedef enum tui_msg_kind { TUI_MSG_NONE = 0, TUI_MSG_INFO, TUI_MSG_ERROR } tui_msg_kind;

typedef struct tui tui;
typedef struct tui_view tui_view;

typedef struct tui_screen_ops {
	const char *name;
	tui_screen keys; /* the section of the key table this screen answers */
	bool overlay;    /* drawn over the screen beneath (pick-lists, questions) */
	/* Loads (or reloads, after the database changed) what the screen shows. */
	esc_status (*open)(tui *t, tui_view *v, esc_error *err);
	void (*draw)(tui *t, tui_view *v);
	int (*handle_key)(tui *t, tui_view *v, tui_action a, tui_key key);
	/* Frees the screen's data. */
	void (*close)(tui_view *v);
	/* Holds input that quitting would throw away (optional). */
	bool (*unsaved)(const tui_view *v);
} tui_screen_ops;

struct tui_view {
	const tui_screen_ops *ops;
	void *data;
	bool stale;   /* the database changed: open again before drawing */
	bool live;    /* ... by another process (not by a write from here) */
	bool closing; /* asked to close (by a question answered above it) */
};

struct tui {
	esc_session *s;
	bool colour;
	int rows, cols;
	tui_view stack[TUI_STACK_MAX];
	int depth;
	tui_msg_kind msg_kind;
	char msg[640];
	esc_buf scratch; /* sanitising and cutting text to width */
	bool cursor_on;  /* a text field wants the terminal cursor */
	int cursor_y, cursor_x;
	/* Where the terminal cursor goes after this draw: screen readers
	 * follow it, so it sits on the focused item (draw_mark). */
	int mark_prio, mark_y, mark_x;
	/* --accessible: words instead of frames, bars and marks; one item
	 * per line (escalate(1), ACCESSIBILITY). */
	bool accessible;
	bool quit;
	/* Others' writes (live.h): polled when no key comes for TUI_IDLE_MS,
	 * and at least every TUI_LIVE_MS while keys keep coming. */
	esc_live live;
	long long live_ms;   /* monotonic time of the last poll */
	bool reloading_live; /* the screen being opened again: for others' writes */
	bool live_pending;   /* others wrote; not yet applied (an overlay was open) */
	/* The case last opened or written to: the list puts its cursor there
	 * when it is read again (0: where the cursor was). */
	long long last_case;
};

/* How strongly a drawn item claims the terminal cursor, weakest first.  In
 * one screen the strongest claim wins (the first of equals); an overlay that
 * claims anything takes the cursor from the screens beneath it. */
typedef enum tui_mark {
	TUI_MARK_PAGE = 0, /* the first line of a page of text, a frame's inside */
	TUI_MARK_FOCUS,    /* a focused field that is not typed into */
	TUI_MARK_TEXT,     /* the insertion point of the text being typed */
	TUI_MARK_SELECTED, /* the selected row of a list */
} tui_mark;

/* tui.c: the stack and messages. */
/* Pushes a screen and opens it; on failure shows the error, frees the data
 * with ops->close and returns the status. */
esc_status tui_push(tui *t, const tui_screen_ops *ops, void *data);
/* Asks for the screen whose data is `data` to close after this key. */
void tui_close_data(tui *t, const void *data);
/* Every open screen reloads before it is drawn again (after a write). */
void tui_mark_stale(tui *t);
/* The same after another process wrote: screens keep where the reader was
 * (the list its cursor's case, the case view its scroll, forms their input). */
void tui_mark_live(tui *t);
void tui_message(tui *t, tui_msg_kind kind, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Shows a core error on the message line, with what to do about it. */
void tui_error(tui *t, const esc_error *err);
/* Whether some screen holds unsaved input. */
bool tui_unsaved(const tui *t);

/* draw.c: every string goes through esc_sanitize and is cut to width. */
void draw_styles_init(tui *t);
/* Claims the terminal cursor for y,x (see tui_mark).  draw_text and
 * draw_fill claim it for the selected row and the focused field by their
 * style; a text field claims its insertion point. */
void draw_mark(tui *t, int y, int x, tui_mark prio);
attr_t draw_attr(const tui *t, tui_style st);
/* Draws s (sanitised, cut to `cols` columns) at y,x; returns columns used. */
int draw_text(tui *t, int y, int x, int cols, tui_style st, const char *s);
/* As draw_text, padded with spaces to exactly `cols` columns. */
void draw_text_pad(tui *t, int y, int x, int cols, tui_style st, const char *s);
/* As draw_text, right-aligned in `cols` columns. */
void draw_text_right(tui *t, int y, int x, int cols, tui_style st, const char *s);
void draw_fill(tui *t, int y, int x, int cols, tui_style st);
/* The top bar: title on the left, the actor on the right. */
void draw_title(tui *t, const char *title);
/* The last two lines: the message (or `idle` when none) and the key hints. */
void draw_footer(tui *t, tui_screen keys, const char *idle);
/* The keys that work everywhere, for the status line (while a text field
 * is being typed in, the help key shown is F1, not ?). */
void draw_global_hint(const tui *t, esc_buf *out);
/* Shown instead of any screen below TUI_MIN_COLS x TUI_MIN_ROWS. */
void draw_too_small(tui *t);
/* A frame for overlays. */
void draw_box(tui *t, int y, int x, int h, int w, const char *title);

/* A page of prepared lines (case timeline, report, help), drawn in a window
 * of the screen and scrolled by the movement keys. */
typedef struct tui_line {
	char *text; /* already sanitised */
	tui_style style;
	int indent;
} tui_line;

typedef struct tui_lines {
	tui_line *v;
	size_t n, cap;
	int top;   /* first line shown */
	int shown; /* lines the last draw had room for */
	int built_cols;
} tui_lines;

void lines_clear(tui_lines *l);
void lines_free(tui_lines *l);
/* Sanitises text and appends it as one line (cut when drawn). */
void lines_add(tui_lines *l, tui_style st, int indent, const char *text);
/* Sanitises text and wraps it at spaces to `cols` columns: the first line
 * at `indent`, the rest at `hang`. */
void lines_wrap(tui_lines *l, tui_style st, int indent, int hang, int cols, const char *text);
void lines_draw(tui *t, tui_lines *l, int y, int rows);
/* Scrolling keys; returns TUI_REDRAW, TUI_DONE or TUI_UNHANDLED. */
int lines_scroll(tui_lines *l, tui_action a);

/* Screens. */
esc_status tui_list_open(tui *t);
esc_status tui_case_open(tui *t, long long id);
esc_status tui_report_open(tui *t);
esc_status tui_help_open(tui *t);
/* screen_record.c: the clinical-record entry of case id (c, as read), to
 * read, save (s) or pipe (|). */
struct esc_case;
esc_status tui_record_open(tui *t, long long id, const struct esc_case *c);
/* A read-only page of text, searchable with /. */
esc_status tui_pager_open(tui *t, const char *title, const char *text);
/* As tui_pager_open, with keys of its own (the TUI_S_RECORD section of the
 * key table, tried before the page's): on_key gets their actions and
 * returns TUI_UNHANDLED for the rest; ctx_free frees ctx with the page. */
typedef int (*tui_pager_key)(tui *t, void *ctx, tui_action a);
esc_status tui_pager_open_with(tui *t, const char *title, const char *text, tui_pager_key on_key,
                               void *ctx, void (*ctx_free)(void *ctx));
/* The line of texts[0..n) that holds find (ignoring ASCII case), looking
 * from the line after `from` (dir 1) or before it (dir -1) round the end;
 * -1 when none does. */
int tui_pager_find_line(const char *const *texts, size_t n, const char *find, int from, int dir);

/* screen_pick.c: overlays that answer their opener through a callback. */
typedef int (*tui_pick_done)(tui *t, void *ctx, int chosen, const bool *marked);
/* options stay owned by the caller and must outlive the list.  Single choice
 * (marked NULL): done gets the chosen index.  Several (marked, n entries,
 * initial marks): done gets chosen -1 and the marks. */
esc_status tui_pick_open(tui *t, const char *title, const char *const *options, size_t n,
                         int current, const bool *marked, tui_pick_done done, void *ctx);
/* The list already narrowed by a character typed before it opened (a key
 * pressed on a pick-list field filters from its first character). */
esc_status tui_pick_open_typed(tui *t, const char *title, const char *const *options, size_t n,
                               int current, const bool *marked, uint32_t typed,
                               tui_pick_done done, void *ctx);

typedef int (*tui_confirm_done)(tui *t, void *ctx, bool yes);
esc_status tui_confirm_open(tui *t, const char *question, tui_confirm_done done, void *ctx);
/* The view of the question "discard and quit?" (^C at that question quits). */
bool tui_is_confirm(const tui_view *v);

typedef int (*tui_prompt_done)(tui *t, void *ctx, const char *text);
esc_status tui_prompt_open(tui *t, const char *label, const char *initial, size_t max,
                           tui_prompt_done done, void *ctx);
/* As tui_prompt_open, starting empty, with `recall` (the last answer) one
 * Up-arrow away. */
esc_status tui_prompt_recall(tui *t, const char *label, const char *recall, size_t max,
                             tui_prompt_done done, void *ctx);
/* A prompt with a scope (the search: all cases or the view): Tab flips it
 * (flip true) and the callback writes the prompt's label and what the keys
 * line says Tab does ("only open cases", "all cases"); it is called once
 * with flip false when the prompt opens. */
typedef void (*tui_prompt_scope)(tui *t, void *ctx, bool flip, char *label, size_t labelsz,
                                 char *tab, size_t tabsz);
/* As tui_prompt_recall, with a scope that Tab flips. */
esc_status tui_prompt_recall_scope(tui *t, const char *recall, size_t max,
                                   tui_prompt_done done, tui_prompt_scope scope, void *ctx);

/* Whether key is a character to type into a text field. */
bool tui_key_printable(tui_key key);
/* Applies a text-editing action; returns whether it changed anything. */
bool tui_text_apply(tui_text *text, tui_action a);
/* Draws an editable text at y,x in `cols` columns, scrolled so the cursor
 * shows (view holds the scroll offset), and places the cursor if focused. */
void draw_field_text(tui *t, int y, int x, int cols, const tui_text *text, size_t *view,
                     bool focused, const char *placeholder);

#endif
