#!/usr/bin/env python3
"""What escalate writes, opened with the tools its readers use (issue 14,
issue 11 items 7-8).  Run by cli_formats.sh against a database it filled,
first with ordinary data, then with the hostile strings of
tests/reliability/hostile.py planted in names and texts as someone with the
file could.

  formats.py schema ESCALATE DB SCHEMA_DIR  every JSON output of every command
                                            validates against its schema
                                            (draft 2020-12, python3-jsonschema)
                                            and holds no raw control, C1 or
                                            bidi character
  formats.py markdown ESCALATE DB           the report's Markdown through pandoc
                                            (gfm), cmark-gfm (safe and --unsafe)
                                            and python-markdown: no tag but the
                                            table's, every clean name literal
  formats.py xlsx ESCALATE DB WORKDIR       report, list and export workbooks
                                            through openpyxl and LibreOffice
                                            (soffice --convert-to csv): cell
                                            types, values against the JSON, no
                                            formula anywhere
  formats.py plant DB HOSTILE_PY            plants hostile names and texts
Prints "ok" or what is wrong (one line per problem).
"""
import csv
import datetime
import glob
import html.parser
import importlib.util
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys

NOW = "2026-05-20 09:00"
QUARTER = "2026-27-Q1"
PROBLEMS = []


def problem(msg):
    PROBLEMS.append(msg)


def run(esc, db, *args, check=True):
    env = dict(os.environ, ESCALATE_NOW=NOW)
    p = subprocess.run([esc, "--db", db] + list(args), capture_output=True, env=env,
                       timeout=300)
    if check and p.returncode != 0:
        problem("%s exited %d: %s" % (" ".join(args), p.returncode, p.stderr[:300]))
    return p.stdout


BIDI = {0x061C, 0x200E, 0x200F} | set(range(0x202A, 0x202F)) | set(range(0x2066, 0x206A))


def raw_controls(data, what, crlf=False):
    """No control but LF (and CSV's CRLF), no C1 or bidi character, UTF-8."""
    if crlf:
        data = data.replace(b"\r\n", b"\n")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        return problem("%s: invalid UTF-8 at byte %d" % (what, e.start))
    for i, ch in enumerate(text):
        cp = ord(ch)
        if (cp < 0x20 and ch != "\n") or cp == 0x7F or 0x80 <= cp <= 0x9F or cp in BIDI:
            return problem("%s: raw U+%04X at %d" % (what, cp, i))


# --- JSON Schemas -----------------------------------------------------------
def schema(esc, db, schema_dir):
    import jsonschema
    store = {}
    for path in glob.glob(os.path.join(schema_dir, "*.schema.json")):
        s = json.load(open(path))
        jsonschema.Draft202012Validator.check_schema(s)
        store[s["$id"]] = s

    def validator(name):
        s = json.load(open(os.path.join(schema_dir, name)))
        resolver = jsonschema.RefResolver(s["$id"], s, store=store)
        return jsonschema.Draft202012Validator(s, resolver=resolver)

    listed = json.loads(run(esc, db, "list", "--all", "--limit", "0", "--format", "json"))
    outputs = [("list.schema.json", ["list", "--all", "--limit", "0", "--format", "json"]),
               ("list.schema.json", ["list", "--format", "json"]),
               ("list.schema.json", ["list", "--needs-action", "--format", "json"]),
               ("export.schema.json", ["export", "--format", "json"]),
               ("report.schema.json", ["report", "--quarter", QUARTER, "--format", "json"]),
               ("report.schema.json", ["report", "--format", "json"]),
               ("report.schema.json", ["report", "--from", "2026-05-01", "--to", "2026-05-01",
                                       "--format", "json"]),
               ("staff.schema.json", ["staff", "list", "--format", "json"]),
               ("patterns.schema.json", ["patterns", "--format", "json"]),
               ("actions.schema.json", ["action", "list", "--format", "json"])]
    outputs += [("case.schema.json", ["show", c["ref"], "--format", "json"]) for c in listed]
    outputs += [("actions.schema.json", ["action", "list", c["ref"], "--format", "json"])
                for c in listed]
    checked = 0
    for name, args in outputs:
        out = run(esc, db, *args)
        raw_controls(out, " ".join(args))
        try:
            doc = json.loads(out)
        except ValueError as e:
            problem("%s: not JSON: %s" % (" ".join(args), e))
            continue
        for err in validator(name).iter_errors(doc):
            problem("%s against %s: %s at %s" % (" ".join(args), name, err.message[:200],
                                                 "/".join(map(str, err.path))))
            break
        checked += 1
    if checked < 9 + len(listed):
        problem("only %d outputs checked" % checked)
    # one shape per entity: the list's owner is show's owner; export's case is show's
    exported = {c["ref"]: c for c in json.loads(run(esc, db, "export", "--format", "json"))}
    for c in listed:
        shown = json.loads(run(esc, db, "show", c["ref"], "--format", "json"))
        if shown != exported.get(c["ref"]):
            problem("%s: export's object differs from show's" % c["ref"])
        if c["owner"] != shown["owner"]:
            problem("%s: list's owner %r, show's %r" % (c["ref"], c["owner"], shown["owner"]))
        for k in c:
            if k in shown and shown[k] != c[k] and k not in ("days_at_level",):
                problem("%s: list's %s differs from show's" % (c["ref"], k))


