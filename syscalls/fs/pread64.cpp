// pread64(fd, buf, count, offset): read at an offset without moving the file's; image
// files and random-read channels (type 1 and 3); sequential channels -ESPIPE.
#include "syscalls/handlers.h"
#include "syscalls/sandbox_ptr.h"

#include <cerrno>
#include <sys/uio.h>

namespace zvm::syscalls {

int64_t sys_pread64(runtime::Instance& instance, const Args& args) {
    runtime::OpenFile* file = instance.fds.get(args.a[0]);
    const uint64_t count = args.a[2];
    if (file == nullptr) return -EBADF;
    if (static_cast<int64_t>(args.a[3]) < 0) return -EINVAL;
    if (count == 0) return file->read({}, args.a[3]);
    std::byte* buf = writable(instance, args.a[1], count);
    if (buf == nullptr) return -EFAULT;
    const iovec v{buf, count};
    return file->read({&v, 1}, args.a[3]);
}

} // namespace zvm::syscalls
