# exercises/exercises.mk - the exercises' make rules, included by the Makefile.
#
# make exercise N=3      compile exercises/03_*.cpp with its tests and grade it, PASS or FAIL per check
# make exercises         grade every exercise: one line each, and the score
# make exercises-check   show that every exercise can be graded: each of its checks fails on the
#                        untouched stub and passes on the reference solution (the project's own
#                        function), and each common mistake in exercises/mistakes/ fails the checks
#                        it names
#
# The exercises need only a C++17 compiler and make: their grader is
# exercises/grader.hpp, not doctest.

EXERCISES := $(sort $(basename $(notdir $(wildcard exercises/[0-9][0-9]_*.cpp))))

# -O0 compiles fastest, and a debugger shows every variable. Unused parameters
# are allowed because an untouched stub has them.
EXERCISE_FLAGS = -O0 -g -Wall -Wextra -Wpedantic -Wno-unused-parameter $(REQUIRED_FLAGS)
EXERCISE_DEPENDS = exercises/grader.hpp $(HEADERS) attention.cpp word2vec.cpp

# A test program includes its exercise by file name ("03_causal_mask.cpp");
# -I says which folder that file is taken from: here exercises/, the
# student's. (exercises-check also compiles each test with -I
# exercises/reference, the project's function, and with each folder of
# exercises/mistakes/.) A failed compile leaves no program behind, so an old
# one is never graded.
build/exercises/student/%: exercises/tests/%_test.cpp exercises/%.cpp $(EXERCISE_DEPENDS)
	@mkdir -p $(@D)
	@rm -f $@
	@echo "compiling exercises/$*.cpp with its tests"
	@$(CXX) $(EXERCISE_FLAGS) -Iexercises -o $@ $<

# N=3 or N=03 names exercises/03_*.cpp.
EXERCISE_NUMBER = $(if $(filter 1 2 3 4 5 6 7 8 9,$(N)),0$(N),$(N))
EXERCISE_NAME = $(basename $(notdir $(wildcard exercises/$(EXERCISE_NUMBER)_*.cpp)))

.PHONY: exercise exercises exercises-check

ifeq ($(N),)
exercise:
	@echo "make exercise N=<number> grades one exercise. The exercises:"
	@sh exercises/grade.sh list $(EXERCISES)
else ifeq ($(EXERCISE_NAME),)
exercise:
	@echo "there is no exercise '$(N)'. The exercises:"
	@sh exercises/grade.sh list $(EXERCISES)
	@exit 2
else
exercise:
	@$(MAKE) -s --no-print-directory build/exercises/student/$(EXERCISE_NAME) || { \
	  echo; echo "exercises/$(EXERCISE_NAME).cpp does not compile: the first error above says where (file:line)."; exit 1; }
	@echo
	@build/exercises/student/$(EXERCISE_NAME); status=$$?; \
	if [ $$status -gt 1 ]; then echo; echo "The program stopped in the middle of the check above: your code crashed, for"; \
	  echo "example by reading or writing outside a matrix (an 'Assertion ... failed' line names the place)."; fi; \
	exit $$status
endif

exercises:
	@MAKE="$(MAKE)" sh exercises/grade.sh all $(EXERCISES)

# Compiles every program afresh, with warnings as errors, and runs it.
exercises-check:
	@CXX="$(CXX)" EXERCISE_FLAGS="$(EXERCISE_FLAGS) -Werror" sh exercises/grade.sh check $(EXERCISES)
