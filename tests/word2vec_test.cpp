// Tests of word2vec.cpp, in the order of the file: corpus, vocabulary,
// subsampling, noise distribution, one SGD step (by hand, against finite
// differences, and the batched step against the plain one), the training
// loop and training that learns; then of its support/ files: reading the
// corpus file, threads, saving, the analogy scorer (analogy_test.hpp) and the
// map of the vectors (principal components, word_map.hpp).

#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#define TESTING
#include "../word2vec.cpp"
#include "../support/word2vec_program.hpp"  // and through it analogy_test.hpp and word_map.hpp
#include "xml_reader.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>

namespace {

// A file in the temporary directory that is deleted when the test ends.
struct TempFile {
    std::string path;
    TempFile(const std::string& name, const std::string& contents)
        : path((std::filesystem::temp_directory_path() / ("word2vec_test_" + name)).string()) {
        std::ofstream out(path, std::ios::binary);
        out << contents;
    }
    ~TempFile() { std::remove(path.c_str()); }
};

TrainingOptions small_options() {
    TrainingOptions options;
    options.dim = 10;
    options.window = 3;
    options.negative = 5;
    options.epochs = 5;
    options.sample = 0;
    options.min_count = 1;
    return options;
}

// Reads, counts and trains, as main does (with `threads` threads; 0: the
// lesson's own single-threaded train_word2vec).
struct Trained {
    Vocabulary vocab;
    Model model;
};

Trained train_on(const std::string& path, const TrainingOptions& options, int threads = 1) {
    Corpus corpus = read_corpus(path);
    Trained t{build_vocabulary(corpus, options.min_count), {}};
    if (threads == 0) {
        t.model = train_word2vec(t.vocab, corpus.tokens, options);
        return t;
    }
    Rng rng(options.seed);
    t.model = init_model(t.vocab.words.size(), options.dim, rng);
    NoiseSampler noise = build_noise_sampler(t.vocab.counts);
    const std::vector<float> keep = keep_probabilities(t.vocab, options.sample);
    Progress progress;
    progress.words_total = t.vocab.total * options.epochs;
    train_with_threads(corpus.tokens, t.model, noise, keep, options, threads, progress, false);
    return t;
}

// A Corpus fed from text, one line per sentence, as read_corpus feeds it.
Corpus corpus_of(const std::vector<std::string>& lines) {
    Corpus corpus;
    for (const std::string& line : lines) {
        for (const std::string& word : split_on_spaces(line)) corpus.add_word(word);
        corpus.end_sentence();
    }
    return corpus;
}

// The signature of train_pair and train_pair_batched, to run a test on both.
using Step = void (*)(float*, int32_t, Matrix&, const NoiseSampler&, int, float, Rng&, float*);

float cosine(const Matrix& vectors, size_t a, size_t b) {
    return dot(vectors.row(a), vectors.row(b), vectors.cols) /
           std::sqrt(dot(vectors.row(a), vectors.row(a), vectors.cols) * dot(vectors.row(b), vectors.row(b), vectors.cols));
}

}  // namespace

// ---- 1 and 2: corpus and vocabulary ----

TEST_CASE("the worked example of sections 1 and 2: the corpus, then the vocabulary with min_count 2") {
    Corpus corpus = corpus_of({"the cat sat", "a", "the dog sat"});
    const int32_t E = sentence_end;
    CHECK(corpus.words == std::vector<std::string>{"the", "cat", "sat", "a", "dog"});
    CHECK(corpus.counts == std::vector<int64_t>{2, 1, 2, 1, 1});
    CHECK(corpus.tokens == std::vector<int32_t>{0, 1, 2, E, 3, E, 0, 4, 2, E});

    Vocabulary vocab = build_vocabulary(corpus, 2);
    CHECK(vocab.words == std::vector<std::string>{"sat", "the"});
    CHECK(vocab.counts == std::vector<int64_t>{2, 2});
    CHECK(vocab.total == 4);
    CHECK(corpus.tokens == std::vector<int32_t>{1, 0, E, 1, 0, E});  // "the sat" twice; the line "a" is gone
    CHECK(corpus.words.empty());  // no longer needed
}

TEST_CASE("the corpus: no sentence_end at the start, none twice in a row, words by first appearance") {
    Corpus corpus;
    corpus.end_sentence();  // a blank line first
    corpus.add_word("b");
    corpus.end_sentence();
    corpus.end_sentence();  // and blank lines in between
    corpus.end_sentence();
    corpus.add_word("a");
    corpus.add_word("b");
    CHECK(corpus.tokens == std::vector<int32_t>{0, sentence_end, 1, 0});
    CHECK(corpus.words == std::vector<std::string>{"b", "a"});
    CHECK(corpus.counts == std::vector<int64_t>{2, 1});
}

TEST_CASE("reading the corpus file: every word, its count, and a line end after each line that has words") {
    TempFile file("corpus.txt", "the cat sat\nthe  dog\n\n\nthe\tcat");
    Corpus corpus = read_corpus(file.path);
    CHECK(corpus.words == std::vector<std::string>{"the", "cat", "sat", "dog"});
    CHECK(corpus.counts == std::vector<int64_t>{3, 2, 1, 1});
    // the blank lines add nothing; the last line needs no newline
    const int32_t E = sentence_end;
    CHECK(corpus.tokens == std::vector<int32_t>{0, 1, 2, E, 0, 3, E, 0, 1, E});
}

TEST_CASE("the vocabulary: min-count drops rare words, most frequent first, ties in byte order") {
    // counts: a 2, b 2, c 2, d 1, e 3
    TempFile file("vocab.txt", "b a c\na b\nc e e e\nd\n");
    Corpus corpus = read_corpus(file.path);
    Vocabulary vocab = build_vocabulary(corpus, 2);
    CHECK(vocab.words == std::vector<std::string>{"e", "a", "b", "c"});
    CHECK(vocab.counts == std::vector<int64_t>{3, 2, 2, 2});
    CHECK(vocab.total == 9);
    // e=0 a=1 b=2 c=3; d is gone, and so is the line that held only d
    CHECK(corpus.tokens == std::vector<int32_t>{2, 1, 3, sentence_end, 1, 2, sentence_end, 3, 0, 0, 0, sentence_end});
}

