// matrix_test.cpp - tests of matrix.hpp: the Matrix, matmul, transpose, scale,
// softmax_rows, format_matrix and the Rng.
//
// Every expected number is either worked out by hand (the arithmetic is in the
// comment next to it) or computed independently, outside this code, by the
// command pasted next to it. Nothing here is copied from the code's own output.
//
// Build and run:  make tests/matrix_test && ./tests/matrix_test

#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include "../matrix.hpp"
#include "../support/print.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

// A matrix from its rows, written out the way it looks on paper.
static Matrix matrix_from_rows(const std::vector<std::vector<float>>& rows) {
    Matrix M(rows.size(), rows.empty() ? 0 : rows[0].size());
    for (size_t r = 0; r < M.rows; r++) {
        REQUIRE(rows[r].size() == M.cols);
        for (size_t c = 0; c < M.cols; c++) M(r, c) = rows[r][c];
    }
    return M;
}

// ---- the matrix ----------------------------------------------------------

TEST_CASE("a default Matrix is empty") {
    Matrix M;
    CHECK(M.rows == 0);
    CHECK(M.cols == 0);
    CHECK(M.data.empty());
}

TEST_CASE("Matrix(rows, cols) holds rows * cols zeros") {
    Matrix M(2, 3);
    CHECK(M.rows == 2);
    CHECK(M.cols == 3);
    REQUIRE(M.data.size() == 6);
    for (float x : M.data) CHECK(x == 0.0f);
}

TEST_CASE("Matrix(rows, cols, fill) sets every element to fill") {
    Matrix M(3, 2, 1.5f);
    REQUIRE(M.data.size() == 6);
    for (float x : M.data) CHECK(x == 1.5f);
}

TEST_CASE("M(r, c) is element r * cols + c of the row-major data") {
    Matrix M(2, 3);
    M(1, 2) = 7.0f;  // row 1, column 2: index 1 * 3 + 2 = 5
    M(0, 1) = -2.0f; // row 0, column 1: index 0 * 3 + 1 = 1
    CHECK(M.data[5] == 7.0f);
    CHECK(M.data[1] == -2.0f);

    const Matrix& read_only = M;
    CHECK(read_only(1, 2) == 7.0f);
    CHECK(read_only(0, 1) == -2.0f);
    CHECK(read_only(0, 0) == 0.0f);
}

TEST_CASE("row(r) points at the cols floats of row r") {
    Matrix M = matrix_from_rows({{1, 2, 3},
                                 {4, 5, 6}});
    CHECK(M.row(1) == M.data.data() + 3);  // row 1 starts after the 3 floats of row 0
    CHECK(M.row(1)[0] == 4.0f);
    CHECK(M.row(1)[2] == 6.0f);

    M.row(0)[1] = 20.0f;  // writing through row() changes the matrix
    CHECK(M(0, 1) == 20.0f);

    const Matrix& read_only = M;
    CHECK(read_only.row(0)[1] == 20.0f);
}

// ---- matmul ---------------------------------------------------------------

TEST_CASE("matmul of two 2x2 matrices, by hand") {
    Matrix A = matrix_from_rows({{1, 2},
                                 {3, 4}});
    Matrix B = matrix_from_rows({{5, 6},
                                 {7, 8}});
    Matrix C = matmul(A, B);
    REQUIRE(C.rows == 2);
    REQUIRE(C.cols == 2);
    CHECK(C(0, 0) == 19.0f);  // 1*5 + 2*7 = 5 + 14
    CHECK(C(0, 1) == 22.0f);  // 1*6 + 2*8 = 6 + 16
    CHECK(C(1, 0) == 43.0f);  // 3*5 + 4*7 = 15 + 28
    CHECK(C(1, 1) == 50.0f);  // 3*6 + 4*8 = 18 + 32
}

TEST_CASE("matmul of a 2x3 by a 3x1 gives a 2x1, by hand") {
    Matrix A = matrix_from_rows({{1, 2, 3},
                                 {4, 5, 6}});
    Matrix B = matrix_from_rows({{7},
                                 {8},
                                 {9}});
    Matrix C = matmul(A, B);
    REQUIRE(C.rows == 2);
    REQUIRE(C.cols == 1);
    CHECK(C(0, 0) == 50.0f);   // 1*7 + 2*8 + 3*9 = 7 + 16 + 27
    CHECK(C(1, 0) == 122.0f);  // 4*7 + 5*8 + 6*9 = 28 + 40 + 54
}

