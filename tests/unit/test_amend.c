/* Corrections (the `amended` event): who may, by the procedure table, for
 * every role x owner x state x level; the values it changes and keeps; the
 * refusals that write nothing; and verify catching a tampered amendment. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "escalate/amend.h"
#include "escalate/audit.h"
#include "escalate/case_format.h"
#include "escalate/config.h"
#include "escalate/query.h"
#include "escalate/retention.h"
#include "escalate/store.h"
#include "helpers.h"

enum { OWNER = 7, OTHER = 8 };

/* Every role x owner x state x level, against the rule written from SPEC §7
 * independently of the table: open, and the owner or named or designated. */
static void test_guards_every_role_owner_state(void **state)
{
	(void)state;
	static const esc_state states[] = {ESC_STATE_NONE, ESC_STATE_OPEN, ESC_STATE_RESOLVED,
	                                   ESC_STATE_WITHDRAWN};
	static const esc_role roles[] = {ESC_ROLE_FRONTLINE, ESC_ROLE_NAMED, ESC_ROLE_DESIGNATED};
	int checked = 0;
	for (size_t si = 0; si < 4; si++)
		for (int level = 1; level <= ESC_LEVEL_MAX; level++)
			for (size_t ri = 0; ri < 3; ri++)
				for (int owner = 0; owner < 2; owner++)
					for (int active = 0; active < 2; active++) {
						esc_case_state cs = {.state = states[si],
						                     .level = level,
						                     .owner_id = OWNER,
						                     .last_seq = 3};
						esc_actor a = {.staff_id = owner ? OWNER : OTHER,
						               .role = roles[ri],
						               .active = active};
						bool want = active &&
						            states[si] == ESC_STATE_OPEN &&
						            (owner || roles[ri] >= ESC_ROLE_NAMED);
						esc_error err = {0};
						esc_status rc =
						    proc_check(&cs, ESC_EV_AMENDED, ESC_NOTIFY_NONE,
						               &a, NULL, &err);
						checked++;
						if (want != (rc == ESC_OK))
							fail_msg("amend by %s%s (%s) on a case %s "
							         "at level %d: %s",
							         esc_role_name(a.role),
							         owner ? " owner" : "",
							         active ? "active" : "inactive",
							         esc_state_name(cs.state), level,
							         err.message);
						if (rc != ESC_OK && states[si] != ESC_STATE_NONE) {
							assert_int_equal(rc, ESC_EDENIED);
							assert_int_equal(
							    err.why,
							    active && states[si] == ESC_STATE_OPEN
							        ? ESC_WHY_ROLE
							        : (active ? ESC_WHY_STATE
							                  : ESC_WHY_ROLE));
						}
						/* The interface offers it exactly when allowed. */
						esc_option opts[ESC_OPTIONS_MAX];
						size_t n =
						    proc_options(&cs, &a, opts, ESC_OPTIONS_MAX);
						bool offered = false;
						for (size_t i = 0; i < n; i++)
							if (opts[i].ev == ESC_EV_AMENDED)
								offered = opts[i].allowed;
						assert_int_equal(offered, rc == ESC_OK);
					}
	assert_int_equal(checked, 4 * 5 * 3 * 2 * 2);
	/* An amendment moves nothing but the sequence and the time. */
	esc_case_state cs = {.state = ESC_STATE_OPEN,
	                     .level = 4,
	                     .owner_id = OWNER,
	                     .last_seq = 9,
	                     .concern_remains = true,
	                     .urgent = true,
	                     .owed = 1u << ESC_NOTIFY_DESIGNATED,
	                     .level_since = "a",
	                     .level_due = "2026-05-08",
	                     .updated_at = "b"};
	esc_fact f = {.kind = ESC_EV_AMENDED, .at = "2026-05-09T10:00:00Z"};
	esc_case_state next;
	assert_int_equal(proc_apply(&cs, &f, &next, NULL), ESC_OK);
	assert_int_equal(next.level, 4);
	assert_int_equal(next.state, ESC_STATE_OPEN);
	assert_true(next.concern_remains && next.urgent);
	assert_int_equal(next.owed, cs.owed);
	assert_string_equal(next.level_due, "2026-05-08");
	assert_string_equal(next.level_since, "a");
	assert_int_equal(next.last_seq, 10);
	assert_string_equal(next.updated_at, "2026-05-09T10:00:00Z");
}