TEST_CASE("dropped words: a line of them leaves no mark, and none at the start") {
    // v, w, x, y and z occur once (dropped with min_count 2); a and b twice
    Corpus corpus = corpus_of({"x", "a z b", "y", "", "w v", "b a"});
    Vocabulary vocab = build_vocabulary(corpus, 2);
    CHECK(vocab.words == std::vector<std::string>{"a", "b"});
    CHECK(corpus.tokens == std::vector<int32_t>{0, 1, sentence_end, 1, 0, sentence_end});
}

TEST_CASE("a corpus where no word reaches min-count gives an empty vocabulary") {
    TempFile file("rare.txt", "one two three\n");
    Corpus corpus = read_corpus(file.path);
    Vocabulary vocab = build_vocabulary(corpus, 2);
    CHECK(vocab.words.empty());
    CHECK(corpus.tokens.empty());
}

TEST_CASE("an empty corpus is an error that names the file") {
    TempFile file("empty.txt", " \n\n\t\n");
    CHECK_THROWS_WITH(read_corpus(file.path), (file.path + ": the corpus has no words").c_str());
}

// ---- 3. subsampling ----

TEST_CASE("subsampling keeps a word with probability sqrt(t/f) + t/f, at most 1") {
    Vocabulary vocab;
    vocab.words = {"a", "b", "c", "d"};
    vocab.counts = {9000, 900, 90, 10};
    vocab.total = 10000;
    std::vector<float> keep = keep_probabilities(vocab, 1e-3);
    // t/f = 1e-3 * 10000 / count:
    //   9000: t/f = 0.00111111, sqrt = 0.03333333, keep 0.03444444
    //    900: t/f = 0.01111111, sqrt = 0.10540926, keep 0.11652037
    //     90: t/f = 0.11111111, sqrt = 0.33333333, keep 0.44444444
    //     10: t/f = 1, keep sqrt(1) + 1 = 2, capped at 1
    CHECK(keep[0] == doctest::Approx(0.03444444).epsilon(1e-6));
    CHECK(keep[1] == doctest::Approx(0.11652037).epsilon(1e-6));
    CHECK(keep[2] == doctest::Approx(0.44444444).epsilon(1e-6));
    CHECK(keep[3] == 1.0f);
    for (float p : keep_probabilities(vocab, 0)) CHECK(p == 1.0f);  // -sample 0 keeps everything
}

// ---- 4. noise distribution ----

TEST_CASE("the alias table gives every word exactly count^0.75 / sum of count^0.75") {
    const std::vector<int64_t> counts = {1000, 100, 10, 1, 1, 50};
    NoiseSampler noise = build_noise_sampler(counts);
    const size_t V = counts.size();
    double total = 0;
    for (int64_t c : counts) total += std::pow(static_cast<double>(c), 0.75);
    // A draw picks column j with probability 1/V, then word j with own_probability[j],
    // else alias[j]. So P(w) = (own[w] + sum over j with alias[j] = w, j != w, of (1 - own[j])) / V.
    for (size_t w = 0; w < V; w++) {
        double p = noise.own_probability[w];
        for (size_t j = 0; j < V; j++)
            if (j != w && noise.alias[j] == static_cast<int32_t>(w)) p += 1.0 - noise.own_probability[j];
        CAPTURE(w);
        CHECK(p / V == doctest::Approx(std::pow(static_cast<double>(counts[w]), 0.75) / total).epsilon(1e-6));
    }
}

TEST_CASE("drawing noise words: frequencies match count^0.75 within 5 standard deviations") {
    const std::vector<int64_t> counts = {1000, 100, 10, 1};
    // 1000^0.75 = 177.827941, 100^0.75 = 31.622777, 10^0.75 = 5.623413, 1^0.75 = 1; sum 216.074131
    const double expected[4] = {177.827941 / 216.074131, 31.622777 / 216.074131, 5.623413 / 216.074131,
                                1.0 / 216.074131};
    NoiseSampler noise = build_noise_sampler(counts);
    Rng rng(1);
    const int draws = 1000000;
    int seen[4] = {0, 0, 0, 0};
    for (int i = 0; i < draws; i++) seen[noise.sample(rng)]++;
    for (int w = 0; w < 4; w++) {
        double p = expected[w];
        double sigma = std::sqrt(draws * p * (1 - p));
        CAPTURE(w);
        CHECK(std::fabs(seen[w] - draws * p) < 5 * sigma);
    }
}

// ---- 5 and 6: the model and one SGD step ----

TEST_CASE("dot with eight partial sums equals the plain sum, for every tail length") {
    Rng rng(3);
    for (size_t n = 0; n <= 40; n++) {
        std::vector<float> a(n), b(n);
        double expected = 0;
        for (size_t i = 0; i < n; i++) {
            a[i] = rng.uniform(-1, 1);
            b[i] = rng.uniform(-1, 1);
            expected += static_cast<double>(a[i]) * b[i];
        }
        CAPTURE(n);
        CHECK(dot(a.data(), b.data(), n) == doctest::Approx(expected).epsilon(1e-6).scale(1));
    }
}

TEST_CASE("one SGD step on one positive and one negative pair, worked by hand") {
    // Word 0 is the centre, word 1 its context, word 2 the noise word; the
    // sampler below always draws word 2. Learning rate 0.5.
    for (Step train_step : {train_pair, train_pair_batched}) {
    CAPTURE(train_step == train_pair ? "train_pair" : "train_pair_batched");
    Matrix input(3, 2), output(3, 2);
    input(0, 0) = 0.1f, input(0, 1) = 0.2f;     // v   = (0.1, 0.2)
    output(1, 0) = 0.3f, output(1, 1) = -0.1f;  // u_o = (0.3, -0.1)
    output(2, 0) = -0.2f, output(2, 1) = 0.4f;  // u_n = (-0.2, 0.4)
    NoiseSampler always_word_2{{0.0f, 0.0f, 1.0f}, {2, 2, 2}};
    Rng rng(1);
    std::vector<float> centre_update(2);
    train_step(input.row(0), 1, output, always_word_2, 1, 0.5f, rng, centre_update.data());

    // positive: f = v . u_o = 0.03 - 0.02 = 0.01, sigmoid(0.01) = 0.50249998,
    //   g = 0.5 * (1 - 0.50249998) = 0.24875001; u_o += g v = (0.324875, -0.05025)
    // negative: f = v . u_n = -0.02 + 0.08 = 0.06, sigmoid(0.06) = 0.51499550,
    //   g = 0.5 * (0 - 0.51499550) = -0.25749775; u_n += g v = (-0.22574978, 0.34850045)
    // v += 0.24875001 * u_o + (-0.25749775) * u_n (both before their update)
    //    = (0.1 + 0.07462500 + 0.05149955, 0.2 - 0.02487500 - 0.10299910) = (0.22612455, 0.07212590)
    // (the same numbers, in double precision, from
    //  /usr/bin/python3 -c 'import numpy as np; s=lambda x:1/(1+np.exp(-x)); v=np.array([.1,.2]);
    //    uo=np.array([.3,-.1]); un=np.array([-.2,.4]); g1=.5*(1-s(v@uo)); g2=.5*(0-s(v@un));
    //    print(uo+g1*v, un+g2*v, v+g1*uo+g2*un)')
    CHECK(output(1, 0) == doctest::Approx(0.324875).epsilon(1e-6));
    CHECK(output(1, 1) == doctest::Approx(-0.05025).epsilon(1e-6));
    CHECK(output(2, 0) == doctest::Approx(-0.22574978).epsilon(1e-6));
    CHECK(output(2, 1) == doctest::Approx(0.34850045).epsilon(1e-6));
    CHECK(input(0, 0) == doctest::Approx(0.22612455).epsilon(1e-6));
    CHECK(input(0, 1) == doctest::Approx(0.07212590).epsilon(1e-6));
    }
}

