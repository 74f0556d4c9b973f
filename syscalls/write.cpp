// write(fd, buf, count): to a writable channel (stdout and stderr by default); image files
// are only ever open read-only, so -EBADF, like any read-only descriptor.
#include "syscalls/handlers.h"
#include "syscalls/sandbox_ptr.h"

#include <cerrno>
#include <fcntl.h>
#include <sys/uio.h>

namespace zvm::syscalls {

int64_t sys_write(runtime::Instance& instance, const Args& args) {
    runtime::OpenFile* file = instance.fds.get(args.a[0]);
    const uint64_t count = args.a[2];
    if (file == nullptr || (file->flags & O_ACCMODE) == O_RDONLY) return -EBADF;
    if (count == 0) return 0;
    const std::byte* buf = readable(instance, args.a[1], count);
    if (buf == nullptr) return -EFAULT;
    // writev's iovec takes a non-const pointer; the channel only reads through it.
    const iovec v{const_cast<std::byte*>(buf), count};
    return file->write({&v, 1}, std::nullopt);
}

} // namespace zvm::syscalls
