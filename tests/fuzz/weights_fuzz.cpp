// libFuzzer target: the trained-weights reader (attention.cpp, section 14) on
// arbitrary bytes. It must either throw a std::exception with a message, or
// return a layer whose shapes fit together and whose numbers are finite; a
// layer it returns must then run on a short sentence without NaN.
// Build and run: make fuzz

#define TESTING
#include "../../attention.cpp"
#include "../../support/attention_program.hpp"
#include "fuzz_file.hpp"

#include <cmath>
#include <exception>

static void check(const TrainedLayer& layer) {
    const NextWordModel& m = layer.model;
    const size_t H = m.Wq.size(), d_model = m.W_out.rows, V = layer.words.size();
    require(H >= 1 && m.Wk.size() == H && m.Wv.size() == H);
    require(V >= 1 && m.W_out.cols == V && m.b_out.rows == 1 && m.b_out.cols == V);
    const size_t d_k = m.Wq[0].cols;
    for (size_t h = 0; h < H; h++)
        for (const Matrix* W : {&m.Wq[h], &m.Wk[h], &m.Wv[h]}) require(W->rows == d_model && W->cols == d_k);
    require(m.Wo.rows == H * d_k && m.Wo.cols == d_model);
    for (const Matrix* W : {&m.Wo, &m.W_out, &m.b_out})
        for (float x : W->data) require(std::isfinite(x));
    for (const std::string& word : layer.words) require(!word.empty());

    // Run it on three words whose vectors are small, when the layer is small
    // enough to run quickly; the probabilities must be finite and sum to 1,
    // or the numbers overflowed (which ./attention reports as an error).
    if (d_model * V > 100000 || H * d_k * d_model > 100000) return;
    Matrix X(3, d_model, 0.5f);
    NextWordForward f = next_word_forward(m, X);
    if (!all_finite(f.probabilities)) return;
    for (size_t i = 0; i < 3; i++) {
        double sum = 0;
        for (size_t w = 0; w < V; w++) sum += f.probabilities(i, w);
        require(std::fabs(sum - 1.0) < 1e-3);
    }
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string path = write_input("weights", data, size);
    try {
        check(load_weights(path));
    } catch (const std::exception&) {
    }
    return 0;
}
