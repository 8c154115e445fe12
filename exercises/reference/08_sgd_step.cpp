// The reference solution of exercise 8 is the project's own function,
// train_pair in word2vec.cpp (section 6). This file hands it to the grader in
// the student's place, for `make exercises-check`.

#define TESTING  // word2vec.cpp without its main()
#include "../word2vec.cpp"

namespace student {

void train_pair(float* centre, int32_t context, Matrix& output, const NoiseSampler& noise, int negative, float lr,
                Rng& rng, float* centre_update) {
    ::train_pair(centre, context, output, noise, negative, lr, rng, centre_update);
}

}  // namespace student
