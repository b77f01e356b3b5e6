/* The command line's parser (cli_parse) and the option getters every
 * handler uses.  Input: argv words separated by NUL.  Invariants: parsing
 * never fails except for memory; a usage error leaves a message; a parsed
 * command's options are all ones it declares. */
#include <stdio.h>

#include "cli_cmd.h"
#include "fuzz.h"

static FILE *devnull;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	devnull = fopen("/dev/null", "w");
	return devnull ? 0 : 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 4096)
		return 0;
	fuzz_parts p;
	fuzz_split(data, size, '\0', &p);
	char *argv[FUZZ_MAX_PARTS + 2];
	int argc = 0;
	argv[argc++] = "escalate";
	for (int i = 0; i < p.n && size > 0; i++)
		argv[argc++] = p.part[i];
	argv[argc] = NULL;

	cli_args a;
	FUZZ_ASSERT(cli_parse(argc, argv, &a));
	if (a.cmd && !a.error[0]) {
		FUZZ_ASSERT(a.npos >= 0 && a.npos <= argc);
		for (int i = 0; i < a.nset; i++) {
			bool declared = false;
			for (const cli_opt *o = a.cmd->opts; o && o->name; o++)
				declared = declared || o == a.set[i].opt;
			for (const cli_opt *o = cli_global_opts(); o->name; o++)
				declared = declared || o == a.set[i].opt;
			FUZZ_ASSERT(declared);
		}
		for (const cli_opt *o = a.cmd->opts; o && o->name; o++) {
			const char *all[64];
			int n = cli_get_all(&a, o->name, all, 64);
			FUZZ_ASSERT(n >= 0);
			FUZZ_ASSERT(cli_has(&a, o->name) == (n > 0));
			if (o->arg && n > 0 && n <= 64)
				FUZZ_ASSERT(cli_get(&a, o->name) == all[n - 1]);
		}
		cli_help_command(devnull, a.cmd);
	}
	cli_args_free(&a);
	fuzz_parts_free(&p);
	return 0;
}
