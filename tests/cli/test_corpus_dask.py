"""The Dask recipe (recipes/dask/corpus_dask.py) on a LocalCluster of 2
worker processes (one thread each), 3 shards, over a small corpus (a few
PDNC novels and the samples, or generated stories): the merged database
must equal one `dramatis corpus add` of the same files.

Dask may be installed for the system Python only (Debian's
python3-distributed) while the tests run under another; the recipe runs
under the first of this Python and /usr/bin/python3 that can import
distributed.  Skipped (exit 77) when none can."""
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from common import DRAMATIS, check, finish, run, skip  # noqa: E402
import corpus_util as cu  # noqa: E402

python = None
for exe in (sys.executable, "/usr/bin/python3"):
    if exe and os.path.exists(exe) and subprocess.run(
            [exe, "-c", "import distributed"], stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL).returncode == 0:
        python = exe
        break
if python is None:
    skip("Dask test: `import distributed` fails (apt-get install "
         "python3-distributed)")

tmp = tempfile.mkdtemp(prefix="dramatis-dask-")
paths, what = cu.corpus(tmp, small=True)
print("corpus: %s; Dask under %s" % (what, python))
ref = os.path.join(tmp, "ref.db")
code, _, err = run(["corpus", "add", "--quiet", ref] + paths)
check(code == 0, "single-machine run exits 0 (got %d: %s)" % (code, err))

out = os.path.join(tmp, "dask.db")
work = os.path.join(tmp, "shards")
p = subprocess.run([python, "recipes/dask/corpus_dask.py", "--local", "2",
                    "--shards", "3", "--workdir", work, "--dramatis",
                    DRAMATIS, out] + paths,
                   stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                   timeout=600)
err = p.stderr.decode("utf-8", "replace")
print("\n".join(ln for ln in err.splitlines() if "corpus" in ln))
check(p.returncode == 0, "Dask recipe exits 0 (got %d: %s)" %
      (p.returncode, err[-500:]))
shards = [os.path.join(work, "shard-%d.db" % i) for i in range(3)]
check(all(os.path.exists(s) for s in shards), "one shard database per task")
if all(os.path.exists(s) for s in shards):
    counts = [cu.scalar(s, "SELECT count(*) FROM documents") for s in shards]
    print("shards: %s documents" % counts)
    check(sum(counts) == len(cu.walk_files(paths)),
          "the shards hold every file once (%s)" % counts)
d = cu.diff(cu.dump(ref), cu.dump(out)) if os.path.exists(out) \
    else "no database"
check(d == "", "Dask result equals a single-machine run: %s" % d)
cu.rmtree(tmp)
finish()
