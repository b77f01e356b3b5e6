/* Corrections: the `amended` event (amend.h).  Validated as the field it
 * corrects was when first written, checked against the procedure table
 * (proc_check), and written in one transaction: the new value on the cases
 * row (or, for themes, case_themes and the first theme), the history row
 * with the old and the new value, and the case's cached state from
 * proc_apply. */
#include "escalate/amend.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "case_internal.h"
#include "escalate/audit.h"
#include "escalate/config.h"
#include "escalate/procedure.h"
#include "escalate/query.h"
#include "escalate/staff.h"
#include "escalate/store.h"
#include "escalate/validate.h"
#include "escalate/visibility.h"

static const struct {
	const char *name, *words;
	size_t max;
	bool required, multiline;
} fields[] = {
	/* clang-format off */
	[ESC_AMEND_NONE] = {"none", "", 0, false, false},
#define ESC_AMEND_ROW(e, name_, words_, max_, req_, multi_)                                        \
	[e] = {.name = name_, .words = words_, .max = max_, .required = req_, .multiline = multi_},
	ESC_AMEND_FIELD_LIST(ESC_AMEND_ROW)
#undef ESC_AMEND_ROW
	/* clang-format on */
};
#define NFIELDS (sizeof fields / sizeof fields[0])

_Static_assert(ESC_LONG_MAX == 8000 && ESC_SHORT_MAX == 200,
               "ESC_AMEND_FIELD_LIST states the limits of validate.h");

const char *esc_amend_field_name(esc_amend_field f)
{
	return (unsigned)f < NFIELDS ? fields[f].name : "none";
}

const char *esc_amend_field_words(esc_amend_field f)
{
	return (unsigned)f < NFIELDS ? fields[f].words : "";
}

esc_amend_field esc_amend_field_parse(const char *name)
{
	for (size_t i = 1; name && i < NFIELDS; i++)
		if (strcasecmp(fields[i].name, name) == 0)
			return (esc_amend_field)i;
	return ESC_AMEND_NONE;
}

/* One text column of one row, malloc'ed ("" for NULL); NULL when no row. */
static esc_status select_text(esc_session *s, sqlite3_stmt *st, char **out, esc_error *err)
{
	*out = NULL;
	int rc = store_step(s->db, st, err);
	if (rc == SQLITE_ROW && !(*out = strdup(store_col_text(st, 0))))
		rc = -1, esc_fail(err, ESC_EINTERNAL, "", "out of memory");
	sqlite3_reset(st);
	return rc < 0 ? err->status : ESC_OK;
}

/* The history seq of the case's n-th contact (n from 1; 0: the only one). */
static esc_status contact_seq(esc_session *s, long long case_id, int n, long long *seq,
                              esc_error *err)
{
	int count = 0;
	if (case_amend_contacts(s, case_id, &count, err) != ESC_OK)
		return err->status;
	if (count == 0)
		return esc_fail(err, ESC_EINVALID, "contact",
		                "contact: the case has no contact yet, so no summary to amend");
	if (n == 0 && count > 1)
		return esc_fail(err, ESC_EINVALID, "contact",
		                "contact: the case has %d contacts; say which summary to amend "
		                "(1 to %d, oldest first)",
		                count, count);
	if (n == 0)
		n = 1;
	if (n < 0 || n > count)
		return esc_fail(err, ESC_EINVALID, "contact",
		                "contact: the case has %d contact%s; give a number from 1 to %d",
		                count, count == 1 ? "" : "s", count);
	sqlite3_stmt *st = store_prepare(s->db,
	                                 "SELECT seq FROM events WHERE case_id = :case AND "
	                                 "kind = 'contact' ORDER BY seq LIMIT 1 OFFSET :skip",
	                                 err);
	if (!st || store_bind_int(st, ":case", case_id, err) ||
	    store_bind_int(st, ":skip", n - 1, err))
		return err->status;
	int rc = store_step(s->db, st, err);
	if (rc == SQLITE_ROW)
		*seq = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc < 0 ? err->status : ESC_OK;
}

