// Grades exercise 4, student::self_attention, with the checks of
// tests/attention_test.cpp: the hand-worked example with and without the
// causal mask, every step against loops in double precision, and three
// properties (W_q = 0 gives the mean of the values; with the mask the first
// word sees only itself; reordering the words reorders the output).
//
// Build and run:  make exercise N=4

#include "04_self_attention.cpp"  // the student's file (make exercises-check: its twin in reference/)

#include "../grader.hpp"

#include <cmath>
#include <limits>
#include <string>
#include <vector>

// The six matrices must have their shapes before anything inside them is read.
static bool check_shapes(Check& check, const Attention& a, size_t n, size_t d_k, size_t d_v) {
    bool ok = check.shape("a.Q", a.Q, n, d_k);
    ok = check.shape("a.K", a.K, n, d_k) && ok;
    ok = check.shape("a.V", a.V, n, d_v) && ok;
    ok = check.shape("a.scores", a.scores, n, n) && ok;
    ok = check.shape("a.weights", a.weights, n, n) && ok;
    return check.shape("a.context", a.context, n, d_v) && ok;
}

// The example of tests/attention_test.cpp: three words in two dimensions.
static const Matrix X_example = matrix_from_rows({{1, 0}, {0, 1}, {1, 1}});
static const Matrix Wq_example = matrix_from_rows({{1, 0}, {0, 2}});
static const Matrix Wk_example = matrix_from_rows({{1, 1}, {0, 1}});
static const Matrix Wv_example = matrix_from_rows({{2, 0}, {0, 1}});

// Infinity in double, to write -inf in the expected matrices.
constexpr double inf = std::numeric_limits<double>::infinity();

