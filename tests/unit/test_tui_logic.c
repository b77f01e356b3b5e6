/* The parts of the interface that are logic, tested without a terminal:
 * the UTF-8 field editor, text sanitising and wrapping for the screen, the
 * key table (lookup, names, hints, help) and its copy in escalate(1), and
 * the form model (fields, values, the core's field names). */
#include <limits.h>
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "escalate/text.h"
#include "escalate/validate.h"
#include "field.h"
#include "form.h"
#include "keys.h"
#include "tui_int.h"

/* Types a UTF-8 string one code point at a time, as the keyboard would. */
static void type(tui_text *t, const char *s)
{
	size_t n = strlen(s);
	while (n > 0) {
		uint32_t cp;
		size_t k = esc_utf8_decode(s, n, &cp);
		assert_true(k > 0);
		assert_true(tui_text_insert(t, cp));
		s += k;
		n -= k;
	}
}

static void test_field_typing_utf8(void **state)
{
	(void)state;
	tui_text t;
	tui_text_init(&t, ESC_SHORT_MAX);
	type(&t, "Siobh\xc3\xa1n N\xc3\xad Bhriain");
	assert_string_equal(t.s, "Siobh\xc3\xa1n N\xc3\xad Bhriain");
	assert_int_equal(t.cursor, t.len);
	assert_int_equal(t.len, strlen(t.s));

	/* Left steps over "n", then over the two bytes of "á", never into them. */
	tui_text_home(&t);
	for (int i = 0; i < 5; i++)
		assert_true(tui_text_right(&t));
	assert_int_equal(t.cursor, 5); /* before "á" */
	assert_true(tui_text_right(&t));
	assert_int_equal(t.cursor, 7); /* after its two bytes */
	assert_true(tui_text_left(&t));
	assert_int_equal(t.cursor, 5);
	assert_true(tui_text_delete(&t)); /* removes the whole "á" */
	assert_string_equal(t.s, "Siobhn N\xc3\xad Bhriain");
	type(&t, "\xc3\xa1");
	assert_string_equal(t.s, "Siobh\xc3\xa1n N\xc3\xad Bhriain");
	assert_int_equal(t.cursor, 7);
	assert_true(tui_text_backspace(&t));
	assert_string_equal(t.s, "Siobhn N\xc3\xad Bhriain");
	assert_int_equal(t.cursor, 5);

	/* Four-byte characters too. */
	tui_text_clear(&t);
	type(&t, "Zo\xc3\xab \xc5\x81ukasiewicz \xf0\x9f\x98\x80");
	assert_true(tui_text_backspace(&t));
	assert_string_equal(t.s, "Zo\xc3\xab \xc5\x81ukasiewicz ");
	assert_true(esc_utf8_valid(t.s, t.len));
	tui_text_free(&t);
}

static void test_field_moves_and_kills(void **state)
{
	(void)state;
	tui_text t;
	tui_text_init(&t, 100);
	type(&t, "hello world");
	assert_false(tui_text_right(&t)); /* already at the end */
	assert_true(tui_text_home(&t));
	assert_false(tui_text_home(&t));
	assert_false(tui_text_left(&t));
	assert_false(tui_text_backspace(&t)); /* nothing before the cursor */
	assert_true(tui_text_end(&t));
	assert_false(tui_text_delete(&t)); /* nothing under the cursor */
	for (int i = 0; i < 5; i++)
		tui_text_left(&t);
	assert_true(tui_text_kill_start(&t)); /* ctrl-u */
	assert_string_equal(t.s, "world");
	assert_int_equal(t.cursor, 0);
	assert_false(tui_text_kill_start(&t));
	tui_text_right(&t);
	tui_text_right(&t);
	assert_true(tui_text_kill_end(&t)); /* ctrl-k */
	assert_string_equal(t.s, "wo");
	assert_int_equal(t.len, 2);
	/* Insertion happens at the cursor, not at the end. */
	tui_text_home(&t);
	type(&t, ">");
	assert_string_equal(t.s, ">wo");
	assert_int_equal(t.cursor, 1);
	tui_text_free(&t);
}