esc_status case_amend_contacts(esc_session *s, long long case_id, int *count, esc_error *err)
{
	*count = 0;
	sqlite3_stmt *st = store_prepare(
	    s->db, "SELECT count(*) FROM events WHERE case_id = :case AND kind = 'contact'", err);
	if (!st || store_bind_int(st, ":case", case_id, err))
		return err->status;
	int rc = store_step(s->db, st, err);
	if (rc == SQLITE_ROW)
		*count = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return rc < 0 ? err->status : ESC_OK;
}

/* The current value; for a summary, of the contact at history row `seq`:
 * the new value of its latest amendment, else what was recorded. */
static esc_status current_value(esc_session *s, long long case_id, esc_amend_field f, long long seq,
                                char **out, esc_error *err)
{
	static const char *const sql[] = {
	    [ESC_AMEND_DECISION] = "SELECT decision FROM cases WHERE id = :case",
	    [ESC_AMEND_CONCERN] = "SELECT concern FROM cases WHERE id = :case",
	    [ESC_AMEND_TEAM] = "SELECT team FROM cases WHERE id = :case",
	    [ESC_AMEND_THEMES] = "SELECT coalesce(" ESC_AMEND_THEMES_SQL(":case") ", '')",
	    [ESC_AMEND_SUMMARY] =
	        "SELECT coalesce((SELECT a.new_value FROM events a WHERE a.case_id = :case AND "
	        "a.amend_field = 'summary' AND a.amend_seq = :seq ORDER BY a.seq DESC LIMIT 1), "
	        "(SELECT c.text FROM events c WHERE c.case_id = :case AND c.seq = :seq))",
	};
	if (f <= ESC_AMEND_NONE || (unsigned)f >= NFIELDS)
		return esc_fail(
		    err, ESC_EINVALID, "field",
		    "field: say which to amend: decision, concern, team, themes or summary");
	sqlite3_stmt *st = store_prepare(s->db, sql[f], err);
	if (!st || store_bind_int(st, ":case", case_id, err) ||
	    (f == ESC_AMEND_SUMMARY && store_bind_int(st, ":seq", seq, err)))
		return err->status;
	if (select_text(s, st, out, err) != ESC_OK)
		return err->status;
	if (!*out)
		return esc_fail(err, ESC_ENOTFOUND, "case", "case: no case with id %lld", case_id);
	return ESC_OK;
}

esc_status case_amend_current(esc_session *s, long long case_id, esc_amend_field field, int contact,
                              char **out, esc_error *err)
{
	long long seq = 0;
	*out = NULL;
	if (field == ESC_AMEND_SUMMARY && contact_seq(s, case_id, contact, &seq, err) != ESC_OK)
		return err->status;
	return current_value(s, case_id, field, seq, out, err);
}

/* "A; B\nC" -> the theme ids, each known and active, without repeats. */
static esc_status parse_themes(esc_session *s, const char *text, long long *ids, size_t *n,
                               esc_error *err)
{
	char *copy = strdup(text), *save = NULL;
	if (!copy)
		return esc_fail(err, ESC_EINTERNAL, "", "out of memory");
	*n = 0;
	esc_status rc = ESC_OK;
	for (char *tok = strtok_r(copy, ";\n", &save); tok && rc == ESC_OK;
	     tok = strtok_r(NULL, ";\n", &save)) {
		while (*tok == ' ' || *tok == '\t')
			tok++;
		size_t len = strlen(tok);
		while (len && (tok[len - 1] == ' ' || tok[len - 1] == '\t' || tok[len - 1] == '\r'))
			tok[--len] = '\0';
		if (!*tok)
			continue;
		long long id;
		if ((rc = esc_check_text("themes", tok, ESC_SHORT_MAX, true, false, err)) !=
		        ESC_OK ||
		    (rc = config_list_lookup(s->db, ESC_LIST_THEME, "themes", tok, &id, NULL, 0,
		                             err)) != ESC_OK)
			break;
		bool seen = false;
		for (size_t i = 0; i < *n; i++)
			seen = seen || ids[i] == id;
		if (seen)
			continue;
		if (*n == ESC_AMEND_THEMES_MAX)
			rc = esc_fail(err, ESC_EINVALID, "themes", "themes: at most %d themes",
			              ESC_AMEND_THEMES_MAX);
		else
			ids[(*n)++] = id;
	}
	free(copy);
	if (rc == ESC_OK && *n == 0)
		rc = esc_fail(err, ESC_EINVALID, "themes", "themes: give at least one theme");
	return rc;
}

