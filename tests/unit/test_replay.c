/* A property of the one procedure engine: random sequences of events, valid
 * and invalid, by random staff, through the write path (case_record); after
 * every step the case's cached state equals verify's replay of its history
 * (both call proc_apply), a refused event writes nothing, and each accepted
 * one does what its row of the table says to the state it was applied to. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "escalate/audit.h"
#include "escalate/procedure.h"
#include "helpers.h"

static uint32_t next_rand(uint32_t *s)
{
	*s = *s * 1103515245u + 12345u;
	return (*s >> 16) & 0x7fff;
}

static const char *const logins[] = {"front", "front2", "named", "desig"};

static esc_event_input random_event(uint32_t *seed, int n)
{
	static const esc_event_kind kinds[] = {ESC_EV_CONTACT,  ESC_EV_CONTACT,   ESC_EV_ESCALATED,
	                                       ESC_EV_ESCALATED, ESC_EV_URGENT,   ESC_EV_INFORMED,
	                                       ESC_EV_NOTE,     ESC_EV_RESOLVED,  ESC_EV_WITHDRAWN,
	                                       ESC_EV_REOPENED};
	static const esc_notify notifies[] = {ESC_NOTIFY_DESIGNATED, ESC_NOTIFY_CHAIR};
	esc_event_input in = {.kind = kinds[next_rand(seed) % 10], .text = "because"};
	switch (in.kind) {
	case ESC_EV_CONTACT:
		in.person_name = "Sam";
		in.person_role = "SW";
		in.person_org = "CS";
		in.concern_remains = next_rand(seed) % 3 != 0;
		break;
	case ESC_EV_INFORMED:
		in.notify = notifies[next_rand(seed) % 2];
		in.whom = "Dr D";
		in.how = "phone";
		break;
	case ESC_EV_ESCALATED:
		in.chair = (esc_chair_answer)(next_rand(seed) % 3);
		break;
	default:
		break;
	}
	(void)n;
	return in;
}

static void test_write_path_equals_replay(void **state)
{
	test_db *t = *state;
	uint32_t seed = 20261201;
	long long ids[6];
	for (int c = 0; c < 6; c++)
		ids[c] = test_case_open(t, c % 2 ? "Kent" : "Surrey", "Other");
	int accepted = 0, refused = 0;
	for (int step = 0; step < 400; step++) {
		long long id = ids[next_rand(&seed) % 6];
		test_db_act_as(t, logins[next_rand(&seed) % 4]);
		esc_event_input in = random_event(&seed, step);
		esc_case_state before = test_case_state(t, id);
		in.seen = (esc_seen){.level = before.level, .state = before.state};
		long long rows = test_db_count(t, "SELECT count(*) FROM events");
		esc_error err = {0};
		esc_status rc = case_record(&t->s, id, 0, &in, &err);
		esc_case_state after = test_case_state(t, id);
		if (rc != ESC_OK) {
			refused++;
			assert_int_equal(test_db_count(t, "SELECT count(*) FROM events"), rows);
			assert_int_equal(after.last_seq, before.last_seq);
			assert_int_equal(after.level, before.level);
			assert_int_equal(after.state, before.state);
			assert_true(err.why != ESC_WHY_NONE || rc == ESC_EINVALID);
		} else {
			accepted++;
			/* The row of the table, applied to the state before, gives the
			 * state after (the chair's answer is a second row). */
			esc_fact f = {.kind = in.kind, .notify = in.notify,
			              .concern_remains = in.concern_remains, .at = after.updated_at,
			              .due = after.level_due};
			esc_case_state want;
			assert_int_equal(proc_apply(&before, &f, &want, &err), ESC_OK);
			assert_int_equal(after.level, want.level);
			assert_int_equal(after.state, want.state);
			if (after.last_seq == want.last_seq) {
				assert_int_equal(after.owed, want.owed);
				assert_int_equal(after.concern_remains, want.concern_remains);
				assert_int_equal(after.urgent, want.urgent);
			}
		}
		if (step % 50 == 49) {
			esc_verify_report rep;
			if (audit_verify(t->s.db, &rep, &err) != ESC_OK)
				fail_msg("step %d: %s", step, err.message);
			assert_int_equal(rep.inconsistent_cases, 0);
		}
	}
	/* Both kinds happened, enough to mean something. */
	assert_true(accepted > 60);
	assert_true(refused > 60);
	/* And the replay is not vacuous: a cached column edited behind the
	 * write path's back is found. */
	test_db_exec(t, "UPDATE cases SET concern_remains = 1 - concern_remains WHERE id = 1");
	esc_verify_report rep;
	esc_error err = {0};
	assert_int_equal(audit_verify(t->s.db, &rep, &err), ESC_ECORRUPT);
	assert_int_equal(rep.inconsistent_cases, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_write_path_equals_replay, test_db_setup,
	                                    test_db_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
