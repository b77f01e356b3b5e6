/* Changing a case.  Every event goes the same way: validate the fields
 * (naming the one at fault), check the procedure table (proc_check), then
 * write the history row in one transaction; the schema's events_apply
 * trigger moves the case's cached level and state in that same transaction. */
#include "escalate/case.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <uuid/uuid.h>

#include "case_internal.h"
#include "escalate/audit.h"
#include "escalate/config.h"
#include "escalate/procedure_store.h"
#include "escalate/same_child.h"
#include "escalate/store.h"
#include "escalate/validate.h"
#include "escalate/visibility.h"

static esc_status check_required(const char *field, const char *s, bool multiline, esc_error *err)
{
	return esc_check_text(field, s, multiline ? ESC_LONG_MAX : ESC_SHORT_MAX, true, multiline,
	                      err);
}

static esc_status check_optional(const char *field, const char *s, esc_error *err)
{
	return esc_check_text(field, s ? s : "", ESC_SHORT_MAX, false, false, err);
}

/* A user-given time: valid, and not in the future (it already happened). */
static esc_status past_timestamp(esc_session *s, const char *field, const char *text,
                                 char out[ESC_TS_LEN + 1], esc_error *err)
{
	char now[ESC_TS_LEN + 1];
	session_now(s, now);
	if (!text || !*text) {
		memcpy(out, now, sizeof now);
		return ESC_OK;
	}
	if (esc_timestamp_parse(text, field, out, err) != ESC_OK)
		return err->status;
	if (strcmp(out, now) > 0) { /* instants: fixed-width UTC text sorts as time */
		char shown[ESC_CIVIL_TEXT_LEN + 1], shown_now[ESC_CIVIL_TEXT_LEN + 1];
		esc_instant_show(out, ESC_CIVIL_TEXT_LEN, shown);
		esc_instant_show(now, ESC_CIVIL_TEXT_LEN, shown_now);
		return esc_fail(err, ESC_EINVALID, field, "%s: %s is in the future (now is %s)", field,
		                shown, shown_now);
	}
	return ESC_OK;
}

esc_status case_find(esc_db *db, const char *text, esc_case_ref *out, esc_error *err)
{
	char key[ESC_UUID_LEN + 1], upper[ESC_UUID_LEN + 2];
	size_t n = text ? strlen(text) : 0;
	sqlite3_stmt *st;

	memset(out, 0, sizeof *out);
	if (n == 0)
		return esc_fail(err, ESC_EUSAGE, "case", "case: give a reference (ESC-2026-0001) or UUID");
	if (strncasecmp(text, "ESC-", 4) == 0) {
		st = store_prepare(db, "SELECT id, last_seq, ref, uuid FROM cases WHERE ref = :ref", err);
		if (!st || store_bind_text(st, ":ref", text, err))
			return err->status;
	} else {
		size_t hex = 0;
		if (n > ESC_UUID_LEN)
			goto not_found;
		for (size_t i = 0; i < n; i++) {
			if (!isxdigit((unsigned char)text[i]) && text[i] != '-')
				goto not_found;
			hex += isxdigit((unsigned char)text[i]) != 0;
			key[i] = (char)tolower((unsigned char)text[i]);
		}
		key[n] = '\0';
		if (hex < 4)
			return esc_fail(err, ESC_EUSAGE, "case",
			                "case: a UUID prefix needs at least 4 hex digits");
		/* Prefix match as an index range: every UUID character sorts below 'g'. */
		snprintf(upper, sizeof upper, "%sg", key);
		st = store_prepare(db,
		                   "SELECT id, last_seq, ref, uuid FROM cases "
		                   "WHERE uuid >= :lo AND uuid < :hi ORDER BY uuid LIMIT 2",
		                   err);
		if (!st || store_bind_text(st, ":lo", key, err) || store_bind_text(st, ":hi", upper, err))
			return err->status;
	}
	int rc = store_step(db, st, err);
	if (rc < 0)
		return err->status;
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		goto not_found;
	}
	out->id = sqlite3_column_int64(st, 0);
	out->seq = sqlite3_column_int64(st, 1);
	snprintf(out->ref, sizeof out->ref, "%s", store_col_text(st, 2));
	snprintf(out->uuid, sizeof out->uuid, "%s", store_col_text(st, 3));
	rc = store_step(db, st, err);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW) {
		memset(out, 0, sizeof *out);
		return esc_fail(err, ESC_EUSAGE, "case",
		                "case: '%s' matches more than one case; give more of the UUID", text);
	}
	return rc < 0 ? err->status : ESC_OK;
