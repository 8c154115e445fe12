// A common mistake in exercise 5: treating the softmax as if each weight
// depended only on its own score, d_scores = weights * d_weights, without
// the sum s_i that every other score of the row contributes.
// Fails checks: 1 2 3 4 5
// Named by: the hint of check 2 ("w * dw alone is wrong")

#include "../matrix.hpp"

namespace student {

Matrix softmax_rows_backward(const Matrix& weights, const Matrix& d_weights) {
    Matrix d_scores(weights.rows, weights.cols);
    for (size_t i = 0; i < weights.data.size(); i++) d_scores.data[i] = weights.data[i] * d_weights.data[i];
    return d_scores;
}

}  // namespace student
