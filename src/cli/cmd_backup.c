/* backup and restore (issue 12): copies made with SQLite's online backup
 * API and verified before they take their name (backup.c). */
#include "cli_cmd.h"

#include <sys/stat.h>
#include <unistd.h>

#include "escalate/backup.h"
#include "escalate/session.h"

static void say_heads(const esc_verify_report *r)
{
	cli_say("verified: %lld history rows, %lld agreed actions, %lld cases, %lld staff changes, "
	        "%lld access log rows, %lld purges; integrity %s\n",
	        r->events, r->actions, r->cases, r->staff_history, r->access_rows, r->purges,
	        r->integrity);
	cli_say("chain heads: history row %lld %s; staff change %lld %s; access log row %lld %s; "
	        "purge %lld %s\n",
	        r->last_event, r->last_event_hash, r->last_staff_row, r->last_staff_hash,
	        r->last_access, r->last_access_hash, r->last_purge, r->last_purge_hash);
}

/* A team database (group-readable, SPEC §6): its backups may be read by the
 * team group too. */
static bool team_db(const char *path)
{
	struct stat st;
	return esc_privileged() || (stat(path, &st) == 0 && (st.st_mode & S_IRGRP));
}

int cmd_backup(cli_ctx *c, const cli_args *a)
{
	esc_verify_report rep;
	bool team = team_db(c->db_path);
	/* The file is the user's: the set-id group privilege goes first. */
	if (cli_drop_group(&c->err) != ESC_OK ||
	    backup_write(&c->s, a->pos[0], team, cli_has(a, "force"), &rep, &c->err) != ESC_OK)
		return cli_fail(c);
	cli_say("Backed up %s to %s (mode %s).\n", c->db_path, a->pos[0], team ? "0640" : "0600");
	say_heads(&rep);
	return ESC_OK;
}

int cmd_restore(cli_ctx *c, const cli_args *a)
{
	char login[ESC_LOGIN_MAX + 1], kept[4200];
	esc_verify_report rep;
	/* Set-id, a login would read the backup it names with the team group's
	 * rights: only root (who has them anyway) restores a team database. */
	if (esc_privileged() && getuid() != 0)
		return cli_error(ESC_EDENIED, "restore replaces the team database: run it as root");
	if (esc_real_login(login, sizeof login, &c->err) != ESC_OK ||
	    backup_restore(a->pos[0], c->db_path, login, cli_has(a, "force"), team_db(c->db_path),
	                   &rep, kept, sizeof kept, &c->err) != ESC_OK)
		return cli_fail(c);
	cli_say("Restored %s from %s.\n", c->db_path, a->pos[0]);
	if (kept[0])
		cli_say("The database it replaced is kept as %s.\n", kept);
	say_heads(&rep);
	return ESC_OK;
}
