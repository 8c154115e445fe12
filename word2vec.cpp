// word2vec.cpp - word embeddings from scratch: skip-gram with negative sampling.
//
// What it teaches: how a program learns one vector per word from plain text,
// so that words used in similar contexts get similar vectors. The method is
// the skip-gram model with negative sampling of Mikolov, Sutskever, Chen,
// Corrado and Dean, "Distributed Representations of Words and Phrases and
// their Compositionality" (NIPS 2013), trained much as their word2vec tool
// trains it, with its flag names (plus -seed) and its skip-gram defaults (-size 100
// -window 5 -sample 1e-3 -negative 5 -iter 5 -min-count 5 -alpha 0.025).
// The sections, in the order they run (the program reads the corpus into
// section 1's Corpus and builds section 2's vocabulary; then train_word2vec,
// at the end of section 7, calls 3, 4, 5 and the loop of 7, which calls 6;
// section 8 answers questions with the result). Section 7 defines its
// functions from the inside out: one sentence, then the loop over them.
//     1 the corpus as word ids       5 the model
//     2 the vocabulary               6 one SGD step
//     3 subsampling frequent words   7 the training loop
//     4 the noise distribution       8 neighbours and analogies
// At the end, a list of where this differs from the original word2vec tool.
//
// Compile with g++ or clang++ -std=c++17 -O2 -ffp-contract=off (C++17 for
// structured bindings and try_emplace; the flag for the same bits).
//
// What it leaves out on purpose: CBOW (the original's other architecture,
// which predicts a word from the sum of its context), hierarchical softmax
// (its other way to train the output layer) and phrases. What is not lesson
// lives in the program's support/ files: reading the corpus file, training
// with several threads, the progress line, saving, the command line, scoring
// an analogy test file, and a map of the vectors.
//
// Letters used in the shape comments:
//     V  words in the vocabulary
//     d  numbers per word vector (-size)
//
// What this file takes from matrix.hpp (nothing else, besides the C++
// standard library):
//     Matrix          rows x cols floats, row-major in one std::vector<float>
//                     `data`; Matrix(rows, cols, fill); M(r, c) is element
//                     (r, c) and M.row(r) points at row r, its cols floats
//     Rng             a small seeded random number generator (SplitMix64):
//                     next_u64() a 64-bit number, uniform() a float in [0, 1)
//                     from its top 24 bits, below(n) an integer in [0, n)
//                     from its top 32 bits
//     random_matrix   random_matrix(rows, cols, limit, rng): a (rows, cols)
//                     Matrix of numbers uniform in [-limit, limit)
//     exp_float       e^x for a float, the same bits on every machine
// (The same bits on every machine need what the top of matrix.hpp names:
// -ffp-contract=off, never -ffast-math, and a 64-bit target.)

#include "matrix.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

// ---- 1. the corpus as word ids ---------------------------------------------
//
// The corpus is plain text: words are separated by whitespace and each line
// is a sentence (a context window never reaches across a line break). It is
// read once, word by word, into a Corpus: each new word gets the next number,
// in the order words are first met, and is counted; the text itself is kept
// as those numbers, one int32 per word and per line end (about 19 MB for a
// corpus of 4.7 million words), with the mark sentence_end after each line
// that had a word. (The
// original reads the file again in every epoch instead.) Who reads the file
// does not matter here: the program feeds the words in with add_word, and
// calls end_sentence at the end of each line.
//
// Worked example, the three lines
//     the cat sat
//     a
//     the dog sat
// give words = {the, cat, sat, a, dog}, counts = {2, 1, 2, 1, 1} and
// tokens = {0, 1, 2, E, 3, E, 0, 4, 2, E}, with E = sentence_end.

constexpr int32_t sentence_end = -1;

struct Corpus {
    std::vector<std::string> words;                      // each distinct word once, in the order first met
    std::vector<int64_t> counts;                         // counts[i]: how often words[i] occurs
    std::vector<int32_t> tokens;                         // the text: i for words[i], sentence_end after a line
    std::unordered_map<std::string, int32_t> number_of;  // words[i] -> i

