// word_map.hpp - a map of word vectors: the words drawn on their first two
// principal components, as an SVG picture, for ./word2vec -plot.
//
// Used by word2vec.cpp (through word2vec_program.hpp). It relies on the
// lesson's unit_rows (section 8) having been seen before it is included; the
// picture itself is drawn by svg.hpp's scatter plot. It also reads
// -plot-list's groups of words (parse_plot_list, map_words).
//
// A word vector has d numbers (24 in `make run`, 100 to 300 usually) and a
// page has two directions. To draw the words, we pick the two directions of
// the d-dimensional space along which the chosen words differ most, their
// first two principal components, and place each word at its coordinates
// along them (Pearson 1901; Hotelling 1933).
//
// What the map keeps: the largest differences between the words, and true
// distances along the two directions (nothing is stretched). What it loses:
// every difference in the other d - 2 directions. Projecting can only
// shorten a distance, so words far apart in the full space may land close
// together on the map, never the other way round: a group that is apart on
// the map is apart in the vectors, but words that touch on the map may not be
// alike. How much is lost is the share of the variance that the two
// directions do not explain; the program prints it and the axes show it.
//
// We map unit vectors (each scaled to length 1, as in the lesson's section
// 8): cosine similarity, which -neighbours ranks by, depends only on
// direction, and a frequent word's longer vector would otherwise stand out
// for its length.
//
// For m words with unit vectors u_1 ... u_m:
//   1. centre them: x_r = u_r - μ, where μ is their mean;
//   2. their covariance C = (1/m) Σ_r x_r x_rᵀ, a symmetric d x d matrix.
//      The variance of the words along a unit direction v is vᵀ C v, so the
//      direction of most variance is the eigenvector v_1 of C with the
//      largest eigenvalue λ_1, which is that variance; the total variance in
//      all d directions is Σ_a C_aa, the sum of all the eigenvalues;
//   3. power iteration finds v_1: repeat v ← C v / |C v|. Written as a mix
//      of C's eigenvectors, each step multiplies v's part along eigenvector k
//      by λ_k, so the part along v_1 outgrows the others, which shrink
//      relative to it like (λ_2 / λ_1)^steps;
//   4. deflation: C' = C - λ_1 v_1 v_1ᵀ has the same eigenvectors, with λ_1
//      replaced by 0, so power iteration on C' finds v_2 and λ_2;
//   5. word r is drawn at (x_r · v_1, x_r · v_2); the axes explain
//      λ_1 / total and λ_2 / total of the variance.
// Worked example: the three points (0, 0), (2, 0), (4, 0) have mean (2, 0),
// C = [[8/3, 0], [0, 0]], total variance 8/3, v_1 = (1, 0) with λ_1 = 8/3
// (100% of the variance), λ_2 = 0, and the map places them at -2, 0 and 2.

#pragma once

#include "../matrix.hpp"
#include "cli.hpp"
#include "io.hpp"
#include "spelling.hpp"
#include "svg.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

struct PrincipalComponents {
    std::vector<double> mean;       // (d) μ
    std::vector<double> axis[2];    // (d) each: v_1 and v_2, unit vectors; but with d = 1 there is
                                    // no second direction, and v_2 is (0): every y is 0
    double variance[2] = {0, 0};    // λ_1 and λ_2: the variance along each axis
    double total_variance = 0;      // Σ_a C_aa: the variance in all d directions
    std::vector<double> x, y;       // (m) each point's coordinates along v_1 and v_2
};

