#!/usr/bin/env bash
# Bad input, table-driven: hostile field values through the command line
# (hostile.py: every text, date and child-id field against terminal escapes,
# OSC 52 and title sequences, control bytes, invalid and overlong UTF-8,
# bidi overrides, 128 KiB and 1 MB strings, SQL metacharacters, empty and
# whitespace-only values, impossible dates) and through the interface
# (hostile_tui.sh: planted escapes on every screen, captured with escapes;
# hostile bytes typed and pasted into a form).
#
# usage: hostile.sh ESCALATE [--long]
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cli=$(python3 "$here/hostile.py" "$1")
cli_rc=$?
printf '%s\n' "$cli"
tui=$(bash "$here/hostile_tui.sh" "$1" ${2:-})
tui_rc=$?
printf '%s\n' "$tui"
[ $tui_rc -eq 77 ] && tui_rc=0 # no tmux: said so in its line
c=$(printf '%s\n' "$cli" | tail -1 | sed 's/^hostile: //')
t=$(printf '%s\n' "$tui" | tail -1 | sed 's/^hostile_tui: //')
echo "hostile: $c | tui: $t"
[ $cli_rc -eq 0 ] && [ $tui_rc -eq 0 ]
