/* What a set-id escalate does to its own process before it opens anything
 * (SPEC §7 "Team database security", escalate(1) SECURITY): the environment
 * variables that could steer it are cleared or fixed, the standard file
 * descriptors are made to exist, and the umask keeps others out. */
#ifndef ESCALATE_PRIVILEGE_H
#define ESCALATE_PRIVILEGE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "escalate/error.h"

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

/* What escalate does for the user's own files and programs: a set-id
 * escalate (the team group) must not lend that group to them, nor hand them
 * the database.  Each function does nothing about privilege when escalate is
 * not set-id. */

/* Gives up the set-id group and user for good: the real, effective and saved
 * ids all become the real ones, and are checked to be so.  For a process that
 * will not touch the database again (a child about to run a program). */
esc_status esc_privilege_drop(esc_error *err);

/* Closes every file descriptor above 2 (a child about to run a program the
 * user chose must hold no database or journal). */
void esc_close_fds_above_2(void);

/* For a moment of working on the user's files in a process that keeps the
 * database open: the effective group becomes the real one (*team remembers
 * the team group) until esc_privilege_resume gives it back. */
esc_status esc_privilege_suspend(gid_t *team, esc_error *err);
esc_status esc_privilege_resume(gid_t team, esc_error *err);

/* Writes data[0..len) to the file at path, created 0600 as the user, in a
 * child process that has given up the set-id privilege for good (the caller
 * keeps its own).  With replace false an existing file is left alone: the
 * call fails and sets *exists (which may be NULL).  err names `field`. */
esc_status esc_user_file_write(const char *path, const char *data, size_t len, bool replace,
                               bool *exists, const char *field, esc_error *err);

#endif
