/* The quarterly table against a real database: the counting rule (SPEC §4)
 * on constructed histories, quarter boundaries, themes and local
 * authorities, resolutions and the open/overdue count at the period end, and
 * each output format (golden text, CSV that parses and cannot run formulas,
 * JSON escapes, Markdown cells). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "escalate/config.h"
#include "escalate/report.h"
#include "escalate/store.h"
#include "helpers.h"

static int setup(void **state)
{
	test_db *t = calloc(1, sizeof *t);
	assert_non_null(t);
	test_db_open(t);
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	test_db_close(*state);
	free(*state);
	return 0;
}

static void must(esc_status st, const esc_error *err)
{
	if (st != ESC_OK)
		fail_msg("core call failed: %s (%s)", err->message, esc_status_name(st));
}

/* Opens a case at `ts` with one or two themes, as the current actor. */
static long long open_at(test_db *t, const char *ts, const char *la, const char *theme1,
                         const char *theme2)
{
	esc_error err = {0};
	esc_case_ref ref;
	esc_new_case in = {
	    .child_kind = ESC_CHILD_NHS,
	    .child_id = "9434765919",
	    .local_authority = la,
	    .decision = "Referral not accepted",
	    .concern = "Child at risk of neglect",
	    .themes = {theme1, theme2},
	    .ntheme = theme2 ? 2 : 1,
	};
	test_db_at(t, ts);
	must(case_open(&t->s, &in, &ref, &err), &err);
	return ref.id;
}

static void event_at(test_db *t, const char *ts, long long id, esc_event_kind kind)
{
	esc_error err = {0};
	test_db_at(t, ts);
	must(test_case_event(t, id, kind, "Reason given", &err), &err);
}

/* A discussion with the concern remaining, then the next level. */
static void escalate_at(test_db *t, const char *ts, long long id)
{
	test_db_at(t, ts);
	test_case_contact(t, id, true);
	event_at(t, ts, id, ESC_EV_ESCALATED);
}

static void build(test_db *t, const char *quarter, esc_report *r)
{
	esc_error err = {0};
	esc_period p;
	must(esc_quarter_parse(quarter, &p, &err), &err);
	must(report_build(&t->s, &p, r, &err), &err);
}

static void build_range(test_db *t, const char *from, const char *to, esc_report *r)
{
	esc_error err = {0};
	esc_period p;
	must(esc_period_from_range(from, to, &p, &err), &err);
	must(report_build(&t->s, &p, r, &err), &err);
}

static const esc_report_row *find_row(const esc_report *r, int level, const char *la)
{
	for (size_t i = 0; i < r->nrows; i++)
		if (r->rows[i].level == level && strcmp(r->rows[i].local_authority, la) == 0)
			return &r->rows[i];
	return NULL;
}

static void assert_levels(const esc_report *r, long l1, long l2, long l3, long l4, long l5)
{
	assert_int_equal(r->level_total[1], l1);
	assert_int_equal(r->level_total[2], l2);
	assert_int_equal(r->level_total[3], l3);
	assert_int_equal(r->level_total[4], l4);
	assert_int_equal(r->level_total[5], l5);
	assert_int_equal(r->total, l1 + l2 + l3 + l4 + l5);
}

/* Opened in Q1, level 2 and 3 reached in Q2: level 1 counts in Q1 only,
 * levels 2 and 3 in Q2 only, and nothing in the quarters either side. */
