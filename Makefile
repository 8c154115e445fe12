# Build, run and test. Every variable can be overridden:
#     make CXX=clang++            make CXXFLAGS="-O2 -g"        make test DOCTEST_DIR=/path/to/doctest
#
# make            build ./word2vec and ./attention for this machine's CPU
# make PORTABLE=1 build them for any CPU of this architecture (see CPU_FLAGS)
# make run        train word vectors on data/corpus.txt, train an attention layer on the
#                 same corpus, then walk through what it attends to in a sentence
# make pictures   draw the pictures in docs/ again (commit them if they changed)
# make test       build and run the unit tests (doctest) and the bad-input checks
# make clean      remove what the build made
#
# Slower checks, run by .ci/run (see the README):
# make sanitize   the tests and `make run` under AddressSanitizer + UndefinedBehaviorSanitizer
# make fuzz       libFuzzer on the four file readers and the map (FUZZ_SECONDS each)
# make valgrind   memcheck on `make run` and on the test programs
# make golden     `make run` with g++ and clang++, native and portable, twice each, against tests/golden/run.txt
# make check-pictures  the pictures in docs/ are what the programs draw today
# make windows    cross-compile both programs and the test programs for Windows with MinGW-w64
# make windows-test  run them under Wine: the tests, and `make run` against tests/golden/run.txt
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
#   -fno-math-errno    for speed: std::sqrt need not set errno for a negative
#                      argument (nothing here reads errno after a math
#                      function), so the compiler may compute it with the
#                      CPU's square-root instruction alone, several at a time:
#                      Adam's update loop (attention.cpp, 13.3) then
#                      vectorises, and make run's training takes a third less
#                      time. The square roots are the same, correctly rounded.
#   -pthread           std::thread, for word2vec -threads
REQUIRED_FLAGS = -std=c++17 -ffp-contract=off -fno-trapping-math -fno-math-errno -pthread

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

