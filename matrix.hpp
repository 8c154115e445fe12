// matrix.hpp - the matrix, random numbers and exp/log that attention.cpp and
// word2vec.cpp share (word2vec uses only the Matrix, the Rng, random_matrix
// and exp_float; attention uses all of it).
//
// A Matrix is `rows` x `cols` floats kept row-major in one std::vector<float>:
// element (r, c) lives at data[r * cols + c], so one row is one contiguous run
// of memory. That is all the structure we need.
//
// What is here, in this order:
//   Matrix          the matrix, M(r, c), and M.row(r), a pointer to row r
//   shape_of        "2 x 3", for error messages
//   matmul          C = A B, the triple loop, in the order that walks memory
//   transpose       Aᵀ
//   scale           factor * A
//   softmax_rows    the softmax of each row on its own
//   Rng             a small random number generator: next_u64, uniform, below
//   random_matrix   a matrix of uniform random numbers
//   exp_double, exp_float, log_double
//                   e^x and ln x of our own, so that every machine gives the same bits
// Each is a short function that you can check by hand against its formula;
// the programs run exactly these.
//
// The same bits on every machine: IEEE 754 rounds +, -, *, / and sqrt the
// same way everywhere, so these functions give the same results on every
// machine as long as the compiler keeps the operations as written. Compile
// with -ffp-contract=off (never fuse a * b + c into one instruction, which
// rounds once instead of twice), with floats computed in SSE or NEON
// registers, as on x86-64 and ARM64 (not 32-bit x86's x87 unit, which keeps
// 80 bits), in the processor's default state (rounding to nearest, tiny
// numbers kept, not flushed to zero); with MSVC, /fp:precise (Visual Studio
// 2022, from 17.0, then never fuses). Without -ffp-contract=off everything
// still works, and the last bits of some results may differ from machine to
// machine.
//
// Never -ffast-math (nor -Ofast, nor MSVC's /fp:fast): besides reordering
// sums, it lets the compiler assume that no number is ever infinite or NaN,
// and attention's causal mask is made of -infinity (the softmax below says
// how it works). With it, a fully masked row of the softmax can come out as
// 1/n each instead of 0, a NaN can pass unseen, and tiny results become 0.

#pragma once

#include <cassert>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

inline float exp_float(float x);  // e^x, defined below with log, at the end

// ---- the matrix ----------------------------------------------------------

struct Matrix {
    size_t rows = 0;
    size_t cols = 0;
    std::vector<float> data;  // (rows, cols), row-major

    Matrix() = default;
    Matrix(size_t rows, size_t cols, float fill = 0.0f)
        : rows(rows), cols(cols), data(rows * cols, fill) {}

