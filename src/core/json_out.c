/* JSON building blocks shared by every output (see json_out.h).  Instants
 * are read and their civil dates taken by civil.c, in the procedure's zone:
 * every stored instant is UTC since migration 6. */
#include "escalate/json_out.h"

#include "escalate/civil.h"

#include <stdio.h>
#include <string.h>

bool esc_instant_iso(const char *stored, char out[ESC_INSTANT_LEN + 1])
{
	long long t;
	out[0] = '\0';
	if (!esc_instant_parse(stored, &t))
		return false;
	esc_instant_format(t, out);
	return true;
}

bool esc_instant_epoch(const char *stored, long long *out)
{
	*out = 0;
	return esc_instant_parse(stored, out);
}

esc_day esc_instant_day(const char *stored)
{
	return esc_instant_parse(stored, NULL) ? esc_timestamp_day(stored) : -1;
}

void esc_json_instant(esc_buf *b, const char *stored)
{
	char iso[ESC_INSTANT_LEN + 1];
	if (esc_instant_iso(stored, iso))
		esc_buf_printf(b, "\"%s\"", iso);
	else
		esc_buf_puts(b, "null");
}

void esc_json_instant_date(esc_buf *b, const char *stored)
{
	esc_json_day(b, esc_instant_day(stored));
}

void esc_json_instant_pair(esc_buf *b, const char *key, const char *date_key, const char *stored)
{
	esc_json_key(b, true, key);
	esc_json_instant(b, stored);
	esc_json_key(b, false, date_key);
	esc_json_instant_date(b, stored);
}

void esc_json_day(esc_buf *b, esc_day day)
{
	if (day < 0) {
		esc_buf_puts(b, "null");
		return;
	}
	char s[ESC_DATE_LEN + 1];
	esc_day_format(day, s);
	esc_buf_printf(b, "\"%s\"", s);
}

void esc_json_person(esc_buf *b, const char *login, const char *name, esc_role role)
{
	esc_buf_puts(b, "{\"login\":");
	esc_json_string(b, login ? login : "");
	esc_buf_puts(b, ",\"name\":");
	esc_json_string(b, name ? name : "");
	esc_buf_puts(b, ",\"role\":");
	esc_json_string(b, esc_role_name(role));
	esc_buf_puts(b, "}");
}

void esc_json_key(esc_buf *b, bool first, const char *key)
{
	if (!first)
		esc_buf_add(b, ",", 1);
	esc_json_string(b, key);
	esc_buf_add(b, ":", 1);
}
