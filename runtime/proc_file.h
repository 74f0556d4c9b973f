// Reading a file whose size is not known in advance (/proc and binfmt_misc files report 0).
#pragma once

#include <cerrno>
#include <fcntl.h>
#include <string>
#include <unistd.h>

namespace zvm::runtime {

// Appends the whole of `path` to *out; false with *err (an errno) if it cannot be opened
// or read.
inline bool read_whole_file(const char* path, std::string* out, int* err) {
    const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        *err = errno;
        return false;
    }
    char buf[4096];
    ssize_t n;
    while ((n = ::read(fd, buf, sizeof buf)) > 0)
        out->append(buf, static_cast<size_t>(n));
    *err = n < 0 ? errno : 0;
    ::close(fd);
    return n == 0;
}

} // namespace zvm::runtime