    // Element (r, c). The asserts catch an index out of range (they are on
    // unless NDEBUG is defined, as the release configurations of CMake and
    // Visual Studio do); the shapes of whole matrices are checked where they
    // meet (matmul).
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

inline std::string shape_of(const Matrix& M) { return std::to_string(M.rows) + " x " + std::to_string(M.cols); }

// ---- operations ----------------------------------------------------------

// C = A B, where A is (n, k), B is (k, m) and C is (n, m):
//   C[i][j] = sum over p of A[i][p] * B[p][j]
// The loops run i, p, j rather than the textbook i, j, p: for each row i of C
// and each p, add A[i][p] times row p of B to row i of C. Each C[i][j] still
// adds the same products in the same order, p = 0, 1, 2, ..., so the result
// is the textbook's to the last bit; but now the innermost loop walks along
// row p of B and row i of C, one float after the next, as they lie in memory,
// and the compiler can run it several floats at a time. (Summing in another
// order, or in double, would give other last bits: keep the order.)
inline Matrix matmul(const Matrix& A, const Matrix& B) {
    if (A.cols != B.rows)
        throw std::invalid_argument("matmul: (" + shape_of(A) + ") times (" + shape_of(B) + "): the inner sizes differ");
    const size_t n = A.rows, k = A.cols, m = B.cols;
    Matrix C(n, m);  // starts at zero
    for (size_t i = 0; i < n; i++) {
        float* c = C.row(i);
        for (size_t p = 0; p < k; p++) {
            const float a_ip = A(i, p);
            const float* b = B.row(p);
            for (size_t j = 0; j < m; j++) c[j] += a_ip * b[j];
        }
    }
    return C;
}

// Aᵀ: row r of A becomes column r of the result.
inline Matrix transpose(const Matrix& A) {
    Matrix T(A.cols, A.rows);
    for (size_t r = 0; r < A.rows; r++) {
        const float* a = A.row(r);
        for (size_t c = 0; c < A.cols; c++) T(c, r) = a[c];
    }
    return T;
}

// factor * A, element by element.
inline Matrix scale(const Matrix& A, float factor) {
    Matrix S = A;
    for (float& x : S.data) x *= factor;
    return S;
}

// ---- softmax ---------------------------------------------------------------

// Softmax of each row on its own: softmax(x)_j = exp(x_j) / sum_k exp(x_k).
// Each row of the result holds numbers >= 0 that sum to 1 (up to rounding),
// except the rows described at the end of this comment.
//
// We subtract the row's maximum m before exp. The answer is unchanged, since
// exp(x_j - m) / sum_k exp(x_k - m) = exp(x_j) / sum_k exp(x_k) in exact
// arithmetic, but now the largest term is exp(0) = 1. That prevents two
// failures: exp(1000) overflowing to infinity (inf / inf = NaN), and, when
// every score is very negative (-200, say), every exp underflowing to 0
// (0 / 0 = NaN). A score more than about 104 below its row's maximum still
// gets exactly 0, since e^-104 is below half the smallest float.
//
// A score of -infinity (how a causal mask hides a word) becomes exp(-inf) =
// 0 (exp_float, at the end of this file, gives 0 for -inf and NaN for NaN):
// that word gets no weight. A row whose scores are all -infinity has
// nothing to attend to; it is left all zeros, not 0 / 0 = NaN. A NaN score
// anywhere in a row makes the whole row NaN, and so does +infinity
// (inf - inf), so that a bug upstream shows instead of hiding.
inline Matrix softmax_rows(const Matrix& scores) {
    const float minus_infinity = -std::numeric_limits<float>::infinity();
    Matrix weights(scores.rows, scores.cols);  // starts at zero
    for (size_t r = 0; r < scores.rows; r++) {
        const float* score = scores.row(r);
        float* weight = weights.row(r);
        float row_max = minus_infinity;  // stays NaN once it meets a NaN
        for (size_t c = 0; c < scores.cols; c++)
            if (score[c] > row_max || std::isnan(score[c])) row_max = score[c];
        if (row_max == minus_infinity) continue;  // all masked: the row stays 0

        for (size_t c = 0; c < scores.cols; c++) weight[c] = exp_float(score[c] - row_max);
        float sum = 0.0f;  // added in its own loop, in order, so that the exps above can run side by side
        for (size_t c = 0; c < scores.cols; c++) sum += weight[c];
        for (size_t c = 0; c < scores.cols; c++) weight[c] /= sum;
    }
    return weights;
}

// ---- random numbers ------------------------------------------------------

// SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number
// generators", OOPSLA 2014): one 64-bit add, two multiplies and three
// shift-xors per number, statistically strong, and any seed is a good seed.
//
// We use our own generator instead of <random>'s distributions because the
// C++ standard fixes what std::mt19937 produces but not what
// std::uniform_real_distribution makes of it, so libstdc++, libc++ and
// Microsoft's standard library may give different "random" weights for one
// seed. Here everything is integer arithmetic, defined to the bit, then an
// exact conversion to float, an exact multiply by 2^-24 and, in
// uniform(lo, hi), a subtraction, a multiply and an add, which every machine
// rounds the same way (see the top of this file). Rng(0)'s first number is
// 0xE220A8397B1DCDAF, the reference value.
//
// Draw one number per statement: two draws in one expression, or in the
// arguments of one call, happen in an order the compiler chooses.
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

    // Uniform in [lo, hi), for lo < hi. Rounding can carry the very largest
    // draws up to hi itself; those become the float just below hi.
    float uniform(float lo, float hi) {
        float x = lo + (hi - lo) * uniform();
        return x < hi ? x : std::nextafter(hi, lo);
    }

    // An integer in [0, n), for n >= 1: the top 32 bits scaled by n (Lemire,
    // "Fast random integer generation in an interval", 2019, without the
    // rejection step, so each integer's chance is off from 1/n by at most
    // 1 / 2^32, far below what any of our uses could notice).
    uint32_t below(uint32_t n) {
        assert(n >= 1);
        return static_cast<uint32_t>(((next_u64() >> 32) * n) >> 32);
    }
};

