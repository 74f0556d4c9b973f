// fcntl(fd, cmd, arg): F_GETFD/F_SETFD (FD_CLOEXEC, kept; there is no exec),
// F_GETFL/F_SETFL (O_APPEND and O_NONBLOCK kept, without effect), F_DUPFD(_CLOEXEC).
#include "syscalls/handlers.h"

#include <cerrno>
#include <fcntl.h>

namespace zvm::syscalls {

int64_t sys_fcntl(runtime::Instance& instance, const Args& args) {
    const uint64_t fd = args.a[0];
    runtime::OpenFile* file = instance.fds.get(fd);
    if (file == nullptr) return -EBADF;
    constexpr int kSettable = O_APPEND | O_NONBLOCK;
    switch (args.a[1]) {
    case F_GETFD:
        return instance.fds.cloexec(fd) ? FD_CLOEXEC : 0;
    case F_SETFD:
        instance.fds.set_cloexec(fd, (args.a[2] & FD_CLOEXEC) != 0);
        return 0;
    case F_GETFL:
        return file->flags;
    case F_SETFL:
        file->flags = (file->flags & ~kSettable) | (static_cast<int>(args.a[2]) & kSettable);
        return 0;
    case F_DUPFD:
    case F_DUPFD_CLOEXEC:
        if (args.a[2] >= runtime::kMaxFds) return -EINVAL;
        return instance.fds.allocate(instance.fds.share(fd), args.a[2],
                                     args.a[1] == F_DUPFD_CLOEXEC);
    default:
        return -EINVAL;
    }
}

} // namespace zvm::syscalls
