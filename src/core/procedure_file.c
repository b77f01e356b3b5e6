/* Procedure files (format 1): libinih reads the sections and keys; this file
 * checks every value and the file as a whole, and fills an esc_procedure.
 * Problems carry the file's line and the field; parsing goes on after one so
 * that `escalate procedure check` lists them all, as a compiler does. */
#include "escalate/procedure_file.h"

#include <ctype.h>
#include <ini.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "escalate/calendar.h"
#include "escalate/civil.h"
#include "escalate/validate.h"

/* What each section must or may hold; a bit per key. */
static const char *const proc_keys[] = {"format", "name", "title", "version", "effective",
                                        "local_authorities", "time_zone", "holidays", "source"};
static const char *const stage_keys[] = {"label", "raised_by", "raised_with", "acts",
                                         "owner_may_act", "timescale", "clock", "also"};
static const char *const notice_keys[] = {"whom", "stage", "required", "blocks"};
static const char *const urgent_keys[] = {"acts", "to_stage", "timescale", "when"};
#define COUNT(a) (sizeof a / sizeof a[0])
#define KEYS_ALL(a) ((1u << COUNT(a)) - 1u)
/* Keys a section may leave out. */
#define PROC_OPTIONAL (1u << 8)                  /* source: a warning */
#define STAGE_OPTIONAL (1u << 7)                 /* also */
#define NOTICE_OPTIONAL (1u << 3)                /* blocks */
#define URGENT_OPTIONAL (1u << 3)                /* when */

typedef struct section_seen {
	unsigned keys;
	int line;
} section_seen;

typedef struct parse_ctx {
	esc_procedure *p;
	esc_proc_problems *pr;
	const char *cur, *end;
	int line;
	section_seen proc, urgent, stage[ESC_STAGES_MAX + 1], notice[ESC_PROC_NOTIFY_MAX];
	int notice_blocks_line[ESC_PROC_NOTIFY_MAX], notice_stage_line[ESC_PROC_NOTIFY_MAX];
	char bad_section[64];
	int section_line; /* the line of the latest [section] header */
	int highest_stage;
} parse_ctx;

static void problem(parse_ctx *c, int line, bool warning, const char *where, const char *fmt,
                    ...) __attribute__((format(printf, 5, 6)));
static void problem(parse_ctx *c, int line, bool warning, const char *where, const char *fmt, ...)
{
	esc_proc_problems *pr = c->pr;
	if (warning)
		pr->warnings++;
	else
		pr->errors++;
	if (pr->count >= ESC_PROC_PROBLEMS_MAX) {
		pr->truncated = true;
		return;
	}
	esc_proc_problem *it = &pr->items[pr->count++];
	it->line = line;
	it->warning = warning;
	snprintf(it->where, sizeof it->where, "%s", where);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(it->message, sizeof it->message, fmt, ap);
	va_end(ap);
}

/* One line at a time, so that the handler knows its line.  A line libinih
 * would misread is an error of its own and reaches it blank: one longer than
 * its buffer (it would split it in two), an indented one (it would take it as
 * the previous value continued) and one that is neither a [section], a
 * KEY = VALUE nor a comment (so that every such line is reported, not only
 * the first). */
