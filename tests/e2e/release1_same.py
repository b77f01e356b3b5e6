#!/usr/bin/env python3
"""An older release's report CSV and export JSON against this release's, by
content (the release-1 and release-2 fixtures).

The shapes changed (issue 14: the report CSV's row column, one JSON shape per
entity, ISO 8601 UTC instants), so the upgrade test compares what they say:
every count of the report, and every case, theme, event and agreed action of
the export, with release 1's local times read as Europe/London.

  release1_same.py report OLD.csv NEW.csv
  release1_same.py export OLD.json NEW.json
Prints "ok" or the first difference.
"""
import csv
import datetime
import json
import sys
import zoneinfo

LONDON = zoneinfo.ZoneInfo("Europe/London")


def utc(local, fold=0):
    if local is None:
        return None
    t = datetime.datetime.strptime(local, "%Y-%m-%d %H:%M:%S").replace(tzinfo=LONDON, fold=fold)
    return t.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def report(old_path, new_path):
    old = list(csv.reader(open(old_path, newline="")))[1:]
    new = list(csv.reader(open(new_path, newline="")))[1:]
    want = []
    for r in old:
        label, number, urgent = r[0], r[1], r[2]
        if label[0].isdigit():
            want.append(("level", label, number, urgent, r[3], r[4]))
        elif label.startswith("Total level "):
            want.append(("total", label[-1], number, urgent))
        elif label == "Total":
            want.append(("reachings", number, urgent))
        elif label.startswith("Resolved at level "):
            want.append(("resolved", label[-1], number))
        elif label.startswith("Open and overdue"):
            want.append(("overdue", label.split()[-1], number))
        elif label.startswith("Open"):
            want.append(("open", label.split()[-1], number))
    got = []
    for r in new:
        kind = r[0]
        if kind == "level":
            got.append((kind, r[2], r[4], r[5], r[6], r[7]))
        elif kind == "total":
            got.append((kind, r[1], r[4], r[5]))
        elif kind == "reachings":
            got.append((kind, r[4], r[5]))
        elif kind == "resolved":
            got.append((kind, r[1], r[4]))
        elif kind in ("open", "overdue"):
            got.append((kind, r[3].split()[-1], r[4]))
    # An ended period's "Open at period end" is now "Open on" its last day.
    def day_free(rows):
        return [r[:1] + r[2:] if r[0] in ("open", "overdue") else r for r in rows]
    if any(r[0] in ("open", "overdue") and r[1] == "end" for r in want):
        want, got = day_free(want), day_free(got)
    return want == got or "report differs:\n%s\n%s" % (want, got)


def export(old_path, new_path):
    old, new = json.load(open(old_path)), json.load(open(new_path))
    if len(old) != len(new):
        return "%d cases, release 1 had %d" % (len(new), len(old))
    for o, n in zip(old, new):
        same = ["ref", "uuid", "child_kind", "child_id", "local_authority", "team", "agency",
                "decision", "concern", "state", "level", "themes"]
        for k in same:
            if o[k] != n[k]:
                return "%s: %s is %r, release 1 had %r" % (o["ref"], k, n[k], o[k])
        if o["owner"] != n["owner"]["login"] or utc(o["opened_at"]) != n["opened_at"]:
            return "%s: owner or opened_at differs" % o["ref"]
        if len(o["events"]) != len(n["events"]):
            return "%s: %d events, release 1 had %d" % (o["ref"], len(n["events"]), len(o["events"]))
        prev = None
        for oe, ne in zip(o["events"], n["events"]):
            # A repeated hour's time takes the reading not before the case's
            # row before it (migration 6).
            at = utc(oe["at"])
            if prev and at < prev:
                at = utc(oe["at"], 1)
            prev = at
            for k in ["seq", "event", "level_before", "level_after", "state_after", "text",
                      "person_name", "person_role", "person_org", "concern_remains", "not_needed"]:
                if oe[k] != ne[k]:
                    return "%s event %d: %s is %r, release 1 had %r" % (o["ref"], oe["seq"], k, ne[k], oe[k])
            if oe["actor"] != ne["actor"]["login"] or at != ne["at"]:
                return "%s event %d: actor or time differs" % (o["ref"], oe["seq"])
            if utc(oe["occurred_at"]) != ne["occurred_at"]:
                return "%s event %d: occurred_at differs" % (o["ref"], oe["seq"])
            acts = [(a["text"], a["owner"], a["due"]) for a in oe["actions"]]
            # An action's owner is now a person (name, login or null, organisation).
            if acts != [(a["text"], a["owner"]["name"], a["due"]) for a in ne["actions"]]:
                return "%s event %d: agreed actions differ" % (o["ref"], oe["seq"])
    return True


result = {"report": report, "export": export}[sys.argv[1]](sys.argv[2], sys.argv[3])
print("ok" if result is True else result)
