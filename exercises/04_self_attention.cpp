// Exercise 4: one head of self-attention
//
// Read first: attention.cpp, sections "3. the learnable parameters W_q, W_k, W_v" to
// "8. context vectors", and self_attention in section 9.
// Check your work: make exercise N=4        Time: about 25 minutes.
//
// What to compute, for a sentence X (n, d_model) with one word per row, and
// the weights W_q, W_k and W_v, each (d_model, d_k), in this order:
//
//     Q = X W_q,   K = X W_k,   V = X W_v          queries, keys, values
//     scores  = Q Kᵀ / sqrt(d_k)                   (n, n)
//     if causal: -infinity above the diagonal of scores
//     weights = softmax of each row of scores      (n, n)
//     context = weights V                          (n, d_k)
//
// and return all six matrices in an Attention (a.Q, a.K, a.V, a.scores,
// a.weights, a.context), so that every step can be shown and checked.
//
// Why: each word asks a question (its query), every word offers a key to be
// found by and a value to hand back; word i's context vector is the blend of
// all the values, weighted by how well its query matched each key. The mask
// comes between the scores and the softmax, so that a later word gets weight 0.
//
// Build it from the project's functions, all defined in matrix.hpp and
// attention.cpp before self_attention: matmul, attention_scores, mask_future
// and softmax_rows (exercises 1 to 3 were these). Your function is in
// namespace `student`, so it does not clash with the project's own
// self_attention; the grader calls yours. Do not call ::self_attention: that
// is the answer.

#define TESTING  // attention.cpp without its main()
#include "../attention.cpp"

namespace student {

Attention self_attention(const Matrix& X, const Matrix& Wq, const Matrix& Wk, const Matrix& Wv, bool causal) {
    Attention a;  // a.Q, a.K, a.V, a.scores, a.weights, a.context: all empty for now
    // Your code here.
    return a;
}

}  // namespace student
