// The reference solution of exercise 5 is the project's own function,
// softmax_rows_backward in attention.cpp, beside the forward softmax step.
//
// UNTIL IT LANDS ON MAIN: attention.cpp does not have softmax_rows_backward
// yet, so this file holds a private copy of the formula, written from the
// derivation in exercises/05_softmax_backward.cpp, for `make exercises-check`.
// When main has the function, this body becomes one line,
//     return ::softmax_rows_backward(weights, d_weights);
// after `#define TESTING` and `#include "../../attention.cpp"`, like the others.

#include "../../matrix.hpp"

namespace student {

Matrix softmax_rows_backward(const Matrix& weights, const Matrix& d_weights) {
    Matrix d_scores(weights.rows, weights.cols);
    for (size_t i = 0; i < weights.rows; i++) {
        float s = 0.0f;  // s_i = sum over k of weights(i, k) * d_weights(i, k)
        for (size_t k = 0; k < weights.cols; k++) s += weights(i, k) * d_weights(i, k);
        for (size_t j = 0; j < weights.cols; j++) d_scores(i, j) = weights(i, j) * (d_weights(i, j) - s);
    }
    return d_scores;
}

}  // namespace student
