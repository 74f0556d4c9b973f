// fcntl(fd, cmd, arg): F_GETFD/F_SETFD/F_GETFL/F_SETFL/F_DUPFD(_CLOEXEC) on the sandbox's
// descriptors; flags are accepted and not kept (no exec, no non-blocking channels yet).
#include "syscalls/handlers.h"

#include <cerrno>
#include <fcntl.h>

namespace zvm::syscalls {

int64_t sys_fcntl(runtime::Instance& instance, const Args& args) {
    const runtime::Channel ch = instance.channel(args.a[0]);
    if (ch == runtime::Channel::kClosed) return -EBADF;
    switch (args.a[1]) {
    case F_GETFD:
    case F_SETFD:
    case F_SETFL:
        return 0;
    case F_GETFL:
        return ch == runtime::Channel::kStdin ? O_RDONLY : O_WRONLY;
    case F_DUPFD:
    case F_DUPFD_CLOEXEC:
        for (uint64_t fd = args.a[2]; fd < runtime::kMaxFds; ++fd) {
            if (instance.fds[fd] == runtime::Channel::kClosed) {
                instance.fds[fd] = ch;
                return static_cast<int64_t>(fd);
            }
        }
        return -EMFILE;
    default:
        return -EINVAL;
    }
}

} // namespace zvm::syscalls
