// Grades exercise 5, student::softmax_rows_backward: two rows worked by hand,
// a saturated row and a fully masked one, and every entry of a random matrix
// (with and without the causal mask) against central finite differences of a
// loss computed in double precision.
//
// Build and run:  make exercise N=5

#include "05_softmax_backward.cpp"  // the student's file (make exercises-check: its twin in reference/)

#include "../grader.hpp"

#include <cmath>
#include <limits>
#include <string>
#include <vector>

// The loss whose gradient the finite differences measure, all in double:
//     loss(scores) = sum over i, j of softmax_rows(scores)(i, j) * R(i, j)
// so that ∂loss/∂weights = R. The softmax is written out again here (not the
// project's float softmax_rows), so the comparison is with an independent
// computation.
static double loss(const std::vector<std::vector<double>>& scores, const Matrix& R) {
    double total = 0;
    for (size_t i = 0; i < scores.size(); i++) {
        double row_max = -std::numeric_limits<double>::infinity();
        for (double s : scores[i]) row_max = std::max(row_max, s);
        double sum = 0;
        for (double s : scores[i]) sum += std::exp(s - row_max);
        for (size_t j = 0; j < scores[i].size(); j++) total += std::exp(scores[i][j] - row_max) / sum * R(i, j);
    }
    return total;
}

// Compares d_scores from the student's function with central differences
//     ∂loss/∂scores(i, j) ≈ (loss(scores(i, j) + h) - loss(scores(i, j) - h)) / 2h
// for every entry. With h = 1e-4 in double, the difference quotient is within
// about h² = 1e-8 of the derivative, and a float result carries float rounding
// from the weights and the sum: the reference solution's largest difference
// from the quotient in the two checks below is 3.4e-8. The tolerance, 1e-5,
// is far above that and far below the size of any mistake in the formula (a
// missing term is off by 0.01 or more here). A masked score (-inf) stays -inf
// when nudged: its gradient must be exactly 0.
static void check_against_finite_differences(Check& check, const Matrix& scores_float, const Matrix& R) {
    const Matrix weights = softmax_rows(scores_float);
    const Matrix d_scores = student::softmax_rows_backward(weights, R);
    if (!check.shape("d_scores", d_scores, scores_float.rows, scores_float.cols)) return;

    std::vector<std::vector<double>> scores(scores_float.rows, std::vector<double>(scores_float.cols));
    for (size_t i = 0; i < scores_float.rows; i++)
        for (size_t j = 0; j < scores_float.cols; j++) scores[i][j] = scores_float(i, j);
    const double h = 1e-4;
    for (size_t i = 0; i < scores_float.rows; i++) {
        double row_sum = 0;
        for (size_t j = 0; j < scores_float.cols; j++) {
            const std::string what = "d_scores(" + std::to_string(i) + ", " + std::to_string(j) + ")";
            row_sum += d_scores(i, j);
            if (std::isinf(scores[i][j])) {
                check.equal(what + ", a masked score", d_scores(i, j), 0);
                continue;
            }
            const double saved = scores[i][j];
            scores[i][j] = saved + h;
            const double up = loss(scores, R);
            scores[i][j] = saved - h;
            const double down = loss(scores, R);
            scores[i][j] = saved;
            check.near(what + " against finite differences", d_scores(i, j), (up - down) / (2 * h), 1e-5);
        }
        // Adding one number to a whole row of scores leaves its softmax unchanged, so
        // the loss does not change along that direction: each row of d_scores sums to 0.
        check.near("the sum of row " + std::to_string(i) + " of d_scores", row_sum, 0, 1e-6);
    }
}

