/* The case list's remembered view, sort and filters (state.h). */
#include "state.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <openssl/evp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "escalate/session.h"

#define STATE_VERSION "1"

static const char *const view_keys[LV_COUNT] = {[LV_OPEN] = "open",
                                                [LV_ALL] = "all",
                                                [LV_MINE] = "mine",
                                                [LV_OVERDUE] = "overdue",
                                                [LV_NEEDS] = "needs"};
static const char *const sort_keys[] = {
    [ESC_SORT_AGE] = "age", [ESC_SORT_LEVEL] = "level", [ESC_SORT_NEWEST] = "newest"};
#define NSORTS ((int)(sizeof sort_keys / sizeof sort_keys[0]))

tui_state tui_state_default(void)
{
	return (tui_state){.view = LV_OPEN, .sort = ESC_SORT_AGE};
}

void tui_state_format(const tui_state *st, esc_buf *out)
{
	esc_buf_puts(out, "# escalate: the case list as you left it (see escalate(1), FILES)\n");
	esc_buf_puts(out, "version=" STATE_VERSION "\n");
	bool view_ok = st->view >= 0 && st->view < LV_COUNT;
	bool sort_ok = (int)st->sort >= 0 && (int)st->sort < NSORTS;
	esc_buf_printf(out, "view=%s\n", view_keys[view_ok ? st->view : LV_OPEN]);
	esc_buf_printf(out, "sort=%s\n", sort_keys[sort_ok ? st->sort : ESC_SORT_AGE]);
	esc_buf_printf(out, "level=%d\n",
	               st->level >= 0 && st->level <= ESC_LEVEL_MAX ? st->level : 0);
	esc_buf_printf(out, "la=%s\n", st->la);
	esc_buf_printf(out, "theme=%s\n", st->theme);
}

static int find_key(const char *const *keys, int n, const char *v, size_t len)
{
	for (int i = 0; i < n; i++)
		if (strlen(keys[i]) == len && memcmp(keys[i], v, len) == 0)
			return i;
	return -1;
}

/* A filter's value: what the forms would take as a name. */
static bool name_value(const char *v, size_t len, char *out, size_t outsz)
{
	esc_error err;
	if (len >= outsz || memchr(v, '\0', len))
		return false;
	memcpy(out, v, len);
	out[len] = '\0';
	return esc_check_text("state", out, ESC_SHORT_MAX, false, false, &err) == ESC_OK;
}

enum { K_VERSION, K_VIEW, K_SORT, K_LEVEL, K_LA, K_THEME, K_COUNT };
static const char *const line_keys[K_COUNT] = {"version", "view", "sort", "level", "la", "theme"};

/* One "key=value" line into st; false for anything else. */
static bool parse_line(const char *line, size_t len, tui_state *st, bool seen[K_COUNT])
{
	const char *eq = memchr(line, '=', len);
	if (!eq)
		return false;
	size_t klen = (size_t)(eq - line), vlen = len - klen - 1;
	const char *v = eq + 1;
	int k = find_key(line_keys, K_COUNT, line, klen);
	if (k < 0 || seen[k] || (k != K_VERSION && !seen[K_VERSION]))
		return false;
	seen[k] = true;
	switch (k) {
	case K_VERSION:
		return vlen == 1 && v[0] == STATE_VERSION[0];
	case K_VIEW:
		return (st->view = find_key(view_keys, LV_COUNT, v, vlen)) >= 0;
	case K_SORT: {
		int s = find_key(sort_keys, NSORTS, v, vlen);
		st->sort = s >= 0 ? (esc_sort)s : ESC_SORT_AGE;
		return s >= 0;
	}
	case K_LEVEL:
		if (vlen != 1 || v[0] < '0' || v[0] > '0' + ESC_LEVEL_MAX)
			return false;
		st->level = v[0] - '0';
		return true;
	case K_LA:
		return name_value(v, vlen, st->la, sizeof st->la);
	default:
		return name_value(v, vlen, st->theme, sizeof st->theme);
	}
}

