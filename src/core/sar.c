/* Subject access: find the child's cases, log the request and each case,
 * read them and their access log rows in that transaction, then write them
 * out (sar.h). */
#include "escalate/sar.h"

#include "escalate/civil.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "escalate/access.h"
#include "escalate/case_format.h"
#include "escalate/query.h"
#include "escalate/session.h"
#include "escalate/store.h"
#include "escalate/text.h"

typedef struct sar_data {
	esc_case *cases;
	size_t ncases;
	esc_access_row *log;
	size_t nlog, caplog;
	bool oom;
} sar_data;

static void sar_free(sar_data *d)
{
	for (size_t i = 0; i < d->ncases; i++)
		esc_case_free(&d->cases[i]);
	free(d->cases);
	free(d->log);
}

static bool keep_row(const esc_access_row *r, void *ctx)
{
	sar_data *d = ctx;
	if (d->nlog == d->caplog) {
		size_t cap = d->caplog ? d->caplog * 2 : 16;
		esc_access_row *p = realloc(d->log, cap * sizeof *p);
		if (!p) {
			d->oom = true;
			return false;
		}
		d->log = p;
		d->caplog = cap;
	}
	d->log[d->nlog++] = *r;
	return true;
}

static esc_status case_ids(struct esc_session *s, esc_child_kind kind, const char *child,
                           long long **ids, size_t *n, esc_error *err)
{
	size_t cap = 0;
	*ids = NULL;
	*n = 0;
	sqlite3_stmt *st = store_prepare(
	    s->db,
	    "SELECT id FROM cases WHERE child_kind = :kind AND child_id = :child ORDER BY id", err);
	if (!st || store_bind_int(st, ":kind", kind, err) ||
	    store_bind_text(st, ":child", child, err))
		return err->status;
	int rc;
	while ((rc = store_step(s->db, st, err)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 8;
			long long *p = realloc(*ids, cap * sizeof *p);
			if (!p) {
				sqlite3_reset(st);
				return esc_fail(err, ESC_EINTERNAL, "", "out of memory");
			}
			*ids = p;
		}
		(*ids)[(*n)++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_reset(st);
	return rc < 0 ? err->status : ESC_OK;
}

/* Everything read inside one transaction, which also writes the log rows. */
static esc_status sar_read(struct esc_session *s, esc_child_kind kind, const char *child,
                           sar_data *d, esc_error *err)
{
	long long *ids = NULL;
	size_t n = 0;
	char scope[128];
	if (store_begin(s->db, err) != ESC_OK) {
		access_explain_readonly(store_path(s->db), err);
		return err->status;
	}
	esc_status st = case_ids(s, kind, child, &ids, &n, err);
	if (st == ESC_OK && n && !(d->cases = calloc(n, sizeof *d->cases)))
		st = esc_fail(err, ESC_EINTERNAL, "", "out of memory");
	snprintf(scope, sizeof scope, "subject access (%s): %zu case%s",
	         kind == ESC_CHILD_NHS ? "NHS number" : "local record number", n,
	         n == 1 ? "" : "s");
	if (st == ESC_OK)
		st = access_append(s, 0, ESC_ACCESS_SAR, scope, (long long)n, err);
	for (size_t i = 0; st == ESC_OK && i < n; i++) {
		st = access_append(s, ids[i], ESC_ACCESS_SAR, "subject access", 1, err);
		if (st == ESC_OK)
			st = query_case(s, ids[i], &d->cases[i], err);
		if (st == ESC_OK)
			d->ncases++;
	}
	for (size_t i = 0; st == ESC_OK && i < n; i++) {
		esc_access_filter f = {.case_id = ids[i]};
		st = access_each(s, &f, keep_row, d, err);
		if (st == ESC_OK && d->oom)
			st = esc_fail(err, ESC_EINTERNAL, "", "out of memory");
	}
	free(ids);
	if (st != ESC_OK) {
		store_rollback(s->db);
		access_explain_readonly(store_path(s->db), err);
		return st;
	}
	if (store_commit(s->db, err) != ESC_OK) {
		access_explain_readonly(store_path(s->db), err);
		return err->status;
	}
	return ESC_OK;
}

static void csv_row(esc_buf *b, const char *ref, const char *section, long long seq, const char *at,
                    const char *field, const char *value)
{
	char num[24];
	snprintf(num, sizeof num, "%lld", seq);
	const char *cells[] = {ref, section, num, at, field, value};
	for (int i = 0; i < 6; i++) {
		esc_csv_field(b, cells[i] ? cells[i] : "");
		esc_buf_puts(b, i < 5 ? "," : "\r\n");
	}
}

static void csv_case(esc_buf *b, const esc_case *c)
{
	const char *ref = c->sum.ref;
	char num[24];
	csv_row(b, ref, "case", 0, c->sum.opened_at, "child_id", c->sum.child_id);
	csv_row(b, ref, "case", 0, c->sum.opened_at, "local_authority", c->sum.local_authority);
	csv_row(b, ref, "case", 0, c->sum.opened_at, "team", c->team);
	csv_row(b, ref, "case", 0, c->sum.opened_at, "agency", c->agency);
	csv_row(b, ref, "case", 0, c->sum.opened_at, "decision", c->decision);
	csv_row(b, ref, "case", 0, c->sum.opened_at, "concern", c->concern);
	for (size_t i = 0; i < c->nthemes; i++)
		csv_row(b, ref, "case", 0, c->sum.opened_at, "theme", c->themes[i]);
	csv_row(b, ref, "case", 0, c->sum.opened_at, "owner", c->sum.owner_login);
	csv_row(b, ref, "case", 0, c->sum.opened_at, "state", esc_state_name(c->sum.state));
	snprintf(num, sizeof num, "%d", c->sum.level);
	csv_row(b, ref, "case", 0, c->sum.opened_at, "level", num);
	for (size_t i = 0; i < c->nevents; i++) {
		const esc_event *e = &c->events[i];
		const char *at = e->at;
		csv_row(b, ref, "event", e->seq, at, "kind", esc_event_name(e->kind));
		csv_row(b, ref, "event", e->seq, at, "actor", e->actor_login);
		snprintf(num, sizeof num, "%d", e->level_after);
		csv_row(b, ref, "event", e->seq, at, "level_after", num);
		const struct {
			const char *field, *value;
		} f[] = {{"text", e->text},
		         {"occurred_at", e->occurred_at},
		         {"person_name", e->person_name},
		         {"person_role", e->person_role},
		         {"person_org", e->person_org},
		         {"notified", e->notify ? proc_notify_name(e->proc, e->notify) : ""},
		         {"whom", e->whom},
		         {"how", e->how},
		         {"informed_at", e->informed_at}};
		for (size_t k = 0; k < sizeof f / sizeof f[0]; k++)
			if (f[k].value && *f[k].value)
				csv_row(b, ref, "event", e->seq, at, f[k].field, f[k].value);
		if (e->kind == ESC_EV_CONTACT)
			csv_row(b, ref, "event", e->seq, at, "outcome",
			        e->concern_remains ? "concern remains" : "resolved");
		for (size_t k = 0; k < e->nactions; k++) {
			csv_row(b, ref, "action", e->seq, at, "text", e->actions[k].text);
			csv_row(b, ref, "action", e->seq, at, "owner", e->actions[k].owner);
			csv_row(b, ref, "action", e->seq, at, "due", e->actions[k].due);
		}
	}
}

static void header_text(esc_buf *b, struct esc_session *s, const char *child, size_t n,
                        const char *now)
{
	esc_buf_printf(b, "Subject access request: the records escalate holds about the child %s\n",
	               child);
	esc_buf_printf(b,
	               "Made %s UTC by %s (%s). Contains %zu case%s, each with its full history, "
	               "agreed actions and notifications, and the access log rows about them.\n",
	               now, s->me.login, s->me.name, n, n == 1 ? "" : "s");
	esc_buf_puts(b, ESC_SAR_THIRD_PARTY "\n");
}

static void write_record(esc_buf *b, struct esc_session *s, const char *child, sar_data *d,
                         const char *now)
{
	esc_buf tmp;
	esc_buf_init(&tmp);
	header_text(&tmp, s, child, d->ncases, now);
	esc_sanitize(b, tmp.data, true);
	for (size_t i = 0; i < d->ncases; i++) {
		esc_buf_puts(b, "\n");
		case_format_record(&d->cases[i], b);
	}
	esc_buf_puts(b, "\nAccess log (who read these cases):\n");
	for (size_t i = 0; i < d->nlog; i++) {
		char when[ESC_CIVIL_TEXT_LEN + 1];
		esc_instant_show(d->log[i].at, 19, when);
		esc_buf_reset(&tmp);
		esc_buf_printf(&tmp, "%s  %s  %s  %s\n", when, d->log[i].ref,
		               d->log[i].login, access_how_label(d->log[i].how));
		esc_sanitize(b, tmp.data, true);
	}
	esc_buf_free(&tmp);
}

static void write_json(esc_buf *b, struct esc_session *s, esc_child_kind kind, const char *child,
                       sar_data *d, const char *now)
{
	esc_buf_puts(b, "{\n  \"subject_access\": {\"child_kind\": ");
	esc_json_string(b, kind == ESC_CHILD_NHS ? "nhs" : "local");
	esc_buf_puts(b, ", \"child_id\": ");
	esc_json_string(b, child);
	esc_buf_puts(b, ", \"made_at\": ");
	esc_json_string(b, now);
	esc_buf_puts(b, ", \"made_by\": ");
	esc_json_string(b, s->me.login);
	esc_buf_printf(b, ", \"cases\": %zu, \"contains\": ", d->ncases);
	esc_json_string(b, "every case about the child with its full history, agreed actions and "
	                   "notifications, and the access log rows about those cases");
	esc_buf_puts(b, ", \"third_party_notice\": ");
	esc_json_string(b, ESC_SAR_THIRD_PARTY);
	esc_buf_puts(b, "},\n  \"cases\": [");
	for (size_t i = 0; i < d->ncases; i++) {
		esc_buf_puts(b, i ? ",\n" : "\n");
		case_format_json(&d->cases[i], b);
	}
	esc_buf_puts(b, "],\n  \"access_log\": [");
	for (size_t i = 0; i < d->nlog; i++) {
		const esc_access_row *r = &d->log[i];
		esc_buf_puts(b, i ? ",\n    {\"at\": " : "\n    {\"at\": ");
		esc_json_string(b, r->at);
		esc_buf_puts(b, ", \"ref\": ");
		esc_json_string(b, r->ref);
		esc_buf_puts(b, ", \"login\": ");
		esc_json_string(b, r->login);
		esc_buf_puts(b, ", \"how\": ");
		esc_json_string(b, access_how_name(r->how));
		esc_buf_puts(b, "}");
	}
	esc_buf_puts(b, "]\n}\n");
}

static void write_csv(esc_buf *b, struct esc_session *s, const char *child, sar_data *d,
                      const char *now)
{
	esc_buf head;
	esc_buf_init(&head);
	header_text(&head, s, child, d->ncases, now);
	/* One line per row: the header's sentences joined by spaces. */
	for (size_t i = 0; i < head.len; i++)
		if (head.data[i] == '\n')
			head.data[i] = i + 1 == head.len ? '\0' : ' ';
	esc_buf_puts(b, "ref,section,seq,at,field,value\r\n");
	csv_row(b, "", "header", 0, now, "notice", head.data);
	for (size_t i = 0; i < d->ncases; i++)
		csv_case(b, &d->cases[i]);
	for (size_t i = 0; i < d->nlog; i++)
		csv_row(b, d->log[i].ref, "access", d->log[i].id, d->log[i].at, d->log[i].login,
		        access_how_name(d->log[i].how));
	esc_buf_free(&head);
}

esc_status sar_export(struct esc_session *s, esc_child_kind kind, const char *child_id,
                      esc_format fmt, FILE *out, long *ncases, esc_error *err)
{
	char child[ESC_CHILD_ID_MAX + 1], now[ESC_TS_LEN + 1];
	sar_data d = {0};
	*ncases = 0;
	if (access_require_oversight(s, "a subject access export", err) != ESC_OK ||
	    esc_child_id_check(kind, child_id, child, sizeof child, err) != ESC_OK)
		return err->status;
	if (fmt != ESC_FMT_JSON && fmt != ESC_FMT_CSV && fmt != ESC_FMT_RECORD)
		return esc_fail(err, ESC_EUSAGE, "format", "format: json, csv or record");
	if (sar_read(s, kind, child, &d, err) != ESC_OK) {
		sar_free(&d);
		return err->status;
	}
	session_now(s, now);
	esc_buf b;
	esc_buf_init(&b);
	if (fmt == ESC_FMT_JSON)
		write_json(&b, s, kind, child, &d, now);
	else if (fmt == ESC_FMT_CSV)
		write_csv(&b, s, child, &d, now);
	else
		write_record(&b, s, child, &d, now);
	*ncases = (long)d.ncases;
	sar_free(&d);
	esc_status st = ESC_OK;
	if (fwrite(b.data, 1, b.len, out) != b.len || fflush(out) != 0)
		st = esc_fail(err, ESC_ESTORAGE, "output", "could not write the records: %s",
		              strerror(errno));
	esc_buf_free(&b);
	return st;
}
