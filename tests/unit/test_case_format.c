/* One case as the `show` view, JSON and the clinical-record entry, and the
 * whole database as CSV and JSON: a case driven through the core (opened, a
 * contact with two agreed actions, escalations to level 4, the designated
 * professional informed, a note, resolved), read back with query_case, and
 * untrusted text (as if the database were edited by hand) that must reach
 * no terminal raw. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "escalate/case_format.h"
#include "escalate/export.h"
#include "escalate/query.h"
#include "escalate/store.h"
#include "report_fixture.h"

/* Text a user may type (the core accepts it): quotes, a backslash, a comma
 * and a line break; and one that a spreadsheet would evaluate. */
#define NOTE_QUOTED  "Chased \"the office\", twice \\ no reply\nWill call again"
#define NOTE_FORMULA "=HYPERLINK(\"http://x\")"
/* Text no user can type (validation refuses controls), as if the file were
 * edited by hand: CSI colour, an OSC 52 clipboard write, a right-to-left
 * override, a tab and a line break. */
#define HOSTILE                                                                                    \
	"Say \"no\" \\ then\nnext\ttab \x1b[31mred\x1b]52;c;QUFB\x07 \xe2\x80\xae"                 \
	"evil"

static void record_at(test_db *t, const char *ts, long long id, const esc_event_input *in)
{
	esc_error err = {0};
	test_db_at(t, ts);
	fixture_must(case_record(&t->s, id, 0, in, &err), &err);
}

static void text_at(test_db *t, const char *ts, long long id, esc_event_kind kind, const char *text)
{
	esc_event_input in = {.kind = kind, .text = text};
	record_at(t, ts, id, &in);
}

/* The case every test reads: level 1 with two agreed actions, escalated to
 * level 4 (with a contact at each level), the designated professional
 * informed, a note, resolved at level 4. */
static long long build_case(test_db *t)
{
	esc_error err = {0};
	esc_case_ref ref;
	esc_new_case nc = {
	    .child_kind = ESC_CHILD_NHS,
	    .child_id = "9434765919",
	    .local_authority = "Surrey",
	    .team = "Surrey North",
	    .decision = "Referral not accepted",
	    .concern = "Repeated unexplained bruising",
	    .themes = {"Threshold not met", "Information sharing"},
	    .ntheme = 2,
	};
	test_db_at(t, "2026-05-01 09:00");
	fixture_must(case_open(&t->s, &nc, &ref, &err), &err);
	long long id = ref.id;

	esc_event_input contact = {
	    .kind = ESC_EV_CONTACT,
	    .text = "Discussed the referral decision",
	    .occurred_at = "2026-05-05 09:30",
	    .person_name = "Alex Social",
	    .person_role = "Social Worker",
	    .person_org = "Surrey CC",
	    .concern_remains = true,
	    .actions = {{"Send the chronology", "Alex Social", "2026-05-08"},
	                {"Update the GP", "Fran Frontline", "2026-05-12"}},
	    .nactions = 2,
	};
	record_at(t, "2026-05-05 10:00", id, &contact);
	text_at(t, "2026-05-05 11:00", id, ESC_EV_ESCALATED, "Threshold decision stands");
	test_db_act_as(t, "named");
	test_db_at(t, "2026-05-06 10:00");
	test_case_contact(t, id, true);
	text_at(t, "2026-05-06 11:00", id, ESC_EV_ESCALATED, "Needs the team manager");
	test_db_at(t, "2026-05-07 10:00");
	test_case_contact(t, id, true);
	text_at(t, "2026-05-07 11:00", id, ESC_EV_ESCALATED, "Head of service review");
	test_db_at(t, "2026-05-07 12:00");
	fixture_must(test_case_inform(t, id, ESC_NOTIFY_DESIGNATED, &err), &err);
	text_at(t, "2026-05-08 09:00", id, ESC_EV_NOTE, NOTE_QUOTED);
	text_at(t, "2026-05-08 09:30", id, ESC_EV_NOTE, NOTE_FORMULA);
	text_at(t, "2026-05-11 10:00", id, ESC_EV_RESOLVED, "Strategy discussion arranged");
	return id;
}

