// The standalone driver of a fuzz target's replay program (no libFuzzer needed):
//   <target>_replay [--mutations N] FILE|DIR...
// runs every file (every regular file under a directory, in name order) through
// LLVMFuzzerTestOneInput, then N deterministic mutations of each made by the target's own
// `mutate` from one seeded generator, so every run sees the same inputs. Prints how many
// inputs ran and returns 0 if nothing crashed; 2 on a bad command line.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace zvm::fuzz {

inline std::vector<uint8_t> read_all(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// One input, as a copy of exactly its size, so that reads past the end are caught by tools.
inline void run_one(const std::vector<uint8_t>& bytes) {
    std::vector<uint8_t> copy(bytes);
    LLVMFuzzerTestOneInput(copy.data(), copy.size());
}

// `mutate(seed_bytes, rng)` returns one mutation of seed_bytes.
template <typename Mutate>
int replay_main(int argc, char** argv, uint64_t rng_seed, Mutate mutate) {
    const std::string name = std::filesystem::path(argv[0]).filename().string();
    int mutations = 0;
    std::vector<std::filesystem::path> files;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--mutations") == 0 && i + 1 < argc) {
            mutations = std::atoi(argv[++i]);
            continue;
        }
        const std::filesystem::path p(argv[i]);
        if (std::filesystem::is_directory(p)) {
            for (const auto& e : std::filesystem::recursive_directory_iterator(p))
                if (e.is_regular_file()) files.push_back(e.path());
        } else {
            files.push_back(p);
        }
    }
    std::sort(files.begin(), files.end());
    if (files.empty()) {
        std::fprintf(stderr, "usage: %s [--mutations N] FILE|DIR...\n", name.c_str());
        return 2;
    }
    std::mt19937_64 rng(rng_seed);
    size_t inputs = 0;
    for (const auto& f : files) {
        const std::vector<uint8_t> seed = read_all(f);
        run_one(seed);
        ++inputs;
        for (int i = 0; i < mutations; ++i, ++inputs)
            run_one(mutate(seed, rng));
    }
    std::printf("%s: %zu inputs from %zu seeds, no crash\n", name.c_str(), inputs, files.size());
    return 0;
}

} // namespace zvm::fuzz
