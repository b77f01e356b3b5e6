/* The default key table and everything generated from it (help screen,
 * status-line hints, the man page's KEYS section). */
#include "keys.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

static const struct {
	const char *name, *help;
} actions[] = {
#define TUI_ACTION_ROW(e, name_, help_) {.name = name_, .help = help_},
    TUI_ACTION_LIST(TUI_ACTION_ROW)
#undef TUI_ACTION_ROW
};

static const char *const screen_titles[] = {
#define TUI_SCREEN_ROW(e, title) title,
    TUI_SCREEN_LIST(TUI_SCREEN_ROW)
#undef TUI_SCREEN_ROW
};

#define B(s, k, a)                                                                                 \
	{                                                                                          \
		.screen = TUI_S_##s, .key = (k), .action = TUI_A_##a                               \
	}
#define H(s, k, a)                                                                                 \
	{                                                                                          \
		.screen = TUI_S_##s, .key = (k), .action = TUI_A_##a, .hint = true                 \
	}

/* Movement shared by every screen that shows a list or a page of text. */
#define MOVES(s)                                                                                   \
	B(s, 'k', UP), B(s, TUI_FN(KEY_UP), UP), B(s, 'j', DOWN), B(s, TUI_FN(KEY_DOWN), DOWN),    \
	    B(s, TUI_FN(KEY_PPAGE), PAGE_UP), B(s, TUI_FN(KEY_NPAGE), PAGE_DOWN),                  \
	    B(s, TUI_FN(KEY_HOME), TOP), B(s, 'g', TOP), B(s, TUI_FN(KEY_END), BOTTOM),            \
	    B(s, 'G', BOTTOM)

/* Paging as in less (with Space): Ctrl-F, Ctrl-D forward; b, Ctrl-B, Ctrl-U
 * back. */
#define PAGES(s)                                                                                   \
	B(s, TUI_CTRL('f'), PAGE_DOWN), B(s, TUI_CTRL('d'), PAGE_DOWN), B(s, 'b', PAGE_UP),        \
	    B(s, TUI_CTRL('b'), PAGE_UP), B(s, TUI_CTRL('u'), PAGE_UP)

