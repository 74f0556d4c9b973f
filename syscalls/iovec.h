// Reading a sandbox iovec array for readv/writev: each entry checked like a pointer of
// read/write (syscalls/sandbox_ptr.h).
#pragma once

#include "syscalls/sandbox_ptr.h"

#include <cerrno>
#include <climits>
#include <sys/uio.h>
#include <vector>

namespace zvm::syscalls {

// Fills *out with host iovecs for the sandbox's array at `addr`; returns 0 or -errno.
// `need` is kProtRead (writev: the runtime reads the buffers) or kProtWrite (readv).
// Empty entries are checked, then dropped: they move no bytes, and their base may be null
// (musl's stdio writes {NULL, 0}), which no host memcpy may be given.
inline int64_t load_iovecs(const runtime::Instance& instance, uint64_t addr, uint64_t count,
                           uint8_t need, std::vector<iovec>* out) {
    if (count > IOV_MAX) return -EINVAL;
    const std::byte* raw = readable(instance, addr, count * sizeof(iovec));
    if (raw == nullptr && count != 0) return -EFAULT;
    out->resize(count);
    if (count != 0) std::memcpy(out->data(), raw, count * sizeof(iovec));
    uint64_t total = 0;
    for (const iovec& v : *out) {
        const auto base = reinterpret_cast<uint64_t>(v.iov_base);
        if (v.iov_len > SSIZE_MAX - total) return -EINVAL;
        total += v.iov_len;
        if (!instance.memory->accessible(base, v.iov_len, need)) return -EFAULT;
    }
    std::erase_if(*out, [](const iovec& v) { return v.iov_len == 0; });
    return 0;
}

} // namespace zvm::syscalls
