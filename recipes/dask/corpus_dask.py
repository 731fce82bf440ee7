#!/usr/bin/env python3
"""Analyse a corpus on a Dask cluster: one task per shard, then a merge.

    corpus_dask.py [--scheduler ADDRESS | --local N] [--shards K]
                   [--threads T] [--workdir DIR] [--dramatis PATH]
                   OUT.db PATH...

Each of the K tasks runs, on whichever worker Dask picks,

    dramatis corpus add -j T --quiet --shard i/K --files-from LIST \\
        WORKDIR/shard-i.db

over the same list of PATHs (every task walks them the same way, reads
every file and keeps those whose content hash falls in its shard), and this script then runs

    dramatis corpus merge OUT.db WORKDIR/shard-0.db ... WORKDIR/shard-(K-1).db

Dask only schedules: dramatis stays a deterministic function of each file,
so the merged database equals a single-machine `dramatis corpus add` of the
same files.  A task that fails is retried by Dask (a shard database is
resumable: a rerun skips what it already stored).

On a real cluster, WORKDIR and the input files must be on a file system
every worker sees (the same paths), and `dramatis` must be installed on
every worker (or --dramatis names it).  --scheduler connects to a running
scheduler (`dask-scheduler`, `dask-worker ADDRESS`); --local N (the
default, N = 2) starts a LocalCluster of N single-threaded worker processes
on this machine.

Exit status: 0 when every file was stored; otherwise the worst exit code of
the shards and the merge (3 some files were not valid text, 4 I/O, ...;
see `dramatis --help`).  Needs python3-distributed (Debian) or
`pip install distributed`.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile


def run_shard(dramatis, i, k, threads, file_list, db, cwd):
    """One Dask task: analyse shard i of k into db.  Returns (i, exit code,
    stderr).  Relative PATHs are taken from cwd, as on the client, so that
    stored paths match a single-machine run.  Exit codes 3-5 mean some
    files were bad (recorded in the shard as error rows), which is not a
    reason to retry; anything else non-zero raises so that Dask retries
    the task."""
    p = subprocess.run([dramatis, "corpus", "add", "-j", str(threads),
                        "--quiet", "--shard", "%d/%d" % (i, k),
                        "--files-from", file_list, db],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       cwd=cwd)
    err = p.stderr.decode("utf-8", "replace")
    if p.returncode not in (0, 3, 4, 5) or "database error" in err:
        raise RuntimeError("shard %d/%d: exit %d: %s" %
                           (i, k, p.returncode, err.strip()))
    return i, p.returncode, err


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out", metavar="OUT.db")
    ap.add_argument("paths", metavar="PATH", nargs="+")
    where = ap.add_mutually_exclusive_group()
    where.add_argument("--scheduler", metavar="ADDRESS",
                       help="a running Dask scheduler (tcp://host:8786)")
    where.add_argument("--local", type=int, metavar="N", default=2,
                       help="start a LocalCluster of N worker processes "
                            "(default 2)")
    ap.add_argument("--shards", type=int, default=None, metavar="K",
                    help="number of shards (default: 2 x the workers)")
    ap.add_argument("--threads", type=int, default=1, metavar="T",
                    help="dramatis -j per task (default 1)")
    ap.add_argument("--workdir", metavar="DIR",
                    help="where shard databases go (default: a temporary "
                         "folder next to OUT.db, removed afterwards)")
    ap.add_argument("--dramatis", default=shutil.which("dramatis") or
                    "dramatis", help="the dramatis binary")
    args = ap.parse_args()

    try:
        from distributed import Client, LocalCluster
    except ImportError:
        sys.exit("corpus_dask.py: needs Dask distributed "
                 "(apt-get install python3-distributed)")

    dramatis = os.path.abspath(args.dramatis) if os.path.sep in \
        args.dramatis else args.dramatis
    keep = args.workdir is not None
    workdir = args.workdir or tempfile.mkdtemp(
        prefix="dramatis-shards-", dir=os.path.dirname(
            os.path.abspath(args.out)))
    os.makedirs(workdir, exist_ok=True)
    # Every task walks the same PATHs (folders included) the same way, so
    # the list holds them as given.
    file_list = os.path.join(workdir, "paths.txt")
    with open(file_list, "w", encoding="utf-8",
              errors="surrogateescape") as f:
        for p in args.paths:
            f.write(p + "\n")

    cluster = None
    if args.scheduler:
        client = Client(args.scheduler)
    else:
        cluster = LocalCluster(n_workers=args.local, threads_per_worker=1,
                               processes=True, dashboard_address=None)
        client = Client(cluster)
    n_workers = len(client.scheduler_info()["workers"]) or 1
    k = args.shards or 2 * n_workers
    dbs = [os.path.join(workdir, "shard-%d.db" % i) for i in range(k)]
    print("corpus_dask: %d shards on %d workers" % (k, n_workers),
          file=sys.stderr)
    futures = client.map(run_shard, [dramatis] * k, range(k),
                         [k] * k, [args.threads] * k, [file_list] * k, dbs,
                         [os.getcwd()] * k, pure=False, retries=2)
    worst = 0
    for i, code, err in client.gather(futures):
        sys.stderr.write(err)
        worst = max(worst, code)
    client.close()
    if cluster is not None:
        cluster.close()

    p = subprocess.run([dramatis, "corpus", "merge", args.out] + dbs)
    worst = max(worst, p.returncode)
    if not keep and p.returncode == 0:
        shutil.rmtree(workdir, ignore_errors=True)
    return worst


if __name__ == "__main__":
    sys.exit(main())
