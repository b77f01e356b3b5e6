/* backup and restore through SQLite's online backup API, each copy
 * verified before it takes the name it is meant to have (backup.h). */
#include "escalate/backup.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "escalate/session.h"
#include "escalate/staff.h"
#include "escalate/store.h"

/* "DIR/.NAME.TAG-XXXXXX" beside `path`: the same file system, so that the
 * final rename is atomic. */
static void temp_name(const char *path, const char *tag, char *out, size_t outsz)
{
	char d[4096], b[4096];
	snprintf(d, sizeof d, "%s", path);
	snprintf(b, sizeof b, "%s", path);
	snprintf(out, outsz, "%s/.%s.%s-XXXXXX", dirname(d), basename(b), tag);
}

static esc_status sys_fail(esc_error *err, const char *what, const char *path)
{
	int e = errno;
	esc_status st = e == ENOSPC                   ? ESC_EFULL
	                : (e == EROFS || e == EACCES) ? ESC_EREADONLY
	                                              : ESC_ESTORAGE;
	return esc_fail(err, st, "file", "%s %s: %s", what, path, strerror(e));
}

/* Creates the temporary file with `mode` (whatever the umask). */
static esc_status make_temp(const char *path, const char *tag, mode_t mode, char *tmp, size_t tmpsz,
                            esc_error *err)
{
	temp_name(path, tag, tmp, tmpsz);
	int fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0)
		return sys_fail(err, "cannot create a file beside", path);
	if (fchmod(fd, mode) != 0) {
		close(fd);
		unlink(tmp);
		return sys_fail(err, "cannot set the mode of", tmp);
	}
	close(fd);
	return ESC_OK;
}

/* Flushes a file (or directory) to the disk. */
static esc_status sync_path(const char *path, bool dir, esc_error *err)
{
	int fd = open(path, (dir ? O_RDONLY | O_DIRECTORY : O_RDWR) | O_CLOEXEC);
	if (fd < 0)
		return sys_fail(err, "cannot open", path);
	int rc = fsync(fd);
	close(fd);
	return rc == 0 ? ESC_OK : sys_fail(err, "cannot flush", path);
}

static esc_status sync_dir_of(const char *path, esc_error *err)
{
	char d[4096];
	snprintf(d, sizeof d, "%s", path);
	return sync_path(dirname(d), true, err);
}

/* Copies src (an open handle) into the file dst in one backup step: one
 * read transaction, so the copy is the database at one moment however
 * much others write meanwhile.  The copy is left in rollback-journal mode,
 * one self-contained file. */
static esc_status copy_db(sqlite3 *src, const char *dst_path, esc_error *err)
{
	sqlite3 *dst = NULL;
	int rc =
	    sqlite3_open_v2(dst_path, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW, NULL);
	if (rc != SQLITE_OK) {
		sqlite3_close(dst);
		return esc_fail(err, ESC_ESTORAGE, "file", "cannot open %s: %s", dst_path,
		                sqlite3_errstr(rc));
	}
	sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
	if (!b) {
		esc_fail(err, ESC_ESTORAGE, "file", "cannot start the backup: %s",
		         sqlite3_errmsg(dst));
		sqlite3_close(dst);
		return err->status;
	}
	/* Busy or locked: another connection holds what the step needs for a
	 * moment; try again for up to the usual busy timeout. */
	for (int tries = 0;; tries++) {
		rc = sqlite3_backup_step(b, -1);
		if ((rc != SQLITE_BUSY && rc != SQLITE_LOCKED) || tries * 10 >= ESC_BUSY_TIMEOUT_MS)
			break;
		struct timespec nap = {.tv_sec = 0, .tv_nsec = 10 * 1000000L};
		nanosleep(&nap, NULL);
	}
	int done = rc;
	rc = sqlite3_backup_finish(b);
	if (done != SQLITE_DONE || rc != SQLITE_OK) {
		esc_fail(err,
		         done == SQLITE_BUSY || done == SQLITE_LOCKED ? ESC_EBUSY : ESC_ESTORAGE,
		         "file", "the backup copy failed: %s",
		         sqlite3_errstr(done != SQLITE_DONE ? done : rc));
		sqlite3_close(dst);
		return err->status;
	}
	char *msg = NULL;
	rc = sqlite3_exec(dst, "PRAGMA journal_mode = DELETE", NULL, NULL, &msg);
	sqlite3_free(msg);
	int crc = sqlite3_close(dst);
	if (rc != SQLITE_OK || crc != SQLITE_OK)
		return esc_fail(err, ESC_ESTORAGE, "file", "cannot finish the copy %s", dst_path);
	return ESC_OK;
}