static char *reader(char *str, int num, void *stream)
{
	parse_ctx *c = stream;
	if (c->cur >= c->end || num < 2)
		return NULL;
	const char *nl = memchr(c->cur, '\n', (size_t)(c->end - c->cur));
	size_t len = nl ? (size_t)(nl - c->cur) + 1 : (size_t)(c->end - c->cur);
	const char *s = c->cur, *e = c->cur + len;
	c->cur += len;
	c->line++;
	if (c->line == 1 && len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
		s += 3; /* a byte-order mark */
	const char *t = s;
	while (t < e && (*t == ' ' || *t == '\t' || *t == '\r' || *t == '\n'))
		t++;
	const char *why = NULL;
	if (len > (size_t)num - 1)
		why = "longer than the longest line a procedure file may have";
	else if (memchr(s, '\0', (size_t)(e - s)))
		why = "a NUL byte: the file is not text";
	else if (t == e || *t == ';' || *t == '#')
		why = NULL; /* blank or a comment */
	else if (t != s)
		why = "indented: start every line at the left margin (a value cannot go on to a "
		      "second line)";
	else if (*t == '[' ? !memchr(t, ']', (size_t)(e - t))
	                   : !memchr(t, '=', (size_t)(e - t)) && !memchr(t, ':', (size_t)(e - t)))
		why = "not a [section], a KEY = VALUE line or a comment (; or #)";
	if (!why && t < e && *t == '[')
		c->section_line = c->line;
	if (why) {
		problem(c, c->line, false, "line", "%s", why);
		memcpy(str, "\n", 2);
	} else {
		memcpy(str, s, (size_t)(e - s));
		str[e - s] = '\0';
	}
	return str;
}

static int key_index(const char *const *keys, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(keys[i], name) == 0)
			return (int)i;
	return -1;
}

/* What a timescale or a role may be, for the problems that name them. */
#define TIMESCALE_WORDS "\"%s\": N working days, N calendar days or N hours (N from 1 to 999)"
#define ROLE_WORDS "\"%s\": frontline, named or designated"

static bool parse_int(const char *v, int lo, int hi, int *out)
{
	char *end;
	if (!isdigit((unsigned char)v[0]))
		return false;
	long n = strtol(v, &end, 10);
	if (*end || n < lo || n > hi)
		return false;
	*out = (int)n;
	return true;
}

static bool parse_yes_no(const char *v, bool *out)
{
	if (strcasecmp(v, "yes") == 0)
		return *out = true, true;
	if (strcasecmp(v, "no") == 0)
		return *out = false, true;
	return false;
}

static bool parse_role(const char *v, esc_role *out)
{
	*out = esc_role_parse(v);
	return *out != ESC_ROLE_NONE;
}

/* "5 working days", "1 working day", "14 calendar days", "24 hours". */
static bool parse_timescale(const char *v, esc_timescale *out)
{
	char unit[40];
	int n, used = 0;
	if (sscanf(v, "%d %39[a-z ]%n", &n, unit, &used) != 2 || v[used] || n < 1 || n > 999)
		return false;
	static const struct {
		const char *words;
		esc_time_unit unit;
	} units[] = {
	    {"working days", ESC_UNIT_WORKING_DAYS},   {"working day", ESC_UNIT_WORKING_DAYS},
	    {"calendar days", ESC_UNIT_CALENDAR_DAYS}, {"calendar day", ESC_UNIT_CALENDAR_DAYS},
	    {"hours", ESC_UNIT_HOURS},                 {"hour", ESC_UNIT_HOURS},
	};
	for (size_t i = 0; i < COUNT(units); i++)
		if (strcmp(unit, units[i].words) == 0) {
			out->n = n;
			out->unit = units[i].unit;
			return true;
		}
	return false;
}

void proc_timescale_format(esc_timescale t, char *out, size_t outsz)
{
	static const char *const words[][2] = {
	    {"working day", "working days"}, {"calendar day", "calendar days"}, {"hour", "hours"}};
	snprintf(out, outsz, "%d %s", t.n, words[t.unit][t.n != 1]);
}

/* A shared check's message, without the field it starts with (the problem
 * names the field already). */
static void problem_from(parse_ctx *c, const char *where, const esc_error *e)
{
	const char *m = e->message;
	size_t n = strlen(where);
	if (strncmp(m, where, n) == 0 && m[n] == ':')
		m += n + 1 + (m[n + 1] == ' ');
	problem(c, c->line, false, where, "%s", m);
}

static bool copy_text(parse_ctx *c, const char *where, const char *v, char *out, size_t outsz)
{
	esc_error e;
	if (esc_check_text(where, v, outsz - 1, true, false, &e) != ESC_OK) {
		problem_from(c, where, &e);
		return false;
	}
	snprintf(out, outsz, "%s", v);
	return true;
}

