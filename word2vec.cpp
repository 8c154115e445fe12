// word2vec.cpp - word embeddings from scratch: skip-gram with negative sampling.
//
// It reads a text file, learns one vector per word so that words used in
// similar contexts get similar vectors, and writes them in word2vec's text
// format. The method is the skip-gram model with negative sampling of Mikolov,
// Sutskever, Chen, Corrado and Dean, "Distributed Representations of Words and
// Phrases and their Compositionality" (NIPS 2013), trained much as their
// word2vec tool trains it, with its flag names and its skip-gram defaults
// (-size 100 -window 5 -sample 1e-3 -negative 5 -iter 5 -min-count 5
// -alpha 0.025). Where we differ from that tool:
//   - one training thread by default (it starts 12);
//   - the centre word predicts each context word, where its code lets the
//     context word predict the centre (section 6);
//   - input vectors start in [-1/d, 1/d), twice as wide as its (section 5);
//   - the learning rate falls with each thread's own progress, sentence by
//     sentence, to alpha * 1e-4; its rate follows all threads' progress,
//     every 10,000 words, towards 0, and stops at alpha * 1e-4;
//   - the sigmoid is computed (with exp_float from matrix.hpp, which gives
//     the same bits on every machine), not read from a table of 1,000 values
//     that stops at +-6.
// It also answers questions with the vectors: nearest neighbours, analogies
// (king - man + woman = ?) and a whole analogy test file such as
// questions-words.txt, and draws a map of them, a picture of the words on
// their first two principal components (an SVG file).
//
// What it leaves out on purpose: CBOW and hierarchical softmax (the original's
// other two algorithms) and phrases.
//
// Build and run:
//     make word2vec
//     ./word2vec -train data/corpus.txt -output vectors.txt -size 24 -iter 40 -neighbours "king dog"
//     ./word2vec -vectors vectors.txt -analogy-file questions-words.txt
//     ./word2vec -vectors vectors.txt -plot map.svg -plot-words 60
//     ./word2vec -help
//
// Letters used in the shape comments:
//     V  words in the vocabulary
//     d  numbers per word vector (-size)

#include "cli.hpp"
#include "io.hpp"
#include "matrix.hpp"
#include "svg.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <limits>
#include <new>
#include <stdexcept>
#include <string>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

// ---- 1. reading the corpus: counting the words ---------------------------
//
// The corpus is plain text: words are separated by whitespace and each line
// is a sentence (a context window never reaches across a line break). We
// read it twice: first to count how often each word occurs (here, as the
// original also does first), then, once the vocabulary is settled, to turn it
// into word ids held in memory (section 2; the original reads the file again
// in every epoch instead). Knowing the counts first lets us allocate the
// corpus, one int32 per word (19 MB for the 4.7 million words of the
// benchmark corpus in docs/engineering.md), once: kept words plus one end
// mark per line, the most it can need.

struct WordCounts {
    std::unordered_map<std::string, int64_t> count;  // how often each word occurs
    int64_t words = 0;                               // words in the corpus
    int64_t lines = 0;                               // lines with at least one word
};

WordCounts count_words(const std::string& path) {
    WordCounts counted;
    TokenReader in(path);
    std::string token;
    bool line_has_words = false;
    while (in.next(token)) {
        if (token == "\n") {
            counted.lines += line_has_words ? 1 : 0;
            line_has_words = false;
            continue;
        }
        counted.count[token]++;
        counted.words++;
        line_has_words = true;
    }
    if (counted.words == 0) throw std::runtime_error(path + ": the corpus has no words");
    return counted;
}

// ---- 2. the vocabulary and the corpus as word ids ---------------------------
//
// Words rarer than -min-count are dropped: a handful of examples cannot teach
// a vector anything, and rare words are most of the distinct words. The rest
// are sorted by count, most frequent first, ties in byte order of the word,
// so the ids (and the order of the output file) never depend on the order in
// which the words were met. A word's id is its place in this order.

struct Vocabulary {
    std::vector<std::string> words;  // words[id], most frequent first
    std::vector<int64_t> counts;     // counts[id]
    int64_t total = 0;               // sum of counts: the words read per epoch (subsampling skips some)
};

Vocabulary build_vocabulary(const WordCounts& counted, int64_t min_count) {
    std::vector<std::pair<std::string, int64_t>> kept;
    for (const auto& [word, count] : counted.count)
        if (count >= min_count) kept.emplace_back(word, count);
    std::sort(kept.begin(), kept.end(), [](const auto& a, const auto& b) {
        if (a.second != b.second) return a.second > b.second;
        return a.first < b.first;
    });
    if (kept.size() > static_cast<size_t>(std::numeric_limits<int32_t>::max()))
        throw std::runtime_error("more distinct words than this program can number; raise -min-count");

    Vocabulary vocab;
    for (const auto& [word, count] : kept) {
        vocab.words.push_back(word);
        vocab.counts.push_back(count);
        vocab.total += count;
    }
    return vocab;
}

// The second reading: every kept word becomes its id and each line ends with
// sentence_end. Dropped words are left out, so the words on either side of one
// become neighbours, as in the original.
constexpr int32_t sentence_end = -1;

std::vector<int32_t> read_corpus_ids(const std::string& path, const Vocabulary& vocab, const WordCounts& counted) {
    std::unordered_map<std::string, int32_t> id;
    for (size_t w = 0; w < vocab.words.size(); w++) id.emplace(vocab.words[w], static_cast<int32_t>(w));

    std::vector<int32_t> tokens;
    tokens.reserve(static_cast<size_t>(vocab.total + counted.lines));
    TokenReader in(path);
    std::string token;
    int64_t words = 0;
    while (in.next(token)) {
        if (token == "\n") {
            if (!tokens.empty() && tokens.back() != sentence_end) tokens.push_back(sentence_end);
            continue;
        }
        words++;
        auto found = id.find(token);
        if (found != id.end()) tokens.push_back(found->second);
    }
    if (words != counted.words)  // a pipe, or a file that changed under us
        throw std::runtime_error(path + ": the file changed between the two readings (a pipe cannot be read twice; "
                                        "save it to a file first)");
    return tokens;
}

// ---- 3. subsampling frequent words ----------------------------------------
//
// "the", "of" and "a" occur in almost every window and say little about their
// neighbours. Each occurrence of a word with corpus frequency f (its count
// divided by the total) is kept with probability
//
//     keep(f) = sqrt(t / f) + t / f        (t = -sample, e.g. 1e-3)
//
// and skipped otherwise. A word is always kept when keep(f) >= 1, which is
// when f <= 2.618 t. This is the formula of the original word2vec code (and
// gensim). The paper (section 2.3)
// writes the discard probability 1 - sqrt(t / f), a keep probability of
// sqrt(t / f); the code adds t / f, which keeps slightly more of each word.
// Skipping frequent words also widens the effective window around the rest.
//
//     frequency f               keep(f), t = 1e-3    keep(f), t = 1e-4
//     5%   (like "the" in English)  0.161                0.047
//     1%                            0.416                0.110
//     0.1%                          1                    0.416
//     0.01%                         1                    1

std::vector<float> keep_probabilities(const Vocabulary& vocab, double sample) {
    std::vector<float> keep(vocab.words.size(), 1.0f);
    if (sample <= 0) return keep;  // -sample 0: keep everything
    for (size_t id = 0; id < keep.size(); id++) {
        double ratio = sample * static_cast<double>(vocab.total) / static_cast<double>(vocab.counts[id]);  // t / f
        keep[id] = static_cast<float>(std::min(1.0, std::sqrt(ratio) + ratio));
    }
    return keep;
}