TEST_CASE("matmul of a 1x3 by a 3x2 gives a 1x2, by hand") {
    Matrix A = matrix_from_rows({{1, 2, 3}});
    Matrix B = matrix_from_rows({{1, 0},
                                 {0, 1},
                                 {1, -1}});
    Matrix C = matmul(A, B);
    REQUIRE(C.rows == 1);
    REQUIRE(C.cols == 2);
    CHECK(C(0, 0) == 4.0f);   // 1*1 + 2*0 + 3*1
    CHECK(C(0, 1) == -1.0f);  // 1*0 + 2*1 + 3*(-1)
}

TEST_CASE("matmul of a 3x1 by a 1x2 is the outer product, by hand") {
    Matrix column = matrix_from_rows({{1}, {2}, {3}});
    Matrix row = matrix_from_rows({{4, 5}});
    Matrix C = matmul(column, row);
    REQUIRE(C.rows == 3);
    REQUIRE(C.cols == 2);
    CHECK(C(0, 0) == 4.0f);   // 1*4
    CHECK(C(0, 1) == 5.0f);   // 1*5
    CHECK(C(1, 0) == 8.0f);   // 2*4
    CHECK(C(1, 1) == 10.0f);  // 2*5
    CHECK(C(2, 0) == 12.0f);  // 3*4
    CHECK(C(2, 1) == 15.0f);  // 3*5
}

TEST_CASE("matmul of a random 5x7 by a 7x3 equals the textbook i-j-p triple loop") {
    Rng rng(7);
    Matrix A = random_matrix(5, 7, 1.0f, rng);  // (5, 7)
    Matrix B = random_matrix(7, 3, 1.0f, rng);  // (7, 3)
    Matrix C = matmul(A, B);                    // (5, 3)
    REQUIRE(C.rows == 5);
    REQUIRE(C.cols == 3);

    // The textbook loop order: for each output element, one dot product.
    // It adds the same products in the same order (p = 0, 1, ..., 6, in
    // float, starting from 0), and the build turns off fused multiply-add,
    // so the two results must agree to the last bit.
    for (size_t i = 0; i < 5; i++) {
        for (size_t j = 0; j < 3; j++) {
            float sum = 0.0f;
            for (size_t p = 0; p < 7; p++) sum += A(i, p) * B(p, j);
            CHECK(C(i, j) == sum);
        }
    }
}

TEST_CASE("matmul of matrices whose inner sizes differ throws std::invalid_argument, naming both shapes") {
    CHECK_THROWS_AS(matmul(Matrix(2, 3), Matrix(2, 3)), std::invalid_argument);
    CHECK_THROWS_WITH(matmul(Matrix(2, 3), Matrix(4, 5)), "matmul: (2 x 3) times (4 x 5): the inner sizes differ");
    CHECK(matmul(Matrix(2, 0), Matrix(0, 3)).data == std::vector<float>(6, 0.0f));  // an empty sum is 0
}

TEST_CASE("matmul equals the textbook loop to the last bit, for every shape it treats differently") {
    // The compiler runs matmul's inner loop 4, 8 or 16 floats at a time, with
    // a scalar loop for the rest of a row: n, k and m on and off those steps, and 0.
    Rng rng(11);
    for (size_t n : {0, 1, 3, 4, 5, 8, 9}) {
        for (size_t k : {0, 1, 3, 8, 13, 64}) {
            for (size_t m : {0, 1, 5, 16, 31, 32, 33, 37, 64, 70}) {
                CAPTURE(n);
                CAPTURE(k);
                CAPTURE(m);
                Matrix A = random_matrix(n, k, 1.0f, rng), B = random_matrix(k, m, 1.0f, rng);
                Matrix C = matmul(A, B);
                bool same = true;
                for (size_t i = 0; i < n; i++) {
                    for (size_t j = 0; j < m; j++) {
                        float sum = 0.0f;
                        for (size_t p = 0; p < k; p++) sum += A(i, p) * B(p, j);
                        same = same && C(i, j) == sum;
                    }
                }
                CHECK(same);
            }
        }
    }
}

// ---- transpose and scale --------------------------------------------------

TEST_CASE("transpose turns row r into column r") {
    Matrix A = matrix_from_rows({{1, 2, 3},
                                 {4, 5, 6}});
    Matrix T = transpose(A);
    REQUIRE(T.rows == 3);
    REQUIRE(T.cols == 2);
    CHECK(T(0, 0) == 1.0f);
    CHECK(T(0, 1) == 4.0f);
    CHECK(T(1, 0) == 2.0f);
    CHECK(T(1, 1) == 5.0f);
    CHECK(T(2, 0) == 3.0f);
    CHECK(T(2, 1) == 6.0f);
}

