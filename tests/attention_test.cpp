// Tests of attention.cpp: a hand-checkable example, the properties attention
// must have, and the loop form of every step against the matrix form.

#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#define TESTING
#include "../attention.cpp"
#include "../support/attention_program.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>

namespace {

Matrix from_rows(const std::vector<std::vector<float>>& rows) {
    Matrix M(rows.size(), rows[0].size());
    for (size_t r = 0; r < M.rows; r++)
        for (size_t c = 0; c < M.cols; c++) M(r, c) = rows[r][c];
    return M;
}

void check_matrix_near(const Matrix& actual, const std::vector<std::vector<double>>& expected, double epsilon) {
    REQUIRE(actual.rows == expected.size());
    REQUIRE(actual.cols == expected[0].size());
    for (size_t r = 0; r < actual.rows; r++)
        for (size_t c = 0; c < actual.cols; c++) {
            CAPTURE(r);
            CAPTURE(c);
            if (epsilon == 0) CHECK(static_cast<double>(actual(r, c)) == expected[r][c]);  // exact
            else CHECK(actual(r, c) == doctest::Approx(expected[r][c]).epsilon(epsilon));
        }
}

// The example of the first test: three words in two dimensions.
const Matrix X_example = from_rows({{1, 0}, {0, 1}, {1, 1}});
const Matrix Wq_example = from_rows({{1, 0}, {0, 2}});
const Matrix Wk_example = from_rows({{1, 1}, {0, 1}});
const Matrix Wv_example = from_rows({{2, 0}, {0, 1}});

}  // namespace

TEST_CASE("a hand-checkable example: Q, K, V, scores, weights and context") {
    Attention a = self_attention(X_example, Wq_example, Wk_example, Wv_example, false);

    // Q = X W_q, K = X W_k, V = X W_v, multiplied out by hand:
    check_matrix_near(a.Q, {{1, 0}, {0, 2}, {1, 2}}, 0);
    check_matrix_near(a.K, {{1, 1}, {0, 1}, {1, 2}}, 0);
    check_matrix_near(a.V, {{2, 0}, {0, 1}, {2, 1}}, 0);

    // Row 0 by hand: q_0 = (1, 0) meets the keys (1, 1), (0, 1), (1, 2): dot
    // products 1, 0, 1, divided by sqrt(2): 0.70710678, 0, 0.70710678.
    // exp: 2.02811498, 1, 2.02811498; sum 5.05622996; weights 0.40111209,
    // 0.19777581, 0.40111209; context 0.40111209 * (2, 0) + 0.19777581 * (0, 1)
    // + 0.40111209 * (2, 1) = (1.60444837, 0.59888791).
    // All rows, from numpy (double precision):
    //   /usr/bin/python3 -c 'import numpy as np; X=np.array([[1,0],[0,1],[1,1]],float);
    //     Q=X@np.array([[1,0],[0,2]]); K=X@np.array([[1,1],[0,1]]); V=X@np.array([[2,0],[0,1]]);
    //     S=Q@K.T/np.sqrt(2); W=np.exp(S-S.max(1,keepdims=True)); W/=W.sum(1,keepdims=True); print(S, W, W@V)'
    check_matrix_near(a.scores,
                      {{0.70710678, 0, 0.70710678}, {1.41421356, 1.41421356, 2.82842712}, {2.12132034, 1.41421356, 3.53553391}},
                      1e-6);
    check_matrix_near(a.weights,
                      {{0.40111209, 0.19777581, 0.40111209}, {0.1635791, 0.1635791, 0.6728418},
                       {0.17837015, 0.08794874, 0.73368111}},
                      1e-6);
    check_matrix_near(a.context, {{1.60444837, 0.59888791}, {1.6728418, 0.8364209}, {1.82410252, 0.82162985}}, 1e-6);
}

TEST_CASE("the same example with the causal mask") {
    Attention a = self_attention(X_example, Wq_example, Wk_example, Wv_example, true);

    // Row 0 sees only itself: weights (1, 0, 0), context v_0 = (2, 0).
    // Row 1 sees words 0 and 1, whose scores are equal (1.41421356 each): weights 1/2, 1/2,
    // context (v_0 + v_1) / 2 = (1, 0.5). Row 2 sees everything: as without the mask.
    CHECK(a.scores(0, 1) == -std::numeric_limits<float>::infinity());
    CHECK(a.scores(0, 2) == -std::numeric_limits<float>::infinity());
    CHECK(a.scores(1, 2) == -std::numeric_limits<float>::infinity());
    check_matrix_near(a.weights, {{1, 0, 0}, {0.5, 0.5, 0}, {0.17837015, 0.08794874, 0.73368111}}, 1e-6);
    check_matrix_near(a.context, {{2, 0}, {1, 0.5}, {1.82410252, 0.82162985}}, 1e-6);
}

TEST_CASE("every row of the attention weights sums to 1") {
    Rng rng(7);
    Matrix X = random_matrix(5, 6, 2.0f, rng);
    HeadParameters w = random_head_parameters(6, 3, rng);
    for (bool causal : {false, true}) {
        Attention a = self_attention(X, w.Wq, w.Wk, w.Wv, causal);
        for (size_t i = 0; i < a.weights.rows; i++) {
            double sum = 0;
            for (size_t j = 0; j < a.weights.cols; j++) {
                CHECK(a.weights(i, j) >= 0.0f);
                sum += a.weights(i, j);
            }
            CHECK(sum == doctest::Approx(1.0).epsilon(1e-6));
        }
    }
}

TEST_CASE("causal weights are exactly 0 above the diagonal and the first row is [1, 0, ...]") {
    Rng rng(11);
    Matrix X = random_matrix(6, 4, 1.0f, rng);
    HeadParameters w = random_head_parameters(4, 4, rng);
    Attention a = self_attention(X, w.Wq, w.Wk, w.Wv, true);
    for (size_t i = 0; i < 6; i++)
        for (size_t j = i + 1; j < 6; j++) CHECK(a.weights(i, j) == 0.0f);
    CHECK(a.weights(0, 0) == 1.0f);
    // so the first word's context vector is its own value vector
    for (size_t c = 0; c < a.V.cols; c++) CHECK(a.context(0, c) == a.V(0, c));
}

TEST_CASE("with W_q = 0 every word attends to all words equally: context = mean of V's rows") {
    Rng rng(3);
    Matrix X = random_matrix(4, 5, 1.0f, rng);
    HeadParameters w = random_head_parameters(5, 3, rng);
    Matrix Wq_zero(5, 3, 0.0f);
    Attention a = self_attention(X, Wq_zero, w.Wk, w.Wv, false);
    for (size_t i = 0; i < 4; i++)
        for (size_t j = 0; j < 4; j++) CHECK(a.weights(i, j) == doctest::Approx(0.25).epsilon(1e-7));
    for (size_t c = 0; c < 3; c++) {
        double mean = (a.V(0, c) + a.V(1, c) + a.V(2, c) + a.V(3, c)) / 4.0;
        for (size_t i = 0; i < 4; i++) CHECK(a.context(i, c) == doctest::Approx(mean).epsilon(1e-6));
    }
}

