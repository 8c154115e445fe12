// matrix.hpp - the small linear algebra that attention.cpp and word2vec.cpp share.
//
// A Matrix is `rows` x `cols` floats kept row-major in one std::vector<float>:
// element (r, c) lives at data[r * cols + c], so one row is one contiguous run
// of memory. That is all the structure we need; every operation below is a
// loop you can check by hand against its formula.
//
// What is here, in this order: the Matrix; matmul, transpose and scaling; exp
// and log of our own (so that every machine computes the same bits); a
// row-wise softmax; a printer that labels rows and columns; a tiny random
// number generator and random_matrix, which fills a matrix from it.
// What is left out on purpose: expression templates, SIMD intrinsics, BLAS,
// broadcasting, views and slices. Where speed matters, it comes from loops
// that walk memory in order and keep running sums where the processor can
// reach them fastest, not from a clever matrix type.

#pragma once

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
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
// Two functions compute it: matmul_rows, the plain fast way, and matmul,
// which adds one more step for speed and leaves the edges to matmul_rows.
//
// The plain fast way runs the loops i, p, j (not the textbook i, j, p): for
// each row i of C, for each p, add A[i][p] times row p of B to row i of C.
// The innermost loop then walks along a row of B and a row of C, one float
// after the next, as memory lies, through plain pointers to the rows, and the
// compiler turns it into vector instructions. It does that for four rows of
// C at a time (for speed: each row of B, once fetched, serves four rows of
// C), and the last rows one by one.
//
// matmul_rows adds A * B into part of C: rows [first_row, end_row), and the
// columns from first_col to the end of the row (first_col <= m). C must have
// the right shape and hold zeros there; matmul makes it so.
inline void matmul_rows(const Matrix& A, const Matrix& B, Matrix& C, size_t first_row, size_t end_row,
                        size_t first_col) {
    const size_t k = A.cols, width = B.cols - first_col;
    size_t i = first_row;
    for (; i + 4 <= end_row; i += 4) {  // rows i to i + 3 of C
        float* c0 = C.row(i) + first_col;
        float* c1 = C.row(i + 1) + first_col;
        float* c2 = C.row(i + 2) + first_col;
        float* c3 = C.row(i + 3) + first_col;
        for (size_t p = 0; p < k; p++) {
            const float a0 = A(i, p), a1 = A(i + 1, p), a2 = A(i + 2, p), a3 = A(i + 3, p);
            const float* b = B.row(p) + first_col;
            for (size_t j = 0; j < width; j++) {
                c0[j] += a0 * b[j];
                c1[j] += a1 * b[j];
                c2[j] += a2 * b[j];
                c3[j] += a3 * b[j];
            }
        }
    }
    for (; i < end_row; i++) {  // the last rows, when there are not four left
        float* c = C.row(i) + first_col;
        for (size_t p = 0; p < k; p++) {
            const float a_ip = A(i, p);
            const float* b = B.row(p) + first_col;
            for (size_t j = 0; j < width; j++) c[j] += a_ip * b[j];
        }
    }
}

