// SHA-256 (FIPS 180-4), streaming: the digest behind a channel's etag (runtime/channels/
// channel.h), so that the report's etags can be checked with `sha256sum` on the host.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

namespace zvm::runtime {

class Sha256 {
  public:
    Sha256();
    // Adds bytes to the message.
    void update(std::span<const uint8_t> data);
    // The digest of everything added so far, in lower-case hex (64 characters). The state
    // is not changed: more bytes may follow.
    std::string hex() const;

  private:
    void compress(const uint8_t* block);

    std::array<uint32_t, 8> h_;
    std::array<uint8_t, 64> buffer_{};
    size_t buffered_ = 0; // bytes in buffer_
    uint64_t length_ = 0; // bytes added in all
};

} // namespace zvm::runtime
