/* A form open while others write (form.h): what was typed is never touched;
 * if the case the form was written for has moved, a line in the form says
 * so as soon as the change is noticed, not only when F2 is refused.  The
 * save still goes through the core's conflict check (proc_conflict), which
 * is asked here too, so that the notice says what F2 will do. */
#include <stdio.h>

#include "escalate/live.h"
#include "form.h"

static void form_live_notice(tui *t, tui_form *f)
{
	esc_seen now = {0}, *was = &f->watch_seen;
	esc_error err;
	esc_error_clear(&err);
	f->notice[0] = '\0';
	if (live_case_seen(t->s->db, f->watch_case, &now, &err) != ESC_OK) {
		snprintf(f->notice, sizeof f->notice,
		         "This case could not be read again (%s); F2 checks it before writing.",
		         err.message);
		return;
	}
	if (now.seq == was->seq)
		return;
	const esc_level_info *li = esc_level(now.level);
	if (now.level == was->level && now.state == was->state) {
		long long n = now.seq - was->seq;
		snprintf(f->notice, sizeof f->notice,
		         "This case changed since you opened the form: %lld new entr%s in its "
		         "history; it is still at level %d (%s), %s. F2 still records this here.",
		         n, n == 1 ? "y" : "ies", now.level, li ? li->label : "",
		         esc_state_name(now.state));
		return;
	}
	esc_case_state cs = {.state = now.state, .level = now.level};
	bool refused = proc_conflict(&cs, f->watch_event, was, &err) != ESC_OK;
	snprintf(f->notice, sizeof f->notice,
	         "This case changed since you opened the form: now at level %d (%s), %s; it was "
	         "at level %d, %s. %s",
	         now.level, li ? li->label : "", esc_state_name(now.state), was->level,
	         esc_state_name(was->state),
	         refused ? "F2 will not save this: Esc, then look at the case again."
	                 : "F2 still records this.");
}

esc_status form_live_open(tui *t, tui_view *v, esc_error *err)
{
	tui_form *f = v->data;
	(void)err; /* a form always opens: the notice says what could not be read */
	if (f->watch_case)
		form_live_notice(t, f);
	return ESC_OK;
}

void form_live_draw(tui *t, const tui_form *f, int *y)
{
	if (!f->notice[0])
		return;
	tui_lines l = {0};
	lines_wrap(&l, TUI_ST_URGENT, 1, 1, t->cols - 2, f->notice);
	for (size_t i = 0; i < l.n && i < 3; i++)
		draw_text(t, (*y)++, 1, t->cols - 2, TUI_ST_URGENT, l.v[i].text);
	lines_free(&l);
}
