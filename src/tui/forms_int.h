/* Helpers shared by the form definitions (forms.c, forms_event.c). */
#ifndef ESCALATE_TUI_FORMS_INT_H
#define ESCALATE_TUI_FORMS_INT_H

#include "escalate/calendar.h"
#include "escalate/config.h"
#include "form.h"

/* The session's clock to the minute, to pre-fill "when" fields. */
void forms_now(const tui *t, char out[ESC_TS_LEN + 1]);
/* Offers a configured list (themes, local authorities) as a field's options. */
esc_status forms_fill_list(tui *t, tui_form *f, int field, esc_list_kind kind, esc_error *err);
/* Suggestions for "how was the person informed". */
void forms_how_options(tui_form *f, int field);

#endif