// ---- 4. the noise distribution ---------------------------------------------
//
// The full skip-gram model predicts the context word with a softmax over the
// whole vocabulary: a dot product and an exp for each of the V words, for
// every pair. Negative sampling asks k + 1 yes-or-no questions instead, "is
// this the context word?": yes for the real context word, no for each of
// k = -negative noise words. That is O(k d) work per pair instead of O(V d):
// 6 dot products instead of 44,018 on the benchmark corpus (docs/engineering.md).
//
// The noise words are drawn at random from the vocabulary with probability
//
//     P(w) = count(w)^0.75 / sum over v of count(v)^0.75
//
// Raising the counts to the power 3/4 (found by experiment, paper section 2.2)
// flattens the distribution: rare words are drawn more often than their
// share and frequent words less, so the model also learns to push away words
// it would otherwise seldom see. Two words with counts 900 and 10 have shares
// of 98.9% and 1.1%; raised to 3/4 the counts become 164.3 and 5.6, shares of
// 96.7% and 3.3%: the rare word is drawn three times as often.
//
// We draw from P with Walker's alias method (Walker 1977; Vose 1991): one
// table of V columns, each holding a probability and an alternative word.
// Pick a column uniformly, then keep its own word with the column's
// probability, else take its alias. That draws each word with exactly its
// probability P(w), up to the rounding of a float probability and a coin of
// 24 bits, takes O(1) per draw, and the table is small, 8 bytes per word:
// 350 KB for the 44,018 words of the benchmark corpus, which stay in a
// processor's cache, 8 MB for a million words. The original reads at random
// from a table of 10^8 entries (400 MB).

struct NoiseSampler {
    std::vector<float> own_probability;  // (V)
    std::vector<int32_t> alias;          // (V)

    // One 64-bit random number serves both steps (for speed: the innermost
    // loop draws millions of noise words): its top 32 bits pick the column as
    // Rng::below does, and its low 24 bits, scaled to [0, 1) as Rng::uniform
    // scales its (top) 24 bits, toss the coin.
    int32_t sample(Rng& rng) const {
        uint64_t random = rng.next_u64();
        const uint64_t n = own_probability.size();
        uint32_t column = static_cast<uint32_t>(((random >> 32) * n) >> 32);          // in [0, V)
        float coin = static_cast<float>(random & 0xFFFFFF) * (1.0f / 16777216.0f);  // in [0, 1)
        return coin < own_probability[column] ? static_cast<int32_t>(column) : alias[column];
    }
};

NoiseSampler build_noise_sampler(const std::vector<int64_t>& counts) {
    const size_t V = counts.size();
    // count^0.75 = count^(1/2) * count^(1/4) = sqrt(count) * sqrt(sqrt(count)):
    // sqrt is rounded the same way everywhere, std::pow is not (see matrix.hpp).
    auto three_quarters = [](int64_t count) {
        const double root = std::sqrt(static_cast<double>(count));
        return root * std::sqrt(root);
    };
    double total = 0;
    for (int64_t count : counts) total += three_quarters(count);

    // Scaled so that the average column holds exactly 1: a column holds
    // p(w) * V of its own word and is topped up to 1 by one "large" word.
    std::vector<double> share(V);
    std::vector<size_t> small, large;
    for (size_t w = 0; w < V; w++) {
        share[w] = three_quarters(counts[w]) / total * static_cast<double>(V);
        (share[w] < 1.0 ? small : large).push_back(w);
    }

    NoiseSampler noise;
    noise.own_probability.assign(V, 1.0f);
    noise.alias.resize(V);
    for (size_t w = 0; w < V; w++) noise.alias[w] = static_cast<int32_t>(w);
    while (!small.empty() && !large.empty()) {
        size_t s = small.back(), l = large.back();
        small.pop_back();
        noise.own_probability[s] = static_cast<float>(share[s]);  // s fills this much of its column...
        noise.alias[s] = static_cast<int32_t>(l);                 // ...and l the rest
        share[l] -= 1.0 - share[s];
        if (share[l] < 1.0) {
            large.pop_back();
            small.push_back(l);
        }
    }
    // What remains holds 1 up to rounding: each column is all its own word.
    return noise;
}

// ---- 5. the model ----------------------------------------------------------
//
// Two vectors per word. input.row(w) is the word's embedding, the vector we
// save; output.row(w) is used when w is the word being predicted. Inputs start
// small and random, uniform in [-1/d, 1/d), so that words start different;
// outputs start at zero, so at first every prediction is sigmoid(0) = 0.5.
// Zero outputs also mean that the first steps move only output vectors: a
// centre vector moves along the output vectors of the words it is trained
// against (section 6 derives it), and those are zero until they have moved.
//
// The original C tool draws the inputs from [-0.5/d, 0.5/d); gensim 4 from
// [-1/d, 1/d). The wider start learns faster in a short run: after one epoch
// of the benchmark corpus (docs/engineering.md) it scores about as well as
// gensim on the analogy test, and better than the narrower start did (seeds 1
// and 2: 1.30% and 1.16% of the questions right, against 1.04% and 0.85%).

struct Model {
    Matrix input;   // (V, d) the embeddings
    Matrix output;  // (V, d)
};

Model init_model(size_t V, size_t d, Rng& rng) {
    return Model{random_matrix(V, d, 1.0f / static_cast<float>(d), rng), Matrix(V, d, 0.0f)};
}

// ---- 6. training -------------------------------------------------------------
//
// Skip-gram: every word of a sentence (the centre) predicts each word within a
// few positions of it (its context). For a centre word c and a context word o,
// the model's probability that o really occurs near c is sigmoid(v_c · u_o),
// with v = input vector and u = output vector. Negative sampling trains it as
// a binary classifier: label 1 for the real pair (c, o), label 0 for (c, n)
// with n drawn from the noise distribution, minimising the logistic loss
//
//     L = -log sigmoid(v_c · u_o) - sum over the k noise words n of log sigmoid(-v_c · u_n)
//
// (the paper's equation 4). For one target t with label y, f = v_c · u_t:
//
//     dL/df = sigmoid(f) - y,  so with g = lr * (y - sigmoid(f)) a gradient step is
//     u_t += g * v_c      and      v_c += g * u_t (summed over the targets)
//
// Worked example, d = 2, lr = 0.5, one context word o and one noise word n
// (tests/word2vec_test.cpp checks these numbers):
//
//     before:    v_c = (0.1, 0.2)   u_o = (0.3, -0.1)   u_n = (-0.2, 0.4)
//     o, y = 1:  f = 0.03 - 0.02 = 0.01    sigmoid(f) = 0.50250   g = 0.5 (1 - 0.50250) =  0.24875
//     n, y = 0:  f = -0.02 + 0.08 = 0.06   sigmoid(f) = 0.51500   g = 0.5 (0 - 0.51500) = -0.25750
//     after:     u_o = u_o + 0.24875 v_c = (0.32488, -0.05025)
//                u_n = u_n - 0.25750 v_c = (-0.22575, 0.34850)
//                v_c = v_c + 0.24875 u_o - 0.25750 u_n (u before their steps) = (0.22612, 0.07213)
//
// u_o moved towards v_c and u_n away from it, v_c towards u_o and away from
// u_n: with the new vectors the real pair scores sigmoid(0.0698) = 0.5175
// (was 0.5025), the noise pair sigmoid(-0.0259) = 0.4935 (was 0.5150).
//
// Here the centre predicts the context, as in the paper. The original C code
// swaps the roles (the context word's input vector predicts the centre), but
// since the window is symmetric, a pair of nearby words is trained as often
// one way round as the other, so on average both train the same pairs.

