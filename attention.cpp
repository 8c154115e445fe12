// attention.cpp - self-attention on a real sentence, step by step.
//
// It reads word vectors (the ones ./word2vec trains, or any word2vec file, text
// or binary, or GloVe file), turns a sentence into a matrix X with one row per
// word, and
// computes scaled dot-product self-attention (Vaswani et al. 2017, "Attention
// Is All You Need", section 3.2):
//
//     Q = X W_q      K = X W_k      V = X W_v
//     Attention(Q, K, V) = softmax(Q Kᵀ / sqrt(d_k)) V
//
// printing every intermediate matrix, labelled with the words. --causal adds
// the mask that lets a word look only at itself and the words before it;
// --heads H runs H heads side by side and joins them with W_o.
//
// What it leaves out on purpose: training W_q, W_k and W_v (they are seeded
// random numbers here, so the attention pattern shows the mechanics, not
// meaning), positional encodings (so word order does not matter except
// through the causal mask), batches, dropout, layer normalisation, residual
// connections and the feed-forward layer of a full transformer block.
//
// Build and run:
//     make attention
//     ./attention --vectors vectors.txt --sentence "the queen fed her hungry dog"
//     ./attention --help
//
// Dimension letters used in the shape comments:
//     n        words in the sentence (n_tokens)
//     d_model  numbers per word vector
//     d_k      numbers per query, key and value (per head)
//     H        heads
//     d_out    numbers per output row of multi-head attention (= d_model)

#include "cli.hpp"
#include "io.hpp"
#include "matrix.hpp"

#include <cmath>
#include <cstdio>
#include <exception>
#include <limits>
#include <new>
#include <stdexcept>
#include <string>
#include <vector>

// ---- 1. word vectors -----------------------------------------------------
//
// A word vector file has one row per word: the word, then d_model numbers
// (io.hpp reads the word2vec text format, GloVe's header-less variant and
// word2vec's binary format). A pretrained file can hold 400,000 words, so we
// keep only the rows whose word is in the sentence.

WordVectors load_vectors_for(const std::string& path, const std::vector<std::string>& words) {
    RowFilter filter;
    for (const std::string& word : words) filter.lowercase_words.insert(lowercase(word));
    return read_word_vectors(path, filter);
}

// ---- 2. the sentence as a matrix X ---------------------------------------
//
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

// ---- 3. the learnable weights W_q, W_k, W_v -------------------------------
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
// weights that sum to 1 (step 6) and returns the weighted blend of all the
// values (step 7). Because the blend is smooth, W_q, W_k and W_v can be
// learned by gradient descent: training adjusts what each word asks for, how
// it is found and what it gives. Here they are random, drawn uniformly from
// [-limit, limit) with limit = sqrt(6 / (fan_in + fan_out)), the initialisation
// of Glorot and Bengio (2010) that the Annotated Transformer also uses: it
// keeps the entries of Q, K and V about as large as the entries of X.

struct HeadWeights {
    Matrix Wq, Wk, Wv;  // each (d_model, d_k)
};

float glorot_limit(size_t fan_in, size_t fan_out) {
    return std::sqrt(6.0f / static_cast<float>(fan_in + fan_out));
}

HeadWeights random_head_weights(size_t d_model, size_t d_k, Rng& rng) {
    const float limit = glorot_limit(d_model, d_k);
    HeadWeights head;
    head.Wq = random_matrix(d_model, d_k, limit, rng);
    head.Wk = random_matrix(d_model, d_k, limit, rng);
    head.Wv = random_matrix(d_model, d_k, limit, rng);
    return head;
}

// ---- 4. queries, keys and values -----------------------------------------
//
// Q = X W_q, K = X W_k, V = X W_v: one matrix product each, (n, d_model) times
// (d_model, d_k) gives (n, d_k). Row i of Q is word i's query, and so on.
// matmul is in matrix.hpp. Steps 4 to 8 come together, in this order, in
// self_attention at the end of section 8: a few lines, one per step.

