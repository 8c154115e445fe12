// Tests of attention.cpp against the book many students read beside it:
// Sebastian Raschka, "Build a Large Language Model (From Scratch)", chapter 3.
// Its notebook prints the attention of "Your journey starts with one step",
// six words of three numbers each, step by step; here self_attention and
// multi_head_attention get the same inputs and the same weights, and must
// print the same tables to the 4 decimals the book prints:
//
//     the book's table (cell)                           here
//     simplified attention, Q = K = V = X, no scaling:
//       attention scores X Xᵀ (In [10])                 scores
//       attention weights (In [11])                     weights
//       context vectors (In [13])                       context
//     trainable weights, torch.rand, seed 123:
//       query_2, attn_scores_2, attn_weights_2
//       (In [17], [20], [21]): word 2's row             Q, scores, weights (row 1)
//       SelfAttention_v1 (In [23])                      context
//     nn.Linear weights, seed 789:
//       SelfAttention_v2 (In [24])                      context
//       its attention weights (In [25])                 weights
//       its masked scores, Q Kᵀ (In [29])               scores, causal
//       causal attention weights (In [30])              weights, causal
//     nn.Linear weights, seed 123, dropout 0.0:
//       CausalAttention (In [34])                       context, causal
//       MultiHeadAttentionWrapper, 2 heads (In [35])    multi-head output, W_o = I
//       MultiHeadAttention, 2 heads of 1 (In [36])      multi-head output + out_proj's bias
//
// Where the numbers come from. The printed tables: the outputs saved in the
// notebook, ch03/01_main-chapter-code/ch03.ipynb of github.com/rasbt/LLMs-from-scratch
// (commit 28c65cdfbc3338e2e040016eea4b7fdf556e4d57; the notebook ran with
// torch 2.4.0, as its In [1] prints), cell by cell as the notebook numbers
// them, In [n]. The weights: drawn below from the book's seeds as torch draws
// them (section "torch's random numbers" says how, and how it was checked).
// As a second check the tables were computed again with torch 1.13
// (/usr/bin/python3) from the same seeds: every printed digit the same.
//
// The tolerance: a printed 0.1234 stands for a number within 0.00005 of it;
// our floats differ from torch's floats by a few units of 1e-7 (other
// summation orders, our own exp), so we allow 0.00001 more: 0.00006 in all.
//
// Left out on purpose:
//   - Dropout. attention.cpp has none (its header says so), and In [31] and
//     In [32] print dropout(0.5) masks, which the notebook itself says may
//     come out differently on another operating system for the same seed
//     (its note after In [32], pointing to pytorch/pytorch issue 121595): not
//     numbers to pin a test on. The classes of In [34] to [36] are printed
//     with dropout 0.0, which is no dropout: those are checked.
//   - Batches. The book stacks the sentence twice (a batch of 2) from In [33]
//     on; both halves of each printed table are the same, and we check one.
//   - The book's one-word loops and its sum-normalised weights (In [3] to [8],
//     [27], [28]): the loops print rows of the tables above; the
//     normalisations are not how self_attention computes its weights (In [28]
//     ends equal to In [30], which is checked). In [37] and [38] multiply a
//     tensor of their own, not the sentence.
//
// Conventions that differ: the book's nn.Linear weight is (d_out, d_in) and
// is applied as x Wᵀ; our W is (d_in, d_out) and is applied as X W, so each
// nn.Linear weight is transposed when it is drawn. Its torch.rand weights
// (In [16], [23]) are applied as x W, as ours: no transpose.

#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#define TESTING
#include "../attention.cpp"

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

