/* Shared by the reliability drivers (crash, concurrency): running the real
 * escalate binary as a child process, and checking a database file after
 * the fact through the core's own audit (integrity, hash chain, each case's
 * level/state against its history) plus the structural checks below. */
#ifndef ESCALATE_RELDRV_H
#define ESCALATE_RELDRV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* A child escalate.  stdout is a pseudo-terminal when `pty` was asked for,
 * so the child's output is line-buffered and reaches us the moment it is
 * printed: whatever it printed before a SIGKILL is what it "reported". */
typedef struct rel_proc {
	pid_t pid;
	int out_fd;
	int err_fd;
	char out[8192];
	size_t nout;
	char err[8192];
	size_t nerr;
} rel_proc;

/* Starts argv[0] with argv; stdin is /dev/null.  Returns false on failure
 * (message printed). */
bool rel_spawn(char *const argv[], bool pty, rel_proc *p);
/* The same, but the child waits until the pipe `gate` sees end-of-file
 * before it execs: closing gate[1] in the caller starts every gated child at
 * the same moment.  gate NULL: no gate. */
bool rel_spawn_gated(char *const argv[], bool pty, const int gate[2], rel_proc *p);
/* Reads whatever the child has written so far (non-blocking). */
void rel_drain(rel_proc *p);
/* Waits for the child (draining its output) and returns the wait status. */
int rel_wait(rel_proc *p);
/* Runs argv to completion; returns the exit code (128 + signal when killed),
 * output kept in p. */
int rel_run(char *const argv[], rel_proc *p);

/* Microseconds on the monotonic clock. */
int64_t rel_now_us(void);
/* xorshift64*: reproducible from the seed printed with the figures. */
uint64_t rel_rand(uint64_t *state);
/* Uniform in [0, n). */
unsigned rel_below(uint64_t *state, unsigned n);

/* What a check of the database found. */
typedef struct rel_check {
	bool open_failed;       /* store_open refused the file */
	int open_status;        /* its esc_status */
	bool corrupt;           /* integrity_check not ok, or the hash chain broken */
	long long inconsistent; /* cases/events/actions that disagree (see rel_check_db) */
	long long cases, events, actions;
	char problem[600]; /* the first problem, in words */
} rel_check;

/* Opens the file as escalate would (read-write: the WAL is recovered as the
 * next escalate would recover it), runs audit_verify and the structural
 * checks, and marks in `present` (nbits bits) every token "tok-N" found in
 * the stored text (case concern, event text and whom, action text). */
void rel_check_db(const char *path, rel_check *out, unsigned char *present, size_t nbits);

/* The tokens tie a command to what it wrote: each write carries "tok-N". */
static inline void rel_bit_set(unsigned char *bits, size_t i)
{
	bits[i / 8] |= (unsigned char)(1u << (i % 8));
}
static inline bool rel_bit(const unsigned char *bits, size_t i)
{
	return bits[i / 8] & (1u << (i % 8));
}

/* One case as the drivers see it, to choose a valid next operation. */
typedef struct rel_case {
	char ref[32];
	int state; /* 1 open, 2 resolved, 3 withdrawn */
	int level;
	bool concern_remains, owed_designated, owed_chair;
	long long seq;
} rel_case;

/* Reads every case (at most max); returns how many, or -1 when the file
 * could not be read. */
int rel_read_cases(const char *path, rel_case *out, int max);

#endif
