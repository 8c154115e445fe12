// word2vec_program.hpp - the ./word2vec program around the lesson: reading
// the corpus file, training in several threads with a progress line, saving
// the vectors, the flags, the queries and their printing, and main's body,
// word2vec_main.
//
// Used by word2vec.cpp, which includes it after the lesson (unless TESTING
// is defined): everything here relies on the lesson's definitions having been
// seen before it (Corpus, Vocabulary, TrainingOptions, train_slice, unit_rows,
// nearest, analogy_query, ...). The analogy-file score is in
// analogy_test.hpp, the map in word_map.hpp.

#pragma once

#include "../matrix.hpp"
#include "analogy_test.hpp"
#include "cli.hpp"
#include "io.hpp"
#include "spelling.hpp"
#include "word_map.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <limits>
#include <memory>
#include <new>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

// ---- reading the corpus file -------------------------------------------------

// The file, word by word through io.hpp's TokenReader (which reports each
// line end as the word "\n"), into the lesson's Corpus (section 1).
inline Corpus read_corpus(const std::string& path) {
    Corpus corpus;
    TokenReader in(path);
    std::string token;
    while (in.next(token)) {
        if (token == "\n") corpus.end_sentence();
        else corpus.add_word(token);
    }
    if (corpus.words.empty()) throw std::runtime_error(path + ": the corpus has no words");
    return corpus;
}

// ---- training in threads, with a progress line ---------------------------------

// What the progress line on stderr shows: the words read by all threads so
// far, of words_total.
struct Progress {
    std::atomic<int64_t> words_read{0};  // all threads, all epochs
    int64_t words_total = 0;
    std::chrono::steady_clock::time_point start;
};

inline void show_progress(const Progress& progress, float lr) {
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - progress.start).count();
    double words = static_cast<double>(progress.words_read.load());
    std::fprintf(stderr, "\rtraining: %5.1f%%  learning rate %.6f  %.0fk words/s ",
                 100.0 * words / static_cast<double>(progress.words_total), static_cast<double>(lr),
                 words / seconds / 1000.0);
    std::fflush(stderr);
}

// The lesson's after_sentence for a progress line: counts the words read,
// and (if `shows` and at most every 200 ms) redraws the line.
inline AfterSentence progress_line(Progress& progress, bool shows) {
    auto last_shown = std::make_shared<std::chrono::steady_clock::time_point>(std::chrono::steady_clock::now());
    return [&progress, shows, last_shown](size_t words_read, float lr) {
        progress.words_read += static_cast<int64_t>(words_read);
        if (shows && std::chrono::steady_clock::now() - *last_shown > std::chrono::milliseconds(200)) {
            *last_shown = std::chrono::steady_clock::now();
            show_progress(progress, lr);
        }
    };
}

// Trains with `threads` threads, each running the lesson's train_slice on an
// equal slice of the corpus. They update the shared vectors without locks
// ("Hogwild!", Niu, Recht, Ré and Wright, NIPS 2011), as the original does:
// when two threads write the same vector at the same moment (most often the
// output vector of a frequent noise word), one update is partly lost, which
// SGD shrugs off in practice. In C++ terms this is a data race, formally
// undefined behaviour (ThreadSanitizer reports it); we accept it, as the
// original and gensim do, only for -threads above 1. With one thread (the
// default) there is no race, and the program runs the lesson's
// train_word2vec instead (train_and_save, below): the same seed always gives
// the same vectors, bit for bit. Thread 0 here gives what it gives.
//
// Each thread's learning rate follows its own progress (the words read in
// its slice, not all threads'); with equal slices that is about the
// original's schedule, which follows all threads' progress. Returns the
// seconds it took.
inline void train_with_threads(const std::vector<int32_t>& tokens, Model& model, const NoiseSampler& noise,
                               const std::vector<float>& keep, const TrainingOptions& options, int threads,
                               Progress& progress, bool on_terminal) {
    // Thread t trains tokens[n t / T, n (t + 1) / T). The cut falls between
    // two tokens, often inside a sentence, whose two halves are then trained
    // by two threads as two shorter sentences. Thread t draws its random
    // numbers from seed + 1 + t: each thread its own sequence, thread 0 that
    // of the lesson's train. Thread 0 shows the progress line, at most every
    // 200 ms. An error in a thread is kept and thrown here, after every
    // thread has finished.
    const size_t T = static_cast<size_t>(threads), n = tokens.size();
    std::vector<std::exception_ptr> errors(T);
    auto work = [&](size_t t) {
        try {
            train_slice(tokens, n * t / T, n * (t + 1) / T, model, noise, keep, options, options.seed + 1 + t,
                        progress_line(progress, t == 0 && on_terminal));
        } catch (...) {
            errors[t] = std::current_exception();
        }
    };
    std::vector<std::thread> helpers;
    try {
        for (size_t t = 1; t < T; t++) helpers.emplace_back(work, t);
    } catch (...) {  // could not start a thread: wait for those that did start
        for (std::thread& helper : helpers) helper.join();
        throw;
    }
    work(0);
    for (std::thread& helper : helpers) helper.join();
    for (const std::exception_ptr& error : errors)
        if (error) std::rethrow_exception(error);
}

