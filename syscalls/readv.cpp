// readv(fd, iov, iovcnt): like read, scattered.
#include "syscalls/handlers.h"
#include "syscalls/iovec.h"

#include <unistd.h>

namespace zvm::syscalls {

int64_t sys_readv(runtime::Instance& instance, const Args& args) {
    if (instance.channel(args.a[0]) != runtime::Channel::kStdin) return -EBADF;
    std::vector<iovec> iov;
    if (const int64_t err = load_iovecs(instance, args.a[1], args.a[2], runtime::kProtWrite, &iov))
        return err;
    // The iovecs point at checked writable sandbox memory (host memory, same address).
    const ssize_t n = ::readv(STDIN_FILENO, iov.data(), static_cast<int>(iov.size()));
    return n < 0 ? -errno : n;
}

} // namespace zvm::syscalls
