/* Procedure files: the shipped ones parse without a problem and the default
 * is Appendix 5 as escalate has always applied it; a 3-stage and a 6-stage
 * file parse; every kind of mistake is reported with its line and field,
 * all of them in one pass, and a file with an error yields no procedure. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "escalate/procedure_file.h"

static esc_procedure proc;
static esc_proc_problems probs;

static esc_status parse(const char *text)
{
	esc_error err = {0};
	esc_status st = proc_file_parse(text, strlen(text), &proc, &probs, &err);
	if (st != ESC_OK)
		assert_true(strlen(err.message) > 0);
	return st;
}

/* The problem at `line` whose field and message contain the words given. */
static void has_problem(int line, const char *where, const char *words)
{
	for (size_t i = 0; i < probs.count; i++)
		if (probs.items[i].line == line && strstr(probs.items[i].where, where) &&
		    strstr(probs.items[i].message, words))
			return;
	for (size_t i = 0; i < probs.count; i++)
		print_message("  %d: %s: %s\n", probs.items[i].line, probs.items[i].where,
		              probs.items[i].message);
	fail_msg("no problem at line %d in %s saying '%s'", line, where, words);
}

static void test_shipped_files_are_clean(void **state)
{
	(void)state;
	assert_true(proc_shipped_count() >= 3);
	for (size_t i = 0; i < proc_shipped_count(); i++) {
		const char *name = proc_shipped_name(i);
		const char *text = proc_shipped_text(name);
		assert_non_null(text);
		if (parse(text) != ESC_OK || probs.warnings) {
			for (size_t k = 0; k < probs.count; k++)
				print_message("%s:%d: %s: %s\n", name, probs.items[k].line,
				              probs.items[k].where, probs.items[k].message);
			fail_msg("%s has problems", name);
		}
		assert_string_equal(proc.name, name);
		assert_true(proc.source[0] != '\0');
	}
	assert_null(proc_shipped_text("no-such-procedure"));
	assert_null(proc_shipped_text("../schema/001_initial"));
}

static void test_default_is_appendix_5(void **state)
{
	(void)state;
	const esc_procedure *p = proc_default();
	static const char *const labels[] = {"Social Worker", "Manager / Named Professional",
	                                     "Team Manager", "Head of Service", "Director"};
	assert_string_equal(p->name, "cambs-peterborough");
	assert_int_equal(p->version, 1);
	assert_int_equal(p->stage_count, 5);
	for (int i = 0; i < 5; i++) {
		assert_string_equal(p->stages[i].label, labels[i]);
		assert_int_equal(p->stages[i].min_role, i == 4 ? ESC_ROLE_DESIGNATED : ESC_ROLE_NAMED);
		assert_int_equal(p->stages[i].owner_may_act, i < 2);
		assert_int_equal(p->stages[i].timescale.n, 5);
		assert_int_equal(p->stages[i].timescale.unit, ESC_UNIT_WORKING_DAYS);
		assert_int_equal(p->stages[i].clock, ESC_CLOCK_FROM_REACHED);
	}
	assert_int_equal(p->notice_count, 2);
	assert_string_equal(p->notices[0].name, "designated");
	assert_int_equal(p->notices[0].stage, 4);
	assert_int_equal(p->notices[0].blocks, 5);
	assert_true(p->notices[0].required);
	assert_string_equal(p->notices[1].name, "chair");
	assert_int_equal(p->notices[1].stage, 5);
	assert_false(p->notices[1].required);
	assert_true(p->has_urgent);
	assert_int_equal(p->urgent_stage, 4);
	assert_int_equal(p->urgent_acts, ESC_ROLE_NAMED);
	/* the engine reads the same */
	assert_int_equal(ESC_LEVEL_MAX, 5);
	assert_int_equal(ESC_URGENT_LEVEL, 4);
	assert_int_equal(esc_level(4)->owed, ESC_NOTIFY_DESIGNATED);
	assert_true(esc_level(4)->owed_blocks_next);
	assert_int_equal(esc_level(5)->owed, ESC_NOTIFY_CHAIR);
	assert_false(esc_level(5)->owed_blocks_next);
	assert_string_equal(esc_notify_name(ESC_NOTIFY_DESIGNATED), "designated");
	assert_int_equal(esc_notify_parse("chair"), ESC_NOTIFY_CHAIR);
	assert_int_equal(esc_notify_parse("pattern"), ESC_NOTIFY_PATTERN);
	assert_int_equal(esc_notify_parse("nobody"), ESC_NOTIFY_NONE);
}

