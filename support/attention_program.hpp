// attention_program.hpp - what makes attention.cpp's lesson a program: reading
// word vectors and a corpus, the weights file, printing every step, pictures,
// and the command line (attention_main).
//
// Used by attention.cpp only, and included at its end, after the lesson: the
// code here calls the lesson's functions (self_attention, train_next_word,
// ...) and types (NextWordModel, ...), which must be declared before it.
// Nothing here is needed to understand attention; a student can skip it.

#pragma once

#include "../matrix.hpp"
#include "cli.hpp"
#include "io.hpp"
#include "print.hpp"
#include "spelling.hpp"
#include "svg.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <limits>
#include <new>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

// The trained layer predicts at most this many different words (the most
// frequent ones): the output layer costs d_model x n_vocab numbers and n_vocab
// exps per predicted word.
constexpr size_t max_vocabulary = 2000;
// Longer lines are split into sentences of this many words (attention costs n^2).
constexpr size_t max_sentence_words = 100;

// ---- word vectors ---------------------------------------------------------
//
// A word vector file has one row per word: the word, then d_model numbers
// (io.hpp reads the word2vec text format, GloVe's header-less variant and
// word2vec's binary format). A pretrained file can hold 400,000 words, so we
// keep only the rows whose word we need.

WordVectors load_vectors_for(const std::string& path, const std::vector<std::string>& words) {
    RowFilter filter;
    for (const std::string& word : words) filter.lowercase_words.insert(lowercase(word));
    return read_word_vectors(path, filter);
}

// ---- a typed sentence as X -------------------------------------------------
//
// A sentence as people type it, "The queen fed her dog.", is split into words
// and punctuation marks: The queen fed her dog . (split_sentence, io.hpp).
// Files such as GloVe have vectors for "." and ","; ours, trained on a corpus
// without punctuation, do not. A token without a vector is left out, and the
// program says so; for a word it also names the known words spelled nearest
// (spelling.hpp), since a word the file lacks may well be a typo; with
// make run's vectors.txt:
//     (left out 'quen': no vector; nearest spelled: queen, hen, ten)
// Only a sentence with no word left at all is an error.

// A token of a typed sentence that was left out.
struct LeftOut {
    std::string token;
    std::vector<std::string> nearest_spelled;  // a word's nearest spelled known words; a mark has none
};

// The tokens of a sentence that are in a vocabulary, and those that are not.
struct KnownTokens {
    std::vector<std::string> words;  // the tokens found, in the sentence's order
    std::vector<size_t> rows;        // their rows in the vocabulary
    std::vector<LeftOut> left_out;   // the others, without their nearest spelled words yet
};

// Each token is looked up exactly first, then ignoring case ("The" finds
// "the"; find_word is in io.hpp).
KnownTokens known_tokens(const std::vector<std::string>& tokens, const std::vector<std::string>& vocabulary) {
    KnownTokens known;
    for (const std::string& token : tokens) {
        const size_t row = find_word(vocabulary, token);
        if (row == vocabulary.size()) {
            known.left_out.push_back(LeftOut{token, {}});
        } else {
            known.words.push_back(token);
            known.rows.push_back(row);
        }
    }
    return known;
}

// Are any of the tokens left out words, not punctuation marks?
bool any_word(const std::vector<LeftOut>& left_out) {
    for (const LeftOut& token : left_out)
        if (!is_punctuation(token.token)) return true;
    return false;
}

// Names, for each word left out, the three words of `vocabulary` spelled most like it.
void add_nearest_spelled(std::vector<LeftOut>& left_out, const std::vector<std::string>& vocabulary) {
    for (LeftOut& token : left_out)
        if (!is_punctuation(token.token)) token.nearest_spelled = nearest_spelled(token.token, vocabulary, 3);
}

// " (left out '.' ',': no vector) (left out 'quen': no vector; nearest
// spelled: queen, hen, ten)", or nothing: the marks together, then each
// word with its nearest spelled words; `why` says why they were left out.
std::string left_out_note(const std::vector<LeftOut>& left_out, const std::string& why) {
    std::string marks, words;
    for (const LeftOut& token : left_out) {
        if (is_punctuation(token.token)) {
            marks += (marks.empty() ? "'" : " '") + token.token + "'";
            continue;
        }
        words += " (left out '" + token.token + "': " + why;
        if (!token.nearest_spelled.empty()) words += "; nearest spelled: " + comma_list(token.nearest_spelled);
        words += ")";
    }
    return (marks.empty() ? "" : " (left out " + marks + ": " + why + ")") + words;
}

// Row i of X is the vector of row rows[i] of `vectors`.
Matrix sentence_matrix(const std::vector<size_t>& rows, const Matrix& vectors) {
    Matrix X(rows.size(), vectors.cols);  // (n, d_model)
    for (size_t i = 0; i < rows.size(); i++) std::copy(vectors.row(rows[i]), vectors.row(rows[i]) + vectors.cols, X.row(i));
    return X;
}

// The tokens of a typed sentence as X, with the words of its rows.
struct Sentence {
    std::vector<std::string> words;  // the words of X's rows
    std::vector<LeftOut> left_out;   // the tokens without a vector
    Matrix X;                        // (n, d_model)
};

// The file's rows for the sentence's tokens are read first; only if a word
// has none is the file read again, for the words of all its rows (without
// their numbers), to find those spelled nearest.
Sentence read_sentence(const std::vector<std::string>& tokens, const std::string& vectors_path) {
    const WordVectors vocabulary = load_vectors_for(vectors_path, tokens);
    KnownTokens known = known_tokens(tokens, vocabulary.words);
    if (any_word(known.left_out)) add_nearest_spelled(known.left_out, read_vector_words(vectors_path));
    if (known.words.empty() && !any_word(known.left_out))
        throw UsageError("--sentence: no words, only punctuation that has no vector in " + vectors_path);
    if (known.words.empty())
        throw std::runtime_error(vectors_path + ": no word of --sentence has a vector" +
                                 left_out_note(known.left_out, "no vector"));
    return Sentence{known.words, known.left_out, sentence_matrix(known.rows, vocabulary.vectors)};
}

// ---- the corpus ---------------------------------------------------------------

// The corpus's lines as words; a line longer than max_sentence_words is split
// into sentences of that many words (and the rest), so no word is dropped.
// (TokenReader, io.hpp, hands over "\n" at the end of each line.)
std::vector<std::vector<std::string>> read_sentences(const std::string& path) {
    std::vector<std::vector<std::string>> sentences(1);
    TokenReader in(path);
    std::string token;
    while (in.next(token)) {
        if (token == "\n" || sentences.back().size() == max_sentence_words) {
            if (!sentences.back().empty()) sentences.emplace_back();
            if (token == "\n") continue;
        }
        sentences.back().push_back(token);
    }
    if (sentences.back().empty()) sentences.pop_back();
    if (sentences.empty()) throw std::runtime_error(path + ": the corpus has no words");
    return sentences;
}