/* Edits the case row directly (the history itself is append-only). */
static void make_hostile(test_db *t, long long id)
{
	sqlite3 *h = store_handle(t->s.db);
	sqlite3_stmt *st;
	assert_int_equal(
	    sqlite3_prepare_v2(h, "UPDATE cases SET concern = ?1, team = ?1 WHERE id = ?2", -1, &st,
	                       NULL),
	    SQLITE_OK);
	sqlite3_bind_text(st, 1, HOSTILE, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, id);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
}

static void load(test_db *t, long long id, esc_case *c)
{
	esc_error err = {0};
	memset(c, 0, sizeof *c);
	fixture_must(query_case(&t->s, id, c, &err), &err);
}

typedef void (*formatter)(const esc_case *, esc_buf *);

static char *format(const esc_case *c, formatter f)
{
	esc_buf b;
	esc_buf_init(&b);
	f(c, &b);
	return b.data; /* the caller frees */
}

static void assert_contains(const char *hay, const char *needle)
{
	if (hay && strstr(hay, needle))
		return;
	fail_msg("output lacks '%s':\n%s", needle, hay ? hay : "(nothing)");
}

static void assert_lacks(const char *hay, const char *needle)
{
	if (hay && strstr(hay, needle))
		fail_msg("output has '%s':\n%s", needle, hay);
}

static int count(const char *hay, const char *needle)
{
	int n = 0;
	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
		n++;
	return n;
}

/* Each needle occurs once, in the order given. */
static void assert_in_order(const char *hay, const char *const *needles, size_t n)
{
	const char *from = hay;
	for (size_t i = 0; i < n; i++) {
		if (count(hay, needles[i]) != 1)
			fail_msg("'%s' occurs %d times, not once:\n%s", needles[i], count(hay, needles[i]),
			         hay);
		const char *at = strstr(from, needles[i]);
		if (!at)
			fail_msg("'%s' is missing or out of order:\n%s", needles[i], hay);
		from = at + strlen(needles[i]);
	}
}

/* No control byte but line ends (JSON escapes them; the text forms show
 * stand-ins). */
static void assert_no_controls(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p < 0x20 && *p != '\n') || *p == 0x7f)
			fail_msg("control byte 0x%02x in output:\n%s", *p, s);
}

/* Nor, in what is shown on a terminal, a bidi override. */
static void assert_terminal_safe(const char *s)
{
	assert_no_controls(s);
	assert_lacks(s, "\xe2\x80\xae");
}

