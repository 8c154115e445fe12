# Build, run and test. Every variable can be overridden:
#     make CXX=clang++            make CXXFLAGS="-O2 -g"        make test DOCTEST_DIR=/path/to/doctest
#
# make            build ./word2vec and ./attention for this machine's CPU
# make PORTABLE=1 build them for any CPU of this architecture (see CPU_FLAGS)
# make run        train word vectors on data/corpus.txt, then run attention on a sentence
# make test       build and run the unit tests (doctest) and the bad-input checks
# make clean      remove what the build made
#
# Slower checks, run by .ci/run (see the README):
# make sanitize   the tests and `make run` under AddressSanitizer + UndefinedBehaviorSanitizer
# make fuzz       libFuzzer on the three file readers (FUZZ_SECONDS each)
# make valgrind   memcheck on `make run` and on the test programs
# make golden     `make run` with g++ and clang++, native and portable, twice each, against tests/golden/run.txt
# make windows    cross-compile both programs for Windows with MinGW-w64
# make exp-exhaustive   exp_float against the C library's exp on every float that can occur

CXX      ?= c++
CXXFLAGS ?= -O3 -Wall -Wextra -Wpedantic
# Added to every build:
#   -std=c++17         the language the code is written in
#   -ffp-contract=off  never fuse a * b + c into one multiply-add instruction:
#                      fused and unfused results differ in the last bit, and
#                      whether a compiler fuses depends on the compiler and the
#                      CPU. Off, every compiler rounds a * b + c the same way,
#                      so one seed gives the same numbers with any compiler and
#                      CPU. (exp and log are our own, in matrix.hpp, so the C
#                      library's, which differ in the last bit, play no part.)
#   -fno-trapping-math for speed: the compiler may assume that no floating-point
#                      operation traps (nothing here turns traps on; it is
#                      clang's default, g++ needs telling), so it may turn the
#                      overflow and underflow checks of exp_float into selects
#                      and run the softmax's loop of exps several at a time:
#                      attention's forward pass takes about a third less time
#                      with g++. It changes no result: unlike the rest of
#                      -ffast-math, it neither reorders nor approximates.
#   -pthread           std::thread, for word2vec -threads
REQUIRED_FLAGS = -std=c++17 -ffp-contract=off -fno-trapping-math -pthread

# The CPU. By default the programs are built for the CPU of the machine that
# builds them (-march=native), so the compiler may use all of its vector
# instructions (AVX2, AVX-512, ...): word2vec trains about 1.3 times as fast.
# Such binaries may not run on an older CPU; `make PORTABLE=1` builds for any
# CPU of the architecture (x86-64: SSE2 only). The Windows and valgrind builds
# are portable (valgrind cannot run AVX-512 instructions). A compiler that
# rejects -march=native (tested on an empty program) gets the portable build,
# and make says so.
#
# Both builds compute the same bits (`make golden` checks it), because wider
# vectors change how many numbers one instruction handles, never the result of
# one operation: IEEE 754 rounds every +, -, *, / and sqrt correctly, whatever
# instruction computes it; without -ffast-math a compiler never reorders a sum
# of floats, so it vectorises only what the source already computes
# independently (word2vec's dot product: eight running sums written out in the
# source); and -ffp-contract=off forbids the one thing the wider instruction
# sets would otherwise bring, fused multiply-adds.
PORTABLE ?=
ifeq ($(PORTABLE),1)
  CPU_FLAGS =
else
  CPU_FLAGS := $(shell echo 'int main() { return 0; }' | $(CXX) -march=native -x c++ -c -o /dev/null - > /dev/null 2>&1 && echo -march=native)
  ifeq ($(CPU_FLAGS),)
    $(info make: $(CXX) does not accept -march=native; building portable binaries, as with PORTABLE=1)
  endif
endif
COMPILE = $(CXX) $(CXXFLAGS) $(CPU_FLAGS) $(REQUIRED_FLAGS)

# Compile time: at -O3 each program takes 4 to 7 s to build (word2vec.cpp the
# longest), and less than a quarter of that is reading headers: most of it is
# optimising and generating code, much of it for io.hpp and cli.hpp (strings,
# containers, error messages), which both programs include. So make runs two
# compilers at once (-j2; give -jN to choose): `make run` on a fresh clone
# builds the two programs side by side, on two cores in the time of the longer.
# (Only here at the top: the make commands below share its two job slots.)
ifeq ($(MAKELEVEL),0)
  MAKEFLAGS += -j2