# Compile time: at -O3, word2vec.cpp takes about 5.5 s of one core to build
# and attention.cpp about 9 s (g++ 12 on the project's 2-core test machine,
# with nothing else running). Reading headers is about a tenth of that; the
# rest is optimising and generating code, spread thinly over hundreds of
# functions (svg.hpp and io.hpp compiled at -O1 instead would save only 0.6 s
# of attention's). So make runs two compilers at once (-j2; give -jN to
# choose): the two programs build side by side, in the time of the longer, on
# a fresh clone as well, and make run trains the word vectors while
# attention.cpp is still compiling (run-word2vec, below).
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
HEADERS = matrix.hpp $(wildcard support/*.hpp)
TEST_NAMES = matrix io attention word2vec svg textbook
TESTS = $(foreach name,$(TEST_NAMES),$(BUILD)/tests/$(name)_test)

# What `make run` does: small vectors (24 numbers, so the tables stay readable)
# trained on the project's small corpus, with many epochs because it is small,
# and a map of words from five groups of the corpus (embeddings.svg); then a
# causal attention layer of 4 heads trained on the same corpus to predict the
# next word, with its attention before and after training and its training
# curve drawn (attention_weights.svg, training_curve.svg), its agreement on
# the held-out probes of data/probes.txt, and a walk through what it attends
# to in one of them, a sentence it never saw.
RUN_SETTINGS = -size 24 -window 4 -sample 0 -iter 40 -min-count 5
RUN_TRAINING = -train data/corpus.txt -output vectors.txt $(RUN_SETTINGS)
RUN_QUERIES = -neighbours "king queen dog apple red three" -analogy "man king woman"
RUN_MAP_WORDS = "royalty: king queen prince princess crown | animals: dog cat horse cow pig sheep duck | food: bread cheese milk apple pear cake soup | colours: red green blue yellow brown black | numbers: two three four five six seven"
RUN_MAP = -plot embeddings.svg -plot-list $(RUN_MAP_WORDS)
RUN_LAYER = --train --heads 4 --corpus data/corpus.txt --probes data/probes.txt --sentence $(RUN_SENTENCE) --contrast $(RUN_CONTRAST)
RUN_ATTENTION_TRAINING = $(RUN_LAYER) --vectors vectors.txt --output weights.txt --svg attention_weights.svg --curve training_curve.svg
RUN_SENTENCE = "the queen of the north fetched her sheep"
RUN_CONTRAST = "the king of the north found his hen"

.PHONY: all run run-word2vec test test-start lesson-alone check-build-bat clean check-doctest pictures check-pictures sanitize fuzz valgrind golden windows windows-doctest windows-test exp-exhaustive print-build-flags FORCE

all: $(BUILD)/word2vec $(BUILD)/attention

# The compile command of the last build, kept in $(BUILD)/.compile: when it
# changes (make PORTABLE=1 after make, another CXX), everything is rebuilt,
# instead of old binaries being taken for new ones.
$(BUILD)/.compile: FORCE
	@mkdir -p $(BUILD)
	@echo '$(COMPILE)' | cmp -s - $@ || { \
	  if [ -f $@ ] && [ "$$(cut -d' ' -f1 $@)" != '$(CXX)' ]; then \
	    echo "make: rebuilding everything with $(CXX): the last build in $(BUILD)/ used $$(cut -d' ' -f1 $@) (give CXX=... to every make command to keep a compiler)"; \
	  elif [ -f $@ ]; then echo "make: the compiler flags changed since the last build in $(BUILD)/: rebuilding everything"; fi; \
	  echo '$(COMPILE)' > $@; }

$(BUILD)/word2vec: word2vec.cpp $(HEADERS) $(BUILD)/.compile
	$(COMPILE) -o $@ word2vec.cpp

$(BUILD)/attention: attention.cpp $(HEADERS) $(BUILD)/.compile
	$(COMPILE) -o $@ attention.cpp

run: run-word2vec $(BUILD)/attention
	@echo
	$(BUILD)/attention $(RUN_ATTENTION_TRAINING)
	@echo
	$(BUILD)/attention --weights weights.txt --vectors vectors.txt --sentence $(RUN_SENTENCE)

# make run's first part, a target of its own so that on a fresh clone it runs
# as soon as ./word2vec is built, while attention.cpp is still compiling.
run-word2vec: $(BUILD)/word2vec
	$(BUILD)/word2vec $(RUN_TRAINING) $(RUN_QUERIES) $(RUN_MAP)

# doctest is one header file. When the compiler cannot find it, `make test`
# installs it itself where that is safe: on Debian or Ubuntu (apt-get is
# there), as root or with sudo that needs no password (sudo -n), and only
# when DOCTEST_DIR does not name a folder of your own. It installs exactly one
# package, doctest-dev (running apt-get update first if apt cannot find it),
# and says so in one line; anywhere else it says how to get doctest and stops.
HAS_DOCTEST = printf '\#include <doctest/doctest.h>\n' | $(CXX) $(DOCTEST_FLAGS) -std=c++17 -fsyntax-only -x c++ - 2>/dev/null

check-doctest:
	@$(HAS_DOCTEST) && exit 0; \
	if [ "$$(id -u)" = 0 ]; then as_root=; elif sudo -n true 2>/dev/null; then as_root="sudo -n"; else as_root=none; fi; \
	if [ -z "$(DOCTEST_DIR)" ] && command -v apt-get > /dev/null && [ "$$as_root" != none ]; then \
	  echo "make test: doctest is missing; installing it: $${as_root:+$$as_root }apt-get install doctest-dev"; \
	  mkdir -p build; \
	  { $$as_root apt-get install -y -q doctest-dev || \
	    { $$as_root apt-get update -q && $$as_root apt-get install -y -q doctest-dev; }; } > build/apt-doctest.log 2>&1 || \
	    { cat build/apt-doctest.log; echo "make test: apt-get could not install doctest-dev (its output is above)"; }; \
	  $(HAS_DOCTEST) && exit 0; \
	fi; \
	if [ -n "$(DOCTEST_DIR)" ]; then \
	  echo "make test: DOCTEST_DIR is $(DOCTEST_DIR), but $(DOCTEST_DIR)/doctest/doctest.h is not there (or does not compile)"; \
	  exit 1; \
	fi; \
	echo "make test needs doctest (one header file), which was not found. Install it:"; \
	echo "  Debian/Ubuntu: sudo apt-get install doctest-dev"; \
	echo "  macOS:         brew install doctest, then: make test DOCTEST_DIR=\$$(brew --prefix)/include"; \
	echo "  vcpkg:         vcpkg install doctest"; \
	echo "or point to it: make test DOCTEST_DIR=/folder/holding/doctest"; \
	exit 1

$(BUILD)/tests/%_test: tests/%_test.cpp tests/xml_reader.hpp $(HEADERS) attention.cpp word2vec.cpp $(BUILD)/.compile | check-doctest
	@mkdir -p $(BUILD)/tests
	$(COMPILE) $(DOCTEST_FLAGS) -o $@ $<

# bench/bench.py's timing driver for attention, built as the programs are.
$(BUILD)/bench/attention_bench: bench/attention_bench.cpp attention.cpp $(HEADERS) $(BUILD)/.compile
	@mkdir -p $(BUILD)/bench
	$(COMPILE) -o $@ bench/attention_bench.cpp

# build.bat runs make run's commands by hand, for Windows without make: they
# must stay the same (make test checks it).
check-build-bat:
	@mkdir -p build
	@$(MAKE) -n -s --no-print-directory run BUILD=. | grep -E '^\./(word2vec|attention) ' | sed 's|^\./\([a-z2]*\) |\1.exe |' > build/run-commands.txt
	@tr -d '\r' < build.bat | grep -E '^(word2vec|attention)\.exe ' | diff - build/run-commands.txt > /dev/null || \
	  { echo "check-build-bat: build.bat's run commands are not make run's:"; \
	    tr -d '\r' < build.bat | grep -E '^(word2vec|attention)\.exe ' | diff - build/run-commands.txt; exit 1; }
	@echo "check-build-bat: build.bat runs make run's commands"

# Each lesson can be copied alone: compiled with -DTESTING (which leaves out
# main and the support/ files it includes) in a folder that holds only it and
# matrix.hpp, it needs nothing else. make test checks it first.
lesson-alone:
	@for lesson in attention word2vec; do \
	  dir=build/lesson-alone/$$lesson; rm -rf $$dir && mkdir -p $$dir && cp $$lesson.cpp matrix.hpp $$dir/ && \
	  (cd $$dir && $(CXX) -std=c++17 -DTESTING -Wall -Wextra -Wpedantic -Werror -fsyntax-only $$lesson.cpp) || \
	    { echo "lesson-alone: $$lesson.cpp does not compile with matrix.hpp alone"; exit 1; }; \
	  echo "lesson-alone: $$lesson.cpp compiles with matrix.hpp alone"; \
	done

# On a fresh clone make test spends about a minute compiling (two programs
# and the test programs, two at a time) before its first test runs.
test-start:
	@echo "make test: compiling the two programs and $(words $(TESTS)) test programs (one to two minutes the first time, on 2 cores), then running the tests"

test: test-start lesson-alone check-build-bat $(BUILD)/word2vec $(BUILD)/attention $(TESTS)
	@for t in $(TESTS); do echo "== $$t"; $(TEST_RUNNER) $$t || exit 1; done
	@echo "== tests/bad_input.sh"
	@BIN=$(BUILD) tests/bad_input.sh

clean:
	rm -rf word2vec attention .compile bench/attention_bench $(foreach name,$(TEST_NAMES),tests/$(name)_test) build vectors.txt weights.txt embeddings.svg attention_weights.svg training_curve.svg vectors.txt*.tmp weights.txt*.tmp

# ---- pictures ----

# The pictures the README shows, drawn by the programs into $(PICTURES):
# docs/ by default, where they are committed. The training is make run's
# (the same seeds: the same vectors and layer), with the vectors and weights
# files kept in build/pictures-work.
PICTURES ?= docs

pictures: $(BUILD)/word2vec $(BUILD)/attention
	@mkdir -p $(PICTURES) build/pictures-work
	$(BUILD)/word2vec -train data/corpus.txt -output build/pictures-work/vectors.txt $(RUN_SETTINGS) \
	  -plot $(PICTURES)/embeddings.svg -plot-list $(RUN_MAP_WORDS) > /dev/null
	$(BUILD)/attention $(RUN_LAYER) --vectors build/pictures-work/vectors.txt --output build/pictures-work/weights.txt \
	  --svg $(PICTURES)/attention_weights.svg --curve $(PICTURES)/training_curve.svg > /dev/null

# Draws every picture again into build/pictures and compares it, byte for
# byte, with the committed copy in docs/ (and the other way round: no picture
# in docs/ that the programs no longer draw).
check-pictures:
	@rm -rf build/pictures
	@$(MAKE) -s --no-print-directory pictures PICTURES=build/pictures
	@for new in build/pictures/*.svg; do \
	  cmp -s $$new docs/$${new##*/} || { echo "docs/$${new##*/} is not what the programs draw today: run make pictures and commit it"; exit 1; }; \
	done; \
	for old in docs/*.svg; do \
	  [ -f build/pictures/$${old##*/} ] || { echo "$$old is no longer drawn by make pictures: remove it"; exit 1; }; \
	done; echo "check-pictures: the pictures in docs/ are what the programs draw today"