    void add_word(const std::string& word) {
        if (words.size() == static_cast<size_t>(std::numeric_limits<int32_t>::max()))
            throw std::runtime_error("the corpus has more distinct words than this program can number");
        auto [place, is_new] = number_of.try_emplace(word, static_cast<int32_t>(words.size()));
        if (is_new) {
            words.push_back(word);
            counts.push_back(0);
        }
        counts[static_cast<size_t>(place->second)]++;
        tokens.push_back(place->second);
    }

    // The end of a line. A line with no words adds nothing: there is never a
    // sentence_end at the start, nor two in a row.
    void end_sentence() {
        if (!tokens.empty() && tokens.back() != sentence_end) tokens.push_back(sentence_end);
    }
};

// ---- 2. the vocabulary -------------------------------------------------------
//
// Words rarer than -min-count are dropped: a handful of examples cannot teach
// a vector anything, and rare words are most of the distinct words. The rest
// are sorted by count, most frequent first, ties in byte order of the word,
// so the ids (and the order of the output file) never depend on the order in
// which the words were met. A word's id is its place in this order.
//
// The corpus's tokens are then renumbered with these ids, in place. Dropped
// words are left out, so the words on either side of one become neighbours,
// as in the original; a line left with no words leaves no sentence_end.
// In the worked example of section 1, with min_count 2: "sat" and "the" occur
// twice ("sat" first in byte order), the others once, so the vocabulary is
// {sat, the} and the tokens become {1, 0, E, 1, 0, E}: "the sat" twice, and
// the line "a" is gone.

struct Vocabulary {
    std::vector<std::string> words;  // words[id], most frequent first
    std::vector<int64_t> counts;     // counts[id]
    int64_t total = 0;               // sum of counts: the words read per epoch (subsampling skips some)
};

// Builds the vocabulary and renumbers corpus.tokens to its ids. corpus's
// words, counts and numbers are not needed afterwards and are emptied.
Vocabulary build_vocabulary(Corpus& corpus, int64_t min_count) {
    // sort: the corpus's word numbers in the vocabulary's order
    std::vector<int32_t> order;
    for (size_t i = 0; i < corpus.words.size(); i++) order.push_back(static_cast<int32_t>(i));
    std::sort(order.begin(), order.end(), [&](int32_t a, int32_t b) {
        if (corpus.counts[a] != corpus.counts[b]) return corpus.counts[a] > corpus.counts[b];
        return corpus.words[a] < corpus.words[b];
    });

    // keep those that occur at least min_count times: new_id[i] is word i's id, or dropped
    const int32_t dropped = -2;  // any number that is neither an id nor sentence_end
    std::vector<int32_t> new_id(corpus.words.size(), dropped);
    Vocabulary vocab;
    for (int32_t i : order) {
        if (corpus.counts[i] < min_count) break;  // sorted by count: the rest are rarer still
        new_id[i] = static_cast<int32_t>(vocab.words.size());
        vocab.words.push_back(std::move(corpus.words[i]));
        vocab.counts.push_back(corpus.counts[i]);
        vocab.total += corpus.counts[i];
    }

    // renumber the tokens in place (`kept` never passes p); a mark only after a
    // kept word and never two in a row, as end_sentence does. The test for the
    // mark must come first: new_id[-1] would read outside the array.
    std::vector<int32_t>& tokens = corpus.tokens;
    size_t kept = 0;
    for (size_t p = 0; p < tokens.size(); p++) {
        if (tokens[p] == sentence_end) {
            if (kept > 0 && tokens[kept - 1] != sentence_end) tokens[kept++] = sentence_end;
        } else if (new_id[tokens[p]] != dropped) {
            tokens[kept++] = new_id[tokens[p]];
        }
    }
    tokens.resize(kept);
    tokens.shrink_to_fit();  // give back the room of the dropped words, and what push_back kept spare

    corpus.words = {};
    corpus.counts = {};
    corpus.number_of = {};
    return vocab;
}

