/* The quarterly table's four output formats against a real database:
 * golden text, CSV that parses (RFC 4180) and cannot run formulas, JSON
 * escapes, Markdown cells, and names as hostile as the database can hold. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "escalate/config.h"
#include "escalate/store.h"
#include "report_fixture.h"

static void test_format_parse(void **state)
{
	(void)state;
	assert_int_equal(esc_format_parse("text"), ESC_FMT_TEXT);
	assert_int_equal(esc_format_parse("CSV"), ESC_FMT_CSV);
	assert_int_equal(esc_format_parse("json"), ESC_FMT_JSON);
	assert_int_equal(esc_format_parse("markdown"), ESC_FMT_MARKDOWN);
	assert_int_equal(esc_format_parse("md"), ESC_FMT_MARKDOWN);
	assert_int_equal(esc_format_parse("record"), ESC_FMT_RECORD);
	assert_int_equal(esc_format_parse("xml"), -1);
	assert_int_equal(esc_format_parse(""), -1);
	assert_int_equal(esc_format_parse(NULL), -1);
}

/* The small quarter the golden outputs describe: one case at level 1 in
 * Surrey (resolved), one in BCP with two themes opened and jumped urgently
 * to level 4 (still open and past its one-day target at the end). */
static void small_quarter(test_db *t, esc_report *r)
{
	long long a = fixture_open_at(t, "2026-05-10 10:00", "Surrey", "Threshold not met", NULL);
	test_db_act_as(t, "named");
	long long b = fixture_open_at(t, "2026-05-11 10:00", "Bournemouth, Christchurch and Poole",
	                              "Information sharing", "Case closed / stepped down");
	fixture_event_at(t, "2026-05-12 10:00", b, ESC_EV_URGENT);
	fixture_event_at(t, "2026-06-01 10:00", a, ESC_EV_RESOLVED);
	fixture_build(t, "2026-27-Q1", r);
}

static char *render(const esc_report *r, esc_format fmt)
{
	esc_buf b;
	esc_buf_init(&b);
	report_render(r, fmt, &b);
	return b.data; /* the caller frees */
}

static void assert_render(const esc_report *r, esc_format fmt, const char *want)
{
	char *got = render(r, fmt);
	if (strcmp(got, want) != 0) {
		fprintf(stderr, "--- want\n%s--- got\n%s---\n", want, got);
		free(got);
		fail_msg("rendered output differs");
	}
	free(got);
}

/* Golden output of each format for the small quarter. */
static const char golden_text[] =
    "Escalations 2026-27-Q1 (2026-04-01 to 2026-06-30)\n"
    "\n"
    "Level of Escalation | Number       | Themes                          | Local Authority\n"
    "--------------------+--------------+---------------------------------+------------------"
    "------------------\n"
    "1 Social Worker     | 1            | Case closed / stepped down (1); | Bournemouth, Chri"
    "stchurch and Poole\n"
    "                    |              | Information sharing (1)         |\n"
    "1 Social Worker     | 1            | Threshold not met (1)           | Surrey\n"
    "4 Head of Service   | 1 (1 urgent) | Case closed / stepped down (1); | Bournemouth, Chri"
    "stchurch and Poole\n"
    "                    |              | Information sharing (1)         |\n"
    "\n"
    "Reached in the period\n"
    "  Reached level 1 (Social Worker)                      2\n"
    "  Reached level 2 (Manager / Named Professional)       0\n"
    "  Reached level 3 (Team Manager)                       0\n"
    "  Reached level 4 (Head of Service)                    1 (1 urgent)\n"
    "  Reached level 5 (Director)                           0\n"
    "  Level reachings, all levels (a case once per level)  3 (1 urgent)\n"
    "  Distinct cases active in the period                  2\n"
    "\n"
    "Resolved in the period\n"
    "  Resolved at level 1 (Social Worker)                  1\n"
    "  Resolved at level 2 (Manager / Named Professional)   0\n"
    "  Resolved at level 3 (Team Manager)                   0\n"
    "  Resolved at level 4 (Head of Service)                0\n"
    "  Resolved at level 5 (Director)                       0\n"
    "\n"
    "Open\n"
    "  Open on 2026-06-30                                   1\n"
    "  Open and overdue on 2026-06-30                       1\n";

