/* Column widths from the content and the window (columns.c, issue 13
 * item 9): whole where there is room, the low-priority columns cut and left
 * out first where there is not, room given back, and cuts marked with an
 * ellipsis in display cells. */
#include "columns.h"

#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "escalate/text.h"

/* Reference, level words, authority, theme, owner, due: the list's shape. */
enum { REF, WORDS, LA, THEME, OWNER, DUE, N };

static void shape(tui_col *c, int la, int theme)
{
	c[REF] = (tui_col){.want = 13, .min = 13};
	c[WORDS] = (tui_col){.want = 28, .min = 6, .cut = 4, .drop = 4};
	c[LA] = (tui_col){.want = la, .min = 12, .cut = 2};
	c[THEME] = (tui_col){.want = theme, .min = 12, .cut = 2};
	c[OWNER] = (tui_col){.want = 18, .min = 8, .cut = 3, .drop = 1};
	c[DUE] = (tui_col){.want = 10, .min = 10, .drop = 1};
}

static int sum(const int *w)
{
	int s = 0, shown = 0;
	for (int i = 0; i < N; i++)
		if (w[i]) {
			s += w[i];
			shown++;
		}
	return s + (shown ? shown - 1 : 0);
}

static void test_everything_whole_when_it_fits(void **state)
{
	(void)state;
	tui_col c[N];
	int w[N];
	shape(c, 12, 17);
	/* 13+28+12+17+18+10 and five gaps: 103. */
	assert_int_equal(tui_columns_fit(c, N, 132, 1, w), 103);
	for (int i = 0; i < N; i++)
		assert_int_equal(w[i], c[i].want);
	assert_int_equal(tui_columns_fit(c, N, 103, 1, w), 103);
	assert_int_equal(w[WORDS], 28);
}

static void test_order_of_giving_way(void **state)
{
	(void)state;
	tui_col c[N];
	int w[N];
	shape(c, 12, 17);
	/* One cell short: the level's words give it. */
	assert_int_equal(tui_columns_fit(c, N, 102, 1, w), 102);
	assert_int_equal(w[WORDS], 27);
	assert_int_equal(w[THEME], 17);
	/* Far short: the words go altogether, the owner is cut to its floor,
	 * then the theme (the wider) gives way; the due date stays. */
	int used = tui_columns_fit(c, N, 60, 1, w);
	assert_int_equal(used, 60);
	assert_int_equal(w[WORDS], 0);
	assert_int_equal(w[OWNER], 8);
	assert_int_equal(w[LA], 12);
	assert_int_equal(w[THEME], 13);
	assert_int_equal(w[DUE], 10);
	/* Shorter: with authority and theme at their floors the due date goes,
	 * and the room it frees goes back, to the theme first (cut last). */
	used = tui_columns_fit(c, N, 57, 1, w);
	assert_int_equal(used, 57);
	assert_int_equal(w[DUE], 0);
	assert_int_equal(w[THEME], 17);
	assert_int_equal(w[OWNER], 12);
	shape(c, 14, 30);
	used = tui_columns_fit(c, N, 65, 1, w);
	assert_int_equal(used, 65);
	assert_int_equal(w[OWNER], 8);
	assert_int_equal(w[LA], 14);
	assert_int_equal(w[THEME], 65 - (13 + 14 + 8 + 10 + 4));
	/* Too narrow for everything at its floor: the due date, then the owner
	 * are left out (no gap left behind). */
	shape(c, 12, 12);
	used = tui_columns_fit(c, N, 13 + 12 + 12 + 8 + 3, 1, w);
	assert_int_equal(w[DUE], 0);
	assert_int_equal(w[OWNER], 8);
	assert_int_equal(used, sum(w));
	used = tui_columns_fit(c, N, 40, 1, w);
	assert_int_equal(w[OWNER], 0);
	assert_int_equal(w[DUE], 0);
	assert_int_equal(used, 13 + 12 + 12 + 2);
	/* Narrower than what never goes: the last column shown takes the cut. */
	used = tui_columns_fit(c, N, 30, 1, w);
	assert_int_equal(used, 30);
	assert_int_equal(w[THEME], 30 - (13 + 12 + 2));
	assert_int_equal(tui_columns_fit(c, N, 0, 1, w), 0);
}

static void test_wide_ones_even_out(void **state)
{
	(void)state;
	tui_col c[2] = {{.want = 40, .min = 5}, {.want = 20, .min = 5}};
	int w[2];
	assert_int_equal(tui_columns_fit(c, 2, 41, 1, w), 41);
	assert_int_equal(w[0], 20);
	assert_int_equal(w[1], 20);
	/* Never below the floor; a narrow column keeps all of its text. */
	tui_col d[2] = {{.want = 40, .min = 30}, {.want = 6, .min = 5}};
	assert_int_equal(tui_columns_fit(d, 2, 40, 1, w), 40);
	assert_int_equal(w[0], 33);
	assert_int_equal(w[1], 6);
}

static void cut(const char *s, int width, bool ascii, const char *want)
{
	char out[128];
	tui_columns_cut(s, width, ascii, out, sizeof out);
	assert_string_equal(out, want);
	assert_true(esc_display_width(out) <= width);
}

static void test_cut_with_an_ellipsis(void **state)
{
	(void)state;
	cut("Peterborough", 12, false, "Peterborough");
	cut("Peterborough", 11, false, "Peterborou\u2026");
	cut("Peterborough", 11, true, "Peterbor...");
	/* No blank before the mark. */
	cut("Threshold not met", 11, false, "Threshold\u2026");
	/* Display cells: a wide character is never split. */
	cut("\u674e\u5c0f\u9f99\u533a", 6, false, "\u674e\u5c0f\u2026");
	cut("Zo\u00eb Smith", 4, false, "Zo\u00eb\u2026");
	cut("abc", 0, false, "");
	cut("abcdef", 2, true, "ab");
	cut("", 5, false, "");
}

int main(void)
{
	if (!setlocale(LC_ALL, "C.UTF-8"))
		setlocale(LC_ALL, "en_US.UTF-8");
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_everything_whole_when_it_fits),
	    cmocka_unit_test(test_order_of_giving_way),
	    cmocka_unit_test(test_wide_ones_even_out),
	    cmocka_unit_test(test_cut_with_an_ellipsis),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
