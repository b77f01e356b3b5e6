/* Dates, timestamps, quarters and date ranges as a user types them
 * (--at, --now, --from/--to, --quarter, action due dates, bank holidays),
 * stored instants and time zone names (civil.c).
 * Input: up to three strings separated by NUL.  Invariants: whatever parses
 * is a real date in range, and formats back to text that parses to the
 * same day; a typed time becomes a stored instant whose civil reading types
 * back to the same instant or, in a repeated hour, the one an hour before;
 * an instant formats back to its own text; an accepted zone name is no
 * path. */
#include "escalate/calendar.h"
#include "escalate/civil.h"
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
		long long t, back_t;
		char shown[ESC_CIVIL_TEXT_LEN + 1], back[ESC_TS_LEN + 1];
		FUZZ_ASSERT(strlen(ts) == ESC_TS_LEN);
		FUZZ_ASSERT(esc_instant_parse(ts, &t));
		esc_instant_show(ts, ESC_CIVIL_TEXT_LEN, shown);
		FUZZ_ASSERT(esc_timestamp_parse(shown, "at", back, &err) == ESC_OK);
		FUZZ_ASSERT(esc_instant_parse(back, &back_t));
		FUZZ_ASSERT(back_t <= t && t - back_t <= 3600);
		/* Years at the ends of the range may leave it in UTC. */
		esc_day d = esc_timestamp_day(ts);
		int y;
		esc_day_to_ymd(d, &y, NULL, NULL);
		if (y >= 1900 && y <= 2999)
			check_day(d);
	}
	long long inst;
	if (esc_instant_parse(a, &inst)) {
		char again[ESC_INSTANT_LEN + 1];
		esc_instant_format(inst, again);
		FUZZ_ASSERT(strcmp(again, a) == 0);
	}
	char shown16[17];
	esc_instant_show(a, 16, shown16);
	FUZZ_ASSERT(strlen(shown16) <= 16);
	if (esc_zone_check(a, "ZONE", &err) == ESC_OK) {
		FUZZ_ASSERT(a[0] != '/' && !strstr(a, "..") && strlen(a) <= ESC_ZONE_MAX);
	} else {
		FUZZ_ASSERT(err.status == ESC_EINVALID && !strchr(err.message, '\033'));
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