static const char golden_csv[] =
    "row,level,level_of_escalation,figure,number,urgent,themes,local_authority\r\n"
    "level,1,1 Social Worker,,1,0,Case closed / stepped down (1); Information sharing (1),\"B"
    "ournemouth, Christchurch and Poole\"\r\n"
    "level,1,1 Social Worker,,1,0,Threshold not met (1),Surrey\r\n"
    "level,4,4 Head of Service,,1,1,Case closed / stepped down (1); Information sharing (1),"
    "\"Bournemouth, Christchurch and Poole\"\r\n"
    "total,1,1 Social Worker,Reached level 1 (Social Worker),2,0,,\r\n"
    "total,2,2 Manager / Named Professional,Reached level 2 (Manager / Named Professional),0,"
    "0,,\r\n"
    "total,3,3 Team Manager,Reached level 3 (Team Manager),0,0,,\r\n"
    "total,4,4 Head of Service,Reached level 4 (Head of Service),1,1,,\r\n"
    "total,5,5 Director,Reached level 5 (Director),0,0,,\r\n"
    "reachings,,,\"Level reachings, all levels (a case once per level)\",3,1,,\r\n"
    "cases,,,Distinct cases active in the period,2,,,\r\n"
    "resolved,1,1 Social Worker,Resolved at level 1 (Social Worker),1,,,\r\n"
    "resolved,2,2 Manager / Named Professional,Resolved at level 2 (Manager / Named Professio"
    "nal),0,,,\r\n"
    "resolved,3,3 Team Manager,Resolved at level 3 (Team Manager),0,,,\r\n"
    "resolved,4,4 Head of Service,Resolved at level 4 (Head of Service),0,,,\r\n"
    "resolved,5,5 Director,Resolved at level 5 (Director),0,,,\r\n"
    "open,,,Open on 2026-06-30,1,,,\r\n"
    "overdue,,,Open and overdue on 2026-06-30,1,,,\r\n";

#define BCP "\"local_authority\":\"Bournemouth, Christchurch and Poole\""
#define TWO_THEMES                                                                                 \
	"\"themes\":[{\"theme\":\"Case closed / stepped down\",\"count\":1},"                      \
	"{\"theme\":\"Information sharing\",\"count\":1}]"
