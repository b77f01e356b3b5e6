/* Tamper evidence and consistency.  Every history row carries a SHA-256 hash
 * chained to the previous row's; agreed actions carry one chained to their
 * contact's; every case has a seal over its fixed fields and themes (chained
 * seal to seal); every staff change is chained too (schema 003).  audit_verify
 * recomputes the chains, replays each case's history against its cached
 * columns, checks each staff record against its latest history row, and runs
 * SQLite's integrity check. */
#ifndef ESCALATE_AUDIT_H
#define ESCALATE_AUDIT_H

#include <sqlite3.h>
#include <stddef.h>

#include "escalate/error.h"

struct esc_db;

/* The columns of events that the chain covers, in hashing order. */
#define ESC_HASHED_EVENT_COLUMNS                                                              \
	"case_id, seq, kind, at, actor_id, level_before, level_after, state_after, level_due, "   \
	"text, occurred_at, person_name, person_role, person_org, concern_remains, notify, "      \
	"whom, how, informed_at, not_needed, pattern_la_id, pattern_theme_id, nactions"
/* Rows written since migration 5 also cover the level and state the user
 * acted on (rows before it have NULL there and keep their first hash). */
#define ESC_HASHED_EVENT_COLUMNS_V2 ESC_HASHED_EVENT_COLUMNS ", seen_level, seen_state"
/* An amendment (migration 9) also covers which field, which contact, and the
 * values before and after; every other row has NULL there and hashes as V2. */
#define ESC_HASHED_EVENT_COLUMNS_V3                                                           \
	ESC_HASHED_EVENT_COLUMNS_V2 ", amend_field, amend_seq, old_value, new_value"
/* An event row's hash as verify recomputes it, whichever columns it covers. */
#define ESC_EVENT_HASH_EXPR                                                                   \
	"CASE WHEN seen_level IS NULL THEN esc_hash(prev_hash, " ESC_HASHED_EVENT_COLUMNS ") "   \
	"WHEN amend_field IS NULL THEN esc_hash(prev_hash, " ESC_HASHED_EVENT_COLUMNS_V2 ") "    \
	"ELSE esc_hash(prev_hash, " ESC_HASHED_EVENT_COLUMNS_V3 ") END"
#define ESC_HASHED_ACTION_COLUMNS "event_id, case_id, level, text, owner, due"
/* Actions written since migration 5 also cover whose they are. */
#define ESC_HASHED_ACTION_COLUMNS_V2                                                          \
	ESC_HASHED_ACTION_COLUMNS ", owner_kind, owner_staff_id, owner_org"
#define ESC_ACTION_HASH_EXPR                                                                  \
	"CASE WHEN owner_kind IS NULL THEN esc_hash((SELECT e.hash FROM events e WHERE e.id = "  \
	"actions.event_id), " ESC_HASHED_ACTION_COLUMNS ") ELSE esc_hash((SELECT e.hash FROM "   \
	"events e WHERE e.id = actions.event_id), " ESC_HASHED_ACTION_COLUMNS_V2 ") END"
/* An action update (done or dropped), chained by id. */
#define ESC_HASHED_ACTION_UPDATE_COLUMNS "action_id, case_id, status, at, actor_id, note"
/* The staff member an action written before migration 5 belongs to: the one
 * whose login, else whose name, is exactly its owner text (a over actions).
 * Copied verbatim in 005_procedure_once.sql. */
#define ESC_LEGACY_ACTION_OWNER                                                               \
	"coalesce((SELECT s.id FROM staff s WHERE s.login = a.owner), "                          \
	"(SELECT min(s.id) FROM staff s WHERE s.name = a.owner))"

/* What a case's seal covers, in hashing order, as expressions over a row of
 * `cases` named cases: its id, its `opened` row's hash, the fields no code
 * path changes after opening, and its themes.  data/schema/003_tamper.sql
 * seals existing cases with a verbatim copy: never change one without the
 * other (a new field list needs a new seal origin). */
#define ESC_CASE_SEAL_FIELDS                                                                  \
	"cases.id, (SELECT e.hash FROM events e WHERE e.case_id = cases.id AND e.seq = 1), "      \
	"cases.uuid, cases.ref, cases.ref_year, cases.ref_num, cases.child_kind, cases.child_id, " \
	"cases.la_id, (SELECT name FROM local_authorities WHERE id = cases.la_id), "              \
	"cases.team, cases.agency, cases.decision, cases.concern, "                               \
	"cases.first_theme_id, cases.owner_id, cases.opened_at, "                                 \
	"(SELECT group_concat(theme_id || ':' || name, '|') FROM (SELECT ct.theme_id, t.name "    \
	"FROM case_themes ct JOIN themes t ON t.id = ct.theme_id "                                \
	"WHERE ct.case_id = cases.id ORDER BY ct.theme_id))"

/* The seal of a case opened under a loaded procedure (schema 10) also covers
 * its pin: the procedure row, its name, version and the SHA-256 of its
 * text.  A case of the shipped default (no pin) hashes as before; clearing a
 * pin changes which formula applies and breaks the seal. */
