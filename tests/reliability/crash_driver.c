/* Crash safety: runs the real escalate doing mixed writes (new, contact with
 * agreed actions, escalate, urgent, inform, resolve, note) and SIGKILLs it at
 * random moments.  After every kill the database must pass the core's audit
 * (integrity_check, hash chain, each case's level/state against its history)
 * and the structural checks of reldrv.c, and every write the killed process
 * had reported as done (exit 0, or its success line already printed) must be
 * there.  A write refused with an error must have left nothing.
 *
 * Usage: crash_driver ESCALATE DIR KILLS [SEED]
 * Prints one closing line:
 *   crash: kills=N corrupt=0 inconsistent=0 lost_acknowledged=0 ... */
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "reldrv.h"

#define MAX_CASES       4096
#define CALIBRATION_OPS 30
#define MAX_ARGS        40

enum op_kind { OP_NEW, OP_CONTACT, OP_ESCALATE, OP_URGENT, OP_INFORM, OP_RESOLVE, OP_NOTE, OP_N };
static const char *const op_names[OP_N] = {"new",    "contact", "escalate", "urgent",
                                           "inform", "resolve", "note"};

typedef struct driver {
	const char *bin;
	char db[4096];
	uint64_t rng;
	long kills_wanted;
	size_t nbits;
	unsigned char *acked, *refused, *present, *lost_seen;
	long long op; /* the next token number */
	/* mean duration of an unkilled run of each kind, for the kill delay */
	double mean_us[OP_N];
	long nmean[OP_N];
	/* figures */
	long kills, corrupt, inconsistent, lost, refused_written, ops, acked_n, refused_n,
	    acked_killed, checks, killed_before_commit, killed_after_commit;
	long by_kind[OP_N], killed_kind[OP_N];
	rel_case cases[MAX_CASES];
} driver;

/* argv under construction; the strings live in `text`. */
typedef struct argv_buf {
	char *argv[MAX_ARGS + 1];
	int argc;
	char text[8192];
	size_t used;
} argv_buf;

