"""The SQL side of the benchmarks: what the real escalate binary asked the
engine (captured by the LD_PRELOAD shim bench/sqltrace.c), its query plans,
and the sqlite3 shell script that runs the very same statements."""

import os
import re
import subprocess
import time

# Shell output modes matching the product's formats.
SHELL_MODES = {"text": "column", "csv": "csv", "json": "json", "markdown": "markdown"}


def parse_log(path, start=0, end=None):
    """[(sql, expanded)] from a shim log, bytes [start, end)."""
    with open(path, "rb") as f:
        f.seek(start)
        data = f.read() if end is None else f.read(end - start)
    out, pos = [], 0
    while pos < len(data):
        nl = data.index(b"\n", pos)
        tag, size = data[pos:nl].split(b" ")
        text = data[nl + 1 : nl + 1 + int(size)].decode("utf-8", "replace")
        pos = nl + 1 + int(size) + 1
        if tag == b"SQL":
            out.append([text, text])
        elif tag == b"EXP" and out:
            out[-1][1] = text
    return [(s, e) for s, e in out if s.strip()]


def capture(argv, env, shim, log, stdout_path):
    """Runs the command once with the shim; returns (statements, exit code)."""
    if os.path.exists(log):
        os.unlink(log)
    env = dict(env, ESCALATE_SQL_LOG=log, LD_PRELOAD=shim)
    with open(stdout_path, "wb") as out:
        rc = subprocess.run(argv, env=env, stdout=out, stderr=subprocess.PIPE).returncode
    return (parse_log(log) if os.path.exists(log) else []), rc


def is_query(sql):
    return not sql.lstrip().upper().startswith("PRAGMA")


def plans(db, statements):
    """EXPLAIN QUERY PLAN of each statement as the product prepares it (with
    its :params unbound), or None for a PRAGMA."""
    script, idx = [], []
    for i, (sql, _) in enumerate(statements):
        if is_query(sql):
            script.append(".print @@plan %d" % i)
            script.append("EXPLAIN QUERY PLAN %s;" % sql)
            idx.append(i)
    result = [None] * len(statements)
    if not idx:
        return result
    out = subprocess.run(["sqlite3", "-readonly", db], input="\n".join(script) + "\n",
                         capture_output=True, text=True).stdout
    current = None
    for line in out.splitlines():
        if line.startswith("@@plan "):
            current = int(line.split()[1])
            result[current] = []
        elif current is not None and line != "QUERY PLAN":
            result[current].append(line)
    return result


def shape_text(name, command, statements, plan_list, cases):
    """The committed form in bench/sql/NAME.sql: the statements with their
    :params, each followed by its plan, so a change of either shows."""
    lines = ["-- %s: escalate %s" % (name, " ".join(command)),
             "-- data: %d cases" % cases,
             "-- The statements the real binary runs, in order (captured by bench/sqltrace.c),",
             "-- each with its EXPLAIN QUERY PLAN.  bench/run.sh checks they are unchanged;",
             "-- bench/run.sh --update-sql rewrites this file.", ""]
    for (sql, _), plan in zip(statements, plan_list):
        lines.append(sql.strip() + ";")
        for p in plan or []:
            lines.append("-- plan: " + p)
    return "\n".join(lines) + "\n"


# Every command starts by loading the bank holidays and finding the actor;
# the table leaves those out so each row shows what its own queries do.
PRELUDE = ("FROM bank_holidays", "FROM staff WHERE login")


def plan_summary(statements, plan_list):
    """How each query reaches its rows, for the table: scans, index searches
    other than a lookup by primary key, and temporary b-trees (sorts)."""
    keep = []
    for (sql, _), plan in zip(statements, plan_list):
        if any(p in sql for p in PRELUDE):
            continue
        for p in plan or []:
            body = p.lstrip("|-` ")
            if "INTEGER PRIMARY KEY (rowid=?)" in body:
                continue
            if body.startswith(("SCAN", "SEARCH", "USE TEMP")):
                keep.append(body)
    return keep


PARAM = re.compile(r"[:@$][A-Za-z_][A-Za-z0-9_]*")
LITERAL = re.compile(r"NULL|[xX]'[0-9a-fA-F]*'|[-+]?[0-9][0-9.eE+-]*")


def _literal(exp, j):
    """The SQL literal sqlite3_expanded_sql wrote at exp[j:]: (text, end)."""
    if exp.startswith("'", j):
        k = j + 1
        while True:
            k = exp.index("'", k)
            if exp.startswith("''", k):
                k += 2
                continue
            return exp[j:k + 1], k + 1
    m = LITERAL.match(exp, j)
    if not m:
        raise ValueError("no literal at %d" % j)
    return m.group(0), m.end()


def params_of(sql, exp):
    """The values bound to each :param, read off the expanded text: walking
    both texts together, a parameter in one is a literal in the other."""
    values, i, j, quoted = {}, 0, 0, False
    while i < len(sql):
        m = None if quoted else PARAM.match(sql, i)
        if m:
            values[m.group(0)], j = _literal(exp, j)
            i = m.end()
            continue
        if j >= len(exp) or sql[i] != exp[j]:
            raise ValueError("the expanded SQL does not follow the statement")
        quoted ^= sql[i] == "'"
        i, j = i + 1, j + 1
    return values


def shell_script(statements, mode):
    """The sqlite3 shell's equivalent: the same statements with the same
    values bound to the same parameters (.parameter set), in the output mode
    matching the product's format.  Literal values would let the planner
    fold terms the product's prepared statement cannot."""
    out = [".mode %s" % mode]
    for sql, exp in statements:
        # A read of a case's content first writes its access log row
        # (issue 12) inside a write transaction.  The read-only shell can
        # neither write nor hash (esc_hash is the product's): its side is
        # the reads alone, so the difference is the cost of the log row.
        head = sql.lstrip().upper()
        if head.startswith("INSERT INTO ACCESS_LOG"):
            continue
        if head.startswith("BEGIN IMMEDIATE"):
            sql = exp = "BEGIN"
        try:
            values = params_of(sql, exp)
        except ValueError:
            out.append(exp.strip() + ";")
            continue
        if values:
            out.append(".parameter clear")
            for name, lit in values.items():
                out.append('.parameter set %s "%s"' % (
                    name, lit.replace("\\", "\\\\").replace('"', '\\"')))
        out.append(sql.strip() + ";")
    return "\n".join(out) + "\n"


def time_shell(db, script_path, stderr_path):
    """One run of `sqlite3 -readonly DB < script` with output discarded:
    (seconds, peak RSS KiB, exit code)."""
    return spawn_timed(["sqlite3", "-readonly", db], os.environ, script_path, stderr_path)


def spawn_timed(argv, env, stdin_path, stderr_path):
    """Runs argv with stdout discarded; (seconds, peak RSS in KiB, exit code)."""
    actions = [
        (os.POSIX_SPAWN_OPEN, 0, stdin_path or os.devnull, os.O_RDONLY, 0),
        (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
        (os.POSIX_SPAWN_OPEN, 2, stderr_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600),
    ]
    t0 = time.perf_counter()
    pid = os.posix_spawnp(argv[0], argv, env, file_actions=actions)
    _, status, usage = os.wait4(pid, 0)
    elapsed = time.perf_counter() - t0
    return elapsed, usage.ru_maxrss, os.waitstatus_to_exitcode(status)