// Steps 1 and 2: the mean of the rows of `points` (m, d) and their
// covariance C (d, d), row-major, in double precision.
inline std::vector<double> covariance(const Matrix& points, std::vector<double>& mean) {
    const size_t m = points.rows, d = points.cols;
    mean.assign(d, 0.0);
    for (size_t r = 0; r < m; r++)
        for (size_t a = 0; a < d; a++) mean[a] += points(r, a) / static_cast<double>(m);

    // C_ab = (1/m) Σ_r x_ra x_rb; the inner loop walks along row a of C
    std::vector<double> C(d * d, 0.0), x(d);
    for (size_t r = 0; r < m; r++) {
        for (size_t a = 0; a < d; a++) x[a] = points(r, a) - mean[a];
        for (size_t a = 0; a < d; a++) {
            double* C_a = C.data() + a * d;
            for (size_t b = 0; b < d; b++) C_a[b] += x[a] * x[b];
        }
    }
    for (double& c : C) c /= static_cast<double>(m);
    return C;
}

inline double dot(const std::vector<double>& u, const std::vector<double>& v) {
    double sum = 0;
    for (size_t i = 0; i < u.size(); i++) sum += u[i] * v[i];
    return sum;
}

// Cv = C v for the d x d matrix C (row-major) and a vector v of d numbers.
inline void multiply(const std::vector<double>& C, const std::vector<double>& v, std::vector<double>& Cv) {
    const size_t d = v.size();
    for (size_t a = 0; a < d; a++) {
        const double* C_a = C.data() + a * d;  // row a
        double sum = 0;
        for (size_t b = 0; b < d; b++) sum += C_a[b] * v[b];
        Cv[a] = sum;
    }
}

// v minus its part along the unit vector `away_from` (if that is not empty).
inline void remove_part_along(std::vector<double>& v, const std::vector<double>& away_from) {
    if (away_from.empty()) return;
    const double along = dot(v, away_from);
    for (size_t i = 0; i < v.size(); i++) v[i] -= along * away_from[i];
}

// Step 3: the eigenvector of the symmetric d x d matrix C with the largest
// eigenvalue, returned in `v`, and that eigenvalue, vᵀ C v. When
// `orthogonal_to` is given (v_1, for the second axis), every step also
// removes v's part along it: deflation already makes it worth nothing, and
// this keeps rounding errors from bringing it back.
//
// The start is a fixed pseudo-random vector: the same every run, so the
// picture is too, and with no special direction, so it is all but surely not
// orthogonal to the eigenvector sought (from such a start the iteration
// could never reach it). It stops when a step moves v by less than 1e-10, or
// after 10,000 steps: if λ_2 is nearly λ_1, v may then still be a mix of the
// two eigenvectors, but a mix in the same plane, so the map is still right
// (if λ_3 is also nearly λ_2, which plane is "the" best one is itself unsure).
// If C v is zero, no variance is left in any direction: the eigenvalue is 0
// and any direction will do. With d = 1 there is no direction orthogonal to
// v_1: the start is (0) once v_1's part is removed, and so is the v returned.
inline double power_iteration(const std::vector<double>& C, size_t d, const std::vector<double>& orthogonal_to,
                              std::vector<double>& v) {
    Rng rng(1);
    v.assign(d, 0.0);
    for (double& v_i : v) v_i = rng.uniform(-1.0f, 1.0f);
    remove_part_along(v, orthogonal_to);
    double length = std::sqrt(dot(v, v));
    if (length == 0) return 0;  // d = 1: no second direction exists
    for (double& v_i : v) v_i /= length;

    std::vector<double> Cv(d);
    for (int step = 0; step < 10000; step++) {
        multiply(C, v, Cv);
        remove_part_along(Cv, orthogonal_to);
        length = std::sqrt(dot(Cv, Cv));
        if (length == 0) return 0;  // C v = 0: nothing left to find
        double moved = 0;
        for (size_t a = 0; a < d; a++) {
            const double next = Cv[a] / length;
            moved += (next - v[a]) * (next - v[a]);
            v[a] = next;
        }
        if (moved < 1e-20) break;  // moved by less than 1e-10
    }
    multiply(C, v, Cv);
    return dot(v, Cv);  // vᵀ C v
}

