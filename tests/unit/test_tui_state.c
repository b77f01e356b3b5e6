/* The case list's remembered view (state.h): the state file's parser takes
 * exactly what the formatter writes and refuses everything else whole —
 * garbage, hostile values, another version, duplicates — without a crash;
 * the file is written atomically as 0600 in a 0700 folder under
 * $XDG_STATE_HOME/escalate (or ~/.local/state/escalate), one per login and
 * database, and a file that is not a plain file of this user's that only
 * they could write is ignored. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "state.h"

static bool parse_str(const char *text, tui_state *out)
{
	return tui_state_parse(text, strlen(text), out);
}

static void assert_same(const tui_state *a, const tui_state *b)
{
	assert_int_equal(a->view, b->view);
	assert_int_equal(a->sort, b->sort);
	assert_int_equal(a->level, b->level);
	assert_string_equal(a->la, b->la);
	assert_string_equal(a->theme, b->theme);
}

static void roundtrip(const tui_state *st)
{
	esc_buf b;
	tui_state back = {.view = -1};
	esc_buf_init(&b);
	tui_state_format(st, &b);
	assert_true(tui_state_parse(b.data, b.len, &back));
	assert_same(st, &back);
	esc_buf_free(&b);
}

static void test_roundtrip(void **state)
{
	(void)state;
	tui_state st = tui_state_default();
	assert_int_equal(st.view, LV_OPEN);
	roundtrip(&st);
	for (int v = 0; v < LV_COUNT; v++)
		for (int s = ESC_SORT_AGE; s <= ESC_SORT_NEWEST; s++) {
			st = (tui_state){.view = v, .sort = (esc_sort)s, .level = (v + s) % 6};
			snprintf(st.la, sizeof st.la, "%s",
			         v % 2 ? "Bournemouth, Christchurch and Poole" : "");
			snprintf(st.theme, sizeof st.theme, "%s",
			         s ? "Drift / lack of progression" : "");
			roundtrip(&st);
		}
	st = tui_state_default();
	snprintf(st.la, sizeof st.la, "Ynys Môn = Anglesey"); /* '=' and UTF-8 in a value */
	roundtrip(&st);
}

static void test_reads_what_a_person_might_write(void **state)
{
	(void)state;
	tui_state st;
	assert_true(parse_str("version=1\n", &st));
	assert_same(&st, &(tui_state){.view = LV_OPEN, .sort = ESC_SORT_AGE});
	assert_true(parse_str("# a comment\n\nversion=1\nview=needs\nsort=newest\nlevel=3\n"
	                      "la=Kent\ntheme=Other", /* no final newline */
	                      &st));
	assert_int_equal(st.view, LV_NEEDS);
	assert_int_equal(st.sort, ESC_SORT_NEWEST);
	assert_int_equal(st.level, 3);
	assert_string_equal(st.la, "Kent");
	assert_string_equal(st.theme, "Other");
}

/* Each is refused whole, and *out is left as it was. */
static void test_refuses_garbage(void **state)
{
	(void)state;
	char longname[ESC_SHORT_MAX + 40];
	memset(longname, 'x', sizeof longname);
	memcpy(longname, "version=1\nla=", 13);
	longname[sizeof longname - 1] = '\0';
	const char *const bad[] = {
	    "",
	    "\n\n# nothing else\n",
	    "view=open\n",            /* no version */
	    "view=open\nversion=1\n", /* a key before the version */
	    "version=2\n",            /* another version */
	    "version=11\n",
	    "version=1\nversion=1\n", /* twice */
	    "version=1\nview=open\nview=all\n",
	    "version=1\ncolour=red\n", /* unknown key */
	    "version=1\nview\n",       /* no '=' */
	    "version=1\n=open\n",
	    "version=1\nview=\n",
	    "version=1\nview=Open\n",
	    "version=1\nview=open \n",
	    " version=1\n",
	    "version=1\nsort=fastest\n",
	    "version=1\nlevel=6\n",
	    "version=1\nlevel=-1\n",
	    "version=1\nlevel=10\n",
	    "version=1\nlevel=\n",
	    "version=1\nlevel=x\n",
	    "version=1\r\nview=open\r\n", /* CRLF */
	    "version=1\nla=Kent\r\n",
	    "version=1\nla=\x1b[31mKent\n", /* a terminal escape */
	    "version=1\ntheme=\x7f\n",
	    "version=1\nla=\xc3\n", /* invalid UTF-8 */
	    "version=1\nla=\xed\xa0\x80\n",
	    "version=1\nla=   \x01\n",
	    longname,
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		tui_state st = {.view = 77, .level = 9};
		if (tui_state_parse(bad[i], strlen(bad[i]), &st))
			fail_msg("parsed bad input %zu: %s", i, bad[i]);
		assert_int_equal(st.view, 77);
		assert_int_equal(st.level, 9);
	}
	/* A NUL inside, and a file longer than any this module writes. */
	tui_state st;
	assert_false(tui_state_parse("version=1\nla=Ke\0nt\n", 19, &st));
	char *big = malloc(TUI_STATE_MAX + 2);
	assert_non_null(big);
	memset(big, '#', TUI_STATE_MAX + 1);
	memcpy(big, "version=1\n", 10);
	assert_false(tui_state_parse(big, TUI_STATE_MAX + 1, &st));
	free(big);
	assert_false(tui_state_parse(NULL, 0, &st));
}

