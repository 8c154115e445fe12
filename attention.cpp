// attention.cpp - self-attention on a real sentence, step by step, and a layer
// that learns what to attend to.
//
// A sentence becomes a matrix X with one row per word, its word vector, and
// scaled dot-product self-attention (Vaswani et al. 2017, "Attention Is All
// You Need", section 3.2.1) computes
//
//     Q = X W_q      K = X W_k      V = X W_v
//     Attention(Q, K, V) = softmax(Q Kᵀ / sqrt(d_k)) V
//
// one context vector per word: a blend of the words' values (its own
// included), weighted by how well each word's key answers its query. Then a
// layer of several such heads learns, by gradient descent, to predict the
// next word of the sentences of a corpus, and we measure what it learned to
// attend to.
//
// The lesson, in the order it runs:
//     3      the learnable parameters W_q, W_k, W_v
//     4-8    queries, keys, values; scores; the causal mask; softmax; context
//     9      one head: steps 4 to 8 together, forward and backward
//     10     multi-head attention, forward and backward
//     11     the task (predict the next word), its data and its probes; positions
//     12     the model: forward, loss, backward
//     13     training: held-out loss, baselines, the probes' agreement, Adam,
//            the loop, predictions
// Steps 5, 7 and 8 come with their backward code right after the forward
// step: it turns "how the loss changes with this step's output" into "how it
// changes with its inputs" (the chain rule). Step 4 gives the backward rule
// for a matrix product, which the others reuse; step 6, the mask, needs no
// backward code (it says why); step 7's forward code is softmax_rows, in
// matrix.hpp. Steps 1 and 2, reading word vectors from a file and looking up
// the words of a typed sentence, are file handling, left to the program's
// support/ files: what arrives here is a matrix of word vectors, one row per
// word of the vocabulary, and sentences as lists of word ids.
//
// Two words to keep apart: the attention *weights* are the softmax of the
// scores (step 7), how much each word draws from each other word; the learned
// matrices W_q, W_k, W_v, ... are the layer's *parameters*.
//
// From matrix.hpp it takes (every shape is (rows, cols), row-major floats):
//     Matrix M(rows, cols)     rows x cols zeros; M(r, c) is element (r, c), M.row(r) points at row r
//     shape_of(M)              "rows x cols", for error messages
//     matmul(A, B)             A B: (rows of A, k) times (k, cols of B); a mismatch throws std::invalid_argument
//     transpose(A)             Aᵀ
//     scale(A, c)              c A, element by element
//     softmax_rows(S)          each row of S becomes exp(s_j) / sum_k exp(s_k); a row of -inf stays 0
//     Rng rng(seed)            random numbers: rng.uniform() in [0, 1), rng.below(n) in [0, n)
//     random_matrix(r, c, l, rng)   r x c numbers uniform in [-l, l)
//     exp_double, log_double   e^x and ln x in double (to within about 1e-14 of the true
//                              value), with the same bits on every machine
//
// What it leaves out on purpose: batches, dropout, layer normalisation, the
// feed-forward layer and the stack of blocks of a full transformer; training
// the word vectors themselves (they stay fixed).
//
// Dimension letters used in the shape comments:
//     n        words in the sentence
//     d_model  numbers per word vector
//     d_k      numbers per query, key and value, in each head
//     H        heads
//     d_out    numbers per output row of multi-head attention (after W_o)
//     n_vocab  words the trained layer can predict (its vocabulary)
//
// How the shapes flow through one head (steps 4 to 8):
//
//     X (n, d_model) --W_q--> Q (n, d_k) --+
//                    --W_k--> K (n, d_k) --+--> scores (n, n) --mask--> --softmax--> weights (n, n) --+
//                    --W_v--> V (n, d_k) ------------------------------------------------------------+--> context (n, d_k)
//
// The worked example in the comments of steps 4 to 8: three words with two
// numbers each, without the causal mask (step 6 adds it),
//
//     X = [1 0; 0 1; 1 1],  W_q = [1 0; 0 2],  W_k = [1 1; 0 1],  W_v = [2 0; 0 1]
//
// (rows separated by ";"), followed through for the first word.

#include "matrix.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

// ---- 3. the learnable parameters W_q, W_k, W_v ----------------------------
//
// Attention is a soft lookup in a small database whose rows are the words of
// the sentence. Each word asks a question and every word answers it:
//
//   query  q_i = x_i W_q   what word i is looking for,
//   key    k_j = x_j W_k   how word j is indexed: what it offers to be found by,
//   value  v_j = x_j W_v   what word j hands back when it is found.
//
// A real database returns the one row whose key equals the query. Attention
// instead scores every key against the query (step 5), turns the scores into
// weights that sum to 1 (step 7) and returns the weighted blend of all the
// values (step 8). Because the blend is smooth, W_q, W_k and W_v can be
// learned by gradient descent (section 13): training adjusts what each word
// asks for, how it is found and what it gives. Before training they are
// random, drawn uniformly from [-limit, limit) with
// limit = sqrt(6 / (fan_in + fan_out)), the initialisation of Glorot and
// Bengio (2010) that the Annotated Transformer also uses: the entries of Q, K
// and V come out about as large as those of X (for entries of X of mean 0,
// their variance is X's times 2 fan_in / (fan_in + fan_out): 1 when
// d_model = d_k, 1.5 when d_model is three times d_k).

struct HeadParameters {
    Matrix Wq, Wk, Wv;  // each (d_model, d_k)
};

float glorot_limit(size_t fan_in, size_t fan_out) {
    return std::sqrt(6.0f / static_cast<float>(fan_in + fan_out));
}

HeadParameters random_head_parameters(size_t d_model, size_t d_k, Rng& rng) {
    const float limit = glorot_limit(d_model, d_k);
    HeadParameters head;
    head.Wq = random_matrix(d_model, d_k, limit, rng);
    head.Wk = random_matrix(d_model, d_k, limit, rng);
    head.Wv = random_matrix(d_model, d_k, limit, rng);
    return head;
}

// ---- 4. queries, keys and values -----------------------------------------
//
// Q = X W_q, K = X W_k, V = X W_v: one matrix product each (matmul, in
// matrix.hpp), (n, d_model) times (d_model, d_k) gives (n, d_k). Row i of Q
// is word i's query, and so on. V has d_k columns too (the paper allows a
// different width d_v; one width keeps the shapes simple).
//
// Worked example: x_0 = (1, 0), so q_0 = first row of W_q = (1, 0),
// k_0 = (1, 1) and v_0 = (2, 0). All of Q = [1 0; 0 2; 1 2],
// K = [1 1; 0 1; 1 2], V = [2 0; 0 1; 2 1].
//
// The backward pass, first met here. Training needs, for every parameter w,
// the derivative of a number called the loss, L, that says how wrong the
// layer is (section 12 defines it), written dw (same shape as w). Each step
// computes its output Y from inputs A, B, ...; its backward function receives
// dY (how L changes with each entry of Y, worked out by the steps after it)
// and returns dA, dB, ... by the chain rule. Running the backward functions in
// reverse order, from the loss back to W_q, gives every gradient for about
// twice the cost of the forward pass. A projection is a matrix product, and
// for a product the one rule needed is
//
//     Y = A B   (A is (r, k), B is (k, c))   =>   dA = dY Bᵀ,   dB = Aᵀ dY
//
// because Y(i, j) = sum_p A(i, p) B(p, j) changes by B(p, j) per unit of
// A(i, p), and L collects that change through every j: dA(i, p) =
// sum_j dY(i, j) B(p, j), which is (dY Bᵀ)(i, p). Likewise for dB.
// So dW_q = Xᵀ dQ, and X's share is dQ W_qᵀ; X feeds all three projections,
// so its three shares add up.

