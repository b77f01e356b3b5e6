/* The paging tests' world (paging_fixture.h). */
#include "paging_fixture.h"

#include "escalate/audit.h"
#include "escalate/procedure_store.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmocka.h>

#include "escalate/store.h"

void paging_ok(esc_status st, const esc_error *err)
{
	if (st != ESC_OK)
		fail_msg("core call failed: %s (%s)", err->message, esc_status_name(st));
}

/* A small deterministic generator, so a failure can be replayed. */
static unsigned rnd(unsigned long long *seed, unsigned n)
{
	*seed ^= *seed << 13;
	*seed ^= *seed >> 7;
	*seed ^= *seed << 17;
	return (unsigned)(*seed % n);
}

static long long ids_of(world *w, const char *sql, long long *out, int max)
{
	esc_error err = {0};
	sqlite3_stmt *st = store_prepare(w->t.s.db, sql, &err);
	assert_non_null(st);
	int n = 0;
	while (store_step(w->t.s.db, st, &err) == SQLITE_ROW && n < max)
		out[n++] = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return n;
}

/* A partnership procedure for Peterborough's cases: other roles, clocks and
 * notifications than the default's (a notification owed at level 3, which
 * the default never owes; calendar days; a clock from the opening), so that
 * "needs my action" is checked on pinned cases against the same brute force
 * as on the default's. */
static const char four_stages[] =
    "[procedure]\nformat = 1\nname = test-four\ntitle = Test Four\nversion = 1\n"
    "effective = 2026-01-01\nlocal_authorities = Peterborough\ntime_zone = Europe/London\n"
    "holidays = england-and-wales\nsource = https://example.org/four\n"
    "[stage 1]\nlabel = One\nraised_by = a\nraised_with = b\nacts = named\n"
    "owner_may_act = yes\ntimescale = 3 working days\nclock = reached\n"
    "[stage 2]\nlabel = Two\nraised_by = a\nraised_with = b\nacts = named\n"
    "owner_may_act = yes\ntimescale = 2 calendar days\nclock = reached\n"
    "[stage 3]\nlabel = Three\nraised_by = a\nraised_with = b\nacts = named\n"
    "owner_may_act = no\ntimescale = 40 calendar days\nclock = opened\n"
    "[stage 4]\nlabel = Four\nraised_by = a\nraised_with = b\nacts = named\n"
    "owner_may_act = no\ntimescale = 5 working days\nclock = reached\n"
    "[notify board]\nwhom = the board\nstage = 4\nrequired = yes\n"
    "[notify chair]\nwhom = the chair\nstage = 3\nrequired = if-necessary\n";

static void load_four_stages(test_db *t)
{
	esc_error err = {0};
	long long id;
	test_db_act_as(t, "admin");
	paging_ok(procedure_load(&t->s, four_stages, sizeof four_stages - 1, NULL, &id, &err),
	          &err);
	paging_ok(procedure_assign(&t->s, "Peterborough", "test-four", &err), &err);
}

/* Cases through the product's own write path: the only way to get history,
 * agreed actions (some due, owned by login or by name, some at a level the
 * case has left) and notifications owed, which "needs my action" reads. */
