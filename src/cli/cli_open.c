/* Which database, opened how, and where output goes.  SPEC §6 and §7: when
 * escalate runs set-id for a team database, --db names a database in the
 * team directory (team.h), the
 * clock cannot be pinned, and the group privilege is dropped for good before
 * any file the user names is written. */
#include "cli_cmd.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "escalate/access.h"
#include "escalate/team.h"
#include "escalate/text.h"

esc_status cli_resolve(cli_ctx *c, esc_error *err)
{
	const cli_args *a = c->args;
	const char *env_now = getenv("ESCALATE_NOW");
	bool privileged = esc_privileged();

	c->now = a->now ? a->now : (env_now && *env_now ? env_now : NULL);
	if (c->now && privileged)
		return esc_fail(err, ESC_EUSAGE, "now",
		                "%s cannot pin the clock while escalate runs set-id for the team "
		                "database",
		                a->now ? "--now" : "ESCALATE_NOW");
	/* Its shape only: the zone is the database's, read when it opens. */
	if (c->now && esc_timestamp_check(c->now, a->now ? "--now" : "ESCALATE_NOW", err)) {
		esc_error bad = *err; /* a clock that cannot be read is a usage error */
		return esc_fail(err, ESC_EUSAGE, bad.field, "%s", bad.message);
	}

	if (a->db) {
		if (!*a->db)
			return esc_fail(err, ESC_EUSAGE, "db", "--db: give a file name");
		if (strlen(a->db) >= sizeof c->db_path)
			return esc_fail(err, ESC_EUSAGE, "db", "--db: the path is too long");
	}
	if (privileged) {
		/* Named, not pathed (team.h); only root's init creates a file. */
		bool creates = a->cmd && (a->cmd->flags & CLI_CREATES) && getuid() == 0;
		return team_db_resolve(a->db, creates, c->db_path, sizeof c->db_path, err);
	}
	if (a->db) {
		snprintf(c->db_path, sizeof c->db_path, "%s", a->db);
		return ESC_OK;
	}
	return esc_default_db_path(c->db_path, sizeof c->db_path, err);
}

esc_status cli_session_open(cli_ctx *c, unsigned flags)
{
	unsigned open_flags = 0;
	long team_gid = -1;
	if (flags & CLI_READONLY)
		open_flags |= ESC_OPEN_READONLY;
	if (flags & CLI_CREATES)
		open_flags |= ESC_OPEN_CREATE;
	if (esc_privileged()) {
		open_flags |= ESC_OPEN_TEAM;
		team_gid = (long)getegid();
	}
	if (session_open(&c->s, c->db_path, open_flags, team_gid, &c->err) != ESC_OK) {
		if (flags & CLI_LOGGED)
			access_explain_readonly(c->db_path, &c->err);
		return c->err.status;
	}
	c->open = true;
	if (session_set_now(&c->s, c->now, &c->err) != ESC_OK) {
		esc_error bad = c->err; /* a time the clocks skip, in the database's zone */
		return esc_fail(&c->err, ESC_EUSAGE, bad.field, "%s", bad.message);
	}
	if ((flags & CLI_ACTOR) && session_identify(&c->s, &c->err) != ESC_OK)
		return c->err.status;
	return ESC_OK;
}

void cli_session_close(cli_ctx *c)
{
	if (c->open)
		session_close(&c->s);
	c->open = false;
}

esc_status cli_make_db_dir(const char *db_path, esc_error *err)
{
	char dir[4096];
	snprintf(dir, sizeof dir, "%s", db_path);
	char *slash = strrchr(dir, '/');
	if (!slash)
		return ESC_OK; /* the current directory */
	*slash = '\0';
	/* mkdir -p: every directory we create is private to the user. */
	for (char *p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0700) != 0 && errno != EEXIST)
			return esc_fail(err, ESC_ESTORAGE, "db",
			                "cannot create the directory %s: %s", dir, strerror(errno));
		*p = '/';
	}
	if (dir[0] && mkdir(dir, 0700) != 0 && errno != EEXIST)
		return esc_fail(err, ESC_ESTORAGE, "db", "cannot create the directory %s: %s", dir,
		                strerror(errno));
	return ESC_OK;
}

/* A stdout filter for terminals: machine formats (CSV, JSON) carry the
 * database's text verbatim, which must not reach a terminal raw.  Multi-byte
 * characters split across writes are held back until complete. */
typedef struct tty_filter {
	char carry[4];
	size_t ncarry;
} tty_filter;

/* Bytes at the end of s[0..n) that start an incomplete UTF-8 sequence. */
static size_t incomplete_tail(const char *s, size_t n)
{
	for (size_t back = 1; back <= 3 && back <= n; back++) {
		unsigned char ch = (unsigned char)s[n - back];
		if ((ch & 0xC0) == 0x80)
			continue; /* continuation byte: keep looking for the lead */
		size_t need = ch >= 0xF0 ? 4 : ch >= 0xE0 ? 3 : ch >= 0xC0 ? 2 : 1;
		return need > back ? back : 0;
	}
	return 0;
}

static void filter_emit(const char *s, size_t n)
{
	size_t start = 0;
	char *copy = malloc(n + 1);
	if (!copy)
		return;
	memcpy(copy, s, n);
	copy[n] = '\0';
	/* A NUL would end the string early: show it and carry on after it. */
	for (size_t i = 0; i <= n; i++) {
		if (i == n || copy[i] == '\0') {
			esc_fputs_safe(copy + start, stdout, true);
			if (i < n)
				fputs("^@", stdout);
			start = i + 1;
		}
	}
	free(copy);
}

