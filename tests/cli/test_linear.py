"""Work grows linearly with input: 1x, 4x and 16x the same text, counted in
instructions by valgrind's callgrind (deterministic, unlike time).

For each shape -- ordinary prose and the worst cases we know of (a sea of
unmatched quote marks, tiny paragraphs, one enormous word, apostrophes,
nested marks, dashes, headings, notes, scene breaks) -- the instructions
for 4x and 16x the input must stay within 1.25x of four and sixteen times
those for 1x.  A quadratic stage would show 16x -> 256x.

Skipped (exit 77) when valgrind is not installed.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from common import DRAMATIS, check, finish, skip  # noqa: E402

if not shutil.which("valgrind"):
    skip("valgrind not installed")
if os.environ.get("DR_SANITIZED"):
    skip("valgrind cannot run a sanitizer build (the plain build runs this)")

with open("samples/lanterns.txt", "rb") as f:
    PROSE = f.read()

SHAPES = {
    "prose": PROSE,
    "unmatched quotes": b'" ' * 2000 + b"\xe2\x80\x9c word ' " * 500,
    "tiny paragraphs": b"a\n\n" * 2000,
    "one long word": b"a" * 8000,
    "apostrophes": b"'tis o' the boys' 'em '" * 400,
    "nested marks": b"\"'\xe2\x80\x9c\xe2\x80\x98" * 1000,
    "dashes": b"--- you- \xe2\x80\x94 - " * 600,
    "headings": b"Chapter 1\n\n* * *\n\n" * 400,
    "notes": b"A/N: OOC, AU. Please review!\n\n" * 300,
    "single line": (PROSE.replace(b"\n", b" ")),
}
SCALES = (1, 4, 16)
SLACK = 1.25

tmp = tempfile.mkdtemp(prefix="dramatis-linear-")


def instructions(path):
    out = os.path.join(tmp, "cg.out")
    p = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=" + out,
         DRAMATIS, "analyze", "--allow-binary", "-o", "/dev/null", path],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=600)
    m = re.search(rb"Collected : (\d+)", p.stderr)
    if p.returncode != 0 or not m:
        return None
    return int(m.group(1))


for name, unit in SHAPES.items():
    counts = []
    for k in SCALES:
        path = os.path.join(tmp, "input.txt")
        with open(path, "wb") as f:
            f.write(unit * k)
        counts.append(instructions(path))
    if None in counts:
        check(False, "%s: callgrind ran" % name)
        continue
    base = counts[0]
    ratios = [c / base for c in counts]
    print("%-17s %8d bytes: instructions x%s" %
          (name, len(unit), " x".join("%.2f" % r for r in ratios)))
    for k, r in zip(SCALES[1:], ratios[1:]):
        check(r <= k * SLACK, "%s: %dx input costs %.2fx work (limit %.2fx)" %
              (name, k, r, k * SLACK))
finish()
