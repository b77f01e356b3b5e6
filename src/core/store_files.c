/* The database's files: who may reach them, whether escalate can write
 * beside them, and creating one with the mode policy asks for. */
#include "escalate/store.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "store_int.h"

esc_status store_check_permissions(const char *path, const struct stat *st, long team_gid,
                                   esc_error *err)
{
	if (st->st_mode & S_IWOTH)
		return esc_fail(err, ESC_EUNSAFE, "",
		                "%s is writable by everyone; fix it with: chmod o-w '%s'", path,
		                path);
	if ((st->st_mode & S_IWGRP) && (team_gid < 0 || (long)st->st_gid != team_gid))
		return esc_fail(
		    err, ESC_EUNSAFE, "",
		    "%s is writable by its group, which is not the escalate team group; "
		    "fix it with: chmod g-w '%s'",
		    path, path);
	if (!S_ISREG(st->st_mode))
		return esc_fail(err, ESC_EUNSAFE, "", "%s is not a regular file", path);
	return ESC_OK;
}

/* 'text' for a shell command line, quoted: the message gives a command to
 * paste. */
static void shell_quote(char *out, size_t outsz, const char *text)
{
	size_t n = 0;
	if (outsz < 3)
		return;
	out[n++] = '\'';
	for (const char *p = text; *p && n + 5 < outsz; p++) {
		if (*p == '\'') {
			memcpy(out + n, "'\\''", 4);
			n += 4;
		} else {
			out[n++] = *p;
		}
	}
	out[n++] = '\'';
	out[n] = '\0';
}

/* A personal database holds NHS numbers for one login: the file, its
 * directory and SQLite's files beside it must be closed to everyone else.
 * One message with the one chmod that fixes every part at once (issue 11
 * item 6: fixing o-w, then g-w, took two round trips). */
esc_status store_check_personal(const char *path, const struct stat *st, esc_error *err)
{
	char dir[4096], cmd[3 * 4096], q[4200], side[4200];
	snprintf(dir, sizeof dir, "%s", path);
	char *slash = strrchr(dir, '/');
	if (!slash)
		snprintf(dir, sizeof dir, ".");
	else if (slash == dir)
		dir[1] = '\0';
	else
		*slash = '\0';
	struct stat dst;
	bool dir_open = stat(dir, &dst) == 0 && (dst.st_mode & 077);
	bool file_open = (st->st_mode & 077) != 0;
	bool side_open = false;
	size_t n = (size_t)snprintf(cmd, sizeof cmd, "chmod go-rwx");
	if (dir_open) {
		shell_quote(q, sizeof q, dir);
		n += (size_t)snprintf(cmd + n, sizeof cmd - n, " %s", q);
	}
	if (file_open) {
		shell_quote(q, sizeof q, path);
		n += (size_t)snprintf(cmd + n, sizeof cmd - n, " %s", q);
	}
	for (int i = 0; i < 2 && n < sizeof cmd; i++) {
		struct stat sst;
		snprintf(side, sizeof side, "%s%s", path, i ? "-shm" : "-wal");
		if (lstat(side, &sst) == 0 && (sst.st_mode & 077)) {
			side_open = true;
			shell_quote(q, sizeof q, side);
			n += (size_t)snprintf(cmd + n, sizeof cmd - n, " %s", q);
		}
	}
	if (!dir_open && !file_open && !side_open)
		return ESC_OK;
	return esc_fail(err, ESC_EUNSAFE, "",
	                "%s is a personal database, and other logins can reach it (file %04o, "
	                "directory %04o); it holds children's NHS numbers. Fix all of it with: "
	                "%.300s",
	                path, (unsigned)(st->st_mode & 07777),
	                dir_open ? (unsigned)(dst.st_mode & 07777) : 0700u, cmd);
}

/* SQLite writes the -wal and -shm files beside the database, even to read
 * it: on read-only storage, or in a directory this process cannot write,
 * say so plainly instead of SQLite's "unable to open database file".
 * Effective ids (AT_EACCESS): set-id, the team group is what writes. */
esc_status store_check_writable(const char *path, bool readonly, esc_error *err)
{
	char dir[4096];
	snprintf(dir, sizeof dir, "%s", path);
	char *slash = strrchr(dir, '/');
	if (!slash)
		snprintf(dir, sizeof dir, ".");
	else if (slash == dir)
		dir[1] = '\0';
	else
		*slash = '\0';
	struct statvfs vfs;
	if (statvfs(dir, &vfs) == 0 && (vfs.f_flag & ST_RDONLY))
		return esc_fail(
		    err, ESC_EREADONLY, "",
		    "%s is on read-only storage; escalate writes beside the database "
		    "(its -wal and -shm files) even to read it: copy it somewhere writable",
		    path);
	if (!readonly && faccessat(AT_FDCWD, path, W_OK, AT_EACCESS) != 0)
		return esc_fail(err, ESC_EREADONLY, "",
		                "%s is read-only (%s); check its permissions", path,
		                strerror(errno));
	if (faccessat(AT_FDCWD, dir, W_OK, AT_EACCESS) != 0)
		return esc_fail(
		    err, ESC_EREADONLY, "",
		    "cannot write in %s (%s), where escalate keeps the database's -wal and "
		    "-shm files; check the directory's permissions",
		    dir, strerror(errno));
	return ESC_OK;
}

/* Creates the file with the mode policy asks for, whatever the umask:
 * personal 0600, team 0660. */
esc_status store_create_file(const char *path, bool team, esc_error *err)
{
	mode_t mode = team ? 0660 : 0600;
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
	if (fd < 0) {
		if (errno == EEXIST)
			return ESC_OK;
		esc_status st = errno == ENOSPC                       ? ESC_EFULL
		                : (errno == EROFS || errno == EACCES) ? ESC_EREADONLY
		                                                      : ESC_ESTORAGE;
		return esc_fail(err, st, "", "cannot create %s: %s", path, strerror(errno));
	}
	if (fchmod(fd, mode) != 0) {
		int e = errno;
		close(fd);
		return esc_fail(err, ESC_ESTORAGE, "", "cannot set the mode of %s: %s", path,
		                strerror(e));
	}
	close(fd);
	return ESC_OK;
}
