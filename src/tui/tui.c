/* The main loop: read a key, give it to the top screen, then to the global
 * keys; apply the flags the handler returned; draw.  The terminal is restored
 * on every way out: q, Ctrl-C (read as a key: the terminal is in raw mode),
 * SIGTERM/SIGHUP (a flag checked by the loop) and exit() (atexit). */
#include "tui.h"

#include <errno.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "escalate/validate.h"
#include "tui_int.h"
#include "tui_start.h"

/* How long a read waits for a key before the loop looks at signals and at
 * what others wrote: four wake-ups a second at most when idle. */
#define TUI_IDLE_MS 250
/* While keys keep coming, others' writes are still looked at this often. */
#define TUI_LIVE_MS 1000

/* Set by the signal handler, read by the loop: the one piece of state a
 * signal handler may touch (a handler cannot be given a context). */
static volatile sig_atomic_t tui_signalled;

static void tui_on_signal(int sig)
{
	tui_signalled = sig;
}

static void tui_restore_at_exit(void)
{
	if (!isendwin())
		endwin();
}

esc_status tui_push(tui *t, const tui_screen_ops *ops, void *data)
{
	esc_error err;
	esc_error_clear(&err);
	if (t->depth >= TUI_STACK_MAX) {
		ops->close(&(tui_view){.ops = ops, .data = data});
		tui_message(t, TUI_MSG_ERROR, "Too many screens open; go back first (q).");
		return ESC_EUSAGE;
	}
	tui_view *v = &t->stack[t->depth];
	*v = (tui_view){.ops = ops, .data = data};
	if (ops->open && ops->open(t, v, &err) != ESC_OK) {
		tui_error(t, &err);
		ops->close(v);
		*v = (tui_view){0};
		return err.status;
	}
	t->depth++;
	return ESC_OK;
}

void tui_close_data(tui *t, const void *data)
{
	for (int i = 0; i < t->depth; i++)
		if (t->stack[i].data == data)
			t->stack[i].closing = true;
}

void tui_mark_stale(tui *t)
{
	for (int i = 0; i < t->depth; i++) {
		t->stack[i].stale = true;
		t->stack[i].live = false;
	}
	/* Every screen reads again now, so what is committed so far (this
	 * session's own write included) is no news at the next look. */
	esc_error err;
	esc_error_clear(&err);
	bool changed;
	t->live.primed = false;
	t->live_pending = false;
	live_poll(t->s->db, &t->live, &changed, &err);
}

void tui_mark_live(tui *t)
{
	for (int i = 0; i < t->depth; i++) {
		if (!t->stack[i].stale)
			t->stack[i].live = true;
		t->stack[i].stale = true;
	}
}

static long long tui_clock_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* Others wrote: every screen reads again before it is drawn; but not while
 * a pick-list, question or prompt is open, whose answer refers to what is
 * beneath it as it was shown (the entries of a list of patterns): then
 * once it is closed.  Returns whether the screens were marked. */
static bool tui_live_apply(tui *t)
{
	if (!t->live_pending || t->depth == 0 || t->stack[t->depth - 1].ops->overlay)
		return false;
	t->live_pending = false;
	tui_mark_live(t);
	if (t->msg_kind == TUI_MSG_NONE)
		tui_message(t, TUI_MSG_INFO, "Updated: someone else wrote to the database.");
	return true;
}

/* Whether another process recorded something since the last look; if so
 * every screen reads again before it is drawn. */
static bool tui_poll_live(tui *t)
{
	esc_error err;
	esc_error_clear(&err);
	bool changed = false;
	t->live_ms = tui_clock_ms();
	if (live_poll(t->s->db, &t->live, &changed, &err) != ESC_OK) {
		/* A busy or failing read now is tried again at the next look. */
		return false;
	}
	if (changed)
		t->live_pending = true;
	return tui_live_apply(t);
}

void tui_message(tui *t, tui_msg_kind kind, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(t->msg, sizeof t->msg, fmt, ap);
	va_end(ap);
	t->msg_kind = kind;
}

void tui_error(tui *t, const esc_error *err)
{
	const char *what = err->message[0] ? err->message : esc_status_meaning(err->status);
	if (err->status == ESC_EBUSY)
		tui_message(t, TUI_MSG_ERROR, "%s. Nothing was written.", what);
	else
		tui_message(t, TUI_MSG_ERROR, "%s", what);
}

bool tui_unsaved(const tui *t)
{
	for (int i = 0; i < t->depth; i++)
		if (t->stack[i].ops->unsaved && t->stack[i].ops->unsaved(&t->stack[i]))
			return true;
	return false;
}

/* Closes the screen at index i (and keeps the stack contiguous). */
static void tui_remove(tui *t, int i)
{
	tui_view v = t->stack[i];
	memmove(&t->stack[i], &t->stack[i + 1], (size_t)(t->depth - i - 1) * sizeof v);
	t->depth--;
	v.ops->close(&v);
}

static void tui_sweep(tui *t)
{
	for (int i = t->depth - 1; i >= 0; i--)
		if (t->stack[i].closing)
			tui_remove(t, i);
}

