// grader.hpp - the small grader that the exercises' tests use.
//
// A test program lists its checks (a name, a hint, and the comparisons to
// make), then runs them. Each check prints one line, PASS or FAIL; a failing
// check also prints what it expected and what it got, and its hint. The last
// line is the score, "01_softmax: 4 of 6 checks passed", and the program exits
// with 0 only if every check passed.
//
// Why not doctest, which tests/ uses: the exercises should run on a laptop
// that has a C++17 compiler and make and nothing else, and a student should
// see one line per check rather than a report of every assertion.
//
// What it leaves out on purpose: macros (so no file:line in the messages; the
// name of each comparison says what was compared), and any protection against
// a crash: a student's function that writes past the end of a matrix stops the
// program, and the name of the check that was running is the last line shown.

#pragma once

#include "../matrix.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <functional>
#include <string>
#include <utility>
#include <vector>

// ---- building inputs -------------------------------------------------------

// A matrix from its rows, written out the way it looks on paper.
inline Matrix matrix_from_rows(const std::vector<std::vector<float>>& rows) {
    Matrix M(rows.size(), rows.empty() ? 0 : rows[0].size());
    for (size_t r = 0; r < M.rows; r++)
        for (size_t c = 0; c < M.cols; c++) M(r, c) = rows[r].at(c);
    return M;
}

// ---- one check: the comparisons it makes --------------------------------

// A number as the messages show it: enough digits to see a difference in the
// last place of a float, and inf, -inf and nan spelled out.
inline std::string number_text(double x) {
    if (std::isnan(x)) return "nan";  // C libraries print NaN as nan, -nan or nan(ind)
    if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
    char text[32];
    std::snprintf(text, sizeof text, "%.9g", x);
    return text;
}

class Check {
public:
    // got == expected, exactly: for counts, and for numbers that a float holds
    // exactly (0.5, 0, -inf).
    void equal(const std::string& what, double got, double expected) {
        bool ok = got == expected;
        record(ok, what + ": got " + number_text(got) + ", expected exactly " + number_text(expected));
    }

    // got within `tolerance` of expected, relative to expected when that is
    // larger than 1 in size, absolute below:
    //     |got - expected| <= tolerance * max(1, |expected|)
    // NaN is never near anything. An infinite expected value must be equal.
    void near(const std::string& what, double got, double expected, double tolerance) {
        bool ok = std::isinf(expected) ? got == expected
                                       : std::fabs(got - expected) <= tolerance * std::max(1.0, std::fabs(expected));
        record(ok, what + ": got " + number_text(got) + ", expected " + number_text(expected) + " (to within " +
                       number_text(tolerance) + ")");
    }

    // got within a fraction `tolerance` of expected, for small numbers that
    // must be right in their leading digits, such as probabilities of 1e-4:
    //     |got - expected| <= tolerance * |expected|
    void near_relative(const std::string& what, double got, double expected, double tolerance) {
        bool ok = std::fabs(got - expected) <= tolerance * std::fabs(expected);
        record(ok, what + ": got " + number_text(got) + ", expected " + number_text(expected) + " (to within " +
                       number_text(tolerance) + " of it, relatively)");
    }

    // A fact that must hold; `seen` says what was found instead.
    void is_true(const std::string& what, bool holds, const std::string& seen) {
        record(holds, what + ": not so; " + seen);
    }

    // M must be rows x cols. Returns false if it is not, so that the caller
    // can skip looking inside (M(r, c) outside the matrix would stop the
    // program).
    bool shape(const std::string& name, const Matrix& M, size_t rows, size_t cols) {
        const bool ok = M.rows == rows && M.cols == cols && M.data.size() == rows * cols;
        std::string seen = std::to_string(M.rows) + " x " + std::to_string(M.cols);
        if (M.data.size() != M.rows * M.cols) seen += " but holds " + std::to_string(M.data.size()) + " numbers";
        record(ok, name + " is " + seen + ", expected " + std::to_string(rows) + " x " + std::to_string(cols));
        return ok;
    }

    // Every element of M against the expected rows, written out as on paper:
    // exactly when tolerance is 0, else with near(). The shape first.
    void matrix(const std::string& name, const Matrix& M, const std::vector<std::vector<double>>& expected,
                double tolerance) {
        if (!shape(name, M, expected.size(), expected.empty() ? 0 : expected[0].size())) return;
        for (size_t r = 0; r < M.rows; r++)
            for (size_t c = 0; c < M.cols; c++) {
                std::string what = name + "(" + std::to_string(r) + ", " + std::to_string(c) + ")";
                if (tolerance == 0) equal(what, M(r, c), expected[r][c]);
                else near(what, M(r, c), expected[r][c], tolerance);
            }
    }