static void make_real_cases(world *w)
{
	static const char *const las[] = {"Surrey", "Peterborough", "Cambridgeshire"};
	static const char *const themes[] = {"Threshold not met", "Case closed / stepped down"};
	static const char *const owners[] = {"front", "Fran Frontline", "named", "front2"};
	static const char *const dues[] = {"2026-03-20", "2026-05-01", "2026-06-30"};
	test_db *t = &w->t;
	esc_error err = {0};
	load_four_stages(t);
	for (int i = 0; i < NREAL; i++) {
		char at[32];
		/* Pairs of cases opened in the same minute: ties in both orders. */
		snprintf(at, sizeof at, "2026-%02d-%02d 10:00", 2 + i / 2 % 3, 1 + i / 6);
		test_db_at(t, at);
		test_db_act_as(t, i % 4 == 3 ? "front2" : "front");
		long long id = test_case_open(t, las[i % 3], themes[i % 2]);
		esc_event_input c = {
		    .kind = ESC_EV_CONTACT,
		    .text = "Discussed the drift",
		    .person_name = "Sam Social",
		    .person_role = "Social worker",
		    .person_org = "Children's services",
		    .concern_remains = true,
		    .actions = {{.text = "Chase", .owner = owners[i % 4], .due = dues[i % 3]}},
		    .nactions = 1};
		paging_ok(case_record(&t->s, id, 0, &c, &err), &err);
		if (i % 3 == 1)
			paging_ok(test_case_event(t, id, ESC_EV_ESCALATED, "Upheld", &err), &err);
		if (i % 6 == 4) { /* on to level 4: the designated professional is owed */
			test_db_act_as(t, "named");
			test_case_contact(t, id, true);
			paging_ok(test_case_event(t, id, ESC_EV_ESCALATED, "Manager agrees", &err),
			          &err);
			test_case_contact(t, id, true);
			paging_ok(test_case_event(t, id, ESC_EV_ESCALATED, "TM upheld", &err),
			          &err);
		}
		if (i % 9 == 7 && i % 6 != 4) { /* Peterborough's: on to level 3, which owes test-four's chair */
			test_db_act_as(t, "named");
			test_case_contact(t, id, true);
			paging_ok(test_case_event(t, id, ESC_EV_ESCALATED, "Manager agrees", &err),
			          &err);
		}
		if (i % 5 == 2)
			paging_ok(test_case_event(t, id, ESC_EV_RESOLVED, "Agreed", &err), &err);
	}
	test_db_act_as(t, "front");
	test_db_at(t, "2026-05-01 09:00");
	/* a third of them follow test-four: some owe its chair at level 3, some
	 * its board at level 4 */
	assert_true(test_db_count(t, "SELECT count(*) FROM cases WHERE procedure_id IS NOT NULL "
	                             "AND level = 3 AND owed & 4") > 0);
	assert_true(test_db_count(t, "SELECT count(*) FROM cases WHERE procedure_id IS NOT NULL "
	                             "AND level = 4 AND owed & 2") > 0);
}

/* Cases written straight into the table: many, with few distinct times (so
 * the sort keys tie often and the id decides), every state and level, some
 * without a theme, text to search (LIKE's wildcards among it). */
