/* Procedure files (data/procedures/NAME.ini, parsed with libinih and checked by
 * procedure_file.c): any bytes at all.  Seeds: the shipped files.
 * Invariants: a file is either refused, with at least one error that names a
 * line of the file (or 0, the file as a whole) and a message, or accepted as
 * a procedure every part of which the engine may rely on: 2 to 9 stages,
 * each labelled with clean text and a known role, notifications owed at an
 * existing stage and holding back only the next one, an urgent route to an
 * existing stage above the first. */
#include "escalate/procedure_file.h"
#include "fuzz.h"

static bool clean(const char *s, bool required)
{
	size_t n = strlen(s);
	if (required && n == 0)
		return false;
	if (!esc_utf8_valid(s, n))
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return false;
	return true;
}

static int lines_of(const uint8_t *data, size_t size)
{
	int n = 1;
	for (size_t i = 0; i < size; i++)
		n += data[i] == '\n';
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static esc_procedure p;
	static esc_proc_problems pr;
	esc_error err = {0};
	if (size > 1 << 16)
		return 0;
	esc_status st = proc_file_parse((const char *)data, size, &p, &pr, &err);
	FUZZ_ASSERT(pr.count <= ESC_PROC_PROBLEMS_MAX);
	FUZZ_ASSERT(pr.count == pr.errors + pr.warnings || pr.truncated);
	for (size_t i = 0; i < pr.count; i++) {
		FUZZ_ASSERT(pr.items[i].line >= 0 && pr.items[i].line <= lines_of(data, size));
		FUZZ_ASSERT(pr.items[i].message[0] != '\0');
	}
	if (st != ESC_OK) {
		FUZZ_ASSERT(pr.errors > 0 && err.message[0] != '\0');
		return 0;
	}
	FUZZ_ASSERT(pr.errors == 0);
	FUZZ_ASSERT(p.format == ESC_PROC_FORMAT && p.version >= 1);
	FUZZ_ASSERT(clean(p.name, true) && clean(p.title, true) && clean(p.source, false));
	FUZZ_ASSERT(p.stage_count >= ESC_STAGES_MIN && p.stage_count <= ESC_STAGES_MAX);
	for (int i = 0; i < p.stage_count; i++) {
		const esc_level_info *s = &p.stages[i];
		FUZZ_ASSERT(clean(s->label, true) && clean(s->raised_by, true) &&
		            clean(s->raised_with, true) && clean(s->also, false));
		FUZZ_ASSERT(s->min_role >= ESC_ROLE_FRONTLINE && s->min_role <= ESC_ROLE_DESIGNATED);
		FUZZ_ASSERT(s->timescale.n >= 1 && s->timescale.n <= 999);
	}
	FUZZ_ASSERT(p.notice_count <= ESC_PROC_NOTIFY_MAX);
	for (size_t i = 0; i < p.notice_count; i++) {
		const esc_proc_notice *n = &p.notices[i];
		FUZZ_ASSERT(clean(n->whom, true) && n->stage >= 1 && n->stage <= p.stage_count);
		FUZZ_ASSERT(n->blocks == 0 || n->blocks == n->stage + 1);
	}
	if (p.has_urgent)
		FUZZ_ASSERT(p.urgent_stage >= 2 && p.urgent_stage <= p.stage_count &&
		            p.urgent_acts >= ESC_ROLE_FRONTLINE && p.urgent_timescale.n >= 1);
	for (size_t i = 0; i < p.la_count; i++)
		FUZZ_ASSERT(clean(p.las[i], true));
	return 0;
}