// dA = dY Bᵀ and dB = Aᵀ dY for Y = A B.
struct ProductGrads {
    Matrix dA, dB;
};

ProductGrads matmul_backward(const Matrix& A, const Matrix& B, const Matrix& dY) {
    return ProductGrads{matmul(dY, transpose(B)), matmul(transpose(A), dY)};
}

// Where two matrices must have the same shape, a mismatch is a bug in the
// caller: say which matrix, and stop, rather than read out of bounds.
void check_shape(const Matrix& M, size_t rows, size_t cols, const std::string& what) {
    if (M.rows != rows || M.cols != cols)
        throw std::invalid_argument(what + " is " + shape_of(M) + " but should be " + std::to_string(rows) + " x " +
                                    std::to_string(cols));
}

// target += M, element by element: where one input feeds several steps, the
// gradients from every path add up. The two must have the same shape.
void add_to(Matrix& target, const Matrix& M) {
    check_shape(M, target.rows, target.cols, "add_to: the matrix added");
    for (size_t i = 0; i < target.data.size(); i++) target.data[i] += M.data[i];
}

// ---- 5. attention scores -------------------------------------------------
//
// score(i, j) = q_i · k_j / sqrt(d_k), that is S = Q Kᵀ / sqrt(d_k).
// The dot product is large when query i and key j point the same way.
// Why divide by sqrt(d_k): if the entries of q and k are independent with
// mean 0 and variance 1, their dot product is a sum of d_k such products and
// has variance d_k (the paper's footnote 4): with d_k = 64, scores of about
// +-8. Without the division, wide heads produce large scores, the softmax
// puts almost all the weight on one word, and then it passes little gradient
// back (the end of step 7 shows why), so the layer learns more slowly.
// Dividing brings the variance back to 1.
//
// Worked example: q_0 = (1, 0) meets the keys (1, 1), (0, 1), (1, 2): dot
// products 1, 0, 1; divided by sqrt(2): 0.7071, 0, 0.7071.

Matrix attention_scores(const Matrix& Q, const Matrix& K) {
    const size_t d_k = Q.cols;
    return scale(matmul(Q, transpose(K)), 1.0f / std::sqrt(static_cast<float>(d_k)));  // (n, n)
}

// Backward: S = (Q Kᵀ) c with c = 1/sqrt(d_k). The factor c passes straight
// through to Q Kᵀ, and step 4's rule for a matrix product, with A = Q and
// B = Kᵀ, gives dQ = c dS (Kᵀ)ᵀ = c dS K and d(Kᵀ) = c Qᵀ dS, which
// transposed is
//     dK = c dSᵀ Q.
struct ScoreGrads {
    Matrix dQ, dK;
};

ScoreGrads attention_scores_backward(const Matrix& Q, const Matrix& K, const Matrix& d_scores) {
    check_shape(d_scores, Q.rows, K.rows, "d_scores");
    const float c = 1.0f / std::sqrt(static_cast<float>(Q.cols));
    return ScoreGrads{scale(matmul(d_scores, K), c), scale(matmul(transpose(d_scores), Q), c)};
}

// ---- 6. the causal mask --------------------------------------------------
//
// When a model generates text one word at a time, word i must not look at the
// words after it: they have not been written yet. Setting score(i, j) to -inf
// for every j > i makes exp(-inf) = 0 in the softmax (step 7), so those words
// get weight exactly 0 and the remaining weights still sum to 1. The diagonal
// (j = i) is never masked, so every row keeps a score that is a number, as
// long as q_i · k_i does not overflow the float range (huge word vectors
// would: a score of -infinity from overflow would look masked, so check that
// no score is infinite before trusting the weights).
//
// Worked example, with the mask: the first word sees only itself. Its scores
// become 0.7071, -inf, -inf, its weights 1, 0, 0, and its context vector is
// its own value, v_0 = (2, 0).
//
// Backward: a masked score is a constant, -inf, whatever Q and K are, so no
// gradient flows through it. Nothing needs doing: step 7's backward already
// gives exactly 0 there, because it multiplies by the weight, which is 0.

void mask_future(Matrix& scores) {
    for (size_t i = 0; i < scores.rows; i++)
        for (size_t j = i + 1; j < scores.cols; j++) scores(i, j) = -std::numeric_limits<float>::infinity();
}

// ---- 7. attention weights ------------------------------------------------
//
// weights(i, :) = softmax(scores(i, :)): row i becomes numbers >= 0 that sum
// to 1, how much word i draws from each word j. The forward code is
// softmax_rows in matrix.hpp: it subtracts each row's maximum first, so that
// exp cannot overflow. "Scores" before
// the softmax, "weights" after: the words used throughout.
//
// Worked example: exp(0.7071) = 2.0281, exp(0) = 1, exp(0.7071) = 2.0281; sum
// 5.0562; weights of the first word 0.4011, 0.1978, 0.4011.
//
// Backward. Within one row, write w = softmax(s). Its Jacobian is
//     dw_j / ds_k = w_j (δ_jk - w_k)        (δ_jk = 1 if j = k, else 0)
// an n x n matrix per row. We never build it: contracted with the incoming
// gradient dw it collapses to
//     ds_k = sum_j dw_j w_j (δ_jk - w_k) = w_k (dw_k - sum_j w_j dw_j),
// one dot product per row and one multiply per entry.
//
// Worked example: the first word's weights w = (0.4011, 0.1978, 0.4011),
// and a loss that grows with its first weight alone, dw = (1, 0, 0): then
// sum_j w_j dw_j = 0.4011 and ds = (0.4011 * 0.5989, 0.1978 * -0.4011,
// 0.4011 * -0.4011) = (0.2402, -0.0793, -0.1609). Raising the first score
// raises the first weight, and raising either other score lowers it; the
// three sum to 0, since adding the same number to every score changes no
// weight.
//
// Why a saturated softmax passes almost no gradient: if one weight w_m is
// close to 1, every other w_k is close to 0, and then
//     ds_k = w_k (dw_k - ...) ~ 0   for k != m,   and
//     ds_m = w_m (dw_m - w_m dw_m - sum_{j != m} w_j dw_j) ~ (1 - w_m) dw_m - ... ~ 0.
// Every entry of ds carries a factor w_k (1 - w_k) or w_j w_k, all near 0:
// whatever the loss asks for, the scores (and W_q, W_k behind them) hardly
// move. The diagonal factor w_k (1 - w_k) is 0.99 * 0.01 = 0.0099 for a
// weight of 0.99, against 0.67 * 0.33 = 0.22 for a weight of 0.67: a
// gradient 22 times smaller. Dividing by sqrt(d_k) in step 5 keeps the
// scores away from this at the start of training (training itself can still
// drive a row there, when one word is all it needs).

Matrix softmax_rows_backward(const Matrix& weights, const Matrix& d_weights) {
    check_shape(d_weights, weights.rows, weights.cols, "d_weights");
    Matrix d_scores(weights.rows, weights.cols);  // (n, n)
    for (size_t i = 0; i < weights.rows; i++) {
        const float* w = weights.row(i);
        const float* dw = d_weights.row(i);
        float* ds = d_scores.row(i);
        float w_dot_dw = 0.0f;  // sum_j w_j dw_j
        for (size_t j = 0; j < weights.cols; j++) w_dot_dw += w[j] * dw[j];
        for (size_t k = 0; k < weights.cols; k++) ds[k] = w[k] * (dw[k] - w_dot_dw);
    }
    return d_scores;
}