TEST_CASE("the SGD step is -lr times the gradient of the loss, checked by finite differences") {
    // L(v, u_o, u_n) = -log sigmoid(v . u_o) - log sigmoid(-v . u_n), in double precision.
    const size_t d = 5;
    Rng rng(17);
    std::vector<double> v(d), uo(d), un(d);
    for (size_t i = 0; i < d; i++) v[i] = rng.uniform(-1, 1), uo[i] = rng.uniform(-1, 1), un[i] = rng.uniform(-1, 1);
    auto loss = [&](const std::vector<double>& v_, const std::vector<double>& uo_, const std::vector<double>& un_) {
        double f_pos = 0, f_neg = 0;
        for (size_t i = 0; i < d; i++) f_pos += v_[i] * uo_[i], f_neg += v_[i] * un_[i];
        return -std::log(1 / (1 + std::exp(-f_pos))) - std::log(1 / (1 + std::exp(f_neg)));
    };
    // central differences: dL/dx ~ (L(x + h) - L(x - h)) / 2h
    const double h = 1e-6;
    auto derivative = [&](std::vector<double>& x, size_t i) {
        double saved = x[i];
        x[i] = saved + h;
        double up = loss(v, uo, un);
        x[i] = saved - h;
        double down = loss(v, uo, un);
        x[i] = saved;
        return (up - down) / (2 * h);
    };

    for (Step train_step : {train_pair, train_pair_batched}) {
        CAPTURE(train_step == train_pair ? "train_pair" : "train_pair_batched");
        Matrix input(3, d), output(3, d);
        for (size_t i = 0; i < d; i++)
            input(0, i) = static_cast<float>(v[i]), output(1, i) = static_cast<float>(uo[i]),
                     output(2, i) = static_cast<float>(un[i]);
        NoiseSampler always_word_2{{0.0f, 0.0f, 1.0f}, {2, 2, 2}};
        const float lr = 0.01f;
        std::vector<float> centre_update(d);
        train_step(input.row(0), 1, output, always_word_2, 1, lr, rng, centre_update.data());

        for (size_t i = 0; i < d; i++) {
            CAPTURE(i);
            CHECK((input(0, i) - static_cast<float>(v[i])) / lr == doctest::Approx(-derivative(v, i)).epsilon(1e-3));
            CHECK((output(1, i) - static_cast<float>(uo[i])) / lr == doctest::Approx(-derivative(uo, i)).epsilon(1e-3));
            CHECK((output(2, i) - static_cast<float>(un[i])) / lr == doctest::Approx(-derivative(un, i)).epsilon(1e-3));
        }
    }
}

TEST_CASE("a noise word that is the context word itself is skipped") {
    for (Step train_step : {train_pair, train_pair_batched}) {
        CAPTURE(train_step == train_pair ? "train_pair" : "train_pair_batched");
        Matrix input(2, 2), output(2, 2);
        input(0, 0) = 1.0f;
        NoiseSampler always_word_1{{0.0f, 1.0f}, {1, 1}};
        Rng rng(1);
        std::vector<float> centre_update(2);
        // Only the positive pair trains: u_1 += 0.5 * (1 - sigmoid(0)) * v = 0.25 * (1, 0).
        train_step(input.row(0), 1, output, always_word_1, 3, 0.5f, rng, centre_update.data());
        CHECK(output(1, 0) == 0.25f);
        CHECK(output(1, 1) == 0.0f);
    }
}

TEST_CASE("train_pair_batched gives the bits of train_pair, one target at a time, repeated noise words and all") {
    // Three words and 40 noise words per pair: batches of targets_per_batch,
    // the context word drawn as noise (skipped), and words drawn many times in
    // one batch (their dot product must see their earlier updates).
    const size_t d = 7;
    Rng init(3);
    Matrix input = random_matrix(3, d, 0.5f, init), output = random_matrix(3, d, 0.5f, init);
    Matrix input_ref = input, output_ref = output;
    NoiseSampler noise = build_noise_sampler({5, 3, 2});
    const int negative = 40;
    const float lr = 0.3f;
    REQUIRE(negative + 1 > 2 * targets_per_batch);

    Rng rng(11), rng_ref(11), rng_count(11);
    std::vector<float> centre_update(d), centre_update_ref(d);
    int skipped = 0;
    for (int32_t context : {1, 2, 1}) {
        train_pair_batched(input.row(0), context, output, noise, negative, lr, rng, centre_update.data());
        train_pair(input_ref.row(0), context, output_ref, noise, negative, lr, rng_ref, centre_update_ref.data());
        // Both draw `negative` noise words per pair: the same draws again, to count the skipped ones.
        for (int k = 0; k < negative; k++) skipped += noise.sample(rng_count) == context;
    }
    CHECK(skipped > 0);  // the case of the skipped noise word did occur
    CHECK(input.data == input_ref.data);
    CHECK(output.data == output_ref.data);
    CHECK(rng.state == rng_ref.state);  // the same number of draws,
    CHECK(rng.state == rng_count.state);  // `negative` per pair
}