// v · u over n numbers. Eight running sums instead of one, for speed: float
// addition is not associative, so a compiler must keep a single sum in order,
// one add after another; eight independent sums, fixed in the source, are free
// to run side by side in SIMD registers, and still give the same bits on any
// machine with IEEE floats, computed in float (not x87's 80 bits), and any
// compiler that may neither fuse a * b + c into one instruction nor reorder
// sums (the Makefile's -ffp-contract=off, and no -ffast-math).
float dot(const float* v, const float* u, size_t n) {
    float sum[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    size_t i = 0;
    for (; i + 8 <= n; i += 8)
        for (size_t k = 0; k < 8; k++) sum[k] += v[i + k] * u[i + k];
    for (size_t k = 0; i < n; i++, k++) sum[k] += v[i] * u[i];
    return ((sum[0] + sum[1]) + (sum[2] + sum[3])) + ((sum[4] + sum[5]) + (sum[6] + sum[7]));
}

// sigmoid(x) = 1 / (1 + e^-x), the probability the model gives a pair.
float sigmoid(float x) { return 1.0f / (1.0f + exp_float(-x)); }

struct TrainingOptions {
    size_t dim = 100;          // -size
    int window = 5;            // -window
    double sample = 1e-3;      // -sample
    int negative = 5;          // -negative
    int epochs = 5;            // -iter
    int64_t min_count = 5;     // -min-count
    float alpha = 0.025f;      // -alpha: the starting learning rate
    int threads = 1;           // -threads
    uint64_t seed = 1;         // -seed
};

// One (centre, context) pair: the real context word and `negative` noise words.
// `centre_update` is scratch space of d floats where the step for the centre's
// vector is summed (the original calls it neu1e).
//
// A noise word that is the context word itself is skipped, not drawn again,
// as the original and gensim do, so the pair gets one noise word fewer. On
// the benchmark corpus (docs/engineering.md) that is 1 draw in 2,000 (on
// data/corpus.txt with make run's settings, only 345 words, 1 in 45).
// Drawing again made no difference beyond the noise between seeds: one epoch
// of the benchmark, seeds 1 to 3, scored 1.30%, 1.16% and 1.38% on the
// analogy test skipping, 1.87%, 1.29% and 1.21% drawing again. (And with a
// one-word vocabulary, drawing again would never end.)
//
// The targets are handled in the order drawn, in batches of up to
// targets_per_batch: draw the batch (1), score every target in it (2), then
// update them one after the other (3). Done one target at a time, each step
// would wait for the one before: fetching u from memory, the dot product, and
// above all exp in the sigmoid, a long chain of dependent operations. The
// scores of one batch do not depend on each other, so the processor works on
// several at once. (For speed only: the numbers are those of one target at a
// time, bit for bit. The one thing an update can change before a later score
// is that word's own u: a word drawn twice in a batch is scored again, after
// its first update. tests/word2vec_test.cpp checks this against the same step
// written one target at a time, in 10 lines.)
constexpr int targets_per_batch = 16;  // up to -negative 15 in one batch; more take several

void train_pair(float* centre, int32_t context, Matrix& output, const NoiseSampler& noise, int negative,
                float lr, Rng& rng, float* centre_update) {
    const size_t d = output.cols;
    for (size_t i = 0; i < d; i++) centre_update[i] = 0.0f;
    int32_t target[targets_per_batch];
    float label[targets_per_batch], g[targets_per_batch];
    for (int k = 0; k <= negative;) {
        // 1. the next targets: k = 0 is the real context word, label 1; k > 0 a noise word, label 0
        int batch = 0;
        for (; k <= negative && batch < targets_per_batch; k++) {
            int32_t word = k == 0 ? context : noise.sample(rng);
            if (k > 0 && word == context) continue;
            target[batch] = word;
            label[batch] = k == 0 ? 1.0f : 0.0f;
            batch++;
        }
        // 2. f = v_c · u_t for each target (so that all their rows are fetched at once),
        //    then g = lr * (label - sigmoid(f))
        float f[targets_per_batch];
        for (int t = 0; t < batch; t++) f[t] = dot(centre, output.row(static_cast<size_t>(target[t])), d);
        for (int t = 0; t < batch; t++) g[t] = lr * (label[t] - sigmoid(f[t]));
        // 3. centre_update += g * u (with u before its update), then u += g * centre,
        //    both in one pass over u (for speed)
        for (int t = 0; t < batch; t++) {
            float* u = output.row(static_cast<size_t>(target[t]));
            if (std::find(target, target + t, target[t]) != target + t)  // drawn before: u has moved since 2
                g[t] = lr * (label[t] - sigmoid(dot(centre, u, d)));
            for (size_t i = 0; i < d; i++) {
                float u_i = u[i];
                centre_update[i] += g[t] * u_i;
                u[i] = u_i + g[t] * centre[i];
            }
        }
    }
    for (size_t i = 0; i < d; i++) centre[i] += centre_update[i];
}

// The pairs of one sentence. For each centre word we draw a window size
// `reach` from 1 to -window (W): nearby words fall inside more often than
// distant ones, which weights them more, as the original does. A word j
// places away is inside when reach >= j, which happens with probability
// (W - j + 1) / W: for W = 5, 1, 0.8, 0.6, 0.4 and 0.2 for j = 1 to 5.
void train_sentence(const std::vector<int32_t>& sentence, Model& model, const NoiseSampler& noise,
                    const TrainingOptions& options, float lr, Rng& rng, std::vector<float>& centre_update) {
    const size_t n = sentence.size();
    for (size_t i = 0; i < n; i++) {
        size_t reach = 1 + rng.below(static_cast<uint32_t>(options.window));
        size_t first = i > reach ? i - reach : 0;
        size_t last = std::min(n - 1, i + reach);
        float* centre = model.input.row(static_cast<size_t>(sentence[i]));
        for (size_t j = first; j <= last; j++) {
            if (j == i) continue;
            train_pair(centre, sentence[j], model.output, noise, options.negative, lr, rng, centre_update.data());
        }
    }
}

// Long lines are cut into sentences of at most this many words read, as in
// the original (which counts the words kept after subsampling instead).
constexpr size_t max_sentence_words = 1000;

// Reads the next sentence from tokens[p, end) into `sentence`: up to the end
// of the line or max_sentence_words, leaving out the words that subsampling
// skips this time. Moves p past it; returns how many words it read.
size_t next_sentence(const std::vector<int32_t>& tokens, size_t& p, size_t end, const std::vector<float>& keep,
                     Rng& rng, std::vector<int32_t>& sentence) {
    sentence.clear();
    size_t read = 0;
    for (; p < end && tokens[p] != sentence_end && read < max_sentence_words; p++, read++) {
        int32_t word = tokens[p];
        // No coin where keep is 1 (for speed). This is not free to change: tossing
        // one there too would use up other random numbers, and train other vectors.
        if (keep[word] >= 1.0f || rng.uniform() < keep[word]) sentence.push_back(word);
    }
    if (p < end && tokens[p] == sentence_end) p++;
    return read;
}

// The learning rate after `done` of the `planned` words: it falls linearly
// from alpha at the start to alpha * 1e-4 at the end, so the last updates
// settle the vectors instead of shaking them. (With nothing planned, a thread
// whose slice holds no words, it stays at alpha instead of becoming 0 / 0.)
float learning_rate(float alpha, double done, double planned) {
    if (planned <= 0) return alpha;
    return alpha * static_cast<float>(1.0 - (1.0 - 1e-4) * done / planned);
}

// What the progress line on stderr shows: the words read by all threads so
// far, of words_total.
struct Progress {
    std::atomic<int64_t> words_read{0};  // all threads, all epochs
    int64_t words_total = 0;
    std::chrono::steady_clock::time_point start;
};

void show_progress(const Progress& progress, float lr) {
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - progress.start).count();
    double words = static_cast<double>(progress.words_read.load());
    std::fprintf(stderr, "\rtraining: %5.1f%%  learning rate %.6f  %.0fk words/s ",
                 100.0 * words / static_cast<double>(progress.words_total), static_cast<double>(lr),
                 words / seconds / 1000.0);
    std::fflush(stderr);
}

