/* The form engine: layout, focus, editing, pick-lists, and the one path
 * to the core (submit) taken only when the user confirms. */
#include <stdlib.h>
#include <string.h>

#include "editor.h"
#include "access.h"
#include "escalate/validate.h"
#include "form.h"

#define LABEL_COLS  TUI_FORM_LABEL_COLS
#define ERROR_LINES 3

tui_form *tui_form_new(const char *title, tui_form_submit submit, void *ctx,
                       void (*ctx_free)(void *))
{
	tui_form *f = calloc(1, sizeof *f);
	if (!f)
		abort();
	snprintf(f->title, sizeof f->title, "%s", title);
	f->submit = submit;
	f->ctx = ctx;
	f->ctx_free = ctx_free;
	f->picking = -1;
	return f;
}

static void field_free(tui_form_field *fd)
{
	tui_text_free(&fd->text);
	for (size_t i = 0; i < fd->noptions; i++)
		free(fd->options[i]);
	free(fd->options);
	free(fd->marked);
}

void tui_form_free(tui_form *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->n; i++)
		field_free(&f->fields[i]);
	free(f->fields);
	if (f->ctx_free)
		f->ctx_free(f->ctx);
	free(f);
}

int tui_form_insert(tui_form *f, int at, tui_field_kind kind, const char *label, const char *names,
                    bool required, const char *hint)
{
	if (f->n == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 16;
		tui_form_field *v = realloc(f->fields, cap * sizeof *v);
		if (!v)
			abort();
		f->fields = v;
		f->cap = cap;
	}
	if (at < 0 || (size_t)at > f->n)
		at = (int)f->n;
	memmove(&f->fields[at + 1], &f->fields[at], (f->n - (size_t)at) * sizeof *f->fields);
	f->n++;
	tui_form_field *fd = &f->fields[at];
	*fd = (tui_form_field){
	    .kind = kind, .names = names, .hint = hint, .required = required, .choice = -1};
	snprintf(fd->label, sizeof fd->label, "%s", label);
	tui_text_init(&fd->text, kind == TUI_F_LONG ? ESC_LONG_MAX : ESC_SHORT_MAX);
	fd->text.multiline = kind == TUI_F_LONG;
	if (f->focus >= at && f->n > 1)
		f->focus++;
	return at;
}

int tui_form_add(tui_form *f, tui_field_kind kind, const char *label, const char *names,
                 bool required, const char *hint)
{
	return tui_form_insert(f, (int)f->n, kind, label, names, required, hint);
}

void tui_form_option(tui_form *f, int field, const char *option)
{
	tui_form_field *fd = &f->fields[field];
	char **v = realloc(fd->options, (fd->noptions + 1) * sizeof *v);
	bool *m = realloc(fd->marked, (fd->noptions + 1) * sizeof *m);
	if (!v || !m)
		abort();
	fd->options = v;
	fd->marked = m;
	fd->marked[fd->noptions] = false;
	fd->options[fd->noptions] = strdup(option);
	if (!fd->options[fd->noptions])
		abort();
	fd->noptions++;
	if (fd->kind == TUI_F_CHOICE && fd->choice < 0)
		fd->choice = 0;
}

void tui_form_set_text(tui_form *f, int field, const char *text)
{
	tui_text_set(&f->fields[field].text, text);
}

const char *tui_form_value(const tui_form *f, int field)
{
	const tui_form_field *fd = &f->fields[field];
	switch (fd->kind) {
	case TUI_F_PICK:
	case TUI_F_CHOICE:
		return fd->choice >= 0 && (size_t)fd->choice < fd->noptions
		           ? fd->options[fd->choice]
		           : "";
	case TUI_F_BUTTON:
	case TUI_F_MULTI:
		return "";
	default:
		return fd->text.s;
	}
}

static bool names_match(const char *names, const char *name)
{
	size_t n = strlen(name);
	for (const char *p = names; p && *p;) {
		const char *bar = strchr(p, '|');
		size_t len = bar ? (size_t)(bar - p) : strlen(p);
		if (len == n && strncmp(p, name, n) == 0)
			return true;
		p = bar ? bar + 1 : NULL;
	}
	return false;
}