TEST_CASE("permuting the words permutes the outputs the same way") {
    Rng rng(5);
    Matrix X = random_matrix(4, 6, 1.0f, rng);
    HeadParameters w = random_head_parameters(6, 2, rng);
    const size_t order[4] = {2, 0, 3, 1};  // row i of the permuted sentence is word order[i]
    Matrix X_permuted(4, 6);
    for (size_t i = 0; i < 4; i++)
        for (size_t c = 0; c < 6; c++) X_permuted(i, c) = X(order[i], c);

    Attention a = self_attention(X, w.Wq, w.Wk, w.Wv, false);
    Attention p = self_attention(X_permuted, w.Wq, w.Wk, w.Wv, false);
    for (size_t i = 0; i < 4; i++) {
        for (size_t j = 0; j < 4; j++)
            CHECK(p.weights(i, j) == doctest::Approx(a.weights(order[i], order[j])).epsilon(1e-6));
        for (size_t c = 0; c < 2; c++)
            CHECK(p.context(i, c) == doctest::Approx(a.context(order[i], c)).epsilon(1e-6));
    }
}

TEST_CASE("huge scores give a one-hot row, not NaN") {
    // Scores of 1000 and more would overflow exp() without the max subtraction.
    Matrix X = from_rows({{100, 0}, {0, 100}});
    Matrix I = from_rows({{1, 0}, {0, 1}});
    Attention a = self_attention(X, I, I, I, false);
    // score(0, 0) = 100 * 100 / sqrt(2) = 7071.07, score(0, 1) = 0: weight exp(-7071) = 0.
    CHECK(a.scores(0, 0) == doctest::Approx(7071.0678).epsilon(1e-6));
    CHECK(a.weights(0, 0) == 1.0f);
    CHECK(a.weights(0, 1) == 0.0f);
    CHECK(a.weights(1, 1) == 1.0f);
    CHECK(all_finite(a.context));
}

TEST_CASE("loop form equals matrix form, step by step") {
    // Every step written out for one word at a time, in double precision, the
    // way the formulas read: q_i = x_i W_q, score(i, j) = q_i . k_j / sqrt(d_k),
    // weights = exp(score) / sum exp(score), context_i = sum_j weight(i, j) v_j.
    Rng rng(2024);
    const size_t n = 5, d_model = 7, d_k = 3;
    Matrix X = random_matrix(n, d_model, 1.5f, rng);
    HeadParameters w = random_head_parameters(d_model, d_k, rng);
    for (bool causal : {false, true}) {
        CAPTURE(causal);
        Attention a = self_attention(X, w.Wq, w.Wk, w.Wv, causal);
        auto project = [&](const Matrix& W, size_t i, size_t j) {
            double sum = 0;
            for (size_t c = 0; c < d_model; c++) sum += static_cast<double>(X(i, c)) * W(c, j);
            return sum;
        };
        for (size_t i = 0; i < n; i++) {
            std::vector<double> weight(n, 0.0);
            double total = 0;
            for (size_t j = 0; j < n; j++) {
                if (causal && j > i) continue;
                double score = 0;
                for (size_t k = 0; k < d_k; k++) score += project(w.Wq, i, k) * project(w.Wk, j, k);
                score /= std::sqrt(static_cast<double>(d_k));
                CHECK(a.scores(i, j) == doctest::Approx(score).epsilon(1e-5));
                weight[j] = std::exp(score);
                total += weight[j];
            }
            for (size_t j = 0; j < n; j++) CHECK(a.weights(i, j) == doctest::Approx(weight[j] / total).epsilon(1e-5));
            for (size_t k = 0; k < d_k; k++) {
                double context = 0;
                for (size_t j = 0; j < n; j++) context += weight[j] / total * project(w.Wv, j, k);
                CHECK(a.context(i, k) == doctest::Approx(context).epsilon(1e-5));
            }
        }
    }
}

TEST_CASE("multi-head with one head and W_o = identity equals single-head attention") {
    Rng rng(9);
    Matrix X = random_matrix(4, 6, 1.0f, rng);
    HeadParameters w = random_head_parameters(6, 3, rng);
    Matrix identity(3, 3);
    for (size_t i = 0; i < 3; i++) identity(i, i) = 1.0f;
    for (bool causal : {false, true}) {
        Matrix multi = multi_head_attention(X, {w.Wq}, {w.Wk}, {w.Wv}, identity, causal).output;
        Attention single = self_attention(X, w.Wq, w.Wk, w.Wv, causal);
        REQUIRE(multi.rows == 4);
        REQUIRE(multi.cols == 3);
        for (size_t i = 0; i < multi.data.size(); i++) CHECK(multi.data[i] == single.context.data[i]);
    }
}

TEST_CASE("multi-head: the heads' context vectors side by side, times W_o, computed with loops") {
    // The heads themselves are self_attention, checked against loops above;
    // this checks how they are joined.
    Rng rng(13);
    const size_t n = 3, d_model = 4, d_k = 2, H = 3, d_out = 5;
    Matrix X = random_matrix(n, d_model, 1.0f, rng);
    std::vector<Matrix> Wq, Wk, Wv;
    for (size_t h = 0; h < H; h++) {
        HeadParameters w = random_head_parameters(d_model, d_k, rng);
        Wq.push_back(w.Wq);
        Wk.push_back(w.Wk);
        Wv.push_back(w.Wv);
    }
    Matrix Wo = random_matrix(H * d_k, d_out, 0.5f, rng);
    Matrix output = multi_head_attention(X, Wq, Wk, Wv, Wo, false).output;
    REQUIRE(output.rows == n);
    REQUIRE(output.cols == d_out);

    // output(i, o) = sum over heads h and columns c of head_h.context(i, c) * W_o(h * d_k + c, o)
    for (size_t i = 0; i < n; i++)
        for (size_t o = 0; o < d_out; o++) {
            double expected = 0;
            for (size_t h = 0; h < H; h++) {
                Attention head = self_attention(X, Wq[h], Wk[h], Wv[h], false);
                for (size_t c = 0; c < d_k; c++) expected += static_cast<double>(head.context(i, c)) * Wo(h * d_k + c, o);
            }
            CHECK(output(i, o) == doctest::Approx(expected).epsilon(1e-5));
        }
}

