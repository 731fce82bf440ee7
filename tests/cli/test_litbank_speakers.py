#!/usr/bin/env python3
"""Speakers on LitBank's quotation layer (train/speakers/eval_litbank.py).

Nothing in dramatis is trained on these annotations, so the score is held
out (one caveat: the names lexicon takes given names' genders from LitBank's
coreference layer, over the same works; without them the score is 0.442
against 0.449).  Gated a little under what the attribution stage reaches
today with our own cast (0.473 in the fifteenth session); skipped, saying
so, when ../shared/data/litbank is absent.

argv[1] is the dramatis binary; run from the repository root.
"""
import os
import subprocess
import sys

GATE = 0.465
LITBANK = os.path.join("..", "shared", "data", "litbank")

if not os.path.isdir(os.path.join(LITBANK, "quotations")):
    print("SKIPPED: %s not present" % LITBANK)
    sys.exit(77)
r = subprocess.run([sys.executable, "train/speakers/eval_litbank.py",
                    "--min-accuracy", str(GATE), sys.argv[1], LITBANK],
                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                   text=True, timeout=600)
print(r.stdout[-1500:])
ok = r.returncode == 0 and "overall" in r.stdout
print("%d passed, %d failed" % (ok, not ok))
sys.exit(0 if ok else 1)
