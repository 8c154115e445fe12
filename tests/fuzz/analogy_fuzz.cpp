// libFuzzer target: word2vec's analogy-file reader and scorer on arbitrary
// bytes, scored against five fixed word vectors. Build and run: make fuzz

#define TESTING
#include "../../word2vec.cpp"
#include "../../support/analogy_test.hpp"
#include "fuzz_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string path = write_input("analogy", data, size);
    static const std::vector<std::string> words = {"man", "woman", "king", "queen", "a"};
    static const Matrix unit = [] {
        Rng rng(1);
        return unit_rows(random_matrix(5, 3, 1.0f, rng));
    }();
    try {
        std::vector<AnalogySection> sections = read_analogy_file(path);
        std::vector<SectionScore> scores = score_analogies(sections, words, unit, 4);
        require(scores.size() == sections.size());
        for (const SectionScore& s : scores) require(s.correct <= s.asked && s.asked <= s.total);
    } catch (const std::exception&) {
    }
    return 0;
}