namespace {

// ---- the book's sentence -------------------------------------------------

// "Your journey starts with one step": one row per word (In [2]).
Matrix book_inputs() {
    const std::vector<float> values = {
        0.43f, 0.15f, 0.89f,  // Your
        0.55f, 0.87f, 0.66f,  // journey
        0.57f, 0.85f, 0.64f,  // starts
        0.22f, 0.58f, 0.33f,  // with
        0.77f, 0.25f, 0.10f,  // one
        0.05f, 0.80f, 0.55f,  // step
    };
    Matrix X(6, 3);  // (n, d_model)
    X.data = values;
    return X;
}

// ---- torch's random numbers, with std::mt19937 -----------------------------
//
// torch.manual_seed(s) seeds torch's CPU generator, the 32-bit Mersenne
// Twister MT19937 with its standard seeding, which is std::mt19937(s): the
// C++ standard fixes every output of std::mt19937, so this is the same
// sequence with every compiler and library. (Not a std::*_distribution: their
// output is the library's choice. We take the raw 32-bit outputs and turn
// them into floats the way torch does, for float32 tensors:)
//
//   torch.rand:            the low 24 bits of one output, times 2^-24: a
//                          float in [0, 1), exact.
//   tensor.uniform_(a, b): a + u (b - a), u as torch.rand, with a and b
//                          rounded to float first. torch's kernel for CPUs
//                          with AVX2 computes it as one fused multiply-add:
//                          one rounding, to float. We compute it in double,
//                          where the product and the sum are exact (at most
//                          48 significant bits for the symmetric ranges drawn
//                          here), then round once to float: the same bits.
//   nn.Linear(d_in, d_out): its weight (d_out, d_in), row by row, from
//                          kaiming_uniform_ with a = sqrt(5), which is
//                          uniform_(-1/sqrt(d_in), 1/sqrt(d_in)) (the bound
//                          kaiming computes in double rounds to the same
//                          float, for d_in = 2 and 3); then, if it has one,
//                          its bias (d_out), from the same range.
//
// How it was checked, with torch 1.13 on x86-64 with AVX2: after
// torch.manual_seed(123), 200,000 values of torch.rand and 200,000 more of
// uniform_(-b, b), b = 1/sqrt(3), are these functions' to the last bit. With
// ATEN_CPU_CAPABILITY=default (torch's kernel without AVX2) torch rounds the
// product and the sum apart, and about half its uniform_ draws differ from
// these in the last bit: about 1e-8, far below the 4 printed decimals. The
// first test below checks a few draws against torch's, to the last bit.

struct TorchGenerator {
    std::mt19937 engine;

    explicit TorchGenerator(uint32_t seed) : engine(seed) {}

    // torch.rand for one float32
    float rand() { return static_cast<float>(engine() & 0xFFFFFFu) * (1.0f / 16777216.0f); }

