/* What escalate does for the user's own files and programs (privilege.h):
 * the set-id group given up for good in a child, no descriptor above 2 left
 * to a program, and files written 0600 as the user while the caller keeps
 * its group.  The set-id state is made for real when the test runs as root
 * (a child takes nobody's ids with the team group as its effective and saved
 * group, as a setgid escalate run by nobody has); elsewhere those parts say
 * they were skipped. */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "escalate/privilege.h"
#include "escalate/session.h"

#define USER_ID 65534 /* nobody */
#define TEAM_ID 4321

/* In a child: fails with the line number as its exit status. */
#define CHILD_CHECK(c)                                                                             \
	do {                                                                                       \
		if (!(c))                                                                          \
			_exit(__LINE__ % 250 + 1);                                                 \
	} while (0)

static int child_status(pid_t pid)
{
	int ws = 0;
	while (waitpid(pid, &ws, 0) < 0 && errno == EINTR)
		;
	return WIFEXITED(ws) ? WEXITSTATUS(ws) : 255;
}

/* The ids of a setgid escalate that nobody runs. */
static void become_setgid(void)
{
	CHILD_CHECK(setgroups(0, NULL) == 0);
	CHILD_CHECK(setresgid(USER_ID, TEAM_ID, TEAM_ID) == 0);
	CHILD_CHECK(setresuid(USER_ID, USER_ID, USER_ID) == 0);
	CHILD_CHECK(esc_privileged());
}

static void test_not_privileged(void **state)
{
	(void)state;
	esc_error err;
	gid_t g = getegid();
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		CHILD_CHECK(esc_privilege_drop(&err) == ESC_OK);
		CHILD_CHECK(getegid() == g);
		gid_t team = 0;
		CHILD_CHECK(esc_privilege_suspend(&team, &err) == ESC_OK && team == g);
		CHILD_CHECK(esc_privilege_resume(team, &err) == ESC_OK && getegid() == g);
		_exit(0);
	}
	assert_int_equal(child_status(pid), 0);
}

static void test_drop_for_good(void **state)
{
	(void)state;
	if (geteuid() != 0) {
		skip();
		return;
	}
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		esc_error err;
		become_setgid();
		/* A suspension is only for a moment: the group comes back. */
		gid_t team = 0;
		CHILD_CHECK(esc_privilege_suspend(&team, &err) == ESC_OK);
		CHILD_CHECK(team == TEAM_ID && getegid() == USER_ID);
		CHILD_CHECK(esc_privilege_resume(team, &err) == ESC_OK && getegid() == TEAM_ID);
		/* A drop is for good: real, effective and saved, and no way back. */
		CHILD_CHECK(esc_privilege_drop(&err) == ESC_OK);
		gid_t r, e, s;
		CHILD_CHECK(getresgid(&r, &e, &s) == 0);
		CHILD_CHECK(r == USER_ID && e == USER_ID && s == USER_ID);
		CHILD_CHECK(setegid(TEAM_ID) != 0);
		CHILD_CHECK(!esc_privileged());
		_exit(0);
	}
	assert_int_equal(child_status(pid), 0);
}

static void test_close_fds(void **state)
{
	(void)state;
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int a = open("/dev/null", O_RDONLY), b = dup2(a, 200);
		CHILD_CHECK(a > 2 && b == 200);
		esc_close_fds_above_2();
		CHILD_CHECK(fcntl(a, F_GETFD) == -1 && errno == EBADF);
		CHILD_CHECK(fcntl(200, F_GETFD) == -1 && errno == EBADF);
		for (int fd = 0; fd <= 2; fd++)
			CHILD_CHECK(fcntl(fd, F_GETFD) != -1);
		_exit(0);
	}
	assert_int_equal(child_status(pid), 0);
}

static void file_is(const char *path, const char *text)
{
	char buf[256] = "";
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	assert_string_equal(buf, text);
}

static void write_files(const char *dir, bool setgid)
{
	char path[512];
	snprintf(path, sizeof path, "%s/entry.txt", dir);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		esc_error err;
		bool exists = true;
		if (setgid)
			become_setgid();
		umask(0); /* the mode is 0600 whatever the umask */
		CHILD_CHECK(esc_user_file_write(path, "one\n", 4, false, &exists, "file", &err) ==
		            ESC_OK);
		CHILD_CHECK(!exists);
		/* The caller keeps its group. */
		CHILD_CHECK(!setgid || getegid() == TEAM_ID);
		/* Never over a file unless asked. */
		CHILD_CHECK(esc_user_file_write(path, "two\n", 4, false, &exists, "file", &err) ==
		            ESC_EINVALID);
		CHILD_CHECK(exists && strstr(err.message, "exists"));
		CHILD_CHECK(strcmp(err.field, "file") == 0);
		_exit(0);
	}
	assert_int_equal(child_status(pid), 0);
	file_is(path, "one\n");
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	if (setgid) {
		/* The user's own file, not the team group's. */
		assert_int_equal(st.st_uid, USER_ID);
		assert_int_equal(st.st_gid, USER_ID);
	}
	esc_error err;
	assert_int_equal(esc_user_file_write(path, "three\n", 6, true, NULL, "file", &err), ESC_OK);
	file_is(path, "three\n");
	/* A folder that is not there: the message names the path. */
	snprintf(path, sizeof path, "%s/no/such/entry.txt", dir);
	assert_int_equal(esc_user_file_write(path, "x", 1, false, NULL, "file", &err),
	                 ESC_ESTORAGE);
	assert_non_null(strstr(err.message, "no/such/entry.txt"));
	assert_int_equal(esc_user_file_write("", "x", 1, false, NULL, "file", &err), ESC_EUSAGE);
}

static void test_user_file_write(void **state)
{
	(void)state;
	char dir[] = "/tmp/test_privilege.XXXXXX", path[600];
	assert_non_null(mkdtemp(dir));
	write_files(dir, false);
	snprintf(path, sizeof path, "%s/entry.txt", dir);
	unlink(path);
	if (geteuid() == 0) {
		assert_int_equal(chmod(dir, 0777), 0); /* nobody may write there */
		write_files(dir, true);
		unlink(path);
	}
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_not_privileged),
	    cmocka_unit_test(test_drop_for_good),
	    cmocka_unit_test(test_close_fds),
	    cmocka_unit_test(test_user_file_write),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