static void make_raw_cases(world *w)
{
	static const char *const words[] = {"drift in planning", "no DRIFT", "50%_off", "plain"};
	esc_db *db = w->t.s.db;
	esc_error err = {0};
	long long las[16], themes[16], staff[8];
	int nla = (int)ids_of(w, "SELECT id FROM local_authorities ORDER BY id", las, 16);
	int nth = (int)ids_of(w, "SELECT id FROM themes ORDER BY id", themes, 16);
	int nst = (int)ids_of(w, "SELECT id FROM staff ORDER BY id", staff, 8);
	unsigned long long seed = 20260331;
	paging_ok(store_begin(db, &err), &err);
	for (int i = 0; i < NRAW; i++) {
		char ref[32], uuid[40], child[16], since[24], opened[24], due[16];
		snprintf(ref, sizeof ref, "ESC-2099-%04d", i + 1);
		snprintf(uuid, sizeof uuid, "00000000-0000-4000-8000-%012d", i);
		snprintf(child, sizeof child, "C%u", rnd(&seed, 300));
		snprintf(since, sizeof since, "2025-%02u-%02u 09:00:00", 1 + rnd(&seed, 12),
		         1 + rnd(&seed, 4));
		snprintf(opened, sizeof opened, "2024-%02u-01 08:00:00", 1 + rnd(&seed, 12));
		snprintf(due, sizeof due, "2026-%02u-15", 3 + rnd(&seed, 4));
		unsigned lv = 1 + rnd(&seed, 5), state = rnd(&seed, 4);
		state = state < 2 ? ESC_STATE_OPEN : state; /* half of them open */
		/* One authority in three cases is the same: a filter with depth. */
		long long la = rnd(&seed, 3) == 0 ? las[0] : las[rnd(&seed, (unsigned)nla)];
		int nt = (int)rnd(&seed, 4);
		long long th[3] = {themes[rnd(&seed, (unsigned)nth)],
		                   themes[rnd(&seed, (unsigned)nth)],
		                   themes[rnd(&seed, (unsigned)nth)]};
		if (nt >= 2 && th[1] == th[0])
			nt = 1;
		if (nt == 3 && (th[2] == th[0] || th[2] == th[1]))
			nt = 2;
		sqlite3_stmt *st = store_prepare(
		    db,
		    "INSERT INTO cases(uuid, ref, ref_year, ref_num, child_kind, child_id, la_id, "
		    "decision, concern, first_theme_id, owner_id, opened_at, state, level, "
		    "last_seq, "
		    "level_since, level_due, urgent, owed, updated_at) "
		    "VALUES (:uuid, :ref, 2099, :num, 1, :child, :la, :decision, :concern, :theme, "
		    ":owner, :opened, :state, :level, 0, :since, :due, :urgent, :owed, :since)",
		    &err);
		assert_non_null(st);
		paging_ok(
		    store_bind_text(st, ":uuid", uuid, &err) ||
		        store_bind_text(st, ":ref", ref, &err) ||
		        store_bind_int(st, ":num", i + 1, &err) ||
		        store_bind_text(st, ":child", child, &err) ||
		        store_bind_int(st, ":la", la, &err) ||
		        store_bind_text(st, ":decision", words[rnd(&seed, 4)], &err) ||
		        store_bind_text(st, ":concern", words[rnd(&seed, 4)], &err) ||
		        (nt ? store_bind_int(st, ":theme", th[0], &err)
		            : store_bind_null(st, ":theme", &err)) ||
		        store_bind_int(st, ":owner", staff[rnd(&seed, (unsigned)nst)], &err) ||
		        store_bind_text(st, ":opened", opened, &err) ||
		        store_bind_int(st, ":state", state, &err) ||
		        store_bind_int(st, ":level", lv, &err) ||
		        store_bind_text(st, ":since", since, &err) ||
		        store_bind_text(st, ":due", due, &err) ||
		        store_bind_int(st, ":urgent", rnd(&seed, 9) == 0, &err) ||
		        store_bind_int(st, ":owed", state == 1 && rnd(&seed, 12) == 0, &err) ||
		        store_exec_stmt(db, st, &err),
		    &err);
		for (int k = 0; k < nt; k++) {
			st = store_prepare(
			    db,
			    "INSERT INTO case_themes(case_id, theme_id) "
			    "VALUES ((SELECT id FROM cases WHERE ref = :ref), :theme)",
			    &err);
			assert_non_null(st);
			paging_ok(store_bind_text(st, ":ref", ref, &err) ||
			              store_bind_int(st, ":theme", th[k], &err) ||
			              store_exec_stmt(db, st, &err),
			          &err);
		}
	}
	paging_ok(store_commit(db, &err), &err);
}

/* Reads back every case, its themes and the agreed actions: the reference's
 * data, read without any of query.c's SQL. */
