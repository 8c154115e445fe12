// io.hpp - files: reading text word by word, writing a file safely, and the
// word-vector files that carry embeddings from ./word2vec to ./attention.
// Used by both programs' support files, not by the lessons, which get their
// data already read.
//
// The pieces, each used by one program or both:
//   TokenReader     reads any text file one word at a time, with line numbers
//                   for error messages; a corpus, a vectors file and an
//                   analogy file are all read through it.
//   OutputFile      writes to a temporary file and renames it into place at
//                   the end, so a failed run never leaves half a file behind.
//   WordVectors     the word2vec text format (a header line "count dim", then
//                   "word v1 ... vd" per line), GloVe's text format (no
//                   header) and word2vec's binary format.
//   split_sentence  splits a sentence as people type it into words and
//                   punctuation marks: "her dog." is "her", "dog", ".".
//
// What is left out on purpose: compressed files (gunzip them first), fastText
// .bin models, and Unicode-aware case folding (only A-Z is folded to a-z).

#pragma once

#include "../matrix.hpp"

#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

// Longer "words" are not words: a file without spaces, or not text at all.
constexpr size_t max_word_bytes = 1000;
// Wider vectors than any published embedding; a header claiming more is broken.
constexpr size_t max_vector_dim = 65536;

inline std::string system_error_text() { return std::strerror(errno); }

// What separates words: spaces, tabs, and the carriage return of Windows line
// endings. (The newline is not here: it also ends a line.)
inline bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }

// ---- reading text, one word at a time ------------------------------------

// Words are separated by spaces, tabs or carriage returns (so Windows line
// endings work). A newline ends a line: next() reports it as the word "\n",
// so a caller sees where sentences or rows end. A UTF-8 byte order mark at the
// start is skipped. Bytes >= 128 are ordinary word characters, so UTF-8 words
// pass through unchanged.
class TokenReader {
public:
    explicit TokenReader(const std::string& path) : path_(path) {
        if (std::filesystem::is_directory(path))
            throw std::runtime_error(path + ": is a directory, not a file");
        file_ = std::fopen(path.c_str(), "rb");
        if (file_ == nullptr) throw std::runtime_error(path + ": cannot open: " + system_error_text());
        try {
            fill();
        } catch (...) {  // the destructor does not run for a half-built object
            std::fclose(file_);
            throw;
        }
        static const char bom[] = "\xEF\xBB\xBF";
        if (end_ >= 3 && std::memcmp(buffer_.data(), bom, 3) == 0) begin_ = 3;
    }
    ~TokenReader() { std::fclose(file_); }
    TokenReader(const TokenReader&) = delete;
    TokenReader& operator=(const TokenReader&) = delete;

    const std::string& path() const { return path_; }
    // "file:line", for error messages.
    std::string where() const { return path_ + ":" + std::to_string(line_); }
    long long line() const { return line_; }

    // The next word, or "\n" at the end of each line. The last line counts as
    // ended even without a final newline. Returns false at the end of file.
    bool next(std::string& token) {
        token.clear();
        while (true) {
            if (begin_ == end_ && !fill()) {
                if (token.empty() && !line_has_words_) return false;
                if (token.empty()) return end_line(token);  // last line had no '\n'
                line_has_words_ = true;
                return true;
            }
            char c = buffer_[begin_];
            if (is_space(c) || c == '\n') {
                if (!token.empty()) {  // the word is complete; leave '\n' for the next call
                    if (c != '\n') begin_++;
                    line_has_words_ = true;
                    return true;
                }
                begin_++;
                if (c == '\n') return end_line(token);
                continue;
            }
            if (c == '\0')
                throw std::runtime_error(where() + ": contains a NUL byte; this looks like a binary file, not text");
            // Copy the run of word characters that is in the buffer.
            size_t run = begin_;
            while (run < end_ && !is_space(buffer_[run]) && buffer_[run] != '\n' && buffer_[run] != '\0') run++;
            token.append(buffer_.data() + begin_, run - begin_);
            begin_ = run;
            if (token.size() > max_word_bytes)
                throw std::runtime_error(where() + ": a word longer than " + std::to_string(max_word_bytes) +
                                         " bytes; is this a text file with spaces between words?");
        }
    }