TEST_CASE("wrong shapes are refused with a message, not an assert") {
    Matrix X(3, 4);
    Matrix W43(4, 3), W53(5, 3), W42(4, 2);
    CHECK_THROWS_WITH_AS(self_attention(X, W53, W43, W43, false), "W_q is 5 x 3 but should be 4 x 3",
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(self_attention(X, W43, W42, W43, false), "W_k is 4 x 2 but should be 4 x 3",
                         std::invalid_argument);
    CHECK_THROWS_AS(multi_head_attention(X, {}, {}, {}, Matrix(0, 0), false), std::invalid_argument);
    // two heads of width 3 need a W_o with 6 rows
    CHECK_THROWS_WITH_AS(multi_head_attention(X, {W43, W43}, {W43, W43}, {W43, W43}, Matrix(3, 4), false),
                         "W_o is 3 x 4 but should be 6 x 4", std::invalid_argument);
}

TEST_CASE("scores that overflow are an error, even where the softmax would hide them") {
    // Q = 2e20 and K = -2e20 in one dimension: every score is -4e40, which is
    // -inf in float, so each row looks fully masked and its weights become 0.
    Matrix X = from_rows({{1e20f, 1e20f}, {1e20f, 1e20f}});
    Matrix Wq = from_rows({{1}, {1}}), Wk = from_rows({{-1}, {-1}}), Wv = from_rows({{1}, {1}});
    MultiHeadAttention m;
    m.heads.push_back(self_attention(X, Wq, Wk, Wv, false));
    CHECK(m.heads[0].weights(0, 0) == 0.0f);  // what would be printed without the check
    CHECK_THROWS_WITH(check_finite(m, false, "big.txt"),
                      "big.txt: the word vectors are so large that the computation overflows");
    // Masked -inf scores above the diagonal are expected, not an overflow:
    Attention causal = self_attention(from_rows({{1, 0}, {0, 1}}), Wq, Wq, Wv, true);
    MultiHeadAttention ok;
    ok.heads.push_back(causal);
    CHECK_NOTHROW(check_finite(ok, true, "small.txt"));
}

TEST_CASE("the random weights: Glorot's range, and the same seed gives the same numbers") {
    // limit = sqrt(6 / (24 + 4)) = sqrt(0.2142857) = 0.46291005
    CHECK(glorot_limit(24, 4) == doctest::Approx(0.46291005).epsilon(1e-7));
    Rng first(42), second(42), other(43);
    HeadParameters a = random_head_parameters(24, 4, first);
    HeadParameters b = random_head_parameters(24, 4, second);
    HeadParameters c = random_head_parameters(24, 4, other);
    for (float x : a.Wq.data) CHECK(std::fabs(x) <= 0.46291005f);
    CHECK(a.Wq.data == b.Wq.data);
    CHECK(a.Wv.data == b.Wv.data);
    CHECK(a.Wq.data != c.Wq.data);
    CHECK(a.Wq.data != a.Wk.data);
}

TEST_CASE("the sentence matrix: one row per known word, case-insensitive; the others left out") {
    WordVectors vocabulary;
    vocabulary.words = {"the", "Queen", "queen", "dog"};
    vocabulary.vectors = from_rows({{1, 2}, {3, 4}, {5, 6}, {7, 8}});

    const KnownTokens known = known_tokens({"The", "queen", "zebra", "dog", ".", "the"}, vocabulary.words);
    // "The" finds "the" ignoring case; "queen" matches row 2 exactly, not "Queen".
    CHECK(known.words == std::vector<std::string>{"The", "queen", "dog", "the"});
    CHECK(known.rows == std::vector<size_t>{0, 2, 3, 0});
    check_matrix_near(sentence_matrix(known.rows, vocabulary.vectors), {{1, 2}, {5, 6}, {7, 8}, {1, 2}}, 0);
    REQUIRE(known.left_out.size() == 2);
    CHECK(known.left_out[0].token == "zebra");
    CHECK(known.left_out[1].token == ".");
    CHECK(any_word(known.left_out));
    CHECK_FALSE(any_word({LeftOut{".", {}}, LeftOut{",", {}}}));
}

TEST_CASE("the note on what was left out: the marks together, each word with its nearest spelled words") {
    std::vector<LeftOut> left_out = {{"quen", {}}, {".", {}}, {"dgo", {}}, {",", {}}};
    add_nearest_spelled(left_out, {"the", "queen", "dog", "seen", "to"});
    // quen: queen 1, seen 2, the 3 (dog 4, to 4); dgo: dog 2, to 2, the 3; the marks get none
    CHECK(left_out[0].nearest_spelled == std::vector<std::string>{"queen", "seen", "the"});
    CHECK(left_out[1].nearest_spelled.empty());
    CHECK(left_out[2].nearest_spelled == std::vector<std::string>{"dog", "to", "the"});
    CHECK(left_out_note(left_out, "no vector") ==
          " (left out '.' ',': no vector)"
          " (left out 'quen': no vector; nearest spelled: queen, seen, the)"
          " (left out 'dgo': no vector; nearest spelled: dog, to, the)");
    CHECK(left_out_note({{"zebra", {}}}, "not in the layer's vocabulary") ==
          " (left out 'zebra': not in the layer's vocabulary)");  // nothing spelled near it
    CHECK(left_out_note({}, "no vector") == "");
}

TEST_CASE("read_sentence leaves out an unknown word, naming the file's words spelled nearest") {
    const std::string path = (std::filesystem::temp_directory_path() / "attention_test_sentence.txt").string();
    {
        std::ofstream out(path);
        out << "4 2\nthe 1 2\nqueen 3 4\nseen 5 6\ndog 7 8\n";
    }
    const Sentence sentence = read_sentence({"the", "quen", "dog", "."}, path);
    CHECK(sentence.words == std::vector<std::string>{"the", "dog"});
    check_matrix_near(sentence.X, {{1, 2}, {7, 8}}, 0);
    REQUIRE(sentence.left_out.size() == 2);
    // the file was read again, for all its words: queen 1, seen 2, the 3 (dog 4)
    CHECK(sentence.left_out[0].nearest_spelled == std::vector<std::string>{"queen", "seen", "the"});

    CHECK_THROWS_WITH(read_sentence({"zebra", "."}, path),
                      (path + ": no word of --sentence has a vector (left out '.': no vector) (left out 'zebra': no "
                              "vector; nearest spelled: seen, the, queen)").c_str());
    CHECK_THROWS_AS(read_sentence({".", "!"}, path), UsageError);  // punctuation only: a usage error
    std::remove(path.c_str());
}

TEST_CASE("load_vectors_for keeps only the sentence's words") {
    const std::string path = (std::filesystem::temp_directory_path() / "attention_test_vectors.txt").string();
    {
        std::ofstream out(path);
        out << "4 2\nthe 1 2\nqueen 3 4\ncat 5 6\nDog 7 8\n";
    }
    WordVectors v = load_vectors_for(path, {"the", "dog", "the"});
    std::remove(path.c_str());
    REQUIRE(v.words.size() == 2);
    CHECK(v.words[0] == "the");
    CHECK(v.words[1] == "Dog");
    check_matrix_near(v.vectors, {{1, 2}, {7, 8}}, 0);
}

TEST_CASE("the heat map shades each weight over the whole range, and 0.43 differs from 1") {
    Matrix weights = from_rows({{1.0f, 0.0f, 0.43f}, {0.25f, 0.75f, 0.04f}, {0.05f, 0.5f, 0.7499f}});
    // 1.0 and 0.75 -> full block, 0.0 and 0.04 -> blank, 0.05 -> light, 0.25 and 0.43 -> medium,
    // 0.5 and 0.7499 -> dark; each cell is as wide as its column's word.
    std::string expected =
        "   ab c d\n"
        "ab \u2588\u2588   \u2592\n"
        "c  \u2592\u2592 \u2588  \n"
        "d  \u2591\u2591 \u2593 \u2593\n"
        "(blank < 0.05 <= \u2591 < 0.25 <= \u2592 < 0.5 <= \u2593 < 0.75 <= \u2588)\n";
    CHECK(heat_map(weights, {"ab", "c", "d"}) == expected);
}

// ==== the backward pass ======================================================

TEST_CASE("W_v must have d_k columns, like W_q and W_k") {
    Matrix X(3, 4), W43(4, 3), W42(4, 2);
    CHECK_THROWS_WITH_AS(self_attention(X, W43, W43, W42, false), "W_v is 4 x 2 but should be 4 x 3",
                         std::invalid_argument);
}

TEST_CASE("backward by hand: two words, d = 2, W_q = W_k = W_v = I, loss = context(0, 0)") {
    // Forward: Q = K = V = X = I, scores = I / sqrt(2), so row 0 of the weights
    // is softmax(0.70710678, 0) = (a, b) with a = e^0.7071 / (e^0.7071 + 1)
    // = 0.66976155, b = 0.33023845; row 1 is (b, a).
    // Backward with dC = [1 0; 0 0] (only context(0, 0) counts):
    //   step 8: dV = weightsᵀ dC = [a 0; b 0];  d_weights = dC Vᵀ = [1 0; 0 0]
    //   step 7: d_scores row 0 = (a (1 - a), b (0 - a)) = (ab, -ab) = (0.22118102, -0.22118102), row 1 = 0
    //   step 5: dQ = d_scores K / sqrt(2) = [ab -ab; 0 0] / sqrt(2) = [0.15639860 -0.15639860; 0 0]
    //           dK = d_scoresᵀ Q / sqrt(2) = [ab 0; -ab 0] / sqrt(2)
    //   step 4: dW_q = Xᵀ dQ = dQ, dW_k = dK, dW_v = dV (X = I), and
    //           dX = dQ W_qᵀ + dK W_kᵀ + dV W_vᵀ = dQ + dK + dV
    //              = [0.1564 + 0.1564 + a, -0.1564; -0.1564 + b, 0] = [0.98255875 -0.15639860; 0.17383986 0]
    // The same numbers from PyTorch's autograd (double precision):
    //   /usr/bin/python3 -c 'import torch, numpy as np; torch.set_default_dtype(torch.float64)
    //     X,Wq,Wk,Wv=[torch.eye(2,requires_grad=True) for _ in range(4)]; Q,K,V=X@Wq,X@Wk,X@Wv
    //     C=torch.softmax(Q@K.T/np.sqrt(2),1)@V; C[0,0].backward(); print(X.grad,Wq.grad,Wk.grad,Wv.grad)'
    const Matrix I = from_rows({{1, 0}, {0, 1}});
    const Attention forward = self_attention(I, I, I, I, false);
    const AttentionGrads g = self_attention_backward(I, I, I, I, forward, from_rows({{1, 0}, {0, 0}}));
    check_matrix_near(g.dWv, {{0.66976155, 0}, {0.33023845, 0}}, 1e-6);
    check_matrix_near(g.dWq, {{0.15639860, -0.15639860}, {0, 0}}, 1e-6);
    check_matrix_near(g.dWk, {{0.15639860, 0}, {-0.15639860, 0}}, 1e-6);
    check_matrix_near(g.dX, {{0.98255875, -0.15639860}, {0.17383986, 0}}, 1e-6);
}

TEST_CASE("softmax backward: the cheap form equals the full Jacobian times the gradient") {
    // ds_k = sum_j dw_j * J(j, k) with J(j, k) = w_j (δ_jk - w_k), written out as a double loop.
    Rng rng(21);
    const Matrix weights = softmax_rows(random_matrix(3, 5, 2.0f, rng));
    const Matrix d_weights = random_matrix(3, 5, 1.0f, rng);
    const Matrix d_scores = softmax_rows_backward(weights, d_weights);
    for (size_t i = 0; i < 3; i++)
        for (size_t k = 0; k < 5; k++) {
            double full = 0;
            for (size_t j = 0; j < 5; j++)
                full += static_cast<double>(d_weights(i, j)) * weights(i, j) * ((j == k ? 1.0 : 0.0) - weights(i, k));
            CHECK(d_scores(i, k) == doctest::Approx(full).epsilon(1e-6));
        }
}

TEST_CASE("a saturated softmax passes almost no gradient") {
    // Weights (0.99, 0.005, 0.005) against (0.67, 0.33): the same incoming
    // gradient dw = (1, 0, 0) gives d_scores 50 times smaller.
    const Matrix saturated = softmax_rows(from_rows({{0, -5.2933f, -5.2933f}}));  // about 0.99, 0.005, 0.005
    const Matrix soft = softmax_rows(from_rows({{0.70710678f, 0, -1e30f}}));       // 0.67, 0.33, 0
    const Matrix g_saturated = softmax_rows_backward(saturated, from_rows({{1, 0, 0}}));
    const Matrix g_soft = softmax_rows_backward(soft, from_rows({{1, 0, 0}}));
    CHECK(saturated(0, 0) == doctest::Approx(0.99).epsilon(1e-3));
    // ds_0 = w_0 (1 - w_0): 0.99 * 0.01 = 0.0099 against 0.67 * 0.33 = 0.2212
    CHECK(g_saturated(0, 0) == doctest::Approx(0.99 * 0.01).epsilon(1e-2));
    CHECK(g_soft(0, 0) == doctest::Approx(0.22118102).epsilon(1e-5));
    CHECK(g_soft(0, 0) > 20 * g_saturated(0, 0));
}

namespace {

// ---- an independent forward pass in double precision, in loop form ----------
// Used for central finite differences: L(w + h) - L(w - h) / 2h, with h = 1e-6
// in double has an error near 1e-10, far below what a float gradient can show.

using Doubles = std::vector<std::vector<double>>;

Doubles doubles(const Matrix& M) {
    Doubles D(M.rows, std::vector<double>(M.cols));
    for (size_t r = 0; r < M.rows; r++)
        for (size_t c = 0; c < M.cols; c++) D[r][c] = M(r, c);
    return D;
}

Doubles product(const Doubles& A, const Doubles& B) {
    Doubles C(A.size(), std::vector<double>(B[0].size(), 0.0));
    for (size_t i = 0; i < A.size(); i++)
        for (size_t j = 0; j < B[0].size(); j++)
            for (size_t p = 0; p < B.size(); p++) C[i][j] += A[i][p] * B[p][j];
    return C;
}

// One head's context vectors, the formulas written out one entry at a time.
Doubles head_context(const Doubles& X, const Doubles& Wq, const Doubles& Wk, const Doubles& Wv, bool causal) {
    const Doubles Q = product(X, Wq), K = product(X, Wk), V = product(X, Wv);
    const size_t n = X.size(), d_k = Wq[0].size();
    Doubles context(n, std::vector<double>(d_k, 0.0));
    for (size_t i = 0; i < n; i++) {
        std::vector<double> weight(n, 0.0);
        double total = 0;
        for (size_t j = 0; j < n && (!causal || j <= i); j++) {
            double score = 0;
            for (size_t c = 0; c < d_k; c++) score += Q[i][c] * K[j][c];
            weight[j] = std::exp(score / std::sqrt(static_cast<double>(d_k)));
            total += weight[j];
        }
        for (size_t j = 0; j < n; j++)
            for (size_t c = 0; c < d_k; c++) context[i][c] += weight[j] / total * V[j][c];
    }
    return context;
}

// Multi-head: the heads side by side, times W_o.
Doubles multi_head_context(const Doubles& X, const std::vector<Doubles>& Wq, const std::vector<Doubles>& Wk,
                           const std::vector<Doubles>& Wv, const Doubles& Wo, bool causal) {
    Doubles joined(X.size());
    for (size_t h = 0; h < Wq.size(); h++) {
        Doubles head = head_context(X, Wq[h], Wk[h], Wv[h], causal);
        for (size_t i = 0; i < X.size(); i++) joined[i].insert(joined[i].end(), head[i].begin(), head[i].end());
    }
    return product(joined, Wo);
}

double weighted_sum(const Doubles& M, const Matrix& R) {
    double sum = 0;
    for (size_t r = 0; r < M.size(); r++)
        for (size_t c = 0; c < M[r].size(); c++) sum += M[r][c] * R(r, c);
    return sum;
}

// Every entry of `analytic` (the gradient of `parameter`) against central
// differences of `loss`, which reads the parameter's double copy `value`.
//
// The tolerance: float keeps 24 bits (6e-8 relative); each gradient entry
// passes through a few dozen roundings of numbers of size about 1, so float
// noise is a few times 1e-7 (the worst entry in these tests: 1.1e-7 of
// 1 + |g|), while a wrong formula (a missing 1/sqrt(d_k), a transpose, a lost
// path) is off by about the size of the gradient itself. 1e-5 * (1 + |g|)
// sits between the two, a factor of 100 from each.
void check_gradient(const std::string& name, const Matrix& analytic, Doubles& value,
                    const std::function<double()>& loss) {
    REQUIRE(analytic.rows == value.size());
    REQUIRE(analytic.cols == value[0].size());
    const double h = 1e-6;
    for (size_t r = 0; r < analytic.rows; r++)
        for (size_t c = 0; c < analytic.cols; c++) {
            const double saved = value[r][c];
            value[r][c] = saved + h;
            const double up = loss();
            value[r][c] = saved - h;
            const double down = loss();
            value[r][c] = saved;
            const double numeric = (up - down) / (2 * h);
            CAPTURE(name);
            CAPTURE(r);
            CAPTURE(c);
            CHECK(std::fabs(analytic(r, c) - numeric) <= 1e-5 * (1 + std::fabs(numeric)));
        }
}

}  // namespace

TEST_CASE("every gradient of one head against central finite differences, with and without the mask") {
    Rng rng(31);
    const size_t n = 5, d_model = 4, d_k = 3;
    const Matrix X = random_matrix(n, d_model, 1.5f, rng);
    const HeadParameters w = random_head_parameters(d_model, d_k, rng);
    const Matrix R = random_matrix(n, d_k, 1.0f, rng);  // loss = sum of context ⊙ R, so dL/dcontext = R
    for (bool causal : {false, true}) {
        CAPTURE(causal);
        const Attention forward = self_attention(X, w.Wq, w.Wk, w.Wv, causal);
        const AttentionGrads g = self_attention_backward(X, w.Wq, w.Wk, w.Wv, forward, R);
        Doubles x = doubles(X), wq = doubles(w.Wq), wk = doubles(w.Wk), wv = doubles(w.Wv);
        auto loss = [&] { return weighted_sum(head_context(x, wq, wk, wv, causal), R); };
        check_gradient("dX", g.dX, x, loss);
        check_gradient("dWq", g.dWq, wq, loss);
        check_gradient("dWk", g.dWk, wk, loss);
        check_gradient("dWv", g.dWv, wv, loss);
    }
}

TEST_CASE("every gradient of multi-head attention, W_o included, against finite differences") {
    Rng rng(37);
    const size_t n = 4, d_model = 5, d_k = 2, H = 3, d_out = 4;
    const Matrix X = random_matrix(n, d_model, 1.0f, rng);
    std::vector<Matrix> Wq, Wk, Wv;
    for (size_t h = 0; h < H; h++) {
        HeadParameters w = random_head_parameters(d_model, d_k, rng);
        Wq.push_back(w.Wq);
        Wk.push_back(w.Wk);
        Wv.push_back(w.Wv);
    }
    const Matrix Wo = random_matrix(H * d_k, d_out, 0.8f, rng);
    const Matrix R = random_matrix(n, d_out, 1.0f, rng);
    for (bool causal : {false, true}) {
        CAPTURE(causal);
        const MultiHeadAttention forward = multi_head_attention(X, Wq, Wk, Wv, Wo, causal);
        const MultiHeadGrads g = multi_head_attention_backward(X, Wq, Wk, Wv, Wo, forward, R);
        Doubles x = doubles(X), wo = doubles(Wo);
        std::vector<Doubles> wq, wk, wv;
        for (size_t h = 0; h < H; h++) {
            wq.push_back(doubles(Wq[h]));
            wk.push_back(doubles(Wk[h]));
            wv.push_back(doubles(Wv[h]));
        }
        auto loss = [&] { return weighted_sum(multi_head_context(x, wq, wk, wv, wo, causal), R); };
        check_gradient("dX", g.dX, x, loss);
        check_gradient("dWo", g.dWo, wo, loss);
        for (size_t h = 0; h < H; h++) {
            CAPTURE(h);
            check_gradient("dWq", g.dWq[h], wq[h], loss);
            check_gradient("dWk", g.dWk[h], wk[h], loss);
            check_gradient("dWv", g.dWv[h], wv[h], loss);
        }
    }
}

TEST_CASE("causal mask: a loss on the earlier rows gives the last word exactly zero gradient") {
    // Rows 0 .. n-2 of the context never see the last word (the mask), so
    // nothing about its key or value can change them: with dL/dcontext zero
    // in the last row, the last word's row of dX is exactly 0, not just small,
    // and so is every masked entry of d_scores.
    Rng rng(41);
    const size_t n = 5, d_model = 4, d_k = 3;
    const Matrix X = random_matrix(n, d_model, 1.5f, rng);
    const HeadParameters w = random_head_parameters(d_model, d_k, rng);
    Matrix d_context = random_matrix(n, d_k, 1.0f, rng);
    for (size_t c = 0; c < d_k; c++) d_context(n - 1, c) = 0.0f;
    const Attention forward = self_attention(X, w.Wq, w.Wk, w.Wv, true);
    const AttentionGrads g = self_attention_backward(X, w.Wq, w.Wk, w.Wv, forward, d_context);
    for (size_t c = 0; c < d_model; c++) CHECK(g.dX(n - 1, c) == 0.0f);
    for (size_t c = 0; c < d_model; c++) CHECK(g.dX(0, c) != 0.0f);  // the others do get a gradient

    const Matrix d_scores = softmax_rows_backward(forward.weights, matmul(d_context, transpose(forward.V)));
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++) CHECK(d_scores(i, j) == 0.0f);
}