static void test_counting_rule(void **state)
{
	test_db *t = *state;
	esc_report r;
	long long id = open_at(t, "2026-05-10 10:00", "Surrey", "Threshold not met", NULL);
	escalate_at(t, "2026-07-02 11:00", id);
	test_db_act_as(t, "named");
	escalate_at(t, "2026-07-20 12:00", id);

	build(t, "2026-27-Q1", &r);
	assert_levels(&r, 1, 0, 0, 0, 0);
	assert_int_equal(r.nrows, 1);
	assert_int_equal(r.rows[0].level, 1);
	assert_string_equal(r.rows[0].local_authority, "Surrey");
	assert_int_equal(r.rows[0].number, 1);
	assert_int_equal(r.rows[0].urgent, 0);
	assert_int_equal(r.rows[0].nthemes, 1);
	assert_string_equal(r.rows[0].themes[0].theme, "Threshold not met");
	assert_int_equal(r.rows[0].themes[0].count, 1);
	report_free(&r);

	build(t, "2026-27-Q2", &r);
	assert_levels(&r, 0, 1, 1, 0, 0);
	assert_int_equal(r.nrows, 2);
	assert_int_equal(r.rows[0].level, 2);
	assert_int_equal(r.rows[1].level, 3);
	assert_int_equal(r.urgent_total, 0);
	report_free(&r);

	build(t, "2025-26-Q4", &r);
	assert_levels(&r, 0, 0, 0, 0, 0);
	assert_int_equal(r.nrows, 0);
	report_free(&r);
	build(t, "2026-27-Q3", &r);
	assert_levels(&r, 0, 0, 0, 0, 0);
	report_free(&r);

	/* A range covering both quarters counts every level reached in it. */
	build_range(t, "2026-05-10", "2026-07-20", &r);
	assert_levels(&r, 1, 1, 1, 0, 0);
	report_free(&r);
	build_range(t, "2026-05-11", "2026-07-19", &r);
	assert_levels(&r, 0, 1, 0, 0, 0);
	report_free(&r);
}

/* An urgent jump counts at level 4 and is marked urgent; the levels it
 * skipped are not counted. */
static void test_urgent_jump(void **state)
{
	test_db *t = *state;
	esc_report r;
	test_db_act_as(t, "named");
	long long id = open_at(t, "2026-04-02 09:00", "Kent", "Drift / lack of progression", NULL);
	event_at(t, "2026-04-02 10:00", id, ESC_EV_URGENT);
	long long other =
	    open_at(t, "2026-04-03 09:00", "Kent", "Drift / lack of progression", NULL);
	escalate_at(t, "2026-04-06 09:00", other);
	escalate_at(t, "2026-04-07 09:00", other);
	escalate_at(t, "2026-04-08 09:00", other);

	build(t, "2026-27-Q1", &r);
	assert_levels(&r, 2, 1, 1, 2, 0);
	assert_int_equal(r.urgent_total, 1);
	const esc_report_row *row = find_row(&r, 4, "Kent");
	assert_non_null(row);
	assert_int_equal(row->number, 2);
	assert_int_equal(row->urgent, 1);
	row = find_row(&r, 1, "Kent");
	assert_non_null(row);
	assert_int_equal(row->urgent, 0);
	report_free(&r);
}

/* 23:59 on 30 June is Q1; midnight on 1 July is Q2. */
static void test_quarter_boundaries(void **state)
{
	test_db *t = *state;
	esc_report r;
	open_at(t, "2026-06-30 23:59", "Surrey", "Other", NULL);
	open_at(t, "2026-07-01 00:00", "Kent", "Other", NULL);
	open_at(t, "2026-04-01 00:00", "Dorset", "Other", NULL);
	open_at(t, "2026-03-31 23:59", "Norfolk", "Other", NULL);

	build(t, "2026-27-Q1", &r);
	assert_levels(&r, 2, 0, 0, 0, 0);
	assert_non_null(find_row(&r, 1, "Surrey"));
	assert_non_null(find_row(&r, 1, "Dorset"));
	assert_null(find_row(&r, 1, "Kent"));
	report_free(&r);

	build(t, "2026-27-Q2", &r);
	assert_levels(&r, 1, 0, 0, 0, 0);
	assert_non_null(find_row(&r, 1, "Kent"));
	report_free(&r);

	build(t, "2025-26-Q4", &r);
	assert_levels(&r, 1, 0, 0, 0, 0);
	assert_non_null(find_row(&r, 1, "Norfolk"));
	report_free(&r);
}

/* A case with two themes counts once in Number and once under each theme;
 * themes are listed most frequent first, then by name. */
