/* The busy handler (store.c): a writer waiting for the lock gets it within a
 * few milliseconds of its release, and one that waits out the whole busy
 * timeout gets ESC_EBUSY with escalate's own sentence, never SQLite's raw
 * "database is locked". */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <pwd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "escalate/store.h"
#include "helpers.h"

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* A child process takes the write lock, says so on the pipe, holds it for
 * hold_ms and lets go.  Returns its pid. */
static pid_t hold_lock(const char *path, int hold_ms)
{
	int ready[2];
	assert_int_equal(pipe(ready), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		sqlite3 *h = NULL;
		close(ready[0]);
		if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK ||
		    sqlite3_exec(h, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
			_exit(1);
		if (write(ready[1], "x", 1) != 1)
			_exit(1);
		struct timespec nap = {.tv_sec = hold_ms / 1000, .tv_nsec = (hold_ms % 1000) * 1000000L};
		nanosleep(&nap, NULL);
		sqlite3_exec(h, "COMMIT", NULL, NULL, NULL);
		sqlite3_close(h);
		_exit(0);
	}
	close(ready[1]);
	char c;
	assert_int_equal(read(ready[0], &c, 1), 1);
	close(ready[0]);
	return pid;
}

static void reap(pid_t pid)
{
	int status = 0;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

static void test_lock_taken_soon_after_release(void **state)
{
	test_db *t = *state;
	pid_t pid = hold_lock(t->path, 300);
	esc_error err = {0};
	long long start = now_ms();
	assert_int_equal(store_begin(t->s.db, &err), ESC_OK);
	long long waited = now_ms() - start;
	store_rollback(t->s.db);
	reap(pid);
	/* released at about 300 ms; retries are at most 5 ms apart */
	assert_true(waited >= 250);
	if (waited > 600)
		fail_msg("waited %lld ms for a lock held 300 ms", waited);
}

static void test_gives_up_at_the_timeout_with_a_clear_message(void **state)
{
	test_db *t = *state;
	pid_t pid = hold_lock(t->path, ESC_BUSY_TIMEOUT_MS + 1500);
	esc_error err = {0};
	long long start = now_ms();
	assert_int_equal(store_begin(t->s.db, &err), ESC_EBUSY);
	long long waited = now_ms() - start;
	reap(pid);
	/* the message names the holder: this test's login and the child */
	char who[128];
	struct passwd *pw = getpwuid(getuid());
	assert_non_null(pw);
	snprintf(who, sizeof who, "held by %s's escalate (process %ld)", pw->pw_name, (long)pid);
	if (!strstr(err.message, who))
		fail_msg("the busy message does not name the holder (%s): %s", who, err.message);
	assert_true(waited >= ESC_BUSY_TIMEOUT_MS - 50);
	if (waited > ESC_BUSY_TIMEOUT_MS + 1000)
		fail_msg("gave up after %lld ms, timeout %d ms", waited, ESC_BUSY_TIMEOUT_MS);
	assert_non_null(strstr(err.message, "locked by another escalate (waited 5 s); try again"));
	assert_string_not_equal(err.message, "database is locked");
	/* and the lock is there for the taking afterwards */
	assert_int_equal(store_begin(t->s.db, &err), ESC_OK);
	store_rollback(t->s.db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_lock_taken_soon_after_release, test_db_setup,
	                                    test_db_teardown),
	    cmocka_unit_test_setup_teardown(test_gives_up_at_the_timeout_with_a_clear_message,
	                                    test_db_setup, test_db_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
