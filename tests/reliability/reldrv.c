/* Child processes and after-the-fact database checks for the reliability
 * drivers.  The checks read the file through the core (store_open,
 * audit_verify) and add structural queries that a half-written event or an
 * orphaned row would fail. */
#include "reldrv.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "escalate/audit.h"
#include "escalate/store.h"

int64_t rel_now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

uint64_t rel_rand(uint64_t *state)
{
	uint64_t x = *state ? *state : 0x9E3779B97F4A7C15ull;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*state = x;
	return x * 0x2545F4914F6CDD1Dull;
}

unsigned rel_below(uint64_t *state, unsigned n)
{
	return n ? (unsigned)(rel_rand(state) % n) : 0;
}

bool rel_spawn(char *const argv[], bool pty, rel_proc *p)
{
	return rel_spawn_gated(argv, pty, NULL, p);
}

bool rel_spawn_gated(char *const argv[], bool pty, const int gate[2], rel_proc *p)
{
	int out[2] = {-1, -1}, err[2];
	memset(p, 0, sizeof *p);
	p->pid = -1;
	if (pty) {
		struct termios raw;
		cfmakeraw(&raw); /* no \n -> \r\n, no echo: the bytes as written */
		if (openpty(&out[0], &out[1], NULL, &raw, NULL) != 0) {
			perror("openpty");
			return false;
		}
	} else if (pipe(out) != 0) {
		perror("pipe");
		return false;
	}
	if (pipe(err) != 0) {
		perror("pipe");
		close(out[0]);
		close(out[1]);
		return false;
	}
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		perror("fork");
		close(out[0]);
		close(out[1]);
		close(err[0]);
		close(err[1]);
		return false;
	}
	if (pid == 0) {
		int devnull = open("/dev/null", O_RDONLY);
		if (devnull >= 0)
			dup2(devnull, STDIN_FILENO);
		dup2(out[1], STDOUT_FILENO);
		dup2(err[1], STDERR_FILENO);
		if (gate) {
			char ch;
			close(gate[1]);
			for (;;) {
				ssize_t r = read(gate[0], &ch, 1);
				if (r > 0 || (r < 0 && errno == EINTR))
					continue;
				break;
			}
		}
		for (int fd = 3; fd < 64; fd++)
			close(fd);
		execv(argv[0], argv);
		_exit(127);
	}
	close(out[1]);
	close(err[1]);
	fcntl(out[0], F_SETFL, O_NONBLOCK);
	fcntl(err[0], F_SETFL, O_NONBLOCK);
	p->pid = pid;
	p->out_fd = out[0];
	p->err_fd = err[0];
	return true;
}

static void drain_fd(int *fd, char *buf, size_t cap, size_t *n)
{
	while (*fd >= 0) {
		char tmp[4096];
		ssize_t r = read(*fd, tmp, sizeof tmp);
		if (r > 0) {
			size_t room = cap - 1 - *n;
			size_t take = (size_t)r < room ? (size_t)r : room;
			memcpy(buf + *n, tmp, take);
			*n += take;
			buf[*n] = '\0';
			continue;
		}
		/* EOF, or EIO from a pty whose slave side is gone: finished. */
		if (r == 0 || (errno != EAGAIN && errno != EINTR)) {
			close(*fd);
			*fd = -1;
		}
		return;
	}
}

void rel_drain(rel_proc *p)
{
	drain_fd(&p->out_fd, p->out, sizeof p->out, &p->nout);
	drain_fd(&p->err_fd, p->err, sizeof p->err, &p->nerr);
}

int rel_wait(rel_proc *p)
{
	int status = 0;
	for (;;) {
		pid_t r = waitpid(p->pid, &status, WNOHANG);
		rel_drain(p);
		if (r == p->pid)
			break;
		if (r < 0 && errno != EINTR) {
			status = -1;
			break;
		}
		struct pollfd fds[2] = {{.fd = p->out_fd, .events = POLLIN},
		                        {.fd = p->err_fd, .events = POLLIN}};
		poll(fds, 2, 2);
	}
	rel_drain(p);
	if (p->out_fd >= 0)
		close(p->out_fd);
	if (p->err_fd >= 0)
		close(p->err_fd);
	p->out_fd = p->err_fd = -1;
	return status;
}

