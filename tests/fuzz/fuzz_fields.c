/* Every text field a user gives on the command line or in a form, through
 * the core's own write path: case_open, case_record and case_amend (every
 * field corrected to one value) on a real database, then the case read back and formatted for the terminal, the clinical
 * record and JSON.  Input: the fields separated by NUL, in the order of
 * `field_names` below.
 * Invariants: a refusal names a field and changes nothing in the file; what
 * is accepted comes back out terminal-safe in the text and record formats
 * and as valid UTF-8 in JSON. */
#include <locale.h>
#include <stdlib.h>
#include <unistd.h>

#include "escalate/amend.h"
#include "escalate/case.h"
#include "escalate/case_format.h"
#include "escalate/query.h"
#include "escalate/session.h"
#include "escalate/staff.h"
#include "escalate/text.h"
#include "fuzz.h"

enum {
	F_CHILD,
	F_LA,
	F_TEAM,
	F_AGENCY,
	F_DECISION,
	F_CONCERN,
	F_THEME,
	F_TEXT,
	F_PNAME,
	F_PROLE,
	F_PORG,
	F_AT,
	F_ATEXT,
	F_AOWNER,
	F_ADUE,
	F_WHOM,
	F_HOW,
	F_AMEND,   /* the corrected value, for every field in turn */
	F_AREASON, /* the reason of the corrections */
	F_N
};

static esc_session s;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	setlocale(LC_ALL, "C.UTF-8");
	char dir[] = "/tmp/esc-fuzz-fields.XXXXXX", path[64], login[ESC_LOGIN_MAX + 1];
	esc_error err = {0};
	if (!mkdtemp(dir))
		abort();
	snprintf(path, sizeof path, "%s/fields.db", dir);
	if (session_open(&s, path, ESC_OPEN_CREATE, -1, &err) != ESC_OK ||
	    esc_real_login(login, sizeof login, &err) != ESC_OK ||
	    staff_add_first_admin(s.db, login, "Fuzz Admin", ESC_ROLE_DESIGNATED, "Fuzz Trust",
	                          "2026-05-01 09:00:00", &err) != ESC_OK ||
	    session_identify(&s, &err) != ESC_OK ||
	    session_set_now(&s, "2026-05-01 09:00", &err) != ESC_OK) {
		fprintf(stderr, "fuzz_fields: %s\n", err.message);
		abort();
	}
	/* The file stays open for the whole run; nothing is left behind. */
	const char *suffix[] = {"", "-wal", "-shm"};
	for (int i = 0; i < 3; i++) {
		char f[96];
		snprintf(f, sizeof f, "%s%s", path, suffix[i]);
		unlink(f);
	}
	rmdir(dir);
	return 0;
}

static long long rows(void)
{
	esc_error err = {0};
	sqlite3_stmt *st = store_prepare(s.db,
	                                 "SELECT (SELECT count(*) FROM cases) * 1000000 + "
	                                 "(SELECT count(*) FROM events) * 1000 + "
	                                 "(SELECT count(*) FROM actions)",
	                                 &err);
	FUZZ_ASSERT(st && store_step(s.db, st, &err) == SQLITE_ROW);
	long long n = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return n;
}

/* Outcome of a write: accepted, or refused naming a field with nothing written. */
static void outcome(esc_status st, const esc_error *err, long long before)
{
	if (st == ESC_OK)
		return;
	FUZZ_ASSERT(st == ESC_EINVALID || st == ESC_EDENIED || st == ESC_EUSAGE ||
	            st == ESC_ENOTFOUND);
	FUZZ_ASSERT(err->message[0] != '\0');
	if (st == ESC_EINVALID)
		FUZZ_ASSERT(err->field[0] != '\0');
	FUZZ_ASSERT(rows() == before);
}

