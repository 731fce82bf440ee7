#!/usr/bin/env python3
"""Leave-one-novel-out scores for the speaker stage.

    python3 train/speakers/loo.py [../shared/data/pdnc] [BUILD-DIR] [OUT-DIR]

The speech-verb lexicon of src/speaker_verbs.inc is learned from the cues of
the 20 PDNC novels, so `dramatis eval speakers` on those novels is an
in-sample score.  This script gives the honest one: for each novel i it
compiles speaker.c with -DDRP_SPEAKERS_HOLDOUT=i (the lexicon then ignores
every word novel i's cues contributed), swaps it into a copy of BUILD-DIR's
libdramatis.a (default build-spk, a configured and built Release tree),
links the dramatis CLI objects of that tree against it, and scores novel i
alone.  It prints each novel's row and the pooled overall row beside the
in-sample overall row.  Each column pools the novels as `eval speakers`
does, by the quotes the column counts (weights(): all quotes, the quotes of
the type, the quotes with gold addressees); until the eighteenth session
the type and addressee columns weighted by all quotes, which understated
held-out anaphoric accuracy by about 0.026.
The weights of the ranking table (speaker_weights.inc, fitted by
train_ranker.py) are held out the same way: row i was fitted without
novel i.  Needs cc, ar, pkg-config and the libraries of PKGS.  Standard
library only.
"""
import glob
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))))
COLS = ["quotes", "recall", "speaker", "explicit", "anaphoric", "implicit",
        "addr", "addr-J"]


# The libraries the library and the CLI link (see CMakeLists.txt).
PKGS = ["libutf8proc", "libxml-2.0", "libzip", "sqlite3"]


def sh(args, **kw):
    return subprocess.run(args, check=True, **kw)


def rows(out):
    res = {}
    for line in out.splitlines():
        f = line.split()
        if len(f) == 9 and f[1].isdigit():
            res[f[0]] = [int(f[1])] + [float(v) for v in f[2:]]
    return res


def weights(ndir):
    """The quotes of a novel's quotes.tsv by what each column of the
    scores counts: [quotes, quotes, quotes, Explicit, Anaphoric, Implicit,
    with addressees, with addressees] (a quote's type and addressees are
    its first row's, as `eval speakers` counts them)."""
    seen, n = set(), [0] * 8
    with open(os.path.join(ndir, "quotes.tsv"), encoding="utf-8") as f:
        next(f, None)
        for line in f:
            fs = line.rstrip("\n").split("\t")
            if len(fs) < 7 or fs[0] in seen:
                continue
            seen.add(fs[0])
            n[0] += 1
            k = {"Explicit": 3, "Anaphoric": 4, "Implicit": 5}.get(fs[6])
            if k:
                n[k] += 1
            if fs[5].strip():
                n[6] += 1
                n[7] += 1
    n[1] = n[2] = n[0]
    return n


def novel_list():
    """The novels of speaker_verbs.inc, in bit order."""
    inc = open(os.path.join(ROOT, "src", "speaker_verbs.inc")).read()
    block = inc[inc.index("spk_novels[]"):]
    return [l.strip().strip('",') for l in
            block[block.index("{") + 1:block.index("};")].split("\n")
            if l.strip()]


def build_variant(bdir, odir, defines):
    """Compiles speaker.c with `defines` into a copy of bdir's
    libdramatis.a, links bdir's CLI objects against it in odir; returns
    the path of that dramatis binary."""
    bdir = os.path.abspath(bdir)
    cflags = sh(["pkg-config", "--cflags"] + PKGS,
                stdout=subprocess.PIPE, text=True).stdout.split()
    libs = sh(["pkg-config", "--libs"] + PKGS,
              stdout=subprocess.PIPE, text=True).stdout.split()
    cli_objs = sorted(glob.glob(os.path.join(
        bdir, "CMakeFiles", "dramatis-cli.dir", "tools", "*.o")))
    if not cli_objs:
        sys.exit("no CLI objects in %s (build it first)" % bdir)
    os.makedirs(odir, exist_ok=True)
    obj = os.path.join(odir, "speaker.c.o")
    sh(["cc", "-std=c11", "-O2"] + defines +
       ["-I" + os.path.join(ROOT, "include"),
        "-I" + os.path.join(ROOT, "src")] + cflags +
       ["-c", os.path.join(ROOT, "src", "speaker.c"), "-o", obj])
    lib = os.path.join(odir, "libdramatis.a")
    shutil.copy(os.path.join(bdir, "libdramatis.a"), lib)
    sh(["ar", "r", "libdramatis.a", "speaker.c.o"], cwd=odir)
    exe = os.path.join(odir, "dramatis")
    sh(["cc", "-o", exe] + cli_objs + [lib] + libs + ["-lm", "-lpthread"])
    return exe


def main():
    corpus = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else
                             os.path.join(ROOT, "..", "shared", "data",
                                          "pdnc"))
    bdir = os.path.abspath(sys.argv[2] if len(sys.argv) > 2 else
                           os.path.join(ROOT, "build-spk"))
    tmp = tempfile.mkdtemp(prefix="spk-loo-")
    try:
        novels = novel_list()
        insample = rows(sh([os.path.join(bdir, "dramatis"), "eval",
                            "speakers", corpus], stdout=subprocess.PIPE,
                           text=True).stdout)
        pooled = [0] * 8
        wsum = [0] * 8
        print("%-28s %s" % ("novel (held out)", " ".join(
            "%9s" % c for c in COLS)))
        for i, name in enumerate(novels):
            odir = os.path.join(tmp, str(i))
            exe = build_variant(bdir, odir,
                                ["-DDRP_SPEAKERS_HOLDOUT=%d" % i])
            one = os.path.join(odir, "corpus")
            os.makedirs(one)
            os.symlink(os.path.join(corpus, name), os.path.join(one, name))
            r = rows(sh([exe, "eval", "speakers", one],
                        stdout=subprocess.PIPE, text=True).stdout)[name]
            print("%-28s %s" % (name, " ".join(
                ("%9d" % v) if k == 0 else ("%9.4f" % v)
                for k, v in enumerate(r))))
            w = weights(os.path.join(corpus, name))
            pooled[0] += r[0]
            for k in range(1, 8):
                pooled[k] += r[k] * w[k]
                wsum[k] += w[k]
        print("%-28s %s" % ("overall (held out)", " ".join(
            ("%9d" % v) if k == 0 else ("%9.4f" % (v / max(wsum[k], 1)))
            for k, v in enumerate(pooled))))
        ins = insample.get("overall")
        if ins:
            print("%-28s %s" % ("overall (in sample)", " ".join(
                ("%9d" % v) if k == 0 else ("%9.4f" % v)
                for k, v in enumerate(ins))))
        print("(the held-out pooled row weights each novel's column by the "
              "quotes it counts: all quotes, those of the type, those with "
              "gold addressees -- read from quotes.tsv; per-novel scores are "
              "rounded to 4 places, so the pooled row may differ from an "
              "exact count by 0.0001)")
    finally:
        shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
