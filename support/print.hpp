// print.hpp - tables and terminal heat maps, for the programs' output.
//
// Used by attention (its walkthroughs print every matrix as a table, and
// the attention weights as shades) and by the tests. None of it is part of
// the lesson: it only turns numbers into lines of text.

#pragma once

#include "../matrix.hpp"

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

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

// How many characters (Unicode code points) a line holds: its UTF-8 bytes that
// start a character. On screen that is its width in columns for the shade
// characters and the words of the corpus (not for a wide character such as 王).
size_t display_width(const std::string& line) {
    size_t width = 0;
    for (char c : line) width += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return width;
}

// The attention weights as shades, one column per word, over the whole range
// from 0 to 1: blank below 0.05, then ░ ▒ ▓ from 0.05, 0.25 and 0.5, and a full
// block from 0.75, so that a word drawing 0.43 of its weight from another
// looks different from one drawing all of it. (A row that attends to all its
// k words equally gives each 1/k: 1 in the first row under the causal mask,
// 0.5 in the second, 0.33 in the third.)
std::string heat_map(const Matrix& weights, const std::vector<std::string>& words) {
    static const char* const shades[] = {" ", "\u2591", "\u2592", "\u2593", "\u2588"};  // ' ' ░ ▒ ▓ █
    static const float from[] = {0.0f, 0.05f, 0.25f, 0.5f, 0.75f};                      // where each begins
    size_t label_width = 0;
    for (const std::string& word : words) label_width = std::max(label_width, display_width(word));

    std::string out = std::string(label_width, ' ');
    for (const std::string& word : words) out += " " + word;
    out += "\n";
    for (size_t i = 0; i < weights.rows; i++) {
        out += words[i] + std::string(label_width - display_width(words[i]), ' ');
        for (size_t j = 0; j < weights.cols; j++) {
            int level = 0;
            while (level < 4 && weights(i, j) >= from[level + 1]) level++;
            out += " ";
            for (size_t k = 0; k < display_width(words[j]); k++) out += shades[level];
        }
        out += "\n";
    }
    out += "(blank < 0.05 <= \u2591 < 0.25 <= \u2592 < 0.5 <= \u2593 < 0.75 <= \u2588)\n";
    return out;
}

// The lines of a text, without their '\n'.
std::vector<std::string> split_lines(const std::string& text) {
    std::vector<std::string> lines;
    size_t start = 0;
    while (start < text.size()) {
        size_t end = std::min(text.find('\n', start), text.size());
        lines.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return lines;
}

// Two blocks of text next to each other, line by line, with their titles on top.
std::string side_by_side(const std::string& left_title, const std::string& left, const std::string& right_title,
                         const std::string& right) {
    std::vector<std::string> a = split_lines(left_title + "\n" + left), b = split_lines(right_title + "\n" + right);
    size_t width = 0;
    for (const std::string& line : a) width = std::max(width, display_width(line));
    std::string out;
    for (size_t i = 0; i < std::max(a.size(), b.size()); i++) {
        std::string line = i < a.size() ? a[i] : "";
        if (i < b.size()) line += std::string(width + 4 - display_width(line), ' ') + b[i];
        out += line + "\n";
    }
    return out;
}

std::string format_vector(const float* values, size_t n) {
    std::string out = "[";
    char number[32];
    for (size_t c = 0; c < n; c++) {
        std::snprintf(number, sizeof number, "%s%.4f", c ? ", " : "", static_cast<double>(values[c]));
        out += number;
    }
    return out + "]";
}

