/* Dates, timestamps, quarters and date ranges as a user types them
 * (--at, --from/--to, --quarter, action due dates, bank holidays).
 * Input: up to three strings separated by NUL.  Invariants: whatever parses
 * is a real date in range, and formats back to text that parses to the
 * same day. */
#include "escalate/calendar.h"
#include "fuzz.h"

static void check_day(esc_day day)
{
	int y, m, d;
	char text[ESC_DATE_LEN + 1];
	esc_day back;
	int minute;
	esc_error err = {0};
	esc_day_to_ymd(day, &y, &m, &d);
	FUZZ_ASSERT(esc_date_valid(y, m, d));
	FUZZ_ASSERT(y >= 1900 && y <= 2999);
	FUZZ_ASSERT(esc_day_from_ymd(y, m, d) == day);
	esc_day_format(day, text);
	FUZZ_ASSERT(esc_date_parse(text, "date", &back, &minute, &err) == ESC_OK);
	FUZZ_ASSERT(back == day && minute == -1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_parts p;
	fuzz_split(data, size, '\0', &p);
	const char *a = fuzz_part(&p, 0), *b = fuzz_part(&p, 1);
	esc_error err = {0};
	esc_day day;
	int minute;

	if (esc_date_parse(a, "contact-at", &day, &minute, &err) == ESC_OK) {
		check_day(day);
		FUZZ_ASSERT(minute >= -1 && minute < 24 * 60);
	} else {
		FUZZ_ASSERT(err.status == ESC_EINVALID || err.status == ESC_EUSAGE);
		FUZZ_ASSERT(err.message[0] != '\0');
	}
	char ts[ESC_TS_LEN + 1];
	if (esc_timestamp_parse(a, "contact-at", ts, &err) == ESC_OK) {
		FUZZ_ASSERT(strlen(ts) == ESC_TS_LEN);
		check_day(esc_timestamp_day(ts));
	}
	esc_period q;
	if (esc_quarter_parse(a, &q, &err) == ESC_OK) {
		check_day(q.from);
		check_day(q.to);
		FUZZ_ASSERT(q.from <= q.to && q.to - q.from < 93);
		esc_period again;
		FUZZ_ASSERT(esc_quarter_parse(q.label, &again, &err) == ESC_OK);
		FUZZ_ASSERT(again.from == q.from && again.to == q.to);
	}
	if (esc_period_from_range(a, b, &q, &err) == ESC_OK) {
		FUZZ_ASSERT(q.from <= q.to);
		check_day(q.from);
		check_day(q.to);
	}
	fuzz_parts_free(&p);
	return 0;
}
