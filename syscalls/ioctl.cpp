// ioctl(fd, request, arg): channels are not terminals and image files take no requests, so
// every request on an open descriptor is -ENOTTY (musl's stdio asks TIOCGWINSZ to choose
// line buffering).
#include "syscalls/handlers.h"

#include <cerrno>

namespace zvm::syscalls {

int64_t sys_ioctl(runtime::Instance& instance, const Args& args) {
    if (instance.fds.get(args.a[0]) == nullptr) return -EBADF;
    return -ENOTTY;
}

} // namespace zvm::syscalls
