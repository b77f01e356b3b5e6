/* The environment of a set-id escalate.  glibc already drops some variables
 * for set-id programs (LD_*, LOCPATH, TMPDIR, TZDIR...) and ncurses ignores
 * TERMINFO for them, but what escalate relies on should not depend on how a
 * library was built: every variable below is removed or fixed here, first
 * thing in main, before any file is opened. */
#include "escalate/privilege.h"

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static const esc_steering_var steering[] = {
    {.name = "TZ", .why = "the time zone (times would be recorded as the user chose)"},
    {.name = "TZDIR", .why = "where time zone files are read from"},
    {.name = "SQLITE_TMPDIR", .why = "where SQLite puts its temporary files"},
    {.name = "TMPDIR", .why = "where temporary files go"},
    {.name = "TMP", .why = "where temporary files go"},
    {.name = "TEMP", .why = "where temporary files go"},
    {.name = "LOCPATH", .why = "where locale files are read from"},
    {.name = "NLSPATH", .why = "where message catalogues are read from"},
    {.name = "GCONV_PATH", .why = "character-set converter modules (loaded code)"},
    {.name = "I18NPATH", .why = "locale source files"},
    {.name = "LANGUAGE", .why = "message catalogue search"},
    {.name = "TERMINFO", .why = "the terminal description file"},
    {.name = "TERMINFO_DIRS", .why = "where terminal descriptions are read from"},
    {.name = "TERMCAP", .why = "a terminal description or its file"},
    {.name = "TERMPATH", .why = "where termcap files are read from"},
    {.name = "XDG_DATA_HOME", .why = "where the personal database lives"},
    {.name = "XDG_STATE_HOME", .why = "where interface state is kept"},
    {.name = "XDG_CONFIG_HOME", .why = "where configuration is read from"},
    {.name = "ENV", .why = "a file a shell runs at start"},
    {.name = "BASH_ENV", .why = "a file bash runs at start"},
    {.name = "PATH", .fixed = "/usr/local/bin:/usr/bin:/bin", .why = "where programs are found"},
};

const esc_steering_var *esc_steering_vars(size_t *count)
{
	*count = sizeof steering / sizeof steering[0];
	return steering;
}

/* A locale name, not a path to locale files. */
static bool plain_locale(const char *v)
{
	return strlen(v) <= 64 && v[0] != '.' && !strchr(v, '/');
}

/* A terminal type as terminfo names them: letters, digits and ._+-. */
static bool plain_term(const char *v)
{
	size_t n = strlen(v);
	if (n == 0 || n > 64)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = v[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '_' || c == '+' || c == '-'))
			return false;
	}
	return v[0] != '.';
}

/* Removes LANG, LC_* and TERM values that name files.  Collected first:
 * unsetenv moves environ's entries. */
static void drop_unsafe_names(void)
{
	char names[64][64];
	int n = 0;
	for (char **e = environ; e && *e && n < 64; e++) {
		const char *eq = strchr(*e, '=');
		size_t len = eq ? (size_t)(eq - *e) : strlen(*e);
		if (!eq || len >= sizeof names[0])
			continue;
		bool locale = (len == 4 && strncmp(*e, "LANG", 4) == 0) ||
		              (len > 3 && strncmp(*e, "LC_", 3) == 0);
		bool term = len == 4 && strncmp(*e, "TERM", 4) == 0;
		if ((locale && !plain_locale(eq + 1)) || (term && !plain_term(eq + 1))) {
			memcpy(names[n], *e, len);
			names[n++][len] = '\0';
		}
	}
	for (int i = 0; i < n; i++)
		unsetenv(names[i]);
}

static bool standard_fds_exist(void)
{
	for (int fd = 0; fd <= 2; fd++) {
		if (fcntl(fd, F_GETFD) != -1)
			continue;
		int nul = open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY);
		if (nul != fd) {
			if (nul >= 0)
				close(nul);
			return false;
		}
	}
	return true;
}

bool esc_privilege_sanitise(bool privileged)
{
	if (!privileged)
		return true;
	bool ok = standard_fds_exist();
	umask(umask(0) | 007);
	for (size_t i = 0; i < sizeof steering / sizeof steering[0]; i++) {
		if (steering[i].fixed)
			setenv(steering[i].name, steering[i].fixed, 1);
		else
			unsetenv(steering[i].name);
	}
	drop_unsafe_names();
	/* HOME from the password database: only the user's own files live there,
	 * but nothing should look for them where the caller pointed. */
	struct passwd *pw = getpwuid(getuid());
	if (pw && pw->pw_dir && pw->pw_dir[0] == '/')
		setenv("HOME", pw->pw_dir, 1);
	else
		unsetenv("HOME");
	return ok;
}

