// Grades exercise 8, student::train_pair, with the checks of
// tests/word2vec_test.cpp (the step worked by hand, the step against finite
// differences, a noise word equal to the context word), scratch space that
// arrives dirty, and three noise words drawn from a real table, replayed here
// in double precision.
//
// Build and run:  make exercise N=8

#include "08_sgd_step.cpp"  // the student's file (make exercises-check: its twin in reference/)

#include "../grader.hpp"

#include <cmath>
#include <string>
#include <vector>

// A sampler that always draws word `word` (of V): every column is all alias.
static NoiseSampler always_draws(int32_t word, size_t V) {
    return NoiseSampler{std::vector<float>(V, 0.0f), std::vector<int32_t>(V, word)};
}

// The example worked by hand in tests/word2vec_test.cpp: word 0 is the centre,
// word 1 its context, word 2 the noise word (the sampler always draws it),
// learning rate 0.5. `scratch` is what centre_update holds before the call.
static void check_hand_example(Check& check, float scratch) {
    Matrix input(3, 2), output(3, 2);
    input(0, 0) = 0.1f, input(0, 1) = 0.2f;     // v   = (0.1, 0.2)
    output(1, 0) = 0.3f, output(1, 1) = -0.1f;  // u_o = (0.3, -0.1)
    output(2, 0) = -0.2f, output(2, 1) = 0.4f;  // u_n = (-0.2, 0.4)
    Rng rng(1);
    std::vector<float> centre_update(2, scratch);
    student::train_pair(input.row(0), 1, output, always_draws(2, 3), 1, 0.5f, rng, centre_update.data());

    // positive: f = v . u_o = 0.03 - 0.02 = 0.01, sigmoid(0.01) = 0.50249998,
    //   g = 0.5 * (1 - 0.50249998) = 0.24875001; u_o += g v = (0.324875, -0.05025)
    // negative: f = v . u_n = -0.02 + 0.08 = 0.06, sigmoid(0.06) = 0.51499550,
    //   g = 0.5 * (0 - 0.51499550) = -0.25749775; u_n += g v = (-0.22574978, 0.34850045)
    // v += 0.24875001 * u_o + (-0.25749775) * u_n (both before their update)
    //    = (0.1 + 0.07462500 + 0.05149955, 0.2 - 0.02487500 - 0.10299910) = (0.22612455, 0.07212590)
    // (the same numbers, in double precision, from
    //  /usr/bin/python3 -c 'import numpy as np; s=lambda x:1/(1+np.exp(-x)); v=np.array([.1,.2]);
    //    uo=np.array([.3,-.1]); un=np.array([-.2,.4]); g1=.5*(1-s(v@uo)); g2=.5*(0-s(v@un));
    //    print(uo+g1*v, un+g2*v, v+g1*uo+g2*un)')
    check.matrix("output", output, {{0, 0}, {0.324875, -0.05025}, {-0.22574978, 0.34850045}}, 1e-6);
    check.matrix("input", input, {{0.22612455, 0.07212590}, {0, 0}, {0, 0}}, 1e-6);
}

