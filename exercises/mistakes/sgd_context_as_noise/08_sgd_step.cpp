// A common mistake in exercise 8: a noise word that happens to be the context
// word is trained as noise (label 0), undoing part of the real pair's step
// (check 5 draws the context word too).
// Fails checks: 4 5
// Named by: the hint of check 4 ("must be skipped, not trained with label 0")

#define TESTING
#include "../word2vec.cpp"

namespace student {

void train_pair(float* centre, int32_t context, Matrix& output, const NoiseSampler& noise, int negative, float lr,
                Rng& rng, float* centre_update) {
    const size_t d = output.cols;
    for (size_t i = 0; i < d; i++) centre_update[i] = 0.0f;
    for (int k = 0; k <= negative; k++) {
        int32_t target = k == 0 ? context : noise.sample(rng);
        float label = k == 0 ? 1.0f : 0.0f;
        float* u = output.row(static_cast<size_t>(target));
        float g = lr * (label - sigmoid(dot(centre, u, d)));
        for (size_t i = 0; i < d; i++) {
            float u_i = u[i];
            centre_update[i] += g * u_i;
            u[i] = u_i + g * centre[i];
        }
    }
    for (size_t i = 0; i < d; i++) centre[i] += centre_update[i];
}

}  // namespace student
