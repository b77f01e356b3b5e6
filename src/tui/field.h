/* A one-line UTF-8 text editor: pure logic, no curses, so the unit tests can
 * drive it.  The cursor is a byte offset that always sits on a character
 * boundary; the text never exceeds `max` bytes and never holds a control
 * character (they have no place in a record, and refusing them at the keyboard
 * keeps pasted escape sequences out). */
#ifndef ESCALATE_TUI_FIELD_H
#define ESCALATE_TUI_FIELD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct tui_text {
	char *s;       /* NUL-terminated */
	size_t len;    /* bytes */
	size_t cap;    /* allocated bytes, including the NUL */
	size_t max;    /* most bytes the text may hold */
	size_t cursor; /* byte offset of the cursor, on a character boundary */
	bool multiline; /* may hold newlines (long free text: tui_text_newline) */
} tui_text;

void tui_text_init(tui_text *t, size_t max);
void tui_text_free(tui_text *t);
/* Replaces the text (cut on a character boundary at max bytes; control
 * characters and invalid bytes dropped); the cursor goes to the end. */
void tui_text_set(tui_text *t, const char *s);
void tui_text_clear(tui_text *t);

/* Whether cp may be typed into a field (printable: no C0/C1 controls, DEL,
 * surrogates, or bidirectional overrides and isolates). */
bool tui_text_codepoint_ok(uint32_t cp);

/* Inserts one character at the cursor.  Returns false (text unchanged) when
 * cp is not allowed or the text would exceed max bytes. */
bool tui_text_insert(tui_text *t, uint32_t cp);

/* Inserts a line break at the cursor (multiline texts only; false when the
 * text is full or not multiline). */
bool tui_text_newline(tui_text *t);

/* Editing keys; each returns whether the text or cursor changed. */
bool tui_text_left(tui_text *t);
bool tui_text_right(tui_text *t);
bool tui_text_home(tui_text *t);
bool tui_text_end(tui_text *t);
bool tui_text_backspace(tui_text *t);
bool tui_text_delete(tui_text *t);
bool tui_text_kill_start(tui_text *t); /* ctrl-u: delete up to the cursor */
bool tui_text_kill_end(tui_text *t);   /* ctrl-k: delete from the cursor */

/* Columns taken by s[0..n) on a terminal (wide characters take 2). */
int tui_text_width(const char *s, size_t n);

/* Horizontal scrolling: given the byte offset of the first character shown
 * last time, returns the offset to show from so that the cursor is visible
 * inside `cols` columns (with the cursor cell itself). */
size_t tui_text_view_start(const tui_text *t, int cols, size_t prev_start);

/* Word wrapping for multi-line text areas: s[0..len) broken into lines of
 * at most `cols` columns, at a newline, else after the last space that
 * fits, else (one long word) before the character that does not fit. */
typedef struct tui_wrap {
	size_t *start; /* byte offset where each line begins */
	size_t n, cap; /* lines (at least 1) */
} tui_wrap;

void tui_wrap_text(tui_wrap *w, const char *s, size_t len, int cols);
void tui_wrap_free(tui_wrap *w);
/* Where line i ends (before its newline, if it has one). */
size_t tui_wrap_end(const tui_wrap *w, const char *s, size_t len, size_t i);
/* The line that holds byte offset `at` (a cursor). */
size_t tui_wrap_line_of(const tui_wrap *w, size_t at);
/* The offset in line i at display column col (its end when shorter). */
size_t tui_wrap_offset_at(const tui_wrap *w, const char *s, size_t len, size_t i, int col);

/* Text read back from an editor (editor.h), checked as typed text would be:
 * valid UTF-8, no control characters but line breaks (and those only when
 * multiline), no bidirectional overrides, at most max bytes.  The line
 * breaks an editor leaves at the end are not part of it.  On success
 * returns true with *len the bytes to keep; else why holds the reason, a
 * phrase to follow the field's name ("holds an escape (U+001B) on line 2"). */
bool tui_text_check(const char *s, size_t *len, size_t max, bool multiline, char *why,
                    size_t whysz);

#endif