static const char golden_json[] =
    "{\"period\":{\"label\":\"2026-27-Q1\",\"from\":\"2026-04-01\",\"to\":\"2026-06-30\",\"en"
    "ded\":true},\"rows\":[{\"level\":1,\"label\":\"Social Worker\",\"local_authority\":\"Bou"
    "rnemouth, Christchurch and Poole\",\"number\":1,\"urgent\":0,\"themes\":[{\"theme\":\"Ca"
    "se closed / stepped down\",\"count\":1},{\"theme\":\"Information sharing\",\"count\":1}]"
    "},{\"level\":1,\"label\":\"Social Worker\",\"local_authority\":\"Surrey\",\"number\":1,"
    "\"urgent\":0,\"themes\":[{\"theme\":\"Threshold not met\",\"count\":1}]},{\"level\":4,\""
    "label\":\"Head of Service\",\"local_authority\":\"Bournemouth, Christchurch and Poole\","
    "\"number\":1,\"urgent\":1,\"themes\":[{\"theme\":\"Case closed / stepped down\",\"count"
    "\":1},{\"theme\":\"Information sharing\",\"count\":1}]}],\"level_totals\":{\"1\":2,\"2\""
    ":0,\"3\":0,\"4\":1,\"5\":0},\"total\":3,\"urgent_total\":1,\"cases\":2,\"resolved\":{\"1"
    "\":1,\"2\":0,\"3\":0,\"4\":0,\"5\":0},\"open_at_end\":1,\"open_overdue_at_end\":1,\"open"
    "_as_of\":\"2026-06-30\",\"themes_by_local_authority\":[{\"local_authority\":\"Bournemout"
    "h, Christchurch and Poole\",\"theme\":\"Case closed / stepped down\",\"cases\":1},{\"loc"
    "al_authority\":\"Bournemouth, Christchurch and Poole\",\"theme\":\"Information sharing\""
    ",\"cases\":1},{\"local_authority\":\"Surrey\",\"theme\":\"Threshold not met\",\"cases\":"
    "1}],\"figures\":[{\"row\":\"total\",\"level\":1,\"label\":\"Reached level 1 (Social Work"
    "er)\",\"number\":2},{\"row\":\"total\",\"level\":2,\"label\":\"Reached level 2 (Manager "
    "/ Named Professional)\",\"number\":0},{\"row\":\"total\",\"level\":3,\"label\":\"Reached"
    " level 3 (Team Manager)\",\"number\":0},{\"row\":\"total\",\"level\":4,\"label\":\"Reach"
    "ed level 4 (Head of Service)\",\"number\":1},{\"row\":\"total\",\"level\":5,\"label\":\""
    "Reached level 5 (Director)\",\"number\":0},{\"row\":\"reachings\",\"level\":null,\"label"
    "\":\"Level reachings, all levels (a case once per level)\",\"number\":3},{\"row\":\"case"
    "s\",\"level\":null,\"label\":\"Distinct cases active in the period\",\"number\":2},{\"ro"
    "w\":\"resolved\",\"level\":1,\"label\":\"Resolved at level 1 (Social Worker)\",\"number"
    "\":1},{\"row\":\"resolved\",\"level\":2,\"label\":\"Resolved at level 2 (Manager / Named"
    " Professional)\",\"number\":0},{\"row\":\"resolved\",\"level\":3,\"label\":\"Resolved at"
    " level 3 (Team Manager)\",\"number\":0},{\"row\":\"resolved\",\"level\":4,\"label\":\"Re"
    "solved at level 4 (Head of Service)\",\"number\":0},{\"row\":\"resolved\",\"level\":5,\""
    "label\":\"Resolved at level 5 (Director)\",\"number\":0},{\"row\":\"open\",\"level\":nul"
    "l,\"label\":\"Open on 2026-06-30\",\"number\":1},{\"row\":\"overdue\",\"level\":null,\"l"
    "abel\":\"Open and overdue on 2026-06-30\",\"number\":1}]}\n";

static const char golden_markdown[] =
    "## Escalations 2026-27-Q1 (2026-04-01 to 2026-06-30)\n"
    "\n"
    "| Level of Escalation | Number | Themes | Local Authority |\n"
    "|---|---:|---|---|\n"
    "| 1 Social Worker | 1 | Case closed / stepped down (1); Information sharing (1) | Bourne"
    "mouth, Christchurch and Poole |\n"
    "| 1 Social Worker | 1 | Threshold not met (1) | Surrey |\n"
    "| 4 Head of Service | 1 (1 urgent) | Case closed / stepped down (1); Information sharing"
    " (1) | Bournemouth, Christchurch and Poole |\n"
    "\n"
    "- Reached level 1 (Social Worker): 2\n"
    "- Reached level 2 (Manager / Named Professional): 0\n"
    "- Reached level 3 (Team Manager): 0\n"
    "- Reached level 4 (Head of Service): 1 (1 urgent)\n"
    "- Reached level 5 (Director): 0\n"
    "- Level reachings, all levels (a case once per level): 3 (1 urgent)\n"
    "- Distinct cases active in the period: 2\n"
    "- Resolved at level 1 (Social Worker): 1\n"
    "- Resolved at level 2 (Manager / Named Professional): 0\n"
    "- Resolved at level 3 (Team Manager): 0\n"
    "- Resolved at level 4 (Head of Service): 0\n"
    "- Resolved at level 5 (Director): 0\n"
    "- Open on 2026-06-30: 1\n"
    "- Open and overdue on 2026-06-30: 1\n";