// ---- 7. the training loop ----

TEST_CASE("the learning rate falls linearly from alpha to alpha * 1e-4") {
    CHECK(learning_rate(0.025f, 0, 1000) == 0.025f);
    // halfway: 0.025 * (1 - 0.9999 / 2) = 0.025 * 0.50005 = 0.01250125
    CHECK(learning_rate(0.025f, 500, 1000) == doctest::Approx(0.01250125).epsilon(1e-6));
    CHECK(learning_rate(0.025f, 1000, 1000) == doctest::Approx(0.0000025).epsilon(1e-6));
}

TEST_CASE("a slice with no words to read keeps the learning rate at alpha, not 0 / 0") {
    CHECK(learning_rate(0.025f, 0, 0) == 0.025f);  // -threads 4 on the corpus "a b": a slice holds only the line end
}

TEST_CASE("next_sentence: stops at a line end or after max_sentence_words, and subsamples") {
    // ids 0 and 1 are always kept, id 2 never (keep probability 0)
    const std::vector<float> keep = {1.0f, 1.0f, 0.0f};
    std::vector<int32_t> tokens = {0, 2, 1, sentence_end, 1, 1};
    Rng rng(1);
    std::vector<int32_t> sentence;
    size_t p = 0;
    CHECK(next_sentence(tokens, p, tokens.size(), keep, rng, sentence) == 3);  // three words read...
    CHECK(sentence == std::vector<int32_t>{0, 1});                             // ...two kept
    CHECK(p == 4);                                                             // past the line end
    CHECK(next_sentence(tokens, p, tokens.size(), keep, rng, sentence) == 2);
    CHECK(sentence == std::vector<int32_t>{1, 1});
    CHECK(p == tokens.size());

    std::vector<int32_t> long_line(max_sentence_words + 5, 0);
    p = 0;
    CHECK(next_sentence(long_line, p, long_line.size(), keep, rng, sentence) == max_sentence_words);
    CHECK(next_sentence(long_line, p, long_line.size(), keep, rng, sentence) == 5);
}

TEST_CASE("training never pairs words across a line end") {
    // Line 1 holds words 0 and 1, line 2 words 2 and 3. Their input vectors
    // start on different axes, (1, 0) and (0, 1). With no noise words, every
    // update adds a multiple of a vector of the same pair, so if no pair
    // crosses the line end, nothing of line 1 gains a second coordinate and
    // nothing of line 2 a first one. (The window of 3 would reach across.)
    const std::vector<int32_t> tokens = {0, 1, 0, 1, sentence_end, 2, 3, 3, 2, sentence_end};
    Model model{Matrix(4, 2), Matrix(4, 2)};
    model.input(0, 0) = model.input(1, 0) = 1.0f;
    model.input(2, 1) = model.input(3, 1) = 1.0f;
    TrainingOptions options = small_options();
    options.negative = 0;  // the real context word only: the sampler is never asked
    train_slice(tokens, 0, tokens.size(), model, NoiseSampler{}, std::vector<float>(4, 1.0f), options, 1,
                AfterSentence());
    for (int w : {0, 1}) {
        CAPTURE(w);
        CHECK(model.input(w, 1) == 0.0f);
        CHECK(model.output(w, 1) == 0.0f);
        CHECK(model.output(w, 0) > 0.0f);  // it did train
    }
    for (int w : {2, 3}) {
        CAPTURE(w);
        CHECK(model.input(w, 0) == 0.0f);
        CHECK(model.output(w, 0) == 0.0f);
        CHECK(model.output(w, 1) > 0.0f);
    }
}

TEST_CASE("the model starts with inputs uniform in [-1/d, 1/d) and outputs at zero") {
    Rng rng(1);
    Model model = init_model(50, 8, rng);
    float smallest = 1, largest = -1;
    for (float x : model.input.data) smallest = std::min(smallest, x), largest = std::max(largest, x);
    CHECK(smallest >= -1.0f / 8);
    CHECK(largest < 1.0f / 8);
    CHECK(smallest < -0.1f);  // 400 draws reach near both ends
    CHECK(largest > 0.1f);
    for (float x : model.output.data) CHECK(x == 0.0f);
}

namespace {

// 400 lines of 8 words each, alternately all fruit and all traffic.
const std::vector<std::string> fruit = {"apple", "pear", "plum", "fig", "lime"};
const std::vector<std::string> traffic = {"car", "bus", "van", "taxi", "truck"};

std::string two_topic_corpus(uint64_t seed) {
    std::string text;
    Rng rng(seed);
    for (int line = 0; line < 400; line++) {
        const std::vector<std::string>& topic = line % 2 ? fruit : traffic;
        for (int k = 0; k < 8; k++) text += topic[rng.below(5)] + " ";
        text += "\n";
    }
    return text;
}

bool is_fruit(const std::string& word) { return std::find(fruit.begin(), fruit.end(), word) != fruit.end(); }

}  // namespace

TEST_CASE("training on two disjoint topics puts every word nearer its own topic") {
    TempFile file("topics.txt", two_topic_corpus(5));
    Trained t = train_on(file.path, small_options());
    REQUIRE(t.vocab.words.size() == 10);
    for (size_t w = 0; w < 10; w++) {
        float nearest_other = -1, farthest_own = 1;
        for (size_t x = 0; x < 10; x++) {
            if (x == w) continue;
            float similarity = cosine(t.model.input, w, x);
            if (is_fruit(t.vocab.words[x]) == is_fruit(t.vocab.words[w])) farthest_own = std::min(farthest_own, similarity);
            else nearest_other = std::max(nearest_other, similarity);
        }
        CAPTURE(t.vocab.words[w]);
        CHECK(farthest_own > nearest_other);
    }
}

TEST_CASE("train_slice calls after_sentence once per sentence, with the words read and the falling rate") {
    // Two lines of 3 and 2 words, 5 epochs: 10 sentences, 25 words read.
    const std::vector<int32_t> tokens = {0, 1, 0, sentence_end, 1, 1, sentence_end};
    Rng rng(1);
    Model model = init_model(2, 3, rng);
    TrainingOptions options = small_options();
    std::vector<size_t> words;
    std::vector<float> rates;
    train_slice(tokens, 0, tokens.size(), model, build_noise_sampler({3, 3}), std::vector<float>(2, 1.0f), options, 2,
                [&](size_t words_read, float lr) {
                    words.push_back(words_read);
                    rates.push_back(lr);
                });
    REQUIRE(words.size() == 10);
    for (size_t s = 0; s < 10; s++) CHECK(words[s] == (s % 2 == 0 ? 3u : 2u));
    CHECK(rates[0] == options.alpha);
    // the last sentence starts after 23 of the 25 words: alpha * (1 - 0.9999 * 23 / 25)
    CHECK(rates[9] == doctest::Approx(0.025 * (1 - 0.9999 * 23 / 25)).epsilon(1e-6));
    for (size_t s = 1; s < 10; s++) CHECK(rates[s] < rates[s - 1]);
}