    // Skips the rest of the current line and returns how many words it had.
    // Faster than next() because nothing is copied: for rows we do not keep.
    size_t skip_line() {
        size_t words = 0;
        bool in_word = false;
        while (begin_ < end_ || fill()) {
            char c = buffer_[begin_++];
            if (c == '\n') {
                line_++;
                line_has_words_ = false;
                return words + (in_word ? 1 : 0);
            }
            if (c == '\0')
                throw std::runtime_error(where() + ": contains a NUL byte; this looks like a binary file, not text");
            bool space = is_space(c);
            if (space && in_word) words++;
            in_word = !space;
        }
        line_has_words_ = false;
        return words + (in_word ? 1 : 0);
    }

    // Exactly `count` raw bytes, for binary data. False if the file ends first.
    bool read_bytes(void* destination, size_t count) {
        char* out = static_cast<char*>(destination);
        while (count > 0) {
            if (begin_ == end_ && !fill()) return false;
            size_t n = std::min(count, end_ - begin_);
            std::memcpy(out, buffer_.data() + begin_, n);
            out += n;
            begin_ += n;
            count -= n;
        }
        return true;
    }

    // The next `count` bytes (fewer at the end of the file), left unread.
    std::string peek_bytes(size_t count) {
        peek(count);
        return std::string(buffer_.data() + begin_, std::min(count, end_ - begin_));
    }

private:
    static constexpr size_t buffer_size = 1 << 20;

    // Makes sure at least `count` unread bytes are in the buffer (or all that is left of the file).
    void peek(size_t count) {
        if (end_ - begin_ >= count) return;
        buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(begin_));
        end_ -= begin_;
        begin_ = 0;
        buffer_.resize(std::max(buffer_size, count));
        while (end_ < count) {
            size_t got = std::fread(buffer_.data() + end_, 1, buffer_.size() - end_, file_);
            if (got == 0) break;
            end_ += got;
        }
    }

    bool fill() {
        buffer_.resize(buffer_size);
        begin_ = 0;
        end_ = std::fread(buffer_.data(), 1, buffer_size, file_);
        if (end_ == 0 && std::ferror(file_)) throw std::runtime_error(where() + ": read error: " + system_error_text());
        return end_ > 0;
    }

    bool end_line(std::string& token) {
        line_++;
        line_has_words_ = false;
        token = "\n";
        return true;
    }

    std::string path_;
    std::FILE* file_ = nullptr;
    std::vector<char> buffer_;
    size_t begin_ = 0, end_ = 0;  // the unread bytes are buffer_[begin_, end_)
    long long line_ = 1;          // the line being read, counting from 1
    bool line_has_words_ = false;
};

// ---- writing a file safely -----------------------------------------------

// Creates the file `path` and opens it for writing, but only if no file of
// that name exists yet: checking and creating are one step, so two programs
// can never both get the same new file. Returns nullptr with errno set
// (EEXIST if the name is taken). C11's fopen mode "x" would do it, but we
// cannot count on it in every C library we build with (MinGW's msvcrt.dll,
// for one), so this uses each system's own call, as is_terminal in cli.hpp
// does: open() with O_EXCL, or _open() with _O_EXCL on Windows.
#ifdef _WIN32
#include <fcntl.h>
#include <io.h>
#include <sys/stat.h>
inline std::FILE* create_new_file(const std::string& path) {
    const int descriptor = _open(path.c_str(), _O_WRONLY | _O_CREAT | _O_EXCL | _O_BINARY, _S_IREAD | _S_IWRITE);
    if (descriptor < 0) return nullptr;
    std::FILE* stream = _fdopen(descriptor, "wb");
    if (stream == nullptr) {  // out of memory: undo what was done, keeping errno
        const int error = errno;
        _close(descriptor);
        std::remove(path.c_str());
        errno = error;
    }
    return stream;
}
#else
#include <fcntl.h>
#include <unistd.h>
inline std::FILE* create_new_file(const std::string& path) {
    const int descriptor = open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0666);  // 0666: the same as fopen
    if (descriptor < 0) return nullptr;
    std::FILE* stream = fdopen(descriptor, "wb");
    if (stream == nullptr) {  // out of memory: undo what was done, keeping errno
        const int error = errno;
        close(descriptor);
        std::remove(path.c_str());
        errno = error;
    }
    return stream;
}
#endif

