/* The correction form (A in the case view): which field, its current value
 * in a text area to edit, and the reason.  Choosing another field puts that
 * field's current value in the text area.  The core validates, decides who
 * may (the case view offers the key only when proc_options allows it) and
 * writes the `amended` event (case_amend). */
#include <stdlib.h>
#include <string.h>

#include "escalate/amend.h"
#include "escalate/case.h"
#include "escalate/civil.h"
#include "forms.h"
#include "forms_int.h"

/* One thing that can be corrected, with its value when the form opened. */
typedef struct amend_opt {
	esc_amend_field field;
	int contact; /* summary: the case's contact-th contact, from 1 */
	char *current;
} amend_opt;

typedef struct amend_ctx {
	long long case_id;
	char ref[ESC_REF_MAX + 1];
	int which, text, reason;
	amend_opt *opts;
	size_t nopts;
} amend_ctx;

static char *dup(const char *s)
{
	char *d = strdup(s ? s : "");
	if (!d)
		abort();
	return d;
}

static void amend_ctx_free(void *p)
{
	amend_ctx *c = p;
	for (size_t i = 0; i < c->nopts; i++)
		free(c->opts[i].current);
	free(c->opts);
	free(c);
}

static void add_opt(amend_ctx *c, esc_amend_field field, int contact, char *current)
{
	amend_opt *v = realloc(c->opts, (c->nopts + 1) * sizeof *v);
	if (!v)
		abort();
	c->opts = v;
	c->opts[c->nopts++] = (amend_opt){.field = field, .contact = contact, .current = current};
}

/* The themes as an amendment holds them: one a line, the first theme first
 * (the order the case shows them in). */
static char *themes_text(const esc_case *k)
{
	esc_buf b;
	esc_buf_init(&b);
	for (size_t i = 0; i < k->nthemes; i++)
		esc_buf_printf(&b, "%s%s", i ? "\n" : "", k->themes[i]);
	char *s = dup(b.data);
	esc_buf_free(&b);
	return s;
}

static const amend_opt *chosen_opt(const tui_form *f, const amend_ctx *c)
{
	int k = f->fields[c->which].choice;
	return k >= 0 && (size_t)k < c->nopts ? &c->opts[k] : NULL;
}

static void amend_confirm(tui_form *f, const amend_ctx *c)
{
	const amend_opt *o = chosen_opt(f, c);
	char what[64];
	if (o && o->field == ESC_AMEND_SUMMARY)
		snprintf(what, sizeof what, "the summary of contact %d", o->contact);
	else
		snprintf(what, sizeof what, "the %s",
		         o ? esc_amend_field_words(o->field) : "field");
	snprintf(f->confirm, sizeof f->confirm,
	         "Amend %s of %s? The case shows the new value; the old one stays in its "
	         "history with your reason. (y/n)",
	         what, c->ref);
}

/* Another field chosen: its current value is what the text area edits. */
static void amend_chosen(tui_form *f, int field)
{
	amend_ctx *c = f->ctx;
	if (field != c->which)
		return;
	const amend_opt *o = chosen_opt(f, c);
	tui_form_set_text(f, c->text, o ? o->current : "");
	f->fields[c->text].error[0] = '\0';
	amend_confirm(f, c);
}

static esc_status amend_submit(tui *t, tui_form *f, esc_error *err)
{
	amend_ctx *c = f->ctx;
	amend_opt *o = (amend_opt *)chosen_opt(f, c);
	if (!o)
		return esc_fail(err, ESC_EINVALID, "field", "Choose what to correct.");
	esc_amend_input in = {.field = o->field,
	                      .contact = o->contact,
	                      .to = tui_form_value(f, c->text),
	                      .reason = tui_form_value(f, c->reason),
	                      .seen = o->current};
	esc_status st = case_amend(t->s, c->case_id, &in, err);
	if (st == ESC_ECONFLICT) {
		/* Someone else corrected it meanwhile: what they wrote becomes the
		 * value this form corrects, what was typed stays, and only a new,
		 * deliberate save writes it. */
		char *now = NULL;
		esc_error e2;
		esc_error_clear(&e2);
		if (case_amend_current(t->s, c->case_id, o->field, o->contact, &now, &e2) ==
		    ESC_OK) {
			free(o->current);
			o->current = now;
			snprintf(
			    err->message, sizeof err->message,
			    "Someone changed the %s of %s while you were typing; it now reads: "
			    "%.300s. Check what you typed, then F2 to save it over that, or Esc.",
			    esc_amend_field_words(o->field), c->ref, now);
		}
	}
	return st;
}

