/* Sessions: which database, who is acting, what time it is.
 * Identity is the real uid's login (SPEC §6), never $USER or $LOGNAME. */
#include "escalate/session.h"

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "escalate/audit.h"
#include "escalate/config.h"

bool esc_privileged(void)
{
	return getegid() != getgid() || geteuid() != getuid();
}

esc_status esc_real_login(char *out, size_t outsz, esc_error *err)
{
	struct passwd *pw = getpwuid(getuid());
	if (!pw || !pw->pw_name || !*pw->pw_name)
		return esc_fail(err, ESC_EDENIED, "login",
		                "your user id %u has no login name in the password database",
		                (unsigned)getuid());
	if (strlen(pw->pw_name) >= outsz)
		return esc_fail(err, ESC_EDENIED, "login", "your login name is too long");
	snprintf(out, outsz, "%s", pw->pw_name);
	return ESC_OK;
}

esc_status esc_default_db_path(char *out, size_t outsz, esc_error *err)
{
	int n;
	if (esc_privileged()) {
		n = snprintf(out, outsz, "%s/escalate.db", ESC_TEAM_DIR);
	} else {
		const char *xdg = getenv("XDG_DATA_HOME");
		if (xdg && xdg[0] == '/') {
			n = snprintf(out, outsz, "%s/escalate/escalate.db", xdg);
		} else {
			struct passwd *pw = getpwuid(getuid());
			const char *home = getenv("HOME");
			if (!home || home[0] != '/')
				home = pw ? pw->pw_dir : NULL;
			if (!home)
				return esc_fail(err, ESC_EUSAGE, "db",
				                "cannot find your home directory; give --db PATH");
			n = snprintf(out, outsz, "%s/.local/share/escalate/escalate.db", home);
		}
	}
	if (n < 0 || (size_t)n >= outsz)
		return esc_fail(err, ESC_EUSAGE, "db", "the database path is too long");
	return ESC_OK;
}

esc_status session_open(esc_session *s, const char *path, unsigned open_flags, long team_gid,
                        esc_error *err)
{
	char zone[ESC_ZONE_MAX + 1];
	memset(s, 0, sizeof *s);
	if (store_open(path, open_flags, team_gid, &s->db, err) != ESC_OK)
		return err->status;
	/* The procedure's zone, not the writer's TZ, gives every civil time. */
	if (esc_zone_load(s->db, zone, err) != ESC_OK || esc_zone_use(zone, err) != ESC_OK ||
	    config_load_holidays(s->db, &s->holidays, err) != ESC_OK) {
		store_close(s->db);
		s->db = NULL;
		return err->status;
	}
	return ESC_OK;
}

esc_status session_reload_holidays(esc_session *s, esc_error *err)
{
	esc_holidays fresh;
	if (config_load_holidays(s->db, &fresh, err) != ESC_OK)
		return err->status;
	config_free_holidays(&s->holidays);
	s->holidays = fresh;
	return ESC_OK;
}

static bool database_damaged(esc_db *db, esc_error *err)
{
	esc_error local = {0};
	sqlite3_stmt *st = store_prepare(db, "PRAGMA quick_check(1)", &local);
	if (!st) {
		*err = local;
		return true;
	}
	int rc = store_step(db, st, &local);
	bool ok = rc == SQLITE_ROW && strcmp(store_col_text(st, 0), "ok") == 0;
	if (!ok && rc >= 0)
		esc_fail(&local, ESC_ECORRUPT, "", "%s: the database file is damaged (%s); restore it "
		         "from a backup", store_path(db), rc == SQLITE_ROW ? store_col_text(st, 0) : "");
	sqlite3_reset(st);
	if (!ok)
		*err = local;
	return !ok;
}

/* The file's own check, then the staff chain and each record against its
 * history (audit_verify_staff: a few rows, cheap). */
static bool staff_records_damaged(esc_db *db, esc_error *err)
{
	esc_verify_report report;
	esc_error local = {0};
	if (database_damaged(db, err))
		return true;
	if (audit_verify_staff(db, &report, &local) == ESC_ECORRUPT) {
		*err = local;
		return true;
	}
	return false;
}