// An eigenvector's sign is arbitrary (-v serves as well as v). We choose the
// one whose largest entry is positive, so the map does not flip over between
// two runs that differ in the last bits.
inline void fix_sign(std::vector<double>& v) {
    size_t largest = 0;
    for (size_t a = 0; a < v.size(); a++)
        if (std::fabs(v[a]) > std::fabs(v[largest])) largest = a;
    if (!v.empty() && v[largest] < 0)
        for (double& v_a : v) v_a = -v_a;
}

// Steps 1 to 5 for the rows of `points` (m, d).
//
// Points whose spread is below a millionth of their length (a variance below
// 1e-12 of their mean squared length) are refused, as all in one place: a
// millionth is 8 to 17 units in the last place of a float (a float's spacing
// is 2^-24 to 2^-23 of its size), so such points differ by a few roundings at
// most (two vectors pointing the same way, scaled to length 1, differ so),
// and a map would show only that noise. And since C' has no negative
// eigenvalues, a λ_2 below 0 (such as -5e-31) is rounding too: 0.
inline PrincipalComponents principal_components(const Matrix& points) {
    const size_t m = points.rows, d = points.cols;
    PrincipalComponents pc;
    std::vector<double> C = covariance(points, pc.mean);  // (d, d)
    double mean_squared_length = 0;
    for (float x : points.data) mean_squared_length += static_cast<double>(x) * x / static_cast<double>(m);
    for (size_t a = 0; a < d; a++) pc.total_variance += C[a * d + a];
    if (!(pc.total_variance > 1e-12 * mean_squared_length))
        throw std::runtime_error("the words to plot all have the same vector: there is nothing to map");

    pc.variance[0] = power_iteration(C, d, {}, pc.axis[0]);
    fix_sign(pc.axis[0]);
    for (size_t a = 0; a < d; a++)  // deflation: C' = C - λ_1 v_1 v_1ᵀ
        for (size_t b = 0; b < d; b++) C[a * d + b] -= pc.variance[0] * pc.axis[0][a] * pc.axis[0][b];
    pc.variance[1] = std::max(0.0, power_iteration(C, d, pc.axis[0], pc.axis[1]));
    fix_sign(pc.axis[1]);

    std::vector<double> x(d);
    for (size_t r = 0; r < m; r++) {
        for (size_t a = 0; a < d; a++) x[a] = points(r, a) - pc.mean[a];
        pc.x.push_back(dot(x, pc.axis[0]));
        pc.y.push_back(dot(x, pc.axis[1]));
    }
    return pc;
}

// ---- the words to map, in groups ----------------------------------------------
//
// -plot-list names the words to map: "king queen dog cat", or groups of them
// separated by "|", each of which may start with a name and a colon, for the
// legend:
//     "royalty: king queen prince | animals: dog cat horse | red green"
// is three groups, "royalty", "animals" and "group 3", each drawn in its own
// colour. A group's name is the text before its first colon that ends a word,
// so "12:30" is a word and "big cats:" a name. A list without "|" is one
// group and has no name (a word may then end in a colon, as "re:" does in
// GloVe): the map has one colour and no legend, as it had before groups.

struct PlotGroup {
    std::string name;                // the legend's label: "royalty", or "group 2" for a group without a name
    std::vector<std::string> words;  // as typed
};