int tui_form_find(const tui_form *f, const char *name)
{
	for (size_t i = 0; i < f->n; i++)
		if (f->fields[i].names && names_match(f->fields[i].names, name))
			return (int)i;
	return -1;
}

static bool field_editable(const tui_form_field *fd)
{
	return fd->kind == TUI_F_TEXT || fd->kind == TUI_F_LONG || fd->kind == TUI_F_DATE ||
	       fd->kind == TUI_F_COMBO;
}

/* The user changed the field: its old complaint no longer applies. */
static void field_edited(tui_form *f, tui_form_field *fd)
{
	f->dirty = true;
	fd->error[0] = '\0';
}

static int field_height(const tui *t, const tui_form_field *fd, bool focused)
{
	int rows = fd->kind == TUI_F_LONG ? form_long_rows(t, fd, focused) : 1;
	if (!fd->error[0])
		return rows;
	int w = esc_display_width(fd->error) + 4;
	int room = t->cols - LABEL_COLS - 4;
	int lines = (w + room - 1) / room;
	return rows + (lines > ERROR_LINES ? ERROR_LINES : lines);
}

static void form_value_text(const tui_form_field *fd, bool words, esc_buf *out)
{
	esc_buf_reset(out);
	if (fd->kind == TUI_F_MULTI) {
		for (size_t i = 0; i < fd->noptions; i++)
			if (fd->marked[i])
				esc_buf_printf(out, "%s%s", out->len ? "; " : "", fd->options[i]);
	} else if (fd->kind == TUI_F_CHOICE) {
		if (fd->choice >= 0)
			esc_buf_printf(out, words ? "%s" : "< %s >", fd->options[fd->choice]);
	} else if (fd->kind == TUI_F_PICK && fd->choice >= 0) {
		esc_buf_puts(out, fd->options[fd->choice]);
	}
}

static void form_draw_field(tui *t, tui_form *f, int i, int y)
{
	tui_form_field *fd = &f->fields[i];
	bool focused = i == f->focus;
	int x = LABEL_COLS + 2, w = t->cols - x - 2;

	/* --accessible: the cursor alone marks the focus, and brackets and
	 * stars are said in words. */
	if (focused && !t->accessible)
		draw_text(t, y, 0, 2, TUI_ST_HEADER, ">");
	if (fd->kind == TUI_F_BUTTON) {
		char b[80];
		snprintf(b, sizeof b, t->accessible ? "%s (button)" : "[ %s ]", fd->label);
		draw_text(t, y, 2, t->cols - 4, focused ? TUI_ST_FOCUS : TUI_ST_HEADER, b);
		return;
	}
	char label[64];
	snprintf(label, sizeof label, "%s%s", fd->label,
	         fd->required && !t->accessible ? " *" : "");
	if (fd->required)
		w = access_required(t, y, x, w);
	draw_text(t, y, 2, LABEL_COLS - 1, focused ? TUI_ST_HEADER : TUI_ST_NORMAL, label);
	int rows = 1;
	if (fd->kind == TUI_F_LONG) {
		/* The length against the limit, in the label column. */
		if (focused || fd->text.len) {
			char count[40];
			snprintf(count, sizeof count, "%zu/%zu", fd->text.len, fd->text.max);
			int lw = esc_display_width(label) + 1;
			if (lw + (int)strlen(count) <= LABEL_COLS - 1)
				draw_text_right(t, y, 2 + lw, LABEL_COLS - 1 - lw, TUI_ST_DIM, count);
			else
				draw_text_right(t, y + 1, 2, LABEL_COLS - 1, TUI_ST_DIM, count);
		}
		rows = form_draw_long(t, fd, y, x, w, focused);
	} else if (field_editable(fd)) {
		const char *ph =
		    fd->kind == TUI_F_COMBO ? "(type, or Enter for suggestions)" : NULL;
		draw_field_text(t, y, x, w, &fd->text, &fd->view, focused, ph);
	} else {
		esc_buf v;
		esc_buf_init(&v);
		form_value_text(fd, t->accessible, &v);
		draw_fill(t, y, x, w, focused ? TUI_ST_FOCUS : TUI_ST_FIELD);
		if (v.len)
			draw_text(t, y, x, w, focused ? TUI_ST_FOCUS : TUI_ST_FIELD, v.data);
		else
			draw_text(t, y, x, w, focused ? TUI_ST_FOCUS : TUI_ST_DIM,
			          "(type, or Enter: choose from the list)");
		esc_buf_free(&v);
	}
	if (fd->error[0]) {
		tui_lines l = {0};
		char msg[sizeof fd->error + 4];
		snprintf(msg, sizeof msg, t->accessible ? "Problem: %s" : "! %s", fd->error);
		lines_wrap(&l, TUI_ST_ERROR, 0, 2, w, msg);
		for (size_t k = 0; k < l.n && k < ERROR_LINES; k++)
			draw_text(t, y + rows + (int)k, x + l.v[k].indent, w - l.v[k].indent,
			          TUI_ST_ERROR, l.v[k].text);
		lines_free(&l);
	}
}