static void test_field_max_bytes(void **state)
{
	(void)state;
	tui_text t;
	tui_text_init(&t, 5);
	type(&t, "abcd");
	/* "é" takes two bytes: it would make six. */
	assert_false(tui_text_insert(&t, 0xe9));
	assert_string_equal(t.s, "abcd");
	assert_true(tui_text_insert(&t, 'e'));
	assert_false(tui_text_insert(&t, 'f'));
	assert_int_equal(t.len, 5);

	/* tui_text_set cuts on a character boundary. */
	tui_text_set(&t, "abc\xc5\x81\xc5\x81");
	assert_string_equal(t.s, "abc\xc5\x81");
	assert_int_equal(t.cursor, 5);
	tui_text_free(&t);
}

static void test_field_refuses_controls(void **state)
{
	(void)state;
	tui_text t;
	tui_text_init(&t, 100);
	static const uint32_t refused[] = {0x00, 0x07, 0x1b,   0x0a,   0x0d,   0x7f,
	                                   0x9b, 0x85, 0x202e, 0x2066, 0xd800, 0x110000};
	for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
		assert_false(tui_text_codepoint_ok(refused[i]));
		assert_false(tui_text_insert(&t, refused[i]));
	}
	assert_int_equal(t.len, 0);
	assert_true(tui_text_codepoint_ok(' '));
	assert_true(tui_text_codepoint_ok(0x141)); /* Ł */
	/* A pasted escape sequence arrives without its escape. */
	tui_text_set(&t, "Mal\x1b]0;pwned\x07ory \xff!");
	assert_string_equal(t.s, "Mal]0;pwnedory !");
	assert_true(esc_utf8_valid(t.s, t.len));
	tui_text_free(&t);
}

static void test_field_view_follows_cursor(void **state)
{
	(void)state;
	tui_text t;
	tui_text_init(&t, 200);
	type(&t, "0123456789abcdefghij");
	/* 10 columns: nine characters before the cursor cell. */
	size_t start = tui_text_view_start(&t, 10, 0);
	assert_int_equal(start, 11);
	assert_true(tui_text_width(t.s + start, t.cursor - start) + 1 <= 10);
	tui_text_home(&t);
	assert_int_equal(tui_text_view_start(&t, 10, start), 0);

	/* Wide characters take two columns: never more than fit are shown. */
	tui_text_clear(&t);
	for (int i = 0; i < 8; i++)
		assert_true(tui_text_insert(&t, 0x6f22)); /* 漢 */
	assert_int_equal(tui_text_width(t.s, t.len), 16);
	start = tui_text_view_start(&t, 10, 0);
	assert_int_equal(start % 3, 0); /* on a character boundary */
	assert_true(tui_text_width(t.s + start, t.cursor - start) + 1 <= 10);
	/* After deleting, the view scrolls back so no room is wasted. */
	tui_text_kill_start(&t);
	assert_int_equal(tui_text_view_start(&t, 10, start), 0);
	tui_text_free(&t);
}

/* The field keys in the table reach the editor (tui_text_apply). */
static void test_field_keys_from_table(void **state)
{
	(void)state;
	tui_text t;
	tui_text_init(&t, 100);
	type(&t, "abc");
	assert_int_equal(tui_keys_lookup(TUI_S_FIELD, TUI_CTRL('u')), TUI_A_KILL_START);
	assert_true(tui_text_apply(&t, tui_keys_lookup(TUI_S_FIELD, TUI_FN(KEY_LEFT))));
	assert_true(tui_text_apply(&t, tui_keys_lookup(TUI_S_FIELD, TUI_CTRL('u'))));
	assert_string_equal(t.s, "c");
	assert_true(tui_text_apply(&t, tui_keys_lookup(TUI_S_FIELD, TUI_FN(KEY_DC))));
	assert_string_equal(t.s, "");
	assert_false(tui_text_apply(&t, tui_keys_lookup(TUI_S_FIELD, TUI_FN(KEY_BACKSPACE))));
	assert_false(tui_text_apply(&t, TUI_A_OPEN)); /* not an editing action */
	assert_true(tui_key_printable('q'));
	assert_true(tui_key_printable(0x141));
	assert_false(tui_key_printable(TUI_KEY_ESC));
	assert_false(tui_key_printable(TUI_FN(KEY_LEFT)));
	assert_false(tui_key_printable(0x202e));
	tui_text_free(&t);
}

