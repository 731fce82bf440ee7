#!/usr/bin/env python3
"""Learns the speaker ranker's weights (src/speaker_weights.inc) from PDNC.

    python3 train/speakers/train_ranker.py [--rounds N] [PDNC-DIR] [BUILD-DIR]
    python3 train/speakers/train_ranker.py --extend W0,W1

speaker.c ranks the candidate speakers of a turn without an explicit cue
(implicit turns, and pronoun or nominal cues) by a linear score over binary
features (rank(): named in the paragraph, subject of the action beat,
speaker two turns back, previous speaker, vocative of the previous turn,
salience, ...; history features have a near and a far variant).  This
script fits those weights:

1. Dump.  speaker.c is compiled with -DDRP_SPEAKERS_DUMP (it then prints,
   for every ranked turn, the byte offset of its first quote, the mode --
   0 any gender, 1 a pronoun or nominal cue -- and each candidate's
   character and feature bits; and every character's name and aliases),
   swapped into a copy of BUILD-DIR's libdramatis.a (as loo.py does), and
   run over each novel with `dramatis eval speakers`.
2. Label.  The turn's gold speaker is the PDNC quote (quotes.tsv) whose
   span holds the turn's first quote; a candidate is right when its name
   or an alias, case-folded, is one of the gold speaker's names
   (characters.tsv).  Turns whose candidates are all right or all wrong
   teach nothing and are left out.
3. Fit: an averaged perceptron over the turns (in novel and document
   order, EPOCHS passes), starting from the hand-set table HAND: when the
   top candidate is wrong, the top right one's features gain RATE and the
   wrong one's lose it.  (A conditional logit fitted the same data to a
   slightly lower ranking accuracy than the hand table; the perceptron,
   which minimises ranking errors directly, beat it held out.)
4. Leave one novel out: 21 weight tables -- table i without novel i's
   turns, table 20 from all -- so `-DDRP_SPEAKERS_HOLDOUT=i` (loo.py) never
   scores a novel with weights fitted to it.
5. A new feature can join a fitted table without a refit: `--extend
   W0,W1` appends its column (the last of FEATURES) with weight W0 in mode
   0 and W1 in mode 1 to every row, and the header says so.  (llast joined
   so: a refit from the present code scored lower held out than the
   fitted table with the column added, 0.7773 against 0.7811; vocg too,
   with --extend=-0.05,0.0, the '=' keeping argparse from reading the
   minus sign as an option.)
5b. One column can be set by hand in every row the same way, for
   measuring a weight end to end: `--set 0:sal1=0.02` writes 0.02 for
   the salience candidates of implicit turns in every row (fourteenth
   session, measured and not shipped: see the README's Speakers section).
6. Rounds: the features depend on earlier decisions (who spoke two turns
   back), so the dump is redone with the new weights and the fit repeated
   on all the rounds' turns together (--rounds, default 3; aggregating the
   rounds, as DAgger does, keeps the weights from oscillating between
   the decisions of one round and the next).  Deterministic; standard library only.

Needs a configured and built Release tree (default build-spk), cc, ar and
pkg-config.
"""
import argparse
import collections
import csv
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from loo import ROOT, build_variant, novel_list  # noqa: E402

FEATURES = ["local", "beat", "prev2", "prev1", "voc", "target", "sal0",
            "sal1", "next1", "next2", "gunk", "narr", "lastg", "self",
            "nextvoc", "prevnar", "prev2_far", "prev1_far", "voc_far",
            "target_far", "lastg_far", "prev3", "prevlast", "named",
            "silent", "major", "nogender", "recent", "role",
            "roleg", "llast", "vocg"]
NF = len(FEATURES)
MODES = 2
EPOCHS = 8
RATE = 0.1

# The hand-set table the learner starts from (and falls back to).
HAND = [
    [2.0, 4.5, 3.0, -4.0, 2.5, 1.5, 0.8, 0.4, -2.5, 1.5, 0.0, 0.3, 0.0, -3.0,
     2.0, 1.5, 0.75, -1.0, 0.625, 0.375, 0.0, 0.0, 0.0, -1.0, 0.0, 0.0, 0.0, 0.0,
     1.0, 0.0, 0.0, 0.0],
    [2.0, 3.0, 2.0, -1.0, 1.5, 1.0, 1.5, 0.7, -1.5, 0.8, -1.5, 0.0, 2.5, -3.0,
     2.0, 2.0, 0.5, -0.25, 0.375, 0.25, 0.625, 0.0, 0.0, -1.0, 0.0, 0.0, 0.0, 0.0,
     1.0, 0.0, 0.4, 0.0],
]


def fold(s):
    """Case-folded, one space; a leading "the " dropped (as eval speakers
    does: "The Nawab Badahur" is "Nawab Badahur")."""
    s = " ".join(s.lower().split())
    return s[4:] if s.startswith("the ") and len(s) > 4 else s


