#include "runtime/file_read.h"

#include "runtime/text.h"

#include <algorithm>
#include <cerrno>
#include <cinttypes>
#include <cstring>
#include <unistd.h>

namespace zvm::runtime {

bool pread_exactly(int fd, uint64_t offset, uint8_t* to, size_t length, std::string* error) {
    size_t done = 0;
    while (done < length) {
        const ssize_t n = ::pread(fd, to + done, length - done, static_cast<off_t>(offset + done));
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            *error = std::strerror(errno);
            return false;
        }
        if (n == 0) {
            *error = strprintf("the file ends before byte %" PRIu64, offset + length);
            return false;
        }
        done += static_cast<size_t>(n);
    }
    return true;
}

bool read_up_to(int fd, size_t limit, std::string* out, std::string* error) {
    out->clear();
    char buf[1 << 14];
    while (out->size() < limit) {
        const ssize_t n = ::read(fd, buf, std::min(sizeof buf, limit - out->size()));
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            *error = std::strerror(errno);
            return false;
        }
        if (n == 0) break;
        out->append(buf, static_cast<size_t>(n));
    }
    return true;
}

} // namespace zvm::runtime