static void test_text(void **state)
{
	test_db *t = *state;
	esc_case c;
	load(t, build_case(t), &c);
	char *s = format(&c, case_format_text);
	assert_terminal_safe(s);
	static const char head[] = "ESC-2026-0001 — resolved at level 4 (Head of Service)\n";
	assert_int_equal(strncmp(s, head, strlen(head)), 0);
	assert_contains(s, "\n  Child              NHS 943 476 5919\n"
	                   "  Local authority    Surrey\n"
	                   "  Team               Surrey North\n"
	                   "  Agency             Test Trust\n"
	                   "  Decision           Referral not accepted\n"
	                   "  Concern            Repeated unexplained bruising\n"
	                   "  Themes             Threshold not met; Information sharing\n"
	                   "  Owner              Fran Frontline (front)\n"
	                   "  Opened             2026-05-01 09:00\n");
	/* Resolved: no target date; the notification was made; its two agreed
	 * actions are still open (they outlive the case's closing). */
	assert_lacks(s, "Due at this level");
	assert_contains(s, "\n  Flags              2 agreed actions outstanding\n");

	/* The timeline, grouped under one heading per level. */
	static const char *const timeline[] = {
	    "\nLevel 1 — Social Worker\n",
	    "  2026-05-01 09:00  Opened by Fran Frontline (frontline professional)\n",
	    "  2026-05-05 10:00  Contact recorded by Fran Frontline (frontline professional)\n"
	    "                    Spoke with Alex Social (Social Worker, Surrey CC) on "
	    "2026-05-05 09:30\n"
	    "                    Discussed the referral decision\n"
	    "                    Agreed actions:\n"
	    "                    1. Send the chronology — owner Alex Social, due 2026-05-08 "
	    "[OVERDUE]\n"
	    "                    2. Update the GP — owner Fran Frontline, due 2026-05-12\n"
	    "                    Outcome: concern remains\n",
	    "Level 2 — Manager / Named Professional\n"
	    "  2026-05-05 11:00  Escalated to level 2 by Fran Frontline (frontline professional)\n"
	    "                    Reason: Threshold decision stands\n",
	    "  2026-05-06 10:00  Contact recorded by Nia Named (named professional)\n"
	    "                    Spoke with Sam Social (Social worker, Children's services) on ",
	    "Level 3 — Team Manager\n"
	    "  2026-05-06 11:00  Escalated to level 3 by Nia Named (named professional)\n"
	    "                    Reason: Needs the team manager\n",
	    "Level 4 — Head of Service\n"
	    "  2026-05-07 11:00  Escalated to level 4 by Nia Named (named professional)\n",
	    "  2026-05-07 12:00  Notification recorded by Nia Named (named professional)\n"
	    "                    Informed Dr Desi Nated (CCG/ICB designated doctor or nurse) by "
	    "telephone on 2026-05-07 12:00\n",
	    "  2026-05-08 09:00  Note by Nia Named (named professional)\n"
	    "                    Chased \"the office\", twice \\ no reply\n"
	    "                    Will call again\n",
	    "  2026-05-11 10:00  Resolved at level 4 by Nia Named (named professional)\n"
	    "                    Outcome: Strategy discussion arranged\n",
	};
	assert_in_order(s, timeline, sizeof timeline / sizeof timeline[0]);
	assert_int_equal(count(s, "\nLevel "), 4);
	free(s);
	esc_case_free(&c);
}

/* Walks a JSON text: strings closed with only valid escapes and no raw
 * control characters, brackets and braces balanced and matched, exactly one
 * top-level value then a newline. */
static void assert_json_balanced(const char *s)
{
	char stack[64];
	int depth = 0;
	bool started = false;
	const char *p = s;
	for (; *p && !(started && depth == 0); p++) {
		unsigned char ch = (unsigned char)*p;
		if (ch == '"') {
			for (p++; *p != '"'; p++) {
				if ((unsigned char)*p < 0x20)
					fail_msg("raw control 0x%02x in a JSON string", *p);
				if (*p == '\\') {
					p++;
					if (*p == 'u') {
						for (int i = 1; i <= 4; i++)
							if (!p[i] ||
							    !strchr("0123456789abcdefABCDEF", p[i]))
								fail_msg("bad \\u escape at '%.8s'",
								         p - 1);
						p += 4;
					} else if (!*p || !strchr("\"\\/bfnrt", *p)) {
						fail_msg("bad escape at '%.4s'", p - 1);
					}
				}
				assert_true(*p != '\0');
			}
		} else if (ch == '{' || ch == '[') {
			assert_true(depth < (int)sizeof stack);
			stack[depth++] = ch == '{' ? '}' : ']';
			started = true;
		} else if (ch == '}' || ch == ']') {
			if (depth == 0 || stack[depth - 1] != ch)
				fail_msg("unbalanced '%c' at offset %td", ch, p - s);
			depth--;
		}
	}
	assert_true(started);
	assert_int_equal(depth, 0);
	assert_string_equal(p, "\n");
}