static esc_status validate(esc_session *s, const esc_amend_input *in, long long *theme_ids,
                           size_t *ntheme, esc_error *err)
{
	if (in->field <= ESC_AMEND_NONE || (unsigned)in->field >= NFIELDS)
		return esc_fail(
		    err, ESC_EINVALID, "field",
		    "field: say which to amend: decision, concern, team, themes or summary");
	const char *name = fields[in->field].name;
	if (in->field == ESC_AMEND_THEMES) {
		if (esc_check_text(name, in->to ? in->to : "", ESC_LONG_MAX, true, true, err) ||
		    parse_themes(s, in->to, theme_ids, ntheme, err))
			return err->status;
	} else if (esc_check_text(name, in->to ? in->to : "", fields[in->field].max,
	                          fields[in->field].required, fields[in->field].multiline, err)) {
		return err->status;
	}
	return esc_check_text("reason", in->reason ? in->reason : "", ESC_LONG_MAX, true, true,
	                      err);
}

/* The ids as a JSON array, a bound parameter for json_each. */
static void theme_ids_json(const long long *ids, size_t n, char *out, size_t outsz)
{
	size_t used = (size_t)snprintf(out, outsz, "[");
	for (size_t i = 0; i < n && used < outsz; i++)
		used += (size_t)snprintf(out + used, outsz - used, "%s%lld", i ? "," : "", ids[i]);
	if (used < outsz)
		snprintf(out + used, outsz - used, "]");
}

/* Themes as an amendment stores them (ESC_AMEND_THEMES_SQL's order): the
 * names as configured, the first theme first, the others by name. */
static esc_status themes_text(esc_session *s, const long long *ids, size_t n, char **out,
                              esc_error *err)
{
	char json[ESC_AMEND_THEMES_MAX * 24 + 3];
	theme_ids_json(ids, n, json, sizeof json);
	sqlite3_stmt *st = store_prepare(
	    s->db,
	    "SELECT coalesce(group_concat(name, char(10)), '') FROM (SELECT t.name FROM themes t "
	    "WHERE t.id IN (SELECT value FROM json_each(:ids)) ORDER BY t.id <> :first, t.name)",
	    err);
	if (!st || store_bind_text(st, ":ids", json, err) ||
	    store_bind_int(st, ":first", ids[0], err))
		return err->status;
	return select_text(s, st, out, err);
}

