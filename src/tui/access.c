/* --accessible: what the screens say in words where they otherwise draw
 * columns and marks.  A screen reader reads the line the cursor is on, so
 * each item is one line that stands on its own. */
#include "access.h"

#include "escalate/procedure.h"

void access_case_row(const esc_case_summary *r, bool with_state, esc_buf *out)
{
	/* What decides what to do next comes first: a line too long for the
	 * window loses its end, not the marks. */
	esc_buf_reset(out);
	esc_buf_printf(out, "Case %s, level %d", r->ref, r->level);
	if (with_state)
		esc_buf_printf(out, ", %s", esc_state_name(r->state));
	if (r->overdue)
		esc_buf_puts(out, ", overdue");
	if (r->urgent)
		esc_buf_puts(out, ", urgent jump");
	if (r->owed)
		esc_buf_puts(out, ", notification owed");
	esc_buf_printf(out, ", %d day%s, %s, %s, owner %s", r->days_at_level,
	               r->days_at_level == 1 ? "" : "s", r->local_authority, r->first_theme,
	               r->owner_login);
}

const char *access_case_heading(void)
{
	return "Cases: reference, level, state, marks, days at level, authority, theme, owner";
}

int access_required(tui *t, int y, int x, int w)
{
	if (!t->accessible || w <= 30)
		return w;
	/* At the end of the field's line: the label column has no room. */
	draw_text(t, y, x + w - 9, 9, TUI_ST_DIM, "required");
	return w - 10;
}