// The words the layer can predict: every corpus word that has a vector
// (looked up exactly, else ignoring case), most frequent first (ties in byte
// order), at most max_vocabulary of them; and their vectors.
struct Vocabulary {
    std::vector<std::string> words;  // (n_vocab) most frequent first; a word's id is its place here
    Matrix vectors;                  // (n_vocab, d_model) their word vectors, fixed
};

Vocabulary choose_vocabulary(const std::vector<std::vector<std::string>>& sentences, const std::string& vectors_path) {
    std::unordered_map<std::string, int64_t> count;
    for (const auto& sentence : sentences)
        for (const std::string& word : sentence) count[word]++;
    std::vector<std::string> distinct;
    for (const auto& entry : count) distinct.push_back(entry.first);

    const WordVectors file = load_vectors_for(vectors_path, distinct);
    std::unordered_map<std::string, size_t> row_exact, row_lowercase;  // word -> its row in `file`
    for (size_t r = 0; r < file.words.size(); r++) {
        row_exact.emplace(file.words[r], r);
        row_lowercase.emplace(lowercase(file.words[r]), r);
    }
    auto vector_row = [&](const std::string& word) {  // file.words.size() if it has none
        auto exact = row_exact.find(word);
        if (exact != row_exact.end()) return exact->second;
        auto any_case = row_lowercase.find(lowercase(word));
        return any_case != row_lowercase.end() ? any_case->second : file.words.size();
    };

    std::vector<std::pair<std::string, int64_t>> ranked;  // (word, count)
    for (const auto& [word, n] : count)
        if (vector_row(word) < file.words.size()) ranked.emplace_back(word, n);
    std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
        return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    if (ranked.size() > max_vocabulary) ranked.resize(max_vocabulary);

    Vocabulary vocabulary;
    vocabulary.vectors = Matrix(ranked.size(), file.vectors.cols);
    for (size_t w = 0; w < ranked.size(); w++) {
        vocabulary.words.push_back(ranked[w].first);
        const float* source = file.vectors.row(vector_row(ranked[w].first));
        std::copy(source, source + file.vectors.cols, vocabulary.vectors.row(w));
    }
    return vocabulary;
}

// A probe from a sentence "the S ... V his ..." (or her): the words before
// the first "his" or "her". Returns false for a sentence that is not one, or
// that has a word before the pronoun outside the vocabulary.
bool make_probe(const std::vector<std::string>& sentence, const std::unordered_map<std::string, int32_t>& id,
                Probe& probe) {
    const auto his = id.find("his"), her = id.find("her");
    if (his == id.end() || her == id.end() || sentence.size() < 3 || sentence[0] != "the") return false;
    for (size_t i = 2; i < sentence.size(); i++) {
        if (sentence[i] != "his" && sentence[i] != "her") continue;
        probe = Probe{};
        for (size_t j = 0; j < i; j++) {
            const auto word = id.find(sentence[j]);
            if (word == id.end()) return false;
            probe.words.push_back(word->second);
        }
        probe.right = sentence[i] == "his" ? his->second : her->second;
        probe.wrong = sentence[i] == "his" ? her->second : his->second;
        return true;
    }
    return false;
}

// The probes of a file, one per line (section 11.1 of attention.cpp), each
// checked: a subject and a verb that no sentence of the corpus holds together.
std::vector<Probe> read_probes(const std::string& path, const NextWordData& data) {
    const std::unordered_map<std::string, int32_t> id = word_ids(data.words);
    std::vector<Probe> probes;
    TokenReader in(path);
    std::string word;
    while (next_row_word(in, word)) {
        const std::string where = in.where();
        std::vector<std::string> line = rest_of_line(in);
        line.insert(line.begin(), word);
        Probe probe;
        if (!make_probe(line, id, probe))
            throw std::runtime_error(where + ": not a probe: expected \"the <subject> ... his ...\" (or her), "
                                             "every word before the pronoun in the layer's vocabulary");
        const int32_t subject = probe.words[probe.subject], verb = probe.words.back();
        for (const auto* part : {&data.training, &data.held_out})
            for (const std::vector<int32_t>& sentence : *part)
                if (std::find(sentence.begin(), sentence.end(), subject) != sentence.end() &&
                    std::find(sentence.begin(), sentence.end(), verb) != sentence.end())
                    throw std::runtime_error(where + ": not held out: a sentence of the corpus has both '" +
                                             data.words[static_cast<size_t>(subject)] + "' and '" +
                                             data.words[static_cast<size_t>(verb)] + "'");
        probes.push_back(probe);
    }
    if (probes.empty()) throw std::runtime_error(path + ": no probes in the file");
    return probes;
}

// The corpus file as NextWordData (section 11.1 of attention.cpp): its
// sentences as word ids, split into training and held-out sentences.
NextWordData read_next_word_data(const std::string& corpus_path, const std::string& vectors_path,
                                 const std::string& probes_path = "") {
    const std::vector<std::vector<std::string>> sentences = read_sentences(corpus_path);
    Vocabulary vocabulary = choose_vocabulary(sentences, vectors_path);
    NextWordData data = next_word_data(sentences, std::move(vocabulary.words), std::move(vocabulary.vectors));
    const size_t used = data.training.size() + data.held_out.size();
    if (data.held_out.empty())
        throw std::runtime_error(corpus_path + ": " + std::to_string(used) +
                                 " usable sentences (two words or more, every word among the " +
                                 std::to_string(max_vocabulary) + " most frequent that have a vector in " +
                                 vectors_path + "); training needs at least 10, one of them held out");
    if (!probes_path.empty()) data.probes = read_probes(probes_path, data);
    return data;
}

// ---- the weights file -----------------------------------------------------------------
//
// The trained layer is saved as plain text, so a student can open it and look:
//
//     attention-weights 1            the format and its version
//     d_model 24                     numbers per word vector
//     d_k 8                          numbers per query, key and value
//     heads 4
//     positions 0                    1 if positional encodings are added
//     vocabulary 345                 then one word per line: the words it predicts, column by column of W_out
//     the
//     ...
//     W_q 1                          then d_model lines of d_k numbers; likewise W_k 1, W_v 1, W_q 2, ...
//     W_o                            H d_k lines of d_model numbers
//     W_out                          d_model lines of n_vocab numbers
//     b_out                          one line of n_vocab numbers
//
// Nine significant digits give back exactly the same float. It is written
// through OutputFile (io.hpp), so an existing file is replaced only by a
// complete one, and read back with every problem named by file:line.

struct TrainedLayer {
    NextWordModel model;
    std::vector<std::string> words;  // (n_vocab)
};

void write_matrix_rows(std::FILE* out, const std::string& title, const Matrix& M) {
    std::fprintf(out, "%s\n", title.c_str());
    for (size_t r = 0; r < M.rows; r++) {
        for (size_t c = 0; c < M.cols; c++) std::fprintf(out, c ? " %.9g" : "%.9g", static_cast<double>(M(r, c)));
        std::fputc('\n', out);
    }
}

