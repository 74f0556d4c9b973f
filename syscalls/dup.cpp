// dup(fd), dup2(fd, newfd), dup3(fd, newfd, flags): another descriptor for the same
// channel. Descriptors are below runtime::kMaxFds.
#include "syscalls/handlers.h"

#include <cerrno>
#include <fcntl.h>

namespace zvm::syscalls {

int64_t sys_dup(runtime::Instance& instance, const Args& args) {
    const runtime::Channel ch = instance.channel(args.a[0]);
    if (ch == runtime::Channel::kClosed) return -EBADF;
    for (int fd = 0; fd < runtime::kMaxFds; ++fd) {
        if (instance.fds[fd] == runtime::Channel::kClosed) {
            instance.fds[fd] = ch;
            return fd;
        }
    }
    return -EMFILE;
}

int64_t sys_dup2(runtime::Instance& instance, const Args& args) {
    const runtime::Channel ch = instance.channel(args.a[0]);
    if (ch == runtime::Channel::kClosed || args.a[1] >= runtime::kMaxFds) return -EBADF;
    instance.fds[args.a[1]] = ch;
    return static_cast<int64_t>(args.a[1]);
}

int64_t sys_dup3(runtime::Instance& instance, const Args& args) {
    if (args.a[0] == args.a[1] || (args.a[2] & ~uint64_t{O_CLOEXEC}) != 0) return -EINVAL;
    return sys_dup2(instance, args);
}

} // namespace zvm::syscalls
