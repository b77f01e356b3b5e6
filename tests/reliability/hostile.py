#!/usr/bin/env python3
"""Hostile field values through the real escalate command line.

Every (field, value) pair of the tables below is run against a fresh copy of
a prepared database.  Each must end one of two ways:

  refused:  exit 1 (invalid) or 2 (usage), a message on stderr naming the
            field (its option or the core's field name), and the database
            byte-for-byte the same in content (its SQL dump hashes the same);
  stored:   exit 0, the value stored exactly as given, and every way of
            showing it (show and list, to a pipe and to a terminal; export to
            a terminal) free of raw control, C1 and bidirectional-control
            characters and of invalid UTF-8, with bidi controls shown as
            visible stand-ins; JSON output parses; a CSV cell never starts a
            formula.

usage: hostile.py ESCALATE
Prints one closing line: hostile: cases=N refused=R stored=S failures=0 ...
"""
import concurrent.futures
import csv
import hashlib
import io
import json
import os
import pty
import select
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading

ESC = sys.argv[1].encode()
NOW = b"2026-05-05 09:00"
WORKERS = 4

# Values that try to break a text field.  (name, bytes)
TEXT_VALUES = [
    ("csi", b"\x1b[38;5;199mRED\x1b[0m"),
    ("osc52", b"\x1b]52;c;ZWNobyBwd25lZA==\x07"),
    ("title", b"\x1b]0;PWNED\x07"),
    ("title_st", b"\x1b]2;PWNED\x1b\\"),
    ("decaln", b"\x1b#8"),
    ("c1_csi", "\u009b31m".encode()),
    ("raw_9b", b"\x9b31m"),
    ("controls", b"a\x01b\x07c\x08d\x7fe"),
    ("cr_overwrite", b"shown\rHIDDEN"),
    ("invalid_utf8", b"\xff\xfe"),
    ("overlong", b"\xc0\xaf"),
    ("surrogate", b"\xed\xa0\x80"),
    ("truncated", b"abc\xe2\x82"),
    ("rlo", "invoice\u202egpj.exe".encode()),
    ("isolates", "a\u2066b\u2069c\u200f".encode()),
    ("sql", b"x'); DROP TABLE cases; --"),
    ("sql_or", b'" OR 1=1 --'),
    ("formula", b'=HYPERLINK("http://example.invalid","click")'),
    ("empty", b""),
    ("spaces", b"   "),
    ("whitespace", b" \t\n "),
    ("long_130k", b"a" * 130000),
    ("wide", "Zo\u00eb \u4e2d\u6587 \U0001f600".encode()),
]

# Date-like values for every date a user types.
DATE_VALUES = [
    ("feb30", b"2026-02-30"), ("nines", b"9999-99-99"), ("month13", b"2026-13-01"),
    ("day0", b"2026-05-00"), ("hour24", b"2026-05-01 24:00"), ("short", b"2026-5-1"),
    ("word", b"yesterday"), ("empty", b""), ("spaces", b"   "), ("esc", b"2026-05-01\x1b[2J"),
    ("year0", b"0000-01-01"), ("nonleap", b"2026-02-29"), ("leap", b"2024-02-29"),
    ("valid", b"2026-05-01"),
]

CHILD_VALUES = [
    ("nhs_bad_check", b"--nhs", b"9434765918"), ("nhs_9", b"--nhs", b"943476591"),
    ("nhs_11", b"--nhs", b"94347659190"), ("nhs_letters", b"--nhs", b"ABCDEFGHIJ"),
    ("nhs_esc", b"--nhs", b"9434765919\x1b[2J"), ("nhs_empty", b"--nhs", b""),
    ("nhs_spaced", b"--nhs", b"943 476 5919"), ("local_esc", b"--local-id", b"\x1b]0;x\x07"),
    ("local_sql", b"--local-id", b"1'; DROP TABLE cases;--"),
    ("local_long", b"--local-id", b"A" * 41), ("local_ok", b"--local-id", b"RJ1-2024/77"),
]

NEW = [b"new", b"--again", b"--nhs", b"9434765919", b"--la", b"Kent", b"--theme", b"Other",
       b"--decision", b"Referral not accepted", b"--concern", b"Bruising"]