static void test_render_formats(void **state)
{
	test_db *t = *state;
	esc_report r;
	small_quarter(t, &r);
	assert_render(&r, ESC_FMT_TEXT, golden_text);
	assert_render(&r, ESC_FMT_CSV, golden_csv);
	assert_render(&r, ESC_FMT_JSON, golden_json);
	assert_render(&r, ESC_FMT_MARKDOWN, golden_markdown);
	report_free(&r);
}

/* A --from/--to range is titled by its dates; an empty table says so. */
static void test_render_empty(void **state)
{
	test_db *t = *state;
	esc_report r;
	fixture_build_range(t, "2026-04-01", "2026-04-30", &r);
	char *text = render(&r, ESC_FMT_TEXT);
	static const char head[] = "Escalations 2026-04-01 to 2026-04-30\n"
	                           "\n"
	                           "Level of Escalation | Number | Themes | Local Authority\n"
	                           "--------------------+--------+--------+----------------\n"
	                           "(no case reached a level in this period)\n"
	                           "\n"
	                           "Reached in the period\n";
	assert_int_equal(strncmp(text, head, strlen(head)), 0);
	assert_non_null(strstr(text, "\n  Level reachings, all levels (a case once per level)  0\n"));
	assert_non_null(strstr(text, "\n  Distinct cases active in the period                  0\n"));
	free(text);
	report_free(&r);
}

/* Names as hostile as the database can hold: a formula-looking theme and
 * local authority added the normal way, and (as if the file were edited by
 * hand) themes with a quote, comma and line break, and with an escape
 * sequence, a pipe and a backslash. */
#define NASTY_QUOTE "Say \"no\", then\nleave"
#define NASTY_ESC   "Bad\x1b[31m|red\\"

static void add_theme_to_case(test_db *t, long long case_id, const char *name)
{
	sqlite3 *h = store_handle(t->s.db);
	sqlite3_stmt *st;
	assert_int_equal(
	    sqlite3_prepare_v2(h, "INSERT INTO themes(name) VALUES (?1)", -1, &st, NULL),
	    SQLITE_OK);
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	long long theme_id = sqlite3_last_insert_rowid(h);
	assert_int_equal(
	    sqlite3_prepare_v2(h, "INSERT INTO case_themes VALUES (?1, ?2)", -1, &st, NULL),
	    SQLITE_OK);
	sqlite3_bind_int64(st, 1, case_id);
	sqlite3_bind_int64(st, 2, theme_id);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
}

static void hostile_quarter(test_db *t, esc_report *r)
{
	esc_error err = {0};
	test_db_act_as(t, "admin");
	fixture_must(config_list_add(&t->s, ESC_LIST_THEME, "=cmd", &err), &err);
	fixture_must(config_list_add(&t->s, ESC_LIST_LA, "@SUM(1+1)", &err), &err);
	test_db_act_as(t, "front");
	long long x = fixture_open_at(t, "2026-05-10 10:00", "@SUM(1+1)", "=cmd", NULL);
	add_theme_to_case(t, x, NASTY_QUOTE);
	long long y = fixture_open_at(t, "2026-05-11 10:00", "Surrey", "Other", NULL);
	add_theme_to_case(t, y, NASTY_ESC);
	fixture_build(t, "2026-27-Q1", r);
}