bool tui_state_parse(const char *text, size_t len, tui_state *out)
{
	tui_state st = tui_state_default();
	bool seen[K_COUNT] = {false};
	if (!text || len > TUI_STATE_MAX || memchr(text, '\0', len) || !esc_utf8_valid(text, len))
		return false;
	for (size_t at = 0; at < len;) {
		const char *line = text + at, *nl = memchr(line, '\n', len - at);
		size_t n = nl ? (size_t)(nl - line) : len - at;
		at += n + (nl ? 1 : 0);
		if (n == 0 || line[0] == '#')
			continue;
		if (!parse_line(line, n, &st, seen))
			return false;
	}
	if (!seen[K_VERSION])
		return false;
	*out = st;
	return true;
}

bool tui_state_path(const char *db_path, const char *login, char *dir, size_t dirsz, char *file,
                    size_t filesz)
{
	const char *xdg = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
	int n;
	if (!home || home[0] != '/') {
		const struct passwd *pw = getpwuid(getuid());
		home = pw && pw->pw_dir && pw->pw_dir[0] == '/' ? pw->pw_dir : NULL;
	}
	if (xdg && xdg[0] == '/')
		n = snprintf(dir, dirsz, "%s/escalate", xdg);
	else if (home)
		n = snprintf(dir, dirsz, "%s/.local/state/escalate", home);
	else
		return false;
	if (n < 0 || (size_t)n >= dirsz)
		return false;

	/* The same database by any name (relative, through a link) is one file. */
	char real[PATH_MAX];
	const char *key = realpath(db_path, real) ? real : db_path;
	unsigned char digest[EVP_MAX_MD_SIZE];
	unsigned int dlen = 0;
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	bool ok = ctx && EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) == 1 &&
	          EVP_DigestUpdate(ctx, login, strlen(login)) == 1 &&
	          EVP_DigestUpdate(ctx, "\n", 1) == 1 &&
	          EVP_DigestUpdate(ctx, key, strlen(key)) == 1 &&
	          EVP_DigestFinal_ex(ctx, digest, &dlen) == 1 && dlen >= 16;
	EVP_MD_CTX_free(ctx);
	if (!ok)
		return false;
	char hex[33];
	for (int i = 0; i < 16; i++)
		snprintf(hex + 2 * i, 3, "%02x", digest[i]);
	n = snprintf(file, filesz, "%s/list-%s.state", dir, hex);
	return n > 0 && (size_t)n < filesz;
}

/* The team group's privilege, dropped for the user's own files (SPEC §6: a
 * set-id program drops it before writing any file for the user). */
typedef struct group_drop {
	gid_t egid;
	bool dropped;
} group_drop;

static bool drop_group(group_drop *g)
{
	g->egid = getegid();
	g->dropped = esc_privileged() && g->egid != getgid();
	return !g->dropped || setegid(getgid()) == 0;
}

static bool restore_group(const group_drop *g)
{
	return !g->dropped || setegid(g->egid) == 0;
}