static void form_draw(tui *t, tui_view *v)
{
	tui_form *f = v->data;
	int y = 1;

	draw_title(t, f->title);
	if (f->intro[0]) {
		tui_lines l = {0};
		lines_wrap(&l, f->warn ? TUI_ST_URGENT : TUI_ST_NORMAL, 1, 1, t->cols - 2,
		           f->intro);
		for (size_t i = 0; i < l.n && i < 5; i++)
			draw_text(t, y++, 1, t->cols - 2, l.v[i].style, l.v[i].text);
		lines_free(&l);
	}
	if (f->error[0]) {
		char msg[sizeof f->error + 16];
		snprintf(msg, sizeof msg, "Not saved: %s", f->error);
		draw_text(t, y++, 1, t->cols - 2, TUI_ST_ERROR, msg);
	}
	form_live_draw(t, f, &y);
	y++;
	int bottom = t->rows - 3; /* message and key lines below */
	f->body_rows = bottom - y + 1;

	/* Scroll so that the focused field and its message are on screen. */
	if (f->focus < f->top)
		f->top = f->focus;
	for (;;) {
		int h = 0;
		for (int i = f->top; i <= f->focus && (size_t)i < f->n; i++)
			h += field_height(t, &f->fields[i], i == f->focus);
		if (h <= f->body_rows || f->top >= f->focus)
			break;
		f->top++;
	}
	if (f->top > 0)
		draw_text(t, y - 1, t->cols - 14, 13, TUI_ST_DIM, "^ more above");
	int i = f->top;
	for (; (size_t)i < f->n; i++) {
		int h = field_height(t, &f->fields[i], i == f->focus);
		if (y + h - 1 > bottom)
			break;
		form_draw_field(t, f, i, y);
		y += h;
	}
	if ((size_t)i < f->n)
		draw_text(t, bottom, t->cols - 14, 13, TUI_ST_DIM, "v more below");
	const tui_form_field *fd = f->n ? &f->fields[f->focus] : NULL;
	char hint[400];
	snprintf(hint, sizeof hint, "%s%s", fd && fd->kind == TUI_F_LONG ? form_long_hint() : "",
	         fd && fd->hint ? fd->hint : "Fields marked * are required.");
	draw_footer(t, TUI_S_FORM, hint);
}

/* A date field shows back the date it understood ("today" becomes the
 * day's date) when the focus leaves it and before a save. */
static void form_date_field(tui_form *f, tui_form_field *fd)
{
	char out[64];
	if (fd->kind == TUI_F_DATE && form_date_understand(fd->text.s, f->today, out, sizeof out))
		tui_text_set(&fd->text, out);
}

static void form_move(tui_form *f, int delta)
{
	if (!f->n)
		return;
	form_date_field(f, &f->fields[f->focus]);
	f->focus = (f->focus + delta + (int)f->n) % (int)f->n;
}

