/* The interface's start-up checks (tui_start.c), the claims on the
 * terminal cursor (draw_mark) and the words of --accessible (access.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "access.h"
#include "tui_int.h"
#include "tui_start.h"

/* What a check wrote to its error stream, in buf. */
static bool run_check(bool (*check)(FILE *), char *buf, size_t size)
{
	memset(buf, 0, size);
	FILE *f = fmemopen(buf, size - 1, "w");
	assert_non_null(f);
	bool ok = check(f);
	fclose(f);
	return ok;
}

static void test_locale_refused(void **state)
{
	(void)state;
	char msg[1024];
	setenv("LC_ALL", "C", 1);
	unsetenv("LANG");
	assert_false(run_check(tui_start_locale_ok, msg, sizeof msg));
	assert_non_null(strstr(msg, "needs a UTF-8 locale, and LC_ALL=C is not one"));
	assert_non_null(strstr(msg, "LANG=C.UTF-8 and LC_ALL unset"));

	unsetenv("LC_ALL");
	unsetenv("LC_CTYPE");
	assert_false(run_check(tui_start_locale_ok, msg, sizeof msg));
	assert_non_null(strstr(msg, "no LANG is set"));
	assert_non_null(strstr(msg, "Start it with LANG=C.UTF-8 (LANG=C.UTF-8 escalate)"));

	/* A locale value is untrusted text: shown neutralised. */
	setenv("LANG", "x\x1b[2Jy", 1);
	assert_false(run_check(tui_start_locale_ok, msg, sizeof msg));
	assert_null(strchr(msg, '\x1b'));

	setenv("LANG", "C.UTF-8", 1);
	assert_true(run_check(tui_start_locale_ok, msg, sizeof msg));
	assert_string_equal(msg, "");
}

static void test_terminal_refused(void **state)
{
	(void)state;
	char msg[1024];
	setenv("TERM", "dumb", 1);
	assert_false(run_check(tui_start_terminal_ok, msg, sizeof msg));
	assert_non_null(strstr(msg, "TERM=dumb: it cannot move the cursor"));
	setenv("TERM", "no-such-terminal-type", 1);
	assert_false(run_check(tui_start_terminal_ok, msg, sizeof msg));
	assert_non_null(strstr(msg, "TERM=no-such-terminal-type: an unknown terminal type"));
	unsetenv("TERM");
	assert_false(run_check(tui_start_terminal_ok, msg, sizeof msg));
	assert_non_null(strstr(msg, "TERM=: not set"));
	setenv("TERM", "vt100", 1);
	assert_true(run_check(tui_start_terminal_ok, msg, sizeof msg));
	assert_string_equal(msg, "");
}

static void test_mark_strongest_first(void **state)
{
	(void)state;
	tui t = {.rows = 24, .cols = 80, .mark_prio = -1};
	draw_mark(&t, 3, 1, TUI_MARK_PAGE);
	assert_int_equal(t.mark_prio, TUI_MARK_PAGE);
	draw_mark(&t, 5, 28, TUI_MARK_FOCUS);
	draw_mark(&t, 5, 30, TUI_MARK_TEXT);
	assert_int_equal(t.mark_y, 5);
	assert_int_equal(t.mark_x, 30);
	/* Of equals the first stays: the first cell of a selected row. */
	draw_mark(&t, 7, 0, TUI_MARK_SELECTED);
	draw_mark(&t, 7, 40, TUI_MARK_SELECTED);
	draw_mark(&t, 9, 0, TUI_MARK_FOCUS);
	assert_int_equal(t.mark_y, 7);
	assert_int_equal(t.mark_x, 0);
	/* Off the screen claims nothing. */
	tui u = {.rows = 24, .cols = 80, .mark_prio = -1};
	draw_mark(&u, 24, 0, TUI_MARK_SELECTED);
	draw_mark(&u, 0, 80, TUI_MARK_SELECTED);
	draw_mark(&u, -1, 0, TUI_MARK_SELECTED);
	assert_int_equal(u.mark_prio, -1);
}

static void test_case_row_words(void **state)
{
	(void)state;
	esc_case_summary r = {.level = 2,
	                      .state = ESC_STATE_OPEN,
	                      .days_at_level = 1,
	                      .overdue = true,
	                      .owed = true};
	strcpy(r.ref, "ESC-2026-0001");
	strcpy(r.local_authority, "Kent");
	strcpy(r.first_theme, "Threshold not met");
	strcpy(r.owner_login, "hv1");
	esc_buf b;
	esc_buf_init(&b);
	access_case_row(&r, true, &b);
	assert_string_equal(b.data, "Case ESC-2026-0001, level 2, open, overdue, notification owed, "
	                            "1 day, Kent, Threshold not met, owner hv1");
	r.overdue = r.owed = false;
	r.urgent = true;
	r.days_at_level = 4;
	access_case_row(&r, false, &b);
	assert_string_equal(b.data, "Case ESC-2026-0001, level 2, urgent jump, 4 days, Kent, "
	                            "Threshold not met, owner hv1");
	esc_buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_locale_refused),
	    cmocka_unit_test(test_terminal_refused),
	    cmocka_unit_test(test_mark_strongest_first),
	    cmocka_unit_test(test_case_row_words),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