static void test_lines_neutralise(void **state)
{
	(void)state;
	tui_lines l = {0};
	lines_add(&l, TUI_ST_NORMAL, 0,
	          "Mal\x1b]0;pwned\x07ory\x1b[2J \xc2\x9b"
	          "31m");
	lines_wrap(&l, TUI_ST_NORMAL, 0, 2, 40, "note\x1b[31m red\r\nsecond \xe2\x80\xae line");
	assert_true(l.n >= 3);
	assert_string_equal(l.v[0].text, "Mal^[]0;pwned^Gory^[[2J <U+009B>31m");
	for (size_t i = 0; i < l.n; i++) {
		const char *s = l.v[i].text;
		assert_true(esc_utf8_valid(s, strlen(s)));
		for (const unsigned char *p = (const unsigned char *)s; *p; p++)
			assert_true(*p >= 0x20 && *p != 0x7f);
		assert_null(strstr(s, "\xe2\x80\xae"));
	}
	lines_free(&l);
}

static void test_lines_wrap(void **state)
{
	(void)state;
	tui_lines l = {0};
	lines_wrap(&l, TUI_ST_NORMAL, 2, 6, 20,
	           "Discussed the referral with Siobh\xc3\xa1n N\xc3\xad Bhriain today\n\nNext");
	/* Every line fits its width, and words are not cut. */
	for (size_t i = 0; i < l.n; i++)
		assert_true(esc_display_width(l.v[i].text) <= 20 - l.v[i].indent);
	assert_int_equal(l.v[0].indent, 2);
	assert_string_equal(l.v[0].text, "Discussed the");
	assert_int_equal(l.v[1].indent, 6);
	assert_string_equal(l.v[1].text, "referral with");
	assert_string_equal(l.v[2].text, "Siobh\xc3\xa1n N\xc3\xad");
	assert_string_equal(l.v[3].text, "Bhriain today");
	assert_string_equal(l.v[4].text, ""); /* the empty paragraph */
	assert_string_equal(l.v[5].text, "Next");
	assert_int_equal(l.n, 6);

	/* A word longer than the line is cut at the width, on a character. */
	lines_clear(&l);
	lines_wrap(&l, TUI_ST_NORMAL, 0, 0, 10,
	           "\xc5\x81\xc5\x81\xc5\x81\xc5\x81\xc5\x81"
	           "\xc5\x81\xc5\x81\xc5\x81\xc5\x81\xc5\x81\xc5\x81");
	assert_int_equal(l.n, 2);
	assert_int_equal(esc_display_width(l.v[0].text), 10);
	assert_string_equal(l.v[1].text, "\xc5\x81");

	/* Scrolling stays within the lines. */
	l.shown = 1;
	assert_int_equal(lines_scroll(&l, TUI_A_UP), TUI_DONE);
	assert_int_equal(lines_scroll(&l, TUI_A_BOTTOM), TUI_REDRAW);
	assert_int_equal(l.top, 1);
	assert_int_equal(lines_scroll(&l, TUI_A_DOWN), TUI_DONE);
	assert_int_equal(lines_scroll(&l, TUI_A_OPEN), TUI_UNHANDLED);
	lines_free(&l);
}

