/* What a search means (search.h). */
#include "search.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "escalate/calendar.h"
#include "escalate/case.h"

bool tui_search_nhs(const char *q, char *out, size_t outsz)
{
	size_t n = 0;
	bool grouped = false;
	if (outsz < 11)
		return false;
	for (const char *p = q; *p; p++) {
		if (isdigit((unsigned char)*p)) {
			if (n == 10)
				return false;
			out[n++] = *p;
		} else if (*p == ' ' || *p == '-') {
			grouped = grouped || n > 0;
		} else {
			return false;
		}
	}
	out[n] = '\0';
	return n == 10 && grouped;
}

/* "[ESC-][YYYY-]N": the year (0 when not given) and the number. */
static bool ref_part(const char *q, int *year, int *num)
{
	const char *p = q;
	int y = 0, n = 0, k = 0;
	if (strncasecmp(p, "esc-", 4) == 0)
		p += 4;
	if (sscanf(p, "%4d-%n", &y, &k) == 1 && k == 5 && y >= 1000)
		p += k;
	else
		y = 0;
	size_t digits = strspn(p, "0123456789");
	if (digits == 0 || digits > 6 || p[digits] != '\0')
		return false;
	if (strncasecmp(q, "esc-", 4) == 0 && y == 0)
		return false;
	n = 0;
	for (size_t i = 0; i < digits; i++)
		n = n * 10 + (p[i] - '0');
	if (n == 0)
		return false;
	*year = y;
	*num = n;
	return true;
}

void tui_search_understand(esc_session *s, const char *q, char *out, size_t outsz, char *note,
                           size_t notesz)
{
	char nhs[16];
	int year, num, found = 0, y0, m, d;
	esc_case_ref ref, first = {0};

	while (*q == ' ')
		q++;
	snprintf(out, outsz, "%s", q);
	note[0] = '\0';
	if (tui_search_nhs(q, nhs, sizeof nhs)) {
		snprintf(out, outsz, "%s", nhs);
		snprintf(note, notesz, "NHS number %s", nhs);
		return;
	}
	if (!ref_part(q, &year, &num))
		return;
	esc_day_to_ymd(session_today(s), &y0, &m, &d);
	/* Given without its year: every year that has such a case. */
	for (int y = year ? year : y0 + 1; y >= (year ? year : 2000); y--) {
		char text[ESC_REF_MAX + 1];
		esc_error err;
		esc_error_clear(&err);
		snprintf(text, sizeof text, "ESC-%04d-%04d", y, num);
		if (case_find(s->db, text, &ref, &err) != ESC_OK)
			continue;
		if (!found++)
			first = ref;
	}
	if (found == 1) {
		snprintf(out, outsz, "%s", first.ref);
		if (strcasecmp(first.ref, q) != 0)
			snprintf(note, notesz, "reference %s", first.ref);
	} else if (found > 1) {
		snprintf(note, notesz, "%04d is in %d years: give one, e.g. %04d-%04d", num, found,
		         y0, num);
	}
}