/* Random bytes and mutations of a good file: never a crash, and whatever
 * parses holds only valid values. */
static void test_random_input(void **state)
{
	(void)state;
	uint32_t seed = 12345;
	char good[] = "version=1\nview=mine\nsort=level\nlevel=2\nla=Kent\ntheme=Other\n";
	char buf[256];
	for (int round = 0; round < 40000; round++) {
		size_t len;
		if (round % 2) {
			len = sizeof good - 1;
			memcpy(buf, good, len);
			for (int k = 0; k < 1 + round % 4; k++) {
				seed = seed * 1103515245u + 12345u;
				buf[(seed >> 8) % len] = (char)(seed >> 16);
			}
		} else {
			seed = seed * 1103515245u + 12345u;
			len = (seed >> 8) % sizeof buf;
			for (size_t k = 0; k < len; k++) {
				seed = seed * 1103515245u + 12345u;
				buf[k] = (char)(seed >> 16);
			}
		}
		tui_state st = tui_state_default();
		if (!tui_state_parse(buf, len, &st))
			continue;
		assert_true(st.view >= 0 && st.view < LV_COUNT);
		assert_true(st.sort >= ESC_SORT_AGE && st.sort <= ESC_SORT_NEWEST);
		assert_true(st.level >= 0 && st.level <= ESC_LEVEL_MAX);
		esc_error err;
		assert_int_equal(esc_check_text("la", st.la, ESC_SHORT_MAX, false, false, &err),
		                 ESC_OK);
		assert_int_equal(
		    esc_check_text("theme", st.theme, ESC_SHORT_MAX, false, false, &err), ESC_OK);
		roundtrip(&st);
	}
}

typedef struct files {
	char root[64], db[128], dir[192], file[320];
} files;

static int files_setup(void **state)
{
	files *f = calloc(1, sizeof *f);
	snprintf(f->root, sizeof f->root, "/tmp/esc-state.XXXXXX");
	if (!f || !mkdtemp(f->root))
		return -1;
	snprintf(f->db, sizeof f->db, "%s/team.db", f->root);
	FILE *db = fopen(f->db, "w");
	if (!db)
		return -1;
	fclose(db);
	char xdg[96];
	snprintf(xdg, sizeof xdg, "%s/state", f->root);
	setenv("XDG_STATE_HOME", xdg, 1);
	*state = f;
	return 0;
}

static int files_teardown(void **state)
{
	files *f = *state;
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->root);
	if (system(cmd) != 0)
		return -1;
	free(f);
	return 0;
}

static void write_text(const char *path, const char *text, mode_t mode)
{
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
	assert_int_equal(chmod(path, mode), 0);
}

