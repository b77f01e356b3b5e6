/* A refused save, shown on the form (form.h): every problem at once, each
 * beside its field in the screen's own words, the cursor on the first. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "escalate/calendar.h"
#include "escalate/text.h"
#include "form.h"

/* A field's label without the indent of a repeated group ("  action 1 due"). */
static const char *label_of(const tui_form_field *fd)
{
	const char *l = fd->label;
	while (*l == ' ')
		l++;
	return l;
}

static bool name_char(char c)
{
	return isalnum((unsigned char)c) || c == '-' || c == '_';
}

/* The label of the field the core calls `name` (len bytes), or NULL. */
static const char *label_for_name(const tui_form *f, const char *name, size_t len)
{
	for (size_t i = 0; i < f->n; i++) {
		for (const char *p = f->fields[i].names; p && *p;) {
			const char *bar = strchr(p, '|');
			size_t n = bar ? (size_t)(bar - p) : strlen(p);
			if (n == len && strncmp(p, name, len) == 0)
				return label_of(&f->fields[i]);
			p = bar ? bar + 1 : NULL;
		}
	}
	return NULL;
}

void form_message_plain(const tui_form *f, const char *field, const char *msg, char *out,
                        size_t outsz)
{
	size_t fl = field ? strlen(field) : 0;
	/* "summary: is required" and "nhs-number must be 10 digits" beside the
	 * field they are about read "is required", "must be 10 digits". */
	if (fl && strncmp(msg, field, fl) == 0) {
		if (msg[fl] == ':' && msg[fl + 1] == ' ')
			msg += fl + 2;
		else if (msg[fl] == ' ' && (strncmp(msg + fl + 1, "must ", 5) == 0 ||
		                            strncmp(msg + fl + 1, "is ", 3) == 0))
			msg += fl + 1;
	}
	/* Any other name the core gives a field of this form ("--to",
	 * "contact-at") is the field's label on screen.  Only names written
	 * like options (with a '-') are replaced: "text" or "how" are words. */
	esc_buf b;
	esc_buf_init(&b);
	for (const char *p = msg; *p;) {
		bool start = p == msg || !name_char(p[-1]);
		size_t n = 0;
		while (name_char(p[n]))
			n++;
		const char *label = NULL;
		if (start && n && memchr(p, '-', n) && !isdigit((unsigned char)p[n - 1]))
			label = label_for_name(f, p, n);
		if (label) {
			esc_buf_puts(&b, label);
			p += n;
		} else {
			size_t k = n ? n : 1;
			esc_buf_add(&b, p, k);
			p += k;
		}
	}
	snprintf(out, outsz, "%s", b.data ? b.data : "");
	esc_buf_free(&b);
}

void form_mark(tui_form *f, int field, const char *field_name, const char *msg)
{
	if (field < 0 || (size_t)field >= f->n || f->fields[field].error[0])
		return;
	tui_form_field *fd = &f->fields[field];
	form_message_plain(f, field_name, msg, fd->error, sizeof fd->error);
}

void form_show_error(tui *t, tui_form *f, const esc_error *err)
{
	int at = f->locate ? f->locate(f, err) : -1;
	if (at < 0 && err->field[0])
		at = tui_form_find(f, err->field);
	const char *msg = err->message[0] ? err->message : esc_status_meaning(err->status);
	if (at >= 0) {
		form_mark(f, at, err->field, msg);
		f->focus = at;
		tui_message(t, TUI_MSG_ERROR, "Not saved: %s: %s", label_of(&f->fields[at]),
		            f->fields[at].error);
	} else {
		form_message_plain(f, err->field, msg, f->error, sizeof f->error);
		if (err->status == ESC_EBUSY)
			tui_error(t, err);
		else
			tui_message(t, TUI_MSG_ERROR, "Not saved: %s", f->error);
	}
}

bool form_field_empty(const tui_form_field *fd)
{
	switch (fd->kind) {
	case TUI_F_MULTI:
		for (size_t i = 0; i < fd->noptions; i++)
			if (fd->marked[i])
				return false;
		return true;
	case TUI_F_PICK:
	case TUI_F_CHOICE:
		return fd->choice < 0;
	case TUI_F_BUTTON:
		return false;
	default:
		for (const char *p = fd->text.s; *p; p++)
			if (*p != ' ' && *p != '\n')
				return false;
		return true;
	}
}

/* The first of a field's names ("contact-at" of "contact-at|occurred-at"). */
static void first_name(const tui_form_field *fd, char *out, size_t outsz)
{
	const char *names = fd->names ? fd->names : "date";
	size_t n = strcspn(names, "|");
	snprintf(out, outsz, "%.*s", (int)n, names);
}

void form_show_more(tui *t, tui_form *f)
{
	int first = -1, more = 0;
	for (size_t i = 0; i < f->n; i++)
		more -= f->fields[i].error[0] != '\0'; /* the one the status line names */
	for (size_t i = 0; i < f->n; i++) {
		tui_form_field *fd = &f->fields[i];
		if (fd->error[0])
			continue;
		if (fd->required && form_field_empty(fd)) {
			snprintf(fd->error, sizeof fd->error, "is required");
		} else if (fd->kind == TUI_F_DATE && !form_field_empty(fd)) {
			/* A date the core has not reached yet is read as it will be. */
			char name[48];
			esc_error e;
			esc_day day;
			int minute;
			esc_error_clear(&e);
			first_name(fd, name, sizeof name);
			if (esc_date_parse(fd->text.s, name, &day, &minute, &e) != ESC_OK)
				form_mark(f, (int)i, name, e.message);
		}
	}
	if (f->check)
		f->check(f);
	for (size_t i = 0; i < f->n; i++)
		if (f->fields[i].error[0]) {
			if (first < 0)
				first = (int)i;
			more++;
		}
	if (first < 0 || more <= 0)
		return;
	char said[sizeof t->msg];
	snprintf(said, sizeof said, "%s", t->msg);
	f->focus = first;
	tui_message(t, TUI_MSG_ERROR, "%s (and %d more problem%s, each beside its field)", said,
	            more, more == 1 ? "" : "s");
}
