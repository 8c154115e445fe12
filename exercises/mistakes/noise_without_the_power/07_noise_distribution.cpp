// A common mistake in exercise 7: a correct alias table, but of the plain
// unigram distribution count / total, without the power 0.75.
// Fails checks: 1 2 4 5
// Named by: the hint of check 1 ("not count / total")

#define TESTING
#include "../word2vec.cpp"

namespace student {

NoiseSampler build_noise_sampler(const std::vector<int64_t>& counts) {
    const size_t V = counts.size();
    double total = 0;
    for (int64_t count : counts) total += static_cast<double>(count);
    std::vector<double> share(V);
    std::vector<size_t> small, large;
    for (size_t w = 0; w < V; w++) {
        share[w] = static_cast<double>(counts[w]) / total * static_cast<double>(V);
        (share[w] < 1.0 ? small : large).push_back(w);
    }
    NoiseSampler noise;
    noise.own_probability.assign(V, 1.0f);
    noise.alias.resize(V);
    for (size_t w = 0; w < V; w++) noise.alias[w] = static_cast<int32_t>(w);
    while (!small.empty() && !large.empty()) {
        size_t s = small.back(), l = large.back();
        small.pop_back();
        noise.own_probability[s] = static_cast<float>(share[s]);
        noise.alias[s] = static_cast<int32_t>(l);
        share[l] -= 1.0 - share[s];
        if (share[l] < 1.0) {
            large.pop_back();
            small.push_back(l);
        }
    }
    return noise;
}

}  // namespace student
