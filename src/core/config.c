/* Configurable lists and numbers.  The defaults are the files in data/,
 * compiled in; init copies them into the database, where admins change them. */
#include "escalate/config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data_files.h"
#include "escalate/retention.h"
#include "escalate/config_history.h"
#include "escalate/session.h"
#include "escalate/store.h"
#include "escalate/validate.h"

#define DEFAULT_LEVEL_DAYS 5
#define DEFAULT_URGENT_DAYS 1
#define DEFAULT_PATTERN_THRESHOLD 3
#define DEFAULT_PATTERN_WINDOW 90

const char *config_list_name(esc_list_kind k)
{
	return k == ESC_LIST_THEME ? "theme" : "local authority";
}

static const char *list_field(esc_list_kind k)
{
	return k == ESC_LIST_THEME ? "theme" : "local-authority";
}

/* One SQL text per list: table names cannot be bound as parameters. */
static const char *list_sql(esc_list_kind k, int which)
{
	static const char *const themes[] = {
	    "SELECT id, name FROM themes WHERE name = :name AND active = 1",
	    "INSERT INTO themes(name) VALUES (:name) "
	    "ON CONFLICT(name) DO UPDATE SET active = 1",
	    "UPDATE themes SET active = 0 WHERE name = :name AND active = 1",
	    "SELECT name, active FROM themes WHERE active = 1 OR :all ORDER BY name",
	    "SELECT name, active FROM themes WHERE name = :name",
	};
	static const char *const las[] = {
	    "SELECT id, name FROM local_authorities WHERE name = :name AND active = 1",
	    "INSERT INTO local_authorities(name) VALUES (:name) "
	    "ON CONFLICT(name) DO UPDATE SET active = 1",
	    "UPDATE local_authorities SET active = 0 WHERE name = :name AND active = 1",
	    "SELECT name, active FROM local_authorities WHERE active = 1 OR :all ORDER BY name",
	    "SELECT name, active FROM local_authorities WHERE name = :name",
	};
	return k == ESC_LIST_THEME ? themes[which] : las[which];
}

enum { SQL_LOOKUP, SQL_ADD, SQL_REMOVE, SQL_EACH, SQL_STATE };

static esc_status require_admin(esc_session *s, esc_error *err)
{
	if (!s->me.id || !s->me.active || !s->me.admin)
		return esc_fail(err, ESC_EDENIED, "role",
		                "only an escalate admin can change the configuration; you are not an admin");
	return ESC_OK;
}

/* A change of configuration: an admin's, one transaction with its
 * configuration history row (config_history.h). */
static esc_status begin_change(esc_session *s, esc_error *err)
{
	if (require_admin(s, err) != ESC_OK)
		return err->status;
	session_bind_store(s);
	return store_begin(s->db, err);
}

static esc_status end_change(esc_session *s, esc_status st, esc_error *err)
{
	if (st != ESC_OK) {
		store_rollback(s->db);
		return st;
	}
	return store_commit(s->db, err);
}

static const char *list_item(esc_list_kind k)
{
	return k == ESC_LIST_THEME ? ESC_CONFIG_THEME : ESC_CONFIG_LA;
}

/* An entry's stored spelling and state ("active", "removed"); state ""
 * when there is no such entry. */
static esc_status list_state(esc_db *db, esc_list_kind k, const char *name, char *canonical,
                             size_t canonsz, const char **state, esc_error *err)
{
	*state = "";
	snprintf(canonical, canonsz, "%s", name);
	sqlite3_stmt *st = store_prepare(db, list_sql(k, SQL_STATE), err);
	if (!st || store_bind_text(st, ":name", name, err))
		return err->status;
	int rc = store_step(db, st, err);
	if (rc == SQLITE_ROW) {
		snprintf(canonical, canonsz, "%s", store_col_text(st, 0));
		*state = sqlite3_column_int(st, 1) ? "active" : "removed";
	}
	sqlite3_reset(st);
	return rc < 0 ? err->status : ESC_OK;
}

static esc_status list_insert(esc_db *db, esc_list_kind k, const char *name, esc_error *err)
{
	if (esc_check_text(list_field(k), name, ESC_SHORT_MAX, true, false, err) != ESC_OK)
		return err->status;
	sqlite3_stmt *st = store_prepare(db, list_sql(k, SQL_ADD), err);
	if (!st || store_bind_text(st, ":name", name, err))
		return err->status;
	return store_exec_stmt(db, st, err);
}

