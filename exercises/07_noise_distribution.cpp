// Exercise 7: the noise distribution (alias table)
//
// Read first: word2vec.cpp, section "4. the noise distribution", the comments above
// NoiseSampler and build_noise_sampler.
// Check your work: make exercise N=7        Time: about 45 minutes.
//
// What to compute: a NoiseSampler whose sample() draws word w with probability
//
//     P(w) = count(w)^0.75 / sum over v of count(v)^0.75
//
// where counts[w] is how often word w occurs. A NoiseSampler is a table of V
// columns, one per word: own_probability[w] (a float in [0, 1]) and alias[w]
// (a word id in [0, V)). sample() picks a column w uniformly (probability
// 1/V) and returns w with probability own_probability[w], else alias[w]. So
// word w is drawn with probability
//
//     (own_probability[w] + sum over columns j with alias[j] = w of (1 - own_probability[j])) / V
//
// and your table must make that equal P(w). This is Walker's alias method
// (Vose's version): scale the probabilities by V so that they average 1. A word
// below 1 ("small") fills that much of its own column; a word above 1
// ("large") tops up a small word's column to 1 and keeps what is left, which
// may make it small in turn. Repeat until one list is empty; every column that
// is left holds 1 up to rounding and is all its own word.
//
// Why the power 0.75: it flattens the distribution, so rare words are drawn as
// noise more often than their share of the corpus and frequent words less
// (900 and 10 occurrences: shares 98.9% and 1.1%; noise 96.7% and 3.3%). Why
// the table: each draw is one random number and one comparison, however large
// the vocabulary; training draws millions of noise words.
//
// Compute the powers and the scaled shares in double. Your function is in
// namespace `student`, so it does not clash with the project's own
// build_noise_sampler; the grader calls yours and then draws with the
// project's NoiseSampler::sample.

#define TESTING  // word2vec.cpp without its main()
#include "../word2vec.cpp"

namespace student {

NoiseSampler build_noise_sampler(const std::vector<int64_t>& counts) {
    NoiseSampler noise;  // noise.own_probability and noise.alias: V entries each, empty for now
    // Your code here.
    return noise;
}

}  // namespace student