TEST_CASE("transpose twice gives back the matrix") {
    Rng rng(3);
    Matrix A = random_matrix(4, 6, 1.0f, rng);
    Matrix back = transpose(transpose(A));
    CHECK(back.rows == 4);
    CHECK(back.cols == 6);
    CHECK(back.data == A.data);
}

TEST_CASE("scale multiplies every element and leaves the input alone") {
    Matrix A = matrix_from_rows({{1, -2},
                                 {0.5f, 0}});
    Matrix S = scale(A, 3.0f);
    REQUIRE(S.rows == 2);
    REQUIRE(S.cols == 2);
    CHECK(S(0, 0) == 3.0f);   // 1 * 3
    CHECK(S(0, 1) == -6.0f);  // -2 * 3
    CHECK(S(1, 0) == 1.5f);   // 0.5 * 3
    CHECK(S(1, 1) == 0.0f);   // 0 * 3
    CHECK(A(0, 1) == -2.0f);  // the input is unchanged
}

// ---- exp_double, exp_float, log_double --------------------------------------
//
// How accurate they are, and why (matrix.hpp gives only the method):
// exp_double: splitting x = n ln 2 + r leaves |r| <= ln 2 / 2 = 0.347, where
// the first Taylor term left out, r^12/12!, is below 7e-15; the rounding of
// n ln 2 grows with |n|, so the relative error is below 2e-14 for |x| < 104
// (all that exp_float needs) and below 1e-13 up to |x| = 709 (checked below).
// +inf from 709 up (e^x overflows a double from 709.78; stopping a little
// early keeps n + 1023 inside the 11-bit exponent field); 0 below -708
// (e^-708.4 is the smallest normal double, and step 3 cannot write a
// subnormal 2^n).
// exp_float rounds exp_double once. An error of 2e-14 is far below half a
// float step (6e-8 relative, for normal floats), so this is the float nearest
// to e^x unless e^x lies within 2e-14 of a halfway point between two floats:
// of the 2.2 billion floats from -104 to 88.7 that happens once, and that
// result is one step off (tests/exp_exhaustive.cpp checks them all; the test
// below every 997th). Below e^-87.3 the results are subnormal floats, rounded
// once from the double, where a step is larger relative to the number.
// log_double: |s| <= 0.172, so the ten terms of the atanh series leave out
// less than 1e-17; the result agrees with the C library's to 1e-15 (below).

// The float one step above or below x: the distance between two floats in
// "units in the last place" (ulp), for floats of the same sign.
static long long ulp_distance(float a, float b) {
    int32_t bits_a, bits_b;
    std::memcpy(&bits_a, &a, sizeof a);
    std::memcpy(&bits_b, &b, sizeof b);
    return std::llabs(static_cast<long long>(bits_a) - static_cast<long long>(bits_b));
}

TEST_CASE("exp_float at hand-picked points equals the float nearest to e^x") {
    // e^x from Python's math.exp (double), then rounded to float by numpy:
    //   /usr/bin/python3 -c 'import math, numpy as np
    //     for x in [0.5,-0.5,10.0,-10.0,88.0,-87.0,-100.0]: print(x, repr(float(np.float32(math.exp(x)))))'
    CHECK(exp_float(0.0f) == 1.0f);
    CHECK(exp_float(1.0f) == 2.7182817459106445f);  // e rounded to float
    CHECK(exp_float(0.5f) == 1.6487212181091309f);
    CHECK(exp_float(-0.5f) == 0.6065306663513184f);
    CHECK(exp_float(10.0f) == 22026.46484375f);
    CHECK(exp_float(-10.0f) == 4.539993096841499e-05f);
    CHECK(exp_float(88.0f) == 1.6516362661361307e+38f);
    CHECK(exp_float(-87.0f) == 1.6458114537543937e-38f);  // the last normal floats
    CHECK(exp_float(-100.0f) == 3.783505853677006e-44f);  // a subnormal float, rounded once
}

