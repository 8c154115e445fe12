// Exercise 1: the stable softmax
//
// Read first: matrix.hpp, section "softmax", the comment above softmax_rows.
// Check your work: make exercise N=1        Time: about 20 minutes.
//
// What to compute: the softmax of each row of `scores` on its own,
//
//     weights(r, c) = exp(scores(r, c)) / sum over k of exp(scores(r, k))
//
// so that every row of the result is positive and sums to 1.
//
// Why it needs care: exp(1000) is too large for a float and becomes infinity,
// and infinity / infinity is NaN; exp(-1000) becomes 0, and 0 / 0 is NaN.
// Subtracting the same number from every score in a row does not change the
// softmax (the factor exp(-m) cancels above and below the fraction line), so
// pick the number that makes the largest exponent exp(0) = 1.
//
// Two more things attention needs (exercise 3 makes use of them): a score of
// -infinity (a masked word) gets a weight of exactly 0, and a row in which
// every score is -infinity has nothing to weigh and becomes all zeros, not NaN.
//
// Your function is in namespace `student`, so it does not clash with the
// project's own softmax_rows in matrix.hpp; the grader calls yours. You may use
// anything in matrix.hpp (Matrix, M(r, c), M.rows, M.cols) and <cmath> (std::exp),
// but not ::softmax_rows itself: that is the answer.

#include "../matrix.hpp"

#include <cmath>
#include <limits>

namespace student {

Matrix softmax_rows(const Matrix& scores) {
    Matrix weights(scores.rows, scores.cols);  // same shape as scores, all zeros for now
    // Your code here.
    return weights;
}

}  // namespace student