/* The new value on the case itself (a summary lives in its amendment). */
static esc_status write_value(esc_session *s, long long case_id, const esc_amend_input *in,
                              const long long *theme_ids, size_t ntheme, esc_error *err)
{
	static const char *const sql[] = {
	    [ESC_AMEND_DECISION] = "UPDATE cases SET decision = :v WHERE id = :case",
	    [ESC_AMEND_CONCERN] = "UPDATE cases SET concern = :v WHERE id = :case",
	    [ESC_AMEND_TEAM] = "UPDATE cases SET team = :v WHERE id = :case",
	};
	sqlite3_stmt *st;
	if (in->field == ESC_AMEND_SUMMARY)
		return ESC_OK;
	if (in->field != ESC_AMEND_THEMES) {
		st = store_prepare(s->db, sql[in->field], err);
		if (!st || store_bind_text(st, ":v", in->to, err) ||
		    store_bind_int(st, ":case", case_id, err) || store_exec_stmt(s->db, st, err))
			return err->status;
		return ESC_OK;
	}
	/* Only the themes the amendment removes go (the schema allows no other
	 * delete, 009_amended.sql); the others stay as written. */
	char ids[ESC_AMEND_THEMES_MAX * 24 + 3];
	theme_ids_json(theme_ids, ntheme, ids, sizeof ids);
	st = store_prepare(s->db,
	                   "DELETE FROM case_themes WHERE case_id = :case AND theme_id NOT IN "
	                   "(SELECT value FROM json_each(:ids))",
	                   err);
	if (!st || store_bind_int(st, ":case", case_id, err) ||
	    store_bind_text(st, ":ids", ids, err) || store_exec_stmt(s->db, st, err))
		return err->status;
	for (size_t i = 0; i < ntheme; i++) {
		st = store_prepare(s->db,
		                   "INSERT OR IGNORE INTO case_themes(case_id, theme_id) "
		                   "VALUES (:case, :theme)",
		                   err);
		if (!st || store_bind_int(st, ":case", case_id, err) ||
		    store_bind_int(st, ":theme", theme_ids[i], err) ||
		    store_exec_stmt(s->db, st, err))
			return err->status;
	}
	st = store_prepare(s->db, "UPDATE cases SET first_theme_id = :theme WHERE id = :case", err);
	if (!st || store_bind_int(st, ":theme", theme_ids[0], err) ||
	    store_bind_int(st, ":case", case_id, err) || store_exec_stmt(s->db, st, err))
		return err->status;
	return ESC_OK;
}

/* The parameters of an amendment, in the order of ESC_HASHED_EVENT_COLUMNS_V3
 * (audit.h); the columns an amendment does not carry are NULL, as in every
 * row that does not carry them. */
#define AMEND_PARAMS                                                                               \
	":case, :seq, 'amended', :at, :actor, :level, :level, :state, :due, :reason, NULL, "       \
	"NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL, NULL, 0, :level, :state, "       \
	":field, :aseq, :old, :new"

static esc_status insert_row(esc_session *s, long long case_id, const esc_case_state *after,
                             const esc_amend_input *in, long long aseq, const char *old_value,
                             const char *new_value, esc_error *err)
{
	char prev[65];
	if (audit_chain_head(s->db, AUDIT_CHAIN_EVENTS, prev, err) != ESC_OK)
		return err->status;
	sqlite3_stmt *st =
	    store_prepare(s->db,
	                  "INSERT INTO events(" ESC_HASHED_EVENT_COLUMNS_V3 ", prev_hash, hash) "
	                  "VALUES (" AMEND_PARAMS ", :prev, esc_hash(:prev, " AMEND_PARAMS "))",
	                  err);
	if (!st || store_bind_int(st, ":case", case_id, err) ||
	    store_bind_int(st, ":seq", after->last_seq, err) ||
	    store_bind_text(st, ":at", after->updated_at, err) ||
	    store_bind_int(st, ":actor", s->me.id, err) ||
	    store_bind_int(st, ":level", after->level, err) ||
	    store_bind_int(st, ":state", after->state, err) ||
	    store_bind_text(st, ":due", after->level_due, err) ||
	    store_bind_text(st, ":reason", in->reason, err) ||
	    store_bind_text(st, ":field", fields[in->field].name, err) ||
	    (aseq ? store_bind_int(st, ":aseq", aseq, err) : store_bind_null(st, ":aseq", err)) ||
	    store_bind_text(st, ":old", old_value, err) ||
	    store_bind_text(st, ":new", new_value, err) ||
	    store_bind_text(st, ":prev", prev, err) || store_exec_stmt(s->db, st, err))
		return err->status;
	return ESC_OK;
}

