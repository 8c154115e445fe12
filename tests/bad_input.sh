#!/usr/bin/env bash
# tests/bad_input.sh - the bad-input suite: what ./word2vec and ./attention do
# with broken files, broken command lines and odd-but-legal input.
#
# Every bad case must end the way STYLE.md habit 9 asks:
#   - exit status 1 for a bad file or bad data, 2 for a bad command line
#     (what cli.hpp throws as UsageError);
#   - exactly one line on stderr, "word2vec: ..." or "attention: ...", that
#     names the problem (and file:line where a position applies);
#   - nothing on stdout that looks like a result, and no NaN or inf;
#   - no sanitizer report;
#   - an existing -output, -plot, --svg or --curve file unchanged, byte for byte, and no "*.tmp" left.
# The legal-but-unusual cases (CRLF, a byte order mark, tabs, GloVe files...)
# must be accepted: exit 0, the normal result, no error line.
#
# Run from anywhere: `make test` runs it, or `tests/bad_input.sh` after `make`.
# Prints one "ok - ..." or "not ok - ...: why" line per check and a summary;
# exits 1 if any check failed. Needs only bash, coreutils, cmp, grep, timeout.

set -u
export LC_ALL=C  # byte-wise grep: some inputs here are deliberately not UTF-8

cd "$(dirname "$0")/.." || exit 1
ROOT=$(pwd)
# The programs under test: ./word2vec and ./attention, or those in $BIN
# (make sanitize sets BIN=build/sanitize).
BIN=${BIN:-.}
case $BIN in /*) ;; *) BIN="$ROOT/$BIN" ;; esac
for program in word2vec attention; do
    if [ ! -x "$BIN/$program" ]; then
        echo "bad_input.sh: $BIN/$program is missing or not executable; build it first with 'make'" >&2
        exit 1
    fi
done

TMP=$(mktemp -d) || exit 1
trap 'rm -rf "$TMP"' EXIT
trap 'exit 1' HUP INT TERM  # so that the EXIT trap cleans up then too

checks=0 passed=0 failed=0

pass() { checks=$((checks + 1)); passed=$((passed + 1)); echo "ok - $1"; }
fail() { checks=$((checks + 1)); failed=$((failed + 1)); echo "not ok - $1: $2"; }

# stdout lines that only a successful run prints.
result_pattern() {
    case $1 in
        attention) echo 'Context vector|Multi-head output|Self-attention on|\([0-9]+ x [0-9]+\)|saved the trained layer|The next word|drew the' ;;
        word2vec) echo 'saved [0-9]+ vectors|neighbours of|:: |analogies from' ;;
    esac
}
nan_pattern='(^|[^[:alnum:]_])[-+]?(nan|inf|infinity)([^[:alnum:]_]|$)'
# With --causal the masked attention scores are -inf by design: only NaN is wrong there.
nan_only_pattern='(^|[^[:alnum:]_])[-+]?nan([^[:alnum:]_]|$)'
sanitizer_pattern='runtime error|AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|ThreadSanitizer|terminate called'

# A file's text made safe to print on one line: control bytes shown as ^X.
printable() { head -c 300 "$1" | cat -v | tr '\n' '|'; }
count_in() { grep -o "$1" "$2" | wc -l | tr -d ' '; }  # count_in PATTERN FILE: how often PATTERN occurs

# The files a run writes: the values of -output, -plot, --svg and --curve (also spelled
# --output, -output=FILE, ...) among the arguments, one per line.
output_arguments() {
    local take_next=0 arg
    for arg in "$@"; do
        if [ "$take_next" = 1 ]; then printf '%s\n' "$arg"; take_next=0; continue; fi
        case $arg in
            -output | --output | -plot | --plot | --svg | --curve) take_next=1 ;;
            -output=* | --output=* | -plot=* | --plot=* | --svg=* | --curve=*) printf '%s\n' "${arg#*=}" ;;
        esac
    done
}

GUARD_TEXT='an older vectors file that a failed run must leave alone'
printf '%s\n' "$GUARD_TEXT" >"$TMP/guard.reference"

# run EXPECTED_STATUS PROGRAM ARGS...
# Runs the program (in $RUN_DIR, default the repository root) with a timeout,
# guarding the -output and -plot files if there are any, and fills the array `problems`
# with everything that is wrong. EXPECTED_STATUS 0 means a legal input.
run() {
    local want=$1 program=$2
    shift 2
    problems=()
    local run_dir=${RUN_DIR:-$ROOT}

    # Before: give each existing output file (-output, -plot) known contents.
    local outs=() kinds=() dirs=() out kind dir k=0
    while IFS= read -r out; do
        if [ -z "$out" ]; then
            kind=empty dir=$run_dir
        else
            [[ $out == /* ]] || out="$run_dir/$out"
            dir=${out%/*}
            if [ -d "$out" ]; then
                kind=directory
            elif [ ! -d "$dir" ]; then
                kind=no-directory
            elif [ ! -w "$dir" ] || [ "$dir" = /sys ]; then  # (root may write anywhere but in /sys)
                kind=unwritable
                if [ -f "$out" ]; then cp "$out" "$TMP/before.$k"; else rm -f "$TMP/before.$k"; fi
            else
                kind=file
                cp "$TMP/guard.reference" "$out"
            fi
        fi
        outs+=("$out") kinds+=("$kind") dirs+=("$dir")
        k=$((k + 1))
    done < <(output_arguments "$@")

    (cd "$run_dir" && exec timeout 20 "$BIN/$program" "$@") \
        >"$TMP/stdout" 2>"$TMP/stderr" </dev/null
    local status=$?

    if [ "$status" = 124 ]; then
        problems+=("timed out after 20 s")
    elif [ "$status" != "$want" ]; then
        problems+=("exit status $status, expected $want")
    fi
    if grep -Eq "$sanitizer_pattern" "$TMP/stderr"; then
        problems+=("sanitizer or abort report in stderr: $(grep -Em1 "$sanitizer_pattern" "$TMP/stderr" | cat -v)")
    fi
    local stdout_pattern=$nan_pattern
    [ -n "${ALLOW_INF:-}" ] && stdout_pattern=$nan_only_pattern
    if grep -Eiq "$stdout_pattern" "$TMP/stdout"; then
        problems+=("nan/inf in stdout: $(grep -Eim1 "$stdout_pattern" "$TMP/stdout" | head -c 120 | cat -v)")
    fi

    # After: each output file.
    for k in "${!outs[@]}"; do
        out=${outs[$k]} dir=${dirs[$k]}
        case ${kinds[$k]} in
            file)
                if [ "$want" != 0 ]; then
                    if [ ! -f "$out" ]; then
                        problems+=("the existing output file ${out##*/} was removed")
                    elif ! cmp -s "$TMP/guard.reference" "$out"; then
                        problems+=("the existing output file ${out##*/} was changed")
                    fi
                else
                    if cmp -s "$TMP/guard.reference" "$out"; then
                        problems+=("the output file ${out##*/} was not replaced")
                    elif grep -Eiq "$nan_pattern" "$out"; then
                        problems+=("nan/inf in the output file ${out##*/}")
                    fi
                fi
                ;;
            directory)
                if [ -n "$(ls -A "$out")" ]; then problems+=("files appeared inside the output directory"); fi
                ;;
            no-directory)
                if [ -e "$dir" ]; then problems+=("the missing directory ${dir##*/} was created"); fi
                ;;
            unwritable)
                if [ -e "$out.tmp" ]; then problems+=("a temporary file appeared in the unwritable directory"); fi
                if [ -f "$TMP/before.$k" ]; then
                    if ! cmp -s "$TMP/before.$k" "$out"; then problems+=("the existing file ${out##*/} was changed"); fi
                elif [ -e "$out" ]; then
                    problems+=("a file appeared in the unwritable directory")
                fi
                ;;
        esac
        if [ -n "$dir" ] && [ -d "$dir" ] && [ "${kinds[$k]}" != unwritable ]; then
            local leftover=()
            shopt -s nullglob dotglob
            leftover=("$dir"/*.tmp)
            shopt -u nullglob dotglob
            if [ ${#leftover[@]} -gt 0 ]; then
                problems+=("temporary file left behind: ${leftover[*]##*/}")
                rm -f "${leftover[@]}"  # so the next case starts clean
            fi
        fi
    done
}

