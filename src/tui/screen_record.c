/* The clinical-record entry (x in the case view): a page of the text that
 * `escalate show CASE --format record` prints (case_show_text), which s
 * saves to a file and | pipes to a command, as mutt does, byte for byte:
 * unwrapped, whatever the window's width.  The file is created 0600 by a
 * child that has given up the team group for good (esc_user_file_write);
 * the command runs as the user through /bin/sh (tui_run_command). */
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "editor.h"
#include "escalate/case_format.h"
#include "escalate/privilege.h"
#include "tui_int.h"

typedef struct record_page {
	char ref[ESC_REF_MAX + 1];
	char *text; /* exactly what show --format record prints */
	size_t len;
	char path[PATH_MAX];
	char command[1024]; /* the last one, one Up-arrow away */
} record_page;

static void record_free(void *ctx)
{
	record_page *r = ctx;
	if (!r)
		return;
	free(r->text);
	free(r);
}

static int record_write(tui *t, record_page *r, bool replace)
{
	esc_error err;
	bool exists = false;
	char where[PATH_MAX];
	esc_error_clear(&err);
	if (esc_user_file_write(r->path, r->text, r->len, replace, &exists, "file", &err) ==
	    ESC_OK) {
		if (!realpath(r->path, where))
			snprintf(where, sizeof where, "%s", r->path);
		tui_message(t, TUI_MSG_INFO, "Saved the entry for %s (%zu bytes, mode 0600) to %s",
		            r->ref, r->len, where);
		return TUI_REDRAW;
	}
	if (exists)
		return -1; /* the caller asks */
	tui_error(t, &err);
	return TUI_REDRAW;
}

static int record_replace(tui *t, void *ctx, bool yes)
{
	if (!yes) {
		tui_message(t, TUI_MSG_INFO, "Not saved; the file is as it was.");
		return TUI_REDRAW;
	}
	return record_write(t, ctx, true);
}

static int record_named(tui *t, void *ctx, const char *name)
{
	record_page *r = ctx;
	if (!*name) {
		tui_message(t, TUI_MSG_INFO, "Not saved: no file name.");
		return TUI_REDRAW;
	}
	/* "~/x" is the real user's home (not $HOME: the program may be set-id). */
	const struct passwd *pw = name[0] == '~' && name[1] == '/' ? getpwuid(getuid()) : NULL;
	if (pw)
		snprintf(r->path, sizeof r->path, "%s/%s", pw->pw_dir, name + 2);
	else
		snprintf(r->path, sizeof r->path, "%s", name);
	/* Never over a file without asking: the first try refuses one. */
	int rc = record_write(t, r, false);
	if (rc >= 0)
		return rc;
	char q[PATH_MAX + 64];
	snprintf(q, sizeof q, "%s exists. Replace it? (y/n)", r->path);
	tui_confirm_open(t, q, record_replace, r);
	return TUI_REDRAW;
}

static int record_piped(tui *t, void *ctx, const char *command)
{
	record_page *r = ctx;
	esc_error err;
	int status = -1;
	if (!command[command[0] ? strspn(command, " \t") : 0]) {
		tui_message(t, TUI_MSG_INFO, "Not piped: no command.");
		return TUI_REDRAW;
	}
	snprintf(r->command, sizeof r->command, "%s", command);
	esc_error_clear(&err);
	if (tui_run_command(t, command, NULL, r->text, r->len, true, &status, &err) != ESC_OK)
		tui_error(t, &err);
	else if (status == 0)
		tui_message(t, TUI_MSG_INFO, "Piped the entry for %s (%zu bytes) to: %s", r->ref,
		            r->len, command);
	else
		tui_message(t, TUI_MSG_ERROR, "The command ended with status %d: %s", status,
		            command);
	return TUI_REDRAW;
}

static int record_key(tui *t, void *ctx, tui_action a)
{
	record_page *r = ctx;
	char name[ESC_REF_MAX + 32];
	switch (a) {
	case TUI_A_RECORD_SAVE:
		snprintf(name, sizeof name, "%s-record.txt", r->ref);
		tui_prompt_open(t, "Save the entry to the file:", name, PATH_MAX - 1, record_named,
		                r);
		return TUI_REDRAW;
	case TUI_A_RECORD_PIPE:
		tui_prompt_recall(t, "Pipe the entry to the command:", r->command,
		                  sizeof r->command - 1, record_piped, r);
		return TUI_REDRAW;
	default:
		return TUI_UNHANDLED;
	}
}

esc_status tui_record_open(tui *t, long long id, const esc_case *c)
{
	record_page *r = calloc(1, sizeof *r);
	char title[ESC_REF_MAX + 64];
	esc_buf b;
	if (!r)
		abort();
	esc_buf_init(&b);
	case_show_text(t->s->db, id, c, ESC_FMT_RECORD, &b);
	snprintf(r->ref, sizeof r->ref, "%s", c->sum.ref);
	r->len = b.len;
	if (!(r->text = malloc(b.len + 1)))
		abort();
	memcpy(r->text, b.data ? b.data : "", b.len);
	r->text[b.len] = '\0';
	snprintf(title, sizeof title, "%s: entry for the child's clinical record", c->sum.ref);
	esc_status st = tui_pager_open_with(t, title, r->text, record_key, r, record_free);
	esc_buf_free(&b);
	return st;
}