/* Calls add(line) for each non-blank, non-comment line of a data file. */
static esc_status each_line(const char *file, esc_status (*add)(esc_db *, const char *, void *,
                                                                esc_error *),
                            esc_db *db, void *ctx, esc_error *err)
{
	const char *text = esc_data_file(file);
	if (!text)
		return esc_fail(err, ESC_EINTERNAL, "", "data file %s missing", file);
	for (int lineno = 1; *text; lineno++) {
		const char *end = strchr(text, '\n');
		size_t n = end ? (size_t)(end - text) : strlen(text);
		char line[512];
		while (n && (text[n - 1] == ' ' || text[n - 1] == '\r'))
			n--;
		if (n >= sizeof line)
			return esc_fail(err, ESC_EINTERNAL, "", "%s: line too long", file);
		memcpy(line, text, n);
		line[n] = '\0';
		if (n && line[0] != '#' && add(db, line, ctx, err) != ESC_OK) {
			char why[sizeof err->message], field[sizeof err->field];
			snprintf(why, sizeof why, "%s", err->message);
			snprintf(field, sizeof field, "%s", err->field);
			/* Line parsers name the file too; say it once. */
			size_t fl = strlen(file);
			const char *w = strncmp(why, file, fl) == 0 && why[fl] == ':' ? why + fl + 1 : why;
			w += strspn(w, " ");
			return esc_fail(err, err->status, field, "%s line %d: %.400s", file, lineno, w);
		}
		text = end ? end + 1 : text + strlen(text);
	}
	return ESC_OK;
}

static esc_status add_list_line(esc_db *db, const char *line, void *ctx, esc_error *err)
{
	return list_insert(db, *(esc_list_kind *)ctx, line, err);
}

static esc_status add_holiday_line(esc_db *db, const char *line, void *ctx, esc_error *err)
{
	(void)ctx;
	esc_day d;
	int minute;
	char day[ESC_DATE_LEN + 1];
	if (esc_date_parse(line, "bank_holidays.txt", &d, &minute, err) != ESC_OK)
		return err->status;
	esc_day_format(d, day);
	sqlite3_stmt *st =
	    store_prepare(db, "INSERT OR IGNORE INTO bank_holidays(day) VALUES (:day)", err);
	if (!st || store_bind_text(st, ":day", day, err))
		return err->status;
	return store_exec_stmt(db, st, err);
}

static esc_status set_timescale_row(esc_db *db, int level, int days, esc_error *err)
{
	sqlite3_stmt *st = store_prepare(
	    db, "INSERT INTO timescales(level, working_days) VALUES (:level, :days) "
	        "ON CONFLICT(level) DO UPDATE SET working_days = excluded.working_days",
	    err);
	if (!st || store_bind_int(st, ":level", level, err) || store_bind_int(st, ":days", days, err))
		return err->status;
	return store_exec_stmt(db, st, err);
}

esc_status config_parse_number_line(const char *file, const char *line, char *key,
                                    size_t keysz, int *value, esc_error *err)
{
	const char *p = line;
	size_t n = 0;
	while (*p == ' ' || *p == '\t')
		p++;
	while ((p[n] >= 'a' && p[n] <= 'z') || (p[n] >= '0' && p[n] <= '9') || p[n] == '_')
		n++;
	if (n == 0 || n >= keysz)
		return esc_fail(err, ESC_EINVALID, file, "%s: '%.60s': expected \"name = number\"",
		                file, line);
	memcpy(key, p, n);
	key[n] = '\0';
	p += n;
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p++ != '=')
		return esc_fail(err, ESC_EINVALID, file, "%s: %s: expected '=' after the name", file,
		                key);
	while (*p == ' ' || *p == '\t')
		p++;
	/* strtol, not sscanf %d: overflow is undefined for %d, and trailing text
	 * must be refused rather than ignored. */
	char *end = NULL;
	errno = 0;
	long v = strtol(p, &end, 10);
	if (end == p || (*p != '-' && *p != '+' && (*p < '0' || *p > '9')))
		return esc_fail(err, ESC_EINVALID, file, "%s: %s: expected a whole number, not '%.40s'",
		                file, key, p);
	while (*end == ' ' || *end == '\t' || *end == '\r')
		end++;
	if (*end)
		return esc_fail(err, ESC_EINVALID, file, "%s: %s: unexpected text after the number: '%.40s'",
		                file, key, end);
	if (errno == ERANGE || v < 0 || v > 365)
		return esc_fail(err, ESC_EINVALID, file, "%s: %s: %.40s is out of range (0 to 365)",
		                file, key, p);
	*value = (int)v;
	return ESC_OK;
}

