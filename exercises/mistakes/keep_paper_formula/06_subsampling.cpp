// A common mistake in exercise 6: the paper's keep probability sqrt(t / f),
// without the code's + t / f (sample 0 is handled right).
// Fails checks: 1 3 4
// Named by: the hint of check 1 ("the paper's sqrt(t/f) alone")

#define TESTING
#include "../word2vec.cpp"

namespace student {

std::vector<float> keep_probabilities(const Vocabulary& vocab, double sample) {
    std::vector<float> keep(vocab.words.size(), 1.0f);
    if (sample <= 0) return keep;
    for (size_t id = 0; id < keep.size(); id++) {
        double ratio = sample * static_cast<double>(vocab.total) / static_cast<double>(vocab.counts[id]);
        keep[id] = static_cast<float>(std::min(1.0, std::sqrt(ratio)));
    }
    return keep;
}

}  // namespace student