// ---- printing the analogy scores ------------------------------------------------

inline std::string percent(size_t part, size_t whole) {
    if (whole == 0) return "    -";
    char text[16];
    std::snprintf(text, sizeof text, "%5.1f%%", 100.0 * static_cast<double>(part) / static_cast<double>(whole));
    return text;
}

inline void print_analogy_scores(const std::vector<SectionScore>& scores, const std::string& path, size_t restrict_rows) {
    std::printf("\nanalogies from %s (the %zu most frequent words, case ignored):\n", path.c_str(), restrict_rows);
    std::printf("  %-28s %16s %9s %9s\n", "section", "correct / asked", "accuracy", "coverage");
    SectionScore semantic{"semantic"}, syntactic{"syntactic (gram*)"}, all{"total"};
    auto add = [](SectionScore& sum, const SectionScore& s) {
        sum.correct += s.correct;
        sum.asked += s.asked;
        sum.total += s.total;
    };
    auto print = [](const SectionScore& s) {
        std::printf("  %-28s %7zu / %-6zu %9s %9s\n", s.name.c_str(), s.correct, s.asked,
                    percent(s.correct, s.asked).c_str(), percent(s.asked, s.total).c_str());
    };
    for (const SectionScore& s : scores) {
        print(s);
        add(s.name.compare(0, 4, "gram") == 0 ? syntactic : semantic, s);
        add(all, s);
    }
    print(semantic);
    print(syntactic);
    print(all);
}

// ---- the command line ----------------------------------------------------------

// The rows of a space-separated list of words in `words`, and the words
// that are not there (looked up by find_word: exactly, else ignoring case).
struct FoundWords {
    std::vector<size_t> rows;
    std::vector<std::string> unknown;
};

inline FoundWords find_words(const std::string& list, const std::vector<std::string>& words) {
    FoundWords found;
    for (const std::string& word : split_on_spaces(list)) {
        const size_t row = find_word(words, word);
        if (row == words.size()) found.unknown.push_back(word);
        else found.rows.push_back(row);
    }
    return found;
}

// "; nearest spelled: queen, hen, ten": the words of `words` spelled most like `word` (spelling.hpp), or nothing.
inline std::string nearest_spelled_note(const std::string& word, const std::vector<std::string>& words) {
    const std::vector<std::string> nearest = nearest_spelled(word, words, 3);
    return nearest.empty() ? "" : "; nearest spelled: " + comma_list(nearest);
}

// -neighbours answers the words it knows and notes the others; a list
// with none it knows is an error.
inline FoundWords neighbour_words(const Flags& flags, const std::vector<std::string>& words) {
    FoundWords found = find_words(flags.text("neighbours"), words);
    if (found.rows.empty() && !found.unknown.empty()) {
        std::string named;  // "'zebra' (nearest spelled: the, dog, cat), 'unicorn' (...)"
        for (const std::string& word : found.unknown) {
            const std::vector<std::string> nearest = nearest_spelled(word, words, 3);
            named += (named.empty() ? "'" : ", '") + word + "'" +
                     (nearest.empty() ? "" : " (nearest spelled: " + comma_list(nearest) + ")");
        }
        throw std::runtime_error("-neighbours: none of the words is in the vocabulary: " + named);
    }
    return found;
}

