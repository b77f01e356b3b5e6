#!/usr/bin/env bash
# Hostile field values through the interface (tmux, 80x24, private server).
#
# 1. Display: a case whose every field (case text, contact, agreed action,
#    notification, staff name, local authority, theme) holds escape
#    sequences, C1 controls, invalid UTF-8, a NUL and bidi overrides --
#    planted behind the program's back, since the CLI refuses them.  Every
#    screen (list, case, clinical record, pickers, report) is captured WITH
#    escapes (capture-pane -e): the data's distinctive sequences must not
#    reach the pane -- no colour 199, no window title change, no OSC 52
#    clipboard buffer, no DECALN screen of E's, no cleared title bar -- and
#    the data must still be visible as stand-ins.
# 2. Input: escape sequences and invalid UTF-8 pasted into form fields, RLO
#    typed, control keys and a 1 MB paste: the program stays up, and either
#    nothing is written or what is written holds no control character.
#
# usage: hostile_tui.sh ESCALATE [--long]
#   the pasted string is 32 KiB (4 times the longest field); --long: 1 MiB.
# Prints: hostile_tui: screens=N checks=C paste_bytes=B paste_seconds=S failures=F
set -uo pipefail
ESC=$(realpath "$1")
paste_bytes=32768
[ "${2:-}" = --long ] && paste_bytes=1048576
tmp=$(mktemp -d "${TMPDIR:-/tmp}/esc-hostile-tui.XXXXXX")
SOCK=rel-$$
DB=$tmp/t.db
failures=0 checks=0 screens=0
export ESCALATE_NOW="2026-05-05 09:00" LANG=C.UTF-8 LC_ALL=C.UTF-8

tm() { tmux -L "$SOCK" -f /dev/null "$@"; }
cleanup() { tm kill-server >/dev/null 2>&1; rm -rf "$tmp"; }
trap cleanup EXIT
fail() { echo "hostile_tui: FAIL $*"; failures=$((failures + 1)); }
cli() { "$ESC" --db "$DB" "$@" >/dev/null 2>"$tmp/err" || { fail "setup: $*: $(cat "$tmp/err")"; }; }

if ! command -v tmux >/dev/null; then
	echo "hostile_tui: SKIPPED: tmux not installed (apt-get install -y tmux)"
	echo "hostile_tui: screens=0 checks=0 failures=0 skipped=1"
	exit 77
fi

cli init --name "Tess Tui" --org "Test Trust"
cli new --nhs "943 476 5919" --la Kent --theme Other --decision "Referral not accepted" \
	--concern "Bruising"
cli contact ESC-2026-0001 --with "Sam Social" --role "Social Worker" --org "Kent CSC" \
	--summary "Discussed" --outcome concern-remains --action "Send chronology|Alex|2026-05-08"
cli urgent ESC-2026-0001 --reason "immediate welfare"
cli inform ESC-2026-0001 --whom designated --name "Dr Des" --how telephone

# What someone with write access to the file could plant.
python3 - "$DB" <<'EOF' || fail "could not plant the hostile values"
import sqlite3, sys
con = sqlite3.connect(sys.argv[1])
PINK = "\x1b[38;5;199mPINK\x1b[0m"
TITLE = "\x1b]0;PWNED-TITLE\x07\x1b]2;PWNED-TITLE\x1b\\"
CLIP = "\x1b]52;c;UFdORUQ=\x07"
SCREEN = "\x1b#8\x1b[2J\x1b[?1049l"
C1 = "\u009b38;5;199mC1PINK\u009d0;PWNED-TITLE\u009c"
bidi = "\u202eRLO\u2066ISO\u2069"
hostile = "H[" + PINK + TITLE + CLIP + SCREEN + C1 + bidi + "]"
def text(extra=""):
    return hostile + extra
# invalid UTF-8 (raw bytes stored as TEXT), a NUL inside
bad = b"BAD[\xff\xfe\xc0\xaf\x9b38;5;199m]"
con.execute("UPDATE cases SET decision = ?, concern = ?, team = ?, agency = ?",
            (text(" decision"), text(" concern\x00after NUL"), text(" team"), text(" agency")))
con.execute("UPDATE cases SET child_id = CAST(? AS TEXT)", (bad,))
con.execute("UPDATE staff SET name = ?, organisation = ?", (text(" name"), text(" org")))
# The names are fixed by triggers, which an attacker with the file drops.
con.execute("DROP TRIGGER local_authorities_name_fixed")
con.execute("DROP TRIGGER themes_name_fixed")
con.execute("UPDATE local_authorities SET name = ? WHERE name = 'Kent'", (text(" LA"),))
con.execute("UPDATE themes SET name = ? WHERE name = 'Other'", (text(" theme"),))
con.executescript("""
  DROP TRIGGER events_no_update; DROP TRIGGER actions_no_update;""")