int main() {
    Grader grader("08_sgd_step", "one skip-gram SGD step", "student::train_pair");

    grader.add("one real and one noise word, worked by hand",
               "move the centre once, after the last target, by the sum of g * u (u before it moved)",
               [](Check& check) { check_hand_example(check, 0.0f); });

    grader.add("the same step when centre_update arrives holding old numbers",
               "centre_update arrives holding the previous call's sum: set it to 0 before adding to it",
               [](Check& check) { check_hand_example(check, 99.0f); });

    grader.add("the step is -lr times the gradient of the loss (finite differences)",
               "sign or label wrong: g = lr * (label - sigmoid(f)), label 1 for context, 0 for noise",
               [](Check& check) {
                   // The test of tests/word2vec_test.cpp: random v, u_o, u_n with d = 5, one noise word;
                   // the loss in double, central differences with h = 1e-6. The step is exactly -lr
                   // times the gradient, so (after - before) / lr differs from -dL/dx only by float
                   // rounding, divided by lr = 0.01: at most 2.6e-6 for the reference solution. The
                   // tolerance is 1e-4; the smallest entry of the gradient here is about 2e-3.
                   const size_t d = 5;
                   Rng rng(17);
                   std::vector<double> v(d), uo(d), un(d);
                   for (size_t i = 0; i < d; i++) v[i] = rng.uniform(-1, 1), uo[i] = rng.uniform(-1, 1), un[i] = rng.uniform(-1, 1);
                   auto loss = [&]() {
                       double f_pos = 0, f_neg = 0;
                       for (size_t i = 0; i < d; i++) f_pos += v[i] * uo[i], f_neg += v[i] * un[i];
                       return -std::log(1 / (1 + std::exp(-f_pos))) - std::log(1 / (1 + std::exp(f_neg)));
                   };
                   const double h = 1e-6;
                   auto derivative = [&](std::vector<double>& x, size_t i) {  // dL/dx_i, x_i moved both ways
                       const double saved = x[i];
                       x[i] = saved + h;
                       const double up = loss();
                       x[i] = saved - h;
                       const double down = loss();
                       x[i] = saved;
                       return (up - down) / (2 * h);
                   };

                   Matrix input(3, d), output(3, d);
                   for (size_t i = 0; i < d; i++) {
                       input(0, i) = static_cast<float>(v[i]);
                       output(1, i) = static_cast<float>(uo[i]);
                       output(2, i) = static_cast<float>(un[i]);
                   }
                   const float lr = 0.01f;
                   std::vector<float> centre_update(d);
                   student::train_pair(input.row(0), 1, output, always_draws(2, 3), 1, lr, rng, centre_update.data());
                   for (size_t i = 0; i < d; i++) {
                       const std::string at = "[" + std::to_string(i) + "]";
                       check.near("(v" + at + " after - before) / lr", (input(0, i) - static_cast<float>(v[i])) / lr,
                                  -derivative(v, i), 1e-4);
                       check.near("(u_o" + at + " after - before) / lr", (output(1, i) - static_cast<float>(uo[i])) / lr,
                                  -derivative(uo, i), 1e-4);
                       check.near("(u_n" + at + " after - before) / lr", (output(2, i) - static_cast<float>(un[i])) / lr,
                                  -derivative(un, i), 1e-4);
                   }
               });

    grader.add("a noise word that is the context word itself is skipped",
               "a noise draw equal to the context word must be skipped, not trained with label 0",
               [](Check& check) {
                   // The sampler always draws word 1, the context word: only the positive pair trains.
                   // u_1 += 0.5 * (1 - sigmoid(0)) * v = 0.25 * (1, 0); v += 0.25 * u_1 (before) = 0.
                   Matrix input(2, 2), output(2, 2);
                   input(0, 0) = 1.0f;
                   Rng rng(1);
                   std::vector<float> centre_update(2);
                   student::train_pair(input.row(0), 1, output, always_draws(1, 2), 3, 0.5f, rng, centre_update.data());
                   check.matrix("output", output, {{0, 0}, {0.25, 0}}, 0);
                   check.matrix("input", input, {{1, 0}, {0, 0}}, 0);
               });

    grader.add("three noise words from a real table, replayed in double",
               "draw exactly `negative` words with noise.sample(rng), in order, no other random numbers",
               [](Check& check) {
                   // Six words, d = 4, noise from a uniform table (each column all its own word).
                   // The expected step is computed here in double, target by target, with the
                   // noise words that a copy of the generator draws.
                   const size_t V = 6, d = 4;
                   const int negative = 3;
                   const int32_t centre_id = 0, context = 1;
                   Rng init(5);
                   Matrix input = random_matrix(V, d, 0.5f, init), output = random_matrix(V, d, 0.5f, init);
                   NoiseSampler uniform{std::vector<float>(V, 1.0f), {0, 1, 2, 3, 4, 5}};

                   std::vector<std::vector<double>> u(V, std::vector<double>(d));
                   std::vector<double> v(d), update(d, 0.0);
                   for (size_t w = 0; w < V; w++)
                       for (size_t i = 0; i < d; i++) u[w][i] = output(w, i);
                   for (size_t i = 0; i < d; i++) v[i] = input(centre_id, i);
                   const double lr = 0.25;
                   Rng replay(42);
                   for (int k = 0; k <= negative; k++) {
                       int32_t target = k == 0 ? context : uniform.sample(replay);
                       if (k > 0 && target == context) continue;
                       double f = 0;
                       for (size_t i = 0; i < d; i++) f += v[i] * u[target][i];
                       const double g = lr * ((k == 0 ? 1.0 : 0.0) - 1 / (1 + std::exp(-f)));
                       for (size_t i = 0; i < d; i++) {
                           update[i] += g * u[target][i];
                           u[target][i] += g * v[i];
                       }
                   }

                   Rng rng(42);
                   std::vector<float> centre_update(d);
                   student::train_pair(input.row(centre_id), context, output, uniform, negative, 0.25f, rng,
                                       centre_update.data());
                   check.is_true("the generator has drawn exactly 3 numbers", rng.state == replay.state,
                                 "it has moved on by a different number of draws");
                   for (size_t w = 0; w < V; w++)
                       for (size_t i = 0; i < d; i++)
                           check.near("output(" + std::to_string(w) + ", " + std::to_string(i) + ")", output(w, i),
                                      u[w][i], 1e-6);
                   for (size_t i = 0; i < d; i++)
                       check.near("centre[" + std::to_string(i) + "]", input(centre_id, i), v[i] + update[i], 1e-6);
               });

    return grader.run();
}
