/* bench/generate: writes a realistic escalate database of N cases through
 * the product's own insert path, batched in transactions, reproducibly from
 * a seed, and says how long it took.
 *
 *   generate --db PATH [--cases N] [--seed S] [--batch B] [--admin LOGIN]
 *            [--cache-mib M] [--force] [--verify]
 *
 * The load is a bulk load of its own connection (gen_load.c): no journal,
 * no fsync, and the read indexes built once after it rather than updated
 * row by row; every row still goes through the product's insert path.
 *
 * The first admin is the real login (or --admin), so the escalate binary can
 * read the database afterwards as that user. */
#include "gen.h"

#include <errno.h>
#include <getopt.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "escalate/audit.h"
#include "escalate/config.h"
#include "escalate/store.h"

#define FIRST_FY 2021 /* five financial years: 2021-22 to 2025-26 */
#define NYEARS   5

typedef struct gen_opts {
	const char *db;
	long long cases;
	long long seed;
	long long batch;
	const char *admin;
	long long cache_mib;
	bool force;
	bool verify;
} gen_opts;

/* Health organisations the generated staff work for. */
static const char *const health_orgs[] = {
    "County Community Health NHS Trust",
    "City Hospitals NHS Foundation Trust",
    "Riverside Primary Care Network",
    "Integrated Care Board Safeguarding Team",
};

/* More local authorities than the defaults, for a national-scale table. */
static const char *const extra_las[] = {
    "Essex",      "Suffolk",   "Lincolnshire", "Leeds",    "Bradford",        "Birmingham",
    "Manchester", "Liverpool", "Devon",        "Cornwall", "Nottinghamshire", "Lancashire",
};

static const struct {
	const char *prefix;
	esc_role role;
	int count;
} staff_plan[] = {
    {"fl", ESC_ROLE_FRONTLINE, 30},
    {"np", ESC_ROLE_NAMED, 12},
    {"dp", ESC_ROLE_DESIGNATED, 6},
};

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int usage(const char *prog)
{
	fprintf(stderr,
	        "usage: %s --db PATH [--cases N] [--seed S] [--batch B] [--admin LOGIN] "
	        "[--cache-mib M] [--force] [--verify]\n"
	        "  --cases N     cases to write (default 1000000)\n"
	        "  --seed S      random seed (default 1): the same seed gives the same data\n"
	        "  --batch B     cases per transaction (default 10000)\n"
	        "  --admin LOGIN the first admin (default: your login)\n"
	        "  --cache-mib M SQLite page cache of this connection (default 256)\n"
	        "  --force       replace an existing file at PATH\n"
	        "  --verify      afterwards, check the history chain as `escalate` does\n",
	        prog);
	return 2;
}

/* A whole decimal number, nothing after it. */
static bool parse_num(const char *text, long long *out)
{
	char *end;
	errno = 0;
	long long v = strtoll(text, &end, 10);
	if (errno || end == text || *end || v < 0)
		return false;
	*out = v;
	return true;
}