con.execute("UPDATE events SET text = ?, person_name = coalesce(?, person_name)",
            (text(" event"), None))
con.execute("UPDATE events SET person_name = ?, person_role = ?, person_org = ? "
            "WHERE kind = 'contact'", (text(" person"), text(" role"), text(" porg")))
con.execute("UPDATE events SET whom = ?, how = CAST(? AS TEXT) WHERE kind = 'informed'",
            (text(" whom"), bad))
con.execute("UPDATE actions SET text = ?, owner = ?", (text(" action"), text(" owner")))
con.executescript("""
  CREATE TRIGGER events_no_update BEFORE UPDATE ON events
  BEGIN SELECT RAISE(ABORT, 'escalate: history is append-only'); END;
  CREATE TRIGGER actions_no_update BEFORE UPDATE ON actions
  BEGIN SELECT RAISE(ABORT, 'escalate: history is append-only'); END;""")
con.commit()
EOF

tm new-session -d -s t -x 80 -y 24 -c "$tmp" \
	"env TERM=xterm-256color '$ESC' --db '$DB'; echo \$? > '$tmp/rc'; exec sleep 600"
tm set-option -g set-clipboard on >/dev/null
tm set-option -t t status off >/dev/null
title0=$(tm display -p -t t '#{pane_title}')

screen() { tm capture-pane -p -t t; }
wait_for() { # TEXT [SECS]
	local tries=$(( ${2:-10} * 10 ))
	checks=$((checks + 1))
	while [ $tries -gt 0 ]; do
		case $(screen) in *"$1"*) return 0 ;; esac
		sleep 0.1
		tries=$((tries - 1))
	done
	fail "screen never showed: $1"
	screen | sed 's/^/    |/'
	return 1
}

# One screen, captured with its escapes: none of the data's may be there.
inspect() { # NAME EXPECTED-STANDIN
	local name=$1 standin=$2 raw plain
	screens=$((screens + 1))
	sleep 0.3
	# Under load the interface may still be handling a burst of keys (it draws
	# once the keys waiting are handled): give it up to 6 s to draw.  A screen
	# cleared by the data would stay cleared, as nothing redraws it unasked.
	local tries=60
	while [ $tries -gt 0 ] && ! screen | head -1 | grep -q "^ escalate | "; do
		sleep 0.1
		tries=$((tries - 1))
	done
	raw=$(tm capture-pane -e -p -t t)
	plain=$(screen)
	checks=$((checks + 6))
	# An ESC-introduced SGR with colour 199 (the stand-in text "^[[38;5;199m"
	# has no ESC byte, so it does not match).
	if printf '%s' "$raw" | grep -qaP '\x1b\[[0-9;:]*38[;:]5[;:]199'; then
		fail "$name: colour 199 from the data reached the pane"
	fi
	case $(tm display -p -t t '#{pane_title}') in
	*PWNED*) fail "$name: the data set the window title" ;;
	esac
	if [ -n "$(tm list-buffers 2>/dev/null)" ]; then
		fail "$name: the data wrote the clipboard (OSC 52): $(tm list-buffers)"
		tm delete-buffer >/dev/null 2>&1
	fi
	if printf '%s\n' "$plain" | grep -qE '^E{60,}'; then
		fail "$name: DECALN filled the screen with E"
	fi
	printf '%s\n' "$plain" | head -1 | grep -q "^ escalate | " ||
		fail "$name: the title bar is gone (screen cleared?)"
	case $plain in
	*"$standin"*) ;;
	*) fail "$name: the data is not shown as visible stand-ins ($standin)"
		printf '%s\n' "$plain" | sed 's/^/    |/' ;;
	esac
}

wait_for "Case list"
inspect "case list" "H[^[[38;"
tm send-keys -t t Enter
wait_for "Case ESC-2026-0001"
inspect "case view" "^[]0;PWNED"
for _ in 1 2 3 4 5 6; do tm send-keys -t t PageDown; done
inspect "case view, scrolled" "^["
tm send-keys -t t x
wait_for "clinical record"
inspect "clinical record" "^["
for _ in 1 2 3 4; do tm send-keys -t t PageDown; done
inspect "clinical record, scrolled" "^["
tm send-keys -t t q
wait_for "Case ESC-2026-0001"
tm send-keys -t t q
wait_for "Case list"
tm send-keys -t t a
wait_for "Type to narrow"
inspect "local authority picker" "^[[38;5;199m"
tm send-keys -t t Escape
sleep 0.3
tm send-keys -t t t
wait_for "Type to narrow"
inspect "theme picker" "^[[38;5;199m"
tm send-keys -t t Escape
sleep 0.3
tm send-keys -t t r
wait_for "Quarter"
inspect "report" "^["
tm send-keys -t t q
wait_for "Case list"