CONTACT = [b"contact", b"ESC-2026-0001", b"--with", b"Sam Social", b"--role", b"Social Worker",
           b"--org", b"Kent CSC", b"--summary", b"Discussed", b"--outcome", b"concern-remains"]

# Text fields: (label, base argv, option or None for a positional, field words
# a refusal may name, (table, column) where an accepted value lands)
TEXT_FIELDS = [
    ("new --decision", NEW, b"--decision", ["decision"], ("cases", "decision")),
    ("new --concern", NEW, b"--concern", ["concern"], ("cases", "concern")),
    ("new --team", NEW, b"--team", ["team"], ("cases", "team")),
    ("new --agency", NEW, b"--agency", ["agency"], ("cases", "agency")),
    ("contact --with", CONTACT, b"--with", ["with", "person-name"], ("events", "person_name")),
    ("contact --role", CONTACT, b"--role", ["role", "person-role"], ("events", "person_role")),
    ("contact --org", CONTACT, b"--org", ["org", "person-org"], ("events", "person_org")),
    ("contact --summary", CONTACT, b"--summary", ["summary"], ("events", "text")),
    ("contact --action text", CONTACT + [b"--action"], "action_text",
     ["action", "action-text"], ("actions", "text")),
    ("contact --action owner", CONTACT + [b"--action"], "action_owner",
     ["action", "action-owner"], ("actions", "owner")),
    ("escalate --reason", [b"escalate", b"ESC-2026-0001", b"--reason"], None, ["reason"],
     ("events", "text")),
    ("urgent --reason", [b"urgent", b"ESC-2026-0001", b"--reason"], None, ["reason"],
     ("events", "text")),
    ("resolve --outcome", [b"resolve", b"ESC-2026-0001", b"--outcome"], None, ["outcome"],
     ("events", "text")),
    ("withdraw --reason", [b"withdraw", b"ESC-2026-0001", b"--reason"], None, ["reason"],
     ("events", "text")),
    ("note --text", [b"note", b"ESC-2026-0001", b"--text"], None, ["text", "note"],
     ("events", "text")),
    ("inform --name", [b"inform", b"ESC-2026-0002", b"--whom", b"designated", b"--how",
                       b"telephone", b"--name"], None, ["name", "whom"], ("events", "whom")),
    ("inform --how", [b"inform", b"ESC-2026-0002", b"--whom", b"designated", b"--name",
                      b"Dr Des", b"--how"], None, ["how"], ("events", "how")),
    ("staff add --name", [b"staff", b"add", b"bob", b"--role", b"named", b"--name"], None,
     ["name"], ("staff", "name")),
    ("staff add --org", [b"staff", b"add", b"bob", b"--role", b"named", b"--name", b"Bob",
                         b"--org"], None, ["org", "organisation"], ("staff", "organisation")),
    ("config theme add", [b"config", b"theme", b"add"], None, ["theme"], ("themes", "name")),
    ("config la add", [b"config", b"la", b"add"], None, ["local authority", "local-authority",
                                                         "la"], ("local_authorities", "name")),
]

DATE_FIELDS = [
    ("contact --at", CONTACT + [b"--at"], ["at", "contact-at"]),
    ("contact --action due", CONTACT + [b"--action"], ["action", "action-due"]),
    ("inform --at", [b"inform", b"ESC-2026-0002", b"--whom", b"designated", b"--name", b"Dr",
                     b"--how", b"phone", b"--at"], ["at", "informed-at"]),
    ("report --quarter", [b"report", b"--quarter"], ["quarter"]),
    ("report --from", [b"report", b"--to", b"2026-06-30", b"--from"], ["from"]),
    ("report --to", [b"report", b"--from", b"2026-04-01", b"--to"], ["to"]),
    ("config holiday add", [b"config", b"holiday", b"add"], ["holiday", "date"]),
]

FORBIDDEN = set(range(0x20)) - {0x0a}
BIDI = {0x061C, 0x200E, 0x200F} | set(range(0x202A, 0x202F)) | set(range(0x2066, 0x206A))


