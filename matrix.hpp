// matrix.hpp - the small linear algebra that attention.cpp and word2vec.cpp share.
//
// A Matrix is `rows` x `cols` floats kept row-major in one std::vector<float>:
// element (r, c) lives at data[r * cols + c], so one row is one contiguous run
// of memory. That is all the structure we need; every operation below is a
// plain loop you can check by hand.
//
// What is here: the Matrix, matmul, transpose, scaling, a row-wise softmax,
// a printer that labels rows and columns, and a tiny random number generator.
// What is left out on purpose: expression templates, SIMD intrinsics, BLAS,
// broadcasting, views and slices. Speed where it matters (word2vec's inner
// loop) comes from writing that loop well, not from a clever matrix type.

#pragma once

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <string>
#include <vector>

// ---- the matrix ----------------------------------------------------------

struct Matrix {
    size_t rows = 0;
    size_t cols = 0;
    std::vector<float> data;  // (rows, cols), row-major

    Matrix() = default;
    Matrix(size_t rows, size_t cols, float fill = 0.0f)
        : rows(rows), cols(cols), data(rows * cols, fill) {}

    float& operator()(size_t r, size_t c) {
        assert(r < rows && c < cols);
        return data[r * cols + c];
    }
    float operator()(size_t r, size_t c) const {
        assert(r < rows && c < cols);
        return data[r * cols + c];
    }

    // The start of row r: `cols` floats in a row.
    float* row(size_t r) {
        assert(r < rows);
        return data.data() + r * cols;
    }
    const float* row(size_t r) const {
        assert(r < rows);
        return data.data() + r * cols;
    }
};

// ---- operations ----------------------------------------------------------

// C = A * B, where A is (n, k), B is (k, m) and C is (n, m):
//   C[i][j] = sum over p of A[i][p] * B[p][j]
// The loops run i, p, j (not the textbook i, j, p) so the innermost loop walks
// along a row of B and a row of C, one float after the next, as memory lies.
// It walks them through plain pointers to the rows (c, b): no index checks or
// multiplications per element, so the compiler turns it into vector instructions.
// Each C[i][j] still adds its k products in the order p = 0, 1, 2, ...
inline Matrix matmul(const Matrix& A, const Matrix& B) {
    assert(A.cols == B.rows);
    Matrix C(A.rows, B.cols);  // (n, m), starts at zero
    for (size_t i = 0; i < A.rows; i++) {
        const float* a = A.row(i);
        float* c = C.row(i);
        for (size_t p = 0; p < A.cols; p++) {
            const float a_ip = a[p];
            const float* b = B.row(p);
            for (size_t j = 0; j < B.cols; j++) c[j] += a_ip * b[j];
        }
    }
    return C;
}

// Aᵀ: row r of A becomes column r of the result. Reading A row by row through
// a pointer, each value goes down column r of T, `rows` floats apart.
inline Matrix transpose(const Matrix& A) {
    Matrix T(A.cols, A.rows);
    for (size_t r = 0; r < A.rows; r++) {
        const float* a = A.row(r);
        for (size_t c = 0; c < A.cols; c++) T.data[c * A.rows + r] = a[c];
    }
    return T;
}

// factor * A, element by element.
inline Matrix scale(const Matrix& A, float factor) {
    Matrix S = A;
    for (float& x : S.data) x *= factor;
    return S;
}

// Softmax of each row on its own: softmax(x)_j = exp(x_j) / sum_k exp(x_k).
// Each row of the result is positive and sums to 1.
//
// We subtract the row's maximum before exp. The answer is unchanged, since
// exp(x_j - m) / sum_k exp(x_k - m) = exp(x_j) / sum_k exp(x_k), but now the
// largest exponent is exp(0) = 1, so exp(1000) can no longer overflow to
// infinity and turn the row into inf / inf = NaN.
//
// A score of -infinity (a masked position) becomes exp(-inf) = 0: that word
// gets no weight. A row whose entries are all -infinity has nothing to attend
// to; it becomes all zeros rather than 0 / 0 = NaN.
inline Matrix softmax_rows(const Matrix& scores) {
    Matrix weights(scores.rows, scores.cols);
    for (size_t r = 0; r < scores.rows; r++) {
        float row_max = -std::numeric_limits<float>::infinity();
        for (size_t c = 0; c < scores.cols; c++) row_max = std::max(row_max, scores(r, c));
        if (row_max == -std::numeric_limits<float>::infinity()) continue;  // all masked: zeros

        float sum = 0.0f;
        for (size_t c = 0; c < scores.cols; c++) {
            weights(r, c) = std::exp(scores(r, c) - row_max);
            sum += weights(r, c);
        }
        for (size_t c = 0; c < scores.cols; c++) weights(r, c) /= sum;
    }
    return weights;
}