TEST_CASE("exp_float at the edges of the float range") {
    const float infinity = std::numeric_limits<float>::infinity();
    // e^88.72283172607421875 = 3.40279853741e38 is the largest finite result;
    // the next float up, 88.72283935546875, gives 3.40282449880e38, above
    // the largest float 3.40282347e38 by more than half a step: infinity.
    CHECK(exp_float(88.72283172607421875f) == 3.402798519021476e+38f);
    CHECK(exp_float(88.72283935546875f) == infinity);
    CHECK(exp_float(1000.0f) == infinity);
    CHECK(exp_float(infinity) == infinity);
    // e^-103.97207641601562 = 7.0064970e-46 is just above half the smallest
    // float (2^-150 = 7.0064923e-46), so it rounds up to 2^-149; the float
    // below it, -103.97208404541016, gives 7.0064435e-46: rounds to 0.
    CHECK(exp_float(-103.97207641601562f) == 1.401298464324817e-45f);
    CHECK(exp_float(-103.97208404541016f) == 0.0f);
    CHECK(exp_float(-1000.0f) == 0.0f);
    CHECK(exp_float(-infinity) == 0.0f);
    CHECK(std::isnan(exp_float(std::numeric_limits<float>::quiet_NaN())));
}

TEST_CASE("exp_float is within one step of the C library's exp over the whole float range it can meet") {
    // Every 997th float from -104 to 88.8 (2.2 million of them, large and tiny,
    // positive and negative), against std::exp in double rounded to float.
    // An exhaustive run over all 2.2 billion floats of that range found one
    // difference, of one step (see matrix.hpp); here we allow one step and
    // count how often the results differ.
    long long checked = 0, different = 0;
    for (uint64_t bits = 0; bits < (uint64_t{1} << 32); bits += 997) {
        const uint32_t pattern = static_cast<uint32_t>(bits);
        float x;
        std::memcpy(&x, &pattern, sizeof x);
        if (!(x >= -104.0f && x <= 88.72283172607421875f)) continue;
        const float ours = exp_float(x);
        const float library = static_cast<float>(std::exp(static_cast<double>(x)));
        checked++;
        if (ours != library) {
            different++;
            CAPTURE(x);
            CHECK(ulp_distance(ours, library) == 1);
        }
    }
    CHECK(checked > 2000000);
    CHECK(different <= 2);
}

TEST_CASE("exp_double agrees with the C library to 2e-14 (relative) up to |x| = 104, to 1e-13 up to 708") {
    for (double x = -708; x <= 708; x += 0.173) {
        CAPTURE(x);
        CHECK(std::fabs(exp_double(x) / std::exp(x) - 1) < (std::fabs(x) < 104 ? 2e-14 : 1e-13));
    }
    CHECK(exp_double(0) == 1.0);
    CHECK(exp_double(-std::numeric_limits<double>::infinity()) == 0.0);
    CHECK(exp_double(710) == std::numeric_limits<double>::infinity());
}

TEST_CASE("log_double: worked examples, and the C library's log to 1e-15") {
    // From Python's math.log: log(2) = 0.6931471805599453, log(10) = 2.302585092994046,
    // log(3) = 1.0986122886681098, log(1e-300) = -690.7755278982137.
    CHECK(log_double(1.0) == 0.0);
    CHECK(log_double(2.0) == doctest::Approx(0.6931471805599453).epsilon(1e-15));
    CHECK(log_double(10.0) == doctest::Approx(2.302585092994046).epsilon(1e-15));
    CHECK(log_double(3.0) == doctest::Approx(1.0986122886681098).epsilon(1e-15));
    CHECK(log_double(1e-300) == doctest::Approx(-690.7755278982137).epsilon(1e-15));
    CHECK(log_double(0.0) == -std::numeric_limits<double>::infinity());
    CHECK(std::isnan(log_double(-1.0)));
    // Across many orders of magnitude; near 1, where ln x is small, compare the difference.
    for (double x = 1e-30; x < 1e30; x *= 1.37) {
        CAPTURE(x);
        CHECK(std::fabs(log_double(x) - std::log(x)) <= 1e-15 * std::max(1.0, std::fabs(std::log(x))));
    }
    // exp and log undo each other
    for (double x = -50; x <= 50; x += 0.37) CHECK(log_double(exp_double(x)) == doctest::Approx(x).epsilon(1e-13));
}

// ---- softmax_rows ---------------------------------------------------------

