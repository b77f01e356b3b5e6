#include "escalate/error.h"

#include <stdio.h>
#include <string.h>

static const struct {
	esc_status status;
	const char *name;
	const char *meaning;
} status_table[] = {
#define ESC_STATUS_ROW(e, code, shortname, meaning) {e, shortname, meaning},
	ESC_STATUS_LIST(ESC_STATUS_ROW)
#undef ESC_STATUS_ROW
};

#define STATUS_COUNT ((int)(sizeof status_table / sizeof status_table[0]))

esc_status esc_vfail(esc_error *err, esc_status st, const char *field, const char *fmt,
                     va_list ap)
{
	if (!err)
		return st;
	err->status = st;
	err->why = ESC_WHY_NONE;
	snprintf(err->field, sizeof err->field, "%s", field ? field : "");
	vsnprintf(err->message, sizeof err->message, fmt, ap);
	return st;
}

esc_status esc_fail(esc_error *err, esc_status st, const char *field, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	esc_vfail(err, st, field, fmt, ap);
	va_end(ap);
	return st;
}

esc_status esc_refuse(esc_error *err, esc_status st, esc_why why, const char *field,
                      const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	esc_vfail(err, st, field, fmt, ap);
	va_end(ap);
	if (err)
		err->why = why;
	return st;
}

static const char *const why_names[] = {
#define ESC_WHY_NAME(e, name, label) name,
    ESC_WHY_LIST(ESC_WHY_NAME)
#undef ESC_WHY_NAME
};

const char *esc_why_name(esc_why w)
{
	return (unsigned)w < sizeof why_names / sizeof why_names[0] ? why_names[w] : "unknown";
}

void esc_error_clear(esc_error *err)
{
	if (err)
		memset(err, 0, sizeof *err);
}

const char *esc_status_name(esc_status st)
{
	for (int i = 0; i < STATUS_COUNT; i++)
		if (status_table[i].status == st)
			return status_table[i].name;
	return "unknown";
}

const char *esc_status_meaning(esc_status st)
{
	for (int i = 0; i < STATUS_COUNT; i++)
		if (status_table[i].status == st)
			return status_table[i].meaning;
	return "unknown status";
}

int esc_status_count(void)
{
	return STATUS_COUNT;
}

esc_status esc_status_at(int i)
{
	return (i >= 0 && i < STATUS_COUNT) ? status_table[i].status : ESC_EINTERNAL;
}