// -analogy's three rows; an unknown word is an error.
inline std::vector<size_t> analogy_rows(const Flags& flags, const std::vector<std::string>& words) {
    const FoundWords found = find_words(flags.text("analogy"), words);
    if (!found.unknown.empty())
        throw std::runtime_error("-analogy: '" + found.unknown[0] + "' is not in the vocabulary" +
                                 nearest_spelled_note(found.unknown[0], words));
    return found.rows;
}

// The rows that -plot draws: the words of -plot-list, in their groups
// (word_map.hpp), or the -plot-words most frequent, which are the first rows
// (word2vec, gensim and GloVe all write the most frequent words first).
inline MapWords rows_to_plot(const Flags& flags, const std::vector<std::string>& words) {
    if (flags.given("plot-list")) return map_words(parse_plot_list(flags.text("plot-list")), words);
    MapWords map;
    size_t n = static_cast<size_t>(flags.integer("plot-words", 2, 10000));
    if (!flags.given("plot-words")) n = std::min(n, words.size());  // the default: as many as there are, up to 60
    if (words.size() < 2) throw std::runtime_error("-plot: a map needs at least two words, and there is only one");
    if (n > words.size())
        throw std::runtime_error("-plot-words " + std::to_string(n) + ": there are only " + std::to_string(words.size()) +
                                 " words to plot");
    for (size_t r = 0; r < n; r++) map.rows.push_back(r);
    return map;
}

// -plot: the map of the chosen words, and what it keeps of their variance.
inline void plot_map(const WordVectors& vectors, const Flags& flags, const std::string& source) {
    const MapWords map = rows_to_plot(flags, vectors.words);
    const std::string which = flags.given("plot-list") ? std::to_string(map.rows.size()) + " chosen words"
                                                       : "the " + std::to_string(map.rows.size()) + " most frequent words";
    const std::string path = flags.file("plot");
    const PrincipalComponents pc = draw_map(vectors, map.rows, "Map of the word vectors from " + source + ": " + which,
                                            path, map.group, map.group_names);
    std::printf("\nmap of %s: the first principal component explains %s of their variance, the second %s, together %s; "
                "drawn in %s\n",
                which.c_str(), share_text(pc.variance[0], pc.total_variance).c_str(),
                share_text(pc.variance[1], pc.total_variance).c_str(),
                share_text(pc.variance[0] + pc.variance[1], pc.total_variance).c_str(), path.c_str());
}

// -print-vocabulary: the words, most frequent first, under a line that says how many.
inline void print_vocabulary(const std::vector<std::string>& words, const std::string& heading) {
    std::printf("%s\n%s", heading.c_str(), vocabulary_text(words).c_str());
}

// What the flags ask of training: the lesson's options, and how many threads
// run them.
struct TrainingFlags {
    TrainingOptions options;
    int threads = 1;  // -threads
};

// The flags, with the defaults of TrainingOptions (the original's skip-gram
// defaults) and one thread.
inline Flags word2vec_flags() {
    const TrainingFlags defaults;
    auto text = [](double number) {
        char buffer[32];
        std::snprintf(buffer, sizeof buffer, "%g", number);
        return std::string(buffer);
    };
    return Flags{"word2vec",
                 "Trains word vectors with skip-gram and negative sampling, and queries them.",
                 {
                     {"train", "", "the corpus: a text file, one sentence per line"},
                     {"output", "", "write the vectors to this file (word2vec text format)"},
                     {"size", std::to_string(defaults.options.dim), "numbers per word vector"},
                     {"window", std::to_string(defaults.options.window), "how many words on each side are context (at most)"},
                     {"sample", text(defaults.options.sample), "subsampling threshold for frequent words; 0 turns it off"},
                     {"negative", std::to_string(defaults.options.negative), "noise words per real (word, context) pair"},
                     {"iter", std::to_string(defaults.options.epochs), "passes (epochs) over the corpus"},
                     {"min-count", std::to_string(defaults.options.min_count), "drop words that occur fewer times than this"},
                     {"alpha", text(defaults.options.alpha), "starting learning rate"},
                     {"threads", std::to_string(defaults.threads), "training threads; 1 gives the same vectors every run"},
                     {"binary", "0", "1: write the original's binary format instead of text"},
                     {"seed", std::to_string(defaults.options.seed), "seed for the random numbers"},
                     {"cbow", "0", "0 only: this is skip-gram (accepted for the original's command lines)"},
                     {"hs", "0", "0 only: negative sampling, no hierarchical softmax (likewise)"},
                     {"vectors", "", "query these vectors (word2vec text or binary, or GloVe) instead of training"},
                     {"neighbours", "", "print the nearest neighbours of these words: \"king dog\""},
                     {"analogy", "", "answer a : b :: c : ? for \"a b c\", e.g. \"man king woman\""},
                     {"analogy-file", "", "score an analogy test file such as questions-words.txt"},
                     {"top", "5", "how many neighbours or answers to print"},
                     {"restrict-vocab", "30000", "analogy-file: use only this many most frequent words"},
                     {"plot", "", "draw a map of the words on their first two principal components (an SVG file)"},
                     {"plot-words", "60", "plot: map this many of the most frequent words (by default all, if there are fewer)"},
                     {"plot-list", "", "plot: the map shows these words instead: \"king queen dog cat\"; in colours by "
                                       "group: \"royalty: king queen | animals: dog cat\""},
                     {"print-vocabulary", "", "print the words of -vectors (or of -train after -min-count), most frequent "
                                             "first, and stop", true},
                 }};
}

