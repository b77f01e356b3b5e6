/* Files and folders that machine-readable output is written to (beyond
 * cli_out's single stream): a workbook file, and a folder of CSV files, one
 * per table of the export.  Every one is the user's own: the group privilege
 * is dropped for good first, files are created 0600 and folders 0700, and a
 * name inside the folder is never followed as a symbolic link. */
#include "cli_files.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

esc_status cli_file_create(const char *path, esc_error *err)
{
	if (!path || !*path)
		return esc_fail(err, ESC_EUSAGE, "out", "--out: give a file name");
	if (cli_drop_group(err) != ESC_OK)
		return err->status;
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOCTTY, 0600);
	if (fd < 0)
		return esc_fail(err, ESC_ESTORAGE, "out", "cannot write %s: %s", path,
		                strerror(errno));
	close(fd);
	return ESC_OK;
}

esc_status cli_dir_open(const char *path, int *fd, esc_error *err)
{
	*fd = -1;
	if (!path || !*path || strcmp(path, "-") == 0)
		return esc_fail(
		    err, ESC_EUSAGE, "out",
		    "--out: CSV is one file per table; give a folder to write them into");
	if (cli_drop_group(err) != ESC_OK)
		return err->status;
	if (mkdir(path, 0700) != 0 && errno != EEXIST)
		return esc_fail(err, ESC_ESTORAGE, "out", "cannot create the folder %s: %s", path,
		                strerror(errno));
	*fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (*fd < 0)
		return esc_fail(err, ESC_ESTORAGE, "out", "cannot open the folder %s: %s", path,
		                strerror(errno));
	return ESC_OK;
}

static esc_status csv_begin(void *ctx, const esc_table *t, esc_error *err)
{
	cli_csv_dir *d = ctx;
	char name[64];
	snprintf(name, sizeof name, "%s.csv", t->name);
	int fd =
	    openat(d->dirfd, name, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
	d->f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!d->f) {
		if (fd >= 0)
			close(fd);
		return esc_fail(err, ESC_ESTORAGE, "out", "cannot write %s/%s: %s", d->path, name,
		                strerror(errno));
	}
	esc_buf_reset(&d->buf);
	if (d->bom)
		esc_buf_puts(&d->buf, ESC_CSV_BOM);
	export_csv_header(&d->buf, t);
	return ESC_OK;
}

static esc_status csv_flush(cli_csv_dir *d, const esc_table *t, esc_error *err)
{
	if (d->buf.len && fwrite(d->buf.data, 1, d->buf.len, d->f) != d->buf.len)
		return esc_fail(err, ESC_ESTORAGE, "out", "writing %s/%s.csv failed: %s", d->path,
		                t->name, strerror(errno));
	esc_buf_reset(&d->buf);
	return ESC_OK;
}

static esc_status csv_row(void *ctx, const esc_table *t, const esc_cell *cells, esc_error *err)
{
	cli_csv_dir *d = ctx;
	export_csv_row(&d->buf, t, cells);
	return d->buf.len > 1 << 16 ? csv_flush(d, t, err) : ESC_OK;
}

static esc_status csv_end(void *ctx, const esc_table *t, esc_error *err)
{
	cli_csv_dir *d = ctx;
	esc_status rc = csv_flush(d, t, err);
	bool bad = fclose(d->f) != 0;
	d->f = NULL;
	if (rc == ESC_OK && bad)
		rc = esc_fail(err, ESC_ESTORAGE, "out", "writing %s/%s.csv failed: %s", d->path,
		              t->name, strerror(errno));
	if (rc == ESC_OK)
		d->files++;
	return rc;
}

esc_table_sink cli_csv_dir_sink(cli_csv_dir *d)
{
	return (esc_table_sink){.begin = csv_begin, .row = csv_row, .end = csv_end, .ctx = d};
}

void cli_csv_dir_close(cli_csv_dir *d)
{
	if (d->f)
		fclose(d->f);
	if (d->dirfd >= 0)
		close(d->dirfd);
	esc_buf_free(&d->buf);
	d->f = NULL;
	d->dirfd = -1;
}

bool cli_bom_wanted(const cli_args *a, int fmt)
{
	return fmt == ESC_FMT_CSV && cli_has(a, "bom");
}

bool cli_bom_refused(const cli_args *a, int fmt)
{
	if (fmt == ESC_FMT_CSV || !cli_has(a, "bom"))
		return false;
	cli_usage(a, "--bom is for --format csv (the byte-order mark is a CSV matter)");
	return true;
}