# --- Markdown ---------------------------------------------------------------
TABLE_TAGS = {"table", "thead", "tbody", "tr", "th", "td", "h2", "ul", "li", "p"}


class Cells(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.cells, self.cur = set(), [], None

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        if tag in ("td", "th"):
            self.cur = ""

    def handle_startendtag(self, tag, attrs):
        self.tags.add(tag)

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cur is not None:
            self.cells.append(" ".join(self.cur.split()))
            self.cur = None

    def handle_data(self, data):
        if self.cur is not None:
            self.cur += data

    def handle_comment(self, data):
        self.tags.add("<!--")


def renderers():
    import markdown
    return [
        ("pandoc gfm", lambda md: subprocess.run(["pandoc", "-f", "gfm", "-t", "html"], input=md,
                                                 capture_output=True, check=True).stdout),
        ("cmark-gfm", lambda md: subprocess.run(["cmark-gfm", "-e", "table", "-e", "strikethrough"],
                                                input=md, capture_output=True, check=True).stdout),
        ("cmark-gfm --unsafe",
         lambda md: subprocess.run(["cmark-gfm", "--unsafe", "-e", "table", "-e", "strikethrough"],
                                   input=md, capture_output=True, check=True).stdout),
        ("python-markdown",
         lambda md: markdown.markdown(md.decode("utf-8"), extensions=["tables"]).encode()),
    ]


def names(db):
    con = sqlite3.connect(db)
    con.text_factory = bytes
    out = [r[0] for r in con.execute("SELECT name FROM local_authorities")]
    out += [r[0] for r in con.execute("SELECT name FROM themes")]
    con.close()
    return out


def clean(name):
    """A name the table shows as stored: UTF-8, no control or bidi character."""
    try:
        text = name.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F or ord(c) in BIDI or c == "\ufffd"
           for c in text):
        return None  # shown by its stand-ins, not as stored
    return " ".join(text.split())


def markdown_check(esc, db):
    md = run(esc, db, "report", "--quarter", QUARTER, "--format", "markdown")
    raw_controls(md, "report --format markdown")
    report = json.loads(run(esc, db, "report", "--quarter", QUARTER, "--format", "json"))
    las = {r["local_authority"] for r in report["rows"]}
    for label, render in renderers():
        p = Cells()
        p.feed(render(md).decode("utf-8"))
        extra = p.tags - TABLE_TAGS
        if extra:
            problem("%s: tags beyond the table's: %s" % (label, sorted(extra)))
        for la in las:
            c = clean(la.encode("utf-8"))
            if c is not None and c not in p.cells:
                problem("%s: the local authority %r is not shown literally" % (label, c[:60]))
        if len(p.cells) < 4 * (1 + len(report["rows"])):
            problem("%s: %d cells, expected the whole table" % (label, len(p.cells)))


