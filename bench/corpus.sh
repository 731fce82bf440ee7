#!/bin/sh
# bench/corpus.sh [BUILD_DIR] [RUNS] -- corpus add throughput and memory.
#
# Runs `dramatis corpus add` into a fresh database over the 20 PDNC novels
# (../shared/data/pdnc; else samples/lanterns.txt repeated into 20 files)
# RUNS times (default 5) each with -j 1 and -j 2, then over the first 10
# novels and over 60 documents (the 20 novels copied three times under
# other names), and prints for each setting the best and median wall time,
# documents/s and words/s (from the best run), and the peak resident set
# size (GNU time's maxrss, the largest of the runs): memory must not grow
# with the number of documents.  Wall times are the whole command's; the
# "phase" time is the summary line's (analysing and storing, without
# start-up and the final checkpoint).  Then the -j 2 speed-ups (best over
# best), a -j 1 run's split between analysing and storing with the bound it
# sets on -j 2, the machine's own ceiling (two independent processes), and
# the load average before and after, since a shared machine skews every
# figure.  Builds nothing (make build first).
set -eu
build=${1:-build}
runs=${2:-5}
here=$(cd "$(dirname "$0")/.." && pwd)
bin="$build/dramatis"
[ -x "$bin" ] || { echo "bench/corpus.sh: $bin not built" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench/corpus.sh: needs GNU time (apt-get install time)" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

pdnc="$here/../shared/data/pdnc"
if [ -d "$pdnc" ]; then
  all=$(ls "$pdnc"/*/novel_text.txt)
  what="the 20 PDNC novels"
else
  mkdir "$tmp/gen"
  i=0
  while [ $i -lt 20 ]; do
    k=0
    while [ $k -lt $((100 + i * 10)) ]; do cat "$here/samples/lanterns.txt"; k=$((k + 1)); done \
      > "$tmp/gen/story-$i.txt"
    i=$((i + 1))
  done
  all=$(ls "$tmp"/gen/*.txt)
  what="samples/lanterns.txt repeated into 20 files (../shared absent)"
fi
half=$(echo "$all" | head -n 10)
mkdir "$tmp/x3"
k=0
for f in $all; do
  for c in a b c; do cp "$f" "$tmp/x3/$k$c.txt"; done
  k=$((k + 1))
done
triple=$(ls "$tmp"/x3/*.txt)
# shellcheck disable=SC2086
bytes=$(cat $all | wc -c)
echo "bench/corpus: $what, $bytes bytes; $runs runs per setting"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) processors)"

# once KEY JOBS FILES... -- one run into a fresh database; appends
# "start end maxrss_kb words documents" to $tmp/KEY.
once() {
  key=$1 jobs=$2
  shift 2
  rm -f "$tmp/c.db" "$tmp/c.db-wal" "$tmp/c.db-shm"
  t0=$(date +%s.%N)
  /usr/bin/time -f '%M' -o "$tmp/rss" "$bin" corpus add -j "$jobs" \
    "$tmp/c.db" "$@" 2> "$tmp/err" || { cat "$tmp/err" >&2; exit 1; }
  t1=$(date +%s.%N)
  words=$(sed -n 's/.*; \([0-9]*\) words in .*/\1/p' "$tmp/err" | tail -n 1)
  inner=$(sed -n 's/.* words in \([0-9.]*\) s .*/\1/p' "$tmp/err" | tail -n 1)
  echo "$t0 $t1 $(cat "$tmp/rss") $words $# $inner" >> "$tmp/$key"
}

# report KEY LABEL -- best and median wall time (the whole command:
# start, schema, final checkpoint included), rates of the best run, the
# best time of the analyse-and-store phase alone (the summary line's; what
# a long run's throughput tends to) and the largest peak RSS;
# "LABEL wall phase" goes to $tmp/best.
report() {
  awk -v label="$2" '
    { t[NR] = $2 - $1; p[NR] = $6; if ($3 > rss) rss = $3; words = $4; docs = $5 }
    END {
      n = NR
      for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) {
        if (t[j] < t[i]) { x = t[i]; t[i] = t[j]; t[j] = x }
        if (p[j] < p[i]) { x = p[i]; p[i] = p[j]; p[j] = x }
      }
      med = (n % 2) ? t[(n + 1) / 2] : (t[n / 2] + t[n / 2 + 1]) / 2
      printf "%-20s wall best %6.3f s median %6.3f s  %5.1f docs/s %5.2fM words/s | phase %6.3f s %5.2fM words/s | RSS %5.1f MB\n",
        label, t[1], med, docs / t[1], words / t[1] / 1e6, p[1], words / p[1] / 1e6, rss / 1024
      printf "%s %f %f\n", label, t[1], p[1] > "/dev/stderr"
    }' "$tmp/$1" 2>> "$tmp/best"
}

