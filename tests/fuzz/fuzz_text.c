/* Text fields on their way in (esc_check_text, UTF-8 decoding) and out
 * (terminal sanitising, CSV, JSON, Markdown, display width).  The input is
 * used whole, NULs included, so embedded NUL and invalid UTF-8 reach every
 * function.  Invariants: accepted text is valid UTF-8 without NUL or
 * control characters (newline and tab only where multi-line text is
 * allowed); whatever leaves through esc_sanitize or the Markdown cell is
 * terminal-safe and the Markdown has no character that could start HTML or
 * inline Markdown; a CSV field never starts a formula and carries no
 * control, C1 or bidi character but its line breaks; JSON strings are quoted
 * and carry no raw control, C1 or bidi character. */
#include <locale.h>

#include "escalate/json_out.h"
#include "escalate/text.h"
#include "fuzz.h"

/* A stored instant read back (json_out.c): either nothing, or ISO 8601 UTC
 * of exactly ESC_INSTANT_LEN characters whose civil date is that day or the
 * next (London is UTC or an hour ahead). */
static void check_instant(const char *s)
{
	char iso[ESC_INSTANT_LEN + 1];
	bool ok = esc_instant_iso(s, iso);
	esc_day day = esc_instant_day(s);
	long long t;
	FUZZ_ASSERT(ok == esc_instant_epoch(s, &t));
	FUZZ_ASSERT(ok == (day >= 0 || t < 0));
	if (!ok) {
		FUZZ_ASSERT(iso[0] == '\0');
		return;
	}
	FUZZ_ASSERT(strlen(iso) == ESC_INSTANT_LEN && iso[10] == 'T' && iso[19] == 'Z');
	for (int i = 0; i < ESC_INSTANT_LEN; i++)
		if (i != 4 && i != 7 && i != 10 && i != 13 && i != 16 && i != 19)
			FUZZ_ASSERT(iso[i] >= '0' && iso[i] <= '9');
	esc_error err = {0};
	esc_day utc_day;
	int minute;
	char date[ESC_DATE_LEN + 1];
	memcpy(date, iso, ESC_DATE_LEN);
	date[ESC_DATE_LEN] = '\0';
	FUZZ_ASSERT(esc_date_parse(date, "at", &utc_day, &minute, &err) == ESC_OK);
	FUZZ_ASSERT(day == utc_day || day == utc_day + 1);
	esc_buf b;
	esc_buf_init(&b);
	esc_json_instant(&b, s);
	FUZZ_ASSERT(b.len == ESC_INSTANT_LEN + 2 && b.data[0] == '"');
	esc_buf_free(&b);
}

static void check_accepted(const char *s, size_t n, bool multiline)
{
	FUZZ_ASSERT(esc_utf8_valid(s, n));
	FUZZ_ASSERT(memchr(s, '\0', n) == NULL);
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		FUZZ_ASSERT(ch >= 0x20 || (multiline && (ch == '\t' || ch == '\n' || ch == '\r')));
		FUZZ_ASSERT(ch != 0x7f);
	}
}

static void check_csv(const char *s)
{
	esc_buf b;
	esc_buf_init(&b);
	esc_csv_field(&b, s);
	const char *v = b.data;
	if (v[0] == '"')
		v++;
	FUZZ_ASSERT(!(v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@' || v[0] == '\t' ||
	              v[0] == '\r'));
	/* no control but LF, no C1 or bidi character, valid UTF-8 */
	FUZZ_ASSERT(esc_utf8_valid(b.data, b.len));
	FUZZ_ASSERT(fuzz_terminal_safe(b.data, b.len, true));
	/* quoted when it must be (a line break survives as LF), quotes doubled */
	if (strpbrk(s, ",\"\n")) {
		FUZZ_ASSERT(b.data[0] == '"' && b.len >= 2 && b.data[b.len - 1] == '"');
		for (size_t i = 1; i + 1 < b.len; i++)
			if (b.data[i] == '"') {
				FUZZ_ASSERT(b.data[i + 1] == '"');
				i++;
			}
	}
	esc_buf_free(&b);
}

static void check_json(const char *s)
{
	esc_buf b;
	esc_buf_init(&b);
	esc_json_string(&b, s);
	FUZZ_ASSERT(b.len >= 2 && b.data[0] == '"' && b.data[b.len - 1] == '"');
	FUZZ_ASSERT(esc_utf8_valid(b.data, b.len));
	for (size_t i = 1; i + 1 < b.len; i++) {
		unsigned char ch = (unsigned char)b.data[i];
		FUZZ_ASSERT(ch >= 0x20);
		if (ch == '\\') {
			i++; /* the escaped character */
			continue;
		}
		FUZZ_ASSERT(ch != '"');
	}
	FUZZ_ASSERT(fuzz_terminal_safe(b.data, b.len, false));
	esc_buf_free(&b);
}

/* True when s[0..k) ends on a character boundary (an invalid byte is a
 * unit of its own). */
static bool on_boundary(const char *s, size_t n, size_t k)
{
	size_t i = 0;
	while (i < k) {
		uint32_t cp;
		size_t u = esc_utf8_decode(s + i, n - i, &cp);
		i += u ? u : 1;
	}
	return i == k;
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	setlocale(LC_ALL, "C.UTF-8"); /* widths as on a UTF-8 terminal */
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 1 << 16)
		return 0;
	char *s = malloc(size + 1);
	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	size_t n = strlen(s); /* up to the first NUL, as a C string arrives */
	esc_error err = {0};

	/* esc_check_text sees the whole input: an embedded NUL must be refused. */
	for (int multiline = 0; multiline < 2; multiline++) {
		if (esc_check_text("summary", s, ESC_LONG_MAX, true, multiline, &err) == ESC_OK)
			check_accepted(s, n, multiline);
		else
			FUZZ_ASSERT(err.status == ESC_EINVALID && strstr(err.message, "summary"));
	}
	uint32_t cp;
	for (size_t i = 0; i < size;) {
		size_t k = esc_utf8_decode((const char *)data + i, size - i, &cp);
		if (k == 0) {
			i++;
			continue;
		}
		FUZZ_ASSERT(k <= 4 && i + k <= size && cp <= 0x10ffff &&
		            !(cp >= 0xd800 && cp <= 0xdfff));
		i += k;
	}

	for (int keep = 0; keep < 2; keep++) {
		esc_buf b;
		esc_buf_init(&b);
		esc_sanitize(&b, s, keep);
		FUZZ_ASSERT(strlen(b.data) == b.len);
		FUZZ_ASSERT(fuzz_terminal_safe(b.data, b.len, keep));
		esc_buf_free(&b);
	}
	char small[24];
	esc_sanitize_into(small, sizeof small, s);
	FUZZ_ASSERT(fuzz_terminal_safe(small, strlen(small), false));

	check_csv(s);
	check_json(s);
	check_instant(s);
	esc_buf md;
	esc_buf_init(&md);
	esc_md_cell(&md, s);
	FUZZ_ASSERT(fuzz_terminal_safe(md.data, md.len, false));
	for (size_t i = 0; i < md.len; i++)
		FUZZ_ASSERT(!strchr("|<>`*_~[]!\\^:@\r\n", md.data[i]) || md.data[i] == '\0');
	esc_buf_free(&md);

	int w = esc_display_width(s);
	FUZZ_ASSERT(w >= 0);
	for (int cols = 0; cols < 12; cols += 3) {
		size_t k = esc_prefix_for_width(s, cols);
		FUZZ_ASSERT(k <= n);
		FUZZ_ASSERT(on_boundary(s, n, k)); /* never cuts a character in half */
	}
	free(s);
	return 0;
}
