#include "runtime/channels/file_channel.h"

#include <cerrno>
#include <climits>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace zvm::runtime {

std::unique_ptr<Channel> FileChannel::open(const ChannelSpec& spec, std::string* error,
                                           bool* not_found) {
    *not_found = false;
    static const char* const kStdio[3] = {"/dev/stdin", "/dev/stdout", "/dev/stderr"};
    for (int fd = 0; fd < 3; ++fd) {
        if (spec.uri == kStdio[fd]) {
            if ((fd == 0 && spec.writable()) || (fd != 0 && spec.readable())) {
                *error = "channel '" + spec.uri + "': the limits allow " +
                         (fd == 0 ? "writing to stdin" : "reading from " + spec.uri.substr(5));
                return nullptr;
            }
            return std::unique_ptr<Channel>(new FileChannel(spec, fd, false));
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
    return std::unique_ptr<Channel>(new FileChannel(spec, fd, true));
}

std::unique_ptr<Channel> FileChannel::host_stdio(int fd) {
    return std::unique_ptr<Channel>(new FileChannel(stdio_channel_spec(fd), fd, false));
}

std::unique_ptr<Channel> FileChannel::adopt(ChannelSpec spec, int fd) {
    return std::unique_ptr<Channel>(new FileChannel(std::move(spec), fd, true));
}

FileChannel::~FileChannel() {
    if (owned_) ::close(fd_);
}

int64_t FileChannel::read_some(std::span<const iovec> iov, std::optional<uint64_t> pos) {
    const int count = static_cast<int>(iov.size());
    ssize_t n;
    if (pos) {
        n = ::preadv(fd_, iov.data(), count, static_cast<off_t>(*pos));
    } else if (spec().random_read()) {
        n = ::preadv(fd_, iov.data(), count, static_cast<off_t>(position_));
        if (n > 0) position_ += static_cast<uint64_t>(n);
    } else {
        n = ::readv(fd_, iov.data(), count);
    }
    return n < 0 ? -errno : n;
}

int64_t FileChannel::write_some(std::span<const iovec> iov, std::optional<uint64_t> pos) {
    const int count = static_cast<int>(iov.size());
    ssize_t n;
    if (pos) {
        n = ::pwritev(fd_, iov.data(), count, static_cast<off_t>(*pos));
    } else if (spec().random_write()) {
        n = ::pwritev(fd_, iov.data(), count, static_cast<off_t>(position_));
        if (n > 0) position_ += static_cast<uint64_t>(n);
    } else {
        n = ::writev(fd_, iov.data(), count);
    }
    return n < 0 ? -errno : n;
}

int64_t FileChannel::seek(int64_t offset, int whence) {
    if (!spec().random_read() && !spec().random_write()) return -ESPIPE;
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

bool FileChannel::host_stat(struct stat* st) const {
    return fstat(fd_, st) == 0;
}

} // namespace zvm::runtime
