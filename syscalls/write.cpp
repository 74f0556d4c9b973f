// write(fd, buf, count): fds 1 and 2 go to the host's stdout and stderr.
#include "syscalls/handlers.h"
#include "syscalls/sandbox_ptr.h"

#include <cerrno>
#include <unistd.h>

namespace zvm::syscalls {

int64_t sys_write(runtime::Instance& instance, const Args& args) {
    const uint64_t fd = args.a[0];
    const uint64_t addr = args.a[1];
    const uint64_t count = args.a[2];
    if (fd != 1 && fd != 2) return -EBADF;
    if (count == 0) return 0;
    const std::byte* buf = readable(instance, addr, count);
    if (buf == nullptr) return -EFAULT;
    const ssize_t n = ::write(static_cast<int>(fd), buf, count);
    return n < 0 ? -errno : n;
}

} // namespace zvm::syscalls