// matmul computes C in blocks of 4 rows and 32 columns, where it can (for
// speed). A block's 128 sums are kept in a small local array while p runs
// from 0 to k - 1: each step reads 32 floats of row p of B and the 4 numbers
// A[i..i+3][p], and adds 128 products. Built with -O3, the compiler holds the
// array in vector registers when the processor has room for it (AVX-512's 32
// registers of 16 floats: the default build on the project's test machine),
// so C is neither read nor written while p runs, where matmul_rows reads and
// writes its rows of C at every p; the block is written to C once, at the
// end. The columns after the last full block of 32 (all of them when C has
// fewer than 32), and the rows after the last full block of 4, are left to
// matmul_rows. Measured on the products of attention's forward pass at
// n = 512 words, d = 64, on the project's 2-core AMD EPYC test machine:
// blocks run 2.4 times as fast as matmul_rows alone in the default build,
// 2.1 times with AVX2 only (16 registers of 8 floats: part of the array
// stays in memory), 1.1 times in the portable build (SSE2). Of the shapes
// tried (2 x 64, 4 x 16, 4 x 32, 6 x 32, 8 x 32), 4 x 32 was as fast as any
// with AVX-512 and the fastest with AVX2.
//
// Either way every C[i][j] starts at 0 and adds its k products in the order
// p = 0, 1, 2, ...: the same additions in the same order as the textbook
// loop, so the same bits, as long as the compiler neither fuses a * b + c
// nor reorders sums (see "exp and log" below). tests/matrix_test.cpp checks
// it for shapes on and off the blocks.
inline Matrix matmul(const Matrix& A, const Matrix& B) {
    assert(A.cols == B.rows);
    constexpr size_t block_rows = 4, block_cols = 32;
    const size_t n = A.rows, k = A.cols, m = B.cols;
    const size_t full_rows = n / block_rows * block_rows, full_cols = m / block_cols * block_cols;
    Matrix C(n, m);  // (n, m), starts at zero
    for (size_t i = 0; i < full_rows; i += block_rows) {
        for (size_t j = 0; j < full_cols; j += block_cols) {  // the block of rows i.., columns j..
            float sum[block_rows][block_cols] = {};
            for (size_t p = 0; p < k; p++) {
                const float* b = B.row(p) + j;
                for (size_t r = 0; r < block_rows; r++) {
                    const float a = A(i + r, p);
                    for (size_t c = 0; c < block_cols; c++) sum[r][c] += a * b[c];
                }
            }
            for (size_t r = 0; r < block_rows; r++) std::copy(sum[r], sum[r] + block_cols, C.row(i + r) + j);
        }
    }
    matmul_rows(A, B, C, 0, full_rows, full_cols);  // the columns after the last full block
    matmul_rows(A, B, C, full_rows, n, 0);          // the rows after the last full block
    return C;
}

// Aᵀ: row r of A becomes column r of the result. Reading A row by row through
// a pointer, each value goes down column r of T, A.rows (= T.cols) floats apart.
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

// ---- exp and log, the same bits everywhere --------------------------------
//
// +, -, *, / and sqrt are defined by the IEEE 754 standard to give the
// correctly rounded result, so every machine computes them to the same bits,
// on three conditions: the compiler does not fuse a * b + c into one
// multiply-add (the Makefile passes -ffp-contract=off; a copy of this file
// built without it can differ in the last bit, here and in Rng::uniform and
// matmul), nor reorder sums (no -ffast-math), and floats are computed as
// floats (x86-64 and ARM do; old 32-bit x87 code kept 80 bits). std::exp and
// std::log are not IEEE-rounded: each C library (glibc, Apple's,
// Microsoft's) has its own, and they differ in the last bit now and then.
// Training word2vec for many epochs (make run: 40) carries such a bit into the
// printed digits. So we compute e^x and ln x ourselves from the operations
// above and a few exact steps (std::floor and std::frexp, which every C
// library computes exactly, and writing a power of 2 into a double's bits),
// and get the same numbers on Linux, macOS and Windows.
//
// exp_double(x) = e^x in three steps:
//   1. split x = n ln 2 + r, with n = round(x / ln 2), so |r| <= ln 2 / 2 = 0.347;
//      then e^x = 2^n * e^r;
//   2. e^r by its Taylor series 1 + r + r^2/2! + ... + r^11/11!; the first
//      term left out, r^12/12!, is below 7e-15;
//   3. 2^n exactly, by writing n + 1023 into the exponent bits of a double
//      (the bit layout every IEEE double has: sign, 11 exponent bits with
//      offset 1023, 52 fraction bits).
// The rounding of n ln 2 in step 1 grows with |n|: the relative error is
// below 2e-14 for |x| < 104 (all that exp_float needs) and below 1e-13 up to
// |x| = 709. Beyond that the answer is given without the series: +inf from
// 709 up (e^x overflows a double from 709.78; stopping a little early keeps
// n + 1023 inside the 11-bit exponent field), and 0 below -708 (e^-708.4 is
// the smallest normal double; below it 2^n would be a subnormal number, which
// step 3 cannot write).
// Worked example: x = 1: n = round(1.4427) = 1, r = 1 - 0.693147 = 0.306853,
// e^r = 1.359141 by the series, times 2^1 = 2.718282.