esc_status session_identify(esc_session *s, esc_error *err)
{
	char login[ESC_LOGIN_MAX + 1];
	esc_error lookup = {0};

	if (esc_real_login(login, sizeof login, err) != ESC_OK)
		return err->status;
	esc_status st = staff_find(s->db, login, &s->me, &lookup);
	/* A damaged or edited staff table looks like an unknown or deactivated
	 * login: check before refusing the user as one. */
	if ((st == ESC_ENOTFOUND || (st == ESC_OK && !s->me.active)) &&
	    staff_records_damaged(s->db, err)) {
		memset(&s->me, 0, sizeof s->me);
		return err->status;
	}
	if (st == ESC_ENOTFOUND)
		return esc_fail(err, ESC_EDENIED, "login",
		                "your login '%s' is not registered in %s; ask an escalate admin to add "
		                "you with: escalate staff add %s --name \"Your Name\" --role "
		                "frontline|named|designated --org \"Your organisation\"",
		                login, store_path(s->db), login);
	if (st != ESC_OK) {
		*err = lookup;
		return st;
	}
	if (!s->me.active) {
		memset(&s->me, 0, sizeof s->me);
		return esc_fail(err, ESC_EDENIED, "login",
		                "the staff record for '%s' is deactivated; ask an escalate admin to "
		                "reactivate it (escalate staff reactivate %s)",
		                login, login);
	}
	/* The record is a person, not a name: a new account that reuses a
	 * leaver's login (a new uid) does not inherit it (issue 11 item 5). */
	long long uid = (long long)getuid();
	if (s->me.uid >= 0 && s->me.uid != uid) {
		long long was = s->me.uid;
		memset(&s->me, 0, sizeof s->me);
		return esc_fail(err, ESC_EDENIED, "login",
		                "the staff record for '%s' belongs to user id %lld, but you are user "
		                "id %lld: a new account with the same login is not the same person. "
		                "An escalate admin who has checked who you are confirms you with: "
		                "escalate staff confirm %s",
		                login, was, uid, login);
	}
	session_bind_store(s);
	/* Unbound (made before schema 007, or before the account existed): the
	 * first login that writes with it binds it. */
	if (s->me.uid < 0 && !store_readonly(s->db) && staff_bind_uid(s, uid, err) != ESC_OK) {
		memset(&s->me, 0, sizeof s->me);
		return err->status;
	}
	return ESC_OK;
}

static void session_clock(const void *ctx, char *out)
{
	session_now(ctx, out);
}

void session_bind_store(esc_session *s)
{
	store_set_actor(s->db, s->me.id, session_clock, s);
}

void session_close(esc_session *s)
{
	if (!s)
		return;
	config_free_holidays(&s->holidays);
	store_close(s->db);
	s->db = NULL;
}

esc_status session_set_now(esc_session *s, const char *ts, esc_error *err)
{
	if (!ts || !*ts) {
		s->now[0] = '\0';
		return ESC_OK;
	}
	return esc_timestamp_parse(ts, "now", s->now, err);
}

void session_now(const esc_session *s, char out[ESC_TS_LEN + 1])
{
	if (s->now[0])
		memcpy(out, s->now, ESC_TS_LEN + 1);
	else
		esc_timestamp_format(time(NULL), out);
}

esc_day session_today(const esc_session *s)
{
	char now[ESC_TS_LEN + 1];
	session_now(s, now);
	return esc_timestamp_day(now);
}

esc_status session_set_time_zone(esc_session *s, const char *zone, esc_error *err)
{
	if (!s->me.id || !s->me.active || !s->me.admin)
		return esc_fail(err, ESC_EDENIED, "role",
		                "only an escalate admin can change the configuration; you are not an "
		                "admin");
	if (esc_zone_check(zone, "ZONE", err) != ESC_OK)
		return err->status;
	if (store_begin(s->db, err) != ESC_OK)
		return err->status;
	if (store_setting_set(s->db, ESC_ZONE_SETTING, zone, err) != ESC_OK) {
		store_rollback(s->db);
		return err->status;
	}
	if (store_commit(s->db, err) != ESC_OK)
		return err->status;
	return esc_zone_use(zone, err);
}
