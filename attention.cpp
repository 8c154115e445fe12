// attention.cpp - self-attention on a real sentence, step by step, and a layer
// that learns what to attend to.
//
// It reads word vectors (the ones ./word2vec trains, or any word2vec file, text
// or binary, or GloVe file), turns a sentence into a matrix X with one row per
// word, and computes scaled dot-product self-attention (Vaswani et al. 2017,
// "Attention Is All You Need", section 3.2):
//
//     Q = X W_q      K = X W_k      V = X W_v
//     Attention(Q, K, V) = softmax(Q Kᵀ / sqrt(d_k)) V
//
// printing every intermediate matrix, labelled with the words. --causal adds
// the mask that lets a word look only at itself and the words before it;
// --heads H runs H heads side by side and joins them with W_o.
//
// W_q, W_k and W_v are learnable: each step's section gives its formula, its
// forward code (steps 4 and 7 call matmul and softmax_rows from matrix.hpp)
// and, right after it, its backward code, which turns "how the loss changes
// with this step's output" into "how it changes with the step's inputs" (the
// chain rule). With those, --train teaches a causal attention
// layer to predict the next word of the sentences in a corpus (sections 11 to
// 13): W_q, W_k, W_v, W_o and an output layer learn, and are saved to a file
// (section 14) from which --weights shows what the trained layer attends to
// on any sentence.
//
// Two words to keep apart: the attention *weights* are the softmax of the
// scores (step 7), how much each word draws from each other word; the learned
// matrices W_q, W_k, W_v, ... are the layer's *parameters* (the "weights
// file" of section 14, --weights, holds those: the usual name for it).
//
// Sections 1 to 13 are the lesson; 14 to 16 (the file format, printing, the
// command line) are plumbing that can be skimmed. From the other files: a
// Matrix (matrix.hpp) is rows x cols floats, row-major, with M(r, c) and a
// pointer to row r, M.row(r); find_word (io.hpp) returns the row of a word,
// or words.size() when it is not there; a UsageError (cli.hpp) is a bad
// command line, exit status 2, any other error exit status 1.
//
// What it leaves out on purpose: batches, dropout, layer normalisation, the
// feed-forward layer and the stack of blocks of a full transformer; training
// the word vectors themselves (they stay as ./word2vec made them).
//
// Build and run:
//     make attention
//     ./attention --vectors vectors.txt --sentence "the queen fed her hungry dog"
//     ./attention --train --corpus data/corpus.txt --vectors vectors.txt --output weights.txt
//     ./attention --weights weights.txt --sentence "the king fed his dog"
//     ./attention --help
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
// The worked example in the comments of steps 4 to 8 (and in the tests): three
// words with two numbers each, without the causal mask,
//
//     X = [1 0; 0 1; 1 1],  W_q = [1 0; 0 2],  W_k = [1 1; 0 1],  W_v = [2 0; 0 1]
//
// (rows separated by ";"), followed through for the first word.

#include "cli.hpp"
#include "io.hpp"
#include "matrix.hpp"
#include "svg.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <limits>
#include <new>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

// ---- 1. word vectors -----------------------------------------------------
//
// A word vector file has one row per word: the word, then d_model numbers
// (io.hpp reads the word2vec text format, GloVe's header-less variant and
// word2vec's binary format). A pretrained file can hold 400,000 words, so we
// keep only the rows whose word we need.

WordVectors load_vectors_for(const std::string& path, const std::vector<std::string>& words) {
    RowFilter filter;
    for (const std::string& word : words) filter.lowercase_words.insert(lowercase(word));
    return read_word_vectors(path, filter);
}

// ---- 2. the sentence as a matrix X ---------------------------------------
//
// A sentence as people type it, "The queen fed her dog.", is split into words
// and punctuation marks: The queen fed her dog . (split_sentence, io.hpp).
// Files such as GloVe have vectors for "." and ","; ours, trained on a corpus
// without punctuation, do not, so a mark without a vector is left out (and
// the program says so), while a word without one is an error.

// The tokens that stay: every word, and the marks that have a vector.
// The marks left out are added to `left_out`.
std::vector<std::string> drop_marks_without_vectors(const std::vector<std::string>& tokens,
                                                    const std::vector<std::string>& vocabulary,
                                                    std::vector<std::string>& left_out) {
    std::vector<std::string> kept;
    for (const std::string& token : tokens) {
        if (is_punctuation(token) && find_word(vocabulary, token) == vocabulary.size()) left_out.push_back(token);
        else kept.push_back(token);
    }
    return kept;
}

// Row i of X is the vector of word i. A word is looked up exactly first, then
// ignoring case ("The" finds "the"; find_word is in io.hpp). Every unknown
// word is named in one error.

Matrix sentence_matrix(const std::vector<std::string>& words, const WordVectors& vocabulary, const std::string& source) {
    const size_t d_model = vocabulary.vectors.cols;
    Matrix X(words.size(), d_model);  // (n, d_model)
    std::string unknown;
    for (size_t i = 0; i < words.size(); i++) {
        size_t found = find_word(vocabulary.words, words[i]);
        if (found == vocabulary.words.size()) {
            unknown += (unknown.empty() ? "'" : ", '") + words[i] + "'";
            continue;
        }
        for (size_t c = 0; c < d_model; c++) X(i, c) = vocabulary.vectors(found, c);
    }
    if (!unknown.empty()) throw std::runtime_error(source + ": no vector for " + unknown);
    return X;
}

// Sections 1 and 2 together: the tokens of a typed sentence as X.
struct Sentence {
    std::vector<std::string> words;     // the words of X's rows
    std::vector<std::string> left_out;  // punctuation without a vector
    Matrix X;                           // (n, d_model)
};

Sentence read_sentence(const std::vector<std::string>& tokens, const std::string& vectors_path) {
    const WordVectors vocabulary = load_vectors_for(vectors_path, tokens);
    Sentence sentence;
    sentence.words = drop_marks_without_vectors(tokens, vocabulary.words, sentence.left_out);
    if (sentence.words.empty())
        throw UsageError("--sentence: no words, only punctuation that has no vector in " + vectors_path);
    sentence.X = sentence_matrix(sentence.words, vocabulary, vectors_path);
    return sentence;
}

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
// and V come out about as large as those of X (for entries of mean 0, their
// variance is X's times 2 fan_in / (fan_in + fan_out): 1 when d_model = d_k,
// 1.5 for 24 and 8).

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
//     Y = A B   (A is (n, k), B is (k, m))   =>   dA = dY Bᵀ,   dB = Aᵀ dY
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

// target += M, element by element: where one input feeds several steps, the
// gradients from every path add up. The two must have the same shape.
void add_to(Matrix& target, const Matrix& M) {
    assert(target.rows == M.rows && target.cols == M.cols);
    for (size_t i = 0; i < target.data.size(); i++) target.data[i] += M.data[i];
}

// ---- 5. attention scores -------------------------------------------------
//
// score(i, j) = q_i · k_j / sqrt(d_k), that is S = Q Kᵀ / sqrt(d_k).
// The dot product is large when query i and key j point the same way.
// Why divide by sqrt(d_k): if the entries of q and k are independent with
// mean 0 and variance 1, their dot product is a sum of d_k such products and
// has variance d_k (the paper's footnote 4). Without the division, wide heads
// would produce scores in the tens, the softmax would put almost all weight
// on one word, and its gradient would all but vanish (step 7 shows why).
// Dividing brings the variance back to 1.
//
// Worked example: q_0 = (1, 0) meets the keys (1, 1), (0, 1), (1, 2): dot
// products 1, 0, 1; divided by sqrt(2): 0.7071, 0, 0.7071.

Matrix attention_scores(const Matrix& Q, const Matrix& K) {
    const size_t d_k = Q.cols;
    return scale(matmul(Q, transpose(K)), 1.0f / std::sqrt(static_cast<float>(d_k)));  // (n, n)
}

