/* Every guard of the procedure through the library calls the interfaces
 * use: case_record (what the CLI and the TUI's forms call to write) and
 * case_allowed (what the TUI calls to offer or grey out a key), for each
 * actor (frontline owner, frontline not owner, named, designated, and a
 * deactivated designated) x each level 1..5 x each event, against the rules
 * of SPEC §2 written out here (not the core's own table).  Each combination
 * runs on a fresh copy of the same database; a refusal must be ESC_EDENIED
 * naming a role or rule, and must leave the file as it was.
 *
 * Usage: guards_lib DIR
 * Prints: guards_lib: combinations=N mismatches=0 allowed_disagrees=0 refused_but_written=0 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "escalate/case.h"
#include "escalate/session.h"
#include "escalate/staff.h"
#include "escalate/store.h"

enum { NLEVELS = 5 };

typedef struct actor {
	const char *login;
	esc_role role;
	bool owner; /* owns every case below */
	bool active;
} actor;

static const actor actors[] = {
    {.login = "front", .role = ESC_ROLE_FRONTLINE, .owner = true, .active = true},
    {.login = "front2", .role = ESC_ROLE_FRONTLINE, .owner = false, .active = true},
    {.login = "named", .role = ESC_ROLE_NAMED, .owner = false, .active = true},
    {.login = "desig", .role = ESC_ROLE_DESIGNATED, .owner = false, .active = true},
    {.login = "gone", .role = ESC_ROLE_DESIGNATED, .owner = false, .active = false},
};

static const esc_event_kind events[] = {ESC_EV_CONTACT,  ESC_EV_ESCALATED, ESC_EV_URGENT,
                                        ESC_EV_INFORMED, ESC_EV_NOTE,      ESC_EV_RESOLVED,
                                        ESC_EV_WITHDRAWN};

/* SPEC §2: levels 1-2 the owner or named+, 3-4 named+, 5 designated. */
static bool may_act(int level, const actor *a)
{
	if (!a->active)
		return false;
	if (level <= 2)
		return a->owner || a->role >= ESC_ROLE_NAMED;
	if (level <= 4)
		return a->role >= ESC_ROLE_NAMED;
	return a->role >= ESC_ROLE_DESIGNATED;
}

static bool spec_allows(esc_event_kind ev, int level, const actor *a)
{
	switch (ev) {
	case ESC_EV_CONTACT:
	case ESC_EV_RESOLVED:
	case ESC_EV_WITHDRAWN:
		return may_act(level, a);
	case ESC_EV_ESCALATED: /* who may act at the level it goes to */
		return level < NLEVELS && may_act(level + 1, a);
	case ESC_EV_URGENT: /* named or designated, to level 4 */
		return a->active && level < 4 && a->role >= ESC_ROLE_NAMED;
	case ESC_EV_INFORMED: /* the designated professional, from level 4 */
		return level >= 4 && may_act(level, a);
	case ESC_EV_NOTE:
		return a->active && (a->owner || may_act(level, a));
	default:
		return false;
	}
}

static void die(const char *what, const esc_error *err)
{
	fprintf(stderr, "guards_lib: %s: %s\n", what, err ? err->message : "");
	exit(2);
}

static void act_as(esc_session *s, const char *login)
{
	esc_error err = {0};
	if (staff_find(s->db, login, &s->me, &err) != ESC_OK)
		die(login, &err);
}

static void record(esc_session *s, long long id, esc_event_input in)
{
	esc_error err = {0};
	if (case_record(s, id, 0, &in, &err) != ESC_OK)
		die("setting up a case", &err);
}

static void contact(esc_session *s, long long id)
{
	record(s, id,
	       (esc_event_input){.kind = ESC_EV_CONTACT,
	                         .text = "discussed",
	                         .person_name = "Sam",
	                         .person_role = "SW",
	                         .person_org = "Kent",
	                         .concern_remains = true});
}

/* Staff, and a case owned by "front" at each level, the concern remaining. */
static void build(const char *path, long long ids[NLEVELS + 1])
{
	esc_session s;
	esc_error err = {0};
	if (session_open(&s, path, ESC_OPEN_CREATE, -1, &err) != ESC_OK ||
	    staff_add_first_admin(s.db, "admin", "Admin", ESC_ROLE_DESIGNATED, "Trust",
	                          "2026-05-01 09:00:00", &err) != ESC_OK ||
	    session_set_now(&s, "2026-05-05 09:00", &err) != ESC_OK)
		die("database", &err);
	act_as(&s, "admin");
	for (size_t i = 0; i < sizeof actors / sizeof actors[0]; i++)
		if (staff_add(&s, actors[i].login, actors[i].login, actors[i].role, "Trust", false,
		              &err) != ESC_OK)
			die("staff add", &err);
	if (staff_update(&s, "gone", ESC_ROLE_NONE, -1, 0, &err) != ESC_OK)
		die("deactivate", &err);
	for (int level = 1; level <= NLEVELS; level++) {
		esc_case_ref ref;
		esc_new_case in = {.child_kind = ESC_CHILD_LOCAL,
		                   .child_id = "L-1",
		                   .local_authority = "Kent",
		                   .decision = "d",
		                   .concern = "c",
		                   .themes = {"Other"},
		                   .ntheme = 1};
		act_as(&s, "front");
		if (case_open(&s, &in, &ref, &err) != ESC_OK)
			die("case_open", &err);
		ids[level] = ref.id;
		act_as(&s, "admin");
		for (int l = 1; l < level; l++) {
			contact(&s, ref.id);
			record(&s, ref.id,
			       (esc_event_input){.kind = ESC_EV_ESCALATED, .text = "up"});
		}
		contact(&s, ref.id);
	}
	session_close(&s);
}

