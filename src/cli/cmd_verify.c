/* verify: the chains, the seals, each case and staff record against its
 * history, the configuration against its history; the chain heads with
 * their row counts as a receipt to keep elsewhere, and a check against a
 * receipt kept earlier (audit.h). */
#include "cli_cmd.h"

#include <stdlib.h>
#include <string.h>

#include "escalate/audit.h"

static void say_problems(const esc_verify_report *rep)
{
	if (rep->first_broken_event)
		cli_say("first broken history row: %lld\n", rep->first_broken_event);
	if (rep->inconsistent_cases)
		cli_say("cases disagreeing with their history: %lld\n", rep->inconsistent_cases);
	if (rep->wrong_live_actions)
		cli_say("cases whose live agreed actions disagree with their history: %lld\n",
		        rep->wrong_live_actions);
	if (rep->broken_seals)
		cli_say("cases whose fixed fields or themes changed: %lld\n", rep->broken_seals);
	if (rep->first_broken_staff_row)
		cli_say("first broken staff history row: %lld\n", rep->first_broken_staff_row);
	if (rep->inconsistent_staff)
		cli_say("staff records disagreeing with their history: %lld\n",
		        rep->inconsistent_staff);
	if (rep->first_broken_config_row)
		cli_say("first broken configuration history row: %lld\n",
		        rep->first_broken_config_row);
	if (rep->inconsistent_config)
		cli_say("configuration entries disagreeing with their history: %lld\n",
		        rep->inconsistent_config);
	if (rep->times_backwards)
		cli_say("history rows whose time runs backwards or is not a UTC instant: %lld\n",
		        rep->times_backwards);
	if (rep->broken_before_utc)
		cli_say("chain rows already broken before the upgrade to UTC times: %lld\n",
		        rep->broken_before_utc);
	if (rep->first_broken_access)
		cli_say("first broken access log row: %lld\n", rep->first_broken_access);
	if (rep->broken_purges)
		cli_say("purged cases whose tombstone changed: %lld\n", rep->broken_purges);
}

static int write_receipt(cli_ctx *c, const char *path, const char *receipt)
{
	cli_out out;
	if (cli_out_open(&out, path, &c->err) != ESC_OK)
		return cli_fail(c);
	fprintf(out.f, "%s\n", receipt);
	return cli_out_finish(c, &out, ESC_OK);
}

int cmd_verify(cli_ctx *c, const cli_args *a)
{
	esc_verify_report rep;
	char receipt[ESC_RECEIPT_MAX], vouched[ESC_RECEIPT_MAX];
	char *against = NULL;
	/* The receipt file is read first, as the user. */
	if (cli_get(a, "against") &&
	    cli_read_user_file(cli_get(a, "against"), &against, &c->err) != ESC_OK)
		return cli_fail(c);
	esc_status st = audit_verify(c->s.db, &rep, &c->err);
	if (st != ESC_OK && st != ESC_ECORRUPT) {
		free(against);
		return cli_fail(c);
	}
	cli_say(
	    "checked %lld history rows, %lld agreed actions, %lld cases (%lld sealed), "
	    "%lld staff records, %lld staff changes, %lld configuration changes; integrity %s\n",
	    rep.events, rep.actions, rep.cases, rep.seals, rep.staff, rep.staff_history,
	    rep.config_history, rep.integrity);
	if (st == ESC_ECORRUPT) {
		free(against);
		say_problems(&rep);
		return cli_fail(c);
	}
	cli_say("history chain intact, case seals intact, staff chain intact, configuration "
	        "chain intact; every case, staff record and setting agrees with its history\n");
	if (audit_receipt(c->s.db, receipt, sizeof receipt, &c->err) != ESC_OK) {
		free(against);
		return cli_fail(c);
	}
	cli_say("chain heads, to keep elsewhere (a later verify with an older head means newer "
	        "rows were removed): history row %lld %s; staff change %lld %s\n",
	        rep.last_event, rep.last_event_hash, rep.last_staff_row, rep.last_staff_hash);
	if (rep.pre_utc_heads[0])
		cli_say("before the upgrade to UTC times the chain heads were (as an older receipt "
		        "names them) %s\n",
		        rep.pre_utc_heads);
	cli_say("access log: %lld rows, chain intact, head row %lld %s; purged cases: %lld, "
	        "tombstones intact, head purge %lld %s\n",
	        rep.access_rows, rep.last_access, rep.last_access_hash, rep.purges, rep.last_purge,
	        rep.last_purge_hash);
	cli_say("receipt (rows:hash of the newest row of each chain), to keep away from this "
	        "host; `escalate verify --against FILE` proves a later state only extends it:\n"
	        "%s\n",
	        receipt);
	if (against) {
		st = audit_receipt_check(c->s.db, against, vouched, sizeof vouched, &c->err);
		free(against);
		if (st != ESC_OK)
			return cli_fail(c);
		cli_say("receipt holds: every row it vouched for is unchanged and the chains were "
		        "only extended (%s)\n",
		        vouched);
	}
	if (cli_get(a, "receipt"))
		return write_receipt(c, cli_get(a, "receipt"), receipt);
	return ESC_OK;
}
