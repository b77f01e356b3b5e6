/* Buffers, terminal sanitising, display width, CSV, JSON and Markdown. */
#include "escalate/text.h"

#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "escalate/validate.h"

static void test_buf_grows(void **state)
{
	(void)state;
	esc_buf b;
	esc_buf_init(&b);
	assert_non_null(b.data);
	assert_string_equal(b.data, "");
	assert_int_equal(b.len, 0);
	for (int i = 0; i < 10000; i++)
		esc_buf_add(&b, &"0123456789"[i % 10], 1);
	assert_int_equal(b.len, 10000);
	assert_int_equal(strlen(b.data), 10000);
	assert_true(b.cap > b.len);
	assert_memory_equal(b.data + 9990, "0123456789", 10);
	esc_buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.data, "");
	esc_buf_puts(&b, "case ");
	esc_buf_printf(&b, "%lld at level %d: %s", 42LL, 3, "open");
	assert_string_equal(b.data, "case 42 at level 3: open");
	assert_int_equal(b.len, strlen(b.data));
	/* A formatted piece much larger than the current capacity. */
	esc_buf_printf(&b, "%5000s|", "x");
	assert_int_equal(b.len, strlen("case 42 at level 3: open") + 5001);
	assert_int_equal(b.data[b.len - 1], '|');
	assert_int_equal(b.data[b.len - 2], 'x');
	esc_buf_add(&b, "", 0);
	assert_int_equal(b.data[b.len], '\0');
	esc_buf_free(&b);
	assert_null(b.data);
	/* A freed buffer may be used again. */
	esc_buf_puts(&b, "again");
	assert_string_equal(b.data, "again");
	esc_buf_free(&b);
}

typedef struct conv_case {
	const char *in;
	const char *out;
} conv_case;

static void check_sanitize(const conv_case *cases, size_t n, bool keep_newlines)
{
	esc_buf b;
	esc_buf_init(&b);
	for (size_t i = 0; i < n; i++) {
		esc_buf_reset(&b);
		esc_sanitize(&b, cases[i].in, keep_newlines);
		if (strcmp(b.data, cases[i].out) != 0)
			fail_msg("case %zu: got \"%s\", expected \"%s\"", i, b.data, cases[i].out);
		assert_int_equal(b.len, strlen(cases[i].out));
	}
	esc_buf_free(&b);
}

static void test_sanitize_terminal_attacks(void **state)
{
	(void)state;
	static const conv_case cases[] = {
	    {"plain text", "plain text"},
	    {"Siobh\xc3\xa1n N\xc3\xad Bhriain", "Siobh\xc3\xa1n N\xc3\xad Bhriain"},
	    {"\x1b[2J", "^[[2J"},                             /* CSI clear screen */
	    {"\x1b[31mred\x1b[0m", "^[[31mred^[[0m"},         /* colours */
	    {"\x1b]52;c;SGVsbG8=\x07", "^[]52;c;SGVsbG8=^G"}, /* OSC 52 clipboard */
	    {"\x1b]0;pwned\x07", "^[]0;pwned^G"},             /* window title */
	    {"\x1b]0;pwned\x1b\\", "^[]0;pwned^[\\"},         /* ST terminator */
	    /* Octal escapes here: a hex escape would swallow the digits after it. */
	    {"\302\23331m", "<U+009B>31m"},                     /* 8-bit CSI, encoded */
	    {"\23331m", "\\x9B31m"},                            /* 8-bit CSI, raw byte */
	    {"\302\2350;t\302\234", "<U+009D>0;t<U+009C>"},     /* 8-bit OSC and ST */
	    {"evil\xe2\x80\xaetxt.exe", "evil<U+202E>txt.exe"}, /* RLO */
	    {"\xe2\x80\xaa\xe2\x80\xab\xe2\x80\xac\xe2\x80\xad",
	     "<U+202A><U+202B><U+202C><U+202D>"},
	    {"\xe2\x81\xa6x\xe2\x81\xa9", "<U+2066>x<U+2069>"},               /* isolates */
	    {"\xe2\x80\x8e\xe2\x80\x8f\xd8\x9c", "<U+200E><U+200F><U+061C>"}, /* marks */
	    {"del\x7f", "del^?"},
	    {"\x01\x08\x1f", "^A^H^_"},
	    {"a\tb", "a b"},
	    {"cr\rlf", "cr^Mlf"},
	    {"bad \xff\xfe", "bad \\xFF\\xFE"},
	    {"overlong \xc0\xaf", "overlong \\xC0\\xAF"},
	    {"surrogate \xed\xa0\x80", "surrogate \\xED\\xA0\\x80"},
	    {"cut \xe2\x82", "cut \\xE2\\x82"},
	    {"big \xf4\x90\x80\x80", "big \\xF4\\x90\\x80\\x80"},
	    {"\xe2\x80\xa8", "\xe2\x80\xa8"}, /* line separator is not a control */
	    {"", ""},
	};
	check_sanitize(cases, sizeof cases / sizeof cases[0], false);
}

