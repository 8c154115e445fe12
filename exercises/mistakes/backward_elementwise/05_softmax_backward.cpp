// A common mistake in exercise 5: d_scores = w (1 - w) dw, element by
// element, the derivative of each weight with respect to its own score only
// (the diagonal of the Jacobian, as for a sigmoid). But moving one score
// changes every weight of its row, so the gradient needs the row's sum:
// w_k (dw_k - sum over j of w_j dw_j).
// Fails checks: 1 2 3 4 5
// Named by: the hint of check 4 ("one score moves the whole row")

#include "../matrix.hpp"

namespace student {

Matrix softmax_rows_backward(const Matrix& weights, const Matrix& d_weights) {
    Matrix d_scores(weights.rows, weights.cols);
    for (size_t i = 0; i < weights.data.size(); i++) {
        const float w = weights.data[i];
        d_scores.data[i] = w * (1.0f - w) * d_weights.data[i];
    }
    return d_scores;
}

}  // namespace student