static void test_themes(void **state)
{
	test_db *t = *state;
	esc_report r;
	open_at(t, "2026-05-01 10:00", "Surrey", "Threshold not met", "Information sharing");
	open_at(t, "2026-05-02 10:00", "Surrey", "Threshold not met", NULL);
	open_at(t, "2026-05-03 10:00", "Surrey", "Case closed / stepped down", NULL);

	build(t, "2026-27-Q1", &r);
	assert_levels(&r, 3, 0, 0, 0, 0);
	assert_int_equal(r.nrows, 1);
	const esc_report_row *row = &r.rows[0];
	assert_int_equal(row->number, 3);
	assert_int_equal(row->nthemes, 3);
	assert_string_equal(row->themes[0].theme, "Threshold not met");
	assert_int_equal(row->themes[0].count, 2);
	assert_string_equal(row->themes[1].theme, "Case closed / stepped down");
	assert_int_equal(row->themes[1].count, 1);
	assert_string_equal(row->themes[2].theme, "Information sharing");
	assert_int_equal(row->themes[2].count, 1);
	report_free(&r);
}

/* One row per level and local authority, by level then name. */
static void test_local_authorities(void **state)
{
	test_db *t = *state;
	esc_report r;
	long long a = open_at(t, "2026-05-01 10:00", "Surrey", "Other", NULL);
	open_at(t, "2026-05-01 11:00", "Kent", "Other", NULL);
	open_at(t, "2026-05-01 12:00", "Kent", "Other", NULL);
	long long d = open_at(t, "2026-05-01 13:00", "Dorset", "Other", NULL);
	escalate_at(t, "2026-05-05 10:00", a);
	escalate_at(t, "2026-05-05 11:00", d);

	build(t, "2026-27-Q1", &r);
	assert_int_equal(r.nrows, 5);
	static const struct {
		int level;
		const char *la;
		long number;
	} want[] = {
	    {1, "Dorset", 1}, {1, "Kent", 2}, {1, "Surrey", 1}, {2, "Dorset", 1}, {2, "Surrey", 1}};
	for (size_t i = 0; i < 5; i++) {
		assert_int_equal(r.rows[i].level, want[i].level);
		assert_string_equal(r.rows[i].local_authority, want[i].la);
		assert_int_equal(r.rows[i].number, want[i].number);
	}
	assert_levels(&r, 4, 2, 0, 0, 0);
	report_free(&r);
}

/* Resolutions count in the period they happened, at the level closed at;
 * withdrawals are not resolutions. */
static void test_resolved(void **state)
{
	test_db *t = *state;
	esc_report r;
	long long a = open_at(t, "2026-05-01 10:00", "Surrey", "Other", NULL);
	long long b = open_at(t, "2026-05-01 11:00", "Surrey", "Other", NULL);
	long long c = open_at(t, "2026-05-01 12:00", "Surrey", "Other", NULL);
	long long d = open_at(t, "2026-05-01 13:00", "Surrey", "Other", NULL);
	event_at(t, "2026-05-06 10:00", a, ESC_EV_RESOLVED);
	escalate_at(t, "2026-05-06 11:00", b);
	event_at(t, "2026-05-07 10:00", b, ESC_EV_RESOLVED);
	event_at(t, "2026-05-07 11:00", c, ESC_EV_WITHDRAWN);
	event_at(t, "2026-07-07 11:00", d, ESC_EV_RESOLVED);
	event_at(t, "2026-07-08 11:00", a, ESC_EV_REOPENED);

	/* No level was reached after these periods ended, so the open count
	 * takes its path for recent periods (test_open_overdue_at_end covers
	 * the other): each case changed since the end is judged by its history. */
	build(t, "2026-27-Q1", &r);
	assert_int_equal(r.resolved_at[1], 1);
	assert_int_equal(r.resolved_at[2], 1);
	assert_int_equal(r.resolved_at[3] + r.resolved_at[4] + r.resolved_at[5], 0);
	/* d was still open on 30 June (resolved later) and past its target; a
	 * was resolved then (reopened later). */
	assert_int_equal(r.open_at_end, 1);
	assert_int_equal(r.open_overdue_at_end, 1);
	report_free(&r);

	build(t, "2026-27-Q2", &r);
	assert_int_equal(r.resolved_at[1], 1);
	assert_int_equal(r.resolved_at[2], 0);
	assert_int_equal(r.open_at_end, 1);
	assert_int_equal(r.open_overdue_at_end, 1);
	report_free(&r);
}

