/* json_out.c: stored instants (UTC, "...Z", as every instant is since
 * migration 6) as ISO 8601 and their civil dates in the procedure's zone
 * (Europe/London), across both clock changes; anything else is null; people
 * and dates as every JSON output writes them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "escalate/json_out.h"

typedef struct instant_case {
	const char *stored;
	const char *iso;  /* NULL: none */
	const char *date; /* its civil date */
} instant_case;

static void test_instants(void **state)
{
	(void)state;
	static const instant_case cases[] = {
	    /* the civil date: GMT in winter, BST (UTC+1) in summer */
	    {"2026-01-15T09:00:00Z", "2026-01-15T09:00:00Z", "2026-01-15"},
	    {"2026-01-15T23:30:00Z", "2026-01-15T23:30:00Z", "2026-01-15"},
	    {"2026-04-30T23:30:00Z", "2026-04-30T23:30:00Z", "2026-05-01"},
	    /* 29 March 2026: 01:00 GMT becomes 02:00 BST */
	    {"2026-03-28T23:59:59Z", "2026-03-28T23:59:59Z", "2026-03-28"},
	    {"2026-03-29T01:30:00Z", "2026-03-29T01:30:00Z", "2026-03-29"},
	    /* 25 October 2026: 02:00 BST becomes 01:00 GMT */
	    {"2026-10-24T23:30:00Z", "2026-10-24T23:30:00Z", "2026-10-25"},
	    {"2026-10-25T23:30:00Z", "2026-10-25T23:30:00Z", "2026-10-25"},
	    /* an older release's local text is not an instant any more */
	    {"2026-05-01 09:00:00", NULL, NULL},
	    /* stored UTC: written as it is; the civil date may be the next day */
	    {"2026-04-06T08:00:00Z", "2026-04-06T08:00:00Z", "2026-04-06"},
	    {"2026-06-30T23:30:00Z", "2026-06-30T23:30:00Z", "2026-07-01"},
	    {"2026-12-31T23:30:00Z", "2026-12-31T23:30:00Z", "2026-12-31"},
	    /* nothing readable */
	    {"", NULL, NULL},
	    {"2026-02-30 10:00:00", NULL, NULL},
	    {"2026-05-01 24:00:00", NULL, NULL},
	    {"2026-05-01T08:00:00Zx", NULL, NULL},
	    {"2026-05-01 08:00:00Z", NULL, NULL},
	    {"2026-05-01", NULL, NULL},
	    {"yesterday", NULL, NULL},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const instant_case *c = &cases[i];
		char iso[ESC_INSTANT_LEN + 1];
		bool ok = esc_instant_iso(c->stored, iso);
		esc_buf j, d;
		esc_buf_init(&j);
		esc_buf_init(&d);
		esc_json_instant(&j, c->stored);
		esc_json_instant_date(&d, c->stored);
		if (!c->iso) {
			if (ok || strcmp(j.data, "null") != 0 || strcmp(d.data, "null") != 0 ||
			    esc_instant_day(c->stored) != -1)
				fail_msg("case %zu (%s): read as %s", i, c->stored, iso);
		} else {
			char quoted[32], qdate[16], day[ESC_DATE_LEN + 1];
			snprintf(quoted, sizeof quoted, "\"%s\"", c->iso);
			snprintf(qdate, sizeof qdate, "\"%s\"", c->date);
			esc_day_format(esc_instant_day(c->stored), day);
			if (!ok || strcmp(iso, c->iso) != 0 || strcmp(j.data, quoted) != 0 ||
			    strcmp(d.data, qdate) != 0 || strcmp(day, c->date) != 0)
				fail_msg("case %zu (%s): got %s %s %s, expected %s %s", i, c->stored,
				         iso, j.data, d.data, c->iso, c->date);
		}
		esc_buf_free(&j);
		esc_buf_free(&d);
	}
	assert_false(esc_instant_iso(NULL, (char[ESC_INSTANT_LEN + 1]){0}));
}

static void test_pair_person_day(void **state)
{
	(void)state;
	esc_buf b;
	esc_buf_init(&b);
	esc_json_instant_pair(&b, "at", "date", "2026-06-30T23:30:00Z");
	assert_string_equal(b.data, "\"at\":\"2026-06-30T23:30:00Z\",\"date\":\"2026-07-01\"");
	esc_buf_reset(&b);
	esc_json_person(&b, "hv1", "Zo\xc3\xab \"Z\"\x1b", ESC_ROLE_NAMED);
	assert_string_equal(b.data,
	                    "{\"login\":\"hv1\",\"name\":\"Zo\xc3\xab \\\"Z\\\"\\u001b\",\"role\":\"named\"}");
	esc_buf_reset(&b);
	esc_json_day(&b, esc_day_from_ymd(2026, 4, 6));
	esc_json_day(&b, -1);
	assert_string_equal(b.data, "\"2026-04-06\"null");
	esc_buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_instants),
	    cmocka_unit_test(test_pair_person_day),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
