/* The benchmark data generator (bench/generate): realistic escalation
 * histories written through the product's own insert path (case_open_in_tx,
 * case_record_in_tx), batched in transactions, reproducible from a seed. */
#ifndef ESCALATE_BENCH_GEN_H
#define ESCALATE_BENCH_GEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "escalate/calendar.h"
#include "escalate/error.h"
#include "escalate/session.h"
#include "escalate/staff.h"

/* xoshiro256**: small, fast and the same sequence on every machine. */
typedef struct gen_rng {
	uint64_t s[4];
} gen_rng;

void gen_rng_seed(gen_rng *r, uint64_t seed);
uint64_t gen_rng_next(gen_rng *r);
/* Uniform in [0, n); n > 0. */
int gen_below(gen_rng *r, int n);
/* True with probability permille / 1000. */
bool gen_chance(gen_rng *r, int permille);
/* Index i drawn with probability weights[i] / sum(weights). */
int gen_weighted(gen_rng *r, const int *weights, int n);
/* Index in [0, n) with Zipf-like weight 1 / (i + 2): a few large local
 * authorities and common themes, a long tail of smaller ones. */
int gen_skewed(gen_rng *r, int n);

/* A point in time as minutes since 1970-01-01 00:00, local time. */
typedef long long gen_time;

gen_time gen_time_of(esc_day day, int minute_of_day);
esc_day gen_time_day(gen_time t);
void gen_time_format(gen_time t, char out[ESC_TS_LEN + 1]);

/* Who the generator acts as.  Staff records are loaded once; the generator
 * switches the session's actor between them, so every guard is the real one. */
typedef struct gen_staff {
	esc_staff *all;
	size_t n;
	size_t *frontline, *named, *designated; /* indices into all */
	size_t nfrontline, nnamed, ndesignated;
} gen_staff;

typedef struct gen_counts {
	long long cases, events, actions, case_themes;
} gen_counts;

typedef struct gen_ctx {
	esc_session *s;
	gen_rng rng;
	gen_staff staff;
	const char *const *las;
	size_t nla;
	const char *const *themes;
	size_t ntheme;
	esc_day first_day; /* data starts: 1 April of the first financial year */
	esc_day last_day;  /* and ends: 31 March five years later */
	gen_time end;      /* nothing happens after this: later steps stay undone */
	gen_counts counts;
	long long long_case_index; /* this case gets a long history (for `show`) */
	char long_case_ref[32];
} gen_ctx;

/* Writes case number `index` (0-based, of `total`) inside the caller's
 * transaction: opened on a day spread evenly over the five years, then its
 * history.  Returns the first failure of the core, err filled. */
esc_status gen_case(gen_ctx *g, long long index, long long total, esc_error *err);

/* Phrases for the free-text fields; none is personal data. */
typedef enum gen_text_kind {
	GEN_DECISION,
	GEN_CONCERN,
	GEN_SUMMARY_REMAINS,
	GEN_SUMMARY_RESOLVED,
	GEN_ACTION,
	GEN_REASON_ESCALATE,
	GEN_REASON_URGENT,
	GEN_OUTCOME,
	GEN_WITHDRAW,
	GEN_NOTE,
	GEN_REOPEN,
	GEN_FIRST_NAME,
	GEN_SURNAME,
	GEN_TEAM,
	GEN_TEXT_KINDS
} gen_text_kind;

const char *gen_text(gen_rng *r, gen_text_kind kind);
/* A valid NHS number (modulus 11 check digit), 10 digits. */
void gen_nhs_number(gen_rng *r, char out[11]);

/* Bulk-load set-up of the generator's connection (gen_load.c): journal and
 * fsync off, and the read indexes the insert path never uses dropped for the
 * load and created again, from the schema's own SQL, after it. */
typedef struct gen_load {
	char **create; /* CREATE INDEX statements, as sqlite_schema held them */
	size_t n;
} gen_load;

esc_status gen_load_begin(esc_db *db, gen_load *l, esc_error *err);
esc_status gen_load_end(esc_db *db, gen_load *l, esc_error *err);
void gen_load_free(gen_load *l);

#endif
