#include "runtime/serve/memory_channel.h"

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace zvm::runtime::serve {

std::unique_ptr<Channel> MemoryChannel::input(const std::string* input) {
    return std::unique_ptr<Channel>(new MemoryChannel(stdio_channel_spec(0), input, nullptr));
}

std::unique_ptr<Channel> MemoryChannel::output(int fd, std::string* sink) {
    return std::unique_ptr<Channel>(new MemoryChannel(stdio_channel_spec(fd), nullptr, sink));
}

int64_t MemoryChannel::seek(int64_t, int) {
    return -ESPIPE;
}

bool MemoryChannel::host_stat(struct stat*) const {
    return false;
}

int64_t MemoryChannel::read_some(std::span<const iovec> iov, std::optional<uint64_t>) {
    if (input_ == nullptr) return -EBADF;
    int64_t done = 0;
    for (const iovec& v : iov) {
        const size_t n = std::min(v.iov_len, input_->size() - position_);
        std::memcpy(v.iov_base, input_->data() + position_, n);
        position_ += n;
        done += static_cast<int64_t>(n);
        if (n < v.iov_len) break;
    }
    return done;
}

int64_t MemoryChannel::write_some(std::span<const iovec> iov, std::optional<uint64_t>) {
    if (sink_ == nullptr) return -EBADF;
    int64_t done = 0;
    for (const iovec& v : iov) {
        sink_->append(static_cast<const char*>(v.iov_base), v.iov_len);
        done += static_cast<int64_t>(v.iov_len);
    }
    return done;
}

} // namespace zvm::runtime::serve
