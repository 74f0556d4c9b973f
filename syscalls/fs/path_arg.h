// Path arguments of the file calls: a NUL-terminated string in sandbox memory, copied out
// page by page so that only readable bytes are touched (syscalls/sandbox_ptr.h).
#pragma once

#include "runtime/image/image_fs.h"
#include "syscalls/sandbox_ptr.h"

#include <cerrno>
#include <cstring>
#include <string>

namespace zvm::syscalls {

// Copies the path at `addr` into *out: -EFAULT when a byte before its NUL is not readable,
// -ENAMETOOLONG when there is no NUL within PATH_MAX bytes.
inline int64_t read_path(const runtime::Instance& instance, uint64_t addr, std::string* out) {
    out->clear();
    uint64_t at = addr;
    while (out->size() < runtime::image::kPathMax) {
        const uint64_t chunk =
            std::min<uint64_t>(runtime::kPageSize - (at & (runtime::kPageSize - 1)),
                               runtime::image::kPathMax - out->size());
        const std::byte* p = readable(instance, at, chunk);
        if (p == nullptr) return -EFAULT;
        // The checked bytes are the path's chars.
        const char* text = reinterpret_cast<const char*>(p);
        const size_t len = strnlen(text, chunk);
        out->append(text, len);
        if (len < chunk) return 0;
        at += chunk;
    }
    return -ENAMETOOLONG;
}

} // namespace zvm::syscalls