static bool copy_file(const char *from, const char *to)
{
	char buf[65536];
	int in = open(from, O_RDONLY), out = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	ssize_t n;
	bool ok = in >= 0 && out >= 0;
	while (ok && (n = read(in, buf, sizeof buf)) > 0)
		ok = write(out, buf, (size_t)n) == n;
	if (in >= 0)
		close(in);
	if (out >= 0)
		close(out);
	return ok;
}

/* Rows of every history table and each case's level/state/seq, as one number. */
static long long fingerprint(esc_db *db)
{
	esc_error err = {0};
	sqlite3_stmt *st = store_prepare(
	    db,
	    "SELECT (SELECT count(*) FROM events) * 1000003 + (SELECT count(*) FROM actions) * "
	    "1009 "
	    "+ (SELECT total(level * 7 + state * 131 + last_seq * 17 + id) FROM cases)",
	    &err);
	if (!st || store_step(db, st, &err) != SQLITE_ROW)
		die("fingerprint", &err);
	long long n = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return n;
}

static esc_event_input input_for(esc_event_kind ev)
{
	switch (ev) {
	case ESC_EV_CONTACT:
		return (esc_event_input){.kind = ev,
		                         .text = "s",
		                         .person_name = "Sam",
		                         .person_role = "SW",
		                         .person_org = "Kent"};
	case ESC_EV_INFORMED:
		return (esc_event_input){
		    .kind = ev, .notify = ESC_NOTIFY_DESIGNATED, .whom = "Dr", .how = "phone"};
	default:
		return (esc_event_input){.kind = ev, .text = "because"};
	}
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: guards_lib DIR\n");
		return 2;
	}
	char template[4096], work[4200];
	long long ids[NLEVELS + 1];
	snprintf(template, sizeof template, "%s/guards-template.db", argv[1]);
	snprintf(work, sizeof work, "%s/guards-work.db", argv[1]);
	build(template, ids);

	long combos = 0, mismatches = 0, allowed_disagrees = 0, written = 0;
	for (size_t a = 0; a < sizeof actors / sizeof actors[0]; a++) {
		for (int level = 1; level <= NLEVELS; level++) {
			for (size_t e = 0; e < sizeof events / sizeof events[0]; e++) {
				esc_session s;
				esc_error err = {0};
				if (!copy_file(template, work) ||
				    session_open(&s, work, 0, -1, &err) != ESC_OK ||
				    session_set_now(&s, "2026-05-05 10:00", &err) != ESC_OK)
					die("copy", &err);
				act_as(&s, actors[a].login);
				esc_event_input in = input_for(events[e]);
				bool want = spec_allows(events[e], level, &actors[a]);
				esc_error aerr = {0};
				bool offered = case_allowed(&s, ids[level], events[e], in.notify,
				                            &aerr) == ESC_OK;
				long long before = fingerprint(s.db);
				esc_status st = case_record(&s, ids[level], 0, &in, &err);
				combos++;
				const char *what = esc_event_name(events[e]);
				if ((st == ESC_OK) != want ||
				    (st != ESC_OK && (st != ESC_EDENIED || !err.field[0]))) {
					mismatches++;
					fprintf(stderr,
					        "guards_lib: %s %s at level %d: status %d (%s), "
					        "SPEC %s\n",
					        actors[a].login, what, level, st, err.message,
					        want ? "allows it" : "refuses it");
				}
				if (offered != (st == ESC_OK)) {
					allowed_disagrees++;
					fprintf(
					    stderr,
					    "guards_lib: %s %s at level %d: case_allowed says %s, "
					    "case_record %s\n",
					    actors[a].login, what, level, offered ? "yes" : "no",
					    st == ESC_OK ? "wrote it" : "refused");
				}
				if (st != ESC_OK && fingerprint(s.db) != before) {
					written++;
					fprintf(
					    stderr,
					    "guards_lib: %s %s at level %d: refused but written\n",
					    actors[a].login, what, level);
				}
				session_close(&s);
				unlink(work);
			}
		}
	}
	unlink(template);
	printf("guards_lib: combinations=%ld mismatches=%ld allowed_disagrees=%ld "
	       "refused_but_written=%ld\n",
	       combos, mismatches, allowed_disagrees, written);
	return mismatches || allowed_disagrees || written ? 1 : 0;
}