TEST_CASE("softmax_rows subtracts the row's maximum wherever it stands: scores of -200 and of 1000 give the weights of 0") {
    // Without the maximum, e^-200 underflows to 0 (0 / 0 = NaN) and e^1000 overflows (inf / inf = NaN).
    // With it, every row below is [0, 1, 2] shifted, so its weights are those of [0, 1, 2]:
    //   /usr/bin/python3 -c 'import math; s=1+math.e+math.e**2; print(1/s, math.e/s, math.e**2/s)'
    //   0.09003057317038046 0.24472847105479767 0.6652409557748219
    for (float shift : {-202.0f, 0.0f, 998.0f}) {
        CAPTURE(shift);
        Matrix w = softmax_rows(matrix_from_rows({{shift, shift + 1, shift + 2}, {shift + 2, shift, shift + 1}}));
        CHECK(w(0, 0) == doctest::Approx(0.09003057317038046).epsilon(1e-6));
        CHECK(w(0, 1) == doctest::Approx(0.24472847105479767).epsilon(1e-6));
        CHECK(w(0, 2) == doctest::Approx(0.6652409557748219).epsilon(1e-6));
        // the maximum first instead of last: the same weights (summed in another order, so up to rounding)
        CHECK(w(1, 0) == doctest::Approx(0.6652409557748219).epsilon(1e-6));
        CHECK(w(1, 1) == doctest::Approx(0.09003057317038046).epsilon(1e-6));
        CHECK(w(1, 2) == doctest::Approx(0.24472847105479767).epsilon(1e-6));
    }
}

TEST_CASE("softmax_rows: a NaN score makes its whole row NaN, even beside -inf; rows of -inf stay 0") {
    const float nan = std::numeric_limits<float>::quiet_NaN(), inf = std::numeric_limits<float>::infinity();
    Matrix w = softmax_rows(matrix_from_rows({{nan, -inf, -inf}, {1, nan, 2}, {-inf, -inf, -inf}, {0, 0, 0}}));
    for (size_t c = 0; c < 3; c++) {
        CHECK(std::isnan(w(0, c)));  // a NaN first: the maximum becomes NaN, not -inf ("all masked")
        CHECK(std::isnan(w(1, c)));  // a NaN in the middle
        CHECK(w(2, c) == 0.0f);      // nothing to attend to
        CHECK(w(3, c) == doctest::Approx(1.0 / 3));
    }
}

TEST_CASE("softmax of [0, 1] is [1/(1+e), e/(1+e)]") {
    Matrix weights = softmax_rows(matrix_from_rows({{0, 1}}));
    // exp(0) = 1 and exp(1) = e, so the sum is 1 + e:
    //   /usr/bin/python3 -c 'import math; e=math.e; print(1/(1+e), e/(1+e))'
    //   0.2689414213699951 0.7310585786300049
    const double e = std::exp(1.0);
    CHECK(weights(0, 0) == doctest::Approx(1.0 / (1.0 + e)).epsilon(1e-6));
    CHECK(weights(0, 1) == doctest::Approx(e / (1.0 + e)).epsilon(1e-6));
    CHECK(weights(0, 0) == doctest::Approx(0.2689414213699951).epsilon(1e-6));
    CHECK(weights(0, 1) == doctest::Approx(0.7310585786300049).epsilon(1e-6));
}

TEST_CASE("every row of a softmax is positive and sums to 1") {
    Rng rng(11);
    Matrix scores = random_matrix(4, 6, 5.0f, rng);
    Matrix weights = softmax_rows(scores);
    REQUIRE(weights.rows == 4);
    REQUIRE(weights.cols == 6);
    for (size_t r = 0; r < weights.rows; r++) {
        double sum = 0.0;
        for (size_t c = 0; c < weights.cols; c++) {
            CHECK(weights(r, c) > 0.0f);
            sum += weights(r, c);
        }
        CHECK(sum == doctest::Approx(1.0).epsilon(1e-6));
    }
}

TEST_CASE("softmax of [1000, 1001] equals softmax of [0, 1], with no inf or NaN") {
    // Without subtracting the row maximum, exp(1000) would overflow to
    // infinity. With it, both rows compute exp(-1) and exp(0) and divide by
    // the same sum, so the results must be identical.
    Matrix large = softmax_rows(matrix_from_rows({{1000, 1001}}));
    Matrix small = softmax_rows(matrix_from_rows({{0, 1}}));
    CHECK(std::isfinite(large(0, 0)));
    CHECK(std::isfinite(large(0, 1)));
    CHECK(large(0, 0) == small(0, 0));
    CHECK(large(0, 1) == small(0, 1));
}

TEST_CASE("a score of -infinity gets a weight of exactly 0") {
    const float minus_infinity = -std::numeric_limits<float>::infinity();
    Matrix weights = softmax_rows(matrix_from_rows({{0, minus_infinity, 0}}));
    // exp(0) = 1, exp(-inf) = 0, exp(0) = 1; the sum is 2.
    CHECK(weights(0, 0) == 0.5f);
    CHECK(weights(0, 1) == 0.0f);
    CHECK(weights(0, 2) == 0.5f);
}