# ---- slower checks ----

SANITIZE_FLAGS = -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all -Wall -Wextra -Wpedantic
# Any sanitizer report makes the program exit with an error, and so the check fail.
SANITIZE_ENV = ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

sanitize:
	$(MAKE) --no-print-directory BUILD=build/sanitize CXX=clang++ CXXFLAGS="$(SANITIZE_FLAGS)" all
	$(SANITIZE_ENV) $(MAKE) --no-print-directory BUILD=build/sanitize CXX=clang++ CXXFLAGS="$(SANITIZE_FLAGS)" test
	$(SANITIZE_ENV) $(MAKE) --no-print-directory BUILD=build/sanitize CXX=clang++ CXXFLAGS="$(SANITIZE_FLAGS)" run > /dev/null

FUZZ_SECONDS ?= 60
FUZZ_TARGETS = vectors corpus analogy weights map
FUZZ_FLAGS = -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all $(REQUIRED_FLAGS)

build/fuzz/%_fuzz: tests/fuzz/%_fuzz.cpp tests/fuzz/fuzz_file.hpp tests/xml_reader.hpp $(HEADERS) word2vec.cpp attention.cpp
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
	$(VALGRIND) build/valgrind/attention $(RUN_ATTENTION_TRAINING) --epochs 1 > /dev/null
	$(VALGRIND) build/valgrind/attention --weights weights.txt --vectors vectors.txt --sentence $(RUN_SENTENCE) > /dev/null