inline double exp_double(double x) {
    if (!(x < 709.0)) return x > 0 ? std::numeric_limits<double>::infinity() : x;  // too large, or NaN
    if (x < -708.0) return 0.0;                                                     // too small
    const double ln2 = 0.6931471805599453;
    const double n = std::floor(x / ln2 + 0.5);  // 1. round to the nearest whole number
    const double r = x - n * ln2;                //    |r| <= 0.347
    // 2. Horner's rule: 1 + r (1 + r (1/2! + r (1/3! + ... + r (1/11!))))
    const double inverse_factorial[12] = {1.0,       1.0,        1.0 / 2,     1.0 / 6,     1.0 / 24,
                                          1.0 / 120, 1.0 / 720,  1.0 / 5040,  1.0 / 40320, 1.0 / 362880,
                                          1.0 / 3628800, 1.0 / 39916800};
    double series = inverse_factorial[11];
    for (int k = 10; k >= 0; k--) series = series * r + inverse_factorial[k];
    // 3. 2^n: the exponent field of a double holds n + 1023
    const uint64_t bits = static_cast<uint64_t>(static_cast<int64_t>(n) + 1023) << 52;
    double two_to_n;
    std::memcpy(&two_to_n, &bits, sizeof two_to_n);
    return series * two_to_n;
}

// e^x in float: exp_double, rounded to float once. Its error (2e-14) is far
// below the largest relative rounding error of a float (6e-8, half a step), so this is the float nearest to e^x
// for all but one of the 2.2 billion floats from -104 to 88.7 (tested
// against the C library's double exp; that one is 1 step off, its e^x lying
// within 4e-15 of the halfway point between two floats).
// Beyond 88.72283 e^x is larger than the largest float: +inf. Below -104 it
// is smaller than half the smallest float: 0 (so exp_float(-inf) = 0, which
// the masked scores of attention rely on).
inline float exp_float(float x) {
    if (!(x <= 88.72283172607421875f)) return x > 0 ? std::numeric_limits<float>::infinity() : x;  // or NaN
    if (x < -104.0f) return 0.0f;
    return static_cast<float>(exp_double(static_cast<double>(x)));
}

// ln x for x > 0 (NaN for x < 0, -inf for 0), in double:
//   1. x = m * 2^e with m in [0.707, 1.414): std::frexp gives m in [0.5, 1)
//      and e, exactly (it only moves the binary point), and one doubling moves
//      m into that range; then ln x = e ln 2 + ln m;
//   2. ln m = 2 atanh(s) = 2 (s + s^3/3 + s^5/5 + ...), with s = (m - 1) / (m + 1),
//      |s| <= 0.172, so ten terms leave out less than 1e-17.
// Worked example: x = 10: frexp gives 0.625 * 2^4, m = 1.25 and e = 3,
// s = 0.25 / 2.25 = 0.111111, ln m = 0.223144, 3 ln 2 = 2.079442, sum 2.302585.

inline double log_double(double x) {
    if (!(x > 0)) return x == 0 ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::quiet_NaN();
    if (x == std::numeric_limits<double>::infinity()) return x;
    int e = 0;
    double m = std::frexp(x, &e);  // 1. x = m 2^e, m in [0.5, 1)
    if (m < 0.7071067811865476) {  //    move m into [0.707, 1.414)
        m *= 2;
        e -= 1;
    }
    const double s = (m - 1) / (m + 1), s2 = s * s;
    double series = 0, power = s;  // 2. s + s^3/3 + ... + s^19/19
    for (int k = 1; k <= 19; k += 2) {
        series += power / k;
        power *= s2;
    }
    return e * 0.6931471805599453 + 2 * series;
}

// ---- softmax ---------------------------------------------------------------