static void test_keys_lookup(void **state)
{
	(void)state;
	assert_int_equal(tui_keys_lookup(TUI_S_LIST, 'j'), TUI_A_DOWN);
	assert_int_equal(tui_keys_lookup(TUI_S_LIST, TUI_FN(KEY_DOWN)), TUI_A_DOWN);
	assert_int_equal(tui_keys_lookup(TUI_S_LIST, TUI_KEY_ENTER), TUI_A_OPEN);
	assert_int_equal(tui_keys_lookup(TUI_S_LIST, 'q'), TUI_A_QUIT);
	assert_int_equal(tui_keys_lookup(TUI_S_CASE, 'e'), TUI_A_ESCALATE);
	assert_int_equal(tui_keys_lookup(TUI_S_CASE, 'q'), TUI_A_BACK);
	assert_int_equal(tui_keys_lookup(TUI_S_FORM, TUI_FN(KEY_F(2))), TUI_A_SAVE);
	assert_int_equal(tui_keys_lookup(TUI_S_FORM, TUI_CTRL('s')), TUI_A_SAVE);
	assert_int_equal(tui_keys_lookup(TUI_S_FORM, TUI_KEY_ESC), TUI_A_CANCEL);
	assert_int_equal(tui_keys_lookup(TUI_S_REPORT, TUI_FN(KEY_LEFT)), TUI_A_PREV_PERIOD);
	assert_int_equal(tui_keys_lookup(TUI_S_GLOBAL, '?'), TUI_A_HELP);
	assert_int_equal(tui_keys_lookup(TUI_S_GLOBAL, TUI_CTRL('c')), TUI_A_QUIT);
	/* No fallback inside the lookup: global keys are the dispatcher's job. */
	assert_int_equal(tui_keys_lookup(TUI_S_LIST, '?'), TUI_A_NONE);
	assert_int_equal(tui_keys_lookup(TUI_S_CASE, 'Z'), TUI_A_NONE);
	/* A code point that shares its number with a curses key is not that key. */
	assert_int_equal(tui_keys_lookup(TUI_S_LIST, KEY_DOWN), TUI_A_NONE);
	assert_int_equal(tui_keys_first(TUI_S_CASE, TUI_A_RESOLVE), 'R');
	assert_int_equal(tui_keys_first(TUI_S_CASE, TUI_A_SAVE_CSV), TUI_KEY_NONE);
}

static void test_keys_table_consistent(void **state)
{
	(void)state;
	size_t n;
	const tui_binding *b = tui_bindings(&n);
	assert_true(n > 50);
	for (size_t i = 0; i < n; i++) {
		assert_true(b[i].action > TUI_A_NONE && b[i].action < TUI_A_COUNT);
		assert_true(b[i].screen < TUI_S_COUNT);
		assert_true(strlen(tui_action_help(b[i].action)) > 5);
		assert_true(strlen(tui_action_name(b[i].action)) > 0);
		/* One key means one thing on a screen. */
		for (size_t j = i + 1; j < n; j++)
			assert_false(b[i].screen == b[j].screen && b[i].key == b[j].key);
		/* A screen's key must not hide a global one (the global would be
		 * unreachable there), except q, which each screen defines. */
		if (b[i].screen != TUI_S_GLOBAL)
			assert_int_equal(tui_keys_lookup(TUI_S_GLOBAL, b[i].key), TUI_A_NONE);
	}
	/* Keys typed into text fields must not be form keys (they would never
	 * be typed): the form asks the field table first, then types. */
	for (size_t i = 0; i < n; i++)
		if (b[i].screen == TUI_S_FIELD)
			assert_false(tui_key_printable(b[i].key));
}

static void test_keys_names(void **state)
{
	(void)state;
	char s[32];
	static const struct {
		tui_key key;
		const char *name;
	} names[] = {
	    {'j', "j"},
	    {'?', "?"},
	    {TUI_KEY_ENTER, "Enter"},
	    {TUI_KEY_ESC, "Esc"},
	    {TUI_KEY_TAB, "Tab"},
	    {' ', "Space"},
	    {TUI_CTRL('s'), "Ctrl-S"},
	    {TUI_CTRL('u'), "Ctrl-U"},
	    {TUI_FN(KEY_F(2)), "F2"},
	    {TUI_FN(KEY_NPAGE), "PgDn"},
	    {TUI_FN(KEY_BTAB), "Shift-Tab"},
	    {TUI_FN(KEY_LEFT), "Left"},
	    {0x141, "U+0141"},
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		tui_key_name(names[i].key, s, sizeof s);
		assert_string_equal(s, names[i].name);
	}
	tui_keys_for(TUI_S_LIST, TUI_A_DOWN, s, sizeof s);
	assert_string_equal(s, "j, Down");
	tui_keys_for(TUI_S_FORM, TUI_A_SAVE, s, sizeof s);
	assert_string_equal(s, "F2, Ctrl-S");
}

