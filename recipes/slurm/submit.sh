#!/bin/sh
# submit.sh N OUTDIR PATH... -- submit the corpus as an N-task Slurm array
# and a merge job that runs once every task has succeeded.  The merged
# database is OUTDIR/corpus.db.  Extra sbatch options go in SBATCH_ARGS
# (for example SBATCH_ARGS="--partition=short --account=lit").
set -eu
[ $# -ge 3 ] || { echo "usage: $0 N OUTDIR PATH..." >&2; exit 2; }
n=$1 out=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck disable=SC2086
jid=$(sbatch --parsable ${SBATCH_ARGS:-} --array=0-$((n - 1)) \
  "$here/corpus.sbatch" add "$out" "$@")
jid=${jid%%;*}
# shellcheck disable=SC2086
sbatch --parsable ${SBATCH_ARGS:-} --dependency=afterok:"$jid" \
  --job-name=dramatis-merge --output=dramatis-merge-%j.log \
  "$here/corpus.sbatch" merge "$out"
echo "submitted array job $jid ($n shards) and its merge; result: $out/corpus.db"
