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
import sys

sys.path.insert(0, os.path.dirname(__file__))
from common import finish, run_gate, skip  # noqa: E402

GATE = 0.465
LITBANK = os.path.join("..", "shared", "data", "litbank")

if not os.path.isdir(os.path.join(LITBANK, "quotations")):
    skip("%s not present" % LITBANK)
run_gate("train/speakers/eval_litbank.py", GATE, LITBANK)
finish()