inline TrainingFlags training_flags(const Flags& flags) {
    TrainingFlags training;
    TrainingOptions& options = training.options;
    options.dim = static_cast<size_t>(flags.integer("size", 1, static_cast<long long>(max_vector_dim)));
    options.window = static_cast<int>(flags.integer("window", 1, 1000));
    options.sample = flags.real("sample", 0.0, 1.0);
    options.negative = static_cast<int>(flags.integer("negative", 1, 1000));
    options.epochs = static_cast<int>(flags.integer("iter", 1, 1000000));
    options.min_count = flags.integer("min-count", 1, std::numeric_limits<int64_t>::max());
    options.alpha = static_cast<float>(flags.real("alpha", 1e-9, 1.0));
    training.threads = static_cast<int>(flags.integer("threads", 1, 256));
    options.seed = static_cast<uint64_t>(flags.integer("seed", 0, std::numeric_limits<long long>::max()));
    if (flags.integer("cbow", 0, 1) != 0) throw UsageError("-cbow 1: only skip-gram (-cbow 0) is implemented");
    if (flags.integer("hs", 0, 1) != 0) throw UsageError("-hs 1: only negative sampling (-hs 0) is implemented");
    return training;
}

// The lesson's sections 1 to 7 in a row: read, count, train; then save (if
// output is not empty).
inline WordVectors train_and_save(const std::string& train_path, const TrainingFlags& training,
                                  const std::string& output, bool binary, const Flags& flags) {
    const TrainingOptions& options = training.options;
    Corpus corpus = read_corpus(train_path);
    int64_t words = 0;
    for (int64_t count : corpus.counts) words += count;
    std::printf("corpus %s: %lld words, %zu distinct\n", train_path.c_str(), static_cast<long long>(words),
                corpus.words.size());
    Vocabulary vocab = build_vocabulary(corpus, options.min_count);
    if (vocab.words.empty())
        throw std::runtime_error(train_path + ": no word occurs at least " + std::to_string(options.min_count) +
                                 " times (-min-count); lower -min-count or use a larger corpus");
    std::printf("vocabulary: %zu word%s occur%s at least %lld time%s\n", vocab.words.size(),
                vocab.words.size() == 1 ? "" : "s", vocab.words.size() == 1 ? "s" : "",
                static_cast<long long>(options.min_count), options.min_count == 1 ? "" : "s");
    neighbour_words(flags, vocab.words);  // fail now, not after training
    analogy_rows(flags, vocab.words);
    if (flags.given("plot")) rows_to_plot(flags, vocab.words);

    std::printf("training: %zu numbers per word, window %d, %d noise words, sample %g, %d epochs, alpha %g, "
                "seed %llu, %d thread%s\n",
                options.dim, options.window, options.negative, options.sample, options.epochs,
                static_cast<double>(options.alpha), static_cast<unsigned long long>(options.seed), training.threads,
                training.threads == 1 ? "" : "s");
    std::fflush(stdout);
    Progress progress;
    progress.words_total = vocab.total * options.epochs;
    progress.start = std::chrono::steady_clock::now();
    const bool on_terminal = is_terminal(stderr);  // a progress line only on a screen, never in a log file
    Model model;
    if (training.threads == 1) {  // the lesson's sections 3 to 7, as they stand
        model = train_word2vec(vocab, corpus.tokens, options, progress_line(progress, on_terminal));
    } else {  // the same steps, with train_slice in several threads
        Rng rng(options.seed);
        model = init_model(vocab.words.size(), options.dim, rng);
        const NoiseSampler noise = build_noise_sampler(vocab.counts);
        const std::vector<float> keep = keep_probabilities(vocab, options.sample);
        train_with_threads(corpus.tokens, model, noise, keep, options, training.threads, progress, on_terminal);
    }
    if (on_terminal) std::fprintf(stderr, "\r%70s\r", "");
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - progress.start).count();
    double trained = static_cast<double>(vocab.total) * options.epochs;  // words read (subsampling skips some)
    std::fprintf(stderr, "trained on %.0f words in %.2f s: %.0f words/s\n", trained, seconds, trained / seconds);

    // Saving: write_word_vectors (io.hpp) writes the text format that gensim's
    // KeyedVectors.load_word2vec_format(path, binary=False) and ./attention
    // read, or with -binary 1 the original's binary format, through an
    // OutputFile: into a temporary file beside <output> first, renamed over
    // <output> only once it is complete.
    if (!output.empty()) {
        OutputFile file(output);
        write_word_vectors(file, vocab.words, model.input, binary);
        file.commit();
        std::printf("saved %zu vectors to %s\n", vocab.words.size(), output.c_str());
    }
    return WordVectors{std::move(vocab.words), std::move(model.input)};
}

