/* Receipts: the chain heads, kept outside the host (audit.h).  The chains
 * alone show a changed row only to someone who trusts the newest hash; a
 * receipt taken earlier is that trust, from outside the file (issue 11 item
 * 10: with write access one can rewrite a row and recompute every hash). */
#include "escalate/audit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escalate/store.h"

typedef struct receipt_chain {
	const char *name;  /* the token's key */
	const char *table; /* for messages */
	const char *count_sql, *nth_sql;
} receipt_chain;

/* nth_sql: the hash of the :n-th row in id order. */
static const receipt_chain chains[] = {
    {.name = "history",
     .table = "history",
     .count_sql = "SELECT count(*) FROM events",
     .nth_sql = "SELECT hash FROM events ORDER BY id LIMIT 1 OFFSET :n - 1"},
    {.name = "staff",
     .table = "staff history",
     .count_sql = "SELECT count(*) FROM staff_history",
     .nth_sql = "SELECT hash FROM staff_history ORDER BY id LIMIT 1 OFFSET :n - 1"},
    {.name = "config",
     .table = "configuration history",
     .count_sql = "SELECT count(*) FROM config_history",
     .nth_sql = "SELECT hash FROM config_history ORDER BY id LIMIT 1 OFFSET :n - 1"},
};
#define NCHAINS (sizeof chains / sizeof chains[0])

static esc_status chain_count(esc_db *db, const receipt_chain *c, long long *n, esc_error *err)
{
	sqlite3_stmt *st = store_prepare(db, c->count_sql, err);
	if (!st || store_step(db, st, err) != SQLITE_ROW)
		return err->status;
	*n = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return ESC_OK;
}

/* The n-th row's hash; "" when the chain has fewer rows. */
static esc_status chain_nth(esc_db *db, const receipt_chain *c, long long n, char hash[65],
                            esc_error *err)
{
	hash[0] = '\0';
	sqlite3_stmt *st = store_prepare(db, c->nth_sql, err);
	if (!st || store_bind_int(st, ":n", n, err))
		return err->status;
	int rc = store_step(db, st, err);
	if (rc == SQLITE_ROW)
		snprintf(hash, 65, "%s", store_col_text(st, 0));
	sqlite3_reset(st);
	return rc < 0 ? err->status : ESC_OK;
}

esc_status audit_receipt(esc_db *db, char *out, size_t outsz, esc_error *err)
{
	size_t len = (size_t)snprintf(out, outsz, "%s", ESC_RECEIPT_TAG);
	for (size_t i = 0; i < NCHAINS; i++) {
		long long n = 0;
		char hash[65] = "";
		if (chain_count(db, &chains[i], &n, err) != ESC_OK ||
		    (n > 0 && chain_nth(db, &chains[i], n, hash, err) != ESC_OK))
			return err->status;
		if (len < outsz)
			len += (size_t)snprintf(out + len, outsz - len, " %s=%lld:%s",
			                        chains[i].name, n, n > 0 ? hash : "none");
	}
	if (len >= outsz)
		return esc_fail(err, ESC_EINTERNAL, "", "internal: receipt buffer too small");
	return ESC_OK;
}

/* One "key=N:HEX" of the token at p; false when p does not hold one. */
static bool parse_part(const char *p, const char *key, long long *n, char hash[65])
{
	size_t k = strlen(key);
	if (strncmp(p, key, k) != 0 || p[k] != '=')
		return false;
	char *end;
	*n = strtoll(p + k + 1, &end, 10);
	if (end == p + k + 1 || *n < 0 || *end != ':')
		return false;
	const char *h = end + 1;
	size_t hl = strspn(h, "0123456789abcdef");
	if (*n == 0)
		return strncmp(h, "none", 4) == 0;
	if (hl != 64)
		return false;
	memcpy(hash, h, 64);
	hash[64] = '\0';
	return true;
}

/* The first well-formed token in text: every chain's part, in order. */
static bool find_token(const char *text, long long n[NCHAINS], char hash[NCHAINS][65],
                       const char **start, size_t *len)
{
	for (const char *p = strstr(text, ESC_RECEIPT_TAG); p; p = strstr(p + 1, ESC_RECEIPT_TAG)) {
		const char *q = p + strlen(ESC_RECEIPT_TAG);
		bool ok = true;
		for (size_t i = 0; ok && i < NCHAINS; i++) {
			if (*q != ' ' || !parse_part(q + 1, chains[i].name, &n[i], hash[i])) {
				/* A receipt from before the configuration chain (two parts). */
				ok = i == NCHAINS - 1 && strcmp(chains[i].name, "config") == 0;
				n[i] = -1;
				break;
			}
			q += 1 + strcspn(q + 1, " \t\r\n\"',|<`");
		}
		if (ok) {
			*start = p;
			*len = (size_t)(q - p);
			return true;
		}
	}
	return false;
}

esc_status audit_receipt_check(esc_db *db, const char *text, char *found, size_t foundsz,
                               esc_error *err)
{
	long long want[NCHAINS];
	char hash[NCHAINS][65];
	const char *start;
	size_t len;
	if (found && foundsz)
		found[0] = '\0';
	if (!find_token(text, want, hash, &start, &len))
		return esc_fail(err, ESC_EINVALID, "against",
		                "--against: no receipt (\"%s history=N:HEX staff=N:HEX ...\") in "
		                "the file",
		                ESC_RECEIPT_TAG);
	if (found && foundsz)
		snprintf(found, foundsz, "%.*s", (int)len, start);
	for (size_t i = 0; i < NCHAINS; i++) {
		long long now = 0;
		char have[65];
		if (want[i] < 0)
			continue; /* not in this receipt */
		if (chain_count(db, &chains[i], &now, err) != ESC_OK)
			return err->status;
		if (now < want[i])
			return esc_fail(
			    err, ESC_ECORRUPT, "",
			    "the %s has %lld rows, the receipt %lld: rows it vouched for "
			    "were removed",
			    chains[i].table, now, want[i]);
		if (want[i] == 0)
			continue;
		if (chain_nth(db, &chains[i], want[i], have, err) != ESC_OK)
			return err->status;
		if (strcmp(have, hash[i]) != 0)
			return esc_fail(
			    err, ESC_ECORRUPT, "",
			    "the %s is not the one the receipt vouched for: its row %lld "
			    "hashes to %.12s..., the receipt says %.12s...; a row at or "
			    "before it was rewritten (and the hashes after it recomputed)",
			    chains[i].table, want[i], have, hash[i]);
	}
	return ESC_OK;
}