// ---- printing ------------------------------------------------------------

// The matrix as a table: a title line, a header with one label per column,
// then one line per row that starts with the row's label. Column labels that
// are left empty are numbered (0, 1, 2, ...). Wide matrices show their first
// `max_cols` columns and say how many more there are.
inline std::string format_matrix(const std::string& title, const Matrix& M,
                                 const std::vector<std::string>& row_labels,
                                 const std::vector<std::string>& col_labels = {},
                                 size_t max_cols = 8) {
    const int cell_width = 10;  // a space, then "-123.4567"
    const size_t shown_cols = std::min(M.cols, max_cols);
    std::vector<std::string> labels(M.rows);  // rows without a label are numbered
    size_t label_width = 1;
    for (size_t r = 0; r < M.rows; r++) {
        labels[r] = r < row_labels.size() ? row_labels[r] : std::to_string(r);
        label_width = std::max(label_width, labels[r].size());
    }

    std::string out = title + "  (" + std::to_string(M.rows) + " x " + std::to_string(M.cols) + ")\n";
    char cell[64];

    // header
    out += std::string(label_width, ' ');
    for (size_t c = 0; c < shown_cols; c++) {
        std::string label = c < col_labels.size() ? col_labels[c] : std::to_string(c);
        if (label.size() > static_cast<size_t>(cell_width - 1)) label.resize(cell_width - 1);
        std::snprintf(cell, sizeof cell, " %*s", cell_width - 1, label.c_str());
        out += cell;
    }
    if (shown_cols < M.cols) out += "  ... " + std::to_string(M.cols - shown_cols) + " more";
    out += "\n";

    // one line per row
    for (size_t r = 0; r < M.rows; r++) {
        out += labels[r] + std::string(label_width - labels[r].size(), ' ');
        for (size_t c = 0; c < shown_cols; c++) {
            std::snprintf(cell, sizeof cell, " %*.4f", cell_width - 1, static_cast<double>(M(r, c)));
            out += cell;
        }
        if (shown_cols < M.cols) out += "  ...";
        out += "\n";
    }
    return out;
}

// ---- random numbers ------------------------------------------------------

// SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number
// generators", OOPSLA 2014): one 64-bit add, two multiplies and three
// shift-xors per number, statistically strong, and any seed is a good seed.
//
// We use our own generator instead of <random>'s distributions because the
// C++ standard fixes what std::mt19937 produces but not what
// std::uniform_real_distribution or std::normal_distribution make of it, so
// g++, clang++ and MSVC would give different "random" weights for one seed.
// With this struct, the same seed gives the same numbers everywhere.
struct Rng {
    uint64_t state;

    explicit Rng(uint64_t seed) : state(seed) {}

    uint64_t next_u64() {
        state += 0x9E3779B97F4A7C15ULL;
        uint64_t z = state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }

    // Uniform in [0, 1): the top 24 bits, which a float holds exactly.
    float uniform() { return static_cast<float>(next_u64() >> 40) * (1.0f / 16777216.0f); }

    // Uniform in [lo, hi). Rounding can carry the very largest draws up to hi
    // itself; those become the float just below hi.
    float uniform(float lo, float hi) {
        float x = lo + (hi - lo) * uniform();
        return x < hi ? x : std::nextafter(hi, lo);
    }

    // An integer in [0, n), for n >= 1: the top 32 bits scaled by n (Lemire,
    // "Fast random integer generation in an interval", 2019, without the
    // rejection step; its bias of at most n / 2^32 is far below what any of
    // our uses could notice).
    uint32_t below(uint32_t n) { return static_cast<uint32_t>(((next_u64() >> 32) * n) >> 32); }
};

// A rows x cols matrix of numbers drawn uniformly from [-limit, limit).
inline Matrix random_matrix(size_t rows, size_t cols, float limit, Rng& rng) {
    Matrix M(rows, cols);
    for (float& x : M.data) x = rng.uniform(-limit, limit);
    return M;
}
