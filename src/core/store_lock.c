/* Who holds the write lock.  In WAL mode SQLite takes its write lock as a
 * POSIX record lock on byte 120 of the -shm file (WAL_WRITE_LOCK, the first
 * of the wal-index locks); the kernel lists every record lock with its
 * process in /proc/locks.  Reading that list takes no lock and opens nothing
 * of the database's (closing a descriptor of a file would drop this
 * process's own SQLite locks on it), so asking is always safe. */
#include "store_lock.h"

#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#define WAL_WRITE_LOCK_BYTE 120

/* "1: POSIX  ADVISORY  WRITE 6424 fe:00:10977574 120 120" */
static long holder_pid(const struct stat *shm)
{
	FILE *f = fopen("/proc/locks", "re");
	if (!f)
		return 0;
	char line[256];
	long found = 0;
	while (!found && fgets(line, sizeof line, f)) {
		char kind[16], mode[16], access[16], end[32];
		long pid;
		unsigned maj, min;
		unsigned long long ino;
		long long start;
		if (strstr(line, "->")) /* a waiter, not a holder */
			continue;
		if (sscanf(line, "%*d: %15s %15s %15s %ld %x:%x:%llu %lld %31s", kind, mode, access,
		           &pid, &maj, &min, &ino, &start, end) != 9)
			continue;
		if (strcmp(access, "WRITE") != 0 || ino != (unsigned long long)shm->st_ino ||
		    maj != major(shm->st_dev) || min != minor(shm->st_dev))
			continue;
		long long last = strcmp(end, "EOF") == 0 ? -1 : 0;
		if (last == 0 && sscanf(end, "%lld", &last) != 1)
			continue;
		if (start <= WAL_WRITE_LOCK_BYTE && (last < 0 || last >= WAL_WRITE_LOCK_BYTE) &&
		    pid > 0 && pid != (long)getpid())
			found = pid;
	}
	fclose(f);
	return found;
}

static void holder_process(store_lock_holder *h)
{
	char path[64], line[512];
	snprintf(path, sizeof path, "/proc/%ld/status", h->pid);
	FILE *f = fopen(path, "re");
	long uid = -1;
	if (f) {
		while (fgets(line, sizeof line, f))
			if (sscanf(line, "Uid: %ld", &uid) == 1)
				break;
		fclose(f);
	}
	struct passwd *pw = uid >= 0 ? getpwuid((uid_t)uid) : NULL;
	if (pw && pw->pw_name)
		snprintf(h->login, sizeof h->login, "%s", pw->pw_name);
	else
		snprintf(h->login, sizeof h->login, "user id %ld", uid);

	snprintf(path, sizeof path, "/proc/%ld/stat", h->pid);
	f = fopen(path, "re");
	if (!f)
		return;
	size_t n = fread(line, 1, sizeof line - 1, f);
	fclose(f);
	line[n] = '\0';
	/* After the command name in parentheses: state, then 18 more fields to
	 * the start time (field 22, in clock ticks since boot). */
	char *p = strrchr(line, ')');
	char state = 0;
	unsigned long long started = 0;
	if (!p || sscanf(p + 1,
	                 " %c %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s "
	                 "%*s %*s %*s %llu",
	                 &state, &started) != 2)
		return;
	h->stopped = state == 'T' || state == 't';
	struct timespec up;
	long hz = sysconf(_SC_CLK_TCK);
	if (hz > 0 && clock_gettime(CLOCK_BOOTTIME, &up) == 0)
		h->running_s = (long long)up.tv_sec - (long long)(started / (unsigned long long)hz);
}

bool store_lock_find(const char *db_path, store_lock_holder *out)
{
	char shm[4200];
	struct stat st;
	memset(out, 0, sizeof *out);
	if (snprintf(shm, sizeof shm, "%s-shm", db_path) >= (int)sizeof shm || stat(shm, &st) != 0)
		return false;
	out->pid = holder_pid(&st);
	if (!out->pid)
		return false;
	holder_process(out);
	return true;
}

void store_lock_describe(const char *db_path, int waited_s, char *out, size_t outsz)
{
	store_lock_holder h;
	int n = snprintf(out, outsz,
	                 "the database is locked by another escalate (waited %d s); "
	                 "try again",
	                 waited_s);
	if (n < 0 || (size_t)n >= outsz || !store_lock_find(db_path, &h))
		return;
	if (h.stopped)
		snprintf(out + n, outsz - (size_t)n,
		         ". It is held by %s's escalate (process %ld), which is stopped and has "
		         "held it for at least %d s (running %lld s): %s can continue it "
		         "(fg, or kill -CONT %ld) or end it (kill -KILL %ld: a stopped process "
		         "ignores other signals; nothing half-written is kept); otherwise an "
		         "administrator ends it",
		         h.login, h.pid, waited_s, h.running_s, h.login, h.pid, h.pid);
	else
		snprintf(out + n, outsz - (size_t)n,
		         ". It is held by %s's escalate (process %ld), which has held it for at "
		         "least %d s (running %lld s): ask %s to finish what they are saving or "
		         "to close escalate",
		         h.login, h.pid, waited_s, h.running_s, h.login);
}
