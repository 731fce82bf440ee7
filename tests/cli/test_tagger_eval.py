"""`dramatis eval pos` and `dramatis eval ner` with the committed models.

With ../shared/data/ud-ewt present: UPOS accuracy on EWT test >= 0.95.
With ../shared/data/litbank present: `eval ner` runs on a few works and
prints a sane table (a smoke test; the cross-validated score comes from
train/make-models.sh).  Bad arguments and a damaged model fail cleanly.
Without ../shared/data: SKIPPED (exit 77).
"""
import os
import re
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import SHARED, check, finish, run, skip  # noqa: E402

DATA = os.path.join(SHARED, "data")
EWT = os.path.join(DATA, "ud-ewt", "en_ewt-ud-test.conllu")
LITBANK = os.path.join(DATA, "litbank", "entities", "tsv")

# Always: usage errors and a damaged model.
code, out, err = run(["eval", "pos"])
check(code == 2, "eval pos without a file: exit 2 (got %d)" % code)
check("--model" in err, "usage mentions --model: %r" % err)
tmp = tempfile.mkdtemp()
try:
    bad = os.path.join(tmp, "bad.drm")
    with open("models/pos.drm", "rb") as f:
        data = f.read()
    with open(bad, "wb") as f:
        f.write(data[: len(data) // 2])
    conllu = os.path.join(tmp, "t.conllu")
    with open(conllu, "w") as f:
        f.write("1\tThe\tthe\tDET\t_\t_\t_\t_\t_\t_\n"
                "2\tcat\tcat\tNOUN\t_\t_\t_\t_\t_\t_\n"
                "3\tsat\tsit\tVERB\t_\t_\t_\t_\t_\t_\n"
                "4\t.\t.\tPUNCT\t_\t_\t_\t_\t_\t_\n")
    code, out, err = run(["eval", "pos", "--model", bad, conllu])
    check(code == 4, "damaged model: exit 4 (got %d)" % code)
    check("truncated" in err and err.count("\n") == 1,
          "damaged model: one error line: %r" % err)
    code, out, err = run(["eval", "pos", "--model", "models/ner.drm", conllu])
    check(code == 4, "ner model for pos: exit 4 (got %d)" % code)
    code, out, err = run(["eval", "pos", "--verbose", conllu])
    check(code == 0, "tiny conllu: exit 0 (got %d: %s)" % (code, err))
    check(b"UPOS accuracy 1.0000 (4/4 tokens)" in out,
          "tiny conllu all right: %r" % out)
    check(b"NOUN" in out, "--verbose prints per-tag lines")
finally:
    shutil.rmtree(tmp)

if not os.path.isdir(os.path.join(DATA, "ud-ewt")) and \
        not os.path.isdir(LITBANK):
    skip("../shared/data not present")

if os.path.exists(EWT):
    code, out, err = run(["eval", "pos", EWT])
    check(code == 0, "eval pos EWT: exit 0 (got %d: %s)" % (code, err))
    m = re.search(rb"UPOS accuracy ([0-9.]+)", out)
    check(m is not None, "eval pos prints accuracy: %r" % out)
    if m:
        acc = float(m.group(1))
        print("EWT test UPOS accuracy %.4f" % acc)
        check(acc >= 0.95, "EWT test UPOS accuracy >= 0.95 (%.4f)" % acc)

if os.path.isdir(LITBANK):
    tmp = tempfile.mkdtemp()
    try:
        names = sorted(n for n in os.listdir(LITBANK) if n.endswith(".tsv"))
        for n in names[:3]:
            shutil.copy(os.path.join(LITBANK, n), tmp)
        code, out, err = run(["eval", "ner", "--verbose", tmp])
        check(code == 0, "eval ner: exit 0 (got %d: %s)" % (code, err))
        text = out.decode()
        check("3 files" in text, "eval ner: 3 files: %r" % text)
        m = re.search(r"PER\s+(\d+)\s+(\d+)\s+(\d+)\s+([0-9.]+)\s+([0-9.]+)"
                      r"\s+([0-9.]+)", text)
        check(m is not None, "eval ner: PER row: %r" % text)
        if m:
            check(int(m.group(1)) > 0 and float(m.group(6)) > 0.5,
                  "eval ner: PER found (seen works): %r" % m.group(0))
        check("micro" in text, "eval ner: micro row")
        code, out, err = run(["eval", "ner", os.path.join(tmp, "nope")])
        check(code == 4, "eval ner on a missing dir: exit 4 (got %d)" % code)
    finally:
        shutil.rmtree(tmp)

finish()