static const tui_binding bindings[] = {
    H(GLOBAL, '?', HELP),
    B(GLOBAL, TUI_FN(KEY_F(1)), HELP),
    B(GLOBAL, TUI_FN(KEY_F(5)), RELOAD),
    B(GLOBAL, TUI_CTRL('l'), REDRAW),
    B(GLOBAL, TUI_CTRL('c'), QUIT),
    B(GLOBAL, TUI_CTRL('z'), SUSPEND),

    MOVES(LIST),
    B(LIST, TUI_CTRL('f'), PAGE_DOWN),
    B(LIST, TUI_CTRL('d'), PAGE_DOWN),
    B(LIST, TUI_CTRL('b'), PAGE_UP),
    B(LIST, TUI_CTRL('u'), PAGE_UP),
    H(LIST, TUI_KEY_ENTER, OPEN),
    H(LIST, 'n', NEW),
    H(LIST, '/', SEARCH),
    B(LIST, 'N', SEARCH_PREV),
    H(LIST, 'f', VIEW),
    B(LIST, 'm', VIEW_NEEDS),
    B(LIST, 'o', VIEW_OPEN),
    B(LIST, 'A', VIEW_ALL),
    B(LIST, 'M', VIEW_MINE),
    B(LIST, 'O', VIEW_OVERDUE),
    B(LIST, 'l', FILTER_LEVEL),
    B(LIST, 'a', FILTER_LA),
    B(LIST, 't', FILTER_THEME),
    B(LIST, 'c', CLEAR),
    H(LIST, 's', SORT),
    H(LIST, 'r', REPORT),
    B(LIST, 'p', PATTERN),
    B(LIST, 'x', LIST_XLSX),
    H(LIST, 'q', QUIT),

    MOVES(CASE),
    B(CASE, ' ', PAGE_DOWN),
    PAGES(CASE),
    B(CASE, 'c', CONTACT),
    B(CASE, 'e', ESCALATE),
    B(CASE, 'u', URGENT),
    B(CASE, 'i', INFORM),
    B(CASE, 'o', NOTE),
    B(CASE, 'R', RESOLVE),
    B(CASE, 'w', WITHDRAW),
    B(CASE, 'O', REOPEN),
    B(CASE, 'A', AMEND),
    B(CASE, 'd', ACTION_DONE),
    B(CASE, 'D', ACTION_DROP),
    H(CASE, 'x', RECORD),
    H(CASE, 'q', BACK),
    B(CASE, TUI_KEY_ESC, BACK),

    H(FORM, TUI_KEY_TAB, NEXT_FIELD),
    B(FORM, TUI_FN(KEY_DOWN), NEXT_FIELD),
    H(FORM, TUI_FN(KEY_BTAB), PREV_FIELD),
    B(FORM, TUI_FN(KEY_UP), PREV_FIELD),
    H(FORM, TUI_KEY_ENTER, ACTIVATE),
    H(FORM, TUI_FN(KEY_F(2)), SAVE),
    H(FORM, TUI_CTRL('s'), SAVE),
    H(FORM, TUI_KEY_ESC, CANCEL),
    B(FORM, 'q', CANCEL),
    B(FORM, TUI_FN(KEY_LEFT), CHOICE_PREV),
    B(FORM, TUI_FN(KEY_RIGHT), CHOICE_NEXT),
    B(FORM, ' ', CHOICE_NEXT),

    B(FIELD, TUI_FN(KEY_LEFT), LEFT),
    B(FIELD, TUI_CTRL('b'), LEFT),
    B(FIELD, TUI_FN(KEY_RIGHT), RIGHT),
    B(FIELD, TUI_CTRL('f'), RIGHT),
    B(FIELD, TUI_FN(KEY_HOME), HOME),
    B(FIELD, TUI_CTRL('a'), HOME),
    B(FIELD, TUI_FN(KEY_END), END),
    B(FIELD, TUI_CTRL('e'), END),
    B(FIELD, TUI_FN(KEY_BACKSPACE), BACKSPACE),
    B(FIELD, TUI_FN(KEY_DC), DELETE),
    B(FIELD, TUI_CTRL('d'), DELETE),
    B(FIELD, TUI_CTRL('u'), KILL_START),
    B(FIELD, TUI_CTRL('k'), KILL_END),

    B(TEXTAREA, TUI_KEY_ENTER, NEWLINE),
    B(TEXTAREA, TUI_FN(KEY_UP), LINE_UP),
    B(TEXTAREA, TUI_FN(KEY_DOWN), LINE_DOWN),
    B(TEXTAREA, TUI_FN(KEY_F(4)), EDITOR),
    B(TEXTAREA, TUI_CTRL('o'), EDITOR),

    B(PICK, TUI_FN(KEY_UP), UP),
    B(PICK, TUI_FN(KEY_DOWN), DOWN),
    B(PICK, TUI_FN(KEY_PPAGE), PAGE_UP),
    B(PICK, TUI_FN(KEY_NPAGE), PAGE_DOWN),
    B(PICK, TUI_FN(KEY_HOME), TOP),
    B(PICK, TUI_FN(KEY_END), BOTTOM),
    H(PICK, ' ', TOGGLE),
    H(PICK, TUI_KEY_ENTER, CHOOSE),
    B(PICK, TUI_FN(KEY_BACKSPACE), BACKSPACE),
    H(PICK, TUI_KEY_ESC, CANCEL),

    H(CONFIRM, 'y', YES),
    B(CONFIRM, 'Y', YES),
    H(CONFIRM, 'n', NO),
    B(CONFIRM, 'N', NO),
    B(CONFIRM, TUI_KEY_ESC, NO),

    H(PROMPT, TUI_KEY_ENTER, ACCEPT),
    H(PROMPT, TUI_KEY_ESC, CANCEL),
    B(PROMPT, TUI_FN(KEY_UP), RECALL),
    B(PROMPT, TUI_KEY_TAB, SCOPE),

    MOVES(REPORT),
    B(REPORT, ' ', PAGE_DOWN),
    PAGES(REPORT),
    H(REPORT, TUI_FN(KEY_LEFT), PREV_PERIOD),
    B(REPORT, 'h', PREV_PERIOD),
    H(REPORT, TUI_FN(KEY_RIGHT), NEXT_PERIOD),
    B(REPORT, 'l', NEXT_PERIOD),
    B(REPORT, '.', THIS_PERIOD),
    H(REPORT, 'd', RANGE),
    H(REPORT, 'c', SAVE_CSV),
    H(REPORT, 'm', SAVE_MD),
    H(REPORT, 'x', SAVE_XLSX),
    H(REPORT, 'q', BACK),
    B(REPORT, TUI_KEY_ESC, BACK),

    H(RECORD, 's', RECORD_SAVE),
    H(RECORD, '|', RECORD_PIPE),
    H(RECORD, 'q', BACK),
    B(RECORD, TUI_KEY_ESC, BACK),

    MOVES(PAGER),
    H(PAGER, ' ', PAGE_DOWN),
    PAGES(PAGER),
    H(PAGER, '/', FIND),
    B(PAGER, 'n', FIND_NEXT),
    B(PAGER, 'N', FIND_PREV),
    H(PAGER, 'q', BACK),
    B(PAGER, TUI_KEY_ESC, BACK),
};