static void test_json(void **state)
{
	test_db *t = *state;
	esc_case c;
	long long id = build_case(t);
	make_hostile(t, id);
	load(t, id, &c);
	char *s = format(&c, case_format_json);
	assert_json_balanced(s);
	assert_no_controls(s);
	char head[64];
	snprintf(head, sizeof head, "{\"id\":%lld,\"seq\":%zu,\"ref\":\"ESC-2026-0001\"", id,
	         c.nevents);
	assert_int_equal(strncmp(s, head, strlen(head)), 0);
	assert_contains(s,
	                ",\"state\":\"resolved\",\"level\":4,\"level_label\":\"Head of Service\","
	                "\"child_kind\":\"nhs\",\"child_id\":\"9434765919\","
	                "\"local_authority\":\"Surrey\",");
	assert_contains(s, ",\"themes\":[\"Threshold not met\",\"Information sharing\"],"
	                   "\"owner\":{\"login\":\"front\",\"name\":\"Fran Frontline\","
	                   "\"role\":\"frontline\"},");
	/* Instants in ISO 8601 UTC (09:00 in May is BST), with the civil date. */
	assert_contains(s, "\"opened_at\":\"2026-05-01T08:00:00Z\",\"opened_date\":\"2026-05-01\"");
	/* Quotes, backslashes, controls and the bidi override escaped. */
	assert_contains(s, "\"concern\":\"Say \\\"no\\\" \\\\ then\\nnext\\ttab "
	                   "\\u001b[31mred\\u001b]52;c;QUFB\\u0007 \\u202e"
	                   "evil\"");
	assert_contains(s, "\"text\":\"Chased \\\"the office\\\", twice \\\\ no reply\\n"
	                   "Will call again\"");
	assert_contains(s, "\"event\":\"contact\"");
	assert_contains(s, "\"person_name\":\"Alex Social\",\"person_role\":\"Social Worker\","
	                   "\"person_org\":\"Surrey CC\",\"concern_remains\":true,");
	assert_contains(s,
	                "\"actions\":[{\"number\":1,\"text\":\"Send the chronology\",\"owner\":"
	                "{\"login\":null,\"name\":\"Alex Social\",\"organisation\":\"\"},"
	                "\"due\":\"2026-05-08\",\"overdue\":true,\"status\":\"open\","
	                "\"closed_at\":null,\"closed_by\":null,\"note\":null},{\"number\":2,"
	                "\"text\":\"Update the GP\",\"owner\":{\"login\":\"front\",\"name\":"
	                "\"Fran Frontline\",\"organisation\":\"Test Trust\"},\"due\":\"2026-05-12\","
	                "\"overdue\":false,\"status\":\"open\",\"closed_at\":null,\"closed_by\":null,"
	                "\"note\":null}]");
	assert_contains(
	    s, "\"notify\":\"designated\",\"whom\":\"Dr Desi Nated\",\"how\":\"telephone\","
	       "\"informed_at\":\"2026-05-07T11:00:00Z\"");
	/* Fields an event kind does not carry are null. */
	assert_contains(s, "\"event\":\"opened\"");
	assert_contains(s, "\"occurred_at\":null,\"person_name\":null,\"person_role\":null,"
	                   "\"person_org\":null,\"concern_remains\":null,\"notify\":null");
	assert_int_equal(count(s, "{\"seq\":"), (int)c.nevents);
	assert_int_equal(c.nevents, 11);
	free(s);
	esc_case_free(&c);
}

