/* esc_hash(prev, ...): the SHA-256 (libcrypto) that every chain and seal
 * is made of, registered as an SQL function on every connection so that an
 * insert and `verify` hash exactly the same stored values. */
#include "escalate/audit.h"

#include <openssl/evp.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "%lld" without the cost of printf: a history row hashes a dozen integers. */
static size_t format_int(long long v, char *out)
{
	char rev[24];
	size_t n = 0, len = 0;
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	do {
		rev[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		out[len++] = '-';
	while (n)
		out[len++] = rev[--n];
	return len;
}

/* The bytes hashed for a call: per argument its type, its length and its
 * bytes (no two argument lists hash alike).  Built whole and hashed in one
 * update; each EVP call costs more than the few bytes most arguments have. */
typedef struct hash_input {
	unsigned char *buf;
	size_t len, cap;
	unsigned char local[2048];
} hash_input;

static bool hash_input_add(hash_input *in, const void *data, size_t n)
{
	if (in->len + n > in->cap) {
		size_t cap = in->cap * 2;
		while (cap < in->len + n)
			cap *= 2;
		unsigned char *p = malloc(cap);
		if (!p)
			return false;
		memcpy(p, in->buf, in->len);
		if (in->buf != in->local)
			free(in->buf);
		in->buf = p;
		in->cap = cap;
	}
	memcpy(in->buf + in->len, data, n);
	in->len += n;
	return true;
}

static bool hash_value(hash_input *in, sqlite3_value *v)
{
	unsigned char type = (unsigned char)sqlite3_value_type(v);
	char num[32];
	const void *data = NULL;
	uint64_t len = 0;

	switch (type) {
	case SQLITE_INTEGER:
		len = format_int((long long)sqlite3_value_int64(v), num);
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
	return hash_input_add(in, &type, 1) && hash_input_add(in, &len, sizeof len) &&
	       (!len || hash_input_add(in, data, (size_t)len));
}

/* One digest context per connection, reused call after call. */
typedef struct hash_state {
	EVP_MD *sha;
	EVP_MD_CTX *ctx;
} hash_state;

static void hash_state_free(void *p)
{
	hash_state *h = p;
	EVP_MD_CTX_free(h->ctx);
	EVP_MD_free(h->sha);
	free(h);
}

static void esc_hash_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	hash_state *h = sqlite3_user_data(ctx);
	unsigned char digest[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	char hex[2 * EVP_MAX_MD_SIZE + 1];
	hash_input in = {.cap = sizeof in.local};
	in.buf = in.local;
	bool ok = true;
	for (int i = 0; ok && i < argc; i++)
		ok = hash_value(&in, argv[i]);
	if (ok)
		ok = EVP_DigestInit_ex(h->ctx, h->sha, NULL) == 1 &&
		     EVP_DigestUpdate(h->ctx, in.buf, in.len) == 1 &&
		     EVP_DigestFinal_ex(h->ctx, digest, &n) == 1;
	if (in.buf != in.local)
		free(in.buf);
	if (!ok) {
		sqlite3_result_error(ctx, "esc_hash: SHA-256 failed (out of memory?)", -1);
		return;
	}
	for (unsigned int i = 0; i < n; i++) {
		hex[2 * i] = "0123456789abcdef"[digest[i] >> 4];
		hex[2 * i + 1] = "0123456789abcdef"[digest[i] & 15];
	}
	sqlite3_result_text(ctx, hex, (int)(2 * n), SQLITE_TRANSIENT);
}

int audit_register(sqlite3 *h)
{
	hash_state *st = calloc(1, sizeof *st);
	if (!st)
		return SQLITE_NOMEM;
	st->sha = EVP_MD_fetch(NULL, "SHA256", NULL);
	st->ctx = EVP_MD_CTX_new();
	if (!st->sha || !st->ctx) {
		hash_state_free(st);
		return SQLITE_ERROR;
	}
	/* On failure SQLite calls the destructor itself. */
	return sqlite3_create_function_v2(h, "esc_hash", -1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, st,
	                                  esc_hash_fn, NULL, NULL, hash_state_free);
}