static bool machine_name(const char *v, size_t max)
{
	size_t n = strlen(v);
	if (n == 0 || n > max || v[0] == '-')
		return false;
	for (size_t i = 0; i < n; i++)
		if (!(islower((unsigned char)v[i]) || isdigit((unsigned char)v[i]) || v[i] == '-'))
			return false;
	return true;
}

static void split_las(parse_ctx *c, const char *where, const char *v)
{
	esc_procedure *p = c->p;
	for (const char *s = v; *s;) {
		size_t len = strcspn(s, ";");
		const char *a = s, *b = s + len;
		while (a < b && isspace((unsigned char)*a))
			a++;
		while (b > a && isspace((unsigned char)b[-1]))
			b--;
		if (b == a)
			problem(c, c->line, false, where, "an empty name in the list (names are separated "
			                                  "by ';')");
		else if (p->la_count >= ESC_PROC_LA_MAX)
			problem(c, c->line, false, where, "more than %d local authorities", ESC_PROC_LA_MAX);
		else if ((size_t)(b - a) >= sizeof p->las[0])
			problem(c, c->line, false, where, "a name longer than %zu bytes",
			        sizeof p->las[0] - 1);
		else {
			char name[sizeof p->las[0]];
			snprintf(name, sizeof name, "%.*s", (int)(b - a), a);
			esc_error e;
			if (esc_check_text(where, name, sizeof name - 1, true, false, &e) != ESC_OK)
				problem_from(c, where, &e);
			else
				snprintf(p->las[p->la_count++], sizeof p->las[0], "%s", name);
		}
		s += len + (s[len] == ';');
		if (s[-1] == ';' && !*s)
			problem(c, c->line, false, where, "the list ends with ';'");
	}
}

static void procedure_key(parse_ctx *c, int k, const char *where, const char *v)
{
	esc_procedure *p = c->p;
	esc_error e;
	switch (k) {
	case 0:
		if (!parse_int(v, 1, 1000, &p->format) || p->format != ESC_PROC_FORMAT)
			problem(c, c->line, false, where, "\"%s\": this escalate reads format %d", v,
			        ESC_PROC_FORMAT);
		break;
	case 1:
		if (!machine_name(v, ESC_PROC_NAME_MAX))
			problem(c, c->line, false, where,
			        "\"%s\": a name has 1 to %d lower-case letters, digits and '-' (such as "
			        "west-yorkshire)",
			        v, ESC_PROC_NAME_MAX);
		else
			snprintf(p->name, sizeof p->name, "%s", v);
		break;
	case 2: copy_text(c, where, v, p->title, sizeof p->title); break;
	case 3:
		if (!parse_int(v, 1, 9999, &p->version))
			problem(c, c->line, false, where, "\"%s\": a version is a whole number from 1", v);
		break;
	case 4: {
		int y, m, d, used = 0;
		if (strlen(v) != 10 || sscanf(v, "%4d-%2d-%2d%n", &y, &m, &d, &used) != 3 ||
		    used != 10 || !esc_date_valid(y, m, d))
			problem(c, c->line, false, where, "\"%s\": a date as YYYY-MM-DD", v);
		else
			snprintf(p->effective, sizeof p->effective, "%s", v);
		break;
	}
	case 5: split_las(c, where, v); break;
	case 6:
		if (esc_zone_check(v, where, &e) != ESC_OK)
			problem_from(c, where, &e);
		else
			snprintf(p->time_zone, sizeof p->time_zone, "%s", v);
		break;
	case 7:
		if (strcmp(v, "england-and-wales") && strcmp(v, "none"))
			problem(c, c->line, false, where,
			        "\"%s\": the working-day calendars escalate has are england-and-wales "
			        "(gov.uk bank holidays) and none",
			        v);
		else
			snprintf(p->holidays, sizeof p->holidays, "%s", v);
		break;
	case 8: copy_text(c, where, v, p->source, sizeof p->source); break;
	}
}