/* Open at the period end is judged from the history up to the end, not
 * from today's state; overdue means the target date had passed by then. */
static void test_open_overdue_at_end(void **state)
{
	test_db *t = *state;
	esc_report r;
	/* Level 1 target: 5 working days (8 May, after the 4 May bank holiday). */
	long long late = open_at(t, "2026-05-01 10:00", "Surrey", "Other", NULL);
	open_at(t, "2026-06-29 10:00", "Surrey", "Other", NULL); /* due in July */
	long long closed = open_at(t, "2026-05-02 10:00", "Surrey", "Other", NULL);
	event_at(t, "2026-06-01 10:00", closed, ESC_EV_RESOLVED);
	open_at(t, "2026-07-01 10:00", "Surrey", "Other", NULL); /* after the end */
	/* Escalated after the period end: at the end it was overdue at level 1. */
	escalate_at(t, "2026-07-02 10:00", late);
	/* Reopened after the end: resolved (not open) at the end. */
	event_at(t, "2026-07-03 10:00", closed, ESC_EV_REOPENED);

	build(t, "2026-27-Q1", &r);
	assert_int_equal(r.open_at_end, 2);
	assert_int_equal(r.open_overdue_at_end, 1);
	report_free(&r);

	/* On 1 July's report the one due in July is not yet overdue. */
	build_range(t, "2026-07-01", "2026-07-01", &r);
	assert_int_equal(r.open_at_end, 3);
	assert_int_equal(r.open_overdue_at_end, 1);
	report_free(&r);

	/* Today's state, from the cached case rows (every event before the end). */
	build(t, "2026-27-Q3", &r);
	assert_int_equal(r.open_at_end, 4);
	assert_int_equal(r.open_overdue_at_end, 4);
	report_free(&r);
}

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
	long long a = open_at(t, "2026-05-10 10:00", "Surrey", "Threshold not met", NULL);
	test_db_act_as(t, "named");
	long long b = open_at(t, "2026-05-11 10:00", "Bournemouth, Christchurch and Poole",
	                      "Information sharing", "Case closed / stepped down");
	event_at(t, "2026-05-12 10:00", b, ESC_EV_URGENT);
	event_at(t, "2026-06-01 10:00", a, ESC_EV_RESOLVED);
	build(t, "2026-27-Q1", r);
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
    "Level of Escalation | Number       | Themes                          | "
    "Local Authority\n"
    "--------------------+--------------+---------------------------------+-"
    "-----------------------------------\n"
    "1 Social Worker     | 1            | Case closed / stepped down (1); | "
    "Bournemouth, Christchurch and Poole\n"
    "                    |              | Information sharing (1)         |\n"
    "1 Social Worker     | 1            | Threshold not met (1)           | Surrey\n"
    "4 Head of Service   | 1 (1 urgent) | Case closed / stepped down (1); | "
    "Bournemouth, Christchurch and Poole\n"
    "                    |              | Information sharing (1)         |\n"
    "\n"
    "Reached in the period\n"
    "  1 Social Worker                 2\n"
    "  2 Manager / Named Professional  0\n"
    "  3 Team Manager                  0\n"
    "  4 Head of Service               1 (1 urgent)\n"
    "  5 Director                      0\n"
    "  Total                           3 (1 urgent)\n"
    "\n"
    "Resolved in the period\n"
    "  1 Social Worker                 1\n"
    "  2 Manager / Named Professional  0\n"
    "  3 Team Manager                  0\n"
    "  4 Head of Service               0\n"
    "  5 Director                      0\n"
    "\n"
    "At the period end\n"
    "  Open                            1\n"
    "  Open and overdue                1\n";