    // tensor.uniform_(from, to) for one float32
    float uniform(float from, float to) {
        const double u = rand();
        const double width = to - from;  // in float, as torch; exact for a symmetric range
        return static_cast<float>(u * width + from);
    }
};

// torch.rand(rows, cols): row by row.
Matrix torch_rand(TorchGenerator& torch_rng, size_t rows, size_t cols) {
    Matrix M(rows, cols);
    for (float& x : M.data) x = torch_rng.rand();
    return M;
}

// The bound of nn.Linear's weights and bias: 1/sqrt(d_in).
float linear_bound(size_t d_in) { return static_cast<float>(1.0 / std::sqrt(static_cast<double>(d_in))); }

// nn.Linear(d_in, d_out)'s weight, drawn as torch draws it, (d_out, d_in),
// and returned transposed, (d_in, d_out), as self_attention applies it: X W.
Matrix torch_linear_weight(TorchGenerator& torch_rng, size_t d_in, size_t d_out) {
    const float bound = linear_bound(d_in);
    Matrix weight(d_out, d_in);  // the book's shape
    for (float& w : weight.data) w = torch_rng.uniform(-bound, bound);
    return transpose(weight);  // (d_in, d_out)
}

// nn.Linear(d_in, d_out)'s bias, drawn right after its weight: (1, d_out).
Matrix torch_linear_bias(TorchGenerator& torch_rng, size_t d_in, size_t d_out) {
    const float bound = linear_bound(d_in);
    Matrix bias(1, d_out);
    for (float& b : bias.data) b = torch_rng.uniform(-bound, bound);
    return bias;
}

// ---- comparing with a printed table -----------------------------------------

const double minus_inf = -std::numeric_limits<double>::infinity();  // the book prints "-inf"

// |ours - printed| <= 0.00005 (the printed rounding) + 0.00001 (float rounding).
const double printed_tolerance = 0.00005 + 0.00001;

// Every number of `ours` against the book's table, as printed.
void check_printed(const Matrix& ours, const std::vector<std::vector<double>>& printed) {
    REQUIRE(ours.rows == printed.size());
    for (size_t r = 0; r < ours.rows; r++) {
        REQUIRE(ours.cols == printed[r].size());
        for (size_t c = 0; c < ours.cols; c++) {
            CAPTURE(r);
            CAPTURE(c);
            if (printed[r][c] == minus_inf) CHECK(static_cast<double>(ours(r, c)) == minus_inf);
            else CHECK(std::fabs(ours(r, c) - printed[r][c]) <= printed_tolerance);
        }
    }
}

// Row r of M, as a (1, cols) matrix.
Matrix row_of(const Matrix& M, size_t r) {
    Matrix row(1, M.cols);
    for (size_t c = 0; c < M.cols; c++) row(0, c) = M(r, c);
    return row;
}

// Columns first .. first + count - 1 of M.
Matrix columns_of(const Matrix& M, size_t first, size_t count) {
    Matrix block(M.rows, count);
    for (size_t r = 0; r < M.rows; r++)
        for (size_t c = 0; c < count; c++) block(r, c) = M(r, first + c);
    return block;
}

// The three weight matrices of one head, in our shape (d_model, d_k).
struct HeadWeights {
    Matrix Wq, Wk, Wv;
};

// The book's nn.Linear W_query, W_key, W_value, drawn in that order.
HeadWeights torch_linear_head(TorchGenerator& torch_rng, size_t d_in, size_t d_out) {
    Matrix Wq = torch_linear_weight(torch_rng, d_in, d_out);
    Matrix Wk = torch_linear_weight(torch_rng, d_in, d_out);
    Matrix Wv = torch_linear_weight(torch_rng, d_in, d_out);
    return HeadWeights{Wq, Wk, Wv};
}

}  // namespace

// ---- the weights ---------------------------------------------------------------

TEST_CASE("our draws are torch's, to the last bit: torch.rand and nn.Linear, from the book's seeds") {
    // The values torch 1.13 draws, printed with 9 significant digits (enough
    // to give back the float exactly):
    //   /usr/bin/python3 -c "import torch; torch.manual_seed(123); print(['%.9g' % v for v in torch.rand(3, 2).flatten().tolist()]);
    //     torch.manual_seed(789); print(['%.9g' % v for v in torch.nn.Linear(3, 2, bias=False).weight.flatten().tolist()]);
    //     torch.manual_seed(123); [torch.nn.Linear(3, 2, bias=False) for _ in range(3)]; o = torch.nn.Linear(2, 2);
    //     print(['%.9g' % v for v in o.weight.flatten().tolist()], ['%.9g' % v for v in o.bias.tolist()])"
    TorchGenerator seed_123(123);
    const Matrix W_query_v1 = torch_rand(seed_123, 3, 2);
    const std::vector<float> rand_123 = {0.296111941f, 0.516562283f, 0.251670718f,
                                         0.68855679f,  0.0739724636f, 0.866521955f};
    CHECK(W_query_v1.data == rand_123);

    TorchGenerator seed_789(789);
    const Matrix W_query_v2 = torch_linear_weight(seed_789, 3, 2);  // transposed: (3, 2)
    const std::vector<float> linear_789 = {0.316059083f, 0.456808567f, 0.51183486f,
                                           -0.1682854f,  -0.337877035f, -0.0917738676f};  // torch's (2, 3)
    CHECK(transpose(W_query_v2).data == linear_789);

    // MultiHeadAttention's out_proj, drawn after its W_query, W_key, W_value:
    // nn.Linear(2, 2) with a bias.
    TorchGenerator seed_123_again(123);
    torch_linear_head(seed_123_again, 3, 2);
    const Matrix out_proj = torch_linear_weight(seed_123_again, 2, 2);
    const Matrix out_proj_bias = torch_linear_bias(seed_123_again, 2, 2);
    const std::vector<float> out_proj_torch = {-0.166757792f, 0.22697258f, 0.500025988f, 0.131738231f};
    const std::vector<float> out_proj_bias_torch = {0.193358868f, 0.682540953f};
    CHECK(transpose(out_proj).data == out_proj_torch);
    CHECK(out_proj_bias.data == out_proj_bias_torch);
}

