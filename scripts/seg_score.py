#!/usr/bin/env python3
"""seg_score.py - word-level precision / recall / F1 of a segmentation.

usage: seg_score.py SEGMENTED GOLD [--min-f1 X]

Both files hold the same text line by line with words separated by
whitespace (any amount: the PKU gold uses two spaces, vocmine one); CR
is ignored. A word counts as correct when its span of non-space
characters matches a gold word's span exactly. Prints
"P=... R=... F1=..."; with --min-f1 exits 1 when F1 is lower.
"""
import argparse
import sys


def spans(line):
    out, pos = set(), 0
    for word in line.split():
        out.add((pos, pos + len(word)))
        pos += len(word)
    return out, pos


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("segmented")
    ap.add_argument("gold")
    ap.add_argument("--min-f1", type=float)
    a = ap.parse_args()
    tp = n_test = n_gold = 0
    with open(a.segmented, encoding="utf-8") as f, open(a.gold, encoding="utf-8") as g:
        test_lines, gold_lines = f.readlines(), g.readlines()
    if len(test_lines) != len(gold_lines):
        sys.exit(f"seg_score: {len(test_lines)} segmented lines but {len(gold_lines)} gold lines")
    for no, (t, g) in enumerate(zip(test_lines, gold_lines), 1):
        st, lt = spans(t)
        sg, lg = spans(g)
        if lt != lg:
            sys.exit(f"seg_score: line {no}: the texts differ")
        tp += len(st & sg)
        n_test += len(st)
        n_gold += len(sg)
    p = tp / n_test if n_test else 0.0
    r = tp / n_gold if n_gold else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    print(f"P={p:.4f} R={r:.4f} F1={f1:.4f}")
    if a.min_f1 is not None and f1 < a.min_f1:
        print(f"seg_score: F1 {f1:.4f} is below {a.min_f1}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
