/* Text that leaves the program: neutralised for the terminal, quoted for
 * CSV and JSON.  Untrusted text never reaches a terminal raw. */
#ifndef ESCALATE_TEXT_H
#define ESCALATE_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* A growable byte buffer (always NUL-terminated). */
typedef struct esc_buf {
	char *data;
	size_t len;
	size_t cap;
} esc_buf;

void esc_buf_init(esc_buf *b);
void esc_buf_free(esc_buf *b);
void esc_buf_reset(esc_buf *b);
void esc_buf_add(esc_buf *b, const char *s, size_t n);
void esc_buf_puts(esc_buf *b, const char *s);
void esc_buf_printf(esc_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Copies s into b with every C0/C1 control character, DEL, invalid UTF-8 byte
 * and bidirectional override/isolate character replaced by a visible stand-in
 * (ESC -> "^[", other C0 -> "^X", C1 and bidi -> "<U+XXXX>", bad bytes ->
 * "\xHH").  Newlines are kept when keep_newlines, else shown as "^J". */
void esc_sanitize(esc_buf *b, const char *s, bool keep_newlines);
/* Convenience: sanitise into a fixed buffer, truncating on a character boundary. */
void esc_sanitize_into(char *out, size_t outsz, const char *s);
/* Writes s sanitised to a stream. */
void esc_fputs_safe(const char *s, FILE *f, bool keep_newlines);

/* Terminal columns taken by sanitised text s (wide characters count 2). */
int esc_display_width(const char *s);
/* Byte length of the longest prefix of s that fits in `cols` columns. */
size_t esc_prefix_for_width(const char *s, int cols);

/* Untrusted text as data files hold it (CSV fields, workbook cells): line
 * breaks kept (CRLF as LF), tab as a space, every other control, DEL, C1 and
 * bidi character and invalid byte as esc_sanitize's stand-in. */
void esc_clean_data(esc_buf *b, const char *s);

/* RFC 4180 field: quoted when it holds a comma, quote or line break; quotes
 * doubled.  Line breaks are kept (CRLF as LF), tab becomes a space, and other
 * control, C1 and bidi characters and invalid bytes get the visible
 * stand-ins of esc_sanitize: no CSV ever carries them.  A field that a
 * spreadsheet would read as a formula (starting with = + - @) is prefixed
 * with a single quote so opening the CSV in a spreadsheet cannot run it. */
void esc_csv_field(esc_buf *b, const char *s);
/* JSON string literal with quotes; control, C1 and bidi characters and
 * U+2028/U+2029 \u-escaped.  Invalid UTF-8 bytes become U+FFFD. */
void esc_json_string(esc_buf *b, const char *s);
/* Markdown text (a table cell or a line): HTML-significant and inline
 * Markdown characters as character references, so every renderer shows the
 * text literally; newlines as spaces; sanitised. */
void esc_md_cell(esc_buf *b, const char *s);

#endif
