/* The events that change a case: contact, escalate, urgent, inform, note,
 * resolve, withdraw, reopen.  Each finds the case, records the event
 * conditionally on the history it read (or --expect-seq), then reads the case
 * back to say where it stands and what the procedure asks next. */
#include "cli_cmd.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "escalate/case.h"
#include "escalate/pattern.h"
#include "escalate/query.h"

/* Records `in` on the case named by the first argument, as the case was
 * when the command looked at it: an event whose meaning depends on the level
 * is refused as a conflict (exit 5) if another user moved the case before
 * this one wrote, whichever event they recorded; the procedure table says
 * which events those are (notes commute).  With --expect-seq any event is
 * conditional on the history the user saw. */
static int record(cli_ctx *c, const cli_args *a, const esc_event_input *in, esc_case_ref *ref)
{
	long expect = 0;
	esc_case_state seen;
	if (!cli_int_opt(a, "expect-seq", 1, LONG_MAX, &expect))
		return ESC_EUSAGE;
	if (case_find(c->s.db, a->pos[0], ref, &c->err) != ESC_OK ||
	    case_state(c->s.db, ref->id, &seen, NULL, &c->err) != ESC_OK)
		return cli_fail(c);
	esc_event_input with = *in;
	with.seen = (esc_seen){.level = seen.level, .state = seen.state, .seq = seen.last_seq};
	if (case_record(&c->s, ref->id, expect, &with, &c->err) != ESC_OK)
		return cli_fail(c);
	return ESC_OK;
}

/* Reads the case back after a write; false when that fails (the event was
 * written all the same, so the command still succeeds). */
static bool read_back(cli_ctx *c, const esc_case_ref *ref, esc_case *cs)
{
	esc_error err = {0};
	if (query_case(&c->s, ref->id, cs, &err) == ESC_OK)
		return true;
	cli_say("%s: recorded.\n", ref->ref);
	return false;
}

static void say_level(const esc_case *cs)
{
	const esc_level_info *li = proc_level(cs->sum.proc, cs->sum.level);
	cli_say("%s: level %d (%s), %s", cs->sum.ref, cs->sum.level, li ? li->label : "?",
	        esc_state_name(cs->sum.state));
	if (cs->sum.state == ESC_STATE_OPEN && cs->sum.level_due[0])
		cli_say(" \u2014 due %s", cs->sum.level_due);
	cli_say("\n");
}

/* What the case's procedure still owes on it (Appendix 5: the designated
 * professional at level 4, the partnership chair if necessary at 5). */
static void say_owed(const esc_case *cs)
{
	const struct esc_procedure *p = cs->sum.proc;
	for (esc_notify n = ESC_NOTIFY_DESIGNATED; n < ESC_NOTIFY_PATTERN; n++) {
		if (!esc_case_owes(cs, n))
			continue;
		const char *name = proc_notify_name(p, n), *whom = proc_notify_whom(p, n);
		if (proc_notify_required(p, n))
			cli_say("The %s must be informed; record it with:\n"
			        "  escalate inform %s --whom %s --name WHO --how HOW\n",
			        whom, cs->sum.ref, name);
		else
			cli_say("Was the %s informed (if necessary)? Record it with:\n"
			        "  escalate inform %s --whom %s --name WHO --how HOW\n"
			        "  or: escalate inform %s --whom %s --not-needed --reason TEXT\n",
			        whom, cs->sum.ref, name, cs->sum.ref, name);
	}
}

static void after_move(cli_ctx *c, const esc_case_ref *ref)
{
	esc_case cs;
	if (!read_back(c, ref, &cs))
		return;
	say_level(&cs);
	const esc_level_info *li = proc_level(cs.sum.proc, cs.sum.level);
	if (cs.sum.level == proc_levels(cs.sum.proc) && li && li->also[0])
		cli_say("Level %d: %s.\n", cs.sum.level, li->also);
	/* Closing with a notification owed is allowed; it stays owed, and on
	 * the lists of those who may record it, until it is recorded. */
	if (cs.sum.state != ESC_STATE_OPEN && (cs.owed_designated || cs.owed_chair))
		cli_say("The case is %s, but a notification is still owed:\n",
		        esc_state_name(cs.sum.state));
	say_owed(&cs);
	esc_case_free(&cs);
}

/* "TEXT|OWNER|YYYY-MM-DD": split at the last two bars, so the text may
 * itself contain a bar. */
static bool split_action(char *spec, esc_action_input *out)
{
	char *due = strrchr(spec, '|');
	if (!due)
		return false;
	*due++ = '\0';
	char *owner = strrchr(spec, '|');
	if (!owner)
		return false;
	*owner++ = '\0';
	*out = (esc_action_input){.text = spec, .owner = owner, .due = due};
	return true;
}

