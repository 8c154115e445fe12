// A common mistake in exercise 3: masking below the diagonal (j < i), the
// past, instead of above it, the future.
// Fails checks: 1 2 3 4
// Named by: the hint of check 4 ("not the past")

#include "../matrix.hpp"

#include <limits>

namespace student {

void mask_future(Matrix& scores) {
    for (size_t i = 0; i < scores.rows; i++)
        for (size_t j = 0; j < i; j++) scores(i, j) = -std::numeric_limits<float>::infinity();
}

}  // namespace student
