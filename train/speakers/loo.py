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
alone.  It prints each novel's row and the pooled overall row (quotes
weighted, as `eval speakers` pools them) beside the in-sample overall row.
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
            n = r[0]
            pooled[0] += n
            for k in range(1, 8):
                pooled[k] += r[k] * n
        tot = pooled[0]
        print("%-28s %s" % ("overall (held out)", " ".join(
            ("%9d" % v) if k == 0 else ("%9.4f" % (v / tot))
            for k, v in enumerate(pooled))))
        ins = insample.get("overall")
        if ins:
            print("%-28s %s" % ("overall (in sample)", " ".join(
                ("%9d" % v) if k == 0 else ("%9.4f" % v)
                for k, v in enumerate(ins))))
        print("(held-out pooled rows weight each novel by its quotes; the "
              "by-type columns are approximate: they weight by all quotes)")
    finally:
        shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