// ---- 8. context vectors --------------------------------------------------
//
// context(i, :) = sum over j of weights(i, j) * v_j, that is C = weights V:
// word i's new vector, a blend of every word's value, mostly of the words it
// attends to. matmul of (n, n) and (n, d_k) gives (n, d_k).
//
// Worked example: 0.4011 (2, 0) + 0.1978 (0, 1) + 0.4011 (2, 1) = (1.6044, 0.5989).

Matrix context_vectors(const Matrix& weights, const Matrix& V) {
    return matmul(weights, V);  // (n, d_k)
}

// Backward: a matrix product (step 4's rule), so d_weights = dC Vᵀ and dV = weightsᵀ dC.
struct ContextGrads {
    Matrix d_weights;  // (n, n)
    Matrix dV;         // (n, d_k)
};

ContextGrads context_vectors_backward(const Matrix& weights, const Matrix& V, const Matrix& d_context) {
    ProductGrads product = matmul_backward(weights, V, d_context);
    return ContextGrads{product.dA, product.dB};
}

// ---- 9. one head: steps 4 to 8, forward and backward ----------------------

struct Attention {
    Matrix Q, K, V;   // each (n, d_k)
    Matrix scores;    // (n, n)  Q Kᵀ / sqrt(d_k), after the mask
    Matrix weights;   // (n, n)  softmax of each row of scores
    Matrix context;   // (n, d_k) weights V
};

Attention self_attention(const Matrix& X, const Matrix& Wq, const Matrix& Wk, const Matrix& Wv, bool causal) {
    const size_t d_k = Wq.cols;
    check_shape(Wq, X.cols, d_k, "W_q");
    check_shape(Wk, X.cols, d_k, "W_k");
    check_shape(Wv, X.cols, d_k, "W_v");

    Attention a;
    a.Q = matmul(X, Wq);                    // 4. queries                (n, d_k)
    a.K = matmul(X, Wk);                    // 4. keys                   (n, d_k)
    a.V = matmul(X, Wv);                    // 4. values                 (n, d_k)
    a.scores = attention_scores(a.Q, a.K);  // 5. Q Kᵀ / sqrt(d_k)       (n, n)
    if (causal) mask_future(a.scores);      // 6. -inf above the diagonal
    a.weights = softmax_rows(a.scores);     // 7. each row sums to 1     (n, n)
    a.context = context_vectors(a.weights, a.V);  // 8. weights V        (n, d_k)
    return a;
}

// The same steps in reverse. `forward` is what self_attention returned for
// these inputs; d_context is dL/d(context), (n, d_k). The mask (step 6) needs
// no code of its own: masked weights are 0, so their score gradients are 0.
struct AttentionGrads {
    Matrix dX, dWq, dWk, dWv;  // (n, d_model), then each (d_model, d_k)
};

AttentionGrads self_attention_backward(const Matrix& X, const Matrix& Wq, const Matrix& Wk, const Matrix& Wv,
                                       const Attention& forward, const Matrix& d_context) {
    check_shape(d_context, forward.context.rows, forward.context.cols, "d_context");

    ContextGrads c = context_vectors_backward(forward.weights, forward.V, d_context);  // 8.
    Matrix d_scores = softmax_rows_backward(forward.weights, c.d_weights);              // 7. (and 6)
    ScoreGrads s = attention_scores_backward(forward.Q, forward.K, d_scores);           // 5.
    ProductGrads from_Q = matmul_backward(X, Wq, s.dQ);                                 // 4. dA: X's share, dB: dW_q
    ProductGrads from_K = matmul_backward(X, Wk, s.dK);
    ProductGrads from_V = matmul_backward(X, Wv, c.dV);

    AttentionGrads grads;
    grads.dWq = from_Q.dB;
    grads.dWk = from_K.dB;
    grads.dWv = from_V.dB;
    grads.dX = from_Q.dA;         // X feeds Q, K and V: its three shares add up
    add_to(grads.dX, from_K.dA);
    add_to(grads.dX, from_V.dA);
    return grads;
}

// ---- 10. multi-head attention --------------------------------------------
//
// One head can only blend the words one way. H heads, each with its own W_q,
// W_k and W_v, can attend to different things at once (one to the words
// like "the", another to the subject, ...; to attend by position, "the word
// before", a head needs the positional encodings of section 11.2). Each head
// is exactly steps 4 to 8; their context vectors are set side by side and
// projected by W_o:
//
//     head_h = Attention(X W_q^h, X W_k^h, X W_v^h)      (n, d_k)
//     MultiHead(X) = [head_1 ... head_H] W_o              (n, H d_k)(H d_k, d_out)
//
// W_o mixes what the heads found: each output number can draw on every head.
// (W_v decides what each word hands back to its own head; W_o decides how the
// heads' findings combine, which no single head's W_v can see.) In the paper
// d_k = d_model / H and d_out = d_model; here d_k is a free choice, and the
// trained layer of section 12 uses d_out = d_model.

struct MultiHeadAttention {
    std::vector<Attention> heads;  // H heads
    Matrix concatenated;           // (n, H d_k)
    Matrix output;                 // (n, d_out)
};

MultiHeadAttention multi_head_attention(const Matrix& X, const std::vector<Matrix>& Wq,
                                              const std::vector<Matrix>& Wk, const std::vector<Matrix>& Wv,
                                              const Matrix& Wo, bool causal) {
    const size_t H = Wq.size();
    if (H == 0 || Wk.size() != H || Wv.size() != H)
        throw std::invalid_argument("multi-head attention needs the same number (at least 1) of W_q, W_k and W_v");

    MultiHeadAttention multi;
    size_t width = 0;
    for (size_t h = 0; h < H; h++) {
        multi.heads.push_back(self_attention(X, Wq[h], Wk[h], Wv[h], causal));
        width += multi.heads[h].context.cols;
    }
    check_shape(Wo, width, Wo.cols, "W_o");

    // concatenate: head h fills its own block of columns
    multi.concatenated = Matrix(X.rows, width);  // (n, H d_k)
    size_t first_col = 0;
    for (const Attention& head : multi.heads) {
        for (size_t i = 0; i < X.rows; i++)
            for (size_t c = 0; c < head.context.cols; c++) multi.concatenated(i, first_col + c) = head.context(i, c);
        first_col += head.context.cols;
    }
    multi.output = matmul(multi.concatenated, Wo);  // (n, d_out)
    return multi;
}

// Backward: output = concatenated W_o is a product (d_concatenated = d_output W_oᵀ,
// dW_o = concatenatedᵀ d_output); concatenating only places each head's
// columns, so head h's d_context is its block of columns of d_concatenated;
// then each head runs its own backward, and X's shares from all heads add up.
struct MultiHeadGrads {
    Matrix dX;                         // (n, d_model)
    std::vector<Matrix> dWq, dWk, dWv;  // H of (d_model, d_k)
    Matrix dWo;                        // (H d_k, d_out)
};

