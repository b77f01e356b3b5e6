/* A level's target: the one clock rule of the write path (case.c). */
#include <stdio.h>
#include <string.h>

#include "case_internal.h"
#include "escalate/civil.h"
#include "escalate/config.h"
#include "escalate/procedure_file.h"

/* The target at a level: the procedure's timescale from when the level was
 * reached, or from when the case was opened for a cumulative one (an urgent
 * jump has its own, shorter one).  Days give a civil date; hours an instant.
 * The default procedure's working days are the database's (`config
 * timescale`), as they always were. */
void case_level_due(esc_session *s, const esc_case_state *cs, int level, bool urgent,
                    const char *at, char out[ESC_INSTANT_MAX + 1])
{
	const esc_procedure *p = proc_or_default(cs->proc);
	const esc_level_info *li = proc_level(p, level);
	esc_timescale t = urgent ? p->urgent_timescale : li->timescale;
	const char *from = (!urgent && li->clock == ESC_CLOCK_FROM_OPENED && cs->opened_at[0])
	                       ? cs->opened_at
	                       : at;
	static const esc_holidays none = {0};
	if (p == proc_default())
		t = (esc_timescale){config_timescale(s->db, level, urgent), ESC_UNIT_WORKING_DAYS};
	long long instant;
	switch (t.unit) {
	case ESC_UNIT_HOURS:
		if (!esc_instant_parse(from, &instant))
			instant = 0;
		esc_instant_format(instant + 3600LL * t.n, out);
		break;
	case ESC_UNIT_CALENDAR_DAYS:
		esc_day_format(esc_timestamp_day(from) + t.n, out);
		break;
	case ESC_UNIT_WORKING_DAYS:
		esc_day_format(esc_add_working_days(esc_timestamp_day(from), t.n,
		                                    strcmp(p->holidays, "none") == 0 ? &none
		                                                                     : &s->holidays),
		               out);
		break;
	}
}