// ==== the layer that learns ====================================================

namespace {

// Positional encodings in double, straight from the paper's formula with the C library's sin and cos.
Doubles positions_reference(size_t n, size_t d_model) {
    Doubles P(n, std::vector<double>(d_model));
    for (size_t pos = 0; pos < n; pos++)
        for (size_t c = 0; c < d_model; c++) {
            const double angle = static_cast<double>(pos) / std::pow(10000.0, static_cast<double>(c / 2 * 2) / d_model);
            P[pos][c] = c % 2 == 0 ? std::sin(angle) : std::cos(angle);
        }
    return P;
}

struct ModelDoubles {
    std::vector<Doubles> Wq, Wk, Wv;
    Doubles Wo, W_out, b_out;
};

ModelDoubles doubles(const NextWordModel& model) {
    ModelDoubles d;
    for (size_t h = 0; h < model.Wq.size(); h++) {
        d.Wq.push_back(doubles(model.Wq[h]));
        d.Wk.push_back(doubles(model.Wk[h]));
        d.Wv.push_back(doubles(model.Wv[h]));
    }
    d.Wo = doubles(model.Wo);
    d.W_out = doubles(model.W_out);
    d.b_out = doubles(model.b_out);
    return d;
}

// The model's loss on one sentence, section 12's formulas in double.
double model_loss(const ModelDoubles& m, bool positions, const Matrix& vectors, const std::vector<int32_t>& sentence) {
    const size_t n = sentence.size() - 1, d_model = vectors.cols;
    Doubles X(n, std::vector<double>(d_model));
    const Doubles P = positions_reference(n, d_model);
    for (size_t i = 0; i < n; i++)
        for (size_t c = 0; c < d_model; c++)
            X[i][c] = vectors(static_cast<size_t>(sentence[i]), c) + (positions ? P[i][c] : 0.0);
    const Doubles A = multi_head_context(X, m.Wq, m.Wk, m.Wv, m.Wo, true);
    double loss = 0;
    for (size_t i = 0; i < n; i++) {
        std::vector<double> hidden(d_model);
        for (size_t c = 0; c < d_model; c++) hidden[c] = X[i][c] + A[i][c];
        std::vector<double> logits(m.b_out[0]);
        for (size_t w = 0; w < logits.size(); w++)
            for (size_t c = 0; c < d_model; c++) logits[w] += hidden[c] * m.W_out[c][w];
        double total = 0;
        for (double z : logits) total += std::exp(z);
        loss += std::log(total) - logits[static_cast<size_t>(sentence[i + 1])];
    }
    return loss / static_cast<double>(n);
}

// A small vocabulary of 7 words with 4 numbers each, and a sentence of them.
const std::vector<int32_t> small_sentence = {0, 3, 1, 4, 6, 2};

}  // namespace

