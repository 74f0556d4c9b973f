// preadv(fd, iov, iovcnt, pos_l, pos_h) and preadv2(..., flags): pread64 scattered, one
// call (one "get" of a channel). On x86-64 the offset is pos_l (pos_h is ignored, as Linux
// does). preadv2 takes flags 0 only (others -EOPNOTSUPP) and offset -1 for "at the file's
// offset, moving it", like readv.
#include "syscalls/handlers.h"
#include "syscalls/iovec.h"

namespace zvm::syscalls {

int64_t sys_preadv(runtime::Instance& instance, const Args& args) {
    runtime::OpenFile* file = instance.fds.get(args.a[0]);
    if (file == nullptr) return -EBADF;
    const auto offset = static_cast<int64_t>(args.a[3]);
    if (offset < 0) return -EINVAL;
    std::vector<iovec> iov;
    if (const int64_t err = load_iovecs(instance, args.a[1], args.a[2], runtime::kProtWrite, &iov))
        return err;
    // The iovecs point at checked writable sandbox memory (host memory, same address).
    return file->read(iov, static_cast<uint64_t>(offset));
}

int64_t sys_preadv2(runtime::Instance& instance, const Args& args) {
    if (args.a[5] != 0) return -EOPNOTSUPP;
    if (static_cast<int64_t>(args.a[3]) == -1) return sys_readv(instance, args);
    return sys_preadv(instance, args);
}

} // namespace zvm::syscalls