# --- XLSX -------------------------------------------------------------------
def soffice_csv(xlsx, outdir):
    """Every sheet of the workbook as CSV, by LibreOffice (UTF-8, all sheets)."""
    profile = "file://" + os.path.join(outdir, "lo-profile")
    filt = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
    try:
        subprocess.run(["soffice", "-env:UserInstallation=" + profile, "--headless",
                        "--norestore", "--convert-to", filt, "--outdir", outdir, xlsx],
                       capture_output=True, timeout=180, check=True)
    except (subprocess.SubprocessError, OSError) as e:
        problem("soffice --convert-to csv %s: %s" % (os.path.basename(xlsx), e))
        return {}
    base = os.path.splitext(os.path.basename(xlsx))[0]
    sheets = {}
    for path in glob.glob(os.path.join(outdir, base + "*.csv")):
        sheet = os.path.basename(path)[len(base):-4].lstrip("-")
        sheets[sheet] = list(csv.reader(open(path, newline="", encoding="utf-8")))
    if not sheets:
        problem("soffice wrote no CSV for %s" % xlsx)
    return sheets


def no_formulas(wb, what):
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.data_type == "f":
                    problem("%s %s!%s is a formula: %r" % (what, ws.title, c.coordinate, c.value))


def iso(v):
    return v.strftime("%Y-%m-%dT%H:%M:%SZ") if isinstance(v, datetime.datetime) else v


