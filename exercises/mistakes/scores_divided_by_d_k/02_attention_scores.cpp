// A common mistake in exercise 2: dividing by d_k instead of its square root.
// The scores' variance then shrinks as 1 / d_k.
// Fails checks: 1 2 3 4
// Named by: the hint of check 4 ("near 1 / d_k: divided by d_k")

#include "../matrix.hpp"

namespace student {

Matrix attention_scores(const Matrix& Q, const Matrix& K) {
    return scale(matmul(Q, transpose(K)), 1.0f / static_cast<float>(Q.cols));
}

}  // namespace student
