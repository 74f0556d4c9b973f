// Standalone driver of elf_fuzz.cpp (no libFuzzer needed):
//   elf_fuzz_replay [--mutations N] FILE|DIR...
// runs every file (every regular file of a directory) through LLVMFuzzerTestOneInput,
// then N deterministic mutations of each (truncations, byte and bit flips, and writes of
// boundary values into the ELF and program headers). Exits 0 if nothing crashed.
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

namespace {

std::vector<uint8_t> read_all(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void run(const std::vector<uint8_t>& bytes) {
    // A copy of exactly `size` bytes, so that reads past the end are caught by tools.
    std::vector<uint8_t> copy(bytes);
    LLVMFuzzerTestOneInput(copy.data(), copy.size());
}

// Interesting values for 1-, 2-, 4- and 8-byte fields.
constexpr uint64_t kBoundaries[] = {0,          1,          0x7F,       0x80,       0xFF,
                                    0x1000,     0x10000,    0x20000,    0x7FFFFFFF, 0x80000000,
                                    0xFFFEF000, 0xFFFF0000, 0xFFFFFFFF, 1ULL << 32, 1ULL << 33,
                                    ~0ULL >> 1, ~0ULL,      0xFFFFFFF0, 56,         64};

std::vector<uint8_t> mutate(const std::vector<uint8_t>& seed, std::mt19937_64& rng) {
    std::vector<uint8_t> m(seed);
    if (m.empty()) return m;
    switch (rng() % 5) {
    case 0: // truncate
        m.resize(rng() % m.size());
        break;
    case 1: // flip bits
        for (int i = 0, n = 1 + static_cast<int>(rng() % 8); i < n; ++i)
            m[rng() % m.size()] ^= static_cast<uint8_t>(1u << (rng() % 8));
        break;
    case 2: { // a boundary value into the ELF header or the program headers (first 512 bytes)
        const size_t width = size_t{1} << (rng() % 4);
        const size_t limit = std::min<size_t>(m.size(), 512);
        if (limit <= width) break;
        const size_t at = rng() % (limit - width);
        const uint64_t v = kBoundaries[rng() % std::size(kBoundaries)];
        std::memcpy(m.data() + at, &v, width);
        break;
    }
    case 3: // random bytes somewhere
        for (int i = 0, n = 1 + static_cast<int>(rng() % 16); i < n; ++i)
            m[rng() % m.size()] = static_cast<uint8_t>(rng());
        break;
    default: // grow with garbage
        for (int i = 0, n = static_cast<int>(rng() % 256); i < n; ++i)
            m.push_back(static_cast<uint8_t>(rng()));
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
            for (const auto& e : std::filesystem::directory_iterator(p))
                if (e.is_regular_file()) files.push_back(e.path());
        } else {
            files.push_back(p);
        }
    }
    std::sort(files.begin(), files.end());
    if (files.empty()) {
        std::fprintf(stderr, "usage: %s [--mutations N] FILE|DIR...\n", argv[0]);
        return 2;
    }
    size_t inputs = 0;
    std::mt19937_64 rng(20260522); // deterministic: the same inputs on every run
    for (const auto& f : files) {
        const std::vector<uint8_t> seed = read_all(f);
        run(seed);
        ++inputs;
        for (int i = 0; i < mutations; ++i, ++inputs)
            run(mutate(seed, rng));
    }
    std::printf("elf_fuzz_replay: %zu inputs from %zu seeds, no crash\n", inputs, files.size());
    return 0;
}