def gold_of(ndir):
    """(pieces sorted by start: (start, end, speaker)), speaker -> names."""
    names = {}
    with open(os.path.join(ndir, "characters.tsv"), encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            al = {fold(row["name"])}
            al |= {fold(a) for a in (row["aliases"] or "").split(";") if a}
            names[row["name"]] = al
    pieces = []
    with open(os.path.join(ndir, "quotes.tsv"), encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            try:
                pieces.append((int(row["start"]), int(row["end"]),
                               row["speaker"]))
            except ValueError:
                continue
    pieces.sort()
    return pieces, names


def speaker_at(pieces, pos):
    """The gold speaker of the piece holding byte pos (or starting just
    after it: a quote's span starts at its opening mark)."""
    lo, hi = 0, len(pieces)
    while lo < hi:
        mid = (lo + hi) // 2
        if pieces[mid][0] <= pos + 4:
            lo = mid + 1
        else:
            hi = mid
    for k in (lo - 1, lo - 2):
        if 0 <= k < len(pieces) and pieces[k][0] <= pos + 4 and \
                pieces[k][1] > pos:
            return pieces[k][2]
    return None


def dump(exe, corpus, novels, tmp):
    """{novel: [(mode, ((bits, right), ...)), ...]} over every novel."""
    out = {}
    for name in novels:
        one = os.path.join(tmp, "one-" + name)
        if not os.path.isdir(one):
            os.makedirs(one)
            os.symlink(os.path.join(corpus, name), os.path.join(one, name))
        r = subprocess.run([exe, "eval", "speakers", one],
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                           text=True, check=True)
        pieces, gold_names = gold_of(os.path.join(corpus, name))
        chars, turns = {}, collections.OrderedDict()
        for line in r.stderr.splitlines():
            f = line.split("\t")
            if f[0] == "char":
                chars[int(f[1])] = {fold(a) for a in f[2:]}
            elif f[0] == "cand":
                key = (int(f[1]), int(f[2]))
                turns.setdefault(key, []).append((int(f[3]), int(f[4])))
        rows = []
        for (pos, mode), cands in turns.items():
            sp = speaker_at(pieces, pos)
            if sp is None or sp not in gold_names:
                continue
            want = gold_names[sp]
            labelled = tuple((bits, bool(chars.get(c, set()) & want))
                             for c, bits in cands)
            if any(r for _, r in labelled) and not all(r for _, r in labelled):
                rows.append((mode, labelled))
        out[name] = rows
    return out


def fit(rows, w0):
    """Averaged perceptron over the turns of all modes, from w0: when the
    best-scored candidate is wrong, the best-scored right one's features
    gain RATE and the wrong one's lose it; the average of the weights
    after every turn is returned."""
    w = [list(x) for x in w0]
    tot = [[0.0] * NF for _ in range(MODES)]
    seen = 0
    for _ in range(EPOCHS):
        for mode, lab in rows:
            sc = [sum(w[mode][k] for k in range(NF) if b >> k & 1)
                  for b, _ in lab]
            pi = max(range(len(lab)), key=lambda i: sc[i])
            if not lab[pi][1]:
                gi = max((i for i in range(len(lab)) if lab[i][1]),
                         key=lambda i: sc[i])
                for k in range(NF):
                    d = (lab[gi][0] >> k & 1) - (lab[pi][0] >> k & 1)
                    if d:
                        w[mode][k] += d * RATE
            seen += 1
            for m in range(MODES):
                tm, wm = tot[m], w[m]
                for k in range(NF):
                    tm[k] += wm[k]
    return [[x / seen for x in tot[m]] for m in range(MODES)]


def accuracy(rows, w):
    ok = 0
    for mode, labelled in rows:
        best = max(labelled, key=lambda c: sum(
            w[mode][k] for k in range(NF) if c[0] >> k & 1))
        ok += best[1]
    return ok / len(rows) if rows else 0.0


def read_inc(path):
    """The tables of a speaker_weights.inc and its note (the header lines
    between "Command:" and "Row i:")."""
    text = open(path, encoding="utf-8").read()
    head = text[:text.index("*/")].split("\n")
    i = next(k for k, l in enumerate(head) if "Command:" in l)
    j = next(k for k, l in enumerate(head) if "Row i:" in l)
    note = "\n".join(head[i + 1:j])[3:]
    rows = [[float(v.rstrip("f")) for v in l.strip().strip("{},").split(", ")]
            for l in text[text.index("= {"):].split("\n")
            if l.strip().startswith("{") and l.strip() != "{"]
    return [rows[k:k + MODES] for k in range(0, len(rows), MODES)], note


def write_inc(path, novels, tables, note):
    with open(path, "w", encoding="utf-8") as f:
        f.write("/* speaker_weights.inc -- GENERATED, do not edit.\n *\n"
                " * Source: ../shared/data/pdnc (quotes.tsv speakers, "
                "characters.tsv names).\n"
                " * Command: python3 train/speakers/train_ranker.py\n"
                " * %s\n"
                " * Row i: weights fitted without novel i (spk_novels[i]);"
                " row %d: all novels.\n"
                " * Per row, per mode (0 any gender, 1 a pronoun or nominal "
                "cue), one weight\n * per feature: %s. */\n\n"
                % (note, len(novels), ", ".join(FEATURES)))
        f.write("static const float spk_weights[%d][%d][%d] = {\n"
                % (len(novels) + 1, MODES, NF))
        for i, t in enumerate(tables):
            f.write("    /* %s */\n    {\n" % (novels[i] if i < len(novels)
                                                else "all novels"))
            for m in range(MODES):
                f.write("        {" + ", ".join("%.4ff" % x for x in t[m])
                        + "},\n")
            f.write("    },\n")
        f.write("};\n")


def set_column(tables, note, spec):
    """Sets the weight spec names ("MODE:FEATURE=W") in every row of
    tables, in place, and returns note with a line saying so; ValueError
    for a malformed spec."""
    try:
        m, rest = spec.split(":", 1)
        feat, w = rest.split("=", 1)
        m, k, w = int(m), FEATURES.index(feat), float(w)
    except ValueError:
        raise ValueError("want MODE:FEATURE=W (MODE 0 or 1, FEATURE one of "
                         "%s), not %r" % (", ".join(FEATURES), spec))
    if not 0 <= m < MODES:
        raise ValueError("MODE is 0 or 1, not %d" % m)
    for t in tables:
        t[m][k] = w
    return note + ("\n * Column %s, mode %d: set by hand to %g in every "
                   "row (--set %s), not fitted." % (feat, m, w, spec))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--hand", action="store_true",
                    help="write the hand-set table to every row and stop")
    ap.add_argument("--extend", metavar="W0,W1",
                    help="append the last feature's column (weight W0 in "
                    "mode 0, W1 in mode 1, every row) to the table in "
                    "src/speaker_weights.inc, which has one column fewer, "
                    "and stop")
    ap.add_argument("--set", metavar="MODE:FEATURE=W", action="append",
                    help="set one feature's weight in one mode to W in "
                    "every row of src/speaker_weights.inc (a hand-set "
                    "column the header records), and stop; may repeat")
    ap.add_argument("corpus", nargs="?",
                    default=os.path.join(ROOT, "..", "shared", "data", "pdnc"))
    ap.add_argument("build", nargs="?", default=os.path.join(ROOT,
                                                             "build-spk"))
    a = ap.parse_args()
    corpus = os.path.abspath(a.corpus)
    novels = novel_list()
    inc = os.path.join(ROOT, "src", "speaker_weights.inc")
    if a.extend:
        w = [float(v) for v in a.extend.split(",")]
        tables, note = read_inc(inc)
        if len(w) != MODES or any(len(r) != NF - 1 for t in tables
                                  for r in t):
            sys.exit("--extend: the table must have %d columns and W0,W1 "
                     "two weights" % (NF - 1))
        write_inc(inc, novels, [[r + [w[m]] for m, r in enumerate(t)]
                                for t in tables],
                  note + "\n * Column %s: set by hand (--extend %s), not "
                  "fitted." % (FEATURES[-1], a.extend))
        return
    if a.set:
        tables, note = read_inc(inc)
        for spec in a.set:
            try:
                note = set_column(tables, note, spec)
            except ValueError as e:
                sys.exit("--set: %s" % e)
        write_inc(inc, novels, tables, note)
        return
    if a.hand:
        write_inc(inc, novels, [HAND] * (len(novels) + 1),
                  "Hand-set weights (--hand), the same in every row.")
        return
    tmp = tempfile.mkdtemp(prefix="spk-rank-")
    try:
        tables = [HAND] * (len(novels) + 1)
        data = {}
        for rnd in range(a.rounds):
            exe = build_variant(a.build, os.path.join(tmp, "r%d" % rnd),
                                ["-DDRP_SPEAKERS_DUMP"])
            fresh = dump(exe, corpus, novels, tmp)
            for n, rs in fresh.items():
                data.setdefault(n, []).extend(rs)
            new = []
            for i in range(len(novels) + 1):
                rows = [r for n, rs in data.items() if novels.index(n) != i
                        for r in rs]
                new.append(fit(rows, HAND))
            allrows = [r for rs in data.values() for r in rs]
            held = [accuracy(data[n], new[i]) for i, n in enumerate(novels)]
            print("round %d: %d turns; ranking accuracy in sample %.4f "
                  "(hand %.4f), held out (mean over novels) %.4f"
                  % (rnd + 1, len(allrows), accuracy(allrows, new[-1]),
                     accuracy(allrows, HAND), sum(held) / len(held)))
            tables = new
            write_inc(inc, novels, tables,
                      "Averaged perceptron from the hand-set table, %d "
                      "epochs, step %.2g, %d rounds." % (EPOCHS, RATE,
                                                        a.rounds))
    finally:
        shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
