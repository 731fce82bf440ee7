#!/usr/bin/env python3
"""Tunes the speaker ranker's weights (src/speaker_weights.inc) on the
end-to-end speaker accuracy of the PDNC novels.

    python3 train/speakers/tune_ranker.py [--steps S,S,..] [--jobs N]
        [--folds i,j,..] [PDNC-DIR] [BUILD-DIR]

train_ranker.py fits the weights turn by turn: each turn's candidates are
ranked against its gold speaker, with the history (who spoke before) taken
from one decoding.  But speaker.c decodes with a beam over whole paths,
where a weight also decides which histories survive, so a table that ranks
single turns better can decode worse (every refit since the sixth session
scored below the table it started from).  This script tunes the table on
what is measured instead: the number of quotes whose speaker
`dramatis eval speakers` finds right.

1. Build.  speaker.c is compiled with -DDRP_SPEAKERS_TUNE (it then reads its
   two weight rows from the file $DRP_SPEAKERS_WEIGHTS) and, for fold i < 20,
   -DDRP_SPEAKERS_HOLDOUT=i (the speech-verb lexicon without novel i),
   swapped into a copy of BUILD-DIR's libdramatis.a as loo.py does.
2. Search.  Starting from the table's row i, coordinate ascent: each weight
   in turn is moved by +step and -step, and the better move is kept when it
   makes at least MIN_GAIN more quotes right over the training novels (all
   but novel i; all twenty for row 20) and more of those novels gain than
   lose by at least SIGN (--sign; a move that one long novel likes and the
   others do not is that novel's habit).  Passes repeat until none gains,
   at most PASSES per step; steps shrink (--steps, default 0.1, 0.05).
   Weights of features that never fire in a mode (0 in every row) are left
   alone.
3. Write.  Row i of the new table never saw novel i, so loo.py's held-out
   score stays honest.

Deterministic; standard library only.  A whole-corpus evaluation takes
about 0.5 s; the 21 folds took 43 minutes with --jobs 2 (the default) in
the ninth session.
"""
import argparse
import multiprocessing
import os
import shutil
import subprocess
import sys
import tempfile

import loo
import train_ranker

ROOT = loo.ROOT
INC = os.path.join(ROOT, "src", "speaker_weights.inc")
MIN_GAIN = 3
SIGN = 2
PASSES = 2


def read_table():
    """The table of INC (train_ranker.read_inc): rows[i][mode] = one weight
    per feature of train_ranker.FEATURES."""
    rows, _ = train_ranker.read_inc(INC)
    nf = len(train_ranker.FEATURES)
    if any(len(r) != nf for t in rows for r in t):
        sys.exit("%s: rows are not of %d features" % (INC, nf))
    return rows


def score(exe, corpus, wfile, w):
    with open(wfile, "w") as f:
        f.write(" ".join("%.4f" % v for v in w[0] + w[1]) + "\n")
    env = dict(os.environ, DRP_SPEAKERS_WEIGHTS=wfile)
    out = subprocess.run([exe, "eval", "speakers", corpus], check=True,
                         stdout=subprocess.PIPE, text=True, env=env).stdout
    return {name: round(r[0] * r[2]) for name, r in loo.rows(out).items()
            if name != "overall"}


def better(new, old):
    """new beats old: MIN_GAIN more quotes right in all, and more novels
    gain than lose by at least SIGN (a move that one long novel likes and
    the rest do not is that novel's habit, not the general case)."""
    gain = sum(new.values()) - sum(old.values())
    up = sum(1 for k in new if new[k] > old[k])
    down = sum(1 for k in new if new[k] < old[k])
    return gain >= MIN_GAIN and up - down >= SIGN


def tune_fold(args):
    fold, corpus, bdir, steps, novels, live, start = args
    tmp = tempfile.mkdtemp(prefix="spk-tune-%d-" % fold)
    try:
        defs = ["-DDRP_SPEAKERS_TUNE"]
        if fold < len(novels):
            defs.append("-DDRP_SPEAKERS_HOLDOUT=%d" % fold)
        exe = loo.build_variant(bdir, os.path.join(tmp, "b"), defs)
        train = os.path.join(tmp, "corpus")
        os.makedirs(train)
        for i, name in enumerate(novels):
            if i != fold:
                os.symlink(os.path.join(corpus, name),
                           os.path.join(train, name))
        wfile = os.path.join(tmp, "w.txt")
        w = [list(start[0]), list(start[1])]
        best = score(exe, train, wfile, w)
        first = best
        evals = 1
        for step in steps:
            for _ in range(PASSES):
                moved = False
                for m, j in live:
                    old = w[m][j]
                    got = []
                    for d in (step, -step):
                        w[m][j] = round(old + d, 4)
                        got.append((score(exe, train, wfile, w), d))
                        evals += 1
                    w[m][j] = old
                    s, d = max(got, key=lambda t: (sum(t[0].values()),
                                                   t[1]))
                    if better(s, best):
                        w[m][j] = round(old + d, 4)
                        best = s
                        moved = True
                if not moved:
                    break
        sys.stderr.write("fold %d: %d -> %d right over the training novels "
                         "(%d evaluations)\n" % (fold, sum(first.values()),
                                                  sum(best.values()), evals))
        return fold, w
    finally:
        shutil.rmtree(tmp)


def main():
    global SIGN
    ap = argparse.ArgumentParser()
    ap.add_argument("--steps", default="0.1,0.05")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--folds", default="")
    ap.add_argument("--sign", type=int, default=SIGN)
    ap.add_argument("corpus", nargs="?", default=os.path.join(
        ROOT, "..", "shared", "data", "pdnc"))
    ap.add_argument("build", nargs="?", default=os.path.join(
        ROOT, "build-spk"))
    a = ap.parse_args()
    SIGN = a.sign
    corpus = os.path.abspath(a.corpus)
    bdir = os.path.abspath(a.build)
    steps = [float(s) for s in a.steps.split(",")]
    novels = loo.novel_list()
    names = train_ranker.FEATURES
    rows = read_table()
    if len(rows) != len(novels) + 1:
        sys.exit("%s: %d rows, expected %d" % (INC, len(rows),
                                               len(novels) + 1))
    live = [(m, j) for m in range(2) for j in range(len(names))
            if any(r[m][j] != 0.0 for r in rows)]
    folds = ([int(f) for f in a.folds.split(",")] if a.folds
             else list(range(len(rows))))
    jobs = [(f, corpus, bdir, steps, novels, live, rows[f]) for f in folds]
    with multiprocessing.Pool(a.jobs) as pool:
        for fold, w in pool.imap_unordered(tune_fold, jobs):
            rows[fold] = w
    train_ranker.write_inc(INC, novels, rows, (
        "then python3 train/speakers/tune_ranker.py (coordinate ascent on\n"
        " * end-to-end speaker accuracy, steps %s, min gain %d quotes, sign "
        "%d)." % (",".join("%g" % s for s in steps), MIN_GAIN, SIGN)))
    print("wrote %s (%d rows tuned)" % (INC, len(folds)))


if __name__ == "__main__":
    main()
