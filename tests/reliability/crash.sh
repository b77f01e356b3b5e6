#!/usr/bin/env bash
# Crash safety (SPEC §2-§3: every event one transaction, history never
# half-written): SIGKILLs the real escalate at random moments during mixed
# writes and checks the file after every kill.  See crash_driver.c.
#
# usage: crash.sh ESCALATE CRASH_DRIVER [--long] [--kills N] [--seed S]
# Short form: 500 kills.  --long: 5000 kills.
set -euo pipefail
bin=$1 driver=$2
shift 2
kills=500 seed=$(( ($(date +%s) ^ $$) & 0x7fffffff ))
while [ $# -gt 0 ]; do
	case $1 in
	--long) kills=5000 ;;
	--kills) kills=$2; shift ;;
	--seed) seed=$2; shift ;;
	*) echo "crash.sh: unknown option $1" >&2; exit 2 ;;
	esac
	shift
done
dir=$(mktemp -d "${TMPDIR:-/tmp}/esc-crash.XXXXXX")
trap 'rm -rf "$dir"' EXIT
# Reproduce a failure with: crash.sh ESCALATE DRIVER --kills N --seed S
"$driver" "$bin" "$dir" "$kills" "$seed"