int main() {
    Grader grader("04_self_attention", "one head of self-attention", "student::self_attention");

    grader.add("three words by hand: Q, K, V, scores, weights, context",
               "Q, K, V are X W_q, X W_k, X W_v: the first wrong matrix above is the step that is off",
               [](Check& check) {
                   Attention a = student::self_attention(X_example, Wq_example, Wk_example, Wv_example, false);
                   if (!check_shapes(check, a, 3, 2, 2)) return;
                   // Q = X W_q, K = X W_k, V = X W_v, multiplied out by hand:
                   check.matrix("a.Q", a.Q, {{1, 0}, {0, 2}, {1, 2}}, 0);
                   check.matrix("a.K", a.K, {{1, 1}, {0, 1}, {1, 2}}, 0);
                   check.matrix("a.V", a.V, {{2, 0}, {0, 1}, {2, 1}}, 0);
                   // Row 0 by hand: q_0 = (1, 0) meets the keys (1, 1), (0, 1), (1, 2): dot
                   // products 1, 0, 1, divided by sqrt(2): 0.70710678, 0, 0.70710678.
                   // exp: 2.02811498, 1, 2.02811498; sum 5.05622996; weights 0.40111209,
                   // 0.19777581, 0.40111209; context 0.40111209 * (2, 0) + 0.19777581 * (0, 1)
                   // + 0.40111209 * (2, 1) = (1.60444837, 0.59888791).
                   // All rows, from numpy (double precision):
                   //   /usr/bin/python3 -c 'import numpy as np; X=np.array([[1,0],[0,1],[1,1]],float);
                   //     Q=X@np.array([[1,0],[0,2]]); K=X@np.array([[1,1],[0,1]]); V=X@np.array([[2,0],[0,1]]);
                   //     S=Q@K.T/np.sqrt(2); W=np.exp(S-S.max(1,keepdims=True)); W/=W.sum(1,keepdims=True); print(S, W, W@V)'
                   check.matrix("a.scores", a.scores,
                                {{0.70710678, 0, 0.70710678},
                                 {1.41421356, 1.41421356, 2.82842712},
                                 {2.12132034, 1.41421356, 3.53553391}},
                                1e-6);
                   check.matrix("a.weights", a.weights,
                                {{0.40111209, 0.19777581, 0.40111209},
                                 {0.1635791, 0.1635791, 0.6728418},
                                 {0.17837015, 0.08794874, 0.73368111}},
                                1e-6);
                   check.matrix("a.context", a.context,
                                {{1.60444837, 0.59888791}, {1.6728418, 0.8364209}, {1.82410252, 0.82162985}}, 1e-6);
               });

    grader.add("the same three words with the causal mask",
               "with causal, mask the scores before the softmax (not the weights after), in a.scores",
               [](Check& check) {
                   Attention a = student::self_attention(X_example, Wq_example, Wk_example, Wv_example, true);
                   if (!check_shapes(check, a, 3, 2, 2)) return;
                   // Row 0 sees only itself: weights (1, 0, 0), context v_0 = (2, 0).
                   // Row 1 sees words 0 and 1, whose scores are equal (1.41421356 each): weights 1/2,
                   // 1/2, context (v_0 + v_1) / 2 = (1, 0.5). Row 2 sees everything: as without the mask.
                   check.matrix("a.scores", a.scores,
                                {{0.70710678, -inf, -inf}, {1.41421356, 1.41421356, -inf}, {2.12132034, 1.41421356, 3.53553391}},
                                1e-6);
                   check.matrix("a.weights", a.weights, {{1, 0, 0}, {0.5, 0.5, 0}, {0.17837015, 0.08794874, 0.73368111}},
                                1e-6);
                   check.matrix("a.context", a.context, {{2, 0}, {1, 0.5}, {1.82410252, 0.82162985}}, 1e-6);
               });

    grader.add("5 random words, d_model 7, d_k 3: each step against loops",
               "the scores are Q K^T divided by sqrt(d_k) (attention_scores), and W_v has d_k columns",
               [](Check& check) {
                   // Every step written out for one word at a time, in double precision, the way
                   // the formulas read (as in tests/attention_test.cpp), with and without the mask.
                   Rng rng(2024);
                   const size_t n = 5, d_model = 7, d_k = 3, d_v = d_k;  // V is (n, d_k) too: attention.cpp, section 4
                   Matrix X = random_matrix(n, d_model, 1.5f, rng);
                   Matrix Wq = random_matrix(d_model, d_k, 0.6f, rng);
                   Matrix Wk = random_matrix(d_model, d_k, 0.6f, rng);
                   Matrix Wv = random_matrix(d_model, d_v, 0.6f, rng);
                   auto project = [&](const Matrix& W, size_t i, size_t j) {  // (x_i W)_j
                       double sum = 0;
                       for (size_t c = 0; c < d_model; c++) sum += static_cast<double>(X(i, c)) * W(c, j);
                       return sum;
                   };
                   for (bool causal : {false, true}) {
                       Attention a = student::self_attention(X, Wq, Wk, Wv, causal);
                       if (!check_shapes(check, a, n, d_k, d_v)) return;
                       const std::string mode = causal ? " (causal)" : "";
                       for (size_t i = 0; i < n; i++) {
                           const std::string row = "(" + std::to_string(i) + ", ";
                           for (size_t k = 0; k < d_k; k++) {
                               check.near("a.Q" + row + std::to_string(k) + ")" + mode, a.Q(i, k), project(Wq, i, k), 1e-5);
                               check.near("a.K" + row + std::to_string(k) + ")" + mode, a.K(i, k), project(Wk, i, k), 1e-5);
                           }
                           for (size_t k = 0; k < d_v; k++)
                               check.near("a.V" + row + std::to_string(k) + ")" + mode, a.V(i, k), project(Wv, i, k), 1e-5);
                           std::vector<double> weight(n, 0.0);
                           double total = 0;
                           for (size_t j = 0; j < n; j++) {
                               if (causal && j > i) {
                                   check.equal("a.scores" + row + std::to_string(j) + ")" + mode, a.scores(i, j), -inf);
                                   continue;
                               }
                               double score = 0;
                               for (size_t k = 0; k < d_k; k++) score += project(Wq, i, k) * project(Wk, j, k);
                               score /= std::sqrt(static_cast<double>(d_k));
                               check.near("a.scores" + row + std::to_string(j) + ")" + mode, a.scores(i, j), score, 1e-5);
                               weight[j] = std::exp(score);
                               total += weight[j];
                           }
                           for (size_t j = 0; j < n; j++)
                               check.near("a.weights" + row + std::to_string(j) + ")" + mode, a.weights(i, j),
                                          weight[j] / total, 1e-5);
                           for (size_t k = 0; k < d_v; k++) {
                               double context = 0;
                               for (size_t j = 0; j < n; j++) context += weight[j] / total * project(Wv, j, k);
                               check.near("a.context" + row + std::to_string(k) + ")" + mode, a.context(i, k), context,
                                          1e-5);
                           }
                       }
                   }
               });

    grader.add("W_q = 0: every word attends to all words equally",
               "W_q = 0 makes every score 0 and every weight 1/n: is the softmax applied to the scores?",
               [](Check& check) {
                   Rng rng(3);
                   Matrix X = random_matrix(4, 5, 1.0f, rng);
                   Matrix Wk = random_matrix(5, 3, 0.7f, rng);
                   Matrix Wv = random_matrix(5, 3, 0.7f, rng);
                   Attention a = student::self_attention(X, Matrix(5, 3, 0.0f), Wk, Wv, false);
                   if (!check_shapes(check, a, 4, 3, 3)) return;
                   for (size_t i = 0; i < 4; i++)
                       for (size_t j = 0; j < 4; j++)
                           check.near("a.weights(" + std::to_string(i) + ", " + std::to_string(j) + ")", a.weights(i, j),
                                      0.25, 1e-7);
                   for (size_t c = 0; c < 3; c++) {
                       double mean = (static_cast<double>(a.V(0, c)) + a.V(1, c) + a.V(2, c) + a.V(3, c)) / 4.0;
                       for (size_t i = 0; i < 4; i++)
                           check.near("a.context(" + std::to_string(i) + ", " + std::to_string(c) + ")", a.context(i, c),
                                      mean, 1e-6);
                   }
               });

    grader.add("causal: the first word sees only itself, so its context is its value",
               "is causal ignored? With the mask word 0 sees only itself, so its context is V's row 0",
               [](Check& check) {
                   Rng rng(11);
                   Matrix X = random_matrix(6, 4, 1.0f, rng);
                   HeadParameters w = random_head_parameters(4, 4, rng);
                   Attention a = student::self_attention(X, w.Wq, w.Wk, w.Wv, true);
                   if (!check_shapes(check, a, 6, 4, 4)) return;
                   for (size_t i = 0; i < 6; i++)
                       for (size_t j = i + 1; j < 6; j++)
                           check.equal("a.weights(" + std::to_string(i) + ", " + std::to_string(j) + ")", a.weights(i, j), 0);
                   check.equal("a.weights(0, 0)", a.weights(0, 0), 1);
                   for (size_t c = 0; c < 4; c++)
                       check.equal("a.context(0, " + std::to_string(c) + ") - a.V(0, " + std::to_string(c) + ")",
                                   a.context(0, c) - a.V(0, c), 0);
               });

    grader.add("reordering the words reorders the weights and contexts the same way",
               "some step depends on a row's position (a loop bound using i?): order must not matter",
               [](Check& check) {
                   Rng rng(5);
                   Matrix X = random_matrix(4, 6, 1.0f, rng);
                   HeadParameters w = random_head_parameters(6, 2, rng);
                   const size_t order[4] = {2, 0, 3, 1};  // row i of the reordered sentence is word order[i]
                   Matrix X_reordered(4, 6);
                   for (size_t i = 0; i < 4; i++)
                       for (size_t c = 0; c < 6; c++) X_reordered(i, c) = X(order[i], c);
                   Attention a = student::self_attention(X, w.Wq, w.Wk, w.Wv, false);
                   Attention p = student::self_attention(X_reordered, w.Wq, w.Wk, w.Wv, false);
                   if (!check_shapes(check, a, 4, 2, 2) || !check_shapes(check, p, 4, 2, 2)) return;
                   for (size_t i = 0; i < 4; i++) {
                       for (size_t j = 0; j < 4; j++)
                           check.near("reordered weights(" + std::to_string(i) + ", " + std::to_string(j) + ")",
                                      p.weights(i, j), a.weights(order[i], order[j]), 1e-6);
                       for (size_t c = 0; c < 2; c++)
                           check.near("reordered context(" + std::to_string(i) + ", " + std::to_string(c) + ")",
                                      p.context(i, c), a.context(order[i], c), 1e-6);
                   }
               });

    return grader.run();
}