int rel_run(char *const argv[], rel_proc *p)
{
	if (!rel_spawn(argv, false, p))
		return -1;
	int status = rel_wait(p);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* A single-number query; -1 when it fails. */
static long long count_of(esc_db *db, const char *sql, rel_check *out)
{
	esc_error err = {0};
	sqlite3_stmt *st = store_prepare(db, sql, &err);
	long long n = -1;
	if (st && store_step(db, st, &err) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	if (st)
		sqlite3_reset(st);
	if (n < 0 && !out->problem[0])
		snprintf(out->problem, sizeof out->problem, "check query failed: %s", err.message);
	return n;
}

/* Structural checks: each names a way a torn write would show. */
static const struct {
	const char *what;
	const char *sql;
} structure[] = {
    {"history rows whose case does not exist",
     "SELECT count(*) FROM events e WHERE NOT EXISTS (SELECT 1 FROM cases c WHERE c.id = "
     "e.case_id)"},
    {"agreed actions without their contact",
     "SELECT count(*) FROM actions a WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.id = "
     "a.event_id AND e.case_id = a.case_id AND e.kind = 'contact')"},
    {"contacts whose agreed actions are missing or extra",
     "SELECT count(*) FROM events e WHERE e.nactions <> (SELECT count(*) FROM actions a WHERE "
     "a.event_id = e.id)"},
    {"cases whose history is not 1..last_seq starting with 'opened'",
     "SELECT count(*) FROM cases c WHERE c.last_seq <> (SELECT count(*) FROM events e WHERE "
     "e.case_id = c.id) OR c.last_seq IS NOT (SELECT max(seq) FROM events e WHERE e.case_id = "
     "c.id) OR NOT EXISTS (SELECT 1 FROM events e WHERE e.case_id = c.id AND e.seq = 1 AND "
     "e.kind = 'opened')"},
    {"history rows whose level_before is not the previous row's level_after",
     "SELECT count(*) FROM events e JOIN events p ON p.case_id = e.case_id AND p.seq = e.seq - "
     "1 WHERE e.level_before <> p.level_after"},
    {"cases without a theme",
     "SELECT count(*) FROM cases c WHERE NOT EXISTS (SELECT 1 FROM case_themes t WHERE "
     "t.case_id = c.id)"},
    {"half-written contacts (no person, time or outcome)",
     "SELECT count(*) FROM events WHERE kind = 'contact' AND (person_name IS NULL OR "
     "occurred_at IS NULL OR concern_remains IS NULL OR text = '')"},
    {"history rows without a hash", "SELECT count(*) FROM events WHERE length(hash) <> 64"},
    {"rows that break a foreign key", "SELECT count(*) FROM pragma_foreign_key_check"},
};

static void mark_tokens(esc_db *db, unsigned char *present, size_t nbits)
{
	esc_error err = {0};
	sqlite3_stmt *st = store_prepare(
	    db,
	    "SELECT concern FROM cases UNION ALL SELECT text FROM events UNION ALL "
	    "SELECT whom FROM events WHERE whom IS NOT NULL UNION ALL SELECT text FROM actions",
	    &err);
	if (!st)
		return;
	while (store_step(db, st, &err) == SQLITE_ROW) {
		const char *t = store_col_text(st, 0);
		while ((t = strstr(t, "tok-")) != NULL) {
			t += 4;
			char *end;
			unsigned long n = strtoul(t, &end, 10);
			if (end != t && n < nbits)
				rel_bit_set(present, n);
			t = end;
		}
	}
	sqlite3_reset(st);
}

void rel_check_db(const char *path, rel_check *out, unsigned char *present, size_t nbits)
{
	esc_db *db = NULL;
	esc_error err = {0};
	memset(out, 0, sizeof *out);
	esc_status st = store_open(path, 0, -1, &db, &err);
	if (st != ESC_OK) {
		out->open_failed = true;
		out->open_status = st;
		out->corrupt = st == ESC_ECORRUPT;
		snprintf(out->problem, sizeof out->problem, "open: %s", err.message);
		return;
	}
	esc_verify_report rep;
	st = audit_verify(db, &rep, &err);
	out->cases = rep.cases;
	out->events = rep.events;
	out->actions = rep.actions;
	if (st != ESC_OK) {
		out->corrupt = strcmp(rep.integrity, "ok") != 0 || rep.first_broken_event != 0 ||
		               rep.inconsistent_cases == 0;
		out->inconsistent += rep.inconsistent_cases;
		snprintf(out->problem, sizeof out->problem, "verify: %s", err.message);
	}
	for (size_t i = 0; i < sizeof structure / sizeof structure[0]; i++) {
		long long n = count_of(db, structure[i].sql, out);
		if (n != 0) {
			out->inconsistent += n < 0 ? 1 : n;
			if (!out->problem[0])
				snprintf(out->problem, sizeof out->problem, "%lld %s", n,
				         structure[i].what);
		}
	}
	if (present)
		mark_tokens(db, present, nbits);
	store_close(db);
}

int rel_read_cases(const char *path, rel_case *out, int max)
{
	esc_db *db = NULL;
	esc_error err = {0};
	if (store_open(path, ESC_OPEN_READONLY, -1, &db, &err) != ESC_OK)
		return -1;
	sqlite3_stmt *st =
	    store_prepare(db,
	                  "SELECT ref, state, level, concern_remains, owed_designated, "
	                  "owed_chair, last_seq FROM cases ORDER BY id",
	                  &err);
	int n = 0;
	while (st && n < max && store_step(db, st, &err) == SQLITE_ROW) {
		rel_case *c = &out[n++];
		snprintf(c->ref, sizeof c->ref, "%s", store_col_text(st, 0));
		c->state = sqlite3_column_int(st, 1);
		c->level = sqlite3_column_int(st, 2);
		c->concern_remains = sqlite3_column_int(st, 3) != 0;
		c->owed_designated = sqlite3_column_int(st, 4) != 0;
		c->owed_chair = sqlite3_column_int(st, 5) != 0;
		c->seq = sqlite3_column_int64(st, 6);
	}
	if (st)
		sqlite3_reset(st);
	store_close(db);
	return st ? n : -1;
}
