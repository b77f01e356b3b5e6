/* The interface's form input (issue 13 items 1 and 3): text areas (word
 * wrapping, line breaks typed with Enter, moving up and down a line keeping
 * the column) and dates as people type them. */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "escalate/calendar.h"
#include "field.h"
#include "form.h"

/* The lines of a wrap as text, joined with '|'. */
static void lines_of(const char *s, int cols, char *out, size_t outsz)
{
	tui_wrap w = {0};
	size_t len = strlen(s), used = 0;
	tui_wrap_text(&w, s, len, cols);
	out[0] = '\0';
	for (size_t i = 0; i < w.n; i++) {
		size_t from = w.start[i], to = tui_wrap_end(&w, s, len, i);
		int n = snprintf(out + used, outsz - used, "%s%.*s", i ? "|" : "", (int)(to - from),
		                 s + from);
		assert_true(n >= 0 && (size_t)n < outsz - used);
		used += (size_t)n;
	}
	tui_wrap_free(&w);
}

static void test_wrap_words(void **state)
{
	(void)state;
	char got[256];
	lines_of("the quick brown fox jumps", 10, got, sizeof got);
	/* A line keeps the space it broke after; no line is wider than 10. */
	assert_string_equal(got, "the quick |brown fox |jumps");
	lines_of("", 10, got, sizeof got);
	assert_string_equal(got, "");
	lines_of("abcdefghijklmnop", 5, got, sizeof got);
	assert_string_equal(got, "abcde|fghij|klmno|p");
	lines_of("one\ntwo\n\nthree", 20, got, sizeof got);
	assert_string_equal(got, "one|two||three");
	lines_of("ends with\n", 20, got, sizeof got);
	assert_string_equal(got, "ends with|");
}

static void test_wrap_wide_characters(void **state)
{
	(void)state;
	char got[256];
	/* Each CJK character takes two columns: three fit in 6. */
	lines_of("\xe6\xbc\xa2\xe5\xad\x97\xe6\xbc\xa2\xe5\xad\x97", 6, got, sizeof got);
	assert_string_equal(got, "\xe6\xbc\xa2\xe5\xad\x97\xe6\xbc\xa2|\xe5\xad\x97");
	lines_of("Zo\xc3\xab \xc5\x81ukasiewicz", 4, got, sizeof got);
	assert_string_equal(got, "Zo\xc3\xab |\xc5\x81uka|siew|icz");
}

static void test_wrap_cursor_lines(void **state)
{
	(void)state;
	const char *s = "the quick brown fox";
	size_t len = strlen(s);
	tui_wrap w = {0};
	tui_wrap_text(&w, s, len, 10); /* "the quick " | "brown fox" */
	assert_int_equal(w.n, 2);
	assert_int_equal(tui_wrap_line_of(&w, 0), 0);
	assert_int_equal(tui_wrap_line_of(&w, 9), 0);
	assert_int_equal(tui_wrap_line_of(&w, 10), 1); /* the soft break: the next line */
	assert_int_equal(tui_wrap_line_of(&w, len), 1);
	/* Column 4 of line 1 is "brow|n"; of line 0, "the |quick". */
	assert_int_equal(tui_wrap_offset_at(&w, s, len, 1, 4), 14);
	assert_int_equal(tui_wrap_offset_at(&w, s, len, 0, 4), 4);
	/* Past the end of a soft-wrapped line: its last character, not the
	 * next line's start. */
	assert_int_equal(tui_wrap_offset_at(&w, s, len, 0, 40), 9);
	/* The last line: its end. */
	assert_int_equal(tui_wrap_offset_at(&w, s, len, 1, 40), len);
	tui_wrap_free(&w);
}

static void test_newline_typed(void **state)
{
	(void)state;
	tui_text t;
	tui_text_init(&t, 16);
	assert_false(tui_text_newline(&t)); /* a one-line field takes none */
	t.multiline = true;
	assert_true(tui_text_insert(&t, 'a'));
	assert_true(tui_text_newline(&t));
	assert_true(tui_text_insert(&t, 'b'));
	assert_string_equal(t.s, "a\nb");
	/* Set text keeps line breaks in a multi-line text, drops other controls. */
	tui_text_set(&t, "x\ny\tz\x1b");
	assert_string_equal(t.s, "x\nyz");
	t.multiline = false;
	tui_text_set(&t, "x\ny");
	assert_string_equal(t.s, "xy");
	/* The limit counts the newline. */
	t.multiline = true;
	tui_text_set(&t, "0123456789abcdef");
	assert_false(tui_text_newline(&t));
	tui_text_free(&t);
}

static void test_dates_understood(void **state)
{
	(void)state;
	char out[64];
	esc_day today = esc_day_from_ymd(2026, 3, 1);
	assert_true(form_date_understand("today", today, out, sizeof out));
	assert_string_equal(out, "2026-03-01");
	/* Across a month end (and February). */
	assert_true(form_date_understand(" Yesterday 14:05", today, out, sizeof out));
	assert_string_equal(out, "2026-02-28 14:05");
	assert_true(form_date_understand("30/11/2026", today, out, sizeof out));
	assert_string_equal(out, "2026-11-30");
	assert_true(form_date_understand("1/2/2026 9:30", today, out, sizeof out));
	assert_string_equal(out, "2026-02-01 09:30");
	/* Already the core's form, or not a date: left for the core to judge. */
	assert_false(form_date_understand("2026-11-30", today, out, sizeof out));
	assert_false(form_date_understand("2026-11-30 10:00", today, out, sizeof out));
	assert_false(form_date_understand("31/02/2026", today, out, sizeof out));
	assert_false(form_date_understand("30/11/26", today, out, sizeof out));
	assert_false(form_date_understand("todayish", today, out, sizeof out));
	assert_false(form_date_understand("today 25:00", today, out, sizeof out));
	assert_false(form_date_understand("30/11/2026x", today, out, sizeof out));
	assert_false(form_date_understand("", today, out, sizeof out));
}

int main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_wrap_words),
	    cmocka_unit_test(test_wrap_wide_characters),
	    cmocka_unit_test(test_wrap_cursor_lines),
	    cmocka_unit_test(test_newline_typed),
	    cmocka_unit_test(test_dates_understood),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
