// A common mistake in exercise 3: masking j >= i, the diagonal included.
// A word can no longer see itself, and the first row has no score left.
// Fails checks: 1 2 3 4
// Named by: the hint of check 2 ("the diagonal is never masked")

#include "../matrix.hpp"

#include <limits>

namespace student {

void mask_future(Matrix& scores) {
    for (size_t i = 0; i < scores.rows; i++)
        for (size_t j = i; j < scores.cols; j++) scores(i, j) = -std::numeric_limits<float>::infinity();
}

}  // namespace student
