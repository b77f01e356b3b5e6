/* A backup file is untrusted input to `escalate restore` (and to `verify`
 * on a copy): a real escalate database with bytes changed at offsets the
 * input chooses goes through backup_check, the check restore runs before it
 * touches anything.  Invariant: it returns, and it says ESC_OK only with an
 * integrity check of "ok" and no problem found; otherwise a message. */
#include <fcntl.h>
#include <unistd.h>

#include "escalate/backup.h"
#include "escalate/case.h"
#include "escalate/session.h"
#include "escalate/staff.h"
#include "escalate/store.h"
#include "fuzz.h"

static unsigned char *base;
static size_t base_len;
static char dir[] = "/tmp/esc-fuzz-backup.XXXXXX";
static char path[96];

static void clean(void)
{
	const char *suffix[] = {"", "-wal", "-shm", "-journal"};
	for (int i = 0; i < 4; i++) {
		char f[128];
		snprintf(f, sizeof f, "%s%s", path, suffix[i]);
		unlink(f);
	}
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	esc_session s = {0};
	esc_error err = {0};
	char login[ESC_LOGIN_MAX + 1];
	esc_case_ref ref;
	if (!mkdtemp(dir))
		abort();
	snprintf(path, sizeof path, "%s/backup.db", dir);
	esc_new_case in = {.child_kind = ESC_CHILD_LOCAL,
	                   .child_id = "LOC-1",
	                   .local_authority = "Surrey",
	                   .decision = "Referral not accepted",
	                   .concern = "Concern",
	                   .themes = {"Threshold not met"},
	                   .ntheme = 1};
	if (session_open(&s, path, ESC_OPEN_CREATE, -1, &err) != ESC_OK ||
	    esc_real_login(login, sizeof login, &err) != ESC_OK ||
	    staff_add_first_admin(s.db, login, "Fuzz Admin", ESC_ROLE_DESIGNATED, "Fuzz Trust",
	                          "2026-05-01 09:00:00", &err) != ESC_OK ||
	    session_identify(&s, &err) != ESC_OK ||
	    session_set_now(&s, "2026-05-01 09:00", &err) != ESC_OK ||
	    case_open(&s, &in, &ref, &err) != ESC_OK ||
	    store_exec(s.db, "PRAGMA journal_mode = DELETE", &err) != ESC_OK) {
		fprintf(stderr, "fuzz_backup: %s\n", err.message);
		abort();
	}
	session_close(&s);
	FILE *f = fopen(path, "rb");
	if (!f || fseek(f, 0, SEEK_END) != 0)
		abort();
	base_len = (size_t)ftell(f);
	base = malloc(base_len);
	rewind(f);
	if (!base || fread(base, 1, base_len, f) != base_len)
		abort();
	fclose(f);
	clean();
	return 0;
}

/* The input is a list of patches: a 3-byte offset (little-endian, modulo
 * the file's size), a length byte, then that many bytes to write there. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char *copy = malloc(base_len);
	if (!copy)
		abort();
	memcpy(copy, base, base_len);
	size_t i = 0;
	while (i + 4 <= size) {
		size_t off = ((size_t)data[i] | (size_t)data[i + 1] << 8 | (size_t)data[i + 2] << 16) %
		             base_len;
		size_t n = data[i + 3];
		i += 4;
		for (size_t k = 0; k < n && i < size; k++, i++)
			copy[(off + k) % base_len] = data[i];
	}
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || write(fd, copy, base_len) != (ssize_t)base_len)
		abort();
	close(fd);
	free(copy);

	esc_verify_report rep;
	esc_error err = {0};
	esc_status st = backup_check(path, &rep, &err);
	if (st == ESC_OK)
		FUZZ_ASSERT(strcmp(rep.integrity, "ok") == 0 && !rep.problem[0]);
	else
		FUZZ_ASSERT(err.message[0] != '\0');
	clean();
	return 0;
}
