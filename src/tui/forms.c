/* The new-escalation form and the pattern notice form. */
#include "forms.h"

#include <stdlib.h>
#include <string.h>

#include "escalate/case.h"
#include "escalate/config.h"
#include "escalate/pattern.h"
#include "escalate/same_child.h"
#include "forms_int.h"

void forms_now(const tui *t, char out[ESC_TS_LEN + 1])
{
	char instant[ESC_TS_LEN + 1];
	session_now(t->s, instant);
	/* Civil time in the procedure's zone, "YYYY-MM-DD HH:MM": minutes are
	 * precise enough to type. */
	esc_instant_show(instant, 16, out);
}

typedef struct list_fill {
	tui_form *f;
	int field;
} list_fill;

static bool forms_list_cb(const char *name, bool active, void *ctx)
{
	list_fill *lf = ctx;
	if (active)
		tui_form_option(lf->f, lf->field, name);
	return true;
}

esc_status forms_fill_list(tui *t, tui_form *f, int field, esc_list_kind kind, esc_error *err)
{
	list_fill lf = {.f = f, .field = field};
	return config_list_each(t->s->db, kind, false, forms_list_cb, &lf, err);
}

/* The ways people are usually informed, offered as suggestions. */
void forms_how_options(tui_form *f, int field)
{
	static const char *const how[] = {"email", "telephone", "in person", "meeting", "letter"};
	for (size_t i = 0; i < sizeof how / sizeof how[0]; i++)
		tui_form_option(f, field, how[i]);
}

typedef struct new_case_ctx {
	int kind, child, la, team, decision, concern, themes, agency;
	bool again; /* the user was shown the child's other cases and said save */
	esc_case_ref created;
} new_case_ctx;

static esc_status new_case_submit(tui *t, tui_form *f, esc_error *err)
{
	new_case_ctx *c = f->ctx;
	const tui_form_field *th = &f->fields[c->themes];
	esc_new_case in = {
	    .child_kind = f->fields[c->kind].choice == 0 ? ESC_CHILD_NHS : ESC_CHILD_LOCAL,
	    .child_id = tui_form_value(f, c->child),
	    .local_authority = tui_form_value(f, c->la),
	    .team = tui_form_value(f, c->team),
	    .agency = tui_form_value(f, c->agency),
	    .decision = tui_form_value(f, c->decision),
	    .concern = tui_form_value(f, c->concern),
	    .refuse_same_child = !c->again,
	};
	for (size_t i = 0; i < th->noptions && in.ntheme < ESC_MAX_THEMES; i++)
		if (th->marked[i])
			in.themes[in.ntheme++] = th->options[i];
	return case_open(t->s, &in, &c->created, err);
}

/* The identifier as the core reads it, when the core stopped before it. */
static void new_case_check(tui_form *f)
{
	new_case_ctx *c = f->ctx;
	esc_error e;
	esc_error_clear(&e);
	esc_child_kind kind = f->fields[c->kind].choice == 0 ? ESC_CHILD_NHS : ESC_CHILD_LOCAL;
	if (!form_field_empty(&f->fields[c->child]) &&
	    esc_child_id_check(kind, tui_form_value(f, c->child), NULL, 0, &e) != ESC_OK)
		form_mark(f, c->child, e.field, e.message);
}

static int new_case_again(tui *t, void *ctx, bool yes)
{
	tui_form *f = ctx;
	new_case_ctx *c = f->ctx;
	if (!yes) {
		tui_message(t, TUI_MSG_INFO,
		            "Not saved; the child's other cases are listed above the form.");
		return TUI_REDRAW;
	}
	c->again = true;
	return tui_form_write(t, f);
}

/* The core refused a child with an open or recent case (same_child.h): the
 * form shows those cases and asks before saving. */
static bool new_case_refused(tui *t, tui_form *f, const esc_error *err)
{
	new_case_ctx *c = f->ctx;
	esc_same_child same;
	esc_error e;
	if (err->status != ESC_EDENIED || strcmp(err->field, "again") != 0)
		return false;
	esc_error_clear(&e);
	esc_child_kind kind = f->fields[c->kind].choice == 0 ? ESC_CHILD_NHS : ESC_CHILD_LOCAL;
	if (case_same_child(t->s, kind, tui_form_value(f, c->child), &same, &e) != ESC_OK)
		return false;
	long n = same_child_total(&same);
	esc_buf b, refs;
	esc_buf_init(&b);
	esc_buf_init(&refs);
	same_child_describe(&same, &b);
	if (b.len && b.data[b.len - 1] == '\n')
		b.data[--b.len] = '\0';
	for (size_t i = 0; i < same.n; i++)
		esc_buf_printf(&refs, "%s%s", i ? ", " : "", same.cases[i].ref);
	snprintf(f->intro, sizeof f->intro,
	         "This child already has %ld open or recently closed case%s (closed in the "
	         "last %d days):\n%s",
	         n, n == 1 ? "" : "s", ESC_SAME_CHILD_DAYS, b.data ? b.data : "");
	f->warn = true;
	char q[600];
	snprintf(q, sizeof q,
	         "This child already has %ld open or recently closed case%s%s%s (listed above "
	         "the form). Log another case for this child all the same? (n: not now; "
	         "Esc and / with the identifier finds %s)",
	         n, n == 1 ? "" : "s", refs.len ? ": " : "", refs.data ? refs.data : "",
	         n == 1 ? "it" : "them");
	esc_buf_free(&b);
	esc_buf_free(&refs);
	tui_confirm_open(t, q, new_case_again, f);
	return true;
}

