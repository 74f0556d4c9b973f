#include "runtime/fd_table.h"

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <fcntl.h>

namespace zvm::runtime {

int64_t OpenFile::read(std::span<const iovec> iov, std::optional<uint64_t> pos) {
    if ((flags & O_ACCMODE) == O_WRONLY) return -EBADF;
    switch (kind) {
    case Kind::kDirectory:
        return -EISDIR;
    case Kind::kChannel:
        return channel->read(iov, pos);
    case Kind::kFile:
        break;
    }
    // Served straight from the archive's buffer: the only copy is into the sandbox.
    const std::span<const uint8_t> data = node->data;
    uint64_t at = pos.value_or(offset);
    uint64_t done = 0;
    for (const iovec& v : iov) {
        if (at >= data.size()) break;
        const uint64_t n = std::min<uint64_t>(v.iov_len, data.size() - at);
        std::memcpy(v.iov_base, data.data() + at, n);
        at += n;
        done += n;
        if (done >= SSIZE_MAX) break;
    }
    if (!pos) offset = at;
    return static_cast<int64_t>(done);
}

int64_t OpenFile::write(std::span<const iovec> iov, std::optional<uint64_t> pos) {
    if (kind != Kind::kChannel || (flags & O_ACCMODE) == O_RDONLY) return -EBADF;
    return channel->write(iov, pos);
}

int64_t OpenFile::seek(int64_t off, int whence) {
    if (kind == Kind::kChannel) return channel->seek(off, whence);
    int64_t base;
    const auto size = static_cast<int64_t>(node->data.size());
    switch (whence) {
    case SEEK_SET:
        base = 0;
        break;
    case SEEK_CUR:
        base = static_cast<int64_t>(offset);
        break;
    case SEEK_END:
        if (kind == Kind::kDirectory) return -EINVAL;
        base = size;
        break;
    case SEEK_DATA:
    case SEEK_HOLE:
        // No holes: data everywhere below the size, the one hole at the end.
        if (kind == Kind::kDirectory) return -EINVAL;
        if (off < 0 || off >= size) return -ENXIO;
        offset = static_cast<uint64_t>(whence == SEEK_DATA ? off : size);
        return static_cast<int64_t>(offset);
    default:
        return -EINVAL;
    }
    if ((off > 0 && base > INT64_MAX - off) || base + off < 0) return -EINVAL;
    offset = static_cast<uint64_t>(base + off);
    return static_cast<int64_t>(offset);
}

int FdTable::allocate(std::shared_ptr<OpenFile> file, uint64_t lowest, bool cloexec) {
    for (uint64_t fd = lowest; fd < kMaxFds; ++fd) {
        if (!slots_[fd].file) {
            slots_[fd] = Slot{std::move(file), cloexec};
            return static_cast<int>(fd);
        }
    }
    return -EMFILE;
}

int FdTable::install(uint64_t fd, std::shared_ptr<OpenFile> file, bool cloexec) {
    if (fd >= kMaxFds) return -EBADF;
    slots_[fd] = Slot{std::move(file), cloexec};
    return static_cast<int>(fd);
}

bool FdTable::full() const {
    return std::all_of(slots_.begin(), slots_.end(),
                       [](const Slot& s) { return s.file != nullptr; });
}

int FdTable::close(uint64_t fd) {
    if (fd >= kMaxFds || !slots_[fd].file) return -EBADF;
    slots_[fd] = Slot{};
    return 0;
}

} // namespace zvm::runtime