static esc_status amend_in_tx(esc_session *s, long long case_id, const esc_amend_input *in,
                              const long long *theme_ids, size_t ntheme, esc_error *err)
{
	esc_case_state cs, after;
	long long aseq = 0;
	char now[ESC_TS_LEN + 1];
	char *old_value = NULL, *new_value = NULL;
	esc_status rc;

	if (case_state(s->db, case_id, &cs, NULL, err) != ESC_OK)
		return err->status;
	esc_actor actor = staff_actor(&s->me);
	if (proc_check(&cs, ESC_EV_AMENDED, ESC_NOTIFY_NONE, &actor, NULL, err) != ESC_OK)
		return err->status;
	if (in->field == ESC_AMEND_SUMMARY &&
	    contact_seq(s, case_id, in->contact, &aseq, err) != ESC_OK)
		return err->status;
	if ((rc = current_value(s, case_id, in->field, aseq, &old_value, err)) != ESC_OK)
		goto out;
	if (in->seen && strcmp(in->seen, old_value) != 0) {
		rc = esc_refuse(err, ESC_ECONFLICT, ESC_WHY_CONFLICT, "case",
		                "the case changed under you: its %s was changed since you looked; "
		                "look at it again and retry",
		                fields[in->field].words);
		goto out;
	}
	if (in->field == ESC_AMEND_THEMES)
		rc = themes_text(s, theme_ids, ntheme, &new_value, err);
	else if (!(new_value = strdup(in->to)))
		rc = esc_fail(err, ESC_EINTERNAL, "", "out of memory");
	if (rc != ESC_OK)
		goto out;
	if (strcmp(old_value, new_value) == 0) {
		rc = esc_fail(err, ESC_EINVALID, fields[in->field].name,
		              "%s: the new %s is the same as the current one; nothing to amend",
		              fields[in->field].name, fields[in->field].words);
		goto out;
	}
	session_now(s, now);
	esc_fact f = {.kind = ESC_EV_AMENDED, .at = now};
	/* The history row first: the schema lets a theme go only after it. */
	if ((rc = proc_apply(&cs, &f, &after, err)) != ESC_OK ||
	    (rc = insert_row(s, case_id, &after, in, aseq, old_value, new_value, err)) != ESC_OK ||
	    (rc = write_value(s, case_id, in, theme_ids, ntheme, err)) != ESC_OK ||
	    (rc = case_store_state(s, case_id, &after, err)) != ESC_OK)
		goto out;
out:
	free(old_value);
	free(new_value);
	return rc;
}

esc_status case_amend(esc_session *s, long long case_id, const esc_amend_input *in, esc_error *err)
{
	long long theme_ids[ESC_AMEND_THEMES_MAX];
	size_t ntheme = 0;
	if (validate(s, in, theme_ids, &ntheme, err) != ESC_OK)
		return err->status;
	/* Who may see a case may write on it (issue 12). */
	if (visibility_check_case(s, case_id, "this case", err) != ESC_OK)
		return err->status;
	if (store_begin(s->db, err) != ESC_OK)
		return err->status;
	if (amend_in_tx(s, case_id, in, theme_ids, ntheme, err) != ESC_OK) {
		store_rollback(s->db);
		return err->status;
	}
	return store_commit(s->db, err);
}

esc_status amend_apply_summaries(esc_case *c, esc_error *err)
{
	for (size_t i = 0; i < c->nevents; i++) {
		const esc_event *a = &c->events[i];
		if (a->kind != ESC_EV_AMENDED || a->amend_field != ESC_AMEND_SUMMARY)
			continue;
		for (size_t j = 0; j < i; j++) {
			esc_event *e = &c->events[j];
			if (e->seq != a->amend_seq || e->kind != ESC_EV_CONTACT)
				continue;
			char *text = strdup(a->new_value ? a->new_value : "");
			if (!text)
				return esc_fail(err, ESC_EINTERNAL, "",
				                "out of memory loading the case");
			free(e->text);
			e->text = text;
			e->amended = true;
		}
	}
	return ESC_OK;
}