int cmd_contact(cli_ctx *c, const cli_args *a)
{
	const char *outcome = cli_get(a, "outcome");
	bool remains;
	if (strcmp(outcome, "resolved") == 0)
		remains = false;
	else if (strcmp(outcome, "concern-remains") == 0 || strcmp(outcome, "concern remains") == 0)
		remains = true;
	else
		return cli_usage(a, "--outcome: '%s' is not resolved or concern-remains", outcome);

	esc_event_input in = {
	    .kind = ESC_EV_CONTACT,
	    .text = cli_get(a, "summary"),
	    .occurred_at = cli_get(a, "at"),
	    .person_name = cli_get(a, "with"),
	    .person_role = cli_get(a, "role"),
	    .person_org = cli_get(a, "org"),
	    .concern_remains = remains,
	};
	const char *specs[ESC_MAX_ACTIONS];
	char *copies[ESC_MAX_ACTIONS] = {0};
	int n = cli_get_all(a, "action", specs, ESC_MAX_ACTIONS);
	if (n > ESC_MAX_ACTIONS)
		return cli_usage(a, "contact: at most %d --action options", ESC_MAX_ACTIONS);
	int rc = ESC_OK;
	for (int i = 0; i < n && rc == ESC_OK; i++) {
		copies[i] = strdup(specs[i]);
		if (!copies[i])
			rc = cli_error(ESC_EINTERNAL, "out of memory");
		else if (!split_action(copies[i], &in.actions[i]))
			rc = cli_usage(a, "--action: '%s' should be TEXT|OWNER|YYYY-MM-DD",
			               specs[i]);
	}
	in.nactions = (size_t)n;

	esc_case_ref ref;
	if (rc == ESC_OK)
		rc = record(c, a, &in, &ref);
	for (int i = 0; i < n; i++)
		free(copies[i]);
	if (rc != ESC_OK)
		return rc;

	cli_say("%s: contact with %s recorded; %s.\n", ref.ref, in.person_name,
	        remains ? "the concern remains" : "the concern was resolved");
	if (n)
		cli_say("%d agreed action%s recorded.\n", n, n == 1 ? "" : "s");
	if (remains)
		cli_say(
		    "If it is not settled in time, escalate with: escalate escalate %s --reason "
		    "TEXT\n",
		    ref.ref);
	else
		cli_say("Close the case with: escalate resolve %s --outcome TEXT\n", ref.ref);
	return ESC_OK;
}

int cmd_escalate(cli_ctx *c, const cli_args *a)
{
	const char *chair = cli_get(a, "chair-informed");
	esc_chair_answer answer = ESC_CHAIR_LATER;
	if (chair && strcmp(chair, "yes") == 0)
		answer = ESC_CHAIR_INFORMED;
	else if (chair && strcmp(chair, "no") == 0)
		answer = ESC_CHAIR_NOT_NEEDED;
	else if (chair && strcmp(chair, "later") != 0)
		return cli_usage(a, "--chair-informed: '%s' is not yes, no or later", chair);

	esc_event_input in = {
	    .kind = ESC_EV_ESCALATED, .text = cli_get(a, "reason"), .chair = answer};
	esc_case_ref ref;
	int rc = record(c, a, &in, &ref);
	if (rc != ESC_OK)
		return rc;
	after_move(c, &ref);
	return ESC_OK;
}

int cmd_urgent(cli_ctx *c, const cli_args *a)
{
	esc_event_input in = {.kind = ESC_EV_URGENT, .text = cli_get(a, "reason")};
	esc_case_ref ref;
	int rc = record(c, a, &in, &ref);
	if (rc != ESC_OK)
		return rc;
	cli_say("Urgent: this route is for when the child's immediate welfare may be "
	        "compromised; the Head of Service should be reached at once.\n");
	after_move(c, &ref);
	return ESC_OK;
}

static int inform_pattern(cli_ctx *c, const cli_args *a)
{
	if (a->npos > 0)
		return cli_usage(a, "inform --pattern covers every case of a cluster; give no REF");
	const char *la = cli_get(a, "la"), *theme = cli_get(a, "theme");
	const char *name = cli_get(a, "name"), *how = cli_get(a, "how");
	if (!la || !theme || !name || !how)
		return cli_usage(a, "inform --pattern needs --la, --theme, --name and --how");
	if (cli_has(a, "whom") || cli_has(a, "not-needed") || cli_has(a, "expect-seq"))
		return cli_usage(a,
		                 "inform --pattern takes no --whom, --not-needed or --expect-seq");
	long ncases = 0;
	if (pattern_inform(&c->s, la, theme, name, how, cli_get(a, "at"), &ncases, &c->err))
		return cli_fail(c);
	cli_say("Recorded that %s was informed (%s) of the pattern %s / %s on %ld open case%s.\n",
	        name, how, la, theme, ncases, ncases == 1 ? "" : "s");
	return ESC_OK;
}

