"""Peak memory on a 100 MB input stays under 10x its size (whole CLI run,
JSON written to /dev/null; resident set size read from wait4).

The input is the PDNC novels repeated when ../shared is present, else the
bundled sample repeated.  Skipped on sanitizer builds, whose shadow memory
inflates the figure.
"""
import glob
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from common import DRAMATIS, check, finish, skip  # noqa: E402

if os.environ.get("DR_SANITIZED"):
    skip("sanitizer builds inflate memory (the plain build runs this)")

SIZE = 100 * 1000 * 1000
novels = sorted(glob.glob(os.path.join("..", "shared", "data", "pdnc", "*",
                                       "novel_text.txt")))
unit = b"".join(open(p, "rb").read() + b"\n\n" for p in novels) if novels \
    else open("samples/lanterns.txt", "rb").read() + b"\n\n"
data = (unit * (SIZE // len(unit) + 1))[:SIZE]
cut = data.rfind(b"\n\n")  # end on a paragraph boundary
data = data[:cut + 2]
fd, path = tempfile.mkstemp(prefix="dramatis-mem-", suffix=".txt")
with os.fdopen(fd, "wb") as f:
    f.write(data)
del data, unit

proc = subprocess.Popen([DRAMATIS, "analyze", "-o", "/dev/null", path],
                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
_, status, usage = os.wait4(proc.pid, 0)
err = proc.stderr.read().decode("utf-8", "replace")
size = os.path.getsize(path)
os.remove(path)
code = os.waitstatus_to_exitcode(status)
check(code == 0, "100 MB analyse: exit 0 (got %d: %s)" % (code, err))
peak = usage.ru_maxrss * 1024
print("input %.1f MB, peak RSS %.1f MB (%.2fx)" %
      (size / 1e6, peak / 1e6, peak / size))
check(peak < 10 * size, "peak RSS %.2fx the input (limit 10x)" % (peak / size))
finish()