// ---- support/word2vec_program.hpp: training in threads ----

TEST_CASE("train_with_threads with one thread gives the bits of the lesson's train") {
    std::string text;
    for (int line = 0; line < 30; line++) text += "a b c d e f a b c\nd e f a b\n";
    TempFile file("one_thread.txt", text);
    TrainingOptions options = small_options();
    options.sample = 1e-2;
    Trained lesson = train_on(file.path, options, 0);
    Trained program = train_on(file.path, options, 1);
    CHECK(lesson.model.input.data == program.model.input.data);
    CHECK(lesson.model.output.data == program.model.output.data);
}

TEST_CASE("with two threads, training still separates the two topics") {
    // Two threads give different vectors from run to run, so this asks less:
    // every word is nearer its own topic on average.
    TempFile file("topics2.txt", two_topic_corpus(6));
    Trained t = train_on(file.path, small_options(), 2);
    REQUIRE(t.vocab.words.size() == 10);
    for (size_t w = 0; w < 10; w++) {
        double own = 0, other = 0;
        for (size_t x = 0; x < 10; x++) {
            if (x == w) continue;
            (is_fruit(t.vocab.words[x]) == is_fruit(t.vocab.words[w]) ? own : other) += cosine(t.model.input, w, x);
        }
        CAPTURE(t.vocab.words[w]);
        CHECK(own / 4 > other / 5);
    }
}

TEST_CASE("one thread and one seed give the same vectors, bit for bit; another seed does not") {
    std::string text;
    for (int line = 0; line < 50; line++) text += "a b c d e f a b c d e f a b\n";
    TempFile file("seed.txt", text);
    TrainingOptions options = small_options();
    options.sample = 1e-2;  // subsampling draws random numbers too
    Trained first = train_on(file.path, options);
    Trained second = train_on(file.path, options);
    options.seed = 2;
    Trained other = train_on(file.path, options);
    CHECK(first.model.input.data == second.model.input.data);
    CHECK(first.model.output.data == second.model.output.data);
    CHECK(first.model.input.data != other.model.input.data);
}

// ---- support/word2vec_program.hpp: saving ----

TEST_CASE("save and load give back the same words and the same bits, text and binary") {
    std::string text;
    for (int line = 0; line < 20; line++) text += "the king and the queen and the dog\n";
    TempFile corpus("save.txt", text);
    Trained t = train_on(corpus.path, small_options());
    for (bool binary : {false, true}) {
        CAPTURE(binary);
        TempFile saved("saved.vec", "");
        {
            OutputFile out(saved.path);
            write_word_vectors(out, t.vocab.words, t.model.input, binary);
            out.commit();
        }
        WordVectors loaded = read_word_vectors(saved.path);
        CHECK(loaded.words == t.vocab.words);
        CHECK(loaded.vectors.rows == t.model.input.rows);
        CHECK(loaded.vectors.cols == t.model.input.cols);
        CHECK(loaded.vectors.data == t.model.input.data);
    }
}

// ---- 8. neighbours and analogies ----

TEST_CASE("nearest: most similar first, ties to the lower id, excluded ids left out") {
    Matrix unit(4, 2);
    unit(0, 0) = 1;                  // (1, 0)
    unit(1, 0) = 0.6f, unit(1, 1) = 0.8f;
    unit(2, 0) = 1;                  // the same as row 0
    unit(3, 1) = 1;                  // (0, 1)
    std::vector<float> query = {1, 0};
    std::vector<Neighbour> best = nearest(unit, query, 3, 4, {});
    REQUIRE(best.size() == 3);
    CHECK(best[0].id == 0);  // tie with row 2 (similarity 1): the lower id first
    CHECK(best[1].id == 2);
    CHECK(best[2].id == 1);
    CHECK(best[2].similarity == 0.6f);
    best = nearest(unit, query, 2, 4, {0, 1});
    REQUIRE(best.size() == 2);
    CHECK(best[0].id == 2);
    CHECK(best[1].id == 3);
    CHECK(nearest(unit, query, 5, 2, {}).size() == 2);  // only the first 2 rows take part
}

TEST_CASE("unit_rows scales each row to length 1 and leaves a zero row at zero") {
    Matrix vectors(2, 2);
    vectors(0, 0) = 3, vectors(0, 1) = 4;  // length 5
    Matrix unit = unit_rows(vectors);
    CHECK(unit(0, 0) == doctest::Approx(0.6));
    CHECK(unit(0, 1) == doctest::Approx(0.8));
    CHECK(unit(1, 0) == 0.0f);
    CHECK(unit(1, 1) == 0.0f);
}

// ---- support/analogy_test.hpp: the analogy scorer ----

TEST_CASE("the analogy scorer on hand-made vectors whose answers are known") {
    // Every vector has length sqrt(2), and queen = king - man + woman exactly,
    // so b - a + c lands on d for the three family questions that use them.
    WordVectors v;
    v.words = {"man", "woman", "king", "queen", "tree"};
    v.vectors = Matrix(5, 4);
    const float rows[5][4] = {{1, 0, 0, 1}, {0, 1, 0, 1}, {1, 0, 1, 0}, {0, 1, 1, 0}, {-1, -1, -1, -1}};
    for (size_t r = 0; r < 5; r++)
        for (size_t c = 0; c < 4; c++) v.vectors(r, c) = rows[r][c];
    TempFile questions("questions.txt",
                       ": family\n"
                       "man king woman queen\n"     // king - man + woman = queen: right
                       "man woman king queen\n"     // woman - man + king = queen: right
                       "king queen man woman\n"     // queen - king + man = woman: right
                       "man king woman tree\n"      // the answer is queen, not tree: wrong
                       "man king woman unicorn\n"   // unicorn is unknown: not asked
                       ":other\n"
                       "MAN King woman QUEEN\n");   // case is ignored: right
    std::vector<AnalogySection> sections = read_analogy_file(questions.path);
    REQUIRE(sections.size() == 2);
    CHECK(sections[1].name == "other");

    std::vector<SectionScore> scores = score_analogies(sections, v.words, unit_rows(v.vectors), 30000);
    REQUIRE(scores.size() == 2);
    CHECK(scores[0].name == "family");
    CHECK(scores[0].correct == 3);
    CHECK(scores[0].asked == 4);
    CHECK(scores[0].total == 5);
    CHECK(scores[1].correct == 1);
    CHECK(scores[1].asked == 1);

    // Restricted to the 3 most frequent words (man, woman, king), no question can be asked.
    scores = score_analogies(sections, v.words, unit_rows(v.vectors), 3);
    CHECK(scores[0].asked == 0);
    CHECK(scores[1].asked == 0);
}

