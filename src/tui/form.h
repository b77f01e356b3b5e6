/* Forms: a list of fields filled in by the user, checked and written by
 * the core only when the user confirms (F2 / Ctrl-S / the Save button).
 * Esc cancels with no write (asking first when something was typed).  When
 * the core refuses a field, its message is shown beside that field. */
#ifndef ESCALATE_TUI_FORM_H
#define ESCALATE_TUI_FORM_H

#include <stdbool.h>
#include <stddef.h>

#include "escalate/calendar.h"
#include "escalate/error.h"
#include "escalate/procedure.h"
#include "field.h"
#include "tui_int.h"

typedef enum tui_field_kind {
	TUI_F_TEXT,   /* one line of text */
	TUI_F_LONG,   /* free text (decision, concern, summary, reason) */
	TUI_F_DATE,   /* a date or date and time, as typed */
	TUI_F_PICK,   /* one entry from a list (Enter opens it) */
	TUI_F_MULTI,  /* one or more entries from a list */
	TUI_F_CHOICE, /* one of a few fixed answers (Left, Right, Space) */
	TUI_F_COMBO,  /* text, with suggestions a list offers (Enter) */
	TUI_F_BUTTON,
} tui_field_kind;

/* Button ids the engine knows; forms number their own from 1. */
#define TUI_BUTTON_SAVE (-1)

typedef struct tui_form_field {
	tui_field_kind kind;
	char label[48];
	const char *names; /* the core's name(s) for the field, '|' separated */
	const char *hint;  /* shown while the field has the focus */
	bool required;
	int group; /* repeatable group (agreed action number), 0 for none */
	int id;    /* button id */
	tui_text text;
	size_t view;
	char **options;
	size_t noptions;
	bool *marked; /* TUI_F_MULTI */
	int choice;   /* TUI_F_PICK / TUI_F_CHOICE: chosen option, -1 for none */
	char error[ESC_SHORT_MAX + 400];
} tui_form_field;

typedef struct tui_form tui_form;
/* Builds the core's input from the fields and calls the core; returns its
 * status with err filled. */
typedef esc_status (*tui_form_submit)(tui *t, tui_form *f, esc_error *err);
/* A form's own button was pressed. */
typedef int (*tui_form_press)(tui *t, tui_form *f, int field);
/* After a successful write (the form is closing). */
typedef void (*tui_form_saved)(tui *t, tui_form *f);
/* Which field an error belongs to, when its name is not enough (agreed
 * actions repeat their names); -1 to use the name. */
typedef int (*tui_form_locate)(const tui_form *f, const esc_error *err);
/* A choice field's answer changed (the form may fill other fields). */
typedef void (*tui_form_chosen)(tui_form *f, int field);
/* After a refused save: marks (form_mark) what else is wrong that the core,
 * stopping at its first complaint, did not reach. */
typedef void (*tui_form_check)(tui_form *f);
/* A refusal the form answers itself (a question to ask, say): true when
 * it did, and the engine then shows nothing of it. */
typedef bool (*tui_form_refused)(tui *t, tui_form *f, const esc_error *err);

struct tui_form {
	char title[ESC_SHORT_MAX + 80];
	char intro[1200];  /* what the form does, above the fields */
	bool warn;         /* the intro is a warning (urgent jump) */
	char confirm[600]; /* a question asked before writing, when set */
	tui_form_field *fields;
	size_t n, cap;
	int focus, top, body_rows, picking;
	bool dirty;
	char error[ESC_SHORT_MAX + 400]; /* a refusal that is not about one field */
	tui_form_submit submit;
	tui_form_press press;
	tui_form_saved saved;
	tui_form_locate locate;
	tui_form_chosen chosen;
	tui_form_check check;
	tui_form_refused refused;
	void *ctx;
	void (*ctx_free)(void *ctx);
	esc_day today; /* for "today" / "yesterday" in date fields */
	/* The case the form records an event on (0: none), the event, and how
	 * the case stood when the form was written for it: when others change
	 * the case, the form says so at once in `notice` (form_live.c). */
	long long watch_case;
	esc_event_kind watch_event;
	esc_seen watch_seen;
	char notice[600];
};

/* Columns of the labels on the left of the fields. */
#define TUI_FORM_LABEL_COLS 26

/* form_long.c: long free text as a word-wrapped, multi-line area. */
int form_field_cols(const tui *t);
/* Rows it takes (more while edited than when the focus is elsewhere). */
int form_long_rows(const tui *t, const tui_form_field *fd, bool focused);
/* Draws it at y,x in w columns (the cursor placed when focused); returns
 * the rows drawn. */
int form_draw_long(tui *t, tui_form_field *fd, int y, int x, int w, bool focused);
/* Up / Down inside it; false at its first / last line. */
bool form_long_line_move(const tui *t, tui_form_field *fd, int delta);
/* The status line's start while one has the focus ("Enter: new line, F4:
 * your editor. "), from the key table. */
const char *form_long_hint(void);

/* form_date.c: "DD/MM/YYYY", "today", "yesterday" (and an optional
 * " HH:MM") as "YYYY-MM-DD[ HH:MM]" in out; false (out unspecified) when
 * `in` is none of these or already so written. */
bool form_date_understand(const char *in, esc_day today, char *out, size_t outsz);

/* form_live.c: the form's reload (its screen's open): the input stays as
 * typed, and a case that moved since the form was written for it is said
 * so in the notice; and the notice's lines, drawn from *y on. */
esc_status form_live_open(tui *t, tui_view *v, esc_error *err);
void form_live_draw(tui *t, const tui_form *f, int *y);
/* form_errors.c: a refused save shown on the form. */
/* The core's message as the screen says it: without the field's name in
 * front when shown beside it, and with any name of the form's fields
 * written like an option ("--to", "contact-at") replaced by the label. */
void form_message_plain(const tui_form *f, const char *field, const char *msg, char *out,
                        size_t outsz);
/* Sets field's message (unless it has one already), in the screen's words. */
void form_mark(tui_form *f, int field, const char *field_name, const char *msg);
/* The core's refusal beside the field it names, or above the fields. */
void form_show_error(tui *t, tui_form *f, const esc_error *err);
bool form_field_empty(const tui_form_field *fd);
/* Every other problem the form can see (required fields left empty, dates
 * that are not dates, the form's own check), each beside its field, the
 * cursor on the first. */
void form_show_more(tui *t, tui_form *f);

tui_form *tui_form_new(const char *title, tui_form_submit submit, void *ctx,
                       void (*ctx_free)(void *));
/* Adds a field (at the end, or before index `at`); returns its index. */
int tui_form_add(tui_form *f, tui_field_kind kind, const char *label, const char *names,
                 bool required, const char *hint);
int tui_form_insert(tui_form *f, int at, tui_field_kind kind, const char *label, const char *names,
                    bool required, const char *hint);
void tui_form_option(tui_form *f, int field, const char *option);
void tui_form_set_text(tui_form *f, int field, const char *text);
/* The value as text: what was typed, or the chosen option; "" for none. */
const char *tui_form_value(const tui_form *f, int field);
/* Index of the first field the core calls `name`, or -1. */
int tui_form_find(const tui_form *f, const char *name);
/* Shows the form; it owns f from here (freed when it closes). */
esc_status tui_form_open(tui *t, tui_form *f);
void tui_form_free(tui_form *f);
/* Checks and writes the form now (no question asked), as a save does;
 * for a refused hook's answer. */
int tui_form_write(tui *t, tui_form *f);

#endif
