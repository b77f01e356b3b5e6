/* Internal to the core: what the case list's pages (query_page.c) share with
 * its counts and the single-case read (query.c). */
#ifndef ESCALATE_QUERY_INT_H
#define ESCALATE_QUERY_INT_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>

#include "escalate/query.h"

/* The columns of an esc_case_summary (query_summary_from_row reads them in
 * this order) and the joins that give its names; the case is `c`. */
#define SUMMARY_COLUMNS                                                                            \
	"SELECT c.id, c.last_seq, c.ref, c.uuid, c.state, c.level, c.child_id, la.name, "          \
	"coalesce(t.name, ''), s.login, c.opened_at, c.level_since, c.level_due, c.urgent, "       \
	"c.owed <> 0, c.updated_at, s.name, coalesce(c.procedure_id, 0) "
#define SUMMARY_JOINS                                                                              \
	"JOIN local_authorities la ON la.id = c.la_id "                                            \
	"JOIN staff s ON s.id = c.owner_id LEFT JOIN themes t ON t.id = c.first_theme_id "

/* Whether the actor's reads are narrowed by the visibility rule
 * (visibility.h): every list, count and search of cases then carries it. */
esc_status query_restricted(esc_session *s, bool *restricted, esc_error *err);
/* Appends the filter's WHERE clause (on `cases c`) to sql, with the
 * visibility rule when restricted; true when it wrote one. */
bool query_build_where(const esc_list_filter *f, bool restricted, char *sql, size_t sz,
                       bool for_count);
/* Binds the filter's values (today: the session's day, YYYY-MM-DD). */
esc_status query_bind_filter(esc_session *s, sqlite3_stmt *st, const esc_list_filter *f,
                             bool restricted, const char *today, esc_error *err);
/* "Needs my action" (query_needs.c): the condition on `cases c`, and what
 * it binds for the session's actor (:today is the filter's). */
extern const char QUERY_COND_NEEDS[];
esc_status query_bind_needs(esc_session *s, sqlite3_stmt *st, esc_error *err);

/* Fills r from a row of SUMMARY_COLUMNS. */
void query_summary_from_row(esc_session *s, sqlite3_stmt *st, const char *today,
                            esc_case_summary *r);

#endif