#undef MOVES
#undef PAGES
#undef B
#undef H

const char *tui_action_name(tui_action a)
{
	return (unsigned)a < TUI_A_COUNT ? actions[a].name : "";
}

const char *tui_action_help(tui_action a)
{
	return (unsigned)a < TUI_A_COUNT ? actions[a].help : "";
}

const char *tui_screen_title(tui_screen s)
{
	return (unsigned)s < TUI_S_COUNT ? screen_titles[s] : "";
}

const tui_binding *tui_bindings(size_t *count)
{
	if (count)
		*count = sizeof bindings / sizeof bindings[0];
	return bindings;
}

tui_action tui_keys_lookup(tui_screen screen, tui_key key)
{
	for (size_t i = 0; i < sizeof bindings / sizeof bindings[0]; i++)
		if (bindings[i].screen == screen && bindings[i].key == key)
			return bindings[i].action;
	return TUI_A_NONE;
}

tui_key tui_keys_first(tui_screen screen, tui_action a)
{
	for (size_t i = 0; i < sizeof bindings / sizeof bindings[0]; i++)
		if (bindings[i].screen == screen && bindings[i].action == a)
			return bindings[i].key;
	return TUI_KEY_NONE;
}

static const struct {
	int code;
	const char *name;
} fn_names[] = {
    {KEY_UP, "Up"},       {KEY_DOWN, "Down"},     {KEY_LEFT, "Left"},
    {KEY_RIGHT, "Right"}, {KEY_PPAGE, "PgUp"},    {KEY_NPAGE, "PgDn"},
    {KEY_HOME, "Home"},   {KEY_END, "End"},       {KEY_BACKSPACE, "Backspace"},
    {KEY_DC, "Delete"},   {KEY_IC, "Insert"},     {KEY_BTAB, "Shift-Tab"},
    {KEY_ENTER, "Enter"}, {KEY_RESIZE, "Resize"},
};

void tui_key_name(tui_key key, char *out, size_t outsz)
{
	if (tui_key_is_fn(key)) {
		int code = key - TUI_FN_BASE;
		for (size_t i = 0; i < sizeof fn_names / sizeof fn_names[0]; i++)
			if (fn_names[i].code == code) {
				snprintf(out, outsz, "%s", fn_names[i].name);
				return;
			}
		if (code >= KEY_F(1) && code <= KEY_F(24)) {
			snprintf(out, outsz, "F%d", code - KEY_F0);
			return;
		}
		snprintf(out, outsz, "key %d", code);
		return;
	}
	switch (key) {
	case TUI_KEY_ENTER:
		snprintf(out, outsz, "Enter");
		return;
	case TUI_KEY_TAB:
		snprintf(out, outsz, "Tab");
		return;
	case TUI_KEY_ESC:
		snprintf(out, outsz, "Esc");
		return;
	case ' ':
		snprintf(out, outsz, "Space");
		return;
	default:
		break;
	}
	if (key > 0 && key < 32)
		snprintf(out, outsz, "Ctrl-%c", 'A' + key - 1);
	else if (key > 32 && key < 127)
		snprintf(out, outsz, "%c", key);
	else
		snprintf(out, outsz, "U+%04X", (unsigned)key);
}

