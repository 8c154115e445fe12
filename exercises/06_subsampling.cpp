// Exercise 6: the keep probability of subsampling
//
// Read first: word2vec.cpp, section "3. subsampling frequent words", the comment above keep_probabilities.
// Check your work: make exercise N=6        Time: about 15 minutes.
//
// What to compute: for every word id of the vocabulary, the probability that
// training keeps one occurrence of it,
//
//     keep(f) = sqrt(t / f) + t / f,  but at most 1
//
// where f = vocab.counts[id] / vocab.total is the word's share of the corpus
// and t = sample (the -sample flag, 1e-3 by default). sample = 0 turns
// subsampling off: then every word is kept, keep = 1. Return one float per
// word, in the order of vocab.words.
//
// Why: "the", "of" and "a" occur in almost every window and say little about
// the words around them; skipping most of their occurrences saves time and
// lets the rarer words' windows reach further. Mind the formula: the paper
// (Mikolov et al. 2013, section 2.3) writes a keep probability of sqrt(t / f),
// but the original word2vec code, and this project, add t / f, which keeps
// 1 + sqrt(t / f) times as many (until the cap at 1): with t = 1e-3, 14% more
// of a word with f = 5%, 32% more at f = 1%. The grader checks the code's
// formula. Do the arithmetic in double: vocab.total can run into billions,
// more than a float holds exactly.
//
// Your function is in namespace `student`, so it does not clash with the
// project's own keep_probabilities; the grader calls yours.

#define TESTING  // word2vec.cpp without its main()
#include "../word2vec.cpp"

namespace student {

std::vector<float> keep_probabilities(const Vocabulary& vocab, double sample) {
    std::vector<float> keep(vocab.words.size(), 0.0f);  // one per word, all 0 for now
    // Your code here.
    return keep;
}

}  // namespace student
