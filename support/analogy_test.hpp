// analogy_test.hpp - scoring word vectors on an analogy test file such as
// questions-words.txt, for ./word2vec -analogy-file.
//
// Used by word2vec.cpp (through word2vec_program.hpp). It relies on the
// lesson's section 8 having been seen before it is included: Neighbour,
// nearest and analogy_query, which answer one question; this file reads the
// file of questions and counts the answers that are right.

#pragma once

#include "../matrix.hpp"
#include "io.hpp"

#include <algorithm>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

// An analogy test file: lines ": section-name", then questions "a b c d"
// meaning a : b :: c : d, as in questions-words.txt.
struct AnalogySection {
    std::string name;
    std::vector<std::vector<std::string>> questions;  // each {a, b, c, d}
};

inline std::vector<AnalogySection> read_analogy_file(const std::string& path) {
    std::vector<AnalogySection> sections;
    TokenReader in(path);
    std::string word;
    size_t questions = 0;
    while (next_row_word(in, word)) {
        std::string where = in.where();
        std::vector<std::string> line = rest_of_line(in);
        line.insert(line.begin(), word);
        if (word[0] == ':') {
            std::string name = word.size() > 1 ? word.substr(1) : (line.size() > 1 ? line[1] : "");
            if (name.empty()) throw std::runtime_error(where + ": a section line ':' needs a name");
            sections.push_back({name, {}});
            continue;
        }
        if (sections.empty())
            throw std::runtime_error(where + ": a question before the first section line (': name')");
        if (line.size() != 4)
            throw std::runtime_error(where + ": expected a question of 4 words (a b c d) but found " +
                                     std::to_string(line.size()));
        sections.back().questions.push_back(line);
        questions++;
    }
    if (questions == 0) throw std::runtime_error(path + ": no analogy questions in the file");
    return sections;
}

struct SectionScore {
    std::string name;
    size_t correct = 0;   // answered right
    size_t asked = 0;     // all four words known: the question could be asked
    size_t total = 0;     // questions in the file
};

// Scores the analogy questions as the original compute-accuracy.c does: only
// the `restrict_rows` most frequent words take part (the first rows of the
// file); a question counts only if all four of its words are among them
// (coverage = asked / total); words are compared without case (it upper-cases
// both the vocabulary and the questions; we fold A-Z to lowercase, which
// matches the same words), each question word standing for the most frequent
// row spelled so; and the question is right if d is the word most similar to
// b - a + c other than those rows of a, b and c. On top of that, gensim's
// evaluate_word_analogies' refinement: a case variant of a, b or c in another
// row ("King" for "king") is not an answer either; of the 5 most similar
// words, the first that is none of a, b and c in any case is the answer.
inline std::vector<SectionScore> score_analogies(const std::vector<AnalogySection>& sections,
                                                 const std::vector<std::string>& words, const Matrix& unit,
                                                 size_t restrict_rows) {
    const size_t rows = std::min(restrict_rows, words.size());
    std::unordered_map<std::string, size_t> id;  // lowercase word -> the most frequent row with it
    for (size_t r = 0; r < rows; r++) id.emplace(lowercase(words[r]), r);

    std::vector<SectionScore> scores;
    for (const AnalogySection& section : sections) {
        SectionScore score{section.name, 0, 0, section.questions.size()};
        for (const std::vector<std::string>& question : section.questions) {
            std::string word[4];  // a, b, c, d in lowercase
            size_t ids[4];
            bool known = true;
            for (size_t k = 0; k < 4 && known; k++) {
                word[k] = lowercase(question[k]);
                auto found = id.find(word[k]);
                known = found != id.end();
                if (known) ids[k] = found->second;
            }
            if (!known) continue;
            score.asked++;
            std::vector<float> query = analogy_query(unit, ids[0], ids[1], ids[2]);
            for (const Neighbour& candidate : nearest(unit, query, 5, rows, {ids[0], ids[1], ids[2]})) {
                const std::string answer = lowercase(words[candidate.id]);
                if (answer == word[0] || answer == word[1] || answer == word[2]) continue;
                if (answer == word[3]) score.correct++;
                break;
            }
        }
        scores.push_back(score);
    }
    return scores;
}
