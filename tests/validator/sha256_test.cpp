// The self-contained SHA-256 (validator/sha256.h) behind the cache's keys: known vectors,
// and agreement with OpenSSL's SHA-256 on messages of every length around the block and
// padding boundaries, fed whole and in pieces, with SHA-NI (where present) and without.
#include "validator/sha256.h"

#include <gtest/gtest.h>
#include <openssl/sha.h>

#include <cstdio>
#include <random>
#include <string>
#include <vector>

namespace zvm::validator {
namespace {

std::string ours(std::span<const uint8_t> data, bool allow_sha_extensions = true) {
    Sha256 h(allow_sha_extensions);
    h.update(data);
    return h.hex();
}

std::string openssl(std::span<const uint8_t> data) {
    unsigned char md[SHA256_DIGEST_LENGTH];
    SHA256(data.data(), data.size(), md);
    std::string hex;
    char buf[3];
    for (const unsigned char b : md) {
        std::snprintf(buf, sizeof buf, "%02x", b);
        hex += buf;
    }
    return hex;
}

std::span<const uint8_t> bytes_of(const std::string& s) {
    return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

TEST(Sha256, KnownVectors) {
    EXPECT_EQ(ours(bytes_of("")),
              "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(ours(bytes_of("abc")),
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(ours(bytes_of("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")),
              "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(Sha256, AgreesWithOpenSsl) {
    std::mt19937_64 rng(12345);
    std::vector<uint8_t> data(70000);
    for (auto& b : data)
        b = static_cast<uint8_t>(rng());
    std::vector<size_t> lengths;
    for (size_t n = 0; n <= 300; ++n)
        lengths.push_back(n);
    for (size_t n : {1000, 4095, 4096, 4097, 65535, 65536, 70000})
        lengths.push_back(n);
    std::printf("SHA extensions on this processor: %s\n",
                Sha256::uses_sha_extensions() ? "yes (both paths tested)" : "no");
    for (const size_t n : lengths) {
        const std::span<const uint8_t> msg(data.data(), n);
        const std::string expected = openssl(msg);
        ASSERT_EQ(ours(msg), expected) << "length " << n;
        ASSERT_EQ(ours(msg, false), expected) << "length " << n << ", portable code";
        // In random pieces.
        Sha256 h(n % 2 == 0);
        for (size_t at = 0; at < n;) {
            const size_t piece = std::min<size_t>(n - at, rng() % 130);
            h.update(msg.subspan(at, piece));
            at += piece;
        }
        ASSERT_EQ(h.hex(), expected) << "length " << n << " in pieces";
    }
}

} // namespace
} // namespace zvm::validator
