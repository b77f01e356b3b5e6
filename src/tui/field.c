/* The text field editor.  Characters are UTF-8 sequences; every move steps
 * over a whole character, so the text stays valid UTF-8 whatever is pressed. */
#include "field.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "escalate/validate.h"

static void text_reserve(tui_text *t, size_t need)
{
	if (need <= t->cap)
		return;
	size_t cap = t->cap ? t->cap : 32;
	while (cap < need)
		cap *= 2;
	char *p = realloc(t->s, cap);
	if (!p)
		abort(); /* out of memory in an interactive editor: nothing sensible to do */
	t->s = p;
	t->cap = cap;
}

void tui_text_init(tui_text *t, size_t max)
{
	*t = (tui_text){.max = max};
	text_reserve(t, 1);
	t->s[0] = '\0';
}

void tui_text_free(tui_text *t)
{
	free(t->s);
	*t = (tui_text){0};
}

void tui_text_clear(tui_text *t)
{
	t->len = 0;
	t->cursor = 0;
	t->s[0] = '\0';
}

bool tui_text_codepoint_ok(uint32_t cp)
{
	if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f))
		return false;
	if (cp >= 0xd800 && cp <= 0xdfff)
		return false;
	/* Bidirectional embeddings, overrides and isolates can make text read
	 * differently from what is stored ("Trojan Source"). */
	if ((cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069))
		return false;
	return cp <= 0x10ffff;
}

static size_t utf8_encode(uint32_t cp, char out[4])
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

static bool insert_bytes(tui_text *t, const char *b, size_t n)
{
	if (t->len + n > t->max)
		return false;
	text_reserve(t, t->len + n + 1);
	memmove(t->s + t->cursor + n, t->s + t->cursor, t->len - t->cursor + 1);
	memcpy(t->s + t->cursor, b, n);
	t->len += n;
	t->cursor += n;
	return true;
}

bool tui_text_insert(tui_text *t, uint32_t cp)
{
	char b[4];
	if (!tui_text_codepoint_ok(cp))
		return false;
	return insert_bytes(t, b, utf8_encode(cp, b));
}

bool tui_text_newline(tui_text *t)
{
	return t->multiline && insert_bytes(t, "\n", 1);
}

void tui_text_set(tui_text *t, const char *s)
{
	tui_text_clear(t);
	size_t rem = s ? strlen(s) : 0;
	while (rem > 0) {
		uint32_t cp;
		size_t n = esc_utf8_decode(s, rem, &cp);
		if (n == 0) {
			n = 1; /* an invalid byte is dropped */
		} else if ((tui_text_codepoint_ok(cp) || (cp == '\n' && t->multiline)) &&
		           !insert_bytes(t, s, n)) {
			break;
		}
		s += n;
		rem -= n;
	}
}

/* Start of the character before offset i (i > 0). */
static size_t char_before(const tui_text *t, size_t i)
{
	do
		i--;
	while (i > 0 && ((unsigned char)t->s[i] & 0xc0) == 0x80);
	return i;
}

/* Offset just after the character starting at i (i < len). */
static size_t char_after(const tui_text *t, size_t i)
{
	do
		i++;
	while (i < t->len && ((unsigned char)t->s[i] & 0xc0) == 0x80);
	return i;
}

bool tui_text_left(tui_text *t)
{
	if (t->cursor == 0)
		return false;
	t->cursor = char_before(t, t->cursor);
	return true;
}

bool tui_text_right(tui_text *t)
{
	if (t->cursor >= t->len)
		return false;
	t->cursor = char_after(t, t->cursor);
	return true;
}

bool tui_text_home(tui_text *t)
{
	bool moved = t->cursor != 0;
	t->cursor = 0;
	return moved;
}

bool tui_text_end(tui_text *t)
{
	bool moved = t->cursor != t->len;
	t->cursor = t->len;
	return moved;
}

/* Removes bytes [from, to) and leaves the cursor at from. */
static void cut(tui_text *t, size_t from, size_t to)
{
	memmove(t->s + from, t->s + to, t->len - to + 1);
	t->len -= to - from;
	t->cursor = from;
}

bool tui_text_backspace(tui_text *t)
{
	if (t->cursor == 0)
		return false;
	cut(t, char_before(t, t->cursor), t->cursor);
	return true;
}

bool tui_text_delete(tui_text *t)
{
	if (t->cursor >= t->len)
		return false;
	cut(t, t->cursor, char_after(t, t->cursor));
	return true;
}

bool tui_text_kill_start(tui_text *t)
{
	if (t->cursor == 0)
		return false;
	cut(t, 0, t->cursor);
	return true;
}

bool tui_text_kill_end(tui_text *t)
{
	if (t->cursor >= t->len)
		return false;
	t->len = t->cursor;
	t->s[t->len] = '\0';
	return true;
}

/* Zero-width marks count 0, East Asian wide characters 2; anything the C
 * library cannot measure counts 1 so the cursor never lands off-screen. */
static int cp_width(uint32_t cp)
{
	int w = wcwidth((wchar_t)cp);
	return w < 0 ? 1 : w;
}

int tui_text_width(const char *s, size_t n)
{
	int w = 0;
	while (n > 0) {
		uint32_t cp;
		size_t k = esc_utf8_decode(s, n, &cp);
		if (k == 0) {
			k = 1;
			cp = '?';
		}
		w += cp_width(cp);
		s += k;
		n -= k;
	}
	return w;
}