int main() {
    Grader grader("05_softmax_backward", "the softmax's backward pass", "student::softmax_rows_backward");

    grader.add("two rows by hand",
               "finish s_i = sum_k w_ik dw_ik over the whole row before writing that row's d_scores",
               [](Check& check) {
                   // Row 0: weights (0.25, 0.75, 0), the softmax of (0, ln 3, -inf); d_weights (1, 0, 5).
                   //   s = 0.25 * 1 + 0.75 * 0 + 0 * 5 = 0.25
                   //   d_scores = (0.25 * (1 - 0.25), 0.75 * (0 - 0.25), 0 * (5 - 0.25)) = (0.1875, -0.1875, 0)
                   // Row 1: weights (0.5, 0.25, 0.25); d_weights (2, -1, 0).
                   //   s = 0.5 * 2 + 0.25 * (-1) + 0.25 * 0 = 0.75
                   //   d_scores = (0.5 * 1.25, 0.25 * (-1.75), 0.25 * (-0.75)) = (0.625, -0.4375, -0.1875)
                   // Every number here is a sum of powers of 2, exact in float.
                   Matrix weights = matrix_from_rows({{0.25f, 0.75f, 0}, {0.5f, 0.25f, 0.25f}});
                   Matrix d_weights = matrix_from_rows({{1, 0, 5}, {2, -1, 0}});
                   check.matrix("d_scores", student::softmax_rows_backward(weights, d_weights),
                                {{0.1875, -0.1875, 0}, {0.625, -0.4375, -0.1875}}, 1e-7);
               });

    grader.add("a saturated row passes no gradient; a flat row does",
               "w * dw alone is wrong: a weight of 1 cannot grow, so a saturated row's d_scores are 0",
               [](Check& check) {
                   // Row 0: s = 1 * 3 = 3; d_scores = (1 * (3 - 3), 0 * (0 - 3), 0 * (0 - 3)) = 0.
                   // Row 1: s = 3 / 3 = 1; d_scores = (1/3 * (3 - 1), 1/3 * (0 - 1), 1/3 * (0 - 1)).
                   const float third = 1.0f / 3.0f;
                   Matrix weights = matrix_from_rows({{1, 0, 0}, {third, third, third}});
                   Matrix d_weights = matrix_from_rows({{3, 0, 0}, {3, 0, 0}});
                   check.matrix("d_scores", student::softmax_rows_backward(weights, d_weights),
                                {{0, 0, 0}, {2.0 / 3, -1.0 / 3, -1.0 / 3}}, 1e-6);
               });

    grader.add("a fully masked row (all weights 0) gives a row of zeros",
               "a row of zero weights needs no special case: do not divide by its sum (which is 0)",
               [](Check& check) {
                   // Row 1: s = 0.5 * 1 + 0.5 * 0 + 0 * 7 = 0.5; d_scores = (0.5 * 0.5, 0.5 * (-0.5), 0 * 6.5).
                   Matrix weights = matrix_from_rows({{0, 0, 0}, {0.5f, 0.5f, 0}});
                   Matrix d_weights = matrix_from_rows({{1, 2, 3}, {1, 0, 7}});
                   check.matrix("d_scores", student::softmax_rows_backward(weights, d_weights),
                                {{0, 0, 0}, {0.25, -0.25, 0}}, 0);
               });

    grader.add("random 3 x 4 scores: every entry against finite differences",
               "w(1-w) dw misses that one score moves the whole row: w_k (dw_k - sum_j w_j dw_j)",
               [](Check& check) {
                   Rng rng(17);
                   Matrix scores = random_matrix(3, 4, 2.0f, rng);
                   Matrix R = random_matrix(3, 4, 1.0f, rng);  // d_weights
                   check_against_finite_differences(check, scores, R);
               });

    grader.add("random 4 x 4 scores with the causal mask: the same, and 0 where masked",
               "a masked score (weight 0) gets d_scores exactly 0: every term has the factor w_ij",
               [](Check& check) {
                   Rng rng(23);
                   Matrix scores = random_matrix(4, 4, 2.0f, rng);
                   for (size_t i = 0; i < 4; i++)
                       for (size_t j = i + 1; j < 4; j++) scores(i, j) = -std::numeric_limits<float>::infinity();
                   Matrix R = random_matrix(4, 4, 1.0f, rng);
                   check_against_finite_differences(check, scores, R);
               });

    return grader.run();
}