// One thread's share: tokens[begin, end) for every epoch, with its own random
// numbers. The learning rate follows this thread's own progress (words_read
// here, not the shared progress.words_read); with equal shares that is about
// the original's schedule, which follows all threads' progress. The thread
// with shows_progress refreshes the progress line.
void train_part(const std::vector<int32_t>& tokens, size_t begin, size_t end, Model& model,
                const NoiseSampler& noise, const std::vector<float>& keep, const TrainingOptions& options,
                uint64_t seed, Progress& progress, bool shows_progress) {
    Rng rng(seed);
    std::vector<float> centre_update(model.output.cols);
    std::vector<int32_t> sentence;
    int64_t words_in_part = 0;
    for (size_t p = begin; p < end; p++) words_in_part += tokens[p] != sentence_end;
    const double planned = static_cast<double>(words_in_part) * options.epochs;
    int64_t words_read = 0;
    auto last_shown = std::chrono::steady_clock::now();

    for (int epoch = 0; epoch < options.epochs; epoch++) {
        size_t p = begin;
        while (p < end) {
            size_t read = next_sentence(tokens, p, end, keep, rng, sentence);
            float lr = learning_rate(options.alpha, static_cast<double>(words_read), planned);
            train_sentence(sentence, model, noise, options, lr, rng, centre_update);
            words_read += static_cast<int64_t>(read);
            progress.words_read += static_cast<int64_t>(read);

            if (shows_progress && std::chrono::steady_clock::now() - last_shown > std::chrono::milliseconds(200)) {
                last_shown = std::chrono::steady_clock::now();
                show_progress(progress, lr);
            }
        }
    }
}

// Trains with options.threads threads, each on an equal slice of the corpus.
// They update the shared vectors without locks ("Hogwild!", Recht et al.
// 2011), as the original does: when two threads write the same vector at the
// same moment (most often the output vector of a frequent noise word), one
// update is partly lost, which SGD shrugs off in practice. In C++ terms this
// is a data race, formally undefined behaviour (ThreadSanitizer reports it);
// we accept it, as the original and gensim do, only for -threads above 1.
// With one thread (the default) there is no race, and the same seed always
// gives the same vectors, bit for bit. Returns the seconds it took.
double train(const std::vector<int32_t>& tokens, Model& model, const NoiseSampler& noise,
             const std::vector<float>& keep, const TrainingOptions& options, int64_t words_per_epoch) {
    Progress progress;
    progress.words_total = words_per_epoch * options.epochs;
    progress.start = std::chrono::steady_clock::now();
    const bool on_terminal = is_terminal(stderr);  // a progress line only on a screen, never in a log file

    // Thread t trains tokens[n t / T, n (t + 1) / T). The cut falls between
    // two tokens, often inside a sentence, whose two halves are then trained
    // by two threads as two shorter sentences. Thread t draws its random
    // numbers from seed + 1 + t: each thread its own sequence, and none the
    // sequence of seed itself, which drew the starting vectors (section 5).
    // Thread 0 shows the progress line. An error in a thread is kept and
    // thrown here, after every thread has finished.
    const size_t T = static_cast<size_t>(options.threads), n = tokens.size();
    std::vector<std::exception_ptr> errors(T);
    auto work = [&](size_t t) {
        try {
            train_part(tokens, n * t / T, n * (t + 1) / T, model, noise, keep, options, options.seed + 1 + t, progress,
                       t == 0 && on_terminal);
        } catch (...) {
            errors[t] = std::current_exception();
        }
    };
    std::vector<std::thread> helpers;
    try {
        for (size_t t = 1; t < T; t++) helpers.emplace_back(work, t);
    } catch (...) {  // could not start a thread: wait for those that did start
        for (std::thread& helper : helpers) helper.join();
        throw;
    }
    work(0);
    for (std::thread& helper : helpers) helper.join();
    for (const std::exception_ptr& error : errors)
        if (error) std::rethrow_exception(error);

    if (on_terminal) std::fprintf(stderr, "\r%70s\r", "");
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - progress.start).count();
}

// ---- 7. saving -----------------------------------------------------------------
//
// write_word_vectors (io.hpp) writes the text format that gensim's
// KeyedVectors.load_word2vec_format(path, binary=False) and ./attention read,
// or with -binary 1 the original's binary format, through an OutputFile: into
// a temporary file beside <output> first, renamed over <output> only once it
// is complete.

// ---- 8. using the vectors --------------------------------------------------------
//
// Similar words have vectors pointing in similar directions. We compare
// directions with the cosine similarity cos(a, b) = a · b / (|a| |b|), and
// make that a plain dot product by scaling every vector to length 1 first.

Matrix unit_rows(const Matrix& vectors) {
    Matrix unit = vectors;
    for (size_t r = 0; r < unit.rows; r++) {
        float* row = unit.row(r);
        float length = std::sqrt(dot(row, row, unit.cols));
        if (length > 0)
            for (size_t c = 0; c < unit.cols; c++) row[c] /= length;
    }
    return unit;
}

struct Neighbour {
    size_t id;
    float similarity;
};

// The `top` rows among the first `rows` most similar to `query` (a unit
// vector), leaving out the ids in `exclude`. Ties go to the lower id.
std::vector<Neighbour> nearest(const Matrix& unit, const std::vector<float>& query, size_t top, size_t rows,
                               const std::vector<size_t>& exclude) {
    std::vector<Neighbour> best;  // sorted, most similar first
    if (top == 0) return best;
    for (size_t r = 0; r < rows; r++) {
        if (std::find(exclude.begin(), exclude.end(), r) != exclude.end()) continue;
        float similarity = dot(unit.row(r), query.data(), unit.cols);
        if (best.size() == top && similarity <= best.back().similarity) continue;
        Neighbour candidate{r, similarity};
        auto place = std::upper_bound(best.begin(), best.end(), candidate,
                                      [](const Neighbour& a, const Neighbour& b) { return a.similarity > b.similarity; });
        best.insert(place, candidate);
        if (best.size() > top) best.pop_back();
    }
    return best;
}

// The analogy a : b :: c : ?  ("man is to king as woman is to ?"). The offset
// b - a (king - man) carries what separates b from a; added to c it points at
// the answer (queen). Mikolov, Yih and Zweig, "Linguistic Regularities in
// Continuous Space Word Representations" (NAACL 2013). The three question
// words are never answers.
std::vector<float> analogy_query(const Matrix& unit, size_t a, size_t b, size_t c) {
    std::vector<float> query(unit.cols);
    for (size_t i = 0; i < unit.cols; i++) query[i] = unit(b, i) - unit(a, i) + unit(c, i);
    float length = std::sqrt(dot(query.data(), query.data(), query.size()));
    if (length > 0)
        for (float& x : query) x /= length;  // so that the similarities printed are cosines
    return query;
}