size_t tui_text_view_start(const tui_text *t, int cols, size_t prev_start)
{
	if (cols < 2)
		return t->cursor;
	size_t start = prev_start > t->cursor ? t->cursor : prev_start;
	while (start > 0 && ((unsigned char)t->s[start] & 0xc0) == 0x80)
		start--;
	/* The cursor cell needs one column after the text before it. */
	while (start < t->cursor && tui_text_width(t->s + start, t->cursor - start) + 1 > cols)
		start = char_after(t, start);
	/* After a deletion, scroll back so no columns are wasted on the right. */
	while (start > 0) {
		size_t before = char_before(t, start);
		if (tui_text_width(t->s + before, t->len - before) + 1 > cols)
			break;
		start = before;
	}
	return start;
}

static void wrap_push(tui_wrap *w, size_t at)
{
	if (w->n == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 16;
		size_t *v = realloc(w->start, cap * sizeof *v);
		if (!v)
			abort();
		w->start = v;
		w->cap = cap;
	}
	w->start[w->n++] = at;
}

void tui_wrap_text(tui_wrap *w, const char *s, size_t len, int cols)
{
	size_t ls = 0, brk = 0, i = 0;
	int width = 0;
	if (cols < 1)
		cols = 1;
	w->n = 0;
	wrap_push(w, 0);
	while (i < len) {
		if (s[i] == '\n') {
			i++;
			wrap_push(w, i);
			ls = i;
			brk = 0;
			width = 0;
			continue;
		}
		uint32_t cp;
		size_t k = esc_utf8_decode(s + i, len - i, &cp);
		if (k == 0) {
			k = 1;
			cp = '?';
		}
		int cw = cp_width(cp);
		if (width + cw > cols && i > ls) {
			/* After the last space that fits; a word longer than the
			 * line is broken where it reaches the edge. */
			ls = brk > ls ? brk : i;
			wrap_push(w, ls);
			brk = 0;
			width = tui_text_width(s + ls, i - ls);
			continue;
		}
		width += cw;
		i += k;
		if (cp == ' ')
			brk = i;
	}
}

void tui_wrap_free(tui_wrap *w)
{
	free(w->start);
	*w = (tui_wrap){0};
}

size_t tui_wrap_end(const tui_wrap *w, const char *s, size_t len, size_t i)
{
	if (i + 1 >= w->n)
		return len;
	size_t end = w->start[i + 1];
	return end > w->start[i] && s[end - 1] == '\n' ? end - 1 : end;
}

size_t tui_wrap_line_of(const tui_wrap *w, size_t at)
{
	size_t line = 0;
	while (line + 1 < w->n && w->start[line + 1] <= at)
		line++;
	return line;
}

size_t tui_wrap_offset_at(const tui_wrap *w, const char *s, size_t len, size_t i, int col)
{
	size_t at = w->start[i], end = tui_wrap_end(w, s, len, i);
	int width = 0;
	/* A soft-wrapped line's last offset is the next line's first: stop
	 * before it so the cursor stays on this line. */
	size_t last = end;
	if (i + 1 < w->n && end == w->start[i + 1] && end > at) {
		last = end - 1;
		while (last > at && ((unsigned char)s[last] & 0xc0) == 0x80)
			last--;
	}
	while (at < last) {
		uint32_t cp;
		size_t k = esc_utf8_decode(s + at, len - at, &cp);
		if (k == 0) {
			k = 1;
			cp = '?';
		}
		int cw = cp_width(cp);
		if (width + cw > col)
			break;
		width += cw;
		at += k;
	}
	return at;
}

static const char *char_name(uint32_t cp)
{
	switch (cp) {
	case 0:
		return "a NUL byte";
	case '\t':
		return "a tab";
	case '\n':
		return "a line break";
	case '\r':
		return "a carriage return";
	case 0x1b:
		return "an escape (the start of a terminal control sequence)";
	default:
		break;
	}
	if ((cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069))
		return "a direction override";
	if (cp >= 0xd800 && cp <= 0xdfff)
		return "a surrogate";
	return "a control character";
}

bool tui_text_check(const char *s, size_t *len, size_t max, bool multiline, char *why, size_t whysz)
{
	size_t n = *len;
	/* Editors end a file with a line break (or CR LF). */
	while (n && s[n - 1] == '\n') {
		n--;
		if (n && s[n - 1] == '\r')
			n--;
	}
	if (n > max) {
		snprintf(why, whysz, "is %zu bytes long; at most %zu fit", n, max);
		return false;
	}
	size_t line = 1;
	for (size_t i = 0; i < n;) {
		uint32_t cp = 0;
		size_t k = esc_utf8_decode(s + i, n - i, &cp);
		if (k == 0) {
			snprintf(why, whysz, "is not valid UTF-8 (byte %zu, on line %zu)", i + 1,
			         line);
			return false;
		}
		if (cp == '\n' && multiline) {
			line++;
		} else if (cp == 0 || !tui_text_codepoint_ok(cp)) {
			snprintf(why, whysz,
			         "holds %s (U+%04X) on line %zu, which a record cannot hold",
			         char_name(cp), (unsigned)cp, line);
			return false;
		}
		i += k;
	}
	*len = n;
	return true;
}