# One ok/not ok line for the case just run, from the array `problems`.
verdict() {
    if [ ${#problems[@]} = 0 ]; then
        pass "$1"
        return
    fi
    local why="" problem
    for problem in "${problems[@]}"; do why+="${why:+; }$problem"; done
    fail "$1" "$why [stderr: $(printable "$TMP/stderr")]"
}

# bad DESCRIPTION STATUS "FRAGMENT|FRAGMENT..." PROGRAM ARGS...
# A bad input: the program must refuse it with STATUS and one stderr line
# "PROGRAM: ..." containing every FRAGMENT, and print no result.
bad() {
    local description=$1 want=$2 fragments=$3 program=$4
    shift 3
    run "$want" "$@"

    local lines
    lines=$(wc -l <"$TMP/stderr")
    if [ ! -s "$TMP/stderr" ]; then
        problems+=("stderr is empty")
    else
        if [ "$lines" != 1 ] || [ -n "$(tail -c 1 "$TMP/stderr")" ]; then
            problems+=("stderr is not exactly one line (has $lines newlines)")
        fi
        if [[ $(head -n 1 "$TMP/stderr") != "$program: "* ]]; then
            problems+=("stderr does not start with '$program: '")
        fi
        local fragment list
        IFS='|' read -r -a list <<<"$fragments"
        for fragment in "${list[@]}"; do
            if ! grep -Fq -- "$fragment" "$TMP/stderr"; then
                problems+=("stderr lacks '$(printf '%s' "$fragment" | cat -v)'")
            fi
        done
    fi
    local pattern
    pattern=$(result_pattern "$program")
    if grep -Eq "$pattern" "$TMP/stdout"; then
        problems+=("stdout shows a result: $(grep -Em1 "$pattern" "$TMP/stdout" | head -c 120 | cat -v)")
    fi

    verdict "$description"
}

# good DESCRIPTION MARKER PROGRAM ARGS...
# A legal input: exit 0, MARKER in stdout, no error line in stderr.
good() {
    local description=$1 marker=$2 program=$3
    shift 2
    run 0 "$@"
    if ! grep -Fq -- "$marker" "$TMP/stdout"; then problems+=("stdout lacks '$marker'"); fi
    if grep -q "^$program: " "$TMP/stderr"; then problems+=("stderr has an error line"); fi
    verdict "$description"
}

# ==== inputs ==================================================================

D=$TMP/data
mkdir -p "$D" "$D/a_directory" "$TMP/out" "$TMP/out/as_directory" "$TMP/cwd"
OUT=$TMP/out/vectors.txt

# -- attention: 3 numbers per word, the words of SENTENCE plus one more ("cat")
SENTENCE="the queen fed her dog"
vector_rows() {
    printf 'the 0.1 0.2 0.3\n'       # line 2 (line 1 is the header)
    printf 'queen 0.5 -0.1 0.2\n'    # line 3
    printf 'fed -0.3 0.4 0.1\n'      # line 4
    printf 'her 0.2 0.2 -0.4\n'      # line 5
    printf 'dog 0.6 0.1 -0.2\n'      # line 6
    printf 'cat 0.3 -0.5 0.4\n'      # line 7
}
{ printf '6 3\n'; vector_rows; } >"$D/good.txt"
# replace_line FILE LINE TEXT: good.txt with one line replaced
replace_line() {
    local n=0 line
    while IFS= read -r line; do
        n=$((n + 1))
        if [ "$n" = "$2" ]; then printf '%s\n' "$3"; else printf '%s\n' "$line"; fi
    done <"$D/good.txt" >"$D/$1"
}
: >"$D/empty.txt"
replace_line header_more.txt 1 '7 3'
replace_line header_fewer.txt 1 '5 3'
replace_line too_few.txt 3 'queen 0.5 -0.1'
replace_line too_few_unused.txt 7 'cat 0.3'
replace_line too_many.txt 4 'fed -0.3 0.4 0.1 0.9'
replace_line not_number.txt 5 'her 0.2 abc -0.4'
replace_line nanvalue.txt 6 'dog nan 0.1 -0.2'
replace_line infvalue.txt 6 'dog 0.6 inf -0.2'
replace_line overflowvalue.txt 6 'dog 0.6 1e999 -0.2'
replace_line dim_zero.txt 1 '6 0'
replace_line dim_huge.txt 1 '2 1000000000'
replace_line count_huge.txt 1 '1000000000000 3'
printf 'the\nqueen\nfed\nher\ndog\n' >"$D/words_only.txt"   # GloVe-style, but no numbers
{ printf '6 3\nthe 0.1 0.2 0.3\nqu'; printf '\0'; printf 'een 0.5 -0.1 0.2\n'; vector_rows | tail -n 4; } >"$D/nul_byte.txt"
{ printf 'the 0.1 0.2 0.3\n'; head -c 1000000 /dev/zero | tr '\0' a; printf ' 1 2 3\n'; } >"$D/long_word.txt"
# word2vec's binary format: "count dim\n", then per word "word " and dim 4-byte floats.
{ printf '3 3\nthe '; printf '\x00\x00\x80\x3f\x00\x00\x80\x3f\x00\x00\x80\x3f\n'; } >"$D/truncated.bin"
{ printf '1 3\nthe '; printf '\x00\x00\xc0\x7f\x00\x00\x80\x3f\x00\x00\x80\x3f\n'; } >"$D/nan.bin"
# Text rows followed by a stray control byte: still a (broken) text file, not binary data.
{ printf '6 3\n'; vector_rows; printf '\0\n'; } >"$D/trailing_nul.txt"
{ printf '6 3\n'; vector_rows; printf '\x01\n'; } >"$D/trailing_control.txt"
# A binary file with one row more than its header says.
{ printf '1 3\nthe '; printf '\x00\x00\x80\x3f\x00\x00\x80\x3f\x00\x00\x80\x3f\n'
  printf 'dog '; printf '\x00\x00\x80\x3f\x00\x00\x80\x3f\x00\x00\x80\x3f\n'; } >"$D/binary_extra_row.bin"
# Finite numbers so large that Q K^T overflows.
{ printf '3 3\n'; printf 'the 3e38 3e38 3e38\nqueen -3e38 3e38 3e38\ndog 3e38 -3e38 3e38\n'; } >"$D/huge_values.txt"
# Scores that overflow to -inf: every row would look fully masked, with weights 0.
printf '2 2\na 1e20 1e20\nb 1e20 1e20\n' >"$D/minus_inf_scores.txt"
# Not text at all: control bytes and NULs (and /bin/ls where it exists).
printf '\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x03\x00\x3e\x00\n' >"$D/binary.dat"

# legal variants of good.txt
# with_line_end TEXT: stdin to stdout with TEXT added at the end of every line
with_line_end() { local line; while IFS= read -r line; do printf '%s%s\n' "$line" "$1"; done; }
with_line_end $'\r' <"$D/good.txt" >"$D/crlf.txt"
{ printf '\xef\xbb\xbf'; cat "$D/good.txt"; } >"$D/bom.txt"
tr ' ' '\t' <"$D/good.txt" >"$D/tabs.txt"
vector_rows >"$D/glove.txt"
with_line_end ' ' <"$D/good.txt" >"$D/trailing_space.txt"
head -c -1 "$D/good.txt" >"$D/no_final_newline.txt"
{ printf '6 3\n\n'; vector_rows | head -n 3; printf '\n\n'; vector_rows | tail -n 3; } >"$D/blank_lines.txt"
{ printf '\xef\xbb\xbf'; vector_rows | with_line_end $'\r'; } >"$D/glove_bom_crlf.txt"

# -- word2vec: every word at least 5 times
corpus_lines() {
    for _ in 1 2 3 4 5; do
        printf 'the king loves the queen\nthe queen loves the king\nthe dog chases the cat\nthe cat fears the dog\n'
    done
}
corpus_lines >"$D/corpus.txt"
printf '   \n\n\t\t\n  \n' >"$D/blank_corpus.txt"
printf 'every word here is rare\nnone reaches five\n' >"$D/rare_corpus.txt"
{ corpus_lines | head -n 3; printf 'the\0king\n'; corpus_lines; } >"$D/nul_corpus.txt"
head -c 1048576 /dev/zero | tr '\0' x >"$D/one_token.txt"
{ printf '\xef\xbb\xbf'; corpus_lines | with_line_end $'\r'; } >"$D/corpus_bom_crlf.txt"
corpus_lines | head -c -1 >"$D/corpus_no_final_newline.txt"
W2V=(-size 4 -iter 1)   # quick training

# analogy files
printf ': family\nking queen dog cat\n' >"$D/analogy_good.txt"
: >"$D/analogy_empty.txt"
printf '\n\n' >"$D/analogy_blank.txt"
printf 'king queen dog cat\n: family\n' >"$D/analogy_no_section.txt"
printf ': family\nking queen dog\n' >"$D/analogy_three.txt"
printf ': family\nking queen dog cat\nking queen dog cat the\n' >"$D/analogy_five.txt"
printf ':\nking queen dog cat\n' >"$D/analogy_no_name.txt"
{ printf ': family\nking que'; printf '\0'; printf 'en dog cat\n'; } >"$D/analogy_nul.txt"

many_words=$(for _ in $(seq 10000); do printf 'the '; done)
long_sentence_word=$(head -c 100000 /dev/zero | tr '\0' q)

# ==== attention: files ======================================================

A=(attention --sentence "$SENTENCE")
bad "attention: vectors file missing" 1 "no_such_file.txt|cannot open" "${A[@]}" --vectors "$D/no_such_file.txt"
bad "attention: a directory instead of a vectors file" 1 "a_directory|directory" "${A[@]}" --vectors "$D/a_directory"
bad "attention: empty vectors file" 1 "empty.txt|empty" "${A[@]}" --vectors "$D/empty.txt"
bad "attention: header says more words than the file has" 1 "header_more.txt|header| 7" "${A[@]}" --vectors "$D/header_more.txt"
bad "attention: header says fewer words than the file has" 1 "header_fewer.txt|header| 5" "${A[@]}" --vectors "$D/header_fewer.txt"
bad "attention: a row with too few numbers" 1 "too_few.txt:3|expected 3 numbers|'queen'" "${A[@]}" --vectors "$D/too_few.txt"
bad "attention: too few numbers in a row the sentence does not use" 1 "too_few_unused.txt:7|expected 3 numbers" "${A[@]}" --vectors "$D/too_few_unused.txt"
bad "attention: a row with too many numbers" 1 "too_many.txt:4|expected 3 numbers|found 4" "${A[@]}" --vectors "$D/too_many.txt"
bad "attention: a value that is not a number" 1 "not_number.txt:5|'abc'|not a number" "${A[@]}" --vectors "$D/not_number.txt"
bad "attention: a NaN value" 1 "nanvalue.txt:6|'nan'|finite" "${A[@]}" --vectors "$D/nanvalue.txt"
bad "attention: an inf value" 1 "infvalue.txt:6|'inf'|finite" "${A[@]}" --vectors "$D/infvalue.txt"
bad "attention: a value that overflows float (1e999)" 1 "overflowvalue.txt:6|'1e999'|finite" "${A[@]}" --vectors "$D/overflowvalue.txt"
bad "attention: header with dimension 0" 1 "dim_zero.txt:1|0 numbers" "${A[@]}" --vectors "$D/dim_zero.txt"
bad "attention: header with an absurd dimension (10^9)" 1 "dim_huge.txt:1|1000000000" "${A[@]}" --vectors "$D/dim_huge.txt"
bad "attention: header claiming 10^12 words" 1 "count_huge.txt|1000000000000" "${A[@]}" --vectors "$D/count_huge.txt"
bad "attention: GloVe-like file with words but no numbers" 1 "words_only.txt:1|numbers" "${A[@]}" --vectors "$D/words_only.txt"
bad "attention: truncated binary file (header 3 words, data for 1)" 1 "truncated.bin|after 1 of the 3" attention --sentence "the" --vectors "$D/truncated.bin"
bad "attention: binary file with a NaN" 1 "nan.bin|NaN" attention --sentence "the" --vectors "$D/nan.bin"
bad "attention: a NUL byte inside a word" 1 "nul_byte.txt:3|NUL" "${A[@]}" --vectors "$D/nul_byte.txt"
bad "attention: text rows then a stray NUL byte" 1 "trailing_nul.txt:8|NUL" "${A[@]}" --vectors "$D/trailing_nul.txt"
bad "attention: text rows then a stray control byte" 1 "trailing_control.txt:8" "${A[@]}" --vectors "$D/trailing_control.txt"
bad "attention: binary file with more rows than its header says" 1 "binary_extra_row.bin|header" attention --sentence "the" --vectors "$D/binary_extra_row.bin"
bad "attention: a word of 10^6 characters in the vectors file" 1 "long_word.txt:2|longer than" "${A[@]}" --vectors "$D/long_word.txt"
bad "attention: a binary (non-text) file as vectors" 1 "binary.dat:1|NUL" "${A[@]}" --vectors "$D/binary.dat"
if [ -f /bin/ls ]; then
    bad "attention: /bin/ls as vectors" 1 "/bin/ls|binary" "${A[@]}" --vectors /bin/ls
fi
bad "attention: finite values so large that the scores overflow" 1 "huge_values.txt|overflow" attention --sentence "the queen dog" --vectors "$D/huge_values.txt"
for seed in 1 2 3 4 5 6; do
    bad "attention: scores that overflow to -inf or +inf (seed $seed)" 1 "minus_inf_scores.txt|overflow" attention --sentence "a b" --dk 1 --seed $seed --vectors "$D/minus_inf_scores.txt"
done

# ==== attention: the sentence ===============================================

V=(--vectors "$D/good.txt")
good "attention leaves out unknown words, each with the words spelled nearest" "(left out 'zebra': no vector; nearest spelled: " attention "${V[@]}" --sentence "the zebra fed unicorn"
if grep -Fq "(left out 'unicorn': no vector; nearest spelled: " "$TMP/stdout" && ! grep -Fq "Context vector for word 'zebra'" "$TMP/stdout"; then
    pass "attention: the second unknown word is left out too, and neither gets a row"
else
    fail "attention: the second unknown word is left out too, and neither gets a row" "stdout: $(printable "$TMP/stdout")"
fi
good "attention names the known words spelled nearest a typo, most frequent first among equals" "(left out 'quen': no vector; nearest spelled: queen, the, fed)" attention "${V[@]}" --sentence "the quen fed her dog"
good "attention leaves out a typo of a word that is there in capitals" "(left out 'QUEN': no vector; nearest spelled: queen," attention "${V[@]}" --sentence "the QUEN fed"
good "attention leaves out a mark and a word, each with its own note" "(left out '.': no vector) (left out 'quen': no vector; nearest spelled: queen" attention "${V[@]}" --sentence "the quen fed her dog."
good "attention leaves out an unknown word with non-UTF-8 bytes" $'(left out \'\xff\xfebad\': no vector; nearest spelled: ' attention "${V[@]}" --sentence $'the queen \xff\xfebad dog'
good "attention leaves out an unknown word of 10^5 characters, with no suggestions" "qqq': no vector)" attention "${V[@]}" --sentence "the $long_sentence_word"
bad "attention: a sentence without a known word" 1 "good.txt|--sentence|no vector|'zebra'|'unicorn'|nearest spelled" attention "${V[@]}" --sentence "zebra unicorn"
bad "attention: a sentence of unknown words and punctuation" 1 "good.txt|--sentence|'.'|'zebra'" attention "${V[@]}" --sentence "zebra."
bad "attention: empty sentence" 2 "sentence|no words" attention "${V[@]}" --sentence ""
bad "attention: empty sentence given as --sentence=" 2 "sentence|no words" attention "${V[@]}" --sentence=
bad "attention: sentence of only spaces" 2 "sentence|no words" attention "${V[@]}" --sentence "     "
bad "attention: sentence of only tabs and newlines" 2 "sentence|no words" attention "${V[@]}" --sentence $'\t\n\t'
bad "attention: sentence of 10^4 words" 2 "sentence|10000 words" attention "${V[@]}" --sentence "$many_words"
bad "attention: a sentence of punctuation only, without vectors" 2 "sentence|only punctuation" attention "${V[@]}" --sentence '... ?!'
good "attention accepts a typed sentence and leaves out '.' without a vector" "left out '.'" attention "${V[@]}" --sentence "The queen fed her dog."
{ printf '7 3\n'; vector_rows; printf '. 0.1 0.1 0.1\n'; } >"$D/with_period.txt"
good "attention uses the vector of '.' where the file has one" "Context vector for word '.'" attention --vectors "$D/with_period.txt" --sentence "The queen fed her dog."

# ==== attention: the command line ===========================================

bad "attention: --dk 0" 2 "dk|out of range" attention "${V[@]}" --sentence "$SENTENCE" --dk 0
bad "attention: --dk -1" 2 "dk|out of range" attention "${V[@]}" --sentence "$SENTENCE" --dk -1
bad "attention: --dk abc" 2 "dk|'abc'|not a whole number" attention "${V[@]}" --sentence "$SENTENCE" --dk abc
bad "attention: --dk 2.5" 2 "dk|'2.5'" attention "${V[@]}" --sentence "$SENTENCE" --dk 2.5
bad "attention: --dk= (empty)" 2 "dk|not a whole number" attention "${V[@]}" --sentence "$SENTENCE" --dk=
bad "attention: --dk 100000 (too wide)" 2 "dk|out of range" attention "${V[@]}" --sentence "$SENTENCE" --dk 100000
bad "attention: --heads 0" 2 "heads|out of range" attention "${V[@]}" --sentence "$SENTENCE" --heads 0
bad "attention: --heads 1000" 2 "heads|out of range" attention "${V[@]}" --sentence "$SENTENCE" --heads 1000
bad "attention: --seed -5" 2 "seed|out of range" attention "${V[@]}" --sentence "$SENTENCE" --seed -5
bad "attention: --seed 1.5" 2 "seed|'1.5'|not a whole number" attention "${V[@]}" --sentence "$SENTENCE" --seed 1.5
bad "attention: --seed 99999999999999999999 (overflows)" 2 "seed|99999999999999999999" attention "${V[@]}" --sentence "$SENTENCE" --seed 99999999999999999999
bad "attention: unknown option --foo" 2 "unknown option|--foo" attention "${V[@]}" --sentence "$SENTENCE" --foo
bad "attention: a stray argument" 2 "unexpected argument|'queen'" attention "${V[@]}" --sentence the queen
bad "attention: a flag repeated (--dk 2 --dk 3)" 2 "dk|twice" attention "${V[@]}" --sentence "$SENTENCE" --dk 2 --dk 3
bad "attention: a switch repeated (--causal --causal)" 2 "causal|twice" attention "${V[@]}" --sentence "$SENTENCE" --causal --causal
bad "attention: --vectors at the end without a value" 2 "vectors|needs a value" attention --sentence "$SENTENCE" --vectors
bad "attention: --vectors followed by another flag" 2 "vectors|needs a value" attention --sentence "$SENTENCE" --vectors --causal
bad "attention: --sentence followed by another flag" 2 "sentence|needs a value" attention "${V[@]}" --sentence --dk 2
bad "attention: --causal=1 (a switch takes no value)" 2 "causal|takes no value" attention "${V[@]}" --sentence "$SENTENCE" --causal=1
bad "attention: --vectors '' (empty file name)" 2 "vectors" attention --vectors "" --sentence "$SENTENCE"

# ==== attention: unusual but legal files ====================================

good "attention accepts a vectors file with CRLF line endings" "Context vector for word 'dog'" attention --vectors "$D/crlf.txt" --sentence "$SENTENCE"
good "attention accepts a vectors file with a UTF-8 byte order mark" "Context vector for word 'the'" attention --vectors "$D/bom.txt" --sentence "$SENTENCE"
good "attention accepts tabs between the numbers" "Context vector for word 'dog'" attention --vectors "$D/tabs.txt" --sentence "$SENTENCE"
good "attention accepts a GloVe file (no header)" "Context vector for word 'dog'" attention --vectors "$D/glove.txt" --sentence "$SENTENCE"
good "attention accepts a trailing space on every line" "Context vector for word 'dog'" attention --vectors "$D/trailing_space.txt" --sentence "$SENTENCE"
good "attention accepts a file without a final newline" "Context vector for word 'cat'" attention --vectors "$D/no_final_newline.txt" --sentence "the cat"
good "attention accepts blank lines between rows" "Context vector for word 'dog'" attention --vectors "$D/blank_lines.txt" --sentence "$SENTENCE"
good "attention accepts a GloVe file with a BOM and CRLF" "Context vector for word 'the'" attention --vectors "$D/glove_bom_crlf.txt" --sentence "$SENTENCE"
good "attention accepts capitals and extra spaces in the sentence" "Context vector for word 'Queen'" attention "${V[@]}" --sentence $'  The\tQueen   fed her dog  '
good "attention accepts --heads 2 --dk 1" "Multi-head output for word 'dog'" attention "${V[@]}" --sentence "$SENTENCE" --heads 2 --dk 1
ALLOW_INF=1 good "attention accepts --causal --heads 2 --dk 1" "Multi-head output for word 'dog'" attention "${V[@]}" --sentence "$SENTENCE" --causal --heads 2 --dk 1

# ==== attention --train and --weights =======================================

# A corpus of 20 sentences made of the words of good.txt, and a weights file trained on it.
train_lines() {
    for _ in 1 2 3 4; do
        printf 'the queen fed her dog\nthe queen fed her cat\nthe cat fed her dog\nthe dog fed the cat\nher dog fed the queen\n'
    done
}
train_lines >"$D/train.txt"
train_lines | head -n 9 >"$D/train_nine.txt"
printf 'a zebra met a unicorn\n%.0s' $(seq 20) >"$D/train_unknown.txt"
WEIGHTS=$TMP/out/weights.txt
T_FILES=(attention --train --vectors "$D/good.txt")
T_TEXT=(--sentence "$SENTENCE" --prompts "the queen fed,the cat")
T=("${T_FILES[@]}" --corpus "$D/train.txt" "${T_TEXT[@]}" --epochs 2)
W=(attention --vectors "$D/good.txt" --sentence "$SENTENCE")

good "attention --train on a small corpus writes its weights" "saved the trained layer" "${T[@]}" --output "$WEIGHTS"
cp "$WEIGHTS" "$D/weights.txt"
good "attention --weights walks through a sentence with the trained layer" "The next word" "${W[@]}" --weights "$D/weights.txt"
good "attention --train --positions --heads 2" "saved the trained layer" "${T[@]}" --positions --heads 2 --output "$WEIGHTS"
good "attention --weights reads a layer with positional encodings" "positional encoding" "${W[@]}" --weights "$WEIGHTS"

bad "attention --train: --epochs 0" 2 "epochs|out of range" "${T_FILES[@]}" --corpus "$D/train.txt" --epochs 0 --output "$WEIGHTS"
bad "attention --train: --epochs -1" 2 "epochs|out of range" attention --train --epochs -1 --output "$WEIGHTS"
bad "attention --train: --epochs abc" 2 "epochs|'abc'" attention --train --epochs abc --output "$WEIGHTS"
bad "attention --train: --epochs 1000000 (absurd)" 2 "epochs|out of range" attention --train --epochs 1000000 --output "$WEIGHTS"
bad "attention --train: --lr 0" 2 "lr|out of range" attention --train --lr 0 --output "$WEIGHTS"
bad "attention --train: --lr -0.01" 2 "lr|out of range" attention --train --lr -0.01 --output "$WEIGHTS"
bad "attention --train: --lr abc" 2 "lr|'abc'|not a number" attention --train --lr abc --output "$WEIGHTS"
bad "attention --train: --lr nan" 2 "lr|'nan'|not a number" attention --train --lr nan --output "$WEIGHTS"
bad "attention --train: --lr inf" 2 "lr|out of range" attention --train --lr inf --output "$WEIGHTS"
bad "attention --train: --lr 1000 (absurd)" 2 "lr|out of range" attention --train --lr 1000 --output "$WEIGHTS"
bad "attention --train: --dk 1000 (absurd for training)" 2 "dk|out of range" attention --train --dk 1000 --output "$WEIGHTS"
bad "attention --train: --heads 100 (absurd for training)" 2 "heads|out of range" attention --train --heads 100 --output "$WEIGHTS"
bad "attention --train: an empty prompt" 2 "prompts|empty prompt" "${T_FILES[@]}" --prompts "the queen,,fed" --output "$WEIGHTS"
bad "attention --train: --corpus '' (empty file name)" 2 "corpus|file name is empty" attention --train --corpus "" --output "$WEIGHTS"
bad "attention --train: --output '' (empty file name)" 2 "output|file name is empty" attention --train --output ""
bad "attention: --train and --weights together" 2 "--train or --weights" attention --train --weights "$D/weights.txt" --output "$WEIGHTS"
bad "attention: --epochs without --train" 2 "epochs|only --train" "${W[@]}" --epochs 3
bad "attention: --output without --train" 2 "output|only --train" "${W[@]}" --output "$WEIGHTS"
bad "attention --train: corpus file missing" 1 "no_such_corpus.txt|cannot open" "${T_FILES[@]}" "${T_TEXT[@]}" --corpus "$D/no_such_corpus.txt" --output "$WEIGHTS"
bad "attention --train: empty corpus" 1 "empty.txt|no words" "${T_FILES[@]}" "${T_TEXT[@]}" --corpus "$D/empty.txt" --output "$WEIGHTS"
bad "attention --train: 9 usable sentences, none left to hold out" 1 "train_nine.txt|9 usable sentences|at least 10" "${T_FILES[@]}" "${T_TEXT[@]}" --corpus "$D/train_nine.txt" --output "$WEIGHTS"
bad "attention --train: no corpus word has a vector" 1 "train_unknown.txt|0 usable sentences" "${T_FILES[@]}" "${T_TEXT[@]}" --corpus "$D/train_unknown.txt" --output "$WEIGHTS"
good "attention --train leaves out a --sentence word outside the layer's vocabulary" "(left out 'hungry': not in the layer's vocabulary; nearest spelled: " "${T_FILES[@]}" --corpus "$D/train.txt" --prompts "the queen" --sentence "the hungry dog" --epochs 1 --output "$WEIGHTS"
bad "attention --train: a --sentence without a word of the layer's vocabulary, found before training" 1 "--sentence|'hungry'|layer's vocabulary|train.txt|good.txt" "${T_FILES[@]}" --corpus "$D/train.txt" --prompts "the queen" --sentence "hungry" --output "$WEIGHTS"
good "attention --train leaves out a --prompts word outside the layer's vocabulary" "the fed ___ (left out 'quen': not in the layer's vocabulary; nearest spelled: queen" "${T_FILES[@]}" --corpus "$D/train.txt" --sentence "$SENTENCE" --prompts "the quen fed,the cat" --epochs 1 --output "$WEIGHTS"
bad "attention --train: a prompt without a word of the layer's vocabulary" 1 "--prompts|'zebra'|layer's vocabulary|nearest spelled" "${T_FILES[@]}" --corpus "$D/train.txt" --sentence "$SENTENCE" --prompts "the queen,zebra" --output "$WEIGHTS"
bad "attention --train: a learning rate so large that training diverges" 1 "diverged at step|smaller learning rate" "${T_FILES[@]}" --corpus "$D/train.txt" "${T_TEXT[@]}" --lr 10 --epochs 20 --output "$WEIGHTS"
bad "attention --train: --output in a missing directory" 1 "no_such_dir|cannot write" "${T[@]}" --output "$TMP/out/no_such_dir/weights.txt"
bad "attention --train: --output is a directory" 1 "as_directory|directory" "${T[@]}" --output "$TMP/out/as_directory"

# -- probes (--probes): a corpus that teaches his and her, and probes of it
{ printf '8 3\n'; vector_rows | sed -n 1,6p; printf 'his 0.1 -0.3 0.5\nwashed 0.4 0.4 0.4\nking 0.5 0.1 0.3\n'; } | sed 1s/8/9/ >"$D/pronoun_vectors.txt"
for _ in 1 2 3 4 5; do printf 'the king fed his dog\nthe queen washed her dog\nthe dog fed the queen\n'; done >"$D/pronoun_corpus.txt"
printf 'the king washed his dog\nthe king washed his cat\n' >"$D/probes_good.txt"
printf 'the king washed his dog\nthe dog washed the cat\n' >"$D/probes_no_pronoun.txt"
printf 'the king washed his dog\nthe king fed his dog\n' >"$D/probes_seen.txt"
printf 'the king scrubbed his dog\n' >"$D/probes_unknown.txt"
P_TRAIN=(attention --train --vectors "$D/pronoun_vectors.txt" --corpus "$D/pronoun_corpus.txt" --sentence "the king fed his dog" --prompts "the king fed" --epochs 2 --output "$WEIGHTS")
good "attention --train --probes prints the agreement line" "agreement on 2 held-out probes: layer" "${P_TRAIN[@]}" --probes "$D/probes_good.txt"
bad "attention --train --probes: a line without his or her" 1 "probes_no_pronoun.txt:2|not a probe" "${P_TRAIN[@]}" --probes "$D/probes_no_pronoun.txt"
bad "attention --train --probes: a subject and verb the corpus has together" 1 "probes_seen.txt:2|not held out|'king'|'fed'" "${P_TRAIN[@]}" --probes "$D/probes_seen.txt"
bad "attention --train --probes: a word outside the vocabulary" 1 "probes_unknown.txt:1|not a probe" "${P_TRAIN[@]}" --probes "$D/probes_unknown.txt"
bad "attention --train --probes: an empty file" 1 "empty.txt|no probes" "${P_TRAIN[@]}" --probes "$D/empty.txt"
bad "attention --train --probes: a missing file" 1 "no_such_probes.txt|cannot open" "${P_TRAIN[@]}" --probes "$D/no_such_probes.txt"
bad "attention: --probes without --train" 2 "probes|only --train" "${W[@]}" --probes "$D/probes_good.txt"
good "attention --train leaves out a --contrast word outside the vocabulary" "--contrast \"the cow fed\" (left out 'cow': not in the layer's vocabulary; nearest spelled: " "${P_TRAIN[@]}" --contrast "the cow fed" --svg "$TMP/out/contrast.svg"
bad "attention --train: a --contrast without a word of the vocabulary" 1 "--contrast|'cow'|layer's vocabulary" "${P_TRAIN[@]}" --contrast "cow"

# damaged weights files
head -n 12 "$D/weights.txt" >"$D/weights_truncated.txt"
# (lines 1-6 the header, 7-12 the six words, 13 "W_q 1", 14-16 its rows)
awk 'NR == 14 { $1 = "abc" } { print }' "$D/weights.txt" >"$D/weights_not_number.txt"
awk 'NR == 14 { $1 = "nan" } { print }' "$D/weights.txt" >"$D/weights_nan.txt"
awk 'NR == 14 { $0 = $0 " 1.5" } { print }' "$D/weights.txt" >"$D/weights_extra_number.txt"
sed '1s/.*/attention-weights 2/' "$D/weights.txt" >"$D/weights_version.txt"
printf 'attention-weights 1\nd_model 2\nd_k 1\nheads 1\npositions 0\nvocabulary 2\na\nb\nW_q 1\n1\n2\nW_k 1\n3\n4\nW_v 1\n5\n6\nW_o\n7 8\nW_out\n1 2\n3 4\nb_out\n0.5 -0.5\n' >"$D/weights_d2.txt"
bad "attention --weights: file missing" 1 "no_such_weights.txt|cannot open" "${W[@]}" --weights "$D/no_such_weights.txt"
bad "attention --weights: empty file" 1 "empty.txt:1|ends early" "${W[@]}" --weights "$D/empty.txt"
bad "attention --weights: truncated" 1 "weights_truncated.txt:13|ends early" "${W[@]}" --weights "$D/weights_truncated.txt"
bad "attention --weights: a value that is not a number" 1 "weights_not_number.txt:14|'abc'|not a number" "${W[@]}" --weights "$D/weights_not_number.txt"
bad "attention --weights: a NaN value" 1 "weights_nan.txt:14|'nan'|finite" "${W[@]}" --weights "$D/weights_nan.txt"
bad "attention --weights: a row with one number too many" 1 "weights_extra_number.txt:14|numbers in row 1 of W_q 1" "${W[@]}" --weights "$D/weights_extra_number.txt"
bad "attention --weights: an unknown format version" 1 "weights_version.txt:1|attention-weights 1" "${W[@]}" --weights "$D/weights_version.txt"
bad "attention --weights: trained on vectors of another width" 1 "weights_d2.txt|2 numbers|3 per word" "${W[@]}" --weights "$D/weights_d2.txt"
bad "attention --weights: a vectors file as weights" 1 "good.txt:1|attention-weights 1" "${W[@]}" --weights "$D/good.txt"
bad "attention --weights: /bin/ls as weights" 1 "/bin/ls" "${W[@]}" --weights /bin/ls
bad "attention --weights with --heads" 2 "heads|weights file sets" "${W[@]}" --weights "$D/weights.txt" --heads 2
bad "attention --weights with --dk" 2 "dk|weights file sets" "${W[@]}" --weights "$D/weights.txt" --dk 4
bad "attention --weights with --positions" 2 "positions|weights file sets" "${W[@]}" --weights "$D/weights.txt" --positions
bad "attention --weights '' (empty file name)" 2 "weights|file name is empty" "${W[@]}" --weights ""
good "attention --weights leaves out a word without a vector" "(left out 'quen': no vector; nearest spelled: queen" attention --vectors "$D/good.txt" --weights "$D/weights.txt" --sentence "the quen fed her dog"
bad "attention --weights: a sentence without a word that has a vector" 1 "good.txt|--sentence|'zebra'" attention --vectors "$D/good.txt" --weights "$D/weights.txt" --sentence "zebra"

# --print-vocabulary
good "attention --print-vocabulary prints the words of --vectors, a count line first" "good.txt: 6 words, in the file's order" attention --vectors "$D/good.txt" --print-vocabulary
if [ "$(sed -n 2p "$TMP/stdout")" = "the queen fed her dog cat" ] && [ "$(wc -l <"$TMP/stdout")" = 2 ]; then
    pass "attention --print-vocabulary: the words on one line, in the file's order"
else
    fail "attention --print-vocabulary: the words on one line, in the file's order" "stdout: $(printable "$TMP/stdout")"
fi
good "attention --print-vocabulary --weights prints the trained layer's words" "the trained layer's vocabulary, 6 words, most frequent first" attention --weights "$D/weights.txt" --print-vocabulary
{ printf '120 1\n'; for k in $(seq 100 219); do printf 'word%s 0.5\n' "$k"; done; } >"$D/many_words.txt"
good "attention --print-vocabulary of 120 words" "many_words.txt: 120 words" attention --vectors "$D/many_words.txt" --print-vocabulary
if [ "$(tail -n +2 "$TMP/stdout" | awk 'length > 80' | wc -l)" = 0 ] && [ "$(tail -n +2 "$TMP/stdout" | wc -w)" = 120 ] &&
   [ "$(sed -n 2p "$TMP/stdout" | awk '{ print $1, NF, length }')" = "word100 10 79" ]; then
    pass "attention --print-vocabulary: lines of at most 80 columns, every word once"
else
    fail "attention --print-vocabulary: lines of at most 80 columns, every word once" "stdout: $(printable "$TMP/stdout")"
fi
bad "attention --print-vocabulary with --train" 2 "print-vocabulary|not with --train" attention --train --print-vocabulary
bad "attention --print-vocabulary with --sentence" 2 "--sentence|--print-vocabulary prints the words and stops" attention --print-vocabulary --sentence "the queen"
bad "attention --print-vocabulary: vectors file missing" 1 "no_such_file.txt|cannot open" attention --print-vocabulary --vectors "$D/no_such_file.txt"
bad "attention --print-vocabulary: a broken row" 1 "too_few.txt:3|expected 3 numbers" attention --print-vocabulary --vectors "$D/too_few.txt"
bad "attention --print-vocabulary --weights: a damaged weights file" 1 "weights_truncated.txt:13|ends early" attention --print-vocabulary --weights "$D/weights_truncated.txt"

# ==== word2vec: the command line ============================================

T=(word2vec -train "$D/corpus.txt" -output "$OUT" "${W2V[@]}")
T_NO_SIZE=(word2vec -train "$D/corpus.txt" -output "$OUT" -iter 1)
T_NO_ITER=(word2vec -train "$D/corpus.txt" -output "$OUT" -size 4)
bad "word2vec: neither -train nor -vectors" 2 "-train|-vectors" word2vec -size 4
bad "word2vec: both -train and -vectors" 2 "not both" word2vec -train "$D/corpus.txt" -vectors "$D/good.txt"
bad "word2vec: -output together with -vectors" 2 "-output" word2vec -vectors "$D/good.txt" -output "$OUT"
bad "word2vec: -size 0" 2 "size|out of range" "${T_NO_SIZE[@]}" -size 0
bad "word2vec: -size -3" 2 "size|out of range" "${T_NO_SIZE[@]}" -size -3
bad "word2vec: -size abc" 2 "size|'abc'|not a whole number" "${T_NO_SIZE[@]}" -size abc
bad "word2vec: -size 1000000 (too wide)" 2 "size|out of range" "${T_NO_SIZE[@]}" -size 1000000
bad "word2vec: -window -1" 2 "window|out of range" "${T[@]}" -window -1
bad "word2vec: -window 0" 2 "window|out of range" "${T[@]}" -window 0
bad "word2vec: -negative abc" 2 "negative|'abc'" "${T[@]}" -negative abc
bad "word2vec: -negative 0" 2 "negative|out of range" "${T[@]}" -negative 0
bad "word2vec: -iter 0" 2 "iter|out of range" "${T_NO_ITER[@]}" -iter 0
bad "word2vec: -alpha 0" 2 "alpha|out of range" "${T[@]}" -alpha 0
bad "word2vec: -alpha nan" 2 "alpha|'nan'|not a number" "${T[@]}" -alpha nan
bad "word2vec: -alpha inf" 2 "alpha|inf" "${T[@]}" -alpha inf
bad "word2vec: -alpha -0.1" 2 "alpha|out of range" "${T[@]}" -alpha -0.1
bad "word2vec: -sample -1" 2 "sample|out of range" "${T[@]}" -sample -1
bad "word2vec: -threads 0" 2 "threads|out of range" "${T[@]}" -threads 0
bad "word2vec: -threads 100000" 2 "threads|out of range" "${T[@]}" -threads 100000
bad "word2vec: -binary 2" 2 "binary|out of range" "${T[@]}" -binary 2
bad "word2vec: -min-count 0" 2 "min-count|out of range" "${T[@]}" -min-count 0
bad "word2vec: -seed -1" 2 "seed|out of range" "${T[@]}" -seed -1
bad "word2vec: -top 0" 2 "top|out of range" "${T[@]}" -top 0
bad "word2vec: -restrict-vocab 0" 2 "restrict-vocab|out of range" "${T[@]}" -restrict-vocab 0
bad "word2vec: -cbow 1" 2 "cbow" "${T[@]}" -cbow 1
bad "word2vec: -hs 1" 2 "-hs" "${T[@]}" -hs 1
bad "word2vec: unknown option -foo" 2 "unknown option|-foo" "${T[@]}" -foo 3
bad "word2vec: a stray argument" 2 "unexpected argument|'stray'" "${T[@]}" stray
bad "word2vec: a repeated flag (-size 4 -size 5)" 2 "size|twice" "${T[@]}" -size 5
bad "word2vec: -output at the end without a value" 2 "output|needs a value" word2vec -train "$D/corpus.txt" "${W2V[@]}" -output
bad "word2vec: -train followed by another flag" 2 "train|needs a value" word2vec -train -size 4 -output "$OUT"
bad "word2vec: -analogy with two words" 2 "analogy|three words" "${T[@]}" -analogy "king queen"
bad "word2vec: -analogy with four words" 2 "analogy|three words" "${T[@]}" -analogy "king queen dog cat"
RUN_DIR=$TMP/cwd bad "word2vec: -output '' (empty file name)" 2 "output" "${T[@]/#$OUT/}"

# ==== word2vec: files =======================================================

O=(-output "$OUT" "${W2V[@]}")
bad "word2vec: -train file missing" 1 "no_such_corpus.txt|cannot open" word2vec -train "$D/no_such_corpus.txt" "${O[@]}"
bad "word2vec: a directory as -train" 1 "a_directory|directory" word2vec -train "$D/a_directory" "${O[@]}"
bad "word2vec: empty corpus" 1 "empty.txt|no words" word2vec -train "$D/empty.txt" "${O[@]}"
bad "word2vec: corpus of only whitespace and newlines" 1 "blank_corpus.txt|no words" word2vec -train "$D/blank_corpus.txt" "${O[@]}"
bad "word2vec: no word reaches -min-count" 1 "rare_corpus.txt|min-count" word2vec -train "$D/rare_corpus.txt" "${O[@]}"
bad "word2vec: corpus with a NUL byte" 1 "nul_corpus.txt:4|NUL" word2vec -train "$D/nul_corpus.txt" "${O[@]}"
bad "word2vec: a binary (non-text) corpus" 1 "binary.dat:1|NUL" word2vec -train "$D/binary.dat" "${O[@]}"
if [ -f /bin/ls ]; then
    bad "word2vec: /bin/ls as the corpus" 1 "/bin/ls|binary" word2vec -train /bin/ls "${O[@]}"
fi
bad "word2vec: a 1 MB token without spaces" 1 "one_token.txt:1|longer than" word2vec -train "$D/one_token.txt" "${O[@]}"
bad "word2vec: -output in a missing directory" 1 "no_such_dir/vectors.txt" word2vec -train "$D/corpus.txt" -output "$TMP/out/no_such_dir/vectors.txt" "${W2V[@]}"
bad "word2vec: -output is a directory" 1 "as_directory|directory" word2vec -train "$D/corpus.txt" -output "$TMP/out/as_directory" "${W2V[@]}"
good "word2vec -neighbours notes a word not in the vocabulary and answers the others" "neighbours of zebra: not in the vocabulary; nearest spelled: " "${T[@]}" -neighbours "king zebra"
if grep -q "^neighbours of king:  " "$TMP/stdout"; then pass "word2vec -neighbours: the known word is answered"; else fail "word2vec -neighbours: the known word is answered" "stdout: $(printable "$TMP/stdout")"; fi
good "word2vec -neighbours names the words spelled nearest a typo" "neighbours of kng: not in the vocabulary; nearest spelled: king, dog, the" "${T[@]}" -neighbours "kng dog"
bad "word2vec: -neighbours without a word of the vocabulary, found before training" 1 "-neighbours|'zebra'|'unicorn'|nearest spelled" "${T[@]}" -neighbours "zebra unicorn"
bad "word2vec: -analogy with a word not in the vocabulary" 1 "analogy|'unicorn'|vocabulary|nearest spelled: " "${T[@]}" -analogy "king unicorn dog"
bad "word2vec: -analogy with a typo names the words spelled nearest" 1 "-analogy|'kng'|nearest spelled: king, dog, the" "${T[@]}" -analogy "kng queen dog"
bad "word2vec: -analogy-file missing" 1 "no_such_analogies.txt|cannot open" "${T[@]}" -analogy-file "$D/no_such_analogies.txt"
bad "word2vec: -analogy-file is a directory" 1 "a_directory|directory" "${T[@]}" -analogy-file "$D/a_directory"
bad "word2vec: empty analogy file" 1 "analogy_empty.txt|no analogy questions" "${T[@]}" -analogy-file "$D/analogy_empty.txt"
bad "word2vec: analogy file of blank lines" 1 "analogy_blank.txt|no analogy questions" "${T[@]}" -analogy-file "$D/analogy_blank.txt"
bad "word2vec: analogy question before any ': section' line" 1 "analogy_no_section.txt:1|section" "${T[@]}" -analogy-file "$D/analogy_no_section.txt"
bad "word2vec: analogy line with 3 words" 1 "analogy_three.txt:2|4 words|found 3" "${T[@]}" -analogy-file "$D/analogy_three.txt"
bad "word2vec: analogy line with 5 words" 1 "analogy_five.txt:3|4 words|found 5" "${T[@]}" -analogy-file "$D/analogy_five.txt"
bad "word2vec: analogy section line without a name" 1 "analogy_no_name.txt:1|name" "${T[@]}" -analogy-file "$D/analogy_no_name.txt"
bad "word2vec: analogy file with a NUL byte" 1 "analogy_nul.txt:2|NUL" "${T[@]}" -analogy-file "$D/analogy_nul.txt"

Q=(-neighbours the)   # if a bad file were accepted, this would print a result
bad "word2vec: -vectors file missing" 1 "no_such_file.txt|cannot open" word2vec -vectors "$D/no_such_file.txt" "${Q[@]}"
bad "word2vec: -vectors empty file" 1 "empty.txt|empty" word2vec -vectors "$D/empty.txt" "${Q[@]}"
bad "word2vec: -vectors header says more words" 1 "header_more.txt|header| 7" word2vec -vectors "$D/header_more.txt" "${Q[@]}"
bad "word2vec: -vectors header says fewer words" 1 "header_fewer.txt|header| 5" word2vec -vectors "$D/header_fewer.txt" "${Q[@]}"
bad "word2vec: -vectors row with too few numbers" 1 "too_few.txt:3|expected 3 numbers" word2vec -vectors "$D/too_few.txt" "${Q[@]}"
bad "word2vec: -vectors value not a number" 1 "not_number.txt:5|'abc'" word2vec -vectors "$D/not_number.txt" "${Q[@]}"
bad "word2vec: -vectors NaN value" 1 "nanvalue.txt:6|'nan'" word2vec -vectors "$D/nanvalue.txt" "${Q[@]}"
bad "word2vec: -vectors inf value" 1 "infvalue.txt:6|'inf'" word2vec -vectors "$D/infvalue.txt" "${Q[@]}"
bad "word2vec: -vectors truncated binary file" 1 "truncated.bin|after 1 of the 3" word2vec -vectors "$D/truncated.bin" "${Q[@]}"
bad "word2vec: -vectors header with dimension 0" 1 "dim_zero.txt:1|0 numbers" word2vec -vectors "$D/dim_zero.txt" "${Q[@]}"
bad "word2vec: -vectors text rows then a stray NUL byte" 1 "trailing_nul.txt:8|NUL" word2vec -vectors "$D/trailing_nul.txt" "${Q[@]}"
bad "word2vec: -vectors NUL byte inside a word" 1 "nul_byte.txt:3|NUL" word2vec -vectors "$D/nul_byte.txt" "${Q[@]}"
bad "word2vec: -vectors with -neighbours not in the file" 1 "neighbours|'zebra'" word2vec -vectors "$D/good.txt" -neighbours zebra
good "word2vec -vectors -neighbours notes a typo" "neighbours of quen: not in the vocabulary; nearest spelled: queen, the, fed" word2vec -vectors "$D/good.txt" -neighbours "quen dog"
bad "word2vec: -vectors -analogy with a typo" 1 "-analogy|'quen'|nearest spelled: queen, the, fed" word2vec -vectors "$D/good.txt" -analogy "the quen dog"

# -print-vocabulary
good "word2vec -vectors -print-vocabulary prints the words, a count line first" "good.txt: 6 words, in the file's order" word2vec -vectors "$D/good.txt" -print-vocabulary
if [ "$(sed -n 2p "$TMP/stdout")" = "the queen fed her dog cat" ]; then pass "word2vec -print-vocabulary: the words in the file's order"; else fail "word2vec -print-vocabulary: the words in the file's order" "stdout: $(printable "$TMP/stdout")"; fi
good "word2vec -train -print-vocabulary prints the vocabulary after -min-count" "corpus.txt: 8 words occur at least 5 times (-min-count)" word2vec -train "$D/corpus.txt" -print-vocabulary
if [ "$(sed -n 2p "$TMP/stdout")" = "the cat dog king loves queen chases fears" ] && ! grep -q "^training" "$TMP/stdout"; then
    pass "word2vec -train -print-vocabulary: most frequent first (ties in byte order), and no training"
else
    fail "word2vec -train -print-vocabulary: most frequent first (ties in byte order), and no training" "stdout: $(printable "$TMP/stdout")"
fi
bad "word2vec: -print-vocabulary with -neighbours" 2 "-neighbours|-print-vocabulary prints the words and stops" word2vec -vectors "$D/good.txt" -print-vocabulary -neighbours the
bad "word2vec: -print-vocabulary with -output" 2 "-output|-print-vocabulary" word2vec -train "$D/corpus.txt" -print-vocabulary -output "$OUT"
bad "word2vec: -print-vocabulary of a broken vectors file" 1 "too_few.txt:3|expected 3 numbers" word2vec -vectors "$D/too_few.txt" -print-vocabulary

# ==== word2vec: unusual but legal input =====================================

good "word2vec accepts a corpus with CRLF line endings and a BOM" "saved 8 vectors" word2vec -train "$D/corpus_bom_crlf.txt" "${O[@]}"
if grep -q $'\r' "$OUT" || grep -q $'\xef\xbb\xbf' "$OUT"; then
    fail "word2vec: CRLF/BOM do not end up inside the saved words" "the output file has \\r or BOM bytes: $(printable "$OUT")"
elif ! grep -q '^the ' "$OUT"; then
    fail "word2vec: CRLF/BOM do not end up inside the saved words" "no row for 'the' in the output file: $(printable "$OUT")"
else
    pass "word2vec: CRLF/BOM do not end up inside the saved words"
fi
good "word2vec accepts a corpus without a final newline" "saved 8 vectors" word2vec -train "$D/corpus_no_final_newline.txt" "${O[@]}"
good "word2vec accepts more threads than sentences (-threads 16)" "saved 8 vectors" word2vec -train "$D/corpus.txt" "${O[@]}" -threads 16
good "word2vec accepts a window wider than any sentence (-window 1000)" "saved 8 vectors" word2vec -train "$D/corpus.txt" "${O[@]}" -window 1000
good "word2vec trains and answers -neighbours and -analogy" "king : queen :: dog : ?" word2vec -train "$D/corpus.txt" "${O[@]}" -neighbours king -analogy "king queen dog"
good "word2vec scores a legal analogy file" "analogies from" word2vec -train "$D/corpus.txt" "${O[@]}" -analogy-file "$D/analogy_good.txt"

# A temporary file of the same output that is not ours (a killed run left it,
# or another run is writing it right now) is left alone: this run writes its
# own, beside it, and renames that one into place.
printf 'another run is writing this\n' >"$OUT.tmp"
rm -f "$OUT"
(timeout 20 "$BIN/word2vec" -train "$D/corpus.txt" "${O[@]}") >"$TMP/stdout" 2>"$TMP/stderr"
status=$?
shopt -s nullglob
others=("$TMP"/out/*.tmp)
shopt -u nullglob
if [ "$status" != 0 ]; then
    fail "word2vec leaves another run's <output>.tmp alone" "exit status $status [stderr: $(printable "$TMP/stderr")]"
elif [ "$(head -n 1 "$OUT" 2>/dev/null)" != "8 4" ]; then
    fail "word2vec leaves another run's <output>.tmp alone" "the output does not start with '8 4': $(printable "$OUT")"
elif [ "$(cat "$OUT.tmp" 2>/dev/null)" != "another run is writing this" ]; then
    fail "word2vec leaves another run's <output>.tmp alone" "$OUT.tmp was changed or removed"
elif [ ${#others[@]} != 1 ]; then
    fail "word2vec leaves another run's <output>.tmp alone" "temporary files left: ${others[*]##*/}"
else
    pass "word2vec leaves another run's <output>.tmp alone"
fi
rm -f "$OUT.tmp"

good "word2vec -binary 1 writes a file" "saved 8 vectors" word2vec -train "$D/corpus.txt" "${O[@]}" -binary 1
cp "$OUT" "$D/trained.bin"
good "attention reads the binary file word2vec wrote" "Context vector for word 'queen'" attention --vectors "$D/trained.bin" --sentence "the king loves the queen"
good "word2vec -vectors reads the binary file it wrote" "neighbours of king" word2vec -vectors "$D/trained.bin" -neighbours king
good "word2vec -vectors accepts a GloVe file" "neighbours of queen" word2vec -vectors "$D/glove.txt" -neighbours queen
good "word2vec -vectors accepts CRLF and a BOM" "neighbours of dog" word2vec -vectors "$D/glove_bom_crlf.txt" -neighbours dog
good "word2vec -vectors accepts tabs and trailing spaces" "neighbours of her" word2vec -vectors "$D/tabs.txt" -neighbours her

# ==== word2vec: the map (-plot) =============================================

MAP=$TMP/out/map.svg
P=(word2vec -vectors "$D/good.txt" -plot "$MAP")
printf '2 2\na 1 1\nb 2 2\n' >"$D/same_direction.txt"   # one direction: the unit vectors are equal
printf '1 2\nonly 1 2\n' >"$D/one_word.txt"
{ printf '5 2\n<b> 1 0\nR&D 0 1\n"q" 1 1\n'; printf "it's -1 0.5\n"; printf 'caf\xe9 0.3 -0.2\n'; } >"$D/markup_words.txt"

bad "word2vec: -plot-words 0" 2 "plot-words|out of range" "${P[@]}" -plot-words 0
bad "word2vec: -plot-words 1 (a map needs two words)" 2 "plot-words|out of range|from 2" "${P[@]}" -plot-words 1
bad "word2vec: -plot-words abc" 2 "plot-words|'abc'|not a whole number" "${P[@]}" -plot-words abc
bad "word2vec: -plot-words 100000" 2 "plot-words|out of range" "${P[@]}" -plot-words 100000
bad "word2vec: -plot-words without -plot" 2 "-plot-words|give -plot" word2vec -vectors "$D/good.txt" -plot-words 3
bad "word2vec: -plot-list without -plot" 2 "-plot-list|give -plot" word2vec -vectors "$D/good.txt" -plot-list "the queen"
bad "word2vec: -plot-words and -plot-list together" 2 "plot-words|plot-list|not both" "${P[@]}" -plot-words 3 -plot-list "the queen"
bad "word2vec: -plot-list of one word" 2 "plot-list|at least two words" "${P[@]}" -plot-list queen
bad "word2vec: -plot-list of spaces only" 2 "plot-list|at least two words" "${P[@]}" -plot-list "   "
bad "word2vec: -plot '' (empty file name)" 2 "-plot|empty" word2vec -vectors "$D/good.txt" -plot ""
bad "word2vec: -plot at the end without a value" 2 "plot|needs a value" word2vec -vectors "$D/good.txt" -plot
bad "word2vec: -plot-words more than the vectors file has" 1 "-plot-words 7|only 6 words" "${P[@]}" -plot-words 7
bad "word2vec: -plot-words more than the vocabulary, found before training" 1 "-plot-words 9|only 8 words" "${T[@]}" -plot "$MAP" -plot-words 9
bad "word2vec: -plot-list with a word not in the vectors file" 1 "plot-list|'zebra'|vocabulary" "${P[@]}" -plot-list "queen zebra"
bad "word2vec: -plot-list with a word not in the vocabulary, found before training" 1 "plot-list|'zebra'|vocabulary" "${T[@]}" -plot "$MAP" -plot-list "king zebra"
bad "word2vec: -plot-list names a word twice" 1 "plot-list|'Queen'|'queen' again" "${P[@]}" -plot-list "queen dog Queen"
bad "word2vec: -plot-list names a word twice, in two groups" 1 "plot-list|'queen' is the word 'queen' again" "${P[@]}" -plot-list "royalty: queen | animals: dog queen"
bad "word2vec: -plot-list with an empty group" 2 "plot-list|group 2 is empty" "${P[@]}" -plot-list "the queen | | dog cat"
bad "word2vec: -plot-list ending in '|'" 2 "plot-list|group 2 is empty" "${P[@]}" -plot-list "the queen |"
bad "word2vec: -plot-list with a group name without words" 2 "plot-list|'royalty'|name but no words" "${P[@]}" -plot-list "royalty: | animals: dog cat"
bad "word2vec: -plot-list of 8 groups" 2 "plot-list|8 groups|colours for 7" "${P[@]}" -plot-list "the|queen|fed|her|dog|cat|the|queen"
bad "word2vec: -plot-list in groups with a word not in the vocabulary, found before training" 1 "plot-list|'zebra'|vocabulary|nearest spelled" "${T[@]}" -plot "$MAP" -plot-list "royals: king | zebra dog"
bad "word2vec: -plot of words that all point the same way" 1 "same vector|nothing to map" word2vec -vectors "$D/same_direction.txt" -plot "$MAP"
bad "word2vec: -plot of a one-word vectors file" 1 "-plot|at least two words|only one" word2vec -vectors "$D/one_word.txt" -plot "$MAP"
bad "word2vec: -plot in a missing directory" 1 "no_such_dir/map.svg|cannot write" word2vec -vectors "$D/good.txt" -plot "$TMP/out/no_such_dir/map.svg"
bad "word2vec: -plot in a missing directory, found before training" 1 "no_such_dir/map.svg" "${T[@]}" -plot "$TMP/out/no_such_dir/map.svg"
bad "word2vec: -plot is a directory" 1 "as_directory|directory" word2vec -vectors "$D/good.txt" -plot "$TMP/out/as_directory"

# A directory we cannot write to: one without write permission, or, for root
# (whom permissions do not stop), /sys. An existing map there stays as it was.
READ_ONLY=$TMP/out/read_only
mkdir -p "$READ_ONLY"
cp "$TMP/guard.reference" "$READ_ONLY/map.svg"
chmod a-w "$READ_ONLY"
if touch "$READ_ONLY/probe" 2>/dev/null; then
    rm -f "$READ_ONLY/probe"
    READ_ONLY=""
    if [ -d /sys ] && ! touch /sys/probe.svg 2>/dev/null; then READ_ONLY=/sys; fi
fi
if [ -n "$READ_ONLY" ]; then
    bad "word2vec: -plot in a directory that cannot be written" 1 "map.svg|cannot write" word2vec -vectors "$D/good.txt" -plot "$READ_ONLY/map.svg"
fi
if [ -n "$READ_ONLY" ]; then
    bad "attention: --svg in a directory that cannot be written" 1 "attention.svg|cannot write" attention --vectors "$D/good.txt" --sentence "$SENTENCE" --svg "$READ_ONLY/attention.svg"
fi
chmod u+w "$TMP/out/read_only"

good "word2vec -plot draws the most frequent words after training" "drawn in" "${T[@]}" -plot "$MAP" -plot-words 8
points=$(grep -o 'class="point"' "$MAP" | wc -l)
if [ "$points" = 8 ]; then pass "word2vec -plot: one point per word (8)"; else fail "word2vec -plot: one point per word (8)" "found $points"; fi
good "word2vec -plot -plot-list from a vectors file" "map of 3 chosen words" "${P[@]}" -plot-list "queen dog cat"
if [ "$(count_in 'class="legend"' "$MAP")" = 0 ]; then pass "word2vec -plot-list without '|': no legend"; else fail "word2vec -plot-list without '|': no legend" "found one"; fi
good "word2vec -plot -plot-list in groups" "map of 5 chosen words" "${P[@]}" -plot-list "royalty: queen | animals: dog cat | the her"
legend=$(count_in 'class="legend-label"' "$MAP") colours=$(grep -o 'class="point" fill="#[0-9a-f]*"' "$MAP" | sort -u | wc -l)
if [ "$legend" = 3 ] && [ "$colours" = 3 ] && grep -Fq '>group 3</text>' "$MAP"; then
    pass "word2vec -plot-list in groups: a legend of three groups, the third 'group 3', three colours"
else
    fail "word2vec -plot-list in groups: a legend of three groups, the third 'group 3', three colours" "found $legend legend labels, $colours colours"
fi
good "word2vec -plot-list in groups: names with markup are escaped" "map of 3 chosen words" "${P[@]}" -plot-list "<b> & co: queen dog | cat"
if grep -Fq '&lt;b&gt; &amp; co' "$MAP" && ! grep -Fq '<b>' "$MAP"; then pass "word2vec -plot-list: a group's name is escaped in the SVG"; else fail "word2vec -plot-list: a group's name is escaped in the SVG" "$(grep -o 'legend-label[^<]*' "$MAP" | head -2)"; fi
good "word2vec -plot with fewer words than the default -plot-words 60 maps them all" "map of the 6 most frequent words" "${P[@]}"
good "word2vec -plot of words with <, &, quotes and a Latin-1 byte" "map of the 5 most frequent words" word2vec -vectors "$D/markup_words.txt" -plot "$MAP"
missing=""
for escaped in '&lt;b&gt;' 'R&amp;D' '&quot;q&quot;' 'it&apos;s' $'caf\xef\xbf\xbd'; do
    grep -Fq -- "$escaped" "$MAP" || missing+=" $escaped"
done
if grep -Fq -- '<b>' "$MAP"; then missing+=" (a raw <b>)"; fi
if command -v xmllint >/dev/null && ! xmllint --noout "$MAP" 2>/dev/null; then missing+=" (xmllint: not well-formed)"; fi
if [ -z "$missing" ]; then pass "word2vec -plot: the words are escaped in the SVG"; else fail "word2vec -plot: the words are escaped in the SVG" "missing:$missing"; fi

# ==== attention: pictures (--svg, --curve) ==================================

SVG=$TMP/out/attention.svg
TA=("${T_FILES[@]}" --corpus "$D/train.txt" "${T_TEXT[@]}" --epochs 2)   # (T is word2vec's by now)
CURVE=$TMP/out/curve.svg
good "attention --svg draws the walkthrough's weights" "drew the attention weights in" attention "${V[@]}" --sentence "$SENTENCE" --svg "$SVG"
cells=$(count_in 'class="cell"' "$SVG")
if [ "$cells" = 25 ]; then pass "attention --svg: one cell per weight (5 x 5)"; else fail "attention --svg: one cell per weight (5 x 5)" "found $cells"; fi
ALLOW_INF=1 good "attention --svg --causal --heads 2 draws two panels" "drew the attention weights in" attention "${V[@]}" --sentence "$SENTENCE" --causal --heads 2 --svg "$SVG"
masked=$(count_in 'class="masked"' "$SVG") panels=$(count_in 'class="panel"' "$SVG")
if [ "$masked" = 20 ] && [ "$panels" = 2 ]; then pass "attention --svg: 2 panels, 10 masked cells each"; else fail "attention --svg: 2 panels, 10 masked cells each" "found $panels panels, $masked masked cells"; fi
good "attention --train --svg --curve draws both pictures" "drew the training curve in" "${TA[@]}" --output "$WEIGHTS" --svg "$SVG" --curve "$CURVE"
panels=$(count_in 'class="panel"' "$SVG") lines=$(count_in '<polyline' "$CURVE")
if [ "$panels" = 2 ] && [ "$lines" = 3 ]; then pass "attention --train: after and before panels, two loss curves and an accuracy curve"; else fail "attention --train: after and before panels, two loss curves and an accuracy curve" "found $panels panels, $lines curves"; fi
good "attention --weights --svg draws the trained layer's weights" "drew the attention weights in" "${W[@]}" --weights "$D/weights.txt" --svg "$SVG"
good "attention --svg of words with <, & and an apostrophe" "drew the attention weights in" attention --vectors "$D/markup_words.txt" --sentence "<b> R&D it's" --svg "$SVG"
missing=""
for escaped in '&lt;b&gt;' 'R&amp;D' 'it&apos;s'; do grep -Fq -- "$escaped" "$SVG" || missing+=" $escaped"; done
if grep -Fq -- '<b>' "$SVG"; then missing+=" (a raw <b>)"; fi
if [ -z "$missing" ]; then pass "attention --svg: the words are escaped in the SVG"; else fail "attention --svg: the words are escaped in the SVG" "missing:$missing"; fi
bad "attention: --svg in a missing directory" 1 "no_such_dir/attention.svg|cannot write" "${W[@]}" --svg "$TMP/out/no_such_dir/attention.svg"
bad "attention --train: --svg in a missing directory, found before training" 1 "no_such_dir/attention.svg|cannot write" "${TA[@]}" --output "$WEIGHTS" --svg "$TMP/out/no_such_dir/attention.svg"
bad "attention --train: --curve in a missing directory, found before training" 1 "no_such_dir/curve.svg|cannot write" "${TA[@]}" --output "$WEIGHTS" --curve "$TMP/out/no_such_dir/curve.svg"
bad "attention: --svg is a directory" 1 "as_directory|directory" "${W[@]}" --svg "$TMP/out/as_directory"
bad "attention: --svg '' (empty file name)" 2 "svg|file name is empty" "${W[@]}" --svg ""
bad "attention: --curve without --train" 2 "curve|only --train" "${W[@]}" --curve "$CURVE"
bad "attention --train: a divergent run leaves an existing --curve picture alone" 1 "diverged at step" "${T_FILES[@]}" --corpus "$D/train.txt" "${T_TEXT[@]}" --lr 10 --epochs 20 --output "$WEIGHTS" --curve "$CURVE"

echo "[bad_input] checks: $checks | $passed passed | $failed failed"
[ "$failed" = 0 ]
