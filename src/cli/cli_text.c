/* Aligned columns, CSV rows and JSON members for the listing commands. */
#include "cli_text.h"

#include <stdlib.h>
#include <string.h>

void cli_cols_init(cli_cols *t, int ncols, const char *const *heads, const int *caps,
                   bool terminal)
{
	*t = (cli_cols){.ncols = ncols > CLI_COLS_MAX ? CLI_COLS_MAX : ncols, .terminal = terminal};
	for (int i = 0; i < t->ncols; i++) {
		t->heads[i] = heads[i];
		t->cap[i] = caps ? caps[i] : 0;
	}
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
		/* too wide: cut on a character boundary and mark the cut */
		size_t n = esc_prefix_for_width(s, width - 1);
		char *cut = strndup(s, n);
		w = (cut ? esc_display_width(cut) : 0) + 1;
		if (cut)
			fputs(cut, f);
		fputs("\u2026", f); /* one column wide */
		free(cut);
	} else {
		fputs(s, f);
	}
	if (!last)
		fprintf(f, "%*s", width - w + 2, "");
}

void cli_cols_flush(cli_cols *t, FILE *f)
{
	if (!t->sized && t->nrows == 0)
		return; /* nothing yet: no header either */
	if (!t->sized) {
		for (int c = 0; c < t->ncols; c++) {
			int w = esc_display_width(t->heads[c]);
			for (size_t r = 0; r < t->nrows; r++) {
				int cw =
				    esc_display_width(t->cells[r * (size_t)t->ncols + (size_t)c]);
				w = cw > w ? cw : w;
			}
			if (t->terminal && t->cap[c] > 0 && w > t->cap[c])
				w = t->cap[c];
			t->width[c] = w;
		}
		t->sized = true;
		for (int c = 0; c < t->ncols; c++)
			put_cell(f, t->heads[c], t->width[c], c == t->ncols - 1);
		fputc('\n', f);
	}
	for (size_t r = 0; r < t->nrows; r++) {
		char **row = t->cells + r * (size_t)t->ncols;
		int last = t->ncols - 1;
		while (last > 0 && !row[last][0])
			last--; /* no trailing blanks after the last filled cell */
		for (int c = 0; c < t->ncols; c++) {
			if (c <= last)
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