// The groups of -plot-list's text. An empty group, a name without words, or
// more groups than there are colours is a UsageError.
inline std::vector<PlotGroup> parse_plot_list(const std::string& text) {
    if (text.find('|') == std::string::npos) return {PlotGroup{"", split_on_spaces(text)}};
    std::vector<PlotGroup> groups;
    for (size_t start = 0, bar = 0; bar != std::string::npos; start = bar + 1) {
        bar = text.find('|', start);
        std::string part = text.substr(start, bar == std::string::npos ? std::string::npos : bar - start);
        const std::string number = std::to_string(groups.size() + 1);
        std::string name;  // the words before the colon, joined by single spaces
        for (size_t c = 0; c < part.size(); c++) {
            if (part[c] != ':' || (c + 1 < part.size() && !is_space(part[c + 1]) && part[c + 1] != '\n')) continue;
            for (const std::string& word : split_on_spaces(part.substr(0, c))) name += (name.empty() ? "" : " ") + word;
            part.erase(0, c + 1);
            break;
        }
        const std::vector<std::string> words = split_on_spaces(part);
        if (words.empty() && name.empty())
            throw UsageError("-plot-list: group " + number + " is empty; put words between each two '|'");
        if (words.empty()) throw UsageError("-plot-list: the group '" + name + "' has a name but no words");
        groups.push_back(PlotGroup{name.empty() ? "group " + number : name, words});
    }
    if (groups.size() > max_groups)
        throw UsageError("-plot-list: " + std::to_string(groups.size()) + " groups; the map has colours for " +
                         std::to_string(max_groups));
    return groups;
}

// The words to map: their rows in the vectors, and each one's group.
struct MapWords {
    std::vector<size_t> rows;
    std::vector<size_t> group;             // (rows.size()) each row's group; empty for a list without groups
    std::vector<std::string> group_names;  // the legend's labels; empty likewise
};

// Looks up each word of the groups in `words` (find_word: exactly, else
// ignoring case). An unknown word, or one that comes twice, is an error.
inline MapWords map_words(const std::vector<PlotGroup>& groups, const std::vector<std::string>& words) {
    MapWords map;
    for (size_t g = 0; g < groups.size(); g++) {
        for (const std::string& word : groups[g].words) {
            const size_t row = find_word(words, word);
            if (row == words.size()) {
                const std::vector<std::string> nearest = nearest_spelled(word, words, 3);
                throw std::runtime_error("-plot-list: '" + word + "' is not in the vocabulary" +
                                         (nearest.empty() ? "" : "; nearest spelled: " + comma_list(nearest)));
            }
            if (std::find(map.rows.begin(), map.rows.end(), row) != map.rows.end())
                throw std::runtime_error("-plot-list: '" + word + "' is the word '" + words[row] + "' again");
            map.rows.push_back(row);
            if (groups.size() > 1) map.group.push_back(g);
        }
        if (groups.size() > 1) map.group_names.push_back(groups[g].name);
    }
    return map;
}

// "20.1%", for the axis labels and the printed summary.
inline std::string share_text(double part, double whole) { return fixed(100.0 * part / whole, 1) + "%"; }

// The picture: the chosen rows' unit vectors on their first two principal
// components, each point labelled with its word, and with groups (one per
// row, and their names) each group in its colour. The first of `rows` get the
// best label places: the most frequent words, or -plot-list's in its order.
inline PrincipalComponents draw_map(const WordVectors& v, const std::vector<size_t>& rows, const std::string& title,
                                    const std::string& path, const std::vector<size_t>& group = {},
                                    const std::vector<std::string>& group_names = {}) {
    const Matrix unit = unit_rows(v.vectors);
    Matrix points(rows.size(), unit.cols);  // (m, d)
    for (size_t r = 0; r < rows.size(); r++)
        std::copy(unit.row(rows[r]), unit.row(rows[r]) + unit.cols, points.row(r));
    PrincipalComponents pc = principal_components(points);

    ScatterPlot plot;
    plot.title = title;
    plot.x_label = "first principal component: " + share_text(pc.variance[0], pc.total_variance) + " of the variance";
    plot.y_label = "second principal component: " + share_text(pc.variance[1], pc.total_variance) + " of the variance";
    for (size_t r = 0; r < rows.size(); r++) plot.labels.push_back(v.words[rows[r]]);
    plot.x = pc.x;
    plot.y = pc.y;
    plot.group = group;
    plot.group_names = group_names;
    save_svg(path, scatter_plot_svg(plot));
    return pc;
}