/* timescales.conf: "key = number" lines. */
static esc_status add_timescale_line(esc_db *db, const char *line, void *ctx, esc_error *err)
{
	(void)ctx;
	char key[64];
	int value;
	if (config_parse_number_line("timescales.conf", line, key, sizeof key, &value, err))
		return err->status;
	if (strncmp(key, "level", 5) == 0 && key[5] >= '1' && key[5] <= '5' && !key[6])
		return set_timescale_row(db, key[5] - '0', value, err);
	if (strcmp(key, "urgent") == 0)
		return set_timescale_row(db, 0, value, err);
	if (strcmp(key, "pattern_threshold") == 0 || strcmp(key, "pattern_window_days") == 0) {
		char v[16];
		snprintf(v, sizeof v, "%d", value);
		return store_setting_set(db, key, v, err);
	}
	return esc_fail(err, ESC_EINVALID, "timescales.conf", "timescales.conf: unknown setting '%s'",
	                key);
}

esc_status config_seed_defaults(esc_db *db, esc_error *err)
{
	esc_list_kind theme = ESC_LIST_THEME, la = ESC_LIST_LA;
	if (each_line("themes.txt", add_list_line, db, &theme, err) ||
	    each_line("local_authorities.txt", add_list_line, db, &la, err) ||
	    each_line("timescales.conf", add_timescale_line, db, NULL, err) ||
	    each_line("bank_holidays.txt", add_holiday_line, db, NULL, err))
		return err->status;
	return ESC_OK;
}

esc_status config_list_lookup(esc_db *db, esc_list_kind k, const char *field, const char *name,
                              long long *id, char *canonical, size_t canonsz, esc_error *err)
{
	if (esc_check_text(field, name, ESC_SHORT_MAX, true, false, err) != ESC_OK)
		return err->status;
	sqlite3_stmt *st = store_prepare(db, list_sql(k, SQL_LOOKUP), err);
	if (!st || store_bind_text(st, ":name", name, err))
		return err->status;
	int rc = store_step(db, st, err);
	if (rc < 0)
		return err->status;
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return esc_fail(err, ESC_EINVALID, field,
		                "%s: '%s' is not in the configured list; see: escalate config %s list",
		                field, name, k == ESC_LIST_THEME ? "theme" : "la");
	}
	if (id)
		*id = sqlite3_column_int64(st, 0);
	if (canonical)
		snprintf(canonical, canonsz, "%s", store_col_text(st, 1));
	sqlite3_reset(st);
	return ESC_OK;
}

esc_status config_list_add(esc_session *s, esc_list_kind k, const char *name, esc_error *err)
{
	char canonical[ESC_SHORT_MAX * 4 + 1];
	const char *was;
	if (esc_check_text(list_field(k), name, ESC_SHORT_MAX, true, false, err) != ESC_OK ||
	    begin_change(s, err) != ESC_OK)
		return err->status;
	esc_status st = list_state(s->db, k, name, canonical, sizeof canonical, &was, err);
	if (st == ESC_OK)
		st = list_insert(s->db, k, name, err);
	if (st == ESC_OK)
		st = config_history_record(s->db, list_item(k), canonical, *was ? was : NULL, "active",
		                           err);
	return end_change(s, st, err);
}

esc_status config_list_remove(esc_session *s, esc_list_kind k, const char *name, esc_error *err)
{
	char canonical[ESC_SHORT_MAX * 4 + 1];
	const char *was;
	if (begin_change(s, err) != ESC_OK)
		return err->status;
	esc_status st = list_state(s->db, k, name, canonical, sizeof canonical, &was, err);
	sqlite3_stmt *q = st == ESC_OK ? store_prepare(s->db, list_sql(k, SQL_REMOVE), err) : NULL;
	if (st == ESC_OK && (!q || store_bind_text(q, ":name", name, err) ||
	                     store_exec_stmt(s->db, q, err)))
		st = err->status;
	if (st == ESC_OK && sqlite3_changes(store_handle(s->db)) == 0)
		st = esc_fail(err, ESC_ENOTFOUND, list_field(k), "%s: '%s' is not in the list",
		              list_field(k), name);
	if (st == ESC_OK)
		st = config_history_record(s->db, list_item(k), canonical, was, "removed", err);
	return end_change(s, st, err);
}

