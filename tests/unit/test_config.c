/* Configuration files in data/: the "name = number" lines of timescales.conf
 * are read with a range check; overflow, negatives and trailing text are
 * refused with a message naming the file and the setting. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "escalate/config.h"

static void test_good_lines(void **state)
{
	(void)state;
	static const struct {
		const char *line, *key;
		int value;
	} good[] = {
	    {"level1 = 5", "level1", 5},
	    {"urgent=1", "urgent", 1},
	    {"  pattern_window_days =   90", "pattern_window_days", 90},
	    {"level5 = 0", "level5", 0},
	    {"level3 = 365", "level3", 365},
	    {"level2 = 7 \r", "level2", 7},
	    {"level4\t=\t+3", "level4", 3},
	};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		char key[64];
		int value = -1;
		esc_error err = {0};
		if (config_parse_number_line("timescales.conf", good[i].line, key, sizeof key, &value,
		                             &err) != ESC_OK)
			fail_msg("'%s' refused: %s", good[i].line, err.message);
		assert_string_equal(key, good[i].key);
		assert_int_equal(value, good[i].value);
	}
}

static void test_bad_lines(void **state)
{
	(void)state;
	static const struct {
		const char *line, *says;
	} bad[] = {
	    {"level1 = 99999999999999999999999", "level1: 99999999999999999999999 is out of range"},
	    {"level1 = 2147483648", "level1: 2147483648 is out of range"},
	    {"level1 = 4294967301", "level1: 4294967301 is out of range"},
	    {"level1 = 366", "level1: 366 is out of range (0 to 365)"},
	    {"level2 = -1", "level2: -1 is out of range"},
	    {"level2 = -99999999999999999999", "level2: -99999999999999999999 is out of range"},
	    {"urgent = 5 days", "urgent: unexpected text after the number: 'days'"},
	    {"urgent = 5x", "urgent: unexpected text after the number: 'x'"},
	    {"urgent = 0x10", "urgent: unexpected text after the number: 'x10'"},
	    {"urgent = 1.5", "urgent: unexpected text after the number: '.5'"},
	    {"urgent =", "urgent: expected a whole number"},
	    {"urgent = five", "urgent: expected a whole number, not 'five'"},
	    {"urgent = - 1", "urgent: expected a whole number"},
	    {"urgent 5", "urgent: expected '=' after the name"},
	    {"= 5", "expected \"name = number\""},
	    {"Level1 = 5", "expected \"name = number\""},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char key[64];
		int value = 12345;
		esc_error err = {0};
		assert_int_equal(config_parse_number_line("timescales.conf", bad[i].line, key,
		                                          sizeof key, &value, &err),
		                 ESC_EINVALID);
		assert_int_equal(value, 12345);
		assert_string_equal(err.field, "timescales.conf");
		assert_non_null(strstr(err.message, "timescales.conf: "));
		if (!strstr(err.message, bad[i].says))
			fail_msg("'%s': message '%s' does not say '%s'", bad[i].line, err.message,
			         bad[i].says);
	}
}

/* A name longer than the caller's buffer is refused, not cut short. */
static void test_long_name(void **state)
{
	(void)state;
	char key[8];
	int value = 0;
	esc_error err = {0};
	assert_int_equal(config_parse_number_line("timescales.conf", "pattern_threshold = 3", key,
	                                          sizeof key, &value, &err),
	                 ESC_EINVALID);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_good_lines),
	    cmocka_unit_test(test_bad_lines),
	    cmocka_unit_test(test_long_name),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