// Writes go to a temporary file beside <path>; commit() renames it to <path>
// in one step (on Windows too: std::filesystem::rename replaces an existing
// file there as well). If anything fails before that (an exception, a full
// disk), the temporary file is deleted and an existing <path> keeps its old
// contents, byte for byte.
//
// The temporary file is "<path>.tmp", or, if that name is taken (another run
// is writing the same output right now, or a killed run left it behind),
// "<path>.1.tmp", "<path>.2.tmp" and so on: the first free name, created
// only if it is new, so that two runs never write into the same file.
class OutputFile {
public:
    explicit OutputFile(const std::string& path) : path_(path) {
        if (std::filesystem::is_directory(path))
            throw std::runtime_error(path + ": is a directory; give a file name to write to");
        for (int attempt = 0; attempt < max_temp_names && stream_ == nullptr; attempt++) {
            temp_path_ = path + (attempt == 0 ? "" : "." + std::to_string(attempt)) + ".tmp";
            errno = 0;
            stream_ = create_new_file(temp_path_);
            if (stream_ == nullptr && errno != EEXIST)
                throw std::runtime_error(path + ": cannot write: " + system_error_text());
        }
        if (stream_ == nullptr)
            throw std::runtime_error(path + ": cannot write: its " + std::to_string(max_temp_names) +
                                     " temporary names (" + path + ".tmp, " + path + ".1.tmp, ...) are all " +
                                     "taken; delete them if no program is writing " + path);
    }
    ~OutputFile() {
        if (stream_ != nullptr) std::fclose(stream_);
        if (!committed_) std::remove(temp_path_.c_str());
    }
    OutputFile(const OutputFile&) = delete;
    OutputFile& operator=(const OutputFile&) = delete;

    std::FILE* stream() { return stream_; }
    // Where the writes go until commit().
    const std::string& temp_path() const { return temp_path_; }

    void commit() {
        if (stream_ == nullptr) throw std::logic_error(path_ + ": OutputFile::commit called twice");
        errno = 0;
        bool ok = std::fflush(stream_) == 0 && !std::ferror(stream_);
        ok = (std::fclose(stream_) == 0) && ok;
        stream_ = nullptr;
        if (!ok) throw std::runtime_error(path_ + ": write failed: " + (errno ? system_error_text() : "error writing"));
        std::error_code error;
        std::filesystem::rename(temp_path_, path_, error);  // replaces <path>, on Windows too
        if (error) throw std::runtime_error(path_ + ": cannot rename the finished file into place: " + error.message());
        committed_ = true;
    }

    // How many temporary names are tried before giving up.
    static constexpr int max_temp_names = 100;

private:
    std::string path_, temp_path_;
    std::FILE* stream_ = nullptr;
    bool committed_ = false;
};

// ---- word-vector files ---------------------------------------------------

struct WordVectors {
    std::vector<std::string> words;  // words[r] is the word of row r
    Matrix vectors;                  // (n_words, dim)
};

// A-Z to a-z; other bytes (digits, UTF-8) unchanged.
inline std::string lowercase(std::string word) {
    for (char& c : word)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return word;
}

// The words of a line of text, split at spaces and tabs.
inline std::vector<std::string> split_on_spaces(const std::string& text) {
    std::vector<std::string> words;
    std::string word;
    for (char c : text) {
        if (is_space(c) || c == '\n') {
            if (!word.empty()) words.push_back(word);
            word.clear();
        } else {
            word += c;
        }
    }
    if (!word.empty()) words.push_back(word);
    return words;
}

// The row of `word`: an exact match if there is one, else the first row whose
// word differs only in case ("The" finds "the"). words.size() if neither.
inline size_t find_word(const std::vector<std::string>& words, const std::string& word) {
    for (size_t r = 0; r < words.size(); r++)
        if (words[r] == word) return r;
    const std::string wanted = lowercase(word);
    for (size_t r = 0; r < words.size(); r++)
        if (lowercase(words[r]) == wanted) return r;
    return words.size();
}