MultiHeadGrads multi_head_attention_backward(const Matrix& X, const std::vector<Matrix>& Wq,
                                             const std::vector<Matrix>& Wk, const std::vector<Matrix>& Wv,
                                             const Matrix& Wo, const MultiHeadAttention& forward,
                                             const Matrix& d_output) {
    check_shape(d_output, forward.output.rows, forward.output.cols, "d_output");
    ProductGrads joined = matmul_backward(forward.concatenated, Wo, d_output);  // dA: d_concatenated, dB: dW_o

    MultiHeadGrads grads;
    grads.dX = Matrix(X.rows, X.cols);
    grads.dWo = joined.dB;
    size_t first_col = 0;
    for (size_t h = 0; h < forward.heads.size(); h++) {
        const Attention& head = forward.heads[h];
        Matrix d_context(X.rows, head.context.cols);  // head h's block of columns
        for (size_t i = 0; i < X.rows; i++)
            for (size_t c = 0; c < d_context.cols; c++) d_context(i, c) = joined.dA(i, first_col + c);
        first_col += d_context.cols;

        AttentionGrads g = self_attention_backward(X, Wq[h], Wk[h], Wv[h], head, d_context);
        add_to(grads.dX, g.dX);
        grads.dWq.push_back(g.dWq);
        grads.dWk.push_back(g.dWk);
        grads.dWv.push_back(g.dWv);
    }
    return grads;
}

// ---- 11. a layer that learns: the task and the data ---------------------------
//
// The task. Every sentence of a corpus teaches the layer to predict each word
// from the words before it: "the queen fed ___" should be "her". The text
// is its own teacher, so no labels are needed, and the task needs attention:
// in "the queen fed her hungry dog" and "the king fed his hungry horse" the
// pronoun after "fed" depends on the subject two words back, which a model
// that sees only the previous word (a bigram model) cannot know. To predict
// it, the word "fed" has to look back at "queen" or "king".
//
// The relationship we measure is that one: the possessive pronoun agrees
// with the subject. We chose it because the word just before the pronoun (a
// verb such as fed, washed, sold) says nothing about which pronoun comes, so
// whatever the layer gets right beyond what that word tells must come from
// looking back, and because the subject can stand anywhere from 2 to 6 words
// back ("the king of the far north fed his"), so looking back is not looking
// one place back. This needs a corpus built for it, and the project's is: it teaches
// the agreement with sentences of this kind for fourteen person nouns (king,
// queen, prince, ..., brother, sister), at every distance, with verbs that
// take his and her about equally often.
//
// Probes test it on sentences the layer never saw: each pairs a subject
// with a verb that no sentence of the corpus puts with that subject ("the
// prince of the north fetched his ..."; the program checks this of every
// probe it reads). The pair cannot be remembered: to get the pronoun right, the layer
// must carry what it learned about "prince" in other sentences to a verb it
// never saw with it. Section 13.3 scores them.
//
// Sections 11 to 13 build it: the data here, the model in 12, its training in
// 13. The word vectors stay fixed; the layer learns W_q, W_k, W_v and W_o,
// and an output layer that turns its result into a score for every word.

// ---- 11.1 the data -------------------------------------------------------------
//
// The corpus is a text file with one sentence per line. Reading it, and
// choosing the vocabulary (the corpus words that have a word vector, most
// frequent first, at most 2,000 of them: the output layer costs d_model x
// n_vocab numbers and n_vocab exps per predicted word), is file handling, done
// by the program before it calls next_word_data below. What arrives here are
// the sentences as words (a line longer than 100 words split into sentences
// of 100: attention costs n^2), and the vocabulary's words with their
// vectors. A word's id is its place in the vocabulary.

// A probe: "the SUBJ ... VERB his" asks whether, after "the SUBJ ... VERB", the layer
// puts more probability on the pronoun that agrees with SUBJ than on the other.
// (SUBJ is the subject, VERB the verb.) Every probe starts "the SUBJ", so
// the subject is always word 1. (The program
// makes one from each line of a probes file, "the SUBJ ... VERB his ...", taking
// the words before the first his or her.)
struct Probe {
    std::vector<int32_t> words;  // the sentence up to the verb: the layer predicts the next word after its last
    size_t subject = 1;          // where the subject is: "the SUBJ ..."
    int32_t right = 0, wrong = 0;  // the pronoun that agrees with the subject, and the other one
    size_t distance() const { return words.size() - subject; }  // from the subject to the pronoun
};

struct NextWordData {
    std::vector<std::string> words;               // (n_vocab) the words the layer predicts, most frequent first
    Matrix vectors;                               // (n_vocab, d_model) their word vectors, fixed
    std::vector<std::vector<int32_t>> training;   // sentences as word ids
    std::vector<std::vector<int32_t>> held_out;   // every tenth sentence used, never trained on
    size_t skipped = 0;                           // sentences of fewer than two words, or with a word outside the vocabulary
    std::vector<Probe> probes;                    // probes of the relationship (13.3), read by the program from a file
};

// word -> its id, for the words of the vocabulary
std::unordered_map<std::string, int32_t> word_ids(const std::vector<std::string>& words) {
    std::unordered_map<std::string, int32_t> id;
    for (size_t w = 0; w < words.size(); w++) id.emplace(words[w], static_cast<int32_t>(w));
    return id;
}

// The sentences as word ids. A sentence is used if it has two words or more,
// all in the vocabulary; of the sentences used, every tenth (the 10th, 20th,
// ...) is held out, to measure how well the layer predicts text it has never
// seen. (The corpus mixes its kinds of sentence through the file, so every
// tenth is a fair sample of them.)
NextWordData next_word_data(const std::vector<std::vector<std::string>>& sentences, std::vector<std::string> words,
                            Matrix vectors) {
    const std::unordered_map<std::string, int32_t> id = word_ids(words);

    NextWordData data;
    data.words = std::move(words);
    data.vectors = std::move(vectors);
    size_t used = 0;
    for (const auto& sentence : sentences) {
        std::vector<int32_t> ids;
        for (const std::string& word : sentence) {
            auto known = id.find(word);
            if (known == id.end()) break;
            ids.push_back(known->second);
        }
        if (ids.size() != sentence.size() || ids.size() < 2) {
            data.skipped++;
            continue;
        }
        std::vector<std::vector<int32_t>>& part = used % 10 == 9 ? data.held_out : data.training;
        part.push_back(ids);
        used++;
    }
    return data;
}

// ---- 11.2 positional encodings -------------------------------------------------
//
// Attention itself does not see word order. Without the causal mask, shuffle
// the words of X, and the rows of Q, K, V and of the context vectors are
// shuffled the same way, and the rows and columns of the scores and weights
// too: nothing else changes, up to rounding (the sums add the same numbers in
// another order). The causal mask tells a word which words came before it,
// but nothing tells it how far back each one is. Adding a
// different vector to each position gives the layer that information. The
// paper (section 3.5) uses, for position pos and column pair (2i, 2i + 1),
//
//     PE(pos, 2i) = sin(pos / 10000^(2i / d_model))    PE(pos, 2i + 1) = cos(pos / 10000^(2i / d_model))
//
// waves of wavelengths from 2 pi up to 10000 * 2 pi (for d_model = 24, say,
// up to 2 pi * 4642, the last pair having 2i = 22): nearby positions get similar
// vectors, and PE(pos + k) is a fixed rotation of PE(pos) for every pos, so
// "k words back" is easy to express with W_q and W_k. (The paper also scales
// the word vectors by sqrt(d_model) before adding them; here they are added as
// they are, each number of PE between -1 and 1.)
//
// std::sin and std::cos, like std::exp (see the end of matrix.hpp), may
// differ in the last bit from one C library to the next, so we compute them
// ourselves:
// x - 2 pi round(x / 2 pi) brings x into [-pi, pi], where the Taylor series
// sin r = r - r^3/3! + r^5/5! - ... (and cos r = 1 - r^2/2! + ...) is summed
// up to r^29 (r^30 for cos); the first term left out is below 1e-18.
// For the positions of a sentence (a few hundred at most), the reduction and
// the rounding of pos * frequency leave an absolute error far below 1e-9,
// far smaller than a float's rounding of numbers near 1 (6e-8).

