/* The history chain.  The hash is computed by SQL on the values as stored
 * (esc_hash registered on every connection), at insert and at verification
 * alike, so both sides hash exactly the same bytes. */
#include "escalate/audit.h"

#include <openssl/evp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "escalate/store.h"

static void hash_value(EVP_MD_CTX *md, sqlite3_value *v)
{
	unsigned char type = (unsigned char)sqlite3_value_type(v);
	char num[32];
	const void *data = NULL;
	uint64_t len = 0;

	switch (type) {
	case SQLITE_INTEGER:
		len = (uint64_t)snprintf(num, sizeof num, "%lld", (long long)sqlite3_value_int64(v));
		data = num;
		break;
	case SQLITE_FLOAT:
		len = (uint64_t)snprintf(num, sizeof num, "%.17g", sqlite3_value_double(v));
		data = num;
		break;
	case SQLITE_TEXT:
		data = sqlite3_value_text(v);
		len = (uint64_t)sqlite3_value_bytes(v);
		break;
	case SQLITE_BLOB:
		data = sqlite3_value_blob(v);
		len = (uint64_t)sqlite3_value_bytes(v);
		break;
	default: /* NULL: the type tag alone */
		break;
	}
	/* Type and length before the bytes: no two argument lists hash alike. */
	EVP_DigestUpdate(md, &type, 1);
	EVP_DigestUpdate(md, &len, sizeof len);
	if (len)
		EVP_DigestUpdate(md, data, (size_t)len);
}

static void esc_hash_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	unsigned char digest[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	char hex[2 * EVP_MAX_MD_SIZE + 1];
	EVP_MD_CTX *md = EVP_MD_CTX_new();

	if (!md || EVP_DigestInit_ex(md, sqlite3_user_data(ctx), NULL) != 1) {
		EVP_MD_CTX_free(md);
		sqlite3_result_error(ctx, "esc_hash: SHA-256 unavailable", -1);
		return;
	}
	for (int i = 0; i < argc; i++)
		hash_value(md, argv[i]);
	EVP_DigestFinal_ex(md, digest, &n);
	EVP_MD_CTX_free(md);
	for (unsigned int i = 0; i < n; i++) {
		hex[2 * i] = "0123456789abcdef"[digest[i] >> 4];
		hex[2 * i + 1] = "0123456789abcdef"[digest[i] & 15];
	}
	sqlite3_result_text(ctx, hex, (int)(2 * n), SQLITE_TRANSIENT);
}

int audit_register(sqlite3 *h)
{
	EVP_MD *sha = EVP_MD_fetch(NULL, "SHA256", NULL);
	if (!sha)
		return SQLITE_ERROR;
	return sqlite3_create_function_v2(h, "esc_hash", -1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, sha,
	                                  esc_hash_fn, NULL, NULL, (void (*)(void *))EVP_MD_free);
}

static esc_status verify_chain(esc_db *db, esc_verify_report *out, esc_error *err)
{
	char prev[65] = "";
	sqlite3_stmt *st = store_prepare(
	    db, "SELECT id, prev_hash, hash, esc_hash(prev_hash, " ESC_HASHED_EVENT_COLUMNS
	        "), nactions, (SELECT count(*) FROM actions a WHERE a.event_id = events.id) "
	        "FROM events ORDER BY id",
	    err);
	if (!st)
		return err->status;
	int rc;
	while ((rc = store_step(db, st, err)) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(st, 0);
		const char *problem = NULL;
		out->events++;
		if (strcmp(store_col_text(st, 1), prev) != 0)
			problem = "does not follow the previous row (a row was removed or inserted)";
		else if (strcmp(store_col_text(st, 2), store_col_text(st, 3)) != 0)
			problem = "was changed after it was written (its hash does not match)";
		else if (sqlite3_column_int64(st, 4) != sqlite3_column_int64(st, 5))
			problem = "has lost or gained agreed actions";
		if (problem && !out->first_broken_event) {
			out->first_broken_event = id;
			snprintf(out->problem, sizeof out->problem, "history row %lld %s", id, problem);
		}
		snprintf(prev, sizeof prev, "%s", store_col_text(st, 2));
	}
	sqlite3_reset(st);
	if (rc < 0)
		return err->status;

	st = store_prepare(db,
	                   "SELECT id, event_id, hash = esc_hash((SELECT e.hash FROM events e "
	                   "WHERE e.id = actions.event_id), " ESC_HASHED_ACTION_COLUMNS
	                   ") FROM actions ORDER BY id",
	                   err);
	if (!st)
		return err->status;
	while ((rc = store_step(db, st, err)) == SQLITE_ROW) {
		out->actions++;
		if (!sqlite3_column_int(st, 2) && !out->problem[0])
			snprintf(out->problem, sizeof out->problem,
			         "agreed action %lld of history row %lld was changed after it was written",
			         sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1));
	}
	sqlite3_reset(st);
	return rc < 0 ? err->status : ESC_OK;
}

/* A case's cached level and state must be those its last history row left. */
static esc_status verify_cases(esc_db *db, esc_verify_report *out, esc_error *err)
{
	sqlite3_stmt *st = store_prepare(
	    db,
	    "SELECT c.ref, c.level, c.state, c.last_seq, e.level_after, e.state_after, e.seq, "
	    "(SELECT count(*) FROM events x WHERE x.case_id = c.id) FROM cases c "
	    "LEFT JOIN events e ON e.case_id = c.id AND e.seq = "
	    "(SELECT max(seq) FROM events y WHERE y.case_id = c.id) ORDER BY c.id",
	    err);
	if (!st)
		return err->status;
	int rc;
	while ((rc = store_step(db, st, err)) == SQLITE_ROW) {
		out->cases++;
		bool ok = sqlite3_column_type(st, 6) != SQLITE_NULL &&
		          sqlite3_column_int(st, 1) == sqlite3_column_int(st, 4) &&
		          sqlite3_column_int(st, 2) == sqlite3_column_int(st, 5) &&
		          sqlite3_column_int64(st, 3) == sqlite3_column_int64(st, 6) &&
		          sqlite3_column_int64(st, 7) == sqlite3_column_int64(st, 6);
		if (!ok) {
			out->inconsistent_cases++;
			if (!out->problem[0])
				snprintf(out->problem, sizeof out->problem,
				         "case %s: its level/state (%d/%d) disagree with its history",
				         store_col_text(st, 0), sqlite3_column_int(st, 1),
				         sqlite3_column_int(st, 2));
		}
	}
	sqlite3_reset(st);
	return rc < 0 ? err->status : ESC_OK;
}

esc_status audit_verify(esc_db *db, esc_verify_report *out, esc_error *err)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st = store_prepare(db, "PRAGMA integrity_check(1)", err);
	if (!st)
		return err->status;
	if (store_step(db, st, err) != SQLITE_ROW)
		return err->status;
	snprintf(out->integrity, sizeof out->integrity, "%s", store_col_text(st, 0));
	sqlite3_reset(st);
	if (strcmp(out->integrity, "ok") != 0)
		snprintf(out->problem, sizeof out->problem, "SQLite integrity check: %s", out->integrity);

	if (verify_chain(db, out, err) || verify_cases(db, out, err))
		return err->status;
	if (out->problem[0])
		return esc_fail(err, ESC_ECORRUPT, "", "%s", out->problem);
	return ESC_OK;
}
