/* config: the lists and numbers the procedure runs on (themes, local
 * authorities, timescales, bank holidays, the pattern rule, the time zone).  Reading is for
 * everyone; the core allows changes to admins only. */
#include "cli_cmd.h"

#include "escalate/civil.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "escalate/config.h"
#include "escalate/config_history.h"
#include "escalate/procedure.h"

/* A whole number argument; false (usage error printed) if it is not. */
static bool int_arg(const cli_args *a, const char *what, const char *text, long *out)
{
	char *end;
	errno = 0;
	long n = strtol(text, &end, 10);
	if (errno || end == text || *end) {
		cli_usage(a, "%s: '%s' is not a whole number", what, text);
		return false;
	}
	*out = n;
	return true;
}

static bool print_name(const char *name, bool active, void *ctx)
{
	(void)ctx;
	cli_put(name);
	cli_say("%s\n", active ? "" : "  (removed)");
	return true;
}

static int config_list(cli_ctx *c, const cli_args *a, esc_list_kind k)
{
	const char *verb = a->npos > 0 ? a->pos[0] : "list";
	const char *name = config_list_name(k);
	if (strcmp(verb, "list") == 0) {
		if (a->npos > 1)
			return cli_usage(a, "config: 'list' takes no name");
		if (config_list_each(c->s.db, k, cli_has(a, "all"), print_name, NULL, &c->err))
			return cli_fail(c);
		return ESC_OK;
	}
	bool add = strcmp(verb, "add") == 0;
	if (!add && strcmp(verb, "remove") != 0)
		return cli_usage(a, "config: '%s' is not list, add or remove", verb);
	if (a->npos < 2)
		return cli_usage(a, "config: give the %s to %s", name, verb);
	esc_status st = add ? config_list_add(&c->s, k, a->pos[1], &c->err)
	                    : config_list_remove(&c->s, k, a->pos[1], &c->err);
	if (st != ESC_OK)
		return cli_fail(c);
	cli_say("%s %s: %s\n", add ? "Added" : "Removed", name, a->pos[1]);
	return ESC_OK;
}

int cmd_config_theme(cli_ctx *c, const cli_args *a)
{
	return config_list(c, a, ESC_LIST_THEME);
}

int cmd_config_la(cli_ctx *c, const cli_args *a)
{
	return config_list(c, a, ESC_LIST_LA);
}

static void print_timescales(cli_ctx *c)
{
	cli_say("Target working days at each level:\n");
	for (int l = ESC_LEVEL_MIN; l <= ESC_LEVEL_MAX; l++)
		cli_say("  level %d  %-30s %3d\n", l, esc_level(l)->label,
		        config_timescale(c->s.db, l, false));
	cli_say("  urgent   %-30s %3d\n", "(reaching the Head of Service)",
	        config_timescale(c->s.db, ESC_URGENT_LEVEL, true));
}

int cmd_config_timescale(cli_ctx *c, const cli_args *a)
{
	if (a->npos == 0) {
		print_timescales(c);
		return ESC_OK;
	}
	if (a->npos != 2)
		return cli_usage(a, "config timescale: give LEVEL DAYS (or urgent DAYS)");
	bool urgent = strcmp(a->pos[0], "urgent") == 0;
	long level = ESC_URGENT_LEVEL, days;
	if ((!urgent && !int_arg(a, "LEVEL", a->pos[0], &level)) ||
	    !int_arg(a, "DAYS", a->pos[1], &days))
		return ESC_EUSAGE;
	if (level < ESC_LEVEL_MIN || level > ESC_LEVEL_MAX)
		return cli_usage(a, "config timescale: LEVEL must be 1 to 5 or urgent");
	if (days < 0 || days > 365)
		return cli_usage(a, "config timescale: DAYS must be 0 to 365");
	if (config_set_timescale(&c->s, (int)level, urgent, (int)days, &c->err) != ESC_OK)
		return cli_fail(c);
	if (urgent)
		cli_say(
		    "An urgent jump now expects the Head of Service within %ld working day%s.\n",
		    days, days == 1 ? "" : "s");
	else
		cli_say("Level %ld (%s) now has %ld working day%s.\n", level,
		        esc_level((int)level)->label, days, days == 1 ? "" : "s");
	return ESC_OK;
}

static void print_holidays(const esc_session *s)
{
	char day[ESC_DATE_LEN + 1];
	for (size_t i = 0; i < s->holidays.count; i++) {
		esc_day_format(s->holidays.days[i], day);
		cli_say("%s\n", day);
	}
}