// ---- 3. subsampling frequent words ----------------------------------------
//
// "the", "of" and "a" occur in almost every window and say little about their
// neighbours. Each occurrence of a word with corpus frequency f (its count
// divided by vocab.total, the words kept after -min-count) is kept with
// probability
//
//     keep(f) = sqrt(t / f) + t / f        (t = -sample, e.g. 1e-3)
//
// and skipped otherwise. A word is always kept when keep(f) >= 1, which is
// when f <= 2.618 t. This is the formula of the original word2vec code (and
// gensim). The paper (section 2.3) writes the discard probability
// 1 - sqrt(t / f), a keep probability of sqrt(t / f); the code's added t / f
// keeps 1 + sqrt(t / f) times as many, until the cap at 1: with t = 1e-3,
// 14% more at f = 5%, 32% more at f = 1%, and the most, 62% more, at
// f = 2.618 t, where the code keeps every occurrence and the paper 61.8%.
// From f = t down, both keep everything.
// Skipping frequent words also widens the effective window around the rest.
//
//     frequency f                     t = 1e-3: code  paper    t = 1e-4: code  paper
//     5%   (like "the" in English)              0.161  0.141              0.047  0.045
//     1%                                        0.416  0.316              0.110  0.100
//     0.1%                                      1      1                  0.416  0.316
//     0.01%                                     1      1                  1      1
//
// The coin tossed against keep(f) is Rng::uniform, 24 random bits (the
// original's has 16); next_sentence (section 7) tosses it.

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
// 6 dot products instead of 44,018 for a vocabulary of 44,018 words.
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
// probability, else take its alias. That draws each word with its
// probability P(w) up to small rounding errors: the table is built in double
// and its probabilities kept as floats (rounded to about 6e-8 of
// themselves); the coin has 24 bits (off by less than 1/2^24); and the
// column is picked from 32 random bits, which cannot be shared out exactly
// evenly among V columns unless V is a power of two (each column's chance is
// off from 1/V by less than 1/2^32). It takes O(1) per draw, and the table is
// small, 8 bytes per word: 350 KB for 44,018 words, which fits in a
// processor's larger caches, 8 MB for a million words. The original reads at
// random from a table of 10^8 entries (400 MB).

struct NoiseSampler {
    std::vector<float> own_probability;  // (V)
    std::vector<int32_t> alias;          // (V)

    // One 64-bit random number serves both steps (for speed: the innermost
    // loop draws millions of noise words): its top 32 bits pick the column as
    // Rng::below does, and its low 24 bits, scaled to [0, 1) as Rng::uniform
    // scales its (top) 24 bits, toss the coin. (Not the top 24 bits, as
    // uniform() takes them: those are the column's bits, and would tie the
    // coin to the column.)
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
    // sqrt is rounded the same way everywhere; std::pow, like std::exp, may
    // differ in the last bit from one C library to the next.
    auto three_quarters = [](int64_t count) {
        const double root = std::sqrt(static_cast<double>(count));
        return root * std::sqrt(root);
    };
    double total = 0;
    for (int64_t count : counts) total += three_quarters(count);