static void new_case_saved(tui *t, tui_form *f)
{
	new_case_ctx *c = f->ctx;
	const esc_level_info *li = esc_level(ESC_LEVEL_MIN);
	tui_case_open(t, c->created.id);
	tui_message(t, TUI_MSG_INFO, "Logged %s at level 1 (%s). Next: record the discussion (c).",
	            c->created.ref, li->label);
}

esc_status tui_form_new_case(tui *t)
{
	new_case_ctx *c = calloc(1, sizeof *c);
	if (!c)
		abort();
	tui_form *f = tui_form_new("New escalation", new_case_submit, c, free);
	const esc_level_info *li = esc_level(ESC_LEVEL_MIN);
	snprintf(f->intro, sizeof f->intro,
	         "Log a disagreement with a decision of children's social care. It opens at "
	         "level 1: you raise it with %s. Record no child names: the identifier is enough.",
	         li->raised_with);
	f->saved = new_case_saved;
	f->check = new_case_check;
	f->refused = new_case_refused;

	c->kind = tui_form_add(f, TUI_F_CHOICE, "Child identifier type", "child-kind", true,
	                       "Left/Right: NHS number or a local record number");
	tui_form_option(f, c->kind, "NHS number");
	tui_form_option(f, c->kind, "local record number");
	c->child =
	    tui_form_add(f, TUI_F_TEXT, "Child identifier", "child-id|nhs-number|local-id", true,
	                 "NHS number: 10 digits (spaces allowed); or the local record number");
	c->la = tui_form_add(f, TUI_F_PICK, "Local authority", "local-authority", true,
	                     "Type a few letters, or Enter, to choose the local authority challenged");
	c->team = tui_form_add(f, TUI_F_TEXT, "Social care team", "team", false,
	                       "The social care team, if known");
	c->decision = tui_form_add(f, TUI_F_LONG, "Decision challenged", "decision", true,
	                           "The decision you disagree with, e.g. referral not accepted");
	c->concern = tui_form_add(f, TUI_F_LONG, "Concern", "concern", true,
	                          "Why it leaves the child at risk");
	c->themes = tui_form_add(f, TUI_F_MULTI, "Themes", "theme|themes", true,
	                         "Type a few letters, or Enter, for the list; Space marks several");
	c->agency = tui_form_add(f, TUI_F_TEXT, "Raising agency", "agency", false,
	                         "Your provider or GP practice");
	tui_form_set_text(f, c->agency, t->s->me.organisation);
	int save = tui_form_add(f, TUI_F_BUTTON, "Save the escalation (F2 or Ctrl-S)", NULL, false,
	                        "Enter: check and save; nothing is written before this");
	f->fields[save].id = TUI_BUTTON_SAVE;

	esc_error err;
	esc_error_clear(&err);
	if (forms_fill_list(t, f, c->la, ESC_LIST_LA, &err) != ESC_OK ||
	    forms_fill_list(t, f, c->themes, ESC_LIST_THEME, &err) != ESC_OK) {
		tui_error(t, &err);
		tui_form_free(f);
		return err.status;
	}
	return tui_form_open(t, f);
}

typedef struct pattern_ctx {
	char la[ESC_SHORT_MAX + 1];
	char theme[ESC_SHORT_MAX + 1];
	int whom, how, when;
	long ncases;
} pattern_ctx;

static esc_status pattern_submit(tui *t, tui_form *f, esc_error *err)
{
	pattern_ctx *c = f->ctx;
	const char *when = tui_form_value(f, c->when);
	return pattern_inform(t->s, c->la, c->theme, tui_form_value(f, c->whom),
	                      tui_form_value(f, c->how), *when ? when : NULL, &c->ncases, err);
}

static void pattern_saved(tui *t, tui_form *f)
{
	pattern_ctx *c = f->ctx;
	tui_message(t, TUI_MSG_INFO,
	            "Recorded on %ld case%s: the designated professional was informed of the "
	            "'%s' pattern against %s.",
	            c->ncases, c->ncases == 1 ? "" : "s", c->theme, c->la);
}

esc_status tui_form_pattern(tui *t, const char *local_authority, const char *theme, long count)
{
	pattern_ctx *c = calloc(1, sizeof *c);
	if (!c)
		abort();
	snprintf(c->la, sizeof c->la, "%s", local_authority);
	snprintf(c->theme, sizeof c->theme, "%s", theme);
	tui_form *f = tui_form_new("Multi-case pattern: inform the designated professional",
	                           pattern_submit, c, free);
	int threshold, window;
	config_pattern_rule(t->s->db, &threshold, &window);
	snprintf(f->intro, sizeof f->intro,
	         "%ld open escalations share the theme '%s' against %s (the rule: %d within %d "
	         "days). Policy: the CCG/ICB designated doctor or nurse must be informed "
	         "immediately. Saving records it on every open case of the cluster.",
	         count, c->theme, c->la, threshold, window);
	f->saved = pattern_saved;
	c->whom = tui_form_add(f, TUI_F_TEXT, "Designated professional", "name|whom", true,
	                       "The name of the designated doctor or nurse you informed");
	c->how =
	    tui_form_add(f, TUI_F_COMBO, "How", "how", true, "Type how, or Enter for suggestions");
	forms_how_options(f, c->how);
	c->when = tui_form_add(f, TUI_F_DATE, "When", "informed-at|when", false,
	                       "YYYY-MM-DD or DD/MM/YYYY (or today, yesterday), a time HH:MM optional; not in the future");
	char now[ESC_TS_LEN + 1];
	forms_now(t, now);
	tui_form_set_text(f, c->when, now);
	int save = tui_form_add(f, TUI_F_BUTTON, "Record it (F2 or Ctrl-S)", NULL, false,
	                        "Enter: record the notice on every case of the cluster");
	f->fields[save].id = TUI_BUTTON_SAVE;
	return tui_form_open(t, f);
}