// The largest of x[0..n), -infinity for n = 0; softmax_rows, below,
// subtracts it from each score of a row. running[k] keeps the largest of
// x[k], x[k + 8], x[k + 16], ...; then the largest of the eight, and of the
// last n mod 8 numbers, is the answer (for speed: the compiler compares all
// eight at once, in one or two vector registers; the loop with one running
// maximum must compare one number after the other). The largest number of a
// row is the same whatever order it is found in, except that a row holding
// both 0 and -0 as its largest might give either; no weight changes then,
// since x - 0 and x - (-0) differ at most in the sign of a zero, and
// e^0 = e^-0 = 1.
inline float row_maximum(const float* x, size_t n) {
    const float minus_infinity = -std::numeric_limits<float>::infinity();
    float running[8] = {minus_infinity, minus_infinity, minus_infinity, minus_infinity,
                        minus_infinity, minus_infinity, minus_infinity, minus_infinity};
    size_t i = 0;
    for (; i + 8 <= n; i += 8)
        for (size_t k = 0; k < 8; k++) running[k] = std::max(running[k], x[i + k]);
    float largest = minus_infinity;
    for (size_t k = 0; k < 8; k++) largest = std::max(largest, running[k]);
    for (; i < n; i++) largest = std::max(largest, x[i]);
    return largest;
}

// Softmax of each row on its own: softmax(x)_j = exp(x_j) / sum_k exp(x_k).
// Each row of the result holds numbers >= 0 that sum to 1 (up to rounding):
// a score more than about 104 below its row's maximum gets exactly 0, since
// e^-104 is below the smallest float, and so does a score of -infinity (how
// attention.cpp's causal mask hides a word, see below). The scores must be
// numbers or -infinity: +infinity turns the row into NaN, and so may NaN.
//
// We subtract the row's maximum before exp. The answer is unchanged, since
// exp(x_j - m) / sum_k exp(x_k - m) = exp(x_j) / sum_k exp(x_k) (in exact
// arithmetic), but now the largest term is exp(0) = 1, so exp(1000) can no
// longer overflow to infinity and turn the row into inf / inf = NaN.
//
// A score of -infinity (a masked position) becomes exp(-inf) = 0: that word
// gets no weight. A row whose entries are all -infinity has nothing to attend
// to; it becomes all zeros rather than 0 / 0 = NaN.
inline Matrix softmax_rows(const Matrix& scores) {
    Matrix weights(scores.rows, scores.cols);
    for (size_t r = 0; r < scores.rows; r++) {
        const float* score = scores.row(r);
        float* weight = weights.row(r);
        float row_max = row_maximum(score, scores.cols);
        if (row_max == -std::numeric_limits<float>::infinity()) continue;  // all masked: the row stays 0

        float sum = 0.0f;
        for (size_t c = 0; c < scores.cols; c++) {
            weight[c] = exp_float(score[c] - row_max);
            sum += weight[c];
        }
        for (size_t c = 0; c < scores.cols; c++) weight[c] /= sum;
    }
    return weights;
}

// ---- printing ------------------------------------------------------------

// The matrix as a table: a title line, a header with one label per column,
// then one line per row that starts with the row's label. A row or column
// beyond the end of its label list is labelled with its index (row 7 is
// "7"), so with no labels at all they are numbered 0, 1, 2, ... Column
// labels are cut to 9 characters to fit their column (row labels are not:
// their column widens); numbers are printed with 4 decimals, and those from
// 10000 up or from -1000 down are wider than a cell.
// Wide matrices show their first `max_cols` columns and say how many more
// there are; every row is shown.
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
// This struct uses integer arithmetic, defined to the bit by the C++
// standard, an exact conversion to float and an exact multiply by 2^-24, and
// in uniform(lo, hi) a subtraction, a multiply and an add, which IEEE rounds
// the same everywhere when they are not fused (see "exp and log" above): the
// same seed gives the same numbers with every compiler, on every machine.
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
    uint32_t below(uint32_t n) {
        assert(n >= 1);
        return static_cast<uint32_t>(((next_u64() >> 32) * n) >> 32);
    }
};

// A rows x cols matrix of numbers drawn uniformly from [-limit, limit).
inline Matrix random_matrix(size_t rows, size_t cols, float limit, Rng& rng) {
    Matrix M(rows, cols);
    for (float& x : M.data) x = rng.uniform(-limit, limit);
    return M;
}