def xlsx(esc, db, work):
    import openpyxl
    os.makedirs(work, exist_ok=True)
    paths = {k: os.path.join(work, k + ".xlsx") for k in ("report", "list", "export")}
    run(esc, db, "report", "--quarter", QUARTER, "--format", "xlsx", "--out", paths["report"])
    run(esc, db, "list", "--all", "--limit", "0", "--format", "xlsx", "--out", paths["list"])
    run(esc, db, "export", "--format", "xlsx", "--out", paths["export"])
    books = {k: openpyxl.load_workbook(p) for k, p in paths.items()}
    for k, wb in books.items():
        no_formulas(wb, k)

    # The return: the policy's table, numbers as numbers, totals set apart.
    report = json.loads(run(esc, db, "report", "--quarter", QUARTER, "--format", "json"))
    ws = books["report"]["Return"]
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    head = next(i for i, r in enumerate(rows) if r[:4] == ["Level of Escalation", "Number",
                                                            "Themes", "Local Authority"])
    if ws.freeze_panes != "A%d" % (head + 2):
        problem("report: the header row is not frozen (%s)" % ws.freeze_panes)
    if not ws.cell(row=head + 1, column=1).font.b:
        problem("report: the header row is not bold")
    if not any(r[0] == "Period" and r[1] == report["period"]["label"] for r in rows[:head]):
        problem("report: no period in the header block")
    body = rows[head + 1: head + 1 + len(report["rows"])]
    for got, want in zip(body, report["rows"]):
        if got[0] != "%d %s" % (want["level"], want["label"]) or got[1] != want["number"] or \
                not isinstance(got[1], int) or (clean(want["local_authority"].encode()) and
                                                got[3] != want["local_authority"]):
            problem("report row %r, JSON %r" % (got[:4], want))
    after = rows[head + 1 + len(report["rows"])]
    if any(v is not None for v in after):
        problem("report: no blank row between the table and the totals")
    figures = {r[0]: r[1] for r in rows[head + 2 + len(report["rows"]):] if r[0]}
    for f in report["figures"]:
        if f["row"] in ("total", "reachings", "cases") and figures.get(f["label"]) != f["number"]:
            problem("report: figure %r is %r, JSON %r" % (f["label"], figures.get(f["label"]),
                                                          f["number"]))
    tla = [[c.value for c in r] for r in books["report"]["Themes by LA"].iter_rows()]
    for t in report["themes_by_local_authority"]:
        if clean(t["local_authority"].encode()) and clean(t["theme"].encode()) and \
                [t["local_authority"], t["theme"], t["cases"]] not in [r[:3] for r in tla]:
            problem("report: themes by LA lacks %r" % t)
    status = [[c.value for c in r] for r in books["report"]["Resolved, open, overdue"].iter_rows()]
    for f in report["figures"]:
        if f["row"] in ("open", "overdue") and [f["label"], f["number"]] not in \
                [r[:2] for r in status]:
            problem("report: %r missing from the open sheet" % f["label"])

    # The list: identifiers text, numbers numbers, instants date-times.
    listed = json.loads(run(esc, db, "list", "--all", "--limit", "0", "--format", "json"))
    ws = books["list"].worksheets[0]
    head = [c.value for c in ws[1]]
    got = [dict(zip(head, [c for c in r])) for r in ws.iter_rows(min_row=2)]
    if len(got) != len(listed):
        problem("list: %d rows, JSON %d" % (len(got), len(listed)))
    for g, w in zip(got, listed):
        for k in ("ref", "uuid", "child_id"):
            if g[k].data_type != "s" or g[k].value != w[k]:
                problem("list %s: %s is %r (%s), JSON %r" % (w["ref"], k, g[k].value,
                                                            g[k].data_type, w[k]))
        if g["level"].value != w["level"] or g["level"].data_type != "n":
            problem("list %s: level %r" % (w["ref"], g["level"].value))
        if iso(g["opened_at"].value) != w["opened_at"] or g["opened_at"].data_type != "d":
            problem("list %s: opened_at %r, JSON %r" % (w["ref"], g["opened_at"].value,
                                                       w["opened_at"]))
        if g["overdue"].value is not w["overdue"]:
            problem("list %s: overdue %r" % (w["ref"], g["overdue"].value))
        if clean(w["local_authority"].encode()) and g["local_authority"].value != \
                w["local_authority"]:
            problem("list %s: local authority %r" % (w["ref"], g["local_authority"].value))

    # The export: a sheet per table, values as the JSON export has them.
    exported = json.loads(run(esc, db, "export", "--format", "json"))
    wb = books["export"]
    want_sheets = ["Cases", "Themes per case", "Events", "Agreed actions", "Notifications"]
    if wb.sheetnames != want_sheets:
        problem("export sheets %r" % wb.sheetnames)
    sheet = {n: [[c for c in r] for r in wb[n].iter_rows()] for n in wb.sheetnames}
    cases = sheet.get("Cases", [[]])
    heads = [c.value for c in cases[0]]
    for r, w in zip(cases[1:], exported):
        row = dict(zip(heads, r))
        if row["ref"].value != w["ref"] or row["child_id"].data_type != "s" or \
                row["child_id"].value != w["child_id"]:
            problem("export Cases %s: child_id %r" % (w["ref"], row["child_id"].value))
        if iso(row["opened_at"].value) != w["opened_at"]:
            problem("export Cases %s: opened_at %r" % (w["ref"], row["opened_at"].value))
    events = sheet.get("Events", [])
    if len(events) - 1 != sum(len(c["events"]) for c in exported):
        problem("export Events: %d rows" % (len(events) - 1))
    actions = sheet.get("Agreed actions", [])
    if len(actions) - 1 != sum(len(e["actions"]) for c in exported for e in c["events"]):
        problem("export Agreed actions: %d rows" % (len(actions) - 1))
    themes = sheet.get("Themes per case", [])
    if len(themes) - 1 != sum(len(c["themes"]) for c in exported):
        problem("export Themes per case: %d rows" % (len(themes) - 1))
    # A formula-looking text is a string cell holding exactly the text.
    for c in exported:
        for k in ("decision", "concern"):
            if c[k][:1] in "=+-@" and c[k] and clean(c[k].encode()):
                cell = dict(zip(heads, cases[1 + exported.index(c)]))[k]
                if cell.data_type != "s" or cell.value != c[k]:
                    problem("export %s: %s is %r (%s)" % (c["ref"], k, cell.value, cell.data_type))

    # LibreOffice reads the same: identifiers as typed, numbers, every sheet.
    lo = soffice_csv(paths["list"], work)
    lrows = next(iter(lo.values()), [])
    if lrows:
        h = lrows[0]
        for r, w in zip(lrows[1:], listed):
            row = dict(zip(h, r))
            if row.get("child_id") != w["child_id"] or row.get("ref") != w["ref"]:
                problem("LibreOffice list: %r / %r, JSON %r / %r" % (
                    row.get("ref"), row.get("child_id"), w["ref"], w["child_id"]))
            if row.get("level") != str(w["level"]):
                problem("LibreOffice list: level %r" % row.get("level"))
    lo = soffice_csv(paths["report"], work)
    ret = lo.get("Return", [])
    if ret and not any(r[:2] == ["Distinct cases active in the period", str(report["cases"])]
                       for r in ret):
        problem("LibreOffice Return: no distinct cases figure")
    if len(lo) < 3:
        problem("LibreOffice read %d sheets of the return: %s" % (len(lo), sorted(lo)))
    lo = soffice_csv(paths["export"], work)
    lcases = lo.get("Cases", [])
    if lcases and [r[3] for r in lcases[1:]] != [c["child_id"] for c in exported]:
        problem("LibreOffice export: child ids %r" % [r[3] for r in lcases[1:]][:5])