// ---- simplified attention: Q = K = V = X, no scaling (the book's 3.3) --------

TEST_CASE("simplified attention: scores X Xᵀ, their softmax, and the context vectors, as the book prints them") {
    const Matrix X = book_inputs();
    // The book's first attention has no weights and no 1/sqrt(d_k): scores
    // X Xᵀ. self_attention always divides by sqrt(d_k) = sqrt(3), so we give
    // it W_q = sqrt(3) I, which multiplies the scores by sqrt(3) first, and
    // W_k = W_v = I: K = V = X.
    Matrix Wq(3, 3), identity(3, 3);
    for (size_t i = 0; i < 3; i++) {
        Wq(i, i) = std::sqrt(3.0f);
        identity(i, i) = 1.0f;
    }
    const Attention a = self_attention(X, Wq, identity, identity, false);

    check_printed(a.scores, {{0.9995, 0.9544, 0.9422, 0.4753, 0.4576, 0.6310},  // In [10] (and In [9], by loops)
                             {0.9544, 1.4950, 1.4754, 0.8434, 0.7070, 1.0865},
                             {0.9422, 1.4754, 1.4570, 0.8296, 0.7154, 1.0605},
                             {0.4753, 0.8434, 0.8296, 0.4937, 0.3474, 0.6565},
                             {0.4576, 0.7070, 0.7154, 0.3474, 0.6654, 0.2935},
                             {0.6310, 1.0865, 1.0605, 0.6565, 0.2935, 0.9450}});
    check_printed(a.weights, {{0.2098, 0.2006, 0.1981, 0.1242, 0.1220, 0.1452},  // In [11]
                              {0.1385, 0.2379, 0.2333, 0.1240, 0.1082, 0.1581},
                              {0.1390, 0.2369, 0.2326, 0.1242, 0.1108, 0.1565},
                              {0.1435, 0.2074, 0.2046, 0.1462, 0.1263, 0.1720},
                              {0.1526, 0.1958, 0.1975, 0.1367, 0.1879, 0.1295},
                              {0.1385, 0.2184, 0.2128, 0.1420, 0.0988, 0.1896}});
    check_printed(a.context, {{0.4421, 0.5931, 0.5790},  // In [13]
                              {0.4419, 0.6515, 0.5683},
                              {0.4431, 0.6496, 0.5671},
                              {0.4304, 0.6298, 0.5510},
                              {0.4671, 0.5910, 0.5266},
                              {0.4177, 0.6503, 0.5645}});
}

// ---- trainable weights (the book's 3.4) ---------------------------------------

TEST_CASE("SelfAttention_v1: torch.rand weights from seed 123, word 2's query, scores and weights, all context vectors") {
    // In [16] and In [23] draw W_query, W_key, W_value = torch.rand(3, 2)
    // each, in that order, after torch.manual_seed(123), and apply them as x W.
    TorchGenerator torch_rng(123);
    const Matrix Wq = torch_rand(torch_rng, 3, 2);
    const Matrix Wk = torch_rand(torch_rng, 3, 2);
    const Matrix Wv = torch_rand(torch_rng, 3, 2);
    const Attention a = self_attention(book_inputs(), Wq, Wk, Wv, false);

    // Word 2 ("journey", row 1): its query (In [17]); its scores before the
    // division by sqrt(d_k) = sqrt(2) (In [20]: ours times sqrt(2)); its
    // weights (In [21]).
    check_printed(row_of(a.Q, 1), {{0.4306, 1.4551}});
    check_printed(scale(row_of(a.scores, 1), std::sqrt(2.0f)), {{1.2705, 1.8524, 1.8111, 1.0795, 0.5577, 1.5440}});
    check_printed(row_of(a.weights, 1), {{0.1500, 0.2264, 0.2199, 0.1311, 0.0906, 0.1820}});

    // All six context vectors (In [23]; row 1 is In [22]'s context_vec_2).
    check_printed(a.context, {{0.2996, 0.8053},
                              {0.3061, 0.8210},
                              {0.3058, 0.8203},
                              {0.2948, 0.7939},
                              {0.2927, 0.7891},
                              {0.2990, 0.8040}});
}

