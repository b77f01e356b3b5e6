#!/usr/bin/env bash
# Concurrency (SPEC §5: WAL, busy timeout, every event one transaction):
# N processes x M operations on one database file at once, then races where
# two users change the same case at the same moment.  See conc_driver.c.
#
# usage: concurrency.sh ESCALATE CONC_DRIVER [--long] [--procs N] [--ops M]
#        [--races R] [--seed S]
# Short form: 8 processes x 40 operations, 20 races.
# --long: 16 processes x 150 operations, 200 races.
set -euo pipefail
bin=$1 driver=$2
shift 2
procs=8 ops=40 races=20 seed=$(( ($(date +%s) ^ $$) & 0x7fffffff ))
while [ $# -gt 0 ]; do
	case $1 in
	--long) procs=16 ops=150 races=200 ;;
	--procs) procs=$2; shift ;;
	--ops) ops=$2; shift ;;
	--races) races=$2; shift ;;
	--seed) seed=$2; shift ;;
	*) echo "concurrency.sh: unknown option $1" >&2; exit 2 ;;
	esac
	shift
done
dir=$(mktemp -d "${TMPDIR:-/tmp}/esc-conc.XXXXXX")
trap 'rm -rf "$dir"' EXIT
"$driver" "$bin" "$dir" "$procs" "$ops" "$races" "$seed"