    // Scaled so that the average column holds 1: a column holds
    // P(w) * V of its own word (once a smaller word is done with it, what is
    // left of it) and is topped up to 1 by one "large" word.
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
        size_t s = small.back(), l = large.back();  // l stays in `large` until it drops below 1
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
// [-1/d, 1/d), as we do. Who draws the random numbers: train_word2vec, at the
// end of section 7, with an Rng seeded with options.seed.

struct Model {
    Matrix input;   // (V, d) the embeddings
    Matrix output;  // (V, d)
};

Model init_model(size_t V, size_t d, Rng& rng) {
    return Model{random_matrix(V, d, 1.0f / static_cast<float>(d), rng), Matrix(V, d, 0.0f)};
}

// ---- 6. one SGD step ---------------------------------------------------------
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
// (the negative of the paper's equation 4, with its expectation over the
// noise words taken by drawing k of them). For one target word w (o or a noise word) with
// label y, f = v_c · u_w:
//
//     dL/df = sigmoid(f) - y,  so with g = lr * (y - sigmoid(f)) a gradient step is
//     u_w += g * v_c      and      v_c += g * u_w (summed over the targets)
//
// Worked example, d = 2, lr = 0.5, one context word o and one noise word n:
//
//     before:    v_c = (0.1, 0.2)   u_o = (0.3, -0.1)   u_n = (-0.2, 0.4)
//     o, y = 1:  f = 0.03 - 0.02 = 0.01    sigmoid(f) = 0.50250   g = 0.5 (1 - 0.50250) =  0.24875
//     n, y = 0:  f = -0.02 + 0.08 = 0.06   sigmoid(f) = 0.51500   g = 0.5 (0 - 0.51500) = -0.25750
//     after:     u_o = u_o + 0.24875 v_c = (0.324875, -0.050250)
//                u_n = u_n - 0.25750 v_c = (-0.22575, 0.34850)
//                v_c = v_c + 0.24875 u_o - 0.25750 u_n (u before their steps) = (0.22612, 0.07213)
//
// u_o moved towards v_c and u_n away from it, v_c towards u_o and away from
// u_n: with the new vectors the real pair scores sigmoid(0.06984) = 0.5175
// (was 0.5025), the noise pair sigmoid(-0.02591) = 0.4935 (was 0.5150).
//
// Here the centre predicts the context, as in the paper. The original C code
// swaps the roles (the context word's input vector predicts the centre), but
// since the window is symmetric, a pair of nearby words is trained as often
// one way round as the other, so on average both train the same pairs.

// v · u over n numbers, with eight running sums instead of one, for speed
// with the same bits everywhere: a single float sum must be added in the
// order written, each add waiting for the one before. sum[k] adds every
// eighth product, from the k-th on; the eight do not depend on each other,
// so an optimising compiler can keep them side by side in vector registers,
// and their order is still the one written here.
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

// One (centre, context) pair: the real context word and `negative` noise
// words, one target after the other, as derived above. `centre` is v_c, d
// floats; output.row(w) is u_w. `centre_update` is scratch space of d floats
// where the step for v_c is summed (the original calls it neu1e): v_c itself
// changes only after the last target, so every target sees the same v_c.
//
// A noise word that is the context word itself is skipped, not drawn again,
// as the original and gensim do, so the pair gets one noise word fewer: rare
// in a large vocabulary, more common in a small one. (With a one-word
// vocabulary, drawing again would never end.)
void train_pair(float* centre, int32_t context, Matrix& output, const NoiseSampler& noise, int negative,
                float lr, Rng& rng, float* centre_update) {
    const size_t d = output.cols;
    for (size_t i = 0; i < d; i++) centre_update[i] = 0.0f;
    for (int k = 0; k <= negative; k++) {
        // the target: k = 0 is the real context word, label 1; k > 0 a noise word, label 0
        int32_t target = k == 0 ? context : noise.sample(rng);
        if (k > 0 && target == context) continue;
        float label = k == 0 ? 1.0f : 0.0f;
        float* u = output.row(static_cast<size_t>(target));
        float g = lr * (label - sigmoid(dot(centre, u, d)));
        for (size_t i = 0; i < d; i++) {
            float u_i = u[i];  // u_w before its step
            centre_update[i] += g * u_i;
            u[i] = u_i + g * centre[i];
        }
    }
    for (size_t i = 0; i < d; i++) centre[i] += centre_update[i];
}

// The same step, faster: the one the training loop (train_sentence, in
// section 7) calls. A copy of the lesson may call train_pair there instead:
// the same bits, slower. train_pair handles one target after the other:
// fetch u from memory, the dot product, exp in the sigmoid, then the update
// of u, which the compiler must finish before the next target's score (that
// target might be the same word). Here the targets, in the order drawn, go in
// batches of up to targets_per_batch: draw the batch (1), score every target in it (2), then
// update them one after the other (3). The scores of one batch do not depend
// on each other, so the processor works on several at once.
//
// The numbers are those of train_pair, bit for bit (a test of the project
// checks it on thousands of random steps). The one thing an update can change before a later score is
// that word's own u: a word drawn twice in a batch must be scored again,
// after its first update (the std::find below; leave it out and the step is
// silently wrong).
constexpr int targets_per_batch = 16;  // up to -negative 15 in one batch; more take several

void train_pair_batched(float* centre, int32_t context, Matrix& output, const NoiseSampler& noise, int negative,
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
        // 2. f = v_c · u_w for each target (so that all their rows are fetched at once),
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

// ---- 7. the training loop --------------------------------------------------
//
// Sentence after sentence, epoch after epoch: subsample the sentence
// (section 3), then train every (centre, context) pair in it (section 6)
// with a learning rate that falls as training goes on. One thread, so the
// same seed always gives the same vectors, bit for bit. The random numbers
// come from one Rng, passed by reference from function to function: a copy
// would hand out the same numbers again.
//
// The loop is written for a slice of the corpus, tokens[begin, end), with
// the whole corpus as the slice [0, tokens.size()) (train, below), because
// the program's -threads option trains several slices at once, one thread
// each, all on the same vectors without locks (a data race, which the
// lesson's single thread does not have). After each sentence the loop calls
// after_sentence, if given, with the words it read and the learning rate:
// the program draws its progress line with it.

struct TrainingOptions {
    size_t dim = 100;          // -size
    int window = 5;            // -window
    double sample = 1e-3;      // -sample
    int negative = 5;          // -negative
    int epochs = 5;            // -iter
    int64_t min_count = 5;     // -min-count
    float alpha = 0.025f;      // -alpha: the starting learning rate
    uint64_t seed = 1;         // -seed
};

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
        size_t first = i > reach ? i - reach : 0;  // (i - reach would wrap around below 0: size_t has no negatives)
        size_t last = std::min(n - 1, i + reach);
        float* centre = model.input.row(static_cast<size_t>(sentence[i]));
        for (size_t j = first; j <= last; j++) {
            if (j == i) continue;
            train_pair_batched(centre, sentence[j], model.output, noise, options.negative, lr, rng,
                               centre_update.data());
        }
    }
}

