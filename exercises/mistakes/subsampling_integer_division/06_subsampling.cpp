// A common mistake in exercise 6: f = counts[id] / total in integers. Both
// are int64_t, so 9000 / 10000 is 0; t / f is then infinite and every keep
// probability is capped at 1: subsampling silently keeps everything.
// Fails checks: 1 2 3 4
// Named by: the hint of check 2 ("integer division")

#define TESTING
#include "../word2vec.cpp"

namespace student {

std::vector<float> keep_probabilities(const Vocabulary& vocab, double sample) {
    std::vector<float> keep(vocab.words.size(), 1.0f);
    if (sample <= 0) return keep;
    for (size_t id = 0; id < keep.size(); id++) {
        double f = vocab.counts[id] / vocab.total;  // the mistake: integer division, 0 for every word but one
        double ratio = sample / f;
        keep[id] = static_cast<float>(std::min(1.0, std::sqrt(ratio) + ratio));
    }
    return keep;
}

}  // namespace student
