// The sandbox's random source: deterministic, from a seed (docs/sfi-model.md: the same
// inputs give the same outputs). xoshiro256** seeded through splitmix64. Not for
// cryptography: the sandbox gets reproducibility, not secrecy.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace zvm::runtime {

class DeterministicRandom {
  public:
    explicit DeterministicRandom(uint64_t seed = 0) { reseed(seed); }

    void reseed(uint64_t seed) {
        for (uint64_t& word : s_) {
            seed += 0x9E3779B97F4A7C15ULL; // splitmix64
            uint64_t z = seed;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
            word = z ^ (z >> 31);
        }
    }

    uint64_t next() {
        const uint64_t result = rotl(s_[1] * 5, 7) * 9;
        const uint64_t t = s_[1] << 17;
        s_[2] ^= s_[0];
        s_[3] ^= s_[1];
        s_[1] ^= s_[2];
        s_[0] ^= s_[3];
        s_[2] ^= t;
        s_[3] = rotl(s_[3], 45);
        return result;
    }

    void fill(void* out, size_t len) {
        auto* p = static_cast<unsigned char*>(out);
        while (len > 0) {
            const uint64_t word = next();
            const size_t n = len < sizeof word ? len : sizeof word;
            std::memcpy(p, &word, n);
            p += n;
            len -= n;
        }
    }

  private:
    static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    uint64_t s_[4];
};

} // namespace zvm::runtime