not_found:
	return esc_fail(err, ESC_ENOTFOUND, "case", "case: no case '%s'", text);
}

esc_status case_state(esc_db *db, long long id, esc_case_state *out, long long *seq,
                      esc_error *err)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st = store_prepare(
	    db, "SELECT state, level, owner_id, concern_remains, urgent, owed, last_seq, "
	        "level_since, level_due, updated_at, coalesce(procedure_id, 0), opened_at "
	        "FROM cases WHERE id = :id",
	    err);
	if (!st || store_bind_int(st, ":id", id, err))
		return err->status;
	int rc = store_step(db, st, err);
	if (rc < 0)
		return err->status;
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return esc_fail(err, ESC_ENOTFOUND, "case", "case: no case with id %lld", id);
	}
	out->state = (esc_state)sqlite3_column_int(st, 0);
	out->level = sqlite3_column_int(st, 1);
	out->owner_id = sqlite3_column_int64(st, 2);
	out->concern_remains = sqlite3_column_int(st, 3) != 0;
	out->urgent = sqlite3_column_int(st, 4) != 0;
	out->owed = (unsigned)sqlite3_column_int(st, 5);
	out->last_seq = sqlite3_column_int64(st, 6);
	snprintf(out->level_since, sizeof out->level_since, "%s", store_col_text(st, 7));
	snprintf(out->level_due, sizeof out->level_due, "%s", store_col_text(st, 8));
	snprintf(out->updated_at, sizeof out->updated_at, "%s", store_col_text(st, 9));
	long long procedure_id = sqlite3_column_int64(st, 10);
	snprintf(out->opened_at, sizeof out->opened_at, "%s", store_col_text(st, 11));
	if (seq)
		*seq = out->last_seq;
	sqlite3_reset(st);
	return procedure_get(db, procedure_id, &out->proc, err);
}

/* Field checks per event kind; nothing is read or written. */
static esc_status validate_event(esc_session *s, const esc_event_input *in, char *occurred,
                                 char *informed, esc_error *err)
{
	esc_day d;
	int minute;
	switch (in->kind) {
	case ESC_EV_CONTACT:
		if (past_timestamp(s, "contact-at", in->occurred_at, occurred, err) ||
		    check_required("person-name", in->person_name, false, err) ||
		    check_required("person-role", in->person_role, false, err) ||
		    check_required("person-org", in->person_org, false, err) ||
		    check_required("summary", in->text, true, err))
			return err->status;
		if (in->nactions > ESC_MAX_ACTIONS)
			return esc_fail(err, ESC_EINVALID, "action", "action: at most %d agreed actions",
			                ESC_MAX_ACTIONS);
		for (size_t i = 0; i < in->nactions; i++) {
			const esc_action_input *a = &in->actions[i];
			if (check_required("action-text", a->text, true, err) ||
			    check_required("action-owner", a->owner, false, err))
				return err->status;
			if (!a->due || !*a->due)
				return esc_fail(err, ESC_EINVALID, "action-due",
				                "action-due: agreed action %zu needs a due date", i + 1);
			if (esc_date_parse(a->due, "action-due", &d, &minute, err) != ESC_OK)
				return err->status;
		}
		return ESC_OK;
	case ESC_EV_INFORMED:
		if (in->notify == ESC_NOTIFY_NONE)
			return esc_fail(err, ESC_EINVALID, "whom",
			                "whom: say who was informed (designated, chair or pattern)");
		if (past_timestamp(s, "informed-at", in->informed_at, informed, err))
			return err->status;
		if (in->not_needed) {
			if (in->notify != ESC_NOTIFY_CHAIR)
				return esc_fail(err, ESC_EINVALID, "not-needed",
				                "not-needed: only the partnership chair may be judged not "
				                "necessary to inform; the designated professional must be");
			return check_required("reason", in->text, true, err);
		}
		if (check_required("name", in->whom, false, err) ||
		    check_required("how", in->how, false, err))
			return err->status;
		return esc_check_text("text", in->text ? in->text : "", ESC_LONG_MAX, false, true, err);
	case ESC_EV_NOTE:
		return check_required("text", in->text, true, err);
	case ESC_EV_RESOLVED:
		return check_required("outcome", in->text, true, err);
	case ESC_EV_ESCALATED:
	case ESC_EV_URGENT:
	case ESC_EV_WITHDRAWN:
	case ESC_EV_REOPENED:
		return check_required("reason", in->text, true, err);
	default:
		return esc_fail(err, ESC_EINTERNAL, "", "use case_open to open a case");
	}
}

