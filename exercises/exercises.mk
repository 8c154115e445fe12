# exercises/exercises.mk - the exercises' make rules, included by the Makefile.
#
# make exercise N=3      compile exercises/03_*.cpp with its tests and grade it, PASS or FAIL per check
# make exercises         grade every exercise: one line each, and the score
# make exercises-check   show that every exercise can be graded: each of its checks fails on the
#                        untouched stub and passes on the reference solution (the project's own
#                        function), and each common mistake in exercises/mistakes/ fails the checks
#                        it names, one of them with a hint that names the mistake
# make grade DIR=folder  grade a student's exercise files (folder/NN_name.cpp, or
#                        folder/exercises/NN_name.cpp) against this project's tests, in a clean
#                        copy: one score line per exercise and the total
#
# The exercises need only a C++17 compiler and make: their grader is
# exercises/grader.hpp, not doctest.

EXERCISES := $(sort $(basename $(notdir $(wildcard exercises/[0-9][0-9]_*.cpp))))

# -O0 compiles fastest, and a debugger shows every variable. Unused parameters
# are allowed because an untouched stub has them.
EXERCISE_FLAGS = -O0 -g -Wall -Wextra -Wpedantic -Wno-unused-parameter $(REQUIRED_FLAGS)
EXERCISE_DEPENDS = exercises/grader.hpp $(HEADERS) attention.cpp word2vec.cpp

# The exercises' programs: in build/exercises, or in $(BUILD)/exercises when
# BUILD names a folder of its own (BUILD=build/ex).
EXERCISE_BUILD = $(if $(filter .,$(BUILD)),build,$(BUILD))/exercises

# A test program includes its exercise by file name ("03_causal_mask.cpp");
# -I says which folder that file is taken from: here exercises/, the
# student's. (exercises-check also compiles each test with -I
# exercises/reference, the project's function, and with each folder of
# exercises/mistakes/, each followed by -Iexercises: every exercise file
# includes "../matrix.hpp" as if it sat in exercises/, so that any of them can
# be copied over a stub.) A failed compile leaves no program behind, so an old
# one is never graded.
$(EXERCISE_BUILD)/student/%: exercises/tests/%_test.cpp exercises/%.cpp $(EXERCISE_DEPENDS)
	@mkdir -p $(@D)
	@rm -f $@
	@echo "compiling exercises/$*.cpp with its tests"
	@$(CXX) $(EXERCISE_FLAGS) -Iexercises -o $@ $<

# N=3 or N=03 names exercises/03_*.cpp.
EXERCISE_NUMBER = $(if $(filter 1 2 3 4 5 6 7 8 9,$(N)),0$(N),$(N))
EXERCISE_NAME = $(basename $(notdir $(wildcard exercises/$(EXERCISE_NUMBER)_*.cpp)))

.PHONY: exercise exercises exercises-check grade

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
	@$(MAKE) -s --no-print-directory $(EXERCISE_BUILD)/student/$(EXERCISE_NAME) || { \
	  echo; echo "exercises/$(EXERCISE_NAME).cpp does not compile: the first error above says where (file:line)."; exit 1; }
	@echo
	@$(EXERCISE_BUILD)/student/$(EXERCISE_NAME); status=$$?; \
	if [ $$status -gt 1 ]; then echo; echo "The program stopped in the middle of the check above: your code crashed, for"; \
	  echo "example by reading or writing outside a matrix (an 'Assertion ... failed' line names the place)."; fi; \
	exit $$status
endif

exercises:
	@MAKE="$(MAKE)" EXERCISE_BUILD="$(EXERCISE_BUILD)" sh exercises/grade.sh all $(EXERCISES)

# Compiles every program afresh, with warnings as errors, and runs it.
exercises-check:
	@CXX="$(CXX)" EXERCISE_FLAGS="$(EXERCISE_FLAGS) -Werror" EXERCISE_BUILD="$(EXERCISE_BUILD)" \
	  sh exercises/grade.sh check $(EXERCISES)

# The student's files alone, compiled with the tests, lesson files and grader
# of this project copied afresh into $(EXERCISE_BUILD)/grade.
grade:
	@if [ -z "$(DIR)" ]; then echo "make grade DIR=<folder> grades the exercise files in that folder (01_softmax.cpp, ...)"; exit 2; fi
	@CXX="$(CXX)" EXERCISE_FLAGS="$(EXERCISE_FLAGS)" EXERCISE_BUILD="$(EXERCISE_BUILD)" \
	  sh exercises/grade.sh grade "$(DIR)" $(EXERCISES)