    size_t comparisons() const { return made; }
    size_t wrong() const { return failures.size(); }
    const std::vector<std::string>& failure_messages() const { return failures; }

private:
    void record(bool ok, const std::string& message) {
        made++;
        if (!ok) failures.push_back(message);
    }

    size_t made = 0;
    std::vector<std::string> failures;
};

// ---- the grader: runs the checks and keeps the score --------------------

class Grader {
public:
    // `name` is the exercise's file name without .cpp ("01_softmax"), `title`
    // what it is about ("the stable softmax", the first line of the exercise
    // file) and `function` the student's function ("student::softmax_rows").
    Grader(std::string name, std::string title, std::string function)
        : name(std::move(name)), title(std::move(title)), function(std::move(function)) {}

    // Adds a check. `body` makes the comparisons; `hint` is shown if any fails.
    void add(const std::string& check_name, const std::string& hint, std::function<void(Check&)> body) {
        checks.push_back({check_name, hint, std::move(body)});
    }

    // Runs every check in order, prints the results and the score, and
    // returns the exit status: 0 if all passed, 1 if not.
    int run() {
        const int number = std::atoi(name.c_str());  // "01_softmax" -> 1
        std::printf("Exercise %d: %s\n(your %s in exercises/%s.cpp)\n\n", number, title.c_str(), function.c_str(),
                    name.c_str());
        size_t passed = 0;
        for (size_t i = 0; i < checks.size(); i++) passed += run_one(i) ? 1 : 0;
        std::printf("\n%s: %zu of %zu checks passed\n", name.c_str(), passed, checks.size());
        return passed == checks.size() ? 0 : 1;
    }

private:
    struct Entry {
        std::string name, hint;
        std::function<void(Check&)> body;
    };

    // One line, "  3. name ........ PASS", then the details of a failure. The
    // name is printed (and flushed) before the student's code runs, so that
    // if it crashes, the last line on the screen says which check it was.
    bool run_one(size_t i) {
        const Entry& entry = checks[i];
        std::string line = "  " + std::to_string(i + 1) + ". " + entry.name + " ";
        const size_t result_column = 74;
        if (line.size() < result_column) line += std::string(result_column - line.size(), '.');
        std::printf("%s ", line.c_str());
        std::fflush(stdout);

        Check check;
        std::string thrown;
        try {
            entry.body(check);
        } catch (const std::exception& error) {
            thrown = std::string("your function threw an exception: ") + error.what();
        } catch (...) {
            thrown = "your function threw an exception that is not a std::exception";
        }

        // A check that compared nothing could never fail: that is a bug in
        // the test, and it is reported as one, not counted as a pass.
        const bool compared_nothing = thrown.empty() && check.comparisons() == 0;
        const bool ok = thrown.empty() && check.wrong() == 0 && !compared_nothing;
        std::printf("%s\n", ok ? "PASS" : "FAIL");
        if (ok) return true;

        const size_t shown = 4;  // the first few wrong numbers say enough
        if (!thrown.empty()) std::printf("       %s\n", thrown.c_str());
        if (compared_nothing) std::printf("       this check compared nothing: a bug in the test, not in your code\n");
        const std::vector<std::string>& messages = check.failure_messages();
        for (size_t m = 0; m < messages.size() && m < shown; m++) std::printf("       %s\n", messages[m].c_str());
        if (messages.size() > shown) std::printf("       ... and %zu more wrong\n", messages.size() - shown);
        print_wrapped("       hint: ", "             ", entry.hint);
        return false;
    }

    // The text in lines of at most about 100 characters, cut at spaces: the
    // first line starts with first_prefix, the others with prefix.
    static void print_wrapped(const std::string& first_prefix, const std::string& prefix, const std::string& text) {
        const size_t width = 100;
        std::string line = first_prefix;
        bool line_has_words = false;
        size_t start = 0;
        while (start < text.size()) {
            size_t end = text.find(' ', start);
            if (end == std::string::npos) end = text.size();
            const std::string word = text.substr(start, end - start);
            if (line_has_words && line.size() + 1 + word.size() > width) {
                std::printf("%s\n", line.c_str());
                line = prefix;
                line_has_words = false;
            }
            line += (line_has_words ? " " : "") + word;
            line_has_words = true;
            start = end + 1;
        }
        std::printf("%s\n", line.c_str());
    }

    std::string name, title, function;
    std::vector<Entry> checks;
};
