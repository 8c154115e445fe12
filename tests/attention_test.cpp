// Tests of attention.cpp: a hand-checkable example, the properties attention
// must have, and the loop form of every step against the matrix form.

#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#define TESTING
#include "../attention.cpp"

#include <cstdio>
#include <filesystem>
#include <fstream>

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
    HeadWeights w = random_head_weights(6, 3, rng);
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
    HeadWeights w = random_head_weights(4, 4, rng);
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
    HeadWeights w = random_head_weights(5, 3, rng);
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
    HeadWeights w = random_head_weights(6, 2, rng);
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
    HeadWeights w = random_head_weights(d_model, d_k, rng);
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
    HeadWeights w = random_head_weights(6, 3, rng);
    Matrix identity(3, 3);
    for (size_t i = 0; i < 3; i++) identity(i, i) = 1.0f;
    for (bool causal : {false, true}) {
        Matrix multi = multi_head_attention(X, {w.Wq}, {w.Wk}, {w.Wv}, identity, causal);
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
        HeadWeights w = random_head_weights(d_model, d_k, rng);
        Wq.push_back(w.Wq);
        Wk.push_back(w.Wk);
        Wv.push_back(w.Wv);
    }
    Matrix Wo = random_matrix(H * d_k, d_out, 0.5f, rng);
    Matrix output = multi_head_attention(X, Wq, Wk, Wv, Wo, false);
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
    HeadWeights a = random_head_weights(24, 4, first);
    HeadWeights b = random_head_weights(24, 4, second);
    HeadWeights c = random_head_weights(24, 4, other);
    for (float x : a.Wq.data) CHECK(std::fabs(x) <= 0.46291005f);
    CHECK(a.Wq.data == b.Wq.data);
    CHECK(a.Wv.data == b.Wv.data);
    CHECK(a.Wq.data != c.Wq.data);
    CHECK(a.Wq.data != a.Wk.data);
}

TEST_CASE("the sentence matrix: one row per word, case-insensitive, every unknown word named") {
    WordVectors vocabulary;
    vocabulary.words = {"the", "Queen", "queen", "dog"};
    vocabulary.vectors = from_rows({{1, 2}, {3, 4}, {5, 6}, {7, 8}});

    Matrix X = sentence_matrix({"The", "queen", "dog", "the"}, vocabulary, "v.txt");
    // "The" finds "the" ignoring case; "queen" matches row 2 exactly, not "Queen".
    check_matrix_near(X, {{1, 2}, {5, 6}, {7, 8}, {1, 2}}, 0);

    CHECK_THROWS_WITH(sentence_matrix({"the", "zebra", "dog", "unicorn"}, vocabulary, "v.txt"),
                      "v.txt: no vector for 'zebra', 'unicorn'");
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

TEST_CASE("the heat map shades each weight by tenths") {
    Matrix weights = from_rows({{1.0f, 0.0f}, {0.25f, 0.75f}});
    // 1.0 -> full block, 0.0 -> blank, 0.25 -> level 2 (medium shade), 0.75 -> full block;
    // each cell is as wide as its column's word.
    std::string expected =
        "   ab c\n"
        "ab \u2588\u2588  \n"
        "c  \u2592\u2592 \u2588\n"
        "(blank < 0.1 <= \u2591 < 0.2 <= \u2592 < 0.3 <= \u2593 < 0.4 <= \u2588)\n";
    CHECK(heat_map(weights, {"ab", "c"}) == expected);
}