static const char golden_csv[] =
    "Level of Escalation,Number,Urgent,Themes,Local Authority\r\n"
    "1 Social Worker,1,0,Case closed / stepped down (1); Information sharing (1),"
    "\"Bournemouth, Christchurch and Poole\"\r\n"
    "1 Social Worker,1,0,Threshold not met (1),Surrey\r\n"
    "4 Head of Service,1,1,Case closed / stepped down (1); Information sharing (1),"
    "\"Bournemouth, Christchurch and Poole\"\r\n"
    "Total level 1,2,0,,\r\nTotal level 2,0,0,,\r\nTotal level 3,0,0,,\r\n"
    "Total level 4,1,1,,\r\nTotal level 5,0,0,,\r\nTotal,3,1,,\r\n"
    "Resolved at level 1,1,,,\r\nResolved at level 2,0,,,\r\nResolved at level 3,0,,,\r\n"
    "Resolved at level 4,0,,,\r\nResolved at level 5,0,,,\r\n"
    "Open at period end,1,,,\r\nOpen and overdue at period end,1,,,\r\n";

#define BCP "\"local_authority\":\"Bournemouth, Christchurch and Poole\""
#define TWO_THEMES                                                                                 \
	"\"themes\":[{\"theme\":\"Case closed / stepped down\",\"count\":1},"                      \
	"{\"theme\":\"Information sharing\",\"count\":1}]"
static const char golden_json[] =
    "{\"period\":{\"label\":\"2026-27-Q1\",\"from\":\"2026-04-01\",\"to\":\"2026-06-30\"},"
    "\"rows\":["
    "{\"level\":1,\"label\":\"Social Worker\"," BCP ",\"number\":1,\"urgent\":0," TWO_THEMES "},"
    "{\"level\":1,\"label\":\"Social Worker\",\"local_authority\":\"Surrey\",\"number\":1,"
    "\"urgent\":0,\"themes\":[{\"theme\":\"Threshold not met\",\"count\":1}]},"
    "{\"level\":4,\"label\":\"Head of Service\"," BCP ",\"number\":1,\"urgent\":1," TWO_THEMES "}],"
    "\"level_totals\":{\"1\":2,\"2\":0,\"3\":0,\"4\":1,\"5\":0},\"total\":3,\"urgent_total\":1,"
    "\"resolved\":{\"1\":1,\"2\":0,\"3\":0,\"4\":0,\"5\":0},"
    "\"open_at_end\":1,\"open_overdue_at_end\":1}\n";

static const char golden_markdown[] =
    "## Escalations 2026-27-Q1 (2026-04-01 to 2026-06-30)\n"
    "\n"
    "| Level of Escalation | Number | Themes | Local Authority |\n"
    "|---|---:|---|---|\n"
    "| 1 Social Worker | 1 | Case closed / stepped down (1); Information sharing (1) | "
    "Bournemouth, Christchurch and Poole |\n"
    "| 1 Social Worker | 1 | Threshold not met (1) | Surrey |\n"
    "| 4 Head of Service | 1 (1 urgent) | Case closed / stepped down (1); "
    "Information sharing (1) | Bournemouth, Christchurch and Poole |\n"
    "\n"
    "- Total level 1 (Social Worker): 2\n"
    "- Total level 2 (Manager / Named Professional): 0\n"
    "- Total level 3 (Team Manager): 0\n"
    "- Total level 4 (Head of Service): 1 (1 urgent)\n"
    "- Total level 5 (Director): 0\n"
    "- Total: 3 (1 urgent)\n"
    "- Resolved at level 1 (Social Worker): 1\n"
    "- Resolved at level 2 (Manager / Named Professional): 0\n"
    "- Resolved at level 3 (Team Manager): 0\n"
    "- Resolved at level 4 (Head of Service): 0\n"
    "- Resolved at level 5 (Director): 0\n"
    "- Open at period end: 1\n"
    "- Open and overdue at period end: 1\n";

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
	build_range(t, "2026-04-01", "2026-04-30", &r);
	char *text = render(&r, ESC_FMT_TEXT);
	static const char head[] = "Escalations 2026-04-01 to 2026-04-30\n"
	                           "\n"
	                           "Level of Escalation | Number | Themes | Local Authority\n"
	                           "--------------------+--------+--------+----------------\n"
	                           "(no case reached a level in this period)\n"
	                           "\n"
	                           "Reached in the period\n";
	assert_int_equal(strncmp(text, head, strlen(head)), 0);
	assert_non_null(strstr(text, "\n  Total                           0\n"));
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
	must(config_list_add(&t->s, ESC_LIST_THEME, "=cmd", &err), &err);
	must(config_list_add(&t->s, ESC_LIST_LA, "@SUM(1+1)", &err), &err);
	test_db_act_as(t, "front");
	long long x = open_at(t, "2026-05-10 10:00", "@SUM(1+1)", "=cmd", NULL);
	add_theme_to_case(t, x, NASTY_QUOTE);
	long long y = open_at(t, "2026-05-11 10:00", "Surrey", "Other", NULL);
	add_theme_to_case(t, y, NASTY_ESC);
	build(t, "2026-27-Q1", r);
}