typedef struct event_row {
	long long case_id;
	esc_event_kind kind;
	const esc_case_state *before, *after;
	const esc_seen *seen;      /* what the user acted on; NULL: the case as it is now */
	const esc_event_input *in; /* optional fields */
	const char *occurred, *informed;
	long long pattern_la_id, pattern_theme_id;
} event_row;

static esc_status bind_opt_text(sqlite3_stmt *st, const char *name, const char *v, bool use,
                                esc_error *err)
{
	return use ? store_bind_text(st, name, v ? v : "", err) : store_bind_null(st, name, err);
}

static esc_status bind_opt_id(sqlite3_stmt *st, const char *name, long long v, esc_error *err)
{
	return v ? store_bind_int(st, name, v, err) : store_bind_null(st, name, err);
}

/* The parameters of a history row, in the order of ESC_HASHED_EVENT_COLUMNS_V2
 * (audit.h). */
#define EVENT_PARAMS                                                                          \
	":case, :seq, :kind, :at, :actor, :before, :after, :state, :due, :text, :occurred, "     \
	":pname, :prole, :porg, :remains, :notify, :whom, :how, :informed, :notneeded, :pla, "   \
	":ptheme, :nactions, :seenlevel, :seenstate"

/* Appends one history row; returns its id in *event_id. */
static esc_status insert_event(esc_session *s, const event_row *r, long long *event_id,
                               esc_error *err)
{
	const esc_event_input *in = r->in;
	bool contact = r->kind == ESC_EV_CONTACT, informed = r->kind == ESC_EV_INFORMED;
	esc_seen now = {.level = r->before->level ? r->before->level : r->after->level,
	                .state = r->before->state ? r->before->state : r->after->state};
	const esc_seen *seen = r->seen && r->seen->level ? r->seen : &now;
	/* The chain hash is taken over the bound values in the order of
	 * ESC_HASHED_EVENT_COLUMNS_V2; each is bound with its column's type, so
	 * storing it leaves it as it was hashed and `verify` recomputes the same
	 * hash from the stored row.  VALUES, not INSERT ... SELECT: SQLite passes
	 * the rows of an INSERT ... SELECT into a table with INSERT triggers
	 * through a temporary b-tree (bench/README.md, "Generation"). */
	char prev[65];
	if (audit_chain_head(s->db, AUDIT_CHAIN_EVENTS, prev, err) != ESC_OK)
		return err->status;
	sqlite3_stmt *st = store_prepare(
	    s->db,
	    "INSERT INTO events(" ESC_HASHED_EVENT_COLUMNS_V2 ", prev_hash, hash) "
	    "VALUES (" EVENT_PARAMS ", :prev, esc_hash(:prev, " EVENT_PARAMS "))",
	    err);
	if (!st || store_bind_int(st, ":case", r->case_id, err) ||
	    store_bind_int(st, ":seq", r->after->last_seq, err) ||
	    store_bind_text(st, ":kind", esc_event_name(r->kind), err) ||
	    store_bind_text(st, ":at", r->after->updated_at, err) ||
	    store_bind_int(st, ":actor", s->me.id, err) ||
	    store_bind_int(st, ":before", r->before->level, err) ||
	    store_bind_int(st, ":after", r->after->level, err) ||
	    store_bind_int(st, ":state", r->after->state, err) ||
	    store_bind_text(st, ":due", r->after->level_due, err) ||
	    store_bind_text(st, ":text", in && in->text ? in->text : "", err) ||
	    bind_opt_text(st, ":occurred", r->occurred, contact, err) ||
	    bind_opt_text(st, ":pname", in ? in->person_name : NULL, contact, err) ||
	    bind_opt_text(st, ":prole", in ? in->person_role : NULL, contact, err) ||
	    bind_opt_text(st, ":porg", in ? in->person_org : NULL, contact, err) ||
	    (contact ? store_bind_int(st, ":remains", in->concern_remains, err)
	             : store_bind_null(st, ":remains", err)) ||
	    bind_opt_text(st, ":notify", in ? proc_notify_name(r->before->proc, in->notify) : NULL, informed, err) ||
	    bind_opt_text(st, ":whom", in ? in->whom : NULL, informed, err) ||
	    bind_opt_text(st, ":how", in ? in->how : NULL, informed, err) ||
	    bind_opt_text(st, ":informed", r->informed, informed, err) ||
	    store_bind_int(st, ":notneeded", informed && in->not_needed, err) ||
	    bind_opt_id(st, ":pla", r->pattern_la_id, err) ||
	    bind_opt_id(st, ":ptheme", r->pattern_theme_id, err) ||
	    store_bind_int(st, ":nactions", contact ? (int64_t)in->nactions : 0, err) ||
	    store_bind_int(st, ":seenlevel", seen->level, err) ||
	    store_bind_int(st, ":seenstate", seen->state, err) ||
	    store_bind_text(st, ":prev", prev, err) || store_exec_stmt(s->db, st, err))
		return err->status;
	*event_id = sqlite3_last_insert_rowid(store_handle(s->db));
	return ESC_OK;
}

