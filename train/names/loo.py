#!/usr/bin/env python3
"""Leave-one-novel-out scores for the character stage.

    python3 train/names/loo.py [--verbose] [../shared/data/pdnc] [BUILD-DIR]

The lexicons in src/names_lexicon.inc are learned from the 20 PDNC novels,
so `dramatis eval characters` on those same novels is an in-sample score.
This script gives the honest one: for each novel i it compiles names.c with
-DDRP_NAMES_HOLDOUT=i (the lexicons then ignore everything novel i
contributed), links a dramatis binary with the rest of the sources, and
scores novel i alone.  It prints the per-novel rows, the pooled overall row
(computed like `eval characters` does), and the in-sample overall row beside
it.  --verbose also prints each held-out novel's gender errors, misses and
B3 splits (the lines `eval characters --verbose` gives).  LOO_DEFS in the
environment adds -D flags to names.c, to try a constant
(LOO_DEFS="-DENDING_W=1.0").  Needs cc,
pkg-config and the libraries of PKGS; objects go to BUILD-DIR
(default build-loo).  Standard library only.
"""
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))))


# The libraries the library and the CLI link (see CMakeLists.txt).
PKGS = ["libutf8proc", "libxml-2.0", "libzip", "sqlite3"]


def sh(args):
    subprocess.run(args, check=True)


def row_of(out, name):
    for line in out.splitlines():
        f = line.split()
        if f and f[0] == name and len(f) == 12:
            return f
    raise SystemExit("no row for %s in:\n%s" % (name, out))


def main():
    args = sys.argv[1:]
    verbose = "--verbose" in args
    args = [a for a in args if a != "--verbose"]
    corpus = os.path.abspath(args[0] if len(args) > 0 else
                             os.path.join(ROOT, "..", "shared", "data",
                                          "pdnc"))
    bdir = os.path.abspath(args[1] if len(args) > 1 else
                           os.path.join(ROOT, "build-loo"))
    os.makedirs(bdir, exist_ok=True)
    inc = open(os.path.join(ROOT, "src", "names_lexicon.inc")).read()
    block = inc[inc.index("lex_novels[]"):]
    novels = re.findall(r'"([^"]+)",', block[:block.index("};")])
    cflags = subprocess.run(["pkg-config", "--cflags"] + PKGS,
                            stdout=subprocess.PIPE, check=True,
                            text=True).stdout.split()
    libs = subprocess.run(["pkg-config", "--libs"] + PKGS,
                          stdout=subprocess.PIPE, check=True,
                          text=True).stdout.split()
    base = ["cc", "-std=c11", "-O2", "-I" + os.path.join(ROOT, "include"),
            "-I" + os.path.join(ROOT, "src")] + cflags
    objs = []
    for src in sorted(glob.glob(os.path.join(ROOT, "src", "*.c"))):
        if os.path.basename(src) == "names.c":
            continue
        o = os.path.join(bdir, os.path.basename(src) + ".o")
        sh(base + ["-DDR_BUILDING_LIBRARY", "-c", src, "-o", o])
        objs.append(o)
    for src in sorted(glob.glob(os.path.join(ROOT, "tools", "*.c"))):
        o = os.path.join(bdir, "tool_" + os.path.basename(src) + ".o")
        sh(base + ["-D_POSIX_C_SOURCE=200809L", "-c", src, "-o", o])
        objs.append(o)

    # Extra -D flags for names.c from the environment, to try a constant
    # (LOO_DEFS="-DENDING_W=1.0").
    extra = os.environ.get("LOO_DEFS", "").split()

    def build(tag, defs):
        o = os.path.join(bdir, "names_%s.o" % tag)
        sh(base + ["-DDR_BUILDING_LIBRARY"] + extra + defs +
           ["-c", os.path.join(ROOT, "src", "names.c"), "-o", o])
        exe = os.path.join(bdir, "dramatis_%s" % tag)
        sh(["cc", "-o", exe] + objs + [o] + libs + ["-lm", "-lpthread"])
        return exe

    full = build("all", [])
    out = subprocess.run([full, "eval", "characters", corpus],
                         stdout=subprocess.PIPE, text=True).stdout
    insample = row_of(out, "overall")

    header = out.splitlines()[0]
    print("leave-one-novel-out (lexicons without the scored novel)")
    print(header)
    tot = dict(cast=0, found=0, items=0, sp=0.0, sr=0.0, gend=0, ok=0,
               chars=0)
    tmp = tempfile.mkdtemp(prefix="loo-")
    try:
        for i, nv in enumerate(novels):
            exe = build(str(i), ["-DDRP_NAMES_HOLDOUT=%d" % i])
            d = os.path.join(tmp, nv)
            os.makedirs(d)
            os.symlink(os.path.join(corpus, nv), os.path.join(d, nv))
            o = subprocess.run([exe, "eval", "characters"] +
                               (["--verbose"] if verbose else []) + [d],
                               stdout=subprocess.PIPE, text=True).stdout
            f = row_of(o, nv)
            if verbose:
                for line in o.splitlines():
                    if re.match(r"\s+(gender|miss|b3):", line):
                        print(line)
            print(" ".join(f[:1]).ljust(28), " ".join(f[1:]))
            items = int(f[4])
            tot["cast"] += int(f[1])
            tot["found"] += int(f[2])
            tot["items"] += items
            tot["sp"] += float(f[5]) * items
            tot["sr"] += float(f[6]) * items
            tot["gend"] += int(f[8])
            tot["ok"] += int(f[9])
            tot["chars"] += int(f[11])
            os.remove(exe)
    finally:
        shutil.rmtree(tmp)
    p = tot["sp"] / max(tot["items"], 1)
    r = tot["sr"] / max(tot["items"], 1)
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    print("%-28s %4d %4d %6.4f %5d %6.4f %6.4f %6.4f %4d %4d %6.4f %5d" %
          ("overall-loo", tot["cast"], tot["found"],
           tot["found"] / max(tot["cast"], 1), tot["items"], p, r, f1,
           tot["gend"], tot["ok"], tot["ok"] / max(tot["gend"], 1),
           tot["chars"]))
    print("%-28s %s" % ("overall-in-sample", " ".join(insample[1:])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