// Which rows to keep while reading. By default all of them; attention keeps
// only the handful its sentence needs out of a 400,000-word file, and the
// analogy test keeps the most frequent words at the top of the file.
// With words_only, the rows kept give their words alone: out.words grows,
// out.vectors keeps 0 rows, and no number is parsed (each row's count of
// numbers is still checked). That is what suggesting a known word for a typo
// needs (spelling.hpp) from a file that may hold 400,000 rows.
struct RowFilter {
    std::unordered_set<std::string> lowercase_words;  // if not empty: keep only these (compared in lowercase)
    size_t max_rows = SIZE_MAX;                        // stop reading after this many rows
    bool words_only = false;                           // keep the rows' words, not their numbers
};

// The word that starts the next row, skipping blank lines. False at the end.
inline bool next_row_word(TokenReader& in, std::string& word) {
    while (in.next(word))
        if (word != "\n") return true;
    return false;
}

// The remaining words of the current line.
inline std::vector<std::string> rest_of_line(TokenReader& in) {
    std::vector<std::string> words;
    std::string token;
    while (in.next(token) && token != "\n") words.push_back(token);
    return words;
}

inline void check_row_size(const std::string& where, const std::string& word, size_t found, size_t dim) {
    if (found != dim)
        throw std::runtime_error(where + ": expected " + std::to_string(dim) + " numbers after '" + word +
                                 "' but found " + std::to_string(found));
}

inline float parse_vector_number(const std::string& text, const std::string& where, const std::string& word) {
    char* end = nullptr;
    float number = std::strtof(text.c_str(), &end);
    if (*end != '\0') throw std::runtime_error(where + ": '" + text + "' is not a number (in the row of '" + word + "')");
    if (!std::isfinite(number))
        throw std::runtime_error(where + ": '" + text + "' is not a finite number (in the row of '" + word + "')");
    return number;
}

// A header field: digits only, so "3" counts and "3.0" or "-3" does not.
inline bool parse_count(const std::string& text, unsigned long long& value) {
    if (text.empty() || text.size() > 19 || text.find_first_not_of("0123456789") != std::string::npos) return false;
    value = std::strtoull(text.c_str(), nullptr, 10);
    return true;
}

inline bool filter_keeps(const RowFilter& filter, const std::string& word) {
    return filter.lowercase_words.empty() || filter.lowercase_words.count(lowercase(word)) > 0;
}

inline void add_row(WordVectors& out, const std::string& word, const std::vector<float>& vector) {
    out.words.push_back(word);
    if (vector.empty()) return;  // words_only
    out.vectors.data.insert(out.vectors.data.end(), vector.begin(), vector.end());
    out.vectors.rows++;
}

// One text row: checks its size and, if the filter keeps it, its numbers.
inline void add_text_row(WordVectors& out, const RowFilter& filter, const std::string& where,
                         const std::string& word, const std::vector<std::string>& values) {
    const size_t dim = out.vectors.cols;
    check_row_size(where, word, values.size(), dim);
    if (!filter_keeps(filter, word)) return;
    if (filter.words_only) return add_row(out, word, {});
    std::vector<float> vector(dim);
    for (size_t i = 0; i < dim; i++) vector[i] = parse_vector_number(values[i], where, word);
    add_row(out, word, vector);
}

// Is the first row after word2vec's header binary rather than text? Both
// begin with the word and a space; `upcoming` holds the bytes from there on.
// A text row goes on with exactly `dim` numbers and a newline: then it is text.
// Otherwise, 4 * dim bytes of binary floats hold, all but surely, a byte no
// text has: one >= 127 (a negative float's sign bit makes one), a NUL (as in
// 0.0 or 0.5) or another control character. The newline is not counted, since
// binary floats contain it too (0.01 starts with it), and a malformed text
// row with neither is read as text, so that its error says what is wrong.
inline bool first_row_is_binary(const std::string& upcoming, size_t dim) {
    size_t start = 0;
    while (start < upcoming.size() && (is_space(upcoming[start]) || upcoming[start] == '\n')) start++;
    start = upcoming.find(' ', start);  // the space after the word
    if (start == std::string::npos) return false;
    start++;

    const std::string line = upcoming.substr(start, upcoming.find_first_of(std::string("\n\0", 2), start) - start);
    std::vector<std::string> fields = split_on_spaces(line);
    bool all_numbers = fields.size() == dim;
    for (const std::string& field : fields) {
        char* end = nullptr;
        std::strtof(field.c_str(), &end);
        all_numbers = all_numbers && *end == '\0';
    }
    if (all_numbers) return false;

    for (size_t i = start; i < upcoming.size() && i < start + 4 * dim; i++) {
        unsigned char c = static_cast<unsigned char>(upcoming[i]);
        if (c >= 127 || (c < 32 && c != '\t' && c != '\r' && c != '\n')) return true;
    }
    return false;
}

