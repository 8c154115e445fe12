// Grades exercise 1, student::softmax_rows. The checks are those of
// tests/matrix_test.cpp for the project's softmax_rows, plus two hand-worked
// rows and a comparison with the formula computed in double precision.
//
// Build and run:  make exercise N=1

#include "01_softmax.cpp"  // the student's file (make exercises-check: its twin in reference/)

#include "../grader.hpp"

#include <cmath>
#include <limits>

int main() {
    Grader grader("01_softmax", "the stable softmax", "student::softmax_rows");
    const float minus_infinity = -std::numeric_limits<float>::infinity();

    grader.add("softmax of [0, 1] is [1/(1+e), e/(1+e)]",
               "divide each exp by the sum of its row's exps, not by the sum of the scores or by cols",
               [](Check& check) {
                   // exp(0) = 1 and exp(1) = e, so the sum is 1 + e:
                   //   /usr/bin/python3 -c 'import math; e=math.e; print(1/(1+e), e/(1+e))'
                   //   0.2689414213699951 0.7310585786300049
                   Matrix weights = student::softmax_rows(matrix_from_rows({{0, 1}}));
                   check.matrix("weights", weights, {{0.2689414213699951, 0.7310585786300049}}, 1e-6);
               });

    grader.add("each row on its own: [1, 2, 3] and [1, 1, 1]",
               "one maximum and one sum per row, not one for the whole matrix",
               [](Check& check) {
                   // Row 0: exp(1), exp(2), exp(3) = 2.71828183, 7.3890561, 20.08553692; sum 30.19287485;
                   // divided: 0.09003057, 0.24472847, 0.66524096. Row 1: three equal scores.
                   Matrix weights = student::softmax_rows(matrix_from_rows({{1, 2, 3}, {1, 1, 1}}));
                   check.matrix("weights", weights,
                                {{0.09003057, 0.24472847, 0.66524096}, {1.0 / 3, 1.0 / 3, 1.0 / 3}}, 1e-6);
               });

    grader.add("a random 4 x 6 matrix: the formula, computed in double",
               "the numerator and the sum must use the same shift: exp(score - max), max of that row",
               [](Check& check) {
                   Rng rng(11);
                   Matrix scores = random_matrix(4, 6, 5.0f, rng);  // scores in [-5, 5)
                   Matrix weights = student::softmax_rows(scores);
                   if (!check.shape("weights", weights, 4, 6)) return;
                   for (size_t r = 0; r < 4; r++) {
                       double sum = 0, row_sum = 0;
                       for (size_t k = 0; k < 6; k++) sum += std::exp(static_cast<double>(scores(r, k)));
                       for (size_t c = 0; c < 6; c++) {
                           std::string where = "(" + std::to_string(r) + ", " + std::to_string(c) + ")";
                           check.near("weights" + where, weights(r, c), std::exp(static_cast<double>(scores(r, c))) / sum,
                                      1e-6);
                           row_sum += weights(r, c);
                       }
                       check.near("the sum of row " + std::to_string(r), row_sum, 1.0, 1e-6);
                   }
               });

    grader.add("[1000, 1001] gives the weights of [0, 1]",
               "exp(1000) overflows to inf and inf / inf is NaN: subtract the row's largest score first",
               [](Check& check) {
                   // Shifting a row by a constant leaves the softmax unchanged, so the weights are
                   // 1/(1+e), e/(1+e), as in the first check.
                   Matrix weights = student::softmax_rows(matrix_from_rows({{1000, 1001}}));
                   check.matrix("weights", weights, {{0.2689414213699951, 0.7310585786300049}}, 1e-6);
               });

    grader.add("[-1000, -999], a row of negative scores, gives the weights of [0, 1]",
               "start the running maximum at -infinity, not 0 and not numeric_limits<float>::min()",
               [](Check& check) {
                   // The same row shifted the other way. Its largest score is -999: a maximum that
                   // starts at 0 stays 0, and exp(-1000 - 0) and exp(-999 - 0) underflow to 0.
                   Matrix weights = student::softmax_rows(matrix_from_rows({{-1000, -999}}));
                   check.matrix("weights", weights, {{0.2689414213699951, 0.7310585786300049}}, 1e-6);
               });

    grader.add("a score of -infinity gets a weight of exactly 0",
               "a -inf score needs no special case: exp(-inf - max) is exactly 0 when max is finite",
               [&](Check& check) {
                   // exp(0) = 1, exp(-inf) = 0, exp(0) = 1; the sum is 2.
                   Matrix weights = student::softmax_rows(matrix_from_rows({{0, minus_infinity, 0}}));
                   check.matrix("weights", weights, {{0.5, 0, 0.5}}, 0);
               });

    grader.add("a row that is all -infinity becomes zeros; the next row is unaffected",
               "a row of only -inf has maximum -inf, and -inf - (-inf) is NaN: leave such a row at 0",
               [&](Check& check) {
                   Matrix weights = student::softmax_rows(matrix_from_rows({{minus_infinity, minus_infinity},
                                                                            {0, 0}}));
                   check.matrix("weights", weights, {{0, 0}, {0.5, 0.5}}, 0);  // row 1: 1 / (1 + 1)
               });

    return grader.run();
}