static int form_picked(tui *t, void *ctx, int chosen, const bool *marked)
{
	tui_form *f = ctx;
	(void)t;
	if (f->picking < 0 || (size_t)f->picking >= f->n)
		return TUI_REDRAW;
	tui_form_field *fd = &f->fields[f->picking];
	if (fd->kind == TUI_F_MULTI && marked)
		memcpy(fd->marked, marked, fd->noptions * sizeof *marked);
	else if (fd->kind == TUI_F_COMBO && chosen >= 0)
		tui_text_set(&fd->text, fd->options[chosen]);
	else if (chosen >= 0)
		fd->choice = chosen;
	fd->error[0] = '\0';
	f->dirty = true;
	/* A choice made, the cursor goes on to the next field. */
	if (f->focus == f->picking)
		form_move(f, 1);
	f->picking = -1;
	return TUI_REDRAW;
}

static void form_open_pick(tui *t, tui_form *f, uint32_t typed)
{
	tui_form_field *fd = &f->fields[f->focus];
	if (!fd->noptions) {
		tui_message(t, TUI_MSG_ERROR,
		            "The list for %s is empty; an admin adds entries with "
		            "escalate config.",
		            fd->label);
		return;
	}
	f->picking = f->focus;
	tui_pick_open_typed(t, fd->label, (const char *const *)fd->options, fd->noptions,
	                    fd->choice, fd->kind == TUI_F_MULTI ? fd->marked : NULL, typed,
	                    form_picked, f);
}

static int form_write(tui *t, tui_form *f)
{
	esc_error err;
	esc_error_clear(&err);
	f->error[0] = '\0';
	for (size_t i = 0; i < f->n; i++) {
		f->fields[i].error[0] = '\0';
		form_date_field(f, &f->fields[i]);
	}
	if (f->submit(t, f, &err) != ESC_OK) {
		if (f->refused && f->refused(t, f, &err))
			return TUI_REDRAW;
		form_show_error(t, f, &err);
		if (err.status == ESC_EINVALID)
			form_show_more(t, f);
		return TUI_REDRAW;
	}
	f->dirty = false;
	tui_mark_stale(t);
	tui_close_data(t, f);
	if (f->saved)
		f->saved(t, f);
	return TUI_REDRAW;
}

static int form_confirmed(tui *t, void *ctx, bool yes)
{
	if (!yes) {
		tui_message(t, TUI_MSG_INFO, "Not saved; the form is as you left it.");
		return TUI_REDRAW;
	}
	return form_write(t, ctx);
}

static int form_discard(tui *t, void *ctx, bool yes)
{
	if (yes) {
		/* The case may have moved while the form was open: what is shown
		 * under it is read again, saved or not. */
		tui_mark_stale(t);
		tui_close_data(t, ctx);
		tui_message(t, TUI_MSG_INFO, "Cancelled; nothing was written.");
	}
	return TUI_REDRAW;
}

static int form_save(tui *t, tui_form *f)
{
	if (f->confirm[0]) {
		tui_confirm_open(t, f->confirm, form_confirmed, f);
		return TUI_REDRAW;
	}
	return form_write(t, f);
}

static int form_activate(tui *t, tui_form *f)
{
	tui_form_field *fd = &f->fields[f->focus];
	switch (fd->kind) {
	case TUI_F_PICK:
	case TUI_F_MULTI:
	case TUI_F_COMBO:
		form_open_pick(t, f, 0);
		return TUI_REDRAW;
	case TUI_F_CHOICE:
		if (fd->noptions)
			fd->choice = (fd->choice + 1) % (int)fd->noptions;
		field_edited(f, fd);
		if (f->chosen)
			f->chosen(f, f->focus);
		return TUI_REDRAW;
	case TUI_F_BUTTON:
		if (fd->id == TUI_BUTTON_SAVE)
			return form_save(t, f);
		return f->press ? f->press(t, f, f->focus) : TUI_DONE;
	default:
		form_move(f, 1);
		return TUI_REDRAW;
	}
}