// word2vec's binary format: after the header line, per word the word, one
// space, `dim` 4-byte little-endian IEEE floats, and (usually) a newline.
inline void read_binary_rows(TokenReader& in, const RowFilter& filter, unsigned long long count,
                             WordVectors& out) {
    const size_t dim = out.vectors.cols;
    std::vector<float> vector(dim);
    std::string word;
    for (unsigned long long r = 0; r < count && r < filter.max_rows; r++) {
        if (!next_row_word(in, word) || !in.read_bytes(vector.data(), dim * sizeof(float)))
            throw std::runtime_error(in.path() + ": the file ends after " + std::to_string(r) + " of the " +
                                     std::to_string(count) + " vectors its header promises");
        for (float x : vector)
            if (!std::isfinite(x))
                throw std::runtime_error(in.path() + ": vector " + std::to_string(r + 1) + " ('" + word +
                                         "') holds a NaN or infinity");
        if (filter_keeps(filter, word)) add_row(out, word, filter.words_only ? std::vector<float>{} : vector);
    }
    if (count < filter.max_rows && next_row_word(in, word))
        throw std::runtime_error(in.path() + ": the header's word count is " + std::to_string(count) +
                                 " but more vectors follow");
}

// Reads a word-vector file in any of the three formats, keeping the rows
// `filter` asks for. Every row is checked for its number of values; the values
// themselves are parsed (and checked) only in the rows we keep (with
// words_only, in none), which is what makes a 400,000-word file quick to
// search for six words.
inline WordVectors read_word_vectors(const std::string& path, const RowFilter& filter = {}) {
    TokenReader in(path);
    std::string word;
    if (!next_row_word(in, word)) throw std::runtime_error(path + ": the file is empty; expected word vectors");

    // The first line is either word2vec's header "count dim" or GloVe's first row.
    std::string first_where = in.where();
    std::vector<std::string> first_values = rest_of_line(in);
    unsigned long long header_count = 0, header_dim = 0;
    bool has_header = first_values.size() == 1 && parse_count(word, header_count) &&
                      parse_count(first_values[0], header_dim);
    unsigned long long dim = has_header ? header_dim : first_values.size();
    if (dim == 0)
        throw std::runtime_error(first_where + (has_header ? ": the header says the vectors have 0 numbers"
                                                           : ": expected a word followed by its vector's numbers"));
    if (dim > max_vector_dim)
        throw std::runtime_error(first_where + ": vectors of " + std::to_string(dim) + " numbers; the most this reads is " +
                                 std::to_string(max_vector_dim));
    if (has_header && header_count == 0) throw std::runtime_error(first_where + ": the header says the file has 0 words");

    WordVectors out;
    out.vectors = Matrix(0, dim);
    if (has_header && first_row_is_binary(in.peek_bytes(max_word_bytes + 4 * dim + 2), dim)) {
        read_binary_rows(in, filter, header_count, out);
        return out;
    }

    size_t rows = 0;
    if (!has_header) {  // GloVe: the first line was already a row
        rows++;
        add_text_row(out, filter, first_where, word, first_values);
    }
    while (rows < filter.max_rows && next_row_word(in, word)) {
        rows++;
        std::string where = in.where();
        if (filter_keeps(filter, word) && !filter.words_only) {
            add_text_row(out, filter, where, word, rest_of_line(in));
        } else {
            check_row_size(where, word, in.skip_line(), dim);  // counted, not parsed
            if (filter.words_only && filter_keeps(filter, word)) add_row(out, word, {});
        }
    }

    bool read_to_the_end = rows < filter.max_rows;
    if (has_header && (rows > header_count || (read_to_the_end && rows != header_count)))
        throw std::runtime_error(path + ": the header's word count is " + std::to_string(header_count) +
                                 " but the file has " + std::to_string(rows) + (rows == 1 ? " row" : " rows"));
    return out;
}