def terminal_problem(out):
    """Why bytes written for a terminal are unsafe, or None."""
    try:
        text = out.decode("utf-8")
    except UnicodeDecodeError as e:
        return "invalid UTF-8 at byte %d" % e.start
    for i, ch in enumerate(text):
        cp = ord(ch)
        if cp in FORBIDDEN or cp == 0x7F or 0x80 <= cp <= 0x9F or cp in BIDI:
            return "raw U+%04X at character %d: %r" % (cp, i, text[max(0, i - 20):i + 20])
    return None


def dump_hash(db):
    con = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
    h = hashlib.sha256()
    for line in con.iterdump():
        h.update(line.encode("utf-8", "surrogateescape"))
    con.close()
    return h.hexdigest()


class Runner:
    def __init__(self, tmp):
        self.tmp = tmp
        self.env = dict(os.environ, ESCALATE_NOW=NOW.decode(), LANG="C.UTF-8", LC_ALL="C.UTF-8")

    def run(self, db, args, tty=False):
        argv = [ESC, b"--db", db.encode()] + args
        if not tty:
            p = subprocess.run(argv, capture_output=True, env=self.env, timeout=60)
            return p.returncode, p.stdout, p.stderr
        master, slave = pty.openpty()
        p = subprocess.Popen(argv, stdout=slave, stderr=subprocess.PIPE, env=self.env)
        os.close(slave)
        out = b""
        while True:
            r, _, _ = select.select([master], [], [], 30)
            if not r:
                break
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
        err = p.stderr.read()
        p.wait(timeout=30)
        os.close(master)
        # the terminal turns \n into \r\n: that CR is the terminal's, not data
        return p.returncode, out.replace(b"\r\n", b"\n"), err


def prepare(r, tmp):
    """A database with ESC-2026-0001 at level 1 (concern remains) and
    ESC-2026-0002 at level 4 (urgent), owing the designated professional."""
    db = os.path.join(tmp, "template.db")
    steps = [[b"init", b"--name", b"Hostile Tester", b"--org", b"Test Trust"], NEW, CONTACT,
             NEW, [b"urgent", b"ESC-2026-0002", b"--reason", b"immediate welfare"]]
    for s in steps:
        rc, out, err = r.run(db, s)
        if rc != 0:
            sys.exit("hostile: setup %r failed (%d): %s" % (s[0], rc, err.decode(errors="replace")))
    return db


class Suite:
    """Runs the cases (several at once: each has its own copy of the
    database) and gathers the figures."""

    def __init__(self, r, template, org):
        self.r = r
        self.template = template
        self.template_hash = dump_hash(template)
        self.org = org
        self.n = self.refused = self.stored = self.outputs_checked = 0
        self.failures = []
        self.lock = threading.Lock()
        self.seq = 0

    def fresh(self):
        with self.lock:
            self.seq += 1
            db = os.path.join(self.r.tmp, "work%d.db" % self.seq)
        shutil.copyfile(self.template, db)
        os.chmod(db, 0o600)
        return db

    def run_case(self, label, value, args, words, where):
        c = Case(self, label, value)
        db = self.fresh()
        try:
            c.run(db, args, words, where)
        finally:
            for suffix in ("", "-wal", "-shm"):
                if os.path.exists(db + suffix):
                    os.remove(db + suffix)
        with self.lock:
            self.n += 1
            self.refused += c.refused
            self.stored += c.stored
            self.outputs_checked += c.outputs
            self.failures += c.failures