// The lesson's section 8 for the command line: -neighbours, -analogy and -analogy-file.
inline void answer_queries(const WordVectors& v, const Flags& flags, const std::vector<AnalogySection>& sections,
                           size_t top, size_t restrict_rows) {
    neighbour_words(flags, v.words);  // at least one word is known, or an error
    if (flags.given("analogy")) analogy_rows(flags, v.words);  // all three, or an error
    const Matrix unit = unit_rows(v.vectors);
    if (flags.given("neighbours") || flags.given("analogy")) std::printf("\n");
    for (const std::string& word : split_on_spaces(flags.text("neighbours"))) {  // in the order asked, known or not
        const size_t id = find_word(v.words, word);
        if (id == v.words.size()) {
            std::printf("neighbours of %s: not in the vocabulary%s\n", word.c_str(), nearest_spelled_note(word, v.words).c_str());
            continue;
        }
        std::printf("neighbours of %s:", v.words[id].c_str());
        std::vector<float> query(unit.row(id), unit.row(id) + unit.cols);
        for (const Neighbour& n : nearest(unit, query, top, unit.rows, {id}))
            std::printf("  %s %.3f", v.words[n.id].c_str(), static_cast<double>(n.similarity));
        std::printf("\n");
    }
    if (flags.given("analogy")) {
        std::vector<size_t> ids = analogy_rows(flags, v.words);
        std::printf("%s : %s :: %s : ?", v.words[ids[0]].c_str(), v.words[ids[1]].c_str(), v.words[ids[2]].c_str());
        for (const Neighbour& n : nearest(unit, analogy_query(unit, ids[0], ids[1], ids[2]), top, unit.rows, ids))
            std::printf("  %s %.3f", v.words[n.id].c_str(), static_cast<double>(n.similarity));
        std::printf("\n");
    }
    if (!sections.empty())
        print_analogy_scores(score_analogies(sections, v.words, unit, restrict_rows), flags.text("analogy-file"),
                             restrict_rows);
}