TEST_CASE("every gradient of the next-word model against finite differences, with and without positions") {
    Rng rng(43);
    const Matrix vectors = random_matrix(7, 4, 1.0f, rng);
    for (bool positions : {false, true}) {
        CAPTURE(positions);
        NextWordModel model = random_model(4, 3, 2, 7, positions, rng);
        for (float& b : model.b_out.data) b = rng.uniform(-0.5f, 0.5f);  // not all zero, so its use is checked
        const NextWordForward f = sentence_forward(model, vectors, small_sentence);
        const NextWordGrads g = next_word_backward(model, f, small_sentence);
        ModelDoubles m = doubles(model);
        auto loss = [&] { return model_loss(m, positions, vectors, small_sentence); };
        CHECK(sentence_loss(f, small_sentence) == doctest::Approx(loss()).epsilon(1e-6));  // the forward agrees too
        for (size_t h = 0; h < 2; h++) {
            CAPTURE(h);
            check_gradient("dWq", g.dWq[h], m.Wq[h], loss);
            check_gradient("dWk", g.dWk[h], m.Wk[h], loss);
            check_gradient("dWv", g.dWv[h], m.Wv[h], loss);
        }
        check_gradient("dWo", g.dWo, m.Wo, loss);
        check_gradient("dW_out", g.dW_out, m.W_out, loss);
        check_gradient("db_out", g.db_out, m.b_out, loss);
    }
}