static void amend_saved(tui *t, tui_form *f)
{
	const amend_ctx *c = f->ctx;
	const amend_opt *o = chosen_opt(f, c);
	tui_message(t, TUI_MSG_INFO, "%s: %s amended; the old value stays in the history.", c->ref,
	            o ? esc_amend_field_words(o->field) : "field");
}

esc_status tui_form_amend(tui *t, const esc_case *k)
{
	amend_ctx *c = calloc(1, sizeof *c);
	if (!c)
		abort();
	c->case_id = k->sum.id;
	snprintf(c->ref, sizeof c->ref, "%s", k->sum.ref);
	add_opt(c, ESC_AMEND_DECISION, 0, dup(k->decision));
	add_opt(c, ESC_AMEND_CONCERN, 0, dup(k->concern));
	add_opt(c, ESC_AMEND_TEAM, 0, dup(k->team));
	add_opt(c, ESC_AMEND_THEMES, 0, themes_text(k));
	int contacts = 0;
	for (size_t i = 0; i < k->nevents; i++)
		if (k->events[i].kind == ESC_EV_CONTACT)
			add_opt(c, ESC_AMEND_SUMMARY, ++contacts, dup(k->events[i].text));

	char title[ESC_REF_MAX + 64];
	snprintf(title, sizeof title, "%s: Correct the record", c->ref);
	tui_form *f = tui_form_new(title, amend_submit, c, amend_ctx_free);
	f->saved = amend_saved;
	f->chosen = amend_chosen;
	snprintf(f->intro, sizeof f->intro,
	         "Correct what was recorded on %s. Choose the field (Left/Right), edit its "
	         "current value below, and say why. Nothing is overwritten: the case shows "
	         "the new value and its history keeps the old one, with your reason, name "
	         "and the time.",
	         c->ref);
	c->which = tui_form_add(f, TUI_F_CHOICE, "Correct", "field", true,
	                        "Left/Right: which field; its current value fills the text below");
	char label[ESC_SHORT_MAX + 64];
	contacts = 0;
	for (size_t i = 0; i < c->nopts; i++) {
		const amend_opt *o = &c->opts[i];
		if (o->field != ESC_AMEND_SUMMARY) {
			tui_form_option(f, c->which, esc_amend_field_words(o->field));
			continue;
		}
		/* "summary of contact 2 (2026-05-05 09:30, Alex Social)" */
		const esc_event *e = NULL;
		for (size_t j = 0, n = 0; j < k->nevents && !e; j++)
			if (k->events[j].kind == ESC_EV_CONTACT && (int)++n == o->contact)
				e = &k->events[j];
		char when[ESC_CIVIL_TEXT_LEN + 1] = "";
		if (e)
			esc_instant_show(e->occurred_at, 16, when);
		snprintf(label, sizeof label, "summary of contact %d (%s, %.60s)", o->contact, when,
		         e && e->person_name ? e->person_name : "");
		tui_form_option(f, c->which, label);
	}
	c->text =
	    tui_form_add(f, TUI_F_LONG, "New value", "decision|concern|team|themes|summary|contact",
	                 false, "The corrected text (themes: one a line, the first theme first)");
	c->reason =
	    tui_form_add(f, TUI_F_LONG, "Reason", "reason", true, "Why the record is corrected");
	int save = tui_form_add(f, TUI_F_BUTTON, "Save (F2)", NULL, false,
	                        "Enter: check and save; nothing is written before this");
	f->fields[save].id = TUI_BUTTON_SAVE;
	amend_chosen(f, c->which);
	return tui_form_open(t, f);
}

/* The timeline's lines of an amendment (forms.h). */
void tui_amend_value(esc_buf *b, const esc_event *e, bool after)
{
	const char *v = after ? e->new_value : e->old_value;
	esc_buf_puts(b, after ? "Now: " : "Was: ");
	for (const char *p = v ? v : ""; *p; p++) {
		if (*p == '\n')
			esc_buf_puts(b, e->amend_field == ESC_AMEND_THEMES ? "; " : " ");
		else
			esc_buf_add(b, p, 1);
	}
	if (!v || !*v)
		esc_buf_puts(b, "(none)");
}

/* "the decision challenged", "the summary of contact 2": contacts counted
 * from 1, oldest first, as `escalate amend --contact` counts them. */
void tui_amend_what(esc_buf *b, const esc_case *c, const esc_event *e)
{
	if (e->amend_field != ESC_AMEND_SUMMARY) {
		esc_buf_printf(b, "the %s", esc_amend_field_words((esc_amend_field)e->amend_field));
		return;
	}
	int n = 0;
	for (size_t i = 0; i < c->nevents && c->events[i].seq <= e->amend_seq; i++)
		n += c->events[i].kind == ESC_EV_CONTACT;
	esc_buf_printf(b, "the summary of contact %d", n);
}