TEST_CASE("SelfAttention_v2: nn.Linear weights from seed 789, its attention weights and context vectors") {
    // In [24]: W_query, W_key, W_value = nn.Linear(3, 2, bias=False) each,
    // in that order, after torch.manual_seed(789).
    TorchGenerator torch_rng(789);
    const HeadWeights w = torch_linear_head(torch_rng, 3, 2);
    const Attention a = self_attention(book_inputs(), w.Wq, w.Wk, w.Wv, false);

    check_printed(a.weights, {{0.1921, 0.1646, 0.1652, 0.1550, 0.1721, 0.1510},  // In [25]
                              {0.2041, 0.1659, 0.1662, 0.1496, 0.1665, 0.1477},
                              {0.2036, 0.1659, 0.1662, 0.1498, 0.1664, 0.1480},
                              {0.1869, 0.1667, 0.1668, 0.1571, 0.1661, 0.1564},
                              {0.1830, 0.1669, 0.1670, 0.1588, 0.1658, 0.1585},
                              {0.1935, 0.1663, 0.1666, 0.1542, 0.1666, 0.1529}});
    check_printed(a.context, {{-0.0739, 0.0713},  // In [24]
                              {-0.0748, 0.0703},
                              {-0.0749, 0.0702},
                              {-0.0760, 0.0685},
                              {-0.0763, 0.0679},
                              {-0.0754, 0.0693}});
}

// ---- the causal mask (the book's 3.5) -----------------------------------------------

TEST_CASE("causal attention with SelfAttention_v2's weights: the masked scores and the causal weights") {
    // In [29] and In [30] reuse SelfAttention_v2's W_query and W_key (seed 789).
    TorchGenerator torch_rng(789);
    const HeadWeights w = torch_linear_head(torch_rng, 3, 2);
    const Attention a = self_attention(book_inputs(), w.Wq, w.Wk, w.Wv, true);

    // In [29] prints the masked Q Kᵀ before the division by sqrt(d_k) = sqrt(2):
    // ours times sqrt(2). (-inf times sqrt(2) is -inf.)
    check_printed(scale(a.scores, std::sqrt(2.0f)), {{0.2899, minus_inf, minus_inf, minus_inf, minus_inf, minus_inf},
                                                     {0.4656, 0.1723, minus_inf, minus_inf, minus_inf, minus_inf},
                                                     {0.4594, 0.1703, 0.1731, minus_inf, minus_inf, minus_inf},
                                                     {0.2642, 0.1024, 0.1036, 0.0186, minus_inf, minus_inf},
                                                     {0.2183, 0.0874, 0.0882, 0.0177, 0.0786, minus_inf},
                                                     {0.3408, 0.1270, 0.1290, 0.0198, 0.1290, 0.0078}});
    check_printed(a.weights, {{1.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000},  // In [30] (and In [28])
                              {0.5517, 0.4483, 0.0000, 0.0000, 0.0000, 0.0000},
                              {0.3800, 0.3097, 0.3103, 0.0000, 0.0000, 0.0000},
                              {0.2758, 0.2460, 0.2462, 0.2319, 0.0000, 0.0000},
                              {0.2175, 0.1983, 0.1984, 0.1888, 0.1971, 0.0000},
                              {0.1935, 0.1663, 0.1666, 0.1542, 0.1666, 0.1529}});
}

