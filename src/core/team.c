/* Naming the team database (team.h).  A user of the set-id binary controls
 * the path they pass and every directory they own, but not the team
 * directory: it is root's, group-owned and closed to others (2770), so no
 * one but root and escalate itself can create, rename or replace anything
 * in it.  Reaching the database by a name inside that directory, through a
 * path escalate built from its own configuration, leaves nothing for a user
 * to swap between a check and an open (issue 11 item 1: a symlink/folder
 * exchange won 145 of 1,500 races against realpath-then-open). */
#include "escalate/team.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define TEAM_NAME_MAX 128

static const char *const sidecars[] = {"-wal", "-shm", "-journal"};

static bool ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), t = strlen(tail);
	return n >= t && strcmp(s + n - t, tail) == 0;
}

static esc_status check_name(const char *name, esc_error *err)
{
	size_t n = strlen(name);
	if (n == 0 || n > TEAM_NAME_MAX)
		return esc_fail(err, ESC_EUSAGE, "db",
		                "--db: while escalate runs set-id, give the bare file name of a "
		                "team database (at most %d characters)",
		                TEAM_NAME_MAX);
	for (size_t i = 0; i < n; i++) {
		char c = name[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '_' || c == '-'))
			return esc_fail(
			    err, ESC_EDENIED, "db",
			    "--db: while escalate runs set-id, the database is named, not "
			    "pathed: give the bare file name of a database in the team "
			    "directory (letters, digits, '.', '_' and '-')");
	}
	for (size_t i = 0; i < sizeof sidecars / sizeof sidecars[0]; i++)
		if (strstr(name, sidecars[i]))
			return esc_fail(err, ESC_EDENIED, "db",
			                "--db: '%s' names one of SQLite's own files (%s), not a "
			                "database",
			                name, sidecars[i]);
	if (name[0] == '.' || !ends_with(name, ".db"))
		return esc_fail(err, ESC_EDENIED, "db",
		                "--db: a team database's name ends in .db and does not start with "
		                "'.' ('%s')",
		                name);
	return ESC_OK;
}

/* The name inside given: given itself, or what follows team_dir + "/". */
static const char *bare_name(const char *team_dir, const char *given)
{
	if (!given)
		return "escalate.db";
	size_t n = strlen(team_dir);
	while (n > 1 && team_dir[n - 1] == '/')
		n--;
	if (strncmp(given, team_dir, n) == 0 && given[n] == '/')
		given += n + 1;
	return strchr(given, '/') ? NULL : given;
}

static esc_status check_dir(int dfd, const char *team_dir, long team_gid, esc_error *err)
{
	struct stat st;
	if (fstat(dfd, &st) != 0)
		return esc_fail(err, ESC_ESTORAGE, "db", "cannot read the team directory %s: %s",
		                team_dir, strerror(errno));
	if (st.st_uid != 0 || (long)st.st_gid != team_gid || (st.st_mode & S_IWOTH))
		return esc_fail(err, ESC_EUNSAFE, "db",
		                "the team directory %s must belong to root and the escalate group "
		                "and be closed to others; ask root to fix it: chown root:GROUP "
		                "'%s' && chmod 2770 '%s'",
		                team_dir, team_dir, team_dir);
	return ESC_OK;
}

/* Each of the database's files that exists is a plain file of the group,
 * closed to others: anything else was made behind escalate's back. */
static esc_status check_file(int dfd, const char *team_dir, const char *name, long team_gid,
                             bool must_exist, esc_error *err)
{
	struct stat st;
	if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
		if (errno == ENOENT && !must_exist)
			return ESC_OK;
		if (errno == ENOENT)
			return esc_fail(
			    err, ESC_ENODB, "db",
			    "there is no team database %s/%s; only root creates one (sudo "
			    "escalate init --admin LOGIN ...) or the install step",
			    team_dir, name);
		return esc_fail(err, ESC_ESTORAGE, "db", "cannot read %s/%s: %s", team_dir, name,
		                strerror(errno));
	}
	if (!S_ISREG(st.st_mode) || st.st_nlink != 1)
		return esc_fail(err, ESC_EUNSAFE, "db",
		                "%s/%s is not a plain file (a link or something else was put there "
		                "behind escalate's back); ask root to check: ls -l '%s'",
		                team_dir, name, team_dir);
	if ((long)st.st_gid != team_gid || (st.st_mode & (S_IRWXO | S_ISUID | S_ISGID))) {
		struct group *g = getgrgid((gid_t)team_gid);
		return esc_fail(err, ESC_EUNSAFE, "db",
		                "%s/%s must belong to the escalate group and be closed to others "
		                "(mode %04o); root fixes it with: chgrp %s '%s/%s' && chmod 0660 "
		                "'%s/%s'",
		                team_dir, name, (unsigned)(st.st_mode & 07777),
		                g ? g->gr_name : "GROUP", team_dir, name, team_dir, name);
	}
	return ESC_OK;
}

esc_status team_db_path(const char *team_dir, long team_gid, const char *given, bool may_create,
                        char *out, size_t outsz, esc_error *err)
{
	const char *name = bare_name(team_dir, given);
	if (!name)
		return esc_fail(
		    err, ESC_EDENIED, "db",
		    "--db: while escalate runs set-id, the database must be in %s: give "
		    "its bare file name",
		    team_dir);
	if (check_name(name, err) != ESC_OK)
		return err->status;
	int dfd = open(team_dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (dfd < 0)
		return esc_fail(err, errno == ENOENT ? ESC_ENODB : ESC_ESTORAGE, "db",
		                "cannot open the team directory %s: %s", team_dir, strerror(errno));
	esc_status st = check_dir(dfd, team_dir, team_gid, err);
	if (st == ESC_OK)
		st = check_file(dfd, team_dir, name, team_gid, !may_create, err);
	for (size_t i = 0; st == ESC_OK && i < sizeof sidecars / sizeof sidecars[0]; i++) {
		char side[TEAM_NAME_MAX + 16];
		snprintf(side, sizeof side, "%s%s", name, sidecars[i]);
		st = check_file(dfd, team_dir, side, team_gid, false, err);
	}
	close(dfd);
	if (st != ESC_OK)
		return st;
	int n = snprintf(out, outsz, "%s/%s", team_dir, name);
	if (n < 0 || (size_t)n >= outsz)
		return esc_fail(err, ESC_EUSAGE, "db", "the database path is too long");
	return ESC_OK;
}

esc_status team_db_resolve(const char *given, bool may_create, char *out, size_t outsz,
                           esc_error *err)
{
	return team_db_path(ESC_TEAM_DIR, (long)getegid(), given, may_create, out, outsz, err);
}