static bool load_file(const char *file, tui_state *out)
{
	char buf[TUI_STATE_MAX + 1];
	struct stat sb;
	int fd = open(file, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return false;
	/* Only a plain file of this user's that nobody else could have written. */
	bool ok = fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_uid == getuid() &&
	          (sb.st_mode & 022) == 0 && sb.st_size <= TUI_STATE_MAX;
	size_t len = 0;
	while (ok && len < sizeof buf) {
		ssize_t r = read(fd, buf + len, sizeof buf - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			ok = r == 0;
			break;
		}
		len += (size_t)r;
	}
	close(fd);
	return ok && tui_state_parse(buf, len, out);
}

bool tui_state_load(const char *db_path, const char *login, tui_state *out)
{
	char dir[PATH_MAX], file[PATH_MAX];
	group_drop g;
	if (!tui_state_path(db_path, login, dir, sizeof dir, file, sizeof file) || !drop_group(&g))
		return false;
	bool ok = load_file(file, out);
	return restore_group(&g) && ok;
}

/* Makes `path` exist as a folder, creating it and its missing parents
 * (0700).  Links on the way are followed (~/.local is often one); the last
 * folder itself is checked by the caller. */
static esc_status make_dirs(char *path, esc_error *err)
{
	struct stat sb;
	if (stat(path, &sb) != 0) {
		char *slash = strrchr(path, '/');
		if (errno != ENOENT || !slash || slash == path)
			return esc_fail(err, ESC_ESTORAGE, "state", "cannot use %s: %s", path,
			                strerror(errno));
		*slash = '\0';
		esc_status st = make_dirs(path, err);
		*slash = '/';
		if (st != ESC_OK)
			return st;
		if (mkdir(path, 0700) != 0 && errno != EEXIST)
			return esc_fail(err, ESC_ESTORAGE, "state", "cannot make %s: %s", path,
			                strerror(errno));
		if (stat(path, &sb) != 0)
			return esc_fail(err, ESC_ESTORAGE, "state", "cannot use %s: %s", path,
			                strerror(errno));
	}
	if (!S_ISDIR(sb.st_mode))
		return esc_fail(err, ESC_ESTORAGE, "state", "%s is not a folder", path);
	return ESC_OK;
}

/* The text into a new file beside `file`, then renamed over it: a reader
 * sees the old file or the new one, never half of one. */
static esc_status write_file(const char *dir, const char *file, const tui_state *st, esc_error *err)
{
	char d[PATH_MAX], tmp[PATH_MAX + 16];
	struct stat sb;
	snprintf(d, sizeof d, "%s", dir);
	if (make_dirs(d, err) != ESC_OK)
		return err->status;
	/* escalate's own folder: a real one of this user's, closed to others. */
	if (lstat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode) || sb.st_uid != getuid())
		return esc_fail(err, ESC_ESTORAGE, "state", "%s is not a folder of yours", dir);
	if ((sb.st_mode & 077) && chmod(dir, 0700) != 0)
		return esc_fail(err, ESC_ESTORAGE, "state", "cannot close %s to others: %s", dir,
		                strerror(errno));
	snprintf(tmp, sizeof tmp, "%s.XXXXXX", file);
	int fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0)
		return esc_fail(err, ESC_ESTORAGE, "state", "cannot write in %s: %s", dir,
		                strerror(errno));
	esc_buf b;
	esc_buf_init(&b);
	tui_state_format(st, &b);
	int failed = fchmod(fd, 0600) == 0 ? 0 : errno;
	for (size_t at = 0; !failed && at < b.len;) {
		ssize_t w = write(fd, b.data + at, b.len - at);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			failed = w < 0 ? errno : EIO;
		else
			at += (size_t)w;
	}
	esc_buf_free(&b);
	if (!failed && fsync(fd) != 0)
		failed = errno;
	if (close(fd) != 0 && !failed)
		failed = errno;
	if (!failed && rename(tmp, file) != 0)
		failed = errno;
	if (!failed)
		return ESC_OK;
	unlink(tmp);
	return esc_fail(err, ESC_ESTORAGE, "state", "cannot write %s: %s", file, strerror(failed));
}

esc_status tui_state_save(const char *db_path, const char *login, const tui_state *st,
                          esc_error *err)
{
	char dir[PATH_MAX], file[PATH_MAX];
	group_drop g;
	if (!tui_state_path(db_path, login, dir, sizeof dir, file, sizeof file))
		return esc_fail(err, ESC_ESTORAGE, "state",
		                "no folder for the list's state (set HOME or XDG_STATE_HOME)");
	if (!drop_group(&g))
		return esc_fail(err, ESC_EINTERNAL, "state", "could not drop the group privilege");
	esc_status rc = write_file(dir, file, st, err);
	if (!restore_group(&g) && rc == ESC_OK)
		rc = esc_fail(err, ESC_EINTERNAL, "state", "could not restore the group privilege");
	return rc;
}