// Backward: S = (Q Kᵀ) c with c = 1/sqrt(d_k). The factor c passes straight
// through to Q Kᵀ, and the product rule above (with B = Kᵀ) gives
//     dQ = c dS K      and      dK = c dSᵀ Q.
struct ScoreGrads {
    Matrix dQ, dK;
};

ScoreGrads attention_scores_backward(const Matrix& Q, const Matrix& K, const Matrix& d_scores) {
    const float c = 1.0f / std::sqrt(static_cast<float>(Q.cols));
    return ScoreGrads{scale(matmul(d_scores, K), c), scale(matmul(transpose(d_scores), Q), c)};
}

// ---- 6. the causal mask --------------------------------------------------
//
// When a model generates text one word at a time, word i must not look at the
// words after it: they have not been written yet. Setting score(i, j) to -inf
// for every j > i makes exp(-inf) = 0 in the softmax (step 7), so those words
// get weight exactly 0 and the remaining weights still sum to 1. The diagonal
// (j = i) is never masked, so every row keeps at least one finite score.
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
// softmax_rows in matrix.hpp (the tests and exercises use it on its own): it
// subtracts each row's maximum first so exp cannot overflow. "Scores" before
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
// Why a saturated softmax passes almost no gradient: if one weight w_m is
// close to 1, every other w_k is close to 0, and then
//     ds_k = w_k (dw_k - ...) ~ 0   for k != m,   and
//     ds_m = w_m (dw_m - w_m dw_m - sum_{j != m} w_j dw_j) ~ (1 - w_m) dw_m - ... ~ 0.
// Every entry of ds carries a factor w_k (1 - w_k) or w_j w_k, all near 0:
// whatever the loss asks for, the scores (and W_q, W_k behind them) hardly
// move. The diagonal factor w_k (1 - w_k) is 0.99 * 0.01 = 0.0099 for a
// weight of 0.99, against 0.67 * 0.33 = 0.22 for a weight of 0.67: a
// gradient 22 times smaller. This is what dividing by sqrt(d_k) in step 5
// protects against.

Matrix softmax_rows_backward(const Matrix& weights, const Matrix& d_weights) {
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

void check_shape(const Matrix& M, size_t rows, size_t cols, const std::string& what) {
    if (M.rows != rows || M.cols != cols)
        throw std::invalid_argument(what + " is " + std::to_string(M.rows) + " x " + std::to_string(M.cols) +
                                    " but should be " + std::to_string(rows) + " x " + std::to_string(cols));
}

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
                                       const Attention& forward, const Matrix& d_context, bool causal) {
    check_shape(d_context, forward.context.rows, forward.context.cols, "d_context");
    (void)causal;  // kept for the callers' sake: the zero weights of the mask already stop the gradient (step 6)

    ContextGrads c = context_vectors_backward(forward.weights, forward.V, d_context);  // 8.
    Matrix d_scores = softmax_rows_backward(forward.weights, c.d_weights);              // 7. (and 6)
    ScoreGrads s = attention_scores_backward(forward.Q, forward.K, d_scores);           // 5.
    ProductGrads from_Q = matmul_backward(X, Wq, s.dQ);                                 // 4. dA: X's share, dB: dW_q
    ProductGrads from_K = matmul_backward(X, Wk, s.dK);
    ProductGrads from_V = matmul_backward(X, Wv, c.dV);

    AttentionGrads grads{from_Q.dA, from_Q.dB, from_K.dB, from_V.dB};
    add_to(grads.dX, from_K.dA);  // X feeds Q, K and V: its three shares add up
    add_to(grads.dX, from_V.dA);
    return grads;
}

// ---- 10. multi-head attention --------------------------------------------
//
// One head can only blend the words one way. H heads, each with its own W_q,
// W_k and W_v, can attend to different things at once (one to the word before,
// another to the subject, ...). Each head is exactly steps 4 to 8; their
// context vectors are set side by side and projected by W_o:
//
//     head_h = Attention(X W_q^h, X W_k^h, X W_v^h)      (n, d_k)
//     MultiHead(X) = [head_1 ... head_H] W_o              (n, H d_k)(H d_k, d_out)
//
// W_o mixes what the heads found: each output number can draw on every head.
// (W_v decides what each word hands back to its own head; W_o decides how the
// heads' findings combine, which no single head's W_v can see.) In the paper
// d_k = d_model / H and d_out = d_model; here d_k is a free choice, and the
// trained layer of section 12 uses d_out = d_model. The walkthrough of
// section 16 with one head shows that head's context vectors, without W_o.

struct MultiHeadAttention {
    std::vector<Attention> heads;  // H heads
    Matrix concatenated;           // (n, H d_k)
    Matrix output;                 // (n, d_out)
};

