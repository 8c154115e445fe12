// A common mistake in exercise 1: the row's maximum is subtracted, but the
// running maximum starts at 0 (or at numeric_limits<float>::min(), the
// smallest positive float), so in a row whose scores are all below 0 it stays
// 0: exp(-1000 - 0) underflows to 0 and 0 / 0 is NaN. A row of -inf is never
// noticed either, since its "maximum" is 0.
// Fails checks: 5 7
// Named by: the hint of check 5 ("start the running maximum at -infinity")

#include "../matrix.hpp"

#include <cmath>
#include <limits>

namespace student {

Matrix softmax_rows(const Matrix& scores) {
    Matrix weights(scores.rows, scores.cols);
    for (size_t r = 0; r < scores.rows; r++) {
        float largest = 0.0f;
        for (size_t c = 0; c < scores.cols; c++) largest = std::max(largest, scores(r, c));
        if (largest == -std::numeric_limits<float>::infinity()) continue;  // never true: largest >= 0
        float sum = 0.0f;
        for (size_t c = 0; c < scores.cols; c++) sum += std::exp(scores(r, c) - largest);
        for (size_t c = 0; c < scores.cols; c++) weights(r, c) = std::exp(scores(r, c) - largest) / sum;
    }
    return weights;
}

}  // namespace student
