/* Issue 13: what comes back from the user's editor is checked as typed text
 * (tui_text_check), which editor is run (tui_editor_command), finding text in
 * a page (tui_pager_find_line) and the status line's save keys. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "editor.h"
#include "keys.h"
#include "tui_int.h"

/* Checks s (of n bytes) against max; returns the bytes kept or -1, with the
 * reason in why. */
static long check(const char *s, size_t n, size_t max, bool multiline, char *why, size_t whysz)
{
	size_t len = n;
	why[0] = '\0';
	return tui_text_check(s, &len, max, multiline, why, whysz) ? (long)len : -1;
}

static void test_check_accepts_typed_text(void **state)
{
	(void)state;
	char why[200];
	/* Line breaks at the end (LF or CR LF) are the editor's, not the text's. */
	assert_int_equal(check("two\nlines\n", 10, 100, true, why, sizeof why), 9);
	assert_int_equal(check("two\nlines\r\n\n", 12, 100, true, why, sizeof why), 9);
	assert_int_equal(check("", 0, 100, true, why, sizeof why), 0);
	assert_int_equal(check("\n\n", 2, 100, true, why, sizeof why), 0);
	/* Non-ASCII letters are text. */
	const char *u = "Zoë, Łukasz, 日本\n";
	assert_int_equal(check(u, strlen(u), 100, true, why, sizeof why), (long)strlen(u) - 1);
	/* Exactly at the limit fits; the final newline does not count. */
	assert_int_equal(check("abcde\n", 6, 5, true, why, sizeof why), 5);
}

static void test_check_refuses(void **state)
{
	(void)state;
	char why[200];
	assert_int_equal(check("abcdef", 6, 5, true, why, sizeof why), -1);
	assert_string_equal(why, "is 6 bytes long; at most 5 fit");
	assert_int_equal(check("ok\nbad \xff\xfe", 9, 100, true, why, sizeof why), -1);
	assert_string_equal(why, "is not valid UTF-8 (byte 8, on line 2)");
	/* An overlong encoding of '/' is not UTF-8 either. */
	assert_int_equal(check("\xc0\xaf", 2, 100, true, why, sizeof why), -1);
	assert_non_null(strstr(why, "not valid UTF-8"));
	assert_int_equal(check("a\nb\nhello \x1b[31mred", 17, 100, true, why, sizeof why), -1);
	assert_non_null(strstr(why, "an escape"));
	assert_non_null(strstr(why, "U+001B"));
	assert_non_null(strstr(why, "on line 3"));
	assert_int_equal(check("a\tb", 3, 100, true, why, sizeof why), -1);
	assert_non_null(strstr(why, "a tab (U+0009)"));
	assert_int_equal(check("a\rb", 3, 100, true, why, sizeof why), -1);
	assert_non_null(strstr(why, "a carriage return"));
	assert_int_equal(check("a\0b", 3, 100, true, why, sizeof why), -1);
	assert_non_null(strstr(why, "a NUL byte"));
	/* C1 controls and a right-to-left override ("Trojan Source"). */
	assert_int_equal(check("a\xc2\x9b"
	                       "b",
	                       4, 100, true, why, sizeof why),
	                 -1);
	assert_non_null(strstr(why, "a control character (U+009B)"));
	assert_int_equal(check("a\xe2\x80\xae"
	                       "b",
	                       5, 100, true, why, sizeof why),
	                 -1);
	assert_non_null(strstr(why, "a direction override (U+202E)"));
	/* A one-line field takes no line break inside. */
	assert_int_equal(check("a\nb", 3, 100, false, why, sizeof why), -1);
	assert_non_null(strstr(why, "a line break"));
	assert_int_equal(check("ab\n", 3, 100, false, why, sizeof why), 2);
}