void save_weights(const std::string& path, const NextWordModel& model, const std::vector<std::string>& words) {
    OutputFile file(path);
    std::FILE* out = file.stream();
    std::fprintf(out, "attention-weights 1\nd_model %zu\nd_k %zu\nheads %zu\npositions %d\nvocabulary %zu\n",
                 model.W_out.rows, model.Wq[0].cols, model.Wq.size(), model.positions ? 1 : 0, words.size());
    for (const std::string& word : words) std::fprintf(out, "%s\n", word.c_str());
    for (size_t h = 0; h < model.Wq.size(); h++) {
        const std::string head = " " + std::to_string(h + 1);
        write_matrix_rows(out, "W_q" + head, model.Wq[h]);
        write_matrix_rows(out, "W_k" + head, model.Wk[h]);
        write_matrix_rows(out, "W_v" + head, model.Wv[h]);
    }
    write_matrix_rows(out, "W_o", model.Wo);
    write_matrix_rows(out, "W_out", model.W_out);
    write_matrix_rows(out, "b_out", model.b_out);
    file.commit();
}

// Reads the file line by line; every error names file:line.
class WeightsReader {
public:
    explicit WeightsReader(const std::string& path) : in_(path) {}

    // The words of the next line that has any (blank lines are skipped).
    std::vector<std::string> line() {
        std::string word;
        if (!next_row_word(in_, word)) throw std::runtime_error(in_.where() + ": the file ends early; " + expected_);
        where_ = in_.where();
        std::vector<std::string> words = rest_of_line(in_);
        words.insert(words.begin(), word);
        return words;
    }

    // A line "name" or "name value", exactly.
    void expect(const std::vector<std::string>& wanted) {
        expected_ = "expected '" + join(wanted) + "'";
        if (line() != wanted) fail(expected_);
    }

    // A line "name <number>" with the number in [min, max].
    size_t count(const std::string& name, size_t min, size_t max) {
        expected_ = "expected '" + name + " <number>'";
        std::vector<std::string> words = line();
        unsigned long long value = 0;
        if (words.size() != 2 || words[0] != name || !parse_count(words[1], value))
            fail(expected_ + " but found '" + join(words) + "'");
        if (value < min || value > max)
            fail(name + " " + words[1] + " is out of range; expected " + std::to_string(min) + " to " + std::to_string(max));
        return static_cast<size_t>(value);
    }

    // A line with exactly one word.
    std::string word() {
        expected_ = "expected a word of the vocabulary";
        std::vector<std::string> words = line();
        if (words.size() != 1) fail("expected one word per line but found " + std::to_string(words.size()));
        return words[0];
    }

    // `rows` lines of `cols` finite numbers, after the title line.
    Matrix matrix(const std::vector<std::string>& title, size_t rows, size_t cols) {
        expect(title);
        Matrix M(0, cols);
        for (size_t r = 0; r < rows; r++) {
            expected_ = "expected row " + std::to_string(r + 1) + " of " + join(title);
            std::vector<std::string> numbers = line();
            if (numbers.size() != cols)
                fail("expected " + std::to_string(cols) + " numbers in row " + std::to_string(r + 1) + " of " +
                     join(title) + " but found " + std::to_string(numbers.size()));
            for (const std::string& text : numbers) M.data.push_back(parse_vector_number(text, where_, join(title)));
            M.rows++;
        }
        return M;
    }

    void expect_end() {
        std::string word;
        if (next_row_word(in_, word)) {
            where_ = in_.where();
            fail("unexpected '" + word + "' after the last row of b_out");
        }
    }

    [[noreturn]] void fail(const std::string& what) const { throw std::runtime_error(where_ + ": " + what); }

private:
    static std::string join(const std::vector<std::string>& words) {
        std::string text;
        for (const std::string& w : words) text += (text.empty() ? "" : " ") + w;
        return text;
    }

    TokenReader in_;
    std::string where_;
    std::string expected_;
};

TrainedLayer load_weights(const std::string& path) {
    WeightsReader in(path);
    in.expect({"attention-weights", "1"});
    const size_t d_model = in.count("d_model", 1, max_vector_dim);
    const size_t d_k = in.count("d_k", 1, 4096);
    const size_t H = in.count("heads", 1, 64);
    const size_t positions = in.count("positions", 0, 1);
    const size_t n_vocab = in.count("vocabulary", 1, max_vocabulary);

    TrainedLayer layer;
    std::unordered_map<std::string, size_t> seen;
    for (size_t w = 0; w < n_vocab; w++) {
        layer.words.push_back(in.word());
        if (!seen.emplace(layer.words.back(), w).second) in.fail("the word '" + layer.words.back() + "' comes twice");
    }
    NextWordModel& model = layer.model;
    for (size_t h = 0; h < H; h++) {
        const std::string head = std::to_string(h + 1);
        model.Wq.push_back(in.matrix({"W_q", head}, d_model, d_k));
        model.Wk.push_back(in.matrix({"W_k", head}, d_model, d_k));
        model.Wv.push_back(in.matrix({"W_v", head}, d_model, d_k));
    }
    model.Wo = in.matrix({"W_o"}, H * d_k, d_model);
    model.W_out = in.matrix({"W_out"}, d_model, n_vocab);
    model.b_out = in.matrix({"b_out"}, 1, n_vocab);
    model.positions = positions == 1;
    in.expect_end();
    return layer;
}


// ---- showing it ---------------------------------------------------------------------
//
// The walkthroughs compute everything before they print anything, so that an
// error (an overflow, a sentence without a known word) is reported without
// half a walkthrough before it. (--train prints its progress as it goes.)
// Tables and terminal heat maps come from print.hpp, SVG pictures from svg.hpp.

// "her 0.62  his 0.21  the 0.05"
std::string format_predictions(const std::vector<Prediction>& predictions, const std::vector<std::string>& words) {
    std::string out;
    for (const Prediction& p : predictions)
        out += (out.empty() ? "" : "  ") + words[p.word] + " " + fixed(static_cast<double>(p.probability), 2);
    return out;
}

bool all_finite(const Matrix& M) {
    for (float x : M.data)
        if (!std::isfinite(x)) return false;
    return true;
}

// Word vectors with huge entries overflow: a product of two numbers above
// about 1.8e19 is beyond the largest float (3.4e38), in Q, K and V or in the
// scores, where a row of -inf would look fully masked.
void check_finite(const MultiHeadAttention& multi, bool causal, const std::string& vectors_path) {
    bool finite = all_finite(multi.output);
    for (const Attention& head : multi.heads) {
        finite = finite && all_finite(head.Q) && all_finite(head.K) && all_finite(head.V) && all_finite(head.context);
        for (size_t i = 0; i < head.scores.rows; i++)
            for (size_t j = 0; j < head.scores.cols; j++)
                if (!causal || j <= i) finite = finite && std::isfinite(head.scores(i, j));
    }
    if (!finite) throw std::runtime_error(vectors_path + ": the word vectors are so large that the computation overflows");
}