TEST_CASE("the analogy scorer compares words ignoring case, and skips a, b, c in any case") {
    // The query king - man + woman = (0, 1, 1, 0) / sqrt(2) points exactly at
    // "KING" (cosine 1), then at "queen" (0.990), then at "Queen" (0.816).
    // "KING" is b in another case, so it is skipped; the answer is "queen",
    // which is d ignoring case, although the question's "queen" stands for
    // the first row spelled so in lowercase, "Queen". gensim scores it right too.
    WordVectors v;
    v.words = {"man", "woman", "king", "Queen", "queen", "KING"};
    v.vectors = Matrix(6, 4);
    const float rows[6][4] = {{1, 0, 0, 1}, {0, 1, 0, 1}, {1, 0, 1, 0}, {0, 1, 1, 1}, {0, 1, 1, 0.2f}, {0, 1, 1, 0}};
    for (size_t r = 0; r < 6; r++)
        for (size_t c = 0; c < 4; c++) v.vectors(r, c) = rows[r][c];
    TempFile questions("case.txt", ": family\nman king woman queen\n");
    std::vector<SectionScore> scores =
        score_analogies(read_analogy_file(questions.path), v.words, unit_rows(v.vectors), 30000);
    CHECK(scores[0].asked == 1);
    CHECK(scores[0].correct == 1);
}

TEST_CASE("a malformed analogy file is an error that says where") {
    TempFile before("before.txt", "man king woman queen\n");
    CHECK_THROWS_WITH(read_analogy_file(before.path),
                      (before.path + ":1: a question before the first section line (': name')").c_str());
    TempFile three("three.txt", ": s\nman king woman queen\nman king woman\n");
    CHECK_THROWS_WITH(read_analogy_file(three.path),
                      (three.path + ":3: expected a question of 4 words (a b c d) but found 3").c_str());
    TempFile empty("empty_questions.txt", "\n");
    CHECK_THROWS_WITH(read_analogy_file(empty.path), (empty.path + ": no analogy questions in the file").c_str());
}

// ---- support/word_map.hpp: a map of the vectors, principal components ----

namespace {

Matrix rows_matrix(const std::vector<std::vector<float>>& rows) {
    Matrix M(rows.size(), rows[0].size());
    for (size_t r = 0; r < M.rows; r++)
        for (size_t c = 0; c < M.cols; c++) M(r, c) = rows[r][c];
    return M;
}

// |u · v| for unit vectors: 1 when they lie on one line, whichever way they point.
double alignment(const std::vector<double>& u, const std::vector<double>& v) { return std::fabs(dot(u, v)); }

}  // namespace

TEST_CASE("principal components of the worked example in word_map.hpp") {
    // (0, 0), (2, 0), (4, 0): mean (2, 0), C = [[8/3, 0], [0, 0]]
    PrincipalComponents pc = principal_components(rows_matrix({{0, 0}, {2, 0}, {4, 0}}));
    CHECK(pc.mean[0] == doctest::Approx(2.0));
    CHECK(pc.mean[1] == doctest::Approx(0.0));
    CHECK(pc.total_variance == doctest::Approx(8.0 / 3.0));
    CHECK(pc.variance[0] == doctest::Approx(8.0 / 3.0));
    CHECK(pc.variance[1] == doctest::Approx(0.0));
    CHECK(pc.axis[0][0] == doctest::Approx(1.0));  // (1, 0): its largest entry made positive
    CHECK(pc.axis[0][1] == doctest::Approx(0.0));
    CHECK(alignment(pc.axis[1], {0, 1}) == doctest::Approx(1.0));  // the only direction left
    REQUIRE(pc.x.size() == 3);
    CHECK(pc.x[0] == doctest::Approx(-2.0));
    CHECK(pc.x[1] == doctest::Approx(0.0));
    CHECK(pc.x[2] == doctest::Approx(2.0));
    for (double y : pc.y) CHECK(y == doctest::Approx(0.0));
}

TEST_CASE("points on a line in 3-D: the first component is that line, with all the variance") {
    // p = c + t u with u = (1, 2, 2) / 3 (a unit vector), c = (5, -1, 2), t = -3, -1, 0, 2, 2
    const double u[3] = {1.0 / 3, 2.0 / 3, 2.0 / 3};
    const float t[5] = {-3, -1, 0, 2, 2};
    Matrix points(5, 3);
    for (size_t r = 0; r < 5; r++)
        for (size_t a = 0; a < 3; a++) points(r, a) = static_cast<float>((a == 0 ? 5 : a == 1 ? -1 : 2) + t[r] * u[a]);
    PrincipalComponents pc = principal_components(points);
    CHECK(alignment(pc.axis[0], {u[0], u[1], u[2]}) == doctest::Approx(1.0).epsilon(1e-6));
    // the variance of t (mean 0): (9 + 1 + 0 + 4 + 4) / 5 = 3.6, all of it along u
    CHECK(pc.variance[0] == doctest::Approx(3.6).epsilon(1e-5));
    CHECK(pc.total_variance == doctest::Approx(3.6).epsilon(1e-5));
    CHECK(pc.variance[1] / pc.total_variance < 1e-6);
    CHECK(std::fabs(dot(pc.axis[0], pc.axis[1])) < 1e-9);  // the second axis is orthogonal to the first
    // each point sits at its t along the line (up to the sign of u)
    const double sign = dot(pc.axis[0], {u[0], u[1], u[2]}) > 0 ? 1 : -1;
    for (size_t r = 0; r < 5; r++) CHECK(pc.x[r] == doctest::Approx(sign * t[r]).epsilon(1e-5));
}

