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
        WordCounts counted = count_words(path);
        Vocabulary vocab = build_vocabulary(counted, 1);
        require(!vocab.words.empty() && vocab.total == counted.words);
        int64_t total = 0;
        for (int64_t count : vocab.counts) total += count;
        require(total == vocab.total);
        std::vector<int32_t> tokens = read_corpus_ids(path, vocab, counted);
        for (int32_t token : tokens) require(token == sentence_end || static_cast<size_t>(token) < vocab.words.size());

        TrainingOptions options;
        options.dim = 4;
        options.epochs = 1;
        options.window = 2;
        options.negative = 2;
        Rng rng(options.seed);
        Model model = init_model(vocab.words.size(), options.dim, rng);
        NoiseSampler noise = build_noise_sampler(vocab.counts);
        train(tokens, model, noise, keep_probabilities(vocab, options.sample), options, vocab.total);
        for (float x : model.input.data) require(std::isfinite(x));
    } catch (const std::exception&) {
    }
    return 0;
}