static void test_record(void **state)
{
	test_db *t = *state;
	esc_case c;
	long long id = build_case(t);
	make_hostile(t, id);
	load(t, id, &c);
	/* An event's text as hostile as the case's (in memory: the history
	 * cannot be edited). */
	free(c.events[1].person_name);
	c.events[1].person_name = strdup("Alex\x1b]52;c;QUFB\x07 \xe2\x80\xae"
	                                 "Social");
	assert_non_null(c.events[1].person_name);

	char *s = format(&c, case_format_record);
	assert_terminal_safe(s);
	static const char *const want[] = {
	    "Escalation of professional difference ESC-2026-0001 (NHS 943 476 5919)\n",
	    "Local authority: Surrey, team: Say \"no\" \\ then^Jnext tab ^[[31mred^[]52;c;QUFB^G "
	    "<U+202E>evil\n",
	    "Raising agency: Test Trust\n"
	    "Themes: Threshold not met; Information sharing\n"
	    "Decision challenged: Referral not accepted\n"
	    "Concern: Say \"no\" \\ then\nnext tab ^[[31mred^[]52;c;QUFB^G <U+202E>evil\n",
	    /* Who was spoken with and what was agreed, at each level. */
	    "Level 1 — Social Worker: Raised 2026-05-01 09:00 by Fran Frontline (frontline "
	    "professional). 2026-05-05 09:30 spoke with Alex^[]52;c;QUFB^G <U+202E>Social (Social "
	    "Worker, Surrey CC). Discussed the referral decision. Agreed actions: Send the "
	    "chronology (owner Alex Social, due 2026-05-08); Update the GP (owner Fran Frontline, "
	    "due 2026-05-12). Outcome: concern remains.\n",
	    "Level 2 — Manager / Named Professional: Escalated 2026-05-05 11:00 by Fran Frontline "
	    "(frontline professional). Reason: Threshold decision stands. ",
	    "2026-05-06 10:00 spoke with Sam Social (Social worker, Children's services). "
	    "Discussed the decision. Outcome: concern remains.\n",
	    "Level 3 — Team Manager: Escalated 2026-05-06 11:00 by Nia Named (named professional). "
	    "Reason: Needs the team manager. 2026-05-07 10:00 spoke with Sam Social (Social "
	    "worker, Children's services). Discussed the decision. Outcome: concern remains.\n",
	    "Level 4 — Head of Service: Escalated 2026-05-07 11:00 by Nia Named (named "
	    "professional). Reason: Head of service review. Dr Desi Nated (CCG/ICB designated "
	    "doctor or nurse) informed 2026-05-07 12:00 by telephone. Note: Chased \"the office\", "
	    "twice \\ no reply\nWill call again. Note: =HYPERLINK(\"http://x\"). Resolved "
	    "2026-05-11 10:00. Outcome: Strategy discussion arranged.\n",
	    "Current status: resolved at level 4 (Head of Service); 2 agreed actions "
	    "outstanding.\n"
	    "Recorded by Fran Frontline (frontline professional), Test Trust on 2026-05-11.\n",
	};
	assert_in_order(s, want, sizeof want / sizeof want[0]);
	assert_int_equal(count(s, "spoke with Sam Social"), 2);
	free(s);
	esc_case_free(&c);
}

/* Data minimisation (SPEC §3): no child name is stored, so none can leak. */
static void test_no_child_name(void **state)
{
	test_db *t = *state;
	sqlite3 *h = store_handle(t->s.db);
	sqlite3_stmt *st;
	assert_int_equal(
	    sqlite3_prepare_v2(h, "SELECT name FROM pragma_table_info('cases')", -1, &st, NULL),
	    SQLITE_OK);
	int columns = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *col = (const char *)sqlite3_column_text(st, 0);
		if (strstr(col, "name") || strstr(col, "dob") || strstr(col, "birth"))
			fail_msg("cases has a column '%s'", col);
		columns++;
	}
	sqlite3_finalize(st);
	assert_true(columns > 10);

	esc_case c;
	load(t, build_case(t), &c);
	char *json = format(&c, case_format_json);
	/* The only child fields: its kind and NHS or local number. */
	assert_int_equal(count(json, "\"child"), 2);
	assert_int_equal(count(json, "\"child_kind\":"), 1);
	assert_int_equal(count(json, "\"child_id\":"), 1);
	free(json);
	esc_case_free(&c);
}

/* Reads back everything written to f. */
static char *slurp(FILE *f)
{
	esc_buf b;
	esc_buf_init(&b);
	char chunk[4096];
	size_t n;
	rewind(f);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		esc_buf_add(&b, chunk, n);
	assert_false(ferror(f));
	return b.data;
}

