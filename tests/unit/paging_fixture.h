/* The paging tests' world (test_query_paging.c): a database of cases with
 * many ties in the list's orders, read back into plain structs, and the
 * list's definition computed from them in C (a filter written from SPEC §5
 * and a sort), independent of query.c's SQL. */
#ifndef ESCALATE_TEST_PAGING_FIXTURE_H
#define ESCALATE_TEST_PAGING_FIXTURE_H

#include <stdbool.h>
#include <stddef.h>

#include "escalate/query.h"
#include "helpers.h"

enum { NRAW = 900, NREAL = 24, PAGE = 7 };

typedef struct ref_case {
	long long id, owner_id;
	int state, level;
	bool urgent, owed;
	char ref[ESC_REF_MAX + 1], uuid[ESC_UUID_LEN + 1], child[ESC_CHILD_ID_MAX + 1];
	char la[ESC_SHORT_MAX + 1], theme1[ESC_SHORT_MAX + 1], login[ESC_LOGIN_MAX + 1];
	char since[ESC_TS_LEN + 1], due[ESC_DATE_LEN + 1], opened[ESC_TS_LEN + 1];
	char text[256]; /* decision and concern, joined by a newline */
	char themes[4][ESC_SHORT_MAX + 1];
	int nthemes;
} ref_case;

typedef struct ref_action {
	long long owner_staff_id; /* resolved owner; 0 for someone outside */
	bool open;                /* not done or dropped */
	long long case_id;
	int level;
	char owner[64], due[ESC_DATE_LEN + 1];
} ref_action;

typedef struct world {
	test_db t;
	ref_case *cases;
	size_t ncases;
	ref_action *acts;
	size_t nacts;
	char today[ESC_DATE_LEN + 1];
	const ref_case **want; /* the reference list of the filter under test */
	size_t nwant;
	esc_case_summary *got;
} world;

/* Fails the test when st is not ESC_OK. */
void paging_ok(esc_status st, const esc_error *err);
/* cmocka group fixtures: the world in *state (made once, read-only after). */
int paging_world_setup(void **state);
int paging_world_teardown(void **state);
/* w->want[0..w->nwant): the cases f lists, in f's order. */
void paging_reference(world *w, const esc_list_filter *f);
/* Case c against a row of the list (an anchor) in the order `sort`. */
int paging_case_vs_row(esc_sort sort, const ref_case *c, const esc_case_summary *r);
/* got[0..ngot) must be want[from..from+n) (n cut at the list's ends), row by
 * row and field by field; `what` and the filter name a failure. */
void paging_expect_slice(const world *w, const esc_case_summary *got, int ngot, long from, long n,
                         const char *what, const esc_list_filter *f);

#endif
