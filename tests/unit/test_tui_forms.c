/* The interface's forms in the screen's own words (issue 13): the core's
 * messages without its field names in front, and without the command
 * line's names ("--from", "contact-at") for the screen's fields. */
#include "form.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

static esc_status no_submit(tui *t, tui_form *f, esc_error *err)
{
	(void)t;
	(void)f;
	(void)err;
	return ESC_OK;
}

static tui_form *sample(void)
{
	tui_form *f = tui_form_new("t", no_submit, NULL, NULL);
	tui_form_add(f, TUI_F_DATE, "When it happened", "contact-at|occurred-at", true, NULL);
	tui_form_add(f, TUI_F_TEXT, "Child identifier", "child-id|nhs-number|local-id", true, NULL);
	tui_form_add(f, TUI_F_DATE, "From", "--from|from", true, NULL);
	tui_form_add(f, TUI_F_DATE, "To", "--to|to", true, NULL);
	tui_form_add(f, TUI_F_DATE, "  action 2 due", "action-due", false, NULL);
	tui_form_add(f, TUI_F_TEXT, "How", "how", true, NULL);
	return f;
}

static void plain(const tui_form *f, const char *field, const char *msg, const char *want)
{
	char out[600];
	form_message_plain(f, field, msg, out, sizeof out);
	assert_string_equal(out, want);
}

static void test_field_name_in_front(void **state)
{
	(void)state;
	tui_form *f = sample();
	plain(f, "summary", "summary: is required", "is required");
	plain(f, "nhs-number",
	      "nhs-number must be 10 digits, optionally grouped 3-3-4 with spaces or dashes",
	      "must be 10 digits, optionally grouped 3-3-4 with spaces or dashes");
	plain(f, "nhs-number", "nhs-number: 9434765918 is not a valid NHS number",
	      "9434765918 is not a valid NHS number");
	plain(f, "contact-at", "contact-at must be a date written YYYY-MM-DD",
	      "must be a date written YYYY-MM-DD");
	/* A name that is not the message's subject stays put when it is not
	 * one of this form's. */
	plain(f, "x", "x-ray: is required", "x-ray: is required");
	tui_form_free(f);
}

static void test_other_names_become_labels(void **state)
{
	(void)state;
	tui_form *f = sample();
	plain(f, "--from",
	      "--from (2026-12-31) is after --to (2026-06-30); the range must run "
	      "forwards",
	      "From (2026-12-31) is after To (2026-06-30); the range must run forwards");
	plain(f, "", "give contact-at before the action-due dates",
	      "give When it happened before the action 2 due dates");
	/* Dates, words and names that merely contain a field's name are kept:
	 * "how" is a word, 2026-06-30 a date, "local-id-x" another name. */
	plain(f, "", "how and 2026-06-30 and local-id-x and --fromage",
	      "how and 2026-06-30 and local-id-x and --fromage");
	tui_form_free(f);
}

static void test_mark_keeps_first(void **state)
{
	(void)state;
	tui_form *f = sample();
	form_mark(f, 1, "nhs-number", "nhs-number: 9434765918 is not a valid NHS number");
	form_mark(f, 1, "child-id", "child-id: is required");
	assert_string_equal(f->fields[1].error, "9434765918 is not a valid NHS number");
	form_mark(f, 99, "x", "out of range is ignored");
	assert_true(form_field_empty(&f->fields[0]));
	tui_form_set_text(f, 0, " \n ");
	assert_true(form_field_empty(&f->fields[0]));
	tui_form_set_text(f, 0, "today");
	assert_false(form_field_empty(&f->fields[0]));
	tui_form_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_field_name_in_front),
	    cmocka_unit_test(test_other_names_become_labels),
	    cmocka_unit_test(test_mark_keeps_first),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
