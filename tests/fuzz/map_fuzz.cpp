// libFuzzer target: the way words from a file reach a picture. Arbitrary bytes
// are read as a vectors file; its first rows are drawn as word2vec -plot
// draws them (principal components, then the scatter plot) and as an
// attention heat map with the causal mask. Each must either throw a
// std::exception with a message, or give well-formed XML (tests/xml_reader.hpp)
// with one point, one label and one cell per word.
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

static void check_map(const WordVectors& v, const std::string& picture) {
    std::vector<size_t> rows;
    for (size_t r = 0; r < v.words.size() && r < 12; r++) rows.push_back(r);
    if (rows.size() < 2) return;
    try {
        PrincipalComponents pc = draw_map(v, rows, "fuzz", picture);
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
    } catch (const std::runtime_error&) {
        std::abort();  // not well-formed
    }
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
    check_map(v, path + ".svg");
    check_heat_map(v);
    return 0;
}
