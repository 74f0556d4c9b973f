// writev(fd, iov, iovcnt): like write, gathered.
#include "syscalls/handlers.h"
#include "syscalls/iovec.h"

#include <unistd.h>

namespace zvm::syscalls {

int64_t sys_writev(runtime::Instance& instance, const Args& args) {
    const runtime::Channel ch = instance.channel(args.a[0]);
    if (ch != runtime::Channel::kStdout && ch != runtime::Channel::kStderr) return -EBADF;
    std::vector<iovec> iov;
    if (const int64_t err = load_iovecs(instance, args.a[1], args.a[2], runtime::kProtRead, &iov))
        return err;
    // The iovecs point at checked sandbox memory, which is host memory at the same address.
    const ssize_t n = ::writev(static_cast<int>(ch), iov.data(), static_cast<int>(iov.size()));
    return n < 0 ? -errno : n;
}

} // namespace zvm::syscalls
