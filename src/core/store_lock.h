/* Who holds a database's write lock (store_lock.c), for the busy message. */
#ifndef ESCALATE_STORE_LOCK_H
#define ESCALATE_STORE_LOCK_H

#include <stdbool.h>
#include <stddef.h>

typedef struct store_lock_holder {
	long pid;
	char login[64];      /* the holder's real uid's login, or its uid */
	bool stopped;        /* stopped by a signal (SIGSTOP, SIGTSTP) or a tracer */
	long long running_s; /* how long the holding process has existed */
} store_lock_holder;

/* Finds the process holding the WAL write lock of the database at db_path
 * (its byte in the -shm file, as /proc/locks lists it).  False when none is
 * found (no lock, another host, or /proc unreadable). */
bool store_lock_find(const char *db_path, store_lock_holder *out);

/* The busy sentence: who holds the lock, for how long, and what to do. */
void store_lock_describe(const char *db_path, int waited_s, char *out, size_t outsz);

#endif
