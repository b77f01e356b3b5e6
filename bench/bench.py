#!/usr/bin/env python3
"""bench/bench.py: runs the benchmarks against the real escalate binary and
the sqlite3 shell on the same file, both warm, median of several runs, and
prints the table.  Driven by bench/run.sh, which builds and generates."""

import argparse
import difflib
import json
import os
import platform
import statistics
import subprocess
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_sql  # noqa: E402
import bench_tui  # noqa: E402

# The generated data ends on 31 March 2026: pin the clock there so overdue
# cases, quarters and "today" are the same on every run.
NOW = "2026-03-31 17:00"
QUARTER = "2025-26-Q4"        # the last full quarter of the data
EARLY_QUARTER = "2021-22-Q2"  # one where nearly every case changed after its end

TARGETS = {
    "report": {"ratio": 1.5, "text": "<= 1.5x sqlite3"},
    "list-first": {"ms": 20.0, "ratio": 2.0, "text": "< 20 ms, <= 2x sqlite3"},
    "generate": {"seconds": 60.0, "text": "1M in < 60 s"},
    "tui-start": {"ms": 100.0, "text": "< 100 ms"},
    "tui-key": {"ms": 16.0, "text": "< 16 ms"},
    "tui-rss": {"mib": 32.0, "text": "< 32 MiB at 1M"},
}


def sql_value(db, query):
    out = subprocess.run(["sqlite3", "-readonly", db, query], capture_output=True, text=True)
    return out.stdout.strip()


def read_gen(path):
    facts = {}
    with open(path) as f:
        for line in f:
            if ":" in line:
                k, v = line.split(":", 1)
                facts[k.strip()] = v.strip()
    return facts


def facts_of(db):
    """What the benchmarks need to know about the data set."""
    by_la = sql_value(db, "SELECT la.name FROM cases c JOIN local_authorities la "
                      "ON la.id = c.la_id GROUP BY c.la_id ORDER BY count(*) DESC")
    by_theme = sql_value(db, "SELECT t.name FROM case_themes ct JOIN themes t "
                         "ON t.id = ct.theme_id GROUP BY ct.theme_id ORDER BY count(*) DESC")
    las, themes = by_la.splitlines(), by_theme.splitlines()
    return {
        "cases": int(sql_value(db, "SELECT count(*) FROM cases")),
        "open": int(sql_value(db, "SELECT count(*) FROM cases WHERE state = 1")),
        "la_common": las[0], "la_rare": las[-1],
        "theme_common": themes[0], "theme_rare": themes[-1],
    }