TEST_CASE("positional encodings: the paper's formula, and our sin and cos against the C library's") {
    // PE(pos, 2i) = sin(pos / 10000^(2i/d)), PE(pos, 2i+1) = cos(same). Row 0 is (0, 1, 0, 1, ...).
    const Matrix P = positional_encodings(100, 24);
    const Doubles reference = positions_reference(100, 24);
    for (size_t c = 0; c < 24; c++) CHECK(P(0, c) == (c % 2 == 0 ? 0.0f : 1.0f));
    // pos 1, i = 0: sin(1) = 0.84147098, cos(1) = 0.54030231
    CHECK(P(1, 0) == doctest::Approx(0.84147098).epsilon(1e-7));
    CHECK(P(1, 1) == doctest::Approx(0.54030231).epsilon(1e-7));
    for (size_t pos = 0; pos < 100; pos++)
        for (size_t c = 0; c < 24; c++) CHECK(P(pos, c) == doctest::Approx(reference[pos][c]).epsilon(1e-6));
    for (double x = -20; x <= 120; x += 0.0137) {
        CAPTURE(x);
        CHECK(std::fabs(sine_or_cosine(x, false) - std::sin(x)) < 1e-13);
        CHECK(std::fabs(sine_or_cosine(x, true) - std::cos(x)) < 1e-13);
    }
}

TEST_CASE("without positions, shuffling the words only shuffles the layer's rows; with them it changes them") {
    // No mask here, so that only the positional encodings can tell the order apart.
    Rng rng(47);
    const Matrix X = random_matrix(4, 6, 1.0f, rng);
    const HeadParameters w = random_head_parameters(6, 3, rng);
    const size_t order[4] = {3, 1, 0, 2};
    Matrix X_shuffled(4, 6);
    for (size_t i = 0; i < 4; i++)
        for (size_t c = 0; c < 6; c++) X_shuffled(i, c) = X(order[i], c);
    NextWordModel with, without;
    with.positions = true;
    const Attention plain = self_attention(with_positions(without, X), w.Wq, w.Wk, w.Wv, false);
    const Attention plain_shuffled = self_attention(with_positions(without, X_shuffled), w.Wq, w.Wk, w.Wv, false);
    const Attention placed = self_attention(with_positions(with, X), w.Wq, w.Wk, w.Wv, false);
    const Attention placed_shuffled = self_attention(with_positions(with, X_shuffled), w.Wq, w.Wk, w.Wv, false);
    double largest_change = 0;
    for (size_t i = 0; i < 4; i++)
        for (size_t c = 0; c < 3; c++) {
            CHECK(plain_shuffled.context(i, c) == doctest::Approx(plain.context(order[i], c)).epsilon(1e-6));
            largest_change = std::max(largest_change, std::fabs(static_cast<double>(placed_shuffled.context(i, c)) -
                                                                placed.context(order[i], c)));
        }
    CHECK(largest_change > 0.05);
}

TEST_CASE("Adam's first step moves every weight by lr against the sign of its gradient") {
    // After one step m_hat = g and v_hat = g^2, so the step is lr * g / (|g| + 1e-8) = lr * sign(g).
    Matrix W = from_rows({{1, 2}, {3, 4}});
    const Matrix dW = from_rows({{0.5f, -2}, {1e-3f, 0}});
    Adam adam;
    adam.lr = 0.1f;
    adam.step({&W}, {&dW});
    CHECK(W(0, 0) == doctest::Approx(0.9).epsilon(1e-6));
    CHECK(W(0, 1) == doctest::Approx(2.1).epsilon(1e-6));
    CHECK(W(1, 0) == doctest::Approx(2.9).epsilon(1e-5));
    CHECK(W(1, 1) == 4.0f);  // no gradient, no step
    // A second step with the same gradient: m = (1 - 0.9^2) g and v = (1 - 0.999^2) g^2, so once more
    // m_hat = g and v_hat = g^2, and the weight moves by another lr * sign(g).
    adam.step({&W}, {&dW});
    CHECK(W(0, 0) == doctest::Approx(0.8).epsilon(1e-6));
}

TEST_CASE("the baselines on a corpus small enough to count by hand") {
    NextWordData data;
    data.words = {"a", "b", "c"};
    data.vectors = Matrix(3, 2);
    // training pairs: a->b twice, a->c once, b->c twice, c->a once: next words b 2, c 3, a 1
    data.training = {{0, 1, 2}, {0, 1, 2}, {0, 2, 0}};
    data.held_out = {{0, 1, 2, 0}};  // pairs a->b, b->c, c->a
    const Baselines b = baselines(data);
    CHECK(b.chance_loss == doctest::Approx(std::log(3.0)).epsilon(1e-12));
    // most frequent next word: c; right for b->c only: 1 of 3
    CHECK(b.most_frequent_accuracy == doctest::Approx(1.0 / 3));
    // bigram: after a guess b (2 of 3), after b guess c, after c guess a: all 3 right
    CHECK(b.bigram_accuracy == doctest::Approx(1.0));
}