// Steps 4 to 8 of one head, in the order they run.
void print_head(const Attention& a, const std::vector<std::string>& words, bool causal) {
    std::printf("4. Queries, keys and values: Q = X W_q, K = X W_k, V = X W_v\n\n");
    std::printf("%s\n", format_matrix("Q", a.Q, words).c_str());
    std::printf("%s\n", format_matrix("K", a.K, words).c_str());
    std::printf("%s\n", format_matrix("V", a.V, words).c_str());
    std::printf("5. Attention scores: Q K^T / sqrt(d_k), with sqrt(d_k) = %.4f\n",
                std::sqrt(static_cast<double>(a.Q.cols)));
    if (causal) std::printf("6. The causal mask: -inf above the diagonal, where a word would see a later word\n");
    std::printf("\n%s\n", format_matrix("scores", a.scores, words, words).c_str());
    std::printf("7. Attention weights: softmax of each row of the scores (each row sums to 1)\n\n");
    std::printf("%s\n", format_matrix("weights", a.weights, words, words).c_str());
    std::printf("%s\n", heat_map(a.weights, words).c_str());
    std::printf("8. Context vectors: weights V, one row per word\n\n");
    std::printf("%s\n", format_matrix("context", a.context, words).c_str());
}

// The heads, one after the other, then (with W_o) step 10.
void print_attention(const MultiHeadAttention& multi, const std::vector<std::string>& words, bool causal, bool has_wo) {
    const size_t H = multi.heads.size();
    for (size_t h = 0; h < H; h++) {
        if (H > 1) std::printf("==== head %zu of %zu ====\n\n", h + 1, H);
        print_head(multi.heads[h], words, causal);
    }
    if (has_wo) {
        std::printf("10. Multi-head: the %zu heads' context vectors side by side, times W_o (%zu x %zu)\n\n", H,
                    multi.concatenated.cols, multi.output.cols);
        std::printf("%s\n", format_matrix("heads side by side", multi.concatenated, words).c_str());
        std::printf("%s\n", format_matrix("output", multi.output, words).c_str());
    }
}

// "; after 'fetched': her 1.00, his 0.00" for a sentence with his or her
// after its second word, else nothing: what the layer predicts there.
std::string pronoun_note(const NextWordForward& f, const std::vector<int32_t>& ids, const std::vector<std::string>& words) {
    for (size_t i = 2; i < ids.size(); i++) {
        const std::string& word = words[static_cast<size_t>(ids[i])];
        if (word != "his" && word != "her") continue;
        const size_t his = find_word(words, "his"), her = find_word(words, "her");
        if (his == words.size() || her == words.size()) return "";  // a vocabulary without one of them
        return "; after '" + words[static_cast<size_t>(ids[i - 1])] + "': his " +
               fixed(static_cast<double>(f.probabilities(i - 1, his)), 2) + ", her " +
               fixed(static_cast<double>(f.probabilities(i - 1, her)), 2);
    }
    return "";
}

// One heat-map panel per head, for the SVG pictures: "head 2 of 4, <what>".
std::vector<HeatMapPanel> head_panels(const MultiHeadAttention& multi, const std::vector<std::string>& words,
                                      bool causal, const std::string& what) {
    std::vector<HeatMapPanel> panels;
    const size_t H = multi.heads.size();
    for (size_t h = 0; h < H; h++) {
        std::string title = H > 1 ? "head " + std::to_string(h + 1) + " of " + std::to_string(H) : "one head";
        if (!what.empty()) title += ", " + what;
        panels.push_back(HeatMapPanel{title, words, words, multi.heads[h].weights,
                                      causal ? causal_mask(words.size()) : std::vector<bool>{}});
    }
    return panels;
}

// The training curve: held-out loss above, accuracy below, against steps,
// with chance and the two baselines as dashed lines.
// The training loss (the mean over the steps since the point before), the
// held-out loss and accuracy, and, with probes, the agreement on them.
std::string training_curve_svg(const TrainingResult& result, const Baselines& base, const Agreement* probes) {
    Curve training{"training loss", {}, {}}, loss{"held-out loss", {}, {}}, accuracy{"held-out accuracy", {}, {}};
    Curve agreement{"probes: his/her agrees", {}, {}};
    for (const CurvePoint& point : result.curve) {
        const double step = static_cast<double>(point.step);
        if (point.step > 0) {
            training.x.push_back(step);
            training.y.push_back(point.training_loss);
        }
        loss.x.push_back(step);
        loss.y.push_back(point.held_out.loss);
        accuracy.x.push_back(step);
        accuracy.y.push_back(point.held_out.accuracy);
        agreement.x.push_back(step);
        agreement.y.push_back(point.agreement);
    }
    std::vector<ChartPanel> panels = {
        {"loss (mean -ln p of the right word)", {training, loss}, {{"chance", base.chance_loss}}},
        {"accuracy (first guess right)", {accuracy},
         {{"bigram", base.bigram_accuracy}, {"most frequent word", base.most_frequent_accuracy}}}};
    if (probes)
        panels.push_back({"share of held-out probes", {agreement},
                          {{"bigram", probes->bigram}, {"without attention", probes->without_attention}}});
    return line_chart_svg("Training the next-word layer", "training step (one sentence each)", panels);
}

// ---- the probes ---------------------------------------------------------------------

// The share as "97.5%".
std::string percent_text(double share) {
    char text[16];
    std::snprintf(text, sizeof text, "%.1f%%", 100 * share);
    return text;
}