TEST_CASE("a row that is all -infinity becomes all zeros, not NaN") {
    const float minus_infinity = -std::numeric_limits<float>::infinity();
    Matrix weights = softmax_rows(matrix_from_rows({{minus_infinity, minus_infinity},
                                                    {0, 0}}));
    CHECK(weights(0, 0) == 0.0f);
    CHECK(weights(0, 1) == 0.0f);
    CHECK(weights(1, 0) == 0.5f);  // the next row is unaffected: 1 / (1 + 1)
    CHECK(weights(1, 1) == 0.5f);
}

// ---- format_matrix ---------------------------------------------------------

TEST_CASE("format_matrix prints a title, numbered columns and labelled rows") {
    Matrix M = matrix_from_rows({{1, -0.5f},
                                 {0.25f, 2}});
    // The row labels are 2 wide ("bb"); each cell is a space and 9 characters.
    const std::string expected =
        "W  (2 x 2)\n"
        "           0         1\n"
        "a     1.0000   -0.5000\n"
        "bb    0.2500    2.0000\n";
    CHECK(format_matrix("W", M, {"a", "bb"}) == expected);
}

TEST_CASE("format_matrix keeps the columns aligned for -123.4567, the widest number it is made for") {
    Matrix M = matrix_from_rows({{-123.4567f, 1}});
    // label "a", then " -123.4567" and "    1.0000": every cell 10 characters wide
    CHECK(format_matrix("W", M, {"a"}) == "W  (1 x 2)\n          0         1\na -123.4567    1.0000\n");
}

TEST_CASE("format_matrix shows max_cols columns of a wide matrix and says how many more") {
    Matrix M = matrix_from_rows({{1, 2, 3}});
    // Two of three columns shown; a column label is cut to 9 characters.
    const std::string expected =
        "T  (1 x 3)\n"
        "      first a_very_lo  ... 1 more\n"
        "x    1.0000    2.0000  ...\n";
    CHECK(format_matrix("T", M, {"x"}, {"first", "a_very_long_label"}, 2) == expected);
}

TEST_CASE("format_matrix numbers the rows of a tall matrix without labels") {
    // 11 rows and no row labels: rows are numbered 0 to 10, so the label
    // column must be 2 characters wide for "10".
    Matrix M(11, 1);
    std::string text;
    CHECK_NOTHROW(text = format_matrix("M", M, {}));
    CHECK(text.find("\n9     0.0000\n10    0.0000\n") != std::string::npos);
}

// ---- Rng ------------------------------------------------------------------

// The reference outputs below come from SplitMix64 written independently in Python:
//   /usr/bin/python3 -c '
//   M=2**64-1
//   def sm(s):
//       out=[]
//       for _ in range(3):
//           s=(s+0x9E3779B97F4A7C15)&M; z=s
//           z=((z^(z>>30))*0xBF58476D1CE4E5B9)&M
//           z=((z^(z>>27))*0x94D049BB133111EB)&M
//           out.append(z^(z>>31))
//       return out
//   for seed in (0,42):
//       print(seed, ["0x%016X"%x for x in sm(seed)])
//   '
// which printed
//   0 ['0xE220A8397B1DCDAF', '0x6E789E6AA1B965F4', '0x06C45D188009454F']
//   42 ['0xBDD732262FEB6E95', '0x28EFE333B266F103', '0x47526757130F9F52']
// (0xE220A8397B1DCDAF is also the first output for seed 0 in the reference
// C implementation by Sebastiano Vigna, splitmix64.c.)

TEST_CASE("next_u64 matches SplitMix64 computed in Python, seed 0") {
    Rng rng(0);
    CHECK(rng.next_u64() == 0xE220A8397B1DCDAFULL);
    CHECK(rng.next_u64() == 0x6E789E6AA1B965F4ULL);
    CHECK(rng.next_u64() == 0x06C45D188009454FULL);
}

TEST_CASE("next_u64 matches SplitMix64 computed in Python, seed 42") {
    Rng rng(42);
    CHECK(rng.next_u64() == 0xBDD732262FEB6E95ULL);
    CHECK(rng.next_u64() == 0x28EFE333B266F103ULL);
    CHECK(rng.next_u64() == 0x47526757130F9F52ULL);
}

TEST_CASE("uniform() is the top 24 bits of next_u64 divided by 2^24") {
    // The top 24 bits (6 hex digits) of the seed-42 outputs above.
    Rng rng(42);
    CHECK(rng.uniform() == 0xBDD732 / 16777216.0f);  // 12441394 / 2^24 = 0.74156487...
    CHECK(rng.uniform() == 0x28EFE3 / 16777216.0f);  //  2682851 / 2^24 = 0.15991038...
    CHECK(rng.uniform() == 0x475267 / 16777216.0f);  //  4674151 / 2^24 = 0.27860111...
}