TEST_CASE("training on a corpus lowers the held-out loss by a clear margin, the same every run") {
    // The corpus: 60 sentences built from a rule that needs attention,
    // "the <noun> ate <its own food>", where the food depends on the noun two
    // words back (cats eat fish, cows eat grass, ...). Vectors: random.
    const std::string dir = (std::filesystem::temp_directory_path() / "attention_test_training").string();
    std::filesystem::create_directories(dir);
    const std::string corpus = dir + "/corpus.txt", vectors = dir + "/vectors.txt";
    const char* nouns[] = {"cat", "cow", "dog", "bird"};
    const char* foods[] = {"fish", "grass", "meat", "seed"};
    {
        std::ofstream out(corpus);
        for (int k = 0; k < 60; k++) out << "the " << nouns[k % 4] << (k % 3 == 0 ? " quickly" : "") << " ate " << foods[k % 4] << "\n";
        std::ofstream v(vectors);
        Rng rng(5);
        const char* words[] = {"the", "cat", "cow", "dog", "bird", "quickly", "ate", "fish", "grass", "meat", "seed"};
        v << "11 6\n";
        for (const char* word : words) {
            v << word;
            for (int c = 0; c < 6; c++) v << " " << rng.uniform(-1.0f, 1.0f);
            v << "\n";
        }
    }
    const NextWordData data = read_next_word_data(corpus, vectors);
    REQUIRE(data.training.size() == 54);
    REQUIRE(data.held_out.size() == 6);
    TrainingSettings settings;
    settings.epochs = 30;
    settings.lr = 0.03f;
    const TrainingResult first = train_next_word(data, settings);
    const TrainingResult second = train_next_word(data, settings);
    const Evaluation before = first.curve.front().held_out, after = first.curve.back().held_out;
    CAPTURE(before.loss);
    CAPTURE(after.loss);
    CHECK(before.loss > 2.0);              // about ln 11 = 2.4 at the start
    CHECK(after.loss < 0.5 * before.loss);  // a clear margin
    const Baselines base = baselines(data);
    CHECK(after.accuracy > base.bigram_accuracy);
    // The food after "ate" is only knowable from the noun two or three words
    // back (the bigram guess gets one noun in four): the trained layer gets
    // every held-out one right.
    for (const std::vector<int32_t>& sentence : data.held_out) {
        const std::vector<int32_t> up_to_ate(sentence.begin(), sentence.end() - 1);
        const std::vector<Prediction> best = predict_next(first.trained, rows_of(data.vectors, up_to_ate), 1);
        CHECK(data.words[best[0].word] == data.words[static_cast<size_t>(sentence.back())]);
    }
    // Same seed, same numbers, bit for bit.
    CHECK(first.trained.W_out.data == second.trained.W_out.data);
    CHECK(first.trained.Wq[0].data == second.trained.Wq[0].data);
    CHECK(first.curve.back().held_out.loss == second.curve.back().held_out.loss);
    std::filesystem::remove_all(dir);
}

// ==== the relationship: the probes ==========================================

// The lines of a file as words.
std::vector<std::vector<std::string>> lines_of(const std::string& path) {
    std::ifstream in(path);
    REQUIRE(in.good());
    std::vector<std::vector<std::string>> lines;
    std::string line;
    while (std::getline(in, line)) {
        std::vector<std::string> words;
        std::string word;
        for (std::istringstream words_in(line); words_in >> word;) words.push_back(word);
        if (!words.empty()) lines.push_back(words);
    }
    return lines;
}

TEST_CASE("data/probes.txt: every probe pairs a subject with a verb that no sentence of data/corpus.txt holds together") {
    // Read here with plain streams, independently of the program's reader
    // (which refuses such a probe too: tests/bad_input.sh).
    const auto corpus = lines_of("data/corpus.txt"), probes = lines_of("data/probes.txt");
    REQUIRE(probes.size() >= 200);
    std::set<size_t> distances;
    for (const auto& probe : probes) {
        CAPTURE(probe.size());
        REQUIRE(probe[0] == "the");
        const auto pronoun = std::find_if(probe.begin() + 2, probe.end(), [](const std::string& w) { return w == "his" || w == "her"; });
        REQUIRE(pronoun != probe.end());
        const std::string subject = probe[1], verb = *(pronoun - 1);
        distances.insert(static_cast<size_t>(pronoun - probe.begin()) - 1);
        size_t together = 0;
        for (const auto& sentence : corpus)
            together += std::count(sentence.begin(), sentence.end(), subject) > 0 &&
                        std::count(sentence.begin(), sentence.end(), verb) > 0;
        CAPTURE(subject);
        CAPTURE(verb);
        CHECK(together == 0);
    }
    CHECK(distances == std::set<size_t>{2, 3, 4, 5, 6});
}

TEST_CASE("make_probe: the words before the first his or her, the subject second, the other pronoun wrong") {
    const std::unordered_map<std::string, int32_t> id = word_ids({"the", "king", "of", "north", "fed", "his", "her", "dog"});
    Probe probe;
    REQUIRE(make_probe({"the", "king", "of", "the", "north", "fed", "his", "dog"}, id, probe));
    CHECK(probe.words == std::vector<int32_t>{0, 1, 2, 0, 3, 4});
    CHECK(probe.subject == 1);
    CHECK(probe.distance() == 5);  // king is 5 words before his
    CHECK(probe.right == 5);
    CHECK(probe.wrong == 6);
    REQUIRE(make_probe({"the", "king", "fed", "her"}, id, probe));
    CHECK(probe.right == 6);
    CHECK(probe.wrong == 5);
    CHECK_FALSE(make_probe({"a", "king", "fed", "his"}, id, probe));       // not "the S ..."
    CHECK_FALSE(make_probe({"the", "king", "fed", "a", "dog"}, id, probe));  // no pronoun
    CHECK_FALSE(make_probe({"the", "queen", "fed", "her"}, id, probe));    // a word outside the vocabulary
}

TEST_CASE("without attention the layer is softmax(X W_out + b_out), computed here with loops") {
    Rng rng(21);
    const size_t n = 3, d_model = 4, n_vocab = 5;
    NextWordModel model = random_model(d_model, 2, 2, n_vocab, false, rng);
    model.b_out = random_matrix(1, n_vocab, 1.0f, rng);
    const Matrix X = random_matrix(n, d_model, 1.0f, rng);
    const NextWordForward alone = next_word_forward(model, X, false);
    CHECK(alone.attention.heads.empty());
    for (size_t i = 0; i < n; i++) {
        double logit[n_vocab], sum = 0;
        for (size_t w = 0; w < n_vocab; w++) {
            logit[w] = model.b_out(0, w);
            for (size_t c = 0; c < d_model; c++) logit[w] += static_cast<double>(X(i, c)) * model.W_out(c, w);
            sum += std::exp(logit[w]);
        }
        for (size_t w = 0; w < n_vocab; w++) CHECK(alone.probabilities(i, w) == doctest::Approx(std::exp(logit[w]) / sum).epsilon(1e-5));
    }
    // with attention, the same layer adds its output to X first: different probabilities
    const NextWordForward with = next_word_forward(model, X);
    CHECK(with.probabilities.data != alone.probabilities.data);
}

TEST_CASE("the agreement counts: p(right) > p(wrong), the bigram's counts, a weight of at least 0.5") {
    std::vector<ProbeResult> results(4);
    results[0] = ProbeResult{0.9f, 0.1f, 0.3f, 0.3f, true, 0.6f};
    results[1] = ProbeResult{0.6f, 0.2f, 0.4f, 0.3f, false, 0.5f};
    results[2] = ProbeResult{0.2f, 0.3f, 0.3f, 0.4f, false, 0.1f};
    results[3] = ProbeResult{0.5f, 0.5f, 0.2f, 0.1f, true, 0.49f};  // a tie is not agreement
    const Agreement a = agreement(results);
    CHECK(a.layer == 0.5);
    CHECK(a.bigram == 0.5);
    CHECK(a.without_attention == 0.5);
    CHECK(a.looks_at_subject == 0.5);
}