TEST_CASE("CausalAttention: nn.Linear weights from seed 123, dropout 0.0, its context vectors") {
    // In [34]: W_query, W_key, W_value = nn.Linear(3, 2, bias=False) each,
    // after torch.manual_seed(123); dropout 0.0, that is none.
    TorchGenerator torch_rng(123);
    const HeadWeights w = torch_linear_head(torch_rng, 3, 2);
    const Attention a = self_attention(book_inputs(), w.Wq, w.Wk, w.Wv, true);

    check_printed(a.context, {{-0.4519, 0.2216},  // In [34], the first of its two identical halves
                              {-0.5874, 0.0058},
                              {-0.6300, -0.0632},
                              {-0.5675, -0.0843},
                              {-0.5526, -0.0981},
                              {-0.5299, -0.1081}});
}

// ---- multi-head attention (the book's 3.6) --------------------------------------------

TEST_CASE("MultiHeadAttentionWrapper: two causal heads from seed 123, side by side") {
    // In [35]: two CausalAttention heads, each drawing its W_query, W_key,
    // W_value (nn.Linear(3, 2, bias=False)) in turn after torch.manual_seed(123),
    // dropout 0.0; their context vectors side by side, with no projection:
    // ours with W_o = I (4 x 4).
    TorchGenerator torch_rng(123);
    const HeadWeights head_1 = torch_linear_head(torch_rng, 3, 2);
    const HeadWeights head_2 = torch_linear_head(torch_rng, 3, 2);
    Matrix Wo(4, 4);
    for (size_t i = 0; i < 4; i++) Wo(i, i) = 1.0f;
    const MultiHeadAttention multi = multi_head_attention(book_inputs(), {head_1.Wq, head_2.Wq}, {head_1.Wk, head_2.Wk},
                                                          {head_1.Wv, head_2.Wv}, Wo, true);

    check_printed(multi.output, {{-0.4519, 0.2216, 0.4772, 0.1063},  // In [35], the first of its two identical halves
                                 {-0.5874, 0.0058, 0.5891, 0.3257},
                                 {-0.6300, -0.0632, 0.6202, 0.3860},
                                 {-0.5675, -0.0843, 0.5478, 0.3589},
                                 {-0.5526, -0.0981, 0.5321, 0.3428},
                                 {-0.5299, -0.1081, 0.5077, 0.3493}});
}

TEST_CASE("MultiHeadAttention: d_out = 2 split into two heads of 1, then out_proj with its bias") {
    // In [36], after torch.manual_seed(123): W_query, W_key, W_value =
    // nn.Linear(3, 2, bias=False), then out_proj = nn.Linear(2, 2) with a
    // bias; dropout 0.0. Each is (3, 2) here, and head h (head_dim 1) takes
    // its column h: output number h of each nn.Linear. out_proj's weight,
    // transposed, is our W_o (2 x 2). Ours has no bias after W_o, so the test
    // adds out_proj's bias to every output row itself.
    TorchGenerator torch_rng(123);
    const HeadWeights all_heads = torch_linear_head(torch_rng, 3, 2);
    const Matrix Wo = torch_linear_weight(torch_rng, 2, 2);
    const Matrix out_proj_bias = torch_linear_bias(torch_rng, 2, 2);  // (1, 2)

    std::vector<Matrix> Wq, Wk, Wv;
    for (size_t h = 0; h < 2; h++) {
        Wq.push_back(columns_of(all_heads.Wq, h, 1));  // (3, 1)
        Wk.push_back(columns_of(all_heads.Wk, h, 1));
        Wv.push_back(columns_of(all_heads.Wv, h, 1));
    }
    const MultiHeadAttention multi = multi_head_attention(book_inputs(), Wq, Wk, Wv, Wo, true);
    Matrix output = multi.output;  // (6, 2)
    for (size_t i = 0; i < output.rows; i++)
        for (size_t c = 0; c < output.cols; c++) output(i, c) += out_proj_bias(0, c);

    check_printed(output, {{0.3190, 0.4858},  // In [36], the first of its two identical halves
                           {0.2943, 0.3897},
                           {0.2856, 0.3593},
                           {0.2693, 0.3873},
                           {0.2639, 0.3928},
                           {0.2575, 0.4028}});
}