esc_status config_list_each(esc_db *db, esc_list_kind k, bool include_inactive, esc_name_cb cb,
                            void *ctx, esc_error *err)
{
	sqlite3_stmt *st = store_prepare(db, list_sql(k, SQL_EACH), err);
	if (!st || store_bind_int(st, ":all", include_inactive, err))
		return err->status;
	int rc;
	while ((rc = store_step(db, st, err)) == SQLITE_ROW)
		if (!cb(store_col_text(st, 0), sqlite3_column_int(st, 1) != 0, ctx))
			break;
	sqlite3_reset(st);
	return rc < 0 ? err->status : ESC_OK;
}

int config_timescale(esc_db *db, int level, bool urgent)
{
	esc_error err = {0};
	sqlite3_stmt *st =
	    store_prepare(db, "SELECT working_days FROM timescales WHERE level = :level", &err);
	if (!st || store_bind_int(st, ":level", urgent ? 0 : level, &err))
		return urgent ? DEFAULT_URGENT_DAYS : DEFAULT_LEVEL_DAYS;
	int days = urgent ? DEFAULT_URGENT_DAYS : DEFAULT_LEVEL_DAYS;
	if (store_step(db, st, &err) == SQLITE_ROW)
		days = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return days;
}

esc_status config_set_timescale(esc_session *s, int level, bool urgent, int days, esc_error *err)
{
	if (require_admin(s, err) != ESC_OK)
		return err->status;
	if (!urgent && (level < ESC_LEVEL_MIN || level > ESC_LEVEL_MAX))
		return esc_fail(err, ESC_EINVALID, "level", "level: must be %d to %d", ESC_LEVEL_MIN,
		                ESC_LEVEL_MAX);
	if (days < 0 || days > 365)
		return esc_fail(err, ESC_EINVALID, "days", "days: must be 0 to 365 working days");
	int row = urgent ? 0 : level;
	char key[16], was[16], now[16];
	snprintf(key, sizeof key, "%d", row);
	snprintf(was, sizeof was, "%d", config_timescale(s->db, level, urgent));
	snprintf(now, sizeof now, "%d", days);
	if (begin_change(s, err) != ESC_OK)
		return err->status;
	/* A level without a row runs on the default: that is its value before. */
	esc_status st = set_timescale_row(s->db, row, days, err);
	if (st == ESC_OK)
		st = config_history_record(s->db, ESC_CONFIG_TIMESCALE, key, was, now, err);
	return end_change(s, st, err);
}

esc_status config_load_holidays(esc_db *db, esc_holidays *out, esc_error *err)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st = store_prepare(db, "SELECT day FROM bank_holidays ORDER BY day", err);
	if (!st)
		return err->status;
	size_t cap = 0;
	int rc;
	while ((rc = store_step(db, st, err)) == SQLITE_ROW) {
		esc_day d = esc_timestamp_day(store_col_text(st, 0));
		if (d < 0)
			continue;
		if (out->count == cap) {
			cap = cap ? cap * 2 : 64;
			esc_day *grown = realloc(out->days, cap * sizeof *grown);
			if (!grown) {
				sqlite3_reset(st);
				config_free_holidays(out);
				return esc_fail(err, ESC_EINTERNAL, "", "out of memory");
			}
			out->days = grown;
		}
		out->days[out->count++] = d;
	}
	sqlite3_reset(st);
	if (rc < 0) {
		config_free_holidays(out);
		return err->status;
	}
	return ESC_OK;
}

void config_free_holidays(esc_holidays *h)
{
	free(h->days);
	h->days = NULL;
	h->count = 0;
}