static char *export_json_string(test_db *t)
{
	esc_error err = {0};
	FILE *f = tmpfile();
	assert_non_null(f);
	fixture_must(export_json(&t->s, f, &err), &err);
	char *s = slurp(f);
	fclose(f);
	return s;
}

/* The export's tables as CSV text, one buffer per table, in order. */
typedef struct tables_csv {
	esc_buf csv[8];
	const char *name[8];
	int n;
} tables_csv;

static esc_status tc_begin(void *ctx, const esc_table *t, esc_error *err)
{
	(void)err;
	tables_csv *tc = ctx;
	assert_true(tc->n < 8);
	tc->name[tc->n] = t->name;
	esc_buf_init(&tc->csv[tc->n]);
	export_csv_header(&tc->csv[tc->n], t);
	tc->n++;
	return ESC_OK;
}

static esc_status tc_row(void *ctx, const esc_table *t, const esc_cell *cells, esc_error *err)
{
	(void)err;
	tables_csv *tc = ctx;
	export_csv_row(&tc->csv[tc->n - 1], t, cells);
	return ESC_OK;
}

static const char *table_csv(tables_csv *tc, const char *name)
{
	for (int i = 0; i < tc->n; i++)
		if (strcmp(tc->name[i], name) == 0)
			return tc->csv[i].data;
	fail_msg("no table %s", name);
	return NULL;
}

/* Parses one table and checks that no field could start a formula. */
static int parse_table(const char *csv, char *f[CSV_ROWS][CSV_COLS], int ncols_want)
{
	int ncols[CSV_ROWS];
	int rows = fixture_csv_parse(csv, f, ncols);
	for (int i = 0; i < rows; i++) {
		assert_int_equal(ncols[i], ncols_want);
		for (int k = 0; k < ncols[i]; k++)
			if (f[i][k][0] && strchr("=+-@\t\r", f[i][k][0]))
				fail_msg("row %d field %d is a formula: %s", i, k, f[i][k]);
	}
	return rows;
}

static void free_table(char *f[CSV_ROWS][CSV_COLS], int rows, int ncols)
{
	for (int i = 0; i < rows; i++)
		for (int k = 0; k < ncols; k++)
			free(f[i][k]);
}

static void test_export_csv(void **state)
{
	test_db *t = *state;
	build_case(t);
	tables_csv tc = {.n = 0};
	esc_table_sink sink = {.begin = tc_begin, .row = tc_row, .ctx = &tc};
	esc_error err = {0};
	fixture_must(export_write_tables(&t->s, "csv", &sink, &err), &err);
	assert_int_equal(tc.n, 5);

	const char *events = table_csv(&tc, "events");
	assert_int_equal(strncmp(events, "case_ref,seq,event,at,date,actor_login,", 39), 0);
	/* RFC 4180: the field with a quote, comma and line break is quoted and
	 * its quotes doubled; the formula is neutralised inside its quotes. */
	assert_contains(events, ",\"Chased \"\"the office\"\", twice \\ no reply\nWill call again\",");
	assert_contains(events, ",\"'=HYPERLINK(\"\"http://x\"\")\",");

	char *f[CSV_ROWS][CSV_COLS] = {0};
	/* 18 columns, and the 4 of an amendment (issue 13, corrections). */
	int rows = parse_table(events, f, 22);
	assert_int_equal(rows, 1 + 11); /* the header, one row per event */
	for (int i = 1; i < rows; i++) {
		char seq[16];
		snprintf(seq, sizeof seq, "%d", i);
		assert_string_equal(f[i][1], seq);
		assert_string_equal(f[i][0], "ESC-2026-0001");
	}
	assert_string_equal(f[1][2], "opened");
	assert_string_equal(f[2][2], "contact");
	assert_string_equal(f[9][12], NOTE_QUOTED);
	assert_string_equal(f[10][12], "'" NOTE_FORMULA);
	assert_string_equal(f[11][2], "resolved");
	free_table(f, rows, 22);

	/* Agreed actions: a row each, keyed by case and event, never joined. */
	rows = parse_table(table_csv(&tc, "actions"), f, 13);
	assert_int_equal(rows, 3);
	assert_string_equal(f[1][0], "ESC-2026-0001");
	assert_string_equal(f[1][1], "2");
	assert_string_equal(f[1][2], "1");
	assert_string_equal(f[1][3], "1");
	assert_string_equal(f[1][4], "Send the chronology");
	assert_string_equal(f[1][5], "Alex Social");
	assert_string_equal(f[1][6], "");      /* someone outside escalate */
	assert_string_equal(f[1][8], "2026-05-08");
	assert_string_equal(f[1][9], "open");
	assert_string_equal(f[2][2], "2");
	assert_string_equal(f[2][4], "Update the GP");
	assert_string_equal(f[2][6], "front"); /* a staff member, by name */
	free_table(f, rows, 13);

	/* Themes: one row each, the principal one marked. */
	rows = parse_table(table_csv(&tc, "case_themes"), f, 3);
	assert_int_equal(rows, 3);
	assert_string_equal(f[1][1], "Threshold not met");
	assert_string_equal(f[1][2], "true");
	assert_string_equal(f[2][1], "Information sharing");
	assert_string_equal(f[2][2], "false");
	free_table(f, rows, 3);

	rows = parse_table(table_csv(&tc, "cases"), f, 18);
	assert_int_equal(rows, 2);
	assert_string_equal(f[1][0], "ESC-2026-0001");
	assert_string_equal(f[1][3], "9434765919");
	assert_string_equal(f[1][11], "resolved");
	free_table(f, rows, 18);
	rows = parse_table(table_csv(&tc, "notifications"), f, 9);
	assert_true(rows >= 2);
	assert_string_equal(f[1][2], "designated");
	free_table(f, rows, 9);
	for (int i = 0; i < tc.n; i++)
		esc_buf_free(&tc.csv[i]);
}