static void stage_key(parse_ctx *c, int n, int k, const char *where, const char *v)
{
	esc_level_info *s = &c->p->stages[n - 1];
	switch (k) {
	case 0: copy_text(c, where, v, s->label, sizeof s->label); break;
	case 1: copy_text(c, where, v, s->raised_by, sizeof s->raised_by); break;
	case 2: copy_text(c, where, v, s->raised_with, sizeof s->raised_with); break;
	case 3:
		if (!parse_role(v, &s->min_role))
			problem(c, c->line, false, where, ROLE_WORDS, v);
		break;
	case 4:
		if (!parse_yes_no(v, &s->owner_may_act))
			problem(c, c->line, false, where, "\"%s\": yes or no", v);
		break;
	case 5:
		if (!parse_timescale(v, &s->timescale))
			problem(c, c->line, false, where,
			        TIMESCALE_WORDS, v);
		break;
	case 6:
		if (strcmp(v, "reached") == 0)
			s->clock = ESC_CLOCK_FROM_REACHED;
		else if (strcmp(v, "opened") == 0)
			s->clock = ESC_CLOCK_FROM_OPENED;
		else
			problem(c, c->line, false, where,
			        "\"%s\": reached (from when the case reaches the stage) or opened (from "
			        "when the escalation was opened)",
			        v);
		break;
	case 7: copy_text(c, where, v, s->also, sizeof s->also); break;
	}
}

static void notice_key(parse_ctx *c, size_t i, int k, const char *where, const char *v)
{
	esc_proc_notice *n = &c->p->notices[i];
	switch (k) {
	case 0: copy_text(c, where, v, n->whom, sizeof n->whom); break;
	case 1:
		if (!parse_int(v, 1, ESC_STAGES_MAX, &n->stage))
			problem(c, c->line, false, where, "\"%s\": a stage number", v);
		c->notice_stage_line[i] = c->line;
		break;
	case 2:
		if (strcasecmp(v, "if-necessary") == 0)
			n->required = false;
		else if (strcasecmp(v, "yes") == 0)
			n->required = true;
		else
			problem(c, c->line, false, where, "\"%s\": yes or if-necessary", v);
		break;
	case 3:
		if (!parse_int(v, 1, ESC_STAGES_MAX, &n->blocks))
			problem(c, c->line, false, where, "\"%s\": a stage number", v);
		c->notice_blocks_line[i] = c->line;
		break;
	}
}

static void urgent_key(parse_ctx *c, int k, const char *where, const char *v)
{
	esc_procedure *p = c->p;
	switch (k) {
	case 0:
		if (!parse_role(v, &p->urgent_acts))
			problem(c, c->line, false, where, ROLE_WORDS, v);
		break;
	case 1:
		if (!parse_int(v, 1, ESC_STAGES_MAX, &p->urgent_stage))
			problem(c, c->line, false, where, "\"%s\": a stage number", v);
		break;
	case 2:
		if (!parse_timescale(v, &p->urgent_timescale))
			problem(c, c->line, false, where,
			        TIMESCALE_WORDS, v);
		break;
	case 3: copy_text(c, where, v, p->urgent_when, sizeof p->urgent_when); break;
	}
}

/* Marks key k of a section seen; false (and an error) when given twice. */
static bool first_time(parse_ctx *c, section_seen *seen, int k, const char *where)
{
	if (!seen->line)
		seen->line = c->section_line;
	if (seen->keys & (1u << k)) {
		problem(c, c->line, false, where, "given twice");
		return false;
	}
	seen->keys |= 1u << k;
	return true;
}