int cmd_inform(cli_ctx *c, const cli_args *a)
{
	if (cli_has(a, "pattern"))
		return inform_pattern(c, a);
	if (a->npos == 0)
		return cli_usage(a, "inform: give the case REF (or --pattern)");
	if (cli_has(a, "la") || cli_has(a, "theme"))
		return cli_usage(a, "inform: --la and --theme go with --pattern");
	const char *whom = cli_get(a, "whom");
	/* Who may be informed is the case's procedure's: its [notify] names. */
	esc_case_ref found;
	esc_case_state cst;
	if (case_find(c->s.db, a->pos[0], &found, &c->err) != ESC_OK ||
	    case_state(c->s.db, found.id, &cst, NULL, &c->err) != ESC_OK)
		return cli_fail(c);
	char names[64] = "";
	for (esc_notify n = ESC_NOTIFY_DESIGNATED; n < ESC_NOTIFY_PATTERN; n++)
		if (proc_notify_stage(cst.proc, n))
			snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s",
			         names[0] ? " or " : "", proc_notify_name(cst.proc, n));
	if (!names[0])
		return cli_error(ESC_EDENIED, "inform: the procedure this case follows asks for no "
		                              "notification");
	if (!whom)
		return cli_usage(a, "inform: --whom %s is required", names);
	esc_notify notify = proc_notify_parse(cst.proc, whom);
	if (notify != ESC_NOTIFY_DESIGNATED && notify != ESC_NOTIFY_CHAIR)
		return cli_usage(a, "--whom: '%s' is not %s", whom, names);
	bool not_needed = cli_has(a, "not-needed");
	if (!not_needed && (!cli_has(a, "name") || !cli_has(a, "how")))
		return cli_usage(a, "inform: --name WHO and --how HOW are required");
	if (not_needed && !cli_has(a, "reason"))
		return cli_usage(a, "inform --not-needed: --reason TEXT is required");

	esc_event_input in = {
	    .kind = ESC_EV_INFORMED,
	    .notify = notify,
	    .whom = cli_get(a, "name"),
	    .how = cli_get(a, "how"),
	    .informed_at = cli_get(a, "at"),
	    .not_needed = not_needed,
	    .text = cli_get(a, "reason"),
	};
	esc_case_ref ref;
	int rc = record(c, a, &in, &ref);
	if (rc != ESC_OK)
		return rc;
	if (not_needed)
		cli_say("%s: recorded that informing the %s was judged not necessary.\n", ref.ref,
		        proc_notify_whom(cst.proc, notify));
	else
		cli_say("%s: recorded that the %s (%s) was informed by %s.\n", ref.ref,
		        proc_notify_whom(cst.proc, notify), in.whom, in.how);
	esc_case cs;
	if (read_back(c, &ref, &cs)) {
		say_owed(&cs);
		esc_case_free(&cs);
	}
	return ESC_OK;
}

int cmd_note(cli_ctx *c, const cli_args *a)
{
	const char *text = cli_get(a, "text");
	if (text && a->npos > 1)
		return cli_usage(a, "note: give the text as words or with --text, not both");
	char *joined = NULL;
	if (!text) {
		size_t len = 0;
		for (int i = 1; i < a->npos; i++)
			len += strlen(a->pos[i]) + 1;
		if (len == 0)
			return cli_usage(a, "note: give the text of the note");
		joined = malloc(len);
		if (!joined)
			return cli_error(ESC_EINTERNAL, "out of memory");
		joined[0] = '\0';
		for (int i = 1; i < a->npos; i++) {
			if (i > 1)
				strcat(joined, " ");
			strcat(joined, a->pos[i]);
		}
		text = joined;
	}
	esc_event_input in = {.kind = ESC_EV_NOTE, .text = text};
	esc_case_ref ref;
	int rc = record(c, a, &in, &ref);
	free(joined);
	if (rc == ESC_OK)
		cli_say("%s: note added.\n", ref.ref);
	return rc;
}

static int simple_event(cli_ctx *c, const cli_args *a, esc_event_kind kind, const char *opt)
{
	esc_event_input in = {.kind = kind, .text = cli_get(a, opt)};
	esc_case_ref ref;
	int rc = record(c, a, &in, &ref);
	if (rc != ESC_OK)
		return rc;
	after_move(c, &ref);
	return ESC_OK;
}

int cmd_resolve(cli_ctx *c, const cli_args *a)
{
	return simple_event(c, a, ESC_EV_RESOLVED, "outcome");
}

int cmd_withdraw(cli_ctx *c, const cli_args *a)
{
	return simple_event(c, a, ESC_EV_WITHDRAWN, "reason");
}

int cmd_reopen(cli_ctx *c, const cli_args *a)
{
	return simple_event(c, a, ESC_EV_REOPENED, "reason");
}