# `make run` must print the same text with both compilers, native and
# portable, twice in a row, and the text must be the golden copy (the timing
# line goes to stderr); the eight vectors files it writes must be the same,
# byte for byte, and so must the eight trained attention layers (weights.txt)
# and the eight copies of each picture (embeddings.svg, attention_weights.svg,
# training_curve.svg).
GOLDEN_BUILDS = g++-native g++-portable clang++-native clang++-portable

golden:
	@for build in $(GOLDEN_BUILDS); do \
	  compiler=$${build%-*}; portable=$$([ $${build##*-} = portable ] && echo 1); \
	  $(MAKE) -s --no-print-directory BUILD=build/$$build CXX=$$compiler PORTABLE=$$portable all || exit 1; \
	  for round in 1 2; do \
	    $(MAKE) -s --no-print-directory BUILD=build/$$build CXX=$$compiler PORTABLE=$$portable run > build/$$build/run-$$round.txt 2>/dev/null || exit 1; \
	    cp vectors.txt build/$$build/vectors-$$round.txt; cp weights.txt build/$$build/weights-$$round.txt; \
	    for picture in embeddings attention_weights training_curve; do cp $$picture.svg build/$$build/$$picture-$$round.svg; done; \
	    if cmp -s build/$$build/run-$$round.txt tests/golden/run.txt; then echo "golden: $$build run $$round: same as tests/golden/run.txt"; \
	    else echo "golden: $$build run $$round differs from tests/golden/run.txt:"; diff build/$$build/run-$$round.txt tests/golden/run.txt | head -20; exit 1; fi; \
	  done; \
	done; \
	for build in $(GOLDEN_BUILDS); do for round in 1 2; do \
	  cmp build/g++-native/vectors-1.txt build/$$build/vectors-$$round.txt || exit 1; \
	  cmp build/g++-native/weights-1.txt build/$$build/weights-$$round.txt || exit 1; \
	  for picture in embeddings attention_weights training_curve; do \
	    cmp build/g++-native/$$picture-1.svg build/$$build/$$picture-$$round.svg || exit 1; done; \
	done; done; echo "golden: the eight vectors.txt files are identical, and so are the eight weights.txt files and the eight copies of each picture"

# ---- Windows: cross-built with MinGW-w64, run under Wine ----

MINGW = x86_64-w64-mingw32-g++-posix
# CXXFLAGS and the required flags, never a native-CPU flag (the .exe files
# must run on any x86-64 CPU), and -static, so that they need no MinGW DLLs
# beside them.
WINDOWS_FLAGS = $(CXXFLAGS) $(REQUIRED_FLAGS) -static
WINDOWS_PROGRAMS = build/windows/word2vec.exe build/windows/attention.exe
WINDOWS_TESTS = $(foreach name,$(TEST_NAMES),build/windows/tests/$(name)_test.exe)

windows: $(WINDOWS_PROGRAMS) $(WINDOWS_TESTS)

$(WINDOWS_PROGRAMS): build/windows/%.exe: %.cpp $(HEADERS)
	@mkdir -p build/windows
	$(MINGW) $(WINDOWS_FLAGS) -o $@ $<

# MinGW must not search Linux's /usr/include (those headers are glibc's), so
# it finds doctest in a folder of its own, build/windows/include, that holds
# only a link to doctest.h wherever the compiler found it (-M lists the files
# an #include reads).
windows-doctest: check-doctest
	@mkdir -p build/windows/include/doctest
	@header=$$(printf '#include <doctest/doctest.h>\n' | $(CXX) $(DOCTEST_FLAGS) -std=c++17 -M -x c++ - | \
	  tr ' \\' '\n\n' | grep '/doctest/doctest\.h$$'); \
	ln -sf "$$(realpath "$$header")" build/windows/include/doctest/doctest.h

$(WINDOWS_TESTS): build/windows/tests/%_test.exe: tests/%_test.cpp $(HEADERS) attention.cpp word2vec.cpp | windows-doctest
	@mkdir -p build/windows/tests
	$(MINGW) $(WINDOWS_FLAGS) -isystem build/windows/include -o $@ $<

# Wine runs the .exe files on Linux; console programs need no display. Its
# "prefix", the C: drive and registry it makes on first use (a few seconds),
# lives in build/wine, not in your home folder, and WINEDEBUG=-all keeps its
# debugging notes out of the output. On Debian 12:
#     apt-get install --no-install-recommends wine wine64
# (wine64 alone has no `wine` command, and its program cannot find its server.)
WINE ?= wine
WINE_RUN = WINEPREFIX=$(abspath build/wine) WINEDEBUG=-all $(WINE)
WINDOWS_RUN = build/windows/run

# Under Wine, the Windows test programs must pass, and `make run`'s three
# commands, run with the .exe files in $(WINDOWS_RUN), must print
# tests/golden/run.txt (Windows ends lines with \r\n: the \r is removed
# first) and write the vectors.txt, weights.txt and embeddings.svg that the Linux build, run
# the same way in $(WINDOWS_RUN)/linux, writes: byte for byte.
windows-test: windows $(BUILD)/word2vec $(BUILD)/attention
	@test -f build/wine/system.reg || { echo "== wine: making its prefix in build/wine"; \
	  $(WINE_RUN) wineboot --init > build/wine-init.log 2>&1 || { cat build/wine-init.log; exit 1; }; }
	@for t in $(WINDOWS_TESTS); do echo "== wine $$t"; $(WINE_RUN) $$t || exit 1; done
	@rm -rf $(WINDOWS_RUN) && mkdir -p $(WINDOWS_RUN)/data $(WINDOWS_RUN)/linux/data
	@cp data/corpus.txt data/probes.txt $(WINDOWS_RUN)/data/ && cp data/corpus.txt data/probes.txt $(WINDOWS_RUN)/linux/data/
	@echo "== wine: make run with the .exe files, in $(WINDOWS_RUN)"
	@cd $(WINDOWS_RUN) && { $(WINE_RUN) ../word2vec.exe $(RUN_TRAINING) $(RUN_QUERIES) $(RUN_MAP) && echo && \
	  $(WINE_RUN) ../attention.exe $(RUN_ATTENTION_TRAINING) && echo && \
	  $(WINE_RUN) ../attention.exe --weights weights.txt --vectors vectors.txt --sentence $(RUN_SENTENCE); } \
	  > run-crlf.txt 2> stderr.txt || { cat stderr.txt; exit 1; }
	@tr -d '\r' < $(WINDOWS_RUN)/run-crlf.txt > $(WINDOWS_RUN)/run.txt
	@if cmp -s $(WINDOWS_RUN)/run.txt tests/golden/run.txt; then echo "windows: make run prints tests/golden/run.txt (line ends aside)"; \
	else echo "windows: make run's output differs from tests/golden/run.txt:"; diff $(WINDOWS_RUN)/run.txt tests/golden/run.txt | head -40; exit 1; fi
	@cd $(WINDOWS_RUN)/linux && $(abspath $(BUILD))/word2vec $(RUN_TRAINING) $(RUN_MAP) > /dev/null 2>&1 && \
	  $(abspath $(BUILD))/attention $(RUN_ATTENTION_TRAINING) > /dev/null 2>&1
	@for file in vectors.txt weights.txt embeddings.svg attention_weights.svg training_curve.svg; do cmp $(WINDOWS_RUN)/$$file $(WINDOWS_RUN)/linux/$$file || exit 1; \
	  echo "windows: $$file is the same as the Linux build's, byte for byte"; done

build/exp_exhaustive: tests/exp_exhaustive.cpp matrix.hpp
	@mkdir -p build
	$(CXX) -O2 $(REQUIRED_FLAGS) -o $@ tests/exp_exhaustive.cpp

exp-exhaustive: build/exp_exhaustive
	build/exp_exhaustive

# The compile command of the programs, for bench/ scripts that build a driver the same way.
print-build-flags:
	@echo $(COMPILE)

include exercises/exercises.mk  # make exercise N=3, make exercises, make exercises-check: see exercises/README.md
