// libFuzzer target: the word-vector reader (io.hpp) on arbitrary bytes.
// It must either throw a std::exception with a message, or return vectors
// that are consistent and finite. Reading the words alone (words_only, for
// the nearest spelled words) must give the same words wherever the whole
// file reads. Build and run: make fuzz

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
    WordVectors all;
    bool read = false;
    try {
        all = read_word_vectors(path);
        read = true;
    } catch (const std::exception&) {
    }
    if (read) {
        check(all);
        require(read_vector_words(path) == all.words);  // an exception here is a bug too: it stops the fuzzer
    }
    try {
        RowFilter filter;
        filter.words_only = true;
        const WordVectors words = read_word_vectors(path, filter);
        require(words.vectors.rows == 0 && words.vectors.data.empty());
        for (const std::string& word : words.words) require(!word.empty() && word.size() <= max_word_bytes);
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