// The words of every row of a vectors file, in the file's order, without their numbers.
inline std::vector<std::string> read_vector_words(const std::string& path) {
    RowFilter filter;
    filter.words_only = true;
    return read_word_vectors(path, filter).words;
}

// Writes the vectors in word2vec's text format (or its binary format). Nine
// significant digits give back exactly the same float when read again.
inline void write_word_vectors(OutputFile& file, const std::vector<std::string>& words, const Matrix& vectors,
                               bool binary) {
    std::FILE* out = file.stream();
    std::fprintf(out, "%zu %zu\n", vectors.rows, vectors.cols);
    for (size_t r = 0; r < vectors.rows; r++) {
        std::fputs(words[r].c_str(), out);
        if (binary) {
            std::fputc(' ', out);
            std::fwrite(vectors.row(r), sizeof(float), vectors.cols, out);
        } else {
            for (size_t c = 0; c < vectors.cols; c++) std::fprintf(out, " %.9g", static_cast<double>(vectors(r, c)));
        }
        std::fputc('\n', out);
    }
}

// ---- a sentence as people type it ----------------------------------------

// The punctuation marks that split_sentence cuts off words, each one a token
// of its own: the ASCII marks that end or wrap words, and the curly double
// quotes that word processors type (UTF-8 bytes of U+201C and U+201D).
// The apostrophe and the hyphen are not here: they belong to words such as
// "don't", "queen's" and "well-known".
constexpr const char* punctuation_marks[] = {".", ",", ";", ":", "!", "?", "\"", "(", ")", "[", "]", "{", "}",
                                             "\xE2\x80\x9C", "\xE2\x80\x9D"};

// Is `token` one punctuation mark (as split_sentence gives them)?
inline bool is_punctuation(const std::string& token) {
    for (const char* mark : punctuation_marks)
        if (token == mark) return true;
    return false;
}

// The length of the mark that starts at word[begin] (0 if none starts there).
inline size_t mark_starting_at(const std::string& word, size_t begin, size_t end) {
    for (const char* mark : punctuation_marks) {
        const size_t length = std::strlen(mark);
        if (end - begin >= length && word.compare(begin, length, mark) == 0) return length;
    }
    return 0;
}

// The length of the mark that ends just before word[end] (0 if none ends there).
inline size_t mark_ending_at(const std::string& word, size_t begin, size_t end) {
    for (const char* mark : punctuation_marks) {
        const size_t length = std::strlen(mark);
        if (end - begin >= length && word.compare(end - length, length, mark) == 0) return length;
    }
    return 0;
}

// Splits a sentence into tokens the way people type it: at spaces, and then
// each punctuation mark at the start or the end of a word becomes a token of
// its own, in the order it was typed:
//     She said: "Feed the dog."   ->   She  said  :  "  Feed  the  dog  .  "
// Marks inside a word stay in it, so numbers and abbreviations keep their
// points and commas: "3.14", "1,000", "U.S.A". A mark at the end is always
// cut off, so "e.g." gives "e.g" and ".". A word of marks only is all marks:
// "..." is three "." tokens. Case is kept (find_word falls back to ignoring
// it). Vector files trained on tokenized text (GloVe's, for one) have rows
// for ".", "," and the other marks, so a mark can be looked up like any word;
// a file trained on text without punctuation (data/corpus.txt) has none, and
// what to do then is the caller's choice: is_punctuation tells marks apart.
inline std::vector<std::string> split_sentence(const std::string& sentence) {
    std::vector<std::string> tokens;
    for (const std::string& word : split_on_spaces(sentence)) {
        size_t begin = 0, end = word.size();  // the word is word[begin, end) once the marks are cut off
        while (size_t length = mark_starting_at(word, begin, end)) {  // a length of 0 ends the loop
            tokens.push_back(word.substr(begin, length));
            begin += length;
        }
        std::vector<std::string> closing;  // the marks at the end, last one first
        while (size_t length = mark_ending_at(word, begin, end)) {
            closing.push_back(word.substr(end - length, length));
            end -= length;
        }
        if (begin < end) tokens.push_back(word.substr(begin, end - begin));
        tokens.insert(tokens.end(), closing.rbegin(), closing.rend());
    }
    return tokens;
}
