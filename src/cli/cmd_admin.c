/* init and staff: creating the database and managing who may use it.  The
 * admin check and the last-admin rule live in the core (staff.c). */
#include "cli_cmd.h"
#include "cli_files.h"

#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli_text.h"
#include "escalate/staff.h"
#include "escalate/store.h"

/* The passwd GECOS full name (up to the first comma), else the login. */
static void default_name(const struct passwd *pw, const char *login, char *out, size_t outsz)
{
	const char *gecos = pw && pw->pw_gecos ? pw->pw_gecos : "";
	size_t n = strcspn(gecos, ",");
	if (n > 0)
		snprintf(out, outsz, "%.*s", (int)n, gecos);
	else
		snprintf(out, outsz, "%s", login);
}

static esc_role role_opt(const cli_args *a, const char *text, esc_role dflt)
{
	if (!text)
		return dflt;
	esc_role r = esc_role_parse(text);
	if (r == ESC_ROLE_NONE)
		cli_usage(a, "'%s' is not a role: use frontline, named or designated", text);
	return r;
}

/* An existing database is looked at read-only (no write lock: an
 * unregistered login running init must not be able to stop everyone by
 * stopping itself there); refused when it has staff. */
static esc_status refuse_existing(cli_ctx *c, const char *login)
{
	long long n = 0;
	if (cli_session_open(c, CLI_READONLY) != ESC_OK ||
	    staff_count(c->s.db, &n, &c->err) != ESC_OK)
		return c->err.status;
	cli_session_close(c);
	if (n > 0)
		return esc_fail(&c->err, ESC_ECONFLICT, "",
		                "a database already exists at %s and has staff; ask one of its "
		                "admins to add you (escalate staff add %s ...)",
		                c->db_path, login);
	return ESC_OK;
}

int cmd_init(cli_ctx *c, const cli_args *a)
{
	char login[ESC_LOGIN_MAX + 1], name[ESC_SHORT_MAX + 1], now[ESC_TS_LEN + 1];
	struct stat st;
	esc_role role = role_opt(a, cli_get(a, "role"), ESC_ROLE_DESIGNATED);
	if (role == ESC_ROLE_NONE)
		return ESC_EUSAGE;
	if (esc_real_login(login, sizeof login, &c->err) != ESC_OK)
		return cli_fail(c);
	const char *admin = cli_get(a, "admin");
	if (admin && getuid() != 0)
		return cli_usage(a, "init: --admin LOGIN is for root, creating a team database "
		                    "for its first admin");
	if (admin && staff_check_login(admin, &c->err) != ESC_OK)
		return cli_fail(c);
	struct passwd *pw = admin ? getpwnam(admin) : getpwuid(getuid());
	if (admin && !pw)
		return cli_error(ESC_EINVALID, "init: --admin: there is no login '%s' on this host",
		                 admin);
	if (admin)
		snprintf(login, sizeof login, "%s", admin);
	if (cli_get(a, "name"))
		snprintf(name, sizeof name, "%s", cli_get(a, "name"));
	else
		default_name(pw, login, name, sizeof name);

	bool existed = stat(c->db_path, &st) == 0;
	if (existed && refuse_existing(c, login) != ESC_OK)
		return cli_fail(c);
	/* Only root (or the install step) creates a file in the team directory:
	 * team_db_resolve refused a missing one for anyone else. */
	if (esc_privileged() && getuid() != 0)
		return cli_error(ESC_EDENIED,
		                 "only root creates a team database (sudo escalate init --admin "
		                 "LOGIN ...)");
	/* A personal database gets a private directory; the team directory is
	 * prepared by the installer (group-owned, 2770), never created here. */
	if (!existed && !esc_privileged() && cli_make_db_dir(c->db_path, &c->err) != ESC_OK)
		return cli_fail(c);
	if (cli_session_open(c, CLI_CREATES) != ESC_OK)
		return cli_fail(c);
	session_now(&c->s, now);
	const char *org = cli_get(a, "org");
	if (staff_add_first_admin(c->s.db, login, name, role, org ? org : "", now, &c->err)) {
		if (c->err.status == ESC_ECONFLICT)
			return cli_error(
			    ESC_ECONFLICT,
			    "a database already exists at %s and has staff; ask one of its "
			    "admins to add you (escalate staff add %s ...)",
			    c->db_path, login);
		return cli_fail(c);
	}
	cli_say("Created %s.\n", c->db_path);
	cli_say("%s (%s) is its first admin, role %s.\n", login, name, esc_role_name(role));
	cli_say("Add colleagues with: escalate staff add LOGIN --name NAME --role "
	        "frontline|named|designated\n");
	return ESC_OK;
}

int cmd_staff_add(cli_ctx *c, const cli_args *a)
{
	const char *login = a->pos[0];
	esc_role role = role_opt(a, cli_get(a, "role"), ESC_ROLE_NONE);
	if (role == ESC_ROLE_NONE)
		return ESC_EUSAGE;
	const char *org = cli_get(a, "org");
	bool admin = cli_has(a, "admin");
	if (staff_add(&c->s, login, cli_get(a, "name"), role, org ? org : "", admin, &c->err))
		return cli_fail(c);
	cli_say("Added %s (%s), %s%s.\n", login, cli_get(a, "name"), esc_role_label(role),
	        admin ? ", admin" : "");
	return ESC_OK;
}