// sin x, or cos x if `cosine`.
double sine_or_cosine(double x, bool cosine) {
    const double two_pi = 6.283185307179586;
    const double r = x - two_pi * std::floor(x / two_pi + 0.5);  // in [-pi, pi]
    int power = cosine ? 0 : 1;  // the first term: r^0 / 0! = 1, or r^1 / 1! = r
    double term = cosine ? 1.0 : r, sum = term;
    while (power < 29) {  // each term is the one before times -r^2 / ((power + 1)(power + 2))
        term *= -r * r / ((power + 1) * (power + 2));
        power += 2;
        sum += term;
    }
    return sum;
}

// (n, d_model): row pos is the encoding of position pos.
Matrix positional_encodings(size_t n, size_t d_model) {
    Matrix P(n, d_model);
    for (size_t pos = 0; pos < n; pos++)
        for (size_t c = 0; c < d_model; c++) {
            const size_t i = c / 2;  // columns 2i and 2i + 1 share one wavelength
            // 1 / 10000^(2i / d_model) = e^(-(2i / d_model) ln 10000)
            const double frequency = exp_double(-static_cast<double>(2 * i) / static_cast<double>(d_model) *
                                                9.210340371976184);
            P(pos, c) = static_cast<float>(sine_or_cosine(static_cast<double>(pos) * frequency, c % 2 == 1));
        }
    return P;
}

// ---- 12. the model, forward and backward -------------------------------------------
//
// For a sentence of m words w_0 ... w_{m-1}:
//
//     X      = the vectors of w_0 ... w_{m-2} (+ positions, 11.2)   (n, d_model), n = m - 1
//     A      = MultiHead(X), causal (section 10)                    (n, d_model)
//     hidden = X + A                                                (n, d_model)
//     logits = hidden W_out + b_out                                 (n, n_vocab)
//     p      = softmax of each row of logits                        (n, n_vocab)
//     loss   = mean over i of -ln p(i, w_{i+1})                     (cross-entropy)
//
// Row i predicts word i + 1. The causal mask makes sure it sees only words
// 0 ... i, never the word it has to predict. hidden = X + A (a residual
// connection, as in every transformer block) passes the current word's own
// vector straight through, so attention only has to add what the earlier
// words say. W_out scores hidden against every word of the vocabulary, one
// column per word, and b_out adds how likely each word is anyway. The loss is
// small when the right next word gets a high probability: -ln 1 = 0, and
// -ln(1/n_vocab) = ln n_vocab for a layer that knows nothing.

struct NextWordModel {
    std::vector<Matrix> Wq, Wk, Wv;  // H of (d_model, d_k)
    Matrix Wo;                       // (H d_k, d_model)
    Matrix W_out;                    // (d_model, n_vocab): column w scores word w
    Matrix b_out;                    // (1, n_vocab)
    bool positions = false;          // add positional encodings to X (11.2)?
};

// Glorot-uniform parameters (section 3) and a zero bias: before training, the
// layer knows nothing, and its guesses are no better than chance (with small
// word vectors, a held-out loss near ln n_vocab).
NextWordModel random_model(size_t d_model, size_t d_k, size_t H, size_t n_vocab, bool positions, Rng& rng) {
    NextWordModel model;
    for (size_t h = 0; h < H; h++) {
        HeadParameters head = random_head_parameters(d_model, d_k, rng);
        model.Wq.push_back(head.Wq);
        model.Wk.push_back(head.Wk);
        model.Wv.push_back(head.Wv);
    }
    model.Wo = random_matrix(H * d_k, d_model, glorot_limit(H * d_k, d_model), rng);
    model.W_out = random_matrix(d_model, n_vocab, glorot_limit(d_model, n_vocab), rng);
    model.b_out = Matrix(1, n_vocab);
    model.positions = positions;
    return model;
}

// ---- 12.1 forward -------------------------------------------------------------------

// (n, d_model): the rows of `vectors` for these word ids: the sentence as a
// matrix X, row i the vector of word i.
Matrix rows_of(const Matrix& vectors, const std::vector<int32_t>& ids) {
    Matrix X(ids.size(), vectors.cols);
    for (size_t i = 0; i < ids.size(); i++) {
        const float* source = vectors.row(static_cast<size_t>(ids[i]));
        std::copy(source, source + vectors.cols, X.row(i));
    }
    return X;
}

// X with the positional encodings added, if the model uses them.
Matrix with_positions(const NextWordModel& model, Matrix X) {
    if (model.positions) add_to(X, positional_encodings(X.rows, X.cols));
    return X;
}

// target(i, :) += row, for every i: the bias b_out, added to each row. `row` is (1, cols).
void add_to_every_row(Matrix& target, const Matrix& row) {
    check_shape(row, 1, target.cols, "add_to_every_row: the row");
    for (size_t i = 0; i < target.rows; i++) {
        float* t = target.row(i);
        for (size_t c = 0; c < target.cols; c++) t[c] += row.data[c];
    }
}

struct NextWordForward {
    Matrix X;                       // (n, d_model) the word vectors, plus positions (added here, not by the caller)
    MultiHeadAttention attention;   // its output is (n, d_model)
    Matrix hidden;                  // (n, d_model) X + attention output
    Matrix probabilities;           // (n, n_vocab) softmax of hidden W_out + b_out
};

// X holds the word vectors of the words seen so far, one row each (n, d_model);
// row i of the result predicts the word after words 0 .. i.
// with_attention = false leaves attention out, hidden = X: the same trained
// layer without what attention adds (section 13.3 measures the difference).
NextWordForward next_word_forward(const NextWordModel& model, const Matrix& X, bool with_attention = true) {
    NextWordForward f;
    f.X = with_positions(model, X);
    f.hidden = f.X;
    if (with_attention) {
        f.attention = multi_head_attention(f.X, model.Wq, model.Wk, model.Wv, model.Wo, true);
        add_to(f.hidden, f.attention.output);  // the residual connection: X + A
    }
    Matrix logits = matmul(f.hidden, model.W_out);  // (n, n_vocab)
    add_to_every_row(logits, model.b_out);
    f.probabilities = softmax_rows(logits);
    return f;
}

// What training feeds the layer: every word of the sentence but the last,
// which is only ever predicted.
NextWordForward sentence_forward(const NextWordModel& model, const Matrix& vectors, const std::vector<int32_t>& sentence) {
    return next_word_forward(model, rows_of(vectors, std::vector<int32_t>(sentence.begin(), sentence.end() - 1)));
}

// The cross-entropy of row i: -ln p(i, target). A probability that rounds
// to below the smallest normal float (1.2e-38) counts as that, so the loss of
// one word is at most 87.3, never infinite.
// (min() is the smallest positive normal float, not the most negative one;
// and with p first, std::max passes a NaN through, for the training loop to
// catch.)
double word_loss(const Matrix& probabilities, size_t i, int32_t target) {
    const float p = std::max(probabilities(i, static_cast<size_t>(target)), std::numeric_limits<float>::min());
    return -log_double(static_cast<double>(p));
}

// The mean loss over a sentence's predictions: word i + 1 from row i.
double sentence_loss(const NextWordForward& f, const std::vector<int32_t>& sentence) {
    double sum = 0;
    for (size_t i = 0; i < f.probabilities.rows; i++) sum += word_loss(f.probabilities, i, sentence[i + 1]);
    return sum / static_cast<double>(f.probabilities.rows);
}