// Long lines are cut into sentences of at most this many words read, like the
// original, which counts the words kept after subsampling instead.
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
// settle the vectors instead of shaking them. (With nothing planned, a slice
// that holds no words, it stays at alpha instead of becoming 0 / 0.)
float learning_rate(float alpha, double done, double planned) {
    if (planned <= 0) return alpha;
    return alpha * static_cast<float>(1.0 - (1.0 - 1e-4) * done / planned);
}

using AfterSentence = std::function<void(size_t words_read, float lr)>;

// Trains on tokens[begin, end) for every epoch, with random numbers from
// `seed`. The learning rate follows the words read in this slice.
void train_slice(const std::vector<int32_t>& tokens, size_t begin, size_t end, Model& model,
                 const NoiseSampler& noise, const std::vector<float>& keep, const TrainingOptions& options,
                 uint64_t seed, const AfterSentence& after_sentence) {
    Rng rng(seed);
    std::vector<float> centre_update(model.output.cols);
    std::vector<int32_t> sentence;
    int64_t words_in_slice = 0;
    for (size_t p = begin; p < end; p++) words_in_slice += tokens[p] != sentence_end;
    const double planned = static_cast<double>(words_in_slice) * options.epochs;
    int64_t words_read = 0;

    for (int epoch = 0; epoch < options.epochs; epoch++) {
        size_t p = begin;
        while (p < end) {
            size_t read = next_sentence(tokens, p, end, keep, rng, sentence);
            float lr = learning_rate(options.alpha, static_cast<double>(words_read), planned);
            train_sentence(sentence, model, noise, options, lr, rng, centre_update);
            words_read += static_cast<int64_t>(read);
            if (after_sentence) after_sentence(read, lr);
        }
    }
}

// Trains on the whole corpus. Its random numbers come from seed + 1: a
// sequence of its own, not that of seed itself, which drew the starting
// vectors (train_word2vec, below). (With -threads, the program's thread t
// trains its own slice with seed + 1 + t, so that -threads 1 gives
// exactly these vectors.)
void train(const std::vector<int32_t>& tokens, Model& model, const NoiseSampler& noise,
           const std::vector<float>& keep, const TrainingOptions& options,
           const AfterSentence& after_sentence = nullptr) {
    train_slice(tokens, 0, tokens.size(), model, noise, keep, options, options.seed + 1, after_sentence);
}

// Sections 3 to 7 in a row, on a vocabulary and its corpus (section 2): the
// keep probabilities, the noise table, the starting vectors (drawn from
// options.seed), and the training. Returns the trained model; its input
// vectors are the word vectors.
Model train_word2vec(const Vocabulary& vocab, const std::vector<int32_t>& tokens, const TrainingOptions& options,
                     const AfterSentence& after_sentence = nullptr) {
    if (vocab.words.empty()) throw std::invalid_argument("train_word2vec: the vocabulary is empty");
    if (options.window < 1 || options.negative < 0 || options.epochs < 1)
        throw std::invalid_argument("train_word2vec: window and epochs must be at least 1, negative at least 0");
    const std::vector<float> keep = keep_probabilities(vocab, options.sample);  // 3.
    const NoiseSampler noise = build_noise_sampler(vocab.counts);              // 4.
    Rng rng(options.seed);
    Model model = init_model(vocab.words.size(), options.dim, rng);             // 5.
    train(tokens, model, noise, keep, options, after_sentence);                 // 6 and 7.
    return model;
}

