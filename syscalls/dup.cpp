// dup(fd), dup2(fd, newfd), dup3(fd, newfd, flags): another descriptor for the same open
// file (sharing its offset). Descriptors are below runtime::kMaxFds.
#include "syscalls/handlers.h"

#include <cerrno>
#include <fcntl.h>

namespace zvm::syscalls {

int64_t sys_dup(runtime::Instance& instance, const Args& args) {
    auto file = instance.fds.share(args.a[0]);
    if (!file) return -EBADF;
    return instance.fds.allocate(std::move(file));
}

int64_t sys_dup2(runtime::Instance& instance, const Args& args) {
    auto file = instance.fds.share(args.a[0]);
    if (!file || args.a[1] >= runtime::kMaxFds) return -EBADF;
    if (args.a[0] == args.a[1]) return static_cast<int64_t>(args.a[1]);
    return instance.fds.install(args.a[1], std::move(file), false);
}

int64_t sys_dup3(runtime::Instance& instance, const Args& args) {
    if (args.a[0] == args.a[1] || (args.a[2] & ~uint64_t{O_CLOEXEC}) != 0) return -EINVAL;
    auto file = instance.fds.share(args.a[0]);
    if (!file || args.a[1] >= runtime::kMaxFds) return -EBADF;
    return instance.fds.install(args.a[1], std::move(file), (args.a[2] & O_CLOEXEC) != 0);
}

} // namespace zvm::syscalls