static esc_status holiday_change(esc_session *s, const char *date, bool add, esc_error *err)
{
	esc_day d;
	int minute;
	char day[ESC_DATE_LEN + 1];
	if (require_admin(s, err) || esc_date_parse(date, "date", &d, &minute, err))
		return err->status;
	esc_day_format(d, day);
	if (begin_change(s, err) != ESC_OK)
		return err->status;
	sqlite3_stmt *st = store_prepare(s->db,
	                                 add ? "INSERT OR IGNORE INTO bank_holidays(day) VALUES (:day)"
	                                     : "DELETE FROM bank_holidays WHERE day = :day",
	                                 err);
	esc_status rc = ESC_OK;
	if (!st || store_bind_text(st, ":day", day, err) || store_exec_stmt(s->db, st, err))
		rc = err->status;
	bool changed = rc == ESC_OK && sqlite3_changes(store_handle(s->db)) > 0;
	if (rc == ESC_OK && !add && !changed)
		rc = esc_fail(err, ESC_ENOTFOUND, "date", "date: %s is not a listed bank holiday", day);
	if (rc == ESC_OK && changed)
		rc = config_history_record(s->db, ESC_CONFIG_HOLIDAY, day, add ? NULL : "holiday",
		                           add ? "holiday" : NULL, err);
	if (end_change(s, rc, err) != ESC_OK)
		return err->status;
	return session_reload_holidays(s, err);
}

esc_status config_holiday_add(esc_session *s, const char *date, esc_error *err)
{
	return holiday_change(s, date, true, err);
}

esc_status config_holiday_remove(esc_session *s, const char *date, esc_error *err)
{
	return holiday_change(s, date, false, err);
}

static int setting_int(esc_db *db, const char *key, int fallback)
{
	char v[32];
	esc_error err = {0};
	if (store_setting_get(db, key, v, sizeof v, &err) != ESC_OK)
		return fallback;
	char *end;
	long n = strtol(v, &end, 10);
	return (*end || n <= 0 || n > 100000) ? fallback : (int)n;
}

void config_pattern_rule(esc_db *db, int *threshold, int *window_days)
{
	*threshold = setting_int(db, "pattern_threshold", DEFAULT_PATTERN_THRESHOLD);
	*window_days = setting_int(db, "pattern_window_days", DEFAULT_PATTERN_WINDOW);
}

esc_status config_set_pattern_rule(esc_session *s, int threshold, int window_days, esc_error *err)
{
	char v[16];
	if (require_admin(s, err) != ESC_OK)
		return err->status;
	if (threshold < 2 || threshold > 1000)
		return esc_fail(err, ESC_EINVALID, "threshold", "threshold: must be 2 to 1000 cases");
	if (window_days < 1 || window_days > 3660)
		return esc_fail(err, ESC_EINVALID, "window", "window: must be 1 to 3660 days");
	/* Both numbers change together or not at all; store_setting_set records
	 * each in the configuration history. */
	if (begin_change(s, err) != ESC_OK)
		return err->status;
	snprintf(v, sizeof v, "%d", threshold);
	if (store_setting_set(s->db, "pattern_threshold", v, err) == ESC_OK) {
		snprintf(v, sizeof v, "%d", window_days);
		if (store_setting_set(s->db, "pattern_window_days", v, err) == ESC_OK)
			return store_commit(s->db, err);
	}
	store_rollback(s->db);
	return err->status;
}

/* Data protection settings: plain setters, one transaction each, so that a
 * history of configuration changes can route them when it lands. */
esc_status config_set_visibility(esc_session *s, esc_visibility rule, esc_error *err)
{
	if (require_admin(s, err) != ESC_OK)
		return err->status;
	if (rule != ESC_VIS_ORGANISATION && rule != ESC_VIS_ALL)
		return esc_fail(err, ESC_EINVALID, "visibility",
		                "visibility: must be organisation or all");
	return store_setting_set(s->db, "visibility", visibility_name(rule), err);
}

esc_status config_set_retention(esc_session *s, int years, esc_error *err)
{
	char v[16];
	if (require_admin(s, err) != ESC_OK)
		return err->status;
	if (years < 0 || years > ESC_RETENTION_MAX_YEARS)
		return esc_fail(err, ESC_EINVALID, "retention",
		                "retention: must be 1 to %d years after closure (0 unsets it)",
		                ESC_RETENTION_MAX_YEARS);
	if (!years) {
		sqlite3_stmt *st =
		    store_prepare(s->db, "DELETE FROM settings WHERE key = 'retention_years'", err);
		return st ? store_exec_stmt(s->db, st, err) : err->status;
	}
	snprintf(v, sizeof v, "%d", years);
	return store_setting_set(s->db, "retention_years", v, err);
}
