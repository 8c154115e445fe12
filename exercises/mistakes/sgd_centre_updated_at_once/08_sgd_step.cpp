// A common mistake in exercise 8: changing the centre vector right after each
// target instead of once at the end, so later targets see a moved centre.
// Fails checks: 1 2 3 5
// Named by: the hint of check 1 ("move the centre once, after the last target")

#define TESTING
#include "../word2vec.cpp"

namespace student {

void train_pair(float* centre, int32_t context, Matrix& output, const NoiseSampler& noise, int negative, float lr,
                Rng& rng, float* centre_update) {
    const size_t d = output.cols;
    for (int k = 0; k <= negative; k++) {
        int32_t target = context;
        float label = 1.0f;
        if (k > 0) {
            target = noise.sample(rng);
            if (target == context) continue;
            label = 0.0f;
        }
        float* u = output.row(static_cast<size_t>(target));
        float g = lr * (label - sigmoid(dot(centre, u, d)));
        for (size_t i = 0; i < d; i++) {
            float u_i = u[i];
            u[i] = u_i + g * centre[i];
            centre[i] += g * u_i;
        }
    }
}

}  // namespace student