// ---- 12.2 backward ------------------------------------------------------------------
//
// From the loss back to W_q, step by step:
//   softmax and cross-entropy together have a famously simple gradient,
//       d_logits(i, w) = (p(i, w) - [w is the right word]) / n,
//   (the / n because the loss is a mean over the n predictions);
//   logits = hidden W_out + b_out: a product (step 4's rule), and b_out, added
//   to every row, gets the sum of every row's gradient;
//   hidden = X + A: the gradient reaches A unchanged (X is fixed: its share
//   is not needed, though section 10 computes it anyway, a small part of a step);
//   A = MultiHead(X): section 10.

// (1, cols): the sum of each column, the backward of add_to_every_row.
Matrix column_sums(const Matrix& M) {
    Matrix sums(1, M.cols);
    float* sum = sums.row(0);
    for (size_t i = 0; i < M.rows; i++) {
        const float* m = M.row(i);
        for (size_t c = 0; c < M.cols; c++) sum[c] += m[c];
    }
    return sums;
}

struct NextWordGrads {
    std::vector<Matrix> dWq, dWk, dWv;
    Matrix dWo, dW_out, db_out;
};

// `f` is what sentence_forward returned for this sentence (with attention).
NextWordGrads next_word_backward(const NextWordModel& model, const NextWordForward& f,
                                 const std::vector<int32_t>& sentence) {
    if (f.attention.heads.empty())
        throw std::invalid_argument("next_word_backward: the forward pass was run without attention");
    const size_t n = f.probabilities.rows;
    Matrix d_logits = f.probabilities;  // (n, n_vocab)
    for (size_t i = 0; i < n; i++) d_logits(i, static_cast<size_t>(sentence[i + 1])) -= 1.0f;
    for (float& x : d_logits.data) x /= static_cast<float>(n);

    ProductGrads output_layer = matmul_backward(f.hidden, model.W_out, d_logits);  // dA: d_hidden, dB: dW_out
    NextWordGrads grads;
    grads.dW_out = output_layer.dB;
    grads.db_out = column_sums(d_logits);
    MultiHeadGrads attention_grads = multi_head_attention_backward(f.X, model.Wq, model.Wk, model.Wv, model.Wo,
                                                                   f.attention, output_layer.dA);
    grads.dWq = attention_grads.dWq;
    grads.dWk = attention_grads.dWk;
    grads.dWv = attention_grads.dWv;
    grads.dWo = attention_grads.dWo;
    return grads;
}

// ---- 13. training ----------------------------------------------------------------------

// ---- 13.1 measuring it: held-out loss and accuracy -----------------------------

struct Evaluation {
    double loss = 0;      // mean of -ln p(right word), per predicted word
    double accuracy = 0;  // share of words that were the layer's first choice
};

// The most likely word of row i (ties: the more frequent word, the lower id).
size_t best_word(const Matrix& probabilities, size_t i) {
    const float* p = probabilities.row(i);
    return static_cast<size_t>(std::max_element(p, p + probabilities.cols) - p);
}

Evaluation evaluate(const NextWordModel& model, const Matrix& vectors, const std::vector<std::vector<int32_t>>& sentences) {
    double loss = 0;
    size_t right = 0, predicted = 0;
    for (const std::vector<int32_t>& sentence : sentences) {
        NextWordForward f = sentence_forward(model, vectors, sentence);
        for (size_t i = 0; i < f.probabilities.rows; i++) {
            loss += word_loss(f.probabilities, i, sentence[i + 1]);
            right += best_word(f.probabilities, i) == static_cast<size_t>(sentence[i + 1]);
            predicted++;
        }
    }
    if (predicted == 0) return Evaluation{};  // no sentences: nothing to measure
    return Evaluation{loss / static_cast<double>(predicted), static_cast<double>(right) / static_cast<double>(predicted)};
}

// ---- 13.2 what to beat -----------------------------------------------------------
//
//   chance:         a layer that knows nothing gives each of the n_vocab
//                   words 1/n_vocab: a loss of ln n_vocab.
//   most frequent:  always guess the word that is most often the next word
//                   in the training sentences.
//   bigram:         guess the word that most often followed the previous word
//                   in the training sentences (counted, not learned). It knows
//                   the word before, which our layer sees too, but nothing
//                   earlier, which our layer sees through attention.
// Ties go to the more frequent word (the lower id). A previous word never
// seen followed by a word in training falls back on the most frequent guess.

// How often each word follows each other word in the training sentences.
struct BigramCounts {
    size_t n_vocab = 0;
    std::unordered_map<int64_t, int64_t> count;  // previous * n_vocab + next -> how often
    int64_t of(int32_t previous, int32_t next) const {
        const auto found = count.find(static_cast<int64_t>(previous) * static_cast<int64_t>(n_vocab) + next);
        return found == count.end() ? 0 : found->second;
    }
};

BigramCounts count_bigrams(const NextWordData& data) {
    BigramCounts bigrams;
    bigrams.n_vocab = data.words.size();
    for (const std::vector<int32_t>& sentence : data.training)
        for (size_t i = 0; i + 1 < sentence.size(); i++)
            bigrams.count[static_cast<int64_t>(sentence[i]) * static_cast<int64_t>(bigrams.n_vocab) + sentence[i + 1]]++;
    return bigrams;
}

struct Baselines {
    double chance_loss = 0;
    double most_frequent_accuracy = 0;
    double bigram_accuracy = 0;
};

Baselines baselines(const NextWordData& data) {
    const size_t n_vocab = data.words.size();
    Baselines b;
    const BigramCounts bigrams = count_bigrams(data);
    std::vector<int64_t> next_count(n_vocab, 0);
    for (const auto& [pair, count] : bigrams.count) next_count[static_cast<size_t>(pair % static_cast<int64_t>(n_vocab))] += count;
    const int32_t most_frequent = static_cast<int32_t>(std::max_element(next_count.begin(), next_count.end()) - next_count.begin());
    std::vector<int32_t> bigram_guess(n_vocab, most_frequent);
    std::vector<int64_t> bigram_best(n_vocab, 0);
    for (const auto& [pair, count] : bigrams.count) {
        const size_t previous = static_cast<size_t>(pair / static_cast<int64_t>(n_vocab));
        const int32_t next = static_cast<int32_t>(pair % static_cast<int64_t>(n_vocab));
        if (count > bigram_best[previous] || (count == bigram_best[previous] && next < bigram_guess[previous])) {
            bigram_best[previous] = count;
            bigram_guess[previous] = next;
        }
    }

    b.chance_loss = log_double(static_cast<double>(n_vocab));
    size_t predicted = 0, frequent_right = 0, bigram_right = 0;
    for (const std::vector<int32_t>& sentence : data.held_out)
        for (size_t i = 0; i + 1 < sentence.size(); i++) {
            frequent_right += sentence[i + 1] == most_frequent;
            bigram_right += sentence[i + 1] == bigram_guess[static_cast<size_t>(sentence[i])];
            predicted++;
        }
    if (predicted == 0) return b;  // no held-out predictions: nothing to measure
    b.most_frequent_accuracy = static_cast<double>(frequent_right) / static_cast<double>(predicted);
    b.bigram_accuracy = static_cast<double>(bigram_right) / static_cast<double>(predicted);
    return b;
}

