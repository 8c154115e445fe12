# Build, run and test. Every variable can be overridden:
#     make CXX=clang++            make CXXFLAGS="-O2 -g"        make test DOCTEST_DIR=/path/to/doctest
#
# make          build ./word2vec and ./attention
# make run      train word vectors on data/corpus.txt, then run attention on a sentence
# make test     build and run the unit tests (doctest) and the bad-input checks
# make clean    remove what the build made

CXX      ?= c++
CXXFLAGS ?= -O3 -Wall -Wextra -Wpedantic
# Added to every build, because the numbers depend on them:
#   -std=c++17         the language the code is written in
#   -ffp-contract=off  never fuse a * b + c into one multiply-add instruction:
#                      fused and unfused results differ in the last bit, and
#                      whether a compiler fuses depends on the compiler and the
#                      CPU. Off, every compiler rounds a * b + c the same way,
#                      so one seed gives the same numbers everywhere.
#   -pthread           std::thread, for word2vec -threads
REQUIRED_FLAGS = -std=c++17 -ffp-contract=off -pthread

# doctest, a single header, comes from the system: Debian/Ubuntu doctest-dev,
# Homebrew doctest, vcpkg doctest; or DOCTEST_DIR=<folder holding doctest/doctest.h>.
DOCTEST_DIR ?=
DOCTEST_FLAGS = $(if $(DOCTEST_DIR),-I$(DOCTEST_DIR))

HEADERS = matrix.hpp cli.hpp io.hpp
PROGRAMS = word2vec attention
TESTS = tests/matrix_test tests/io_test tests/attention_test tests/word2vec_test

# What `make run` trains: small vectors (24 numbers, so the tables stay
# readable) on the project's small corpus, with many epochs because it is small.
RUN_TRAINING = -train data/corpus.txt -output vectors.txt -size 24 -window 4 -sample 0 -iter 40 -min-count 5
RUN_QUERIES = -neighbours "king queen dog apple red three" -analogy "man king woman"

.PHONY: all run test clean check-doctest

all: $(PROGRAMS)

word2vec: word2vec.cpp $(HEADERS)
	$(CXX) $(CXXFLAGS) $(REQUIRED_FLAGS) -o $@ word2vec.cpp

attention: attention.cpp $(HEADERS)
	$(CXX) $(CXXFLAGS) $(REQUIRED_FLAGS) -o $@ attention.cpp

run: $(PROGRAMS)
	./word2vec $(RUN_TRAINING) $(RUN_QUERIES)
	@echo
	./attention --vectors vectors.txt --sentence "the queen fed her hungry dog"

check-doctest:
	@printf '#include <doctest/doctest.h>\n' | $(CXX) $(DOCTEST_FLAGS) -std=c++17 -fsyntax-only -x c++ - 2>/dev/null || { \
	  echo "make test needs doctest (one header file), which was not found. Install it:"; \
	  echo "  Debian/Ubuntu: sudo apt-get install doctest-dev"; \
	  echo "  macOS:         brew install doctest"; \
	  echo "  vcpkg:         vcpkg install doctest"; \
	  echo "or point to it: make test DOCTEST_DIR=/folder/holding/doctest"; \
	  exit 1; }

tests/%_test: tests/%_test.cpp $(HEADERS) attention.cpp word2vec.cpp | check-doctest
	$(CXX) $(CXXFLAGS) $(REQUIRED_FLAGS) $(DOCTEST_FLAGS) -o $@ $<

test: $(PROGRAMS) $(TESTS)
	@for t in $(TESTS); do echo "== $$t"; ./$$t || exit 1; done
	@echo "== tests/bad_input.sh"
	@tests/bad_input.sh

clean:
	rm -f $(PROGRAMS) $(TESTS) vectors.txt vectors.txt.tmp
