#include "runtime/channels/channel.h"

#include "runtime/channels/network_channel.h"
#include "runtime/text.h"

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>
#include <vector>

namespace zvm::runtime {
namespace {

// The iovecs cut to at most `limit` bytes in total.
std::vector<iovec> cut(std::span<const iovec> iov, uint64_t limit) {
    std::vector<iovec> out;
    for (const iovec& v : iov) {
        if (limit == 0) break;
        const uint64_t n = std::min<uint64_t>(v.iov_len, limit);
        out.push_back({v.iov_base, n});
        limit -= n;
    }
    return out;
}

uint64_t total(std::span<const iovec> iov) {
    uint64_t n = 0;
    for (const iovec& v : iov)
        n += v.iov_len;
    return n;
}

} // namespace

std::unique_ptr<Channel> Channel::open(const ChannelSpec& spec, std::string* error,
                                       bool* not_found) {
    *not_found = false;
    if (is_network_uri(spec.uri)) return open_network_channel(spec, error);
    static const char* const kStdio[3] = {"/dev/stdin", "/dev/stdout", "/dev/stderr"};
    for (int fd = 0; fd < 3; ++fd) {
        if (spec.uri == kStdio[fd]) {
            if ((fd == 0 && spec.writable()) || (fd != 0 && spec.readable())) {
                *error = "channel '" + spec.uri + "': the limits allow " +
                         (fd == 0 ? "writing to stdin" : "reading from " + spec.uri.substr(5));
                return nullptr;
            }
            return std::unique_ptr<Channel>(new Channel(spec, fd, false));
        }
    }
    int flags = O_CLOEXEC | O_NOCTTY;
    if (spec.readable() && spec.writable()) {
        flags |= O_RDWR | O_CREAT;
    } else if (spec.writable()) {
        flags |= O_WRONLY | O_CREAT | (spec.random_write() ? 0 : O_TRUNC);
    } else {
        flags |= O_RDONLY;
    }
    const int fd = ::open(spec.uri.c_str(), flags, 0644);
    if (fd < 0) {
        *error = "channel '" + spec.uri + "': cannot open: " + std::strerror(errno);
        *not_found = true;
        return nullptr;
    }
    struct stat st {};
    if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        *error = "channel '" + spec.uri + "': is a directory";
        *not_found = true;
        ::close(fd);
        return nullptr;
    }
    return std::unique_ptr<Channel>(new Channel(spec, fd, true));
}

std::unique_ptr<Channel> Channel::host_stdio(int fd) {
    static const char* const kNames[3] = {"/dev/stdin", "/dev/stdout", "/dev/stderr"};
    ChannelSpec spec;
    spec.uri = spec.alias = kNames[fd];
    spec.type = ChannelType::kSequential;
    if (fd == 0) {
        spec.gets = spec.getsize = kUnlimited;
    } else {
        spec.puts = spec.putsize = kUnlimited;
    }
    return std::unique_ptr<Channel>(new Channel(std::move(spec), fd, false));
}

Channel::~Channel() {
    if (owned_) ::close(fd_);
}

int64_t Channel::read(std::span<const iovec> iov, std::optional<uint64_t> pos) {
    if (!readable()) return -EBADF;
    if (pos && !spec_.random_read()) return -ESPIPE;
    const uint64_t want = total(iov);
    if (want == 0) return 0;
    if (gets_ >= spec_.gets || bytes_read_ >= spec_.getsize) return -EDQUOT;
    const std::vector<iovec> v = cut(iov, spec_.getsize - bytes_read_);
    const int count = static_cast<int>(std::min<size_t>(v.size(), IOV_MAX));
    ssize_t n;
    if (pos) {
        n = ::preadv(fd_, v.data(), count, static_cast<off_t>(*pos));
    } else if (spec_.random_read()) {
        n = ::preadv(fd_, v.data(), count, static_cast<off_t>(position_));
        if (n > 0) position_ += static_cast<uint64_t>(n);
    } else {
        n = ::readv(fd_, v.data(), count);
    }
    if (n < 0) return -errno;
    ++gets_;
    bytes_read_ += static_cast<uint64_t>(n);
    return n;
}

int64_t Channel::write(std::span<const iovec> iov, std::optional<uint64_t> pos) {
    if (!writable()) return -EBADF;
    if (pos && !spec_.random_write()) return -ESPIPE;
    const uint64_t want = total(iov);
    if (want == 0) return 0;
    if (puts_ >= spec_.puts || bytes_written_ >= spec_.putsize) return -EDQUOT;
    const std::vector<iovec> v = cut(iov, spec_.putsize - bytes_written_);
    const int count = static_cast<int>(std::min<size_t>(v.size(), IOV_MAX));
    ssize_t n;
    if (pos) {
        n = ::pwritev(fd_, v.data(), count, static_cast<off_t>(*pos));
    } else if (spec_.random_write()) {
        n = ::pwritev(fd_, v.data(), count, static_cast<off_t>(position_));
        if (n > 0) position_ += static_cast<uint64_t>(n);
    } else {
        n = ::writev(fd_, v.data(), count);
    }
    if (n < 0) return -errno;
    ++puts_;
    bytes_written_ += static_cast<uint64_t>(n);
    return n;
}

int64_t Channel::seek(int64_t offset, int whence) {
    if (!spec_.random_read() && !spec_.random_write()) return -ESPIPE;
    int64_t base;
    switch (whence) {
    case SEEK_SET:
        base = 0;
        break;
    case SEEK_CUR:
        base = static_cast<int64_t>(position_);
        break;
    case SEEK_END: {
        struct stat st {};
        if (fstat(fd_, &st) != 0) return -errno;
        base = st.st_size;
        break;
    }
    default:
        return -EINVAL;
    }
    if ((offset > 0 && base > INT64_MAX - offset) || base + offset < 0) return -EINVAL;
    position_ = static_cast<uint64_t>(base + offset);
    return static_cast<int64_t>(position_);
}

bool Channel::host_stat(struct stat* st) const {
    return fstat(fd_, st) == 0;
}

} // namespace zvm::runtime