// An analogy test file: lines ": section-name", then questions "a b c d"
// meaning a : b :: c : d, as in questions-words.txt.
struct AnalogySection {
    std::string name;
    std::vector<std::vector<std::string>> questions;  // each {a, b, c, d}
};

std::vector<AnalogySection> read_analogy_file(const std::string& path) {
    std::vector<AnalogySection> sections;
    TokenReader in(path);
    std::string word;
    size_t questions = 0;
    while (next_row_word(in, word)) {
        std::string where = in.where();
        std::vector<std::string> line = rest_of_line(in);
        line.insert(line.begin(), word);
        if (word[0] == ':') {
            std::string name = word.size() > 1 ? word.substr(1) : (line.size() > 1 ? line[1] : "");
            if (name.empty()) throw std::runtime_error(where + ": a section line ':' needs a name");
            sections.push_back({name, {}});
            continue;
        }
        if (sections.empty())
            throw std::runtime_error(where + ": a question before the first section line (': name')");
        if (line.size() != 4)
            throw std::runtime_error(where + ": expected a question of 4 words (a b c d) but found " +
                                     std::to_string(line.size()));
        sections.back().questions.push_back(line);
        questions++;
    }
    if (questions == 0) throw std::runtime_error(path + ": no analogy questions in the file");
    return sections;
}

struct SectionScore {
    std::string name;
    size_t correct = 0;   // answered right
    size_t asked = 0;     // all four words known: the question could be asked
    size_t total = 0;     // questions in the file
};

// Scores the analogy questions as the original compute-accuracy does (only
// the `restrict_rows` most frequent words take part, the first rows of the file;
// a question counts only if all four of its words are among them: coverage =
// asked / total; it is right if d is the most similar word to b - a + c other
// than a, b and c), with gensim's evaluate_word_analogies' refinements: words
// are compared ignoring case (A-Z only), a, b and c are never the answer in
// any case ("King" is not an answer to a question about "king"), and the
// answer is the first of the 5 best candidates that is none of them.
std::vector<SectionScore> score_analogies(const std::vector<AnalogySection>& sections,
                                          const std::vector<std::string>& words, const Matrix& unit,
                                          size_t restrict_rows) {
    const size_t rows = std::min(restrict_rows, words.size());
    std::unordered_map<std::string, size_t> id;  // lowercase word -> the most frequent row with it
    for (size_t r = 0; r < rows; r++) id.emplace(lowercase(words[r]), r);

    std::vector<SectionScore> scores;
    for (const AnalogySection& section : sections) {
        SectionScore score{section.name, 0, 0, section.questions.size()};
        for (const std::vector<std::string>& question : section.questions) {
            std::string word[4];  // a, b, c, d in lowercase
            size_t ids[4];
            bool known = true;
            for (size_t k = 0; k < 4 && known; k++) {
                word[k] = lowercase(question[k]);
                auto found = id.find(word[k]);
                known = found != id.end();
                if (known) ids[k] = found->second;
            }
            if (!known) continue;
            score.asked++;
            std::vector<float> query = analogy_query(unit, ids[0], ids[1], ids[2]);
            for (const Neighbour& candidate : nearest(unit, query, 5, rows, {ids[0], ids[1], ids[2]})) {
                const std::string answer = lowercase(words[candidate.id]);
                if (answer == word[0] || answer == word[1] || answer == word[2]) continue;
                if (answer == word[3]) score.correct++;
                break;
            }
        }
        scores.push_back(score);
    }
    return scores;
}

// ---- 9. a map of the vectors: the first two principal components ---------------
//
// A word vector has d numbers (24 in `make run`, 100 to 300 usually) and a
// page has two directions. To draw the words, we pick the two directions of
// the d-dimensional space along which the chosen words differ most, their
// first two principal components, and place each word at its coordinates
// along them (Pearson 1901; Hotelling 1933).
//
// What the map keeps: the largest differences between the words, and true
// distances along the two directions (nothing is stretched). What it loses:
// every difference in the other d - 2 directions. Projecting can only
// shorten a distance, so words far apart in the full space may land close
// together on the map, never the other way round: a group that is apart on
// the map is apart in the vectors, but words that touch on the map may not be
// alike. How much is lost is the share of the variance that the two
// directions do not explain; the program prints it and the axes show it.
//
// We map unit vectors (each scaled to length 1, as in section 8): cosine
// similarity, which -neighbours ranks by, depends only on direction, and a
// frequent word's longer vector would otherwise stand out for its length.
//
// For m words with unit vectors u_1 ... u_m:
//   1. centre them: x_r = u_r - μ, where μ is their mean;
//   2. their covariance C = (1/m) Σ_r x_r x_rᵀ, a symmetric d x d matrix.
//      The variance of the words along a unit direction v is vᵀ C v, so the
//      direction of most variance is the eigenvector v_1 of C with the
//      largest eigenvalue λ_1, which is that variance; the total variance in
//      all d directions is Σ_a C_aa, the sum of all the eigenvalues;
//   3. power iteration finds v_1: repeat v ← C v / |C v|. Written as a mix
//      of C's eigenvectors, each step multiplies v's part along eigenvector k
//      by λ_k, so the part along v_1 outgrows the others, which shrink
//      relative to it like (λ_2 / λ_1)^steps;
//   4. deflation: C' = C - λ_1 v_1 v_1ᵀ has the same eigenvectors, with λ_1
//      replaced by 0, so power iteration on C' finds v_2 and λ_2;
//   5. word r is drawn at (x_r · v_1, x_r · v_2); the axes explain
//      λ_1 / total and λ_2 / total of the variance.
// Worked example: the three points (0, 0), (2, 0), (4, 0) have mean (2, 0),
// C = [[8/3, 0], [0, 0]], total variance 8/3, v_1 = (1, 0) with λ_1 = 8/3
// (100% of the variance), λ_2 = 0, and the map places them at -2, 0 and 2.

struct PrincipalComponents {
    std::vector<double> mean;       // (d) μ
    std::vector<double> axis[2];    // (d) each: v_1 and v_2, unit vectors
    double variance[2] = {0, 0};    // λ_1 and λ_2: the variance along each axis
    double total_variance = 0;      // Σ_a C_aa: the variance in all d directions
    std::vector<double> x, y;       // (m) each point's coordinates along v_1 and v_2
};

// Steps 1 and 2: the mean of the rows of `points` (m, d) and their
// covariance C (d, d), row-major, in double precision.
std::vector<double> covariance(const Matrix& points, std::vector<double>& mean) {
    const size_t m = points.rows, d = points.cols;
    mean.assign(d, 0.0);
    for (size_t r = 0; r < m; r++)
        for (size_t a = 0; a < d; a++) mean[a] += points(r, a) / static_cast<double>(m);

    // C_ab = (1/m) Σ_r x_ra x_rb; the inner loop walks along row a of C
    std::vector<double> C(d * d, 0.0), x(d);
    for (size_t r = 0; r < m; r++) {
        for (size_t a = 0; a < d; a++) x[a] = points(r, a) - mean[a];
        for (size_t a = 0; a < d; a++) {
            double* C_a = C.data() + a * d;
            for (size_t b = 0; b < d; b++) C_a[b] += x[a] * x[b];
        }
    }
    for (double& c : C) c /= static_cast<double>(m);
    return C;
}