static void test_keys_hint(void **state)
{
	(void)state;
	esc_buf b;
	esc_buf_init(&b);
	tui_keys_hint(TUI_S_LIST, &b);
	assert_non_null(strstr(b.data, "Enter open"));
	assert_non_null(strstr(b.data, "n new"));
	assert_non_null(strstr(b.data, "q quit"));
	assert_null(strstr(b.data, "j down")); /* movement is not hinted */
	tui_keys_hint(TUI_S_FORM, &b);
	assert_non_null(strstr(b.data, "F2/Ctrl-S save")); /* both save keys */
	assert_non_null(strstr(b.data, "Esc cancel"));
	/* Fits the 80-column status line with the global "? help". */
	for (int s = 0; s < TUI_S_COUNT; s++) {
		tui_keys_hint((tui_screen)s, &b);
		assert_true(esc_display_width(b.data) + 10 < 80);
	}
	esc_buf_free(&b);
}

typedef struct help_count {
	size_t entries, keys, sections;
} help_count;

static void count_cb(tui_screen screen, bool first, const char *keys, tui_action a, void *ctx)
{
	help_count *c = ctx;
	(void)screen;
	(void)a;
	c->entries++;
	c->sections += first;
	c->keys++;
	for (const char *p = keys; (p = strstr(p, ", ")) != NULL; p += 2)
		c->keys++;
}

/* The help screen lists every binding of the table, grouped by screen. */
static void test_keys_help_covers_table(void **state)
{
	(void)state;
	size_t n;
	tui_bindings(&n);
	help_count c = {0};
	tui_keys_each_help(count_cb, &c);
	assert_int_equal(c.keys, n);
	assert_int_equal(c.sections, TUI_S_COUNT);
	assert_true(c.entries < n);
}

/* escalate(1) from the build's own source tree: the test binary sits in
 * BUILD/tests/unit, and __FILE__ is relative to BUILD when it is relative. */
static char *read_man_page(void)
{
	char exe[PATH_MAX], path[2 * PATH_MAX];
	const char *env = getenv("ESC_MAN_PAGE");
	const char *src = __FILE__;
	if (env) {
		snprintf(path, sizeof path, "%s", env);
	} else {
		ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
		assert_true(n > 0);
		exe[n] = '\0';
		for (int up = 0; up < 3; up++)
			*strrchr(exe, '/') = '\0';
		const char *slash = strrchr(src, '/');
		int dirlen = slash ? (int)(slash - src) : 0;
		if (src[0] == '/')
			snprintf(path, sizeof path, "%.*s/../../man/escalate.1", dirlen, src);
		else
			snprintf(path, sizeof path, "%s/%.*s/../../man/escalate.1", exe, dirlen,
			         src);
	}
	FILE *f = fopen(path, "r");
	if (!f)
		fail_msg("cannot open the man page %s", path);
	esc_buf b;
	esc_buf_init(&b);
	char chunk[4096];
	size_t got;
	while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
		esc_buf_add(&b, chunk, got);
	fclose(f);
	return b.data;
}

typedef struct man_check {
	const char *page;
	const char *at; /* the search continues from here */
} man_check;

static void man_cb(tui_screen screen, bool first, const char *keys, tui_action a, void *ctx)
{
	man_check *m = ctx;
	esc_buf want;
	esc_buf_init(&want);
	if (first) {
		tui_keys_roff_section(screen, &want);
		const char *p = strstr(m->at, want.data);
		if (!p)
			fail_msg("escalate(1) KEYS lacks the section for %s",
			         tui_screen_title(screen));
		m->at = p + want.len;
		esc_buf_reset(&want);
	}
	tui_keys_roff_entry(keys, a, &want);
	const char *p = strstr(m->at, want.data);
	if (!p)
		fail_msg("escalate(1) KEYS lacks, under %s, in table order:\n%s",
		         tui_screen_title(screen), want.data);
	m->at = p + want.len;
	esc_buf_free(&want);
}

/* Every binding of the key table is documented in escalate(1), under its
 * screen, in the order of the table (the text of tui_keys_roff). */
