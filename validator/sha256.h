// SHA-256 (FIPS 180-4), streaming and self-contained (no libcrypto, so that the static zvm
// can use it without the start-up cost of linking OpenSSL): the key of the validation cache
// (validator/cache.h) and the digest behind a channel's etag (runtime/channels/channel.h),
// so that the report's etags can be checked with `sha256sum` on the host.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

namespace zvm::validator {

class Sha256 {
  public:
    // `allow_sha_extensions` false: the portable code even where SHA-NI exists (for tests).
    explicit Sha256(bool allow_sha_extensions = true);
    // Adds bytes to the message.
    void update(std::span<const uint8_t> data);
    // The digest of everything added so far, in lower-case hex (64 characters). The state
    // is not changed: more bytes may follow.
    std::string hex() const;

    // Whether this processor's SHA extensions (SHA-NI) do the compression; otherwise the
    // portable code. Both give the same digests (tests/validator/sha256_test.cpp).
    static bool uses_sha_extensions();

  private:
    void compress(const uint8_t* blocks, size_t count); // `count` 64-byte blocks

    std::array<uint32_t, 8> h_;
    std::array<uint8_t, 64> buffer_{};
    size_t buffered_ = 0; // bytes in buffer_
    uint64_t length_ = 0; // bytes added in all
    bool sha_ni_ = false; // compress with the SHA extensions
};

} // namespace zvm::validator
