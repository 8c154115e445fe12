// cli.hpp - the command line both programs share: flags, numbers, errors.
// Used by attention_program.hpp and word2vec_program.hpp, not by the lessons.
//
// Both ./word2vec and ./attention take flags in the style of the original
// word2vec tool, `-size 100`, and also the GNU style `--size 100` or
// `--size=100`. Each program lists its flags once, in a table with their
// defaults and help text, and this file does the rest: it reads argv, rejects
// unknown or repeated flags and missing values, prints --help, and turns
// text into numbers with a clear message when it is not one.
//
// Errors are C++ exceptions caught in main: a UsageError (a bad command line)
// exits with status 2 after one line on stderr; any other std::exception (a
// bad file, a word that is not in the vocabulary) exits with status 1.

#pragma once

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <vector>

// One of the two places we need the operating system (the other is
// create_new_file in io.hpp): is this stream a terminal?
// (word2vec refreshes its progress line in place only on a terminal, never in
// a log file.) Standard C++ cannot ask, so we use each system's own call.
#ifdef _WIN32
#include <io.h>
inline bool is_terminal(std::FILE* stream) { return _isatty(_fileno(stream)) != 0; }
#else
#include <unistd.h>
inline bool is_terminal(std::FILE* stream) { return isatty(fileno(stream)) != 0; }
#endif

struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// ---- flags ---------------------------------------------------------------

struct Flag {
    std::string name;         // without dashes: "size"
    std::string value;        // the default until the command line sets it
    std::string help;         // one line for --help
    bool is_switch = false;   // a switch takes no value: --causal
    bool given = false;       // set by the command line?
};

struct Flags {
    std::string program;      // "word2vec"
    std::string summary;      // one line: what the program does
    std::vector<Flag> table;

    const Flag& find(const std::string& name) const {
        for (const Flag& flag : table)
            if (flag.name == name) return flag;
        throw std::logic_error("no flag named " + name);  // a bug in the program, not the user's fault
    }

    const std::string& text(const std::string& name) const { return find(name).value; }
    bool given(const std::string& name) const { return find(name).given; }

    // A file name: like text(), but an empty name given on the command line
    // (-output "") is a usage error, not a file called "".
    const std::string& file(const std::string& name) const {
        if (given(name) && text(name).empty()) throw UsageError("-" + name + ": the file name is empty");
        return text(name);
    }

    // The value as a whole number in [min, max].
    long long integer(const std::string& name, long long min, long long max) const {
        const std::string& value = text(name);
        char* end = nullptr;
        errno = 0;
        long long number = std::strtoll(value.c_str(), &end, 10);
        if (value.empty() || std::isspace(static_cast<unsigned char>(value[0])) || *end != '\0')
            throw UsageError("-" + name + ": '" + value + "' is not a whole number");
        if (errno == ERANGE || number < min || number > max)
            throw UsageError("-" + name + ": " + value + " is out of range; use a number from " +
                             std::to_string(min) + " to " + std::to_string(max));
        return number;
    }

    // The value as a finite number in [min, max].
    double real(const std::string& name, double min, double max) const {
        const std::string& value = text(name);
        char* end = nullptr;
        double number = std::strtod(value.c_str(), &end);
        if (value.empty() || std::isspace(static_cast<unsigned char>(value[0])) || *end != '\0' || std::isnan(number))
            throw UsageError("-" + name + ": '" + value + "' is not a number");
        if (!std::isfinite(number) || number < min || number > max) {
            char range[96];
            std::snprintf(range, sizeof range, "; use a number from %g to %g", min, max);
            throw UsageError("-" + name + ": " + value + " is out of range" + range);
        }
        return number;
    }

    std::string help_text() const {
        std::string out = "usage: ./" + program + " [options]\n" + summary + "\n\noptions (-name and --name both work):\n";
        for (const Flag& flag : table) {
            std::string left = "  -" + flag.name + (flag.is_switch ? "" : " <" + (flag.value.empty() ? std::string("...") : flag.value) + ">");
            if (left.size() < 30) left.resize(30, ' ');
            else left += "\n" + std::string(30, ' ');
            out += left + flag.help + "\n";
        }
        return out;
    }

    // The flag that `arg` names ("-size", "--size", "--size=5"), or nullptr.
    Flag* lookup(const std::string& arg) {
        for (Flag& flag : table)
            if (flag.name == name_in(arg)) return &flag;
        return nullptr;
    }

    // "size" for "-size", "--size" and "--size=5"; "" if arg is no option.
    static std::string name_in(const std::string& arg) {
        if (arg.size() < 2 || arg[0] != '-') return "";
        std::string name = arg.substr(arg[1] == '-' ? 2 : 1);
        return name.substr(0, name.find('='));
    }

    static bool is_help(const std::string& name) { return name == "help" || name == "h"; }

    // Reads argv into the table. Returns false when --help was asked for.
    bool parse(int argc, char** argv) {
        for (int i = 1; i < argc; i++) {
            std::string arg = argv[i];
            if (arg.size() < 2 || arg[0] != '-')
                throw UsageError("unexpected argument '" + arg + "'; options start with '-' (see --help)");
            const std::string name = name_in(arg);
            const size_t equals = arg.find('=');
            const bool has_inline_value = equals != std::string::npos;
            if (is_help(name)) return false;

            Flag* flag = lookup(arg);
            if (flag == nullptr) throw UsageError("unknown option '" + arg + "' (see --help)");
            if (flag->given) throw UsageError("option -" + name + " is given twice");
            flag->given = true;

            if (flag->is_switch) {
                if (has_inline_value) throw UsageError("option -" + name + " takes no value");
                continue;
            }
            if (has_inline_value) {
                flag->value = arg.substr(equals + 1);
            } else {
                // "-output -size 5" forgot the file name; "-window -1" is a (bad) value.
                if (i + 1 >= argc || lookup(argv[i + 1]) != nullptr || is_help(name_in(argv[i + 1])))
                    throw UsageError("option -" + name + " needs a value (see --help)");
                flag->value = argv[++i];
            }
        }
        return true;
    }
};