/* The case row caches what proc_apply made of its history. */
esc_status case_store_state(esc_session *s, long long id, const esc_case_state *c,
                            esc_error *err)
{
	sqlite3_stmt *st = store_prepare(
	    s->db,
	    "UPDATE cases SET state = :state, level = :level, last_seq = :seq, "
	    "level_since = :since, level_due = :due, updated_at = :at, urgent = :urgent, "
	    "concern_remains = :remains, owed = :owed WHERE id = :id",
	    err);
	if (!st || store_bind_int(st, ":state", c->state, err) ||
	    store_bind_int(st, ":level", c->level, err) ||
	    store_bind_int(st, ":seq", c->last_seq, err) ||
	    store_bind_text(st, ":since", c->level_since, err) ||
	    store_bind_text(st, ":due", c->level_due, err) ||
	    store_bind_text(st, ":at", c->updated_at, err) ||
	    store_bind_int(st, ":urgent", c->urgent, err) ||
	    store_bind_int(st, ":remains", c->concern_remains, err) ||
	    store_bind_int(st, ":owed", c->owed, err) || store_bind_int(st, ":id", id, err) ||
	    store_exec_stmt(s->db, st, err))
		return err->status;
	return ESC_OK;
}

/* One transition, checked already: its effects from the table (proc_apply),
 * the history row, the case's cached state and the agreed actions, all in
 * the caller's transaction.  *cs becomes the state after. */
static esc_status apply_event(esc_session *s, event_row *r, esc_case_state *cs,
                              const char *now, esc_error *err)
{
	const esc_transition *t = esc_transition_for(r->kind);
	const esc_event_input *in = r->in;
	char due[ESC_INSTANT_MAX + 1] = "";
	esc_case_state after;
	long long event_id = 0;

	if (t->clock != ESC_CLOCK_KEEP)
		case_level_due(s, cs, proc_target_level(cs, r->kind),
		               t->clock == ESC_CLOCK_START_URGENT, now, due);
	esc_fact f = {.kind = r->kind,
	              .notify = in ? in->notify : ESC_NOTIFY_NONE,
	              .concern_remains = in && in->concern_remains,
	              .at = now,
	              .due = due};
	if (proc_apply(cs, &f, &after, err) != ESC_OK)
		return err->status;
	r->before = cs;
	r->after = &after;
	if (insert_event(s, r, &event_id, err) != ESC_OK ||
	    case_store_state(s, r->case_id, &after, err) != ESC_OK)
		return err->status;
	if (t->actions == ESC_ACTIONS_ADD && in &&
	    action_insert_agreed(s, event_id, r->case_id, after.level, in, r->occurred, err) !=
	        ESC_OK)
		return err->status;
	*cs = after;
	return ESC_OK;
}

