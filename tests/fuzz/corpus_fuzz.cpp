// libFuzzer target: the corpus reader (read_corpus, support/word2vec_program.hpp)
// and the lesson's vocabulary on arbitrary bytes, then one short training run
// on whatever vocabulary they produce. Every outcome must be an exception with
// a message or finite vectors.
// Build and run: make fuzz

#define TESTING
#include "../../word2vec.cpp"
#include "../../support/word2vec_program.hpp"
#include "fuzz_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string path = write_input("corpus", data, size);
    try {
        Corpus corpus = read_corpus(path);
        int64_t words = 0;
        for (int64_t count : corpus.counts) words += count;
        Vocabulary vocab = build_vocabulary(corpus, 1);
        require(!vocab.words.empty() && vocab.total == words);
        int64_t total = 0;
        for (int64_t count : vocab.counts) total += count;
        require(total == vocab.total);
        const std::vector<int32_t>& tokens = corpus.tokens;
        require(!tokens.empty() && tokens.front() != sentence_end && tokens.back() == sentence_end);
        for (size_t p = 0; p < tokens.size(); p++) {
            require(tokens[p] == sentence_end || static_cast<size_t>(tokens[p]) < vocab.words.size());
            require(p == 0 || tokens[p] != sentence_end || tokens[p - 1] != sentence_end);  // never two in a row
        }

        TrainingOptions options;
        options.dim = 4;
        options.epochs = 1;
        options.window = 2;
        options.negative = 2;
        Rng rng(options.seed);
        Model model = init_model(vocab.words.size(), options.dim, rng);
        NoiseSampler noise = build_noise_sampler(vocab.counts);
        train(tokens, model, noise, keep_probabilities(vocab, options.sample), options);
        for (float x : model.input.data) require(std::isfinite(x));
    } catch (const std::exception&) {
    }
    return 0;
}