static void test_export_json(void **state)
{
	test_db *t = *state;
	build_case(t);
	test_db_act_as(t, "front");
	long long second = test_case_open(t, "Kent", "Other");
	test_db_at(t, "2026-05-12 09:00");
	test_case_contact(t, second, false);
	char *json = export_json_string(t);
	assert_json_balanced(json);
	assert_int_equal(strncmp(json, "[\n{\"id\":1,", 10), 0);
	assert_int_equal(count(json, "\"ref\":"), 2);
	assert_int_equal(count(json, "{\"seq\":"), 11 + 2);
	assert_int_equal(count(json, "{\"number\":"), 2); /* the agreed actions */
	assert_contains(json, "\"text\":\"Chased \\\"the office\\\", twice \\\\ no reply\\n"
	                      "Will call again\"");
	assert_contains(json, "\"ref\":\"ESC-2026-0002\"");
	/* the same object as show prints */
	esc_case c;
	esc_error err = {0};
	fixture_must(query_case(&t->s, 1, &c, &err), &err);
	esc_buf one;
	esc_buf_init(&one);
	case_format_json(&c, &one);
	one.data[--one.len] = '\0'; /* its newline */
	assert_contains(json, one.data);
	esc_buf_free(&one);
	esc_case_free(&c);
	assert_int_equal(strcmp(json + strlen(json) - 5, "]}\n]\n"), 0);
	free(json);
}

/* A full disk is a storage error, not a silently short file. */
static void test_export_full_disk(void **state)
{
	test_db *t = *state;
	build_case(t);
	FILE *f = fopen("/dev/full", "w");
	if (!f)
		skip();
	esc_error err = {0};
	assert_int_equal(export_json(&t->s, f, &err), ESC_ESTORAGE);
	assert_contains(err.message, "could not write the export");
	fclose(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    FIXTURE_TEST(test_text),
	    FIXTURE_TEST(test_json),
	    FIXTURE_TEST(test_record),
	    FIXTURE_TEST(test_no_child_name),
	    FIXTURE_TEST(test_export_csv),
	    FIXTURE_TEST(test_export_json),
	    FIXTURE_TEST(test_export_full_disk),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