static void test_keys_in_man_page(void **state)
{
	(void)state;
	char *page = read_man_page();
	const char *keys = strstr(page, "\n.SS KEYS\n");
	if (!keys)
		fail_msg("escalate(1) has no KEYS subsection");
	man_check m = {.page = page, .at = keys};
	tui_keys_each_help(man_cb, &m);
	free(page);
}

static void test_keys_roff(void **state)
{
	(void)state;
	esc_buf b;
	esc_buf_init(&b);
	tui_keys_roff(&b);
	assert_non_null(strstr(b.data, ".PP\n.B Case list\n.TP\n.B k, Up\nMove up one line\n"));
	assert_non_null(
	    strstr(b.data, ".TP\n.B F2, Ctrl\\-S\nSave: check the form and write it\n"));
	/* No line may start with a quote or dot that roff would take as a request. */
	for (const char *p = b.data; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
		if (*p == '.')
			assert_true(strncmp(p, ".PP", 3) == 0 || strncmp(p, ".TP", 3) == 0 ||
			            strncmp(p, ".B ", 3) == 0);
	esc_buf_free(&b);
}

static esc_status no_submit(tui *t, tui_form *f, esc_error *err)
{
	(void)t;
	(void)f;
	(void)err;
	return ESC_OK;
}

static void test_form_model(void **state)
{
	(void)state;
	tui_form *f = tui_form_new("t", no_submit, NULL, NULL);
	int kind = tui_form_add(f, TUI_F_CHOICE, "Kind", "child-kind", true, NULL);
	tui_form_option(f, kind, "NHS number");
	tui_form_option(f, kind, "local record number");
	int id = tui_form_add(f, TUI_F_TEXT, "Child", "child-id|nhs-number", true, NULL);
	int themes = tui_form_add(f, TUI_F_MULTI, "Themes", "theme", true, NULL);
	tui_form_option(f, themes, "a");
	int la = tui_form_add(f, TUI_F_PICK, "LA", "local-authority", true, NULL);
	tui_form_option(f, la, "Kent");
	assert_string_equal(tui_form_value(f, kind), "NHS number"); /* a choice starts set */
	assert_string_equal(tui_form_value(f, la), "");             /* a pick does not */
	f->fields[la].choice = 0;
	assert_string_equal(tui_form_value(f, la), "Kent");
	tui_form_set_text(f, id, "943 476 5919");
	assert_string_equal(tui_form_value(f, id), "943 476 5919");
	assert_string_equal(tui_form_value(f, themes), "");
	/* The core's field names, any of the aliases. */
	assert_int_equal(tui_form_find(f, "nhs-number"), id);
	assert_int_equal(tui_form_find(f, "child-id"), id);
	assert_int_equal(tui_form_find(f, "child"), -1);
	assert_int_equal(tui_form_find(f, "theme"), themes);
	/* Inserting before the focus keeps the focus on the same field. */
	f->focus = la;
	int added = tui_form_insert(f, id, TUI_F_TEXT, "Team", "team", false, NULL);
	assert_int_equal(added, id);
	assert_string_equal(f->fields[f->focus].label, "LA");
	assert_int_equal(tui_form_find(f, "nhs-number"), id + 1);
	tui_form_free(f);
}

int main(void)
{
	/* The interface runs under the user's UTF-8 locale (tui_main). */
	if (!setlocale(LC_ALL, "C.UTF-8"))
		setlocale(LC_ALL, "en_US.UTF-8");
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_field_typing_utf8),
	    cmocka_unit_test(test_field_moves_and_kills),
	    cmocka_unit_test(test_field_max_bytes),
	    cmocka_unit_test(test_field_refuses_controls),
	    cmocka_unit_test(test_field_view_follows_cursor),
	    cmocka_unit_test(test_field_keys_from_table),
	    cmocka_unit_test(test_lines_neutralise),
	    cmocka_unit_test(test_lines_wrap),
	    cmocka_unit_test(test_keys_lookup),
	    cmocka_unit_test(test_keys_table_consistent),
	    cmocka_unit_test(test_keys_names),
	    cmocka_unit_test(test_keys_hint),
	    cmocka_unit_test(test_keys_help_covers_table),
	    cmocka_unit_test(test_keys_roff),
	    cmocka_unit_test(test_keys_in_man_page),
	    cmocka_unit_test(test_form_model),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