static void test_file_written_and_read(void **state)
{
	files *f = *state;
	esc_error err = {0};
	tui_state st = {.view = LV_OVERDUE, .sort = ESC_SORT_LEVEL, .level = 2}, back;
	snprintf(st.la, sizeof st.la, "Kent");

	assert_false(tui_state_load(f->db, "alice", &back)); /* nothing yet */
	assert_int_equal(tui_state_save(f->db, "alice", &st, &err), ESC_OK);
	assert_true(tui_state_path(f->db, "alice", f->dir, sizeof f->dir, f->file, sizeof f->file));
	char want_dir[128];
	snprintf(want_dir, sizeof want_dir, "%s/state/escalate", f->root);
	assert_string_equal(f->dir, want_dir);
	struct stat sb;
	assert_int_equal(stat(f->dir, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0700);
	assert_int_equal(stat(f->file, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_true(tui_state_load(f->db, "alice", &back));
	assert_same(&st, &back);

	/* Another login, or another database: another file. */
	assert_false(tui_state_load(f->db, "bob", &back));
	char other[160], ofile[320], odir[192];
	snprintf(other, sizeof other, "%s/other.db", f->root);
	assert_true(tui_state_path(other, "alice", odir, sizeof odir, ofile, sizeof ofile));
	assert_string_not_equal(ofile, f->file);
	/* The same database by another name: the same file. */
	char link[160], lfile[320], ldir[192];
	snprintf(link, sizeof link, "%s/link.db", f->root);
	assert_int_equal(symlink(f->db, link), 0);
	assert_true(tui_state_path(link, "alice", ldir, sizeof ldir, lfile, sizeof lfile));
	assert_string_equal(lfile, f->file);

	/* Written again: replaced whole, no temporary file left beside it. */
	st.view = LV_ALL;
	assert_int_equal(tui_state_save(f->db, "alice", &st, &err), ESC_OK);
	assert_true(tui_state_load(f->db, "alice", &back));
	assert_int_equal(back.view, LV_ALL);
	char cmd[400];
	snprintf(cmd, sizeof cmd, "test $(ls -A '%s' | wc -l) = 1", f->dir);
	assert_int_equal(system(cmd), 0);
}

static void test_hostile_files_ignored(void **state)
{
	files *f = *state;
	esc_error err = {0};
	tui_state st = tui_state_default(), back;
	assert_int_equal(tui_state_save(f->db, "alice", &st, &err), ESC_OK);
	assert_true(tui_state_path(f->db, "alice", f->dir, sizeof f->dir, f->file, sizeof f->file));

	write_text(f->file, "version=1\nview=all\n\x1b]0;owned\x07\n", 0600);
	assert_false(tui_state_load(f->db, "alice", &back));
	/* Good text, but others could have written it. */
	write_text(f->file, "version=1\nview=all\n", 0666);
	assert_false(tui_state_load(f->db, "alice", &back));
	write_text(f->file, "version=1\nview=all\n", 0600);
	assert_true(tui_state_load(f->db, "alice", &back));
	assert_int_equal(back.view, LV_ALL);
	/* A link put in its place is not followed; a folder is not a file. */
	char target[160];
	snprintf(target, sizeof target, "%s/elsewhere", f->root);
	write_text(target, "version=1\nview=mine\n", 0600);
	assert_int_equal(unlink(f->file), 0);
	assert_int_equal(symlink(target, f->file), 0);
	assert_false(tui_state_load(f->db, "alice", &back));
	assert_int_equal(unlink(f->file), 0);
	assert_int_equal(mkdir(f->file, 0700), 0);
	assert_false(tui_state_load(f->db, "alice", &back));
	/* Saving over a folder fails with a message; the folder is left. */
	assert_int_equal(tui_state_save(f->db, "alice", &st, &err), ESC_ESTORAGE);
	assert_true(strstr(err.message, f->file) != NULL);
	assert_int_equal(rmdir(f->file), 0);

	/* A folder opened to others is closed again when written. */
	assert_int_equal(chmod(f->dir, 0755), 0);
	assert_int_equal(tui_state_save(f->db, "alice", &st, &err), ESC_OK);
	struct stat sb;
	assert_int_equal(stat(f->dir, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0700);
}

/* Without XDG_STATE_HOME (or with a relative one, which the XDG
 * specification says to ignore): ~/.local/state/escalate. */
static void test_default_folder(void **state)
{
	files *f = *state;
	char home[96], dir[192], file[320], want[160];
	snprintf(home, sizeof home, "%s/home", f->root);
	setenv("HOME", home, 1);
	snprintf(want, sizeof want, "%s/.local/state/escalate", home);
	unsetenv("XDG_STATE_HOME");
	assert_true(tui_state_path(f->db, "alice", dir, sizeof dir, file, sizeof file));
	assert_string_equal(dir, want);
	setenv("XDG_STATE_HOME", "relative/state", 1);
	assert_true(tui_state_path(f->db, "alice", dir, sizeof dir, file, sizeof file));
	assert_string_equal(dir, want);
	esc_error err = {0};
	tui_state st = {.view = LV_MINE}, back;
	assert_int_equal(tui_state_save(f->db, "alice", &st, &err), ESC_OK);
	assert_true(tui_state_load(f->db, "alice", &back));
	assert_int_equal(back.view, LV_MINE);
	struct stat sb;
	assert_int_equal(stat(want, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0700);

	/* A home whose ~/.local is a link elsewhere (a common set-up) works. */
	char home2[96], real_local[112], link_local[112];
	snprintf(home2, sizeof home2, "%s/home2", f->root);
	snprintf(real_local, sizeof real_local, "%s/local-elsewhere", f->root);
	snprintf(link_local, sizeof link_local, "%s/.local", home2);
	assert_int_equal(mkdir(home2, 0700), 0);
	assert_int_equal(mkdir(real_local, 0700), 0);
	assert_int_equal(symlink(real_local, link_local), 0);
	setenv("HOME", home2, 1);
	st.view = LV_OVERDUE;
	assert_int_equal(tui_state_save(f->db, "alice", &st, &err), ESC_OK);
	assert_true(tui_state_load(f->db, "alice", &back));
	assert_int_equal(back.view, LV_OVERDUE);
	snprintf(want, sizeof want, "%s/state/escalate", real_local);
	assert_int_equal(stat(want, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0700);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_roundtrip),
	    cmocka_unit_test(test_reads_what_a_person_might_write),
	    cmocka_unit_test(test_refuses_garbage),
	    cmocka_unit_test(test_random_input),
	    cmocka_unit_test_setup_teardown(test_file_written_and_read, files_setup,
	                                    files_teardown),
	    cmocka_unit_test_setup_teardown(test_hostile_files_ignored, files_setup,
	                                    files_teardown),
	    cmocka_unit_test_setup_teardown(test_default_folder, files_setup, files_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
