// Standalone driver of elf_fuzz.cpp (no libFuzzer needed):
//   elf_fuzz_replay [--mutations N] FILE|DIR...
// runs every file (every regular file of a directory) through LLVMFuzzerTestOneInput,
// then N deterministic mutations of each (truncations, byte and bit flips, and writes of
// boundary values into the ELF and program headers). Exits 0 if nothing crashed
// (tests/fuzz/replay_main.h).
#include "tests/fuzz/replay_main.h"

#include <cstdint>
#include <random>
#include <vector>

namespace {

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
    return zvm::fuzz::replay_main(argc, argv, 20260522, mutate);
}