TEST_CASE("trained two epochs on data/corpus.txt, the layer gets the held-out probes right and the baselines cannot") {
    // Word vectors made here, so that the test needs no other program, by
    // random indexing (Kanerva, Kristoferson and Holst 2000): each word gets
    // a random vector, and its word vector is the sum of the random vectors
    // of the words it shares a sentence with, scaled to length 1. Like
    // ./word2vec's, they place words used alike near each other (with
    // vectors drawn at random instead, the layer gets only about three
    // quarters of the probes right: it has to tell from a word's vector that
    // it is a noun of the same kind as the ones it trained on).
    // Seed 1, d_k 8, 4 heads, as make run, but for two epochs (it reaches 98.6%). The floors
    // are below what it reaches (printed on failure), and far above what the
    // bigram and the layer without attention can (about a half).
    const std::string dir = (std::filesystem::temp_directory_path() / "attention_test_probes").string();
    std::filesystem::create_directories(dir);
    const std::string vectors = dir + "/vectors.txt";
    {
        const auto corpus = lines_of("data/corpus.txt");
        std::map<std::string, std::vector<double>> random, sum;
        Rng rng(3);
        for (const auto& line : corpus)
            for (const std::string& word : line)
                if (!random.count(word)) {
                    random[word] = std::vector<double>(24);
                    for (double& x : random[word]) x = rng.uniform(-1.0f, 1.0f);
                    sum[word] = std::vector<double>(24, 0.0);
                }
        for (const auto& line : corpus)
            for (size_t i = 0; i < line.size(); i++)
                for (size_t j = 0; j < line.size(); j++)
                    if (j != i)
                        for (size_t c = 0; c < 24; c++) sum[line[i]][c] += random[line[j]][c];
        std::ofstream v(vectors);
        v << sum.size() << " 24\n";
        for (const auto& [word, vector] : sum) {
            double length = 0;
            for (double x : vector) length += x * x;
            v << word;
            for (double x : vector) v << " " << x / std::sqrt(length);
            v << "\n";
        }
    }
    const NextWordData data = read_next_word_data("data/corpus.txt", vectors, "data/probes.txt");
    REQUIRE(data.probes.size() >= 200);
    TrainingSettings settings;
    settings.heads = 4;
    settings.epochs = 2;
    const TrainingResult result = train_next_word(data, settings);
    const Agreement a = agreement(score_probes(result.trained, data, count_bigrams(data)));
    CAPTURE(a.layer);
    CAPTURE(a.bigram);
    CAPTURE(a.without_attention);
    CAPTURE(a.looks_at_subject);
    CHECK(a.layer >= 0.95);
    CHECK(a.bigram <= 0.6);
    CHECK(a.without_attention <= 0.6);
    CHECK(result.curve.back().agreement == a.layer);  // the curve's last point is the same measurement
    std::filesystem::remove_all(dir);
}

TEST_CASE("a learning rate far too large is caught as divergence, with the step named") {
    NextWordData data;
    Rng rng(3);
    data.words = {"a", "b", "c", "d"};
    data.vectors = random_matrix(4, 3, 1.0f, rng);
    for (int k = 0; k < 300; k++) data.training.push_back({k % 4, (k + 1) % 4, (k + 3) % 4});
    data.held_out = {{0, 1, 2}};
    TrainingSettings settings;
    settings.lr = 10.0f;
    settings.epochs = 3;
    CHECK_THROWS_WITH(train_next_word(data, settings), doctest::Contains("training diverged at step"));
}

TEST_CASE("the weights file: what is saved is read back exactly") {
    Rng rng(53);
    NextWordModel model = random_model(4, 3, 2, 5, true, rng);
    for (float& b : model.b_out.data) b = rng.uniform(-1, 1);
    const std::vector<std::string> words = {"the", "queen", "fed", "her", "dog"};
    const std::string path = (std::filesystem::temp_directory_path() / "attention_test_weights.txt").string();
    save_weights(path, model, words);
    const TrainedLayer layer = load_weights(path);
    std::remove(path.c_str());
    CHECK(layer.words == words);
    CHECK(layer.model.positions);
    REQUIRE(layer.model.Wq.size() == 2);
    for (size_t h = 0; h < 2; h++) {
        CHECK(layer.model.Wq[h].data == model.Wq[h].data);
        CHECK(layer.model.Wk[h].data == model.Wk[h].data);
        CHECK(layer.model.Wv[h].data == model.Wv[h].data);
    }
    CHECK(layer.model.Wo.data == model.Wo.data);
    CHECK(layer.model.W_out.data == model.W_out.data);
    CHECK(layer.model.b_out.data == model.b_out.data);
    CHECK(layer.model.Wo.rows == 6);
    CHECK(layer.model.W_out.cols == 5);
}

TEST_CASE("the weights file: each kind of damage is named with file:line") {
    const std::string path = (std::filesystem::temp_directory_path() / "attention_test_bad_weights.txt").string();
    auto load_text = [&](const std::string& text) {
        {
            std::ofstream out(path);
            out << text;
        }
        return load_weights(path);
    };
    const std::string header = "attention-weights 1\nd_model 2\nd_k 1\nheads 1\npositions 0\nvocabulary 2\na\nb\n";
    const std::string good = header + "W_q 1\n1\n2\nW_k 1\n3\n4\nW_v 1\n5\n6\nW_o\n7 8\nW_out\n1 2\n3 4\nb_out\n0.5 -0.5\n";
    CHECK_NOTHROW(load_text(good));
    CHECK_THROWS_WITH(load_text("hello\n"), doctest::Contains(":1: expected 'attention-weights 1'"));
    CHECK_THROWS_WITH(load_text("attention-weights 1\nd_model x\n"), doctest::Contains(":2: expected 'd_model <number>'"));
    CHECK_THROWS_WITH(load_text("attention-weights 1\nd_model 0\n"), doctest::Contains(":2: d_model 0 is out of range"));
    CHECK_THROWS_WITH(load_text(header + "W_q 1\n1\n"), doctest::Contains(":11: the file ends early; expected row 2 of W_q 1"));
    CHECK_THROWS_WITH(load_text(header + "W_q 1\n1 2\n"), doctest::Contains(":10: expected 1 numbers in row 1 of W_q 1 but found 2"));
    CHECK_THROWS_WITH(load_text(header + "W_q 1\nabc\n"), doctest::Contains(":10: 'abc' is not a number"));
    CHECK_THROWS_WITH(load_text(header + "W_q 1\nnan\n"), doctest::Contains(":10: 'nan' is not a finite number"));
    CHECK_THROWS_WITH(load_text(header + "W_k 1\n"), doctest::Contains(":9: expected 'W_q 1'"));
    CHECK_THROWS_WITH(load_text("attention-weights 1\nd_model 2\nd_k 1\nheads 1\npositions 0\nvocabulary 2\na\na\n"),
                      doctest::Contains(":8: the word 'a' comes twice"));
    CHECK_THROWS_WITH(load_text(good + "extra\n"), doctest::Contains(":25: unexpected 'extra' after the last row of b_out"));
    std::remove(path.c_str());
}