TEST_CASE("below(10) is the top 32 bits of next_u64 scaled to 0..9") {
    // below(n) = (top 32 bits * n) / 2^32, rounded down, i.e. about n * x / 2^64.
    // Seed 42's outputs, as fractions of 2^64, are 0.7416, 0.1599, 0.2786 (the
    // uniform() values above), so with n = 10 we get 7, 1, 2.
    Rng rng(42);
    CHECK(rng.below(10) == 7);
    CHECK(rng.below(10) == 1);
    CHECK(rng.below(10) == 2);
}

// Rng::state is public, so a test can put the generator right before any
// output it likes. SplitMix64 mixes (state + 0x9E3779B97F4A7C15), and its
// mixer maps 0 to 0 (every step of it keeps 0 at 0), so starting from
// state = -0x9E3779B97F4A7C15 (mod 2^64) the next output is 0.
// The state before the output 0xFFFFFFFFFFFFFFFF comes from inverting the
// mixer in Python (each xor-shift and multiply is invertible):
//   /usr/bin/python3 -c '
//   M=2**64-1; G=0x9E3779B97F4A7C15
//   def mix(z):
//       z=((z^(z>>30))*0xBF58476D1CE4E5B9)&M
//       z=((z^(z>>27))*0x94D049BB133111EB)&M
//       return z^(z>>31)
//   def unxorshift(y,k):
//       z=y
//       for _ in range(64//k+1): z=y^(z>>k)
//       return z
//   def unmix(y):
//       z=unxorshift(y,31)
//       z=(z*pow(0x94D049BB133111EB,-1,2**64))&M
//       z=unxorshift(z,27)
//       z=(z*pow(0xBF58476D1CE4E5B9,-1,2**64))&M
//       return unxorshift(z,30)
//   for target in (M, 0):
//       s=(unmix(target)-G)&M
//       assert mix((s+G)&M)==target
//       print("state before next_u64 giving 0x%016X: 0x%016X"%(target,s))
//   '
// which printed
//   state before next_u64 giving 0xFFFFFFFFFFFFFFFF: 0x31628AF67B2131AB
//   state before next_u64 giving 0x0000000000000000: 0x61C8864680B583EB
static Rng rng_about_to_give(uint64_t state) {
    Rng rng(0);
    rng.state = state;
    return rng;
}
constexpr uint64_t state_before_all_zero_bits = 0x61C8864680B583EBULL;  // = 2^64 - 0x9E3779B97F4A7C15
constexpr uint64_t state_before_all_one_bits = 0x31628AF67B2131ABULL;

TEST_CASE("the states that come before the smallest and largest outputs") {
    Rng zero = rng_about_to_give(state_before_all_zero_bits);
    CHECK(zero.next_u64() == 0ULL);
    Rng ones = rng_about_to_give(state_before_all_one_bits);
    CHECK(ones.next_u64() == 0xFFFFFFFFFFFFFFFFULL);
}

TEST_CASE("uniform() at the extremes: 0 for all zero bits, 1 - 2^-24 (below 1) for all one bits") {
    Rng zero = rng_about_to_give(state_before_all_zero_bits);
    CHECK(zero.uniform() == 0.0f);
    Rng ones = rng_about_to_give(state_before_all_one_bits);
    float largest = ones.uniform();  // (2^24 - 1) / 2^24
    CHECK(largest == 16777215.0f / 16777216.0f);
    CHECK(largest < 1.0f);
}

TEST_CASE("below(n) at the extremes: 0 for all zero bits, n - 1 for all one bits") {
    // ((2^32 - 1) * n) / 2^32 = n - n / 2^32, rounded down: n - 1 for n >= 1.
    for (uint32_t n : {1u, 2u, 10u, 1000u, 4294967295u}) {
        Rng zero = rng_about_to_give(state_before_all_zero_bits);
        CHECK(zero.below(n) == 0u);
        Rng ones = rng_about_to_give(state_before_all_one_bits);
        CHECK(ones.below(n) == n - 1);
    }
}

