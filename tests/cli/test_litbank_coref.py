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
import sys

sys.path.insert(0, os.path.dirname(__file__))
from common import finish, run_gate, skip  # noqa: E402

GATE = 0.40
LITBANK = os.path.join("..", "shared", "data", "litbank")

if not os.path.isdir(os.path.join(LITBANK, "coref")):
    skip("%s not present" % LITBANK)
run_gate("train/speakers/eval_litbank_coref.py", GATE, LITBANK)
finish()
