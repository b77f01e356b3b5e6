/* escalate amend: corrects a case's decision, concern, social care team or
 * themes, or a contact's summary (amend.h).  The core validates and decides;
 * this only reads the options and says what happened. */
#include "cli_cmd.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "escalate/amend.h"
#include "escalate/case.h"

const cli_opt amend_opts[] = {
    {.name = "field",
     .arg = "FIELD",
     .flags = CLI_OPT_REQUIRED,
     .help = "decision, concern, team, themes or summary"},
    {.name = "contact",
     .arg = "N",
     .help = "summary: the case's N-th contact, oldest first (needed when it has several)"},
    {.name = "to",
     .arg = "TEXT",
     .flags = CLI_OPT_REQUIRED | CLI_OPT_REPEAT,
     .help = "the corrected value; themes: repeat it, or separate names with ';'"},
    {.name = "reason", .arg = "TEXT", .flags = CLI_OPT_REQUIRED, .help = "why it is corrected"},
    {.name = NULL},
};

/* Themes may come as one --to per theme: joined one a line, as typed. */
static char *join_values(const char **v, int n)
{
	size_t len = 1;
	for (int i = 0; i < n; i++)
		len += strlen(v[i]) + 1;
	char *out = malloc(len);
	if (!out)
		return NULL;
	out[0] = '\0';
	for (int i = 0; i < n; i++) {
		if (i)
			strcat(out, "\n");
		strcat(out, v[i]);
	}
	return out;
}

int cmd_amend(cli_ctx *c, const cli_args *a)
{
	const char *field = cli_get(a, "field");
	esc_amend_input in = {.field = esc_amend_field_parse(field),
	                      .reason = cli_get(a, "reason")};
	if (in.field == ESC_AMEND_NONE)
		return cli_usage(
		    a, "--field: '%s' is not decision, concern, team, themes or summary", field);
	long contact = 0;
	if (!cli_int_opt(a, "contact", 1, INT_MAX, &contact))
		return ESC_EUSAGE;
	if (cli_has(a, "contact") && in.field != ESC_AMEND_SUMMARY)
		return cli_usage(a, "--contact: only a summary belongs to a contact");
	in.contact = (int)contact;

	const char *values[ESC_AMEND_THEMES_MAX + 1];
	int n = cli_get_all(a, "to", values, ESC_AMEND_THEMES_MAX + 1);
	if (n > 1 && in.field != ESC_AMEND_THEMES)
		return cli_usage(a, "--to: give the corrected %s once",
		                 esc_amend_field_words(in.field));
	char *joined = join_values(values, n);
	if (!joined)
		return cli_error(ESC_EINTERNAL, "out of memory");
	in.to = joined;

	esc_case_ref ref;
	int rc = ESC_OK;
	if (case_find(c->s.db, a->pos[0], &ref, &c->err) != ESC_OK ||
	    case_amend(&c->s, ref.id, &in, &c->err) != ESC_OK)
		rc = cli_fail(c);
	free(joined);
	if (rc != ESC_OK)
		return rc;
	if (in.field == ESC_AMEND_SUMMARY && in.contact)
		cli_say(
		    "%s: the summary of contact %d amended; the old one stays in the history.\n",
		    ref.ref, in.contact);
	else
		cli_say("%s: %s amended; the old value stays in the history.\n", ref.ref,
		        esc_amend_field_words(in.field));
	return ESC_OK;
}