#define ESC_CASE_SEAL_PIN                                                                     \
	"cases.procedure_id, (SELECT p.name || ' ' || p.version || ' ' || p.sha256 "             \
	"FROM procedures p WHERE p.id = cases.procedure_id)"
/* A seal's hash over a row of cases, its origin `origin`, previous hash
 * `prev` and sealed fields `fields` (SQL expressions). */
#define ESC_CASE_SEAL_HASH_OF(prev, origin, fields)                                           \
	"CASE WHEN cases.procedure_id IS NULL THEN esc_hash(" prev ", " origin ", " fields        \
	") ELSE esc_hash(" prev ", " origin ", " fields ", " ESC_CASE_SEAL_PIN ") END"
#define ESC_CASE_SEAL_HASH(prev, origin)                                                      \
	ESC_CASE_SEAL_HASH_OF(prev, origin, ESC_CASE_SEAL_FIELDS)
/* The oldest amendment's old value of a field of the case (NULL when the
 * field was never amended): the value the case was opened with. */
#define ESC_AMEND_OPENED(field)                                                               \
	"(SELECT a.old_value FROM events a WHERE a.case_id = cases.id AND a.amend_field = '"      \
	field "' ORDER BY a.seq LIMIT 1)"
/* ESC_CASE_SEAL_FIELDS with the values the case was opened with, read back
 * from its amendments (amend.h; migration 9): what verify checks a seal
 * against.  Themes are stored as names one a line, the first theme first;
 * theme names never change (003_tamper.sql).  Equal to ESC_CASE_SEAL_FIELDS
 * on a case never amended. */
#define ESC_CASE_SEAL_AS_OPENED                                                               \
	"cases.id, (SELECT e.hash FROM events e WHERE e.case_id = cases.id AND e.seq = 1), "      \
	"cases.uuid, cases.ref, cases.ref_year, cases.ref_num, cases.child_kind, cases.child_id, " \
	"cases.la_id, (SELECT name FROM local_authorities WHERE id = cases.la_id), "              \
	"coalesce(" ESC_AMEND_OPENED("team") ", cases.team), cases.agency, "                      \
	"coalesce(" ESC_AMEND_OPENED("decision") ", cases.decision), "                            \
	"coalesce(" ESC_AMEND_OPENED("concern") ", cases.concern), "                              \
	"coalesce((SELECT t.id FROM themes t WHERE t.name = substr(" ESC_AMEND_OPENED("themes")   \
	", 1, instr(" ESC_AMEND_OPENED("themes") " || char(10), char(10)) - 1)), "               \
	"cases.first_theme_id), cases.owner_id, cases.opened_at, "                                \
	"coalesce((SELECT group_concat(theme_id || ':' || name, '|') FROM (SELECT t.id AS "      \
	"theme_id, t.name FROM themes t WHERE instr(char(10) || " ESC_AMEND_OPENED("themes")     \
	" || char(10), char(10) || t.name || char(10)) > 0 ORDER BY t.id)), "                     \
	"(SELECT group_concat(theme_id || ':' || name, '|') FROM (SELECT ct.theme_id, t.name "    \
	"FROM case_themes ct JOIN themes t ON t.id = ct.theme_id "                                \
	"WHERE ct.case_id = cases.id ORDER BY ct.theme_id)))"

/* What a staff_history row's hash covers, over the row (h) and its staff
 * record (s): the change and the staff member's fixed fields, so a renamed
 * login or name breaks the chain too.  Copied verbatim in 003_tamper.sql. */
#define ESC_HASHED_STAFF_HISTORY_COLUMNS                                                      \
	"h.staff_id, h.at, h.actor_id, h.change, h.role, h.admin, h.active, "                    \
	"s.login, s.name, s.organisation, s.created_at"

/* A staff_history row's hash given its previous hash `prev` (an SQL
 * expression): rows bound to a uid (schema 007) also cover h.uid; rows
 * without one hash as before 007, so older chains still hold.  Clearing a
 * row's uid changes which formula applies and breaks the hash. */
#define ESC_STAFF_HISTORY_HASH(prev)                                                          \
	"CASE WHEN h.uid IS NULL THEN esc_hash(" prev ", " ESC_HASHED_STAFF_HISTORY_COLUMNS        \
	") ELSE esc_hash(" prev ", " ESC_HASHED_STAFF_HISTORY_COLUMNS ", h.uid) END"

/* Registers esc_hash(prev, ...) on the connection: SHA-256 (libcrypto) over
 * every argument with its type and length, as lowercase hex. */
int audit_register(sqlite3 *h);

/* The three hash chains, each extended by one insert. */
typedef enum audit_chain {
	AUDIT_CHAIN_EVENTS, /* history rows, by id */
	AUDIT_CHAIN_SEALS,  /* case seals, by case */
	AUDIT_CHAIN_STAFF,  /* staff changes, by id */
	AUDIT_CHAIN_ACTION_UPDATES, /* agreed actions done or dropped, by id */
	AUDIT_CHAIN_ACCESS, /* the access log, by id */
	AUDIT_CHAIN_PURGES, /* retention purges, by id */
} audit_chain;