/* A level whose notification is asked "if necessary" (the partnership chair
 * at level 5 in Appendix 5): an answer given with the escalation is recorded
 * as its own `informed` event right after it. */
static esc_status record_chair_answer(esc_session *s, const event_row *esc_row,
                                      esc_case_state *cs, const char *now, esc_error *err)
{
	esc_event_input chair = {.kind = ESC_EV_INFORMED, .notify = ESC_NOTIFY_CHAIR};
	char how[80], text[96];
	if (esc_row->in->chair == ESC_CHAIR_INFORMED) {
		snprintf(how, sizeof how, "recorded with the escalation to level %d", cs->level);
		chair.whom = proc_notify_whom(cs->proc, ESC_NOTIFY_CHAIR);
		chair.how = how;
	} else {
		snprintf(text, sizeof text, "judged not necessary when escalating to level %d",
		         cs->level);
		chair.not_needed = true;
		chair.text = text;
	}
	event_row r = {.case_id = esc_row->case_id, .kind = ESC_EV_INFORMED, .in = &chair,
	               .informed = now};
	return apply_event(s, &r, cs, now, err);
}

esc_status case_record_in_tx(esc_session *s, long long id, long long expected_seq,
                             const esc_event_input *in, long long pattern_la_id,
                             long long pattern_theme_id, esc_error *err)
{
	char now[ESC_TS_LEN + 1], occurred[ESC_TS_LEN + 1] = "", informed[ESC_TS_LEN + 1] = "";
	esc_case_state cs;
	long long seq;

	if (!esc_transition_for(in->kind) || !esc_transition_for(in->kind)->on_case)
		return esc_fail(err, ESC_EINTERNAL, "", "use action_close for agreed actions");
	if (validate_event(s, in, occurred, informed, err) != ESC_OK)
		return err->status;
	if (case_state(s->db, id, &cs, &seq, err) != ESC_OK)
		return err->status;
	if (expected_seq > 0 && seq != expected_seq)
		return esc_refuse(err, ESC_ECONFLICT, ESC_WHY_CONFLICT, "case",
		                  "the case changed under you: it has had %lld event(s) since you "
		                  "looked; look at it again and retry",
		                  seq - expected_seq);
	esc_actor actor = staff_actor(&s->me);
	if (proc_conflict(&cs, in->kind, &in->seen, err) != ESC_OK)
		return err->status;
	if (proc_check(&cs, in->kind, in->notify, &actor, NULL, err) != ESC_OK) {
		/* Refused by what someone else recorded since the user looked (a
		 * discussion that settled the concern, say): that is the conflict
		 * to report, with the rule it now meets. */
		if (err->status == ESC_EDENIED && in->seen.seq && in->seen.seq != seq) {
			char rule[sizeof err->message];
			snprintf(rule, sizeof rule, "%s", err->message);
			return esc_refuse(err, ESC_ECONFLICT, ESC_WHY_CONFLICT, "case",
			                  "the case changed under you: %lld event(s) were recorded "
			                  "since you looked, and now %s; look at it again",
			                  seq - in->seen.seq, rule);
		}
		return err->status;
	}

	session_now(s, now);
	event_row r = {.case_id = id, .kind = in->kind, .seen = &in->seen, .in = in,
	               .occurred = occurred, .informed = informed,
	               .pattern_la_id = pattern_la_id, .pattern_theme_id = pattern_theme_id};
	if (apply_event(s, &r, &cs, now, err) != ESC_OK)
		return err->status;
	if (in->kind == ESC_EV_ESCALATED && proc_level(cs.proc, cs.level)->owed == ESC_NOTIFY_CHAIR &&
	    in->chair != ESC_CHAIR_LATER)
		return record_chair_answer(s, &r, &cs, now, err);
	return ESC_OK;
}

