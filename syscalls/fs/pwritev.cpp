// pwritev(fd, iov, iovcnt, pos_l, pos_h) and pwritev2(..., flags): pwrite64 gathered, one
// call (one "put" of a channel): random-write channels only; sequential channels -ESPIPE,
// read-only descriptors (every image file) -EBADF. The offset is pos_l, as for preadv.
// pwritev2 takes flags 0 only (others -EOPNOTSUPP) and offset -1 for writev.
#include "syscalls/handlers.h"
#include "syscalls/iovec.h"

#include <fcntl.h>

namespace zvm::syscalls {

int64_t sys_pwritev(runtime::Instance& instance, const Args& args) {
    runtime::OpenFile* file = instance.fds.get(args.a[0]);
    if (file == nullptr || (file->flags & O_ACCMODE) == O_RDONLY) return -EBADF;
    const auto offset = static_cast<int64_t>(args.a[3]);
    if (offset < 0) return -EINVAL;
    std::vector<iovec> iov;
    if (const int64_t err = load_iovecs(instance, args.a[1], args.a[2], runtime::kProtRead, &iov))
        return err;
    // The iovecs point at checked sandbox memory, which is host memory at the same address.
    return file->write(iov, static_cast<uint64_t>(offset));
}

int64_t sys_pwritev2(runtime::Instance& instance, const Args& args) {
    if (args.a[5] != 0) return -EOPNOTSUPP;
    if (static_cast<int64_t>(args.a[3]) == -1) return sys_writev(instance, args);
    return sys_pwritev(instance, args);
}

} // namespace zvm::syscalls
