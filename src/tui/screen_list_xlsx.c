/* The case list as an Excel workbook (x on the list): every case the list's
 * view and filters select, not only the screenful, in the columns `escalate
 * list --format xlsx` writes (export_summary_table), to a file the user
 * names, created 0600 as the user (SPEC §6: a set-id escalate gives up the
 * team group while it writes).  Its state lives in the list's own data, so
 * a cancelled prompt leaves nothing to free. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "escalate/export.h"
#include "escalate/xlsx.h"
#include "screen_list_xlsx.h"
#include "tui_int.h"

enum { XLSX_PAGE = 500 };

static esc_status write_rows(tui *t, tui_list_xlsx *lx, esc_xlsx *x, esc_error *err)
{
	esc_case_summary *rows = calloc(XLSX_PAGE, sizeof *rows);
	if (!rows)
		return esc_fail(err, ESC_EINTERNAL, "", "out of memory");
	esc_status st = xlsx_table_begin(x, export_summary_table(), err);
	long offset = 0;
	int got = XLSX_PAGE;
	while (st == ESC_OK && got == XLSX_PAGE) {
		st = query_list(t->s, &lx->f, offset, XLSX_PAGE, rows, &got, err);
		for (int i = 0; st == ESC_OK && i < got; i++) {
			esc_cell cells[ESC_SUMMARY_NCOLS];
			export_summary_cells(&rows[i], cells);
			st = xlsx_table_row(x, export_summary_table(), cells, err);
		}
		offset += got;
	}
	lx->written = offset;
	free(rows);
	return st;
}

static esc_status write_book(tui *t, tui_list_xlsx *lx, esc_error *err)
{
	gid_t egid = getegid();
	bool dropped = esc_privileged() && egid != getgid();
	if (dropped && setegid(getgid()) != 0)
		return esc_fail(err, ESC_EINTERNAL, "file", "could not drop the group privilege");
	esc_status st = ESC_OK;
	int fd = open(lx->path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOCTTY, 0600);
	esc_xlsx *x = NULL;
	if (fd < 0)
		st = esc_fail(err, ESC_ESTORAGE, "file", "cannot write %s: %s", lx->path,
		              strerror(errno));
	else
		close(fd);
	if (st == ESC_OK)
		st = xlsx_create(lx->path, true, &x, err);
	if (st == ESC_OK) {
		st = write_rows(t, lx, x, err);
		esc_error close_err;
		esc_status cst = xlsx_finish(x, &close_err);
		if (st == ESC_OK && cst != ESC_OK) {
			*err = close_err;
			st = cst;
		}
		if (st != ESC_OK)
			unlink(lx->path);
	}
	if (dropped && setegid(egid) != 0 && st == ESC_OK)
		st = esc_fail(err, ESC_EINTERNAL, "file", "could not restore the group privilege");
	return st;
}

static int list_xlsx_do(tui *t, tui_list_xlsx *lx)
{
	esc_error err;
	esc_error_clear(&err);
	if (write_book(t, lx, &err) != ESC_OK)
		tui_error(t, &err);
	else
		tui_message(t, TUI_MSG_INFO, "Wrote %ld case%s (XLSX) to %s", lx->written,
		            lx->written == 1 ? "" : "s", lx->path);
	return TUI_REDRAW;
}

static int list_xlsx_replace(tui *t, void *ctx, bool yes)
{
	if (!yes) {
		tui_message(t, TUI_MSG_INFO, "Not written.");
		return TUI_REDRAW;
	}
	return list_xlsx_do(t, ctx);
}

static int list_xlsx_named(tui *t, void *ctx, const char *name)
{
	tui_list_xlsx *lx = ctx;
	struct stat sb;
	if (!*name) {
		tui_message(t, TUI_MSG_INFO, "Not written: no file name.");
		return TUI_REDRAW;
	}
	/* "~/x" is the real user's home (not $HOME: the program may be set-id). */
	const struct passwd *pw = name[0] == '~' && name[1] == '/' ? getpwuid(getuid()) : NULL;
	if (pw)
		snprintf(lx->path, sizeof lx->path, "%s/%s", pw->pw_dir, name + 2);
	else
		snprintf(lx->path, sizeof lx->path, "%s", name);
	if (lstat(lx->path, &sb) == 0) {
		char q[PATH_MAX + 64];
		snprintf(q, sizeof q, "%s exists. Replace it? (y/n)", lx->path);
		tui_confirm_open(t, q, list_xlsx_replace, lx);
		return TUI_REDRAW;
	}
	return list_xlsx_do(t, lx);
}

/* The filter's strings are copied: the list may change while the prompt is
 * open. */
int tui_list_save_xlsx(tui *t, tui_list_xlsx *lx, const esc_list_filter *f)
{
	*lx = (tui_list_xlsx){.f = *f};
	snprintf(lx->la, sizeof lx->la, "%s", f->local_authority ? f->local_authority : "");
	snprintf(lx->theme, sizeof lx->theme, "%s", f->theme ? f->theme : "");
	snprintf(lx->search, sizeof lx->search, "%s", f->search ? f->search : "");
	snprintf(lx->owner, sizeof lx->owner, "%s", f->owner_login ? f->owner_login : "");
	lx->f.local_authority = f->local_authority ? lx->la : NULL;
	lx->f.theme = f->theme ? lx->theme : NULL;
	lx->f.search = f->search ? lx->search : NULL;
	lx->f.owner_login = f->owner_login ? lx->owner : NULL;
	tui_prompt_open(t, "Write the cases listed as XLSX to:", "escalations-list.xlsx",
	                PATH_MAX - 1, list_xlsx_named, lx);
	return TUI_REDRAW;
}
