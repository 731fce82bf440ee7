#!/usr/bin/env python3
"""Quotation spans against PDNC (see `dramatis eval quotes`).

The gates are regression guards set just under what the finder measures
today, per novel and overall.  The project's targets (recall >= 0.99 and
precision >= 0.97 on every novel) are printed beside them; README explains
the gap (PDNC leaves some quoted speech, reported speech and thoughts
unannotated).

argv[1] is the dramatis binary; run from the repository root.  Exits 77
(skipped) when the corpus is not present.
"""
import os
import re
import subprocess
import sys

CORPUS = os.path.join("..", "shared", "data", "pdnc")
GATE_NOVEL = ("0.98", "0.88")     # per novel: recall, precision
GATE_OVERALL = (0.995, 0.965)     # micro-averaged over the 20 novels
TARGET = (0.99, 0.97)


def main():
    if len(sys.argv) != 2:
        print("usage: test_pdnc_quotes.py PATH-TO-DRAMATIS", file=sys.stderr)
        return 2
    if not os.path.isdir(CORPUS):
        print("SKIPPED: ../shared/data/pdnc not present")
        return 77
    cmd = [sys.argv[1], "eval", "quotes", "--min-recall", GATE_NOVEL[0],
           "--min-precision", GATE_NOVEL[1], CORPUS]
    try:
        r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=600)
    except subprocess.TimeoutExpired:
        print("FAIL: dramatis eval quotes timed out")
        return 1
    out = r.stdout.decode("utf-8", "replace")
    sys.stdout.write(out)
    sys.stderr.write(r.stderr.decode("utf-8", "replace"))
    if r.returncode != 0:
        print("FAIL: %s exited %d" % (" ".join(cmd), r.returncode))
        return 1
    m = re.search(r"^overall\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+([\d.]+)\s+"
                  r"(\d+)\s+([\d.]+)", out, re.M)
    if not m:
        print("FAIL: no overall row")
        return 1
    recall, precision = float(m.group(5)), float(m.group(7))
    below = [l.split()[0] for l in out.splitlines()[1:-2]
             if len(l.split()) == 8 and (float(l.split()[5]) < TARGET[0] or
                                         float(l.split()[7]) < TARGET[1])]
    print("overall recall %.4f precision %.4f (gate %.3f / %.3f)" %
          (recall, precision, GATE_OVERALL[0], GATE_OVERALL[1]))
    print("novels under the target %.2f / %.2f: %d (%s)" %
          (TARGET[0], TARGET[1], len(below), ", ".join(below)))
    if recall < GATE_OVERALL[0] or precision < GATE_OVERALL[1]:
        print("FAIL: overall under the gate")
        return 1
    print("1 passed, 0 failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
