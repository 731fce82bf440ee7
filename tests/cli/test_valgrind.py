"""valgrind memcheck on a few CLI runs: no invalid reads or writes, no
uninitialised values, no definite leaks, on good and bad input.

Skipped (exit 77) without valgrind, or on a sanitizer build (which checks
the same things its own way).
"""
import os
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

tmp = tempfile.mkdtemp(prefix="dramatis-vg-")
bad = os.path.join(tmp, "bad.txt")
with open(bad, "wb") as f:
    f.write(b"Caf\xc3\xa9 \"ok\" \xff tail\n")
crlf = os.path.join(tmp, "crlf.txt")
with open("samples/lanterns.txt", "rb") as f:
    data = f.read()
with open(crlf, "wb") as f:
    f.write(b"\xef\xbb\xbf" + data.replace(b"\n", b"\r\n"))

RUNS = [
    (["analyze", "samples/lanterns.txt"], 0),
    (["analyze", "--pretty", "--mentions", crlf], 0),
    (["analyze", "--format", "text", "samples/lanterns.txt"], 0),
    (["text", "samples/lanterns.txt"], 0),
    (["analyze", bad], 3),
    (["analyze", "--lossy", bad], 0),
    (["analyze", os.path.join(tmp, "missing.txt")], 4),
    (["analyze", "samples/lanterns.txt", bad, crlf], 3),
]
VG = ["valgrind", "--error-exitcode=99", "--leak-check=full",
      "--errors-for-leak-kinds=definite", "--quiet"]
for args, want in RUNS:
    p = subprocess.run(VG + [DRAMATIS] + args, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, timeout=600)
    check(p.returncode == want, "valgrind dramatis %s: exit %d, want %d\n%s" %
          (" ".join(args), p.returncode, want,
           p.stderr.decode("utf-8", "replace")[-2000:]))
finish()