// main: the flags, then training or reading vectors, then the queries and the map.
inline int word2vec_main(int argc, char** argv) {
    Flags flags = word2vec_flags();
    try {
        if (!flags.parse(argc, argv)) {
            std::fputs(flags.help_text().c_str(), stdout);
            return 0;
        }
        const TrainingFlags training = training_flags(flags);
        const bool binary = flags.integer("binary", 0, 1) == 1;
        const size_t top = static_cast<size_t>(flags.integer("top", 1, 1000));
        const size_t restrict_rows = static_cast<size_t>(flags.integer("restrict-vocab", 1, std::numeric_limits<long long>::max()));
        const std::string train_path = flags.file("train"), vectors_path = flags.file("vectors");
        const std::string output = flags.file("output"), analogy_path = flags.file("analogy-file");
        if (train_path.empty() == vectors_path.empty())
            throw UsageError(train_path.empty() ? "give -train CORPUS to train, or -vectors FILE to query (see -help)"
                                                : "give -train or -vectors, not both");
        if (!vectors_path.empty() && flags.given("output"))
            throw UsageError("-output: only training writes vectors; -vectors reads them");
        if (flags.given("analogy") && split_on_spaces(flags.text("analogy")).size() != 3)
            throw UsageError("-analogy: expected three words \"a b c\" (a : b :: c : ?), e.g. \"man king woman\"");
        const std::string plot_path = flags.file("plot");
        const size_t plot_words = static_cast<size_t>(flags.integer("plot-words", 2, 10000));
        if (plot_path.empty() && (flags.given("plot-words") || flags.given("plot-list")))
            throw UsageError("-plot-words and -plot-list choose the words for -plot FILE.svg; give -plot too");
        if (flags.given("plot-words") && flags.given("plot-list"))
            throw UsageError("give -plot-words or -plot-list, not both");
        if (flags.given("plot-list")) {
            size_t words = 0;
            for (const PlotGroup& group : parse_plot_list(flags.text("plot-list"))) words += group.words.size();
            if (words < 2) throw UsageError("-plot-list: a map needs at least two words");
        }
        if (flags.given("print-vocabulary")) {
            for (const char* name : {"output", "neighbours", "analogy", "analogy-file", "plot"})
                if (flags.given(name))
                    throw UsageError(std::string("-") + name + ": -print-vocabulary prints the words and stops; leave out -" +
                                     name);
            if (!vectors_path.empty()) {
                const std::vector<std::string> words = read_vector_words(vectors_path);
                print_vocabulary(words, vectors_path + ": " + std::to_string(words.size()) +
                                            " words, in the file's order (word2vec and GloVe write the most frequent first)");
                return 0;
            }
            Corpus corpus = read_corpus(train_path);
            const Vocabulary vocab = build_vocabulary(corpus, training.options.min_count);
            print_vocabulary(vocab.words, train_path + ": " + std::to_string(vocab.words.size()) + " words occur at least " +
                                              std::to_string(training.options.min_count) +
                                              " times (-min-count), most frequent first");
            return 0;
        }

        // What can fail early fails here, not after a long training run: the
        // output files are tried (and removed again) and the analogy file read.
        if (!output.empty()) {
            OutputFile try_output(output);  // creates a temporary file, and removes it again at the brace
        }
        if (!plot_path.empty()) {
            OutputFile try_plot(plot_path);
        }
        std::vector<AnalogySection> sections;
        if (!analogy_path.empty()) sections = read_analogy_file(analogy_path);

        WordVectors vectors;
        if (!train_path.empty()) {
            vectors = train_and_save(train_path, training, output, binary, flags);
        } else {
            // The analogy test uses only the first -restrict-vocab rows, and the
            // map only the first -plot-words: alone, they read no more.
            RowFilter filter;
            if (!flags.given("neighbours") && !flags.given("analogy") && !flags.given("plot-list"))
                filter.max_rows = plot_path.empty() ? restrict_rows : std::max(restrict_rows, plot_words);
            vectors = read_word_vectors(vectors_path, filter);
            std::printf("vectors %s: %zu words, %zu numbers each%s\n", vectors_path.c_str(), vectors.words.size(),
                        vectors.vectors.cols, vectors.words.size() == filter.max_rows ? " (the first rows of the file)" : "");
        }
        answer_queries(vectors, flags, sections, top, restrict_rows);
        if (!plot_path.empty()) plot_map(vectors, flags, train_path.empty() ? vectors_path : train_path);
        return 0;
    } catch (const UsageError& error) {
        std::fprintf(stderr, "word2vec: %s\n", error.what());
        return 2;
    } catch (const std::bad_alloc&) {
        std::fprintf(stderr, "word2vec: out of memory; try a smaller -size or a larger -min-count\n");
        return 1;
    } catch (const std::exception& error) {
        std::fprintf(stderr, "word2vec: %s\n", error.what());
        return 1;
    }
}