double dot(const std::vector<double>& u, const std::vector<double>& v) {
    double sum = 0;
    for (size_t i = 0; i < u.size(); i++) sum += u[i] * v[i];
    return sum;
}

// Cv = C v for the d x d matrix C (row-major) and a vector v of d numbers.
void multiply(const std::vector<double>& C, const std::vector<double>& v, std::vector<double>& Cv) {
    const size_t d = v.size();
    for (size_t a = 0; a < d; a++) {
        const double* C_a = C.data() + a * d;  // row a
        double sum = 0;
        for (size_t b = 0; b < d; b++) sum += C_a[b] * v[b];
        Cv[a] = sum;
    }
}

// v minus its part along the unit vector `away_from` (if that is not empty).
void remove_part_along(std::vector<double>& v, const std::vector<double>& away_from) {
    if (away_from.empty()) return;
    const double along = dot(v, away_from);
    for (size_t i = 0; i < v.size(); i++) v[i] -= along * away_from[i];
}

// Step 3: the eigenvector of the symmetric d x d matrix C with the largest
// eigenvalue, returned in `v`, and that eigenvalue, vᵀ C v. When
// `orthogonal_to` is given (v_1, for the second axis), every step also
// removes v's part along it: deflation already makes it worth nothing, and
// this keeps rounding errors from bringing it back.
//
// The start is a fixed pseudo-random vector: the same every run, so the
// picture is too, and with no special direction, so it is all but surely not
// orthogonal to the eigenvector sought (from such a start the iteration
// could never reach it). It stops when a step moves v by less than 1e-10, or
// after 10,000 steps: if λ_2 is nearly λ_1, v may then still be a mix of the
// two eigenvectors, but a mix in the same plane, so the map is still right
// (if λ_3 is also nearly λ_2, which plane is "the" best one is itself unsure).
// If C v is zero, no variance is left in any direction: the eigenvalue is 0
// and any direction will do.
double power_iteration(const std::vector<double>& C, size_t d, const std::vector<double>& orthogonal_to,
                       std::vector<double>& v) {
    Rng rng(1);
    v.assign(d, 0.0);
    for (double& v_i : v) v_i = rng.uniform(-1.0f, 1.0f);
    remove_part_along(v, orthogonal_to);
    double length = std::sqrt(dot(v, v));
    if (length == 0) return 0;  // d = 1: no second direction exists
    for (double& v_i : v) v_i /= length;

    std::vector<double> Cv(d);
    for (int step = 0; step < 10000; step++) {
        multiply(C, v, Cv);
        remove_part_along(Cv, orthogonal_to);
        length = std::sqrt(dot(Cv, Cv));
        if (length == 0) return 0;  // C v = 0: nothing left to find
        double moved = 0;
        for (size_t a = 0; a < d; a++) {
            const double next = Cv[a] / length;
            moved += (next - v[a]) * (next - v[a]);
            v[a] = next;
        }
        if (moved < 1e-20) break;  // moved by less than 1e-10
    }
    multiply(C, v, Cv);
    return dot(v, Cv);  // vᵀ C v
}

// An eigenvector's sign is arbitrary (-v serves as well as v). We choose the
// one whose largest entry is positive, so the map does not flip over between
// two runs that differ in the last bits.
void fix_sign(std::vector<double>& v) {
    size_t largest = 0;
    for (size_t a = 0; a < v.size(); a++)
        if (std::fabs(v[a]) > std::fabs(v[largest])) largest = a;
    if (!v.empty() && v[largest] < 0)
        for (double& v_a : v) v_a = -v_a;
}

// Steps 1 to 5 for the rows of `points` (m, d).
//
// Points that differ by less than a millionth of their length (a variance
// below 1e-12 of their mean squared length) differ only by the rounding of
// their floats: an error, not a map of rounding noise. And since C' has no
// negative eigenvalues, a λ_2 below 0 (such as -5e-31) is rounding too: 0.
PrincipalComponents principal_components(const Matrix& points) {
    const size_t m = points.rows, d = points.cols;
    PrincipalComponents pc;
    std::vector<double> C = covariance(points, pc.mean);  // (d, d)
    double mean_squared_length = 0;
    for (float x : points.data) mean_squared_length += static_cast<double>(x) * x / static_cast<double>(m);
    for (size_t a = 0; a < d; a++) pc.total_variance += C[a * d + a];
    if (!(pc.total_variance > 1e-12 * mean_squared_length))
        throw std::runtime_error("the words to plot all have the same vector: there is nothing to map");

    pc.variance[0] = power_iteration(C, d, {}, pc.axis[0]);
    fix_sign(pc.axis[0]);
    for (size_t a = 0; a < d; a++)  // deflation: C' = C - λ_1 v_1 v_1ᵀ
        for (size_t b = 0; b < d; b++) C[a * d + b] -= pc.variance[0] * pc.axis[0][a] * pc.axis[0][b];
    pc.variance[1] = std::max(0.0, power_iteration(C, d, pc.axis[0], pc.axis[1]));
    fix_sign(pc.axis[1]);

    std::vector<double> x(d);
    for (size_t r = 0; r < m; r++) {
        for (size_t a = 0; a < d; a++) x[a] = points(r, a) - pc.mean[a];
        pc.x.push_back(dot(x, pc.axis[0]));
        pc.y.push_back(dot(x, pc.axis[1]));
    }
    return pc;
}

// "20.1%", for the axis labels and the printed summary.
std::string share_text(double part, double whole) { return fixed(100.0 * part / whole, 1) + "%"; }

// The picture: the chosen rows' unit vectors on their first two principal
// components, each point labelled with its word. The first of `rows` get the
// best label places: the most frequent words, or -plot-list's in its order.
PrincipalComponents draw_map(const WordVectors& v, const std::vector<size_t>& rows, const std::string& title,
                             const std::string& path) {
    const Matrix unit = unit_rows(v.vectors);
    Matrix points(rows.size(), unit.cols);  // (m, d)
    for (size_t r = 0; r < rows.size(); r++)
        std::copy(unit.row(rows[r]), unit.row(rows[r]) + unit.cols, points.row(r));
    PrincipalComponents pc = principal_components(points);

    ScatterPlot plot;
    plot.title = title;
    plot.x_label = "first principal component: " + share_text(pc.variance[0], pc.total_variance) + " of the variance";
    plot.y_label = "second principal component: " + share_text(pc.variance[1], pc.total_variance) + " of the variance";
    for (size_t r = 0; r < rows.size(); r++) plot.labels.push_back(v.words[rows[r]]);
    plot.x = pc.x;
    plot.y = pc.y;
    save_svg(path, scatter_plot_svg(plot));
    return pc;
}

// ---- main: the command line ----------------------------------------------------

std::string percent(size_t part, size_t whole) {
    if (whole == 0) return "    -";
    char text[16];
    std::snprintf(text, sizeof text, "%5.1f%%", 100.0 * static_cast<double>(part) / static_cast<double>(whole));
    return text;
}