esc_status esc_privilege_drop(esc_error *err)
{
	gid_t g = getgid();
	uid_t u = getuid();
	if (getegid() != g && setresgid(g, g, g) != 0)
		return esc_fail(err, ESC_EINTERNAL, "", "could not drop the group privilege: %s",
		                strerror(errno));
	if (geteuid() != u && setresuid(u, u, u) != 0)
		return esc_fail(err, ESC_EINTERNAL, "", "could not drop the user privilege: %s",
		                strerror(errno));
	gid_t rg, eg, sg;
	uid_t ru, eu, su;
	if (getresgid(&rg, &eg, &sg) != 0 || rg != g || eg != g || sg != g ||
	    getresuid(&ru, &eu, &su) != 0 || ru != u || eu != u || su != u)
		return esc_fail(err, ESC_EINTERNAL, "", "the set-id privilege is still held");
	return ESC_OK;
}

void esc_close_fds_above_2(void)
{
	if (close_range(3, ~0U, 0) == 0)
		return;
	/* A kernel without close_range (before Linux 5.9): each one open. */
	long most = sysconf(_SC_OPEN_MAX);
	if (most < 0 || most > 1 << 20)
		most = 1 << 20;
	for (int fd = 3; fd < most; fd++)
		close(fd);
}

esc_status esc_privilege_suspend(gid_t *team, esc_error *err)
{
	*team = getegid();
	if (*team != getgid() && setegid(getgid()) != 0)
		return esc_fail(err, ESC_EINTERNAL, "", "could not drop the group privilege: %s",
		                strerror(errno));
	return ESC_OK;
}

esc_status esc_privilege_resume(gid_t team, esc_error *err)
{
	if (getegid() != team && setegid(team) != 0)
		return esc_fail(err, ESC_EINTERNAL, "", "could not take back the group: %s",
		                strerror(errno));
	return ESC_OK;
}

/* The child of esc_user_file_write: its exit status is 0 or the errno of
 * what failed (255: the privilege could not be dropped). */
static void write_child(const char *path, const char *data, size_t len, bool replace)
{
	esc_error dropped;
	if (esc_privilege_drop(&dropped) != ESC_OK)
		_exit(255);
	int flags = O_WRONLY | O_CREAT | O_CLOEXEC | O_NOCTTY | (replace ? O_TRUNC : O_EXCL);
	int fd = open(path, flags, 0600);
	if (fd < 0)
		_exit(errno & 0xff ? errno & 0xff : 254);
	size_t off = 0;
	while (off < len) {
		ssize_t n = write(fd, data + off, len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			int e = n < 0 && (errno & 0xff) ? errno & 0xff : 254;
			unlink(path); /* no half-written entry left behind */
			_exit(e);
		}
		off += (size_t)n;
	}
	if (fsync(fd) != 0 && errno != EINVAL && errno != EROFS)
		_exit(errno & 0xff ? errno & 0xff : 254);
	_exit(close(fd) == 0 ? 0 : (errno & 0xff ? errno & 0xff : 254));
}

esc_status esc_user_file_write(const char *path, const char *data, size_t len, bool replace,
                               bool *exists, const char *field, esc_error *err)
{
	if (exists)
		*exists = false;
	if (!path || !*path)
		return esc_fail(err, ESC_EUSAGE, field, "%s: give a file name", field);
	pid_t pid = fork();
	if (pid < 0)
		return esc_fail(err, ESC_EINTERNAL, field, "cannot start writing %s: %s", path,
		                strerror(errno));
	if (pid == 0)
		write_child(path, data, len, replace);
	int status = 0;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return esc_fail(err, ESC_EINTERNAL, field, "writing %s: %s", path,
			                strerror(errno));
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return ESC_OK;
	int code = WIFEXITED(status) ? WEXITSTATUS(status) : 254;
	if (code == 255)
		return esc_fail(err, ESC_EINTERNAL, field,
		                "could not drop the group privilege to write %s", path);
	if (code == EEXIST && !replace) {
		if (exists)
			*exists = true;
		return esc_fail(err, ESC_EINVALID, field, "%s exists; nothing was written", path);
	}
	return esc_fail(err, ESC_ESTORAGE, field, "cannot write %s: %s", path,
	                code == 254 ? "the write failed" : strerror(code));
}
