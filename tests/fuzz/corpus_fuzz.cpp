// libFuzzer target: word2vec's corpus reader and vocabulary on arbitrary bytes,
// then one short training run on whatever vocabulary they produce. Every
// outcome must be an exception with a message or finite vectors.
// Build and run: make fuzz

#define TESTING
#include "../../word2vec.cpp"
#include "fuzz_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string path = write_input("corpus", data, size);
    try {
        Corpus corpus = read_corpus(path);
        Vocabulary vocab = build_vocabulary(corpus, 1);
        require(!vocab.words.empty());
        int64_t total = 0;
        for (int64_t count : vocab.counts) total += count;
        require(total == vocab.total);
        for (int32_t token : corpus.tokens) require(token == sentence_end || static_cast<size_t>(token) < vocab.words.size());

        TrainingOptions options;
        options.dim = 4;
        options.epochs = 1;
        options.window = 2;
        options.negative = 2;
        Rng rng(options.seed);
        Model model = init_model(vocab.words.size(), options.dim, rng);
        NoiseSampler noise = build_noise_sampler(vocab.counts);
        train(corpus.tokens, model, noise, keep_probabilities(vocab, options.sample), options, vocab.total);
        for (float x : model.input.data) require(std::isfinite(x));
    } catch (const std::exception&) {
    }
    return 0;
}
