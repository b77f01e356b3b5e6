/* Text on its way out: neutralised for the terminal, measured in columns,
 * quoted for CSV, JSON and Markdown.
 *
 * Everything here walks the input one "unit" at a time: a character that
 * may be shown as it is, or the visible stand-in for one that may not.  So
 * truncation, width and output agree on what the user will see, and a
 * stand-in is never cut in half. */
#include "escalate/text.h"

#include <langinfo.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <wchar.h>

#include "escalate/validate.h"

enum { TXT_MIN_CAP = 64 };

void esc_buf_init(esc_buf *b)
{
	*b = (esc_buf){.data = NULL, .len = 0, .cap = 0};
	esc_buf_reset(b);
}

void esc_buf_free(esc_buf *b)
{
	free(b->data);
	*b = (esc_buf){.data = NULL, .len = 0, .cap = 0};
}

/* Room for `extra` more bytes and the terminating NUL.  Allocation failure
 * aborts: every caller would otherwise have to unwind half-built output for a
 * condition the program cannot recover from anyway. */
static void txt_buf_reserve(esc_buf *b, size_t extra)
{
	if (extra > SIZE_MAX - b->len - 1)
		abort();
	size_t need = b->len + extra + 1;
	if (need <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : TXT_MIN_CAP;
	while (cap < need) {
		if (cap > SIZE_MAX / 2)
			abort();
		cap *= 2;
	}
	char *p = realloc(b->data, cap);
	if (!p)
		abort();
	b->data = p;
	b->cap = cap;
}

void esc_buf_reset(esc_buf *b)
{
	txt_buf_reserve(b, 0);
	b->len = 0;
	b->data[0] = '\0';
}

void esc_buf_add(esc_buf *b, const char *s, size_t n)
{
	txt_buf_reserve(b, n);
	if (n)
		memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void esc_buf_puts(esc_buf *b, const char *s)
{
	esc_buf_add(b, s, strlen(s));
}

static void txt_buf_putc(esc_buf *b, char c)
{
	esc_buf_add(b, &c, 1);
}

void esc_buf_printf(esc_buf *b, const char *fmt, ...)
{
	/* Most pieces fit in the spare room; a longer one is formatted twice. */
	txt_buf_reserve(b, TXT_MIN_CAP);
	va_list ap, again;
	va_start(ap, fmt);
	va_copy(again, ap);
	size_t room = b->cap - b->len;
	int n = vsnprintf(b->data + b->len, room, fmt, ap);
	va_end(ap);
	if (n >= 0 && (size_t)n >= room) {
		txt_buf_reserve(b, (size_t)n);
		vsnprintf(b->data + b->len, (size_t)n + 1, fmt, again);
	}
	va_end(again);
	if (n > 0)
		b->len += (size_t)n;
	b->data[b->len] = '\0';
}

/* One step of the walk over untrusted text. */
typedef struct txt_unit {
	char text[12];   /* what to show: the character's own bytes or a stand-in */
	size_t len;      /* bytes in text */
	size_t consumed; /* input bytes this unit stands for */
	uint32_t cp;     /* the character, when plain */
	bool plain;      /* text is the input character itself */
} txt_unit;

/* Bidirectional embeddings, overrides, isolates and marks: invisible, and
 * able to make text read differently from what it is ("Trojan Source"). */
static bool txt_is_bidi_control(uint32_t cp)
{
	return cp == 0x061c || cp == 0x200e || cp == 0x200f || (cp >= 0x202a && cp <= 0x202e) ||
	       (cp >= 0x2066 && cp <= 0x2069);
}

static void txt_unit_standin(txt_unit *u, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void txt_unit_standin(txt_unit *u, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(u->text, sizeof u->text, fmt, ap);
	va_end(ap);
	u->len = n > 0 ? (size_t)n : 0;
	u->plain = false;
}

/* ESC becomes "^[" through the caret rule like every other C0 control, so an
 * escape sequence (CSI, OSC 52 clipboard writes, title setting) arrives as
 * inert text; 8-bit C1 introducers are either invalid bytes or C1 code
 * points, and both get stand-ins too. */
static void txt_unit_next(const char *p, size_t rem, bool keep_newlines, txt_unit *u)
{
	uint32_t cp = 0;
	size_t n = esc_utf8_decode(p, rem, &cp);
	if (n == 0) {
		u->consumed = 1;
		u->cp = 0xfffd;
		txt_unit_standin(u, "\\x%02X", (unsigned char)p[0]);
		return;
	}
	u->consumed = n;
	u->cp = cp;
	if (cp == '\t') {
		txt_unit_standin(u, " ");
	} else if (cp == '\n' && keep_newlines) {
		u->text[0] = '\n';
		u->len = 1;
		u->plain = true;
	} else if (cp < 0x20) {
		txt_unit_standin(u, "^%c", (char)(cp + 0x40));
	} else if (cp == 0x7f) {
		txt_unit_standin(u, "^?");
	} else if ((cp >= 0x80 && cp <= 0x9f) || txt_is_bidi_control(cp)) {
		txt_unit_standin(u, "<U+%04X>", (unsigned)cp);
	} else {
		memcpy(u->text, p, n);
		u->len = n;
		u->plain = true;
	}
}

void esc_sanitize(esc_buf *b, const char *s, bool keep_newlines)
{
	size_t rem = s ? strlen(s) : 0;
	txt_buf_reserve(b, rem);
	while (rem > 0) {
		txt_unit u;
		txt_unit_next(s, rem, keep_newlines, &u);
		esc_buf_add(b, u.text, u.len);
		s += u.consumed;
		rem -= u.consumed;
	}
}

/* Newlines are shown as "^J": a fixed-size field is a single line. */
void esc_sanitize_into(char *out, size_t outsz, const char *s)
{
	if (outsz == 0)
		return;
	size_t rem = s ? strlen(s) : 0, used = 0;
	while (rem > 0) {
		txt_unit u;
		txt_unit_next(s, rem, false, &u);
		if (u.len > outsz - 1 - used)
			break;
		memcpy(out + used, u.text, u.len);
		used += u.len;
		s += u.consumed;
		rem -= u.consumed;
	}
	out[used] = '\0';
}

void esc_fputs_safe(const char *s, FILE *f, bool keep_newlines)
{
	size_t rem = s ? strlen(s) : 0;
	while (rem > 0) {
		txt_unit u;
		txt_unit_next(s, rem, keep_newlines, &u);
		fwrite(u.text, 1, u.len, f);
		s += u.consumed;
		rem -= u.consumed;
	}
}

/* wcwidth only knows the width of a code point when the locale is UTF-8 and
 * wchar_t holds Unicode; the core never changes the locale, it asks. */
static bool txt_locale_is_utf8(void)
{
#ifdef __STDC_ISO_10646__
	return MB_CUR_MAX > 1 && strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
#else
	return false;
#endif
}

/* Columns of one unit.  A stand-in is plain ASCII, one column a byte; a
 * code point wcwidth does not know (unassigned) is taken as one column, as
 * terminals draw a replacement glyph there.  Outside a UTF-8 locale every
 * character counts one column. */
static int txt_unit_width(const txt_unit *u, bool utf8)
{
	if (!u->plain)
		return (int)u->len;
	if (u->cp == '\n')
		return 0;
	if (!utf8 || u->cp < 0x80)
		return 1;
	int w = wcwidth((wchar_t)u->cp);
	return w < 0 ? 1 : w;
}

/* Width of s as esc_sanitize(b, s, false) shows it. */
int esc_display_width(const char *s)
{
	bool utf8 = txt_locale_is_utf8();
	size_t rem = s ? strlen(s) : 0;
	long width = 0;
	while (rem > 0) {
		txt_unit u;
		txt_unit_next(s, rem, false, &u);
		width += txt_unit_width(&u, utf8);
		s += u.consumed;
		rem -= u.consumed;
	}
	return width > INT32_MAX ? INT32_MAX : (int)width;
}

/* The prefix is measured in bytes of s itself (the caller cuts the raw text
 * and sanitises that).  Zero-width characters that follow the last one that
 * fits are kept, so a combining accent stays with its letter. */
size_t esc_prefix_for_width(const char *s, int cols)
{
	bool utf8 = txt_locale_is_utf8();
	size_t rem = s ? strlen(s) : 0, used = 0;
	long width = 0;
	while (rem > 0) {
		txt_unit u;
		txt_unit_next(s + used, rem, false, &u);
		width += txt_unit_width(&u, utf8);
		if (width > cols)
			break;
		used += u.consumed;
		rem -= u.consumed;
	}
	return used;
}

/* What a CSV field carries of untrusted text (issue 11): line breaks stay
 * (as LF; CRLF becomes LF) inside the quoted field, tab becomes a space, and
 * every other C0 control, DEL, C1 control, bidirectional control and invalid
 * byte gets the terminal's visible stand-in ("^[", "<U+202E>", "\xFF"), so
 * `cat export.csv` cannot drive a terminal and a spreadsheet shows what a
 * reader of the interface sees. */
void esc_clean_data(esc_buf *b, const char *s)
{
	size_t rem = strlen(s);
	while (rem > 0) {
		if (s[0] == '\r' && rem > 1 && s[1] == '\n') {
			s++;
			rem--;
			continue;
		}
		txt_unit u;
		txt_unit_next(s, rem, true, &u);
		esc_buf_add(b, u.text, u.len);
		s += u.consumed;
		rem -= u.consumed;
	}
}

/* Formula guard: a spreadsheet evaluates a cell starting with = + - @ (and,
 * in some, tab or CR before them), which lets a crafted record run commands
 * or leak data (CSV injection).  The guard applies to every such field,
 * negative numbers included, so the rule is one line to state: report code
 * writes its own numbers without esc_csv_field.  Tab and CR never survive
 * esc_clean_data, so the first character checked is the one written. */
void esc_csv_field(esc_buf *b, const char *s)
{
	esc_buf clean;
	esc_buf_init(&clean);
	esc_clean_data(&clean, s ? s : "");
	const char *c = clean.data;
	bool formula = c[0] != '\0' && strchr("=+-@", c[0]) != NULL;
	bool quoted = strpbrk(c, ",\"\n") != NULL;
	if (quoted)
		txt_buf_putc(b, '"');
	if (formula)
		txt_buf_putc(b, '\'');
	for (const char *p = c; *p; p++) {
		if (*p == '"')
			txt_buf_putc(b, '"');
		txt_buf_putc(b, *p);
	}
	if (quoted)
		txt_buf_putc(b, '"');
	esc_buf_free(&clean);
}

/* Beyond what JSON requires, DEL, C1 controls, the bidirectional controls
 * and the line/paragraph separators are \u-escaped too, so the bytes written
 * never hold a control or bidi character (safe to cat to a terminal, to
 * paste into JavaScript) while a parser still gets the stored text back
 * exactly. */
void esc_json_string(esc_buf *b, const char *s)
{
	size_t rem = s ? strlen(s) : 0;
	txt_buf_putc(b, '"');
	while (rem > 0) {
		uint32_t cp;
		size_t n = esc_utf8_decode(s, rem, &cp);
		if (n == 0) {
			esc_buf_puts(b, "\\ufffd");
			n = 1;
		} else if (cp == '"' || cp == '\\') {
			txt_buf_putc(b, '\\');
			txt_buf_putc(b, (char)cp);
		} else if (cp == '\n') {
			esc_buf_puts(b, "\\n");
		} else if (cp == '\t') {
			esc_buf_puts(b, "\\t");
		} else if (cp == '\r') {
			esc_buf_puts(b, "\\r");
		} else if (cp == '\b') {
			esc_buf_puts(b, "\\b");
		} else if (cp == '\f') {
			esc_buf_puts(b, "\\f");
		} else if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x2028 ||
		           cp == 0x2029 || txt_is_bidi_control(cp)) {
			esc_buf_printf(b, "\\u%04x", (unsigned)cp);
		} else {
			esc_buf_add(b, s, n);
		}
		s += n;
		rem -= n;
	}
	txt_buf_putc(b, '"');
}

/* Markdown that renders as the text itself (issue 11) in pandoc (gfm),
 * cmark-gfm (safe and --unsafe) and python-markdown: every character that
 * can open HTML (< > &), inline Markdown (` * _ ~ [ ] ! \\), a table cell
 * (|), a heading or footnote (# ^), an emoji shortcode or a URL (: @), or
 * (with "www.") an autolink is written as a character reference, which
 * CommonMark and python-markdown both show literally and never read as
 * syntax.  A line break of any style becomes one space (a table row is one
 * line); control and bidi characters get their visible stand-ins first. */
static void txt_md(esc_buf *b, const char *s)
{
	size_t rem = s ? strlen(s) : 0;
	const char *start = s;
	while (rem > 0) {
		if (*s == '\r' || *s == '\n') {
			size_t n = (s[0] == '\r' && rem > 1 && s[1] == '\n') ? 2 : 1;
			txt_buf_putc(b, ' ');
			s += n;
			rem -= n;
			continue;
		}
		txt_unit u;
		txt_unit_next(s, rem, false, &u);
		for (size_t i = 0; i < u.len; i++) {
			unsigned char ch = (unsigned char)u.text[i];
			bool www_dot = ch == '.' && u.plain && s - start >= 3 &&
			               strncasecmp(s - 3, "www", 3) == 0;
			if (ch == '&')
				esc_buf_puts(b, "&amp;");
			else if (ch == '<')
				esc_buf_puts(b, "&lt;");
			else if (ch == '>')
				esc_buf_puts(b, "&gt;");
			else if (www_dot || (ch < 0x80 && strchr("`*_~[]!\\|#^:@", ch) && ch))
				esc_buf_printf(b, "&#%u;", ch);
			else
				txt_buf_putc(b, (char)ch);
		}
		s += u.consumed;
		rem -= u.consumed;
	}
}

void esc_md_cell(esc_buf *b, const char *s)
{
	txt_md(b, s);
}
