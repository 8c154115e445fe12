// io_test.cpp - tests of io.hpp (TokenReader, OutputFile, the word-vector
// files and their helpers), spelling.hpp (the edit distance, the nearest
// spelled words, the vocabulary wrapped) and cli.hpp (Flags).
//
// Each test writes the small file it needs into a fresh folder under the
// system's temporary directory, and deletes the folder when it ends. The
// expected words, numbers and messages are written out by hand from the file
// contents in the test; nothing is copied from the code's own output.
//
// Build and run:  make tests/io_test && ./tests/io_test

#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include "../support/cli.hpp"
#include "../support/io.hpp"
#include "../support/spelling.hpp"
#include "../matrix.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace std::string_literals;  // "a\0b"s keeps the NUL byte inside the string

// ---- helpers: temporary files ----------------------------------------------

// A fresh, empty folder for one test, deleted with everything in it when the
// test ends. The name holds the clock and a counter, so it is unique.
struct TempDir {
    fs::path folder;

    TempDir() {
        static int made = 0;
        const long long now = static_cast<long long>(std::chrono::steady_clock::now().time_since_epoch().count());
        folder = fs::temp_directory_path() / ("io_test_" + std::to_string(now) + "_" + std::to_string(made++));
        if (!fs::create_directory(folder)) throw std::runtime_error(folder.string() + " already exists");
    }
    ~TempDir() {
        std::error_code ignored;
        fs::remove_all(folder, ignored);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    // The path of `name` inside this folder (the file need not exist).
    std::string path(const std::string& name) const { return (folder / name).string(); }

    // Writes `bytes` exactly as given to the file `name`; returns its path.
    std::string write(const std::string& name, const std::string& bytes) const {
        std::ofstream out(path(name), std::ios::binary);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        REQUIRE(out.good());
        return path(name);
    }
};

// The whole file, byte for byte.
static std::string file_contents(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE(in.good());
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

// The message of the std::runtime_error that `action` throws, or a note that
// nothing was thrown (which then matches none of the expected messages).
static std::string error_from(const std::function<void()>& action) {
    try {
        action();
    } catch (const std::runtime_error& error) {
        return error.what();
    }
    return "(nothing was thrown)";
}

static bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

using Names = std::vector<std::string>;

// The names of the files in `folder`, sorted: to see that nothing was left behind.
static std::vector<std::string> file_names(const fs::path& folder) {
    std::vector<std::string> names;
    for (const fs::directory_entry& entry : fs::directory_iterator(folder)) names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

// Every token TokenReader gives for the file, "\n" line ends included.
static std::vector<std::string> all_tokens(const std::string& path) {
    TokenReader in(path);
    std::vector<std::string> tokens;
    std::string token;
    while (in.next(token)) tokens.push_back(token);
    return tokens;
}

// The bits of a float, to check that a round trip gives back the very same number.
static uint32_t bits_of(float x) {
    uint32_t bits = 0;
    std::memcpy(&bits, &x, sizeof bits);
    return bits;
}

// The 4-byte IEEE form of each float, in this machine's byte order (little-
// endian on every machine this project supports), as word2vec's binary format
// stores them.
static std::string bytes_of(const std::vector<float>& values) {
    std::string bytes(values.size() * sizeof(float), '\0');
    std::memcpy(&bytes[0], values.data(), bytes.size());
    return bytes;
}

// Writes a word-vector file the way ./word2vec does.
static void save_vectors(const std::string& path, const std::vector<std::string>& words, const Matrix& vectors,
                         bool binary) {
    OutputFile file(path);
    write_word_vectors(file, words, vectors, binary);
    file.commit();
}

// ---- TokenReader ------------------------------------------------------------

TEST_CASE("TokenReader splits at spaces, tabs and CRs, and gives \"\\n\" at each line end") {
    TempDir dir;
    // A byte order mark, two spaces, a tab, Windows line ends, a blank line,
    // a line of spaces only, and a last line without a newline.
    const std::string path = dir.write("text.txt",
                                       "\xEF\xBB\xBF"
                                       "the  cat\tsat\r\n"  // line 1
                                       "\r\n"               // line 2: blank (Windows)
                                       "on the \t mat\r\n"  // line 3
                                       "\n"                 // line 4: blank
                                       "   \n"              // line 5: spaces only
                                       "last line");        // line 6: no newline
    const std::vector<std::string> expected = {"the", "cat", "sat", "\n",  //
                                               "\n",                       //
                                               "on", "the", "mat", "\n",   //
                                               "\n",                       //
                                               "\n",                       //
                                               "last", "line", "\n"};
    CHECK(all_tokens(path) == expected);
}

TEST_CASE("TokenReader passes UTF-8 words through unchanged") {
    TempDir dir;
    const std::string path = dir.write("utf8.txt", "caf\xC3\xA9 na\xC3\xAFve\n");  // "café naïve"
    const std::vector<std::string> expected = {"caf\xC3\xA9", "na\xC3\xAFve", "\n"};
    CHECK(all_tokens(path) == expected);
}

TEST_CASE("TokenReader gives no tokens for an empty file or a file holding only a byte order mark") {
    TempDir dir;
    CHECK(all_tokens(dir.write("empty.txt", "")).empty());
    CHECK(all_tokens(dir.write("bom.txt", "\xEF\xBB\xBF")).empty());
}

TEST_CASE("where() names the file and the line of the word just read") {
    TempDir dir;
    const std::string path = dir.write("lines.txt", "one two\n\nthree\nfour");
    TokenReader in(path);
    std::string token;

    REQUIRE(in.next(token));
    CHECK(token == "one");
    CHECK(in.where() == path + ":1");
    REQUIRE(in.next(token));
    CHECK(token == "two");
    CHECK(in.where() == path + ":1");
    REQUIRE(in.next(token));
    CHECK(token == "\n");  // after a line end we are on the next line
    CHECK(in.line() == 2);
    REQUIRE(in.next(token));
    CHECK(token == "\n");  // line 2 is blank
    REQUIRE(in.next(token));
    CHECK(token == "three");
    CHECK(in.where() == path + ":3");
    REQUIRE(in.next(token));
    CHECK(token == "\n");
    REQUIRE(in.next(token));
    CHECK(token == "four");
    CHECK(in.where() == path + ":4");
    REQUIRE(in.next(token));
    CHECK(token == "\n");  // the last line ends even without a newline
    CHECK_FALSE(in.next(token));
    CHECK_FALSE(in.next(token));  // and stays at the end
}

TEST_CASE("a NUL byte is an error that names file:line") {
    TempDir dir;
    // Not "nul.txt": on Windows that name opens the NUL device, not a file.
    const std::string path = dir.write("nul_byte.txt", "good line\nbad\0word\n"s);
    const std::string message = error_from([&] { all_tokens(path); });
    INFO("the message: " << message);
    CHECK(contains(message, path + ":2"));
    CHECK(contains(message, "NUL byte"));
}

TEST_CASE("a word of max_word_bytes is read; one byte more is an error") {
    TempDir dir;
    REQUIRE(max_word_bytes == 1000);
    const std::string longest = std::string(1000, 'x');
    const std::vector<std::string> expected = {"a", "\n", longest, "\n"};
    CHECK(all_tokens(dir.write("ok.txt", "a\n" + longest + "\n")) == expected);

    const std::string path = dir.write("too_long.txt", "a\n" + std::string(1001, 'x') + "\n");
    const std::string message = error_from([&] { all_tokens(path); });
    INFO("the message: " << message);
    CHECK(contains(message, path + ":2"));
    CHECK(contains(message, "longer than 1000 bytes"));
}

TEST_CASE("a missing file is an error that names it") {
    TempDir dir;
    const std::string path = dir.path("no_such_file.txt");
    const std::string message = error_from([&] { TokenReader in(path); });
    INFO("the message: " << message);
    CHECK(contains(message, path));
    CHECK(contains(message, "cannot open"));
}

TEST_CASE("a directory is an error that says it is a directory") {
    TempDir dir;
    const std::string path = dir.folder.string();
    const std::string message = error_from([&] { TokenReader in(path); });
    INFO("the message: " << message);
    CHECK(contains(message, path));
    CHECK(contains(message, "is a directory"));
}

TEST_CASE("skip_line() skips the rest of a line and counts its words") {
    TempDir dir;
    const std::string path = dir.write("skip.txt", "a b  c\t d \r\n\nlast line");
    TokenReader in(path);
    CHECK(in.skip_line() == 4);  // a, b, c, d
    CHECK(in.line() == 2);
    CHECK(in.skip_line() == 0);  // the blank line 2
    CHECK(in.line() == 3);
    std::string token;
    REQUIRE(in.next(token));
    CHECK(token == "last");
    CHECK(in.skip_line() == 1);  // "line", with no newline after it
}

TEST_CASE("read_bytes() reads raw bytes, NUL included, and returns false when the file ends first") {
    TempDir dir;
    const std::string path = dir.write("raw.bin", "word \x01\0\xFF\n!\nnext\n"s);
    TokenReader in(path);
    std::string token;
    REQUIRE(in.next(token));
    CHECK(token == "word");  // next() also takes the one space after the word

    char raw[5] = {};
    REQUIRE(in.read_bytes(raw, 5));
    CHECK(raw[0] == '\x01');
    CHECK(raw[1] == '\0');
    CHECK(raw[2] == '\xFF');
    CHECK(raw[3] == '\n');  // a newline is just a byte here
    CHECK(raw[4] == '!');

    REQUIRE(in.next(token));
    CHECK(token == "\n");
    REQUIRE(in.next(token));
    CHECK(token == "next");

    char more[8] = {};
    CHECK_FALSE(in.read_bytes(more, 8));  // only "\n" is left
}

TEST_CASE("peek_bytes() shows what comes next without reading it") {
    TempDir dir;
    TokenReader in(dir.write("peek.txt", "caf\xC3\xA9 0.5\n"));
    CHECK(in.peek_bytes(6) == "caf\xC3\xA9 ");
    CHECK(in.peek_bytes(100) == "caf\xC3\xA9 0.5\n");  // no more than the file holds
    std::string token;
    REQUIRE(in.next(token));
    CHECK(token == "caf\xC3\xA9");  // looking ahead did not consume anything
}

TEST_CASE("first_row_is_binary: a row of dim numbers is text, UTF-8 words and CRLF included") {
    CHECK_FALSE(first_row_is_binary("caf\xC3\xA9 0.5 -1 2e3\r\n\xC3\xA9t\xC3\xA9 1 2 3\r\n", 3));
    CHECK_FALSE(first_row_is_binary("w nan inf 1\n", 3));           // numbers to strtof: the reader rejects them later
    CHECK_FALSE(first_row_is_binary("w 1 2\nnext 1 2 3 4\n", 3));  // too few numbers: text, with a text error later
    CHECK_FALSE(first_row_is_binary("w 1.5 2.5\0\n"s, 2));          // a NUL after good numbers: a broken text file
}

TEST_CASE("first_row_is_binary: raw floats hold a byte no text row has") {
    // 1.0f is 0x3F800000, in little-endian order the bytes 00 00 80 3F;
    // -0.5f is 00 00 00 BF (the sign bit); 0.0f is 00 00 00 00.
    CHECK(first_row_is_binary("w \x00\x00\x80\x3F\n"s, 1));
    CHECK(first_row_is_binary("w \x00\x00\x00\xBF"s, 1));
    CHECK(first_row_is_binary("w \x00\x00\x00\x00\x00\x00\x00\x00"s, 2));
    CHECK(first_row_is_binary("w \x7F\x01\x02\x03", 1));
    // 0.01f is 0x3C23D70A: its first byte is a newline, which must not end the search
    CHECK(first_row_is_binary("w \x0A\xD7\x23\x3C"s, 1));
}

// TokenReader reads its file in pieces of 1 MiB = 1,048,576 bytes. This file
// puts a word across the end of the first piece: 131,071 lines "abcdefg\n"
// (8 bytes each: 1,048,568 bytes), then "ab\n" (3 bytes: 1,048,571 in all),
// then line 131,073, "0123456789 tail\n", whose first 5 bytes end the first
// piece and whose other 5 begin the second.
static std::string file_across_the_buffer_end() {
    std::string text;
    for (int i = 0; i < 131071; i++) text += "abcdefg\n";
    text += "ab\n";
    REQUIRE(text.size() == 1048576 - 5);
    text += "0123456789 tail\n";
    return text;
}

TEST_CASE("a word that straddles the 1 MiB buffer boundary is read whole, on the right line") {
    TempDir dir;
    const std::string path = dir.write("big.txt", file_across_the_buffer_end());
    TokenReader in(path);
    std::vector<std::string> other_words;  // the words that are not filler
    std::string where_straddling;
    std::string token;
    while (in.next(token)) {
        if (token == "abcdefg" || token == "ab" || token == "\n") continue;
        other_words.push_back(token);
        if (token == "0123456789") where_straddling = in.where();
    }
    const std::vector<std::string> expected = {"0123456789", "tail"};
    CHECK(other_words == expected);
    CHECK(where_straddling == path + ":131073");
}

TEST_CASE("skip_line() counts a word that straddles the 1 MiB buffer boundary once") {
    TempDir dir;
    TokenReader in(dir.write("big.txt", file_across_the_buffer_end()));
    for (int line = 1; line <= 131072; line++) in.skip_line();
    CHECK(in.line() == 131073);
    CHECK(in.skip_line() == 2);  // "0123456789" and "tail"
}

// ---- split_on_spaces, lowercase, find_word ----------------------------------

TEST_CASE("split_on_spaces splits at runs of spaces, tabs, CRs and newlines") {
    const std::vector<std::string> expected = {"the", "queen", "fed"};
    CHECK(split_on_spaces("the queen fed") == expected);
    CHECK(split_on_spaces("  the\tqueen  \r\nfed\n") == expected);
    CHECK(split_on_spaces("").empty());
    CHECK(split_on_spaces(" \t \r\n").empty());
}

TEST_CASE("lowercase folds A-Z only and leaves digits, punctuation and UTF-8 alone") {
    CHECK(lowercase("The QUEEN") == "the queen");
    CHECK(lowercase("Route 66, A-Z!") == "route 66, a-z!");
    CHECK(lowercase("\xC3\x89T\xC3\x89") == "\xC3\x89t\xC3\x89");  // "ÉTÉ": only the T changes
}

TEST_CASE("find_word prefers an exact match over a case-insensitive one") {
    const std::vector<std::string> words = {"The", "the", "Dog"};
    CHECK(find_word(words, "the") == 1);  // exact, although row 0 matches ignoring case
    CHECK(find_word(words, "The") == 0);  // exact
    CHECK(find_word(words, "THE") == 0);  // no exact match: the first row equal ignoring case
    CHECK(find_word(words, "dog") == 2);
}

TEST_CASE("find_word returns words.size() for a word that is not there") {
    const std::vector<std::string> words = {"The", "the", "Dog"};
    CHECK(find_word(words, "cat") == 3);
    CHECK(find_word({}, "cat") == 0);
}

// ---- split_sentence ---------------------------------------------------------

TEST_CASE("split_sentence cuts the full stop off the last word") {
    CHECK(split_sentence("The queen fed her dog.") == Names{"The", "queen", "fed", "her", "dog", "."});
}

TEST_CASE("split_sentence makes each mark at the start or end of a word a token, in typed order") {
    CHECK(split_sentence("She said: \"Feed (the) dog, please!\"") ==
          Names{"She", "said", ":", "\"", "Feed", "(", "the", ")", "dog", ",", "please", "!", "\""});
    CHECK(split_sentence("[a]; {b}? c") == Names{"[", "a", "]", ";", "{", "b", "}", "?", "c"});
    CHECK(split_sentence("dog).") == Names{"dog", ")", "."});
}

TEST_CASE("split_sentence keeps marks inside a word, apostrophes and hyphens") {
    CHECK(split_sentence("3.14 1,000 U.S.A don't queen's well-known") ==
          Names{"3.14", "1,000", "U.S.A", "don't", "queen's", "well-known"});
    CHECK(split_sentence("e.g.") == Names{"e.g", "."});  // the last mark is cut off all the same
    CHECK(split_sentence("'tis -") == Names{"'tis", "-"});
}

TEST_CASE("split_sentence: a word of marks only is one token per mark") {
    CHECK(split_sentence("wait...") == Names{"wait", ".", ".", "."});
    CHECK(split_sentence("?! ...") == Names{"?", "!", ".", ".", "."});
}

TEST_CASE("split_sentence cuts off curly quotes and leaves UTF-8 words alone") {
    // \xE2\x80\x9C and \xE2\x80\x9D are the UTF-8 bytes of the curly quotes U+201C and U+201D.
    CHECK(split_sentence("\xE2\x80\x9C" "caf\xC3\xA9." "\xE2\x80\x9D") ==
          Names{"\xE2\x80\x9C", "caf\xC3\xA9", ".", "\xE2\x80\x9D"});
}

TEST_CASE("split_sentence splits at runs of spaces, tabs and line ends, and may give no tokens") {
    CHECK(split_sentence("  a\tb,\r\nc  ") == Names{"a", "b", ",", "c"});
    CHECK(split_sentence("").empty());
    CHECK(split_sentence(" \t\r\n ").empty());
}

TEST_CASE("is_punctuation is true for one mark, false for words and for several marks") {
    for (const std::string mark : {".", ",", ";", ":", "!", "?", "\"", "(", ")", "[", "]", "{", "}"}) CHECK(is_punctuation(mark));
    CHECK(is_punctuation("\xE2\x80\x9C"));
    CHECK(is_punctuation("\xE2\x80\x9D"));
    CHECK_FALSE(is_punctuation("dog"));
    CHECK_FALSE(is_punctuation(".."));
    CHECK_FALSE(is_punctuation("'"));
    CHECK_FALSE(is_punctuation("-"));
    CHECK_FALSE(is_punctuation(""));
}

// ---- read_word_vectors: good files ------------------------------------------

// The two rows every format test below expects.
static void check_king_and_queen(const WordVectors& read) {
    const std::vector<std::string> expected_words = {"king", "queen"};
    CHECK(read.words == expected_words);
    REQUIRE(read.vectors.rows == 2);
    REQUIRE(read.vectors.cols == 3);
    CHECK(read.vectors(0, 0) == 0.5f);
    CHECK(read.vectors(0, 1) == -1.0f);
    CHECK(read.vectors(0, 2) == 2.0f);
    CHECK(read.vectors(1, 0) == 0.25f);
    CHECK(read.vectors(1, 1) == 0.0f);
    CHECK(read.vectors(1, 2) == 1e-3f);  // "1e-3" and 1e-3f are both the float nearest 0.001
}

TEST_CASE("read_word_vectors reads word2vec's text format") {
    TempDir dir;
    check_king_and_queen(read_word_vectors(dir.write("w2v.txt", "2 3\n"
                                                                "king 0.5 -1 2\n"
                                                                "queen 0.25 0 1e-3\n")));
}

TEST_CASE("read_word_vectors reads word2vec's text format with a space at the end of each line") {
    TempDir dir;
    // The original word2vec writes "word v1 v2 ... vd \n".
    check_king_and_queen(read_word_vectors(dir.write("w2v.txt", "2 3 \n"
                                                                "king 0.5 -1 2 \n"
                                                                "queen 0.25 0 1e-3 \n")));
}

TEST_CASE("read_word_vectors reads GloVe's text format, which has no header") {
    TempDir dir;
    check_king_and_queen(read_word_vectors(dir.write("glove.txt", "king 0.5 -1 2\n"
                                                                  "queen 0.25 0 1e-3\n")));
}

TEST_CASE("read_word_vectors reads a file with Windows line ends and a byte order mark") {
    TempDir dir;
    check_king_and_queen(read_word_vectors(dir.write("windows.txt", "\xEF\xBB\xBF"
                                                                    "2 3\r\n"
                                                                    "king 0.5 -1 2\r\n"
                                                                    "queen 0.25 0 1e-3\r\n")));
}

TEST_CASE("read_word_vectors skips blank lines and reads a last line without a newline") {
    TempDir dir;
    check_king_and_queen(read_word_vectors(dir.write("blank.txt", "2 3\n"
                                                                  "\n"
                                                                  "king 0.5 -1 2\n"
                                                                  "\n"
                                                                  "queen 0.25 0 1e-3")));
}

TEST_CASE("RowFilter::lowercase_words keeps only those rows, compared ignoring case") {
    TempDir dir;
    const std::string path = dir.write("four.txt", "4 2\n"
                                                   "The 1 2\n"
                                                   "cat 3 4\n"
                                                   "DOG 5 6\n"
                                                   "sat 7 8\n");
    RowFilter filter;
    filter.lowercase_words = {"the", "dog"};
    WordVectors read = read_word_vectors(path, filter);

    const std::vector<std::string> expected_words = {"The", "DOG"};  // the file's spelling
    CHECK(read.words == expected_words);
    CHECK(read.vectors.rows == 2);
    CHECK(read.vectors.cols == 2);
    const std::vector<float> expected_numbers = {1, 2, 5, 6};
    CHECK(read.vectors.data == expected_numbers);
}

TEST_CASE("RowFilter::words_only keeps the words of every row, in order, and no numbers") {
    TempDir dir;
    // Row 3's "abc" is no number: with words_only nothing is parsed, so it passes.
    const std::string path = dir.write("four.txt", "4 2\n"
                                                   "The 1 2\n"
                                                   "cat abc 4\n"
                                                   "DOG 5 6\n"
                                                   "sat 7 8\n");
    RowFilter filter;
    filter.words_only = true;
    WordVectors read = read_word_vectors(path, filter);
    const std::vector<std::string> expected_words = {"The", "cat", "DOG", "sat"};
    CHECK(read.words == expected_words);
    CHECK(read.vectors.rows == 0);
    CHECK(read.vectors.cols == 2);
    CHECK(read.vectors.data.empty());
    CHECK(read_vector_words(path) == expected_words);

    filter.lowercase_words = {"dog", "the"};  // with a list of words: only those rows' words
    CHECK(read_word_vectors(path, filter).words == std::vector<std::string>{"The", "DOG"});
}

TEST_CASE("RowFilter::words_only still checks each row's count of numbers, and the header's count") {
    TempDir dir;
    CHECK(error_from([&] { read_vector_words(dir.write("short.txt", "2 2\nking 1 2\nqueen 3\n")); }) ==
          dir.path("short.txt") + ":3: expected 2 numbers after 'queen' but found 1");
    CHECK(error_from([&] { read_vector_words(dir.write("more.txt", "3 2\nking 1 2\nqueen 3 4\n")); }) ==
          dir.path("more.txt") + ": the header's word count is 3 but the file has 2 rows");
}

TEST_CASE("RowFilter::words_only reads the words of a binary file") {
    TempDir dir;
    const std::string path = dir.path("vectors.bin");
    save_vectors(path, {"king", "caf\xC3\xA9"}, Matrix(2, 3, 0.5f), true);
    CHECK(read_vector_words(path) == std::vector<std::string>{"king", "caf\xC3\xA9"});
}

TEST_CASE("RowFilter::max_rows stops reading after that many rows") {
    TempDir dir;
    // Rows 3 and 4 are broken; with max_rows = 2 they are never read, and the
    // header's 4 is not held against the 2 rows read.
    const std::string path = dir.write("four.txt", "4 2\n"
                                                   "The 1 2\n"
                                                   "cat 3 4\n"
                                                   "DOG 5\n"
                                                   "sat 7 8 9\n");
    RowFilter filter;
    filter.max_rows = 2;
    WordVectors read = read_word_vectors(path, filter);

    const std::vector<std::string> expected_words = {"The", "cat"};
    CHECK(read.words == expected_words);
    const std::vector<float> expected_numbers = {1, 2, 3, 4};
    CHECK(read.vectors.data == expected_numbers);
}

TEST_CASE("RowFilter::max_rows above the header's count still catches extra rows") {
    TempDir dir;
    const std::string path = dir.write("more.txt", "1 2\n"
                                                   "king 1 2\n"
                                                   "queen 3 4\n"
                                                   "prince 5 6\n");
    RowFilter filter;
    filter.max_rows = 2;  // reads 2 rows where the header promised 1
    const std::string message = error_from([&] { read_word_vectors(path, filter); });
    INFO("the message: " << message);
    CHECK(contains(message, path));
    CHECK(contains(message, "the header's word count is 1 but the file has 2 rows"));
}

TEST_CASE("RowFilter still checks the size of the rows it leaves out") {
    TempDir dir;
    const std::string path = dir.write("short.txt", "3 2\n"
                                                    "The 1 2\n"
                                                    "cat 3\n"
                                                    "DOG 5 6\n");
    RowFilter filter;
    filter.lowercase_words = {"the", "dog"};
    const std::string message = error_from([&] { read_word_vectors(path, filter); });
    INFO("the message: " << message);
    CHECK(contains(message, path + ":3"));
    CHECK(contains(message, "expected 2 numbers after 'cat' but found 1"));
}

// Floats that are easy to get wrong in a file: tiny, huge, negative, negative
// zero, the smallest subnormal, 1/3 (which has no short decimal form).
static Matrix awkward_vectors() {
    Matrix vectors(2, 4);
    const float values[8] = {1.0f, 1e-30f, 3e38f, -0.1f,
                             -0.0f, std::numeric_limits<float>::denorm_min(), 1.0f / 3.0f, -123456.789f};
    for (size_t i = 0; i < 8; i++) vectors.data[i] = values[i];
    return vectors;
}

TEST_CASE("a binary file written by write_word_vectors reads back bit for bit") {
    TempDir dir;
    const std::string path = dir.path("vectors.bin");
    const std::vector<std::string> words = {"king", "caf\xC3\xA9"};
    const Matrix vectors = awkward_vectors();
    save_vectors(path, words, vectors, true);

    // The file is "2 4\n", then per row the word, a space, 16 bytes of floats, "\n".
    CHECK(file_contents(path).size() == 4 + (5 + 16 + 1) + (6 + 16 + 1));

    WordVectors read = read_word_vectors(path);
    CHECK(read.words == words);
    REQUIRE(read.vectors.rows == 2);
    REQUIRE(read.vectors.cols == 4);
    for (size_t i = 0; i < 8; i++) CHECK(bits_of(read.vectors.data[i]) == bits_of(vectors.data[i]));
}

TEST_CASE("a text file written by write_word_vectors reads back bit for bit") {
    TempDir dir;
    const std::string path = dir.path("vectors.txt");
    const std::vector<std::string> words = {"king", "caf\xC3\xA9"};
    const Matrix vectors = awkward_vectors();
    save_vectors(path, words, vectors, false);

    CHECK(file_contents(path).substr(0, 9) == "2 4\nking ");

    WordVectors read = read_word_vectors(path);
    CHECK(read.words == words);
    REQUIRE(read.vectors.rows == 2);
    REQUIRE(read.vectors.cols == 4);
    for (size_t i = 0; i < 8; i++) CHECK(bits_of(read.vectors.data[i]) == bits_of(vectors.data[i]));
}

TEST_CASE("binary files with awkward first vectors read back: 0.1, 0.01 (a newline byte), zeros, halves") {
    // 0.1f is CD CC CC 3D (no control byte), 0.01f is 0A D7 23 3C (a newline
    // first), 0.0f is 00 00 00 00 and 0.5f is 00 00 00 3F (NULs only).
    for (float first : {0.1f, 0.01f, 0.0f, 0.5f}) {
        CAPTURE(first);
        TempDir dir;
        const std::string path = dir.path("vectors.bin");
        Matrix vectors(2, 2, first);
        vectors(1, 0) = -3.0f;
        save_vectors(path, {"w", "x"}, vectors, true);

        WordVectors read;
        CHECK_NOTHROW(read = read_word_vectors(path));
        REQUIRE(read.vectors.rows == 2);
        CHECK(read.vectors.data == vectors.data);
        CHECK(read.words == std::vector<std::string>{"w", "x"});
    }
}

TEST_CASE("a vector of exactly max_vector_dim numbers is read") {
    TempDir dir;
    REQUIRE(max_vector_dim == 65536);
    std::string text = "1 65536\nw";
    for (int i = 0; i < 65536; i++) text += " 0";
    WordVectors read = read_word_vectors(dir.write("wide.txt", text + "\n"));
    CHECK(read.vectors.rows == 1);
    CHECK(read.vectors.cols == 65536);
}

// ---- read_word_vectors: bad files -------------------------------------------

TEST_CASE("an empty vectors file is an error that says it is empty") {
    TempDir dir;
    for (const std::string& contents : {""s, "\n\n  \r\n"s}) {
        const std::string path = dir.write("empty.txt", contents);
        const std::string message = error_from([&] { read_word_vectors(path); });
        INFO("the message: " << message);
        CHECK(contains(message, path));
        CHECK(contains(message, "the file is empty"));
    }
}

TEST_CASE("a header that promises more rows than the file has is an error") {
    TempDir dir;
    const std::string path = dir.write("fewer.txt", "3 2\n"
                                                    "king 1 2\n"
                                                    "queen 3 4\n");
    const std::string message = error_from([&] { read_word_vectors(path); });
    INFO("the message: " << message);
    CHECK(contains(message, path));
    CHECK(contains(message, "the header's word count is 3 but the file has 2 rows"));
}

TEST_CASE("a header that promises fewer rows than the file has is an error") {
    TempDir dir;
    const std::string path = dir.write("more.txt", "1 2\n"
                                                   "king 1 2\n"
                                                   "queen 3 4\n");
    const std::string message = error_from([&] { read_word_vectors(path); });
    INFO("the message: " << message);
    CHECK(contains(message, path));
    CHECK(contains(message, "the header's word count is 1 but the file has 2 rows"));
}

TEST_CASE("a header claiming 10^12 words over a 1-row file is an error, not a huge allocation") {
    TempDir dir;
    const std::string path = dir.write("huge.txt", "1000000000000 2\n"
                                                   "king 1 2\n");
    const std::string message = error_from([&] { read_word_vectors(path); });
    INFO("the message: " << message);
    CHECK(contains(message, path));
    CHECK(contains(message, "the header's word count is 1000000000000 but the file has 1 row"));
}

TEST_CASE("a header claiming 0 words is an error at line 1") {
    TempDir dir;
    const std::string path = dir.write("zero.txt", "0 3\n");
    const std::string message = error_from([&] { read_word_vectors(path); });
    INFO("the message: " << message);
    CHECK(contains(message, path + ":1"));
    CHECK(contains(message, "0 words"));
}

TEST_CASE("a header claiming vectors of 0 numbers is an error at line 1") {
    TempDir dir;
    const std::string path = dir.write("dim0.txt", "2 0\nking\nqueen\n");
    const std::string message = error_from([&] { read_word_vectors(path); });
    INFO("the message: " << message);
    CHECK(contains(message, path + ":1"));
    CHECK(contains(message, "0 numbers"));
}

TEST_CASE("a GloVe row with a word and no numbers is an error at line 1") {
    TempDir dir;
    const std::string path = dir.write("words.txt", "king\nqueen\n");
    const std::string message = error_from([&] { read_word_vectors(path); });
    INFO("the message: " << message);
    CHECK(contains(message, path + ":1"));
    CHECK(contains(message, "expected a word followed by its vector's numbers"));
}

TEST_CASE("a header claiming more than max_vector_dim numbers is an error at line 1") {
    TempDir dir;
    const std::string path = dir.write("wide.txt", "2 65537\n");
    const std::string message = error_from([&] { read_word_vectors(path); });
    INFO("the message: " << message);
    CHECK(contains(message, path + ":1"));
    CHECK(contains(message, "vectors of 65537 numbers"));
    CHECK(contains(message, "65536"));
}

TEST_CASE("a row with too few numbers is an error naming file:line, the word and the counts") {
    TempDir dir;
    const std::string path = dir.write("short.txt", "2 3\n"
                                                    "king 1 2 3\n"
                                                    "queen 1 2\n");
    const std::string message = error_from([&] { read_word_vectors(path); });
    INFO("the message: " << message);
    CHECK(contains(message, path + ":3"));
    CHECK(contains(message, "expected 3 numbers after 'queen' but found 2"));
}

TEST_CASE("a row with too many numbers is an error naming file:line, the word and the counts") {
    TempDir dir;
    const std::string path = dir.write("long.txt", "king 1 2 3\n"
                                                   "queen 1 2 3 4\n");  // GloVe: the first row sets 3
    const std::string message = error_from([&] { read_word_vectors(path); });
    INFO("the message: " << message);
    CHECK(contains(message, path + ":2"));
    CHECK(contains(message, "expected 3 numbers after 'queen' but found 4"));
}

TEST_CASE("a value that is not a number is an error naming file:line and the value") {
    TempDir dir;
    for (const std::string& bad : {"x"s, "1.5abc"s, "1,5"s}) {
        const std::string path = dir.write("bad.txt", "2 3\n"
                                                      "king 1 2 3\n"
                                                      "queen 1 " + bad + " 3\n");
        const std::string message = error_from([&] { read_word_vectors(path); });
        INFO("the message: " << message);
        CHECK(contains(message, path + ":3"));
        CHECK(contains(message, "'" + bad + "' is not a number"));
        CHECK(contains(message, "'queen'"));
    }
}

TEST_CASE("nan, inf and a number too big for a float are errors naming file:line") {
    TempDir dir;
    for (const std::string& bad : {"nan"s, "NaN"s, "inf"s, "-inf"s, "1e39"s}) {
        const std::string path = dir.write("bad.txt", "king 1 " + bad + " 3\n");
        const std::string message = error_from([&] { read_word_vectors(path); });
        INFO("the message: " << message);
        CHECK(contains(message, path + ":1"));
        CHECK(contains(message, "'" + bad + "' is not a finite number"));
    }
}

TEST_CASE("a truncated binary file is an error that says how many vectors it holds") {
    TempDir dir;
    const std::string path = dir.path("vectors.bin");
    save_vectors(path, {"king", "caf\xC3\xA9"}, Matrix(2, 3, 0.5f), true);
    fs::resize_file(path, fs::file_size(path) - 5);  // cut the "\n" and the last float
    const std::string message = error_from([&] { read_word_vectors(path); });
    INFO("the message: " << message);
    CHECK(contains(message, path));
    CHECK(contains(message, "ends after 1 of the 2 vectors"));
}

TEST_CASE("a NaN in a binary file is an error naming the vector") {
    TempDir dir;
    // 1.0f first, so its zero bytes mark the file as binary; then a NaN.
    const std::string path = dir.write("nan.bin", "1 2\nking " + bytes_of({1.0f, std::nanf("")}) + "\n");
    const std::string message = error_from([&] { read_word_vectors(path); });
    INFO("the message: " << message);
    CHECK(contains(message, path));
    CHECK(contains(message, "vector 1 ('king') holds a NaN or infinity"));
}

TEST_CASE("a binary file with more vectors than its header says is an error") {
    // The text format rejects this (see "a header that promises fewer rows...").
    TempDir dir;
    const std::string path = dir.write("more.bin", "1 2\n"
                                                   "king " + bytes_of({1.0f, 2.0f}) + "\n" +
                                                   "queen " + bytes_of({3.0f, 4.0f}) + "\n");
    const std::string message = error_from([&] { read_word_vectors(path); });
    INFO("the message: " << message);
    CHECK(contains(message, path));
    CHECK(contains(message, "the header's word count is 1 but more vectors follow"));
}

TEST_CASE("a NUL byte in a GloVe file is an error naming file:line") {
    TempDir dir;
    const std::string path = dir.write("nul_byte.txt", "king 1 2\nqueen 1\0 2\n"s);
    const std::string message = error_from([&] { read_word_vectors(path); });
    INFO("the message: " << message);
    CHECK(contains(message, path + ":2"));
    CHECK(contains(message, "NUL byte"));
}

TEST_CASE("a NUL byte far down a word2vec text file is an error naming file:line") {
    TempDir dir;
    // 100 good rows of 8 bytes ("w10 1 2\n" to "w109 1 2\n", 800+ bytes) put
    // the NUL well past the 512 bytes that are looked at to tell binary from text.
    std::string text = "101 2\n";
    for (int i = 10; i < 110; i++) text += "w" + std::to_string(i) + " 1 2\n";
    text += "bad 1\0 2\n"s;  // line 102
    const std::string path = dir.write("nul_byte.txt", text);
    const std::string message = error_from([&] { read_word_vectors(path); });
    INFO("the message: " << message);
    CHECK(contains(message, path + ":102"));
    CHECK(contains(message, "NUL byte"));
}

TEST_CASE("a NUL byte near the top of a word2vec text file is an error naming file:line") {
    // A text file with a stray NUL on line 3: it should be reported as a NUL
    // byte at line 3, not read as a (truncated) binary file.
    TempDir dir;
    const std::string path = dir.write("nul_byte.txt", "2 2\n"
                                                  "king 1 2\n"
                                                  "queen 1\0 2\n"s);
    const std::string message = error_from([&] { read_word_vectors(path); });
    INFO("the message: " << message);
    CHECK(contains(message, path + ":3"));
    CHECK(contains(message, "NUL byte"));
}

// ---- spelling.hpp: the edit distance, the nearest spelled words ---------------

TEST_CASE("edit_distance: the Levenshtein distance, worked by hand") {
    CHECK(edit_distance("", "") == 0);
    CHECK(edit_distance("", "abc") == 3);    // insert a, b, c
    CHECK(edit_distance("abc", "") == 3);    // delete them
    CHECK(edit_distance("queen", "queen") == 0);
    CHECK(edit_distance("quen", "queen") == 1);   // insert an e (the table in spelling.hpp)
    CHECK(edit_distance("queen", "quen") == 1);   // the same, the other way: delete it
    CHECK(edit_distance("quen", "hen") == 2);     // replace q by h, delete u
    CHECK(edit_distance("quen", "green") == 3);   // q -> g, u -> r, insert an e
    CHECK(edit_distance("kitten", "sitting") == 3);  // k -> s, e -> i, insert g (Levenshtein's example)
    CHECK(edit_distance("flaw", "lawn") == 2);    // delete f, insert n
    CHECK(edit_distance("dog", "dgo") == 2);      // a swap is two edits: no transpositions
    CHECK(edit_distance("abc", "xyz") == 3);      // three replacements
    CHECK(edit_distance("Queen", "queen") == 1);  // case counts here; nearest_spelled folds it first
    CHECK(edit_distance("caf\xC3\xA9", "cafe") == 2);  // bytes: é is two bytes, one replaced, one deleted
}

TEST_CASE("nearest_spelled: the smallest distances first, ties in the vocabulary's order") {
    // distances from "quen": the 3, seen 2, queen 1, green 3, hen 2, queens 2
    const Names vocabulary = {"the", "seen", "queen", "green", "hen", "queens"};
    CHECK(nearest_spelled("quen", vocabulary, 3) == Names{"queen", "seen", "hen"});  // seen before hen: earlier
    CHECK(nearest_spelled("quen", vocabulary, 5) == Names{"queen", "seen", "hen", "queens", "the"});  // the before green
    CHECK(nearest_spelled("quen", vocabulary, 1) == Names{"queen"});
    CHECK(nearest_spelled("quen", vocabulary, 0).empty());
    CHECK(nearest_spelled("quen", {}, 3).empty());
    CHECK(nearest_spelled("quen", {"dog"}, 3) == Names{"dog"});  // fewer words than asked for
}

TEST_CASE("nearest_spelled ignores case, as find_word does, and gives the vocabulary's spelling") {
    // "QUEN" is "quen": 1 from "Queen", 3 from "GREEN"
    CHECK(nearest_spelled("QUEN", {"GREEN", "Queen"}, 2) == Names{"Queen", "GREEN"});
}

TEST_CASE("nearest_spelled: a word that differs in length by the farthest distance is skipped, not nearer") {
    // From "ab": xy 2, ax 1, ay 1. With the best two at distance 1 (ax, ay), "abcdef" (4 bytes
    // longer, so at least 4 away) cannot get in, and "a" (1 shorter) could at best tie, later: it stays out.
    CHECK(nearest_spelled("ab", {"xy", "ax", "ay", "abcdef", "a"}, 2) == Names{"ax", "ay"});
    // the same word later in the list at distance 0 does get in
    CHECK(nearest_spelled("ab", {"xy", "ax", "ay", "abcdef", "AB"}, 2) == Names{"AB", "ax"});
}

TEST_CASE("nearest_spelled gives nothing for a word longer than max_spelled_bytes") {
    CHECK(nearest_spelled(std::string(max_spelled_bytes, 'q'), {"queen"}, 3) == Names{"queen"});
    CHECK(nearest_spelled(std::string(max_spelled_bytes + 1, 'q'), {"queen"}, 3).empty());
}

TEST_CASE("comma_list joins words with commas") {
    CHECK(comma_list({}) == "");
    CHECK(comma_list({"queen"}) == "queen");
    CHECK(comma_list({"queen", "seen", "hen"}) == "queen, seen, hen");
}

TEST_CASE("vocabulary_text: the words space-separated, in lines of at most `width` columns") {
    CHECK(vocabulary_text({}) == "");
    CHECK(vocabulary_text({"the", "queen"}) == "the queen\n");
    // width 9: "the queen" is 9 columns and fits; " fed" would make 13
    CHECK(vocabulary_text({"the", "queen", "fed", "her", "dog"}, 9) == "the queen\nfed her\ndog\n");
    // a word wider than the line has a line of its own
    CHECK(vocabulary_text({"a", "abcdefghijk", "b"}, 5) == "a\nabcdefghijk\nb\n");
    // columns are characters: "café" is 4 columns (5 bytes), so "café au" is 7 and fits in 7
    CHECK(vocabulary_text({"caf\xC3\xA9", "au", "lait"}, 7) == "caf\xC3\xA9 au\nlait\n");
    // 80 columns by default: 20 words of 3 letters fill 79 (with 19 spaces); a 21st would make 83
    std::vector<std::string> twenty(21, "abc");
    const std::string text = vocabulary_text(twenty);
    CHECK(text.find('\n') == 79);
    CHECK(text.substr(80) == "abc\n");
}

// ---- OutputFile -------------------------------------------------------------

TEST_CASE("OutputFile writes nothing visible until commit(), then the whole file") {
    TempDir dir;
    const std::string path = dir.path("out.txt");
    {
        OutputFile file(path);
        CHECK(file.temp_path() == path + ".tmp");  // beside the output
        std::fputs("hello\nworld\n", file.stream());
        CHECK(file_names(dir.folder) == Names{"out.txt.tmp"});  // not yet out.txt
        file.commit();
    }
    CHECK(file_contents(path) == "hello\nworld\n");
    CHECK(file_names(dir.folder) == Names{"out.txt"});  // the temporary file is gone
}

TEST_CASE("OutputFile::commit() replaces an existing file") {
    TempDir dir;
    const std::string path = dir.write("out.txt", "old contents\n");
    {
        OutputFile file(path);
        std::fputs("new\n", file.stream());
        file.commit();
    }
    CHECK(file_contents(path) == "new\n");
    CHECK(file_names(dir.folder) == Names{"out.txt"});
}

TEST_CASE("two OutputFiles for the same path write to two temporary files, and the last commit wins") {
    TempDir dir;
    const std::string path = dir.write("out.txt", "old\n");
    for (bool first_commits_first : {true, false}) {
        CAPTURE(first_commits_first);
        OutputFile first(path), second(path);
        CHECK(first.temp_path() == path + ".tmp");
        CHECK(second.temp_path() == path + ".1.tmp");  // .tmp is taken: the next free name
        CHECK(file_names(dir.folder) == Names{"out.txt", "out.txt.1.tmp", "out.txt.tmp"});

        // Interleaved writes, as two programs running at once would make them:
        // with one shared temporary file, each would overwrite the other's bytes.
        std::fputs("first, line 1\n", first.stream());
        std::fflush(first.stream());
        std::fputs("second\n", second.stream());
        std::fflush(second.stream());
        std::fputs("first, line 2\n", first.stream());

        OutputFile& early = first_commits_first ? first : second;
        OutputFile& late = first_commits_first ? second : first;
        const std::string early_text = first_commits_first ? "first, line 1\nfirst, line 2\n" : "second\n";
        const std::string late_text = first_commits_first ? "second\n" : "first, line 1\nfirst, line 2\n";
        early.commit();
        CHECK(file_contents(path) == early_text);
        late.commit();
        CHECK(file_contents(path) == late_text);
        CHECK(file_names(dir.folder) == Names{"out.txt"});
    }
}

TEST_CASE("a temporary file left behind by a killed run is left alone, and the output is still written") {
    TempDir dir;
    const std::string path = dir.path("out.txt");
    dir.write("out.txt.tmp", "left by a run that was killed\n");
    {
        OutputFile file(path);
        CHECK(file.temp_path() == path + ".1.tmp");
        std::fputs("new\n", file.stream());
        file.commit();
    }
    CHECK(file_contents(path) == "new\n");
    CHECK(file_contents(path + ".tmp") == "left by a run that was killed\n");  // not ours to delete
    CHECK(file_names(dir.folder) == Names{"out.txt", "out.txt.tmp"});
}

TEST_CASE("when every temporary name is taken, OutputFile is an error that says what to delete") {
    TempDir dir;
    const std::string path = dir.path("out.txt");
    dir.write("out.txt.tmp", "");
    for (int n = 1; n < OutputFile::max_temp_names; n++) dir.write("out.txt." + std::to_string(n) + ".tmp", "");
    const std::string message = error_from([&] { OutputFile file(path); });
    INFO("the message: " << message);
    CHECK(contains(message, path + ": cannot write"));
    CHECK(contains(message, "100 temporary names"));
    CHECK(contains(message, path + ".tmp, " + path + ".1.tmp, ..."));
    CHECK(file_names(dir.folder).size() == 100u);  // nothing created, nothing deleted
    CHECK_FALSE(fs::exists(path));
}

TEST_CASE("an exception before commit() leaves an existing file unchanged and no temporary file behind") {
    TempDir dir;
    const std::string old_contents = "old contents\nwith two lines\n";
    const std::string path = dir.write("out.txt", old_contents);
    const std::string message = error_from([&] {
        OutputFile file(path);
        OutputFile other(path);  // a second writer fails too
        std::fputs("half of the new", file.stream());
        std::fputs("half of the other", other.stream());
        throw std::runtime_error("the run failed half way");
    });
    CHECK(message == "the run failed half way");
    CHECK(file_contents(path) == old_contents);
    CHECK(file_names(dir.folder) == Names{"out.txt"});
}

TEST_CASE("an OutputFile destroyed without commit() leaves an existing file unchanged and no temporary file behind") {
    TempDir dir;
    const std::string old_contents = "old contents\n";
    const std::string path = dir.write("out.txt", old_contents);
    {
        OutputFile file(path);
        std::fputs("never committed", file.stream());
    }
    CHECK(file_contents(path) == old_contents);
    CHECK(file_names(dir.folder) == Names{"out.txt"});
}

TEST_CASE("an OutputFile in a missing directory is an error that names the path") {
    TempDir dir;
    const std::string path = dir.path("no_such_dir/out.txt");
    const std::string message = error_from([&] { OutputFile file(path); });
    INFO("the message: " << message);
    CHECK(contains(message, path));
    CHECK(contains(message, "cannot write"));
    CHECK(file_names(dir.folder).empty());  // the directory was not created
}

TEST_CASE("an OutputFile whose path is a directory is an error that says so") {
    TempDir dir;
    const std::string path = dir.folder.string();
    const std::string message = error_from([&] { OutputFile file(path); });
    INFO("the message: " << message);
    CHECK(contains(message, path));
    CHECK(contains(message, "is a directory"));
    CHECK(fs::is_directory(path));  // untouched
    CHECK(file_names(dir.folder).empty());
    CHECK_FALSE(fs::exists(path + ".tmp"));
}

// ---- Flags (cli.hpp) --------------------------------------------------------

// The flag table of a small example program, in the form word2vec.cpp and
// attention.cpp use: name, default, help, is_switch, given.
static Flags example_flags() {
    Flags flags;
    flags.program = "example";
    flags.summary = "Shows how flags are read.";
    flags.table = {
        {"size", "100", "numbers per word vector", false, false},
        {"output", "vectors.txt", "the file to write", false, false},
        {"window", "5", "words on each side of the centre word", false, false},
        {"alpha", "0.025", "the starting learning rate", false, false},
        {"vectors", "", "a word-vector file to read", false, false},
        {"a-rather-long-flag-name", "1", "a flag whose name needs a line of its own", false, false},
        {"causal", "", "let each word see only the words before it", true, false},
    };
    return flags;
}

// flags.parse on a command line given as words, the program's name first.
static bool parse(Flags& flags, std::vector<std::string> args) {
    std::vector<char*> argv;
    for (std::string& arg : args) argv.push_back(&arg[0]);
    argv.push_back(nullptr);
    return flags.parse(static_cast<int>(args.size()), argv.data());
}

// The message of the UsageError that `action` throws, or a note that none was.
static std::string usage_error_from(const std::function<void()>& action) {
    try {
        action();
    } catch (const UsageError& error) {
        return error.what();
    }
    return "(no UsageError was thrown)";
}

// example_flags() after the command line `./example -<name> <value>`.
static Flags flags_with(const std::string& name, const std::string& value) {
    Flags flags = example_flags();
    REQUIRE(parse(flags, {"example", "-" + name, value}));
    return flags;
}

TEST_CASE("parse reads -name value, --name value, --name=value and -name=value") {
    for (const std::vector<std::string>& command_line : {std::vector<std::string>{"example", "-size", "50"},
                                                         std::vector<std::string>{"example", "--size", "50"},
                                                         std::vector<std::string>{"example", "--size=50"},
                                                         std::vector<std::string>{"example", "-size=50"}}) {
        INFO("the command line ends with: " << command_line.back());
        Flags flags = example_flags();
        CHECK(parse(flags, command_line));
        CHECK(flags.text("size") == "50");
        CHECK(flags.given("size"));
        CHECK(flags.text("window") == "5");  // the others keep their defaults
        CHECK_FALSE(flags.given("window"));
    }
}

TEST_CASE("parse reads several flags, and a value may contain '='") {
    Flags flags = example_flags();
    CHECK(parse(flags, {"example", "-output", "out.txt", "--window=3", "--vectors=a=b.txt"}));
    CHECK(flags.text("output") == "out.txt");
    CHECK(flags.text("window") == "3");
    CHECK(flags.text("vectors") == "a=b.txt");  // split at the first '=' only
}

TEST_CASE("a switch is given by its name alone") {
    Flags without = example_flags();
    CHECK(parse(without, {"example"}));
    CHECK_FALSE(without.given("causal"));

    Flags with = example_flags();
    CHECK(parse(with, {"example", "--causal", "-size", "7"}));
    CHECK(with.given("causal"));
    CHECK(with.text("size") == "7");
}

TEST_CASE("an unknown option is a UsageError that names it") {
    Flags flags = example_flags();
    CHECK_THROWS_WITH_AS(parse(flags, {"example", "-sise", "50"}), doctest::Contains("unknown option '-sise'"),
                         UsageError);
}

TEST_CASE("a word that is not an option is a UsageError that names it") {
    Flags flags = example_flags();
    CHECK_THROWS_WITH_AS(parse(flags, {"example", "vectors.txt"}),
                         doctest::Contains("unexpected argument 'vectors.txt'"), UsageError);
    Flags after_switch = example_flags();
    CHECK_THROWS_WITH_AS(parse(after_switch, {"example", "--causal", "yes"}),
                         doctest::Contains("unexpected argument 'yes'"), UsageError);
}

TEST_CASE("an option given twice is a UsageError, in any spelling") {
    Flags flags = example_flags();
    CHECK_THROWS_WITH_AS(parse(flags, {"example", "-size", "5", "--size=6"}),
                         doctest::Contains("option -size is given twice"), UsageError);
}

TEST_CASE("an option without its value at the end of the line is a UsageError") {
    Flags flags = example_flags();
    CHECK_THROWS_WITH_AS(parse(flags, {"example", "-size", "5", "-output"}),
                         doctest::Contains("option -output needs a value"), UsageError);
}

TEST_CASE("an option followed by another option instead of its value is a UsageError") {
    Flags flags = example_flags();
    CHECK_THROWS_WITH_AS(parse(flags, {"example", "-output", "-size", "5"}),
                         doctest::Contains("option -output needs a value"), UsageError);
    Flags gnu = example_flags();
    CHECK_THROWS_WITH_AS(parse(gnu, {"example", "-output", "--size=5"}),
                         doctest::Contains("option -output needs a value"), UsageError);
}

TEST_CASE("an option followed by --help instead of its value is a UsageError") {
    // "./example -output --help" should not write a file named "--help".
    Flags flags = example_flags();
    CHECK_THROWS_WITH_AS(parse(flags, {"example", "-output", "--help"}),
                         doctest::Contains("option -output needs a value"), UsageError);
}

TEST_CASE("a switch given a value is a UsageError") {
    Flags flags = example_flags();
    CHECK_THROWS_WITH_AS(parse(flags, {"example", "--causal=1"}), doctest::Contains("option -causal takes no value"),
                         UsageError);
}

TEST_CASE("-window -1 takes -1 as the value, which integer() then rejects as out of range") {
    Flags flags = example_flags();
    CHECK(parse(flags, {"example", "-window", "-1"}));  // "-1" names no flag, so it is a value
    CHECK(flags.text("window") == "-1");
    CHECK_THROWS_WITH_AS(flags.integer("window", 1, 100),
                         doctest::Contains("-window: -1 is out of range; use a number from 1 to 100"), UsageError);
}

TEST_CASE("--help, -help and -h make parse return false") {
    for (const std::string& help : {"--help"s, "-help"s, "-h"s, "--h"s}) {
        INFO("asking with " << help);
        Flags flags = example_flags();
        CHECK_FALSE(parse(flags, {"example", help}));
        Flags after_others = example_flags();
        CHECK_FALSE(parse(after_others, {"example", "-size", "5", help}));
    }
}

TEST_CASE("help_text lists every flag with its default and its help") {
    const std::string help = example_flags().help_text();
    INFO("the help text:\n" << help);
    CHECK(help.rfind("usage: ./example [options]\nShows how flags are read.\n", 0) == 0);  // starts with
    CHECK(contains(help, "  -size <100>"));
    CHECK(contains(help, "numbers per word vector"));
    CHECK(contains(help, "  -output <vectors.txt>"));
    CHECK(contains(help, "the file to write"));
    CHECK(contains(help, "  -window <5>"));
    CHECK(contains(help, "words on each side of the centre word"));
    CHECK(contains(help, "  -alpha <0.025>"));
    CHECK(contains(help, "the starting learning rate"));
    CHECK(contains(help, "  -vectors <...>"));  // an empty default shows as "..."
    CHECK(contains(help, "a word-vector file to read"));
    CHECK(contains(help, "  -a-rather-long-flag-name <1>"));
    CHECK(contains(help, "a flag whose name needs a line of its own"));
    CHECK(contains(help, "  -causal "));  // a switch shows no value
    CHECK_FALSE(contains(help, "-causal <"));
    CHECK(contains(help, "let each word see only the words before it"));
}

TEST_CASE("help_text puts each help in column 30, on its own line after a long name") {
    const std::string help = example_flags().help_text();
    INFO("the help text:\n" << help);
    // "  -size <100>" is 13 characters; 17 spaces bring the help to column 30.
    CHECK(contains(help, "\n  -size <100>" + std::string(30 - 13, ' ') + "numbers per word vector\n"));
    // "  -causal" is 9 characters.
    CHECK(contains(help, "\n  -causal" + std::string(30 - 9, ' ') + "let each word see only the words before it\n"));
    // "  -a-rather-long-flag-name <1>" is 30 characters: too long to share the line.
    CHECK(contains(help, "\n  -a-rather-long-flag-name <1>\n" + std::string(30, ' ') +
                             "a flag whose name needs a line of its own\n"));
}

TEST_CASE("text() and given() of a flag that is not in the table are a logic_error (a bug in the program)") {
    Flags flags = example_flags();
    CHECK_THROWS_AS(flags.text("no-such-flag"), std::logic_error);
    CHECK_THROWS_AS(flags.given("no-such-flag"), std::logic_error);
}

TEST_CASE("integer() reads a whole number within its range") {
    CHECK(flags_with("size", "50").integer("size", 1, 1000) == 50);
    CHECK(flags_with("size", "1").integer("size", 1, 1000) == 1);  // both ends are allowed
    CHECK(flags_with("size", "1000").integer("size", 1, 1000) == 1000);
    CHECK(flags_with("window", "-3").integer("window", -5, 5) == -3);
    CHECK(example_flags().integer("size", 1, 1000) == 100);  // the default
}

TEST_CASE("integer() rejects what is not a whole number") {
    for (const std::string& bad : {"abc"s, ""s, "2.5"s, "1e3"s, "nan"s, "inf"s, "0x10"s}) {
        INFO("the value: '" << bad << "'");
        CHECK_THROWS_WITH_AS(flags_with("size", bad).integer("size", 1, 1000),
                             doctest::Contains("is not a whole number"), UsageError);
    }
}

TEST_CASE("integer() rejects a number followed by other characters") {
    for (const std::string& bad : {"5x"s, "5 "s, "50%"s}) {
        INFO("the value: '" << bad << "'");
        const std::string message = usage_error_from([&] { flags_with("size", bad).integer("size", 1, 1000); });
        CHECK(message == "-size: '" + bad + "' is not a whole number");
    }
}

TEST_CASE("integer() rejects a number out of its range and says what the range is") {
    CHECK_THROWS_WITH_AS(flags_with("size", "0").integer("size", 1, 1000),
                         doctest::Contains("-size: 0 is out of range; use a number from 1 to 1000"), UsageError);
    CHECK_THROWS_WITH_AS(flags_with("size", "1001").integer("size", 1, 1000),
                         doctest::Contains("-size: 1001 is out of range; use a number from 1 to 1000"), UsageError);
}

TEST_CASE("integer() calls a whole number too big for a long long out of range") {
    // 10^20 is a whole number, just larger than 2^63 - 1; "is not a whole number" would mislead.
    CHECK_THROWS_WITH_AS(flags_with("size", "100000000000000000000").integer("size", 1, 1000),
                         doctest::Contains("out of range"), UsageError);
}

TEST_CASE("integer() and real() reject a value that starts with a space") {
    // They reject "5 " (a trailing space); " 5" should be rejected the same way.
    CHECK_THROWS_AS(flags_with("size", " 5").integer("size", 1, 1000), UsageError);
    CHECK_THROWS_AS(flags_with("alpha", " 0.5").real("alpha", 0, 1), UsageError);
}

TEST_CASE("real() reads a finite number within its range") {
    // strtod and the compiler both give the double nearest to the decimal.
    CHECK(flags_with("alpha", "0.5").real("alpha", 0, 1) == 0.5);
    CHECK(flags_with("alpha", "1e-3").real("alpha", 0, 1) == 0.001);
    CHECK(flags_with("alpha", "-0.25").real("alpha", -1, 1) == -0.25);
    CHECK(example_flags().real("alpha", 0, 1) == 0.025);  // the default
}

TEST_CASE("real() rejects what is not a number, nan included, and calls infinity out of range") {
    for (const std::string& bad : {"abc"s, ""s, "nan"s}) {
        INFO("the value: '" << bad << "'");
        CHECK_THROWS_WITH_AS(flags_with("alpha", bad).real("alpha", 0, 1), doctest::Contains("is not a number"),
                             UsageError);
    }
    for (const std::string& bad : {"inf"s, "-inf"s, "infinity"s}) {
        INFO("the value: '" << bad << "'");
        CHECK_THROWS_WITH_AS(flags_with("alpha", bad).real("alpha", 0, 1), doctest::Contains("out of range"),
                             UsageError);
    }
}

TEST_CASE("real() rejects a number followed by other characters") {
    for (const std::string& bad : {"0.5x"s, "0.5 "s, "0,5"s}) {
        INFO("the value: '" << bad << "'");
        const std::string message = usage_error_from([&] { flags_with("alpha", bad).real("alpha", 0, 1); });
        CHECK(message == "-alpha: '" + bad + "' is not a number");
    }
}

TEST_CASE("real() rejects a number out of its range and says what the range is") {
    CHECK_THROWS_WITH_AS(flags_with("alpha", "2").real("alpha", 0, 1),
                         doctest::Contains("-alpha: 2 is out of range; use a number from 0 to 1"), UsageError);
    CHECK_THROWS_WITH_AS(flags_with("alpha", "-0.5").real("alpha", 0, 1),
                         doctest::Contains("-alpha: -0.5 is out of range; use a number from 0 to 1"), UsageError);
}

TEST_CASE("real() calls a number too big for a double out of range") {
    // 1e999 is a number, just larger than the largest double (about 1.8e308).
    CHECK_THROWS_WITH_AS(flags_with("alpha", "1e999").real("alpha", 0, 1), doctest::Contains("out of range"),
                         UsageError);
}