static int form_handle(tui *t, tui_view *v, tui_action a, tui_key key)
{
	tui_form *f = v->data;
	if (!f->n)
		return TUI_UNHANDLED;
	tui_form_field *fd = &f->fields[f->focus];
	if (fd->kind == TUI_F_LONG) {
		/* A text area: Enter breaks the line, Up and Down move in it. */
		switch (tui_keys_lookup(TUI_S_TEXTAREA, key)) {
		case TUI_A_NEWLINE:
			if (tui_text_newline(&fd->text))
				field_edited(f, fd);
			else
				tui_message(t, TUI_MSG_ERROR, "%s is full (at most %zu bytes).",
				            fd->label, fd->text.max);
			return TUI_REDRAW;
		case TUI_A_LINE_UP:
			if (!form_long_line_move(t, fd, -1))
				form_move(f, -1);
			return TUI_REDRAW;
		case TUI_A_LINE_DOWN:
			if (!form_long_line_move(t, fd, 1))
				form_move(f, 1);
			return TUI_REDRAW;
		case TUI_A_EDITOR:
			if (tui_edit_long(t, fd))
				field_edited(f, fd);
			return TUI_REDRAW;
		default:
			break;
		}
	}
	if (field_editable(fd)) {
		/* Text first: in a field, letters (q and ? too) are typed. */
		tui_action edit = tui_keys_lookup(TUI_S_FIELD, key);
		if (edit != TUI_A_NONE) {
			size_t len = fd->text.len;
			tui_text_apply(&fd->text, edit);
			if (fd->text.len != len)
				field_edited(f, fd);
			return TUI_REDRAW;
		}
		if (tui_key_printable(key)) {
			if (tui_text_insert(&fd->text, (uint32_t)key))
				field_edited(f, fd);
			else
				tui_message(t, TUI_MSG_ERROR, "%s is full (at most %zu bytes).",
				            fd->label, fd->text.max);
			return TUI_REDRAW;
		}
	}
	if ((fd->kind == TUI_F_PICK || fd->kind == TUI_F_MULTI) && key != ' ' &&
	    tui_key_printable(key)) {
		/* A letter on a pick-list field opens the list narrowed by it
		 * (q too: it is typed, as in a text field; Esc cancels). */
		form_open_pick(t, f, (uint32_t)key);
		return TUI_REDRAW;
	}
	switch (a) {
	case TUI_A_NEXT_FIELD:
		form_move(f, 1);
		return TUI_REDRAW;
	case TUI_A_PREV_FIELD:
		form_move(f, -1);
		return TUI_REDRAW;
	case TUI_A_ACTIVATE:
		return form_activate(t, f);
	case TUI_A_SAVE:
		return form_save(t, f);
	case TUI_A_CANCEL:
		if (f->dirty) {
			tui_confirm_open(
			    t, "Discard what you typed? Nothing has been written yet. (y/n)",
			    form_discard, f);
			return TUI_REDRAW;
		}
		tui_mark_stale(t);
		tui_message(t, TUI_MSG_INFO, "Cancelled; nothing was written.");
		return TUI_POP;
	case TUI_A_CHOICE_PREV:
	case TUI_A_CHOICE_NEXT:
		if (fd->kind != TUI_F_CHOICE || !fd->noptions)
			return TUI_DONE;
		fd->choice = (fd->choice + (a == TUI_A_CHOICE_NEXT ? 1 : -1) + (int)fd->noptions) %
		             (int)fd->noptions;
		field_edited(f, fd);
		if (f->chosen)
			f->chosen(f, f->focus);
		return TUI_REDRAW;
	default:
		return TUI_UNHANDLED;
	}
}

static void form_close(tui_view *v)
{
	tui_form_free(v->data);
}

static bool form_unsaved(const tui_view *v)
{
	const tui_form *f = v->data;
	return f->dirty;
}

static const tui_screen_ops form_ops = {
    .name = "form",
    .keys = TUI_S_FORM,
    .open = form_live_open,
    .draw = form_draw,
    .handle_key = form_handle,
    .close = form_close,
    .unsaved = form_unsaved,
};

esc_status tui_form_open(tui *t, tui_form *f)
{
	f->today = session_today(t->s);
	return tui_push(t, &form_ops, f);
}

int tui_form_write(tui *t, tui_form *f)
{
	return form_write(t, f);
}
