/* Dates as people type them (form.h): "YYYY-MM-DD", "DD/MM/YYYY", "today",
 * "yesterday", each optionally followed by a time "HH:MM", become the form
 * the core reads ("YYYY-MM-DD[ HH:MM]") and are shown back so. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "form.h"

/* " HH:MM" (or nothing) after the date; false for anything else. */
static bool time_part(const char *p, char *out, size_t outsz)
{
	int h, m, n = 0;
	while (*p == ' ')
		p++;
	if (!*p) {
		out[0] = '\0';
		return true;
	}
	if (sscanf(p, "%2d:%2d%n", &h, &m, &n) != 2 || p[n] != '\0' || h < 0 || h > 23 || m < 0 ||
	    m > 59 || !isdigit((unsigned char)p[0]))
		return false;
	snprintf(out, outsz, " %02d:%02d", h, m);
	return true;
}

bool form_date_understand(const char *in, esc_day today, char *out, size_t outsz)
{
	char tm[32], date[ESC_DATE_LEN + 1];
	const char *p = in;
	int d, m, y, n = 0;
	while (*p == ' ')
		p++;
	static const struct {
		const char *word;
		int back;
	} words[] = {{"today", 0}, {"yesterday", 1}};
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
		size_t wl = strlen(words[i].word);
		if (strncasecmp(p, words[i].word, wl) == 0 && (p[wl] == '\0' || p[wl] == ' ') &&
		    time_part(p + wl, tm, sizeof tm)) {
			esc_day_format(today - words[i].back, date);
			snprintf(out, outsz, "%s%s", date, tm);
			return strcmp(out, in) != 0;
		}
	}
	if (sscanf(p, "%2d/%2d/%4d%n", &d, &m, &y, &n) == 3 && n >= 8 && y >= 1000 &&
	    esc_date_valid(y, m, d) && time_part(p + n, tm, sizeof tm)) {
		snprintf(out, outsz, "%04d-%02d-%02d%s", y, m, d, tm);
		return strcmp(out, in) != 0;
	}
	return false;
}