// What the probes show: by distance, the three models' agreement and how
// often a head looks at the subject; then, for each subject and distance, the
// mean p of the right and the wrong pronoun and the mean weight on the subject;
// then the line that sums it up.
void print_probes(const NextWordData& data, const std::vector<ProbeResult>& results, const std::string& path) {
    size_t max_distance = 0;
    std::vector<std::string> subjects;  // in the order of the file
    for (const Probe& probe : data.probes) {
        max_distance = std::max(max_distance, probe.distance());
        const std::string& subject = data.words[static_cast<size_t>(probe.words[probe.subject])];
        if (std::find(subjects.begin(), subjects.end(), subject) == subjects.end()) subjects.push_back(subject);
    }
    std::vector<std::vector<ProbeResult>> by_distance(max_distance + 1);
    for (size_t k = 0; k < results.size(); k++) by_distance[data.probes[k].distance()].push_back(results[k]);

    std::printf("The relationship, on %zu held-out probes from %s: after \"the S ... V\", does the pronoun that "
                "agrees with S (his or her) get more probability than the other? Each probe pairs S with a verb V "
                "that no corpus sentence puts with S.\n\n", results.size(), path.c_str());
    std::printf("  words from S to the pronoun     ");
    for (size_t d = 0; d <= max_distance; d++)
        if (!by_distance[d].empty()) std::printf("%8zu", d);
    std::printf("\n");
    const char* rows[] = {"layer agrees", "bigram agrees", "layer without attention agrees", "a head puts >= 0.5 on S"};
    for (int row = 0; row < 4; row++) {
        std::printf("  %-32s", rows[row]);
        for (size_t d = 0; d <= max_distance; d++) {
            if (by_distance[d].empty()) continue;
            const Agreement a = agreement(by_distance[d]);
            const double share[] = {a.layer, a.bigram, a.without_attention, a.looks_at_subject};
            std::printf("%8s", percent_text(share[row]).c_str());
        }
        std::printf("\n");
    }

    std::printf("\n  mean p(right pronoun) / p(wrong), and the largest weight over the heads from V to S:\n");
    std::printf("  %-16s", "S");
    for (size_t d = 0; d <= max_distance; d++)
        if (!by_distance[d].empty()) std::printf("  %-15s", ("d = " + std::to_string(d)).c_str());
    std::printf("\n");
    for (const std::string& subject : subjects) {
        std::string label;
        for (const Probe& probe : data.probes)
            if (data.words[static_cast<size_t>(probe.words[probe.subject])] == subject)
                label = subject + " (" + data.words[static_cast<size_t>(probe.right)] + ")";
        std::printf("  %-16s", label.c_str());
        for (size_t d = 0; d <= max_distance; d++) {
            if (by_distance[d].empty()) continue;
            double right = 0, wrong = 0, weight = 0, n = 0;
            for (size_t k = 0; k < results.size(); k++) {
                const Probe& probe = data.probes[k];
                if (probe.distance() != d || data.words[static_cast<size_t>(probe.words[probe.subject])] != subject) continue;
                right += results[k].right;
                wrong += results[k].wrong;
                weight += results[k].weight_on_subject;
                n++;
            }
            char cell[32] = "-";
            if (n > 0) std::snprintf(cell, sizeof cell, "%.2f/%.2f %.2f", right / n, wrong / n, weight / n);
            std::printf("  %-15s", cell);
        }
        std::printf("\n");
    }
    const Agreement all = agreement(results);
    std::printf("\nagreement on %zu held-out probes: layer %s, bigram %s, without attention %s\n", results.size(),
                percent_text(all.layer).c_str(), percent_text(all.bigram).c_str(),
                percent_text(all.without_attention).c_str());
    std::printf("some head puts at least 0.5 of its weight on the subject in %s of them\n\n",
                percent_text(all.looks_at_subject).c_str());
}


// ---- the command line -----------------------------------------------------------------
//
// Three ways to run: (a) the walkthrough of steps 1 to 10 with random
// parameters; (b) --train, sections 11 to 14; (c) --weights, the walkthrough
// with a trained layer and its predictions. The printed steps carry the
// numbers of the sections above (9 is steps 4 to 8 together, so it is not
// printed on its own; 10 only where there is a W_o).

// The words (and punctuation marks) of a sentence, or a usage error naming the flag.
std::vector<std::string> sentence_words(const Flags& flags, const std::string& name) {
    const std::vector<std::string> words = split_sentence(flags.text(name));
    if (words.empty()) throw UsageError("--" + name + ": the sentence has no words");
    if (words.size() > max_sentence_words)
        throw UsageError("--" + name + ": " + std::to_string(words.size()) + " words; the most this shows is " +
                         std::to_string(max_sentence_words));
    return words;
}

// A picture's output file, tried now (and removed again), so that a path that
// cannot be written fails before any work is done rather than after it.
std::string picture_path(const Flags& flags, const std::string& name) {
    const std::string path = flags.file(name);
    if (!path.empty()) OutputFile try_output(path);
    return path;
}

// (a) The walkthrough with random parameters: steps 1 to 10 on --sentence.
void run_walkthrough(const Flags& flags) {
    const std::string vectors_path = flags.file("vectors");
    const std::vector<std::string> tokens = sentence_words(flags, "sentence");
    const size_t d_k = static_cast<size_t>(flags.integer("dk", 1, 4096));
    const size_t H = static_cast<size_t>(flags.integer("heads", 1, 64));
    const bool causal = flags.given("causal");
    const uint64_t seed = static_cast<uint64_t>(flags.integer("seed", 0, std::numeric_limits<long long>::max()));
    const std::string svg_path = picture_path(flags, "svg");

    // 1 and 2: the sentence as a matrix
    const Sentence sentence = read_sentence(tokens, vectors_path);
    const std::vector<std::string>& words = sentence.words;
    const Matrix& X = sentence.X;  // (n, d_model)
    const size_t d_model = X.cols;

    // 3: the parameters, drawn in a fixed order so one seed always gives the same numbers
    Rng rng(seed);
    std::vector<Matrix> Wq, Wk, Wv;
    for (size_t h = 0; h < H; h++) {
        HeadParameters head = random_head_parameters(d_model, d_k, rng);
        Wq.push_back(head.Wq);
        Wk.push_back(head.Wk);
        Wv.push_back(head.Wv);
    }

    // 4 to 10. One head is plain self-attention; more heads are joined by W_o.
    MultiHeadAttention multi;
    const float wo_limit = glorot_limit(H * d_k, d_model);
    if (H == 1) {
        multi.heads.push_back(self_attention(X, Wq[0], Wk[0], Wv[0], causal));
    } else {
        const Matrix Wo = random_matrix(H * d_k, d_model, wo_limit, rng);  // (H d_k, d_out)
        multi = multi_head_attention(X, Wq, Wk, Wv, Wo, causal);
    }
    check_finite(multi, causal, vectors_path);

    std::printf("Self-attention on \"%s\"%s%s\n", flags.text("sentence").c_str(), causal ? ", with the causal mask" : "",
                left_out_note(sentence.left_out, "no vector").c_str());
    std::printf("(The step numbers are those of attention.cpp's sections, which start at 3: 1 and 2 are the program's "
                "file reading; 6, the mask, comes only with --causal; 9 is steps 4 to 8 together; 10 only with more "
                "than one head.)\n\n");
    std::printf("1. Word vectors from %s: %zu numbers per word\n\n", vectors_path.c_str(), d_model);
    std::printf("2. The sentence as a matrix X, one row per word\n\n%s\n", format_matrix("X", X, words).c_str());
    const double limit = glorot_limit(d_model, d_k);
    std::printf("3. Learnable parameters: W_q, W_k, W_v, each %zu x %zu%s, uniform in [-%.4f, %.4f) from seed %llu "
                "(untrained)\n\n",
                d_model, d_k, H > 1 ? " per head" : "", limit, limit, static_cast<unsigned long long>(seed));
    print_attention(multi, words, causal, H > 1);
    // One head's result is its context vectors; several heads' is their joined output (step 10).
    const Matrix& result = H == 1 ? multi.heads[0].context : multi.output;
    const char* name = H == 1 ? "Context vector" : "Multi-head output";
    for (size_t i = 0; i < words.size(); i++)
        std::printf("%s for word '%s': %s\n", name, words[i].c_str(), format_vector(result.row(i), result.cols).c_str());

    if (!svg_path.empty()) {
        save_svg(svg_path, attention_heat_map_svg(head_panels(multi, words, causal, causal ? "causal mask" : "no mask"),
                                                  "Attention weights on \"" + flags.text("sentence") + "\" (untrained, seed " +
                                                      std::to_string(seed) + ")"));
        std::printf("\ndrew the attention weights in %s\n", svg_path.c_str());
    }
}

