// spelling.hpp - words a program does not know: which known words are
// spelled most like them, and the whole vocabulary printed for a reader.
//
// Both programs use it. When a typed word has no vector ("quen"), attention
// leaves it out and word2vec's -neighbours skips it, and each names the known
// words spelled nearest ("queen, hen, ten"), so that a typo is easy to
// fix; -print-vocabulary shows every word there is to choose from.
//
//   edit_distance    the Levenshtein distance between two words
//   nearest_spelled  the few words of a vocabulary closest to a word by it
//   comma_list       "queen, hen, ten", for the messages
//   vocabulary_text  the words, space-separated, wrapped at 80 columns
//
// What is left out on purpose: distances in Unicode characters (we count
// bytes, so a letter outside ASCII, two or more bytes in UTF-8, counts as
// two or more edits), transpositions as one edit ("teh" is two edits from
// "the"), and any index that would make a search faster than comparing the
// word with every word of the vocabulary.

#pragma once

#include "io.hpp"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

// ---- the edit distance -------------------------------------------------------
//
// The Levenshtein distance between a and b (Levenshtein 1965): the fewest
// edits that turn a into b, where an edit inserts one byte, deletes one, or
// replaces one by another. With D(i, j) the distance between the first i
// bytes of a and the first j bytes of b (Wagner and Fischer 1974):
//
//     D(i, 0) = i,  D(0, j) = j                  (delete i bytes, or insert j)
//     D(i, j) = min( D(i-1, j) + 1,              delete a[i-1]
//                    D(i, j-1) + 1,              insert b[j-1]
//                    D(i-1, j-1) + (a[i-1] != b[j-1] ? 1 : 0) )   replace it, or keep it if equal
//
// and the distance is D(|a|, |b|). Row i needs only row i-1, so two rows of
// |b| + 1 numbers are kept, not the whole table.
//
// Worked example, "quen" to "queen": the rows for q, u, e, n over "" q u e e n:
//     ""  0 1 2 3 4 5
//     q   1 0 1 2 3 4
//     u   2 1 0 1 2 3
//     e   3 2 1 0 1 2
//     n   4 3 2 1 1 1      distance 1: insert an "e"
inline size_t edit_distance(const std::string& a, const std::string& b) {
    std::vector<size_t> previous(b.size() + 1), current(b.size() + 1);  // rows i-1 and i of D
    for (size_t j = 0; j <= b.size(); j++) previous[j] = j;
    for (size_t i = 1; i <= a.size(); i++) {
        current[0] = i;
        for (size_t j = 1; j <= b.size(); j++) {
            const size_t replace = previous[j - 1] + (a[i - 1] != b[j - 1] ? 1 : 0);
            current[j] = std::min({previous[j] + 1, current[j - 1] + 1, replace});
        }
        std::swap(previous, current);
    }
    return previous[b.size()];
}

// ---- the nearest spelled words -----------------------------------------------

// An unknown word longer than this gets no suggestions: no English word is
// that long (a longer "word" is a pasted line or a run of keys), and the time
// it takes to compare a word with every word of a vectors file grows with its
// length (against 400,000 words, 0.3 s for a word of 64 bytes, so some
// minutes for the 100,000 bytes of a pasted file).
constexpr size_t max_spelled_bytes = 64;

// Up to `count` words of `vocabulary` with the smallest edit distance to
// `word`, nearest first; among words at the same distance, those earlier in
// the vocabulary (the more frequent, in a vectors file) come first. Case is
// ignored, as find_word ignores it: "Quen" is 1 from "queen".
//
// The distance between two words is at least the difference of their
// lengths (each byte more needs an insertion), so once `count` words are
// found, a word whose length differs by at least the farthest one's distance
// cannot be nearer, and is skipped without computing its distance.
inline std::vector<std::string> nearest_spelled(const std::string& word, const std::vector<std::string>& vocabulary,
                                                size_t count = 3) {
    if (word.size() > max_spelled_bytes || count == 0) return {};
    const std::string wanted = lowercase(word);
    std::vector<std::pair<size_t, size_t>> best;  // (distance, row), nearest first, at most `count`
    for (size_t row = 0; row < vocabulary.size(); row++) {
        const std::string& candidate = vocabulary[row];
        const size_t length_gap = candidate.size() > wanted.size() ? candidate.size() - wanted.size()
                                                                   : wanted.size() - candidate.size();
        if (best.size() == count && length_gap >= best.back().first) continue;
        const size_t distance = edit_distance(wanted, lowercase(candidate));
        if (best.size() == count && distance >= best.back().first) continue;  // a tie keeps the earlier word
        // insert after every word at most as far: the earlier of two equals stays first
        auto place = std::upper_bound(best.begin(), best.end(), std::make_pair(distance, row));
        best.insert(place, {distance, row});
        if (best.size() > count) best.pop_back();
    }
    std::vector<std::string> words;
    for (const auto& [distance, row] : best) words.push_back(vocabulary[row]);
    return words;
}

// "queen, hen, ten"
inline std::string comma_list(const std::vector<std::string>& words) {
    std::string text;
    for (const std::string& word : words) text += (text.empty() ? "" : ", ") + word;
    return text;
}

// ---- the whole vocabulary ----------------------------------------------------

// The words in their order, separated by spaces, as lines of at most `width`
// columns (a word longer than that has a line of its own). A column is a
// character: a UTF-8 byte that starts one.
inline std::string vocabulary_text(const std::vector<std::string>& words, size_t width = 80) {
    auto columns = [](const std::string& text) {
        size_t n = 0;
        for (char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
        return n;
    };
    std::string text;
    size_t line_width = 0;  // of the line being filled
    for (const std::string& word : words) {
        const size_t w = columns(word);
        if (line_width > 0 && line_width + 1 + w > width) {
            text += "\n";
            line_width = 0;
        }
        if (line_width > 0) {
            text += " ";
            line_width++;
        }
        text += word;
        line_width += w;
    }
    return text.empty() ? text : text + "\n";
}