TEST_CASE("points on a plane in 4-D: the two components span that plane, 90% and 10% of the variance") {
    // p_r = c + a_r e + b_r f, with e = (1, 1, 1, 1) / 2 and f = (1, -1, 1, -1) / 2 orthonormal,
    // a = (3, -3, 3, -3), b = (1, 1, -1, -1): both have mean 0, and a · b = 3 - 3 - 3 + 3 = 0, so
    // they are uncorrelated; var(a) = 9, var(b) = 1. So v_1 = ±e, λ_1 = 9; v_2 = ±f, λ_2 = 1.
    const double e[4] = {0.5, 0.5, 0.5, 0.5}, f[4] = {0.5, -0.5, 0.5, -0.5}, c[4] = {1, 2, 3, 4};
    const double a[4] = {3, -3, 3, -3}, b[4] = {1, 1, -1, -1};
    Matrix points(4, 4);
    for (size_t r = 0; r < 4; r++)
        for (size_t k = 0; k < 4; k++) points(r, k) = static_cast<float>(c[k] + a[r] * e[k] + b[r] * f[k]);
    PrincipalComponents pc = principal_components(points);
    CHECK(alignment(pc.axis[0], {e[0], e[1], e[2], e[3]}) == doctest::Approx(1.0).epsilon(1e-9));
    CHECK(alignment(pc.axis[1], {f[0], f[1], f[2], f[3]}) == doctest::Approx(1.0).epsilon(1e-9));
    CHECK(pc.variance[0] == doctest::Approx(9.0));
    CHECK(pc.variance[1] == doctest::Approx(1.0));
    CHECK(pc.total_variance == doctest::Approx(10.0));
    CHECK(pc.variance[0] / pc.total_variance == doctest::Approx(0.9));  // the shares add up to all of it
    CHECK(pc.variance[1] / pc.total_variance == doctest::Approx(0.1));
    for (size_t r = 0; r < 4; r++) {  // each point at (±a_r, ±b_r)
        CHECK(std::fabs(pc.x[r]) == doctest::Approx(3.0));
        CHECK(std::fabs(pc.y[r]) == doctest::Approx(1.0));
    }
}

TEST_CASE("principal components of 6 points in 5-D agree with numpy") {
    // numpy 1.24.2 (Debian 12's python3-numpy), in double precision, with /usr/bin/python3:
    //   X = np.array([[1.0, 0.5, -0.25, 2.0, 0.0], [0.75, -1.0, 0.5, 1.5, 0.25], [-0.5, 0.25, 1.0, -1.0, 0.5],
    //                 [2.0, 1.25, -0.75, 0.5, -0.5], [0.0, -0.5, 0.25, 0.75, 1.0], [-1.25, 0.0, 0.5, -0.25, -0.75]])
    //   C = np.cov(X.T, bias=True); w, V = np.linalg.eigh(C); w, V = w[::-1], V[:, ::-1]
    //   w -> [1.943867010382497, 0.909471566240604, 0.321022833616393, 0.105606365918322, 0.034268334953296]
    //   np.trace(C) -> 3.314236111111111;  w[:2] / np.trace(C) -> [0.586520376102838, 0.274413631301513]
    //   V[:, 0] -> [-0.71705678480638, -0.183497366621721, 0.353260389498299, -0.569117973057719, 0.058907671488649]
    //   V[:, 1] -> [-0.165727349831147, -0.667978791462942, 0.208308593154265, 0.591276215892789, 0.365155783483223]
    //   (X - X.mean(0)) @ V[:, 0] -> [-1.52756553893918, -0.508824096280257, 1.772277221716175,
    //                                 -1.734652419618746, 0.319923945048869, 1.67884088807314]
    // Every input is a multiple of 1/4, so the float Matrix holds exactly numpy's numbers.
    const Matrix X = rows_matrix({{1.0f, 0.5f, -0.25f, 2.0f, 0.0f}, {0.75f, -1.0f, 0.5f, 1.5f, 0.25f},
                                  {-0.5f, 0.25f, 1.0f, -1.0f, 0.5f}, {2.0f, 1.25f, -0.75f, 0.5f, -0.5f},
                                  {0.0f, -0.5f, 0.25f, 0.75f, 1.0f}, {-1.25f, 0.0f, 0.5f, -0.25f, -0.75f}});
    PrincipalComponents pc = principal_components(X);
    CHECK(pc.total_variance == doctest::Approx(3.314236111111111).epsilon(1e-12));
    CHECK(pc.variance[0] == doctest::Approx(1.943867010382497).epsilon(1e-9));
    CHECK(pc.variance[1] == doctest::Approx(0.909471566240604).epsilon(1e-9));
    CHECK(pc.variance[0] / pc.total_variance == doctest::Approx(0.586520376102838).epsilon(1e-9));
    CHECK(pc.variance[1] / pc.total_variance == doctest::Approx(0.274413631301513).epsilon(1e-9));
    const std::vector<double> v1 = {-0.71705678480638, -0.183497366621721, 0.353260389498299, -0.569117973057719, 0.058907671488649};
    const std::vector<double> v2 = {-0.165727349831147, -0.667978791462942, 0.208308593154265, 0.591276215892789, 0.365155783483223};
    CHECK(alignment(pc.axis[0], v1) == doctest::Approx(1.0).epsilon(1e-9));
    CHECK(alignment(pc.axis[1], v2) == doctest::Approx(1.0).epsilon(1e-9));
    // numpy's v_1 has its largest entry (-0.717) negative; ours is made positive: the sign flips
    CHECK(pc.axis[0][0] == doctest::Approx(0.71705678480638).epsilon(1e-9));
    const double coordinates[6] = {-1.52756553893918, -0.508824096280257, 1.772277221716175,
                                   -1.734652419618746, 0.319923945048869, 1.67884088807314};
    for (size_t r = 0; r < 6; r++) CHECK(pc.x[r] == doctest::Approx(-coordinates[r]).epsilon(1e-9));
}

