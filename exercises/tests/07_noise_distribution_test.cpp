// Grades exercise 7, student::build_noise_sampler. An alias table is right
// when the probability with which it draws each word, computed exactly from
// the table, is count^0.75 / sum of count^0.75: that is what most checks
// compare (as tests/word2vec_test.cpp does), on the story's two-word example,
// the test's six words, equal counts and 1000 words. The last check draws a
// million words with the project's NoiseSampler::sample.
//
// Build and run:  make exercise N=7

#include "07_noise_distribution.cpp"  // the student's file (make exercises-check: its twin in reference/)

#include "../grader.hpp"

#include <cmath>
#include <string>
#include <vector>

// The probability that noise.sample draws each word, computed from the table:
// a column j is picked with probability 1/V, then gives j with probability
// own_probability[j] and alias[j] with the rest, 1 - own_probability[j]. The
// table is checked first (V entries each, probabilities in [0, 1], aliases in
// [0, V)); returns an empty vector if it is not well formed.
static std::vector<double> table_probabilities(Check& check, const NoiseSampler& noise, size_t V) {
    check.equal("the size of own_probability (one entry per word)", static_cast<double>(noise.own_probability.size()),
                static_cast<double>(V));
    check.equal("the size of alias (one entry per word)", static_cast<double>(noise.alias.size()), static_cast<double>(V));
    if (noise.own_probability.size() != V || noise.alias.size() != V) return {};
    bool well_formed = true;
    for (size_t j = 0; j < V; j++) {
        const float own = noise.own_probability[j];
        const int32_t alias = noise.alias[j];
        if (!(own >= 0.0f && own <= 1.0f)) {
            check.is_true("own_probability[" + std::to_string(j) + "] is in [0, 1]", false, "it is " + number_text(own));
            well_formed = false;
        }
        if (alias < 0 || static_cast<size_t>(alias) >= V) {
            check.is_true("alias[" + std::to_string(j) + "] is a word id in [0, V)", false,
                          "it is " + std::to_string(alias));
            well_formed = false;
        }
    }
    if (!well_formed) return {};
    std::vector<double> probability(V, 0.0);
    for (size_t j = 0; j < V; j++) {
        probability[j] += noise.own_probability[j] / static_cast<double>(V);
        probability[static_cast<size_t>(noise.alias[j])] += (1.0 - noise.own_probability[j]) / static_cast<double>(V);
    }
    return probability;
}

// The table built from `counts` draws each word with the probability count^0.75 / sum of count^0.75.
// The project's table is within 6e-8 of it, relatively (own_probability is a float), for 2 to 30000
// words; the tolerance is 1e-6.
static void check_table(Check& check, const std::vector<int64_t>& counts, const std::vector<double>& expected) {
    std::vector<double> probability = table_probabilities(check, student::build_noise_sampler(counts), counts.size());
    if (probability.empty()) return;
    for (size_t w = 0; w < counts.size(); w++)
        check.near_relative("P(word " + std::to_string(w) + ")", probability[w], expected[w], 1e-6);
}

// count^0.75 / sum of count^0.75, in double, for the checks whose numbers are too many to write out.
static std::vector<double> unigram_075(const std::vector<int64_t>& counts) {
    std::vector<double> p;
    double total = 0;
    for (int64_t count : counts) total += std::pow(static_cast<double>(count), 0.75);
    for (int64_t count : counts) p.push_back(std::pow(static_cast<double>(count), 0.75) / total);
    return p;
}

int main() {
    Grader grader("07_noise_distribution", "the noise distribution (alias table)", "student::build_noise_sampler");

    grader.add("two words, 900 and 10 occurrences: 96.7% and 3.3%",
               "P(w) is count^0.75 / sum of count^0.75, not count / total: 900 and 10 give 96.7%, 3.3%",
               [](Check& check) {
                   // The story's example: 900^0.75 = 164.316767, 10^0.75 = 5.623413, sum 169.940181;
                   // shares 0.966909455 and 0.033090545.
                   //   /usr/bin/python3 -c 'a=900**0.75; b=10**0.75; print(a, b, a/(a+b), b/(a+b))'
                   check_table(check, {900, 10}, {0.9669094546372498, 0.03309054536275027});
               });

    grader.add("six words: 1000, 100, 10, 1, 1, 50",
               "after a pairing the large word's share drops by 1 - the small share, and may turn small",
               [](Check& check) {
                   // The counts of tests/word2vec_test.cpp. count^0.75: 177.827941, 31.622777, 5.623413,
                   // 1, 1, 18.803015; sum 235.877146.
                   //   /usr/bin/python3 -c 'c=[1000,100,10,1,1,50]; p=[x**0.75 for x in c]; print([x/sum(p) for x in p])'
                   check_table(check, {1000, 100, 10, 1, 1, 50},
                               {0.7539006799770633, 0.1340646056417555, 0.023840432782772182, 0.004239495074402071,
                                0.004239495074402071, 0.07971529144960479});
               });

    grader.add("four words with equal counts: each 1/4",
               "a word never paired (here every share is exactly 1) keeps its column: own_probability 1",
               [](Check& check) { check_table(check, {7, 7, 7, 7}, {0.25, 0.25, 0.25, 0.25}); });

    grader.add("1000 words with counts 1000000 / rank: every probability",
               "keep shares in double; each word left when a list runs out gets own_probability 1",
               [](Check& check) {
                   // Counts that fall like a real vocabulary's (Zipf's law): 1000000, 500000, 333333, ...
                   std::vector<int64_t> counts;
                   for (int64_t rank = 1; rank <= 1000; rank++) counts.push_back(1000000 / rank);
                   check_table(check, counts, unigram_075(counts));
               });

    grader.add("a million draws with NoiseSampler::sample come out in proportion",
               "sample() draws from your table: fix the exact probabilities of the checks above first",
               [](Check& check) {
                   // 1000^0.75 = 177.827941, 100^0.75 = 31.622777, 10^0.75 = 5.623413, 1^0.75 = 1; sum 216.074131.
                   // Each count is binomial: within 5 standard deviations, sqrt(draws p (1 - p)), of draws * p
                   // (a correct table fails it for fewer than 1 seed in 100,000; this seed passes).
                   const std::vector<int64_t> counts = {1000, 100, 10, 1};
                   const double expected[4] = {177.827941 / 216.074131, 31.622777 / 216.074131, 5.623413 / 216.074131,
                                               1.0 / 216.074131};
                   NoiseSampler noise = student::build_noise_sampler(counts);
                   if (table_probabilities(check, noise, 4).empty()) return;  // not a table to draw from
                   Rng rng(1);
                   const int draws = 1000000;
                   int seen[4] = {0, 0, 0, 0};
                   for (int i = 0; i < draws; i++) seen[noise.sample(rng)]++;
                   for (int w = 0; w < 4; w++) {
                       const double mean = draws * expected[w];
                       const double sigma = std::sqrt(draws * expected[w] * (1 - expected[w]));
                       check.is_true("word " + std::to_string(w) + " is drawn " + number_text(mean) + " +- " +
                                         number_text(5 * sigma) + " times",
                                     std::fabs(seen[w] - mean) < 5 * sigma, "it was drawn " + std::to_string(seen[w]) +
                                                                                " times");
                   }
               });

    return grader.run();
}