esc_status case_record(esc_session *s, long long id, long long expected_seq,
                       const esc_event_input *in, esc_error *err)
{
	if (in->kind == ESC_EV_INFORMED && in->notify == ESC_NOTIFY_PATTERN)
		return esc_fail(err, ESC_EUSAGE, "whom",
		                "a pattern notification covers every case of the cluster; record it "
		                "for the local authority and theme (escalate inform --pattern)");
	/* Who may see a case may write on it (issue 12): the refusal names the
	 * rule, not the case's content. */
	if (visibility_check_case(s, id, "this case", err) != ESC_OK)
		return err->status;
	if (store_begin(s->db, err) != ESC_OK)
		return err->status;
	if (case_record_in_tx(s, id, expected_seq, in, 0, 0, err) != ESC_OK) {
		store_rollback(s->db);
		return err->status;
	}
	return store_commit(s->db, err);
}

esc_status case_allowed(esc_session *s, long long id, esc_event_kind ev, esc_notify notify,
                        esc_error *err)
{
	esc_case_state cs;
	if (case_state(s->db, id, &cs, NULL, err) != ESC_OK)
		return err->status;
	esc_actor actor = staff_actor(&s->me);
	return proc_check(&cs, ev, notify, &actor, NULL, err);
}

/* Validates a new case and resolves its lists; nothing is written. */
static esc_status validate_new(esc_session *s, const esc_new_case *in, char *child,
                               long long *la_id, long long *theme_ids, size_t *ntheme,
                               esc_error *err)
{
	if (esc_child_id_check(in->child_kind, in->child_id, child, ESC_CHILD_ID_MAX + 1, err) ||
	    config_list_lookup(s->db, ESC_LIST_LA, "local-authority", in->local_authority, la_id,
	                       NULL, 0, err) ||
	    check_optional("team", in->team, err) || check_optional("agency", in->agency, err) ||
	    check_required("decision", in->decision, true, err) ||
	    check_required("concern", in->concern, true, err))
		return err->status;
	if (in->ntheme == 0)
		return esc_fail(err, ESC_EINVALID, "theme", "theme: give at least one theme");
	if (in->ntheme > ESC_MAX_THEMES)
		return esc_fail(err, ESC_EINVALID, "theme", "theme: at most %d themes", ESC_MAX_THEMES);
	*ntheme = 0;
	for (size_t i = 0; i < in->ntheme; i++) {
		long long tid;
		if (config_list_lookup(s->db, ESC_LIST_THEME, "theme", in->themes[i], &tid, NULL, 0,
		                       err) != ESC_OK)
			return err->status;
		bool seen = false;
		for (size_t j = 0; j < *ntheme; j++)
			seen = seen || theme_ids[j] == tid;
		if (!seen)
			theme_ids[(*ntheme)++] = tid;
	}
	return ESC_OK;
}

