#!/bin/sh
# exercises/grade.sh - the loops behind `make exercise`, `make exercises` and
# `make exercises-check` (exercises/exercises.mk calls it; run it from the
# project's top folder).
#
#   grade.sh list  NAME...   the exercises, one line each
#   grade.sh all   NAME...   compile and grade each (via $MAKE), one line each, then the score
#   grade.sh check NAME...   compile each test with $CXX $EXERCISE_FLAGS three ways and show that
#                            it can grade: every check FAILS on the untouched stub (exercises/),
#                            with a hint of one line, every check PASSES on the reference
#                            (exercises/reference/, the project's function), and each common
#                            mistake in exercises/mistakes/ fails exactly the checks its "Fails
#                            checks:" line names and is named by the hint its "Named by:" line
#                            quotes; and that every section an exercise points to ("Read first:
#                            ...") exists
#   grade.sh grade DIR NAME...
#                            grade a student's files DIR/NAME.cpp (or DIR/exercises/NAME.cpp) in a
#                            clean copy of this project's tests and lesson files: one score line
#                            per exercise, then the total
#
# NAME is an exercise's file name without .cpp, such as 03_causal_mask.
# Programs are built in $EXERCISE_BUILD (build/exercises unless make says).
# Every exercise file (stub, reference, mistake, student's) is written as if
# it sat in exercises/ ("../matrix.hpp"), and every build gives -Iexercises
# after the exercise file's own folder, so that any of them can be copied
# over a stub as it is.
set -u
mode=$1
shift
: "${EXERCISE_BUILD:=build/exercises}"

# The title, from the test program's Grader line (the student may rewrite the
# exercise file): Grader grader("03_causal_mask", "the causal mask", ...).
title() { sed -n "s|.*Grader grader(\"$1\", \"\([^\"]*\)\".*|\1|p" "exercises/tests/$1_test.cpp"; }
# "7" for 07_noise_distribution.
number() { echo "$1" | sed 's/_.*//; s/^0//'; }
# "P T" from a test program's last line "NAME: P of T checks passed", or nothing.
score() { sed -n "s/^$1: \([0-9]*\) of \([0-9]*\) checks passed\$/\1 \2/p" "$2"; }
# The hint line that a test program's output FILE shows under check N, or nothing.
hint_of() {
  awk -v n="$1" '$0 ~ "^ *" n "\\. .* (PASS|FAIL)$" { here = 1; next }
                 $0 ~ "^ *[0-9]+\\. .* (PASS|FAIL)$" { here = 0 }
                 here && /^ *hint: / { sub(/^ */, ""); print; exit }' "$2"
}

case $mode in
list)
  for name in "$@"; do
    minutes=$(sed -n 's|.*Time: about \([0-9]*\) minutes.*|, about \1 min|p' "exercises/$name.cpp")
    printf '  %2s  %-40s exercises/%s.cpp%s\n' "$(number "$name")" "$(title "$name")" "$name" "$minutes"
  done
  ;;

