// bench/attention_bench.cpp - times one head of self_attention (attention.cpp)
// for bench/bench.py, which compares it with PyTorch on the same matrices.
//
//     attention_bench N D_MODEL D_K REPEATS [MATRICES_FILE]
//
// X (N, D_MODEL) is uniform in [-1, 1), W_q, W_k and W_v (D_MODEL, D_K) are
// drawn as ./attention draws them, all from seed 1. It runs self_attention
// once to warm up, then REPEATS times, and prints the median and the fastest
// time. With MATRICES_FILE it also writes X, W_q, W_k, W_v and the context
// matrix there, as float32 one after the other, for bench.py to check.
// Built by `make bench/attention_bench` with the programs' flags.

#define TESTING  // leaves out attention.cpp's main
#include "../attention.cpp"
#include "../support/attention_program.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

int main(int argc, char** argv) {
    if (argc != 5 && argc != 6) {
        std::fprintf(stderr, "usage: attention_bench N D_MODEL D_K REPEATS [MATRICES_FILE]\n");
        return 2;
    }
    const size_t n = std::strtoul(argv[1], nullptr, 10), d_model = std::strtoul(argv[2], nullptr, 10);
    const size_t d_k = std::strtoul(argv[3], nullptr, 10), repeats = std::strtoul(argv[4], nullptr, 10);
    if (n == 0 || d_model == 0 || d_k == 0 || repeats == 0) {
        std::fprintf(stderr, "attention_bench: N, D_MODEL, D_K and REPEATS must be positive whole numbers\n");
        return 2;
    }

    Rng rng(1);
    const Matrix X = random_matrix(n, d_model, 1.0f, rng);  // (n, d_model)
    const HeadParameters head = random_head_parameters(d_model, d_k, rng);

    Attention a = self_attention(X, head.Wq, head.Wk, head.Wv, false);  // warm-up, and the result to write
    std::vector<double> milliseconds;
    for (size_t r = 0; r < repeats; r++) {
        auto start = std::chrono::steady_clock::now();
        Attention timed = self_attention(X, head.Wq, head.Wk, head.Wv, false);
        milliseconds.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
        if (timed.context.data != a.context.data) {  // the same inputs must give the same bits every time
            std::fprintf(stderr, "attention_bench: two runs on the same matrices differ\n");
            return 1;
        }
    }
    std::sort(milliseconds.begin(), milliseconds.end());
    std::printf("self_attention n=%zu d_model=%zu d_k=%zu: median %.3f ms, fastest %.3f ms over %zu runs\n", n, d_model,
                d_k, milliseconds[milliseconds.size() / 2], milliseconds[0], repeats);

    if (argc == 6) {
        std::FILE* file = std::fopen(argv[5], "wb");
        if (file == nullptr) {
            std::fprintf(stderr, "attention_bench: cannot write %s\n", argv[5]);
            return 1;
        }
        bool ok = true;
        for (const Matrix* M : std::vector<const Matrix*>{&X, &head.Wq, &head.Wk, &head.Wv, &a.context})
            ok = ok && std::fwrite(M->data.data(), sizeof(float), M->data.size(), file) == M->data.size();
        ok = std::fclose(file) == 0 && ok;
        if (!ok) {
            std::fprintf(stderr, "attention_bench: writing %s failed\n", argv[5]);
            return 1;
        }
    }
    return 0;
}