void print_analogy_scores(const std::vector<SectionScore>& scores, const std::string& path, size_t restrict_rows) {
    std::printf("\nanalogies from %s (the %zu most frequent words, case ignored):\n", path.c_str(), restrict_rows);
    std::printf("  %-28s %16s %9s %9s\n", "section", "correct / asked", "accuracy", "coverage");
    SectionScore semantic{"semantic"}, syntactic{"syntactic (gram*)"}, all{"total"};
    auto add = [](SectionScore& sum, const SectionScore& s) {
        sum.correct += s.correct;
        sum.asked += s.asked;
        sum.total += s.total;
    };
    auto print = [](const SectionScore& s) {
        std::printf("  %-28s %7zu / %-6zu %9s %9s\n", s.name.c_str(), s.correct, s.asked,
                    percent(s.correct, s.asked).c_str(), percent(s.asked, s.total).c_str());
    };
    for (const SectionScore& s : scores) {
        print(s);
        add(s.name.compare(0, 4, "gram") == 0 ? syntactic : semantic, s);
        add(all, s);
    }
    print(semantic);
    print(syntactic);
    print(all);
}

// Finds each word of a space-separated list, or names the first unknown one.
std::vector<size_t> find_words(const std::string& list, const std::vector<std::string>& words, const std::string& flag) {
    std::vector<size_t> ids;
    for (const std::string& word : split_on_spaces(list)) {
        size_t id = find_word(words, word);
        if (id == words.size()) throw std::runtime_error("-" + flag + ": '" + word + "' is not in the vocabulary");
        ids.push_back(id);
    }
    return ids;
}

// The rows that -plot draws: the words of -plot-list, or the -plot-words
// most frequent, which are the first rows (word2vec, gensim and GloVe all
// write the most frequent words first).
std::vector<size_t> rows_to_plot(const Flags& flags, const std::vector<std::string>& words) {
    std::vector<size_t> rows;
    if (flags.given("plot-list")) {
        for (const std::string& word : split_on_spaces(flags.text("plot-list"))) {
            const size_t row = find_word(words, word);
            if (row == words.size()) throw std::runtime_error("-plot-list: '" + word + "' is not in the vocabulary");
            if (std::find(rows.begin(), rows.end(), row) != rows.end())
                throw std::runtime_error("-plot-list: '" + word + "' is the word '" + words[row] + "' again");
            rows.push_back(row);
        }
        return rows;
    }
    size_t n = static_cast<size_t>(flags.integer("plot-words", 2, 10000));
    if (!flags.given("plot-words")) n = std::min(n, words.size());  // the default: as many as there are, up to 60
    if (words.size() < 2) throw std::runtime_error("-plot: a map needs at least two words, and there is only one");
    if (n > words.size())
        throw std::runtime_error("-plot-words " + std::to_string(n) + ": there are only " + std::to_string(words.size()) +
                                 " words to plot");
    for (size_t r = 0; r < n; r++) rows.push_back(r);
    return rows;
}

// -plot: the map of the chosen words, and what it keeps of their variance.
void plot_map(const WordVectors& vectors, const Flags& flags, const std::string& source) {
    const std::vector<size_t> rows = rows_to_plot(flags, vectors.words);
    const std::string which = flags.given("plot-list") ? std::to_string(rows.size()) + " chosen words"
                                                       : "the " + std::to_string(rows.size()) + " most frequent words";
    const std::string path = flags.file("plot");
    const PrincipalComponents pc = draw_map(vectors, rows, "Map of the word vectors from " + source + ": " + which, path);
    std::printf("\nmap of %s: the first principal component explains %s of their variance, the second %s, together %s; "
                "drawn in %s\n",
                which.c_str(), share_text(pc.variance[0], pc.total_variance).c_str(),
                share_text(pc.variance[1], pc.total_variance).c_str(),
                share_text(pc.variance[0] + pc.variance[1], pc.total_variance).c_str(), path.c_str());
}

// The flags, with the defaults of TrainingOptions (the original's, single thread).
Flags word2vec_flags() {
    const TrainingOptions defaults;
    auto text = [](double number) {
        char buffer[32];
        std::snprintf(buffer, sizeof buffer, "%g", number);
        return std::string(buffer);
    };
    return Flags{"word2vec",
                 "Trains word vectors with skip-gram and negative sampling, and queries them.",
                 {
                     {"train", "", "the corpus: a text file, one sentence per line"},
                     {"output", "", "write the vectors to this file (word2vec text format)"},
                     {"size", std::to_string(defaults.dim), "numbers per word vector"},
                     {"window", std::to_string(defaults.window), "how many words on each side are context (at most)"},
                     {"sample", text(defaults.sample), "subsampling threshold for frequent words; 0 turns it off"},
                     {"negative", std::to_string(defaults.negative), "noise words per real (word, context) pair"},
                     {"iter", std::to_string(defaults.epochs), "passes (epochs) over the corpus"},
                     {"min-count", std::to_string(defaults.min_count), "drop words that occur fewer times than this"},
                     {"alpha", text(defaults.alpha), "starting learning rate"},
                     {"threads", std::to_string(defaults.threads), "training threads; 1 gives the same vectors every run"},
                     {"binary", "0", "1: write the original's binary format instead of text"},
                     {"seed", std::to_string(defaults.seed), "seed for the random numbers"},
                     {"cbow", "0", "0 only: this is skip-gram (accepted for the original's command lines)"},
                     {"hs", "0", "0 only: negative sampling, no hierarchical softmax (likewise)"},
                     {"vectors", "", "query these vectors (word2vec text or binary, or GloVe) instead of training"},
                     {"neighbours", "", "print the nearest neighbours of these words: \"king dog\""},
                     {"analogy", "", "answer a : b :: c : ? for \"a b c\", e.g. \"man king woman\""},
                     {"analogy-file", "", "score an analogy test file such as questions-words.txt"},
                     {"top", "5", "how many neighbours or answers to print"},
                     {"restrict-vocab", "30000", "analogy-file: use only this many most frequent words"},
                     {"plot", "", "draw a map of the words on their first two principal components (an SVG file)"},
                     {"plot-words", "60", "plot: map this many of the most frequent words (by default all, if there are fewer)"},
                     {"plot-list", "", "plot: the map shows these words instead: \"king queen dog cat\""},
                 }};
}

TrainingOptions training_options(const Flags& flags) {
    TrainingOptions options;
    options.dim = static_cast<size_t>(flags.integer("size", 1, static_cast<long long>(max_vector_dim)));
    options.window = static_cast<int>(flags.integer("window", 1, 1000));
    options.sample = flags.real("sample", 0.0, 1.0);
    options.negative = static_cast<int>(flags.integer("negative", 1, 1000));
    options.epochs = static_cast<int>(flags.integer("iter", 1, 1000000));
    options.min_count = flags.integer("min-count", 1, std::numeric_limits<int64_t>::max());
    options.alpha = static_cast<float>(flags.real("alpha", 1e-9, 1.0));
    options.threads = static_cast<int>(flags.integer("threads", 1, 256));
    options.seed = static_cast<uint64_t>(flags.integer("seed", 0, std::numeric_limits<long long>::max()));
    if (flags.integer("cbow", 0, 1) != 0) throw UsageError("-cbow 1: only skip-gram (-cbow 0) is implemented");
    if (flags.integer("hs", 0, 1) != 0) throw UsageError("-hs 1: only negative sampling (-hs 0) is implemented");
    return options;
}

