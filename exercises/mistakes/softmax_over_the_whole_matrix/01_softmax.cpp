// A common mistake in exercise 1: one maximum and one sum for the whole
// matrix instead of one per row, so the rows no longer sum to 1 each.
// Fails checks: 2 3
// Named by: the hint of check 2 ("not one for the whole matrix")

#include "../matrix.hpp"

#include <cmath>
#include <limits>

namespace student {

Matrix softmax_rows(const Matrix& scores) {
    Matrix weights(scores.rows, scores.cols);
    float largest = -std::numeric_limits<float>::infinity();
    for (float x : scores.data) largest = std::max(largest, x);
    if (largest == -std::numeric_limits<float>::infinity()) return weights;
    float sum = 0.0f;
    for (float x : scores.data) sum += std::exp(x - largest);
    for (size_t i = 0; i < scores.data.size(); i++) weights.data[i] = std::exp(scores.data[i] - largest) / sum;
    return weights;
}

}  // namespace student