#define HEAD                                                                                   \
	"[procedure]\nformat = 1\nname = test\ntitle = A test partnership\nversion = 2\n"           \
	"effective = 2026-04-01\nlocal_authorities = Kent; Bournemouth, Christchurch and Poole\n"  \
	"time_zone = Europe/London\nholidays = england-and-wales\nsource = https://example.org/\n"
#define STAGE(n, t)                                                                            \
	"[stage " #n "]\nlabel = Step " #n "\nraised_by = practitioner\nraised_with = manager\n"   \
	"acts = named\nowner_may_act = yes\ntimescale = " t "\nclock = reached\n"

static void test_three_and_six_stages(void **state)
{
	(void)state;
	assert_int_equal(parse(HEAD STAGE(1, "2 working days") STAGE(2, "48 hours")
	                           STAGE(3, "14 calendar days")),
	                 ESC_OK);
	assert_int_equal(proc.stage_count, 3);
	assert_int_equal(proc.la_count, 2);
	assert_string_equal(proc.las[1], "Bournemouth, Christchurch and Poole");
	assert_int_equal(proc.stages[1].timescale.unit, ESC_UNIT_HOURS);
	assert_int_equal(proc.stages[1].timescale.n, 48);
	assert_int_equal(proc.stages[2].timescale.unit, ESC_UNIT_CALENDAR_DAYS);
	assert_false(proc.has_urgent);
	assert_int_equal(
	    parse(HEAD STAGE(1, "5 working days") STAGE(2, "5 working days") STAGE(
	        3, "5 working days") STAGE(4, "5 working days") STAGE(5, "5 working days")
	              STAGE(6, "14 working days") "[urgent]\nacts = named\nto_stage = 5\n"
	                                          "timescale = 24 hours\n"
	                                          "[notify partnership]\nwhom = the partnership\n"
	                                          "stage = 6\nrequired = if-necessary\n"),
	    ESC_OK);
	assert_int_equal(proc.stage_count, 6);
	assert_int_equal(proc.urgent_stage, 5);
	assert_int_equal(proc.urgent_timescale.n, 24);
	char text[40];
	proc_timescale_format(proc.urgent_timescale, text, sizeof text);
	assert_string_equal(text, "24 hours");
	proc_timescale_format((esc_timescale){1, ESC_UNIT_WORKING_DAYS}, text, sizeof text);
	assert_string_equal(text, "1 working day");
}

static void test_every_problem_with_its_line(void **state)
{
	(void)state;
	/* line numbers: HEAD is lines 1-10 */
	const char *text = HEAD                                     /* 1-10 */
	    "[stage 1]\n"                                           /* 11 */
	    "label = One\n"                                         /* 12 */
	    "label = One again\n"                                   /* 13 */
	    "raised_by = x\nraised_with = y\n"                      /* 14-15 */
	    "acts = manager\n"                                      /* 16 */
	    "owner_may_act = perhaps\n"                             /* 17 */
	    "timescale = 5 wrking days\n"                           /* 18 */
	    "clock = later\n"                                       /* 19 */
	    "colour = blue\n"                                       /* 20 */
	    "[stage 3]\n"                                           /* 21 */
	    "label = Three\n"                                       /* 22 */
	    "  indented = yes\n"                                    /* 23 */
	    "this line has no equals sign\n"                        /* 24 */
	    "[notify chair]\n"                                      /* 25 */
	    "whom = the chair\nstage = 3\nrequired = yes\n"         /* 26-28 */
	    "blocks = 2\n"                                          /* 29 */
	    "[urgent]\nacts = named\nto_stage = 7\ntimescale = 1 hour\n" /* 30-33 */
	    "[pancakes]\nflour = 100g\n";                           /* 34-35 */
	assert_int_equal(parse(text), ESC_EINVALID);
	has_problem(13, "[stage 1] label", "given twice");
	has_problem(16, "[stage 1] acts", "frontline, named or designated");
	has_problem(17, "[stage 1] owner_may_act", "yes or no");
	has_problem(18, "[stage 1] timescale", "working days");
	has_problem(19, "[stage 1] clock", "reached");
	has_problem(20, "[stage 1] colour", "unknown key");
	has_problem(23, "line", "indented");
	has_problem(24, "line", "KEY = VALUE");
	has_problem(0, "stage 2", "no gap");
	has_problem(21, "stage 3] raised_by", "missing");
	has_problem(29, "[notify chair] blocks", "only hold back stage 4");
	has_problem(30, "[urgent] to_stage", "stages 2 to 3");
	has_problem(34, "[pancakes]", "unknown section");
	assert_true(probs.errors >= 13);
	assert_int_equal(proc.stage_count, 0); /* nothing half-read is kept */
}

