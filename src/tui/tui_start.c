/* What the interface asks of the terminal before curses starts: a UTF-8
 * locale and a terminal that can move its cursor.  Either missing, it
 * refuses with what to set, as for an unknown TERM, rather than draw a
 * screen that garbles names or cannot be used (escalate(1), TERMINALS).
 *
 * Why refuse a locale that is not UTF-8 rather than show ASCII stand-ins:
 * the people and places in a case (Siobhán, Ní Bhriain) are part of the
 * record; a screen that shows "Siobh?n" invites retyping a name wrongly,
 * and a terminal set up for Latin-1 would garble the UTF-8 escalate writes
 * whatever it was told.  Setting LANG is one word at the prompt. */
#include "tui_start.h"

#include <curses.h>
#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <term.h>
#include <unistd.h>

#include "escalate/text.h"

/* The variable that decides the character type, as setlocale reads them. */
static const char *ctype_var(void)
{
	static const char *const vars[] = {"LC_ALL", "LC_CTYPE", "LANG"};
	for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
		const char *v = getenv(vars[i]);
		if (v && *v)
			return vars[i];
	}
	return NULL;
}

bool tui_start_locale_ok(FILE *err)
{
	if (setlocale(LC_ALL, "") && strcmp(nl_langinfo(CODESET), "UTF-8") == 0)
		return true;
	const char *var = ctype_var();
	fputs("escalate: the interface needs a UTF-8 locale, and ", err);
	if (var) {
		fprintf(err, "%s=", var);
		esc_fputs_safe(getenv(var), err, false);
		fputs(" is not one", err);
	} else {
		fputs("no LANG is set", err);
	}
	fputs(" (names with accents would be garbled).\n", err);
	if (var && strcmp(var, "LANG") != 0)
		fprintf(err, "Start it with LANG=C.UTF-8 and %s unset (%s= LANG=C.UTF-8 escalate),",
		        var, var);
	else
		fputs("Start it with LANG=C.UTF-8 (LANG=C.UTF-8 escalate),", err);
	fputs(" or your own language's UTF-8 locale such as en_GB.UTF-8; the subcommands "
	      "work in any locale.\n",
	      err);
	return false;
}

bool tui_start_terminal_ok(FILE *err)
{
	const char *term = getenv("TERM");
	const char *why = "an unknown terminal type";
	int rc = 0;
	if (term && *term && setupterm((char *)term, STDOUT_FILENO, &rc) == OK) {
		/* dumb, hard-copy and glass terminals: nothing can be drawn where
		 * it belongs without cursor addressing (cup). */
		const char *cup = tigetstr("cup");
		bool ok = cup && cup != (const char *)-1 && tigetflag("hc") <= 0;
		del_curterm(cur_term);
		if (ok)
			return true;
		why = "it cannot move the cursor";
	} else if (!term || !*term) {
		why = "not set";
	}
	fputs("escalate: cannot drive this terminal (TERM=", err);
	esc_fputs_safe(term ? term : "", err, false);
	fprintf(err, ": %s); set TERM to your terminal's type or use the subcommands\n", why);
	return false;
}