/* The cursor is never hidden: screen readers follow it, so after every draw
 * it sits on what has the focus (the strongest claim of the topmost screen
 * that made one, tui_mark), and never where drawing happened to end. */
static void tui_draw(tui *t)
{
	int cy = 1, cx = 0;
	getmaxyx(stdscr, t->rows, t->cols);
	t->cursor_on = false;
	t->mark_prio = -1;
	erase();
	if (t->cols < TUI_MIN_COLS || t->rows < TUI_MIN_ROWS) {
		draw_too_small(t);
		if (t->mark_prio >= 0)
			cy = t->mark_y, cx = t->mark_x;
	} else {
		int base = t->depth - 1;
		while (base > 0 && t->stack[base].ops->overlay)
			base--;
		for (int i = base; i < t->depth; i++) {
			tui_view *v = &t->stack[i];
			if (v->stale) {
				esc_error err;
				esc_error_clear(&err);
				v->stale = false;
				t->reloading_live = v->live;
				v->live = false;
				if (v->ops->open && v->ops->open(t, v, &err) != ESC_OK)
					tui_error(t, &err);
				t->reloading_live = false;
			}
			t->cursor_on = false;
			t->mark_prio = -1;
			v->ops->draw(t, v);
			if (t->cursor_on)
				draw_mark(t, t->cursor_y, t->cursor_x, TUI_MARK_TEXT);
			if (t->mark_prio >= 0)
				cy = t->mark_y, cx = t->mark_x;
		}
	}
	move(cy, cx);
	curs_set(1);
	wnoutrefresh(stdscr);
	doupdate();
}

/* get_wch() never returns again after a byte that cannot be part of UTF-8
 * (ncurses 6.4 keeps waiting to complete the character), so one stray byte
 * in a paste would freeze the interface, Ctrl-C included.  Bytes are read
 * with getch() instead and assembled here; a byte that does not make a
 * well-formed character is dropped. */
static tui_key tui_read_utf8(int lead)
{
	char buf[4] = {(char)lead};
	size_t need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc2 ? 2 : 0;
	if (need == 0)
		return TUI_KEY_NONE;
	for (size_t i = 1; i < need; i++) {
		int c = getch();
		if (c == ERR)
			return TUI_KEY_NONE;
		if (c < 0x80 || c > 0xbf) {
			ungetch(c); /* not a continuation: it starts the next key */
			return TUI_KEY_NONE;
		}
		buf[i] = (char)c;
	}
	uint32_t cp = 0;
	if (esc_utf8_decode(buf, need, &cp) != need)
		return TUI_KEY_NONE;
	return (tui_key)cp;
}

/* getch() gave ERR: the idle timeout, or a terminal that is gone.  A closed
 * terminal (its window or SSH connection gone without a SIGHUP reaching us,
 * e.g. under setsid) reads as EOF or EIO at once, and select() calls it
 * readable, so the loop would spin at full CPU for ever (issue 11 item 9).
 * A byte that arrived just after the timeout is read here and given back. */
static bool tui_input_gone(void)
{
	struct pollfd p = {.fd = STDIN_FILENO, .events = POLLIN};
	int n = poll(&p, 1, 0);
	if (n <= 0)
		return n < 0 && errno != EINTR && errno != EAGAIN;
	if (p.revents & (POLLHUP | POLLERR | POLLNVAL))
		return true;
	unsigned char b;
	ssize_t r = read(STDIN_FILENO, &b, 1);
	if (r == 1) {
		ungetch(b);
		return false;
	}
	return r == 0 || (errno != EINTR && errno != EAGAIN);
}

static tui_key tui_read_key(void)
{
	int ch = getch();
	if (ch == ERR) {
		/* Leave as on a hangup: nothing half-entered is saved. */
		if (tui_input_gone())
			tui_signalled = SIGHUP;
		return TUI_KEY_NONE;
	}
	if (ch >= KEY_MIN) {
		if (ch == KEY_ENTER)
			return TUI_KEY_ENTER;
		return TUI_FN(ch);
	}
	/* Terminals send Backspace as DEL or ^H, and Enter as CR. */
	if (ch == 127 || ch == 8)
		return TUI_FN(KEY_BACKSPACE);
	if (ch == '\r')
		return TUI_KEY_ENTER;
	if (ch >= 0x80)
		return tui_read_utf8(ch);
	return (tui_key)ch;
}

static int quit_confirmed(tui *t, void *ctx, bool yes)
{
	(void)ctx;
	(void)t;
	return yes ? TUI_QUIT : TUI_REDRAW;
}

