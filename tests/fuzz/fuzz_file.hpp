// fuzz_file.hpp - what the fuzz targets share: the readers take a file
// path, so each input is written to a temporary file first.

#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <unistd.h>

// The input as a file; one file per process, rewritten for every input.
inline std::string write_input(const char* target, const uint8_t* data, size_t size) {
    static const std::string path =
        (std::filesystem::temp_directory_path() / (std::string("fuzz_") + target + "_" + std::to_string(getpid()))).string();
    std::FILE* file = std::fopen(path.c_str(), "wb");
    if (file == nullptr) std::abort();
    if (size > 0 && std::fwrite(data, 1, size, file) != size) std::abort();
    std::fclose(file);
    return path;
}

// A broken promise of the reader (not a rejected input) stops the fuzzer.
inline void require(bool condition) {
    if (!condition) std::abort();
}