# --- input: hostile bytes typed and pasted into the new-case form ---------
dump() { # a hash of every row of every table (bytes: the file holds invalid UTF-8)
	python3 - "$DB" <<'EOF'
import hashlib, sqlite3, sys
con = sqlite3.connect(sys.argv[1])
con.text_factory = bytes
h = hashlib.sha256()
for (t,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"):
    for row in con.execute('SELECT * FROM "%s" ORDER BY 1' % t.decode()):
        h.update(repr(row).encode())
print(h.hexdigest())
EOF
}
before=$(dump)
paste() { # BYTES (printf format)
	printf "$1" >"$tmp/paste"
	tm load-buffer -b hostile "$tmp/paste"
	tm paste-buffer -d -b hostile -t t
}
# Moves the form's cursor to the field labelled LABEL (robust to field order).
focus() {
	for _ in $(seq 20); do
		screen | grep -q "^> $1" && return 0
		tm send-keys -t t Tab
		sleep 0.1
	done
	fail "the form has no field '$1'"
	screen | sed 's/^/    |/'
	return 1
}
tm send-keys -t t n
wait_for "New escalation"
focus "Child identifier \\*" && tm send-keys -t t -l "943 476 5919"
if focus "Local authority"; then
	tm send-keys -t t Enter
	wait_for "Type to narrow" && tm send-keys -t t Enter
	sleep 0.3
fi
focus "Social care team" &&
	paste '\033]52;c;UFdORUQ=\007\033[38;5;199mPINK\033]0;PWNED-TITLE\007\377\376team'
tm send-keys -t t C-a C-b C-g C-@ C-v
sleep 0.3
focus "Decision challenged" && tm send-keys -t t -l $'right\u202eto-left decision'
focus "Concern" && tm send-keys -t t -l "a concern"
if focus "Themes"; then
	tm send-keys -t t Enter
	wait_for "Type to narrow" && tm send-keys -t t Space Enter
	sleep 0.3
fi
# A long paste into the concern: the field stops at its limit, and the
# interface must get through the rest of the paste and answer again.
if focus "Concern"; then
	head -c "$paste_bytes" /dev/zero | tr '\0' 'c' >"$tmp/paste"
	tm load-buffer -b hostile "$tmp/paste"
	t0=$(date +%s)
	tm paste-buffer -d -b hostile -t t
	tm send-keys -t t Tab
	for _ in $(seq 2400); do screen | grep -q "^> Themes" && break; sleep 0.1; done
	paste_secs=$(( $(date +%s) - t0 ))
	checks=$((checks + 1))
	screen | grep -q "^> Themes" || fail "the interface did not answer within 240 s of a $paste_bytes-byte paste"
fi
inspect "new-case form with hostile input" "New escalation"
tm send-keys -t t F2
sleep 1
inspect "new-case form after saving" "escalate"
screen >"$tmp/after_save"
# Leave: cancel the form (confirming a discard if asked), then quit.
for _ in 1 2 3; do
	tm send-keys -t t Escape
	sleep 0.4
	screen | grep -qiE 'discard|\(y/n\)|y/N' && tm send-keys -t t y && sleep 0.3
	screen | grep -q "Case list" && break
done
tm send-keys -t t q
sleep 0.5
screen | grep -qiE 'quit|\(y/n\)' && tm send-keys -t t y
for _ in $(seq 50); do [ -s "$tmp/rc" ] && break; sleep 0.1; done
rc=$(cat "$tmp/rc" 2>/dev/null || echo none)
checks=$((checks + 3))
[ "$rc" = 0 ] || fail "the interface ended with status $rc after hostile input (want 0)"
after=$(dump)
if [ "$before" != "$after" ]; then
	# Something was saved: it must hold no control character.
	bad=$(python3 - "$DB" <<'EOF'
import sqlite3, sys
con = sqlite3.connect(sys.argv[1])
con.text_factory = bytes
rows = con.execute("SELECT team, decision, concern FROM cases WHERE id > 1").fetchall()
n = 0
for row in rows:
    for v in row:
        if any(b < 0x20 and b not in (9, 10) for b in v) or b"\x7f" in v or len(v) > 8000:
            n += 1
print(n)
EOF
)
	[ "$bad" = 0 ] || fail "the form stored $bad field(s) with control characters or over the limit"
fi
checks=$((checks + 1))
[ "$(tm display -p -t t '#{pane_title}')" = "$title0" ] || \
	case $(tm display -p -t t '#{pane_title}') in *PWNED*) fail "title changed after input" ;; esac

echo "hostile_tui: screens=$screens checks=$checks paste_bytes=$paste_bytes" \
	"paste_seconds=${paste_secs:-none} failures=$failures"
[ $failures -eq 0 ]