// A typed sentence in the trained layer's vocabulary: its tokens outside it
// are left out, each word with the vocabulary's words spelled nearest. A
// sentence with no word left is an error naming the flag and, in `source`,
// the files the vocabulary came from.
struct LayerSentence {
    std::vector<std::string> words;  // the tokens kept
    std::vector<int32_t> ids;        // their ids in the vocabulary
    std::vector<LeftOut> left_out;
};

LayerSentence layer_sentence(const std::vector<std::string>& tokens, const std::vector<std::string>& vocabulary,
                             const std::string& flag, const std::string& source) {
    KnownTokens known = known_tokens(tokens, vocabulary);
    add_nearest_spelled(known.left_out, vocabulary);
    std::string typed;  // the tokens as one line, for the messages
    for (const std::string& token : tokens) typed += (typed.empty() ? "" : " ") + token;
    if (known.words.empty() && !any_word(known.left_out))
        throw UsageError("--" + flag + " \"" + typed + "\": no words, only punctuation that is not in the layer's vocabulary");
    if (known.words.empty())
        throw std::runtime_error("--" + flag + " \"" + typed + "\": no word is in the layer's vocabulary (" + source + ")" +
                                 left_out_note(known.left_out, "not in the layer's vocabulary"));
    LayerSentence sentence{known.words, {}, known.left_out};
    for (size_t row : known.rows) sentence.ids.push_back(static_cast<int32_t>(row));
    return sentence;
}

// The prompts of --prompts: sentences separated by commas.
std::vector<std::vector<std::string>> prompt_list(const Flags& flags) {
    std::vector<std::vector<std::string>> prompts;
    std::string text = flags.text("prompts") + ",";
    for (size_t start = 0, comma; (comma = text.find(',', start)) != std::string::npos; start = comma + 1) {
        std::vector<std::string> words = split_sentence(text.substr(start, comma - start));
        if (words.empty()) throw UsageError("--prompts: an empty prompt; separate prompts with commas");
        if (words.size() > max_sentence_words)
            throw UsageError("--prompts: a prompt of " + std::to_string(words.size()) + " words; the most is " +
                             std::to_string(max_sentence_words));
        prompts.push_back(words);
    }
    return prompts;
}

TrainingSettings training_settings(const Flags& flags) {
    TrainingSettings settings;
    settings.d_k = static_cast<size_t>(flags.integer("dk", 1, 256));
    settings.heads = static_cast<size_t>(flags.integer("heads", 1, 16));
    settings.positions = flags.given("positions");
    settings.epochs = static_cast<int>(flags.integer("epochs", 1, 1000));
    settings.lr = static_cast<float>(flags.real("lr", 1e-6, 10));
    settings.seed = static_cast<uint64_t>(flags.integer("seed", 0, std::numeric_limits<long long>::max()));
    return settings;
}

// The progress lines of --train, one per epoch (and one before training),
// with the agreement on the probes when there are probes.
AfterEpoch print_epoch(const NextWordData& data, const TrainingSettings& settings) {
    return [&data, &settings](int epoch, double training_loss, const CurvePoint& now) {
        char probes[32] = "";
        if (!data.probes.empty()) std::snprintf(probes, sizeof probes, "  probes %5.1f%%", 100 * now.agreement);
        if (epoch == 0)
            std::printf("before training  step %6d                        held-out loss %.4f  accuracy %5.1f%%%s\n", 0,
                        now.held_out.loss, 100 * now.held_out.accuracy, probes);
        else
            std::printf("epoch %2d/%d  step %6lld  training loss %.4f  held-out loss %.4f  accuracy %5.1f%%%s\n", epoch,
                        settings.epochs, now.step, training_loss, now.held_out.loss, 100 * now.held_out.accuracy, probes);
        std::fflush(stdout);
    };
}