static void test_sanitize_newlines(void **state)
{
	(void)state;
	static const conv_case kept[] = {{"l1\nl2", "l1\nl2"}, {"l1\r\nl2", "l1^M\nl2"}};
	static const conv_case shown[] = {{"l1\nl2", "l1^Jl2"}, {"l1\r\nl2", "l1^M^Jl2"}};
	check_sanitize(kept, 2, true);
	check_sanitize(shown, 2, false);
	esc_buf b;
	esc_buf_init(&b);
	esc_sanitize(&b, NULL, false);
	assert_string_equal(b.data, "");
	esc_buf_free(&b);
}

/* Whatever bytes arrive, the output is valid UTF-8 without a single control
 * character, C1 code point or bidi control (a newline only when kept). */
static void test_sanitize_output_is_inert(void **state)
{
	(void)state;
	uint32_t seed = 12345;
	char in[64];
	esc_buf b;
	esc_buf_init(&b);
	for (int round = 0; round < 20000; round++) {
		size_t n = (size_t)(round % 63);
		for (size_t i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			unsigned char c = (unsigned char)(seed >> 16);
			/* Bias towards the interesting bytes. */
			if (round % 3 == 0)
				c = (unsigned char)("\x1b\x9b\xc2\xe2\x80\xae\x07\n\x7f"
				                    "a"[c % 10]);
			in[i] = c ? (char)c : 'z';
		}
		in[n] = '\0';
		bool keep = round % 2 == 0;
		esc_buf_reset(&b);
		esc_sanitize(&b, in, keep);
		assert_true(esc_utf8_valid(b.data, b.len));
		for (size_t i = 0; i < b.len;) {
			uint32_t cp;
			size_t len = esc_utf8_decode(b.data + i, b.len - i, &cp);
			assert_true(len > 0);
			if (cp == '\n')
				assert_true(keep);
			else
				assert_false(cp < 0x20 || (cp >= 0x7f && cp <= 0x9f));
			assert_false(cp == 0x202e || cp == 0x202d || cp == 0x2066 || cp == 0x200f);
			i += len;
		}
	}
	esc_buf_free(&b);
}

static void test_sanitize_into_truncates(void **state)
{
	(void)state;
	char out[16];
	esc_sanitize_into(out, sizeof out, "short");
	assert_string_equal(out, "short");
	esc_sanitize_into(out, 5, "abc\x1b[2J");
	assert_string_equal(out, "abc"); /* "^[" would not fit whole */
	esc_sanitize_into(out, 6, "abc\x1b[2J");
	assert_string_equal(out, "abc^[");
	esc_sanitize_into(out, 7, "Siobh\xc3\xa1n");
	assert_string_equal(out, "Siobh"); /* the 2-byte letter is not split */
	esc_sanitize_into(out, 8, "Siobh\xc3\xa1n");
	assert_string_equal(out, "Siobh\xc3\xa1");
	esc_sanitize_into(out, 8, "ab\xe2\x80\xaeZ");
	assert_string_equal(out, "ab"); /* "<U+202E>" is kept whole or not at all */
	esc_sanitize_into(out, sizeof out, "one\ntwo");
	assert_string_equal(out, "one^Jtwo");
	esc_sanitize_into(out, 1, "anything");
	assert_string_equal(out, "");
	esc_sanitize_into(out, sizeof out, NULL);
	assert_string_equal(out, "");
	out[0] = 'x';
	esc_sanitize_into(out, 0, "anything");
	assert_int_equal(out[0], 'x');
}

static void test_fputs_safe(void **state)
{
	(void)state;
	char mem[128] = "";
	FILE *f = fmemopen(mem, sizeof mem, "w");
	assert_non_null(f);
	esc_fputs_safe("title\x1b]0;x\x07\nnext", f, true);
	esc_fputs_safe("|\x9b|\n", f, false);
	assert_int_equal(fclose(f), 0);
	assert_string_equal(mem, "title^[]0;x^G\nnext|\\x9B|^J");
}