# --- planting hostile data ----------------------------------------------------
def plant(db, hostile_py):
    sys.argv = [hostile_py, "escalate"]
    spec = importlib.util.spec_from_file_location("hostile", hostile_py)
    hostile = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hostile)
    values = [v for _, v in hostile.TEXT_VALUES if v.strip()][:24]
    values += [b"X <script>alert(1)</script>", b"<img src=x onerror=alert(1)>",
               b"**bold** _em_ `code` ~~del~~", b"[x](http://evil.example) www.evil.example",
               b"&lt;b&gt; &amp; | pipe \\ back", b":smile: #tag ^sup", b"=1+2", b"@SUM(A1)",
               b"Tab\there"]
    con = sqlite3.connect(db)
    triggers = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='trigger'")]
    for t in triggers:
        con.execute("DROP TRIGGER %s" % t)
    las = [r[0] for r in con.execute("SELECT id FROM local_authorities ORDER BY id")]
    themes = [r[0] for r in con.execute("SELECT id FROM themes ORDER BY id")]
    for i, v in enumerate(values):
        if i < len(las):
            con.execute("UPDATE local_authorities SET name = CAST(? AS TEXT) WHERE id = ?",
                        (v + b" %d" % i, las[i]))
        if i < len(themes):
            con.execute("UPDATE themes SET name = CAST(? AS TEXT) WHERE id = ?",
                        (v + b" %d" % i, themes[i]))
    cases = [r[0] for r in con.execute("SELECT id FROM cases ORDER BY id")]
    for i, cid in enumerate(cases):
        v = values[i % len(values)]
        con.execute("UPDATE cases SET decision = CAST(? AS TEXT), concern = CAST(? AS TEXT),"
                    " team = CAST(? AS TEXT) WHERE id = ?", (v, v, v, cid))
    for i, (eid,) in enumerate(con.execute("SELECT id FROM events ORDER BY id").fetchall()):
        v = values[i % len(values)]
        con.execute("UPDATE events SET text = CAST(? AS TEXT) WHERE id = ?", (v, eid))
    con.execute("UPDATE actions SET text = CAST(? AS TEXT), owner = CAST(? AS TEXT)",
                (values[0], values[1]))
    con.commit()
    con.close()


def main():
    cmd = sys.argv[1]
    if cmd == "schema":
        schema(sys.argv[2], sys.argv[3], sys.argv[4])
    elif cmd == "markdown":
        markdown_check(sys.argv[2], sys.argv[3])
    elif cmd == "xlsx":
        xlsx(sys.argv[2], sys.argv[3], sys.argv[4])
    elif cmd == "plant":
        plant(sys.argv[2], sys.argv[3])
    for p in PROBLEMS[:20]:
        print(p)
    if not PROBLEMS:
        print("ok")


main()
