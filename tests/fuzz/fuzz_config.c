/* The parsers of the configuration files in data/ (themes.txt,
 * local_authorities.txt, timescales.conf, bank_holidays.txt), which init
 * reads through esc_data_file().  This target supplies its own
 * esc_data_file() (the generated one is compiled renamed to
 * esc_data_file_real) that returns the fuzz input for those four files and
 * the real schema otherwise.  Input: the four files separated by '\f'.
 * Invariants: a file is either refused with a message or seeds only valid
 * rows (names that pass the text check, timescales 0..365, real dates). */
#include <stdlib.h>
#include <unistd.h>

#include "escalate/calendar.h"
#include "escalate/config.h"
#include "escalate/store.h"
#include "fuzz.h"

const char *esc_data_file_real(const char *name);
const char *esc_data_file(const char *name);

static const char *const names[4] = {"themes.txt", "local_authorities.txt", "timescales.conf",
                                     "bank_holidays.txt"};
static const char *fuzzed[4];
static esc_db *db;

const char *esc_data_file(const char *name)
{
	for (int i = 0; i < 4; i++)
		if (fuzzed[i] && strcmp(name, names[i]) == 0)
			return fuzzed[i];
	return esc_data_file_real(name);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	char dir[] = "/tmp/esc-fuzz-config.XXXXXX", path[64];
	esc_error err = {0};
	if (!mkdtemp(dir))
		abort();
	snprintf(path, sizeof path, "%s/config.db", dir);
	if (store_open(path, ESC_OPEN_CREATE, -1, &db, &err) != ESC_OK) {
		fprintf(stderr, "fuzz_config: %s\n", err.message);
		abort();
	}
	/* The file stays open for the whole run; unlinking now leaves nothing behind. */
	unlink(path);
	char wal[80];
	snprintf(wal, sizeof wal, "%s-wal", path);
	unlink(wal);
	snprintf(wal, sizeof wal, "%s-shm", path);
	unlink(wal);
	rmdir(dir);
	return 0;
}

static long long count(const char *sql)
{
	esc_error err = {0};
	sqlite3_stmt *st = store_prepare(db, sql, &err);
	FUZZ_ASSERT(st && store_step(db, st, &err) == SQLITE_ROW);
	long long n = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 1 << 15)
		return 0;
	fuzz_parts p;
	fuzz_split(data, size, '\f', &p);
	for (int i = 0; i < 4; i++)
		fuzzed[i] = fuzz_part(&p, i);
	esc_error err = {0};
	FUZZ_ASSERT(store_begin(db, &err) == ESC_OK);
	FUZZ_ASSERT(store_exec(db,
	                       "DELETE FROM themes; DELETE FROM local_authorities; "
	                       "DELETE FROM timescales; DELETE FROM bank_holidays; "
	                       "DELETE FROM settings",
	                       &err) == ESC_OK);
	if (config_seed_defaults(db, &err) == ESC_OK) {
		FUZZ_ASSERT(
		    count("SELECT count(*) FROM timescales WHERE working_days NOT BETWEEN 0 "
		          "AND 365 OR level NOT BETWEEN 0 AND 5") == 0);
		FUZZ_ASSERT(
		    count("SELECT count(*) FROM bank_holidays WHERE day NOT GLOB "
		          "'[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]' OR date(day) IS NOT day") ==
		    0);
		FUZZ_ASSERT(
		    count("SELECT count(*) FROM (SELECT name FROM themes UNION ALL SELECT name "
		          "FROM local_authorities) WHERE trim(name) = '' OR instr(name, "
		          "char(27)) OR instr(name, char(10))") == 0);
	} else {
		FUZZ_ASSERT(err.message[0] != '\0');
	}
	store_rollback(db);
	for (int i = 0; i < 4; i++)
		fuzzed[i] = NULL;
	fuzz_parts_free(&p);
	return 0;
}
