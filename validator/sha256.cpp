#include "validator/sha256.h"

#include "validator/host_cpuid.h"

#include <cstring>
#include <immintrin.h>

namespace zvm::validator {
namespace {

// FIPS 180-4, 4.2.2: the first 32 bits of the fractional parts of the cube roots of the
// first 64 primes.
constexpr uint32_t kRound[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

// 5.3.3: the first 32 bits of the fractional parts of the square roots of the first 8 primes.
constexpr std::array<uint32_t, 8> kInitial = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                              0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};

constexpr uint32_t rotr(uint32_t x, int n) {
    return (x >> n) | (x << (32 - n));
}

// The compression of one block in portable code (FIPS 180-4, 6.2.2).
void compress_portable(std::array<uint32_t, 8>& state, const uint8_t* block) {
    uint32_t w[64];
    for (int t = 0; t < 16; ++t)
        w[t] = static_cast<uint32_t>(block[4 * t]) << 24 |
               static_cast<uint32_t>(block[4 * t + 1]) << 16 |
               static_cast<uint32_t>(block[4 * t + 2]) << 8 |
               static_cast<uint32_t>(block[4 * t + 3]);
    for (int t = 16; t < 64; ++t) {
        const uint32_t s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >> 3);
        const uint32_t s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >> 10);
        w[t] = w[t - 16] + s0 + w[t - 7] + s1;
    }
    uint32_t a = state[0], b = state[1], c = state[2], d = state[3], e = state[4], f = state[5],
             g = state[6], h = state[7];
    for (int t = 0; t < 64; ++t) {
        const uint32_t t1 =
            h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + kRound[t] + w[t];
        const uint32_t t2 =
            (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
        h = g;
        g = f;
        f = e;
        e = d + t1;
        d = c;
        c = b;
        b = a;
        a = t1 + t2;
    }
    state[0] += a;
    state[1] += b;
    state[2] += c;
    state[3] += d;
    state[4] += e;
    state[5] += f;
    state[6] += g;
    state[7] += h;
}

// The same with the SHA extensions: four rounds per sha256rnds2 pair, the message schedule
// by sha256msg1/sha256msg2. The state is kept as the instructions want it (ABEF, CDGH).
__attribute__((target("sha,sse4.1,ssse3"))) void
compress_sha_ni(std::array<uint32_t, 8>& h, const uint8_t* data, size_t count) {
    const __m128i byte_swap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
    __m128i tmp = _mm_loadu_si128(reinterpret_cast<const __m128i*>(&h[0]));
    __m128i state1 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(&h[4]));
    tmp = _mm_shuffle_epi32(tmp, 0xB1);               // CDAB
    state1 = _mm_shuffle_epi32(state1, 0x1B);         // EFGH
    __m128i state0 = _mm_alignr_epi8(tmp, state1, 8); // ABEF
    state1 = _mm_blend_epi16(state1, tmp, 0xF0);      // CDGH
    for (; count > 0; --count, data += 64) {
        const __m128i abef = state0, cdgh = state1;
        __m128i m[16];
        for (int g = 0; g < 16; ++g) {
            if (g < 4) {
                m[g] = _mm_shuffle_epi8(
                    _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + 16 * g)), byte_swap);
            } else {
                __m128i x = _mm_sha256msg1_epu32(m[g - 4], m[g - 3]);
                x = _mm_add_epi32(x, _mm_alignr_epi8(m[g - 1], m[g - 2], 4));
                m[g] = _mm_sha256msg2_epu32(x, m[g - 1]);
            }
            __m128i k = _mm_add_epi32(
                m[g], _mm_loadu_si128(reinterpret_cast<const __m128i*>(&kRound[4 * g])));
            state1 = _mm_sha256rnds2_epu32(state1, state0, k);
            k = _mm_shuffle_epi32(k, 0x0E);
            state0 = _mm_sha256rnds2_epu32(state0, state1, k);
        }
        state0 = _mm_add_epi32(state0, abef);
        state1 = _mm_add_epi32(state1, cdgh);
    }
    tmp = _mm_shuffle_epi32(state0, 0x1B);       // FEBA
    state1 = _mm_shuffle_epi32(state1, 0xB1);    // DCHG
    state0 = _mm_blend_epi16(tmp, state1, 0xF0); // DCBA
    state1 = _mm_alignr_epi8(state1, tmp, 8);    // ABEF -> HGFE
    _mm_storeu_si128(reinterpret_cast<__m128i*>(&h[0]), state0);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(&h[4]), state1);
}

// CPUID: SHA (leaf 7, EBX bit 29), SSE4.1 (leaf 1, ECX bit 19), SSSE3 (ECX bit 9).
bool detect_sha_extensions() {
    const CpuidRegisters basic = host_cpuid(CpuidLeaf::k1);
    return (basic.ecx & (1u << 19)) && (basic.ecx & (1u << 9)) &&
           (host_cpuid(CpuidLeaf::k7).ebx & (1u << 29));
}

} // namespace

bool Sha256::uses_sha_extensions() {
    static const bool yes = detect_sha_extensions(); // a fact of the processor, set once
    return yes;
}

Sha256::Sha256(bool allow_sha_extensions)
    : h_(kInitial), sha_ni_(allow_sha_extensions && uses_sha_extensions()) {}

void Sha256::compress(const uint8_t* blocks, size_t count) {
    if (sha_ni_) {
        compress_sha_ni(h_, blocks, count);
        return;
    }
    for (size_t i = 0; i < count; ++i)
        compress_portable(h_, blocks + 64 * i);
}

void Sha256::update(std::span<const uint8_t> data) {
    length_ += data.size();
    size_t i = 0;
    if (buffered_ > 0) {
        const size_t n = std::min(data.size(), buffer_.size() - buffered_);
        std::memcpy(buffer_.data() + buffered_, data.data(), n);
        buffered_ += n;
        i = n;
        if (buffered_ < buffer_.size()) return;
        compress(buffer_.data(), 1);
        buffered_ = 0;
    }
    const size_t blocks = (data.size() - i) / 64;
    if (blocks > 0) compress(data.data() + i, blocks);
    i += 64 * blocks;
    std::memcpy(buffer_.data(), data.data() + i, data.size() - i);
    buffered_ = data.size() - i;
}

std::string Sha256::hex() const {
    // 5.1.1: a 1 bit, zeros to 56 bytes mod 64, the length in bits (big-endian), on a copy.
    Sha256 last = *this;
    uint8_t pad[72] = {0x80};
    const size_t zeros = (buffered_ < 56 ? 56 : 120) - buffered_;
    const uint64_t bits = length_ * 8;
    for (int i = 0; i < 8; ++i)
        pad[zeros + i] = static_cast<uint8_t>(bits >> (56 - 8 * i));
    last.update(std::span<const uint8_t>(pad, zeros + 8));
    std::string out;
    for (const uint32_t word : last.h_) {
        for (int shift = 28; shift >= 0; shift -= 4)
            out += "0123456789abcdef"[(word >> shift) & 15];
    }
    return out;
}

} // namespace zvm::validator