/* Keys that work on every screen, after the screen has declined the key. */
static int tui_global(tui *t, tui_key key)
{
	switch (tui_keys_lookup(TUI_S_GLOBAL, key)) {
	case TUI_A_HELP:
		tui_help_open(t);
		return TUI_REDRAW;
	case TUI_A_RELOAD:
		tui_mark_stale(t);
		tui_message(t, TUI_MSG_INFO, "Reloaded.");
		return TUI_REDRAW;
	case TUI_A_REDRAW:
		clearok(curscr, TRUE);
		return TUI_REDRAW;
	case TUI_A_SUSPEND:
		/* ncurses' SIGTSTP handler leaves and restores the screen. */
		kill(getpid(), SIGTSTP);
		clearok(curscr, TRUE);
		return TUI_REDRAW;
	case TUI_A_QUIT:
		if (t->depth > 0 && tui_is_confirm(&t->stack[t->depth - 1]))
			return TUI_QUIT; /* Ctrl-C twice: leave now */
		if (tui_unsaved(t)) {
			tui_confirm_open(t, "Discard the form you are filling in and quit? (y/n)",
			                 quit_confirmed, NULL);
			return TUI_REDRAW;
		}
		return TUI_QUIT;
	default:
		return TUI_DONE;
	}
}

static int tui_dispatch(tui *t, tui_key key)
{
	int top = t->depth - 1;
	tui_view *v = &t->stack[top];
	tui_action a = tui_keys_lookup(v->ops->keys, key);
	int flags = v->ops->handle_key(t, v, a, key);
	if (flags & TUI_UNHANDLED)
		flags = (flags & ~TUI_UNHANDLED) | tui_global(t, key);
	if (flags & TUI_POP)
		t->stack[top].closing = true;
	return flags;
}

/* A paste arrives as thousands of keys at once.  Every key already waiting is
 * handled before the screen is drawn, so a burst costs one redraw, not one
 * per key (a 1 MiB paste took minutes when each key redrew the screen). */
static bool tui_key_waiting(void)
{
	timeout(0);
	int c = getch();
	timeout(TUI_IDLE_MS);
	if (c == ERR)
		return false;
	ungetch(c);
	return true;
}

static void tui_loop(tui *t)
{
	bool redraw = true;
	while (!t->quit && t->depth > 0) {
		if (redraw && !tui_key_waiting()) {
			tui_draw(t);
			redraw = false;
		}
		tui_key key = tui_read_key();
		if (tui_signalled)
			break;
		if (key == TUI_KEY_NONE) {
			/* Idle: the one place the database is looked at unasked. */
			if (tui_poll_live(t))
				redraw = true;
			continue;
		}
		if (tui_clock_ms() - t->live_ms >= TUI_LIVE_MS && tui_poll_live(t))
			redraw = true;
		redraw = true;
		if (key == TUI_FN(KEY_RESIZE))
			continue;
		t->msg_kind = TUI_MSG_NONE;
		int flags = tui_dispatch(t, key);
		if (flags & TUI_QUIT)
			t->quit = true;
		tui_sweep(t);
		tui_live_apply(t);
	}
}

static void tui_signals(struct sigaction *old_term, struct sigaction *old_hup)
{
	struct sigaction sa = {.sa_handler = tui_on_signal};
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: the read returns so the loop sees the flag. */
	sigaction(SIGTERM, &sa, old_term);
	sigaction(SIGHUP, &sa, old_hup);
}

int tui_main(esc_session *s, bool accessible)
{
	tui t = {.s = s, .accessible = accessible};
	struct sigaction old_term, old_hup;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fputs("escalate: the interface needs a terminal; see escalate --help for the "
		      "subcommands\n",
		      stderr);
		return ESC_EUSAGE;
	}
	if (!tui_start_locale_ok(stderr) || !tui_start_terminal_ok(stderr))
		return ESC_EUSAGE;
	tui_signalled = 0;
	tui_signals(&old_term, &old_hup);
	SCREEN *scr = newterm(NULL, stdout, stdin);
	if (!scr) {
		const char *term = getenv("TERM");
		fputs("escalate: cannot drive this terminal (TERM=", stderr);
		esc_fputs_safe(term ? term : "", stderr, false);
		fputs("); set TERM to your terminal's type or use the subcommands\n", stderr);
		sigaction(SIGTERM, &old_term, NULL);
		sigaction(SIGHUP, &old_hup, NULL);
		return ESC_EUSAGE;
	}
	atexit(tui_restore_at_exit);
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	/* The cursor is left where each draw puts it (tui_draw), never parked. */
	leaveok(stdscr, FALSE);
	curs_set(1);
	set_escdelay(25);
	timeout(TUI_IDLE_MS);
	draw_styles_init(&t);
	esc_buf_init(&t.scratch);
	getmaxyx(stdscr, t.rows, t.cols);

	int code = 0;
	tui_poll_live(&t); /* the marks as the first screens read them */
	esc_status st = tui_list_open(&t);
	if (st == ESC_OK)
		tui_loop(&t);
	while (t.depth > 0)
		tui_remove(&t, t.depth - 1);
	endwin();
	delscreen(scr);
	if (st != ESC_OK) {
		/* The list could not be read: say why on the restored terminal. */
		fputs("escalate: ", stderr);
		esc_fputs_safe(t.msg, stderr, false);
		fputc('\n', stderr);
		code = st;
	}
	esc_buf_free(&t.scratch);
	sigaction(SIGTERM, &old_term, NULL);
	sigaction(SIGHUP, &old_hup, NULL);
	if (tui_signalled)
		code = 128 + tui_signalled;
	return code;
}
