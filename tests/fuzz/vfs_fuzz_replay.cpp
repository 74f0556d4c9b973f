// Standalone driver of a fuzz target (no libFuzzer needed), for compilers without it:
//   <target>_replay [--mutations N] FILE|DIR...
// runs every file (every regular file of a directory) through LLVMFuzzerTestOneInput,
// then N deterministic mutations of each (truncations, bit flips, byte runs, splices of
// digits and separators). Exits 0 if nothing crashed (tests/fuzz/replay_main.h).
#include "tests/fuzz/replay_main.h"

#include <cstdint>
#include <random>
#include <vector>

namespace {

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
    return zvm::fuzz::replay_main(argc, argv, 12345, mutate);
}
