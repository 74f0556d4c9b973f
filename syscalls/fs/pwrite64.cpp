// pwrite64(fd, buf, count, offset): write at an offset, to random-write channels (type 2
// and 3); sequential channels -ESPIPE, read-only descriptors (every image file) -EBADF.
#include "syscalls/handlers.h"
#include "syscalls/sandbox_ptr.h"

#include <cerrno>
#include <fcntl.h>
#include <sys/uio.h>

namespace zvm::syscalls {

int64_t sys_pwrite64(runtime::Instance& instance, const Args& args) {
    runtime::OpenFile* file = instance.fds.get(args.a[0]);
    const uint64_t count = args.a[2];
    if (file == nullptr || (file->flags & O_ACCMODE) == O_RDONLY) return -EBADF;
    if (static_cast<int64_t>(args.a[3]) < 0) return -EINVAL;
    if (count == 0) return file->write({}, args.a[3]);
    const std::byte* buf = readable(instance, args.a[1], count);
    if (buf == nullptr) return -EFAULT;
    // pwritev's iovec takes a non-const pointer; the channel only reads through it.
    const iovec v{const_cast<std::byte*>(buf), count};
    return file->write({&v, 1}, args.a[3]);
}

} // namespace zvm::syscalls