class Case:
    def __init__(self, suite, label, value):
        self.s = suite
        self.r = suite.r
        self.label = label
        self.value = value
        self.refused = self.stored = self.outputs = 0
        self.failures = []

    def fail(self, why):
        self.failures.append("%s: %s" % (self.label, why))

    def refused_ok(self, db, rc, err, words):
        self.refused = 1
        if rc not in (1, 2):
            return self.fail("refused with exit %d (want 1 or 2): %r" % (rc, err[:300]))
        msg = err.decode("utf-8", "replace").lower()
        if not any(w in msg for w in words):
            self.fail("the message does not name the field %s: %r" % (words, msg[:300]))
        problem = terminal_problem(err)
        if problem:
            self.fail("the error message is not terminal-safe: " + problem)
        if dump_hash(db) != self.s.template_hash:
            self.fail("refused, but the database changed")

    def output_ok(self, db, cmd, tty):
        rc, out, err = self.r.run(db, cmd, tty)
        self.outputs += 1
        if rc != 0:
            self.fail("%s exited %d: %r" % (cmd, rc, err[:200]))
        problem = terminal_problem(out) or terminal_problem(err)
        if problem:
            self.fail("%s (%s): %s" % (b" ".join(cmd).decode(errors="replace"),
                                       "terminal" if tty else "pipe", problem))
        return out

    def shown_ok(self, db, ref, extra_cmds=()):
        """The value is stored; every display of it is neutralised."""
        show = self.output_ok(db, [b"show", ref], False)
        self.output_ok(db, [b"show", ref], True)
        self.output_ok(db, [b"show", ref, b"--format", b"record"], True)
        self.output_ok(db, [b"list", b"--all"], True)
        self.output_ok(db, [b"export", b"--format", b"json"], True)
        self.data_ok(db, ref)
        for cmd in extra_cmds:
            self.output_ok(db, cmd, True)
        # bidi controls are shown as visible stand-ins
        bidi = [ord(ch) for ch in self.value.decode("utf-8", "replace") if ord(ch) in BIDI]
        if bidi and self.where_table in ("cases", "events") and \
                ("<U+%04X>" % bidi[0]).encode() not in show:
            self.fail("show does not mark U+%04X visibly" % bidi[0])
        # machine formats: JSON parses; a CSV cell never starts a formula
        rc, out, err = self.r.run(db, [b"show", ref, b"--format", b"json"])
        self.outputs += 1
        try:
            json.loads(out.decode("utf-8"))
        except (ValueError, UnicodeDecodeError) as e:
            self.fail("show --format json does not parse: %s" % e)
        if self.value.startswith((b"=", b"+", b"-", b"@")):
            for name, data in self.export_csv(db):
                for row in csv.reader(io.StringIO(data.decode("utf-8", "replace"))):
                    for cell in row:
                        if cell[:1] in ("=", "+", "-", "@") and "HYPERLINK" in cell:
                            self.fail("export %s cell starts a formula: %r" % (name, cell[:60]))

    def export_csv(self, db):
        """The export's CSV files: [(name, bytes)]."""
        out_dir = db + ".csv.d"
        shutil.rmtree(out_dir, ignore_errors=True)
        rc, out, err = self.r.run(db, [b"export", b"--out", out_dir.encode()])
        self.outputs += 1
        if rc != 0:
            self.fail("export --out DIR exited %d: %r" % (rc, err[:200]))
            return []
        files = [(n, open(os.path.join(out_dir, n), "rb").read())
                 for n in sorted(os.listdir(out_dir))]
        shutil.rmtree(out_dir, ignore_errors=True)
        return files

    def data_ok(self, db, ref):
        """CSV and JSON written to a pipe or file carry no control, C1 or
        bidi character from the data (issue 11), only CSV's CRLF."""
        outputs = [("export " + n, d.replace(b"\r\n", b"\n")) for n, d in self.export_csv(db)]
        for cmd in ([b"show", ref, b"--format", b"json"], [b"list", b"--all", b"--format", b"json"],
                    [b"list", b"--all", b"--format", b"csv"], [b"export", b"--format", b"json"],
                    [b"staff", b"list", b"--format", b"csv"], [b"staff", b"list", b"--format", b"json"]):
            rc, out, err = self.r.run(db, cmd)
            self.outputs += 1
            outputs.append((b" ".join(cmd).decode(), out.replace(b"\r\n", b"\n")))
        for what, data in outputs:
            problem = terminal_problem(data)
            if problem:
                self.fail("%s (pipe): %s" % (what, problem))

    def stored_ok(self, db, where, ref):
        self.stored = 1
        table, column = where
        self.where_table = table
        want = self.value
        if column == "agency" and not want.strip():
            want = self.s.org.encode() # documented: defaults to your organisation
        con = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
        expr = "CAST(%s AS BLOB) = ?" % column
        if (table, column) == ("actions", "owner"):
            # "Name, Organisation" names someone outside escalate: split at the
            # last comma (one space after it dropped), stored in two columns.
            expr = ("(CAST(owner AS BLOB) = ?1 OR CAST(owner || ',' || owner_org AS BLOB) = ?1"
                    " OR CAST(owner || ', ' || owner_org AS BLOB) = ?1)")
        rows = con.execute("SELECT count(*) FROM %s WHERE %s" % (table, expr),
                           (want,)).fetchone()[0]
        con.close()
        if rows < 1:
            self.fail("accepted, but %s.%s does not hold the value as given" % (table, column))
        extra = []
        if table == "staff":
            extra = [[b"staff", b"list"]]
        elif table in ("themes", "local_authorities"):
            extra = [[b"config", b"show"]]
        self.shown_ok(db, ref, extra)

    def run(self, db, args, words, where):
        self.where_table = where[0] if where else ""
        rc, out, err = self.r.run(db, args)
        ref = b"ESC-2026-0001"
        if args[0] == b"new":
            ref = b"ESC-2026-0003"
        elif args[0] == b"inform":
            ref = b"ESC-2026-0002"
        if rc == 0 and where is not None:
            self.stored_ok(db, where, ref)
        elif rc == 0:
            self.stored = 1
            self.shown_ok(db, ref)
        else:
            self.refused_ok(db, rc, err, words)
        problem = terminal_problem(out)
        if problem:
            self.fail("the command's own output is not terminal-safe: " + problem)