/* A strict RFC 4180 reader: records end in CRLF, quoted fields double their
 * quotes, an unquoted field holds no quote, CR or LF.  Returns the number of
 * records; fields[r][f] are malloc'd. */
#define CSV_ROWS 32
#define CSV_COLS 8
static int csv_parse(const char *s, char *fields[CSV_ROWS][CSV_COLS], int ncols[CSV_ROWS])
{
	int row = 0;
	while (*s) {
		assert_true(row < CSV_ROWS);
		int col = 0;
		for (;;) {
			esc_buf f;
			esc_buf_init(&f);
			if (*s == '"') {
				for (s++;; s++) {
					assert_true(*s != '\0');
					if (*s == '"' && s[1] == '"')
						esc_buf_add(&f, s++, 1);
					else if (*s == '"')
						break;
					else
						esc_buf_add(&f, s, 1);
				}
				s++;
			} else {
				size_t n = strcspn(s, ",\r\n\"");
				esc_buf_add(&f, s, n);
				s += n;
				assert_true(*s != '"');
			}
			assert_true(col < CSV_COLS);
			fields[row][col++] = f.data;
			if (*s == ',') {
				s++;
				continue;
			}
			assert_true(s[0] == '\r' && s[1] == '\n');
			s += 2;
			break;
		}
		ncols[row++] = col;
	}
	return row;
}

static void test_csv_hostile(void **state)
{
	test_db *t = *state;
	esc_report r;
	hostile_quarter(t, &r);
	char *csv = render(&r, ESC_FMT_CSV);
	char *f[CSV_ROWS][CSV_COLS];
	int ncols[CSV_ROWS];
	int rows = csv_parse(csv, f, ncols);
	/* Header, two rows, 5 level totals, total, 5 resolved, open, overdue. */
	assert_int_equal(rows, 16);
	for (int i = 0; i < rows; i++) {
		assert_int_equal(ncols[i], 5);
		for (int k = 0; k < 5; k++) {
			/* Nothing a spreadsheet would evaluate. */
			if (f[i][k][0] && strchr("=+-@\t\r", f[i][k][0]))
				fail_msg("row %d field %d is a formula: %s", i, k, f[i][k]);
		}
	}
	assert_string_equal(f[0][0], "Level of Escalation");
	assert_string_equal(f[0][4], "Local Authority");
	assert_string_equal(f[1][0], "1 Social Worker");
	assert_string_equal(f[1][1], "1");
	assert_string_equal(f[1][3], "'=cmd (1); " NASTY_QUOTE " (1)");
	assert_string_equal(f[1][4], "'@SUM(1+1)");
	assert_string_equal(f[2][3], NASTY_ESC " (1); Other (1)");
	assert_string_equal(f[2][4], "Surrey");
	assert_string_equal(f[7][0], "Total level 5");
	assert_string_equal(f[8][0], "Total");
	assert_string_equal(f[8][1], "2");
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
	assert_contains(md,
	                "| 1 Social Worker | 1 | Bad^[[31m\\|red\\\\ (1); Other (1) | Surrey |\n");
	assert_contains(md, "=cmd (1); Say \"no\", then leave (1) | @SUM(1+1) |\n");
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
	    cmocka_unit_test_setup_teardown(test_counting_rule, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_urgent_jump, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_quarter_boundaries, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_themes, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_local_authorities, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_resolved, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_open_overdue_at_end, setup, teardown),
	    cmocka_unit_test(test_format_parse),
	    cmocka_unit_test_setup_teardown(test_render_formats, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_render_empty, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_csv_hostile, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_text_markdown_json_hostile, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