endif

# doctest, a single header, comes from the system: Debian/Ubuntu doctest-dev,
# Homebrew doctest, vcpkg doctest; or DOCTEST_DIR=<folder holding doctest/doctest.h>.
DOCTEST_DIR ?=
DOCTEST_FLAGS = $(if $(DOCTEST_DIR),-I$(DOCTEST_DIR))

# Where programs and tests are built: here by default, build/<name> for the
# sanitizer, valgrind and per-compiler builds so they never mix.
BUILD ?= .
HEADERS = matrix.hpp cli.hpp io.hpp
TEST_NAMES = matrix io attention word2vec
TESTS = $(foreach name,$(TEST_NAMES),$(BUILD)/tests/$(name)_test)

# What `make run` does: small vectors (24 numbers, so the tables stay readable)
# trained on the project's small corpus, with many epochs because it is small;
# then attention on a sentence made of its words.
RUN_TRAINING = -train data/corpus.txt -output vectors.txt -size 24 -window 4 -sample 0 -iter 40 -min-count 5
RUN_QUERIES = -neighbours "king queen dog apple red three" -analogy "man king woman"
RUN_SENTENCE = "the queen fed her hungry dog"

.PHONY: all run test clean check-doctest sanitize fuzz valgrind golden windows exp-exhaustive FORCE

all: $(BUILD)/word2vec $(BUILD)/attention

# The compile command of the last build, kept in $(BUILD)/.compile: when it
# changes (make PORTABLE=1 after make, another CXX), everything is rebuilt,
# instead of old binaries being taken for new ones.
$(BUILD)/.compile: FORCE
	@mkdir -p $(BUILD)
	@echo '$(COMPILE)' | cmp -s - $@ || echo '$(COMPILE)' > $@

$(BUILD)/word2vec: word2vec.cpp $(HEADERS) $(BUILD)/.compile
	$(COMPILE) -o $@ word2vec.cpp

$(BUILD)/attention: attention.cpp $(HEADERS) $(BUILD)/.compile
	$(COMPILE) -o $@ attention.cpp

run: $(BUILD)/word2vec $(BUILD)/attention
	$(BUILD)/word2vec $(RUN_TRAINING) $(RUN_QUERIES)
	@echo
	$(BUILD)/attention --vectors vectors.txt --sentence $(RUN_SENTENCE)

check-doctest:
	@printf '#include <doctest/doctest.h>\n' | $(CXX) $(DOCTEST_FLAGS) -std=c++17 -fsyntax-only -x c++ - 2>/dev/null || { \
	  echo "make test needs doctest (one header file), which was not found. Install it:"; \
	  echo "  Debian/Ubuntu: sudo apt-get install doctest-dev"; \
	  echo "  macOS:         brew install doctest"; \
	  echo "  vcpkg:         vcpkg install doctest"; \
	  echo "or point to it: make test DOCTEST_DIR=/folder/holding/doctest"; \
	  exit 1; }

$(BUILD)/tests/%_test: tests/%_test.cpp $(HEADERS) attention.cpp word2vec.cpp $(BUILD)/.compile | check-doctest
	@mkdir -p $(BUILD)/tests
	$(COMPILE) $(DOCTEST_FLAGS) -o $@ $<

# bench/bench.py's timing driver for attention, built as the programs are.
$(BUILD)/bench/attention_bench: bench/attention_bench.cpp attention.cpp $(HEADERS) $(BUILD)/.compile
	@mkdir -p $(BUILD)/bench
	$(COMPILE) -o $@ bench/attention_bench.cpp

test: $(BUILD)/word2vec $(BUILD)/attention $(TESTS)
	@for t in $(TESTS); do echo "== $$t"; $(TEST_RUNNER) $$t || exit 1; done
	@echo "== tests/bad_input.sh"
	@BIN=$(BUILD) tests/bad_input.sh

clean:
	rm -rf word2vec attention .compile bench/attention_bench $(foreach name,$(TEST_NAMES),tests/$(name)_test) build vectors.txt vectors.txt.tmp

# ---- slower checks ----

SANITIZE_FLAGS = -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all -Wall -Wextra -Wpedantic
# Any sanitizer report makes the program exit with an error, and so the check fail.
SANITIZE_ENV = ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

