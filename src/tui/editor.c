/* Programs the user runs from the interface (editor.h).  The child gives up
 * the set-id privilege for good and closes every descriptor above 2 before
 * it runs anything, so neither the team group nor the database (nor its
 * journal) reaches a program the user chose; the parent keeps both. */
#include "editor.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "escalate/privilege.h"

/* The most an editor's file may hold beyond the field's limit before it is
 * refused unread (a text that long is refused anyway). */
#define EDIT_SLACK (64 * 1024)

static bool on_path(const char *name)
{
	const char *path = getenv("PATH");
	if (!path || !*path)
		path = "/usr/bin:/bin";
	char full[4096];
	for (const char *p = path; *p;) {
		size_t n = strcspn(p, ":");
		if (n > 0 && n < sizeof full - strlen(name) - 2) {
			snprintf(full, sizeof full, "%.*s/%s", (int)n, p, name);
			if (access(full, X_OK) == 0)
				return true;
		}
		p += n;
		if (*p == ':')
			p++;
	}
	return false;
}

bool tui_editor_command(char *out, size_t outsz)
{
	const char *names[] = {"VISUAL", "EDITOR"};
	for (size_t i = 0; i < 2; i++) {
		const char *v = getenv(names[i]);
		if (v && v[strspn(v, " \t")]) {
			snprintf(out, outsz, "%s", v);
			return true;
		}
	}
	if (on_path("vi")) {
		snprintf(out, outsz, "vi");
		return true;
	}
	if (outsz)
		out[0] = '\0';
	return false;
}

/* What the child does: default signals, the input on its standard input,
 * no privilege, no descriptor above 2; then the shell. */
static void run_child(const char *command, const char *arg, int in_fd)
{
	static const int sigs[] = {SIGINT, SIGQUIT, SIGPIPE, SIGTERM, SIGHUP, SIGTSTP, SIGWINCH};
	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		signal(sigs[i], SIG_DFL);
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	if (in_fd >= 0 && dup2(in_fd, STDIN_FILENO) < 0)
		_exit(126);
	esc_error err;
	if (esc_privilege_drop(&err) != ESC_OK) {
		static const char msg[] =
		    "escalate: could not give up the team group; the command was not run\n";
		ssize_t w = write(STDERR_FILENO, msg, sizeof msg - 1);
		(void)w;
		_exit(126);
	}
	esc_close_fds_above_2();
	if (arg)
		execl("/bin/sh", "sh", "-c", command, "sh", arg, (char *)NULL);
	else
		execl("/bin/sh", "sh", "-c", command, (char *)NULL);
	_exit(127);
}

