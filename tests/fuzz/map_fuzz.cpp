// libFuzzer target: the way words from a file reach a picture. Arbitrary bytes
// are read as a vectors file; its first rows are drawn as word2vec -plot
// draws them (principal components, then the scatter plot), then again in
// groups, their words made into a -plot-list ("a b c | d e f | ...", so the
// words' own '|' and ':' reach its parser too), and as an attention heat map
// with the causal mask. Each must either throw a std::exception with a
// message, or give well-formed XML (tests/xml_reader.hpp) with one point, one
// label and one cell per word, and one legend entry per group.
// Build and run: make fuzz

#define TESTING
#include "../../word2vec.cpp"
#include "../../support/io.hpp"
#include "../../support/svg.hpp"
#include "../../support/word_map.hpp"
#include "../xml_reader.hpp"
#include "fuzz_file.hpp"

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <limits>

// Draws the map of `rows` (in `group`s, if given) and checks the picture.
static void check_map(const WordVectors& v, const std::vector<size_t>& rows, const std::string& picture,
                      const std::vector<size_t>& group = {}, const std::vector<std::string>& group_names = {}) {
    if (rows.size() < 2) return;
    try {
        PrincipalComponents pc = draw_map(v, rows, "fuzz", picture, group, group_names);
        require(pc.variance[0] >= 0 && pc.variance[1] >= 0);
        require(pc.variance[0] + pc.variance[1] <= pc.total_variance * (1 + 1e-9));
    } catch (const std::runtime_error&) {  // all the words in one place: refused with a message
        return;
    }
    std::FILE* file = std::fopen(picture.c_str(), "rb");
    require(file != nullptr);
    std::string svg;
    char buffer[4096];
    for (size_t got; (got = std::fread(buffer, 1, sizeof buffer, file)) > 0;) svg.append(buffer, got);
    std::fclose(file);
    try {
        auto root = parse(svg);
        require(by_class(*root, "point").size() == rows.size());
        require(by_class(*root, "label").size() == rows.size());
        require(by_class(*root, "legend-label").size() == group_names.size());
    } catch (const std::runtime_error&) {
        std::abort();  // not well-formed
    }
}

// The words as a -plot-list, a '|' after every third: parsed and looked up
// as word2vec -plot-list does (a usage error or an unknown word is refused
// with a message), then drawn in their groups.
static void check_groups(const WordVectors& v, const std::string& picture) {
    std::string list;
    for (size_t r = 0; r < v.words.size(); r++) list += v.words[r] + (r % 3 == 2 && r + 1 < v.words.size() ? " | " : " ");
    MapWords map;
    try {
        map = map_words(parse_plot_list(list), v.words);
    } catch (const std::runtime_error&) {  // UsageError is one too
        return;
    }
    require(map.group.empty() ? map.group_names.empty() : map.group.size() == map.rows.size());
    for (size_t g : map.group) require(g < map.group_names.size());
    check_map(v, map.rows, picture, map.group, map.group_names);
}

static void check_heat_map(const WordVectors& v) {
    const size_t n = std::min<size_t>(v.words.size(), 8);
    if (n == 0) return;
    std::vector<std::string> words(v.words.begin(), v.words.begin() + static_cast<std::ptrdiff_t>(n));
    Matrix scores(n, n);  // the first numbers of each row as scores, masked as --causal does
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            scores(i, j) = j > i ? -std::numeric_limits<float>::infinity() : v.vectors(i, j % v.vectors.cols);
    const Matrix weights = softmax_rows(scores);
    try {
        auto root = parse(attention_heat_map_svg({{"fuzz", words, words, weights, causal_mask(n)}}, "fuzz"));
        require(by_class(*root, "cell").size() == n * (n + 1) / 2);
        require(by_class(*root, "masked").size() == n * (n - 1) / 2);
    } catch (const std::runtime_error&) {
        std::abort();  // not well-formed
    }
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string path = write_input("map", data, size);
    WordVectors v;
    try {
        RowFilter filter;
        filter.max_rows = 12;
        v = read_word_vectors(path, filter);
    } catch (const std::exception&) {
        return 0;  // not a vectors file: the vectors fuzz target looks at that
    }
    std::vector<size_t> rows;
    for (size_t r = 0; r < v.words.size(); r++) rows.push_back(r);
    check_map(v, rows, path + ".svg");
    check_groups(v, path + ".svg");
    check_heat_map(v);
    return 0;
}