static void arg(argv_buf *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void arg(argv_buf *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(a->text + a->used, sizeof a->text - a->used, fmt, ap);
	va_end(ap);
	if (n < 0 || a->used + (size_t)n + 1 > sizeof a->text || a->argc >= MAX_ARGS) {
		fprintf(stderr, "crash: argument buffer overflow\n");
		exit(2);
	}
	a->argv[a->argc++] = a->text + a->used;
	a->argv[a->argc] = NULL;
	a->used += (size_t)n + 1;
}

static void base_args(driver *d, argv_buf *a)
{
	a->argc = 0;
	a->used = 0;
	arg(a, "%s", d->bin);
	arg(a, "--db");
	arg(a, "%s", d->db);
}

/* Chooses a write that the procedure allows now, so a refusal is news. */
static enum op_kind build_op(driver *d, int ncases, argv_buf *a)
{
	long long tok = d->op;
	int open[MAX_CASES], nopen = 0;
	for (int i = 0; i < ncases; i++)
		if (d->cases[i].state == 1)
			open[nopen++] = i;
	base_args(d, a);
	if (nopen < 4 || rel_below(&d->rng, 10) == 0) {
		arg(a, "new");
		arg(a, "--local-id");
		arg(a, "CRASH-%lld", tok);
		arg(a, "--la");
		arg(a, "Kent");
		arg(a, "--theme");
		arg(a, "Other");
		arg(a, "--decision");
		arg(a, "Referral not accepted");
		arg(a, "--concern");
		arg(a, "crash test concern tok-%lld", tok);
		return OP_NEW;
	}
	const rel_case *c = &d->cases[open[rel_below(&d->rng, (unsigned)nopen)]];
	unsigned dice = rel_below(&d->rng, 100);
	if ((c->owed_designated || c->owed_chair) && dice < 50) {
		arg(a, "inform");
		arg(a, "%s", c->ref);
		arg(a, "--whom");
		arg(a, c->owed_designated ? "designated" : "chair");
		arg(a, "--name");
		arg(a, "Dr Informed tok-%lld", tok);
		arg(a, "--how");
		arg(a, "telephone");
		return OP_INFORM;
	}
	if (c->concern_remains && c->level < 5 && dice < 70) {
		static const char *const chair[] = {"yes", "no", "later"};
		arg(a, "escalate");
		arg(a, "%s", c->ref);
		arg(a, "--reason");
		arg(a, "still not accepted tok-%lld", tok);
		if (c->level == 4) {
			arg(a, "--chair-informed");
			arg(a, "%s", chair[rel_below(&d->rng, 3)]);
		}
		return OP_ESCALATE;
	}
	if (c->level < 4 && dice >= 90) {
		arg(a, "urgent");
		arg(a, "%s", c->ref);
		arg(a, "--reason");
		arg(a, "immediate welfare tok-%lld", tok);
		return OP_URGENT;
	}
	if (dice >= 80 && dice < 90) {
		arg(a, "resolve");
		arg(a, "%s", c->ref);
		arg(a, "--outcome");
		arg(a, "agreed in the end tok-%lld", tok);
		return OP_RESOLVE;
	}
	if (dice >= 75 && dice < 80) {
		arg(a, "note");
		arg(a, "%s", c->ref);
		arg(a, "--text");
		arg(a, "a note tok-%lld", tok);
		return OP_NOTE;
	}
	arg(a, "contact");
	arg(a, "%s", c->ref);
	arg(a, "--with");
	arg(a, "Sam Social");
	arg(a, "--role");
	arg(a, "Social Worker");
	arg(a, "--org");
	arg(a, "Kent CSC");
	arg(a, "--summary");
	arg(a, "discussed the referral tok-%lld", tok);
	arg(a, "--outcome");
	arg(a, rel_below(&d->rng, 4) ? "concern-remains" : "resolved");
	for (unsigned i = 0, n = rel_below(&d->rng, 4); i < n; i++) {
		arg(a, "--action");
		arg(a, "tok-%lld action %u|Alex Owner|2030-01-%02u", tok, i + 1, i + 10);
	}
	return OP_CONTACT;
}

/* After a kill: the file must be sound and hold every acknowledged write. */
static void check(driver *d, bool verbose)
{
	rel_check r;
	memset(d->present, 0, (d->nbits + 7) / 8);
	rel_check_db(d->db, &r, d->present, d->nbits);
	d->checks++;
	if (r.corrupt || r.open_failed)
		d->corrupt++;
	if (r.inconsistent)
		d->inconsistent++;
	if ((r.corrupt || r.open_failed || r.inconsistent) && verbose)
		fprintf(stderr, "crash: after op %lld: %s\n", d->op, r.problem);
	for (long long i = 0; i < d->op; i++) {
		if (rel_bit(d->acked, (size_t)i) && !rel_bit(d->present, (size_t)i) &&
		    !rel_bit(d->lost_seen, (size_t)i)) {
			rel_bit_set(d->lost_seen, (size_t)i);
			d->lost++;
			fprintf(stderr, "crash: acknowledged write tok-%lld is missing\n", i);
		}
		if (rel_bit(d->refused, (size_t)i) && rel_bit(d->present, (size_t)i)) {
			/* counted once: forget the refusal once reported */
			d->refused_written++;
			d->refused[(size_t)i / 8] &= (unsigned char)~(1u << ((size_t)i % 8));
			fprintf(stderr, "crash: refused write tok-%lld was stored\n", i);
		}
	}
}

static void sleep_us(int64_t us)
{
	struct timespec ts = {.tv_sec = us / 1000000, .tv_nsec = (long)(us % 1000000) * 1000};
	while (nanosleep(&ts, &ts) != 0)
		;
}

/* One operation; returns false when the driver itself failed. */
static bool one_op(driver *d)
{
	argv_buf a;
	int ncases = rel_read_cases(d->db, d->cases, MAX_CASES);
	if (ncases < 0) {
		fprintf(stderr, "crash: cannot read the cases back\n");
		ncases = 0;
	}
	enum op_kind kind = build_op(d, ncases, &a);
	size_t tok = (size_t)d->op++;
	bool calibrating = d->ops < CALIBRATION_OPS;
	rel_proc p;
	int64_t start = rel_now_us();
	if (!rel_spawn(a.argv, true, &p))
		return false;
	if (!calibrating) {
		double mean = d->nmean[kind] ? d->mean_us[kind] : 20000.0;
		sleep_us((int64_t)((double)rel_below(&d->rng, 1000) / 1000.0 * 1.2 * mean));
		kill(p.pid, SIGKILL);
	}
	int status = rel_wait(&p);
	int64_t took = rel_now_us() - start;
	d->ops++;
	d->by_kind[kind]++;
	bool killed = WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
	if (killed) {
		d->kills++;
		d->killed_kind[kind]++;
		/* Anything on stdout is printed only after the commit. */
		if (p.nout > 0) {
			rel_bit_set(d->acked, tok);
			d->acked_n++;
			d->acked_killed++;
		}
		check(d, true);
		/* Where the kill landed: before the commit, or after it. */
		if (rel_bit(d->present, tok))
			d->killed_after_commit++;
		else
			d->killed_before_commit++;
		return true;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		rel_bit_set(d->acked, tok);
		d->acked_n++;
		d->mean_us[kind] = (d->mean_us[kind] * (double)d->nmean[kind] + (double)took) /
		                   (double)(d->nmean[kind] + 1);
		d->nmean[kind]++;
		return true;
	}
	rel_bit_set(d->refused, tok);
	d->refused_n++;
	if (d->refused_n <= 5)
		fprintf(stderr, "crash: %s (tok-%zu) exited %d: %s", op_names[kind], tok,
		        WIFEXITED(status) ? WEXITSTATUS(status) : -1, p.err);
	return true;
}

int main(int argc, char **argv)
{
	if (argc < 4) {
		fprintf(stderr, "usage: crash_driver ESCALATE DIR KILLS [SEED]\n");
		return 2;
	}
	static driver d;
	d.bin = argv[1];
	snprintf(d.db, sizeof d.db, "%s/crash.db", argv[2]);
	d.kills_wanted = strtol(argv[3], NULL, 10);
	d.rng = argc > 4 ? strtoull(argv[4], NULL, 10) : (uint64_t)time(NULL) ^ (uint64_t)getpid();
	uint64_t seed = d.rng;
	d.nbits = (size_t)d.kills_wanted * 4 + 4096;
	d.acked = calloc(d.nbits / 8 + 1, 1);
	d.refused = calloc(d.nbits / 8 + 1, 1);
	d.present = calloc(d.nbits / 8 + 1, 1);
	d.lost_seen = calloc(d.nbits / 8 + 1, 1);
	if (!d.acked || !d.refused || !d.present || !d.lost_seen)
		return 2;

	char *init[] = {(char *)d.bin, "--db", d.db, "init", "--name", "Crash Test", NULL};
	rel_proc p;
	int rc = rel_run(init, &p);
	if (rc != 0) {
		fprintf(stderr, "crash: escalate init failed (%d): %s", rc, p.err);
		return 2;
	}
	int64_t start = rel_now_us();
	while (d.kills < d.kills_wanted && (size_t)d.op + 8 < d.nbits)
		if (!one_op(&d))
			return 2;
	check(&d, true); /* the final state holds everything acknowledged, too */

	double secs = (double)(rel_now_us() - start) / 1e6;
	printf("crash: kills by command (killed/run):");
	for (int k = 0; k < OP_N; k++)
		printf(" %s=%ld/%ld", op_names[k], d.killed_kind[k], d.by_kind[k]);
	printf("\ncrash: kills=%ld corrupt=%ld inconsistent=%ld lost_acknowledged=%ld "
	       "refused_but_written=%ld ops=%ld acknowledged=%ld acknowledged_then_killed=%ld "
	       "killed_before_commit=%ld killed_after_commit=%ld checks=%ld seed=%" PRIu64
	       " seconds=%.1f\n",
	       d.kills, d.corrupt, d.inconsistent, d.lost, d.refused_written, d.ops, d.acked_n,
	       d.acked_killed, d.killed_before_commit, d.killed_after_commit, d.checks, seed, secs);
	bool ok = d.kills >= d.kills_wanted && !d.corrupt && !d.inconsistent && !d.lost &&
	          !d.refused_written;
	free(d.acked);
	free(d.refused);
	free(d.present);
	free(d.lost_seen);
	return ok ? 0 : 1;
}
