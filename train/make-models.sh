#!/bin/sh
# make-models.sh -- rebuilds every committed model from ../shared/data.
#
#   train/make-models.sh [BUILD_DIR]      (from the repository root)
#
# Builds train_tagger (Release) in BUILD_DIR (default build-train), then:
#   src/tagger_clusters.inc  256 word classes (exchange algorithm, words
#                   seen 3+ times) from unlabelled text: the 20 PDNC novels
#                   and UD English-EWT train+dev (not test, not LitBank);
#                   train_tagger is rebuilt with them, since both models'
#                   features read them
#   models/pos.drm  UPOS tagger, UD English-EWT train+dev, 10 epochs,
#                   2^17 buckets; prints dev (train-only) and test accuracy
#   models/ner.drm  LitBank entities (outermost layer), all 90 works,
#                   15 epochs, 2^18 buckets, reading the UPOS classes of
#                   the models/pos.drm just built; first prints the 10-fold
#                   cross-validation over works
# Deterministic: a fixed seed and a fixed file order give the same bytes
# on every run.  Takes about 2.5 minutes on one core.
set -eu
cd "$(dirname "$0")/.."
BUILD=${1:-build-train}
DATA=../shared/data
if [ ! -d "$DATA/ud-ewt" ] || [ ! -d "$DATA/litbank/entities/tsv" ] ||
   [ ! -d "$DATA/pdnc" ]; then
  echo "make-models.sh: $DATA/ud-ewt, $DATA/litbank and $DATA/pdnc are needed" >&2
  exit 1
fi
cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DDR_BUILD_TESTS=OFF >/dev/null
cmake --build "$BUILD" --target train_tagger -j 2 >/dev/null
T="$BUILD/train/train_tagger"
EWT=$DATA/ud-ewt
"$T" clusters --classes 256 --min-count 3 -o src/tagger_clusters.inc \
  "$DATA"/pdnc/*/novel_text.txt \
  "$EWT/en_ewt-ud-train.conllu" "$EWT/en_ewt-ud-dev.conllu"
cmake --build "$BUILD" --target train_tagger -j 2 >/dev/null
"$T" pos --train-dev --buckets 17 --epochs 10 --seed 20240601 -o models/pos.drm \
  "$EWT/en_ewt-ud-train.conllu" "$EWT/en_ewt-ud-dev.conllu" \
  "$EWT/en_ewt-ud-test.conllu"
"$T" ner-cv --buckets 18 --epochs 15 --seed 20240601 --folds 10 \
  --pos-model models/pos.drm "$DATA/litbank/entities/tsv"
"$T" ner --buckets 18 --epochs 15 --seed 20240601 -o models/ner.drm \
  --pos-model models/pos.drm "$DATA/litbank/entities/tsv"
ls -l models/*.drm
