#!/usr/bin/env python3
"""train/speakers/train_ranker.py's table file: the shipped
src/speaker_weights.inc reads back as 21 rows of two modes, one weight per
feature; `--set MODE:FEATURE=W` (set_column) changes that one column in
every row and nothing else, and the header records it; a malformed spec is
refused.  Works on a copy in a temporary folder; needs no ../shared.

argv[1] (the dramatis binary) is not used; run from the repository root.
"""
import copy
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
sys.path.insert(0, os.path.join("train", "speakers"))
import train_ranker as tr  # noqa: E402
from common import check, finish  # noqa: E402

tables, note = tr.read_inc(os.path.join("src", "speaker_weights.inc"))
novels = tr.novel_list()
check(len(tables) == len(novels) + 1, "one table per held-out novel + all")
check(all(len(t) == tr.MODES and all(len(r) == tr.NF for r in t)
          for t in tables), "two modes, one weight per feature")
old = copy.deepcopy(tables)
k = tr.FEATURES.index("sal1")
note2 = tr.set_column(tables, note, "0:sal1=0.02")
check(all(t[0][k] == 0.02 for t in tables), "mode 0 sal1 set in every row")
check(all(t[m][j] == o[m][j] for t, o in zip(tables, old)
          for m in range(tr.MODES) for j in range(tr.NF)
          if (m, j) != (0, k)), "nothing else changed")
check("--set 0:sal1=0.02" in note2, "the header note records the change")
with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "w.inc")
    tr.write_inc(path, novels, tables, note2)
    back, note3 = tr.read_inc(path)
    check(back == [[[float("%.4f" % x) for x in r] for r in t]
                   for t in tables], "written table reads back")
    check(note3 == note2, "written note reads back")
for bad in ("0:nosuch=1", "2:sal1=1", "sal1=1", "0:sal1=x"):
    try:
        tr.set_column(copy.deepcopy(old), note, bad)
        check(False, "refuses %r" % bad)
    except ValueError:
        check(True, "refuses %r" % bad)
finish()