// ---- 13.3 the relationship, measured: agreement on the probes ------------------
//
// For each probe "the SUBJ ... VERB ___" (section 11.1) we ask three models whether
// the pronoun that agrees with SUBJ is more probable than the other one:
//   the layer:              p(right) > p(wrong) after the whole probe;
//   the bigram:             "VERB right" was more frequent than "VERB wrong" in
//                           the training sentences (it sees only VERB);
//   the layer without attention: the same trained layer with the attention
//                           output left out (hidden = X, section 12.1), so
//                           that VERB's row sees only VERB (and, with positional
//                           encodings, its position).
// In the corpus the verbs take his and her about equally often, so neither of
// the last two can know the answer. Without positional encodings, the layer
// without attention gives every probe with the same verb the same
// probabilities: right for the probes of one pronoun, wrong for the others
// (and wrong for all, in the unlikely case that the two are exactly equal). The bigram needs one count strictly
// larger than the other: it gets each verb's probes of one pronoun right, or
// none when the counts tie. What the layer gets right beyond them is what
// attention adds. And we look at where the layer looks: the largest weight,
// over the heads, from VERB's row to the subject.

struct ProbeResult {
    float right = 0, wrong = 0;                  // the layer's p of the two pronouns
    float right_alone = 0, wrong_alone = 0;      // the same without attention
    bool bigram_agrees = false;
    float weight_on_subject = 0;                 // the largest over the heads
};

ProbeResult score_probe(const NextWordModel& model, const Matrix& vectors, const BigramCounts& bigrams,
                        const Probe& probe) {
    const Matrix X = rows_of(vectors, probe.words);
    const size_t last = probe.words.size() - 1;  // VERB's row: it predicts the pronoun
    const NextWordForward with = next_word_forward(model, X), without = next_word_forward(model, X, false);
    ProbeResult r;
    r.right = with.probabilities(last, static_cast<size_t>(probe.right));
    r.wrong = with.probabilities(last, static_cast<size_t>(probe.wrong));
    r.right_alone = without.probabilities(last, static_cast<size_t>(probe.right));
    r.wrong_alone = without.probabilities(last, static_cast<size_t>(probe.wrong));
    r.bigram_agrees = bigrams.of(probe.words[last], probe.right) > bigrams.of(probe.words[last], probe.wrong);
    for (const Attention& head : with.attention.heads)
        r.weight_on_subject = std::max(r.weight_on_subject, head.weights(last, probe.subject));
    return r;
}

// The shares of the probes on which each model agrees, and of those where
// some head puts at least half its weight on the subject.
struct Agreement {
    double layer = 0, bigram = 0, without_attention = 0, looks_at_subject = 0;
};

Agreement agreement(const std::vector<ProbeResult>& results) {
    Agreement a;
    for (const ProbeResult& r : results) {
        a.layer += r.right > r.wrong;
        a.bigram += r.bigram_agrees;
        a.without_attention += r.right_alone > r.wrong_alone;
        a.looks_at_subject += r.weight_on_subject >= 0.5f;
    }
    const double n = static_cast<double>(std::max<size_t>(results.size(), 1));
    return Agreement{a.layer / n, a.bigram / n, a.without_attention / n, a.looks_at_subject / n};
}

std::vector<ProbeResult> score_probes(const NextWordModel& model, const NextWordData& data, const BigramCounts& bigrams) {
    std::vector<ProbeResult> results;
    for (const Probe& probe : data.probes) results.push_back(score_probe(model, data.vectors, bigrams, probe));
    return results;
}

// ---- 13.4 Adam -----------------------------------------------------------------
//
// Plain gradient descent moves each parameter by lr * gradient, so parameters
// with small gradients (the column of W_out of a rare word) learn slowly, and
// one unusual sentence can jolt everything. Adam (Kingma and Ba, "Adam: A
// Method for Stochastic Optimization", ICLR 2015) keeps two running averages
// for every parameter w, of its gradient g and of g^2, and steps by their ratio:
//
//     m = beta1 m + (1 - beta1) g          the direction that persists over steps
//     s = beta2 s + (1 - beta2) g^2        how large this parameter's gradients are
//     w = w - lr * m_hat / (sqrt(s_hat) + epsilon),   m_hat = m / (1 - beta1^t),  s_hat = s / (1 - beta2^t)
//
// (The paper calls s "v"; here V is already the values.) m_hat / sqrt(s_hat)
// is +-1 for a parameter whose gradient keeps its size and sign, and smaller
// when the sign keeps changing, so a step is about lr or less, whatever the
// scale of the gradient; up to a few times lr when a large gradient follows
// quiet steps (the column of a rare word when it finally comes up; the
// paper's section 2.1 puts the bound near lr (1 - beta1) / sqrt(1 - beta2),
// 3.2 lr). m and s start at 0, which biases them towards 0 in the first
// steps; dividing by 1 - beta^t (t = steps so far) undoes that. beta1 = 0.9,
// beta2 = 0.999 and epsilon = 1e-8 are the paper's values; its suggested
// learning rate is 0.001, ours starts at 0.01 (TrainingSettings, 13.5).

struct Adam {
    float lr = 0.01f;  // set before each step (13.5)
    float beta1 = 0.9f, beta2 = 0.999f, epsilon = 1e-8f;
    double beta1_power = 1, beta2_power = 1;  // beta1^t and beta2^t
    std::vector<Matrix> m, s;                 // one of each per parameter matrix, made at the first step

    // `parameters` and `gradients` list the same matrices in the same order, every step.
    void step(const std::vector<Matrix*>& parameters, const std::vector<const Matrix*>& gradients) {
        if (m.empty())
            for (const Matrix* W : parameters) {
                m.emplace_back(W->rows, W->cols);
                s.emplace_back(W->rows, W->cols);
            }
        beta1_power *= beta1;
        beta2_power *= beta2;
        const float m_correction = static_cast<float>(1 - beta1_power), s_correction = static_cast<float>(1 - beta2_power);
        if (gradients.size() != parameters.size() || m.size() != parameters.size())
            throw std::invalid_argument("Adam: a different list of parameters than at the first step");
        for (size_t k = 0; k < parameters.size(); k++) {
            check_shape(*gradients[k], parameters[k]->rows, parameters[k]->cols, "Adam: a gradient");
            check_shape(m[k], parameters[k]->rows, parameters[k]->cols, "Adam: a parameter");
            float* w = parameters[k]->data.data();
            const float* g = gradients[k]->data.data();
            float* m_k = m[k].data.data();
            float* s_k = s[k].data.data();
            for (size_t i = 0; i < m[k].data.size(); i++) {
                m_k[i] = beta1 * m_k[i] + (1 - beta1) * g[i];
                s_k[i] = beta2 * s_k[i] + (1 - beta2) * g[i] * g[i];
                w[i] -= lr * (m_k[i] / m_correction) / (std::sqrt(s_k[i] / s_correction) + epsilon);
            }
        }
    }
};

// Every parameter matrix of the model, and of its gradients, in the same order, for Adam.
std::vector<Matrix*> parameters_of(NextWordModel& model) {
    std::vector<Matrix*> list;
    for (Matrix& W : model.Wq) list.push_back(&W);
    for (Matrix& W : model.Wk) list.push_back(&W);
    for (Matrix& W : model.Wv) list.push_back(&W);
    for (Matrix* W : {&model.Wo, &model.W_out, &model.b_out}) list.push_back(W);
    return list;
}

std::vector<const Matrix*> gradients_of(const NextWordGrads& grads) {
    std::vector<const Matrix*> list;
    for (const Matrix& dW : grads.dWq) list.push_back(&dW);
    for (const Matrix& dW : grads.dWk) list.push_back(&dW);
    for (const Matrix& dW : grads.dWv) list.push_back(&dW);
    for (const Matrix* dW : {&grads.dWo, &grads.dW_out, &grads.db_out}) list.push_back(dW);
    return list;
}

