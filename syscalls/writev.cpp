// writev(fd, iov, iovcnt): like write, gathered; one call (one "put" of a channel).
#include "syscalls/handlers.h"
#include "syscalls/iovec.h"

#include <fcntl.h>

namespace zvm::syscalls {

int64_t sys_writev(runtime::Instance& instance, const Args& args) {
    runtime::OpenFile* file = instance.fds.get(args.a[0]);
    if (file == nullptr || (file->flags & O_ACCMODE) == O_RDONLY) return -EBADF;
    std::vector<iovec> iov;
    if (const int64_t err = load_iovecs(instance, args.a[1], args.a[2], runtime::kProtRead, &iov))
        return err;
    // The iovecs point at checked sandbox memory, which is host memory at the same address.
    return file->write(iov, std::nullopt);
}

} // namespace zvm::syscalls
