#!/usr/bin/env python3
"""Checks that a text table lines up in display cells, as a terminal draws it.

  columns.py FILE HEAD VALUE...   every VALUE starts, on the line holding it,
                                  at the display column where HEAD starts on
                                  the header line (the first line holding HEAD)
  columns.py FILE --bars N        every line with N "|" has them at the same
                                  display columns as the first such line

Widths follow Unicode as wcwidth does: combining marks and format characters
0, East Asian wide and fullwidth characters (CJK, most emoji) 2, others 1.
Prints "ok" or what is wrong.
"""
import sys
import unicodedata


def width(s):
    w = 0
    for ch in s:
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        w += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return w


def main():
    lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
    if sys.argv[2] == "--bars":
        n = int(sys.argv[3])
        want = None
        for line in lines:
            if line.count("|") != n:
                continue
            cols = [width(line[:i]) for i, ch in enumerate(line) if ch == "|"]
            if want is None:
                want = cols
            elif cols != want:
                print("bars at %s, not %s: %r" % (cols, want, line))
                return
        print("ok" if want is not None else "no line with %d bars" % n)
        return
    head = sys.argv[2]
    header = next((l for l in lines if head in l), None)
    if header is None:
        print("no header holding %r" % head)
        return
    col = width(header[: header.index(head)])
    for value in sys.argv[3:]:
        line = next((l for l in lines if value in l and l is not header), None)
        if line is None:
            print("no line holding %r" % value)
            return
        at = width(line[: line.index(value)])
        if at != col:
            print("%r starts at display column %d, %r at %d" % (value, at, head, col))
            return
    print("ok")


main()
