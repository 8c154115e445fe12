// Grades exercise 3, student::mask_future: small matrices by hand, the
// masked example of tests/attention_test.cpp through the project's softmax,
// and the properties the mask exists for on a random 6 x 6.
//
// Build and run:  make exercise N=3

#include "03_causal_mask.cpp"  // the student's file (make exercises-check: its twin in reference/)

#include "../grader.hpp"

#include <limits>
#include <string>

// Infinity in double, to write -inf in the expected matrices.
constexpr double inf = std::numeric_limits<double>::infinity();

int main() {
    Grader grader("03_causal_mask", "the causal mask", "student::mask_future");

    grader.add("a 3 x 3 matrix: -inf above the diagonal, the rest unchanged",
               "mask exactly the scores with j > i; the diagonal and all below it stay as they were",
               [](Check& check) {
                   Matrix scores = matrix_from_rows({{1, 2, 3}, {4, 5, 6}, {7, 8, 9}});
                   student::mask_future(scores);
                   check.matrix("scores", scores, {{1, -inf, -inf}, {4, 5, -inf}, {7, 8, 9}}, 0);
               });

    grader.add("2 x 2: one score is masked; 1 x 1: none is",
               "the diagonal is never masked: a word may look at itself, so 1 x 1 keeps its score",
               [](Check& check) {
                   Matrix two = matrix_from_rows({{1, 2}, {3, 4}});
                   student::mask_future(two);
                   check.matrix("the 2 x 2 scores", two, {{1, -inf}, {3, 4}}, 0);
                   Matrix one = matrix_from_rows({{5}});
                   student::mask_future(one);
                   check.matrix("the 1 x 1 scores", one, {{5}}, 0);
               });

    grader.add("the example of exercise 2, masked, then softmax",
               "a masked score must be -inf, not 0: only -inf gets weight 0, leaving rows summing to 1",
               [](Check& check) {
                   // The scores of exercise 2's first check, Q Kᵀ / sqrt(2). Masked, row 0 keeps
                   // only its own score (weight 1) and row 1 two equal scores (1/2 each); row 2
                   // keeps all three. The weights, from numpy:
                   //   /usr/bin/python3 -c 'import numpy as np; S=np.array([[1,0,1],[2,2,4],[3,2,5]])/np.sqrt(2);
                   //     S[np.triu(np.ones((3,3)),1).astype(bool)]=-np.inf;
                   //     W=np.exp(S-S.max(1,keepdims=True)); print(W/W.sum(1,keepdims=True))'
                   Matrix scores = matrix_from_rows({{0.70710678f, 0, 0.70710678f},
                                                     {1.41421356f, 1.41421356f, 2.82842712f},
                                                     {2.12132034f, 1.41421356f, 3.53553391f}});
                   student::mask_future(scores);
                   check.matrix("weights", softmax_rows(scores),
                                {{1, 0, 0}, {0.5, 0.5, 0}, {0.17837015, 0.08794874, 0.73368111}}, 1e-6);
               });

    grader.add("a random 6 x 6: no weight on a later word, rows still sum to 1",
               "mask the future (j > i), not the past (j < i): word i may look back, never ahead",
               [](Check& check) {
                   Rng rng(11);
                   Matrix scores = random_matrix(6, 6, 3.0f, rng);
                   student::mask_future(scores);
                   Matrix weights = softmax_rows(scores);
                   for (size_t i = 0; i < 6; i++) {
                       double sum = 0;
                       for (size_t j = 0; j < 6; j++) {
                           const std::string where = "(" + std::to_string(i) + ", " + std::to_string(j) + ")";
                           if (j > i) check.equal("weights" + where, weights(i, j), 0);
                           else check.is_true("weights" + where + " > 0", weights(i, j) > 0,
                                              "it is " + number_text(weights(i, j)));
                           sum += weights(i, j);
                       }
                       check.near("the sum of row " + std::to_string(i), sum, 1, 1e-6);
                   }
                   check.equal("weights(0, 0), the first word looking at itself", weights(0, 0), 1);
               });

    return grader.run();
}