int cmd_config_holiday(cli_ctx *c, const cli_args *a)
{
	const char *verb = a->npos > 0 ? a->pos[0] : "list";
	if (strcmp(verb, "list") == 0) {
		if (a->npos > 1)
			return cli_usage(a, "config holiday: 'list' takes no date");
		print_holidays(&c->s);
		return ESC_OK;
	}
	bool add = strcmp(verb, "add") == 0;
	if (!add && strcmp(verb, "remove") != 0)
		return cli_usage(a, "config holiday: '%s' is not list, add or remove", verb);
	if (a->npos < 2)
		return cli_usage(a, "config holiday: give the date (YYYY-MM-DD) to %s", verb);
	esc_status st = add ? config_holiday_add(&c->s, a->pos[1], &c->err)
	                    : config_holiday_remove(&c->s, a->pos[1], &c->err);
	if (st != ESC_OK)
		return cli_fail(c);
	cli_say("%s bank holiday %s.\n", add ? "Added" : "Removed", a->pos[1]);
	return ESC_OK;
}

static void print_pattern(cli_ctx *c)
{
	int threshold, window;
	config_pattern_rule(c->s.db, &threshold, &window);
	cli_say("Pattern rule: %d or more open cases sharing a theme against one local authority, "
	        "opened within %d days, mean the designated professional must be informed.\n",
	        threshold, window);
}

int cmd_config_pattern(cli_ctx *c, const cli_args *a)
{
	if (a->npos == 0) {
		print_pattern(c);
		return ESC_OK;
	}
	long threshold, days;
	if (a->npos != 2)
		return cli_usage(a, "config pattern: give THRESHOLD DAYS");
	if (!int_arg(a, "THRESHOLD", a->pos[0], &threshold) ||
	    !int_arg(a, "DAYS", a->pos[1], &days))
		return ESC_EUSAGE;
	if (threshold < 0 || threshold > 100000 || days < 0 || days > 100000)
		return cli_usage(a, "config pattern: THRESHOLD and DAYS are out of range");
	if (config_set_pattern_rule(&c->s, (int)threshold, (int)days, &c->err) != ESC_OK)
		return cli_fail(c);
	print_pattern(c);
	return ESC_OK;
}

int cmd_config_show(cli_ctx *c, const cli_args *a)
{
	(void)a;
	cli_say("Database: %s\n\nThemes:\n", c->db_path);
	if (config_list_each(c->s.db, ESC_LIST_THEME, false, print_name, NULL, &c->err))
		return cli_fail(c);
	cli_say("\nLocal authorities:\n");
	if (config_list_each(c->s.db, ESC_LIST_LA, false, print_name, NULL, &c->err))
		return cli_fail(c);
	cli_say("\n");
	print_timescales(c);
	cli_say("\n");
	print_pattern(c);
	cli_say("\nBank holidays: %zu listed (escalate config holiday list)\n",
	        c->s.holidays.count);
	cli_say("\nTime zone: %s (escalate config timezone)\n", esc_zone_current());
	return ESC_OK;
}

/* The procedure's civil zone (civil.h); the name is checked before it is
 * echoed. */
int cmd_config_timezone(cli_ctx *c, const cli_args *a)
{
	if (a->npos == 0) {
		cli_say("Time zone of the procedure: %s\n", esc_zone_current());
		return ESC_OK;
	}
	if (session_set_time_zone(&c->s, a->pos[0], &c->err) != ESC_OK)
		return cli_fail(c);
	cli_say("Time zone of the procedure: %s.  Stored times keep their meaning; dates and "
	        "times are now shown, typed and counted in this zone.\n",
	        esc_zone_current());
	return ESC_OK;
}

static bool print_change(const esc_config_change *ch, void *ctx)
{
	(void)ctx;
	char when[ESC_CIVIL_TEXT_LEN + 1];
	esc_instant_show(ch->at, 19, when);
	cli_say("%-6lld %-19s  %-12s %s %s '", ch->id, *ch->at ? when : "-",
	        *ch->actor ? ch->actor : "(baseline)", ch->item, ch->change);
	cli_put(ch->key);
	cli_say("'");
	if (ch->old_value || ch->new_value) {
		cli_say(": ");
		cli_put(ch->old_value ? ch->old_value : "-");
		cli_say(" -> ");
		cli_put(ch->new_value ? ch->new_value : "-");
	}
	cli_say("\n");
	return true;
}

int cmd_config_history(cli_ctx *c, const cli_args *a)
{
	(void)a;
	if (config_history_each(c->s.db, print_change, NULL, &c->err) != ESC_OK)
		return cli_fail(c);
	return ESC_OK;
}
