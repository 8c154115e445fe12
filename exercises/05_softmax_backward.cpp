// Exercise 5: the softmax's backward pass
//
// Read first: attention.cpp, section "7. attention weights", and the comment above
// softmax_rows_backward (the backward pass of that step).
// Check your work: make exercise N=5        Time: about 30 minutes.
//
// What to compute: given the forward step weights = softmax_rows(scores) and
// d_weights = ∂loss/∂weights (how the loss changes with each weight), return
// d_scores = ∂loss/∂scores, of the same shape. Each row is on its own:
//
//     d_scores(i, j) = weights(i, j) * (d_weights(i, j) - s_i),
//     where s_i = sum over k of weights(i, k) * d_weights(i, k).
//
// Where it comes from (worth deriving on paper first): within one row, with
// w = softmax(x), the derivative of w_k with respect to x_j is
// w_k * (δ_kj - w_j), where δ_kj is 1 if k = j and 0 otherwise. The chain rule
// sums over k: ∂loss/∂x_j = sum over k of d_w_k * w_k * (δ_kj - w_j), which is
// the formula above. The whole n x n Jacobian is never needed, only s_i.
//
// Why it matters: look at what it gives when one weight of a row is 1 and the
// others are 0 (a saturated softmax, what large unscaled scores produce):
// d_scores is 0 whatever d_weights is, so the scores stop learning. That is the
// gradient that "all but vanishes" of exercise 2's sqrt(d_k). A masked score
// has weight 0 and so gets gradient exactly 0, and a fully masked row (all
// weights 0) gives a row of zeros.
//
// The grader checks your answer against finite differences: it nudges one
// score up and down by a small h, recomputes the loss, and compares
// (loss(x + h) - loss(x - h)) / 2h with your d_scores.
// Your function is in namespace `student`; the grader calls yours.

#include "../matrix.hpp"

namespace student {

Matrix softmax_rows_backward(const Matrix& weights, const Matrix& d_weights) {
    Matrix d_scores(weights.rows, weights.cols);  // same shape as weights, all zeros for now
    // Your code here.
    return d_scores;
}

}  // namespace student