static void load_world(world *w)
{
	esc_db *db = w->t.s.db;
	esc_error err = {0};
	sqlite3_stmt *st = store_prepare(
	    db,
	    "SELECT c.id, c.owner_id, c.state, c.level, c.urgent, "
	    "c.owed <> 0, c.ref, c.uuid, c.child_id, la.name, "
	    "coalesce(t.name, ''), s.login, c.level_since, c.level_due, c.opened_at, "
	    "c.decision || char(10) || c.concern FROM cases c "
	    "JOIN local_authorities la ON la.id = c.la_id JOIN staff s ON s.id = c.owner_id "
	    "LEFT JOIN themes t ON t.id = c.first_theme_id ORDER BY c.id",
	    &err);
	assert_non_null(st);
	w->cases = calloc(NRAW + NREAL, sizeof *w->cases);
	assert_non_null(w->cases);
	while (store_step(db, st, &err) == SQLITE_ROW) {
		assert_true(w->ncases < NRAW + NREAL);
		ref_case *c = &w->cases[w->ncases++];
		c->id = sqlite3_column_int64(st, 0);
		c->owner_id = sqlite3_column_int64(st, 1);
		c->state = sqlite3_column_int(st, 2);
		c->level = sqlite3_column_int(st, 3);
		c->urgent = sqlite3_column_int(st, 4);
		c->owed = sqlite3_column_int(st, 5);
		char *const dst[] = {c->ref,   c->uuid,  c->child, c->la,     c->theme1,
		                     c->login, c->since, c->due,   c->opened, c->text};
		const size_t sz[] = {sizeof c->ref,   sizeof c->uuid,   sizeof c->child,
		                     sizeof c->la,    sizeof c->theme1, sizeof c->login,
		                     sizeof c->since, sizeof c->due,    sizeof c->opened,
		                     sizeof c->text};
		for (int k = 0; k < 10; k++)
			snprintf(dst[k], sz[k], "%s", store_col_text(st, 6 + k));
	}
	sqlite3_reset(st);
	st = store_prepare(db,
	                   "SELECT ct.case_id, t.name FROM case_themes ct "
	                   "JOIN themes t ON t.id = ct.theme_id",
	                   &err);
	while (store_step(db, st, &err) == SQLITE_ROW)
		for (size_t i = 0; i < w->ncases; i++)
			if (w->cases[i].id == sqlite3_column_int64(st, 0) &&
			    w->cases[i].nthemes < 4)
				snprintf(w->cases[i].themes[w->cases[i].nthemes++],
				         ESC_SHORT_MAX + 1, "%s", store_col_text(st, 1));
	sqlite3_reset(st);
	st = store_prepare(db,
	                   "SELECT a.case_id, a.level, a.owner, a.due, coalesce(CASE WHEN "
	                   "a.owner_kind IS NULL THEN " ESC_LEGACY_ACTION_OWNER " ELSE "
	                   "a.owner_staff_id END, 0), NOT EXISTS (SELECT 1 FROM action_updates u "
	                   "WHERE u.action_id = a.id) FROM actions a",
	                   &err);
	while (store_step(db, st, &err) == SQLITE_ROW) {
		ref_action *a = realloc(w->acts, (w->nacts + 1) * sizeof *a);
		assert_non_null(a);
		w->acts = a;
		a = &w->acts[w->nacts++];
		a->case_id = sqlite3_column_int64(st, 0);
		a->level = sqlite3_column_int(st, 1);
		snprintf(a->owner, sizeof a->owner, "%s", store_col_text(st, 2));
		snprintf(a->due, sizeof a->due, "%s", store_col_text(st, 3));
		a->owner_staff_id = sqlite3_column_int64(st, 4);
		a->open = sqlite3_column_int(st, 5) != 0;
	}
	sqlite3_reset(st);
	esc_day_format(session_today(&w->t.s), w->today);
}

int paging_world_setup(void **state)
{
	world *w = calloc(1, sizeof *w);
	assert_non_null(w);
	test_db_open(&w->t);
	make_real_cases(w);
	make_raw_cases(w);
	load_world(w);
	w->want = calloc(w->ncases, sizeof *w->want);
	w->got = calloc(w->ncases + PAGE, sizeof *w->got);
	assert_true(w->want && w->got && w->nacts >= NREAL);
	*state = w;
	return 0;
}

int paging_world_teardown(void **state)
{
	world *w = *state;
	test_db_close(&w->t);
	free(w->cases);
	free(w->acts);
	free(w->want);
	free(w->got);
	free(w);
	return 0;
}

/* "Needs my action" by brute force: the procedure's own answer (proc_needs)
 * for this case and this person, with the agreed actions read here. */
static bool needs_me(const world *w, const ref_case *c)
{
	const esc_staff *me = &w->t.s.me;
	esc_case_state cs;
	esc_error err = {0};
	assert_int_equal(case_state(w->t.s.db, c->id, &cs, NULL, &err), ESC_OK);
	bool action_due = false;
	for (size_t i = 0; i < w->nacts; i++) {
		const ref_action *a = &w->acts[i];
		action_due = action_due || (a->case_id == c->id && a->open &&
		                            a->owner_staff_id == me->id &&
		                            strcmp(a->due, w->today) <= 0);
	}
	esc_actor actor = staff_actor(me);
	return proc_needs(&cs, &actor, w->today, NULL, action_due, false) != 0;
}

static bool matches(const world *w, const ref_case *c, const esc_list_filter *f)
{
	bool theme = !f->theme;
	for (int k = 0; k < c->nthemes && !theme; k++)
		theme = strcasecmp(c->themes[k], f->theme) == 0;
	/* The search: the reference (any case), child id or UUID exactly, or a
	 * literal piece of the decision or the concern (any case). */
	bool found = !f->search || strcasecmp(c->ref, f->search) == 0 ||
	             strcmp(c->child, f->search) == 0 || strcmp(c->uuid, f->search) == 0 ||
	             strcasestr(c->text, f->search);
	return (f->include_closed || f->needs_action || c->state == ESC_STATE_OPEN) &&
	       (!f->level || c->level == f->level) &&
	       (!f->local_authority || strcasecmp(c->la, f->local_authority) == 0) && theme &&
	       (!f->overdue_only || (c->state == ESC_STATE_OPEN && strcmp(c->due, w->today) < 0)) &&
	       (!f->owner_login || strcmp(c->login, f->owner_login) == 0) && found &&
	       (!f->needs_action || needs_me(w, c));
}