static int parse_opts(int argc, char **argv, gen_opts *o)
{
	static const struct option longopts[] = {
	    {"db", required_argument, NULL, 'd'},
	    {"cases", required_argument, NULL, 'n'},
	    {"seed", required_argument, NULL, 's'},
	    {"batch", required_argument, NULL, 'b'},
	    {"admin", required_argument, NULL, 'a'},
	    {"force", no_argument, NULL, 'f'},
	    {"cache-mib", required_argument, NULL, 'c'},
	    {"verify", no_argument, NULL, 'v'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	*o = (gen_opts){.cases = 1000000, .seed = 1, .batch = 10000, .cache_mib = 256};
	int ch;
	bool bad = false;
	while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (ch) {
		case 'd':
			o->db = optarg;
			break;
		case 'n':
			bad = bad || !parse_num(optarg, &o->cases);
			break;
		case 's':
			bad = bad || !parse_num(optarg, &o->seed);
			break;
		case 'b':
			bad = bad || !parse_num(optarg, &o->batch);
			break;
		case 'a':
			o->admin = optarg;
			break;
		case 'f':
			o->force = true;
			break;
		case 'v':
			o->verify = true;
			break;
		case 'c':
			bad = bad || !parse_num(optarg, &o->cache_mib);
			break;
		default:
			return usage(argv[0]);
		}
	}
	if (bad)
		return usage(argv[0]);
	if (!o->db || optind != argc || o->cases < 1 || o->batch < 1 || o->cache_mib < 1)
		return usage(argv[0]);
	return 0;
}

static int fail(const char *what, const esc_error *err)
{
	fprintf(stderr, "generate: %s: %s\n", what, err->message);
	return 1;
}

static bool collect_name(const char *name, bool active, void *ctx)
{
	char ***names = ctx;
	if (!active)
		return true;
	size_t n = 0;
	while ((*names)[n])
		n++;
	char **grown = realloc(*names, (n + 2) * sizeof *grown);
	if (!grown)
		return false;
	grown[n] = strdup(name);
	grown[n + 1] = NULL;
	*names = grown;
	return grown[n] != NULL;
}

static size_t count_names(char **names)
{
	size_t n = 0;
	while (names && names[n])
		n++;
	return n;
}

static void free_names(char **names)
{
	for (size_t i = 0; names && names[i]; i++)
		free(names[i]);
	free(names);
}

/* The admin, then the frontline, named and designated professionals. */
static esc_status make_staff(esc_session *s, const gen_opts *o, gen_staff *st, esc_error *err)
{
	char login[ESC_LOGIN_MAX + 1], name[64];
	size_t total = 1;
	for (size_t i = 0; i < sizeof staff_plan / sizeof staff_plan[0]; i++)
		total += (size_t)staff_plan[i].count;
	st->all = calloc(total, sizeof *st->all);
	st->frontline = calloc(total, sizeof(size_t));
	st->named = calloc(total, sizeof(size_t));
	st->designated = calloc(total, sizeof(size_t));
	if (!st->all || !st->frontline || !st->named || !st->designated)
		return esc_fail(err, ESC_EINTERNAL, "", "out of memory");

	if (o->admin)
		snprintf(login, sizeof login, "%s", o->admin);
	else if (esc_real_login(login, sizeof login, err) != ESC_OK)
		return err->status;
	if (staff_add_first_admin(s->db, login, "Bench Administrator", ESC_ROLE_DESIGNATED,
	                          health_orgs[3], "2021-03-01 09:00:00", err) != ESC_OK ||
	    staff_find(s->db, login, &st->all[0], err) != ESC_OK)
		return err->status;
	s->me = st->all[0];
	st->designated[st->ndesignated++] = 0;
	st->n = 1;

	gen_rng names;
	gen_rng_seed(&names, 12345);
	for (size_t p = 0; p < sizeof staff_plan / sizeof staff_plan[0]; p++) {
		for (int i = 1; i <= staff_plan[p].count; i++) {
			snprintf(login, sizeof login, "%s%02d", staff_plan[p].prefix, i);
			snprintf(name, sizeof name, "%s %s", gen_text(&names, GEN_FIRST_NAME),
			         gen_text(&names, GEN_SURNAME));
			const char *org = health_orgs[(size_t)i % 3];
			if (staff_add(s, login, name, staff_plan[p].role, org, false, err) !=
			        ESC_OK ||
			    staff_find(s->db, login, &st->all[st->n], err) != ESC_OK)
				return err->status;
			size_t *pool = staff_plan[p].role == ESC_ROLE_FRONTLINE ? st->frontline
			               : staff_plan[p].role == ESC_ROLE_NAMED   ? st->named
			                                                        : st->designated;
			size_t *n = staff_plan[p].role == ESC_ROLE_FRONTLINE ? &st->nfrontline
			            : staff_plan[p].role == ESC_ROLE_NAMED   ? &st->nnamed
			                                                     : &st->ndesignated;
			pool[(*n)++] = st->n++;
		}
	}
	return ESC_OK;
}

static void free_staff(gen_staff *st)
{
	free(st->all);
	free(st->frontline);
	free(st->named);
	free(st->designated);
}

static esc_status make_lists(esc_session *s, char ***las, char ***themes, esc_error *err)
{
	for (size_t i = 0; i < sizeof extra_las / sizeof extra_las[0]; i++)
		if (config_list_add(s, ESC_LIST_LA, extra_las[i], err) != ESC_OK)
			return err->status;
	*las = calloc(1, sizeof **las);
	*themes = calloc(1, sizeof **themes);
	if (!*las || !*themes)
		return esc_fail(err, ESC_EINTERNAL, "", "out of memory");
	if (config_list_each(s->db, ESC_LIST_LA, false, collect_name, las, err) != ESC_OK ||
	    config_list_each(s->db, ESC_LIST_THEME, false, collect_name, themes, err) != ESC_OK)
		return err->status;
	if (count_names(*las) == 0 || count_names(*themes) == 0)
		return esc_fail(err, ESC_EINTERNAL, "",
		                "no local authorities or themes configured");
	return ESC_OK;
}

static void remove_db(const char *path)
{
	static const char *const suffix[] = {"", "-wal", "-shm"};
	char p[4096];
	for (size_t i = 0; i < 3; i++) {
		snprintf(p, sizeof p, "%s%s", path, suffix[i]);
		unlink(p);
	}
}

/* All cases, `batch` to a transaction. */
static esc_status write_cases(gen_ctx *g, const gen_opts *o, esc_error *err)
{
	long long next_report = o->cases / 10;
	for (long long i = 0; i < o->cases; i += o->batch) {
		long long stop = i + o->batch < o->cases ? i + o->batch : o->cases;
		if (store_begin(g->s->db, err) != ESC_OK)
			return err->status;
		for (long long k = i; k < stop; k++) {
			if (gen_case(g, k, o->cases, err) != ESC_OK) {
				store_rollback(g->s->db);
				esc_error inner = *err;
				return esc_fail(err, inner.status, inner.field, "case %lld: %s",
				                k + 1, inner.message);
			}
		}
		if (store_commit(g->s->db, err) != ESC_OK)
			return err->status;
		if (stop >= next_report && next_report > 0) {
			fprintf(stderr, "generate: %lld of %lld cases\n", stop, o->cases);
			next_report += o->cases / 10;
		}
	}
	return ESC_OK;
}

int main(int argc, char **argv)
{
	gen_opts o;
	int rc = parse_opts(argc, argv, &o);
	if (rc)
		return rc;
	if (ESC_LEVEL_MAX != 5 || ESC_URGENT_LEVEL != 4) {
		fprintf(stderr, "generate: it models Appendix 5 (5 levels, urgent to 4); the default "
		                "procedure has %d levels, urgent to %d\n",
		        ESC_LEVEL_MAX, ESC_URGENT_LEVEL);
		return 1;
	}
	if (access(o.db, F_OK) == 0) {
		if (!o.force) {
			fprintf(stderr, "generate: %s exists; give --force to replace it\n", o.db);
			return 1;
		}
		remove_db(o.db);
	}

	/* A personal database lives in a directory closed to others (escalate
	 * refuses it otherwise): make a missing one so, as init does. */
	char dir[4096];
	snprintf(dir, sizeof dir, "%s", o.db);
	char *slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = '\0';
		if (access(dir, F_OK) != 0 && mkdir(dir, 0700) != 0) {
			fprintf(stderr, "generate: cannot create %s: %s\n", dir, strerror(errno));
			return 1;
		}
	}

	esc_session s;
	esc_error err = {0};
	gen_ctx g = {.s = &s, .long_case_index = o.cases / 2};
	char **las = NULL, **themes = NULL;
	gen_load load = {0};
	/* Each history row makes SQLite build and drop small temporary b-trees
	 * (the schema's IN lists); glibc would return that memory to the kernel
	 * and fault it back in every time.  Keep it. */
	mallopt(M_TRIM_THRESHOLD, 256 << 20);
	mallopt(M_TOP_PAD, 16 << 20);
	double start = now_seconds();
	if (session_open(&s, o.db, ESC_OPEN_CREATE, -1, &err) != ESC_OK)
		return fail(o.db, &err);
	rc = 1;
	char cache[64];
	/* A bulk load's working set (the tails of every index) stays in memory
	 * rather than spilling half-built pages to the WAL mid-transaction. */
	snprintf(cache, sizeof cache, "PRAGMA cache_size = -%lld", o.cache_mib * 1024);
	/* Every history row is a statement with triggers, so SQLite journals the
	 * pages it touches in a statement journal; keep that in memory rather
	 * than in a file under /var/tmp (one write per page). */
	if (store_exec(s.db, cache, &err) != ESC_OK ||
	    store_exec(s.db, "PRAGMA temp_store = MEMORY", &err) != ESC_OK ||
	    session_set_now(&s, "2021-03-01 09:00", &err) != ESC_OK ||
	    make_staff(&s, &o, &g.staff, &err) != ESC_OK ||
	    make_lists(&s, &las, &themes, &err) != ESC_OK) {
		fail("setting up staff and lists", &err);
		goto out;
	}
	if (gen_load_begin(s.db, &load, &err) != ESC_OK) {
		fail("preparing the bulk load", &err);
		goto out;
	}
	g.las = (const char *const *)las;
	g.nla = count_names(las);
	g.themes = (const char *const *)themes;
	g.ntheme = count_names(themes);
	g.first_day = esc_day_from_ymd(FIRST_FY, 4, 1);
	g.last_day = esc_day_from_ymd(FIRST_FY + NYEARS, 3, 31);
	g.end = gen_time_of(g.last_day, 24 * 60 - 1);
	gen_rng_seed(&g.rng, (uint64_t)o.seed);

	if (write_cases(&g, &o, &err) != ESC_OK) {
		fail("writing cases", &err);
		goto out;
	}
	double indexing = now_seconds();
	if (gen_load_end(s.db, &load, &err) != ESC_OK) {
		fail("creating the read indexes", &err);
		goto out;
	}
	double secs = now_seconds() - start;
	indexing = now_seconds() - indexing;
	long long rows = g.counts.cases + g.counts.events + g.counts.actions;
	printf("cases: %lld\nevents: %lld\nactions: %lld\ncase_themes: %lld\n"
	       "rows: %lld (cases + events + actions)\nseconds: %.2f\nrows_per_second: %.0f\n"
	       "cases_per_second: %.0f\nindex_seconds: %.2f\nlong_case: %s\nseed: %lld\n"
	       "batch: %lld\n",
	       g.counts.cases, g.counts.events, g.counts.actions, g.counts.case_themes, rows, secs,
	       (double)rows / secs, (double)g.counts.cases / secs, indexing, g.long_case_ref,
	       o.seed, o.batch);
	rc = 0;
	if (o.verify) {
		/* The product's own audit: chain hashes, cached state, integrity. */
		esc_verify_report vr;
		double vstart = now_seconds();
		if (audit_verify(s.db, &vr, &err) != ESC_OK) {
			fail("verify", &err);
			rc = 1;
		} else {
			printf("verified: %lld events, %lld actions, %lld cases in %.2f s (%s)\n",
			       vr.events, vr.actions, vr.cases, now_seconds() - vstart,
			       vr.integrity);
		}
	}
out:
	gen_load_free(&load);
	free_names(las);
	free_names(themes);
	free_staff(&g.staff);
	session_close(&s);
	return rc;
}
