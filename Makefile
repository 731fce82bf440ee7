# dramatis -- the two commands a newcomer needs:
#
#   make demo    install build dependencies if missing, build, analyse the
#                bundled sample story
#   make check   install build dependencies if missing, build, run the tests
#
# Other targets: build, bench, bench-corpus, bench-peers, fuzz, asan (tests
# under ASan+UBSan), tsan (API and corpus tests under ThreadSanitizer),
# models, names-loo, clean.
# Dependencies come from Debian packages (apt-get, as root or via sudo).

BUILD    ?= build
ASAN_DIR ?= build-asan
JOBS     ?= 2
DEB_PKGS  = cmake make gcc pkg-config libutf8proc-dev libxml2-dev libzip-dev \
	    libsqlite3-dev python3 python3-distributed chromium valgrind

.PHONY: all deps build demo check asan tsan bench bench-corpus bench-peers \
	fuzz models ranker tune-ranker \
	names-loo clean

all: build

# Installs only what is missing; does nothing on a machine that has it all.
deps:
	@missing=""; for p in $(DEB_PKGS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' \
	    || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "make deps: installing$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

build: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release >/dev/null
	cmake --build $(BUILD) -j $(JOBS)

demo: build
	./$(BUILD)/dramatis analyze --format text samples/lanterns.txt
	./$(BUILD)/dramatis analyze --pretty samples/lanterns.txt > $(BUILD)/lanterns.json
	./$(BUILD)/dramatis analyze --format html -o $(BUILD)/lanterns.html \
	  samples/lanterns.txt
	@echo "JSON written to $(BUILD)/lanterns.json, the report to $(BUILD)/lanterns.html"

check: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

asan: deps
	cmake -S . -B $(ASAN_DIR) -DCMAKE_BUILD_TYPE=Debug -DDR_SANITIZE=ON >/dev/null
	cmake --build $(ASAN_DIR) -j $(JOBS)
	cd $(ASAN_DIR) && ctest --output-on-failure -j $(JOBS)

# Rebuilds every committed model from ../shared/data (deterministic; about
# 2.5 minutes).  The lexicons come first: the tagger's features read them.
# Building and testing never train.
models: deps
	python3 train/names/gen_lexicon.py ../shared/data src/names_lexicon.inc
	python3 train/speakers/gen_verbs.py ../shared/data/pdnc \
	  src/speaker_verbs.inc
	train/make-models.sh build-train

# Refits the speaker ranker's weights (src/speaker_weights.inc) on the 20
# PDNC novels, one table per held-out novel (three rounds; a few minutes),
# and prints the leave-one-novel-out speaker scores.
ranker: build
	python3 train/speakers/train_ranker.py ../shared/data/pdnc $(BUILD)
	cmake --build $(BUILD) -j $(JOBS)
	python3 train/speakers/loo.py ../shared/data/pdnc $(BUILD)

# Tunes the shipped ranker table on end-to-end speaker accuracy (coordinate
# ascent per held-out novel; about an hour on two cores) and prints the
# leave-one-novel-out speaker scores.
tune-ranker: build
	python3 train/speakers/tune_ranker.py ../shared/data/pdnc $(BUILD)
	cmake --build $(BUILD) -j $(JOBS)
	python3 train/speakers/loo.py ../shared/data/pdnc $(BUILD)

# Leave-one-novel-out scores of the character stage (each PDNC novel scored
# with lexicons learned from the other 19).
names-loo: build
	python3 train/names/loo.py

# Runs each libFuzzer harness for FUZZ_SECONDS (needs clang; installed if
# missing).  New corpus entries land in build-fuzz/corpus, crashes in
# build-fuzz/crashes; copy a crash into fuzz/corpus/analyze once fixed, so
# the replay test keeps it as a regression.
FUZZ_SECONDS ?= 60
fuzz:
	@$(MAKE) --no-print-directory deps DEB_PKGS="$(DEB_PKGS) clang libclang-rt-14-dev"
	CC=clang cmake -S . -B build-fuzz -DDR_FUZZ=ON -DDR_BUILD_TESTS=OFF \
	  -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	cmake --build build-fuzz -j $(JOBS)
	mkdir -p build-fuzz/crashes build-fuzz/corpus
	mkdir -p build-fuzz/corpus-model
	./build-fuzz/fuzz/fuzz_analyze -max_total_time=$(FUZZ_SECONDS) \
	  -artifact_prefix=build-fuzz/crashes/ -max_len=65536 \
	  build-fuzz/corpus fuzz/corpus/analyze samples
	./build-fuzz/fuzz/fuzz_model -max_total_time=$(FUZZ_SECONDS) \
	  -artifact_prefix=build-fuzz/crashes/ -max_len=65536 \
	  build-fuzz/corpus-model fuzz/corpus/model
	mkdir -p build-fuzz/corpus-inputs
	./build-fuzz/fuzz/fuzz_inputs -max_total_time=$(FUZZ_SECONDS) \
	  -artifact_prefix=build-fuzz/crashes/ -max_len=262144 \
	  build-fuzz/corpus-inputs fuzz/corpus/inputs tests/fixtures/inputs

# The C API tests (threads included) under ThreadSanitizer.
tsan: deps
	cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE=Debug -DDR_TSAN=ON >/dev/null
	cmake --build build-tsan -j $(JOBS)
	cd build-tsan && ctest --output-on-failure -R '^api\.'
	cd build-tsan && DR_CORPUS_SMALL=1 ctest --output-on-failure \
	  -R '^cli\.test_corpus'

bench: build
	./bench/run $(BUILD)

# corpus add throughput (-j 1 and -j 2) and peak memory (needs GNU time).
bench-corpus: build
	@$(MAKE) --no-print-directory deps DEB_PKGS="$(DEB_PKGS) time"
	./bench/corpus.sh $(BUILD)

# The same text through wink-nlp and compromise (npm, installed into the
# git-ignored bench/peers/node_modules) and a memchr floor.
bench-peers: build
	@$(MAKE) --no-print-directory deps DEB_PKGS="$(DEB_PKGS) nodejs npm"
	cd bench/peers && npm install --no-audit --no-fund --no-package-lock --silent
	python3 bench/run_peers.py $(BUILD)

clean:
	rm -rf $(BUILD) $(ASAN_DIR) build-tsan build-fuzz build-train