static void test_csv_hostile(void **state)
{
	test_db *t = *state;
	esc_report r;
	hostile_quarter(t, &r);
	char *csv = render(&r, ESC_FMT_CSV);
	char *f[CSV_ROWS][CSV_COLS] = {0};
	int ncols[CSV_ROWS];
	int rows = fixture_csv_parse(csv, f, ncols);
	/* Header, two rows, 5 level totals, reachings, cases, 5 resolved, open,
	 * overdue. */
	assert_int_equal(rows, 17);
	for (int i = 0; i < rows; i++) {
		assert_int_equal(ncols[i], 8);
		for (int k = 0; k < 8; k++) {
			/* Nothing a spreadsheet would evaluate, no control character. */
			if (f[i][k][0] && strchr("=+-@\t\r", f[i][k][0]))
				fail_msg("row %d field %d is a formula: %s", i, k, f[i][k]);
			for (const char *p = f[i][k]; *p; p++)
				if ((unsigned char)*p < 0x20 && *p != '\n')
					fail_msg("row %d field %d has control 0x%02x", i, k, *p);
		}
	}
	assert_string_equal(f[0][0], "row");
	assert_string_equal(f[0][7], "local_authority");
	assert_string_equal(f[1][0], "level");
	assert_string_equal(f[1][2], "1 Social Worker");
	assert_string_equal(f[1][4], "1");
	assert_string_equal(f[1][6], "'=cmd (1); " NASTY_QUOTE " (1)");
	assert_string_equal(f[1][7], "'@SUM(1+1)");
	assert_string_equal(f[2][6], "Bad^[[31m|red\\ (1); Other (1)");
	assert_string_equal(f[2][7], "Surrey");
	assert_string_equal(f[7][0], "total");
	assert_string_equal(f[7][1], "5");
	assert_string_equal(f[8][0], "reachings");
	assert_string_equal(f[8][4], "2");
	assert_string_equal(f[9][0], "cases");
	assert_string_equal(f[9][4], "2");
	/* Summing Number over the level rows gives the reachings, never more. */
	long sum = 0;
	for (int i = 1; i < rows; i++)
		if (strcmp(f[i][0], "level") == 0)
			sum += atol(f[i][4]);
	assert_int_equal(sum, 2);
	for (int i = 0; i < rows; i++)
		for (int k = 0; k < ncols[i]; k++)
			free(f[i][k]);
	free(csv);
	report_free(&r);
}

static void assert_contains(const char *hay, const char *needle)
{
	if (hay && strstr(hay, needle))
		return;
	fail_msg("output lacks '%s':\n%s", needle, hay ? hay : "(nothing)");
}

/* No control character but the line ends reaches a terminal. */
static void assert_no_controls(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p < 0x20 && *p != '\n') || *p == 0x7f)
			fail_msg("control byte 0x%02x in output", *p);
}

static void test_text_markdown_json_hostile(void **state)
{
	test_db *t = *state;
	esc_report r;
	hostile_quarter(t, &r);

	char *text = render(&r, ESC_FMT_TEXT);
	assert_no_controls(text);
	assert_contains(text, "Bad^[[31m|red\\ (1)");
	assert_contains(text, "Say \"no\", then^Jleave (1)");
	assert_contains(text, "| @SUM(1+1)\n");
	free(text);

	char *md = render(&r, ESC_FMT_MARKDOWN);
	assert_no_controls(md);
	assert_contains(md, "| 1 Social Worker | 1 | Bad&#94;&#91;&#91;31m&#124;red&#92; (1); Other (1) "
	                    "| Surrey |\n");
	assert_contains(md, "=cmd (1); Say \"no\", then leave (1) | &#64;SUM(1+1) |\n");
	free(md);

	char *json = render(&r, ESC_FMT_JSON);
	assert_no_controls(json);
	assert_contains(json, "{\"theme\":\"Say \\\"no\\\", then\\nleave\",\"count\":1}");
	assert_contains(json, "{\"theme\":\"Bad\\u001b[31m|red\\\\\",\"count\":1}");
	assert_contains(json, "\"local_authority\":\"@SUM(1+1)\"");
	free(json);
	report_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_format_parse),
	    FIXTURE_TEST(test_render_formats),
	    FIXTURE_TEST(test_render_empty),
	    FIXTURE_TEST(test_csv_hostile),
	    FIXTURE_TEST(test_text_markdown_json_hostile),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