/* The orders (query.h), as one comparison of a case's place. */
static int place_cmp(esc_sort sort, long long ida, int la, const char *sincea, const char *openeda,
                     long long idb, int lb, const char *sinceb, const char *openedb)
{
	int c = 0;
	if (sort == ESC_SORT_LEVEL && la != lb)
		return la > lb ? -1 : 1;
	if (sort == ESC_SORT_NEWEST)
		c = -strcmp(openeda, openedb);
	else
		c = strcmp(sincea, sinceb);
	if (c)
		return c;
	if (ida == idb)
		return 0;
	return (ida < idb) == (sort != ESC_SORT_NEWEST) ? -1 : 1;
}

static int case_cmp(const void *a, const void *b, void *sort)
{
	const ref_case *x = *(const ref_case *const *)a, *y = *(const ref_case *const *)b;
	return place_cmp(*(esc_sort *)sort, x->id, x->level, x->since, x->opened, y->id, y->level,
	                 y->since, y->opened);
}

/* Case c against a row of the list (an anchor). */
int paging_case_vs_row(esc_sort sort, const ref_case *c, const esc_case_summary *r)
{
	return place_cmp(sort, c->id, c->level, c->since, c->opened, r->id, r->level,
	                 r->level_since, r->opened_at);
}

void paging_reference(world *w, const esc_list_filter *f)
{
	esc_sort sort = f->sort;
	w->nwant = 0;
	for (size_t i = 0; i < w->ncases; i++)
		if (matches(w, &w->cases[i], f))
			w->want[w->nwant++] = &w->cases[i];
	qsort_r(w->want, w->nwant, sizeof *w->want, case_cmp, &sort);
}

static void describe(const esc_list_filter *f, char *out, size_t sz)
{
	snprintf(out, sz, "sort %d%s level %d la %s theme %s%s owner %s search %s%s", f->sort,
	         f->include_closed ? " all" : " open", f->level,
	         f->local_authority ? f->local_authority : "-", f->theme ? f->theme : "-",
	         f->overdue_only ? " overdue" : "", f->owner_login ? f->owner_login : "-",
	         f->search ? f->search : "-", f->needs_action ? " needs-action" : "");
}

/* got[0..ngot) must be want[from..from+n) (n cut at the list's end), row by
 * row and field by field: the deferred join must pair each case with its
 * own names. */
void paging_expect_slice(const world *w, const esc_case_summary *got, int ngot, long from, long n,
                         const char *what, const esc_list_filter *f)
{
	char d[256];
	describe(f, d, sizeof d);
	if (from < 0) {
		n += from;
		from = 0;
	}
	if (from + n > (long)w->nwant)
		n = (long)w->nwant - from;
	if (n < 0)
		n = 0;
	if (ngot != n)
		fail_msg("%s [%s] at %ld: %d rows, want %ld", what, d, from, ngot, n);
	for (int i = 0; i < ngot; i++) {
		const ref_case *c = w->want[from + i];
		const esc_case_summary *r = &got[i];
		if (r->id != c->id)
			fail_msg("%s [%s] at %ld row %d: case %lld, want %lld", what, d, from, i,
			         r->id, c->id);
		assert_string_equal(r->ref, c->ref);
		assert_string_equal(r->uuid, c->uuid);
		assert_string_equal(r->child_id, c->child);
		assert_string_equal(r->local_authority, c->la);
		assert_string_equal(r->first_theme, c->theme1);
		assert_string_equal(r->owner_login, c->login);
		assert_string_equal(r->level_since, c->since);
		assert_string_equal(r->level_due, c->due);
		assert_string_equal(r->opened_at, c->opened);
		assert_int_equal(r->state, c->state);
		assert_int_equal(r->level, c->level);
		assert_int_equal(r->urgent, c->urgent);
		assert_int_equal(r->owed, c->owed);
		assert_int_equal(r->overdue,
		                 c->state == ESC_STATE_OPEN && strcmp(c->due, w->today) < 0);
	}
}
