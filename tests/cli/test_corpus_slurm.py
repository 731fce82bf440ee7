"""The Slurm recipe (recipes/slurm/corpus.sbatch) without Slurm: its three
array tasks are run here one after another with the environment Slurm
gives them (SLURM_ARRAY_TASK_ID, SLURM_ARRAY_TASK_COUNT), then its merge
step; the merged database must equal one `dramatis corpus add` of the same
files.  A bad file among them must not fail its task.  Only sbatch itself
is not exercised."""
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from common import DRAMATIS, check, finish, run, skip  # noqa: E402
import corpus_util as cu  # noqa: E402

if not shutil.which("bash"):
    skip("bash not found")
tmp = tempfile.mkdtemp(prefix="dramatis-slurm-")
paths, what = cu.corpus(tmp, small=True)
bad = os.path.join(tmp, "bad.txt")
with open(bad, "wb") as f:
    f.write(b"Fine so far.\n\nA \xff here, not UTF-8.\n")
paths = paths + [bad]
print("corpus: %s + a bad file" % what)

ref = os.path.join(tmp, "ref.db")
code, _, err = run(["corpus", "add", "--quiet", ref] + paths)
check(code == 3, "reference run: exit 3 for the bad file (got %d)" % code)

out = os.path.join(tmp, "out")
script = "recipes/slurm/corpus.sbatch"
env = dict(os.environ, DRAMATIS=DRAMATIS, SLURM_CPUS_PER_TASK="1")
for i in range(3):
    env.update(SLURM_ARRAY_TASK_ID=str(i), SLURM_ARRAY_TASK_COUNT="3")
    p = subprocess.run(["bash", script, "add", out] + paths, env=env,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=600)
    check(p.returncode == 0, "array task %d/3 exits 0 (got %d: %s)" %
          (i, p.returncode, p.stderr.decode()[-300:]))
env.pop("SLURM_ARRAY_TASK_ID")
p = subprocess.run(["bash", script, "merge", out], env=env,
                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=600)
check(p.returncode == 0, "merge step exits 0 (got %d: %s)" %
      (p.returncode, p.stderr.decode()[-300:]))
merged = os.path.join(out, "corpus.db")
d = cu.diff(cu.dump(ref), cu.dump(merged)) if os.path.exists(merged) \
    else "no corpus.db"
check(d == "", "Slurm recipe result equals a single run: %s" % d)
p = subprocess.run(["bash", script, "add", out] + paths, env=env,
                   stdout=subprocess.PIPE, stderr=subprocess.PIPE)
check(p.returncode == 2, "add outside an array job is refused")
cu.rmtree(tmp)
finish()