static void test_editor_command(void **state)
{
	(void)state;
	char cmd[256];
	setenv("VISUAL", "nano -w", 1);
	setenv("EDITOR", "ed", 1);
	assert_true(tui_editor_command(cmd, sizeof cmd));
	assert_string_equal(cmd, "nano -w");
	/* An empty or blank VISUAL does not count. */
	setenv("VISUAL", " ", 1);
	assert_true(tui_editor_command(cmd, sizeof cmd));
	assert_string_equal(cmd, "ed");
	unsetenv("VISUAL");
	setenv("EDITOR", "", 1);
	/* Then vi, when PATH has one. */
	char dir[] = "/tmp/test_tui_editor.XXXXXX", vi[64];
	assert_non_null(mkdtemp(dir));
	char *old = getenv("PATH") ? strdup(getenv("PATH")) : NULL;
	setenv("PATH", dir, 1);
	assert_false(tui_editor_command(cmd, sizeof cmd));
	assert_string_equal(cmd, "");
	snprintf(vi, sizeof vi, "%s/vi", dir);
	FILE *f = fopen(vi, "w");
	assert_non_null(f);
	fclose(f);
	assert_false(tui_editor_command(cmd, sizeof cmd)); /* not executable */
	chmod(vi, 0700);
	assert_true(tui_editor_command(cmd, sizeof cmd));
	assert_string_equal(cmd, "vi");
	unlink(vi);
	rmdir(dir);
	if (old)
		setenv("PATH", old, 1);
	free(old);
	unsetenv("EDITOR");
}

static void test_find_line(void **state)
{
	(void)state;
	const char *lines[] = {"Everywhere", "  ?, F1   Show every key", "Case list", "  / search",
	                       "Forms",      "  F2, Ctrl-S  Save"};
	size_t n = sizeof lines / sizeof lines[0];
	/* From the top (from -1), ignoring case. */
	assert_int_equal(tui_pager_find_line(lines, n, "case", -1, 1), 2);
	/* The next one after it, round the end. */
	assert_int_equal(tui_pager_find_line(lines, n, "e", 0, 1), 1);
	assert_int_equal(tui_pager_find_line(lines, n, "every", 1, 1), 0);
	assert_int_equal(tui_pager_find_line(lines, n, "ctrl-s", 5, 1), 5); /* only itself */
	/* Backwards, round the start. */
	assert_int_equal(tui_pager_find_line(lines, n, "forms", 0, -1), 4);
	assert_int_equal(tui_pager_find_line(lines, n, "every", 1, -1), 0);
	assert_int_equal(tui_pager_find_line(lines, n, "nowhere", -1, 1), -1);
	assert_int_equal(tui_pager_find_line(lines, n, "", -1, 1), -1);
	assert_int_equal(tui_pager_find_line(lines, 0, "x", -1, 1), -1);
}

static void test_keys_new(void **state)
{
	(void)state;
	char s[64];
	esc_buf b;
	esc_buf_init(&b);
	tui_keys_hint(TUI_S_FORM, &b);
	assert_non_null(strstr(b.data, "F2/Ctrl-S save"));
	tui_keys_for(TUI_S_TEXTAREA, TUI_A_EDITOR, s, sizeof s);
	assert_string_equal(s, "F4, Ctrl-O");
	tui_keys_hint(TUI_S_RECORD, &b);
	assert_string_equal(b.data, "s save  | pipe  q back");
	/* Paging as in less, in help and the long pages. */
	const tui_screen pages[] = {TUI_S_PAGER, TUI_S_CASE, TUI_S_REPORT};
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(tui_keys_lookup(pages[i], ' '), TUI_A_PAGE_DOWN);
		assert_int_equal(tui_keys_lookup(pages[i], TUI_CTRL('f')), TUI_A_PAGE_DOWN);
		assert_int_equal(tui_keys_lookup(pages[i], TUI_CTRL('d')), TUI_A_PAGE_DOWN);
		assert_int_equal(tui_keys_lookup(pages[i], 'b'), TUI_A_PAGE_UP);
		assert_int_equal(tui_keys_lookup(pages[i], TUI_CTRL('b')), TUI_A_PAGE_UP);
		assert_int_equal(tui_keys_lookup(pages[i], TUI_CTRL('u')), TUI_A_PAGE_UP);
	}
	assert_int_equal(tui_keys_lookup(TUI_S_PAGER, '/'), TUI_A_FIND);
	assert_int_equal(tui_keys_lookup(TUI_S_PAGER, 'n'), TUI_A_FIND_NEXT);
	assert_int_equal(tui_keys_lookup(TUI_S_PAGER, 'N'), TUI_A_FIND_PREV);
	/* Text is typed in a field: the editor key is no character. */
	assert_false(tui_key_printable(tui_keys_first(TUI_S_TEXTAREA, TUI_A_EDITOR)));
	assert_false(tui_key_printable(TUI_CTRL('o')));
	esc_buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_check_accepts_typed_text),
	    cmocka_unit_test(test_check_refuses),
	    cmocka_unit_test(test_editor_command),
	    cmocka_unit_test(test_find_line),
	    cmocka_unit_test(test_keys_new),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
