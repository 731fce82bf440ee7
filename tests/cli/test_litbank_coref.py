#!/usr/bin/env python3
"""Pronoun mentions on LitBank's coreference chains
(train/speakers/eval_litbank_coref.py).

Nothing in dramatis is trained on LitBank's chains (the names lexicon
reads given names' genders from them; see test_litbank_speakers.py), so
the score is held out.  Gated a little under what the speakers stage
reaches today (0.417 of all gold pronouns right, 0.655 of those it
finds, in the sixteenth session); skipped, saying so, when
../shared/data/litbank is absent.

argv[1] is the dramatis binary; run from the repository root.
"""
import os
import subprocess
import sys

GATE = 0.40
LITBANK = os.path.join("..", "shared", "data", "litbank")

if not os.path.isdir(os.path.join(LITBANK, "coref")):
    print("SKIPPED: %s not present" % LITBANK)
    sys.exit(77)
r = subprocess.run([sys.executable, "train/speakers/eval_litbank_coref.py",
                    "--min-accuracy", str(GATE), sys.argv[1], LITBANK],
                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                   text=True, timeout=600)
print(r.stdout[-1500:])
ok = r.returncode == 0 and "overall" in r.stdout
print("%d passed, %d failed" % (ok, not ok))
sys.exit(0 if ok else 1)