static ssize_t filter_write(void *cookie, const char *data, size_t n)
{
	tty_filter *t = cookie;
	char *joined = malloc(t->ncarry + n);
	if (!joined)
		return -1;
	memcpy(joined, t->carry, t->ncarry);
	memcpy(joined + t->ncarry, data, n);
	size_t total = t->ncarry + n;
	size_t tail = incomplete_tail(joined, total);
	filter_emit(joined, total - tail);
	memcpy(t->carry, joined + total - tail, tail);
	t->ncarry = tail;
	free(joined);
	return (ssize_t)n;
}

static int filter_close(void *cookie)
{
	tty_filter *t = cookie;
	if (t->ncarry)
		filter_emit(t->carry, t->ncarry);
	free(t);
	return fflush(stdout) == 0 ? 0 : EOF;
}

/* Set-id: give up the team group before touching a user-named file. */
static esc_status drop_group(esc_error *err)
{
	if (!esc_privileged())
		return ESC_OK;
	gid_t g = getgid();
	if (setresgid(g, g, g) != 0 || getegid() != g)
		return esc_fail(err, ESC_EINTERNAL, "output",
		                "could not drop the group privilege: %s", strerror(errno));
	return ESC_OK;
}

esc_status cli_read_user_file(const char *path, char **text, esc_error *err)
{
	*text = NULL;
	/* Set-id: read as the user (the saved set-group-id brings the team
	 * group back for the database afterwards). */
	gid_t team = getegid();
	if (esc_privileged() && setegid(getgid()) != 0)
		return esc_fail(err, ESC_EINTERNAL, "", "could not drop the group privilege: %s",
		                strerror(errno));
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	int e = errno;
	if (getegid() != team && setegid(team) != 0) {
		if (fd >= 0)
			close(fd);
		return esc_fail(err, ESC_EINTERNAL, "", "could not take back the group: %s",
		                strerror(errno));
	}
	if (fd < 0)
		return esc_fail(err, ESC_ESTORAGE, "", "cannot read %s: %s", path, strerror(e));
	size_t cap = 4096, len = 0;
	char *buf = malloc(cap + 1);
	ssize_t n = 0;
	while (buf && (n = read(fd, buf + len, cap - len)) > 0) {
		len += (size_t)n;
		if (len == cap && cap < CLI_USER_FILE_MAX) {
			char *grown = realloc(buf, cap * 2 + 1);
			if (!grown) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = grown;
			cap *= 2;
		} else if (len == cap) {
			break; /* the rest is ignored */
		}
	}
	e = errno;
	close(fd);
	if (!buf)
		return esc_fail(err, ESC_EINTERNAL, "", "out of memory");
	if (n < 0) {
		free(buf);
		return esc_fail(err, ESC_ESTORAGE, "", "cannot read %s: %s", path, strerror(e));
	}
	for (size_t i = 0; i < len; i++)
		if (!buf[i])
			buf[i] = ' '; /* a receipt may sit in a binary file */
	buf[len] = '\0';
	*text = buf;
	return ESC_OK;
}

esc_status cli_out_open(cli_out *o, const char *path, esc_error *err)
{
	*o = (cli_out){0};
	if (!path || strcmp(path, "-") == 0) {
		o->is_stdout = true;
		o->f = stdout;
		if (isatty(STDOUT_FILENO)) {
			tty_filter *t = calloc(1, sizeof *t);
			cookie_io_functions_t io = {.write = filter_write, .close = filter_close};
			FILE *f = t ? fopencookie(t, "w", io) : NULL;
			if (!f) {
				free(t);
				return esc_fail(err, ESC_EINTERNAL, "", "out of memory");
			}
			o->f = f;
			o->filtered = true;
		}
		return ESC_OK;
	}
	if (!*path)
		return esc_fail(err, ESC_EUSAGE, "output", "--output: give a file name");
	if (drop_group(err) != ESC_OK)
		return err->status;
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOCTTY, 0600);
	if (fd < 0)
		return esc_fail(err, ESC_ESTORAGE, "output", "cannot write %s: %s", path,
		                strerror(errno));
	o->f = fdopen(fd, "w");
	if (!o->f) {
		close(fd);
		return esc_fail(err, ESC_EINTERNAL, "", "out of memory");
	}
	return ESC_OK;
}

esc_status cli_out_close(cli_out *o, esc_error *err)
{
	if (!o->f)
		return ESC_OK;
	bool bad = fflush(o->f) != 0 || ferror(o->f);
	if (!o->is_stdout || o->filtered)
		bad = fclose(o->f) != 0 || bad;
	o->f = NULL;
	if (bad)
		return esc_fail(err, ESC_ESTORAGE, "output", "writing the output failed: %s",
		                strerror(errno));
	return ESC_OK;
}

int cli_out_finish(cli_ctx *c, cli_out *o, esc_status st)
{
	esc_error close_err = {0};
	esc_status cst = cli_out_close(o, &close_err);
	if (st != ESC_OK)
		return cli_fail(c);
	if (cst != ESC_OK) {
		c->err = close_err;
		return cli_fail(c);
	}
	return ESC_OK;
}

esc_status cli_drop_group(esc_error *err)
{
	return drop_group(err);
}
