// Grades exercise 2, student::attention_scores: the hand-worked example of
// tests/attention_test.cpp, a second one with more keys than queries, the
// formula computed with loops in double precision, and the variance that the
// division by sqrt(d_k) is there to keep at 1.
//
// Build and run:  make exercise N=2

#include "02_attention_scores.cpp"  // the student's file (make exercises-check: its twin in reference/)

#include "../grader.hpp"

#include <cmath>
#include <string>

// The variance of all the scores of n random queries against n random keys
// whose entries are uniform in [-sqrt(3), sqrt(3)): mean 0, variance 1.
static double score_variance(size_t n, size_t d_k, uint64_t seed) {
    Rng rng(seed);
    const float limit = std::sqrt(3.0f);  // uniform in [-a, a) has variance a² / 3
    Matrix Q = random_matrix(n, d_k, limit, rng);
    Matrix K = random_matrix(n, d_k, limit, rng);
    Matrix scores = student::attention_scores(Q, K);
    if (scores.rows != n || scores.cols != n) return -1;  // the shape check reports it
    double sum = 0, sum_of_squares = 0;
    for (float s : scores.data) sum += s, sum_of_squares += static_cast<double>(s) * s;
    const double count = static_cast<double>(n * n);
    return sum_of_squares / count - (sum / count) * (sum / count);
}

int main() {
    Grader grader("02_attention_scores", "the attention scores and sqrt(d_k)", "student::attention_scores");

    grader.add("three queries against three keys, d_k = 2, by hand",
               "divide each dot product by sqrt(d_k), d_k = Q.cols: here by sqrt(2), not by 2 or 1",
               [](Check& check) {
                   // The example of tests/attention_test.cpp. Row 0: q_0 = (1, 0) against the keys
                   // (1, 1), (0, 1), (1, 2): dot products 1, 0, 1, divided by sqrt(2) = 1.41421356.
                   // All rows, from numpy:
                   //   /usr/bin/python3 -c 'import numpy as np; Q=np.array([[1,0],[0,2],[1,2]],float);
                   //     K=np.array([[1,1],[0,1],[1,2]],float); print(Q@K.T/np.sqrt(2))'
                   Matrix Q = matrix_from_rows({{1, 0}, {0, 2}, {1, 2}});
                   Matrix K = matrix_from_rows({{1, 1}, {0, 1}, {1, 2}});
                   check.matrix("scores", student::attention_scores(Q, K),
                                {{0.70710678, 0, 0.70710678},
                                 {1.41421356, 1.41421356, 2.82842712},
                                 {2.12132034, 1.41421356, 3.53553391}},
                                1e-6);
               });

    grader.add("two queries against four keys, d_k = 4: a 2 x 4 result",
               "the result is Q.rows x K.rows, one column per key, and d_k is Q.cols, not Q.rows",
               [](Check& check) {
                   // q_0 = (1, 2, 0, 1): dot products with the four keys 1, 2, 1+2+0+1 = 4, 2-2 = 0; halved.
                   // q_1 = (0, 1, 1, 0): 0, 1, 2, 0; halved.
                   Matrix Q = matrix_from_rows({{1, 2, 0, 1}, {0, 1, 1, 0}});
                   Matrix K = matrix_from_rows({{1, 0, 0, 0}, {0, 1, 0, 0}, {1, 1, 1, 1}, {2, 0, 0, -2}});
                   check.matrix("scores", student::attention_scores(Q, K), {{0.5, 1, 2, 0}, {0, 0.5, 1, 0}}, 1e-6);
               });

    grader.add("random Q (5 x 3) and K (6 x 3): the formula, computed in double",
               "key j is row j of K, not column j: dot row i of Q with row j of K",
               [](Check& check) {
                   Rng rng(2024);
                   Matrix Q = random_matrix(5, 3, 1.5f, rng);
                   Matrix K = random_matrix(6, 3, 1.5f, rng);
                   Matrix scores = student::attention_scores(Q, K);
                   if (!check.shape("scores", scores, 5, 6)) return;
                   for (size_t i = 0; i < 5; i++)
                       for (size_t j = 0; j < 6; j++) {
                           double dot = 0;
                           for (size_t c = 0; c < 3; c++) dot += static_cast<double>(Q(i, c)) * K(j, c);
                           check.near("scores(" + std::to_string(i) + ", " + std::to_string(j) + ")", scores(i, j),
                                      dot / std::sqrt(3.0), 1e-5);
                       }
               });

    grader.add("why sqrt(d_k): the scores have variance about 1 for d_k = 4 and 64",
               "variance near d_k: no division; near 1 / d_k: divided by d_k. Divide by sqrt(d_k)",
               [](Check& check) {
                   // 64 queries against 64 keys: 4096 scores, whose variance is 1 in expectation
                   // (a sum of d_k products of variance 1, divided by d_k). For the seeds here the
                   // project's attention_scores gives 0.858 (d_k = 4) and 0.994 (d_k = 64); over seeds
                   // 1 to 200 they stay within 0.83-1.21 and 0.91-1.07. Without the division the same
                   // seeds give 3.43 and 63.6; dividing by d_k instead, 0.214 and 0.0155.
                   for (size_t d_k : {4, 64}) {
                       double variance = score_variance(64, d_k, 7 + d_k);
                       std::string what = "the variance of the scores for d_k = " + std::to_string(d_k);
                       if (variance < 0) {
                           check.is_true(what, false, "the scores are not 64 x 64 for 64 queries and 64 keys");
                           continue;
                       }
                       check.is_true(what + " is between 0.75 and 1.33", variance >= 0.75 && variance <= 1.33,
                                     "it is " + number_text(variance));
                   }
               });

    return grader.run();
}