// ---- 13.5 the training loop --------------------------------------------------------
//
// One epoch visits every training sentence once, in an order shuffled by the
// seed (so that similar sentences next to each other in the file do not pull
// the parameters one way for many steps); each sentence is one step: forward,
// loss, backward, Adam, with a learning rate that falls over the run from
// lr to lr / steps (learning_rate, below). Every quarter epoch the layer is
// scored on the held-out sentences, which it never trains on, and on the
// probes: a layer that only memorised its training sentences would see its
// training loss fall and its held-out loss stay high.
//
// After each epoch (and once before the first) the loop tells the caller how
// it is going, for a progress line: the epoch's training loss (the mean of its
// sentence losses, each itself a mean over the sentence's words, measured
// while the parameters were still moving) and the latest held-out evaluation
// (a mean over all the held-out words: long sentences weigh more there).
//
// A learning rate that is too large makes the loss grow instead of fall. We
// stop with an error when the loss is not a number (NaN: word_loss caps each
// word's loss, so it is never infinite), or when the mean loss of the last
// 100 sentences is above twice chance: by then the parameters are useless.

struct TrainingSettings {
    size_t d_k = 8;
    size_t heads = 1;
    bool positions = false;
    int epochs = 10;
    float lr = 0.01f;
    uint64_t seed = 1;  // draws the initial parameters, then the order of the sentences
};

struct CurvePoint {
    long long step;
    Evaluation held_out;
    double training_loss;  // the mean loss of the training steps since the point before (at step 0: none, 0)
    double agreement;      // the share of probes the layer gets right (13.3); 0 without probes
};

struct TrainingResult {
    NextWordModel initial, trained;  // before and after: the program shows what training changed
    std::vector<CurvePoint> curve;  // held-out evaluation every quarter epoch, from step 0
};

// The learning rate falls in a straight line, from settings.lr at the first
// step to lr / steps_planned at the last: large steps early to get somewhere,
// small steps late to settle there.
float learning_rate(const TrainingSettings& settings, size_t steps_done, size_t steps_planned) {
    return settings.lr * static_cast<float>(1.0 - static_cast<double>(steps_done) / static_cast<double>(steps_planned));
}

// Fisher-Yates: every order equally likely (up to Rng::below's bias, at most
// 1 / 2^32 per number drawn), drawn from our own generator.
void shuffle(std::vector<size_t>& order, Rng& rng) {
    for (size_t i = order.size(); i > 1; i--) std::swap(order[i - 1], order[rng.below(static_cast<uint32_t>(i))]);
}

// after_epoch(epoch, training_loss, now): epoch 0 is before training (its training loss 0).
using AfterEpoch = std::function<void(int epoch, double training_loss, const CurvePoint& now)>;

TrainingResult train_next_word(const NextWordData& data, const TrainingSettings& settings,
                               const AfterEpoch& after_epoch = nullptr) {
    Rng rng(settings.seed);
    TrainingResult result;
    result.initial = random_model(data.vectors.cols, settings.d_k, settings.heads, data.words.size(),
                                  settings.positions, rng);
    NextWordModel model = result.initial;
    Adam adam;
    const BigramCounts bigrams = count_bigrams(data);  // for the probes (13.3)
    auto probes_right = [&]() { return agreement(score_probes(model, data, bigrams)).layer; };

    const double too_large = 2 * log_double(static_cast<double>(data.words.size()));
    const size_t per_epoch = data.training.size();
    std::vector<double> recent(100, 0.0);  // the losses of the last 100 steps, round robin
    double recent_sum = 0;
    long long step = 0;
    double since_last_point = 0;  // the sum of the training losses since the last curve point
    result.curve.push_back(CurvePoint{0, evaluate(model, data.vectors, data.held_out), 0, probes_right()});
    if (after_epoch) after_epoch(0, 0, result.curve[0]);
    std::vector<size_t> order(per_epoch);
    for (size_t i = 0; i < per_epoch; i++) order[i] = i;

    for (int epoch = 1; epoch <= settings.epochs; epoch++) {
        shuffle(order, rng);
        double epoch_loss = 0;
        for (size_t k = 0; k < per_epoch; k++) {
            const std::vector<int32_t>& sentence = data.training[order[k]];
            NextWordForward f = sentence_forward(model, data.vectors, sentence);
            const double loss = sentence_loss(f, sentence);
            step++;
            recent_sum += loss - recent[static_cast<size_t>(step % 100)];
            recent[static_cast<size_t>(step % 100)] = loss;
            if (!std::isfinite(loss))
                throw std::runtime_error("training diverged at step " + std::to_string(step) +
                                         ": the loss is not a number; try a smaller learning rate");
            if (step >= 100 && recent_sum / 100 > too_large)
                throw std::runtime_error("training diverged at step " + std::to_string(step) +
                                         ": the mean loss of the last 100 sentences is more than twice chance "
                                         "(2 ln n_vocab); try a smaller learning rate");
            epoch_loss += loss;
            since_last_point += loss;
            // step - 1 steps are done before this one: the first step gets the full rate
            adam.lr = learning_rate(settings, step - 1, per_epoch * static_cast<size_t>(settings.epochs));
            const NextWordGrads grads = next_word_backward(model, f, sentence);  // named: Adam gets pointers into it
            adam.step(parameters_of(model), gradients_of(grads));
            // The end of a quarter of the epoch: k + 1 reaches or passes a multiple of
            // per_epoch / 4, a number with a fraction (with fewer than 4 sentences,
            // every step ends one).
            if ((k + 1) * 4 / per_epoch != k * 4 / per_epoch) {
                const double steps = static_cast<double>(step - result.curve.back().step);
                result.curve.push_back(CurvePoint{step, evaluate(model, data.vectors, data.held_out),
                                                  since_last_point / steps, probes_right()});
                since_last_point = 0;
            }
        }
        if (after_epoch) after_epoch(epoch, epoch_loss / static_cast<double>(per_epoch), result.curve.back());
    }
    result.trained = model;
    return result;
}

// ---- 13.6 predictions --------------------------------------------------------------

struct Prediction {
    size_t word;
    float probability;
};

// The `top` most likely words of row i (ties: the lower id).
std::vector<Prediction> top_words(const Matrix& probabilities, size_t i, size_t top) {
    const float* p = probabilities.row(i);
    std::vector<Prediction> all;
    for (size_t w = 0; w < probabilities.cols; w++) all.push_back(Prediction{w, p[w]});
    top = std::min(top, all.size());
    std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(top), all.end(),
                      [](const Prediction& a, const Prediction& b) {
                          return a.probability != b.probability ? a.probability > b.probability : a.word < b.word;
                      });
    all.resize(top);
    return all;
}

// The `top` most likely words to follow the words of X.
std::vector<Prediction> predict_next(const NextWordModel& model, const Matrix& X, size_t top) {
    return top_words(next_word_forward(model, X).probabilities, X.rows - 1, top);
}

// ==== the end of the lesson ==================================================
//
// What follows only makes this file a program: reading word vectors and a
// corpus, the weights file, printing, pictures and the command line, all in
// support/ (support/attention_program.hpp first). A test defines TESTING and
// includes this file, to call every function above with its own inputs.
// (The file is one translation unit: its functions are not inline, so
// include it in one .cpp file only.)
#ifndef TESTING
#include "support/attention_program.hpp"
int main(int argc, char** argv) { return attention_main(argc, argv); }
#endif
