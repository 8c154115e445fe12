// A common mistake in exercise 6: the right formula, but -sample 0 is not
// treated as "off", so it keeps no word at all.
// Fails checks: 5
// Named by: the hint of check 5 ("sample 0 means no subsampling")

#define TESTING
#include "../word2vec.cpp"

namespace student {

std::vector<float> keep_probabilities(const Vocabulary& vocab, double sample) {
    std::vector<float> keep(vocab.words.size());
    for (size_t id = 0; id < keep.size(); id++) {
        double ratio = sample * static_cast<double>(vocab.total) / static_cast<double>(vocab.counts[id]);
        keep[id] = static_cast<float>(std::min(1.0, std::sqrt(ratio) + ratio));
    }
    return keep;
}

}  // namespace student