// Sections 1 to 7 in a row: read, count, train, save (if output is not empty).
WordVectors train_and_save(const std::string& train_path, const TrainingOptions& options, const std::string& output,
                           bool binary, const Flags& flags) {
    WordCounts counted = count_words(train_path);
    std::printf("corpus %s: %lld words, %zu distinct\n", train_path.c_str(), static_cast<long long>(counted.words),
                counted.count.size());
    Vocabulary vocab = build_vocabulary(counted, options.min_count);
    if (vocab.words.empty())
        throw std::runtime_error(train_path + ": no word occurs at least " + std::to_string(options.min_count) +
                                 " times (-min-count); lower -min-count or use a larger corpus");
    std::printf("vocabulary: %zu words occur at least %lld times\n", vocab.words.size(),
                static_cast<long long>(options.min_count));
    find_words(flags.text("neighbours"), vocab.words, "neighbours");  // fail now, not after training
    find_words(flags.text("analogy"), vocab.words, "analogy");
    if (flags.given("plot")) rows_to_plot(flags, vocab.words);

    std::printf("training: %zu numbers per word, window %d, %d noise words, sample %g, %d epochs, alpha %g, "
                "seed %llu, %d thread%s\n",
                options.dim, options.window, options.negative, options.sample, options.epochs,
                static_cast<double>(options.alpha), static_cast<unsigned long long>(options.seed), options.threads,
                options.threads == 1 ? "" : "s");
    std::fflush(stdout);
    const std::vector<int32_t> tokens = read_corpus_ids(train_path, vocab, counted);
    counted = WordCounts();  // the counts of all words are no longer needed: free them
    Rng rng(options.seed);
    Model model = init_model(vocab.words.size(), options.dim, rng);
    NoiseSampler noise = build_noise_sampler(vocab.counts);
    std::vector<float> keep = keep_probabilities(vocab, options.sample);
    double seconds = train(tokens, model, noise, keep, options, vocab.total);
    double trained = static_cast<double>(vocab.total) * options.epochs;  // words read (subsampling skips some)
    std::fprintf(stderr, "trained on %.0f words in %.2f s: %.0f words/s\n", trained, seconds, trained / seconds);

    if (!output.empty()) {
        OutputFile file(output);
        write_word_vectors(file, vocab.words, model.input, binary);
        file.commit();
        std::printf("saved %zu vectors to %s\n", vocab.words.size(), output.c_str());
    }
    return WordVectors{std::move(vocab.words), std::move(model.input)};
}

// Section 8 for the command line: -neighbours, -analogy and -analogy-file.
void answer_queries(const WordVectors& v, const Flags& flags, const std::vector<AnalogySection>& sections, size_t top,
                    size_t restrict_rows) {
    const Matrix unit = unit_rows(v.vectors);
    if (flags.given("neighbours") || flags.given("analogy")) std::printf("\n");
    for (size_t id : find_words(flags.text("neighbours"), v.words, "neighbours")) {
        std::printf("neighbours of %s:", v.words[id].c_str());
        std::vector<float> query(unit.row(id), unit.row(id) + unit.cols);
        for (const Neighbour& n : nearest(unit, query, top, unit.rows, {id}))
            std::printf("  %s %.3f", v.words[n.id].c_str(), static_cast<double>(n.similarity));
        std::printf("\n");
    }
    if (flags.given("analogy")) {
        std::vector<size_t> ids = find_words(flags.text("analogy"), v.words, "analogy");
        std::printf("%s : %s :: %s : ?", v.words[ids[0]].c_str(), v.words[ids[1]].c_str(), v.words[ids[2]].c_str());
        for (const Neighbour& n : nearest(unit, analogy_query(unit, ids[0], ids[1], ids[2]), top, unit.rows, ids))
            std::printf("  %s %.3f", v.words[n.id].c_str(), static_cast<double>(n.similarity));
        std::printf("\n");
    }
    if (!sections.empty())
        print_analogy_scores(score_analogies(sections, v.words, unit, restrict_rows), flags.text("analogy-file"), restrict_rows);
}

#ifndef TESTING
int main(int argc, char** argv) {
    Flags flags = word2vec_flags();
    try {
        if (!flags.parse(argc, argv)) {
            std::fputs(flags.help_text().c_str(), stdout);
            return 0;
        }
        const TrainingOptions options = training_options(flags);
        const bool binary = flags.integer("binary", 0, 1) == 1;
        const size_t top = static_cast<size_t>(flags.integer("top", 1, 1000));
        const size_t restrict_rows = static_cast<size_t>(flags.integer("restrict-vocab", 1, std::numeric_limits<long long>::max()));
        const std::string train_path = flags.file("train"), vectors_path = flags.file("vectors");
        const std::string output = flags.file("output"), analogy_path = flags.file("analogy-file");
        if (train_path.empty() == vectors_path.empty())
            throw UsageError(train_path.empty() ? "give -train CORPUS to train, or -vectors FILE to query (see -help)"
                                                : "give -train or -vectors, not both");
        if (!vectors_path.empty() && flags.given("output"))
            throw UsageError("-output: only training writes vectors; -vectors reads them");
        if (flags.given("analogy") && split_on_spaces(flags.text("analogy")).size() != 3)
            throw UsageError("-analogy: expected three words \"a b c\" (a : b :: c : ?), e.g. \"man king woman\"");
        const std::string plot_path = flags.file("plot");
        const size_t plot_words = static_cast<size_t>(flags.integer("plot-words", 2, 10000));
        if (plot_path.empty() && (flags.given("plot-words") || flags.given("plot-list")))
            throw UsageError("-plot-words and -plot-list choose the words for -plot FILE.svg; give -plot too");
        if (flags.given("plot-words") && flags.given("plot-list"))
            throw UsageError("give -plot-words or -plot-list, not both");
        if (flags.given("plot-list") && split_on_spaces(flags.text("plot-list")).size() < 2)
            throw UsageError("-plot-list: a map needs at least two words");

        // What can fail early fails here, not after a long training run: the
        // output files are tried (and removed again) and the analogy file read.
        if (!output.empty()) {
            OutputFile try_output(output);  // creates a temporary file, and removes it again at the brace
        }
        if (!plot_path.empty()) {
            OutputFile try_plot(plot_path);
        }
        std::vector<AnalogySection> sections;
        if (!analogy_path.empty()) sections = read_analogy_file(analogy_path);

        WordVectors vectors;
        if (!train_path.empty()) {
            vectors = train_and_save(train_path, options, output, binary, flags);
        } else {
            // The analogy test uses only the first -restrict-vocab rows, and the
            // map only the first -plot-words: alone, they read no more.
            RowFilter filter;
            if (!flags.given("neighbours") && !flags.given("analogy") && !flags.given("plot-list"))
                filter.max_rows = plot_path.empty() ? restrict_rows : std::max(restrict_rows, plot_words);
            vectors = read_word_vectors(vectors_path, filter);
            std::printf("vectors %s: %zu words, %zu numbers each%s\n", vectors_path.c_str(), vectors.words.size(),
                        vectors.vectors.cols, vectors.words.size() == filter.max_rows ? " (the first rows of the file)" : "");
        }
        answer_queries(vectors, flags, sections, top, restrict_rows);
        if (!plot_path.empty()) plot_map(vectors, flags, train_path.empty() ? vectors_path : train_path);
        return 0;
    } catch (const UsageError& error) {
        std::fprintf(stderr, "word2vec: %s\n", error.what());
        return 2;
    } catch (const std::bad_alloc&) {
        std::fprintf(stderr, "word2vec: out of memory; try a smaller -size or a larger -min-count\n");
        return 1;
    } catch (const std::exception& error) {
        std::fprintf(stderr, "word2vec: %s\n", error.what());
        return 1;
    }
}
#endif