// (b) --train: the lesson's sections 11 to 13, the weights file, and what the training changed.
void run_training(const Flags& flags) {
    const TrainingSettings settings = training_settings(flags);
    const std::string corpus_path = flags.file("corpus"), vectors_path = flags.file("vectors");
    const std::string output = flags.file("output");
    const std::vector<std::string> sentence_tokens = sentence_words(flags, "sentence");
    const std::vector<std::vector<std::string>> prompts = prompt_list(flags);
    { OutputFile try_output(output); }  // can we write it? Better to know now than after training.
    const std::string svg_path = picture_path(flags, "svg"), curve_path = picture_path(flags, "curve");

    const std::string probes_path = flags.file("probes");
    const NextWordData data = read_next_word_data(corpus_path, vectors_path, probes_path);
    const std::string source = "the words of " + corpus_path + " that have a vector in " + vectors_path +
                               ", at most the " + std::to_string(max_vocabulary) + " most frequent";
    const LayerSentence typed = layer_sentence(sentence_tokens, data.words, "sentence", source);
    const std::vector<std::string>& sentence = typed.words;
    const std::vector<int32_t>& sentence_ids = typed.ids;
    LayerSentence contrast_typed;
    if (flags.given("contrast")) contrast_typed = layer_sentence(sentence_words(flags, "contrast"), data.words, "contrast", source);
    const std::vector<std::string>& contrast = contrast_typed.words;
    const std::vector<int32_t>& contrast_ids = contrast_typed.ids;
    std::vector<LayerSentence> prompt_typed;
    for (const auto& prompt : prompts) prompt_typed.push_back(layer_sentence(prompt, data.words, "prompts", source));
    const size_t n_vocab = data.words.size(), d_model = data.vectors.cols;
    const size_t H = settings.heads, d_k = settings.d_k;
    const size_t learned = H * 3 * d_model * d_k + H * d_k * d_model + d_model * n_vocab + n_vocab;

    std::printf("Training a causal self-attention layer to predict the next word\n\n");
    std::printf("corpus %s: %zu sentences to train on, %zu held out (every tenth), %zu left out (a single word, or "
                "a word outside the vocabulary)\n",
                corpus_path.c_str(), data.training.size(), data.held_out.size(), data.skipped);
    std::printf("vocabulary: %zu words with vectors from %s, %zu numbers each (kept fixed)\n", n_vocab,
                vectors_path.c_str(), d_model);
    std::printf("layer: %zu head%s of d_k %zu, W_o %zu x %zu, W_out %zu x %zu; %zu numbers to learn; %s\n", H,
                H == 1 ? "" : "s", d_k, H * d_k, d_model, d_model, n_vocab, learned,
                settings.positions ? "positional encodings added" : "no positional encodings");
    const size_t steps = data.training.size() * static_cast<size_t>(settings.epochs);
    std::printf("training: %d epochs of %zu steps (one sentence each), Adam, learning rate %g falling to %.2g, seed %llu\n\n",
                settings.epochs, data.training.size(), static_cast<double>(settings.lr),
                static_cast<double>(learning_rate(settings, steps - 1, steps)),
                static_cast<unsigned long long>(settings.seed));

    const Baselines base = baselines(data);
    std::printf("To beat, on the held-out sentences:\n");
    std::printf("  chance, each word 1/%zu:                                 loss %.4f\n", n_vocab, base.chance_loss);
    std::printf("  always the most frequent next word:                      accuracy %.1f%%\n",
                100 * base.most_frequent_accuracy);
    std::printf("  bigram, the previous word's most frequent successor:     accuracy %.1f%%\n\n",
                100 * base.bigram_accuracy);
    std::fflush(stdout);

    const TrainingResult result = train_next_word(data, settings, print_epoch(data, settings));
    const Evaluation& before = result.curve.front().held_out;
    const Evaluation& after = result.curve.back().held_out;
    std::printf("\nThe layer on the held-out sentences: loss %.4f -> %.4f, accuracy %.1f%% -> %.1f%% "
                "(bigram %.1f%%, most frequent word %.1f%%)\n\n",
                before.loss, after.loss, 100 * before.accuracy, 100 * after.accuracy, 100 * base.bigram_accuracy,
                100 * base.most_frequent_accuracy);
    Agreement probes;
    if (!data.probes.empty()) {
        const std::vector<ProbeResult> results = score_probes(result.trained, data, count_bigrams(data));
        print_probes(data, results, probes_path);
        probes = agreement(results);
    }

    std::printf("Next-word predictions, the three most likely, before and after training:\n");
    for (const LayerSentence& prompt_words : prompt_typed) {
        std::string prompt;
        for (const std::string& word : prompt_words.words) prompt += word + " ";
        const Matrix X = rows_of(data.vectors, prompt_words.ids);
        std::printf("  %s___%s\n", prompt.c_str(),
                    left_out_note(prompt_words.left_out, "not in the layer's vocabulary").c_str());
        std::printf("      before: %s\n", format_predictions(predict_next(result.initial, X, 3), data.words).c_str());
        std::printf("      after:  %s\n", format_predictions(predict_next(result.trained, X, 3), data.words).c_str());
    }

    const Matrix X = rows_of(data.vectors, sentence_ids);
    const NextWordForward was = next_word_forward(result.initial, X), is = next_word_forward(result.trained, X);
    std::printf("\nAttention weights on \"%s\"%s (causal: each word sees itself and the words before it):\n\n",
                flags.text("sentence").c_str(), left_out_note(typed.left_out, "not in the layer's vocabulary").c_str());
    for (size_t h = 0; h < H; h++) {
        const std::string head = H > 1 ? "head " + std::to_string(h + 1) + ", " : "";
        std::printf("%s\n", side_by_side(head + "before training", heat_map(was.attention.heads[h].weights, sentence),
                                         head + "after training", heat_map(is.attention.heads[h].weights, sentence))
                                .c_str());
    }

    save_weights(output, result.trained, data.words);
    std::printf("saved the trained layer to %s; see what it does with:\n  ./attention --weights %s --vectors %s "
                "--sentence \"...\"\n",
                output.c_str(), output.c_str(), vectors_path.c_str());
    if (!svg_path.empty()) {
        // after training on --sentence (and on --contrast, if given), then before training on --sentence
        std::vector<std::vector<HeatMapPanel>> rows{
            head_panels(is.attention, sentence, true, "after training" + pronoun_note(is, sentence_ids, data.words))};
        std::string title = "Attention weights on \"" + flags.text("sentence") + "\"";
        if (!contrast_ids.empty()) {
            const NextWordForward other = next_word_forward(result.trained, rows_of(data.vectors, contrast_ids));
            rows.push_back(head_panels(other.attention, contrast, true,
                                       "after training" + pronoun_note(other, contrast_ids, data.words)));
            title += " and \"" + flags.text("contrast") + "\"";
        }
        rows.push_back(head_panels(was.attention, sentence, true, "before training"));
        save_svg(svg_path, attention_heat_map_rows_svg(rows, title + ", after training, and before"));
        if (!contrast_typed.left_out.empty())
            std::printf("--contrast \"%s\"%s\n", flags.text("contrast").c_str(),
                        left_out_note(contrast_typed.left_out, "not in the layer's vocabulary").c_str());
        std::printf("drew the attention weights before and after training in %s\n", svg_path.c_str());
    }
    if (!curve_path.empty()) {
        save_svg(curve_path, training_curve_svg(result, base, data.probes.empty() ? nullptr : &probes));
        std::printf("drew the training curve in %s\n", curve_path.c_str());
    }
}

// (c) --weights: the walkthrough of steps 1 to 10 with a trained layer, then
// its predictions.
void run_trained_walkthrough(const Flags& flags) {
    const std::string weights_path = flags.file("weights"), vectors_path = flags.file("vectors");
    const std::vector<std::string> tokens = sentence_words(flags, "sentence");
    const std::string svg_path = picture_path(flags, "svg");
    const TrainedLayer layer = load_weights(weights_path);
    const NextWordModel& model = layer.model;

    const Sentence sentence = read_sentence(tokens, vectors_path);
    const std::vector<std::string>& words = sentence.words;
    const size_t d_model = model.W_out.rows;
    if (sentence.X.cols != d_model)
        throw std::runtime_error(weights_path + ": the layer was trained on vectors of " + std::to_string(d_model) +
                                 " numbers, but " + vectors_path + " has " + std::to_string(sentence.X.cols) + " per word");
    const NextWordForward f = next_word_forward(model, sentence.X);
    check_finite(f.attention, true, vectors_path);
    if (!all_finite(f.probabilities))
        throw std::runtime_error(weights_path + ": the parameters are so large that the computation overflows");

    const size_t H = model.Wq.size(), d_k = model.Wq[0].cols;
    std::printf("Self-attention on \"%s\", with the trained layer from %s (the causal mask is always on)%s\n",
                flags.text("sentence").c_str(), weights_path.c_str(), left_out_note(sentence.left_out, "no vector").c_str());
    std::printf("(The step numbers are those of attention.cpp's sections, which start at 3: 1 and 2 are the program's "
                "file reading; 4 to 8 are shown as each head's weights; 12 is the trained model.)\n\n");
    std::printf("1. Word vectors from %s: %zu numbers per word\n\n", vectors_path.c_str(), d_model);
    std::printf("2. The sentence as a matrix X, one row per word%s\n\n%s\n",
                model.positions ? ", plus its positional encoding (section 11.2)" : "",
                format_matrix("X", f.X, words).c_str());
    std::printf("3. Learned parameters: %zu head%s, W_q, W_k, W_v each %zu x %zu, W_o %zu x %zu, trained to predict the next "
                "word\n\n", H, H == 1 ? "" : "s", d_model, d_k, H * d_k, d_model);
    std::printf("4 to 8. Each head's attention weights (./attention without --weights prints every step)\n\n");
    for (size_t h = 0; h < H; h++) {
        const Matrix& weights = f.attention.heads[h].weights;
        const std::string title = H > 1 ? "head " + std::to_string(h + 1) + " of " + std::to_string(H) : "weights";
        std::printf("%s\n%s\n", format_matrix(title, weights, words, words).c_str(), heat_map(weights, words).c_str());
    }
    if (H > 1)
        std::printf("10. The heads joined: output = [head 1 ... head %zu] W_o, (%zu x %zu): each word's context "
                    "vector, what attention adds to its word vector (X + output, section 12)\n\n",
                    H, f.attention.output.rows, f.attention.output.cols);
    else
        std::printf("10. The head's context vectors times W_o: output (%zu x %zu): each word's context vector, what "
                    "attention adds to its word vector (X + output, section 12)\n\n",
                    f.attention.output.rows, f.attention.output.cols);
    for (size_t i = 0; i < words.size(); i++)
        std::printf("Context vector for word '%s': %s\n", words[i].c_str(),
                    format_vector(f.attention.output.row(i), f.attention.output.cols).c_str());

    // What attention changed: the same layer without it (section 13.3), where each word predicts from itself alone.
    const NextWordForward alone = next_word_forward(model, sentence.X, false);
    std::printf("\n12. The next word (section 12): p = softmax((X + output) W_out + b_out), over %zu words; and "
                "without attention, p = softmax(X W_out + b_out), each word alone\n\n", layer.words.size());
    size_t label_width = display_width("with attention:");
    for (const std::string& word : words) label_width = std::max(label_width, display_width("'" + word + "' alone:"));
    auto padded = [&](const std::string& label) { return label + std::string(label_width - display_width(label), ' '); };
    std::string seen;  // "the queen fed", growing word by word
    for (size_t i = 0; i < words.size(); i++) {
        seen += (i ? " " : "") + words[i];
        std::printf("  %s ___\n", seen.c_str());
        std::printf("      %s  %s\n", padded("with attention:").c_str(),
                    format_predictions(top_words(f.probabilities, i, 3), layer.words).c_str());
        std::printf("      %s  %s\n", padded("'" + words[i] + "' alone:").c_str(),
                    format_predictions(top_words(alone.probabilities, i, 3), layer.words).c_str());
    }

    if (!svg_path.empty()) {
        save_svg(svg_path, attention_heat_map_svg(head_panels(f.attention, words, true, "trained"),
                                                  "Attention weights on \"" + flags.text("sentence") + "\", trained layer " +
                                                      weights_path));
        std::printf("\ndrew the attention weights in %s\n", svg_path.c_str());
    }
}

