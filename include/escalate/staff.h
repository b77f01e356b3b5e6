/* Staff records: logins mapped to name, role, organisation, admin flag and
 * active/deactivated.  Only an admin changes them; every change is also a
 * row in the append-only staff_history table. */
#ifndef ESCALATE_STAFF_H
#define ESCALATE_STAFF_H

#include <stdbool.h>

#include "escalate/error.h"
#include "escalate/procedure.h"
#include "escalate/validate.h"

#define ESC_LOGIN_MAX 32

typedef struct esc_staff {
	long long id;
	char login[ESC_LOGIN_MAX + 1];
	char name[ESC_SHORT_MAX + 1];
	char organisation[ESC_SHORT_MAX + 1];
	esc_role role;
	bool admin;
	bool active;
	long long uid; /* the OS user id the record is bound to; -1: not yet bound */
} esc_staff;

struct esc_session;
struct esc_db;

/* The actor view of a staff record, for proc_check. */
esc_actor staff_actor(const esc_staff *s);

/* Logins: 1..32 of [a-z0-9_.-], starting with a letter or '_' (POSIX-ish). */
esc_status staff_check_login(const char *login, esc_error *err);

/* Creates the first admin when the staff table is empty (escalate init),
 * bound to the uid its login has on this host (unbound if none).  Refused
 * with ESC_ECONFLICT when staff already exist. */
esc_status staff_add_first_admin(struct esc_db *db, const char *login, const char *name,
                                 esc_role role, const char *organisation, const char *now,
                                 esc_error *err);

/* How many staff records there are (a read: init asks before it writes). */
esc_status staff_count(struct esc_db *db, long long *n, esc_error *err);

/* Admin only: binds LOGIN's record to the user id the login has on this
 * host now (a new person with a leaver's login, after the admin has checked
 * who they are).  ESC_ENOTFOUND when the host has no such login. */
esc_status staff_confirm(struct esc_session *s, const char *login, esc_error *err);

/* Binds the acting record, not yet bound to a uid (made before schema 007,
 * or added before the OS account existed), to uid; the caller has
 * identified the login.  A write transaction of its own. */
esc_status staff_bind_uid(struct esc_session *s, long long uid, esc_error *err);

/* Admin only.  Adds an active staff member, bound to the uid its login has on
 * this host (unbound when the host has no such login yet). */
esc_status staff_add(struct esc_session *s, const char *login, const char *name, esc_role role,
                     const char *organisation, bool admin, esc_error *err);
/* Admin only.  role ESC_ROLE_NONE keeps the role; admin/active -1 keep. */
esc_status staff_update(struct esc_session *s, const char *login, esc_role role, int admin,
                        int active, esc_error *err);

esc_status staff_find(struct esc_db *db, const char *login, esc_staff *out, esc_error *err);
esc_status staff_get(struct esc_db *db, long long id, esc_staff *out, esc_error *err);

typedef bool (*esc_staff_cb)(const esc_staff *s, void *ctx); /* return false to stop */
esc_status staff_each(struct esc_db *db, esc_staff_cb cb, void *ctx, esc_error *err);

#endif