sanitize:
	$(MAKE) --no-print-directory BUILD=build/sanitize CXX=clang++ CXXFLAGS="$(SANITIZE_FLAGS)" all
	$(SANITIZE_ENV) $(MAKE) --no-print-directory BUILD=build/sanitize CXX=clang++ CXXFLAGS="$(SANITIZE_FLAGS)" test
	$(SANITIZE_ENV) $(MAKE) --no-print-directory BUILD=build/sanitize CXX=clang++ CXXFLAGS="$(SANITIZE_FLAGS)" run > /dev/null

FUZZ_SECONDS ?= 60
FUZZ_TARGETS = vectors corpus analogy
FUZZ_FLAGS = -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all $(REQUIRED_FLAGS)

build/fuzz/%_fuzz: tests/fuzz/%_fuzz.cpp $(HEADERS) word2vec.cpp
	@mkdir -p build/fuzz
	clang++ $(FUZZ_FLAGS) -o $@ $<

fuzz: $(foreach name,$(FUZZ_TARGETS),build/fuzz/$(name)_fuzz)
	tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_TARGETS)

VALGRIND = valgrind --quiet --error-exitcode=99 --leak-check=full --show-leak-kinds=all --errors-for-leak-kinds=all

valgrind:
	$(MAKE) --no-print-directory BUILD=build/valgrind CXXFLAGS="-O2 -g" PORTABLE=1 all $(foreach name,$(TEST_NAMES),build/valgrind/tests/$(name)_test)
	@for name in $(TEST_NAMES); do echo "== valgrind build/valgrind/tests/$${name}_test"; \
	  $(VALGRIND) build/valgrind/tests/$${name}_test > build/valgrind/$$name.log 2>&1 || { cat build/valgrind/$$name.log; exit 1; }; \
	  tail -3 build/valgrind/$$name.log; done
	$(VALGRIND) build/valgrind/word2vec $(RUN_TRAINING) $(RUN_QUERIES) > /dev/null
	$(VALGRIND) build/valgrind/attention --vectors vectors.txt --sentence $(RUN_SENTENCE) > /dev/null

# `make run` must print the same text with both compilers, native and
# portable, twice in a row, and the text must be the golden copy (the timing
# line goes to stderr); the eight vectors files it writes must be the same,
# byte for byte.
GOLDEN_BUILDS = g++-native g++-portable clang++-native clang++-portable

golden:
	@for build in $(GOLDEN_BUILDS); do \
	  compiler=$${build%-*}; portable=$$([ $${build##*-} = portable ] && echo 1); \
	  $(MAKE) -s --no-print-directory BUILD=build/$$build CXX=$$compiler PORTABLE=$$portable all || exit 1; \
	  for round in 1 2; do \
	    $(MAKE) -s --no-print-directory BUILD=build/$$build CXX=$$compiler PORTABLE=$$portable run > build/$$build/run-$$round.txt 2>/dev/null || exit 1; \
	    cp vectors.txt build/$$build/vectors-$$round.txt; \
	    if cmp -s build/$$build/run-$$round.txt tests/golden/run.txt; then echo "golden: $$build run $$round: same as tests/golden/run.txt"; \
	    else echo "golden: $$build run $$round differs from tests/golden/run.txt:"; diff build/$$build/run-$$round.txt tests/golden/run.txt | head -20; exit 1; fi; \
	  done; \
	done; \
	for build in $(GOLDEN_BUILDS); do for round in 1 2; do \
	  cmp build/g++-native/vectors-1.txt build/$$build/vectors-$$round.txt || exit 1; \
	done; done; echo "golden: the eight vectors.txt files are identical"

MINGW = x86_64-w64-mingw32-g++-posix

windows:
	@mkdir -p build/windows
	$(MINGW) $(CXXFLAGS) $(REQUIRED_FLAGS) -static -o build/windows/word2vec.exe word2vec.cpp
	$(MINGW) $(CXXFLAGS) $(REQUIRED_FLAGS) -static -o build/windows/attention.exe attention.cpp

build/exp_exhaustive: tests/exp_exhaustive.cpp matrix.hpp
	@mkdir -p build
	$(CXX) -O2 $(REQUIRED_FLAGS) -o $@ tests/exp_exhaustive.cpp

exp-exhaustive: build/exp_exhaustive
	build/exp_exhaustive