// --print-vocabulary: the words a sentence can use, or with --weights the
// words the trained layer predicts, then stop.
void print_vocabulary(const Flags& flags) {
    if (flags.given("train"))
        throw UsageError("--print-vocabulary: prints the words of --vectors, or with --weights the trained layer's; "
                         "not with --train");
    for (const char* name : {"sentence", "dk", "heads", "causal", "seed", "svg"})
        if (flags.given(name))
            throw UsageError(std::string("--") + name + ": --print-vocabulary prints the words and stops; leave out --" + name);
    if (flags.given("weights")) {
        const std::string path = flags.file("weights");
        const TrainedLayer layer = load_weights(path);
        std::printf("%s: the trained layer's vocabulary, %zu words, most frequent first\n", path.c_str(), layer.words.size());
        std::fputs(vocabulary_text(layer.words).c_str(), stdout);
        return;
    }
    const std::string path = flags.file("vectors");
    const std::vector<std::string> words = read_vector_words(path);
    std::printf("%s: %zu words, in the file's order (word2vec and GloVe write the most frequent first)\n", path.c_str(),
                words.size());
    std::fputs(vocabulary_text(words).c_str(), stdout);
}

// ---- main ------------------------------------------------------------------------------

int attention_main(int argc, char** argv) {
    Flags flags{"attention",
                "Self-attention on a sentence, step by step, from word vectors in a word2vec (text or binary) or GloVe "
                "file;\nwith --train, a causal attention layer learns to predict the next word of a corpus.",
                {
                    {"vectors", "vectors.txt", "word vectors file: word2vec text/binary or GloVe (make run writes vectors.txt)"},
                    {"sentence", "the queen fed her hungry dog",
                     "the sentence; . , ; : ! ? \" ( ) [ ] { } at the start or end of a word are split off, and left out "
                     "if they have no vector"},
                    {"dk", "8", "numbers per query, key and value (d_k), per head"},
                    {"heads", "1", "attention heads (H); more than 1 adds W_o (--train always has W_o)"},
                    {"causal", "", "mask the future: a word sees only itself and earlier words (--train and --weights always do)", true},
                    {"seed", "1", "seed for the random W_q, W_k, W_v, W_o (and, with --train, W_out and the order of the sentences)"},
                    {"svg", "", "also draw the attention weights as an SVG picture in this file (with --train: before and after)"},
                    {"contrast", "", "--train: a second sentence for the --svg picture, after training"},
                    {"train", "", "train a causal attention layer to predict the next word of --corpus", true},
                    {"corpus", "data/corpus.txt", "--train: the text to learn from, one sentence per line"},
                    {"epochs", "10", "--train: passes over the training sentences"},
                    {"lr", "0.01", "--train: Adam's learning rate at the start; it falls in a straight line to lr / steps at the end"},
                    {"positions", "", "--train: add sinusoidal positional encodings to the word vectors", true},
                    {"prompts", "the queen fed her hungry,the king fed,the queen fed,the king loved,the queen loved",
                     "--train: show the next word the layer predicts after these, separated by commas"},
                    {"output", "weights.txt", "--train: write the trained layer to this file"},
                    {"curve", "", "--train: draw the losses, the held-out accuracy and the probes' agreement against the steps in this SVG file"},
                    {"probes", "", "--train: held-out probes of the his/her agreement, one sentence per line (data/probes.txt)"},
                    {"weights", "", "walk through --sentence with the trained layer in this file (from --train)"},
                    {"print-vocabulary", "", "print the words of --vectors (with --weights: the trained layer's words), "
                                             "most frequent first, and stop", true},
                }};
    try {
        if (!flags.parse(argc, argv)) {
            std::fputs(flags.help_text().c_str(), stdout);
            return 0;
        }
        if (flags.given("train") && flags.given("weights")) throw UsageError("give --train or --weights, not both");
        if (flags.given("weights"))
            for (const char* name : {"dk", "heads", "positions", "seed"})
                if (flags.given(name))
                    throw UsageError(std::string("--") + name +
                                     ": the weights file sets the layer's shape and values; leave out --" + name);
        if (!flags.given("train"))
            for (const char* name : {"corpus", "epochs", "lr", "positions", "prompts", "output", "curve", "probes", "contrast"})
                if (flags.given(name)) throw UsageError(std::string("--") + name + ": only --train uses it");
        if (flags.given("print-vocabulary")) print_vocabulary(flags);
        else if (flags.given("train")) run_training(flags);
        else if (flags.given("weights")) run_trained_walkthrough(flags);
        else run_walkthrough(flags);
        return 0;
    } catch (const UsageError& error) {
        std::fprintf(stderr, "attention: %s\n", error.what());
        return 2;
    } catch (const std::bad_alloc&) {
        std::fprintf(stderr, "attention: out of memory\n");
        return 1;
    } catch (const std::exception& error) {
        std::fprintf(stderr, "attention: %s\n", error.what());
        return 1;
    }
}