/* The group a file may be writable by: a team database's own (0660 to the
 * team group, SPEC §6); -1 for a personal one. */
static long team_gid_of(const char *path, bool team)
{
	struct stat st;
	return team && stat(path, &st) == 0 ? (long)st.st_gid : -1;
}

static esc_status check_file(const char *path, long gid, esc_verify_report *rep, esc_error *err)
{
	esc_db *db = NULL;
	memset(rep, 0, sizeof *rep);
	/* A team database's copy is the team group's to read (0640). */
	unsigned flags = ESC_OPEN_READONLY | (gid >= 0 ? ESC_OPEN_TEAM : 0);
	if (store_open(path, flags, gid, &db, err) != ESC_OK)
		return err->status;
	esc_status st = audit_verify(db, rep, err);
	store_close(db);
	return st;
}

esc_status backup_check(const char *path, esc_verify_report *rep, esc_error *err)
{
	return check_file(path, -1, rep, err);
}

esc_status backup_write(esc_session *s, const char *dest, bool team, bool force,
                        esc_verify_report *rep, esc_error *err)
{
	char tmp[4200];
	struct stat st;
	memset(rep, 0, sizeof *rep);
	if (!s->me.id || !s->me.admin || !s->me.active)
		return esc_fail(err, ESC_EDENIED, "role",
		                "backup needs an escalate admin; you are not an admin");
	if (!dest || !*dest)
		return esc_fail(err, ESC_EUSAGE, "file", "backup: give the file to write");
	if (!force && lstat(dest, &st) == 0)
		return esc_fail(err, ESC_ECONFLICT, "file",
		                "%s exists; give another name, or --force to replace it", dest);
	if (make_temp(dest, "partial", team ? 0640 : 0600, tmp, sizeof tmp, err) != ESC_OK)
		return err->status;
	/* The team group may read a team database's backup. */
	if (team && (stat(store_path(s->db), &st) != 0 || chown(tmp, (uid_t)-1, st.st_gid) != 0))
		chmod(tmp, 0600);
	esc_status rc = copy_db(store_handle(s->db), tmp, err);
	if (rc == ESC_OK)
		rc = sync_path(tmp, false, err);
	if (rc == ESC_OK && check_file(tmp, team_gid_of(tmp, team), rep, err) != ESC_OK) {
		esc_error why = *err;
		rc =
		    esc_fail(err, why.status, "file",
		             "the copy does not verify, so no backup was written: %s", why.message);
	}
	if (rc == ESC_OK && renameat2(AT_FDCWD, tmp, AT_FDCWD, dest, force ? 0 : RENAME_NOREPLACE))
		rc = sys_fail(err, "cannot rename the verified copy to", dest);
	if (rc == ESC_OK)
		rc = sync_dir_of(dest, err);
	if (rc != ESC_OK) {
		unlink(tmp);
		char side[4300];
		snprintf(side, sizeof side, "%s-journal", tmp);
		unlink(side);
	}
	return rc;
}

/* Whether `login` is an active admin of the database at path. */
static esc_status require_admin_in(const char *path, long gid, const char *login, const char *which,
                                   esc_error *err)
{
	esc_db *db = NULL;
	esc_staff me;
	if (store_open(path, ESC_OPEN_READONLY, gid, &db, err) != ESC_OK)
		return err->status;
	esc_error e = {0};
	esc_status st = staff_find(db, login, &me, &e);
	store_close(db);
	if (st != ESC_OK || !me.active || !me.admin)
		return esc_fail(err, ESC_EDENIED, "role",
		                "restore needs an escalate admin of %s; %s is not one", which,
		                login);
	return ESC_OK;
}