/* The newest hash of a chain, "" while it is empty.  An insert reads it
 * first and binds it as :prev; the caller holds the write transaction. */
esc_status audit_chain_head(struct esc_db *db, audit_chain chain, char head[65],
                            esc_error *err);

/* One link of a hash chain, read from three columns of st from `col` on: the
 * previous hash the row names, its stored hash, and its hash recomputed from
 * its fields now.  The row must follow the one before (whose hash is in prev)
 * and still hash to what was stored; prev moves on to this row.  Every
 * chain's verification reads its links through this. */
typedef enum { LINK_HOLDS, LINK_MOVED, LINK_CHANGED } audit_link;
audit_link audit_chain_link(sqlite3_stmt *st, int col, char prev[static 65]);

/* Seals a case just opened (its row, themes and `opened` history row
 * written); the caller holds the transaction. */
esc_status audit_seal_case(struct esc_db *db, long long case_id, esc_error *err);

typedef struct esc_verify_report {
	long long events;            /* history rows checked */
	long long actions;           /* agreed actions checked */
	long long action_updates;    /* agreed actions done or dropped, checked */
	long long cases;             /* cases checked */
	long long first_broken_event; /* id of the first row whose hash breaks, 0 if none */
	long long inconsistent_cases;
	long long wrong_live_actions; /* cases whose live agreed actions disagree (004) */
	long long seals;             /* case seals checked */
	long long broken_seals;      /* cases whose fixed fields or themes changed, or unsealed */
	long long staff;             /* staff records checked */
	long long staff_history;     /* staff history rows checked */
	long long first_broken_staff_row; /* id of the first staff_history row that breaks */
	long long inconsistent_staff; /* staff records disagreeing with their history */
	long long config_history;    /* configuration history rows checked (007) */
	long long first_broken_config_row; /* id of the first config_history row that breaks */
	long long inconsistent_config; /* configuration entries disagreeing with their history */
	/* The heads of the two chains: a copy kept elsewhere shows whether the
	 * newest rows were later removed, which the chains alone cannot. */
	long long last_event;        /* id of the newest history row */
	char last_event_hash[65];
	long long last_staff_row;    /* id of the newest staff history row */
	char last_staff_hash[65];
	/* The time model (audit_time.c, migration 6). */
	long long times_backwards;   /* history rows earlier than the row before them in
	                              * their case, or whose time is not a UTC instant */
	long long broken_before_utc; /* chain rows migration 6 found broken before it
	                              * recomputed the chains */
	char pre_utc_heads[200];     /* the chain heads before migration 6, "" if none */
	/* The access log's chain (access.c) and the purges' (retention.c). */
	long long access_rows;       /* access log rows checked */
	long long first_broken_access; /* id of the first access log row that breaks */
	long long last_access;       /* id of the newest access log row */
	char last_access_hash[65];
	long long purges;            /* retention purges (tombstones) checked */
	long long broken_purges;     /* tombstones whose kept fields or links changed */
	long long last_purge;        /* id of the newest purge */
	char last_purge_hash[65];
	char integrity[128];         /* "ok" or SQLite's first complaint */
	char problem[512];           /* the first problem found, in words */
} esc_verify_report;

/* ESC_OK when everything holds; ESC_ECORRUPT with err naming the first
 * broken row (and the report filled) otherwise. */
esc_status audit_verify(struct esc_db *db, esc_verify_report *out, esc_error *err);

/* The time model's part of audit_verify (audit_time.c): every history row
 * written since migration 6 has a UTC instant no earlier than its case's row
 * before it, and damage migration 6 found before recomputing the chains
 * stays reported.  Fills the report; problems are noted, not returned. */
esc_status audit_verify_times(struct esc_db *db, esc_verify_report *out, esc_error *err);

/* The staff checks of audit_verify alone (the staff chain, and each record
 * against its latest history row): cheap, for a caller that must tell a
 * damaged or edited staff table from an unregistered login. */
esc_status audit_verify_staff(struct esc_db *db, esc_verify_report *out, esc_error *err);

/* Receipts (audit_receipt.c): the chain heads as one token that can be kept
 * away from the host and found again anywhere in a file (a report's output
 * carries it too):
 *   escalate-receipt history=N:HEX staff=N:HEX config=N:HEX
 * N is how many rows the chain has, HEX the hash of its N-th row (rows in id
 * order; "none" when N is 0).  `verify --against` proves with it that the
 * first N rows of each chain are unchanged and that rows were only added:
 * whoever rewrites a row and recomputes every hash after it changes the
 * N-th row's hash. */
#define ESC_RECEIPT_TAG "escalate-receipt"
#define ESC_RECEIPT_MAX 256

esc_status audit_receipt(struct esc_db *db, char *out, size_t outsz, esc_error *err);

/* Finds the first receipt token in text and checks the database against it:
 * ESC_OK when every chain still has the receipt's N-th row with its hash
 * (and audit_verify holds: the caller runs it), ESC_ECORRUPT naming the
 * first chain that does not, ESC_EINVALID when text holds no receipt. */
esc_status audit_receipt_check(struct esc_db *db, const char *text, char *found,
                               size_t foundsz, esc_error *err);

#endif