TEST_CASE("uniform() stays in [0, 1) and below(n) below n over many draws") {
    Rng rng(2024);
    float smallest_u = 1.0f, largest_u = 0.0f;
    uint32_t largest_k = 0;
    for (int i = 0; i < 100000; i++) {
        float u = rng.uniform();
        smallest_u = std::min(smallest_u, u);
        largest_u = std::max(largest_u, u);
        largest_k = std::max(largest_k, rng.below(7));
    }
    CHECK(smallest_u >= 0.0f);
    CHECK(largest_u < 1.0f);
    CHECK(largest_k < 7u);
    CHECK(largest_k == 6u);  // and all 7 values are reachable: P(no 6 in 100,000) = (6/7)^100000
}

TEST_CASE("the same seed gives the same sequence") {
    Rng first(123), second(123);
    for (int i = 0; i < 100; i++) CHECK(first.next_u64() == second.next_u64());
}

TEST_CASE("different seeds give different sequences") {
    Rng first(1), second(2);
    int same = 0;
    for (int i = 0; i < 100; i++)
        if (first.next_u64() == second.next_u64()) same++;
    CHECK(same == 0);
}

TEST_CASE("the mean of uniform() is 1/2 within 5 standard errors") {
    // One uniform draw on [0, 1) has variance 1/12; the mean of N draws has
    // standard error sqrt(1 / (12 N)) = sqrt(1 / 1,200,000) = 0.000913 for
    // N = 100,000. Five standard errors: 0.0046.
    Rng rng(99);
    const int n_draws = 100000;
    double sum = 0.0;
    for (int i = 0; i < n_draws; i++) sum += rng.uniform();
    double mean = sum / n_draws;
    CHECK(mean > 0.5 - 0.0046);
    CHECK(mean < 0.5 + 0.0046);
}

TEST_CASE("below(10) fills each of its 10 values about equally, within 5 standard deviations") {
    // Each count is binomial(N = 100,000, p = 1/10): mean N p = 10,000 and
    // standard deviation sqrt(N p (1 - p)) = sqrt(9,000) = 94.9. Five of them: 474.
    Rng rng(5);
    const int n_draws = 100000;
    std::vector<int> counts(10, 0);
    int out_of_range = 0;
    for (int i = 0; i < n_draws; i++) {
        uint32_t k = rng.below(10);
        if (k < 10u) counts[k]++;
        else out_of_range++;
    }
    CHECK(out_of_range == 0);
    for (int count : counts) {
        CHECK(count > 10000 - 474);
        CHECK(count < 10000 + 474);
    }
}

TEST_CASE("random_matrix draws from [-limit, limit) and fills that range") {
    Rng rng(17);
    const float limit = 0.1f;
    Matrix M = random_matrix(50, 40, limit, rng);
    REQUIRE(M.rows == 50);
    REQUIRE(M.cols == 40);
    float smallest = M.data[0], largest = M.data[0];
    for (float x : M.data) {
        CHECK(x >= -limit);
        CHECK(x < limit);
        smallest = std::min(smallest, x);
        largest = std::max(largest, x);
    }
    // 2,000 uniform draws leave no gap wider than 1% of the range at either
    // end (chance of one: 2 * 0.99^2000, about 4e-9).
    CHECK(smallest < -0.098f);
    CHECK(largest > 0.098f);
}

TEST_CASE("random_matrix at the extremes: exactly -limit, and just below +limit") {
    // The smallest draw (uniform() = 0) gives -limit + 2 limit * 0 = -limit.
    Rng zero = rng_about_to_give(state_before_all_zero_bits);
    CHECK(random_matrix(1, 1, 0.1f, zero)(0, 0) == -0.1f);
    // The largest draw (uniform() = 1 - 2^-24) must stay below +limit.
    for (float limit : {0.1f, 0.5f, 1.0f, 3.0f}) {
        Rng ones = rng_about_to_give(state_before_all_one_bits);
        float x = random_matrix(1, 1, limit, ones)(0, 0);
        CHECK(x < limit);
        CHECK(x > limit * 0.999f);
    }
}

TEST_CASE("uniform(lo, hi) stays below hi for the largest draw") {
    // uniform(lo, hi) promises [lo, hi). With the largest draw,
    // u = 1 - 2^-24, and lo = 1, hi = 2: 1 + 1 * (1 - 2^-24) = 2 - 2^-24 lies
    // exactly halfway between the floats 2 - 2^-23 and 2, and rounds to the
    // even one, 2 = hi. Checked in float32 with numpy:
    //   /usr/bin/python3 -c 'import numpy as np; f=np.float32; u=f(0xFFFFFF)*f(1/16777216); print(repr(f(1)+(f(2)-f(1))*u))'
    //   2.0
    Rng ones = rng_about_to_give(state_before_all_one_bits);
    CHECK(ones.uniform(1.0f, 2.0f) < 2.0f);
}