static void feed(int fd, const char *input, size_t inlen)
{
	size_t off = 0;
	while (off < inlen) {
		ssize_t n = write(fd, input + off, inlen - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break; /* the command stopped reading (EPIPE): its business */
		off += (size_t)n;
	}
}

/* One key, read in the program's raw mode, the rest of a function key's
 * sequence with it; a hangup or a signal ends the wait. */
static void wait_for_key(void)
{
	reset_prog_mode();
	struct pollfd p = {.fd = STDIN_FILENO, .events = POLLIN};
	if (poll(&p, 1, -1) == 1 && (p.revents & POLLIN)) {
		unsigned char b[64];
		do {
			if (read(STDIN_FILENO, b, sizeof b) <= 0)
				break;
		} while (poll(&p, 1, 50) == 1 && (p.revents & POLLIN));
	}
}

esc_status tui_run_command(tui *t, const char *command, const char *arg, const char *input,
                           size_t inlen, bool wait_key, int *status, esc_error *err)
{
	int pfd[2] = {-1, -1};
	*status = -1;
	if (input && pipe2(pfd, O_CLOEXEC) != 0)
		return esc_fail(err, ESC_EINTERNAL, "command", "cannot make a pipe: %s",
		                strerror(errno));
	/* As system(3): the interface ignores ^C and ^\ while the child has the
	 * terminal, and a command that stops reading is no error. */
	struct sigaction ign = {.sa_handler = SIG_IGN}, old_int, old_quit, old_pipe;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGINT, &ign, &old_int);
	sigaction(SIGQUIT, &ign, &old_quit);
	sigaction(SIGPIPE, &ign, &old_pipe);
	def_prog_mode();
	endwin();
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0)
		run_child(command, arg, pfd[0]);
	int e = errno;
	if (pfd[0] >= 0)
		close(pfd[0]);
	if (pid > 0 && input)
		feed(pfd[1], input, inlen);
	if (pfd[1] >= 0)
		close(pfd[1]);
	int ws = 0;
	if (pid > 0)
		while (waitpid(pid, &ws, 0) < 0 && errno == EINTR)
			;
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGQUIT, &old_quit, NULL);
	sigaction(SIGPIPE, &old_pipe, NULL);
	if (pid > 0)
		*status = WIFEXITED(ws) ? WEXITSTATUS(ws) : -1;
	if (pid > 0 && wait_key) {
		if (*status == 0)
			printf("\n[escalate] The command finished. Press a key to return to "
			       "escalate.");
		else if (*status > 0)
			printf(
			    "\n[escalate] The command ended with status %d. Press a key to return "
			    "to escalate.",
			    *status);
		else
			printf("\n[escalate] The command was killed. Press a key to return to "
			       "escalate.");
		fflush(stdout);
		wait_for_key();
	}
	reset_prog_mode();
	clearok(curscr, TRUE);
	refresh();
	(void)t;
	if (pid < 0)
		return esc_fail(err, ESC_EINTERNAL, "command", "cannot start a process: %s",
		                strerror(e));
	return ESC_OK;
}

/* A file name from the field's name: "concern.txt" (editors choose their
 * mode by it). */
static void file_name(const tui_form_field *fd, char *out, size_t outsz)
{
	size_t n = 0;
	for (const char *p = fd->names ? fd->names : ""; *p && *p != '|' && n + 5 < outsz; p++)
		if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-')
			out[n++] = *p;
	if (n == 0)
		n = (size_t)snprintf(out, outsz, "text");
	snprintf(out + n, outsz - n, ".txt");
}