static void check_output(long long id)
{
	esc_case c;
	esc_error err = {0};
	FUZZ_ASSERT(query_case(&s, id, &c, &err) == ESC_OK);
	esc_buf b;
	esc_buf_init(&b);
	case_format_text(&c, &b);
	FUZZ_ASSERT(fuzz_terminal_safe(b.data, b.len, true));
	esc_buf_reset(&b);
	case_format_record(&c, &b);
	FUZZ_ASSERT(fuzz_terminal_safe(b.data, b.len, true));
	esc_buf_reset(&b);
	case_format_json(&c, &b);
	FUZZ_ASSERT(esc_utf8_valid(b.data, b.len));
	esc_buf_free(&b);
	esc_case_free(&c);
}

static const char *or_default(const char *v, const char *dflt)
{
	return *v ? v : dflt;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 1 << 14)
		return 0;
	fuzz_parts p;
	fuzz_split(data, size, '\0', &p);
	const char *f[F_N];
	for (int i = 0; i < F_N; i++)
		f[i] = fuzz_part(&p, i);
	const char *child = f[F_CHILD];
	bool digits = *child && strspn(child, "0123456789 -") == strlen(child);
	esc_new_case in = {
	    .child_kind = digits ? ESC_CHILD_NHS : ESC_CHILD_LOCAL,
	    .child_id = or_default(child, "LOCAL-1"),
	    .local_authority = or_default(f[F_LA], "Kent"),
	    .team = f[F_TEAM],
	    .agency = f[F_AGENCY],
	    .decision = or_default(f[F_DECISION], "Referral not accepted"),
	    .concern = or_default(f[F_CONCERN], "a concern"),
	    .themes = {or_default(f[F_THEME], "Other")},
	    .ntheme = 1,
	};
	esc_error err = {0};
	esc_case_ref ref;
	long long before = rows();
	esc_status st = case_open(&s, &in, &ref, &err);
	outcome(st, &err, before);
	if (st != ESC_OK) {
		fuzz_parts_free(&p);
		return 0;
	}
	esc_event_input contact = {
	    .kind = ESC_EV_CONTACT,
	    .text = f[F_TEXT],
	    .occurred_at = f[F_AT],
	    .person_name = f[F_PNAME],
	    .person_role = f[F_PROLE],
	    .person_org = f[F_PORG],
	    .concern_remains = true,
	    .actions = {{.text = f[F_ATEXT], .owner = f[F_AOWNER], .due = f[F_ADUE]}},
	    .nactions = *f[F_ATEXT] ? 1 : 0,
	};
	esc_event_input esc = {.kind = ESC_EV_ESCALATED, .text = f[F_TEXT]};
	esc_event_input urgent = {.kind = ESC_EV_URGENT, .text = f[F_TEXT]};
	esc_event_input inform = {.kind = ESC_EV_INFORMED,
	                          .notify = ESC_NOTIFY_DESIGNATED,
	                          .whom = f[F_WHOM],
	                          .how = f[F_HOW],
	                          .informed_at = f[F_AT]};
	esc_event_input note = {.kind = ESC_EV_NOTE, .text = f[F_TEXT]};
	esc_event_input resolve = {.kind = ESC_EV_RESOLVED, .text = f[F_TEXT]};
	const esc_event_input *seq[] = {&contact, &esc, &urgent, &inform, &note};
	for (size_t i = 0; i < sizeof seq / sizeof seq[0]; i++) {
		before = rows();
		outcome(case_record(&s, ref.id, 0, seq[i], &err), &err, before);
	}
	for (int fld = ESC_AMEND_DECISION; fld <= ESC_AMEND_SUMMARY; fld++) {
		esc_amend_input fix = {.field = (esc_amend_field)fld, .to = f[F_AMEND],
		                       .reason = or_default(f[F_AREASON], "a correction")};
		before = rows();
		outcome(case_amend(&s, ref.id, &fix, &err), &err, before);
	}
	before = rows();
	outcome(case_record(&s, ref.id, 0, &resolve, &err), &err, before);
	check_output(ref.id);
	fuzz_parts_free(&p);
	return 0;
}
