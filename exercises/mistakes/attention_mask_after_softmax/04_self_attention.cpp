// A common mistake in exercise 4: masking after the softmax instead of
// before it. The later words' weights are removed but the rest of each row is
// not renormalised, so the rows no longer sum to 1.
// Fails checks: 2 3 5
// Named by: the hint of check 2 ("not the weights after")

#define TESTING
#include "../attention.cpp"

namespace student {

Attention self_attention(const Matrix& X, const Matrix& Wq, const Matrix& Wk, const Matrix& Wv, bool causal) {
    Attention a;
    a.Q = matmul(X, Wq);
    a.K = matmul(X, Wk);
    a.V = matmul(X, Wv);
    a.scores = attention_scores(a.Q, a.K);
    a.weights = softmax_rows(a.scores);
    if (causal) {
        mask_future(a.scores);
        for (size_t i = 0; i < a.weights.rows; i++)
            for (size_t j = i + 1; j < a.weights.cols; j++) a.weights(i, j) = 0.0f;
    }
    a.context = matmul(a.weights, a.V);
    return a;
}

}  // namespace student