static bool write_all(int fd, const char *s, size_t len)
{
	size_t off = 0;
	while (off < len) {
		ssize_t n = write(fd, s + off, len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		off += (size_t)n;
	}
	return true;
}

/* The private folder and its file, made as the user. */
static bool make_file(const tui_form_field *fd, char *dir, size_t dirsz, char *file, size_t filesz,
                      char *why, size_t whysz)
{
	const char *tmp = getenv("TMPDIR");
	char name[64];
	if (!tmp || tmp[0] != '/')
		tmp = "/tmp";
	snprintf(dir, dirsz, "%s/escalate-edit-XXXXXX", tmp);
	if (!mkdtemp(dir)) {
		snprintf(why, whysz, "cannot make a private folder in %.300s: %s", tmp,
		         strerror(errno));
		dir[0] = '\0';
		return false;
	}
	file_name(fd, name, sizeof name);
	snprintf(file, filesz, "%s/%s", dir, name);
	int f = open(file, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY, 0600);
	bool ok = f >= 0 && write_all(f, fd->text.s, fd->text.len) &&
	          (fd->text.len == 0 || write_all(f, "\n", 1));
	if (f >= 0 && close(f) != 0)
		ok = false;
	if (!ok)
		snprintf(why, whysz, "cannot write %.300s: %s", file, strerror(errno));
	return ok;
}

/* The file as the editor left it; NULL (why set) when it cannot be read or
 * is far too long to be the field's. */
static char *read_back(const char *file, size_t max, size_t *len, char *why, size_t whysz)
{
	int f = open(file, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	struct stat st;
	if (f < 0 || fstat(f, &st) != 0 || !S_ISREG(st.st_mode)) {
		snprintf(why, whysz, "the editor left no file to read back (%s)",
		         f < 0 ? strerror(errno) : "not a plain file");
		if (f >= 0)
			close(f);
		return NULL;
	}
	if ((size_t)st.st_size > max + EDIT_SLACK) {
		snprintf(why, whysz, "is %lld bytes long; at most %zu fit", (long long)st.st_size,
		         max);
		close(f);
		return NULL;
	}
	size_t cap = (size_t)st.st_size + 1, n = 0;
	char *buf = malloc(cap + 1);
	if (!buf)
		abort();
	ssize_t got;
	while (n < cap && (got = read(f, buf + n, cap - n)) != 0) {
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			snprintf(why, whysz, "cannot be read back: %s", strerror(errno));
			free(buf);
			close(f);
			return NULL;
		}
		n += (size_t)got;
	}
	close(f);
	if (n == cap) { /* grew while we read: longer than it said */
		snprintf(why, whysz, "changed while it was read back; try again");
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}

/* The folder and whatever the editor left in it (backups, swap files). */
static void remove_dir(const char *dir)
{
	DIR *d = opendir(dir);
	if (d) {
		struct dirent *e;
		while ((e = readdir(d)) != NULL)
			if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
				unlinkat(dirfd(d), e->d_name, 0);
		closedir(d);
	}
	rmdir(dir);
}

bool tui_edit_long(tui *t, tui_form_field *fd)
{
	char editor[1024], command[1100], dir[4096], file[4200], why[600] = "";
	esc_error err;
	esc_error_clear(&err);
	if (!tui_editor_command(editor, sizeof editor)) {
		tui_message(t, TUI_MSG_ERROR,
		            "%s: no editor to open: set VISUAL or EDITOR (vi was not found).",
		            fd->label);
		return false;
	}
	gid_t team;
	if (esc_privilege_suspend(&team, &err) != ESC_OK) {
		tui_error(t, &err);
		return false;
	}
	bool made = make_file(fd, dir, sizeof dir, file, sizeof file, why, sizeof why);
	if (esc_privilege_resume(team, &err) != ESC_OK) {
		tui_error(t, &err);
		return false;
	}
	char *back = NULL;
	size_t len = 0;
	int status = -1;
	if (made) {
		/* As git runs it: the editor's words as the shell reads them. */
		snprintf(command, sizeof command, "%s \"$1\"", editor);
		if (tui_run_command(t, command, file, NULL, 0, false, &status, &err) != ESC_OK)
			snprintf(why, sizeof why, "%s", err.message);
		else if (status != 0)
			snprintf(why, sizeof why, "the editor (%.200s) ended with status %d",
			         editor, status);
	}
	if (esc_privilege_suspend(&team, &err) == ESC_OK) {
		if (made && !why[0])
			back = read_back(file, fd->text.max, &len, why, sizeof why);
		if (dir[0])
			remove_dir(dir);
		esc_privilege_resume(team, &err);
	}
	bool refused =
	    back && !tui_text_check(back, &len, fd->text.max, fd->text.multiline, why, sizeof why);
	if (refused || (back && why[0])) {
		free(back);
		back = NULL;
	}
	if (!back) {
		if (refused || strncmp(why, "is ", 3) == 0)
			tui_message(t, TUI_MSG_ERROR,
			            "%s: the text from the editor %s; it was not taken. What you "
			            "typed is kept.",
			            fd->label, why);
		else
			tui_message(
			    t, TUI_MSG_ERROR,
			    "%s: nothing was taken from the editor: %s. What you typed is kept.",
			    fd->label, why[0] ? why : "it could not be read back");
		return false;
	}
	back[len] = '\0';
	bool changed = len != fd->text.len || memcmp(back, fd->text.s, len) != 0;
	if (changed)
		tui_text_set(&fd->text, back);
	tui_message(t, TUI_MSG_INFO, "%s: %s (%zu/%zu bytes).", fd->label,
	            changed ? "taken from the editor" : "unchanged by the editor", fd->text.len,
	            fd->text.max);
	free(back);
	return changed;
}