static int handler(void *user, const char *section, const char *name, const char *value)
{
	parse_ctx *c = user;
	char where[64];
	int k, n = 0;
	snprintf(where, sizeof where, "[%.24s] %.30s", section, name);
	if (strcmp(section, "procedure") == 0) {
		if ((k = key_index(proc_keys, COUNT(proc_keys), name)) < 0)
			goto unknown;
		if (first_time(c, &c->proc, k, where))
			procedure_key(c, k, where, value);
	} else if (sscanf(section, "stage %d", &n) == 1) {
		char canon[24];
		snprintf(canon, sizeof canon, "stage %d", n);
		if (n < 1 || n > ESC_STAGES_MAX || strcmp(canon, section) != 0) {
			if (strcmp(c->bad_section, section) != 0)
				problem(c, c->section_line, false, where, "stages are [stage 1] to [stage %d]",
				        ESC_STAGES_MAX);
			snprintf(c->bad_section, sizeof c->bad_section, "%s", section);
			return 1;
		}
		if (n > c->highest_stage)
			c->highest_stage = n;
		if (!c->stage[n].line)
			c->stage[n].line = c->section_line;
		if ((k = key_index(stage_keys, COUNT(stage_keys), name)) < 0)
			goto unknown;
		if (first_time(c, &c->stage[n], k, where))
			stage_key(c, n, k, where, value);
	} else if (strncmp(section, "notify ", 7) == 0) {
		const char *nm = section + 7;
		size_t i;
		esc_procedure *p = c->p;
		if (!machine_name(nm, 20) || strcmp(nm, "pattern") == 0 || strcmp(nm, "none") == 0) {
			if (strcmp(c->bad_section, section) != 0)
				problem(c, c->section_line, false, where,
				        "a notification is [notify NAME], NAME lower-case letters, digits and "
				        "'-' (\"pattern\" is built in)");
			snprintf(c->bad_section, sizeof c->bad_section, "%s", section);
			return 1;
		}
		for (i = 0; i < p->notice_count && strcmp(p->notices[i].name, nm) != 0; i++)
			;
		if (i == p->notice_count) {
			if (p->notice_count >= ESC_PROC_NOTIFY_MAX) {
				if (strcmp(c->bad_section, section) != 0)
					problem(c, c->section_line, false, where,
					        "at most %d notifications in a procedure (besides the built-in "
					        "pattern notice)",
					        ESC_PROC_NOTIFY_MAX);
				snprintf(c->bad_section, sizeof c->bad_section, "%s", section);
				return 1;
			}
			snprintf(p->notices[p->notice_count++].name, sizeof p->notices[0].name, "%s", nm);
		}
		if ((k = key_index(notice_keys, COUNT(notice_keys), name)) < 0)
			goto unknown;
		if (first_time(c, &c->notice[i], k, where))
			notice_key(c, i, k, where, value);
	} else if (strcmp(section, "urgent") == 0) {
		if ((k = key_index(urgent_keys, COUNT(urgent_keys), name)) < 0)
			goto unknown;
		c->p->has_urgent = true;
		if (first_time(c, &c->urgent, k, where))
			urgent_key(c, k, where, value);
	} else {
		if (strcmp(c->bad_section, section) != 0)
			problem(c, c->section_line, false, where,
			        section[0] ? "unknown section [%s]: procedure, stage N, notify NAME or "
			                     "urgent"
			                   : "%sa key before any [section]",
			        section);
		snprintf(c->bad_section, sizeof c->bad_section, "%s", section);
	}
	return 1;
unknown:
	problem(c, c->line, false, where, "unknown key \"%s\"", name);
	return 1;
}

/* Keys a section lacks, each an error at the section's first line. */
static void missing(parse_ctx *c, const section_seen *seen, const char *const *keys, size_t n,
                    unsigned optional, const char *section)
{
	for (size_t k = 0; k < n; k++) {
		if (seen->keys & (1u << k))
			continue;
		char where[64];
		snprintf(where, sizeof where, "[%.24s] %s", section, keys[k]);
		if (!(optional & (1u << k)))
			problem(c, seen->line, false, where, "missing");
		else if (keys == proc_keys)
			problem(c, seen->line, true, where, "missing: cite the published procedure");
	}
}