// ---- 8. neighbours and analogies -------------------------------------------------
//
// Similar words have vectors pointing in similar directions. We compare
// directions with the cosine similarity cos(a, b) = a · b / (|a| |b|), and
// make that a plain dot product by scaling every vector to length 1 first:
// unit = unit_rows(model.input), the trained word vectors (section 5).

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

// The `top` rows most similar to `query` (a unit vector, so that the
// similarities are cosines), leaving out the ids in `exclude`; ties go to the
// lower id. Only the first `rows` rows take part (unit.rows for all of them):
// the rows are in order of frequency, and an analogy test is usually scored
// on the most frequent words only.
std::vector<Neighbour> nearest(const Matrix& unit, const std::vector<float>& query, size_t top, size_t rows,
                               const std::vector<size_t>& exclude) {
    std::vector<Neighbour> best;  // sorted, most similar first
    if (top == 0) return best;
    rows = std::min(rows, unit.rows);
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
// Continuous Space Word Representations" (NAACL 2013). This gives only the
// query vector; one of a, b and c is often nearest to it, so ask nearest for
// the answer with {a, b, c} as its `exclude`: the nearest other word.
std::vector<float> analogy_query(const Matrix& unit, size_t a, size_t b, size_t c) {
    std::vector<float> query(unit.cols);
    for (size_t i = 0; i < unit.cols; i++) query[i] = unit(b, i) - unit(a, i) + unit(c, i);
    float length = std::sqrt(dot(query.data(), query.data(), query.size()));
    if (length > 0)
        for (float& x : query) x /= length;  // so that the similarities printed are cosines
    return query;
}

// ---- where this differs from the original word2vec tool --------------------
//
//   - skip-gram only; its default is CBOW (-cbow 1, which also makes its
//     -alpha 0.05 unless given); we accept only -cbow 0;
//   - one training thread by default (it starts 12);
//   - the centre word predicts each context word, where its code lets the
//     context word predict the centre (section 6);
//   - input vectors start in [-1/d, 1/d), twice as wide as its (section 5);
//   - its vocabulary has a word "</s>" for the line ends, saved as the first
//     row; when its noise table gives "</s>", it draws a word uniformly
//     instead. Ours has no such word (a line end is a mark in the corpus,
//     section 1);
//   - it reads the corpus from the file again in every epoch, ours once;
//   - it draws noise words from a table of 10^8 entries, ours with the
//     alias method (section 4); its random numbers come from a linear
//     congruential generator, ours from SplitMix64 (matrix.hpp), with -seed;
//   - its subsampling coin has 16 random bits, ours 24 (section 3);
//   - it cuts a long line into sentences of 1000 words kept after
//     subsampling, ours of 1000 words read (section 7);
//   - its vocabulary has the same order (by count) with ties in no set
//     order, ours with ties in byte order (section 2);
//   - it keeps only the first 98 bytes of a word of 99 bytes or more
//     (MAX_STRING 100) and trains the cut word; the program's file reader
//     refuses a word longer than 1000 bytes (add_word here takes any);
//   - it counts the line ends ("</s>") among the words, in the frequencies
//     that subsampling uses and in the progress that sets the learning rate;
//     ours counts words only;
//   - the learning rate falls with each thread's own progress, sentence by
//     sentence, to alpha * 1e-4; its rate follows all threads' progress,
//     every 10,000 words, towards 0, and stops at alpha * 1e-4;
//   - the sigmoid is computed (with exp_float from matrix.hpp, which gives
//     the same bits on every machine), not read from a table of 1,000 values
//     that stops at +-6.
//

// ==== the end of the lesson ==================================================
//
// What follows only makes this file a program: reading the corpus file,
// threads and the progress line, saving, the queries, an analogy test file,
// the map, and the command line, all in support/ (support/word2vec_program.hpp
// first). A test defines TESTING and includes this file, to call every
// function above with its own inputs.
// (The file is one translation unit: its functions are not inline, so
// include it in one .cpp file only.)

#ifndef TESTING
#include "support/word2vec_program.hpp"
int main(int argc, char** argv) { return word2vec_main(argc, argv); }
#endif