all)
  : "${MAKE:=make}"
  log=$(mktemp)
  complete=0 exercises=0 passed=0 checks=0 broken=""
  for name in "$@"; do
    exercises=$((exercises + 1))
    line=$(printf '  %2s  %-40s' "$(number "$name")" "$(title "$name")")
    if ! $MAKE -s --no-print-directory "$EXERCISE_BUILD/student/$name" > "$log" 2>&1; then
      echo "$line does not compile"
      broken="$broken $(number "$name")"
      continue
    fi
    "$EXERCISE_BUILD/student/$name" > "$log" 2>&1
    result=$(score "$name" "$log")
    if [ -z "$result" ]; then
      echo "$line stopped during a check (it crashed)"
      broken="$broken $(number "$name")"
      continue
    fi
    p=${result% *} t=${result#* }
    passed=$((passed + p)) checks=$((checks + t))
    if [ "$p" -eq "$t" ]; then complete=$((complete + 1)); echo "$line $p of $t checks passed: done"
    else echo "$line $p of $t checks passed"; fi
  done
  rm -f "$log"
  echo
  if [ -z "$broken" ]; then
    echo "score: $complete of $exercises exercises done, $passed of $checks checks passed"
  else
    echo "score: $complete of $exercises exercises done, $passed of $checks checks passed in the exercises that ran"
  fi
  echo "make exercise N=<number> shows each check of one exercise, with a hint where it fails${broken:+, and why exercise$broken did not finish}."
  [ "$complete" -eq "$exercises" ]
  ;;

check)
  : "${CXX:=c++}" "${EXERCISE_FLAGS:=-O0 -std=c++17 -ffp-contract=off -pthread}"
  out=$EXERCISE_BUILD/check
  rm -rf "$out"
  mkdir -p "$out"
  problems=0 stub_checks=0 mistakes=0

  # Every program is compiled first, several at a time (they are independent
  # and the compiler is the slow part): the test of NAME, with the exercise
  # file taken from FOLDER, into PROGRAM. Then each is looked at in turn.
  for name in "$@"; do
    echo "$name exercises $out/$name.stub"
    echo "$name exercises/reference $out/$name.reference"
    for mistake in exercises/mistakes/*/"$name.cpp"; do
      [ -f "$mistake" ] && echo "$name ${mistake%/*} $out/$name.$(basename "${mistake%/*}")"
    done
  done > "$out/programs"
  jobs=$(getconf _NPROCESSORS_ONLN 2> /dev/null || echo 2)
  export CXX EXERCISE_FLAGS
  xargs -n 3 -P "$jobs" sh -c '$CXX $EXERCISE_FLAGS "-I$1" -Iexercises -o "$2" "exercises/tests/${0}_test.cpp" > "$2.compile.log" 2>&1' \
    < "$out/programs" || true

  # compiled NAME FOLDER PROGRAM: did it compile, without a warning?
  compiled() {
    [ -x "$3" ] && [ ! -s "$3.compile.log" ] && return 0
    cat "$3.compile.log"
    echo "FAILED: $2/$1.cpp does not compile with its test, or warns"
    problems=$((problems + 1))
    return 1
  }

  for name in "$@"; do
    # 1. The stub's first line has the title the grader shows, and the
    #    sections it points to exist in the file it names. The
    #    "Read first:" paragraph runs to the "Check your work:" line.
    if [ "$(sed -n '1p' "exercises/$name.cpp")" != "// Exercise $(number "$name"): $(title "$name")" ]; then
      echo "FAILED: exercises/$name.cpp: the first line is not '// Exercise $(number "$name"): $(title "$name")',"
      echo "        the title in exercises/tests/${name}_test.cpp"
      problems=$((problems + 1))
    fi
    pointer=$(sed -n '/Read first:/,/Check your work:/p' "exercises/$name.cpp" | sed 's|^// *||' | tr '\n' ' ')
    story=$(echo "$pointer" | sed -n 's|.*Read first: \([^,]*\),.*|\1|p')
    if [ -z "$story" ] || [ ! -f "$story" ]; then
      echo "FAILED: exercises/$name.cpp: no 'Read first: FILE, ...' line that names a file of the project"
      problems=$((problems + 1))
    else
      echo "$pointer" | grep -o '"[^"]*"' | tr -d '"' | while IFS= read -r section; do
        grep -qF -- "// ---- $section " "$story" || echo "$section"
      done > "$out/$name.missing-sections"
      if [ -s "$out/$name.missing-sections" ]; then
        echo "FAILED: exercises/$name.cpp points to a section that $story does not have (no heading '// ---- NAME '):"
        sed 's/^/        "/; s/$/"/' "$out/$name.missing-sections"
        problems=$((problems + 1))
      fi
    fi

    # 2. The untouched stub fails every check; the reference passes every check.
    compiled "$name" exercises "$out/$name.stub" || continue
    compiled "$name" exercises/reference "$out/$name.reference" || continue
    "$out/$name.stub" > "$out/$name.stub.txt" 2>&1
    stub_status=$?
    "$out/$name.reference" > "$out/$name.reference.txt" 2>&1
    reference_status=$?
    stub=$(score "$name" "$out/$name.stub.txt")
    reference=$(score "$name" "$out/$name.reference.txt")
    if [ -z "$stub" ] || [ -z "$reference" ]; then
      cat "$out/$name.stub.txt" "$out/$name.reference.txt"
      echo "FAILED: $name: a test program stopped before its score line"
      problems=$((problems + 1))
      continue
    fi
    stub_passed=${stub% *} total=${stub#* } reference_passed=${reference% *}
    if [ "$stub_passed" -ne 0 ] || [ "$stub_status" -eq 0 ]; then
      cat "$out/$name.stub.txt"
      echo "FAILED: $name: $stub_passed of $total checks pass on exercises/$name.cpp. On the untouched stub every"
      echo "        check must fail (a check that passes on it gives marks for nothing), so either a check cannot"
      echo "        fail or exercises/$name.cpp is no longer the untouched stub (git checkout exercises/$name.cpp)"
      problems=$((problems + 1))
      continue
    fi
    if [ "$reference_passed" -ne "$total" ] || [ "$reference_status" -ne 0 ]; then
      cat "$out/$name.reference.txt"
      echo "FAILED: $name: only $reference_passed of $total checks pass on the reference solution"
      problems=$((problems + 1))
      continue
    fi
    # Every check fails on the stub, so the stub's output shows every hint:
    # each must be there, and must fit on its one line (a longer hint is
    # wrapped onto lines that start with 13 spaces).
    hints=$(grep -c '^       hint: ' "$out/$name.stub.txt")
    if [ "$hints" -ne "$total" ] || grep -q '^             [^ ]' "$out/$name.stub.txt"; then
      cat "$out/$name.stub.txt"
      echo "FAILED: $name: every check needs a hint of one line (at most 87 characters): the stub's output"
      echo "        shows $hints hint(s) for $total checks, or one that runs over onto a second line"
      problems=$((problems + 1))
      continue
    fi
    stub_checks=$((stub_checks + total))
    echo "ok  $name: stub $stub_passed of $total checks passed, reference $reference_passed of $total"

    # 3. Each common mistake fails exactly the checks it names.
    for mistake in exercises/mistakes/*/"$name.cpp"; do
      [ -f "$mistake" ] || continue
      folder=${mistake%/*}
      program="$out/$name.$(basename "$folder")"
      compiled "$name" "$folder" "$program" || continue
      "$program" > "$program.txt" 2>&1
      expected=$(sed -n 's|^// Fails checks: *||p' "$mistake" | tr -s ' ' | sed 's/ *$//')
      failed=$(sed -n 's|^ *\([0-9]*\)\. .* FAIL$|\1|p' "$program.txt" | tr '\n' ' ' | sed 's/ *$//')
      if [ -z "$expected" ] || [ "$failed" != "$expected" ]; then
        cat "$program.txt"
        echo "FAILED: $mistake should fail checks '$expected' (its 'Fails checks:' line) but fails '$failed'"
        problems=$((problems + 1))
        continue
      fi
      # ... and one of those checks has a hint that names it: the hint its
      # "Named by:" line quotes, shown here as the student sees it.
      named=$(sed -n 's|^// Named by: the hint of check \([0-9]*\) (".*")$|\1|p' "$mistake")
      phrase=$(sed -n 's|^// Named by: the hint of check [0-9]* ("\(.*\)")$|\1|p' "$mistake")
      hint=$([ -n "$named" ] && hint_of "$named" "$program.txt")
      if [ -z "$phrase" ] || [ -z "$hint" ] || ! printf '%s\n' "$hint" | grep -qF -- "$phrase"; then
        cat "$program.txt"
        echo "FAILED: $mistake: no line '// Named by: the hint of check N (\"words of that hint\")', or the"
        echo "        hint of check ${named:-N} (${hint:-none shown}) does not say \"$phrase\""
        problems=$((problems + 1))
        continue
      fi
      mistakes=$((mistakes + 1))
      echo "ok  $name: the mistake in $folder fails checks $failed"
      echo "      check $named's $hint"
    done
  done

  echo
  if [ "$problems" -eq 0 ]; then
    echo "exercises-check: all $# exercises can be graded: none of their $stub_checks checks passes on the stubs, all pass on the reference solutions; $mistakes common mistakes caught"
  else
    echo "exercises-check: FAILED, $problems problem(s), each marked FAILED above"
  fi
  [ "$problems" -eq 0 ]
  ;;

grade)
  # A student hands in the exercise files alone. They are graded in a clean
  # copy of what the tests need, taken from this project (the lesson files,
  # support/, the grader, the tests and the stubs), so that the mark depends
  # on nothing else the student could have edited. An exercise without a file
  # is graded on its stub (0 checks). Warnings are not errors here.
  : "${CXX:=c++}" "${EXERCISE_FLAGS:=-O0 -std=c++17 -ffp-contract=off -pthread}"
  dir=${1%/}
  shift
  from=$dir
  ls "$dir"/[0-9][0-9]_*.cpp > /dev/null 2>&1 || from=$dir/exercises
  if ! ls "$from"/[0-9][0-9]_*.cpp > /dev/null 2>&1; then
    echo "make grade: no exercise file (such as 01_softmax.cpp) in '$dir' or '$dir/exercises'" >&2
    exit 2
  fi
  copy=$EXERCISE_BUILD/grade
  rm -rf "$copy"
  mkdir -p "$copy/exercises/tests" "$copy/programs"
  cp matrix.hpp attention.cpp word2vec.cpp "$copy/"
  cp -R support "$copy/"
  cp exercises/grader.hpp "$copy/exercises/"
  for name in "$@"; do
    cp "exercises/tests/${name}_test.cpp" "$copy/exercises/tests/"
    if [ -f "$from/$name.cpp" ]; then cp "$from/$name.cpp" "$copy/exercises/"
    else cp "exercises/$name.cpp" "$copy/exercises/"; : > "$copy/programs/$name.missing"; fi
    echo "$name"
  done > "$copy/programs/names"
  jobs=$(getconf _NPROCESSORS_ONLN 2> /dev/null || echo 2)
  export CXX EXERCISE_FLAGS copy
  xargs -n 1 -P "$jobs" sh -c '$CXX $EXERCISE_FLAGS "-I$copy/exercises" -o "$copy/programs/$0" \
    "$copy/exercises/tests/${0}_test.cpp" > "$copy/programs/$0.compile.log" 2>&1' < "$copy/programs/names" || true

  # A program that loops for ever is stopped after a minute.
  limit=""
  command -v timeout > /dev/null 2>&1 && limit="timeout 60"
  passed=0 checks=0 complete=0 exercises=0
  echo "grading the exercise files in $from"
  for name in "$@"; do
    exercises=$((exercises + 1))
    total=$(grep -c 'grader\.add(' "exercises/tests/${name}_test.cpp")
    report=$copy/programs/$name.txt
    if [ ! -x "$copy/programs/$name" ]; then
      cp "$copy/programs/$name.compile.log" "$report"
      p=0 note=" (it does not compile)"
    else
      $limit "$copy/programs/$name" > "$report" 2>&1
      result=$(score "$name" "$report")
      if [ -n "$result" ]; then p=${result% *} total=${result#* } note=""
      else p=$(grep -c ' PASS$' "$report") note=" (it stopped during a check: it crashed or ran for over a minute)"; fi
    fi
    [ -f "$copy/programs/$name.missing" ] && note=" (no $name.cpp: the stub was graded)"
    passed=$((passed + p)) checks=$((checks + total))
    [ "$p" -eq "$total" ] && complete=$((complete + 1))
    echo "$name: $p of $total checks$note"
  done
  echo "total: $passed of $checks checks; $complete of $exercises exercises complete"
  echo "each exercise's full report, check by check with its hints: $copy/programs/NAME.txt"
  ;;

*)
  echo "usage: exercises/grade.sh list|all|check NAME... or grade DIR NAME..." >&2
  exit 2
  ;;
esac