def benchmarks(facts, long_ref):
    """(name, escalate arguments, output format, target kind)."""
    q = ["report", "--quarter", QUARTER]
    b = [("report-%s" % fmt, q + ["--format", fmt], fmt, "report")
         for fmt in ("text", "csv", "json", "markdown")]
    b.append(("report-early-quarter", ["report", "--quarter", EARLY_QUARTER], "text", "report"))
    b += [
        ("list-first", ["list"], "text", "list-first"),
        ("list-middle", ["list", "--offset", str(facts["open"] // 2)], "text", "list"),
        ("list-overdue", ["list", "--overdue"], "text", "list-first"),
        ("list-la", ["list", "--la", facts["la_common"]], "text", "list-first"),
        ("list-theme", ["list", "--theme", facts["theme_common"]], "text", "list-first"),
        ("list-all-first", ["list", "--all"], "text", "list-first"),
        ("list-all-middle", ["list", "--all", "--offset", str(facts["cases"] // 2)], "text",
         "list"),
        ("list-all-la", ["list", "--all", "--la", facts["la_common"]], "text", "list-first"),
        ("list-all-la-rare", ["list", "--all", "--la", facts["la_rare"]], "text", "list-first"),
        ("list-all-theme", ["list", "--all", "--theme", facts["theme_common"]], "text",
         "list-first"),
        ("list-all-theme-rare", ["list", "--all", "--theme", facts["theme_rare"]], "text",
         "list-first"),
        ("list-all-la-middle", ["list", "--all", "--la", facts["la_common"], "--offset",
                                str(facts["cases"] // 10)], "text", "list"),
        # 2,000 rows from the middle: 20 windows, each after the last (a seek).
        ("list-all-long", ["list", "--all", "--offset", str(facts["cases"] // 2), "--limit",
                           "2000"], "text", "list"),
        ("show-long", ["show", long_ref], "text", "show"),
        ("show-record", ["show", long_ref, "--format", "record"], "text", "show"),
    ]
    return b


def judge(kind, ms, ratio):
    t = TARGETS.get(kind)
    if not t:
        return "-", ""
    ok = True
    if "ms" in t and ms is not None:
        ok = ok and ms < t["ms"]
    if "ratio" in t and ratio is not None:
        ok = ok and ratio <= t["ratio"]
    return t["text"], "yes" if ok else "MISS"


class Runner:
    def __init__(self, args):
        self.a = args
        self.env = dict(os.environ, ESCALATE_NOW=NOW)
        self.tmp = os.path.join(args.out, "tmp")
        os.makedirs(self.tmp, exist_ok=True)
        os.makedirs(os.path.join(args.out, "sql"), exist_ok=True)
        self.rows, self.failures, self.changed = [], [], []
        self.cases = 0  # set once the data set is known

    def path(self, *parts):
        return os.path.join(self.tmp, *parts)

    def compare_shape(self, name, text):
        """Live SQL and plans against the committed bench/sql/NAME.sql.  Some
        choices depend on the data (the report picks its way by how much
        changed since the period end), so a file committed from a run on a
        different number of cases is only noted, not diffed."""
        live = os.path.join(self.a.out, "sql", name + ".sql")
        with open(live, "w") as f:
            f.write(text)
        committed = os.path.join(self.a.sql_dir, name + ".sql")
        if self.a.update_sql:
            with open(committed, "w") as f:
                f.write(text)
            return "updated"
        if not os.path.exists(committed):
            return "new"
        with open(committed) as f:
            old = f.read()
        if old == text:
            return "same"
        data_line = lambda t: next((l for l in t.splitlines() if l.startswith("-- data:")), "")
        if data_line(old) != data_line(text):
            return "differs (%s)" % data_line(old)[3:]
        diff = difflib.unified_diff(old.splitlines(), text.splitlines(), committed, live,
                                    lineterm="", n=1)
        self.changed.append((name, "\n".join(diff)))
        return "CHANGED"

    def measure(self, name, argv, fmt, kind, db=None):
        db = db or self.a.db
        cmd = [self.a.escalate, "--db", db] + argv
        stdout_path = self.path(name + ".out")
        stmts, rc = bench_sql.capture(cmd, self.env, self.a.shim, self.path(name + ".log"),
                                      stdout_path)
        if rc != 0 or os.path.getsize(stdout_path) == 0:
            err = subprocess.run(cmd, env=self.env, capture_output=True, text=True).stderr
            self.failures.append("%s: exit %d, %s" % (name, rc, err.strip()[:300]))
            return None
        plan_list = bench_sql.plans(db, stmts)
        cases = self.cases if db == self.a.db else int(read_gen(db + ".gen")["cases"])
        status = self.compare_shape(name, bench_sql.shape_text(name, argv, stmts, plan_list,
                                                               cases))
        script = self.path(name + ".sql")
        with open(script, "w") as f:
            f.write(bench_sql.shell_script(stmts, bench_sql.SHELL_MODES[fmt]))

        err = self.path(name + ".err")
        mine, theirs, rss = [], [], 0
        bench_sql.spawn_timed(cmd, self.env, None, err)  # warm both
        bench_sql.time_shell(db, script, err)
        for _ in range(self.a.runs):  # interleaved, so drift hits both alike
            t, r, code = bench_sql.spawn_timed(cmd, self.env, None, err)
            if code != 0:
                self.failures.append("%s: exit %d during timing" % (name, code))
                return None
            mine.append(t)
            rss = max(rss, r)
            t, _, code = bench_sql.time_shell(db, script, err)
            if code != 0:
                self.failures.append("%s: sqlite3 shell failed on %s" % (name, script))
                return None
            theirs.append(t)
        ms, shell_ms = statistics.median(mine) * 1e3, statistics.median(theirs) * 1e3
        ratio = ms / shell_ms if shell_ms > 0 else None
        target, met = judge(kind, ms, ratio)
        row = {"name": name, "command": "escalate " + " ".join(argv), "ms": ms,
               "shell_ms": shell_ms, "ratio": ratio, "target": target, "met": met,
               "rss_kib": rss, "sql": status, "statements": len(stmts),
               "plan": bench_sql.plan_summary(stmts, plan_list)}
        self.rows.append(row)
        return row


def fmt_ms(v):
    return "-" if v is None else ("%.1f" % v if v < 100 else "%.0f" % v)


def print_table(rows, out):
    head = "| benchmark | escalate ms | sqlite3 ms | ratio | target | met | plan (EXPLAIN QUERY PLAN) |"
    lines = [head, "|---|---:|---:|---:|---|---|---|"]
    for r in rows:
        ratio = "-" if r.get("ratio") is None else "%.2f" % r["ratio"]
        plan = "; ".join(dict.fromkeys(r.get("plan") or [])) or "-"
        lines.append("| %s | %s | %s | %s | %s | %s | %s |" % (
            r["name"], fmt_ms(r.get("ms")), fmt_ms(r.get("shell_ms")), ratio,
            r.get("target", "-"), r.get("met", ""), plan.replace("|", "\\|")))
    text = "\n".join(lines)
    print(text)
    out.write(text + "\n")


def machine():
    cpu = "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    sqlite = subprocess.run(["sqlite3", "--version"], capture_output=True,
                            text=True).stdout.split()[:1]
    return "%s, %d cores, %.0f GiB RAM, %s, SQLite %s, Python %s" % (
        cpu, os.cpu_count() or 0, mem, platform.platform(terse=True),
        sqlite[0] if sqlite else "?", platform.python_version())


def generation_rows(args):
    rows = []
    for label, db in (("generate", args.db), ("generate-small", args.small_db)):
        g = read_gen(db + ".gen")
        secs = float(g["seconds"])
        n = int(g["cases"])
        # The shell side: the same rows written by the sqlite3 shell alone
        # through the same schema (engine_floor.sh, run by run.sh).
        floor = None
        if os.path.exists(db + ".floor"):
            with open(db + ".floor") as f:
                for line in f:
                    if line.startswith("engine_floor: seconds:"):
                        floor = float(line.split()[2])
        # The target is for 1M cases; a smaller run is judged pro rata.
        target, met = "-", ""
        if label == "generate":
            target = TARGETS["generate"]["text"]
            met = "yes" if secs * 1_000_000 / n < TARGETS["generate"]["seconds"] else "MISS"
        rows.append({"name": "%s (%d cases)" % (label, n), "ms": secs * 1e3,
                     "shell_ms": floor * 1e3 if floor else None,
                     "ratio": secs / floor if floor else None, "target": target, "met": met,
                     "plan": ["%s rows/s, %s rows" % (g["rows_per_second"], g["rows"].split()[0])]
                     + (["read indexes built after the load: %s s" % g["index_seconds"]]
                        if "index_seconds" in g else [])})
    return rows


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--escalate", required=True)
    p.add_argument("--shim", required=True)
    p.add_argument("--db", required=True)
    p.add_argument("--small-db", required=True)
    p.add_argument("--runs", type=int, default=7)
    p.add_argument("--sql-dir", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--quick", action="store_true")
    p.add_argument("--tui", action="store_true")
    p.add_argument("--update-sql", action="store_true")
    a = p.parse_args()

    r = Runner(a)
    facts = facts_of(a.db)
    r.cases = facts["cases"]
    long_ref = read_gen(a.db + ".gen")["long_case"]
    print("machine: %s" % machine())
    print("load average at start: %.2f %.2f %.2f (other work on the machine skews times)"
          % os.getloadavg())
    print("data: %(cases)d cases (%(open)d open); clock pinned to %(now)s" % dict(facts, now=NOW))
    for name, argv, fmt, kind in benchmarks(facts, long_ref):
        row = r.measure(name, argv, fmt, kind)
        if row:
            print("  %-22s %8s ms  sqlite3 %8s ms  x%.2f  sql %s" % (
                name, fmt_ms(row["ms"]), fmt_ms(row["shell_ms"]), row["ratio"] or 0, row["sql"]),
                flush=True)

    # Peak memory of the report: the large database against 1k cases.
    small = r.measure("report-text-1k", ["report", "--quarter", QUARTER], "text", "rss",
                      db=a.small_db)
    big = next((x for x in r.rows if x["name"] == "report-text"), None)
    rss_rows = []
    if small and big:
        r.rows.remove(small)
        rss_rows.append({"name": "report peak RSS", "big": big["rss_kib"],
                         "small": small["rss_kib"]})

    tui_rows = []
    if a.tui:
        tui_rows, tui_rss = bench_tui.run(r, TARGETS, judge)
        rss_rows += tui_rss

    load_end = os.getloadavg()
    print("load average at end: %.2f %.2f %.2f" % load_end)
    gen_rows = generation_rows(a)
    with open(os.path.join(a.out, "results.md"), "w") as out:
        out.write("machine: %s  \nload average at the end: %.2f %.2f %.2f\n\n"
                  % ((machine(),) + load_end))
        print()
        print_table(r.rows + tui_rows + gen_rows, out)
        print()
        out.write("\n")
        for x in rss_rows:
            line = "%s: %.1f MiB at %d cases, %.1f MiB at 1k cases" % (
                x["name"], x["big"] / 1024, facts["cases"], x["small"] / 1024)
            if "target" in x:
                line += " (target %s: %s)" % (x["target"], x["met"])
            print(line)
            out.write(line + "  \n")
    with open(os.path.join(a.out, "results.json"), "w") as f:
        json.dump({"machine": machine(), "facts": facts, "rows": r.rows + tui_rows + gen_rows,
                   "rss": rss_rows}, f, indent=1)

    print("\nQuery plans (full): %s/sql/*.sql" % a.out)
    for name, diff in r.changed:
        print("\nSQL or plan CHANGED for %s (bench/run.sh --update-sql accepts it):\n%s"
              % (name, diff))
    for f in r.failures:
        print("FAILED: " + f, file=sys.stderr)
    return 1 if r.failures else 0


if __name__ == "__main__":
    sys.exit(main())
