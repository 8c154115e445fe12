// libFuzzer target: the word-vector reader (io.hpp) on arbitrary bytes.
// It must either throw a std::exception with a message, or return vectors
// that are consistent and finite. Build and run: make fuzz

#include "../../support/io.hpp"
#include "fuzz_file.hpp"

#include <cmath>
#include <exception>

static void check(const WordVectors& v) {
    require(v.words.size() == v.vectors.rows);
    require(v.vectors.data.size() == v.vectors.rows * v.vectors.cols);
    require(v.vectors.cols >= 1 && v.vectors.cols <= max_vector_dim);
    for (float x : v.vectors.data) require(std::isfinite(x));
    for (const std::string& word : v.words) require(!word.empty() && word.size() <= max_word_bytes);
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string path = write_input("vectors", data, size);
    try {
        check(read_word_vectors(path));
    } catch (const std::exception&) {
    }
    try {
        RowFilter filter;
        filter.lowercase_words = {"the", "a"};
        filter.max_rows = 3;
        check(read_word_vectors(path, filter));
    } catch (const std::exception&) {
    }
    return 0;
}