// ---- 5. attention scores -------------------------------------------------
//
// score(i, j) = q_i · k_j / sqrt(d_k), that is S = Q Kᵀ / sqrt(d_k).
// The dot product is large when query i and key j point the same way.
// Why divide by sqrt(d_k): if the entries of q and k are independent with
// mean 0 and variance 1, their dot product is a sum of d_k such products and
// has variance d_k (the paper's footnote 4). Without the division, wide heads would produce scores in the
// tens, the softmax would put almost all weight on one word, and its gradient
// would all but vanish. Dividing brings the variance back to 1.

Matrix attention_scores(const Matrix& Q, const Matrix& K) {
    const size_t d_k = Q.cols;
    return scale(matmul(Q, transpose(K)), 1.0f / std::sqrt(static_cast<float>(d_k)));  // (n, n)
}

// ---- 6. attention weights ------------------------------------------------
//
// weights(i, :) = softmax(scores(i, :)): row i becomes positive numbers that
// sum to 1, how much word i draws from each word j. (softmax_rows, in
// matrix.hpp, subtracts each row's maximum first so exp cannot overflow.)
// "Scores" before the softmax, "weights" after: the words used throughout.

// ---- 7. context vectors --------------------------------------------------
//
// context(i, :) = sum over j of weights(i, j) * v_j, that is C = weights V:
// word i's new vector, a blend of every word's value, mostly of the words it
// attends to. matmul of (n, n) and (n, d_k) gives (n, d_k).

// ---- 8. the causal mask --------------------------------------------------
//
// When a model generates text one word at a time, word i must not look at the
// words after it: they have not been written yet. Setting score(i, j) to -inf
// for every j > i makes exp(-inf) = 0, so those words get weight exactly 0
// and the remaining weights still sum to 1. The diagonal (j = i) is never
// masked, so every row keeps at least one finite score and never becomes NaN.

void mask_future(Matrix& scores) {
    for (size_t i = 0; i < scores.rows; i++)
        for (size_t j = i + 1; j < scores.cols; j++) scores(i, j) = -std::numeric_limits<float>::infinity();
}

// Steps 4 to 8 together: one head of self-attention. The mask (8) comes
// between the scores (5) and the softmax (6).

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
    check_shape(Wv, X.cols, Wv.cols, "W_v");

    Attention a;
    a.Q = matmul(X, Wq);                    // 4. queries                (n, d_k)
    a.K = matmul(X, Wk);                    // 4. keys                   (n, d_k)
    a.V = matmul(X, Wv);                    // 4. values                 (n, d_k)
    a.scores = attention_scores(a.Q, a.K);  // 5. Q Kᵀ / sqrt(d_k)       (n, n)
    if (causal) mask_future(a.scores);      // 8. -inf above the diagonal
    a.weights = softmax_rows(a.scores);     // 6. each row sums to 1     (n, n)
    a.context = matmul(a.weights, a.V);     // 7. weights V              (n, d_k)
    return a;
}

// ---- 9. multi-head attention ---------------------------------------------
//
// One head can only blend the words one way. H heads, each with its own W_q,
// W_k and W_v, can attend to different things at once (one to the word before,
// another to the subject, ...). Each head is exactly steps 4 to 8; their
// context vectors are set side by side and projected by W_o:
//
//     head_h = Attention(X W_q^h, X W_k^h, X W_v^h)      (n, d_k)
//     MultiHead(X) = [head_1 ... head_H] W_o              (n, H d_k)(H d_k, d_out)

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

    MultiHeadAttention m;
    size_t width = 0;
    for (size_t h = 0; h < H; h++) {
        m.heads.push_back(self_attention(X, Wq[h], Wk[h], Wv[h], causal));
        width += m.heads[h].context.cols;
    }
    check_shape(Wo, width, Wo.cols, "W_o");

    // concatenate: head h fills its own block of columns
    m.concatenated = Matrix(X.rows, width);  // (n, H d_k)
    size_t first_col = 0;
    for (const Attention& head : m.heads) {
        for (size_t i = 0; i < X.rows; i++)
            for (size_t c = 0; c < head.context.cols; c++) m.concatenated(i, first_col + c) = head.context(i, c);
        first_col += head.context.cols;
    }
    m.output = matmul(m.concatenated, Wo);  // (n, d_out)
    return m;
}

