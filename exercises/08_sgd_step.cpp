// Exercise 8: one skip-gram SGD step
//
// Read first: word2vec.cpp, section "6. one SGD step": the comment that opens
// it, and the one above train_pair.
// Check your work: make exercise N=8        Time: about 30 minutes.
//
// What to compute: one step of stochastic gradient descent for one real
// (centre, context) pair and `negative` noise words. `centre` points at the
// centre word's input vector v (d floats, d = output.cols); output.row(t) is
// word t's output vector u_t. The targets are the context word (label 1) and
// then `negative` words drawn one after another with noise.sample(rng)
// (label 0); a noise word that is the context word itself is skipped (but
// still drawn). For each target t, with f = v . u_t:
//
//     g = lr * (label - sigmoid(f))
//     centre_update += g * u_t        (u_t as it was before this target's update)
//     u_t += g * v
//
// and after all the targets, v += centre_update. centre_update is scratch
// space of d floats that you own for the call: it arrives holding whatever
// the previous call left in it.
//
// Why: the model's probability that t occurs near the centre word is
// sigmoid(v . u_t). The loss of the pair is
//     L = -log sigmoid(v . u_o) - sum over the noise words n of log sigmoid(-v . u_n)
// (Mikolov et al. 2013, equation 4), and dL/df = sigmoid(f) - label for each
// target, so g / lr is minus the gradient with respect to f: the step moves
// u_t towards v for the real context word, away from it for noise, and v the
// same way. v changes only at the end, so every target sees the same v; the
// grader checks your step against finite differences of L.
//
// You may use dot(v, u, d) and sigmoid(x), defined in word2vec.cpp just
// before train_pair. Your function is in namespace `student`, so it does not
// clash with the project's own train_pair; the grader calls yours.

#define TESTING  // word2vec.cpp without its main()
#include "../word2vec.cpp"

namespace student {

void train_pair(float* centre, int32_t context, Matrix& output, const NoiseSampler& noise, int negative, float lr,
                Rng& rng, float* centre_update) {
    // Your code here.
}

}  // namespace student