typedef struct staff_list {
	esc_format fmt;
	cli_cols cols;
	esc_buf buf;
	int n;
	FILE *f;
} staff_list;

static bool staff_row(const esc_staff *s, void *ctx)
{
	staff_list *l = ctx;
	const char *state = s->active ? "active" : "deactivated";
	if (l->fmt == ESC_FMT_TEXT) {
		const char *cells[] = {
		    s->login, s->name,        esc_role_name(s->role), s->admin ? "yes" : "no",
		    state,    s->organisation};
		return cli_cols_add(&l->cols, cells);
	}
	esc_buf_reset(&l->buf);
	if (l->fmt == ESC_FMT_CSV) {
		/* snake_case heads and true/false, as in every other CSV */
		const char *cells[] = {s->login,
		                       s->name,
		                       esc_role_name(s->role),
		                       s->admin ? "true" : "false",
		                       s->active ? "true" : "false",
		                       s->organisation};
		cli_csv_row(&l->buf, 6, cells);
	} else {
		esc_buf_puts(&l->buf, l->n ? ",\n  {" : "\n  {");
		cli_json_str(&l->buf, true, "login", s->login);
		cli_json_str(&l->buf, false, "name", s->name);
		cli_json_str(&l->buf, false, "role", esc_role_name(s->role));
		cli_json_bool(&l->buf, false, "admin", s->admin);
		cli_json_bool(&l->buf, false, "active", s->active);
		cli_json_str(&l->buf, false, "organisation", s->organisation);
		esc_buf_puts(&l->buf, "}");
	}
	fputs(l->buf.data, l->f);
	l->n++;
	return true;
}

int cmd_staff_list(cli_ctx *c, const cli_args *a)
{
	static const int formats[] = {ESC_FMT_TEXT, ESC_FMT_CSV, ESC_FMT_JSON};
	static const char *const heads[] = {"LOGIN", "NAME",  "ROLE",
	                                    "ADMIN", "STATE", "ORGANISATION"};
	static const int caps[] = {0, 30, 0, 0, 0, 30};
	int fmt = cli_format_opt(a, "format", ESC_FMT_TEXT, formats, 3);
	if (fmt < 0 || cli_bom_refused(a, fmt))
		return ESC_EUSAGE;
	staff_list l = {.fmt = (esc_format)fmt};
	cli_out out;
	if (cli_out_open(&out, NULL, &c->err) != ESC_OK)
		return cli_fail(c);
	l.f = out.f;
	esc_buf_init(&l.buf);
	cli_cols_init(&l.cols, 6, heads, caps, out.filtered);
	if (fmt == ESC_FMT_CSV) {
		static const char *const csv_heads[] = {"login", "name",   "role",
		                                        "admin", "active", "organisation"};
		if (cli_bom_wanted(a, fmt))
			esc_buf_puts(&l.buf, ESC_CSV_BOM);
		cli_csv_row(&l.buf, 6, csv_heads);
		fputs(l.buf.data, l.f);
	} else if (fmt == ESC_FMT_JSON) {
		fputs("[", l.f);
	}
	esc_status st = staff_each(c->s.db, staff_row, &l, &c->err);
	if (fmt == ESC_FMT_TEXT)
		cli_cols_flush(&l.cols, l.f);
	else if (fmt == ESC_FMT_JSON)
		fputs(l.n ? "\n]\n" : "]\n", l.f);
	cli_cols_free(&l.cols);
	esc_buf_free(&l.buf);
	return cli_out_finish(c, &out, st);
}

int cmd_staff_set_role(cli_ctx *c, const cli_args *a)
{
	esc_role role = role_opt(a, a->pos[1], ESC_ROLE_NONE);
	if (role == ESC_ROLE_NONE)
		return ESC_EUSAGE;
	if (cli_has(a, "admin") && cli_has(a, "no-admin"))
		return cli_usage(a, "staff set-role: give --admin or --no-admin, not both");
	int admin = cli_has(a, "admin") ? 1 : cli_has(a, "no-admin") ? 0 : -1;
	if (staff_update(&c->s, a->pos[0], role, admin, -1, &c->err) != ESC_OK)
		return cli_fail(c);
	cli_say("%s is now a %s%s.\n", a->pos[0], esc_role_label(role),
	        admin == 1   ? " and an admin"
	        : admin == 0 ? " (not an admin)"
	                     : "");
	return ESC_OK;
}

static int set_active(cli_ctx *c, const cli_args *a, bool active)
{
	if (staff_update(&c->s, a->pos[0], ESC_ROLE_NONE, -1, active ? 1 : 0, &c->err) != ESC_OK)
		return cli_fail(c);
	cli_say("%s is %s.\n", a->pos[0], active ? "active again" : "deactivated");
	return ESC_OK;
}

int cmd_staff_deactivate(cli_ctx *c, const cli_args *a)
{
	return set_active(c, a, false);
}

int cmd_staff_reactivate(cli_ctx *c, const cli_args *a)
{
	return set_active(c, a, true);
}

int cmd_staff_confirm(cli_ctx *c, const cli_args *a)
{
	if (staff_confirm(&c->s, a->pos[0], &c->err) != ESC_OK)
		return cli_fail(c);
	struct passwd *pw = getpwnam(a->pos[0]);
	cli_say("%s is confirmed as user id %ld on this host.\n", a->pos[0],
	        pw ? (long)pw->pw_uid : -1L);
	return ESC_OK;
}