def build(base, opt, value):
    if opt == "action_text":
        return base + [value + b"|Alex Owner|2026-06-01"]
    if opt == "action_owner":
        return base + [b"Call back|" + value + b"|2026-06-01"]
    if opt is None:
        return base + [value]
    args = list(base)
    if opt in args:
        args[args.index(opt) + 1] = value
        return args
    return args + [opt, value]


def main():
    tmp = tempfile.mkdtemp(prefix="esc-hostile.")
    try:
        r = Runner(tmp)
        s = Suite(r, prepare(r, tmp), "Test Trust")
        jobs = []
        for fname, base, opt, words, where in TEXT_FIELDS:
            for vname, value in TEXT_VALUES:
                jobs.append(("%s = %s" % (fname, vname), value, build(base, opt, value), words,
                             where))
        for fname, base, words in DATE_FIELDS:
            for vname, value in DATE_VALUES:
                v = b"Call back|Alex|" + value if fname.endswith("due") else value
                jobs.append(("%s = %s" % (fname, vname), value, base + [v], words, None))
        for vname, opt, value in CHILD_VALUES:
            args = list(NEW)
            i = args.index(b"--nhs")
            args[i:i + 2] = [opt, value]
            jobs.append(("new %s = %s" % (opt.decode(), vname), value, args,
                         ["nhs", "local-id", "local record", "child"],
                         ("cases", "child_id") if opt == b"--local-id" else None))
        # A string of over 1 MB: argv words are limited to 128 KiB each by the
        # kernel, so it goes in as the words of a note (joined with spaces).
        big = [b"b" * 120000] * 9
        jobs.append(("note words = 1 MB", b" ".join(big), [b"note", b"ESC-2026-0001"] + big,
                     ["text", "note"], ("events", "text")))
        # --now is the clock: a bad one is a usage error naming it.
        for vname, value in DATE_VALUES:
            if vname not in ("valid", "leap"):
                jobs.append(("--now = " + vname, value, [b"--now", value, b"list"], ["now"],
                             None))
        with concurrent.futures.ThreadPoolExecutor(max_workers=WORKERS) as pool:
            for f in [pool.submit(s.run_case, *j) for j in jobs]:
                f.result()
        for f in sorted(s.failures)[:40]:
            print("hostile: FAIL " + f)
        if len(s.failures) > 40:
            print("hostile: ... and %d more" % (len(s.failures) - 40))
        print("hostile: cli cases=%d refused=%d stored_neutralised=%d outputs_checked=%d "
              "failures=%d" % (s.n, s.refused, s.stored, s.outputs_checked, len(s.failures)))
        return 1 if s.failures else 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