// A rows x cols matrix of numbers drawn uniformly from [-limit, limit), limit > 0.
inline Matrix random_matrix(size_t rows, size_t cols, float limit, Rng& rng) {
    Matrix M(rows, cols);
    for (float& x : M.data) x = rng.uniform(-limit, limit);
    return M;
}

// ---- exp and log, the same bits everywhere --------------------------------
//
// Why our own: std::exp and std::log carry no promise of correct rounding.
// glibc's, Apple's and Microsoft's differ in the last bit now and then, and
// such a bit, carried through many epochs of training, can change the
// printed digits. Built from + - * / alone (plus std::floor and std::frexp,
// which are exact), ours give the same numbers on Linux, macOS and Windows.
// exp_float is the float nearest to e^x for all but one of the 2.2 billion
// floats from -104 to 88.7 (checked against the C library's exp in double,
// every one of them; the one, x = -1.0149802, is a near tie between two
// floats, and gets the other one), so std::exp in float would give the same
// results but for a rare last bit. exp_double is within 2e-14 of e^x
// (relative) for |x| < 104, which is all that exp_float asks of it: as a
// double it is less exact than std::exp, and used only through exp_float and
// for the few constants of attention's positions; log_double is within 1e-15
// (relative).
//
// e^x = 2^n e^r, with n = round(x / ln 2) and r = x - n ln 2, |r| <= 0.347:
// e^r by its Taylor series to r^11/11!, and 2^n exactly, by writing n + 1023
// into the exponent bits of a double.
// Worked example: x = 1: n = 1, r = 0.306853, e^r = 1.359141, times 2 = 2.718282.
// Valid for -708 <= x < 709. Below, it answers 0; above, +inf. Both cut off a
// little early, to keep 2^n a normal double (e^x itself is a normal double
// from -708.39 up to 709.78); exp_float never asks for such x.
inline double exp_double(double x) {
    if (!(x < 709.0)) return x > 0 ? std::numeric_limits<double>::infinity() : x;  // too large, or NaN
    if (x < -708.0) return 0.0;  // too small (see above)
    const double ln2 = 0.6931471805599453;
    const double n = std::floor(x / ln2 + 0.5);
    const double r = x - n * ln2;
    const double inverse_factorial[12] = {1.0,       1.0,        1.0 / 2,     1.0 / 6,     1.0 / 24,
                                          1.0 / 120, 1.0 / 720,  1.0 / 5040,  1.0 / 40320, 1.0 / 362880,
                                          1.0 / 3628800, 1.0 / 39916800};
    double series = inverse_factorial[11];  // Horner: 1 + r (1 + r (1/2! + r (...)))
    for (int k = 10; k >= 0; k--) series = series * r + inverse_factorial[k];
    const uint64_t bits = static_cast<uint64_t>(static_cast<int64_t>(n) + 1023) << 52;
    double two_to_n;
    std::memcpy(&two_to_n, &bits, sizeof two_to_n);
    return series * two_to_n;
}

// e^x as a float: +inf above 88.72283 (beyond the largest float), 0 below
// -104 (below half the smallest float), so exp_float(-inf) = 0.
inline float exp_float(float x) {
    if (!(x <= 88.72283172607421875f)) return x > 0 ? std::numeric_limits<float>::infinity() : x;  // or NaN
    if (x < -104.0f) return 0.0f;
    return static_cast<float>(exp_double(static_cast<double>(x)));
}

// ln x = e ln 2 + ln m, with x = m 2^e and m in [0.707, 1.414) (std::frexp
// gives m in [0.5, 1), and one doubling moves it up when it is below 0.707),
// and ln m = 2 (s + s^3/3 + s^5/5 + ... + s^19/19), s = (m - 1) / (m + 1).
// NaN for x < 0, -inf for 0.
// Worked example: x = 10 = 1.25 * 2^3: s = 0.111111, ln m = 0.223144, plus 3 ln 2 = 2.302585.
inline double log_double(double x) {
    if (!(x > 0)) return x == 0 ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::quiet_NaN();
    if (x == std::numeric_limits<double>::infinity()) return x;
    int e = 0;
    double m = std::frexp(x, &e);  // x = m 2^e, m in [0.5, 1)
    if (m < 0.7071067811865476) {
        m *= 2;
        e -= 1;
    }
    const double s = (m - 1) / (m + 1), s2 = s * s;
    double series = 0, power = s;
    for (int k = 1; k <= 19; k += 2) {
        series += power / k;
        power *= s2;
    }
    return e * 0.6931471805599453 + 2 * series;
}
