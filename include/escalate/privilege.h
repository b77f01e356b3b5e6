/* What a set-id escalate does to its own process before it opens anything
 * (SPEC §7 "Team database security", escalate(1) SECURITY): the environment
 * variables that could steer it are cleared or fixed, the standard file
 * descriptors are made to exist, and the umask keeps others out. */
#ifndef ESCALATE_PRIVILEGE_H
#define ESCALATE_PRIVILEGE_H

#include <stdbool.h>
#include <stddef.h>

/* One environment variable a privileged escalate does not honour. */
typedef struct esc_steering_var {
	const char *name;
	const char *fixed; /* the value it is set to, or NULL: removed */
	const char *why;   /* what it would steer (for escalate(1)) */
} esc_steering_var;

/* The table, in the order escalate(1) lists it. */
const esc_steering_var *esc_steering_vars(size_t *count);

/* With privileged true: removes or fixes every variable of the table, removes
 * LANG, LANGUAGE and LC_* values that name a file rather than a locale (a
 * '/', a leading '.', or longer than 64 bytes) and a TERM that is not a
 * plain terminal name, sets HOME to the real user's home from the password
 * database, opens /dev/null on any of file descriptors 0-2 that is closed
 * (so that no database is ever opened as stderr) and adds 007 to the umask.
 * With privileged false it does nothing.  Returns false only when
 * descriptors 0-2 could not be made to exist. */
bool esc_privilege_sanitise(bool privileged);

#endif
