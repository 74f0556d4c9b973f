// Standalone driver of a fuzz target (no libFuzzer needed), for compilers without it:
//   <target>_replay [--mutations N] FILE|DIR...
// runs every file (every regular file of a directory) through LLVMFuzzerTestOneInput,
// then N deterministic mutations of each (truncations, bit flips, byte runs, splices of
// digits and separators). Exits 0 if nothing crashed.
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

namespace {

std::vector<uint8_t> read_all(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void run(const std::vector<uint8_t>& bytes) {
    std::vector<uint8_t> copy(bytes); // exactly `size` bytes: overreads are caught by tools
    LLVMFuzzerTestOneInput(copy.data(), copy.size());
}

std::vector<uint8_t> mutate(const std::vector<uint8_t>& seed, std::mt19937_64& rng) {
    std::vector<uint8_t> m(seed);
    if (m.empty()) return m;
    static const char kTokens[] = "0123456789 ,=/\n.\0\x80\xff";
    switch (rng() % 5) {
    case 0:
        m.resize(rng() % m.size());
        break;
    case 1:
        for (int i = 0, n = 1 + static_cast<int>(rng() % 8); i < n; ++i)
            m[rng() % m.size()] ^= static_cast<uint8_t>(1u << (rng() % 8));
        break;
    case 2: // a run of one token (digits into size fields, slashes into names)
        for (size_t at = rng() % m.size(), n = 1 + rng() % 16; n > 0 && at < m.size(); --n, ++at)
            m[at] = static_cast<uint8_t>(kTokens[rng() % (sizeof kTokens - 1)]);
        break;
    case 3: { // duplicate a slice (duplicate entries, repeated lines)
        const size_t from = rng() % m.size();
        const size_t len = std::min<size_t>(m.size() - from, 1 + rng() % 1024);
        std::vector<uint8_t> slice(m.begin() + from, m.begin() + from + len);
        m.insert(m.begin() + rng() % m.size(), slice.begin(), slice.end());
        break;
    }
    default: // zero a block-aligned 512 bytes (ends the archive early)
        for (size_t at = (rng() % m.size()) & ~size_t{511}, n = 0; n < 512 && at < m.size();
             ++n, ++at)
            m[at] = 0;
        break;
    }
    return m;
}

} // namespace

int main(int argc, char** argv) {
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
    if (files.empty()) {
        std::fprintf(stderr, "usage: %s [--mutations N] FILE|DIR...\n", argv[0]);
        return 2;
    }
    std::mt19937_64 rng(12345);
    size_t runs = 0;
    for (const auto& f : files) {
        const std::vector<uint8_t> seed = read_all(f);
        run(seed);
        ++runs;
        for (int i = 0; i < mutations; ++i, ++runs)
            run(mutate(seed, rng));
    }
    std::printf("%zu inputs from %zu seeds: no crash\n", runs, files.size());
    return 0;
}
