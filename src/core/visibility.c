/* Who may see which case: the rule is ESC_VIS_CONDITION (visibility.h); this
 * file reads the install's setting and applies the rule to one case. */
#include "escalate/visibility.h"

#include <string.h>

#include "escalate/session.h"
#include "escalate/store.h"

static const char *const names[] = {
    [ESC_VIS_ORGANISATION] = "organisation",
    [ESC_VIS_ALL] = "all",
};

const char *visibility_name(esc_visibility v)
{
	return (unsigned)v <= ESC_VIS_ALL ? names[v] : "?";
}

int visibility_parse(const char *name)
{
	for (int i = 0; i <= ESC_VIS_ALL; i++)
		if (name && strcmp(name, names[i]) == 0)
			return i;
	return -1;
}

esc_status visibility_rule(esc_db *db, esc_visibility *out, esc_error *err)
{
	char v[32];
	esc_error e = {0};
	*out = ESC_VIS_ORGANISATION;
	if (store_setting_get(db, "visibility", v, sizeof v, &e) != ESC_OK) {
		if (e.status == ESC_ENOTFOUND)
			return ESC_OK;
		*err = e;
		return e.status;
	}
	int r = visibility_parse(v);
	/* An unknown value (an edit behind escalate's back) keeps the narrower rule. */
	*out = r < 0 ? ESC_VIS_ORGANISATION : (esc_visibility)r;
	return ESC_OK;
}

esc_status visibility_sees_all(esc_session *s, bool *all, esc_error *err)
{
	esc_visibility rule;
	*all = false;
	if (!s->me.id)
		return esc_fail(err, ESC_EDENIED, "login",
		                "reading cases needs a registered login");
	if (s->me.role >= ESC_ROLE_DESIGNATED) {
		*all = true;
		return ESC_OK;
	}
	if (visibility_rule(s->db, &rule, err) != ESC_OK)
		return err->status;
	*all = rule == ESC_VIS_ALL;
	return ESC_OK;
}

esc_status visibility_bind(esc_session *s, sqlite3_stmt *st, esc_error *err)
{
	if (store_bind_int(st, ":vis_me", s->me.id, err) ||
	    store_bind_text(st, ":vis_org", s->me.organisation, err))
		return err->status;
	return ESC_OK;
}

esc_status visibility_check_case(esc_session *s, long long case_id, const char *ref, esc_error *err)
{
	bool all;
	if (visibility_sees_all(s, &all, err) != ESC_OK)
		return err->status;
	if (all)
		return ESC_OK;
	sqlite3_stmt *st = store_prepare(
	    s->db, "SELECT count(*) FROM cases c WHERE c.id = :id AND " ESC_VIS_CONDITION, err);
	if (!st || store_bind_int(st, ":id", case_id, err) || visibility_bind(s, st, err))
		return err->status;
	int rc = store_step(s->db, st, err);
	if (rc != SQLITE_ROW)
		return err->status;
	bool seen = sqlite3_column_int(st, 0) > 0;
	sqlite3_reset(st);
	if (seen)
		return ESC_OK;
	return esc_fail(err, ESC_EDENIED, "visibility",
	                "you may not see %s: it belongs to another organisation than yours (%s), "
	                "and you are neither its owner nor the owner of an open agreed action on "
	                "it; designated professionals see every case",
	                ref, *s->me.organisation ? s->me.organisation : "none recorded");
}
