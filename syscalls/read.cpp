// read(fd, buf, count): from an image file (straight from the archive's buffer) or a
// readable channel; a directory is -EISDIR, a write-only descriptor -EBADF.
#include "syscalls/handlers.h"
#include "syscalls/sandbox_ptr.h"

#include <cerrno>
#include <sys/uio.h>

namespace zvm::syscalls {

int64_t sys_read(runtime::Instance& instance, const Args& args) {
    runtime::OpenFile* file = instance.fds.get(args.a[0]);
    const uint64_t count = args.a[2];
    if (file == nullptr) return -EBADF;
    if (count == 0) return file->read({}, std::nullopt);
    std::byte* buf = writable(instance, args.a[1], count);
    if (buf == nullptr) return -EFAULT;
    const iovec v{buf, count};
    return file->read({&v, 1}, std::nullopt);
}

} // namespace zvm::syscalls