static void test_display_width(void **state)
{
	(void)state;
	char *saved = strdup(setlocale(LC_ALL, NULL));
	assert_non_null(saved);
	if (!setlocale(LC_ALL, "C.UTF-8")) {
		free(saved);
		skip();
	}
	assert_int_equal(esc_display_width("abc"), 3);
	assert_int_equal(esc_display_width("\xe6\x97\xa5\xe6\x9c\xac"), 4); /* two CJK ideographs */
	assert_int_equal(esc_display_width("e\xcc\x81"), 1); /* e + combining acute */
	assert_int_equal(esc_display_width("Zo\xc3\xab"), 3);
	assert_int_equal(esc_display_width("\x1b[2J"), 5);      /* as "^[[2J" */
	assert_int_equal(esc_display_width("\xe2\x80\xae"), 8); /* as "<U+202E>" */
	assert_int_equal(esc_display_width("\xff"), 4);         /* as "\xFF" */
	assert_int_equal(esc_display_width("a\nb"), 4);         /* as "a^Jb" */
	assert_int_equal(esc_display_width(""), 0);
	assert_int_equal(esc_display_width(NULL), 0);

	/* Prefixes never split a character and keep combining marks. */
	const char *cjk = "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e"; /* 3 wide characters */
	assert_int_equal(esc_prefix_for_width(cjk, 0), 0);
	assert_int_equal(esc_prefix_for_width(cjk, 1), 0);
	assert_int_equal(esc_prefix_for_width(cjk, 2), 3);
	assert_int_equal(esc_prefix_for_width(cjk, 3), 3);
	assert_int_equal(esc_prefix_for_width(cjk, 5), 6);
	assert_int_equal(esc_prefix_for_width(cjk, 80), 9);
	assert_int_equal(esc_prefix_for_width("e\xcc\x81x", 1), 3);
	assert_int_equal(esc_prefix_for_width("ab\x1b[", 3), 2);
	assert_int_equal(esc_prefix_for_width("ab\x1b[", 4), 3);
	assert_int_equal(esc_prefix_for_width("abc", -1), 0);
	/* Each prefix's sanitised form is a prefix of the whole one's: nothing
	 * was cut inside a character or a stand-in. */
	const char *mixed = "Zo\xc3\xab \xe6\x97\xa5\x1b!\xe2\x80\xae\xff"
	                    "end";
	esc_buf whole, part;
	esc_buf_init(&whole);
	esc_buf_init(&part);
	esc_sanitize(&whole, mixed, false);
	size_t last = 0;
	for (int cols = 0; cols <= esc_display_width(mixed) + 1; cols++) {
		size_t n = esc_prefix_for_width(mixed, cols);
		assert_true(n >= last);
		last = n;
		char prefix[64];
		memcpy(prefix, mixed, n);
		prefix[n] = '\0';
		assert_true(esc_display_width(prefix) <= cols);
		esc_buf_reset(&part);
		esc_sanitize(&part, prefix, false);
		assert_memory_equal(part.data, whole.data, part.len);
	}
	assert_int_equal(last, strlen(mixed));
	esc_buf_free(&whole);
	esc_buf_free(&part);

	/* Outside a UTF-8 locale every character is one column. */
	assert_non_null(setlocale(LC_ALL, "C"));
	assert_int_equal(esc_display_width("\xe6\x97\xa5\xe6\x9c\xac"), 2);
	assert_int_equal(esc_prefix_for_width(cjk, 2), 6);
	assert_non_null(setlocale(LC_ALL, saved));
	free(saved);
}

typedef void (*conv_fn)(esc_buf *, const char *);

static void check_conv(conv_fn fn, const conv_case *cases, size_t n)
{
	esc_buf b;
	esc_buf_init(&b);
	for (size_t i = 0; i < n; i++) {
		esc_buf_reset(&b);
		fn(&b, cases[i].in);
		if (strcmp(b.data, cases[i].out) != 0)
			fail_msg("case %zu: got [%s], expected [%s]", i, b.data, cases[i].out);
	}
	esc_buf_free(&b);
}

