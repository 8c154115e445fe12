// A common mistake in exercise 4: every step right, but the causal flag is
// never looked at, so the mask is never applied.
// Fails checks: 2 3 5
// Named by: the hint of check 5 ("is causal ignored?")

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
    a.context = matmul(a.weights, a.V);
    return a;
}

}  // namespace student
