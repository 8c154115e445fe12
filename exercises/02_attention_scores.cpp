// Exercise 2: the attention scores and sqrt(d_k)
//
// Read first: attention.cpp, section "5. attention scores", the comment above attention_scores.
// Check your work: make exercise N=2        Time: about 20 minutes.
//
// What to compute: how well each query matches each key,
//
//     scores(i, j) = q_i . k_j / sqrt(d_k)        that is  S = Q Kᵀ / sqrt(d_k)
//
// where q_i is row i of Q (n_q, d_k), k_j is row j of K (n_k, d_k) and d_k is
// the number of columns of each. The result has one row per query and one
// column per key: (n_q, n_k). In self-attention n_q = n_k = n, but write it so
// that the two counts may differ.
//
// Why divide by sqrt(d_k): if the entries of q and k are independent with
// mean 0 and variance 1, their dot product is a sum of d_k such products and
// has variance d_k. With d_k = 64, raw scores would be spread like numbers of
// size 8, and the softmax of exercise 1 would put nearly all the weight on one
// word. Dividing by sqrt(d_k) brings the variance back to 1 whatever d_k is;
// one of the checks measures exactly that.
//
// You may write the loops yourself or use matmul, transpose and scale from
// matrix.hpp. Your function is in namespace `student`, so it does not clash
// with the project's own attention_scores; the grader calls yours.

#include "../matrix.hpp"

#include <cmath>

namespace student {

Matrix attention_scores(const Matrix& Q, const Matrix& K) {
    Matrix scores(Q.rows, K.rows);  // (n_q, n_k), all zeros for now
    // Your code here.
    return scores;
}

}  // namespace student