static esc_status insert_case(esc_session *s, const esc_new_case *in, const char *child,
                              long long la_id, const long long *theme_ids, size_t ntheme,
                              const char *at, esc_case_ref *out, esc_error *err)
{
	uuid_t u;
	int year = 0, month, day;
	long long procedure_id;
	if (procedure_for_la(s->db, la_id, &procedure_id, err) != ESC_OK)
		return err->status;
	esc_day_to_ymd(esc_timestamp_day(at), &year, &month, &day);
	uuid_generate_random(u);
	uuid_unparse_lower(u, out->uuid);

	sqlite3_stmt *st = store_prepare(
	    s->db, "SELECT coalesce(max(ref_num), 0) + 1 FROM cases WHERE ref_year = :year", err);
	if (!st || store_bind_int(st, ":year", year, err) || store_step(s->db, st, err) != SQLITE_ROW)
		return err->status;
	long long num = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	snprintf(out->ref, sizeof out->ref, "ESC-%04d-%04lld", year, num);

	st = store_prepare(
	    s->db,
	    "INSERT INTO cases(uuid, ref, ref_year, ref_num, child_kind, child_id, la_id, team, "
	    "agency, decision, concern, first_theme_id, owner_id, opened_at, procedure_id) VALUES "
	    "(:uuid, :ref, :year, :num, :kind, :child, :la, :team, :agency, :decision, :concern, "
	    ":theme, :owner, :at, nullif(:procedure, 0))",
	    err);
	if (!st || store_bind_text(st, ":uuid", out->uuid, err) ||
	    store_bind_text(st, ":ref", out->ref, err) || store_bind_int(st, ":year", year, err) ||
	    store_bind_int(st, ":num", num, err) || store_bind_int(st, ":kind", in->child_kind, err) ||
	    store_bind_text(st, ":child", child, err) || store_bind_int(st, ":la", la_id, err) ||
	    store_bind_text(st, ":team", in->team ? in->team : "", err) ||
	    store_bind_text(st, ":agency",
	                    in->agency && *in->agency ? in->agency : s->me.organisation, err) ||
	    store_bind_text(st, ":decision", in->decision, err) ||
	    store_bind_text(st, ":concern", in->concern, err) ||
	    store_bind_int(st, ":theme", theme_ids[0], err) ||
	    store_bind_int(st, ":owner", s->me.id, err) || store_bind_text(st, ":at", at, err) ||
	    store_bind_int(st, ":procedure", procedure_id, err) || store_exec_stmt(s->db, st, err))
		return err->status;
	out->id = sqlite3_last_insert_rowid(store_handle(s->db));

	for (size_t i = 0; i < ntheme; i++) {
		st = store_prepare(s->db,
		                   "INSERT INTO case_themes(case_id, theme_id) VALUES (:case, :theme)",
		                   err);
		if (!st || store_bind_int(st, ":case", out->id, err) ||
		    store_bind_int(st, ":theme", theme_ids[i], err) || store_exec_stmt(s->db, st, err))
			return err->status;
	}
	/* The seal covers the row, its themes and the opening history row, so it
	 * comes last (audit.h). */
	esc_case_state cs = {.state = ESC_STATE_NONE, .owner_id = s->me.id};
	snprintf(cs.opened_at, sizeof cs.opened_at, "%s", at);
	if (procedure_get(s->db, procedure_id, &cs.proc, err) != ESC_OK)
		return err->status;
	event_row r = {.case_id = out->id, .kind = ESC_EV_OPENED};
	if (apply_event(s, &r, &cs, at, err) != ESC_OK || audit_seal_case(s->db, out->id, err) != ESC_OK)
		return err->status;
	out->seq = 1;
	return ESC_OK;
}

esc_status case_open_in_tx(esc_session *s, const esc_new_case *in, esc_case_ref *out,
                           esc_error *err)
{
	char child[ESC_CHILD_ID_MAX + 1], at[ESC_TS_LEN + 1];
	long long la_id = 0, theme_ids[ESC_MAX_THEMES] = {0};
	size_t ntheme = 0;
	esc_case_state none = {.state = ESC_STATE_NONE};
	esc_actor actor = staff_actor(&s->me);

	memset(out, 0, sizeof *out);
	if (proc_check(&none, ESC_EV_OPENED, ESC_NOTIFY_NONE, &actor, NULL, err) ||
	    validate_new(s, in, child, &la_id, theme_ids, &ntheme, err) ||
	    past_timestamp(s, "opened-at", in->opened_at, at, err) ||
	    (in->refuse_same_child && same_child_refuse(s, in->child_kind, child, err)))
		return err->status;
	if (insert_case(s, in, child, la_id, theme_ids, ntheme, at, out, err) != ESC_OK) {
		memset(out, 0, sizeof *out);
		return err->status;
	}
	return ESC_OK;
}

esc_status case_open(esc_session *s, const esc_new_case *in, esc_case_ref *out, esc_error *err)
{
	if (store_begin(s->db, err) != ESC_OK)
		return err->status;
	if (case_open_in_tx(s, in, out, err) != ESC_OK) {
		store_rollback(s->db);
		return err->status;
	}
	if (store_commit(s->db, err) != ESC_OK) {
		memset(out, 0, sizeof *out);
		return err->status;
	}
	return ESC_OK;
}
