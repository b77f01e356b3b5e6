/* What --against and --db read from the user (issue 11): the receipt found
 * anywhere in a file (audit_receipt_check) and the name of a team database
 * (team_db_path).  Input: the file's bytes (NULs read as spaces, as
 * cli_read_user_file gives them); the same bytes up to the first newline are
 * also tried as a --db name.  Invariants: a receipt check answers only OK
 * (then the token found is this database's own receipt or a prefix state of
 * it), EINVALID or ECORRUPT, with a message; the real receipt placed
 * anywhere in the input is found and holds; a team name accepted has no '/',
 * no sidecar suffix, and ends in ".db". */
#include <locale.h>
#include <sys/stat.h>
#include <unistd.h>

#include "escalate/audit.h"
#include "escalate/session.h"
#include "escalate/staff.h"
#include "escalate/team.h"
#include "fuzz.h"

static esc_session s;
static char receipt[ESC_RECEIPT_MAX];
static char team[64];

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	setlocale(LC_ALL, "C.UTF-8");
	char dir[] = "/tmp/esc-fuzz-receipt.XXXXXX", path[64];
	esc_error err = {0};
	if (!mkdtemp(dir))
		abort();
	snprintf(path, sizeof path, "%s/r.db", dir);
	if (session_open(&s, path, ESC_OPEN_CREATE, -1, &err) != ESC_OK ||
	    staff_add_first_admin(s.db, "admin", "Fuzz Admin", ESC_ROLE_DESIGNATED, "Trust",
	                          "2026-05-01 09:00:00", &err) != ESC_OK ||
	    audit_receipt(s.db, receipt, sizeof receipt, &err) != ESC_OK) {
		fprintf(stderr, "fuzz_receipt: %s\n", err.message);
		abort();
	}
	/* A team directory as team_db_path wants it when the fuzzer runs as
	 * root; otherwise names are refused at the directory, still checked. */
	snprintf(team, sizeof team, "%s/team", dir);
	if (mkdir(team, 0770) == 0 && chown(team, 0, getegid()) != 0)
		fprintf(stderr, "fuzz_receipt: not root: every name is refused at the directory\n");
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	if (!text)
		abort();
	for (size_t i = 0; i < size; i++)
		text[i] = data[i] ? (char)data[i] : ' ';
	text[size] = '\0';

	esc_error err = {0};
	char found[ESC_RECEIPT_MAX];
	esc_status st = audit_receipt_check(s.db, text, found, sizeof found, &err);
	FUZZ_ASSERT(st == ESC_OK || st == ESC_EINVALID || st == ESC_ECORRUPT);
	if (st != ESC_OK)
		FUZZ_ASSERT(err.message[0] != '\0');
	else
		FUZZ_ASSERT(strncmp(found, ESC_RECEIPT_TAG " ", strlen(ESC_RECEIPT_TAG) + 1) == 0);

	/* the real receipt after the input is found when nothing before it is */
	size_t half = size / 2;
	char *mixed = malloc(half + strlen(receipt) + 3);
	if (!mixed)
		abort();
	memcpy(mixed, text, half);
	mixed[half] = '\n';
	strcpy(mixed + half + 1, receipt);
	mixed[half] = '\0';
	bool clean = !strstr(mixed, ESC_RECEIPT_TAG);
	mixed[half] = '\n';
	if (clean)
		FUZZ_ASSERT(audit_receipt_check(s.db, mixed, NULL, 0, &err) == ESC_OK);
	free(mixed);

	/* the first line as a --db name */
	char name[256];
	size_t n = strcspn(text, "\n");
	snprintf(name, sizeof name, "%.*s", (int)(n < 255 ? n : 255), text);
	char out[512];
	if (team_db_path(team, (long)getegid(), name, true, out, sizeof out, &err) == ESC_OK) {
		const char *bare = strrchr(out, '/') + 1;
		FUZZ_ASSERT(!strchr(bare, '/'));
		FUZZ_ASSERT(!strstr(bare, "-wal") && !strstr(bare, "-shm") &&
		            !strstr(bare, "-journal"));
		FUZZ_ASSERT(strlen(bare) >= 3 && strcmp(bare + strlen(bare) - 3, ".db") == 0);
		FUZZ_ASSERT(bare[0] != '.');
	} else {
		FUZZ_ASSERT(err.message[0] != '\0');
	}
	free(text);
	return 0;
}