static void verify_ok(test_db *t)
{
	esc_verify_report rep;
	esc_error err = {0};
	if (audit_verify(t->s.db, &rep, &err) != ESC_OK)
		fail_msg("verify: %s", err.message);
}

static char *text_of(test_db *t, long long id, const char *col)
{
	char sql[200];
	snprintf(sql, sizeof sql, "SELECT %s FROM cases WHERE id = %lld", col, id);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(store_handle(t->s.db), sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	char *v = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return v;
}

static esc_status amend(test_db *t, long long id, esc_amend_field f, int contact, const char *to,
                        const char *reason, esc_error *err)
{
	esc_amend_input in = {.field = f, .contact = contact, .to = to, .reason = reason};
	esc_error_clear(err);
	return case_amend(&t->s, id, &in, err);
}

static void test_amend_values(void **state)
{
	test_db *t = *state;
	esc_error err = {0};
	long long id = test_case_open(t, "Kent", "Other");
	test_case_contact(t, id, true);
	test_db_at(t, "2026-05-02 10:00");

	/* The owner (frontline) corrects the decision: the case holds the new
	 * value, the history the old one. */
	assert_int_equal(amend(t, id, ESC_AMEND_DECISION, 0, "Corrected decision", "typo", &err),
	                 ESC_OK);
	char *v = text_of(t, id, "decision");
	assert_string_equal(v, "Corrected decision");
	free(v);
	assert_int_equal(test_db_count(t, "SELECT count(*) FROM events WHERE kind = 'amended' AND "
	                                  "amend_field = 'decision' AND new_value = "
	                                  "'Corrected decision' AND text = 'typo'"),
	                 1);
	assert_int_equal(test_case_state(t, id).last_seq, 3);

	/* Themes as a whole: the first given is the first theme. */
	assert_int_equal(
	    amend(t, id, ESC_AMEND_THEMES, 0, "Information sharing; Other", "themes", &err),
	    ESC_OK);
	assert_int_equal(test_db_count(t, "SELECT count(*) FROM case_themes"), 2);
	assert_int_equal(test_db_count(t, "SELECT count(*) FROM cases c JOIN themes t ON t.id = "
	                                  "c.first_theme_id WHERE t.name = 'Information sharing'"),
	                 1);
	assert_int_equal(amend(t, id, ESC_AMEND_THEMES, 0, "Information sharing", "one", &err),
	                 ESC_OK);
	assert_int_equal(test_db_count(t, "SELECT count(*) FROM case_themes"), 1);

	/* A named professional who does not own it may; the summary of the one
	 * contact shows as amended, its row unchanged. */
	test_db_act_as(t, "named");
	assert_int_equal(amend(t, id, ESC_AMEND_SUMMARY, 0, "Better summary", "detail", &err),
	                 ESC_OK);
	assert_int_equal(amend(t, id, ESC_AMEND_TEAM, 0, "Kent East", "team", &err), ESC_OK);
	esc_case c;
	assert_int_equal(query_case(&t->s, id, &c, &err), ESC_OK);
	assert_string_equal(c.events[1].text, "Better summary");
	assert_true(c.events[1].amended);
	assert_string_equal(c.team, "Kent East");
	assert_string_equal(c.decision, "Corrected decision");
	esc_buf b;
	esc_buf_init(&b);
	case_format_text(&c, &b);
	assert_non_null(strstr(b.data, "Amended the decision challenged by"));
	assert_non_null(strstr(b.data, "Now: Corrected decision"));
	esc_buf_reset(&b);
	case_format_record(&c, &b);
	assert_non_null(strstr(b.data, "Amended the summary of contact 1"));
	esc_buf_reset(&b);
	case_format_json(&c, &b);
	assert_non_null(strstr(b.data, "\"amendment\":{\"field\":\"team\",\"contact_seq\":null,"
	                               "\"old_value\":\"\",\"new_value\":\"Kent East\"}"));
	esc_buf_free(&b);
	esc_case_free(&c);
	/* The contact's own row keeps what was recorded. */
	assert_int_equal(test_db_count(t, "SELECT count(*) FROM events WHERE seq = 2 AND "
	                                  "kind = 'contact' AND text = 'Discussed the decision'"),
	                 1);
	verify_ok(t);
}

/* Each refusal says why and writes nothing. */
static void test_amend_refusals(void **state)
{
	test_db *t = *state;
	esc_error err = {0};
	long long id = test_case_open(t, "Kent", "Other");
	long long before = test_case_state(t, id).last_seq;
	long long amended = test_db_count(t, "SELECT count(*) FROM events");

	test_db_act_as(t, "front2"); /* frontline, not the owner */
	assert_int_equal(amend(t, id, ESC_AMEND_DECISION, 0, "x", "y", &err), ESC_EDENIED);
	assert_int_equal(err.why, ESC_WHY_ROLE);
	test_db_act_as(t, "front");
	assert_int_equal(amend(t, id, ESC_AMEND_DECISION, 0, "bad\x01text", "y", &err),
	                 ESC_EINVALID);
	assert_string_equal(err.field, "decision");
	assert_int_equal(amend(t, id, ESC_AMEND_CONCERN, 0, "bad \xff utf8", "y", &err),
	                 ESC_EINVALID);
	assert_string_equal(err.field, "concern");
	assert_int_equal(amend(t, id, ESC_AMEND_CONCERN, 0, "", "y", &err), ESC_EINVALID);
	assert_int_equal(amend(t, id, ESC_AMEND_TEAM, 0, "two\nlines", "y", &err), ESC_EINVALID);
	assert_string_equal(err.field, "team");
	assert_int_equal(amend(t, id, ESC_AMEND_THEMES, 0, "No such theme", "y", &err),
	                 ESC_EINVALID);
	assert_string_equal(err.field, "themes");
	assert_int_equal(amend(t, id, ESC_AMEND_THEMES, 0, " ; ", "y", &err), ESC_EINVALID);
	assert_int_equal(amend(t, id, ESC_AMEND_DECISION, 0, "new", "", &err), ESC_EINVALID);
	assert_string_equal(err.field, "reason");
	assert_int_equal(amend(t, id, ESC_AMEND_SUMMARY, 0, "s", "y", &err), ESC_EINVALID);
	assert_string_equal(err.field, "contact");
	assert_int_equal(amend(t, id, ESC_AMEND_THEMES, 0, "Other", "same", &err), ESC_EINVALID);
	assert_non_null(strstr(err.message, "same as the current one"));
	char *big = malloc(ESC_LONG_MAX + 2);
	memset(big, 'a', ESC_LONG_MAX + 1);
	big[ESC_LONG_MAX + 1] = '\0';
	assert_int_equal(amend(t, id, ESC_AMEND_DECISION, 0, big, "long", &err), ESC_EINVALID);
	free(big);

	/* The value the form showed changed meanwhile: a conflict. */
	esc_amend_input in = {.field = ESC_AMEND_DECISION,
	                      .to = "mine",
	                      .reason = "r",
	                      .seen = "not what it says now"};
	assert_int_equal(case_amend(&t->s, id, &in, &err), ESC_ECONFLICT);

	/* A closed case is not amended. */
	test_db_act_as(t, "named");
	assert_int_equal(test_case_event(t, id, ESC_EV_WITHDRAWN, "gone", &err), ESC_OK);
	before++;
	amended++;
	assert_int_equal(amend(t, id, ESC_AMEND_DECISION, 0, "late", "y", &err), ESC_EDENIED);
	assert_int_equal(err.why, ESC_WHY_STATE);
	assert_int_equal(test_case_state(t, id).last_seq, before);
	assert_int_equal(test_db_count(t, "SELECT count(*) FROM events"), amended);
	verify_ok(t);
}

/* An edit behind escalate's back, of an amendment or of what it left. */
static void test_verify_catches_tampering(void **state)
{
	test_db *t = *state;
	esc_error err = {0};
	esc_verify_report rep;
	long long id = test_case_open(t, "Kent", "Other");
	test_db_at(t, "2026-05-02 10:00");
	assert_int_equal(amend(t, id, ESC_AMEND_DECISION, 0, "Second", "r", &err), ESC_OK);
	assert_int_equal(amend(t, id, ESC_AMEND_THEMES, 0, "Information sharing", "r", &err),
	                 ESC_OK);
	verify_ok(t);

	/* The current value changed without an amendment. */
	test_db_exec(t, "UPDATE cases SET decision = 'Edited' WHERE id = 1");
	assert_int_equal(audit_verify(t->s.db, &rep, &err), ESC_ECORRUPT);
	assert_true(rep.inconsistent_cases > 0);
	assert_non_null(strstr(rep.problem, "decision"));
	test_db_exec(t, "UPDATE cases SET decision = 'Second' WHERE id = 1");
	verify_ok(t);

	/* A theme put back behind its amendment's back. */
	test_db_exec(t, "INSERT INTO case_themes(case_id, theme_id) "
	                "SELECT 1, id FROM themes WHERE name = 'Other'");
	assert_int_equal(audit_verify(t->s.db, &rep, &err), ESC_ECORRUPT);
	assert_non_null(strstr(rep.problem, "themes"));
	test_db_exec(t, "DROP TRIGGER case_themes_no_delete; DELETE FROM case_themes WHERE "
	                "theme_id = (SELECT id FROM themes WHERE name = 'Other')");
	verify_ok(t);

	/* The amendment's old value rewritten, hashes and all: the case's seal
	 * (of what it was opened with) no longer holds. */
	test_db_exec(t, "DROP TRIGGER events_no_update;"
	                "UPDATE events SET old_value = 'Forged' WHERE amend_field = 'decision';");
	assert_int_equal(audit_verify(t->s.db, &rep, &err), ESC_ECORRUPT);
	assert_true(rep.first_broken_event > 0);
	test_db_exec(t,
	             "WITH RECURSIVE chain(id, hash) AS (SELECT 0, '' UNION ALL "
	             "SELECT e.id, CASE WHEN e.amend_field IS NULL THEN "
	             "esc_hash(chain.hash, " ESC_HASHED_EVENT_COLUMNS_V2
	             ") ELSE esc_hash(chain.hash, " ESC_HASHED_EVENT_COLUMNS_V3
	             ") END FROM chain JOIN events e ON e.id = "
	             "(SELECT min(id) FROM events WHERE id > chain.id)) "
	             "UPDATE events SET prev_hash = coalesce((SELECT c.hash FROM chain c WHERE "
	             "c.id = events.id - 1), ''), hash = (SELECT c.hash FROM chain c WHERE c.id = "
	             "events.id)");
	assert_int_equal(audit_verify(t->s.db, &rep, &err), ESC_ECORRUPT);
	assert_int_equal(rep.first_broken_event, 0);
	assert_true(rep.broken_seals > 0);
}

/* A retention purge blanks an amendment's values with the rest of the
 * case's content; the tombstone and verify still hold. */
static void test_purge_blanks_amendments(void **state)
{
	test_db *t = *state;
	esc_error err = {0};
	long long id = test_case_open(t, "Kent", "Other");
	test_case_contact(t, id, true);
	assert_int_equal(amend(t, id, ESC_AMEND_SUMMARY, 0, "Who said what", "detail", &err),
	                 ESC_OK);
	assert_int_equal(amend(t, id, ESC_AMEND_CONCERN, 0, "The real concern", "r", &err), ESC_OK);
	assert_int_equal(test_case_event(t, id, ESC_EV_RESOLVED, "settled", &err), ESC_OK);
	test_db_act_as(t, "admin");
	assert_int_equal(config_set_retention(&t->s, 1, &err), ESC_OK);
	test_db_at(t, "2028-05-02 09:00");
	test_db_act_as(t, "desig");
	assert_int_equal(retention_purge(&t->s, "ESC-2026-0001", "past retention", &err), ESC_OK);
	assert_int_equal(test_db_count(t, "SELECT count(*) FROM events WHERE kind = 'amended' "
	                                  "AND old_value IS NULL AND new_value IS NULL"),
	                 2);
	assert_int_equal(test_db_count(t, "SELECT count(*) FROM events WHERE kind = 'amended' "
	                                  "AND amend_field IS NOT NULL"),
	                 2);
	verify_ok(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_guards_every_role_owner_state),
	    cmocka_unit_test_setup_teardown(test_amend_values, test_db_setup, test_db_teardown),
	    cmocka_unit_test_setup_teardown(test_amend_refusals, test_db_setup, test_db_teardown),
	    cmocka_unit_test_setup_teardown(test_verify_catches_tampering, test_db_setup,
	                                    test_db_teardown),
	    cmocka_unit_test_setup_teardown(test_purge_blanks_amendments, test_db_setup,
	                                    test_db_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