void tui_keys_for(tui_screen screen, tui_action a, char *out, size_t outsz)
{
	size_t used = 0;
	char name[24];

	if (outsz)
		out[0] = '\0';
	for (size_t i = 0; i < sizeof bindings / sizeof bindings[0]; i++) {
		if (bindings[i].screen != screen || bindings[i].action != a)
			continue;
		tui_key_name(bindings[i].key, name, sizeof name);
		int n = snprintf(out + used, outsz - used, "%s%s", used ? ", " : "", name);
		if (n < 0 || (size_t)n >= outsz - used)
			return;
		used += (size_t)n;
	}
}

void tui_keys_hint(tui_screen screen, esc_buf *out)
{
	tui_keys_hint_except(screen, TUI_A_NONE, out);
}

void tui_keys_hint_except(tui_screen screen, tui_action except, esc_buf *out)
{
	char name[24];
	bool seen[TUI_A_COUNT] = {false};
	const size_t n = sizeof bindings / sizeof bindings[0];

	seen[except] = except != TUI_A_NONE;
	esc_buf_reset(out);
	for (size_t i = 0; i < n; i++) {
		const tui_binding *b = &bindings[i];
		if (b->screen != screen || !b->hint || seen[b->action])
			continue;
		seen[b->action] = true;
		/* Every key hinted for the action, as "F2/Ctrl-S save". */
		esc_buf_puts(out, out->len ? "  " : "");
		for (size_t j = i; j < n; j++) {
			const tui_binding *o = &bindings[j];
			if (o->screen != screen || !o->hint || o->action != b->action)
				continue;
			tui_key_name(o->key, name, sizeof name);
			esc_buf_printf(out, "%s%s", j == i ? "" : "/", name);
		}
		esc_buf_printf(out, " %s", tui_action_name(b->action));
	}
}

void tui_keys_each_help(tui_keys_help_cb cb, void *ctx)
{
	char keys[160];

	for (int s = 0; s < TUI_S_COUNT; s++) {
		bool seen[TUI_A_COUNT] = {false};
		bool first = true;
		for (size_t i = 0; i < sizeof bindings / sizeof bindings[0]; i++) {
			const tui_binding *b = &bindings[i];
			if ((int)b->screen != s || seen[b->action])
				continue;
			seen[b->action] = true;
			tui_keys_for((tui_screen)s, b->action, keys, sizeof keys);
			cb((tui_screen)s, first, keys, b->action, ctx);
			first = false;
		}
	}
}

/* roff: a leading '.' or '\'' would be a request; '-' must be \- in
 * option-like text and '\' must be doubled. */
static void roff_text(esc_buf *out, const char *s)
{
	if (*s == '.' || *s == '\'')
		esc_buf_puts(out, "\\&");
	for (; *s; s++) {
		if (*s == '-')
			esc_buf_puts(out, "\\-");
		else if (*s == '\\')
			esc_buf_puts(out, "\\e");
		else
			esc_buf_add(out, s, 1);
	}
}

void tui_keys_roff_entry(const char *keys, tui_action a, esc_buf *out)
{
	esc_buf_puts(out, ".TP\n.B ");
	roff_text(out, keys);
	esc_buf_puts(out, "\n");
	roff_text(out, tui_action_help(a));
	esc_buf_puts(out, "\n");
}

void tui_keys_roff_section(tui_screen screen, esc_buf *out)
{
	esc_buf_puts(out, ".PP\n.B ");
	roff_text(out, tui_screen_title(screen));
	esc_buf_puts(out, "\n");
}

static void roff_cb(tui_screen screen, bool first, const char *keys, tui_action a, void *ctx)
{
	esc_buf *out = ctx;
	if (first)
		tui_keys_roff_section(screen, out);
	tui_keys_roff_entry(keys, a, out);
}

void tui_keys_roff(esc_buf *out)
{
	esc_buf_puts(out, "The status line shows the main keys of the current screen;\n"
	                  ".B ?\n"
	                  "lists them all.\n"
	                  "A screen's own keys are tried before the keys that work everywhere.\n"
	                  "In text fields and prompts, printable characters are typed;\n"
	                  "in pick-lists they narrow the list.\n");
	tui_keys_each_help(roff_cb, out);
}
