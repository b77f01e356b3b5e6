"""The interface benchmarks: the real escalate binary on a pseudo-terminal
(120x40, TERM=xterm-256color), driven key by key.

A measurement is the time from the keystroke (or from the exec that starts
the program) to the last byte of the screen update it causes: the update is
complete when the terminal has been quiet for QUIET seconds, and the time
taken is that of the last byte, so the quiet wait is not counted.  Reading
the pty directly resolves well under a millisecond, where polling a tmux
pane costs a process per look (tens of milliseconds on a loaded machine)."""

import os
import select
import statistics
import struct
import termios
import time
import fcntl

import bench_sql

ROWS, COLS = 40, 120
QUIET = 0.5        # seconds without output that end an update
TIMEOUT = 60.0     # an update that has not started by then is a failure
KEYS = {"j": b"j", "PgDn": b"\x1b[6~", "l": b"l", "f": b"f", "q": b"q", "Enter": b"\r"}
# Opening a case (Enter on the list) writes its access log row before the
# case is read (issue 12): the figure includes that write and its commit.
# Each open is followed by q back to the list, which is not timed.
OPEN_CASE = "tui-open-case (Enter)"
# The views `f` steps through from the first screen, in order: the interface
# opens on needs my action (the benchmark's login has cases in it), and no
# view is remembered between runs (ESCALATE_NO_STATE, in launch).
VIEWS = ("open cases", "all cases", "mine", "overdue", "needs my action")


class Tui:
    """escalate on a pty.  The child waits on a pipe before exec, so the
    clock starts at the exec, not at Python's fork."""

    def __init__(self, argv, env):
        go_r, go_w = os.pipe()
        pid, fd = os.forkpty()
        if pid == 0:  # the child
            os.close(go_w)
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
            os.read(go_r, 1)
            try:
                os.execve(argv[0], argv, env)
            finally:
                os._exit(127)
        os.close(go_r)
        self.pid, self.fd, self.go = pid, fd, go_w

    def update(self, t0, timeout=TIMEOUT, until=None):
        """Reads one screen update; (seconds from t0 to its last byte, bytes),
        or (None, b"") when nothing changed on the screen within timeout.
        With until, output before until(bytes so far) holds does not count as
        the end (the terminal set-up comes before the first screen)."""
        last, out = None, bytearray()
        while True:
            done = last is not None and (until is None or until(out))
            wait = QUIET if done else timeout - (time.perf_counter() - t0)
            ready, _, _ = select.select([self.fd], [], [], max(wait, 0))
            if not ready:
                if last is None:
                    if timeout < TIMEOUT:
                        return None, b""
                    raise TimeoutError("no screen update within %.0f s" % timeout)
                return last - t0, bytes(out)
            try:
                data = os.read(self.fd, 65536)
            except OSError:  # the program exited
                data = b""
            if not data:
                if last is None:
                    raise TimeoutError("escalate exited before drawing")
                return last - t0, bytes(out)
            last = time.perf_counter()
            out += data

    def start(self):
        t0 = time.perf_counter()
        os.write(self.go, b"x")
        os.close(self.go)
        return self.update(t0, until=lambda out: b"help" in out)

    def press(self, key, timeout=TIMEOUT):
        t0 = time.perf_counter()
        os.write(self.fd, KEYS[key])
        return self.update(t0, timeout)

    def peak_rss(self):
        try:
            with open("/proc/%d/status" % self.pid) as f:
                for line in f:
                    if line.startswith("VmHWM:"):
                        return int(line.split()[1])
        except OSError:
            pass
        return 0

    def quit(self):
        try:
            os.write(self.fd, KEYS["q"])
        except OSError:
            pass
        deadline = time.time() + 5
        while time.time() < deadline:
            pid, _ = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                break
            time.sleep(0.02)
        else:
            os.kill(self.pid, 9)
            os.waitpid(self.pid, 0)
        os.close(self.fd)


def slug(name):
    """A file name for a step: "tui-view all cases (f)" -> "tui-view-all-cases"."""
    return "-".join(name.split(" (")[0].split())


def launch(esc, db, env, log=None, shim=None):
    env = dict(env, TERM="xterm-256color", ESCALATE_NO_STATE="1")
    env.pop("LINES", None)
    env.pop("COLUMNS", None)
    if log:
        env.update(ESCALATE_SQL_LOG=log, LD_PRELOAD=shim)
    return Tui([esc, "--db", db], env)


def check_start(out):
    if b"ESC-" not in out or b"help" not in out:
        raise TimeoutError("the first screen did not show the case list")