static void check_whole(parse_ctx *c)
{
	esc_procedure *p = c->p;
	if (!c->proc.line)
		problem(c, 0, false, "[procedure]", "missing: the file has no [procedure] section");
	else
		missing(c, &c->proc, proc_keys, COUNT(proc_keys), PROC_OPTIONAL, "procedure");
	p->stage_count = c->highest_stage;
	if (p->stage_count < ESC_STAGES_MIN)
		problem(c, 0, false, "[stage N]", "a procedure has %d to %d stages; this file has %d",
		        ESC_STAGES_MIN, ESC_STAGES_MAX, p->stage_count);
	for (int n = 1; n <= p->stage_count; n++) {
		char section[24];
		snprintf(section, sizeof section, "stage %d", n);
		if (!c->stage[n].line)
			problem(c, 0, false, section, "missing: stages are numbered 1 to %d with no gap",
			        p->stage_count);
		else
			missing(c, &c->stage[n], stage_keys, COUNT(stage_keys), STAGE_OPTIONAL, section);
	}
	for (int l = 1; l <= p->stage_count; l++)
		p->stages[l - 1].level = l;
	for (size_t i = 0; i < p->notice_count; i++) {
		esc_proc_notice *n = &p->notices[i];
		char section[32];
		/* ids 1 and 2 in file order (esc_notify); pattern is 3 */
		if (n->stage >= 1 && n->stage <= p->stage_count) {
			p->stages[n->stage - 1].owed = i == 0 ? ESC_NOTIFY_DESIGNATED : ESC_NOTIFY_CHAIR;
			p->stages[n->stage - 1].owed_blocks_next = n->blocks != 0;
		}
		snprintf(section, sizeof section, "notify %s", n->name);
		missing(c, &c->notice[i], notice_keys, COUNT(notice_keys), NOTICE_OPTIONAL, section);
		char where[48];
		snprintf(where, sizeof where, "[%s] stage", section);
		if (n->stage > p->stage_count)
			problem(c, c->notice_stage_line[i], false, where, "there is no stage %d", n->stage);
		snprintf(where, sizeof where, "[%s] blocks", section);
		if (n->blocks && n->blocks != n->stage + 1)
			problem(c, c->notice_blocks_line[i], false, where,
			        "a notification owed at stage %d can only hold back stage %d", n->stage,
			        n->stage + 1);
		else if (n->blocks && n->blocks > p->stage_count)
			problem(c, c->notice_blocks_line[i], false, where, "there is no stage %d",
			        n->blocks);
		for (size_t j = 0; j < i; j++)
			if (p->notices[j].stage == n->stage && n->stage)
				problem(c, c->notice[i].line, false, section,
				        "stage %d already owes [notify %s]: one notification per stage",
				        n->stage, p->notices[j].name);
	}
	if (p->has_urgent) {
		missing(c, &c->urgent, urgent_keys, COUNT(urgent_keys), URGENT_OPTIONAL, "urgent");
		if (p->urgent_stage && (p->urgent_stage < 2 || p->urgent_stage > p->stage_count))
			problem(c, c->urgent.line, false, "[urgent] to_stage",
			        "an urgent route goes to one of stages 2 to %d", p->stage_count);
	}
}

esc_status proc_file_parse(const char *text, size_t len, esc_procedure *out,
                           esc_proc_problems *problems, esc_error *err)
{
	esc_proc_problems local;
	parse_ctx c = {.p = out, .pr = problems ? problems : &local, .cur = text,
	               .end = text + len};
	memset(out, 0, sizeof *out);
	memset(c.pr, 0, sizeof *c.pr);
	if (!esc_utf8_valid(text, len)) {
		problem(&c, 0, false, "file", "not valid UTF-8 text");
	} else {
		int bad = ini_parse_stream(reader, &c, handler, &c);
		if (bad > 0)
			problem(&c, bad, false, "line",
			        "not a [section], a KEY = VALUE line or a comment (; or #)");
		check_whole(&c);
	}
	if (c.pr->errors == 0)
		return ESC_OK;
	const esc_proc_problem *first = &c.pr->items[0];
	for (size_t i = 0; i < c.pr->count; i++)
		if (!c.pr->items[i].warning) {
			first = &c.pr->items[i];
			break;
		}
	memset(out, 0, sizeof *out);
	return esc_fail(err, ESC_EINVALID, "procedure", "line %d: %s: %s (%zu problem%s)",
	                first->line, first->where, first->message, c.pr->errors,
	                c.pr->errors == 1 ? "" : "s");
}