MultiHeadAttention multi_head_attention_steps(const Matrix& X, const std::vector<Matrix>& Wq,
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

Matrix multi_head_attention(const Matrix& X, const std::vector<Matrix>& Wq, const std::vector<Matrix>& Wk,
                            const std::vector<Matrix>& Wv, const Matrix& Wo, bool causal) {
    return multi_head_attention_steps(X, Wq, Wk, Wv, Wo, causal).output;
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
                                             const Matrix& d_output, bool causal) {
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

        AttentionGrads g = self_attention_backward(X, Wq[h], Wk[h], Wv[h], head, d_context, causal);
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
// it, the word "fed" has to look back at "queen" or "king", and that is what
// the trained attention weights do (the README shows them).
//
// Sections 11 to 13 build it: the data here, the model in 12, its training in
// 13. The word vectors stay as ./word2vec made them; the layer learns W_q,
// W_k, W_v and W_o, and an output layer that turns its result into a score
// for every word.

// ---- 11.1 the data -------------------------------------------------------------

// The trained layer predicts at most this many different words (the most
// frequent ones): the output layer costs d_model x n_vocab numbers and n_vocab
// exps per predicted word.
constexpr size_t max_vocabulary = 2000;
// Longer lines are split into sentences of this many words (attention costs n^2).
constexpr size_t max_sentence_words = 100;

// The corpus's lines as words; lines longer than max_sentence_words are cut.
// (TokenReader, io.hpp, hands over "\n" at the end of each line.)
std::vector<std::vector<std::string>> read_sentences(const std::string& path) {
    std::vector<std::vector<std::string>> sentences(1);
    TokenReader in(path);
    std::string token;
    while (in.next(token)) {
        if (token == "\n" || sentences.back().size() == max_sentence_words) {
            if (!sentences.back().empty()) sentences.emplace_back();
            if (token == "\n") continue;
        }
        sentences.back().push_back(token);
    }
    if (sentences.back().empty()) sentences.pop_back();
    if (sentences.empty()) throw std::runtime_error(path + ": the corpus has no words");
    return sentences;
}

// The words the layer can predict: every corpus word that has a vector
// (looked up exactly, else ignoring case), most frequent first (ties in byte
// order), at most max_vocabulary of them; and their vectors.
struct Vocabulary {
    std::vector<std::string> words;  // (n_vocab) most frequent first; a word's id is its place here
    Matrix vectors;                  // (n_vocab, d_model) their word vectors, fixed
};

Vocabulary choose_vocabulary(const std::vector<std::vector<std::string>>& sentences, const std::string& vectors_path) {
    std::unordered_map<std::string, int64_t> count;
    for (const auto& sentence : sentences)
        for (const std::string& word : sentence) count[word]++;
    std::vector<std::string> distinct;
    for (const auto& entry : count) distinct.push_back(entry.first);

    const WordVectors file = load_vectors_for(vectors_path, distinct);
    std::unordered_map<std::string, size_t> row_exact, row_lowercase;  // word -> its row in `file`
    for (size_t r = 0; r < file.words.size(); r++) {
        row_exact.emplace(file.words[r], r);
        row_lowercase.emplace(lowercase(file.words[r]), r);
    }
    auto vector_row = [&](const std::string& word) {  // file.words.size() if it has none
        auto exact = row_exact.find(word);
        if (exact != row_exact.end()) return exact->second;
        auto any_case = row_lowercase.find(lowercase(word));
        return any_case != row_lowercase.end() ? any_case->second : file.words.size();
    };

    std::vector<std::pair<std::string, int64_t>> ranked;  // (word, count)
    for (const auto& [word, n] : count)
        if (vector_row(word) < file.words.size()) ranked.emplace_back(word, n);
    std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
        return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    if (ranked.size() > max_vocabulary) ranked.resize(max_vocabulary);

    Vocabulary vocabulary;
    vocabulary.vectors = Matrix(ranked.size(), file.vectors.cols);
    for (size_t w = 0; w < ranked.size(); w++) {
        vocabulary.words.push_back(ranked[w].first);
        const float* source = file.vectors.row(vector_row(ranked[w].first));
        std::copy(source, source + file.vectors.cols, vocabulary.vectors.row(w));
    }
    return vocabulary;
}

struct NextWordData {
    std::vector<std::string> words;               // (n_vocab) the words the layer predicts, most frequent first
    Matrix vectors;                               // (n_vocab, d_model) their word vectors, fixed
    std::vector<std::vector<int32_t>> training;   // sentences as word ids
    std::vector<std::vector<int32_t>> held_out;   // every tenth sentence, never trained on
    size_t skipped = 0;                           // sentences of one word, or with a word outside the vocabulary
};

// The corpus as word ids. A sentence is used if it has two words or more, all
// in the vocabulary; every tenth used sentence is held out, to measure how
// well the layer predicts text it has never seen.
NextWordData read_next_word_data(const std::string& corpus_path, const std::string& vectors_path) {
    const std::vector<std::vector<std::string>> sentences = read_sentences(corpus_path);
    Vocabulary vocabulary = choose_vocabulary(sentences, vectors_path);
    std::unordered_map<std::string, int32_t> id;
    for (size_t w = 0; w < vocabulary.words.size(); w++) id.emplace(vocabulary.words[w], static_cast<int32_t>(w));

    NextWordData data;
    data.words = std::move(vocabulary.words);
    data.vectors = std::move(vocabulary.vectors);
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
    if (data.held_out.empty())
        throw std::runtime_error(corpus_path + ": " + std::to_string(used) +
                                 " usable sentences (two words or more, every word among the " +
                                 std::to_string(max_vocabulary) + " most frequent that have a vector in " +
                                 vectors_path + "); training needs at least 10, one of them held out");
    return data;
}

// ---- 11.2 positional encodings (--positions) -----------------------------------
//
// Attention itself does not see word order. Without the causal mask, shuffle
// the words of X, and the rows of Q, K, V and of the context vectors are
// shuffled the same way, and the rows and columns of the scores and weights
// too: nothing else changes (a test checks this). The causal mask tells a
// word which words came before it, but not how far back they are. Adding a
// different vector to each position gives the layer that information. The
// paper (section 3.5) uses, for position pos and column pair (2i, 2i + 1),
//
//     PE(pos, 2i) = sin(pos / 10000^(2i / d_model))    PE(pos, 2i + 1) = cos(pos / 10000^(2i / d_model))
//
// waves of wavelengths from 2 pi up to 10000 * 2 pi (2 pi * 4642 for
// d_model = 24, whose last pair has 2i = 22): nearby positions get similar
// vectors, and PE(pos + k) is a fixed rotation of PE(pos) for every pos, so
// "k words back" is easy to express with W_q and W_k.
//
// sin and cos come from the C library, which may differ in the last bit from
// machine to machine (see exp in matrix.hpp), so we compute them ourselves:
// x - 2 pi round(x / 2 pi) brings x into [-pi, pi], where the Taylor series
// sin r = r - r^3/3! + r^5/5! - ... (and cos r = 1 - r^2/2! + ...) is summed
// up to r^29 (r^30 for cos); the first term left out is below 1e-18.
// Positions are below 100, so the reduction loses nothing a float would keep.

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
// layer's guesses are about as good as chance (its held-out loss is close to
// ln n_vocab).
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

// (n, d_model): the rows of `vectors` for these word ids.
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
    assert(row.rows == 1 && row.cols == target.cols);
    for (size_t i = 0; i < target.rows; i++) {
        float* t = target.row(i);
        for (size_t c = 0; c < target.cols; c++) t[c] += row.data[c];
    }
}

struct NextWordForward {
    Matrix X;                       // (n, d_model) the word vectors, plus positions
    MultiHeadAttention attention;   // its output is (n, d_model)
    Matrix hidden;                  // (n, d_model) X + attention output
    Matrix probabilities;           // (n, n_vocab) softmax of hidden W_out + b_out
};

// X holds the word vectors of the words seen so far, one row each (n, d_model);
// row i of the result predicts the word after words 0 .. i.
NextWordForward next_word_forward(const NextWordModel& model, const Matrix& X) {
    NextWordForward f;
    f.X = with_positions(model, X);
    f.attention = multi_head_attention_steps(f.X, model.Wq, model.Wk, model.Wv, model.Wo, true);
    f.hidden = f.attention.output;
    add_to(f.hidden, f.X);                          // the residual connection
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
//   is not needed, though section 10 computes it anyway, a few percent of a step);
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

// `f` is what sentence_forward returned for this sentence.
NextWordGrads next_word_backward(const NextWordModel& model, const NextWordForward& f,
                                 const std::vector<int32_t>& sentence) {
    const size_t n = f.probabilities.rows;
    Matrix d_logits = f.probabilities;  // (n, n_vocab)
    for (size_t i = 0; i < n; i++) d_logits(i, static_cast<size_t>(sentence[i + 1])) -= 1.0f;
    for (float& x : d_logits.data) x /= static_cast<float>(n);

    ProductGrads output_layer = matmul_backward(f.hidden, model.W_out, d_logits);  // dA: d_hidden, dB: dW_out
    NextWordGrads grads;
    grads.dW_out = output_layer.dB;
    grads.db_out = column_sums(d_logits);
    MultiHeadGrads attention_grads = multi_head_attention_backward(f.X, model.Wq, model.Wk, model.Wv, model.Wo,
                                                                   f.attention, output_layer.dA, true);
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
//                   the word before, as our layer does, but nothing earlier.
// Ties go to the more frequent word (the lower id). A previous word never
// seen in training falls back on the most frequent guess.

struct Baselines {
    double chance_loss = 0;
    double most_frequent_accuracy = 0;
    double bigram_accuracy = 0;
};

Baselines baselines(const NextWordData& data) {
    const size_t n_vocab = data.words.size();
    std::vector<int64_t> next_count(n_vocab, 0);
    std::unordered_map<int64_t, int64_t> pair_count;  // previous * n_vocab + next -> how often
    for (const std::vector<int32_t>& sentence : data.training)
        for (size_t i = 0; i + 1 < sentence.size(); i++) {
            next_count[static_cast<size_t>(sentence[i + 1])]++;
            pair_count[static_cast<int64_t>(sentence[i]) * static_cast<int64_t>(n_vocab) + sentence[i + 1]]++;
        }
    const int32_t most_frequent = static_cast<int32_t>(std::max_element(next_count.begin(), next_count.end()) - next_count.begin());
    std::vector<int32_t> bigram_guess(n_vocab, most_frequent);
    std::vector<int64_t> bigram_best(n_vocab, 0);
    for (const auto& [pair, count] : pair_count) {
        const size_t previous = static_cast<size_t>(pair / static_cast<int64_t>(n_vocab));
        const int32_t next = static_cast<int32_t>(pair % static_cast<int64_t>(n_vocab));
        if (count > bigram_best[previous] || (count == bigram_best[previous] && next < bigram_guess[previous])) {
            bigram_best[previous] = count;
            bigram_guess[previous] = next;
        }
    }

    Baselines b;
    b.chance_loss = log_double(static_cast<double>(n_vocab));
    size_t predicted = 0, frequent_right = 0, bigram_right = 0;
    for (const std::vector<int32_t>& sentence : data.held_out)
        for (size_t i = 0; i + 1 < sentence.size(); i++) {
            frequent_right += sentence[i + 1] == most_frequent;
            bigram_right += sentence[i + 1] == bigram_guess[static_cast<size_t>(sentence[i])];
            predicted++;
        }
    b.most_frequent_accuracy = static_cast<double>(frequent_right) / static_cast<double>(predicted);
    b.bigram_accuracy = static_cast<double>(bigram_right) / static_cast<double>(predicted);
    return b;
}

// ---- 13.3 Adam -----------------------------------------------------------------
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
// when the sign keeps changing, so a step is typically about lr, whatever the
// scale of the gradient: up to a few times lr when a large gradient follows
// quiet steps (the column of a rare word when it finally comes up; at most
// 4 lr in make run's training). m and s start at 0, which
// biases them towards 0 in the first steps; dividing by 1 - beta^t (t = steps
// so far) undoes that. beta1 = 0.9, beta2 = 0.999 and epsilon = 1e-8 are the
// paper's values.

struct Adam {
    float lr = 0.01f;  // set before each step (13.4)
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
        for (size_t k = 0; k < parameters.size(); k++) {
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

// ---- 13.4 the training loop --------------------------------------------------------
//
// One epoch visits every training sentence once, in an order shuffled by the
// seed (so that similar sentences next to each other in the file do not pull
// the parameters one way for many steps); each sentence is one step: forward,
// loss, backward, Adam, with a learning rate that falls to 0 over the run
// (learning_rate, below). Every quarter epoch the layer is scored on the
// held-out sentences, which it never trains on: if it only memorised the
// training sentences, that loss would not fall.
//
// The progress line's training loss is the mean of the epoch's sentence
// losses, measured while the parameters were still moving; the held-out loss
// is the mean over the held-out words, measured at the end of the epoch.
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
};

struct TrainingResult {
    NextWordModel initial, trained;
    std::vector<CurvePoint> curve;  // held-out evaluation every quarter epoch, from step 0
};

// The learning rate falls in a straight line towards 0, from --lr at the
// first step to lr / steps_planned at the last (word2vec's does much the
// same, stopping at 1e-4 of its start): large steps early to get somewhere,
// small steps late to settle there. (make run's layer reaches a held-out loss
// of 2.35 this way, 2.77 with a constant rate.)
float learning_rate(const TrainingSettings& settings, size_t steps_done, size_t steps_planned) {
    return settings.lr * static_cast<float>(1.0 - static_cast<double>(steps_done) / static_cast<double>(steps_planned));
}

// Fisher-Yates: every order equally likely (up to Rng::below's bias of at
// most n / 2^32), drawn from our own generator.
void shuffle(std::vector<size_t>& order, Rng& rng) {
    for (size_t i = order.size(); i > 1; i--) std::swap(order[i - 1], order[rng.below(static_cast<uint32_t>(i))]);
}

TrainingResult train_next_word(const NextWordData& data, const TrainingSettings& settings, bool print_progress) {
    Rng rng(settings.seed);
    TrainingResult result;
    result.initial = random_model(data.vectors.cols, settings.d_k, settings.heads, data.words.size(),
                                  settings.positions, rng);
    NextWordModel model = result.initial;
    Adam adam;

    const double too_large = 2 * log_double(static_cast<double>(data.words.size()));
    const size_t per_epoch = data.training.size();
    std::vector<double> recent(100, 0.0);  // the losses of the last 100 steps, round robin
    double recent_sum = 0;
    long long step = 0;
    result.curve.push_back(CurvePoint{0, evaluate(model, data.vectors, data.held_out)});
    if (print_progress)
        std::printf("before training  step %6d                        held-out loss %.4f  accuracy %5.1f%%\n", 0,
                    result.curve[0].held_out.loss, 100 * result.curve[0].held_out.accuracy);
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
                                         ": the loss is not a number; try a smaller --lr");
            if (step >= 100 && recent_sum / 100 > too_large)
                throw std::runtime_error("training diverged at step " + std::to_string(step) +
                                         ": the mean loss of the last 100 sentences is " + fixed(recent_sum / 100, 2) +
                                         ", more than twice chance (" + fixed(too_large, 2) + "); try a smaller --lr");
            epoch_loss += loss;
            adam.lr = learning_rate(settings, step - 1, per_epoch * static_cast<size_t>(settings.epochs));
            adam.step(parameters_of(model), gradients_of(next_word_backward(model, f, sentence)));
            if ((k + 1) * 4 / per_epoch != k * 4 / per_epoch)  // the end of a quarter of the epoch
                result.curve.push_back(CurvePoint{step, evaluate(model, data.vectors, data.held_out)});
        }
        const Evaluation& now = result.curve.back().held_out;
        if (print_progress)
            std::printf("epoch %2d/%d  step %6lld  training loss %.4f  held-out loss %.4f  accuracy %5.1f%%\n", epoch,
                        settings.epochs, step, epoch_loss / static_cast<double>(per_epoch), now.loss, 100 * now.accuracy);
        std::fflush(stdout);
    }
    result.trained = model;
    return result;
}

// ---- 13.5 predictions --------------------------------------------------------------

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

// ---- 14. the weights file ------------------------------------------------------------
//
// The trained layer is saved as plain text, so a student can open it and look:
//
//     attention-weights 1            the format and its version
//     d_model 24                     numbers per word vector
//     d_k 8                          numbers per query, key and value
//     heads 4
//     positions 0                    1 if positional encodings are added
//     vocabulary 345                 then one word per line: the words it predicts, column by column of W_out
//     the
//     ...
//     W_q 1                          then d_model lines of d_k numbers; likewise W_k 1, W_v 1, W_q 2, ...
//     W_o                            H d_k lines of d_model numbers
//     W_out                          d_model lines of n_vocab numbers
//     b_out                          one line of n_vocab numbers
//
// Nine significant digits give back exactly the same float. It is written
// through OutputFile (io.hpp), so an existing file is replaced only by a
// complete one, and read back with every problem named by file:line.

struct TrainedLayer {
    NextWordModel model;
    std::vector<std::string> words;  // (n_vocab)
};

void write_matrix_rows(std::FILE* out, const std::string& title, const Matrix& M) {
    std::fprintf(out, "%s\n", title.c_str());
    for (size_t r = 0; r < M.rows; r++) {
        for (size_t c = 0; c < M.cols; c++) std::fprintf(out, c ? " %.9g" : "%.9g", static_cast<double>(M(r, c)));
        std::fputc('\n', out);
    }
}

void save_weights(const std::string& path, const NextWordModel& model, const std::vector<std::string>& words) {
    OutputFile file(path);
    std::FILE* out = file.stream();
    std::fprintf(out, "attention-weights 1\nd_model %zu\nd_k %zu\nheads %zu\npositions %d\nvocabulary %zu\n",
                 model.W_out.rows, model.Wq[0].cols, model.Wq.size(), model.positions ? 1 : 0, words.size());
    for (const std::string& word : words) std::fprintf(out, "%s\n", word.c_str());
    for (size_t h = 0; h < model.Wq.size(); h++) {
        const std::string head = " " + std::to_string(h + 1);
        write_matrix_rows(out, "W_q" + head, model.Wq[h]);
        write_matrix_rows(out, "W_k" + head, model.Wk[h]);
        write_matrix_rows(out, "W_v" + head, model.Wv[h]);
    }
    write_matrix_rows(out, "W_o", model.Wo);
    write_matrix_rows(out, "W_out", model.W_out);
    write_matrix_rows(out, "b_out", model.b_out);
    file.commit();
}

// Reads the file line by line; every error names file:line.
class WeightsReader {
public:
    explicit WeightsReader(const std::string& path) : in_(path) {}

    // The words of the next line that has any (blank lines are skipped).
    std::vector<std::string> line() {
        std::string word;
        if (!next_row_word(in_, word)) throw std::runtime_error(in_.where() + ": the file ends early; " + expected_);
        where_ = in_.where();
        std::vector<std::string> words = rest_of_line(in_);
        words.insert(words.begin(), word);
        return words;
    }

    // A line "name" or "name value", exactly.
    void expect(const std::vector<std::string>& wanted) {
        expected_ = "expected '" + join(wanted) + "'";
        if (line() != wanted) fail(expected_);
    }

    // A line "name <number>" with the number in [min, max].
    size_t count(const std::string& name, size_t min, size_t max) {
        expected_ = "expected '" + name + " <number>'";
        std::vector<std::string> words = line();
        unsigned long long value = 0;
        if (words.size() != 2 || words[0] != name || !parse_count(words[1], value))
            fail(expected_ + " but found '" + join(words) + "'");
        if (value < min || value > max)
            fail(name + " " + words[1] + " is out of range; expected " + std::to_string(min) + " to " + std::to_string(max));
        return static_cast<size_t>(value);
    }

    // A line with exactly one word.
    std::string word() {
        expected_ = "expected a word of the vocabulary";
        std::vector<std::string> words = line();
        if (words.size() != 1) fail("expected one word per line but found " + std::to_string(words.size()));
        return words[0];
    }

    // `rows` lines of `cols` finite numbers, after the title line.
    Matrix matrix(const std::vector<std::string>& title, size_t rows, size_t cols) {
        expect(title);
        Matrix M(0, cols);
        for (size_t r = 0; r < rows; r++) {
            expected_ = "expected row " + std::to_string(r + 1) + " of " + join(title);
            std::vector<std::string> numbers = line();
            if (numbers.size() != cols)
                fail("expected " + std::to_string(cols) + " numbers in row " + std::to_string(r + 1) + " of " +
                     join(title) + " but found " + std::to_string(numbers.size()));
            for (const std::string& text : numbers) M.data.push_back(parse_vector_number(text, where_, join(title)));
            M.rows++;
        }
        return M;
    }

    void expect_end() {
        std::string word;
        if (next_row_word(in_, word)) {
            where_ = in_.where();
            fail("unexpected '" + word + "' after the last row of b_out");
        }
    }

    [[noreturn]] void fail(const std::string& what) const { throw std::runtime_error(where_ + ": " + what); }

private:
    static std::string join(const std::vector<std::string>& words) {
        std::string text;
        for (const std::string& w : words) text += (text.empty() ? "" : " ") + w;
        return text;
    }

    TokenReader in_;
    std::string where_;
    std::string expected_;
};

TrainedLayer load_weights(const std::string& path) {
    WeightsReader in(path);
    in.expect({"attention-weights", "1"});
    const size_t d_model = in.count("d_model", 1, max_vector_dim);
    const size_t d_k = in.count("d_k", 1, 4096);
    const size_t H = in.count("heads", 1, 64);
    const size_t positions = in.count("positions", 0, 1);
    const size_t n_vocab = in.count("vocabulary", 1, max_vocabulary);

    TrainedLayer layer;
    std::unordered_map<std::string, size_t> seen;
    for (size_t w = 0; w < n_vocab; w++) {
        layer.words.push_back(in.word());
        if (!seen.emplace(layer.words.back(), w).second) in.fail("the word '" + layer.words.back() + "' comes twice");
    }
    NextWordModel& model = layer.model;
    for (size_t h = 0; h < H; h++) {
        const std::string head = std::to_string(h + 1);
        model.Wq.push_back(in.matrix({"W_q", head}, d_model, d_k));
        model.Wk.push_back(in.matrix({"W_k", head}, d_model, d_k));
        model.Wv.push_back(in.matrix({"W_v", head}, d_model, d_k));
    }
    model.Wo = in.matrix({"W_o"}, H * d_k, d_model);
    model.W_out = in.matrix({"W_out"}, d_model, n_vocab);
    model.b_out = in.matrix({"b_out"}, 1, n_vocab);
    model.positions = positions == 1;
    in.expect_end();
    return layer;
}

// ---- 15. showing it --------------------------------------------------------------------
//
// The walkthroughs compute everything before they print anything, so that an
// error (an overflow, an unknown word) is reported without half a walkthrough
// before it. (--train prints its progress as it goes.)
// Tables come from format_matrix (matrix.hpp); heat maps in shade characters
// for the terminal, and in colour as SVG pictures (svg.hpp) for --svg.

// How many columns a line takes on screen: UTF-8 bytes that start a character.
size_t display_width(const std::string& line) {
    size_t width = 0;
    for (char c : line) width += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return width;
}

// The attention weights as shades, one column per word: blank below 0.1,
// then one shade darker per 0.1, a full block from 0.4 up. (With six words,
// attending to all of them equally is 1/6 = 0.17 each, so the interesting
// differences lie below 0.5.)
std::string heat_map(const Matrix& weights, const std::vector<std::string>& words) {
    static const char* const shades[] = {" ", "\u2591", "\u2592", "\u2593", "\u2588"};  // ' ' ░ ▒ ▓ █
    size_t label_width = 0;
    for (const std::string& word : words) label_width = std::max(label_width, display_width(word));

    std::string out = std::string(label_width, ' ');
    for (const std::string& word : words) out += " " + word;
    out += "\n";
    for (size_t i = 0; i < weights.rows; i++) {
        out += words[i] + std::string(label_width - display_width(words[i]), ' ');
        for (size_t j = 0; j < weights.cols; j++) {
            int level = std::min(4, static_cast<int>(weights(i, j) * 10.0f));  // 0.25 -> 2
            out += " ";
            for (size_t k = 0; k < display_width(words[j]); k++) out += shades[level];
        }
        out += "\n";
    }
    out += "(blank < 0.1 <= \u2591 < 0.2 <= \u2592 < 0.3 <= \u2593 < 0.4 <= \u2588)\n";
    return out;
}

// The lines of a text, without their '\n'.
std::vector<std::string> split_lines(const std::string& text) {
    std::vector<std::string> lines;
    size_t start = 0;
    while (start < text.size()) {
        size_t end = std::min(text.find('\n', start), text.size());
        lines.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return lines;
}

// Two blocks of text next to each other, line by line, with their titles on top.
std::string side_by_side(const std::string& left_title, const std::string& left, const std::string& right_title,
                         const std::string& right) {
    std::vector<std::string> a = split_lines(left_title + "\n" + left), b = split_lines(right_title + "\n" + right);
    size_t width = 0;
    for (const std::string& line : a) width = std::max(width, display_width(line));
    std::string out;
    for (size_t i = 0; i < std::max(a.size(), b.size()); i++) {
        std::string line = i < a.size() ? a[i] : "";
        if (i < b.size()) line += std::string(width + 4 - display_width(line), ' ') + b[i];
        out += line + "\n";
    }
    return out;
}

std::string format_vector(const float* values, size_t n) {
    std::string out = "[";
    char number[32];
    for (size_t c = 0; c < n; c++) {
        std::snprintf(number, sizeof number, "%s%.4f", c ? ", " : "", static_cast<double>(values[c]));
        out += number;
    }
    return out + "]";
}

// "her 0.62  his 0.21  the 0.05"
std::string format_predictions(const std::vector<Prediction>& predictions, const std::vector<std::string>& words) {
    std::string out;
    for (const Prediction& p : predictions)
        out += (out.empty() ? "" : "  ") + words[p.word] + " " + fixed(static_cast<double>(p.probability), 2);
    return out;
}

bool all_finite(const Matrix& M) {
    for (float x : M.data)
        if (!std::isfinite(x)) return false;
    return true;
}

// Word vectors with huge entries overflow: a product of two numbers above
// about 1.8e19 is beyond the largest float (3.4e38), in Q, K and V or in the
// scores, where a row of -inf would look fully masked.
void check_finite(const MultiHeadAttention& multi, bool causal, const std::string& vectors_path) {
    bool finite = all_finite(multi.output);
    for (const Attention& head : multi.heads) {
        finite = finite && all_finite(head.Q) && all_finite(head.K) && all_finite(head.V) && all_finite(head.context);
        for (size_t i = 0; i < head.scores.rows; i++)
            for (size_t j = 0; j < head.scores.cols; j++)
                if (!causal || j <= i) finite = finite && std::isfinite(head.scores(i, j));
    }
    if (!finite) throw std::runtime_error(vectors_path + ": the word vectors are so large that the computation overflows");
}

// Steps 4 to 8 of one head, in the order they run.
void print_head(const Attention& a, const std::vector<std::string>& words, bool causal) {
    std::printf("4. Queries, keys and values: Q = X W_q, K = X W_k, V = X W_v\n\n");
    std::printf("%s\n", format_matrix("Q", a.Q, words).c_str());
    std::printf("%s\n", format_matrix("K", a.K, words).c_str());
    std::printf("%s\n", format_matrix("V", a.V, words).c_str());
    std::printf("5. Attention scores: Q K^T / sqrt(d_k), with sqrt(d_k) = %.4f\n",
                std::sqrt(static_cast<double>(a.Q.cols)));
    if (causal) std::printf("6. The causal mask: -inf above the diagonal, where a word would see a later word\n");
    std::printf("\n%s\n", format_matrix("scores", a.scores, words, words).c_str());
    std::printf("7. Attention weights: softmax of each row of the scores (each row sums to 1)\n\n");
    std::printf("%s\n", format_matrix("weights", a.weights, words, words).c_str());
    std::printf("%s\n", heat_map(a.weights, words).c_str());
    std::printf("8. Context vectors: weights V, one row per word\n\n");
    std::printf("%s\n", format_matrix("context", a.context, words).c_str());
}

// The heads, one after the other, then (with W_o) step 10.
void print_attention(const MultiHeadAttention& multi, const std::vector<std::string>& words, bool causal, bool has_wo) {
    const size_t H = multi.heads.size();
    for (size_t h = 0; h < H; h++) {
        if (H > 1) std::printf("==== head %zu of %zu ====\n\n", h + 1, H);
        print_head(multi.heads[h], words, causal);
    }
    if (has_wo) {
        std::printf("10. Multi-head: the %zu heads' context vectors side by side, times W_o (%zu x %zu)\n\n", H,
                    multi.concatenated.cols, multi.output.cols);
        std::printf("%s\n", format_matrix("heads side by side", multi.concatenated, words).c_str());
        std::printf("%s\n", format_matrix("output", multi.output, words).c_str());
    }
}

// One heat-map panel per head, for the SVG pictures: "head 2 of 4, <what>".
std::vector<HeatMapPanel> head_panels(const MultiHeadAttention& multi, const std::vector<std::string>& words,
                                      bool causal, const std::string& what) {
    std::vector<HeatMapPanel> panels;
    const size_t H = multi.heads.size();
    for (size_t h = 0; h < H; h++) {
        std::string title = H > 1 ? "head " + std::to_string(h + 1) + " of " + std::to_string(H) : "one head";
        if (!what.empty()) title += ", " + what;
        panels.push_back(HeatMapPanel{title, words, words, multi.heads[h].weights,
                                      causal ? causal_mask(words.size()) : std::vector<bool>{}});
    }
    return panels;
}

// The training curve: held-out loss above, accuracy below, against steps,
// with chance and the two baselines as dashed lines.
std::string training_curve_svg(const TrainingResult& result, const Baselines& base) {
    Curve loss{"held-out loss", {}, {}}, accuracy{"held-out accuracy", {}, {}};
    for (const CurvePoint& point : result.curve) {
        loss.x.push_back(static_cast<double>(point.step));
        loss.y.push_back(point.held_out.loss);
        accuracy.x.push_back(static_cast<double>(point.step));
        accuracy.y.push_back(point.held_out.accuracy);
    }
    return line_chart_svg("Training the next-word layer: the held-out sentences", "training step (one sentence each)",
                          {{"loss (mean -ln p of the right word)", {loss}, {{"chance", base.chance_loss}}},
                           {"accuracy (first guess right)", {accuracy},
                            {{"bigram", base.bigram_accuracy}, {"most frequent word", base.most_frequent_accuracy}}}});
}

// ---- 16. the command line ------------------------------------------------------------------
//
// Three ways to run: (a) the walkthrough of steps 1 to 10 with random
// parameters; (b) --train, sections 11 to 14; (c) --weights, the walkthrough
// with a trained layer and its predictions. The printed steps carry the
// numbers of the sections above (9 is steps 4 to 8 together, so it is not
// printed on its own; 10 only where there is a W_o).

// The words (and punctuation marks) of a sentence, or a usage error naming the flag.
std::vector<std::string> sentence_words(const Flags& flags, const std::string& name) {
    const std::vector<std::string> words = split_sentence(flags.text(name));
    if (words.empty()) throw UsageError("--" + name + ": the sentence has no words");
    if (words.size() > max_sentence_words)
        throw UsageError("--" + name + ": " + std::to_string(words.size()) + " words; the most this shows is " +
                         std::to_string(max_sentence_words));
    return words;
}

// " (left out '.' ',', <why>)", or nothing.
std::string left_out_note(const std::vector<std::string>& left_out, const std::string& why) {
    if (left_out.empty()) return "";
    std::string marks;
    for (const std::string& mark : left_out) marks += (marks.empty() ? "'" : " '") + mark + "'";
    return " (left out " + marks + ", " + why + ")";
}

// A picture's output file, tried now (and removed again), so that a path that
// cannot be written fails before any work is done rather than after it.
std::string picture_path(const Flags& flags, const std::string& name) {
    const std::string path = flags.file(name);
    if (!path.empty()) OutputFile try_output(path);
    return path;
}

// (a) The walkthrough with random parameters: steps 1 to 10 on --sentence.
void run_walkthrough(const Flags& flags) {
    const std::string vectors_path = flags.file("vectors");
    const std::vector<std::string> tokens = sentence_words(flags, "sentence");
    const size_t d_k = static_cast<size_t>(flags.integer("dk", 1, 4096));
    const size_t H = static_cast<size_t>(flags.integer("heads", 1, 64));
    const bool causal = flags.given("causal");
    const uint64_t seed = static_cast<uint64_t>(flags.integer("seed", 0, std::numeric_limits<long long>::max()));
    const std::string svg_path = picture_path(flags, "svg");

    // 1 and 2: the sentence as a matrix
    const Sentence sentence = read_sentence(tokens, vectors_path);
    const std::vector<std::string>& words = sentence.words;
    const Matrix& X = sentence.X;  // (n, d_model)
    const size_t d_model = X.cols;

    // 3: the parameters, drawn in a fixed order so one seed always gives the same numbers
    Rng rng(seed);
    std::vector<Matrix> Wq, Wk, Wv;
    for (size_t h = 0; h < H; h++) {
        HeadParameters head = random_head_parameters(d_model, d_k, rng);
        Wq.push_back(head.Wq);
        Wk.push_back(head.Wk);
        Wv.push_back(head.Wv);
    }

    // 4 to 10. One head is plain self-attention; more heads are joined by W_o.
    MultiHeadAttention multi;
    const float wo_limit = glorot_limit(H * d_k, d_model);
    if (H == 1) {
        multi.heads.push_back(self_attention(X, Wq[0], Wk[0], Wv[0], causal));
    } else {
        const Matrix Wo = random_matrix(H * d_k, d_model, wo_limit, rng);  // (H d_k, d_out)
        multi = multi_head_attention_steps(X, Wq, Wk, Wv, Wo, causal);
    }
    check_finite(multi, causal, vectors_path);

    std::printf("Self-attention on \"%s\"%s%s\n\n", flags.text("sentence").c_str(), causal ? ", with the causal mask" : "",
                left_out_note(sentence.left_out, "no vector").c_str());
    std::printf("1. Word vectors from %s: %zu numbers per word\n\n", vectors_path.c_str(), d_model);
    std::printf("2. The sentence as a matrix X, one row per word\n\n%s\n", format_matrix("X", X, words).c_str());
    const double limit = glorot_limit(d_model, d_k);
    std::printf("3. Learnable parameters: W_q, W_k, W_v, each %zu x %zu%s, uniform in [-%.4f, %.4f) from seed %llu "
                "(untrained)\n\n",
                d_model, d_k, H > 1 ? " per head" : "", limit, limit, static_cast<unsigned long long>(seed));
    print_attention(multi, words, causal, H > 1);
    // One head's result is its context vectors; several heads' is their joined output (step 10).
    const Matrix& result = H == 1 ? multi.heads[0].context : multi.output;
    const char* name = H == 1 ? "Context vector" : "Multi-head output";
    for (size_t i = 0; i < words.size(); i++)
        std::printf("%s for word '%s': %s\n", name, words[i].c_str(), format_vector(result.row(i), result.cols).c_str());

    if (!svg_path.empty()) {
        save_svg(svg_path, attention_heat_map_svg(head_panels(multi, words, causal, causal ? "causal mask" : "no mask"),
                                                  "Attention weights on \"" + flags.text("sentence") + "\" (untrained, seed " +
                                                      std::to_string(seed) + ")"));
        std::printf("\ndrew the attention weights in %s\n", svg_path.c_str());
    }
}

// The ids of these words in the trained layer's vocabulary, or an error naming the flag.
std::vector<int32_t> vocabulary_ids(const std::vector<std::string>& words, const std::vector<std::string>& vocabulary,
                                    const std::string& flag) {
    std::vector<int32_t> ids;
    for (const std::string& word : words) {
        const size_t id = find_word(vocabulary, word);
        if (id == vocabulary.size())
            throw std::runtime_error("--" + flag + ": '" + word + "' is not in the layer's vocabulary (the " +
                                     std::to_string(max_vocabulary) + " most frequent corpus words with a vector)");
        ids.push_back(static_cast<int32_t>(id));
    }
    return ids;
}

// The prompts of --prompts: sentences separated by commas.
std::vector<std::vector<std::string>> prompt_list(const Flags& flags) {
    std::vector<std::vector<std::string>> prompts;
    std::string text = flags.text("prompts") + ",";
    for (size_t start = 0, comma; (comma = text.find(',', start)) != std::string::npos; start = comma + 1) {
        std::vector<std::string> words = split_sentence(text.substr(start, comma - start));
        if (words.empty()) throw UsageError("--prompts: an empty prompt; separate prompts with commas");
        if (words.size() > max_sentence_words)
            throw UsageError("--prompts: a prompt of " + std::to_string(words.size()) + " words; the most is " +
                             std::to_string(max_sentence_words));
        prompts.push_back(words);
    }
    return prompts;
}

TrainingSettings training_settings(const Flags& flags) {
    TrainingSettings settings;
    settings.d_k = static_cast<size_t>(flags.integer("dk", 1, 256));
    settings.heads = static_cast<size_t>(flags.integer("heads", 1, 16));
    settings.positions = flags.given("positions");
    settings.epochs = static_cast<int>(flags.integer("epochs", 1, 1000));
    settings.lr = static_cast<float>(flags.real("lr", 1e-6, 10));
    settings.seed = static_cast<uint64_t>(flags.integer("seed", 0, std::numeric_limits<long long>::max()));
    return settings;
}

// (b) --train: sections 11 to 14, and what the training changed.
void run_training(const Flags& flags) {
    const TrainingSettings settings = training_settings(flags);
    const std::string corpus_path = flags.file("corpus"), vectors_path = flags.file("vectors");
    const std::string output = flags.file("output");
    const std::vector<std::string> sentence_tokens = sentence_words(flags, "sentence");
    const std::vector<std::vector<std::string>> prompts = prompt_list(flags);
    { OutputFile try_output(output); }  // can we write it? Better to know now than after training.
    const std::string svg_path = picture_path(flags, "svg"), curve_path = picture_path(flags, "curve");

    const NextWordData data = read_next_word_data(corpus_path, vectors_path);
    std::vector<std::string> left_out;
    const std::vector<std::string> sentence = drop_marks_without_vectors(sentence_tokens, data.words, left_out);
    if (sentence.empty()) throw UsageError("--sentence: no words, only punctuation that is not in the layer's vocabulary");
    const std::vector<int32_t> sentence_ids = vocabulary_ids(sentence, data.words, "sentence");
    std::vector<std::vector<int32_t>> prompt_ids;
    for (const auto& prompt : prompts) {
        std::vector<std::string> ignored;  // punctuation outside the vocabulary, as in --sentence
        const std::vector<std::string> words = drop_marks_without_vectors(prompt, data.words, ignored);
        if (words.empty()) throw UsageError("--prompts: a prompt of punctuation only");
        prompt_ids.push_back(vocabulary_ids(words, data.words, "prompts"));
    }
    const size_t n_vocab = data.words.size(), d_model = data.vectors.cols;
    const size_t H = settings.heads, d_k = settings.d_k;
    const size_t learned = H * 3 * d_model * d_k + H * d_k * d_model + d_model * n_vocab + n_vocab;

    std::printf("Training a causal self-attention layer to predict the next word\n\n");
    std::printf("corpus %s: %zu sentences to train on, %zu held out (every tenth), %zu left out (a single word, or "
                "a word outside the vocabulary)\n",
                corpus_path.c_str(), data.training.size(), data.held_out.size(), data.skipped);
    std::printf("vocabulary: %zu words with vectors from %s, %zu numbers each (kept fixed)\n", n_vocab,
                vectors_path.c_str(), d_model);
    std::printf("layer: %zu head%s of d_k %zu, W_o %zu x %zu, W_out %zu x %zu; %zu numbers to learn; %s\n", H,
                H == 1 ? "" : "s", d_k, H * d_k, d_model, d_model, n_vocab, learned,
                settings.positions ? "positional encodings added" : "no positional encodings");
    std::printf("training: %d epochs of %zu steps (one sentence each), Adam, learning rate %g falling to 0, seed %llu\n\n",
                settings.epochs, data.training.size(), static_cast<double>(settings.lr),
                static_cast<unsigned long long>(settings.seed));

    const Baselines base = baselines(data);
    std::printf("To beat, on the held-out sentences:\n");
    std::printf("  chance, each word 1/%zu:                                 loss %.4f\n", n_vocab, base.chance_loss);
    std::printf("  always the most frequent next word:                      accuracy %.1f%%\n",
                100 * base.most_frequent_accuracy);
    std::printf("  bigram, the previous word's most frequent successor:     accuracy %.1f%%\n\n",
                100 * base.bigram_accuracy);
    std::fflush(stdout);

    const TrainingResult result = train_next_word(data, settings, true);
    const Evaluation& before = result.curve.front().held_out;
    const Evaluation& after = result.curve.back().held_out;
    std::printf("\nThe layer on the held-out sentences: loss %.4f -> %.4f, accuracy %.1f%% -> %.1f%% "
                "(bigram %.1f%%, most frequent word %.1f%%)\n\n",
                before.loss, after.loss, 100 * before.accuracy, 100 * after.accuracy, 100 * base.bigram_accuracy,
                100 * base.most_frequent_accuracy);

    std::printf("Next-word predictions, the three most likely, before and after training:\n");
    for (size_t k = 0; k < prompts.size(); k++) {
        std::string prompt;
        for (const std::string& word : prompts[k]) prompt += word + " ";
        const Matrix X = rows_of(data.vectors, prompt_ids[k]);
        std::printf("  %s___\n", prompt.c_str());
        std::printf("      before: %s\n", format_predictions(predict_next(result.initial, X, 3), data.words).c_str());
        std::printf("      after:  %s\n", format_predictions(predict_next(result.trained, X, 3), data.words).c_str());
    }

    const Matrix X = rows_of(data.vectors, sentence_ids);
    const NextWordForward was = next_word_forward(result.initial, X), is = next_word_forward(result.trained, X);
    std::printf("\nAttention weights on \"%s\"%s (causal: each word sees itself and the words before it):\n\n",
                flags.text("sentence").c_str(), left_out_note(left_out, "not in the layer's vocabulary").c_str());
    for (size_t h = 0; h < H; h++) {
        const std::string head = H > 1 ? "head " + std::to_string(h + 1) + ", " : "";
        std::printf("%s\n", side_by_side(head + "before training", heat_map(was.attention.heads[h].weights, sentence),
                                         head + "after training", heat_map(is.attention.heads[h].weights, sentence))
                                .c_str());
    }

    save_weights(output, result.trained, data.words);
    std::printf("saved the trained layer to %s; see what it does with:\n  ./attention --weights %s --vectors %s "
                "--sentence \"...\"\n",
                output.c_str(), output.c_str(), vectors_path.c_str());
    if (!svg_path.empty()) {
        save_svg(svg_path, attention_heat_map_rows_svg({head_panels(was.attention, sentence, true, "before training"),
                                                        head_panels(is.attention, sentence, true, "after training")},
                                                       "Attention weights on \"" + flags.text("sentence") +
                                                           "\", before and after training"));
        std::printf("drew the attention weights before and after training in %s\n", svg_path.c_str());
    }
    if (!curve_path.empty()) {
        save_svg(curve_path, training_curve_svg(result, base));
        std::printf("drew the training curve in %s\n", curve_path.c_str());
    }
}

// (c) --weights: the walkthrough of steps 1 to 10 with a trained layer, then
// its predictions.
void run_trained_walkthrough(const Flags& flags) {
    const std::string weights_path = flags.file("weights"), vectors_path = flags.file("vectors");
    const std::vector<std::string> tokens = sentence_words(flags, "sentence");
    const std::string svg_path = picture_path(flags, "svg");
    const TrainedLayer layer = load_weights(weights_path);
    const NextWordModel& model = layer.model;

    const Sentence sentence = read_sentence(tokens, vectors_path);
    const std::vector<std::string>& words = sentence.words;
    const size_t d_model = model.W_out.rows;
    if (sentence.X.cols != d_model)
        throw std::runtime_error(weights_path + ": the layer was trained on vectors of " + std::to_string(d_model) +
                                 " numbers, but " + vectors_path + " has " + std::to_string(sentence.X.cols) + " per word");
    const NextWordForward f = next_word_forward(model, sentence.X);
    check_finite(f.attention, true, vectors_path);
    if (!all_finite(f.probabilities))
        throw std::runtime_error(weights_path + ": the parameters are so large that the computation overflows");

    const size_t H = model.Wq.size(), d_k = model.Wq[0].cols;
    std::printf("Self-attention on \"%s\", with the trained layer from %s (the causal mask is always on)%s\n\n",
                flags.text("sentence").c_str(), weights_path.c_str(), left_out_note(sentence.left_out, "no vector").c_str());
    std::printf("1. Word vectors from %s: %zu numbers per word\n\n", vectors_path.c_str(), d_model);
    std::printf("2. The sentence as a matrix X, one row per word%s\n\n%s\n",
                model.positions ? ", plus its positional encoding (section 11.2)" : "",
                format_matrix("X", f.X, words).c_str());
    std::printf("3. Learned parameters: %zu head%s, W_q, W_k, W_v each %zu x %zu, W_o %zu x %zu, trained to predict the next "
                "word\n\n", H, H == 1 ? "" : "s", d_model, d_k, H * d_k, d_model);
    std::printf("4 to 8. Each head's attention weights (./attention without --weights prints every step)\n\n");
    for (size_t h = 0; h < H; h++) {
        const Matrix& weights = f.attention.heads[h].weights;
        const std::string title = H > 1 ? "head " + std::to_string(h + 1) + " of " + std::to_string(H) : "weights";
        std::printf("%s\n%s\n", format_matrix(title, weights, words, words).c_str(), heat_map(weights, words).c_str());
    }
    if (H > 1)
        std::printf("10. The heads joined: output = [head 1 ... head %zu] W_o, (%zu x %zu)\n\n", H,
                    f.attention.output.rows, f.attention.output.cols);
    else
        std::printf("10. The head's context vectors times W_o: output (%zu x %zu)\n\n", f.attention.output.rows,
                    f.attention.output.cols);
    std::printf("12. The next word (section 12): p = softmax((X + output) W_out + b_out), over %zu words\n\n",
                layer.words.size());
    std::vector<std::string> seen(words.size());  // "the queen fed ___", one per row
    size_t width = 0;
    for (size_t i = 0; i < words.size(); i++) {
        seen[i] = (i ? seen[i - 1].substr(0, seen[i - 1].size() - 3) : "") + words[i] + " ___";
        width = std::max(width, display_width(seen[i]));
    }
    for (size_t i = 0; i < words.size(); i++)
        std::printf("  %s%s  %s\n", seen[i].c_str(), std::string(width - display_width(seen[i]), ' ').c_str(),
                    format_predictions(top_words(f.probabilities, i, 3), layer.words).c_str());

    if (!svg_path.empty()) {
        save_svg(svg_path, attention_heat_map_svg(head_panels(f.attention, words, true, "trained"),
                                                  "Attention weights on \"" + flags.text("sentence") + "\", trained layer " +
                                                      weights_path));
        std::printf("\ndrew the attention weights in %s\n", svg_path.c_str());
    }
}

#ifndef TESTING
// main is left out when a test defines TESTING and includes this file, so the
// test can call every function above with its own inputs.
int main(int argc, char** argv) {
    Flags flags{"attention",
                "Self-attention on a sentence, step by step, from word vectors in a word2vec (text or binary) or GloVe "
                "file;\nwith --train, a causal attention layer learns to predict the next word of a corpus.",
                {
                    {"vectors", "vectors.txt", "word vectors file: word2vec text/binary or GloVe (make run writes vectors.txt)"},
                    {"sentence", "the queen fed her hungry dog",
                     "the sentence; . , ; : ! ? \" ( ) [ ] { } at the start or end of a word are split off, and left out "
                     "if they have no vector"},
                    {"dk", "8", "numbers per query, key and value (d_k), per head"},
                    {"heads", "1", "attention heads (H); more than 1 adds W_o (--train always has W_o)"},
                    {"causal", "", "mask the future: a word sees only itself and earlier words (--train and --weights always do)", true},
                    {"seed", "1", "seed for the random W_q, W_k, W_v, W_o (and, with --train, W_out and the order of the sentences)"},
                    {"svg", "", "also draw the attention weights as an SVG picture in this file (with --train: before and after)"},
                    {"train", "", "train a causal attention layer to predict the next word of --corpus", true},
                    {"corpus", "data/corpus.txt", "--train: the text to learn from, one sentence per line"},
                    {"epochs", "10", "--train: passes over the training sentences"},
                    {"lr", "0.01", "--train: Adam's learning rate at the start; it falls to 0 at the end"},
                    {"positions", "", "--train: add sinusoidal positional encodings to the word vectors", true},
                    {"prompts", "the queen fed her hungry,the king fed,the queen fed,the king loved,the queen loved",
                     "--train: show the next word the layer predicts after these, separated by commas"},
                    {"output", "weights.txt", "--train: write the trained layer to this file"},
                    {"curve", "", "--train: draw the held-out loss and accuracy against the steps in this SVG file"},
                    {"weights", "", "walk through --sentence with the trained layer in this file (from --train)"},
                }};
    try {
        if (!flags.parse(argc, argv)) {
            std::fputs(flags.help_text().c_str(), stdout);
            return 0;
        }
        if (flags.given("train") && flags.given("weights")) throw UsageError("give --train or --weights, not both");
        if (flags.given("weights"))
            for (const char* name : {"dk", "heads", "positions", "seed"})
                if (flags.given(name))
                    throw UsageError(std::string("--") + name +
                                     ": the weights file sets the layer's shape and values; leave out --" + name);
        if (!flags.given("train"))
            for (const char* name : {"corpus", "epochs", "lr", "positions", "prompts", "output", "curve"})
                if (flags.given(name)) throw UsageError(std::string("--") + name + ": only --train uses it");
        if (flags.given("train")) run_training(flags);
        else if (flags.given("weights")) run_trained_walkthrough(flags);
        else run_walkthrough(flags);
        return 0;
    } catch (const UsageError& error) {
        std::fprintf(stderr, "attention: %s\n", error.what());
        return 2;
    } catch (const std::bad_alloc&) {
        std::fprintf(stderr, "attention: out of memory\n");
        return 1;
    } catch (const std::exception& error) {
        std::fprintf(stderr, "attention: %s\n", error.what());
        return 1;
    }
}
#endif