# The keystrokes measured: (row name, key, presses).  `l` cycles the level
# filter (any, 1..5, any); `f` cycles the view (from needs my action: open,
# all, mine, overdue, needs my action): each press is a new count and a new
# first page.
def key_plan(runs):
    cycles = max(3, runs // 2)
    return [("tui-key-down (j)", "j", runs), ("tui-key-pgdn (scroll)", "PgDn", runs),
            ("tui-filter-level (l)", "l", 6 * cycles), ("tui-view (f)", "f", 5 * cycles),
            (OPEN_CASE, "Enter", runs)]


def session_pass(esc, db, env, runs, keys, key_timeout=TIMEOUT):
    """Cold starts, then the keystrokes in the last session: the times, the
    times per view, and the interface's peak RSS (KiB).  A short key_timeout
    lets a key that changes nothing (the end of a short list) pass."""
    starts, times, views, rss = [], {}, {}, 0
    for i in range(runs):
        tui = launch(esc, db, env)
        try:
            t, out = tui.start()
            check_start(out)
            starts.append(t)
            if i < runs - 1:
                continue
            for name, key, n in keys:
                for k in range(n):
                    t, _ = tui.press(key, key_timeout)
                    if key == "Enter":
                        tui.press("q", key_timeout)  # back to the list, untimed
                    if t is None:
                        continue
                    times.setdefault(name, []).append(t)
                    if key == "f":
                        views.setdefault(VIEWS[k % len(VIEWS)], []).append(t)
            rss = tui.peak_rss()
        finally:
            tui.quit()
    return starts, times, views, rss


def sql_pass(runner, esc, db, env, keys):
    """One more session through the SQL shim: the statements each step ran,
    timed in the sqlite3 shell.  Keystrokes are compared with the shell's
    time less its own start-up (an empty script); the cold start with all."""
    log = runner.path("tui.log")
    if os.path.exists(log):
        os.unlink(log)
    tui = launch(esc, db, env, log, runner.a.shim)
    steps = []
    try:
        tui.start()
        offset = os.path.getsize(log)
        steps.append(("tui-cold-start", 0, offset))
        for name, key, presses in keys:
            # Opening a case writes (the access log), which the read-only
            # shell cannot replay: that row has no shell figure.
            if key == "Enter":
                continue
            # The same presses as the timed pass, so each step starts from the
            # same screen; every view is a step, other keys their first press.
            names = ["tui-view %s" % v for v in VIEWS] if key == "f" else [name]
            for k in range(presses):
                tui.press(key)
                size = os.path.getsize(log)
                if k < len(names):
                    steps.append((names[k], offset, size))
                offset = size
    finally:
        tui.quit()
    empty = runner.path("empty.sql")
    open(empty, "w").close()
    err = runner.path("tui-shell.err")
    base = statistics.median(bench_sql.time_shell(db, empty, err)[0] for _ in range(5))
    result = {}
    for name, start, end in steps:
        stmts = bench_sql.parse_log(log, start, end)
        script = runner.path("%s.sql" % slug(name))
        with open(script, "w") as f:
            f.write(bench_sql.shell_script(stmts, "column"))
        bench_sql.time_shell(db, script, err)
        t = statistics.median(bench_sql.time_shell(db, script, err)[0]
                              for _ in range(runner.a.runs))
        if name != "tui-cold-start":
            t = max(t - base, 0.0)
        result[name] = (t, stmts, bench_sql.plans(db, stmts))
    return result


def run(runner, targets, judge):
    """Rows for the table and the peak-RSS comparison; judge(kind, ms, ratio)
    gives the target text and whether it was met."""
    a = runner.a
    keys = key_plan(a.runs)
    try:
        starts, times, views, rss_big = session_pass(a.escalate, a.db, runner.env, a.runs, keys)
        shell = sql_pass(runner, a.escalate, a.db, runner.env, keys)
        _, _, _, rss_small = session_pass(a.escalate, a.small_db, runner.env, 1, keys, 3.0)
    except (TimeoutError, OSError) as e:
        runner.failures.append("interface: %s" % e)
        return [], []

    def row(name, samples, kind, step):
        ms = statistics.median(samples) * 1e3
        shell_ms, plan = None, []
        if step in shell:
            t, stmts, plan_list = shell[step]
            shell_ms = t * 1e3
            plan = bench_sql.plan_summary(stmts, plan_list)
            runner.compare_shape(slug(step), bench_sql.shape_text(
                slug(step), ["(interface)", step], stmts, plan_list, runner.cases))
        ratio = ms / shell_ms if shell_ms else None
        target, met = judge(kind, ms, None)
        return {"name": name, "ms": ms, "shell_ms": shell_ms, "ratio": ratio, "target": target,
                "met": met, "plan": plan, "max_ms": max(samples) * 1e3,
                "samples": len(samples)}

    rows = [row("tui-cold-start", starts, "tui-start", "tui-cold-start")]
    for name, key, _ in keys:
        if key != "f":
            rows.append(row(name, times.get(name, [0.0]), "tui-key", name))
    for view in VIEWS:
        name = "tui-view %s" % view
        rows.append(row(name + " (f)", views.get(view, [0.0]), "tui-key", name))
    t = targets["tui-rss"]
    rss = [{"name": "interface peak RSS", "big": rss_big, "small": rss_small,
            "target": t["text"], "met": "yes" if rss_big / 1024 < t["mib"] else "MISS"}]
    return rows, rss