TEST_CASE("principal components: the same numbers every time; identical points are an error") {
    const Matrix X = rows_matrix({{1, 2, 3}, {2, 0, 1}, {0, 1, 1}, {3, 3, 0}});
    PrincipalComponents first = principal_components(X), second = principal_components(X);
    CHECK(first.axis[0] == second.axis[0]);
    CHECK(first.axis[1] == second.axis[1]);
    CHECK(first.x == second.x);
    CHECK(first.y == second.y);
    CHECK_THROWS_WITH(principal_components(rows_matrix({{1, 2}, {1, 2}, {1, 2}})),
                      "the words to plot all have the same vector: there is nothing to map");
    // (0.1, 0.2, 0.3) and (1, 2, 3) point the same way; as unit vectors they differ
    // only by float rounding (a variance of 1e-15), which is not worth a map (found by make fuzz)
    WordVectors same_way;
    same_way.words = {"the", "dog"};
    same_way.vectors = rows_matrix({{0.1f, 0.2f, 0.3f}, {1, 2, 3}});
    CHECK_THROWS_WITH(draw_map(same_way, {0, 1}, "t", "unused.svg"),
                      "the words to plot all have the same vector: there is nothing to map");
    // one number per word: a first axis, and no second direction
    PrincipalComponents line = principal_components(rows_matrix({{1}, {3}}));
    CHECK(line.variance[0] == doctest::Approx(1.0));  // ((1 - 2)^2 + (3 - 2)^2) / 2
    CHECK(line.variance[1] == 0);
}

TEST_CASE("draw_map maps the words' unit vectors and writes an SVG with one point per word") {
    // "big" is "small" ten times longer: the same direction, so the same place on the map
    WordVectors v;
    v.words = {"small", "big", "other", "fourth"};
    v.vectors = rows_matrix({{1, 1, 0}, {10, 10, 0}, {0, 1, 1}, {1, 0, -1}});
    TempFile picture("map.svg", "");
    PrincipalComponents pc = draw_map(v, {0, 1, 2, 3}, "map & <test>", picture.path);
    CHECK(pc.x[0] == doctest::Approx(pc.x[1]));
    CHECK(pc.y[0] == doctest::Approx(pc.y[1]));
    CHECK(pc.variance[0] + pc.variance[1] <= pc.total_variance * (1 + 1e-12));
    std::ifstream in(picture.path);
    std::string svg((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto root = parse(svg);  // well-formed XML, or it throws
    CHECK(by_class(*root, "point").size() == 4);
    auto labels = by_class(*root, "label");
    REQUIRE(labels.size() == 4);
    CHECK(labels[3]->text == "fourth");
    CHECK(by_name(*root, "text")[0]->text == "map & <test>");
    CHECK(svg.find("map &amp; &lt;test&gt;") != std::string::npos);
}

TEST_CASE("parse_plot_list: groups separated by '|', each with a name before a colon, or 'group N'") {
    const std::vector<PlotGroup> groups = parse_plot_list("royalty: king queen | dog\tcat |  big   cats : lion 12:30 ");
    REQUIRE(groups.size() == 3);
    CHECK(groups[0].name == "royalty");
    CHECK(groups[0].words == std::vector<std::string>{"king", "queen"});
    CHECK(groups[1].name == "group 2");
    CHECK(groups[1].words == std::vector<std::string>{"dog", "cat"});
    CHECK(groups[2].name == "big cats");  // the name's words joined by single spaces
    CHECK(groups[2].words == std::vector<std::string>{"lion", "12:30"});  // a colon inside a word is no name's end

    // without '|' the list is one group without a name, and a word may end in a colon
    const std::vector<PlotGroup> one = parse_plot_list("re: king queen");
    REQUIRE(one.size() == 1);
    CHECK(one[0].name == "");
    CHECK(one[0].words == std::vector<std::string>{"re:", "king", "queen"});
    // an empty name is no name
    CHECK(parse_plot_list(": a | b")[0].name == "group 1");
}

TEST_CASE("parse_plot_list: an empty group, a name without words, more groups than colours are usage errors") {
    CHECK_THROWS_AS(parse_plot_list("a | | b"), UsageError);
    CHECK_THROWS_WITH(parse_plot_list("a | | b"), "-plot-list: group 2 is empty; put words between each two '|'");
    CHECK_THROWS_WITH(parse_plot_list("a b |"), "-plot-list: group 2 is empty; put words between each two '|'");
    CHECK_THROWS_WITH(parse_plot_list("royalty: | dog cat"), "-plot-list: the group 'royalty' has a name but no words");
    CHECK_THROWS_WITH(parse_plot_list("a|b|c|d|e|f|g|h"), "-plot-list: 8 groups; the map has colours for 7");
    CHECK(parse_plot_list("a|b|c|d|e|f|g").size() == 7);
}

TEST_CASE("map_words: the rows of the groups' words and each row's group; unknown or repeated words are errors") {
    const std::vector<std::string> words = {"the", "king", "queen", "dog", "cat"};
    const MapWords map = map_words(parse_plot_list("royals: Queen king | dog cat the"), words);
    CHECK(map.rows == std::vector<size_t>{2, 1, 3, 4, 0});
    CHECK(map.group == std::vector<size_t>{0, 0, 1, 1, 1});
    CHECK(map.group_names == std::vector<std::string>{"royals", "group 2"});

    const MapWords plain = map_words(parse_plot_list("dog cat"), words);  // no groups: no colours, no legend
    CHECK(plain.rows == std::vector<size_t>{3, 4});
    CHECK(plain.group.empty());
    CHECK(plain.group_names.empty());

    CHECK_THROWS_WITH(map_words(parse_plot_list("king | kng"), words),
                      "-plot-list: 'kng' is not in the vocabulary; nearest spelled: king, dog, the");
    CHECK_THROWS_WITH(map_words(parse_plot_list("king dog | King"), words),
                      "-plot-list: 'King' is the word 'king' again");
}

TEST_CASE("draw_map with groups colours each group and adds a legend") {
    WordVectors v;
    v.words = {"a", "b", "c", "d"};
    v.vectors = rows_matrix({{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {1, 1, 1}});
    TempFile picture("map.svg", "");
    draw_map(v, {0, 1, 2, 3}, "t", picture.path, {0, 0, 1, 1}, {"first", "second"});
    std::ifstream in(picture.path);
    std::string svg((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto root = parse(svg);
    auto points = by_class(*root, "point");
    REQUIRE(points.size() == 4);
    CHECK(points[0]->attribute("fill") == group_colour(0));
    CHECK(points[3]->attribute("fill") == group_colour(1));
    CHECK(by_class(*root, "legend-label").size() == 2);
}