/* The database is closed by everyone: no -wal file is left beside it. */
static esc_status quiet_db(const char *db_path, long gid, esc_error *err)
{
	esc_db *db = NULL;
	char wal[4200];
	if (store_open(db_path, 0, gid, &db, err) != ESC_OK)
		return err->status;
	esc_status st = store_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)", err);
	store_close(db);
	if (st != ESC_OK)
		return st;
	snprintf(wal, sizeof wal, "%s-wal", db_path);
	if (access(wal, F_OK) == 0)
		return esc_fail(err, ESC_EBUSY, "db",
		                "%s is in use (its -wal file is still open): close every escalate "
		                "using it, then restore",
		                db_path);
	return ESC_OK;
}

esc_status backup_restore(const char *src, const char *db_path, const char *login, bool force,
                          bool team, esc_verify_report *rep, char *kept, size_t keptsz,
                          esc_error *err)
{
	char tmp[4200];
	struct stat st;
	kept[0] = '\0';
	if (backup_check(src, rep, err) != ESC_OK) {
		esc_error why = *err;
		return esc_fail(err, why.status, "file",
		                "%s does not verify, so nothing was restored: %s", src,
		                why.message);
	}
	bool exists = stat(db_path, &st) == 0;
	if (exists && !force)
		return esc_fail(err, ESC_ECONFLICT, "db",
		                "%s exists; restore replaces it only with --force (the file it "
		                "replaces is kept beside it)",
		                db_path);
	long gid = team_gid_of(db_path, team);
	if (require_admin_in(exists ? db_path : src, exists ? gid : -1, login,
	                     exists ? "the database being replaced" : "the backup", err) != ESC_OK)
		return err->status;
	if (exists && quiet_db(db_path, gid, err) != ESC_OK)
		return err->status;

	esc_db *from = NULL;
	if (store_open(src, ESC_OPEN_READONLY, -1, &from, err) != ESC_OK)
		return err->status;
	esc_status rc = make_temp(db_path, "restore", team ? 0660 : 0600, tmp, sizeof tmp, err);
	/* The restored file belongs to whom the replaced one did (a team
	 * database: its group, which the set-id escalate runs as). */
	if (rc == ESC_OK && exists && chown(tmp, st.st_uid, st.st_gid) != 0 &&
	    (st.st_uid != getuid() || st.st_gid != getgid()))
		rc = sys_fail(err, "cannot give the restored copy the owner and group of", db_path);
	if (rc == ESC_OK)
		rc = copy_db(store_handle(from), tmp, err);
	store_close(from);
	if (rc == ESC_OK)
		rc = sync_path(tmp, false, err);
	esc_verify_report again;
	if (rc == ESC_OK && check_file(tmp, team_gid_of(tmp, team), &again, err) != ESC_OK)
		rc = err->status;
	if (rc == ESC_OK && exists) {
		time_t now = time(NULL);
		struct tm tm;
		char stamp[32];
		strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", gmtime_r(&now, &tm));
		snprintf(kept, keptsz, "%s.replaced-%s", db_path, stamp);
		if (renameat2(AT_FDCWD, db_path, AT_FDCWD, kept, RENAME_NOREPLACE) != 0)
			rc = sys_fail(err, "cannot keep the replaced database as", kept);
	}
	if (rc == ESC_OK && rename(tmp, db_path) != 0) {
		rc = sys_fail(err, "cannot move the restored copy to", db_path);
		if (exists)
			rename(kept, db_path); /* put the old one back */
	}
	if (rc == ESC_OK)
		rc = sync_dir_of(db_path, err);
	if (rc != ESC_OK)
		unlink(tmp);
	return rc;
}