static void test_csv_field(void **state)
{
	(void)state;
	static const conv_case cases[] = {
	    {"plain", "plain"},
	    {"", ""},
	    {"Case closed, no plan", "\"Case closed, no plan\""},
	    {"say \"hi\"", "\"say \"\"hi\"\"\""},
	    {"\"", "\"\"\"\""},
	    {"line 1\nline 2", "\"line 1\nline 2\""},
	    {"line 1\r\nline 2", "\"line 1\nline 2\""},
	    {"=1+2", "'=1+2"},
	    {"=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""},
	    {"+44 20 7946 0000", "'+44 20 7946 0000"},
	    {"-5", "'-5"},
	    {"-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"},
	    {"@SUM(A1:A9)", "'@SUM(A1:A9)"},
	    {"\t=1", " =1"},
	    {"\r=1", "^M=1"},
	    {"a\x1b[2Jb\x07", "a^[[2Jb^G"},
	    {"\xc2\x9b" "31m", "<U+009B>31m"},
	    {"invoice\xe2\x80\xaegpj.exe \xe2\x81\xa6x\xe2\x81\xa9", "invoice<U+202E>gpj.exe <U+2066>x<U+2069>"},
	    {"bad \xff", "bad \\xFF"},
	    {"del\x7f", "del^?"},
	    {"shown\rHIDDEN", "shown^MHIDDEN"},
	    {"a=b", "a=b"},
	    {" =1", " =1"},
	    {"Zo\xc3\xab", "Zo\xc3\xab"},
	};
	check_conv(esc_csv_field, cases, sizeof cases / sizeof cases[0]);
	esc_buf b;
	esc_buf_init(&b);
	esc_csv_field(&b, NULL);
	assert_string_equal(b.data, "");
	esc_csv_field(&b, "a,b");
	esc_buf_puts(&b, ",");
	esc_csv_field(&b, "c");
	assert_string_equal(b.data, "\"a,b\",c");
	esc_buf_free(&b);
}

static void test_json_string(void **state)
{
	(void)state;
	static const conv_case cases[] = {
	    {"plain", "\"plain\""},
	    {"", "\"\""},
	    {"say \"hi\"", "\"say \\\"hi\\\"\""},
	    {"C:\\dir", "\"C:\\\\dir\""},
	    {"\n\t\r\b\f", "\"\\n\\t\\r\\b\\f\""},
	    {"\x01\x1b[2J\x1f", "\"\\u0001\\u001b[2J\\u001f\""},
	    {"del\x7f", "\"del\\u007f\""},
	    {"\xc2\x9b", "\"\\u009b\""},
	    {"\xe2\x80\xa8\xe2\x80\xa9", "\"\\u2028\\u2029\""},
	    {"Zo\xc3\xab \xc5\x81ukasiewicz", "\"Zo\xc3\xab \xc5\x81ukasiewicz\""},
	    {"\xf0\x9f\x98\x80", "\"\xf0\x9f\x98\x80\""},
	    {"bad \xff", "\"bad \\ufffd\""},
	    {"cut \xe2\x82", "\"cut \\ufffd\\ufffd\""},
	    {"\xc0\xaf", "\"\\ufffd\\ufffd\""},
	    {"\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\""},
	    {"/</script>", "\"/</script>\""},
	    {"rlo\xe2\x80\xae \xe2\x81\xa6\xe2\x81\xa9 \xd8\x9c\xe2\x80\x8e\xe2\x80\x8f",
	     "\"rlo\\u202e \\u2066\\u2069 \\u061c\\u200e\\u200f\""},
	};
	check_conv(esc_json_string, cases, sizeof cases / sizeof cases[0]);
	esc_buf b;
	esc_buf_init(&b);
	esc_json_string(&b, NULL);
	assert_string_equal(b.data, "\"\"");
	esc_buf_free(&b);
}

static void test_md_cell(void **state)
{
	(void)state;
	static const conv_case cases[] = {
	    {"plain", "plain"},
	    {"a|b", "a&#124;b"},
	    {"l1\nl2\r\nl3\rl4", "l1 l2 l3 l4"},
	    {"\n\n", "  "},
	    {"\x1b[2J", "&#94;&#91;&#91;2J"},
	    {"C:\\dir\\", "C&#58;&#92;dir&#92;"},
	    {"evil\xe2\x80\xae", "evil&lt;U+202E&gt;"},
	    {"tab\there", "tab here"},
	    {"\xff|", "&#92;xFF&#124;"},
	    {"", ""},
	    {"X <script>alert(1)</script>", "X &lt;script&gt;alert(1)&lt;/script&gt;"},
	    {"<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"},
	    {"**bold** _em_ `code` ~~del~~", "&#42;&#42;bold&#42;&#42; &#95;em&#95; &#96;code&#96; "
	                                     "&#126;&#126;del&#126;&#126;"},
	    {"[x](http://e.example) ![i](y)", "&#91;x&#93;(http&#58;//e.example) &#33;&#91;i&#93;(y)"},
	    {"&lt; &amp;", "&amp;lt; &amp;amp;"},
	    {"www.evil.example a@b", "www&#46;evil.example a&#64;b"},
	    {"Zo\xc3\xab / St. Helens (1)", "Zo\xc3\xab / St. Helens (1)"},
	};
	check_conv(esc_md_cell, cases, sizeof cases / sizeof cases[0]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_buf_grows),
	    cmocka_unit_test(test_sanitize_terminal_attacks),
	    cmocka_unit_test(test_sanitize_newlines),
	    cmocka_unit_test(test_sanitize_output_is_inert),
	    cmocka_unit_test(test_sanitize_into_truncates),
	    cmocka_unit_test(test_fputs_safe),
	    cmocka_unit_test(test_display_width),
	    cmocka_unit_test(test_csv_field),
	    cmocka_unit_test(test_json_string),
	    cmocka_unit_test(test_md_cell),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