# -j 1 and -j 2 alternate, so that a burst of load elsewhere hits both.
for set in 20 10 60; do
  case $set in 20) files=$all ;; 10) files=$half ;; 60) files=$triple ;; esac
  r=0
  while [ $r -lt "$runs" ]; do
    # shellcheck disable=SC2086
    once "$set.1" 1 $files
    # shellcheck disable=SC2086
    once "$set.2" 2 $files
    r=$((r + 1))
  done
done
report 20.1 "20 novels, -j 1"
report 20.2 "20 novels, -j 2"
report 10.1 "10 novels, -j 1"
report 10.2 "10 novels, -j 2"
report 60.1 "60 documents, -j 1"
report 60.2 "60 documents, -j 2"
awk '/-j 1/ && /^20/ { a = $(NF - 1); pa = $NF }
     /-j 2/ && /^20/ { b = $(NF - 1); pb = $NF }
     /-j 1/ && /^60/ { c = $(NF - 1); pc = $NF }
     /-j 2/ && /^60/ { d = $(NF - 1); pd = $NF }
     END { printf "speed-up of -j 2 over -j 1, best runs: 20 novels %.2fx wall, %.2fx phase; 60 documents %.2fx wall, %.2fx phase\n",
             a / b, pa / pb, c / d, pc / pd }' "$tmp/best"
# Where the time goes, from one -j 1 run's per-file timings: analysis runs
# in parallel, storing is serialised on the one connection, so -j 2 can
# at best take max(store, (analysis + store) / 2).  Unlike the wall times
# above, this bound barely moves with the machine's load.
rm -f "$tmp/c.db" "$tmp/c.db-wal" "$tmp/c.db-shm"
# shellcheck disable=SC2086
"$bin" corpus add -j 1 --progress=json "$tmp/c.db" $all 2> "$tmp/json"
awk -F'[:,]' '{ for (i = 1; i <= NF; i++) {
                  if ($i ~ /"seconds"/) a += $(i + 1)
                  if ($i ~ /"store_seconds"/) s += $(i + 1) } }
     END { b = (a + s) / 2; if (s > b) b = s
           printf "-j 1 breakdown: analysis %.3f s, storing %.3f s (%.0f%%); -j 2 bound %.2fx\n",
             a, s, 100 * s / (a + s), (a + s) / b }' "$tmp/json"
# The machine's own ceiling: `analyze` (no database) over all 20 files in
# one process, against two processes each given half (largest first,
# alternating, so the halves weigh the same).  If two independent
# processes do not reach 2x, neither can two threads.
# shellcheck disable=SC2086
sorted=$(ls -S $all)
odd=$(echo "$sorted" | sed -n '1~2p')
even=$(echo "$sorted" | sed -n '2~2p')
r=0
: > "$tmp/ceil"
while [ $r -lt "$runs" ]; do
  t0=$(date +%s.%N)
  # shellcheck disable=SC2086
  "$bin" analyze -o /dev/null $all
  t1=$(date +%s.%N)
  # shellcheck disable=SC2086
  "$bin" analyze -o /dev/null $odd &
  # shellcheck disable=SC2086
  "$bin" analyze -o /dev/null $even
  wait
  t2=$(date +%s.%N)
  echo "$t0 $t1 $t2" >> "$tmp/ceil"
  r=$((r + 1))
done
awk 'NR == 1 || $2 - $1 < a { a = $2 - $1 } NR == 1 || $3 - $2 < b { b = $3 - $2 }
     END { printf "machine ceiling: analyze alone %.3f s, as two processes %.3f s: %.2fx\n", a, b, a / b }' "$tmp/ceil"
echo "load average after:  $(cut -d' ' -f1-3 /proc/loadavg)"
