// readv(fd, iov, iovcnt): like read, scattered; one call (one "get" of a channel).
#include "syscalls/handlers.h"
#include "syscalls/iovec.h"

namespace zvm::syscalls {

int64_t sys_readv(runtime::Instance& instance, const Args& args) {
    runtime::OpenFile* file = instance.fds.get(args.a[0]);
    if (file == nullptr) return -EBADF;
    std::vector<iovec> iov;
    if (const int64_t err = load_iovecs(instance, args.a[1], args.a[2], runtime::kProtWrite, &iov))
        return err;
    // The iovecs point at checked writable sandbox memory (host memory, same address).
    return file->read(iov, std::nullopt);
}

} // namespace zvm::syscalls
