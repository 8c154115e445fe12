// Grades exercise 6, student::keep_probabilities: the hand-worked table of
// tests/word2vec_test.cpp, the order of its keep probabilities (a more
// frequent word is kept less often, which integer division breaks), the
// frequency 2.618 t at which the formula crosses 1, another threshold, and
// -sample 0.
//
// Build and run:  make exercise N=6

#include "06_subsampling.cpp"  // the student's file (make exercises-check: its twin in reference/)

#include "../grader.hpp"

#include <string>
#include <vector>

// A vocabulary with these counts (words "w0", "w1", ...) and their sum as the total.
static Vocabulary vocabulary_of(const std::vector<int64_t>& counts) {
    Vocabulary vocab;
    for (size_t id = 0; id < counts.size(); id++) {
        vocab.words.push_back("w" + std::to_string(id));
        vocab.counts.push_back(counts[id]);
        vocab.total += counts[id];
    }
    return vocab;
}

// keep[id] against the expected probabilities, one per word, after checking the size.
static void check_keep(Check& check, const std::vector<float>& keep, const std::vector<double>& expected) {
    check.equal("the number of probabilities (one per word)", static_cast<double>(keep.size()),
                static_cast<double>(expected.size()));
    if (keep.size() != expected.size()) return;
    for (size_t id = 0; id < keep.size(); id++)
        check.near("keep[" + std::to_string(id) + "]", keep[id], expected[id], 1e-6);
}

int main() {
    Grader grader("06_subsampling", "the keep probability of subsampling", "student::keep_probabilities");

    grader.add("counts 9000, 900, 90, 10 of 10000 words, t = 1e-3",
               "keep = sqrt(t/f) + t/f, capped at 1; the paper's sqrt(t/f) alone gives 0.0333 here",
               [](Check& check) {
                   // The table of tests/word2vec_test.cpp. t/f = 1e-3 * 10000 / count:
                   //   9000: t/f = 0.00111111, sqrt = 0.03333333, keep 0.03444444
                   //    900: t/f = 0.01111111, sqrt = 0.10540926, keep 0.11652037
                   //     90: t/f = 0.11111111, sqrt = 0.33333333, keep 0.44444444
                   //     10: t/f = 1, keep sqrt(1) + 1 = 2, capped at 1
                   Vocabulary vocab = vocabulary_of({9000, 900, 90, 10});
                   check_keep(check, student::keep_probabilities(vocab, 1e-3), {0.03444444, 0.11652037, 0.44444444, 1});
               });

    grader.add("a more frequent word is kept less often: 9000, 900, 90, 10 of 10000",
               "f = count / total is 0 in integer division (9000 / 10000): convert to double first",
               [](Check& check) {
                   // The words of the first check: keep 0.034, 0.117, 0.444, 1. Whatever the exact
                   // formula, f = count / total is 0.9, 0.09, 0.009, 0.001, and keep falls as f grows.
                   Vocabulary vocab = vocabulary_of({9000, 900, 90, 10});
                   std::vector<float> keep = student::keep_probabilities(vocab, 1e-3);
                   check.equal("the number of probabilities (one per word)", static_cast<double>(keep.size()), 4);
                   if (keep.size() != 4) return;
                   check.is_true("keep[0] > 0 (the most frequent word is kept sometimes)", keep[0] > 0,
                                 "it is " + number_text(keep[0]));
                   for (size_t id = 0; id + 1 < 4; id++)
                       check.is_true("keep[" + std::to_string(id) + "] < keep[" + std::to_string(id + 1) + "]",
                                     keep[id] < keep[id + 1],
                                     "they are " + number_text(keep[id]) + " and " + number_text(keep[id + 1]));
               });

    grader.add("the formula reaches 1 at f = 2.618 t",
               "cap sqrt(r) + r at 1 (min), do not round: count 2619 keeps 0.99974512 and 2618 keeps 1",
               [](Check& check) {
                   // One million words, t = 1e-3, so t / f = 1000 / count:
                   //   989763: t/f = 0.00101034, sqrt = 0.03178589, keep 0.03279623
                   //     5000: t/f = 0.2,        sqrt = 0.44721360, keep 0.64721360
                   //     2619: t/f = 0.38182512, sqrt = 0.61792000, keep 0.99974512
                   //     2618: t/f = 0.38197097, sqrt = 0.61803800, sum 1.00000897, capped at 1
                   // from /usr/bin/python3 -c 'import math
                   //   for c in (989763, 5000, 2619, 2618): r = 1000 / c; print(c, r, math.sqrt(r), math.sqrt(r) + r)'
                   Vocabulary vocab = vocabulary_of({989763, 5000, 2619, 2618});
                   check_keep(check, student::keep_probabilities(vocab, 1e-3), {0.03279623, 0.64721360, 0.99974512, 1});
               });

    grader.add("another threshold: t = 0.01, counts 500, 400, 100 of 1000",
               "use the sample argument as t, not a 1e-3 written in the code, and vocab.total as total",
               [](Check& check) {
                   // t/f = 0.01 * 1000 / count:
                   //   500: t/f = 0.02,  sqrt = 0.14142136, keep 0.16142136
                   //   400: t/f = 0.025, sqrt = 0.15811388, keep 0.18311388
                   //   100: t/f = 0.1,   sqrt = 0.31622777, keep 0.41622777
                   Vocabulary vocab = vocabulary_of({500, 400, 100});
                   check_keep(check, student::keep_probabilities(vocab, 0.01), {0.16142136, 0.18311388, 0.41622777});
               });

    grader.add("sample = 0 turns subsampling off: every word is kept",
               "sample 0 means no subsampling: return 1 for every word, not sqrt(0) + 0 = 0",
               [](Check& check) {
                   Vocabulary vocab = vocabulary_of({9000, 900, 90, 10});
                   check_keep(check, student::keep_probabilities(vocab, 0), {1, 1, 1, 1});
               });

    return grader.run();
}