Matrix multi_head_attention(const Matrix& X, const std::vector<Matrix>& Wq, const std::vector<Matrix>& Wk,
                            const std::vector<Matrix>& Wv, const Matrix& Wo, bool causal) {
    return multi_head_attention_steps(X, Wq, Wk, Wv, Wo, causal).output;
}

// ---- 10. showing it ------------------------------------------------------

// The attention weights as shades, one column per word: blank below 0.1,
// then one shade darker per 0.1, a full block from 0.4 up. (With six words,
// attending to all of them equally is 1/6 = 0.17 each, so the interesting
// differences lie below 0.5.)
std::string heat_map(const Matrix& weights, const std::vector<std::string>& words) {
    static const char* const shades[] = {" ", "\u2591", "\u2592", "\u2593", "\u2588"};  // ' ' ░ ▒ ▓ █
    size_t label_width = 0;
    for (const std::string& word : words) label_width = std::max(label_width, word.size());

    std::string out = std::string(label_width, ' ');
    for (const std::string& word : words) out += " " + word;
    out += "\n";
    for (size_t i = 0; i < weights.rows; i++) {
        out += words[i] + std::string(label_width - words[i].size(), ' ');
        for (size_t j = 0; j < weights.cols; j++) {
            int level = std::min(4, static_cast<int>(weights(i, j) * 10.0f));  // 0.25 -> 2
            out += " ";
            for (size_t k = 0; k < words[j].size(); k++) out += shades[level];
        }
        out += "\n";
    }
    out += "(blank < 0.1 <= \u2591 < 0.2 <= \u2592 < 0.3 <= \u2593 < 0.4 <= \u2588)\n";
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

bool all_finite(const Matrix& M) {
    for (float x : M.data)
        if (!std::isfinite(x)) return false;
    return true;
}

// Word vectors with entries near the float limit (3.4e38) overflow: in Q, K
// and V, or in the scores, where a row of -inf would look fully masked.
void check_finite(const MultiHeadAttention& m, bool causal, const std::string& vectors_path) {
    bool finite = all_finite(m.output);
    for (const Attention& head : m.heads) {
        finite = finite && all_finite(head.Q) && all_finite(head.K) && all_finite(head.V) && all_finite(head.context);
        for (size_t i = 0; i < head.scores.rows; i++)
            for (size_t j = 0; j < head.scores.cols; j++)
                if (!causal || j <= i) finite = finite && std::isfinite(head.scores(i, j));
    }
    if (!finite) throw std::runtime_error(vectors_path + ": the word vectors are so large that the computation overflows");
}

// Steps 4 to 7 of one head.
void print_head(const Attention& a, const std::vector<std::string>& words, bool causal) {
    std::printf("4. Queries, keys and values: Q = X W_q, K = X W_k, V = X W_v\n\n");
    std::printf("%s\n", format_matrix("Q", a.Q, words).c_str());
    std::printf("%s\n", format_matrix("K", a.K, words).c_str());
    std::printf("%s\n", format_matrix("V", a.V, words).c_str());
    std::printf("5. Attention scores: Q K^T / sqrt(d_k), with sqrt(d_k) = %.4f%s\n\n",
                std::sqrt(static_cast<double>(a.Q.cols)),
                causal ? "; 8. then the causal mask: -inf above the diagonal" : "");
    std::printf("%s\n", format_matrix("scores", a.scores, words, words).c_str());
    std::printf("6. Attention weights: softmax of each row of the scores (each row sums to 1)\n\n");
    std::printf("%s\n", format_matrix("weights", a.weights, words, words).c_str());
    std::printf("%s\n", heat_map(a.weights, words).c_str());
    std::printf("7. Context vectors: weights V, one row per word\n\n");
    std::printf("%s\n", format_matrix("context", a.context, words).c_str());
}

#ifndef TESTING
int main(int argc, char** argv) {
    Flags flags{"attention",
                "Self-attention on a sentence, step by step, from word vectors in a word2vec or GloVe text file.",
                {
                    {"vectors", "vectors.txt", "word vectors file: word2vec text/binary or GloVe (make run writes vectors.txt)"},
                    {"sentence", "the queen fed her hungry dog", "the sentence; words are separated by spaces"},
                    {"dk", "4", "numbers per query, key and value (d_k), per head"},
                    {"heads", "1", "attention heads (H); more than 1 adds W_o"},
                    {"causal", "", "mask the future: a word sees only itself and earlier words", true},
                    {"seed", "1", "seed for the random W_q, W_k, W_v (and W_o)"},
                }};
    try {
        if (!flags.parse(argc, argv)) {
            std::fputs(flags.help_text().c_str(), stdout);
            return 0;
        }
        const std::string vectors_path = flags.file("vectors");
        const std::vector<std::string> words = split_on_spaces(flags.text("sentence"));
        const size_t d_k = static_cast<size_t>(flags.integer("dk", 1, 4096));
        const size_t H = static_cast<size_t>(flags.integer("heads", 1, 64));
        const bool causal = flags.given("causal");
        const uint64_t seed = static_cast<uint64_t>(flags.integer("seed", 0, std::numeric_limits<long long>::max()));
        const size_t max_words = 100;
        if (words.empty()) throw UsageError("--sentence: the sentence has no words");
        if (words.size() > max_words)
            throw UsageError("--sentence: " + std::to_string(words.size()) + " words; the most this shows is " +
                             std::to_string(max_words));

        // 1 and 2: the sentence as a matrix
        WordVectors vocabulary = load_vectors_for(vectors_path, words);
        const Matrix X = sentence_matrix(words, vocabulary, vectors_path);  // (n, d_model)
        const size_t d_model = X.cols;

        // 3: the weights, drawn in a fixed order so one seed always gives the same numbers
        Rng rng(seed);
        std::vector<Matrix> Wq, Wk, Wv;
        for (size_t h = 0; h < H; h++) {
            HeadWeights head = random_head_weights(d_model, d_k, rng);
            Wq.push_back(head.Wq);
            Wk.push_back(head.Wk);
            Wv.push_back(head.Wv);
        }

        // 4 to 9: all computed before anything is printed, so that an overflow
        // is reported without half a walkthrough before it. One head is plain
        // self-attention; more heads are joined by W_o.
        MultiHeadAttention m;
        const float wo_limit = glorot_limit(H * d_k, d_model);
        if (H == 1) {
            m.heads.push_back(self_attention(X, Wq[0], Wk[0], Wv[0], causal));
        } else {
            const Matrix Wo = random_matrix(H * d_k, d_model, wo_limit, rng);  // (H d_k, d_out)
            m = multi_head_attention_steps(X, Wq, Wk, Wv, Wo, causal);
        }
        check_finite(m, causal, vectors_path);

        // 10: show it
        std::printf("Self-attention on \"%s\"%s\n\n", flags.text("sentence").c_str(), causal ? ", with the causal mask" : "");
        std::printf("1. Word vectors from %s: %zu numbers per word\n\n", vectors_path.c_str(), d_model);
        std::printf("2. The sentence as a matrix X, one row per word\n\n%s\n", format_matrix("X", X, words).c_str());
        const double limit = glorot_limit(d_model, d_k);
        std::printf("3. Learnable weights: W_q, W_k, W_v, each %zu x %zu%s, uniform in [-%.4f, %.4f) from seed %llu\n\n",
                    d_model, d_k, H > 1 ? " per head" : "", limit, limit, static_cast<unsigned long long>(seed));
        for (size_t h = 0; h < H; h++) {
            if (H > 1) std::printf("==== head %zu of %zu ====\n\n", h + 1, H);
            print_head(m.heads[h], words, causal);
        }
        if (H > 1) {
            std::printf("9. Multi-head: the %zu heads' context vectors side by side, times W_o (%zu x %zu, uniform in "
                        "[-%.4f, %.4f))\n\n",
                        H, H * d_k, d_model, static_cast<double>(wo_limit), static_cast<double>(wo_limit));
            std::printf("%s\n", format_matrix("heads side by side", m.concatenated, words).c_str());
            std::printf("%s\n", format_matrix("output", m.output, words).c_str());
        }
        const Matrix& result = H == 1 ? m.heads[0].context : m.output;
        for (size_t i = 0; i < words.size(); i++)
            std::printf("Context vector for word '%s': %s\n", words[i].c_str(),
                        format_vector(result.row(i), result.cols).c_str());
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
