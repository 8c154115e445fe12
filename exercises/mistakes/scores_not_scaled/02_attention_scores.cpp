// A common mistake in exercise 2: Q Kᵀ without the division by sqrt(d_k).
// The scores' variance grows with d_k (about 64 for d_k = 64).
// Fails checks: 1 2 3 4
// Named by: the hint of check 4 ("near d_k: no division")

#include "../matrix.hpp"

namespace student {

Matrix attention_scores(const Matrix& Q, const Matrix& K) { return matmul(Q, transpose(K)); }

}  // namespace student
