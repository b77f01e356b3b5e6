/* A session: the open database, the acting staff member (the real uid's
 * login mapped to a staff record), and the clock. */
#ifndef ESCALATE_SESSION_H
#define ESCALATE_SESSION_H

#include <stdbool.h>
#include <stddef.h>

#include "escalate/calendar.h"
#include "escalate/civil.h"
#include "escalate/error.h"
#include "escalate/staff.h"
#include "escalate/store.h"

typedef struct esc_session {
	esc_db *db;
	esc_staff me;         /* the actor; me.id == 0 until identified */
	char now[ESC_TS_LEN + 1]; /* pinned clock, an instant ("" = the real clock) */
	esc_holidays holidays;    /* loaded when the session opens */
} esc_session;

/* The login of the real user id (getpwuid(getuid())), never $USER. */
esc_status esc_real_login(char *out, size_t outsz, esc_error *err);

/* True when running set-id (the team database): the environment is then not
 * trusted (no ESCALATE_NOW, no XDG_DATA_HOME, --db confined to the team dir). */
bool esc_privileged(void);

/* The default database: $XDG_DATA_HOME/escalate/escalate.db (or
 * ~/.local/share/escalate/escalate.db); the team directory's escalate.db when
 * privileged.  Creates nothing. */
esc_status esc_default_db_path(char *out, size_t outsz, esc_error *err);

/* Opens the database, loads the holidays and makes the database's time zone
 * setting the civil zone of the process (civil.h); does not identify the
 * actor. */
esc_status session_open(esc_session *s, const char *path, unsigned open_flags, long team_gid,
                        esc_error *err);
/* Maps the real login to an active staff record; an unregistered login gives
 * ESC_EDENIED with a message telling an admin how to add it
 * ("escalate staff add LOGIN --name ... --role ..."), a deactivated one too. */
esc_status session_identify(esc_session *s, esc_error *err);
void session_close(esc_session *s);
/* Tells the store who is acting and which clock to use, for the history
 * rows it writes itself (store_set_actor). */
void session_bind_store(esc_session *s);

/* Pins the clock to a civil time in the procedure's zone
 * ("YYYY-MM-DD[ HH:MM[:SS]]", read as civil.h says); NULL or "" unpins. */
esc_status session_set_now(esc_session *s, const char *ts, esc_error *err);
/* The current instant (pinned or real), as stored: "YYYY-MM-DDTHH:MM:SSZ". */
void session_now(const esc_session *s, char out[ESC_TS_LEN + 1]);
/* Today's civil date in the procedure's zone. */
esc_day session_today(const esc_session *s);
/* Changes the procedure's civil zone (an admin only; checked by
 * esc_zone_check): stored instants keep their meaning, and every date and
 * time shown or computed from now on is in the new zone. */
esc_status session_set_time_zone(esc_session *s, const char *zone, esc_error *err);
/* Reloads the bank holiday list (after it changed). */
esc_status session_reload_holidays(esc_session *s, esc_error *err);

#endif
