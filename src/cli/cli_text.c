/* Aligned columns, CSV rows and JSON members for the listing commands. */
#include "cli_text.h"

#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "columns.h"

/* The terminal's width: $COLUMNS (as a user sets it), else the window's,
 * else 80. */
static int window_width(void)
{
	const char *env = getenv("COLUMNS");
	char *end;
	long n = env ? strtol(env, &end, 10) : 0;
	if (env && *env && !*end && n >= 20 && n <= 1000)
		return (int)n;
	struct winsize ws;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20)
		return ws.ws_col;
	return 80;
}

void cli_cols_init(cli_cols *t, int ncols, const char *const *heads, const int *caps,
                   bool terminal)
{
	*t = (cli_cols){.ncols = ncols > CLI_COLS_MAX ? CLI_COLS_MAX : ncols,
	                .terminal = terminal,
	                .window = terminal ? window_width() : 0};
	for (int i = 0; i < t->ncols; i++) {
		t->heads[i] = heads[i];
		t->cap[i] = caps ? caps[i] : 0;
	}
}

void cli_cols_droppable(cli_cols *t, int col, int drop)
{
	if (col >= 0 && col < t->ncols)
		t->drop[col] = drop;
}

bool cli_cols_add(cli_cols *t, const char *const *cells)
{
	if (t->nrows == t->maxrows) {
		size_t more = t->maxrows ? t->maxrows * 2 : 32;
		char **grown = realloc(t->cells, more * (size_t)t->ncols * sizeof *grown);
		if (!grown)
			return false;
		t->cells = grown;
		t->maxrows = more;
	}
	char **row = t->cells + t->nrows * (size_t)t->ncols;
	for (int i = 0; i < t->ncols; i++) {
		esc_buf b;
		esc_buf_init(&b);
		esc_sanitize(&b, cells[i] ? cells[i] : "", false);
		row[i] = b.data; /* ownership moves to the table */
	}
	t->nrows++;
	return true;
}

static void put_cell(FILE *f, const char *s, int width, bool last)
{
	int w = esc_display_width(s);
	if (w > width) {
		/* too wide (a terminal only): cut on a character boundary, marked */
		char cut[4 * ESC_SHORT_MAX + 8];
		tui_columns_cut(s, width, MB_CUR_MAX == 1, cut, sizeof cut);
		fputs(cut, f);
		w = esc_display_width(cut);
	} else {
		fputs(s, f);
	}
	if (!last)
		fprintf(f, "%*s", width - w + 2, "");
}

/* The widths: whole values; on a terminal fitted to the window. */
static void size_columns(cli_cols *t)
{
	tui_col shape[CLI_COLS_MAX];
	for (int c = 0; c < t->ncols; c++) {
		int w = esc_display_width(t->heads[c]);
		for (size_t r = 0; r < t->nrows; r++) {
			int cw = esc_display_width(t->cells[r * (size_t)t->ncols + (size_t)c]);
			w = cw > w ? cw : w;
		}
		int floor = t->cap[c] > 0 ? (t->cap[c] < 8 ? t->cap[c] : 8) : w;
		shape[c] = (tui_col){.want = w,
		                     .min = floor < w ? floor : w,
		                     /* cut before any column is left out */
		                     .cut = t->cap[c] > 0 ? 3 : 0,
		                     .drop = t->drop[c]};
		t->width[c] = w;
	}
	if (t->terminal)
		tui_columns_fit(shape, t->ncols, t->window, 2, t->width);
	t->sized = true;
}

void cli_cols_flush(cli_cols *t, FILE *f)
{
	if (!t->sized && t->nrows == 0)
		return; /* nothing yet: no header either */
	if (!t->sized) {
		size_columns(t);
		int last = t->ncols - 1;
		while (last > 0 && !t->width[last])
			last--;
		for (int c = 0; c <= last; c++)
			if (t->width[c] || c == last)
				put_cell(f, t->heads[c], t->width[c], c == last);
		fputc('\n', f);
	}
	for (size_t r = 0; r < t->nrows; r++) {
		char **row = t->cells + r * (size_t)t->ncols;
		int last = t->ncols - 1;
		while (last > 0 && !row[last][0])
			last--; /* no trailing blanks after the last filled cell */
		while (last > 0 && !t->width[last])
			last--; /* nor after a column left out on a narrow terminal */
		for (int c = 0; c < t->ncols; c++) {
			if (c <= last && (t->width[c] || !t->terminal))
				put_cell(f, row[c], t->width[c], c == last);
			free(row[c]);
		}
		fputc('\n', f);
	}
	t->nrows = 0;
}

void cli_cols_free(cli_cols *t)
{
	for (size_t i = 0; i < t->nrows * (size_t)t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
	t->cells = NULL;
	t->nrows = t->maxrows = 0;
}

void cli_csv_row(esc_buf *b, int n, const char *const *fields)
{
	for (int i = 0; i < n; i++) {
		if (i)
			esc_buf_puts(b, ",");
		esc_csv_field(b, fields[i] ? fields[i] : "");
	}
	esc_buf_puts(b, "\r\n");
}

static void json_key(esc_buf *b, bool first, const char *key)
{
	if (!first)
		esc_buf_puts(b, ",");
	esc_json_string(b, key);
	esc_buf_puts(b, ":");
}

void cli_json_str(esc_buf *b, bool first, const char *key, const char *value)
{
	json_key(b, first, key);
	esc_json_string(b, value ? value : "");
}

void cli_json_num(esc_buf *b, bool first, const char *key, long long value)
{
	json_key(b, first, key);
	esc_buf_printf(b, "%lld", value);
}

void cli_json_bool(esc_buf *b, bool first, const char *key, bool value)
{
	json_key(b, first, key);
	esc_buf_puts(b, value ? "true" : "false");
}

static bool dir_add(const esc_staff *s, void *ctx)
{
	cli_staff_dir *d = ctx;
	if (d->n == d->cap) {
		size_t more = d->cap ? d->cap * 2 : 16;
		esc_staff *grown = realloc(d->staff, more * sizeof *grown);
		if (!grown)
			return false;
		d->staff = grown;
		d->cap = more;
	}
	d->staff[d->n++] = *s;
	return true;
}

esc_status cli_staff_dir_load(cli_staff_dir *d, struct esc_db *db, esc_error *err)
{
	*d = (cli_staff_dir){0};
	return staff_each(db, dir_add, d, err);
}

const esc_staff *cli_staff_dir_find(const cli_staff_dir *d, const char *login)
{
	for (size_t i = 0; i < d->n; i++)
		if (strcmp(d->staff[i].login, login) == 0)
			return &d->staff[i];
	return NULL;
}

void cli_staff_dir_free(cli_staff_dir *d)
{
	free(d->staff);
	*d = (cli_staff_dir){0};
}