static void test_values_and_whole_file(void **state)
{
	(void)state;
	assert_int_equal(parse(""), ESC_EINVALID);
	has_problem(0, "[procedure]", "no [procedure] section");
	assert_int_equal(parse("[procedure]\nname = Bad Name\nformat = 2\nversion = 0\n"
	                       "effective = 2026-02-30\ntime_zone = Mars/Olympus\n"
	                       "holidays = narnia\nlocal_authorities = Kent;;Surrey\n"),
	                 ESC_EINVALID);
	has_problem(2, "[procedure] name", "lower-case");
	has_problem(3, "[procedure] format", "format 1");
	has_problem(4, "[procedure] version", "whole number");
	has_problem(5, "[procedure] effective", "YYYY-MM-DD");
	has_problem(6, "[procedure] time_zone", "");
	has_problem(7, "[procedure] holidays", "england-and-wales");
	has_problem(8, "[procedure] local_authorities", "empty name");
	has_problem(1, "[procedure] title", "missing");
	/* bytes that are not text, an over-long line, control characters */
	assert_int_equal(parse("[procedure]\nname = \xff\xfe\n"), ESC_EINVALID);
	has_problem(0, "file", "UTF-8");
	char longline[400];
	memset(longline, 'x', sizeof longline);
	memcpy(longline, "title = ", 8);
	longline[sizeof longline - 1] = '\0';
	char text[1200];
	snprintf(text, sizeof text, HEAD "%s\n" STAGE(1, "1 hour") STAGE(2, "1 hour"), longline);
	assert_int_equal(parse(text), ESC_EINVALID);
	has_problem(11, "line", "longer");
	assert_int_equal(parse(HEAD STAGE(1, "1 hour") STAGE(2, "1 hour") "[stage 2]\n"
	                                                               "also = a\x1b[2Jb\n"),
	                 ESC_EINVALID);
	has_problem(28, "[stage 2] also", "");
	/* three notifications; pattern is built in; stage 10 */
	assert_int_equal(parse(HEAD STAGE(1, "1 hour") STAGE(2, "1 hour")
	                           "[notify a]\nwhom = a\nstage = 1\nrequired = yes\n"
	                           "[notify b]\nwhom = b\nstage = 2\nrequired = yes\n"
	                           "[notify c]\nwhom = c\nstage = 2\nrequired = yes\n"
	                           "[notify pattern]\nwhom = p\n[stage 10]\nlabel = x\n"),
	                 ESC_EINVALID);
	has_problem(35, "[notify c]", "at most 2");
	has_problem(39, "[notify pattern]", "built in");
	has_problem(41, "[stage 10]", "[stage 9]");
	/* a source is asked for, not required */
	assert_int_equal(parse("[procedure]\nformat = 1\nname = t\ntitle = T\nversion = 1\n"
	                       "effective = 2026-01-01\nlocal_authorities = Kent\n"
	                       "time_zone = Europe/London\nholidays = none\n" STAGE(
	                           1, "1 hour") STAGE(2, "1 hour")),
	                 ESC_OK);
	assert_int_equal(probs.warnings, 1);
	has_problem(1, "[procedure] source", "cite");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_shipped_files_are_clean),
	    cmocka_unit_test(test_default_is_appendix_5),
	    cmocka_unit_test(test_three_and_six_stages),
	    cmocka_unit_test(test_every_problem_with_its_line),
	    cmocka_unit_test(test_values_and_whole_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
