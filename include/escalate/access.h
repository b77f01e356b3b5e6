/* The access log (SPEC §7 "Data protection"; NHS confidentiality audit:
 * "who has viewed and accessed specific records").  Every read that shows a
 * case's content to a person appends one row before the content is read —
 * who (staff id, login, uid), when (UTC), what (the case, or an export's
 * scope and count), how (the command or screen) — in the same transaction
 * as the read, so nothing is shown whose row was not written.  A reader
 * who cannot write the database (a read-only file) is refused.  Lists and
 * the report's counts show no case content and are not logged per row.
 * The rows are append-only (triggers) and hash-chained; `verify` checks
 * them (access_verify). */
#ifndef ESCALATE_ACCESS_H
#define ESCALATE_ACCESS_H

#include <stdbool.h>
#include <stddef.h>

#include "escalate/error.h"
#include "escalate/query.h"

struct esc_session;
struct esc_db;
struct esc_verify_report;

/* The columns of access_log that a row's hash covers, in hashing order. */
#define ESC_HASHED_ACCESS_COLUMNS "at, staff_id, login, uid, case_id, how, scope, count"

/* X(enum, stored name, what the log says) */
#define ESC_ACCESS_HOW_LIST(X)                                                                     \
	X(ESC_ACCESS_SHOW, "show", "escalate show")                                                \
	X(ESC_ACCESS_SHOW_JSON, "show-json", "escalate show --format json")                        \
	X(ESC_ACCESS_SHOW_RECORD, "show-record", "escalate show --format record")                  \
	X(ESC_ACCESS_INTERFACE, "interface", "opened in the interface")                            \
	X(ESC_ACCESS_INTERFACE_RECORD, "interface-record", "record entry in the interface")        \
	X(ESC_ACCESS_EXPORT, "export", "escalate export")                                          \
	X(ESC_ACCESS_SAR, "sar", "escalate sar (subject access)")

typedef enum esc_access_how {
#define ESC_ACCESS_ENUM(e, name, label) e,
	ESC_ACCESS_HOW_LIST(ESC_ACCESS_ENUM)
#undef ESC_ACCESS_ENUM
} esc_access_how;

const char *access_how_name(esc_access_how h);
const char *access_how_label(esc_access_how h);

/* Reads case `id` for the actor to see: the visibility rule, then the log
 * row, then the case, in one transaction.  Refused (ESC_EDENIED) when the
 * actor may not see it; ESC_EREADONLY, saying why, when the log cannot be
 * written. */
esc_status access_read_case(struct esc_session *s, long long id, esc_access_how how, esc_case *out,
                            esc_error *err);

/* Records a showing of a case already read (the interface's record entry
 * shown from the case it holds): the visibility rule again, then the row,
 * in its own transaction. */
esc_status access_note_case(struct esc_session *s, long long id, const char *ref,
                            esc_access_how how, esc_error *err);

/* Appends one row; the caller holds the write transaction.  case_id 0: a
 * row about a set of cases (scope says which, count how many). */
esc_status access_append(struct esc_session *s, long long case_id, esc_access_how how,
                         const char *scope, long long count, esc_error *err);

/* Rewrites a failure to write the log (ESC_EREADONLY) into the sentence a
 * reader needs: reads are logged, so nothing is shown. */
void access_explain_readonly(const char *db_path, esc_error *err);

typedef struct esc_access_row {
	long long id;
	char at[ESC_TS_LEN + 1];
	long long staff_id;
	char login[ESC_LOGIN_MAX + 1];
	long long uid;
	char ref[ESC_REF_MAX + 1]; /* "" for a row about a set of cases */
	esc_access_how how;
	char scope[512];
	long long count;
} esc_access_row;

typedef struct esc_access_filter {
	long long case_id; /* 0: any */
	const char *login; /* NULL: any */
	const char *from;  /* YYYY-MM-DD, inclusive; NULL: from the start */
	const char *to;    /* YYYY-MM-DD, inclusive; NULL: to now */
} esc_access_filter;

typedef bool (*esc_access_cb)(const esc_access_row *r, void *ctx); /* false stops */

/* The log, oldest first: designated professionals and admins only. */
esc_status access_each(struct esc_session *s, const esc_access_filter *f, esc_access_cb cb,
                       void *ctx, esc_error *err);

/* Designated professionals and admins: the access log, subject access,
 * retention purges.  ESC_EDENIED naming the role otherwise. */
esc_status access_require_oversight(struct esc_session *s, const char *what, esc_error *err);

/* The chain: every row's hash recomputed and its link to the one before;
 * fills access_rows, first_broken_access and the head in the report. */
esc_status access_verify(struct esc_db *db, struct esc_verify_report *out, esc_error *err);

#endif
